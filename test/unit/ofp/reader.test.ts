/**
 * Reader: every read is bounded by the reader's own end (not the Buffer's), fails with
 * OfpDecodeError TRUNCATED at the absolute offset of the failed read, and leaves the position
 * untouched when it fails. Address formatting is the canonical text the writer accepts back.
 */
import { Reader } from '../../../src/ofp/reader';
import { hex, decodeError } from '../../support/codec';


// 32 bytes 00 01 02 … 1f, so a value read tells where it was read from.
const BUF = Buffer.from(Array.from({ length: 32 }, (_, i) => i));

describe('Reader reads', () => {
  it('reads big-endian integers and advances', () => {
    const r = new Reader(BUF, 1);
    expect(r.u8()).toBe(0x01);
    expect(r.u16()).toBe(0x0203);
    expect(r.u32()).toBe(0x04050607);
    expect(r.u64()).toBe(0x08090a0b0c0d0e0fn);
    expect(r.pos).toBe(16);
    expect(r.remaining).toBe(16);
  });

  it('reads u32 and u64 above 2^31 / 2^63 as unsigned', () => {
    const r = new Reader(hex('ffffffff ffffffffffffffff'));
    expect(r.u32()).toBe(0xffffffff);
    expect(r.u64()).toBe(0xffffffffffffffffn);
  });

  it('hands out zero-copy views from bytes() and rest()', () => {
    const buf = Buffer.from(BUF);
    const r = new Reader(buf, 4, 12);
    const v = r.bytes(4);
    expect(v).toEqual(hex('04050607'));
    expect(v.buffer).toBe(buf.buffer);
    buf[4] = 0xaa;
    expect(v[0]).toBe(0xaa);
    const rest = r.rest();
    expect(rest).toEqual(hex('08090a0b'));
    expect(r.remaining).toBe(0);
    expect(r.rest()).toHaveLength(0);
  });

  it('skip() moves without reading', () => {
    const r = new Reader(BUF, 0, 8);
    r.skip(7);
    expect(r.u8()).toBe(7);
  });
});

describe('Reader bounds', () => {
  // A reader over BUF[10, 14): four bytes, positioned 3 in, so 1 byte is left at absolute offset 13.
  const reads: [string, (r: Reader) => unknown][] = [
    ['u16', (r) => r.u16()],
    ['u32', (r) => r.u32()],
    ['u64', (r) => r.u64()],
    ['skip(2)', (r) => r.skip(2)],
    ['bytes(2)', (r) => r.bytes(2)],
    ['sub(2)', (r) => r.sub(2)],
    ['mac', (r) => r.mac()],
    ['ipv4', (r) => r.ipv4()],
    ['ipv6', (r) => r.ipv6()],
    ['dpid', (r) => r.dpid()],
    ['fixedString(2)', (r) => r.fixedString(2)],
    ['need(2)', (r) => r.need(2)],
  ];

  it.each(reads)('%s past the end throws TRUNCATED at the absolute offset and does not move', (_name, read) => {
    const r = new Reader(BUF, 10, 14);
    r.skip(3);
    const e = decodeError(() => read(r));
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(13);
    expect(r.pos).toBe(13);
    expect(r.u8()).toBe(13); // the one byte that was there is still readable
  });

  it('u8 at the end throws TRUNCATED at the end offset', () => {
    const r = new Reader(BUF, 5, 5);
    expect(decodeError(() => r.u8())).toMatchObject({ code: 'TRUNCATED', offset: 5 });
  });

  it('bounds reads by `end`, not by the Buffer', () => {
    const r = new Reader(BUF, 0, 3);
    expect(decodeError(() => r.u32())).toMatchObject({ code: 'TRUNCATED', offset: 0 });
    expect(decodeError(() => r.bytes(4))).toMatchObject({ code: 'TRUNCATED', offset: 0 });
  });

  it('rejects negative lengths', () => {
    const r = new Reader(BUF, 4, 8);
    expect(decodeError(() => r.need(-1))).toMatchObject({ code: 'TRUNCATED', offset: 4 });
    expect(decodeError(() => r.bytes(-1))).toMatchObject({ code: 'TRUNCATED', offset: 4 });
    expect(decodeError(() => r.sub(-4))).toMatchObject({ code: 'TRUNCATED', offset: 4 });
  });

  it('zero-length reads at the end succeed', () => {
    const r = new Reader(BUF, 32);
    expect(r.bytes(0)).toHaveLength(0);
    expect(r.sub(0).remaining).toBe(0);
    r.skip(0);
    r.need(0);
  });

  it('carries a detail text in the message', () => {
    const r = new Reader(BUF, 30);
    const e = decodeError(() => r.sub(4, 'oxm payload'));
    expect(e.message).toContain('TRUNCATED at offset 30');
    expect(e.message).toContain('oxm payload');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('OfpDecodeError');
  });
});

describe('Reader.sub', () => {
  it('returns a child over the next n bytes and moves the parent past them', () => {
    const parent = new Reader(BUF, 2, 20);
    const child = parent.sub(6);
    expect(parent.pos).toBe(8);
    expect(child.pos).toBe(2);
    expect(child.end).toBe(8);
    expect(child.remaining).toBe(6);
    expect(child.u32()).toBe(0x02030405);
  });

  it('child cannot read past its end even though the parent and the Buffer go on', () => {
    const parent = new Reader(BUF);
    const child = parent.sub(6);
    child.u32();
    expect(decodeError(() => child.u32())).toMatchObject({ code: 'TRUNCATED', offset: 4 });
    expect(child.rest()).toEqual(hex('0405'));
    expect(decodeError(() => child.u8())).toMatchObject({ code: 'TRUNCATED', offset: 6 });
    expect(parent.u8()).toBe(6);
  });

  it('grandchild is bounded by the child', () => {
    const child = new Reader(BUF).sub(10);
    child.skip(4);
    const grand = child.sub(4);
    expect(decodeError(() => grand.u64())).toMatchObject({ code: 'TRUNCATED', offset: 4 });
    expect(decodeError(() => child.sub(3))).toMatchObject({ code: 'TRUNCATED', offset: 8 });
  });

  it('a sub larger than the parent throws TRUNCATED at the parent position', () => {
    const parent = new Reader(BUF, 28);
    expect(decodeError(() => parent.sub(5))).toMatchObject({ code: 'TRUNCATED', offset: 28 });
    expect(parent.pos).toBe(28);
  });
});

describe('Reader.tlv', () => {
  it('is sub() when the length fits', () => {
    const r = new Reader(BUF, 4, 16);
    const child = r.tlv(4, 2);
    expect(child.u32()).toBe(0x04050607);
    expect(r.pos).toBe(8);
  });

  it('a length running past the reader is BAD_LENGTH at the length field, and nothing moves', () => {
    const r = new Reader(BUF, 4, 16);
    const e = decodeError(() => r.tlv(13, 2, 'action'));
    expect(e).toMatchObject({ code: 'BAD_LENGTH', offset: 2 });
    expect(e.message).toContain('action');
    expect(r.pos).toBe(4);
    expect(r.tlv(12, 2).remaining).toBe(12);
  });
});

describe('Reader formatting', () => {
  it('mac: lower-case, zero-padded, colon-separated', () => {
    expect(new Reader(hex('0a1bfF00e0A5')).mac()).toBe('0a:1b:ff:00:e0:a5');
  });

  it('ipv4: dotted decimal', () => {
    expect(new Reader(hex('0a00ff01')).ipv4()).toBe('10.0.255.1');
    expect(new Reader(hex('00000000')).ipv4()).toBe('0.0.0.0');
  });

  it('ipv6: eight full lower-case hex groups, no compression', () => {
    expect(new Reader(hex('20010DB8 00000000 00000000 0000ABCD')).ipv6()).toBe('2001:0db8:0000:0000:0000:0000:0000:abcd');
    expect(new Reader(Buffer.alloc(16)).ipv6()).toBe('0000:0000:0000:0000:0000:0000:0000:0000');
  });

  it('dpid: eight lower-case hex octets', () => {
    expect(new Reader(hex('000000000000ABCD')).dpid()).toBe('00:00:00:00:00:00:ab:cd');
    expect(new Reader(hex('ffffffffffffffff')).dpid()).toBe('ff:ff:ff:ff:ff:ff:ff:ff');
  });

  it('formats at the reader position, not at the start of the Buffer', () => {
    const r = new Reader(BUF, 16);
    expect(r.mac()).toBe('10:11:12:13:14:15');
    expect(r.ipv4()).toBe('22.23.24.25');
    expect(r.pos).toBe(26);
  });

  it('fixedString: text up to the first NUL, whole field consumed', () => {
    const r = new Reader(Buffer.concat([Buffer.from('eth0\0junk', 'latin1'), Buffer.alloc(7), hex('aa')]));
    expect(r.fixedString(16)).toBe('eth0');
    expect(r.u8()).toBe(0xaa);
  });

  it('fixedString: a field with no NUL is all text; latin1 bytes survive', () => {
    expect(new Reader(Buffer.from('abcd')).fixedString(4)).toBe('abcd');
    expect(new Reader(hex('e9ff00')).fixedString(3)).toBe('\u00e9\u00ff');
    expect(new Reader(Buffer.alloc(4)).fixedString(4)).toBe('');
  });
});
