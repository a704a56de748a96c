/**
 * Graph error bodies: `{"error":{"code","message","details"?,"innerError":{"date","request-id","client-request-id"}}}`.
 * Handlers throw GraphError; the server and $batch turn it into a response.
 */
export interface GraphErrorDetail {
  code: string;
  message?: string;
  target?: string;
}

export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: GraphErrorDetail[];
  readonly headers?: Record<string, string>;

  constructor(status: number, code: string, message: string, extra: { details?: GraphErrorDetail[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    if (extra.details) this.details = extra.details;
    if (extra.headers) this.headers = extra.headers;
  }
}

/** Graph's innerError date: UTC, seconds, no zone suffix ("2025-02-13T10:17:05"). */
export const graphDate = (d = new Date()): string => d.toISOString().slice(0, 19);

export function errorBody(e: GraphError, requestId: string, clientRequestId: string): Record<string, unknown> {
  return {
    error: {
      code: e.code,
      message: e.message,
      ...(e.details ? { details: e.details } : {}),
      innerError: { date: graphDate(), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}

export const notFound = (id: string): GraphError =>
  new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

export const badRequest = (message: string, details?: GraphErrorDetail[]): GraphError =>
  new GraphError(400, 'Request_BadRequest', message, details ? { details } : {});

export const segmentNotFound = (segment: string): GraphError =>
  new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

export const methodNotAllowed = (): GraphError =>
  new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');

export const unsupportedQuery = (message: string): GraphError => new GraphError(400, 'Request_UnsupportedQuery', message);

export const insufficientPrivileges = (): GraphError =>
  new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

export const conflict = (property: string): GraphError =>
  badRequest(`Another object with the same value for property ${property} already exists.`, [{ code: 'ObjectConflict', target: property }]);

export const invalidJson = (): GraphError =>
  new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
