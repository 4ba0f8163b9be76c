/**
 * NGSI-LD's own error model (ETSI GS CIM 009, clause 5.5.2 / 6.3.2): ProblemDetails whose `type` is one of
 * the spec's error URIs. The spec defines no authentication or authorisation errors, so 401/403 carry our
 * own problem types instead of pretending to be ETSI ones.
 */

export type NgsiErrorKind =
  | 'InvalidRequest'
  | 'BadRequestData'
  | 'AlreadyExists'
  | 'OperationNotSupported'
  | 'ResourceNotFound'
  | 'InternalError'
  | 'TooComplexQuery'
  | 'TooManyResults'
  | 'NotAcceptable'
  | 'NonexistentTenant'
  | 'unauthorized'
  | 'forbidden'
  | 'too_large'
  | 'rate_limited';

export interface NgsiProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

const OURS = new Set<NgsiErrorKind>(['unauthorized', 'forbidden', 'too_large', 'rate_limited']);

export class NgsiError extends Error {
  constructor(
    public readonly status: number,
    public readonly kind: NgsiErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'NgsiError';
  }
  /** so that Fastify's own error path (e.g. a body parser) answers with this status too */
  get statusCode(): number {
    return this.status;
  }
  get problem(): NgsiProblem {
    const type = OURS.has(this.kind) ? `urn:urbia:problem:${this.kind}` : `https://uri.etsi.org/ngsi-ld/errors/${this.kind}`;
    return { type, title: this.kind, status: this.status, detail: this.message };
  }
}

export const badData = (detail: string) => new NgsiError(400, 'BadRequestData', detail);
export const invalidRequest = (detail: string, status = 400) => new NgsiError(status, 'InvalidRequest', detail);
export const notFound = (detail: string) => new NgsiError(404, 'ResourceNotFound', detail);
export const alreadyExists = (detail: string) => new NgsiError(409, 'AlreadyExists', detail);
export const notSupported = (detail: string) => new NgsiError(422, 'OperationNotSupported', detail);
