/**
 * Stream framing: TCP chunks in, whole OpenFlow messages out (OF1.3.5 7.1 "OpenFlow Header").
 * It reads only ofp_header.version and .length; message bodies are the decoder's business.
 */
import { OfpDecodeError } from './errors';
import { OFPT, OFP_HEADER_SIZE, OFP_VERSION } from './constants';

export class Framer {
  private pending: Buffer = Buffer.alloc(0);
  /** Stream offset of `pending[0]`, for error offsets. */
  private consumed = 0;
  private failed: OfpDecodeError | undefined;

  /**
   * Feeds a chunk; returns the complete frames it finished (views of the chunk where possible).
   * Throws OfpDecodeError (with the stream offset) on a length below 8 or a non-1.3 version on
   * anything but HELLO/ERROR; after that the stream is unusable and every push throws again.
   */
  push(chunk: Buffer): Buffer[] {
    if (this.failed) throw this.failed;
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    let pos = 0;
    while (buf.length - pos >= 4) {
      const version = buf[pos] as number;
      const type = buf[pos + 1] as number;
      const length = buf.readUInt16BE(pos + 2);
      if (length < OFP_HEADER_SIZE) return this.fail(new OfpDecodeError('BAD_LENGTH', this.consumed + pos + 2, `ofp_header.length ${length}`));
      if (version !== OFP_VERSION && type !== OFPT.hello && type !== OFPT.error) {
        return this.fail(new OfpDecodeError('BAD_VERSION', this.consumed + pos, `version ${version}`));
      }
      if (buf.length - pos < length) break;
      out.push(buf.subarray(pos, pos + length));
      pos += length;
    }
    this.consumed += pos;
    // Keep the partial tail as a copy, so a retained chunk is not pinned by a few bytes.
    this.pending = pos === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    return out;
  }

  /** Bytes received but not yet part of a whole frame. */
  get buffered(): number {
    return this.pending.length;
  }

  private fail(e: OfpDecodeError): never {
    this.failed = e;
    throw e;
  }
}
