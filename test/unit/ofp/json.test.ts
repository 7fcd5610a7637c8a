import { messageFromJson, messageToJson, OfpJsonError } from '../../../src/ofp/json';
import { encodeMessage } from '../../../src/ofp/encode';
import { decodeMessage } from '../../../src/ofp/decode';
import type { Action, Frame, Instruction, Match, OfpMessage, Port, TableFeatures } from '../../../src/ofp/types';
import { loadVectors } from '../../support/vectors';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

const match: Match = [
  { field: 'in_port', value: 1 },
  { field: 'metadata', value: 0xfedcba9876543210n, mask: 0xffff0000ffff0000n },
  { field: 'eth_dst', value: '01:80:c2:00:00:0e' },
  { field: 'vlan_vid', value: 0x1064, mask: 0x1000 },
  { field: 'ipv4_src', value: '10.0.0.1', mask: '255.255.255.0' },
  { field: 'ipv6_dst', value: '2001:0db8:0000:0000:0000:0000:0000:0001' },
  { field: 'pbb_isid', value: 0xabcdef },
  { field: 'tunnel_id', value: 0n },
  { field: 'opaque', oxmClass: 0x0001, oxmField: 5, hasMask: false, body: hex('0102') },
];

const actions: Action[] = [
  { type: 'output', port: 0xfffffffd, maxLen: 0xffff },
  { type: 'copy_ttl_out' },
  { type: 'copy_ttl_in' },
  { type: 'set_mpls_ttl', ttl: 9 },
  { type: 'dec_mpls_ttl' },
  { type: 'push_vlan', ethertype: 0x8100 },
  { type: 'pop_vlan' },
  { type: 'push_mpls', ethertype: 0x8847 },
  { type: 'pop_mpls', ethertype: 0x0800 },
  { type: 'set_queue', queueId: 3 },
  { type: 'group', groupId: 7 },
  { type: 'set_nw_ttl', ttl: 64 },
  { type: 'dec_nw_ttl' },
  { type: 'set_field', field: { field: 'vlan_vid', value: 0x1005 } },
  { type: 'push_pbb', ethertype: 0x88e7 },
  { type: 'pop_pbb' },
  { type: 'experimenter', experimenter: 0x2320, data: hex('0011223344556677') },
  { type: 'unknown', code: 0x1234, body: hex('00000000') },
];

const instructions: Instruction[] = [
  { type: 'goto_table', tableId: 1 },
  { type: 'write_metadata', metadata: 1n, metadataMask: 0xffffffffffffffffn },
  { type: 'write_actions', actions: [{ type: 'output', port: 1, maxLen: 0 }] },
  { type: 'apply_actions', actions },
  { type: 'clear_actions' },
  { type: 'meter', meterId: 1 },
  { type: 'experimenter', experimenter: 0x2320, data: hex('0000000000000000') },
  { type: 'unknown', code: 0x99, body: hex('00000000') },
];

const port: Port = {
  portNo: 1, hwAddr: '02:00:00:00:00:01', name: 'eth1', config: 0, state: 4, curr: 0x2820, advertised: 0,
  supported: 0, peer: 0, currSpeed: 10000000, maxSpeed: 10000000,
};

const tableFeatures: TableFeatures = {
  tableId: 0, name: 'classifier', metadataMatch: 0xffffffffffffffffn, metadataWrite: 0xffffffffffffffffn, config: 3,
  maxEntries: 1000000,
  properties: [
    { type: 'instructions', ids: [{ code: 1, data: Buffer.alloc(0) }] },
    { type: 'next_tables_miss', tableIds: [1, 2, 3] },
    { type: 'apply_actions', ids: [{ code: 0, data: Buffer.alloc(0) }] },
    { type: 'match', oxmIds: [{ header: 0x80000004 }, { header: 0xffff0104, experimenter: 0x4f4e4600 }] },
    { type: 'experimenter_miss', experimenter: 1, expType: 2, data: hex('00') },
    { type: 'unknown', code: 77, body: Buffer.alloc(0) },
  ],
};

const async = { packetInMask: [1, 0], portStatusMask: [7, 7], flowRemovedMask: [15, 0] } as const;

/** One message of every type, and every nested variant at least once. */
const messages: OfpMessage[] = [
  { type: 'hello', version: 4, elements: [{ type: 'versionbitmap', bitmaps: [0x12] }, { type: 'unknown', code: 9, body: hex('aa') }] },
  { type: 'error', version: 4, errType: 1, code: 6, data: hex('040e0050') },
  { type: 'echo_request', data: Buffer.alloc(0) },
  { type: 'echo_reply', data: hex('deadbeef') },
  { type: 'experimenter', experimenter: 0x2320, expType: 20, data: hex('00') },
  { type: 'features_request' },
  { type: 'features_reply', datapathId: '00:00:00:00:00:00:00:2a', nBuffers: 256, nTables: 254, auxiliaryId: 0, capabilities: 0x4f, reserved: 0 },
  { type: 'get_config_request' },
  { type: 'get_config_reply', flags: 0, missSendLen: 128 },
  { type: 'set_config', flags: 0, missSendLen: 0xffff },
  { type: 'packet_in', bufferId: 0xffffffff, totalLen: 60, reason: 'action', tableId: 0, cookie: 0x1n, match, data: hex('0180c200000e') },
  {
    type: 'flow_removed', cookie: 2n, priority: 100, reason: 'group_delete', tableId: 3, durationSec: 1, durationNsec: 2,
    idleTimeout: 0, hardTimeout: 60, packetCount: 10n, byteCount: 1000n, match: [],
  },
  { type: 'port_status', reason: 'modify', desc: port },
  { type: 'packet_out', bufferId: 0xffffffff, inPort: 0xfffffffd, actions, data: hex('ffffffffffff') },
  {
    type: 'flow_mod', cookie: 0xabcn, cookieMask: 0n, tableId: 0, command: 'delete_strict', idleTimeout: 1, hardTimeout: 2,
    priority: 0x8000, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 1, match, instructions,
  },
  {
    type: 'group_mod', command: 'add', groupType: 'ff', groupId: 1,
    buckets: [{ weight: 0, watchPort: 1, watchGroup: 0xffffffff, actions: [{ type: 'output', port: 1, maxLen: 0 }] }],
  },
  { type: 'port_mod', portNo: 1, hwAddr: '02:00:00:00:00:01', config: 1, mask: 1, advertise: 0 },
  { type: 'table_mod', tableId: 0xff, config: 3 },
  { type: 'multipart_request', flags: 0, body: { type: 'desc' } },
  { type: 'multipart_request', flags: 1, body: { type: 'flow', tableId: 0xff, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0n, cookieMask: 0n, match } },
  { type: 'multipart_request', flags: 0, body: { type: 'aggregate', tableId: 0, outPort: 1, outGroup: 2, cookie: 3n, cookieMask: 4n, match: [] } },
  { type: 'multipart_request', flags: 0, body: { type: 'port_stats', portNo: 0xffffffff } },
  { type: 'multipart_request', flags: 0, body: { type: 'queue', portNo: 1, queueId: 0xffffffff } },
  { type: 'multipart_request', flags: 0, body: { type: 'group', groupId: 0xfffffffc } },
  { type: 'multipart_request', flags: 0, body: { type: 'meter_config', meterId: 1 } },
  { type: 'multipart_request', flags: 0, body: { type: 'table_features', tables: [tableFeatures] } },
  { type: 'multipart_request', flags: 0, body: { type: 'experimenter', experimenter: 1, expType: 2, data: hex('ff') } },
  { type: 'multipart_request', flags: 0, body: { type: 'unknown', code: 99, body: Buffer.alloc(0) } },
  { type: 'multipart_reply', flags: 0, body: { type: 'desc', mfrDesc: 'Nicira, Inc.', hwDesc: 'Open vSwitch', swDesc: '3.3.0', serialNum: 'None', dpDesc: 'br0' } },
  {
    type: 'multipart_reply', flags: 1,
    body: {
      type: 'flow',
      stats: [{
        tableId: 0, durationSec: 5, durationNsec: 6, priority: 7, idleTimeout: 0, hardTimeout: 0, flags: 0, cookie: 0xffffffffffffffffn,
        packetCount: 1n, byteCount: 2n, match, instructions,
      }],
    },
  },
  { type: 'multipart_reply', flags: 0, body: { type: 'aggregate', packetCount: 1n, byteCount: 2n, flowCount: 3 } },
  { type: 'multipart_reply', flags: 0, body: { type: 'table', stats: [{ tableId: 0, activeCount: 1, lookupCount: 2n, matchedCount: 3n }] } },
  {
    type: 'multipart_reply', flags: 0,
    body: {
      type: 'port_stats',
      stats: [{
        portNo: 1, rxPackets: 1n, txPackets: 2n, rxBytes: 3n, txBytes: 4n, rxDropped: 5n, txDropped: 6n, rxErrors: 7n, txErrors: 8n,
        rxFrameErr: 9n, rxOverErr: 10n, rxCrcErr: 11n, collisions: 12n, durationSec: 13, durationNsec: 14,
      }],
    },
  },
  { type: 'multipart_reply', flags: 0, body: { type: 'queue', stats: [{ portNo: 1, queueId: 2, txBytes: 3n, txPackets: 4n, txErrors: 5n, durationSec: 6, durationNsec: 7 }] } },
  {
    type: 'multipart_reply', flags: 0,
    body: { type: 'group', stats: [{ groupId: 1, refCount: 2, packetCount: 3n, byteCount: 4n, durationSec: 5, durationNsec: 6, bucketStats: [{ packetCount: 7n, byteCount: 8n }] }] },
  },
  { type: 'multipart_reply', flags: 0, body: { type: 'group_desc', groups: [{ groupType: 'select', groupId: 2, buckets: [] }] } },
  { type: 'multipart_reply', flags: 0, body: { type: 'group_features', types: 15, capabilities: 3, maxGroups: [1, 2, 3, 4], actions: [5, 6, 7, 8] } },
  {
    type: 'multipart_reply', flags: 0,
    body: { type: 'meter', stats: [{ meterId: 1, flowCount: 2, packetInCount: 3n, byteInCount: 4n, durationSec: 5, durationNsec: 6, bandStats: [{ packetBandCount: 7n, byteBandCount: 8n }] }] },
  },
  {
    type: 'multipart_reply', flags: 0,
    body: {
      type: 'meter_config',
      configs: [{
        flags: 5, meterId: 1,
        bands: [
          { type: 'drop', rate: 1000, burstSize: 100 },
          { type: 'dscp_remark', rate: 2000, burstSize: 200, precLevel: 1 },
          { type: 'experimenter', rate: 3, burstSize: 4, experimenter: 5, data: Buffer.alloc(0) },
          { type: 'unknown', code: 9, rate: 1, burstSize: 2, body: hex('00000000') },
        ],
      }],
    },
  },
  { type: 'multipart_reply', flags: 0, body: { type: 'meter_features', maxMeter: 100, bandTypes: 3, capabilities: 15, maxBands: 2, maxColor: 0 } },
  { type: 'multipart_reply', flags: 0, body: { type: 'table_features', tables: [tableFeatures] } },
  { type: 'multipart_reply', flags: 0, body: { type: 'port_desc', ports: [port, { ...port, portNo: 2, name: '' }] } },
  { type: 'barrier_request' },
  { type: 'barrier_reply' },
  { type: 'queue_get_config_request', port: 0xffffffff },
  {
    type: 'queue_get_config_reply', port: 1,
    queues: [{
      queueId: 1, port: 1,
      properties: [
        { type: 'min_rate', rate: 100 },
        { type: 'max_rate', rate: 1000 },
        { type: 'experimenter', experimenter: 1, data: hex('00000000') },
        { type: 'unknown', code: 5, body: hex('00000000') },
      ],
    }],
  },
  { type: 'role_request', role: 'master', generationId: 0xffffffffffffffffn },
  { type: 'role_reply', role: 'slave', generationId: 0n },
  { type: 'get_async_request' },
  { type: 'get_async_reply', ...async },
  { type: 'set_async', ...async },
  { type: 'meter_mod', command: 'modify', flags: 1, meterId: 3, bands: [{ type: 'drop', rate: 1, burstSize: 0 }] },
  { type: 'unknown', code: 200, body: hex('0102') },
];

const frames: Frame[] = messages.map((msg, i) => ({ xid: i + 1, msg }));
const viaText = (f: Frame): Frame => messageFromJson(JSON.parse(JSON.stringify(messageToJson(f))));

/** The error a document gives, as `path: detail`. */
function errorOf(json: unknown): string {
  try {
    messageFromJson(json);
  } catch (e) {
    expect(e).toBeInstanceOf(OfpJsonError);
    return (e as Error).message;
  }
  throw new Error('expected an OfpJsonError');
}

describe('messageToJson', () => {
  it('puts xid and type first and writes bigints and bytes as hex', () => {
    const j = messageToJson({ xid: 42, msg: messages[10] as OfpMessage });
    expect(Object.keys(j).slice(0, 3)).toEqual(['xid', 'type', 'bufferId']);
    expect(j.cookie).toBe('0x1');
    expect(j.data).toBe('0180c200000e');
    expect((j.match as unknown[])[1]).toEqual({ field: 'metadata', value: '0xfedcba9876543210', mask: '0xffff0000ffff0000' });
    expect((j.match as unknown[])[3]).toEqual({ field: 'vlan_vid', value: 4196, mask: 4096 });
    expect((j.match as unknown[])[7]).toEqual({ field: 'tunnel_id', value: '0x0' });
    expect('mask' in ((j.match as unknown[])[0] as object)).toBe(false);
  });

  it('writes empty bytes as ""', () => {
    expect(messageToJson({ xid: 0, msg: { type: 'echo_request', data: Buffer.alloc(0) } })).toEqual({ xid: 0, type: 'echo_request', data: '' });
  });
});

describe('messageFromJson round trip', () => {
  it.each(frames.map((f) => [`${f.msg.type}${'body' in f.msg && typeof f.msg.body === 'object' && 'type' in f.msg.body ? `/${f.msg.body.type}` : ''}`, f]))(
    '%s',
    (_name, f) => {
      expect(viaText(f as Frame)).toStrictEqual(f);
    },
  );

  it.each(frames.map((f) => [f.msg.type, f]))('%s survives encode → decode → JSON → encode', (_name, f) => {
    const frame = f as Frame;
    const bytes = encodeMessage(frame.msg, frame.xid);
    const decoded = decodeMessage(bytes);
    const back = viaText(decoded);
    expect(back).toEqual(decoded);
    expect(encodeMessage(back.msg, back.xid).equals(bytes)).toBe(true);
  });

  const vectors = loadVectors();
  (vectors.length > 0 ? it.each(vectors.map((v) => [v.name, v])) : it.skip.each([['(no golden vectors yet)', undefined]]))(
    'golden %s',
    (_name, v) => {
      if (v === undefined) return;
      const decoded = decodeMessage(v.bytes);
      expect(viaText(decoded)).toEqual(decoded);
      if (v.expected !== undefined) expect(messageToJson(decoded)).toEqual(v.expected);
    },
  );
});

describe('messageFromJson input forms', () => {
  const base = { xid: 1, type: 'role_request', role: 'master' };

  it('accepts bigints as hex or decimal strings, and safe integers', () => {
    for (const g of ['0xFF', '0xff', '255', 255]) {
      expect(messageFromJson({ ...base, generationId: g }).msg).toEqual({ type: 'role_request', role: 'master', generationId: 255n });
    }
    expect((messageFromJson({ ...base, generationId: '18446744073709551615' }).msg as { generationId: bigint }).generationId).toBe(
      0xffffffffffffffffn,
    );
  });

  it('normalises addresses to the form the decoder produces', () => {
    const f = messageFromJson({
      xid: 1, type: 'packet_in', bufferId: 0, totalLen: 0, reason: 'no_match', tableId: 0, cookie: '0', data: 'AB',
      match: [
        { field: 'eth_src', value: 'AA:BB:CC:DD:EE:FF' },
        { field: 'ipv6_src', value: '2001:db8::1', mask: 'ffff:ffff::' },
        { field: 'ipv4_dst', value: '010.0.0.1' },
      ],
    });
    expect(f.msg).toMatchObject({
      data: hex('ab'),
      match: [
        { field: 'eth_src', value: 'aa:bb:cc:dd:ee:ff' },
        { field: 'ipv6_src', value: '2001:0db8:0000:0000:0000:0000:0000:0001', mask: 'ffff:ffff:0000:0000:0000:0000:0000:0000' },
        { field: 'ipv4_dst', value: '10.0.0.1' },
      ],
    });
    const fr = messageFromJson({ xid: 0, type: 'features_reply', datapathId: '00000000000000AB', nBuffers: 0, nTables: 1, auxiliaryId: 0, capabilities: 0, reserved: 0 });
    expect((fr.msg as { datapathId: string }).datapathId).toBe('00:00:00:00:00:00:00:ab');
  });
});

describe('messageFromJson validation', () => {
  const flowMod = JSON.parse(JSON.stringify(messageToJson(frames[14] as Frame))) as Record<string, unknown>;
  const edit = (f: (j: Record<string, unknown>) => void): Record<string, unknown> => {
    const j = JSON.parse(JSON.stringify(flowMod)) as Record<string, unknown>;
    f(j);
    return j;
  };
  type Inst = { actions: Record<string, unknown>[] };

  it('names the path of a bad nested value', () => {
    const j = edit((x) => {
      ((x.instructions as Inst[])[3] as Inst).actions[0]!.port = -1;
    });
    expect(errorOf(j)).toBe('instructions[3].actions[0].port: expected u32, got -1');
  });

  it('reports a missing field', () => {
    const j = edit((x) => {
      delete x.priority;
    });
    expect(errorOf(j)).toBe('priority: expected u16, but the field is missing');
  });

  it('rejects a field the message type does not have', () => {
    expect(errorOf(edit((x) => (x.bogus = 1)))).toBe('bogus: unknown field for flow_mod');
    expect(errorOf({ xid: 1, type: 'barrier_request', data: '' })).toBe('data: unknown field for barrier_request');
    const j = edit((x) => {
      ((x.instructions as Inst[])[0] as unknown as Record<string, unknown>).actions = [];
    });
    expect(errorOf(j)).toBe('instructions[0].actions: unknown field for goto_table');
  });

  it('rejects unknown tags and bad enums', () => {
    expect(errorOf({ xid: 1, type: 'flow_mood' })).toBe("type: unknown message 'flow_mood'");
    expect(errorOf({ xid: 1 })).toMatch(/^type: expected a message name/);
    expect(errorOf(edit((x) => (x.command = 'replace')))).toBe('command: expected one of add|modify|modify_strict|delete|delete_strict, got "replace"');
    expect(errorOf(edit((x) => ((x.match as unknown[])[0] = { field: 'in_prot', value: 1 })))).toBe("match[0].field: unknown OXM field 'in_prot'");
  });

  it('checks OXM values by the kind in the OXM table', () => {
    expect(errorOf(edit((x) => ((x.match as unknown[])[3] = { field: 'vlan_vid', value: '0x1064' })))).toBe(
      'match[3].value: expected u16, got "0x1064"',
    );
    expect(errorOf(edit((x) => ((x.match as unknown[])[1] = { field: 'metadata', value: 1, mask: 'ff' })))).toBe(
      'match[1].mask: expected u64 (a "0x…" hex or decimal string), got "ff"',
    );
    expect(errorOf(edit((x) => ((x.match as unknown[])[1] = { field: 'metadata', value: 1, bogus: 1 })))).toBe(
      'match[1].bogus: unknown field for metadata',
    );
  });

  it('validates scalars', () => {
    const cases: [(x: Record<string, unknown>) => void, string][] = [
      [(x) => (x.xid = 2 ** 32), 'xid: expected u32, got 4294967296'],
      [(x) => (x.tableId = 1.5), 'tableId: expected u8, got 1.5'],
      [(x) => (x.cookie = '0x10000000000000000'), 'cookie: expected u64 (a "0x…" hex or decimal string), got "0x10000000000000000"'],
      [(x) => (x.cookie = '-1'), 'cookie: expected u64 (a "0x…" hex or decimal string), got "-1"'],
      [(x) => (x.cookie = 1.5), 'cookie: expected u64 (a "0x…" hex or decimal string), got 1.5'],
      [(x) => ((x.match as Record<string, unknown>[])[2]!.value = '01:80:c2:00:00'), 'match[2].value: expected mac address (aa:bb:cc:dd:ee:ff), got "01:80:c2:00:00"'],
      [(x) => ((x.match as Record<string, unknown>[])[4]!.mask = '256.0.0.0'), 'match[4].mask: expected ipv4 address, got "256.0.0.0"'],
      [(x) => ((x.match as Record<string, unknown>[])[5]!.value = '1::2::3'), 'match[5].value: expected ipv6 address, got "1::2::3"'],
      [(x) => ((x.match as Record<string, unknown>[])[6]!.value = 0x1000000), 'match[6].value: expected u24, got 16777216'],
      [(x) => ((x.match as Record<string, unknown>[])[8]!.body = 'abc'), 'match[8].body: expected hex bytes, got "abc"'],
      [(x) => ((x.match as Record<string, unknown>[])[8]!.oxmField = 128), 'match[8].oxmField: expected u7, got 128'],
      [(x) => ((x.match as Record<string, unknown>[])[8]!.hasMask = 0), 'match[8].hasMask: expected boolean, got 0'],
      [(x) => (x.match = {}), 'match: expected array, got {}'],
      [(x) => ((x.instructions as unknown[])[0] = 'goto'), 'instructions[0]: expected instruction object, got "goto"'],
    ];
    for (const [f, msg] of cases) expect(errorOf(edit(f))).toBe(msg);
  });

  it('validates text fields, tuples and optional keys', () => {
    const desc = { xid: 0, type: 'multipart_reply', flags: 0, body: { type: 'desc', mfrDesc: '', hwDesc: '', swDesc: '', serialNum: 'x'.repeat(33), dpDesc: '' } };
    expect(errorOf(desc)).toBe(`body.serialNum: expected text of at most 32 latin1 characters, got "${'x'.repeat(33)}"`);
    expect(messageFromJson({ ...desc, body: { ...desc.body, serialNum: 'x'.repeat(32), dpDesc: 'é' } }).msg).toMatchObject({ body: { serialNum: 'x'.repeat(32) } });
    expect(errorOf({ ...desc, body: { ...desc.body, serialNum: '', dpDesc: '€' } })).toBe('body.dpDesc: expected text of at most 256 latin1 characters, got "€"');
    const asyncJson = { xid: 0, type: 'set_async', packetInMask: [1], portStatusMask: [0, 0], flowRemovedMask: [0, 0] };
    expect(errorOf(asyncJson)).toBe('packetInMask: expected array of 2 u32, got [1]');
    expect(errorOf({ ...flowMod, match: [{ field: 'in_port', value: 1, mask: null }] })).toBe('match[0].mask: expected u32, got null');
  });

  it('rejects a document that is not an object', () => {
    expect(errorOf([])).toBe('expected message object, got []');
    expect(errorOf(null)).toBe('expected message object, got null');
  });
});
