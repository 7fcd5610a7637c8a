/**
 * Framer (OF1.3.5 7.1 "OpenFlow Header"): a byte stream cut anywhere yields the same frames, in
 * order; a bad length or version fails with the stream offset and poisons the framer for good.
 */
import { encodeMessage } from '../../../src/ofp/encode';
import { Framer } from '../../../src/ofp/framer';
import type { OfpMessage } from '../../../src/ofp/types';
import { Rng, seedFromEnv } from '../../support/rng';
import { loadVectors } from '../../support/vectors';
import { hex, decodeError } from '../../support/codec';


// Messages of assorted sizes, so that cuts fall inside headers, bodies and TLVs.
const OWN: readonly OfpMessage[] = [
  { type: 'hello', version: 4, elements: [{ type: 'versionbitmap', bitmaps: [0x10] }] },
  { type: 'features_request' },
  { type: 'echo_request', data: Buffer.alloc(0) },
  { type: 'echo_reply', data: Buffer.alloc(300, 7) },
  {
    type: 'flow_mod', cookie: 1n, cookieMask: 0n, tableId: 0, command: 'add', idleTimeout: 0, hardTimeout: 0, priority: 10,
    bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 0,
    match: [{ field: 'in_port', value: 1 }, { field: 'vlan_vid', value: 0x1064 }],
    instructions: [{ type: 'apply_actions', actions: [{ type: 'pop_vlan' }, { type: 'output', port: 2, maxLen: 0 }] }],
  },
  { type: 'packet_out', bufferId: 0xffffffff, inPort: 0xfffffffd, actions: [{ type: 'output', port: 0xfffffffb, maxLen: 0 }], data: Buffer.alloc(64, 1) },
  { type: 'multipart_reply', flags: 0, body: { type: 'table', stats: [{ tableId: 0, activeCount: 1, lookupCount: 2n, matchedCount: 1n }] } },
  { type: 'barrier_reply' },
  { type: 'unknown', code: 99, body: Buffer.from('opaque') },
  { type: 'hello', version: 5, elements: [] }, // another version's HELLO passes the framer
  { type: 'error', version: 1, errType: 0, code: 0, data: Buffer.from('v1 only') }, // …and so does its ERROR
];

const VECTORS = loadVectors().map((v) => v.bytes);
const FRAMES: readonly Buffer[] = [...VECTORS, ...OWN.map((m, i) => encodeMessage(m, 0x1000 + i))];
const STREAM = Buffer.concat(FRAMES);

/** Feeds `chunks` to a fresh framer and returns every frame it produced, as copies. */
function frame(chunks: readonly Buffer[]): Buffer[] {
  const f = new Framer();
  const out: Buffer[] = [];
  for (const c of chunks) for (const fr of f.push(c)) out.push(Buffer.from(fr));
  expect(f.buffered).toBe(0);
  return out;
}

/** Pure. True when `got` is FRAMES, frame for frame (cheaper than toEqual in a hot loop). */
function sameFrames(got: readonly Buffer[]): boolean {
  return got.length === FRAMES.length && got.every((g, i) => g.equals(FRAMES[i] as Buffer));
}

describe('Framer splits a stream into its frames', () => {
  it('every golden vector is one whole frame', () => {
    for (const v of VECTORS) expect(v.readUInt16BE(2)).toBe(v.length);
  });

  it('the whole stream in one chunk', () => {
    expect(frame([STREAM])).toEqual(FRAMES);
  });

  it('the stream cut in two at every offset', () => {
    const bad: number[] = [];
    for (let k = 0; k <= STREAM.length; k++) {
      if (!sameFrames(frame([STREAM.subarray(0, k), STREAM.subarray(k)]))) bad.push(k);
    }
    expect(bad).toEqual([]);
  });

  it('the stream one byte at a time', () => {
    const chunks = Array.from({ length: STREAM.length }, (_, i) => STREAM.subarray(i, i + 1));
    expect(frame(chunks)).toEqual(FRAMES);
  });

  it('the stream in random chunks, with empty chunks in between', () => {
    const seed = seedFromEnv('ISTHMUS_FUZZ_SEED', 0xf4a3e5);
    const rng = new Rng(seed);
    for (let round = 0; round < 200; round++) {
      const chunks: Buffer[] = [];
      for (let pos = 0; pos < STREAM.length; ) {
        const n = rng.chance(0.1) ? 0 : rng.range(1, rng.chance(0.5) ? 16 : 2000);
        chunks.push(STREAM.subarray(pos, pos + n));
        pos += n;
      }
      if (!sameFrames(frame(chunks))) throw new Error(`framing differs (seed ${seed}, round ${round})`);
    }
  });

  it('returns nothing until a frame is complete, and reports what it holds', () => {
    const f = new Framer();
    const hello = FRAMES[FRAMES.length - OWN.length] as Buffer;
    expect(f.push(Buffer.alloc(0))).toEqual([]);
    expect(f.push(hello.subarray(0, 3))).toEqual([]);
    expect(f.buffered).toBe(3);
    expect(f.push(hello.subarray(3, hello.length - 1))).toEqual([]);
    expect(f.push(hello.subarray(hello.length - 1))).toEqual([hello]);
    expect(f.buffered).toBe(0);
  });

  it('passes a HELLO of version 5 and of version 1', () => {
    const v5 = hex('05 00 0010 00000001 0001 0008 00000030');
    const v1 = hex('01 00 0008 00000002');
    expect(frame([Buffer.concat([v5, v1])])).toEqual([v5, v1]);
  });
});

describe('Framer errors', () => {
  const HELLO = hex('04 00 0008 00000001');

  it.each([0, 1, 4, 7])('length %d is BAD_LENGTH at the stream offset of the length field', (len) => {
    const bad = hex(`04 02 ${len.toString(16).padStart(4, '0')} 00000002`);
    // In one chunk after a frame…
    expect(decodeError(() => new Framer().push(Buffer.concat([HELLO, bad])))).toMatchObject({ code: 'BAD_LENGTH', offset: 10 });
    // …and arriving over several chunks after frames already handed out.
    const f = new Framer();
    expect(f.push(Buffer.concat([HELLO, HELLO, bad.subarray(0, 1)]))).toEqual([HELLO, HELLO]);
    expect(f.push(bad.subarray(1, 3))).toEqual([]); // three bytes: the length is not known yet
    expect(decodeError(() => f.push(bad.subarray(3)))).toMatchObject({ code: 'BAD_LENGTH', offset: 18 });
  });

  it('a non-HELLO frame of version 1 is BAD_VERSION at its stream offset', () => {
    const v1FlowMod = hex('01 0e 0048 00000003');
    expect(decodeError(() => new Framer().push(Buffer.concat([HELLO, v1FlowMod])))).toMatchObject({ code: 'BAD_VERSION', offset: 8 });
    const f = new Framer();
    f.push(Buffer.concat([HELLO, HELLO, HELLO.subarray(0, 5)]));
    f.push(HELLO.subarray(5));
    expect(decodeError(() => f.push(v1FlowMod))).toMatchObject({ code: 'BAD_VERSION', offset: 24 });
  });

  it.each([0, 3, 5, 0xff])('version %d on a barrier is BAD_VERSION', (version) => {
    const b = hex(`${version.toString(16).padStart(2, '0')} 14 0008 00000001`);
    expect(decodeError(() => new Framer().push(b))).toMatchObject({ code: 'BAD_VERSION', offset: 0 });
  });

  it('after a failure every push throws the same error', () => {
    const f = new Framer();
    const first = decodeError(() => f.push(hex('04 00 0000 00000000')));
    expect(first.code).toBe('BAD_LENGTH');
    expect(() => f.push(Buffer.alloc(0))).toThrow(first);
    for (const chunk of [HELLO, STREAM, Buffer.alloc(0)]) {
      let again: unknown;
      try {
        f.push(chunk);
      } catch (e) {
        again = e;
      }
      expect(again).toBe(first);
    }
  });
});
