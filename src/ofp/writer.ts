import { OfpEncodeError } from './errors';
import { viewOf } from './view';

const U64_MAX = 0xffffffffffffffffn;
const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const SLAB_SIZE = 256 * 1024;

/** Hex digit value of a character code, or -1. */
const HEX_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[65 + i] = 10 + i;
    t[97 + i] = 10 + i;
  }
  return t;
})();

/**
 * Big-endian writer over a slab. Messages are written one after another into a large slab and
 * `finish()` hands out a view of each, so encoding costs neither a copy nor an allocation per
 * message (a new slab is taken when one fills up, as Node's own Buffer pool does).
 * Ranges are asserted on every write: a value that does not fit its field is a bug in the caller,
 * reported as OfpEncodeError, never silently truncated. `reserveU16()` / `patchU16()` fill in
 * length fields once the body is known.
 */
export class Writer {
  buf: Buffer;
  /** Start of the message being written within `buf`. */
  private base = 0;
  /** Absolute write position within `buf`. */
  private at = 0;
  private view: DataView;

  constructor(private readonly slabSize = SLAB_SIZE) {
    this.buf = Buffer.allocUnsafe(slabSize);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  /** Bytes written for the current message; offsets given to patchU16/pad8 are relative to its start. */
  get pos(): number {
    return this.at - this.base;
  }

  /** Starts a new message after the previous one. */
  reset(): void {
    this.base = this.at;
  }

  private ensure(n: number): void {
    if (this.at + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    // Move the message in progress to a fresh slab large enough for it.
    const used = this.at - this.base;
    let size = Math.max(this.slabSize, 64);
    while (size < 2 * (used + n)) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, this.base, this.at);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
    this.base = 0;
    this.at = used;
  }

  u8(v: number): void {
    if ((v & 0xff) !== v) throw new OfpEncodeError('OUT_OF_RANGE', `u8 ${v}`);
    if (this.at + 1 > this.buf.length) this.grow(1);
    this.buf[this.at++] = v;
  }

  u16(v: number): void {
    if ((v & 0xffff) !== v) throw new OfpEncodeError('OUT_OF_RANGE', `u16 ${v}`);
    if (this.at + 2 > this.buf.length) this.grow(2);
    const b = this.buf;
    const p = this.at;
    b[p] = v >>> 8;
    b[p + 1] = v;
    this.at = p + 2;
  }

  u32(v: number): void {
    if (v >>> 0 !== v) throw new OfpEncodeError('OUT_OF_RANGE', `u32 ${v}`);
    if (this.at + 4 > this.buf.length) this.grow(4);
    const b = this.buf;
    const p = this.at;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.at = p + 4;
  }

  u64(v: bigint): void {
    if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) throw new OfpEncodeError('OUT_OF_RANGE', `u64 ${String(v)}`);
    if (this.at + 8 > this.buf.length) this.grow(8);
    this.view.setBigUint64(this.at, v);
    this.at += 8;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  zeros(n: number): void {
    this.ensure(n);
    const b = this.buf;
    const end = this.at + n;
    for (let p = this.at; p < end; p++) b[p] = 0;
    this.at = end;
  }

  /** Pads with zeros so that `pos - start` is a multiple of 8 (OF1.3 "64-bit alignment" rule). */
  pad8(start: number): void {
    const rem = (this.pos - start) & 7;
    if (rem !== 0) this.zeros(8 - rem);
  }

  /** Writes a placeholder u16 and returns its offset (relative to the message) for patchU16. */
  reserveU16(): number {
    this.ensure(2);
    const at = this.pos;
    this.at += 2;
    return at;
  }

  patchU16(at: number, v: number): void {
    if ((v & 0xffff) !== v) throw new OfpEncodeError('TOO_LONG', `length ${v} does not fit a u16 field`);
    const p = this.base + at;
    this.buf[p] = v >>> 8;
    this.buf[p + 1] = v;
  }

  /** `aa:bb:cc:dd:ee:ff` (either case). */
  mac(s: string): void {
    if (typeof s !== 'string' || s.length !== 17) throw new OfpEncodeError('BAD_VALUE', `mac ${String(s)}`);
    this.ensure(6);
    for (let i = 0; i < 6; i++) {
      const hi = HEX_VALUE[s.charCodeAt(3 * i) & 0x7f] as number;
      const lo = HEX_VALUE[s.charCodeAt(3 * i + 1) & 0x7f] as number;
      const sep = i === 5 ? 58 : s.charCodeAt(3 * i + 2);
      if (hi < 0 || lo < 0 || sep !== 58 || s.charCodeAt(3 * i) > 0x7f || s.charCodeAt(3 * i + 1) > 0x7f) {
        throw new OfpEncodeError('BAD_VALUE', `mac ${s}`);
      }
      this.buf[this.at + i] = (hi << 4) | lo;
    }
    this.at += 6;
  }

  /** Dotted-quad IPv4 address. */
  ipv4(s: string): void {
    if (typeof s !== 'string') throw new OfpEncodeError('BAD_VALUE', `ipv4 ${String(s)}`);
    this.ensure(4);
    let octet = 0;
    let digits = 0;
    let k = 0;
    for (let i = 0; i <= s.length; i++) {
      const c = i === s.length ? 46 : s.charCodeAt(i);
      if (c === 46) {
        if (digits === 0 || octet > 255 || k > 3) throw new OfpEncodeError('BAD_VALUE', `ipv4 ${s}`);
        this.buf[this.at + k++] = octet;
        octet = 0;
        digits = 0;
      } else if (c >= 48 && c <= 57 && digits < 3) {
        octet = octet * 10 + (c - 48);
        digits++;
      } else {
        throw new OfpEncodeError('BAD_VALUE', `ipv4 ${s}`);
      }
    }
    if (k !== 4) throw new OfpEncodeError('BAD_VALUE', `ipv4 ${s}`);
    this.at += 4;
  }

  /** Any textual IPv6 form, including `::` compression and an embedded IPv4 tail. */
  ipv6(s: string): void {
    this.bytes(parseIpv6(s));
  }

  /** 64-bit datapath id from `00:00:00:00:00:00:00:01` (or a bare 16-digit hex string). */
  dpid(s: string): void {
    const hex = typeof s === 'string' ? s.replace(/:/g, '') : '';
    if (!/^[0-9a-fA-F]{16}$/.test(hex)) throw new OfpEncodeError('BAD_VALUE', `dpid ${String(s)}`);
    this.u64(BigInt(`0x${hex}`));
  }

  /**
   * A NUL-padded fixed-width ASCII field. The spec asks for a terminating NUL; a text that fills
   * the field exactly is still written, so that a name received without one re-encodes unchanged.
   */
  fixedString(s: string, n: number): void {
    const b = Buffer.from(s, 'latin1');
    if (b.length > n) throw new OfpEncodeError('TOO_LONG', `string of ${b.length} bytes in a ${n}-byte field`);
    this.bytes(b);
    this.zeros(n - b.length);
  }

  /** The current message as a view of the slab; the writer moves on and never writes it again. */
  finish(): Buffer {
    const out = viewOf(this.buf, this.base, this.at - this.base);
    this.base = this.at;
    return out;
  }
}

/** Pure. Parses an IPv6 address text into 16 bytes; throws OfpEncodeError when malformed. */
export function parseIpv6(s: string): Buffer {
  const bad = (): never => {
    throw new OfpEncodeError('BAD_VALUE', `ipv6 ${String(s)}`);
  };
  if (typeof s !== 'string' || s.length < 2) bad();
  let text = s;
  const tail: number[] = [];
  if (text.includes('.')) {
    // An embedded IPv4 address is the last colon-separated element (RFC 4291 §2.2 form 3).
    const cut = text.lastIndexOf(':');
    const m = IPV4_RE.exec(text.slice(cut + 1));
    if (cut < 0 || !m) return bad();
    const b = m.slice(1).map(Number);
    if (b.some((x) => x > 255)) bad();
    tail.push(((b[0] as number) << 8) | (b[1] as number), ((b[2] as number) << 8) | (b[3] as number));
    text = text.slice(0, cut + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) bad();
  const parse = (h: string): number[] =>
    h === '' ? [] : h.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : bad()));
  const head = parse(halves[0] as string);
  const back = halves.length === 2 ? parse(halves[1] as string) : [];
  const fill = 8 - head.length - back.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) bad();
  const groups = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...back, ...tail];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, 2 * i));
  return out;
}
