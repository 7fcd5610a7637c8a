/**
 * Seeded mutation fuzzing of decodeMessage (runs in every CI run). Inputs are the golden vectors
 * and a corpus of hand-built messages, mutated by bit flips, byte sets, truncation, length-field
 * corruption, insertion, deletion, retyping and splicing. For every input:
 *   - decodeMessage returns or throws OfpDecodeError (with a known code and an in-frame offset);
 *     any other exception is a failure;
 *   - it returns promptly (< 50 ms; a slow input is re-timed before it counts, so one GC pause or a
 *     busy CI machine cannot fail the run);
 *   - a decoded message re-encodes or throws OfpEncodeError, and what it re-encodes to decodes to a
 *     deep-equal frame and re-encodes to the same bytes.
 * Reproduce a run with ISTHMUS_FUZZ_SEED=<seed> (or `random`); ISTHMUS_FUZZ_INPUTS sets the count.
 */
import { decodeMessage } from '../../../src/ofp/decode';
import { encodeMessage } from '../../../src/ofp/encode';
import { OfpDecodeError, OfpEncodeError, type OfpDecodeErrorCode } from '../../../src/ofp/errors';
import type { Frame, OfpMessage } from '../../../src/ofp/types';
import { Rng, seedFromEnv } from '../../support/rng';
import { loadDecodeErrorVectors, loadVectors } from '../../support/vectors';
import { hex } from '../../support/codec';

const SEED = seedFromEnv('ISTHMUS_FUZZ_SEED', 0x0f13f022);
const INPUTS = Number(process.env.ISTHMUS_FUZZ_INPUTS ?? 100_000);
const LIMIT_NS = 50_000_000n;
const CODES: ReadonlySet<OfpDecodeErrorCode> = new Set(['TRUNCATED', 'BAD_LENGTH', 'BAD_VERSION', 'BAD_VALUE', 'TRAILING_BYTES']);

const MATCH = [
  { field: 'in_port', value: 1 },
  { field: 'vlan_vid', value: 0x1064, mask: 0x1fff },
  { field: 'ipv6_dst', value: 'ff02::1' },
  { field: 'pbb_isid', value: 0x123456 },
  { field: 'opaque', oxmClass: 0xffff, oxmField: 3, hasMask: false, body: hex('00002320 0102') },
] as const;
const ACTIONS = [
  { type: 'set_field', field: { field: 'eth_dst', value: '02:00:00:00:00:01' } },
  { type: 'push_vlan', ethertype: 0x8100 },
  { type: 'output', port: 2, maxLen: 0xffe5 },
  { type: 'experimenter', experimenter: 0x2320, data: hex('0001020304050607') },
  { type: 'unknown', code: 0x77, body: hex('00000000') },
] as const;
const BANDS = [
  { type: 'drop', rate: 1, burstSize: 2 },
  { type: 'dscp_remark', rate: 1, burstSize: 2, precLevel: 3 },
  { type: 'experimenter', rate: 1, burstSize: 2, experimenter: 0x2320, data: hex('0102') },
  { type: 'unknown', code: 9, rate: 1, burstSize: 2, body: hex('00000000') },
] as const;
const PORT = {
  portNo: 1, hwAddr: '02:00:00:00:00:01', name: 'eth1', config: 0, state: 4, curr: 0x1040, advertised: 0, supported: 0, peer: 0,
  currSpeed: 10_000_000, maxSpeed: 10_000_000,
};
const TABLE = {
  tableId: 0, name: 't0', metadataMatch: 0xffn, metadataWrite: 0xffn, config: 0, maxEntries: 100,
  properties: [
    { type: 'instructions', ids: [{ code: 1, data: hex('') }, { code: 0xffff, data: hex('00002320') }] },
    { type: 'next_tables', tableIds: [1, 2] },
    { type: 'apply_actions', ids: [{ code: 0, data: hex('') }] },
    { type: 'match', oxmIds: [{ header: 0x80000004 }, { header: 0xffff0608, experimenter: 0x2320 }] },
    { type: 'experimenter_miss', experimenter: 0x2320, expType: 1, data: hex('010203') },
    { type: 'unknown', code: 0x00f0, body: hex('aa') },
  ],
} as const;
const FLOW_FILTER = { tableId: 0xff, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0n, cookieMask: 0n, match: MATCH };

/** Hand-built seeds: the messages with the deepest TLV nesting, plus the small fixed ones. */
const OWN = [
  { type: 'hello', version: 4, elements: [{ type: 'versionbitmap', bitmaps: [0x10, 0] }, { type: 'unknown', code: 9, body: hex('01') }] },
  { type: 'error', version: 4, errType: 2, code: 1, data: hex('040d0010000000010000') },
  { type: 'experimenter', experimenter: 0x2320, expType: 1, data: hex('0102') },
  { type: 'features_reply', datapathId: '00:00:00:00:00:00:00:01', nBuffers: 0, nTables: 254, auxiliaryId: 0, capabilities: 0x4f, reserved: 0 },
  { type: 'set_config', flags: 0, missSendLen: 128 },
  { type: 'packet_in', bufferId: 1, totalLen: 14, reason: 'no_match', tableId: 0, cookie: 1n, match: MATCH, data: hex('ffffffffffff020000000001 0806') },
  {
    type: 'flow_removed', cookie: 1n, priority: 1, reason: 'delete', tableId: 0, durationSec: 1, durationNsec: 1, idleTimeout: 0,
    hardTimeout: 0, packetCount: 1n, byteCount: 1n, match: MATCH,
  },
  { type: 'port_status', reason: 'add', desc: PORT },
  { type: 'packet_out', bufferId: 0xffffffff, inPort: 1, actions: ACTIONS, data: hex('0102030405') },
  {
    type: 'flow_mod', cookie: 1n, cookieMask: 0n, tableId: 0, command: 'add', idleTimeout: 0, hardTimeout: 0, priority: 1,
    bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 0, match: MATCH,
    instructions: [
      { type: 'meter', meterId: 1 },
      { type: 'apply_actions', actions: ACTIONS },
      { type: 'write_actions', actions: [{ type: 'group', groupId: 1 }] },
      { type: 'write_metadata', metadata: 1n, metadataMask: 1n },
      { type: 'experimenter', experimenter: 0x2320, data: hex('0102030405060708') },
      { type: 'goto_table', tableId: 1 },
    ],
  },
  {
    type: 'group_mod', command: 'add', groupType: 'select', groupId: 1,
    buckets: [{ weight: 1, watchPort: 1, watchGroup: 1, actions: ACTIONS }, { weight: 2, watchPort: 2, watchGroup: 2, actions: [] }],
  },
  { type: 'meter_mod', command: 'add', flags: 1, meterId: 1, bands: BANDS },
  {
    type: 'queue_get_config_reply', port: 1,
    queues: [{
      queueId: 1, port: 1,
      properties: [
        { type: 'min_rate', rate: 1 }, { type: 'max_rate', rate: 2 },
        { type: 'experimenter', experimenter: 0x2320, data: hex('0102') }, { type: 'unknown', code: 7, body: hex('00000000') },
      ],
    }],
  },
  { type: 'role_request', role: 'equal', generationId: 5n },
  { type: 'set_async', packetInMask: [1, 2], portStatusMask: [3, 4], flowRemovedMask: [5, 6] },
  { type: 'multipart_request', flags: 0, body: { type: 'flow', ...FLOW_FILTER } },
  { type: 'multipart_request', flags: 0, body: { type: 'table_features', tables: [TABLE] } },
  { type: 'multipart_request', flags: 0, body: { type: 'queue', portNo: 1, queueId: 2 } },
  {
    type: 'multipart_reply', flags: 0,
    body: {
      type: 'flow',
      stats: [{
        tableId: 0, durationSec: 1, durationNsec: 1, priority: 1, idleTimeout: 0, hardTimeout: 0, flags: 0, cookie: 1n,
        packetCount: 1n, byteCount: 1n, match: MATCH, instructions: [{ type: 'apply_actions', actions: ACTIONS }],
      }],
    },
  },
  {
    type: 'multipart_reply', flags: 0,
    body: { type: 'group', stats: [{ groupId: 1, refCount: 1, packetCount: 1n, byteCount: 1n, durationSec: 1, durationNsec: 1, bucketStats: [{ packetCount: 1n, byteCount: 1n }] }] },
  },
  {
    type: 'multipart_reply', flags: 0,
    body: { type: 'group_desc', groups: [{ groupType: 'all', groupId: 1, buckets: [{ weight: 0, watchPort: 0, watchGroup: 0, actions: ACTIONS }] }] },
  },
  {
    type: 'multipart_reply', flags: 0,
    body: { type: 'meter', stats: [{ meterId: 1, flowCount: 1, packetInCount: 1n, byteInCount: 1n, durationSec: 1, durationNsec: 1, bandStats: [{ packetBandCount: 1n, byteBandCount: 1n }] }] },
  },
  { type: 'multipart_reply', flags: 0, body: { type: 'meter_config', configs: [{ flags: 1, meterId: 1, bands: BANDS }] } },
  { type: 'multipart_reply', flags: 0, body: { type: 'table_features', tables: [TABLE] } },
  { type: 'multipart_reply', flags: 0, body: { type: 'port_desc', ports: [PORT] } },
  { type: 'multipart_reply', flags: 0, body: { type: 'desc', mfrDesc: 'm', hwDesc: 'h', swDesc: 's', serialNum: 'n', dpDesc: 'd' } },
  { type: 'multipart_reply', flags: 0, body: { type: 'experimenter', experimenter: 0x2320, expType: 1, data: hex('01') } },
  { type: 'unknown', code: 40, body: hex('0102030405060708') },
] as const satisfies readonly OfpMessage[];

const CORPUS: readonly Buffer[] = [
  ...loadVectors().map((v) => v.bytes),
  ...loadDecodeErrorVectors().map((v) => v.bytes),
  ...OWN.map((m, i) => encodeMessage(m, i + 1)),
];

// ---------------------------------------------------------------------------------------------
// Mutation

const LEN_VALUES = (orig: number, room: number): number[] => [0, 1, 2, 3, 4, 7, 8, 12, 16, 0xffff, orig + 8, orig - 8, orig + 1, room, room + 1];

/** Impure (draws from rng). One mutated input; `name` lists the steps, for failure reports. */
function mutate(rng: Rng): { input: Buffer; name: string } {
  let b = Buffer.from(rng.pick(CORPUS));
  const steps: string[] = [];
  let keepHeaderLength = false;
  const at = (): number => rng.int(Math.max(b.length, 1));
  for (let n = rng.range(1, 3); n > 0; n--) {
    switch (rng.int(10)) {
      case 0:
        for (let k = rng.range(1, 4); k > 0 && b.length > 0; k--) {
          const p = at();
          b[p] = (b[p] as number) ^ (1 << rng.int(8));
        }
        steps.push('bitflip');
        break;
      case 1:
        for (let k = rng.range(1, 4); k > 0 && b.length > 0; k--) b[at()] = rng.pick([0x00, 0xff, rng.int(256)]);
        steps.push('byteset');
        break;
      case 2:
        b = b.subarray(0, at());
        steps.push('truncate');
        break;
      case 3:
        if (b.length >= 4) b.writeUInt16BE(Math.max(0, Math.min(0xffff, rng.pick(LEN_VALUES(b.readUInt16BE(2), b.length)))), 2);
        keepHeaderLength = true;
        steps.push('header-length');
        break;
      case 4: {
        // Most TLV length fields sit at an even offset in the body (at +0, +2 or +4 of an 8-aligned record).
        if (b.length < 10) break;
        const off = 8 + 2 * rng.int((b.length - 9) >> 1);
        const v = rng.pick(LEN_VALUES(b.readUInt16BE(off), b.length - off));
        b.writeUInt16BE(Math.max(0, Math.min(0xffff, v)), off);
        steps.push(`tlv-length@${off}`);
        break;
      }
      case 5: {
        const p = at();
        b = Buffer.concat([b.subarray(0, p), rng.chance(0.5) ? Buffer.alloc(rng.range(1, 8)) : rng.bytes(rng.range(1, 8)), b.subarray(p)]);
        steps.push('insert');
        break;
      }
      case 6: {
        const p = at();
        b = Buffer.concat([b.subarray(0, p), b.subarray(p + rng.range(1, 8))]);
        steps.push('delete');
        break;
      }
      case 7: {
        const other = rng.pick(CORPUS);
        b = Buffer.concat([b.subarray(0, at()), other.subarray(rng.int(other.length + 1))]);
        steps.push('splice');
        break;
      }
      case 8:
        // Decode one type's body as another's.
        if (b.length >= 2) b[1] = rng.int(31);
        steps.push('retype');
        break;
      default:
        // A multipart body of another OFPMP type.
        if (b.length >= 10) b.writeUInt16BE(rng.chance(0.1) ? 0xffff : rng.int(15), 8);
        steps.push('mp-retype');
        break;
    }
  }
  // Keep ofp_header.length consistent most of the time, so the body parsers are what gets exercised.
  if (!keepHeaderLength && b.length >= 4 && b.length <= 0xffff && rng.chance(0.95)) b.writeUInt16BE(b.length, 2);
  return { input: b, name: steps.join('+') };
}

// ---------------------------------------------------------------------------------------------
// Checking

/** Pure. The path of the first difference between two decoded values, or undefined when equal. */
function diff(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b) ? undefined : path;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? undefined : path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return `${path} (keys)`;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return `${path}.${k}`;
    const d = diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Pure. JSON with Buffers as <hex> and bigints as 123n, for failure reports. */
const show = (v: unknown): string =>
  JSON.stringify(v, function (this: Record<string, unknown>, k: string, x: unknown) {
    const raw = this[k];
    if (Buffer.isBuffer(raw)) return `<${raw.toString('hex')}>`;
    return typeof x === 'bigint' ? `${x}n` : x;
  });

const time = (fn: () => unknown): bigint => {
  const t0 = process.hrtime.bigint();
  try {
    fn();
  } catch {
    // timing only
  }
  return process.hrtime.bigint() - t0;
};

/** Checks one input; returns a failure description or undefined. Updates `stats`. */
function check(input: Buffer, stats: Stats): string | undefined {
  let frame: Frame | undefined;
  let error: unknown;
  const t0 = process.hrtime.bigint();
  try {
    frame = decodeMessage(input);
  } catch (e) {
    error = e;
  }
  let dt = process.hrtime.bigint() - t0;
  if (dt > LIMIT_NS) {
    // Re-time before blaming the decoder: the best of three runs must also be slow.
    dt = [0, 1, 2].map(() => time(() => decodeMessage(input))).reduce((m, x) => (x < m ? x : m));
    stats.retimed++;
  }
  if (dt > stats.maxNs) stats.maxNs = dt;
  if (dt > LIMIT_NS) return `decode took ${Number(dt) / 1e6} ms`;
  if (frame === undefined) {
    if (!(error instanceof OfpDecodeError)) return `decode threw a non-OfpDecodeError: ${String((error as Error)?.stack ?? error)}`;
    if (!CODES.has(error.code)) return `unknown error code ${error.code}`;
    if (!Number.isInteger(error.offset) || error.offset < 0 || error.offset > input.length) return `offset ${error.offset} outside the input (${error.message})`;
    stats.codes[error.code] = (stats.codes[error.code] ?? 0) + 1;
    return undefined;
  }
  stats.decoded++;
  if (frame.xid !== input.readUInt32BE(4)) return `xid ${frame.xid} is not the header's`;
  let bytes: Buffer;
  try {
    bytes = encodeMessage(frame.msg, frame.xid);
  } catch (e) {
    if (e instanceof OfpEncodeError) {
      stats.encodeErrors++;
      return undefined;
    }
    return `re-encoding threw a non-OfpEncodeError: ${String((e as Error)?.stack ?? e)}\n  msg ${show(frame.msg)}`;
  }
  let again: Frame;
  try {
    again = decodeMessage(bytes);
  } catch (e) {
    return `re-encoded bytes do not decode: ${String(e)}\n  msg ${show(frame.msg)}\n  re-encoded ${bytes.toString('hex')}`;
  }
  const d = diff(again, frame);
  if (d !== undefined) return `decode(encode(m)) differs from m at ${d}\n  m ${show(frame)}\n  got ${show(again)}`;
  const third = encodeMessage(again.msg, again.xid);
  if (!third.equals(bytes)) return `encode is not stable: ${bytes.toString('hex')} then ${third.toString('hex')}`;
  return undefined;
}

interface Stats {
  decoded: number;
  encodeErrors: number;
  retimed: number;
  maxNs: bigint;
  codes: Partial<Record<OfpDecodeErrorCode, number>>;
}

describe('decodeMessage fuzz', () => {
  it('the corpus decodes and round-trips unmutated', () => {
    const stats: Stats = { decoded: 0, encodeErrors: 0, retimed: 0, maxNs: 0n, codes: {} };
    for (const b of CORPUS) expect(check(b, stats)).toBeUndefined();
    expect(OWN.length).toBeGreaterThan(20);
  });

  it(`${INPUTS} mutated inputs: total, prompt, round-tripping (seed from ISTHMUS_FUZZ_SEED)`, () => {
    const rng = new Rng(SEED);
    const stats: Stats = { decoded: 0, encodeErrors: 0, retimed: 0, maxNs: 0n, codes: {} };
    const failures: string[] = [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < INPUTS && failures.length < 5; i++) {
      const { input, name } = mutate(rng);
      const why = check(input, stats);
      if (why !== undefined) failures.push(`#${i} (${name}) input ${input.toString('hex')}\n  ${why}`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(
      `fuzz: seed ${SEED} (0x${SEED.toString(16)}), ${INPUTS} inputs in ${seconds.toFixed(1)} s, ` +
        `max decode ${(Number(stats.maxNs) / 1e6).toFixed(2)} ms, ${stats.decoded} decoded, ` +
        `${stats.encodeErrors} not re-encodable, ${stats.retimed} re-timed, errors ${JSON.stringify(stats.codes)}\n`,
    );
    if (failures.length > 0) {
      throw new Error(`fuzz failures with ISTHMUS_FUZZ_SEED=${SEED}:\n${failures.join('\n')}`);
    }
    expect(stats.maxNs).toBeLessThan(LIMIT_NS);
    if (INPUTS >= 10_000) {
      // The mutations must reach the body parsers, not just bounce off the header.
      expect(stats.decoded).toBeGreaterThan(INPUTS / 20);
      expect(Object.keys(stats.codes).sort()).toEqual([...CODES].sort());
    }
  }, 120_000);
});

describe('Rng (test/support/rng.ts)', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const draw = (seed: number): number[] => {
      const r = new Rng(seed);
      return Array.from({ length: 8 }, () => r.u32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(0).every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });

  it('int and range stay in bounds and reach both ends', () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = r.range(3, 6);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('seedFromEnv reads decimal and hex, falls back when unset, rejects junk', () => {
    const name = 'ISTHMUS_TEST_SEED_PARSE';
    try {
      delete process.env[name];
      expect(seedFromEnv(name, 7)).toBe(7);
      process.env[name] = '0x10';
      expect(seedFromEnv(name, 7)).toBe(16);
      process.env[name] = '123';
      expect(seedFromEnv(name, 7)).toBe(123);
      process.env[name] = 'random';
      expect(Number.isInteger(seedFromEnv(name, 7))).toBe(true);
      process.env[name] = 'x1';
      expect(() => seedFromEnv(name, 7)).toThrow(/not a u32 seed/);
    } finally {
      delete process.env[name];
    }
  });
});
