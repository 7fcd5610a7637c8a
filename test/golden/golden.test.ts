/**
 * Golden vectors (test/golden/ofp13, made by test/golden/tools/gen_ofp13.py from os-ken and checked
 * with ovs-ofctl): our codec must decode each to the os-ken expectation, re-encode it to the same
 * bytes, mirror the JSON, fail on the malformed ones with the exact error, and agree with
 * `ovs-ofctl ofp-print` on what every message says.
 */
import { OFPAT, OFPIT } from '../../src/ofp/constants';
import { decodeMessage } from '../../src/ofp/decode';
import { encodeMessage } from '../../src/ofp/encode';
import { OfpDecodeError } from '../../src/ofp/errors';
import { messageFromJson, messageToJson } from '../../src/ofp/json';
import { OXM_FIELDS } from '../../src/ofp/oxm-table';
import { loadDecodeErrorVectors, loadVectors, type Vector } from '../support/vectors';
import { BAD_WORDS, OFCTL_ALLOWED, OFCTL_UNSUPPORTED, ofctlAvailable, ofctlFacts, ofctlHeader, ofpPrintAll } from './ofctl';

const vectors = loadVectors();
const errorVectors = loadDecodeErrorVectors();

/** Hex with a space every 8 bytes: byte mismatches show up as readable diffs. */
const hexOf = (b: Buffer): string => (b.toString('hex').match(/.{1,16}/g) ?? []).join(' ');

describe('golden vector set', () => {
  test('has at least 55 message vectors and 12 decode-error vectors, each with its .json', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(55);
    expect(errorVectors.length).toBeGreaterThanOrEqual(12);
    for (const v of [...vectors, ...errorVectors]) expect({ name: v.name, hasJson: v.expected !== undefined }).toEqual({ name: v.name, hasJson: true });
  });

  test('covers every OF1.3 message type and every multipart type both ways', () => {
    const seen = new Set(vectors.map((v) => v.bytes[1]));
    for (let t = 0; t <= 29; t++) expect({ type: t, seen: seen.has(t) }).toEqual({ type: t, seen: true });
    const mp = (t: number): Set<number> => new Set(vectors.filter((v) => v.bytes[1] === t).map((v) => v.bytes.readUInt16BE(8)));
    for (const [dir, set] of [['request', mp(18)], ['reply', mp(19)]] as const) {
      for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0xffff]) {
        expect({ dir, code, seen: set.has(code) }).toEqual({ dir, code, seen: true });
      }
    }
  });

  test('uses every OXM field, action, instruction and table-feature property type', () => {
    const all = JSON.stringify(vectors.map((v) => v.expected));
    const tags = [
      ...OXM_FIELDS.map((d) => `"field":"${d.name}"`),
      '"field":"opaque"',
      ...Object.keys(OFPAT).map((a) => `"type":"${a}"`),
      ...Object.keys(OFPIT).map((i) => `"type":"${i}"`),
      ...['instructions', 'instructions_miss', 'next_tables', 'next_tables_miss', 'write_actions', 'apply_actions',
        'apply_actions_miss', 'match', 'wildcards', 'write_setfield', 'apply_setfield', 'apply_setfield_miss'].map((t) => `"type":"${t}"`),
    ];
    expect(tags.filter((t) => !all.includes(t))).toEqual([]);
  });
});

describe.each(vectors.map((v): [string, Vector] => [v.name, v]))('%s', (_name, v) => {
  test('decodes to the os-ken expectation', () => {
    expect(messageToJson(decodeMessage(v.bytes))).toEqual(v.expected);
  });

  test('re-encodes to the same bytes', () => {
    const f = decodeMessage(v.bytes);
    expect(hexOf(encodeMessage(f.msg, f.xid))).toBe(hexOf(v.bytes));
  });

  test('encodes from its JSON to the same bytes, which decode back to the JSON', () => {
    const f = messageFromJson(v.expected);
    const bytes = encodeMessage(f.msg, f.xid);
    expect(hexOf(bytes)).toBe(hexOf(v.bytes));
    expect(messageToJson(decodeMessage(bytes))).toEqual(v.expected);
  });

  test('decoding its re-encoding gives the same message', () => {
    const f = decodeMessage(v.bytes);
    expect(decodeMessage(encodeMessage(f.msg, f.xid))).toEqual(f);
  });
});

describe.each(errorVectors.map((v): [string, Vector] => [v.name, v]))('decode error %s', (_name, v) => {
  test('throws OfpDecodeError with the expected code and offset', () => {
    let got: unknown;
    try {
      decodeMessage(v.bytes);
    } catch (e) {
      got = e;
    }
    expect(got).toBeInstanceOf(OfpDecodeError);
    const e = got as OfpDecodeError;
    expect({ code: e.code, offset: e.offset }).toEqual(v.expected);
  });
});

// ---------------------------------------------------------------------------------------------
// ovs-ofctl cross-check

const available = ofctlAvailable();
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  process.stderr.write(
    '\n*** ovs-ofctl not found: SKIPPING the ovs-ofctl cross-check of the golden vectors ' +
      '(install openvswitch-common; in CI this is a failure) ***\n\n',
  );
}

describe('ovs-ofctl ofp-print agrees with our decoding', () => {
  test('ovs-ofctl is installed (required in CI)', () => {
    if (inCi) expect(available).toBe(true);
  });

  const outputs = new Map<string, string>();
  const ofctlTest = available ? test : test.skip;

  beforeAll(async () => {
    if (!available) return;
    const texts = await ofpPrintAll(vectors.map((v) => v.bytes));
    vectors.forEach((v, i) => outputs.set(v.name, texts[i] as string));
  }, 120_000);

  describe.each(vectors.map((v): [string, Vector] => [v.name, v]))('%s', (name, v) => {
    ofctlTest('ovs-ofctl prints what we decoded', () => {
      const out = outputs.get(name) ?? '';
      const frame = decodeMessage(v.bytes);
      const unsupported = OFCTL_UNSUPPORTED[name];
      if (unsupported !== undefined) {
        // OVS lacks a feature this vector uses: it must still read the header, then report exactly this.
        expect(out).toContain(ofctlHeader(frame));
        expect(out).toContain(`decode error: ${unsupported}`);
        return;
      }
      const checked = out.split(OFCTL_ALLOWED[name] ?? '\u0000').join('');
      for (const w of BAD_WORDS) expect({ word: w, found: checked.includes(w) }).toEqual({ word: w, found: false });
      const missing = ofctlFacts(frame).filter((fact) => !out.includes(fact));
      expect({ missing, out }).toEqual({ missing: [], out });
    });
  });
});
