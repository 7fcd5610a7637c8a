/**
 * Unit tests for src/ofp/structs.ts. Expected bytes are written out by hand from the OF1.3.5
 * layouts (7.2.1 ofp_port, 7.2.2 ofp_packet_queue, 7.3.4.3 ofp_bucket, 7.3.4.5 meter bands,
 * 7.3.5.10 ofp_group_desc, 7.3.5.13 ofp_meter_config), never produced by our writer.
 */
import { OfpDecodeError, OfpEncodeError } from '../../../src/ofp/errors';
import { Reader } from '../../../src/ofp/reader';
import {
  decodeBuckets,
  decodeGroupDesc,
  decodeMeterBands,
  decodeMeterConfig,
  decodePort,
  decodeQueues,
  encodeBuckets,
  encodeGroupDesc,
  encodeMeterBands,
  encodeMeterConfig,
  encodePort,
  encodeQueues,
  OFP_PORT_SIZE,
} from '../../../src/ofp/structs';
import type { Bucket, GroupDesc, MeterBand, MeterConfig, PacketQueue, Port } from '../../../src/ofp/types';
import { Writer } from '../../../src/ofp/writer';
import { parseAnnotatedHex as hex } from '../../support/vectors';

function encoded(f: (w: Writer) => void): Buffer {
  const w = new Writer(8);
  f(w);
  return w.finish();
}

/** Runs a decoder over all of `buf`, requiring it to consume every byte. */
function decodeAll<T>(decode: (r: Reader) => T, buf: Buffer): T {
  const r = new Reader(buf);
  const v = decode(r);
  expect(r.remaining).toBe(0);
  return v;
}

function decodeError(decode: (r: Reader) => unknown, buf: Buffer): { code: string; offset: number } {
  try {
    decode(new Reader(buf));
  } catch (e) {
    if (e instanceof OfpDecodeError) return { code: e.code, offset: e.offset };
    throw e;
  }
  throw new Error('decoded without error');
}

describe('ofp_port (7.2.1)', () => {
  const port: Port = {
    portNo: 1,
    hwAddr: '00:11:22:33:44:55',
    name: 'eth0',
    config: 0x1,
    state: 0x4,
    curr: 0x820,
    advertised: 0,
    supported: 0x2820,
    peer: 0,
    currSpeed: 1_000_000,
    maxSpeed: 10_000_000,
  };
  const bytes = hex(`
    00 00 00 01  00 00 00 00            # port_no=1, pad[4]
    00 11 22 33 44 55  00 00            # hw_addr, pad[2]
    65 74 68 30 00 00 00 00 00 00 00 00 00 00 00 00   # name "eth0", NUL padded to 16
    00 00 00 01  00 00 00 04            # config=PORT_DOWN, state=LIVE
    00 00 08 20  00 00 00 00            # curr=1GB_FD|COPPER, advertised
    00 00 28 20  00 00 00 00            # supported=1GB_FD|COPPER|AUTONEG, peer
    00 0f 42 40  00 98 96 80            # curr_speed=1e6 kbps, max_speed=1e7 kbps
  `);

  it('encodes to the spec layout', () => {
    expect(bytes.length).toBe(OFP_PORT_SIZE);
    expect(encoded((w) => encodePort(w, port))).toEqual(bytes);
  });

  it('decodes the spec layout', () => {
    expect(decodeAll(decodePort, bytes)).toEqual(port);
  });

  it('round-trips a 15-character name', () => {
    const p = { ...port, name: 'abcdefghijklmno' };
    expect(decodeAll(decodePort, encoded((w) => encodePort(w, p)))).toEqual(p);
  });

  it('keeps a name that fills the field without a NUL (as received), and refuses a longer one', () => {
    const full = { ...port, name: 'abcdefghijklmnop' };
    expect(decodeAll(decodePort, encoded((w) => encodePort(w, full)))).toEqual(full);
    expect(() => encoded((w) => encodePort(w, { ...port, name: 'abcdefghijklmnopq' }))).toThrow(OfpEncodeError);
  });

  it('is TRUNCATED one byte short', () => {
    expect(decodeError(decodePort, bytes.subarray(0, 63))).toEqual({ code: 'TRUNCATED', offset: 0 });
  });
});

describe('ofp_bucket list (7.3.4.3)', () => {
  const buckets: Bucket[] = [
    { weight: 0, watchPort: 0xffffffff, watchGroup: 0xffffffff, actions: [{ type: 'output', port: 2, maxLen: 0xffe5 }] },
    { weight: 7, watchPort: 3, watchGroup: 4, actions: [] },
  ];
  const bytes = hex(`
    00 20 00 00  ff ff ff ff  ff ff ff ff  00 00 00 00   # len=32, weight=0, watch_port=ANY, watch_group=ANY, pad
    00 00 00 10  00 00 00 02  ff e5 00 00 00 00 00 00    # output port=2 max_len=0xffe5
    00 10 00 07  00 00 00 03  00 00 00 04  00 00 00 00   # len=16, weight=7, watch_port=3, watch_group=4, no actions
  `);

  it('encodes and decodes the spec layout', () => {
    expect(encoded((w) => encodeBuckets(w, buckets))).toEqual(bytes);
    expect(decodeAll(decodeBuckets, bytes)).toEqual(buckets);
  });

  it('decodes an empty list from an empty reader', () => {
    expect(decodeBuckets(new Reader(Buffer.alloc(0)))).toEqual([]);
  });

  it('rejects a zero or short length as BAD_LENGTH (no loop)', () => {
    expect(decodeError(decodeBuckets, hex('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
    expect(decodeError(decodeBuckets, hex('00 08 00 00 00 00 00 00 00 00 00 00 00 00 00 00'))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
  });

  it('rejects a length that overruns the list as BAD_LENGTH', () => {
    const b = Buffer.from(bytes.subarray(32));
    b.writeUInt16BE(24, 0);
    expect(decodeError(decodeBuckets, b)).toEqual({ code: 'BAD_LENGTH', offset: 0 });
  });

  it('is TRUNCATED when the length field itself is cut', () => {
    expect(decodeError(decodeBuckets, hex('00'))).toEqual({ code: 'TRUNCATED', offset: 0 });
  });
});

describe('meter bands (7.3.4.5)', () => {
  const bands: MeterBand[] = [
    { type: 'drop', rate: 1000, burstSize: 100 },
    { type: 'dscp_remark', rate: 2000, burstSize: 0, precLevel: 1 },
    { type: 'experimenter', rate: 5, burstSize: 6, experimenter: 0x2320, data: hex('de ad be ef') },
    { type: 'unknown', code: 7, rate: 1, burstSize: 2, body: hex('aa bb cc dd') },
  ];
  const bytes = hex(`
    00 01 00 10  00 00 03 e8  00 00 00 64  00 00 00 00   # drop len=16 rate=1000 burst=100 pad
    00 02 00 10  00 00 07 d0  00 00 00 00  01 00 00 00   # dscp_remark len=16 rate=2000 burst=0 prec_level=1 pad
    ff ff 00 14  00 00 00 05  00 00 00 06  00 00 23 20   # experimenter len=20 rate=5 burst=6 experimenter=0x2320
    de ad be ef                                          #   experimenter data
    00 07 00 10  00 00 00 01  00 00 00 02  aa bb cc dd   # type 7 (undefined) len=16, body kept
  `);

  it('encodes and decodes the spec layout, unknown bands byte for byte', () => {
    expect(encoded((w) => encodeMeterBands(w, bands))).toEqual(bytes);
    expect(decodeAll(decodeMeterBands, bytes)).toEqual(bands);
  });

  it('rejects a drop band whose length is not 16', () => {
    expect(decodeError(decodeMeterBands, hex('00 01 00 18 00 00 00 01 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00'))).toEqual({
      code: 'BAD_LENGTH',
      offset: 2,
    });
  });

  it('rejects a length below the 12-byte header, zero included', () => {
    expect(decodeError(decodeMeterBands, hex('00 01 00 00 00 00 00 01 00 00 00 01'))).toEqual({ code: 'BAD_LENGTH', offset: 2 });
    expect(decodeError(decodeMeterBands, hex('00 09 00 08 00 00 00 01 00 00 00 01'))).toEqual({ code: 'BAD_LENGTH', offset: 2 });
  });

  it('rejects an experimenter band shorter than 16', () => {
    expect(decodeError(decodeMeterBands, hex('ff ff 00 0c 00 00 00 01 00 00 00 01'))).toEqual({ code: 'BAD_LENGTH', offset: 2 });
  });

  it('rejects a length that overruns the list, and is TRUNCATED on a cut header', () => {
    expect(decodeError(decodeMeterBands, bytes.subarray(0, 15))).toEqual({ code: 'BAD_LENGTH', offset: 2 });
    expect(decodeError(decodeMeterBands, hex('00 01 00'))).toEqual({ code: 'TRUNCATED', offset: 0 });
  });
});

describe('ofp_packet_queue list (7.2.2)', () => {
  const queues: PacketQueue[] = [
    {
      queueId: 1,
      port: 2,
      properties: [
        { type: 'min_rate', rate: 100 },
        { type: 'max_rate', rate: 1000 },
        { type: 'experimenter', experimenter: 0x2320, data: hex('01 02 03 04 05 06 07 08') },
        { type: 'unknown', code: 9, body: hex('00 00 00 00 11 22 33 44 55 66 77 88') },
      ],
    },
    { queueId: 7, port: 2, properties: [] },
  ];
  const bytes = hex(`
    00 00 00 01  00 00 00 02  00 58 00 00 00 00 00 00    # queue_id=1 port=2 len=88 pad[6]
    00 01 00 10  00 00 00 00  00 64 00 00 00 00 00 00    # min_rate len=16 pad, rate=100 pad[6]
    00 02 00 10  00 00 00 00  03 e8 00 00 00 00 00 00    # max_rate len=16 pad, rate=1000 pad[6]
    ff ff 00 18  00 00 00 00  00 00 23 20  00 00 00 00   # experimenter len=24 pad, experimenter=0x2320 pad
    01 02 03 04 05 06 07 08                              #   data
    00 09 00 10  00 00 00 00  11 22 33 44 55 66 77 88    # property 9 (undefined) len=16
    00 00 00 07  00 00 00 02  00 10 00 00 00 00 00 00    # queue_id=7 port=2 len=16, no properties
  `);

  it('encodes and decodes the spec layout', () => {
    expect(encoded((w) => encodeQueues(w, queues))).toEqual(bytes);
    expect(decodeAll(decodeQueues, bytes)).toEqual(queues);
  });

  it('rejects a queue length below 16 at the length field', () => {
    expect(decodeError(decodeQueues, hex('00 00 00 01 00 00 00 02 00 08 00 00 00 00 00 00'))).toEqual({ code: 'BAD_LENGTH', offset: 8 });
  });

  it('rejects a zero-length property (no loop)', () => {
    const b = hex('00 00 00 01 00 00 00 02 00 18 00 00 00 00 00 00  00 01 00 00 00 00 00 00');
    expect(decodeError(decodeQueues, b)).toEqual({ code: 'BAD_LENGTH', offset: 18 });
  });

  it('rejects a rate property whose length is not 16', () => {
    const b = hex('00 00 00 01 00 00 00 02 00 20 00 00 00 00 00 00  00 01 00 08 00 00 00 00  00 00 00 00 00 00 00 00');
    expect(decodeError(decodeQueues, b)).toEqual({ code: 'BAD_LENGTH', offset: 18 });
  });

  it('is TRUNCATED when the queue header ends before its length field', () => {
    expect(decodeError(decodeQueues, hex('00 00 00 01 00 00 00 02 00'))).toEqual({ code: 'TRUNCATED', offset: 0 });
  });

  it('refuses to encode an unknown property body shorter than the header pad', () => {
    const q: PacketQueue = { queueId: 1, port: 1, properties: [{ type: 'unknown', code: 9, body: hex('00') }] };
    expect(() => encoded((w) => encodeQueues(w, [q]))).toThrow(OfpEncodeError);
  });
});

describe('ofp_group_desc (7.3.5.10)', () => {
  const g: GroupDesc = {
    groupType: 'ff',
    groupId: 5,
    buckets: [{ weight: 0, watchPort: 1, watchGroup: 0xffffffff, actions: [{ type: 'group', groupId: 6 }] }],
  };
  const bytes = hex(`
    00 20 03 00  00 00 00 05                             # length=32 type=FF pad group_id=5
    00 18 00 00  00 00 00 01  ff ff ff ff  00 00 00 00   # bucket len=24 weight=0 watch_port=1 watch_group=ANY
    00 16 00 08  00 00 00 06                             #   group action group_id=6
  `);

  it('encodes and decodes the spec layout', () => {
    expect(encoded((w) => encodeGroupDesc(w, g))).toEqual(bytes);
    expect(decodeAll(decodeGroupDesc, bytes)).toEqual(g);
  });

  it('rejects an undefined group type as BAD_VALUE at the type byte', () => {
    const b = Buffer.from(bytes);
    b[2] = 9;
    expect(decodeError(decodeGroupDesc, b)).toEqual({ code: 'BAD_VALUE', offset: 2 });
  });

  it('rejects a length below 8', () => {
    expect(decodeError(decodeGroupDesc, hex('00 04 00 00 00 00 00 05'))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
  });
});

describe('ofp_meter_config (7.3.5.13)', () => {
  const c: MeterConfig = { flags: 0x5, meterId: 3, bands: [{ type: 'drop', rate: 10, burstSize: 20 }] };
  const bytes = hex(`
    00 18 00 05  00 00 00 03                             # length=24 flags=KBPS|BURST meter_id=3
    00 01 00 10  00 00 00 0a  00 00 00 14  00 00 00 00   # drop rate=10 burst=20
  `);

  it('encodes and decodes the spec layout', () => {
    expect(encoded((w) => encodeMeterConfig(w, c))).toEqual(bytes);
    expect(decodeAll(decodeMeterConfig, bytes)).toEqual(c);
  });

  it('rejects a zero length', () => {
    expect(decodeError(decodeMeterConfig, hex('00 00 00 05 00 00 00 03'))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
  });
});
