/**
 * Typed codec errors. The decoder throws nothing but OfpDecodeError; the encoder throws
 * OfpEncodeError when asked to write a value that does not fit its wire field.
 */

/** Why a byte string could not be decoded. Closed set: tests assert the exact code. */
export type OfpDecodeErrorCode =
  | 'TRUNCATED' // a read would pass the end of the frame or of an enclosing TLV
  | 'BAD_LENGTH' // a length field is shorter than its header, not aligned, or overruns its container
  | 'BAD_VERSION' // ofp_header.version is not 0x04 (and the message is not a HELLO or ERROR)
  | 'BAD_VALUE' // an enumerated field holds a value the spec does not define
  | 'TRAILING_BYTES'; // bytes left over after a fixed-size body

export class OfpDecodeError extends Error {
  override readonly name = 'OfpDecodeError';
  constructor(
    readonly code: OfpDecodeErrorCode,
    readonly offset: number,
    detail?: string,
  ) {
    super(`${code} at offset ${offset}${detail ? `: ${detail}` : ''}`);
  }
}

export type OfpEncodeErrorCode = 'OUT_OF_RANGE' | 'BAD_VALUE' | 'TOO_LONG';

export class OfpEncodeError extends Error {
  override readonly name = 'OfpEncodeError';
  constructor(
    readonly code: OfpEncodeErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** Pure. Maps a wire enum value to its name, or fails with BAD_VALUE at `at`. */
export function enumName<T extends string>(names: ReadonlyMap<number, T>, v: number, at: number, what: string): T {
  const n = names.get(v);
  if (n === undefined) throw new OfpDecodeError('BAD_VALUE', at, `${what} ${v}`);
  return n;
}

/** Pure. Exhaustiveness guard for switches over closed unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(x)}`);
}
