/** What the resources' presenters share: a time as the API writes it. */
export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
