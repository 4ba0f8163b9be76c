/** The path of a project's public page in a city: what notices about the project (its own, a proposal or a budget project it became, a progress report) link to. */
export const projectPath = (citySlug: string, code: string): string => `/${citySlug}/projects/${encodeURIComponent(code)}`;
