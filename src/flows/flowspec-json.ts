/**
 * The stored JSON form of a FlowSpec (the desired_flows.spec column, migration 0003):
 *
 *   { "dpid": "00:00:00:00:00:00:00:01", "table": 0, "priority": 100, "cookie": "0xaa00000000000001",
 *     "idleTimeout": 0, "hardTimeout": 0, "flags": 0, "match": [...], "instructions": [...] }
 *
 * match and instructions use the codec's JSON form (src/ofp/json.ts: bigint as "0x…" hex, Buffer as
 * hex, OXM values as text or numbers), so a stored flow reads like `isthmus ofp decode` output. Keys
 * are written in this fixed order. Reading is strict: every key present, no other key, every value
 * in the range its wire field holds, the dpid canonical.
 */
import { instructionsFromJson, instructionsToJson, matchFromJson, matchToJson, OfpJsonError, u64FromJson, u64ToJson, type JsonObject } from '../ofp/json';
import { err, ok, type Result } from '../topology/result';
import type { FlowSpec } from './flowspec';

const KEYS = ['dpid', 'table', 'priority', 'cookie', 'idleTimeout', 'hardTimeout', 'flags', 'match', 'instructions'] as const;
const CANONICAL_DPID = /^[0-9a-f]{2}(:[0-9a-f]{2}){7}$/;

/**
 * Pure. The JSON form of a flow. Round trip: flowSpecFromJson gives back an equal FlowSpec, with
 * addresses in the codec's canonical text (lower-case mac, full eight-group ipv6), the form canonical()
 * and the decoder produce. Throws OfpJsonError when a value has no JSON form (not a FlowSpec at all).
 */
export function flowSpecToJson(spec: FlowSpec): JsonObject {
  return {
    dpid: spec.dpid,
    table: spec.table,
    priority: spec.priority,
    cookie: u64ToJson(spec.cookie),
    idleTimeout: spec.idleTimeout,
    hardTimeout: spec.hardTimeout,
    flags: spec.flags,
    match: matchToJson(spec.match),
    instructions: instructionsToJson(spec.instructions),
  };
}

/** Pure. A FlowSpec from its JSON form, or what is wrong with it (naming the path of the bad value). */
export function flowSpecFromJson(json: unknown): Result<FlowSpec, string> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return err('not a JSON object');
  const o = json as Readonly<Record<string, unknown>>;
  const stray = Object.keys(o).find((k) => !(KEYS as readonly string[]).includes(k));
  if (stray !== undefined) return err(`${stray}: unknown field`);
  const missing = KEYS.find((k) => o[k] === undefined);
  if (missing !== undefined) return err(`${missing}: missing`);
  const wrong = checkScalars(o);
  if (wrong !== undefined) return err(wrong);
  const f = o as Readonly<Record<string, unknown>> & Scalars;
  try {
    return ok({
      dpid: f.dpid,
      table: f.table,
      priority: f.priority,
      match: matchFromJson(f.match, 'match'),
      instructions: instructionsFromJson(f.instructions, 'instructions'),
      cookie: u64FromJson(f.cookie, 'cookie'),
      idleTimeout: f.idleTimeout,
      hardTimeout: f.hardTimeout,
      flags: f.flags,
    });
  } catch (e) {
    if (e instanceof OfpJsonError) return err(e.message);
    throw e;
  }
}

/**
 * Pure. What is wrong with a FlowSpec's own fields (dpid, table, priority, cookie, timeouts, flags),
 * by the rules flowSpecFromJson reads them with; undefined when nothing is. Match and instructions
 * are not looked at: their types hold their shape, and the encoder checks their value ranges.
 */
export function checkFlowSpecFields(spec: FlowSpec): string | undefined {
  const wrong = checkScalars(spec as unknown as Readonly<Record<string, unknown>>);
  if (wrong !== undefined) return wrong;
  return typeof spec.cookie === 'bigint' && spec.cookie >= 0n && spec.cookie <= U64_MAX ? undefined : 'cookie: not a uint64';
}

interface Scalars {
  readonly dpid: string;
  readonly table: number;
  readonly priority: number;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly flags: number;
}

/** The first of the plain fields that is wrong, as `field: why`. */
function checkScalars(o: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof o.dpid !== 'string' || !CANONICAL_DPID.test(o.dpid)) return 'dpid: not a canonical datapath id (00:00:00:00:00:00:00:01)';
  // OF1.3.5 7.3.4.1: a flow lives in table 0..254 (0xff is OFPTT_ALL, only meaningful for deletes).
  if (!isUint(o.table, 0xfe)) return 'table: not an integer 0..254';
  if (!isUint(o.priority, 0xffff)) return 'priority: not a uint16';
  if (!isUint(o.idleTimeout, 0xffff)) return 'idleTimeout: not a uint16';
  if (!isUint(o.hardTimeout, 0xffff)) return 'hardTimeout: not a uint16';
  if (!isUint(o.flags, 0xffff)) return 'flags: not a uint16';
  return undefined;
}

const U64_MAX = 0xffffffffffffffffn;
const isUint = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
