import { OfpEncodeError } from './errors';

const MAC_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const U64_MAX = 0xffffffffffffffffn;

/**
 * Growable big-endian writer. Ranges are asserted on every write (a value that does not fit its
 * field is a bug in the caller, reported as OfpEncodeError, never silently truncated).
 * `reserveU16()` / `patchU16()` fill in length fields once the body is known.
 */
export class Writer {
  buf: Buffer;
  pos = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Rewinds for reuse; the backing store is kept. */
  reset(): void {
    this.pos = 0;
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    if (!(v >= 0 && v <= 0xff && Number.isInteger(v))) throw new OfpEncodeError('OUT_OF_RANGE', `u8 ${v}`);
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    if (!(v >= 0 && v <= 0xffff && Number.isInteger(v))) throw new OfpEncodeError('OUT_OF_RANGE', `u16 ${v}`);
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    if (!(v >= 0 && v <= 0xffffffff && Number.isInteger(v))) throw new OfpEncodeError('OUT_OF_RANGE', `u32 ${v}`);
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
  }

  u64(v: bigint): void {
    if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) throw new OfpEncodeError('OUT_OF_RANGE', `u64 ${String(v)}`);
    this.ensure(8);
    this.buf.writeBigUInt64BE(v, this.pos);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** Pads with zeros so that `pos - start` is a multiple of 8 (OF1.3 "64-bit alignment" rule). */
  pad8(start: number): void {
    const rem = (this.pos - start) & 7;
    if (rem !== 0) this.zeros(8 - rem);
  }

  /** Writes a placeholder u16 and returns its offset for patchU16. */
  reserveU16(): number {
    const at = this.pos;
    this.ensure(2);
    this.pos += 2;
    return at;
  }

  patchU16(at: number, v: number): void {
    if (!(v >= 0 && v <= 0xffff)) throw new OfpEncodeError('TOO_LONG', `length ${v} does not fit a u16 field`);
    this.buf.writeUInt16BE(v, at);
  }

  /** `aa:bb:cc:dd:ee:ff` (either case). */
  mac(s: string): void {
    if (typeof s !== 'string' || !MAC_RE.test(s)) throw new OfpEncodeError('BAD_VALUE', `mac ${String(s)}`);
    this.ensure(6);
    for (let i = 0; i < 6; i++) this.buf[this.pos + i] = parseInt(s.substr(i * 3, 2), 16);
    this.pos += 6;
  }

  ipv4(s: string): void {
    const m = typeof s === 'string' ? IPV4_RE.exec(s) : null;
    if (!m) throw new OfpEncodeError('BAD_VALUE', `ipv4 ${String(s)}`);
    for (let i = 1; i <= 4; i++) this.u8(Number(m[i]));
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

  /** A NUL-padded fixed-width ASCII field; the text must leave room for the terminating NUL. */
  fixedString(s: string, n: number): void {
    const b = Buffer.from(s, 'latin1');
    if (b.length >= n) throw new OfpEncodeError('TOO_LONG', `string of ${b.length} bytes in a ${n}-byte field`);
    this.bytes(b);
    this.zeros(n - b.length);
  }

  /** A copy of what has been written (the writer may be reused afterwards). */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
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
