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

/**
 * The longest text each input of the web app takes (its `maxLength`), equal to what the server's schema for
 * that field accepts, so a person is stopped while typing rather than by a 400 after sending.
 */
export const TEXT_LIMITS = {
  /** each language of a translatable text (`Multiloc`) */
  multiloc: 10_000,
  /** maturity evidence: the code or id a link points at, and a sensor's measured property */
  evidenceRef: 100,
  evidenceProperty: 40,
  meetingDocumentTitle: 200,
  reportTitle: 120,
  reportDescription: 4000,
  reportAddress: 300,
  reportName: 100,
  /** a report's public update and its internal note */
  reportUpdate: 4000,
  comment: 3000,
  proposalTitle: 150,
  proposalBody: 5000,
  /** why a comment or proposal is reported, hidden or restored */
  moderationReason: 500,
  answerShortText: 300,
  answerLongText: 5000,
  budgetProjectCode: 40,
  /** web only (the server takes any Multiloc): a round's name is a short label */
  maturityRoundName: 200,
  /** web only: the calendar's place filter is matched in the browser */
  calendarPlace: 200,
} as const;
