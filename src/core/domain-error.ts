/**
 * Errors that services raise and the REST layer maps to HTTP statuses (src/rest/errors.ts).
 * Services never throw HTTP errors; they name what went wrong with a stable code.
 */
export type DomainErrorCode =
  | 'NOT_FOUND' // no such route or resource
  | 'SWITCH_NOT_FOUND'
  | 'INTERFACE_NOT_FOUND'
  | 'LINK_NOT_FOUND'
  | 'METADATA_NOT_FOUND'
  | 'BAD_REQUEST' // a request that fails validation
  | 'INVALID_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CONFLICT';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    /** Kytos puts a string, a list or an object here; so may we. */
    readonly description: string | readonly string[] | Readonly<Record<string, unknown>>,
  ) {
    super(typeof description === 'string' ? description : JSON.stringify(description));
  }
}
