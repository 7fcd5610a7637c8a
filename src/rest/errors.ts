/** The one place where domain error codes become HTTP statuses, and the error middleware. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError, type DomainErrorCode } from '../core/domain-error';

const STATUS: Readonly<Record<DomainErrorCode, number>> = {
  NOT_FOUND: 404,
  SWITCH_NOT_FOUND: 404,
  INTERFACE_NOT_FOUND: 404,
  LINK_NOT_FOUND: 404,
  METADATA_NOT_FOUND: 404,
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CONFLICT: 409,
};

/** Pure. HTTP status of a domain error code. */
export function statusOf(code: DomainErrorCode): number {
  return STATUS[code];
}

export interface RestLogger {
  error(obj: object, msg: string): void;
}

/** Unknown routes: 404 with a Kytos error body. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new DomainError('NOT_FOUND', `The requested URL ${req.path} was not found on this server.`));
};

/** Maps any error to Kytos's `{description, code}` body; unexpected errors are logged and become 500. */
export function errorMiddleware(log: RestLogger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let status = 500;
    let description: unknown = 'Internal server error';
    if (err instanceof DomainError) {
      status = statusOf(err.code);
      description = err.description;
    } else if (isBodyParserError(err)) {
      status = err.type === 'entity.parse.failed' ? 400 : (err.status ?? 400);
      description = err.type === 'entity.parse.failed' ? `Invalid json: ${err.message}` : err.message;
    } else {
      log.error({ err, method: req.method, path: req.path }, 'request failed');
    }
    res.status(status).json({ description, code: status });
  };
}

function isBodyParserError(e: unknown): e is { type: string; status?: number; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && 'expose' in e;
}
