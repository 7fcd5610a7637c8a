/**
 * Stream framing: TCP chunks in, whole OpenFlow messages out (OF1.3.5 7.1 "OpenFlow Header").
 * It reads only ofp_header.version and .length; message bodies are the decoder's business.
 */
import { OfpDecodeError } from './errors';
import { OFPT, OFP_HEADER_SIZE, OFP_VERSION } from './constants';

/** Bytes of ofp_header the framer needs: version, type and length. */
const PREFIX = 4;

export class Framer {
  /** A frame being assembled across chunks: allocated once at its final length. */
  private partial: Buffer | undefined;
  private filled = 0;
  /** Fewer than PREFIX bytes of the next header, when a chunk ended inside it. */
  private stub: Buffer = Buffer.alloc(0);
  /** Stream offset of the first byte not yet handed out, for error offsets. */
  private consumed = 0;
  private failed: OfpDecodeError | undefined;

  /**
   * Feeds a chunk; returns the frames it completed (views of the chunk where a frame lies wholly
   * inside it). Each byte is copied at most once, so a peer sending one byte at a time costs
   * linear work. Throws OfpDecodeError (with the stream offset) on a length below 8, or on a
   * version other than 1.3 for anything but HELLO/ERROR; after that every push throws again.
   * Frames completed earlier in the same chunk are dropped with it: the session is closing.
   */
  push(chunk: Buffer): Buffer[] {
    if (this.failed) throw this.failed;
    const out: Buffer[] = [];
    let pos = 0;
    if (this.partial) pos = this.fill(chunk, out);
    if (this.stub.length > 0) {
      // Complete the header prefix from the new chunk, then continue as if it had arrived whole.
      const need = PREFIX - this.stub.length;
      const joined = Buffer.concat([this.stub, chunk.subarray(0, need)]);
      if (joined.length < PREFIX) {
        this.stub = joined;
        return out;
      }
      this.check(joined, 0);
      const length = joined.readUInt16BE(2);
      this.partial = Buffer.allocUnsafe(length);
      joined.copy(this.partial, 0);
      this.filled = PREFIX;
      this.stub = Buffer.alloc(0);
      pos = need + this.fill(chunk.subarray(need), out);
    }
    while (!this.partial && chunk.length - pos >= PREFIX) {
      const length = this.check(chunk, pos);
      if (chunk.length - pos >= length) {
        out.push(chunk.subarray(pos, pos + length));
        this.consumed += length;
        pos += length;
      } else {
        this.partial = Buffer.allocUnsafe(length);
        this.filled = 0;
        pos += this.fill(chunk.subarray(pos), out);
      }
    }
    if (!this.partial && pos < chunk.length) this.stub = Buffer.from(chunk.subarray(pos));
    return out;
  }

  /** Bytes received but not yet part of a whole frame. */
  get buffered(): number {
    return (this.partial ? this.filled : 0) + this.stub.length;
  }

  /** Copies as much of `chunk` into the partial frame as it needs; returns the bytes taken. */
  private fill(chunk: Buffer, out: Buffer[]): number {
    const frame = this.partial as Buffer;
    const take = Math.min(frame.length - this.filled, chunk.length);
    chunk.copy(frame, this.filled, 0, take);
    this.filled += take;
    if (this.filled === frame.length) {
      out.push(frame);
      this.consumed += frame.length;
      this.partial = undefined;
      this.filled = 0;
    }
    return take;
  }

  /** Validates the header prefix at `buf[pos]` and returns ofp_header.length. */
  private check(buf: Buffer, pos: number): number {
    const version = buf[pos] as number;
    const type = buf[pos + 1] as number;
    const length = buf.readUInt16BE(pos + 2);
    if (length < OFP_HEADER_SIZE) this.fail(new OfpDecodeError('BAD_LENGTH', this.consumed + 2, `ofp_header.length ${length}`));
    if (version !== OFP_VERSION && type !== OFPT.hello && type !== OFPT.error) {
      this.fail(new OfpDecodeError('BAD_VERSION', this.consumed, `version ${version}`));
    }
    return length;
  }

  private fail(e: OfpDecodeError): never {
    this.failed = e;
    throw e;
  }
}
