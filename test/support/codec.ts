/** Small helpers shared by the codec tests. */
import { OfpDecodeError, OfpEncodeError } from '../../src/ofp/errors';

/** Bytes from hex text with any whitespace. */
export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function thrown<E extends Error>(fn: () => unknown, type: new (...args: never[]) => E): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected an ${type.name}, but the call returned`);
}

/** Runs `fn` and returns the OfpDecodeError it throws (anything else fails the test). */
export const decodeError = (fn: () => unknown): OfpDecodeError => thrown(fn, OfpDecodeError);

/** Runs `fn` and returns the OfpEncodeError it throws (anything else fails the test). */
export const encodeError = (fn: () => unknown): OfpEncodeError => thrown(fn, OfpEncodeError);
