/**
 * Writer: range-checked big-endian writes (a value that does not fit is OfpEncodeError, never a
 * silent truncation), growth, padding, length patching, and the text forms of addresses.
 */
import { OfpEncodeError, type OfpEncodeErrorCode } from '../../../src/ofp/errors';
import { Writer, parseIpv6 } from '../../../src/ofp/writer';
import { hex, encodeError } from '../../support/codec';


const written = (fn: (w: Writer) => void, initial?: number): Buffer => {
  const w = new Writer(initial);
  fn(w);
  return w.finish();
};

describe('Writer integers', () => {
  it('writes big-endian at the extremes of each width', () => {
    const b = written((w) => {
      w.u8(0);
      w.u8(0xff);
      w.u16(0);
      w.u16(0xffff);
      w.u32(0);
      w.u32(0xffffffff);
      w.u64(0n);
      w.u64(0xffffffffffffffffn);
    });
    expect(b).toEqual(hex('00ff 0000ffff 00000000ffffffff 0000000000000000 ffffffffffffffff'));
    expect(written((w) => w.u32(0x01020304))).toEqual(hex('01020304'));
    expect(written((w) => w.u64(0x0102030405060708n))).toEqual(hex('0102030405060708'));
  });

  const bad: [string, (w: Writer) => void][] = [
    ['u8(256)', (w) => w.u8(256)],
    ['u8(-1)', (w) => w.u8(-1)],
    ['u8(1.5)', (w) => w.u8(1.5)],
    ['u8(NaN)', (w) => w.u8(NaN)],
    ['u16(65536)', (w) => w.u16(0x10000)],
    ['u16(-1)', (w) => w.u16(-1)],
    ['u16(Infinity)', (w) => w.u16(Infinity)],
    ['u32(2^32)', (w) => w.u32(0x100000000)],
    ['u32(-1)', (w) => w.u32(-1)],
    ['u32(0.5)', (w) => w.u32(0.5)],
    ['u64(2^64)', (w) => w.u64(0x10000000000000000n)],
    ['u64(-1n)', (w) => w.u64(-1n)],
    ['u64(a number)', (w) => w.u64(1 as unknown as bigint)],
  ];

  it.each(bad)('%s throws OUT_OF_RANGE and writes nothing', (_name, write) => {
    const w = new Writer();
    w.u8(7);
    const e = encodeError(() => write(w));
    expect(e.code).toBe('OUT_OF_RANGE');
    expect(e.name).toBe('OfpEncodeError');
    expect(w.pos).toBe(1);
    expect(w.finish()).toEqual(hex('07'));
  });
});

describe('Writer length fields and padding', () => {
  it('reserveU16 leaves a slot that patchU16 fills', () => {
    const b = written((w) => {
      w.u16(0xabcd);
      const at = w.reserveU16();
      w.zeros(3);
      w.patchU16(at, w.pos);
    });
    expect(b).toEqual(hex('abcd 0007 000000'));
  });

  it.each<[number, OfpEncodeErrorCode]>([
    [0x10000, 'TOO_LONG'],
    [70000, 'TOO_LONG'],
    [-1, 'TOO_LONG'],
  ])('patchU16(%d) throws %s', (v, code) => {
    const w = new Writer();
    const at = w.reserveU16();
    expect(encodeError(() => w.patchU16(at, v)).code).toBe(code);
  });

  it('patchU16(65535) is the largest length accepted', () => {
    const w = new Writer();
    w.patchU16(w.reserveU16(), 0xffff);
    expect(w.finish()).toEqual(hex('ffff'));
  });

  it('pad8 pads relative to `start` with zeros, and not at all when aligned', () => {
    for (let n = 0; n <= 17; n++) {
      const b = written((w) => {
        w.u8(0xee); // start is 1, not 0: padding is relative to the struct, not the buffer
        const start = w.pos;
        for (let i = 0; i < n; i++) w.u8(0xff);
        w.pad8(start);
      });
      const body = b.length - 1;
      expect(body % 8).toBe(0);
      expect(body - n).toBeLessThan(8);
      expect(body).toBe(Math.ceil(n / 8) * 8);
      expect(b.subarray(1 + n).every((x) => x === 0)).toBe(true);
    }
  });

  it('zeros and pad8 overwrite whatever a reused buffer held', () => {
    const w = new Writer(16);
    w.bytes(Buffer.alloc(16, 0xff));
    w.reset();
    w.u8(1);
    w.pad8(0);
    w.zeros(3);
    expect(w.finish()).toEqual(hex('0100000000000000 000000'));
  });
});

describe('Writer growth', () => {
  it('grows past a 1-byte initial size and keeps what it wrote', () => {
    const w = new Writer(1);
    const expected: number[] = [];
    for (let i = 0; i < 1000; i++) {
      w.u16(i);
      expected.push(i >> 8, i & 0xff);
    }
    w.u64(0x1122334455667788n);
    expect(w.finish()).toEqual(Buffer.concat([Buffer.from(expected), hex('1122334455667788')]));
  });

  it('grows in the middle of a multi-byte write and for large byte strings', () => {
    const w = new Writer(4);
    w.u8(0xaa);
    w.u64(0x0102030405060708n); // crosses the initial 4-byte boundary
    const big = Buffer.alloc(100_000, 0x5a);
    w.bytes(big);
    w.zeros(5);
    const out = w.finish();
    expect(out.length).toBe(1 + 8 + 100_000 + 5);
    expect(out.subarray(0, 9)).toEqual(hex('aa0102030405060708'));
    expect(out.subarray(9, 9 + 100_000).equals(big)).toBe(true);
    expect(out.subarray(-5)).toEqual(Buffer.alloc(5));
  });

  it('patches a length reserved before the buffer grew', () => {
    const w = new Writer(2);
    const at = w.reserveU16();
    w.bytes(Buffer.alloc(300, 1));
    w.patchU16(at, w.pos);
    expect(w.finish().readUInt16BE(0)).toBe(302);
  });

  it('finish() returns a copy the writer does not touch again', () => {
    const w = new Writer(8);
    w.u32(0x01020304);
    const first = w.finish();
    w.reset();
    w.u32(0xffffffff);
    expect(first).toEqual(hex('01020304'));
    expect(w.finish()).toEqual(hex('ffffffff'));
  });
});

describe('Writer addresses and strings', () => {
  it('mac accepts either case and rejects anything else', () => {
    expect(written((w) => w.mac('0A:1b:FF:00:e0:a5'))).toEqual(hex('0a1bff00e0a5'));
    for (const s of ['0a:1b:ff:00:e0', '0a-1b-ff-00-e0-a5', '0a:1b:ff:00:e0:a5:00', 'zz:1b:ff:00:e0:a5', '', '0a1bff00e0a5']) {
      expect(encodeError(() => new Writer().mac(s)).code).toBe('BAD_VALUE');
    }
  });

  it('ipv4 writes dotted decimal and rejects malformed text', () => {
    expect(written((w) => w.ipv4('10.0.255.1'))).toEqual(hex('0a00ff01'));
    for (const s of ['10.0.0', '10.0.0.0.1', 'a.b.c.d', '', '1.2.3.4/24']) {
      expect(encodeError(() => new Writer().ipv4(s)).code).toBe('BAD_VALUE');
    }
    expect(encodeError(() => new Writer().ipv4('256.0.0.1'))).toBeInstanceOf(OfpEncodeError);
  });

  it('dpid accepts the colon form and bare hex', () => {
    expect(written((w) => w.dpid('00:00:00:00:00:00:ab:CD'))).toEqual(hex('000000000000abcd'));
    expect(written((w) => w.dpid('ffffffffffffffff'))).toEqual(hex('ffffffffffffffff'));
    for (const s of ['00:00:00:00:00:00:00', '0x0000000000000001', 'g000000000000000', '']) {
      expect(encodeError(() => new Writer().dpid(s)).code).toBe('BAD_VALUE');
    }
  });

  it('fixedString NUL-pads; a text that fills the field exactly is kept, a longer one is TOO_LONG', () => {
    expect(written((w) => w.fixedString('eth0', 8))).toEqual(hex('6574683000000000'));
    expect(written((w) => w.fixedString('', 4))).toEqual(hex('00000000'));
    expect(written((w) => w.fixedString('abc', 4))).toEqual(hex('61626300'));
    expect(written((w) => w.fixedString('abcd', 4))).toEqual(hex('61626364'));
    expect(encodeError(() => new Writer().fixedString('abcde', 4)).code).toBe('TOO_LONG');
    expect(written((w) => w.fixedString('\u00e9', 2))).toEqual(hex('e900'));
  });
});

describe('parseIpv6', () => {
  const z = '0000';
  it.each<[string, string]>([
    ['::', `${z}${z}${z}${z}${z}${z}${z}${z}`],
    ['::1', `${z}${z}${z}${z}${z}${z}${z}0001`],
    ['1::', `0001${z}${z}${z}${z}${z}${z}${z}`],
    ['1::2', `0001${z}${z}${z}${z}${z}${z}0002`],
    ['2001:db8::8:800:200c:417a', '2001 0db8 0000 0000 0008 0800 200c 417a'],
    ['2001:DB8:0:0:8:800:200C:417A', '2001 0db8 0000 0000 0008 0800 200c 417a'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '20010db8 00000000 00000000 00000001'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['::2:3:4:5:6:7:8', '00000002000300040005000600070008'],
    ['fe80::1:2', 'fe80 0000 0000 0000 0000 0000 0001 0002'],
    ['::ffff:1.2.3.4', `${z}${z}${z}${z}${z}ffff 0102 0304`],
    ['::1.2.3.4', `${z}${z}${z}${z}${z}${z}0102 0304`],
    ['64:ff9b::192.0.2.33', '0064 ff9b 0000 0000 0000 0000 c000 0221'],
    ['1:2:3:4:5:6:1.2.3.4', '0001 0002 0003 0004 0005 0006 0102 0304'],
  ])('%s', (text, bytes) => {
    expect(parseIpv6(text)).toEqual(hex(bytes));
    expect(written((w) => w.ipv6(text))).toEqual(hex(bytes));
  });

  it.each([
    ':::',
    ':::1',
    '1:::2',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7::8',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:',
    'g::1',
    '12345::',
    '1::x',
    '',
    ':',
    '1.2.3.4',
    'ffff:1.2.3.4',
    '::1.2.3',
    '::1.2.3.256',
    '1:2:3:4:5:6:7:1.2.3.4',
  ])('rejects %j', (text) => {
    expect(encodeError(() => parseIpv6(text)).code).toBe('BAD_VALUE');
  });
});
