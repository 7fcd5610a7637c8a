/** The store's typed errors: a database this build cannot use, or migrations that cannot be applied. */

export type StoreErrorCode =
  | 'SCHEMA_TOO_NEW' // user_version is above the newest migration: written by a newer Isthmus
  | 'MIGRATION_FILES' // the migrations directory is unreadable, or its file names are malformed, duplicated or not contiguous
  | 'MIGRATION_FAILED' // a migration's SQL failed; its transaction was rolled back
  | 'WAL_UNAVAILABLE'; // SQLite refused journal_mode=WAL for the file

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }
}

/**
 * Pure. The message of a thrown value. Duck-typed rather than `instanceof Error`: SqliteError is
 * created by the native addon, which under jest may belong to another realm's Error.
 */
export function messageOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string') return e.message;
  return String(e);
}
