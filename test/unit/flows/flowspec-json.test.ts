import { checkFlowSpecFields, flowSpecFromJson, flowSpecToJson } from '../../../src/flows/flowspec-json';
import type { FlowSpec } from '../../../src/flows/flowspec';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

/** An E-Line style flow touching every kind of value the JSON form has to carry. */
const SPEC: FlowSpec = {
  dpid: '00:00:00:00:00:00:00:0a',
  table: 2,
  priority: 20000,
  match: [
    { field: 'in_port', value: 1 },
    { field: 'vlan_vid', value: 0x1064 },
    { field: 'eth_dst', value: 'aa:bb:cc:00:00:00', mask: 'ff:ff:ff:00:00:00' },
    { field: 'metadata', value: 0x10n, mask: 0xffn },
    { field: 'ipv6_src', value: 'fe80:0000:0000:0000:0000:0000:0000:0001' },
    { field: 'ipv4_dst', value: '10.0.0.0', mask: '255.255.255.0' },
    { field: 'opaque', oxmClass: 0x0001, oxmField: 5, hasMask: false, body: hex('0102') },
  ],
  instructions: [
    {
      type: 'apply_actions',
      actions: [
        { type: 'pop_vlan' },
        { type: 'push_vlan', ethertype: 0x88a8 },
        { type: 'set_field', field: { field: 'vlan_vid', value: 0x10c8 } },
        { type: 'output', port: 2, maxLen: 0 },
        { type: 'experimenter', experimenter: 0x2320, data: hex('0011') },
      ],
    },
    { type: 'write_metadata', metadata: 0x1n, metadataMask: 0xffn },
    { type: 'meter', meterId: 7 },
    { type: 'goto_table', tableId: 3 },
  ],
  cookie: 0xaa00000000000001n,
  idleTimeout: 0,
  hardTimeout: 30,
  flags: 1,
};

// Written out by hand from the conventions of src/ofp/json.ts.
const SPEC_JSON = {
  dpid: '00:00:00:00:00:00:00:0a',
  table: 2,
  priority: 20000,
  cookie: '0xaa00000000000001',
  idleTimeout: 0,
  hardTimeout: 30,
  flags: 1,
  match: [
    { field: 'in_port', value: 1 },
    { field: 'vlan_vid', value: 4196 },
    { field: 'eth_dst', value: 'aa:bb:cc:00:00:00', mask: 'ff:ff:ff:00:00:00' },
    { field: 'metadata', value: '0x10', mask: '0xff' },
    { field: 'ipv6_src', value: 'fe80:0000:0000:0000:0000:0000:0000:0001' },
    { field: 'ipv4_dst', value: '10.0.0.0', mask: '255.255.255.0' },
    { field: 'opaque', oxmClass: 1, oxmField: 5, hasMask: false, body: '0102' },
  ],
  instructions: [
    {
      type: 'apply_actions',
      actions: [
        { type: 'pop_vlan' },
        { type: 'push_vlan', ethertype: 34984 },
        { type: 'set_field', field: { field: 'vlan_vid', value: 4296 } },
        { type: 'output', port: 2, maxLen: 0 },
        { type: 'experimenter', experimenter: 8992, data: '0011' },
      ],
    },
    { type: 'write_metadata', metadata: '0x1', metadataMask: '0xff' },
    { type: 'meter', meterId: 7 },
    { type: 'goto_table', tableId: 3 },
  ],
};

const MINIMAL: FlowSpec = {
  dpid: '00:00:00:00:00:00:00:01',
  table: 0,
  priority: 0,
  match: [],
  instructions: [],
  cookie: 0n,
  idleTimeout: 0,
  hardTimeout: 0,
  flags: 0,
};

describe('flowSpecToJson', () => {
  it('writes the codec JSON form, keys in a fixed order', () => {
    const json = flowSpecToJson(SPEC);
    expect(json).toStrictEqual(SPEC_JSON);
    expect(Object.keys(json)).toEqual(['dpid', 'table', 'priority', 'cookie', 'idleTimeout', 'hardTimeout', 'flags', 'match', 'instructions']);
  });

  it('writes cookie 0 and the largest cookie as hex', () => {
    expect(flowSpecToJson(MINIMAL).cookie).toBe('0x0');
    expect(flowSpecToJson({ ...MINIMAL, cookie: 0xffffffffffffffffn }).cookie).toBe('0xffffffffffffffff');
  });

  it('leaves out properties that are not FlowSpec fields', () => {
    const extra = { ...MINIMAL, note: 'not stored' } as FlowSpec;
    expect(flowSpecToJson(extra)).toStrictEqual({
      dpid: '00:00:00:00:00:00:00:01', table: 0, priority: 0, cookie: '0x0', idleTimeout: 0, hardTimeout: 0, flags: 0, match: [], instructions: [],
    });
  });
});

describe('flowSpecFromJson', () => {
  it('reads back exactly what flowSpecToJson wrote, through JSON text', () => {
    for (const spec of [SPEC, MINIMAL, { ...MINIMAL, table: 254, priority: 65535, cookie: 0xffffffffffffffffn, idleTimeout: 65535, hardTimeout: 65535, flags: 0xffff }]) {
      const text = JSON.stringify(flowSpecToJson(spec));
      expect(flowSpecFromJson(JSON.parse(text))).toStrictEqual({ ok: true, value: spec });
    }
  });

  it('reads the hand-written form', () => {
    expect(flowSpecFromJson(SPEC_JSON)).toStrictEqual({ ok: true, value: SPEC });
  });

  it('gives addresses the codec text form (lower-case mac, full ipv6), the form the decoder produces', () => {
    const loose = {
      ...SPEC_JSON,
      match: [
        { field: 'eth_src', value: 'AA:BB:CC:DD:EE:FF' },
        { field: 'ipv6_dst', value: '2001:db8::1' },
      ],
    };
    const r = flowSpecFromJson(loose);
    expect(r.ok && r.value.match).toStrictEqual([
      { field: 'eth_src', value: 'aa:bb:cc:dd:ee:ff' },
      { field: 'ipv6_dst', value: '2001:0db8:0000:0000:0000:0000:0000:0001' },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'not a JSON object'],
    ['an array', [], 'not a JSON object'],
    ['an unknown key', { ...SPEC_JSON, owner: 'mef_eline' }, 'owner: unknown field'],
    ['a missing key', { ...SPEC_JSON, flags: undefined }, 'flags: missing'],
    ['a dpid in capitals', { ...SPEC_JSON, dpid: '00:00:00:00:00:00:00:0A' }, 'dpid: not a canonical datapath id (00:00:00:00:00:00:00:01)'],
    ['a dpid without colons', { ...SPEC_JSON, dpid: '000000000000000a' }, 'dpid: not a canonical datapath id (00:00:00:00:00:00:00:01)'],
    ['table 255 (OFPTT_ALL)', { ...SPEC_JSON, table: 255 }, 'table: not an integer 0..254'],
    ['a negative priority', { ...SPEC_JSON, priority: -1 }, 'priority: not a uint16'],
    ['priority 65536', { ...SPEC_JSON, priority: 65536 }, 'priority: not a uint16'],
    ['a fractional idle timeout', { ...SPEC_JSON, idleTimeout: 1.5 }, 'idleTimeout: not a uint16'],
    ['a hard timeout as text', { ...SPEC_JSON, hardTimeout: '30' }, 'hardTimeout: not a uint16'],
    ['flags above uint16', { ...SPEC_JSON, flags: 0x10000 }, 'flags: not a uint16'],
    ['a cookie above 2^64', { ...SPEC_JSON, cookie: '0x10000000000000000' }, 'cookie: expected u64 (a "0x…" hex or decimal string), got "0x10000000000000000"'],
    ['a cookie as a number', { ...SPEC_JSON, cookie: -1 }, 'cookie: expected u64 (a "0x…" hex or decimal string), got -1'],
    ['a match that is not a list', { ...SPEC_JSON, match: {} }, 'match: expected array, got {}'],
    ['a vlan_vid above uint16', { ...SPEC_JSON, match: [{ field: 'vlan_vid', value: 70000 }] }, 'match[0].value: expected u16, got 70000'],
    ['an unknown OXM field', { ...SPEC_JSON, match: [{ field: 'vlan', value: 1 }] }, "match[0].field: unknown OXM field 'vlan'"],
    [
      'an unknown action',
      { ...SPEC_JSON, instructions: [{ type: 'apply_actions', actions: [{ type: 'frobnicate' }] }] },
      "instructions[0].actions[0].type: unknown action 'frobnicate'",
    ],
    ['bad hex in experimenter data', { ...SPEC_JSON, instructions: [{ type: 'experimenter', experimenter: 1, data: '0g' }] }, 'instructions[0].data: expected hex bytes, got "0g"'],
  ])('refuses %s, saying where', (_name, json, error) => {
    expect(flowSpecFromJson(json)).toStrictEqual({ ok: false, error });
  });
});

describe('checkFlowSpecFields', () => {
  it('accepts the extremes of every field', () => {
    expect(checkFlowSpecFields(SPEC)).toBeUndefined();
    expect(checkFlowSpecFields({ ...MINIMAL, table: 254, priority: 65535, cookie: 0xffffffffffffffffn, idleTimeout: 65535, hardTimeout: 65535, flags: 0xffff })).toBeUndefined();
  });

  it.each<[string, Partial<FlowSpec>, string]>([
    ['a dpid in capitals', { dpid: '00:00:00:00:00:00:00:0A' }, 'dpid: not a canonical datapath id (00:00:00:00:00:00:00:01)'],
    ['table 255', { table: 255 }, 'table: not an integer 0..254'],
    ['a fractional priority', { priority: 1.5 }, 'priority: not a uint16'],
    ['idle timeout 65536', { idleTimeout: 65536 }, 'idleTimeout: not a uint16'],
    ['a negative hard timeout', { hardTimeout: -1 }, 'hardTimeout: not a uint16'],
    ['flags 65536', { flags: 65536 }, 'flags: not a uint16'],
    ['cookie 2^64', { cookie: 0x10000000000000000n }, 'cookie: not a uint64'],
    ['a negative cookie', { cookie: -1n }, 'cookie: not a uint64'],
  ])('names %s', (_name, change, error) => {
    expect(checkFlowSpecFields({ ...MINIMAL, ...change })).toBe(error);
  });

  it('leaves the match and instructions to their types and the encoder', () => {
    expect(checkFlowSpecFields({ ...MINIMAL, match: [{ field: 'vlan_vid', value: 70000 }] })).toBeUndefined();
  });
});
