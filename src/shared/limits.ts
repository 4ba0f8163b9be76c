/**
 * Limits that the server enforces and the web app shows, in one place so they never disagree.
 * (Imported by both `src/` and `web/src/`; keep it free of Node-only imports.)
 */
export const LIMITS = {
  passwordMinLength: 10,
  passwordMaxLength: 200,
  displayNameMaxLength: 100,
  /** the longest string any request field may hold when its schema sets no maximum of its own */
  textMaxLength: 50_000,
  /** default JSON body limit; a route that needs more says so */
  bodyBytes: 1024 * 1024,
} as const;

/** Rate limits per signed-in person, or per client IP for anonymous callers; `timeWindow` in milliseconds. */
export const RATE_LIMITS = {
  login: { max: 10, timeWindow: 60_000 },
  register: { max: 10, timeWindow: 60 * 60_000 },
  passwordReset: { max: 5, timeWindow: 60 * 60_000 },
  /** the default for any other public write (submissions, comments, reports, ballot changes), per person or per IP */
  publicWrite: { max: 60, timeWindow: 60_000 },
  /** asking for a copy of one's data (a ZIP of everything): a few a day is plenty */
  dataExport: { max: 5, timeWindow: 24 * 60 * 60_000 },
} as const;
