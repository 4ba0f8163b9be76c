/** The size limits of docs/architecture.md (blank lines and comments not counted): a service serves one resource, a registration function registers one resource's routes. */
export const SERVICE_SIZE = { max: 300, skipBlankLines: true, skipComments: true };
export const ROUTES_FUNCTION_SIZE = { max: 80, skipBlankLines: true, skipComments: true };
