/**
 * OXM TLVs and ofp_match (OF1.3.5 7.2.3): a round trip for every row of the field table, exact
 * bytes written out by hand from 7.2.3.2 "OXM format", match padding (7.2.3.1), and the error
 * codes for malformed TLVs.
 */
import { OfpEncodeError } from '../../../src/ofp/errors';
import { OFP_MATCH_SIZE, decodeMatch, decodeOxm, encodeMatch, encodeOxm } from '../../../src/ofp/oxm';
import { OXM_FIELDS, type OxmFieldDef } from '../../../src/ofp/oxm-table';
import { Reader } from '../../../src/ofp/reader';
import { Writer } from '../../../src/ofp/writer';
import type { Match, Oxm } from '../../../src/ofp/types';
import { hex, decodeError, encodeError } from '../../support/codec';


const oxmBytes = (o: Oxm): Buffer => {
  const w = new Writer(8);
  encodeOxm(w, o);
  return w.finish();
};
const matchBytes = (m: Match): Buffer => {
  const w = new Writer(8);
  encodeMatch(w, m);
  return w.finish();
};
/** Decodes a match and checks it consumed exactly the bytes given. */
const decodeWholeMatch = (b: Buffer): Match => {
  const r = new Reader(b);
  const m = decodeMatch(r);
  expect(r.remaining).toBe(0);
  return m;
};

/** Two distinct sample values of a field's kind, in the decoder's canonical text forms. */
function samples(def: OxmFieldDef): [number | bigint | string, number | bigint | string] {
  switch (def.kind) {
    case 'u8':
      return [0xa5, 0x3f];
    case 'u16':
      return [0x1234, 0xff0f];
    case 'u24':
      return [0xabcdef, 0xf0f0f0];
    case 'u32':
      return [0xfedcba98, 0x000fffff];
    case 'u64':
      return [0x0123456789abcdefn, 0xffffffff00000000n];
    case 'mac':
      return ['0a:1b:2c:3d:4e:5f', 'ff:ff:ff:00:00:00'];
    case 'ipv4':
      return ['192.168.10.254', '255.255.255.0'];
    case 'ipv6':
      return ['2001:0db8:0000:0000:0000:ff00:0042:8329', 'ffff:ffff:ffff:ffff:0000:0000:0000:0000'];
    default:
      throw new Error(`no sample for ${String(def.kind)}`);
  }
}

describe('every OXM_FIELDS row round-trips', () => {
  it('the table has the 40 OF1.3 basic fields, numbered 0..39 in order', () => {
    expect(OXM_FIELDS.map((d) => d.field)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  const rows = OXM_FIELDS.map((d) => [d.name, d] as const);

  it.each(rows)('%s without mask', (_name, def) => {
    const [value] = samples(def);
    const oxm = { field: def.name, value } as Oxm;
    const b = oxmBytes(oxm);
    // header: class 0x8000 | field << 1 | HM=0 | length
    expect(b.readUInt16BE(0)).toBe(0x8000);
    expect(b[2]).toBe(def.field << 1);
    expect(b[3]).toBe(def.bytes);
    expect(b.length).toBe(4 + def.bytes);
    const r = new Reader(b);
    expect(decodeOxm(r)).toEqual(oxm);
    expect(r.remaining).toBe(0);
    expect(decodeWholeMatch(matchBytes([oxm]))).toEqual([oxm]);
  });

  it.each(rows.filter(([, d]) => d.maskable))('%s with mask', (_name, def) => {
    const [value, mask] = samples(def);
    const oxm = { field: def.name, value, mask } as Oxm;
    const b = oxmBytes(oxm);
    expect(b[2]).toBe((def.field << 1) | 1);
    expect(b[3]).toBe(2 * def.bytes);
    expect(b.length).toBe(4 + 2 * def.bytes);
    expect(decodeOxm(new Reader(b))).toEqual(oxm);
    expect(decodeWholeMatch(matchBytes([oxm]))).toEqual([oxm]);
  });

  it('a match holding every field (masked where maskable) round-trips in order', () => {
    const m: Oxm[] = OXM_FIELDS.map((def) => {
      const [value, mask] = samples(def);
      return (def.maskable ? { field: def.name, value, mask } : { field: def.name, value }) as Oxm;
    });
    const b = matchBytes(m);
    expect(b.length % 8).toBe(0);
    expect(decodeWholeMatch(b)).toEqual(m);
  });
});

describe('OXM exact bytes (7.2.3.2)', () => {
  it.each<[string, Oxm, string]>([
    ['in_port=1', { field: 'in_port', value: 1 }, '8000 00 04 00000001'],
    ['in_phy_port=0xfffffffe', { field: 'in_phy_port', value: 0xfffffffe }, '8000 02 04 fffffffe'],
    ['vlan_vid=0x1064', { field: 'vlan_vid', value: 0x1064 }, '8000 0c 02 1064'],
    ['vlan_vid=0x1000/0x1000', { field: 'vlan_vid', value: 0x1000, mask: 0x1000 }, '8000 0d 04 1000 1000'],
    ['eth_dst', { field: 'eth_dst', value: 'aa:bb:cc:dd:ee:ff' }, '8000 06 06 aabbccddeeff'],
    ['eth_src masked', { field: 'eth_src', value: '01:00:00:00:00:00', mask: '01:00:00:00:00:00' }, '8000 09 0c 010000000000 010000000000'],
    ['eth_type=0x0800', { field: 'eth_type', value: 0x0800 }, '8000 0a 02 0800'],
    ['ip_proto=6', { field: 'ip_proto', value: 6 }, '8000 14 01 06'],
    ['ipv4_src=10.0.0.1/24', { field: 'ipv4_src', value: '10.0.0.1', mask: '255.255.255.0' }, '8000 17 08 0a000001 ffffff00'],
    ['tcp_dst=443', { field: 'tcp_dst', value: 443 }, '8000 1c 02 01bb'],
    ['metadata masked', { field: 'metadata', value: 1n, mask: 0xffn }, '8000 05 10 0000000000000001 00000000000000ff'],
    ['ipv6_dst=ff02::1', { field: 'ipv6_dst', value: 'ff02::1' }, '8000 36 10 ff020000000000000000000000000001'],
    ['mpls_label=0x12345', { field: 'mpls_label', value: 0x12345 }, '8000 44 04 00012345'],
    ['pbb_isid=0x0a0b0c', { field: 'pbb_isid', value: 0x0a0b0c }, '8000 4a 03 0a0b0c'],
    ['tunnel_id', { field: 'tunnel_id', value: 0x1122334455667788n }, '8000 4c 08 1122334455667788'],
    ['ipv6_exthdr masked', { field: 'ipv6_exthdr', value: 0x0100, mask: 0x01ff }, '8000 4f 04 0100 01ff'],
  ])('%s', (_name, oxm, bytes) => {
    expect(oxmBytes(oxm)).toEqual(hex(bytes));
    const back = decodeOxm(new Reader(hex(bytes)));
    // Addresses come back in the canonical text form; re-encoding gives the same bytes.
    expect(oxmBytes(back)).toEqual(hex(bytes));
    if (oxm.field !== 'ipv6_dst') expect(back).toEqual(oxm);
  });
});

describe('ofp_match (7.2.3.1)', () => {
  it('empty match is 00 01 00 04 00 00 00 00, OFP_MATCH_SIZE bytes', () => {
    expect(matchBytes([])).toEqual(hex('0001 0004 00000000'));
    expect(matchBytes([]).length).toBe(OFP_MATCH_SIZE);
    expect(OFP_MATCH_SIZE).toBe(8);
    expect(decodeWholeMatch(hex('0001 0004 00000000'))).toEqual([]);
  });

  it('length excludes the padding; padding is zeros up to a multiple of 8', () => {
    // in_port: 4 + 8 = 12 bytes, padded with 4.
    expect(matchBytes([{ field: 'in_port', value: 1 }])).toEqual(hex('0001 000c 80000004 00000001 00000000'));
    // vlan_vid: 4 + 6 = 10 bytes, padded with 6.
    expect(matchBytes([{ field: 'vlan_vid', value: 0x1064 }])).toEqual(hex('0001 000a 8000 0c02 1064 000000000000'));
    // metadata: 4 + 12 = 16 bytes, already aligned: no padding.
    expect(matchBytes([{ field: 'metadata', value: 5n }])).toEqual(hex('0001 0010 80000408 0000000000000005'));
  });

  it('decoding consumes the padding and nothing after it', () => {
    const r = new Reader(hex('0001 000a 8000 0c02 1064 ffffffffffff abcd'));
    expect(decodeMatch(r)).toEqual([{ field: 'vlan_vid', value: 0x1064 }]);
    expect(r.pos).toBe(16);
    expect(r.u16()).toBe(0xabcd);
  });

  it('match type other than OXM is BAD_VALUE at the type field', () => {
    const e = decodeError(() => decodeMatch(new Reader(hex('ffff ffff 0000 0004 00000000'), 4)));
    expect(e).toMatchObject({ code: 'BAD_VALUE', offset: 4 });
    expect(decodeError(() => decodeMatch(new Reader(hex('0000 0058'))))).toMatchObject({ code: 'BAD_VALUE', offset: 0 });
  });

  it.each([0, 1, 3])('match length %d is BAD_LENGTH at the length field', (len) => {
    const b = hex(`0001 ${len.toString(16).padStart(4, '0')} 00000000`);
    expect(decodeError(() => decodeMatch(new Reader(b)))).toMatchObject({ code: 'BAD_LENGTH', offset: 2 });
  });

  it('match length past the end is BAD_LENGTH at the length field', () => {
    expect(decodeError(() => decodeMatch(new Reader(hex('0001 0010 80000004 00000001'))))).toMatchObject({ code: 'BAD_LENGTH', offset: 2 });
  });

  it('missing padding is TRUNCATED', () => {
    expect(decodeError(() => decodeMatch(new Reader(hex('0001 000c 80000004 00000001 0000'))))).toMatchObject({ code: 'TRUNCATED', offset: 12 });
  });

  it('a partial OXM header inside the match is TRUNCATED', () => {
    expect(decodeError(() => decodeMatch(new Reader(hex('0001 0006 8000 0000'))))).toMatchObject({ code: 'TRUNCATED', offset: 4 });
  });

  it('an OXM running past the match length is BAD_LENGTH at oxm_length, even though the buffer goes on', () => {
    // match length 12 covers the in_port header and 4 bytes, but the TLV claims 8.
    const b = hex('0001 000c 80000008 00000001 00000002');
    expect(decodeError(() => decodeMatch(new Reader(b)))).toMatchObject({ code: 'BAD_LENGTH', offset: 7 });
  });
});

describe('OXM length errors', () => {
  it.each<[string, string, number]>([
    ['in_port with 2 bytes', '80000002 0001', 3],
    ['in_port with 5 bytes', '80000005 0000000100', 3],
    ['vlan_vid with 0 bytes', '80000c00', 3],
    ['vlan_vid masked with 2 bytes', '80000d02 1064', 3],
    ['eth_dst masked with 6 bytes', '80000706 aabbccddeeff', 3],
    ['ipv6_src with 4 bytes', '80003404 00000000', 3],
  ])('%s is BAD_LENGTH at oxm_length', (_name, bytes, offset) => {
    expect(decodeError(() => decodeOxm(new Reader(hex(bytes))))).toMatchObject({ code: 'BAD_LENGTH', offset });
  });

  it('BAD_LENGTH carries the absolute offset of oxm_length inside a match', () => {
    const b = hex('0001 0011 80000004 00000001 80000c01 10 00000000000000');
    expect(decodeError(() => decodeMatch(new Reader(b)))).toMatchObject({ code: 'BAD_LENGTH', offset: 15 });
  });

  it('a payload running past the reader is BAD_LENGTH at oxm_length', () => {
    expect(decodeError(() => decodeOxm(new Reader(hex('80000004 0000'))))).toMatchObject({ code: 'BAD_LENGTH', offset: 3 });
    expect(decodeError(() => decodeOxm(new Reader(hex('0001 00ff 00'))))).toMatchObject({ code: 'BAD_LENGTH', offset: 3 });
  });

  it('a TLV header cut short is TRUNCATED', () => {
    expect(decodeError(() => decodeOxm(new Reader(hex('800000'))))).toMatchObject({ code: 'TRUNCATED', offset: 0 });
  });
});

describe('OXM of other classes stay opaque', () => {
  it.each<[string, string, Oxm]>([
    ['NXM_1 reg0', '0001 0004 0000002a', { field: 'opaque', oxmClass: 1, oxmField: 0, hasMask: false, body: hex('0000002a') }],
    ['NXM_0 masked', '0000 0508 01020304 ffffffff', { field: 'opaque', oxmClass: 0, oxmField: 2, hasMask: true, body: hex('01020304ffffffff') }],
    [
      'experimenter class',
      'ffff 0a0a 00002320 0102030405 06',
      { field: 'opaque', oxmClass: 0xffff, oxmField: 5, hasMask: false, body: hex('00002320 0102030405 06') },
    ],
    ['basic class, unknown field 40', '8000 5002 abcd', { field: 'opaque', oxmClass: 0x8000, oxmField: 40, hasMask: false, body: hex('abcd') }],
    ['basic class, field 127 masked', '8000 ff00', { field: 'opaque', oxmClass: 0x8000, oxmField: 127, hasMask: true, body: hex('') }],
  ])('%s', (_name, bytes, oxm) => {
    const r = new Reader(hex(bytes));
    const back = decodeOxm(r);
    expect(back).toEqual(oxm);
    expect(r.remaining).toBe(0);
    expect(oxmBytes(back)).toEqual(hex(bytes));
    // …and inside a match, next to a basic field.
    const m: Match = [{ field: 'in_port', value: 3 }, back];
    expect(decodeWholeMatch(matchBytes(m))).toEqual(m);
  });
});

describe('OXM encoder errors', () => {
  const enc = (o: unknown) => () => oxmBytes(o as Oxm);
  it('a value of the wrong kind is BAD_VALUE', () => {
    expect(encodeError(enc({ field: 'in_port', value: '1' })).code).toBe('BAD_VALUE');
    expect(encodeError(enc({ field: 'metadata', value: 1 })).code).toBe('BAD_VALUE');
    expect(encodeError(enc({ field: 'eth_dst', value: 1 })).code).toBe('BAD_VALUE');
    expect(encodeError(enc({ field: 'eth_dst', value: 'aa:bb' })).code).toBe('BAD_VALUE');
    expect(encodeError(enc({ field: 'ipv6_src', value: '1::2::3' })).code).toBe('BAD_VALUE');
    expect(encodeError(enc({ field: 'vlan_vid', value: 1, mask: 'x' })).code).toBe('BAD_VALUE');
  });

  it('an unknown field name is BAD_VALUE', () => {
    expect(encodeError(enc({ field: 'nope', value: 1 })).code).toBe('BAD_VALUE');
  });

  it('a number too big for the field is OUT_OF_RANGE or BAD_VALUE, never truncated', () => {
    expect(encodeError(enc({ field: 'vlan_pcp', value: 256 })).code).toBe('OUT_OF_RANGE');
    expect(encodeError(enc({ field: 'tcp_src', value: 0x10000 })).code).toBe('OUT_OF_RANGE');
    expect(encodeError(enc({ field: 'pbb_isid', value: 0x1000000 })).code).toBe('BAD_VALUE');
    expect(encodeError(enc({ field: 'pbb_isid', value: -1 })).code).toBe('BAD_VALUE');
  });

  // KNOWN BUG (src/ofp/oxm.ts writeValue 'u24'): the range check lacks Number.isInteger, so 1.5
  // is written as 0x000001 instead of failing. Flip to `it` once fixed.
  it('a non-integer u24 is rejected', () => {
    expect(encodeError(enc({ field: 'pbb_isid', value: 1.5 }))).toBeInstanceOf(OfpEncodeError);
  });

  it('an opaque payload over 255 bytes is TOO_LONG', () => {
    const o: Oxm = { field: 'opaque', oxmClass: 1, oxmField: 0, hasMask: false, body: Buffer.alloc(256) };
    expect(encodeError(() => oxmBytes(o)).code).toBe('TOO_LONG');
    expect(oxmBytes({ ...o, body: Buffer.alloc(255) }).length).toBe(259);
  });
});
