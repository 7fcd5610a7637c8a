/**
 * An explicit success-or-failure value for validation that is expected to fail on user input
 * (REST bodies, tag ranges), so that callers branch on `ok` instead of catching exceptions.
 * Exceptions stay for programmer errors (a broken precondition).
 */

export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Pure. A success carrying `value`. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Pure. A failure carrying `error`. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
