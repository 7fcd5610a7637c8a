/**
 * What the fake switch answers to a modification it refuses: the OFPT_ERROR a real switch would
 * send, named by the codec's own error catalogue (OF1.3.5 7.4.4), plus a sentence for the test log.
 */
import { OFPET, OFP_ERROR_CODES } from '../../../src/ofp';

type Catalogue = typeof OFP_ERROR_CODES;
export type OfErrorType = keyof Catalogue;

/** An error type with one of its own codes, e.g. `{ type: 'BAD_MATCH', code: 'BAD_PREREQ' }`. */
export type OfError = {
  [T in OfErrorType]: { readonly type: T; readonly code: keyof Catalogue[T] & string; readonly detail: string };
}[OfErrorType];

/** The outcome of one FLOW_MOD or GROUP_MOD. */
export type ApplyResult = { readonly ok: true } | { readonly ok: false; readonly error: OfError };

export const OK: ApplyResult = { ok: true };

/** Pure. Builds a typed error; the code must belong to the type. */
export function ofError<T extends OfErrorType>(type: T, code: keyof Catalogue[T] & string, detail: string): OfError {
  return { type, code, detail } as OfError;
}

/** Pure. The failed result carrying `error`. */
export function failed(error: OfError): ApplyResult {
  return { ok: false, error };
}

/** Pure. The wire numbers of an error (ofp_error_msg type and code), as a real switch would send them. */
export function wireError(e: OfError): { readonly errType: number; readonly code: number } {
  const codes = OFP_ERROR_CODES[e.type] as Readonly<Record<string, number>>;
  const code = codes[e.code];
  if (code === undefined) throw new Error(`no code ${e.code} in ${e.type}`);
  return { errType: OFPET[e.type], code };
}

/** Throws with the switch's error when a modification was refused; for test setup that must succeed. */
export function assertApplied(r: ApplyResult | readonly ApplyResult[]): void {
  for (const x of Array.isArray(r) ? (r as readonly ApplyResult[]) : [r as ApplyResult]) {
    if (!x.ok) throw new Error(`refused: ${x.error.type}/${x.error.code}: ${x.error.detail}`);
  }
}
