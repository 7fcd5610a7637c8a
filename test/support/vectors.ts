/**
 * Loader for the annotated golden vectors under test/golden/ofp13. File format (LoxiGen style):
 *
 *   # flow_mod_push_vlan.hex | OF1.3.5 ofp_flow_mod | verified: ovs-ofctl ofp-print
 *   04 0e 00 60 00 00 00 2a   # version=4, OFPT_FLOW_MOD, length=96, xid=42
 *
 * Everything after '#' on a line is a comment; the rest are whitespace-separated hex byte pairs.
 * Each `name.hex` has a sibling `name.json` holding the expected decoded frame (see src/ofp/json.ts).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const VECTOR_DIR = join(__dirname, '..', 'golden', 'ofp13');
export const DECODE_ERROR_DIR = join(__dirname, '..', 'golden', 'ofp13', 'decodeErrors');

export interface Vector {
  readonly name: string;
  readonly header: string;
  readonly bytes: Buffer;
  /** Parsed sibling .json, or undefined when there is none. */
  readonly expected: unknown;
}

/** Pure. Parses annotated hex text into bytes. */
export function parseAnnotatedHex(text: string): Buffer {
  const hex = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(' ')
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  for (const t of hex) if (!/^[0-9a-fA-F]{2}$/.test(t)) throw new Error(`bad hex token '${t}'`);
  return Buffer.from(hex.join(''), 'hex');
}

function loadDir(dir: string): Vector[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hex'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const jsonPath = join(dir, f.replace(/\.hex$/, '.json'));
      return {
        name: f.replace(/\.hex$/, ''),
        header: text.split('\n')[0] ?? '',
        bytes: parseAnnotatedHex(text),
        expected: existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as unknown) : undefined,
      };
    });
}

/** The valid message vectors. */
export function loadVectors(): Vector[] {
  return loadDir(VECTOR_DIR);
}

/** Malformed inputs; the sibling .json is `{ "code": "<OfpDecodeErrorCode>", "offset": n }`. */
export function loadDecodeErrorVectors(): Vector[] {
  return loadDir(DECODE_ERROR_DIR);
}
