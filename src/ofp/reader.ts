import { OfpDecodeError } from './errors';
import { viewOf } from './view';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Bounds-checked, zero-copy reader over `buf[offset, end)`. Every read checks the bound of this
 * reader, not the Buffer's, so a TLV's reader can never run into its neighbour. Byte strings are
 * handed out as `subarray` views. Errors carry the absolute offset into `buf`.
 */
export class Reader {
  pos: number;
  /** DataView over `buf` for 64-bit reads (V8 reads bigints through it fastest); shared with children. */
  private view: DataView | undefined;

  constructor(
    readonly buf: Buffer,
    offset = 0,
    readonly end: number = buf.length,
    view?: DataView,
  ) {
    this.pos = offset;
    this.view = view;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws TRUNCATED unless `n` more bytes are available. */
  need(n: number, what?: string): void {
    if (n < 0 || this.pos + n > this.end) throw new OfpDecodeError('TRUNCATED', this.pos, what);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }

  // Bounds are checked by need(); the bytes are then read by index, which V8 does without the
  // argument validation of Buffer.readUInt*BE.
  u16(): number {
    this.need(2);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return ((b[p] as number) << 8) | (b[p + 1] as number);
  }

  u32(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p] as number) * 0x1000000 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
  }

  u64(): bigint {
    this.need(8);
    const view = (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length));
    const v = view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** A zero-copy view of the next `n` bytes. */
  bytes(n: number): Buffer {
    this.need(n);
    const v = viewOf(this.buf, this.pos, n);
    this.pos += n;
    return v;
  }

  /** The rest of this reader as a view. */
  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  /** A child reader over the next `n` bytes; this reader moves past them. */
  sub(n: number, what?: string): Reader {
    this.need(n, what);
    const r = new Reader(this.buf, this.pos, this.pos + n, this.view);
    this.pos += n;
    return r;
  }

  /**
   * A child reader over the next `n` bytes, where `n` came from a length field at `lenAt`:
   * a length that runs past this reader is the length field's fault, so BAD_LENGTH at `lenAt`.
   */
  tlv(n: number, lenAt: number, what?: string): Reader {
    if (n > this.remaining) throw new OfpDecodeError('BAD_LENGTH', lenAt, `${what ?? 'length'} ${n} overruns its container`);
    return this.sub(n, what);
  }

  /** Ethernet address as lower-case `aa:bb:cc:dd:ee:ff`. */
  mac(): string {
    this.need(6);
    const b = this.buf;
    const p = this.pos;
    this.pos += 6;
    return `${HEX[b[p] as number]}:${HEX[b[p + 1] as number]}:${HEX[b[p + 2] as number]}:${HEX[b[p + 3] as number]}:${HEX[b[p + 4] as number]}:${HEX[b[p + 5] as number]}`;
  }

  ipv4(): string {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`;
  }

  /** IPv6 address as eight full hex groups (`2001:0db8:…`), a canonical form that round-trips. */
  ipv6(): string {
    this.need(16);
    const parts: string[] = [];
    for (let i = 0; i < 8; i++) parts.push(this.buf.readUInt16BE(this.pos + 2 * i).toString(16).padStart(4, '0'));
    this.pos += 16;
    return parts.join(':');
  }

  /** 64-bit datapath id as `00:00:00:00:00:00:00:01`. */
  dpid(): string {
    this.need(8);
    const b = this.buf;
    let s = HEX[b[this.pos] as number] as string;
    for (let i = 1; i < 8; i++) s += `:${HEX[b[this.pos + i] as number]}`;
    this.pos += 8;
    return s;
  }

  /** A fixed-width, NUL-padded ASCII field (OFP_MAX_PORT_NAME_LEN, DESC_STR_LEN, …). */
  fixedString(n: number): string {
    const v = this.bytes(n);
    const nul = v.indexOf(0);
    return v.toString('latin1', 0, nul === -1 ? n : nul);
  }
}
