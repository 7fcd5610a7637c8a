/**
 * Unit tests for src/ofp/multipart.ts: the bodies of OFPT_MULTIPART_REQUEST / _REPLY
 * (OF1.3.5 7.3.5 "Multipart Messages"), i.e. everything after the 16-byte multipart header.
 * Expected bytes are written out by hand from the spec layouts, never produced by our writer.
 */
import { OFPMP } from '../../../src/ofp/constants';
import { OfpDecodeError } from '../../../src/ofp/errors';
import {
  decodeMultipartReplyBody,
  decodeMultipartRequestBody,
  encodeMultipartReplyBody,
  encodeMultipartRequestBody,
  multipartCode,
  OFP_DESC_SIZE,
} from '../../../src/ofp/multipart';
import { Reader } from '../../../src/ofp/reader';
import type { MultipartReplyBody, MultipartRequestBody, Port, TableFeatures } from '../../../src/ofp/types';
import { Writer } from '../../../src/ofp/writer';
import { parseAnnotatedHex as hex } from '../../support/vectors';

const encReq = (b: MultipartRequestBody): Buffer => {
  const w = new Writer(8);
  encodeMultipartRequestBody(w, b);
  return w.finish();
};
const encRep = (b: MultipartReplyBody): Buffer => {
  const w = new Writer(8);
  encodeMultipartReplyBody(w, b);
  return w.finish();
};
const decReq = (buf: Buffer, type: number): MultipartRequestBody => decodeMultipartRequestBody(new Reader(buf), type);
const decRep = (buf: Buffer, type: number): MultipartReplyBody => decodeMultipartReplyBody(new Reader(buf), type);

function decodeError(f: () => unknown): { code: string; offset: number } {
  try {
    f();
  } catch (e) {
    if (e instanceof OfpDecodeError) return { code: e.code, offset: e.offset };
    throw e;
  }
  throw new Error('decoded without error');
}

/** Checks body ⇄ bytes in both directions. */
function checkReq(body: MultipartRequestBody, bytes: Buffer): void {
  expect(encReq(body)).toEqual(bytes);
  expect(decReq(bytes, multipartCode(body))).toEqual(body);
}
function checkRep(body: MultipartReplyBody, bytes: Buffer): void {
  expect(encRep(body)).toEqual(bytes);
  expect(decRep(bytes, multipartCode(body))).toEqual(body);
}

const port = (portNo: number, name: string): Port => ({
  portNo, hwAddr: '02:00:00:00:00:0' + String(portNo), name, config: 0, state: 4, curr: 0x820, advertised: 0,
  supported: 0, peer: 0, currSpeed: 10_000_000, maxSpeed: 0,
});

const table: TableFeatures = {
  tableId: 0, name: 'classifier', metadataMatch: 0xffffffffffffffffn, metadataWrite: 0xffffffffffffffffn, config: 0,
  maxEntries: 1_000_000, properties: [{ type: 'next_tables', tableIds: [1, 2] }, { type: 'instructions', ids: [{ code: 1, data: Buffer.alloc(0) }] }],
};

describe('multipartCode', () => {
  it('maps each body to its OFPMP code, and an unknown body to its own code', () => {
    expect(multipartCode({ type: 'desc' })).toBe(0);
    expect(multipartCode({ type: 'port_desc', ports: [] })).toBe(13);
    expect(multipartCode({ type: 'experimenter', experimenter: 1, expType: 2, data: Buffer.alloc(0) })).toBe(0xffff);
    expect(multipartCode({ type: 'unknown', code: 0x99, body: Buffer.alloc(0) })).toBe(0x99);
  });
});

describe('multipart request bodies', () => {
  it.each(['desc', 'table', 'group_desc', 'group_features', 'meter_features', 'port_desc'] as const)('%s has an empty body', (type) => {
    checkReq({ type }, Buffer.alloc(0));
  });

  it('flow: ofp_flow_stats_request then the match (7.3.5.2)', () => {
    const bytes = hex(`
      ff 00 00 00  ff ff ff ff  ff ff ff ff  00 00 00 00   # table_id=ALL pad[3] out_port=ANY out_group=ANY pad[4]
      00 00 00 00 00 00 00 7b                              # cookie=123
      ff ff ff ff ff ff ff ff                              # cookie_mask
      00 01 00 0c  80 00 00 04  00 00 00 01  00 00 00 00   # match OXM length=12: in_port=1; pad
    `);
    checkReq(
      { type: 'flow', tableId: 0xff, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 123n, cookieMask: 0xffffffffffffffffn, match: [{ field: 'in_port', value: 1 }] },
      bytes,
    );
  });

  it('aggregate: same layout as flow, empty match (7.3.5.3)', () => {
    const bytes = hex(`
      01 00 00 00  00 00 00 02  ff ff ff ff  00 00 00 00   # table_id=1 out_port=2 out_group=ANY
      00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00     # cookie, cookie_mask
      00 01 00 04  00 00 00 00                             # empty match
    `);
    checkReq({ type: 'aggregate', tableId: 1, outPort: 2, outGroup: 0xffffffff, cookie: 0n, cookieMask: 0n, match: [] }, bytes);
  });

  it('port_stats, queue, group, meter, meter_config: ids padded to 8', () => {
    checkReq({ type: 'port_stats', portNo: 5 }, hex('00 00 00 05  00 00 00 00'));
    checkReq({ type: 'queue', portNo: 5, queueId: 0xffffffff }, hex('00 00 00 05  ff ff ff ff'));
    checkReq({ type: 'group', groupId: 0xfffffffc }, hex('ff ff ff fc  00 00 00 00'));
    checkReq({ type: 'meter', meterId: 0xffffffff }, hex('ff ff ff ff  00 00 00 00'));
    checkReq({ type: 'meter_config', meterId: 7 }, hex('00 00 00 07  00 00 00 00'));
  });

  it('table_features: empty body without tables, else the list', () => {
    checkReq({ type: 'table_features', tables: [] }, Buffer.alloc(0));
    const body: MultipartRequestBody = { type: 'table_features', tables: [table, { ...table, tableId: 1, properties: [] }] };
    expect(decReq(encReq(body), OFPMP.table_features)).toEqual(body);
  });

  it('experimenter and unknown keep their bytes', () => {
    checkReq({ type: 'experimenter', experimenter: 0x2320, expType: 1, data: hex('aa bb') }, hex('00 00 23 20  00 00 00 01  aa bb'));
    checkReq({ type: 'unknown', code: 0x99, body: hex('01 02 03') }, hex('01 02 03'));
  });

  it('rejects bytes after a fixed-size body as TRAILING_BYTES', () => {
    expect(decodeError(() => decReq(hex('00'), OFPMP.desc))).toEqual({ code: 'TRAILING_BYTES', offset: 0 });
    expect(decodeError(() => decReq(hex('00 00 00 05 00 00 00 00 00 00 00 00'), OFPMP.port_stats))).toEqual({ code: 'TRAILING_BYTES', offset: 8 });
    const flow = hex('ff 00 00 00 ff ff ff ff ff ff ff ff 00 00 00 00' + ' 00'.repeat(16) + ' 00 01 00 04 00 00 00 00 ee');
    expect(decodeError(() => decReq(flow, OFPMP.flow))).toEqual({ code: 'TRAILING_BYTES', offset: 40 });
  });

  it('is TRUNCATED on a short fixed-size body', () => {
    expect(decodeError(() => decReq(hex('00 00 00 05'), OFPMP.port_stats))).toEqual({ code: 'TRUNCATED', offset: 4 });
    expect(decodeError(() => decReq(hex('00 00 23 20 00 00 00'), OFPMP.experimenter))).toEqual({ code: 'TRUNCATED', offset: 4 });
    expect(decodeError(() => decReq(hex('ff 00 00 00 ff ff ff ff'), OFPMP.flow))).toEqual({ code: 'TRUNCATED', offset: 8 });
  });
});

describe('multipart reply bodies', () => {
  it('desc: five NUL-padded strings of 256/256/256/32/256 bytes (7.3.5.1)', () => {
    const bytes = Buffer.alloc(1056);
    bytes.write('Nicira, Inc.', 0, 'latin1');
    bytes.write('Open vSwitch', 256, 'latin1');
    bytes.write('3.3.0', 512, 'latin1');
    bytes.write('None', 768, 'latin1');
    bytes.write('br0', 800, 'latin1');
    expect(OFP_DESC_SIZE).toBe(1056);
    checkRep({ type: 'desc', mfrDesc: 'Nicira, Inc.', hwDesc: 'Open vSwitch', swDesc: '3.3.0', serialNum: 'None', dpDesc: 'br0' }, bytes);
    expect(decodeError(() => decRep(bytes.subarray(0, 1055), OFPMP.desc))).toEqual({ code: 'TRUNCATED', offset: 800 });
    expect(decodeError(() => decRep(Buffer.concat([bytes, hex('00')]), OFPMP.desc))).toEqual({ code: 'TRAILING_BYTES', offset: 1056 });
  });

  const flowStatsBytes = hex(`
    00 40 00 00  00 00 00 0a  00 00 00 14                # length=64 table_id=0 pad duration=10s 20ns
    80 00 00 3c  00 00 00 01  00 00 00 00                # priority=0x8000 idle=60 hard=0 flags=SEND_FLOW_REM pad[4]
    00 00 00 00 00 00 00 7b                              # cookie=123
    00 00 00 00 00 00 00 05                              # packet_count=5
    00 00 00 00 00 00 01 2c                              # byte_count=300
    00 01 00 04  00 00 00 00                             # empty match
    00 01 00 08  01 00 00 00                             # goto_table 1
  `);
  const flowStats = {
    tableId: 0, durationSec: 10, durationNsec: 20, priority: 0x8000, idleTimeout: 60, hardTimeout: 0, flags: 1,
    cookie: 123n, packetCount: 5n, byteCount: 300n, match: [], instructions: [{ type: 'goto_table', tableId: 1 }],
  } as const;

  it('flow: ofp_flow_stats with match and instructions (7.3.5.2)', () => {
    checkRep({ type: 'flow', stats: [flowStats, flowStats] }, Buffer.concat([flowStatsBytes, flowStatsBytes]));
    checkRep({ type: 'flow', stats: [] }, Buffer.alloc(0));
  });

  it('flow: rejects an entry length below 56 or zero (no loop), or overrunning the body', () => {
    const b = Buffer.from(flowStatsBytes);
    b.writeUInt16BE(48, 0);
    expect(decodeError(() => decRep(b, OFPMP.flow))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
    b.writeUInt16BE(0, 0);
    expect(decodeError(() => decRep(b, OFPMP.flow))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
    b.writeUInt16BE(72, 0);
    expect(decodeError(() => decRep(b, OFPMP.flow))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
  });

  it('aggregate (7.3.5.3)', () => {
    const bytes = hex('00 00 00 00 00 00 00 05  00 00 00 00 00 00 01 2c  00 00 00 02  00 00 00 00');
    checkRep({ type: 'aggregate', packetCount: 5n, byteCount: 300n, flowCount: 2 }, bytes);
    expect(decodeError(() => decRep(Buffer.concat([bytes, hex('00 00 00 00')]), OFPMP.aggregate))).toEqual({ code: 'TRAILING_BYTES', offset: 24 });
  });

  it('table: ofp_table_stats records (7.3.5.4)', () => {
    const bytes = hex(`
      00 00 00 00  00 00 00 03  00 00 00 00 00 00 00 0a  00 00 00 00 00 00 00 07   # table 0: active=3 lookup=10 matched=7
      01 00 00 00  00 00 00 00  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00   # table 1: zeros
    `);
    const zero = { tableId: 1, activeCount: 0, lookupCount: 0n, matchedCount: 0n };
    checkRep({ type: 'table', stats: [{ tableId: 0, activeCount: 3, lookupCount: 10n, matchedCount: 7n }, zero] }, bytes);
    expect(decodeError(() => decRep(bytes.subarray(0, 25), OFPMP.table))).toEqual({ code: 'TRUNCATED', offset: 24 });
  });

  it('port_stats: ofp_port_stats, 112 bytes (7.3.5.6)', () => {
    const counters = Array.from({ length: 12 }, (_, i) => `00 00 00 00 00 00 00 ${(i + 1).toString(16).padStart(2, '0')}`).join('\n');
    const bytes = hex(`00 00 00 01  00 00 00 00\n${counters}\n00 00 00 1e  00 00 01 f4`);
    expect(bytes.length).toBe(112);
    checkRep(
      {
        type: 'port_stats',
        stats: [{
          portNo: 1, rxPackets: 1n, txPackets: 2n, rxBytes: 3n, txBytes: 4n, rxDropped: 5n, txDropped: 6n, rxErrors: 7n,
          txErrors: 8n, rxFrameErr: 9n, rxOverErr: 10n, rxCrcErr: 11n, collisions: 12n, durationSec: 30, durationNsec: 500,
        }],
      },
      bytes,
    );
  });

  it('queue: ofp_queue_stats, 40 bytes (7.3.5.8)', () => {
    const bytes = hex(`
      00 00 00 01  00 00 00 00                             # port_no=1 queue_id=0
      00 00 00 00 00 00 00 64  00 00 00 00 00 00 00 02     # tx_bytes=100 tx_packets=2
      00 00 00 00 00 00 00 00  00 00 00 03  00 00 00 04    # tx_errors=0 duration=3s 4ns
    `);
    checkRep({ type: 'queue', stats: [{ portNo: 1, queueId: 0, txBytes: 100n, txPackets: 2n, txErrors: 0n, durationSec: 3, durationNsec: 4 }] }, bytes);
    expect(decodeError(() => decRep(Buffer.concat([bytes, bytes.subarray(0, 39)]), OFPMP.queue))).toEqual({ code: 'TRUNCATED', offset: 40 });
  });

  const groupStatsBytes = hex(`
    00 38 00 00  00 00 00 01  00 00 00 02  00 00 00 00   # length=56 pad group_id=1 ref_count=2 pad
    00 00 00 00 00 00 00 03  00 00 00 00 00 00 00 04     # packet_count=3 byte_count=4
    00 00 00 05  00 00 00 06                             # duration=5s 6ns
    00 00 00 00 00 00 00 07  00 00 00 00 00 00 00 08     # bucket 0: packets=7 bytes=8
  `);

  it('group: ofp_group_stats with bucket counters (7.3.5.9)', () => {
    checkRep(
      {
        type: 'group',
        stats: [{ groupId: 1, refCount: 2, packetCount: 3n, byteCount: 4n, durationSec: 5, durationNsec: 6, bucketStats: [{ packetCount: 7n, byteCount: 8n }] }],
      },
      groupStatsBytes,
    );
  });

  it('group: rejects counters that are not whole 16-byte pairs', () => {
    const b = Buffer.from(groupStatsBytes.subarray(0, 48));
    b.writeUInt16BE(48, 0);
    expect(decodeError(() => decRep(b, OFPMP.group))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
  });

  it('group_desc (7.3.5.10), including an undefined group type', () => {
    checkRep({ type: 'group_desc', groups: [{ groupType: 'all', groupId: 1, buckets: [] }] }, hex('00 08 00 00  00 00 00 01'));
    expect(decodeError(() => decRep(hex('00 08 04 00  00 00 00 01'), OFPMP.group_desc))).toEqual({ code: 'BAD_VALUE', offset: 2 });
  });

  it('group_features (7.3.5.11)', () => {
    const bytes = hex(`
      00 00 00 0f  00 00 00 07                             # types=all four, capabilities
      00 00 00 01  00 00 00 02  00 00 00 03  00 00 00 04   # max_groups
      00 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00   # actions
    `);
    checkRep({ type: 'group_features', types: 15, capabilities: 7, maxGroups: [1, 2, 3, 4], actions: [1, 0, 0, 0] }, bytes);
  });

  const meterStatsBytes = hex(`
    00 00 00 01  00 38  00 00 00 00 00 00                # meter_id=1 len=56 pad[6]
    00 00 00 02                                          # flow_count=2
    00 00 00 00 00 00 00 03  00 00 00 00 00 00 00 04     # packet_in_count=3 byte_in_count=4
    00 00 00 05  00 00 00 06                             # duration=5s 6ns
    00 00 00 00 00 00 00 07  00 00 00 00 00 00 00 08     # band 0: packets=7 bytes=8
  `);

  it('meter: ofp_meter_stats with band counters (7.3.5.12)', () => {
    checkRep(
      {
        type: 'meter',
        stats: [{ meterId: 1, flowCount: 2, packetInCount: 3n, byteInCount: 4n, durationSec: 5, durationNsec: 6, bandStats: [{ packetBandCount: 7n, byteBandCount: 8n }] }],
      },
      meterStatsBytes,
    );
  });

  it('meter: the length field is at offset 4', () => {
    const b = Buffer.from(meterStatsBytes);
    b.writeUInt16BE(0, 4);
    expect(decodeError(() => decRep(b, OFPMP.meter))).toEqual({ code: 'BAD_LENGTH', offset: 4 });
    expect(decodeError(() => decRep(b.subarray(0, 5), OFPMP.meter))).toEqual({ code: 'TRUNCATED', offset: 0 });
  });

  it('meter_config (7.3.5.13)', () => {
    const bytes = hex('00 18 00 01  00 00 00 02  00 01 00 10  00 00 00 64  00 00 00 00  00 00 00 00');
    checkRep({ type: 'meter_config', configs: [{ flags: 1, meterId: 2, bands: [{ type: 'drop', rate: 100, burstSize: 0 }] }] }, bytes);
  });

  it('meter_features (7.3.5.14)', () => {
    const bytes = hex('00 ff ff ff  00 00 00 06  00 00 00 0f  02 00 00 00');
    checkRep({ type: 'meter_features', maxMeter: 0xffffff, bandTypes: 6, capabilities: 15, maxBands: 2, maxColor: 0 }, bytes);
    expect(decodeError(() => decRep(bytes.subarray(0, 14), OFPMP.meter_features))).toEqual({ code: 'TRUNCATED', offset: 14 });
  });

  it('table_features (7.3.5.5) and port_desc (7.3.5.7) round-trip', () => {
    const tf: MultipartReplyBody = { type: 'table_features', tables: [table, { ...table, tableId: 1 }] };
    expect(decRep(encRep(tf), OFPMP.table_features)).toEqual(tf);
    const pd: MultipartReplyBody = { type: 'port_desc', ports: [port(1, 'eth1'), port(2, 'eth2')] };
    const buf = encRep(pd);
    expect(buf.length).toBe(128);
    expect(decRep(buf, OFPMP.port_desc)).toEqual(pd);
    expect(decodeError(() => decRep(buf.subarray(0, 100), OFPMP.port_desc))).toEqual({ code: 'TRUNCATED', offset: 64 });
  });

  it('experimenter and unknown keep their bytes', () => {
    checkRep({ type: 'experimenter', experimenter: 0x2320, expType: 7, data: hex('01') }, hex('00 00 23 20  00 00 00 07  01'));
    checkRep({ type: 'unknown', code: 0x42, body: hex('de ad') }, hex('de ad'));
    expect(decodeError(() => decRep(hex('00 00 23'), OFPMP.experimenter))).toEqual({ code: 'TRUNCATED', offset: 0 });
  });
});

describe('decoder totality', () => {
  it('turns mutated and cut bodies into a value or an OfpDecodeError, never another exception', () => {
    const samples: MultipartReplyBody[] = [
      { type: 'table_features', tables: [table] },
      { type: 'port_desc', ports: [port(1, 'eth1')] },
      { type: 'group_desc', groups: [{ groupType: 'select', groupId: 1, buckets: [{ weight: 1, watchPort: 1, watchGroup: 1, actions: [{ type: 'pop_vlan' }] }] }] },
      { type: 'meter_config', configs: [{ flags: 1, meterId: 1, bands: [{ type: 'dscp_remark', rate: 1, burstSize: 1, precLevel: 1 }] }] },
      { type: 'meter', stats: [{ meterId: 1, flowCount: 0, packetInCount: 0n, byteInCount: 0n, durationSec: 0, durationNsec: 0, bandStats: [] }] },
    ];
    const bodies = samples.map(encRep);
    let seed = 42;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 3000; i++) {
      const base = bodies[rnd(bodies.length)] as Buffer;
      const b = Buffer.from(base.subarray(0, rnd(base.length + 1)));
      for (let j = 0; j < 3 && b.length > 0; j++) b[rnd(b.length)] = rnd(256);
      const mpType = rnd(15);
      for (const decode of [decodeMultipartReplyBody, decodeMultipartRequestBody]) {
        try {
          decode(new Reader(b), mpType);
        } catch (e) {
          expect(e).toBeInstanceOf(OfpDecodeError);
        }
      }
    }
  });
});
