/**
 * decodeMessage / encodeMessage: ofp_header checks (OF1.3.5 7.1), version handling (7.5.1 "Hello"),
 * opaque unknown messages, an encode→decode round trip of one hand-built object of every
 * OfpMessage variant and every multipart body, and the size constants of the empty forms.
 */
import { OFPPC, OFPPS, OFPPF } from '../../../src/ofp/constants';
import { decodeMessage } from '../../../src/ofp/decode';
import * as enc from '../../../src/ofp/encode';
import { encodeMessage } from '../../../src/ofp/encode';
import { OFP_MATCH_SIZE } from '../../../src/ofp/oxm';
import type {
  Action,
  Instruction,
  Match,
  MessageOf,
  MultipartReplyBody,
  MultipartRequestBody,
  OfpMessage,
  OfpMessageType,
  Port,
  TableFeatures,
} from '../../../src/ofp/types';
import { hex, decodeError } from '../../support/codec';


// ---------------------------------------------------------------------------------------------
// Hand-built samples. The mapped types make the compiler insist on one sample per variant.

const MATCH: Match = [
  { field: 'in_port', value: 3 },
  { field: 'eth_type', value: 0x0800 },
  { field: 'vlan_vid', value: 0x1064, mask: 0x1fff },
  { field: 'ipv4_dst', value: '10.0.0.0', mask: '255.0.0.0' },
  { field: 'ipv6_src', value: '2001:0db8:0000:0000:0000:0000:0000:0001' },
  { field: 'opaque', oxmClass: 1, oxmField: 0, hasMask: false, body: hex('0000002a') },
];
const ACTIONS: readonly Action[] = [
  { type: 'push_vlan', ethertype: 0x8100 },
  { type: 'set_field', field: { field: 'vlan_vid', value: 0x1064 } },
  { type: 'output', port: 2, maxLen: 0 },
  { type: 'group', groupId: 7 },
  { type: 'experimenter', experimenter: 0x2320, data: hex('0013000000000000') },
];
const INSTRUCTIONS: readonly Instruction[] = [
  { type: 'meter', meterId: 1 },
  { type: 'apply_actions', actions: ACTIONS },
  { type: 'clear_actions' },
  { type: 'write_actions', actions: [{ type: 'set_queue', queueId: 1 }] },
  { type: 'write_metadata', metadata: 0xabn, metadataMask: 0xffn },
  { type: 'goto_table', tableId: 1 },
];
const PORT: Port = {
  portNo: 1,
  hwAddr: '02:00:00:00:00:01',
  name: 'eth1',
  config: OFPPC.NO_PACKET_IN,
  state: OFPPS.LIVE,
  curr: OFPPF['10GB_FD'] | OFPPF.FIBER,
  advertised: 0,
  supported: OFPPF['10GB_FD'],
  peer: 0,
  currSpeed: 10_000_000,
  maxSpeed: 10_000_000,
};
const TABLE: TableFeatures = {
  tableId: 0,
  name: 'classifier',
  metadataMatch: 0xffffffffffffffffn,
  metadataWrite: 0xffn,
  config: 3,
  maxEntries: 1_000_000,
  properties: [
    { type: 'instructions', ids: [{ code: 1, data: hex('') }, { code: 0xffff, data: hex('00002320') }] },
    { type: 'instructions_miss', ids: [] },
    { type: 'next_tables', tableIds: [1, 2, 3] },
    { type: 'next_tables_miss', tableIds: [] },
    { type: 'write_actions', ids: [{ code: 0, data: hex('') }] },
    { type: 'write_actions_miss', ids: [{ code: 17, data: hex('') }] },
    { type: 'apply_actions', ids: [{ code: 25, data: hex('') }, { code: 0xffff, data: hex('00002320') }] },
    { type: 'apply_actions_miss', ids: [] },
    { type: 'match', oxmIds: [{ header: 0x80000004 }, { header: 0xffff0a08, experimenter: 0x2320 }] },
    { type: 'wildcards', oxmIds: [{ header: 0x80000c02 }] },
    { type: 'write_setfield', oxmIds: [{ header: 0x80000606 }] },
    { type: 'write_setfield_miss', oxmIds: [] },
    { type: 'apply_setfield', oxmIds: [{ header: 0x80000c02 }, { header: 0x80000806 }] },
    { type: 'apply_setfield_miss', oxmIds: [] },
    { type: 'experimenter', experimenter: 0x2320, expType: 1, data: hex('0102') },
    { type: 'experimenter_miss', experimenter: 0x2320, expType: 2, data: hex('') },
    { type: 'unknown', code: 0x00f0, body: hex('aabbcc') },
  ],
};
const ASYNC = { packetInMask: [3, 1], portStatusMask: [7, 7], flowRemovedMask: [15, 0] } as const;
const FLOW_FILTER = { tableId: 0xff, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0x10n, cookieMask: 0xf0n, match: MATCH };
const EXP = { experimenter: 0x2320, expType: 9, data: hex('0102030405') };

const REQUESTS: { readonly [T in MultipartRequestBody['type']]: Extract<MultipartRequestBody, { type: T }> } = {
  desc: { type: 'desc' },
  flow: { type: 'flow', ...FLOW_FILTER },
  aggregate: { type: 'aggregate', ...FLOW_FILTER, match: [] },
  table: { type: 'table' },
  port_stats: { type: 'port_stats', portNo: 0xffffffff },
  queue: { type: 'queue', portNo: 1, queueId: 0xffffffff },
  group: { type: 'group', groupId: 0xfffffffc },
  group_desc: { type: 'group_desc' },
  group_features: { type: 'group_features' },
  meter: { type: 'meter', meterId: 0xffffffff },
  meter_config: { type: 'meter_config', meterId: 5 },
  meter_features: { type: 'meter_features' },
  table_features: { type: 'table_features', tables: [TABLE, { ...TABLE, tableId: 1, name: '', properties: [] }] },
  port_desc: { type: 'port_desc' },
  experimenter: { type: 'experimenter', ...EXP },
  unknown: { type: 'unknown', code: 0x00fe, body: hex('01020304') },
};

const BUCKET_STATS = [{ packetCount: 1n, byteCount: 64n }];
const REPLIES: { readonly [T in MultipartReplyBody['type']]: Extract<MultipartReplyBody, { type: T }> } = {
  desc: { type: 'desc', mfrDesc: 'Isthmus', hwDesc: 'hw', swDesc: 'sw 1.0', serialNum: 'SN-1', dpDesc: 'dp0' },
  flow: {
    type: 'flow',
    stats: [
      {
        tableId: 1, durationSec: 10, durationNsec: 500, priority: 0x8000, idleTimeout: 60, hardTimeout: 0, flags: 1,
        cookie: 0xdeadbeefn, packetCount: 100n, byteCount: 6400n, match: MATCH, instructions: INSTRUCTIONS,
      },
      {
        tableId: 0, durationSec: 0, durationNsec: 0, priority: 0, idleTimeout: 0, hardTimeout: 0, flags: 0,
        cookie: 0n, packetCount: 0n, byteCount: 0n, match: [], instructions: [],
      },
    ],
  },
  aggregate: { type: 'aggregate', packetCount: 5n, byteCount: 320n, flowCount: 2 },
  table: { type: 'table', stats: [{ tableId: 0, activeCount: 4, lookupCount: 1000n, matchedCount: 900n }] },
  port_stats: {
    type: 'port_stats',
    stats: [
      {
        portNo: 1, rxPackets: 1n, txPackets: 2n, rxBytes: 3n, txBytes: 4n, rxDropped: 5n, txDropped: 6n, rxErrors: 7n,
        txErrors: 8n, rxFrameErr: 9n, rxOverErr: 10n, rxCrcErr: 11n, collisions: 12n, durationSec: 13, durationNsec: 14,
      },
    ],
  },
  queue: {
    type: 'queue',
    stats: [{ portNo: 1, queueId: 2, txBytes: 3n, txPackets: 4n, txErrors: 5n, durationSec: 6, durationNsec: 7 }],
  },
  group: {
    type: 'group',
    stats: [
      { groupId: 1, refCount: 2, packetCount: 3n, byteCount: 4n, durationSec: 5, durationNsec: 6, bucketStats: BUCKET_STATS },
      { groupId: 2, refCount: 0, packetCount: 0n, byteCount: 0n, durationSec: 0, durationNsec: 0, bucketStats: [] },
    ],
  },
  group_desc: {
    type: 'group_desc',
    groups: [
      {
        groupType: 'ff',
        groupId: 1,
        buckets: [{ weight: 0, watchPort: 1, watchGroup: 0xffffffff, actions: [{ type: 'output', port: 1, maxLen: 0 }] }],
      },
      { groupType: 'indirect', groupId: 2, buckets: [] },
    ],
  },
  group_features: { type: 'group_features', types: 15, capabilities: 3, maxGroups: [1, 2, 3, 4], actions: [5, 6, 7, 8] },
  meter: {
    type: 'meter',
    stats: [
      {
        meterId: 1, flowCount: 2, packetInCount: 3n, byteInCount: 4n, durationSec: 5, durationNsec: 6,
        bandStats: [{ packetBandCount: 7n, byteBandCount: 8n }],
      },
    ],
  },
  meter_config: {
    type: 'meter_config',
    configs: [{ flags: 5, meterId: 1, bands: [{ type: 'drop', rate: 1000, burstSize: 100 }] }],
  },
  meter_features: { type: 'meter_features', maxMeter: 64, bandTypes: 6, capabilities: 15, maxBands: 2, maxColor: 8 },
  table_features: { type: 'table_features', tables: [TABLE] },
  port_desc: { type: 'port_desc', ports: [PORT, { ...PORT, portNo: 0xfffffffe, name: 'br0', hwAddr: 'aa:bb:cc:dd:ee:ff' }] },
  experimenter: { type: 'experimenter', ...EXP },
  unknown: { type: 'unknown', code: 0x00fe, body: hex('0a0b0c') },
};

const MESSAGES: { readonly [T in OfpMessageType]: MessageOf<T> } = {
  hello: { type: 'hello', version: 4, elements: [{ type: 'versionbitmap', bitmaps: [0x12] }, { type: 'unknown', code: 2, body: hex('0102') }] },
  error: { type: 'error', version: 4, errType: 1, code: 6, data: hex('040e0048000000a1') },
  echo_request: { type: 'echo_request', data: hex('00010203') },
  echo_reply: { type: 'echo_reply', data: hex('00010203') },
  experimenter: { type: 'experimenter', ...EXP },
  features_request: { type: 'features_request' },
  features_reply: {
    type: 'features_reply', datapathId: '00:00:00:00:00:00:00:2a', nBuffers: 256, nTables: 254, auxiliaryId: 0,
    capabilities: 0x4f, reserved: 0,
  },
  get_config_request: { type: 'get_config_request' },
  get_config_reply: { type: 'get_config_reply', flags: 0, missSendLen: 0xffe5 },
  set_config: { type: 'set_config', flags: 2, missSendLen: 128 },
  packet_in: {
    type: 'packet_in', bufferId: 0xffffffff, totalLen: 60, reason: 'action', tableId: 3, cookie: 0x1234n, match: MATCH,
    data: Buffer.alloc(60, 0xab),
  },
  flow_removed: {
    type: 'flow_removed', cookie: 7n, priority: 100, reason: 'group_delete', tableId: 2, durationSec: 1, durationNsec: 2,
    idleTimeout: 3, hardTimeout: 4, packetCount: 5n, byteCount: 6n, match: MATCH,
  },
  port_status: { type: 'port_status', reason: 'modify', desc: PORT },
  packet_out: { type: 'packet_out', bufferId: 0xffffffff, inPort: 0xfffffffd, actions: ACTIONS, data: hex('ffffffffffff0200000000010800') },
  flow_mod: {
    type: 'flow_mod', cookie: 0xfeedn, cookieMask: 0n, tableId: 0, command: 'modify_strict', idleTimeout: 10, hardTimeout: 20,
    priority: 0x8000, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 1, match: MATCH,
    instructions: INSTRUCTIONS,
  },
  group_mod: {
    type: 'group_mod', command: 'add', groupType: 'select', groupId: 9,
    buckets: [
      { weight: 50, watchPort: 0xffffffff, watchGroup: 0xffffffff, actions: ACTIONS },
      { weight: 50, watchPort: 0xffffffff, watchGroup: 0xffffffff, actions: [] },
    ],
  },
  port_mod: { type: 'port_mod', portNo: 4, hwAddr: '02:00:00:00:00:04', config: 1, mask: 1, advertise: 0 },
  table_mod: { type: 'table_mod', tableId: 0xff, config: 3 },
  multipart_request: { type: 'multipart_request', flags: 1, body: REQUESTS.flow },
  multipart_reply: { type: 'multipart_reply', flags: 0, body: REPLIES.flow },
  barrier_request: { type: 'barrier_request' },
  barrier_reply: { type: 'barrier_reply' },
  queue_get_config_request: { type: 'queue_get_config_request', port: 0xffffffff },
  queue_get_config_reply: {
    type: 'queue_get_config_reply', port: 1,
    queues: [
      {
        queueId: 1, port: 1,
        properties: [
          { type: 'min_rate', rate: 100 },
          { type: 'max_rate', rate: 1000 },
          { type: 'experimenter', experimenter: 0x2320, data: hex('01020304') },
          { type: 'unknown', code: 9, body: hex('00000000aabbccdd') },
        ],
      },
      { queueId: 2, port: 1, properties: [] },
    ],
  },
  role_request: { type: 'role_request', role: 'master', generationId: 0xffffffffffffffffn },
  role_reply: { type: 'role_reply', role: 'slave', generationId: 1n },
  get_async_request: { type: 'get_async_request' },
  get_async_reply: { type: 'get_async_reply', ...ASYNC },
  set_async: { type: 'set_async', ...ASYNC },
  meter_mod: {
    type: 'meter_mod', command: 'modify', flags: 0x0d, meterId: 1,
    bands: [
      { type: 'drop', rate: 1000, burstSize: 100 },
      { type: 'dscp_remark', rate: 500, burstSize: 50, precLevel: 1 },
      { type: 'experimenter', rate: 1, burstSize: 2, experimenter: 0x2320, data: hex('0102030405060708') },
      { type: 'unknown', code: 3, rate: 1, burstSize: 2, body: hex('00000000') },
    ],
  },
  unknown: { type: 'unknown', code: 99, body: hex('deadbeef') },
};

/** Encodes, decodes, compares, and checks that re-encoding the decoded value gives the same bytes. */
function roundTrip(msg: OfpMessage, xid = 0x12345678): void {
  const bytes = encodeMessage(msg, xid);
  expect(bytes.readUInt16BE(2)).toBe(bytes.length);
  const frame = decodeMessage(bytes);
  expect(frame).toEqual({ xid, msg });
  expect(encodeMessage(frame.msg, xid)).toEqual(bytes);
}

describe('encode → decode round trip', () => {
  it.each(Object.values(MESSAGES).map((m) => [m.type, m] as const))('%s', (_t, msg) => roundTrip(msg));

  it.each(Object.values(REQUESTS).map((b) => [b.type, b] as const))('multipart_request %s', (_t, body) =>
    roundTrip({ type: 'multipart_request', flags: 0, body }),
  );

  it.each(Object.values(REPLIES).map((b) => [b.type, b] as const))('multipart_reply %s', (_t, body) =>
    roundTrip({ type: 'multipart_reply', flags: 1, body }),
  );

  it('keeps the xid at both extremes', () => {
    roundTrip(MESSAGES.barrier_request, 0);
    roundTrip(MESSAGES.barrier_request, 0xffffffff);
  });

  it('writes the header as version 4, type, length, xid', () => {
    expect(encodeMessage(MESSAGES.echo_request, 0x2a)).toEqual(hex('04 02 000c 0000002a 00010203'));
    // hello: one versionbitmap element (type 1, length 8) with bitmap 0x10 (1.3 only), no padding needed
    expect(encodeMessage({ type: 'hello', version: 4, elements: [{ type: 'versionbitmap', bitmaps: [0x10] }] }, 1)).toEqual(
      hex('04 00 0010 00000001 0001 0008 00000010'),
    );
  });
});

describe('ofp_header checks', () => {
  it('fewer than 8 bytes is TRUNCATED', () => {
    expect(decodeError(() => decodeMessage(hex('04 00 00')))).toMatchObject({ code: 'TRUNCATED', offset: 3 });
    expect(decodeError(() => decodeMessage(Buffer.alloc(0)))).toMatchObject({ code: 'TRUNCATED', offset: 0 });
  });

  it.each([0, 1, 4, 7])('length %d (< 8) is BAD_LENGTH at the length field', (len) => {
    const b = hex(`04 14 ${len.toString(16).padStart(4, '0')} 00000001`);
    expect(decodeError(() => decodeMessage(b))).toMatchObject({ code: 'BAD_LENGTH', offset: 2 });
  });

  it('length beyond the buffer is TRUNCATED', () => {
    expect(decodeError(() => decodeMessage(hex('04 02 000c 00000001 0102')))).toMatchObject({ code: 'TRUNCATED', offset: 10 });
    expect(decodeError(() => decodeMessage(hex('04 14 ffff 00000001')))).toMatchObject({ code: 'TRUNCATED', offset: 8 });
  });

  it('bytes after ofp_header.length are TRAILING_BYTES', () => {
    expect(decodeError(() => decodeMessage(hex('04 14 0008 00000001 00')))).toMatchObject({ code: 'TRAILING_BYTES', offset: 8 });
  });

  it('a body longer than its fixed layout is TRAILING_BYTES after the layout', () => {
    expect(decodeError(() => decodeMessage(hex('04 14 000c 00000001 00000000')))).toMatchObject({ code: 'TRAILING_BYTES', offset: 8 });
    const fr = encodeMessage(MESSAGES.features_reply, 1);
    const longer = Buffer.concat([fr, hex('00000000')]);
    longer.writeUInt16BE(longer.length, 2);
    expect(decodeError(() => decodeMessage(longer))).toMatchObject({ code: 'TRAILING_BYTES', offset: 32 });
  });

  it('a hello element length below 4 or past the message, or an actions_len past it, is BAD_LENGTH at that field', () => {
    expect(decodeError(() => decodeMessage(hex('04 00 0010 00000001 0001 0010 00000010')))).toMatchObject({ code: 'BAD_LENGTH', offset: 10 });
    expect(decodeError(() => decodeMessage(hex('04 00 000c 00000001 0001 0003')))).toMatchObject({ code: 'BAD_LENGTH', offset: 10 });
    const po = hex('04 0d 0018 00000001 ffffffff fffffffd 0010 000000000000');
    expect(decodeError(() => decodeMessage(po))).toMatchObject({ code: 'BAD_LENGTH', offset: 16 });
  });

  it('a body shorter than its fixed layout is TRUNCATED', () => {
    expect(decodeError(() => decodeMessage(hex('04 09 000a 00000001 0000')))).toMatchObject({ code: 'TRUNCATED', offset: 10 });
  });

  it('version 1 FLOW_MOD is BAD_VERSION at offset 0', () => {
    const b = encodeMessage(MESSAGES.flow_mod, 1);
    b[0] = 1;
    expect(decodeError(() => decodeMessage(b))).toMatchObject({ code: 'BAD_VERSION', offset: 0 });
    expect(decodeError(() => decodeMessage(hex('05 14 0008 00000001')))).toMatchObject({ code: 'BAD_VERSION', offset: 0 });
    expect(decodeError(() => decodeMessage(hex('01 63 0008 00000001')))).toMatchObject({ code: 'BAD_VERSION', offset: 0 });
  });

  it('version 1 HELLO is accepted and keeps its version', () => {
    const b = hex('01 00 0008 00000007');
    const f = decodeMessage(b);
    expect(f).toEqual({ xid: 7, msg: { type: 'hello', version: 1, elements: [] } });
    expect(encodeMessage(f.msg, f.xid)).toEqual(b);
  });

  it('version 6 HELLO with a versionbitmap is accepted and keeps its version', () => {
    const b = hex('06 00 0010 00000008 0001 0008 00000052');
    expect(decodeMessage(b)).toEqual({ xid: 8, msg: { type: 'hello', version: 6, elements: [{ type: 'versionbitmap', bitmaps: [0x52] }] } });
    expect(encodeMessage(decodeMessage(b).msg, 8)).toEqual(b);
  });

  it('version 1 ERROR (HELLO_FAILED) is accepted and keeps its version', () => {
    const b = hex('01 01 000c 00000009 0000 0000');
    expect(decodeMessage(b)).toEqual({ xid: 9, msg: { type: 'error', version: 1, errType: 0, code: 0, data: hex('') } });
    expect(encodeMessage(decodeMessage(b).msg, 9)).toEqual(b);
  });
});

describe('unknown and malformed bodies', () => {
  it.each([30, 99, 255])('message type %d decodes to {type: unknown} and re-encodes byte-exact', (code) => {
    const b = hex(`04 ${code.toString(16).padStart(2, '0')} 000e 00000005 deadbeef 0102`);
    const f = decodeMessage(b);
    expect(f).toEqual({ xid: 5, msg: { type: 'unknown', code, body: hex('deadbeef0102') } });
    expect(encodeMessage(f.msg, f.xid)).toEqual(b);
  });

  it('an empty unknown message keeps an empty body', () => {
    expect(decodeMessage(hex('04 63 0008 00000000')).msg).toEqual({ type: 'unknown', code: 99, body: hex('') });
  });

  it.each<[string, OfpMessage, (b: Buffer) => void, number]>([
    ['flow_mod command 5', MESSAGES.flow_mod, (b) => b.writeUInt8(5, 25), 25],
    ['packet_in reason 3', MESSAGES.packet_in, (b) => b.writeUInt8(3, 14), 14],
    ['flow_removed reason 4', MESSAGES.flow_removed, (b) => b.writeUInt8(4, 18), 18],
    ['port_status reason 3', MESSAGES.port_status, (b) => b.writeUInt8(3, 8), 8],
    ['group_mod command 3', MESSAGES.group_mod, (b) => b.writeUInt16BE(3, 8), 8],
    ['group_mod type 4', MESSAGES.group_mod, (b) => b.writeUInt8(4, 10), 10],
    ['meter_mod command 3', MESSAGES.meter_mod, (b) => b.writeUInt16BE(3, 8), 8],
    ['role_request role 4', MESSAGES.role_request, (b) => b.writeUInt32BE(4, 8), 8],
  ])('an undefined enum value (%s) is BAD_VALUE at its field', (_name, msg, patch, at) => {
    const b = encodeMessage(msg, 1);
    patch(b);
    expect(decodeError(() => decodeMessage(b))).toMatchObject({ code: 'BAD_VALUE', offset: at });
  });
});

describe('size constants of the empty forms (the analogue of `assert calcsize`)', () => {
  const none = { match: [] as Match };
  const size = (m: OfpMessage): number => encodeMessage(m, 0).length;
  it.each<[string, number, number, OfpMessage]>([
    ['OFP_HEADER_SIZE', enc.OFP_HEADER_SIZE, 8, MESSAGES.barrier_request],
    ['OFP_SWITCH_FEATURES_SIZE', enc.OFP_SWITCH_FEATURES_SIZE, 32, MESSAGES.features_reply],
    ['OFP_SWITCH_CONFIG_SIZE', enc.OFP_SWITCH_CONFIG_SIZE, 12, MESSAGES.set_config],
    ['OFP_FLOW_MOD_SIZE', enc.OFP_FLOW_MOD_SIZE, 56, { ...MESSAGES.flow_mod, ...none, instructions: [] }],
    ['OFP_PACKET_IN_SIZE', enc.OFP_PACKET_IN_SIZE, 34, { ...MESSAGES.packet_in, ...none, data: hex('') }],
    ['OFP_FLOW_REMOVED_SIZE', enc.OFP_FLOW_REMOVED_SIZE, 56, { ...MESSAGES.flow_removed, ...none }],
    ['OFP_PORT_STATUS_SIZE', enc.OFP_PORT_STATUS_SIZE, 80, MESSAGES.port_status],
    ['OFP_PACKET_OUT_SIZE', enc.OFP_PACKET_OUT_SIZE, 24, { ...MESSAGES.packet_out, actions: [], data: hex('') }],
    ['OFP_GROUP_MOD_SIZE', enc.OFP_GROUP_MOD_SIZE, 16, { ...MESSAGES.group_mod, buckets: [] }],
    ['OFP_PORT_MOD_SIZE', enc.OFP_PORT_MOD_SIZE, 40, MESSAGES.port_mod],
    ['OFP_TABLE_MOD_SIZE', enc.OFP_TABLE_MOD_SIZE, 16, MESSAGES.table_mod],
    ['OFP_MULTIPART_HEADER_SIZE (request)', enc.OFP_MULTIPART_HEADER_SIZE, 16, { type: 'multipart_request', flags: 0, body: REQUESTS.desc }],
    ['OFP_MULTIPART_HEADER_SIZE (reply)', enc.OFP_MULTIPART_HEADER_SIZE, 16, { type: 'multipart_reply', flags: 0, body: { type: 'flow', stats: [] } }],
    ['OFP_QUEUE_GET_CONFIG_SIZE (request)', enc.OFP_QUEUE_GET_CONFIG_SIZE, 16, MESSAGES.queue_get_config_request],
    ['OFP_QUEUE_GET_CONFIG_SIZE (reply)', enc.OFP_QUEUE_GET_CONFIG_SIZE, 16, { ...MESSAGES.queue_get_config_reply, queues: [] }],
    ['OFP_ROLE_REQUEST_SIZE', enc.OFP_ROLE_REQUEST_SIZE, 24, MESSAGES.role_reply],
    ['OFP_ASYNC_CONFIG_SIZE', enc.OFP_ASYNC_CONFIG_SIZE, 32, MESSAGES.set_async],
    ['OFP_METER_MOD_SIZE', enc.OFP_METER_MOD_SIZE, 16, { ...MESSAGES.meter_mod, bands: [] }],
    ['OFP_ERROR_MSG_SIZE', enc.OFP_ERROR_MSG_SIZE, 12, { ...MESSAGES.error, data: hex('') }],
    ['OFP_EXPERIMENTER_HEADER_SIZE', enc.OFP_EXPERIMENTER_HEADER_SIZE, 16, { ...MESSAGES.experimenter, data: hex('') }],
  ])('%s', (_name, constant, spec, msg) => {
    expect(constant).toBe(spec);
    expect(size(msg)).toBe(constant);
  });

  it('OFP_MATCH_SIZE is the empty match inside the messages above', () => {
    expect(OFP_MATCH_SIZE).toBe(8);
    expect(enc.OFP_FLOW_MOD_SIZE - 48).toBe(OFP_MATCH_SIZE);
    expect(enc.OFP_FLOW_REMOVED_SIZE - 48).toBe(OFP_MATCH_SIZE);
    expect(enc.OFP_PACKET_IN_SIZE - 26).toBe(OFP_MATCH_SIZE);
  });
});
