/**
 * The codec's JSON form, for operators (the `isthmus ofp` CLI) and for the golden `.json` files.
 *
 *   { "xid": 42, "type": "flow_mod", ...the fields of that OfpMessage variant (./types) }
 *
 * bigint → lower-case hex string "0x…" (no leading zeros, "0x0" for zero); Buffer → lower-case hex
 * without separators ("" when empty); everything else (numbers, tags, mac/ipv4/ipv6/dpid text) as
 * the decoder produced it, keys in the decoder's order, absent optional keys (an OXM `mask`) left out.
 *
 * Writing JSON needs no schema: the model has exactly two non-JSON types. Reading it back is
 * validated by one walker over the schema tables below, which the type checker holds to ./types
 * (each variant table must name every field of its variant, and no other).
 */
import { OFPCR_ROLE, OFPFC, OFPGC, OFPGT, OFPMC, OFPPR, OFPR, OFPRR } from './constants';
import { OXM_FIELDS } from './oxm-table';
import { parseIpv6 } from './writer';
import type * as T from './types';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON document that is not a valid message; `path` locates the offending value (`match[0].value`). */
export class OfpJsonError extends Error {
  override readonly name = 'OfpJsonError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(path === '' ? detail : `${path}: ${detail}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Model → JSON

function toJson(v: unknown, path: string): JsonValue {
  switch (typeof v) {
    case 'bigint':
      return `0x${v.toString(16)}`;
    case 'number':
    case 'string':
    case 'boolean':
      return v;
    case 'object': {
      if (v === null) break;
      if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
      if (Array.isArray(v)) return v.map((x, i) => toJson(x, `${path}[${i}]`));
      const o: JsonObject = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = toJson(x, join(path, k));
      return o;
    }
    default:
      break;
  }
  throw new OfpJsonError(path, `cannot represent ${String(v)} in JSON`);
}

/** Pure. The JSON form of a decoded frame: `{ xid, type, ...fields }`. */
export function messageToJson(frame: T.Frame): JsonObject {
  return { xid: frame.xid, ...(toJson(frame.msg, '') as JsonObject) };
}

// ---------------------------------------------------------------------------------------------
// Schemas

const UINT_MAX = { u7: 0x7f, u8: 0xff, u16: 0xffff, u24: 0xffffff, u32: 0xffffffff } as const;
type UintKind = keyof typeof UINT_MAX;
type Scalar = UintKind | 'u64' | 'bytes' | 'mac' | 'ipv4' | 'ipv6' | 'dpid' | 'bool';

type Schema =
  | Scalar
  | { readonly str: number } // NUL-padded fixed-width text field of `str` bytes
  | { readonly oneOf: readonly string[] }
  | { readonly list: Schema }
  | { readonly tuple: Schema; readonly n: number }
  | { readonly obj: Fields }
  | { readonly opt: Schema } // an optional field (only as the value of a Fields entry)
  | { readonly union: Variants; readonly tag: string; readonly what: string };
type Fields = { readonly [key: string]: Schema };
type Variants = { readonly [tag: string]: Fields };

/** Every key of T except its tag, each mapped to a schema: the checker catches a missing or stray field. */
type FieldsOf<X> = { readonly [K in Exclude<keyof X, 'type'>]-?: Schema };
type VariantOf<U, Tag> = U extends { readonly type: infer X } ? (Tag extends X ? U : never) : never;
type VariantsOf<U extends { readonly type: string }> = { readonly [Tag in U['type']]: FieldsOf<VariantOf<U, Tag>> };

const list = (s: Schema): Schema => ({ list: s });
const opt = (s: Schema): Schema => ({ opt: s });
const tuple = (s: Schema, n: number): Schema => ({ tuple: s, n });
const obj = (f: Fields): Schema => ({ obj: f });
const oneOf = (o: object): Schema => ({ oneOf: Object.keys(o) });
const byType = (what: string, variants: Variants): Schema => ({ union: variants, tag: 'type', what });
const bytes = 'bytes';

// OF1.3.5 7.2.3.7: one variant per row of the OXM table, plus the opaque (non-basic) TLV.
const OXM_VARIANTS: Variants = {
  ...Object.fromEntries(OXM_FIELDS.map((d) => [d.name, { value: d.kind, mask: opt(d.kind) }])),
  opaque: { oxmClass: 'u16', oxmField: 'u7', hasMask: 'bool', body: bytes } satisfies FieldsOf<Omit<T.OxmOpaque, 'field'>>,
};
const OXM: Schema = { union: OXM_VARIANTS, tag: 'field', what: 'OXM field' };
const MATCH = list(OXM);
const EXPERIMENTER = { experimenter: 'u32', data: bytes } as const;
const EXPERIMENTER_MSG = { experimenter: 'u32', expType: 'u32', data: bytes } as const;
const UNKNOWN16 = { code: 'u16', body: bytes } as const;

const ACTIONS = list(
  byType('action', {
    output: { port: 'u32', maxLen: 'u16' },
    copy_ttl_out: {}, copy_ttl_in: {}, set_mpls_ttl: { ttl: 'u8' }, dec_mpls_ttl: {},
    push_vlan: { ethertype: 'u16' }, pop_vlan: {}, push_mpls: { ethertype: 'u16' }, pop_mpls: { ethertype: 'u16' },
    set_queue: { queueId: 'u32' }, group: { groupId: 'u32' }, set_nw_ttl: { ttl: 'u8' }, dec_nw_ttl: {},
    set_field: { field: OXM }, push_pbb: { ethertype: 'u16' }, pop_pbb: {},
    experimenter: EXPERIMENTER,
    unknown: UNKNOWN16,
  } satisfies VariantsOf<T.Action>),
);

const INSTRUCTIONS = list(
  byType('instruction', {
    goto_table: { tableId: 'u8' },
    write_metadata: { metadata: 'u64', metadataMask: 'u64' },
    write_actions: { actions: ACTIONS }, apply_actions: { actions: ACTIONS }, clear_actions: {}, meter: { meterId: 'u32' },
    experimenter: EXPERIMENTER,
    unknown: UNKNOWN16,
  } satisfies VariantsOf<T.Instruction>),
);

const PORT = obj({
  portNo: 'u32', hwAddr: 'mac', name: { str: 16 }, config: 'u32', state: 'u32', curr: 'u32', advertised: 'u32',
  supported: 'u32', peer: 'u32', currSpeed: 'u32', maxSpeed: 'u32',
} satisfies FieldsOf<T.Port>);
const GROUP_TYPE = oneOf(OFPGT);
const BUCKETS = list(obj({ weight: 'u16', watchPort: 'u32', watchGroup: 'u32', actions: ACTIONS } satisfies FieldsOf<T.Bucket>));
const BANDS = list(
  byType('meter band', {
    drop: { rate: 'u32', burstSize: 'u32' },
    dscp_remark: { rate: 'u32', burstSize: 'u32', precLevel: 'u8' },
    experimenter: { rate: 'u32', burstSize: 'u32', experimenter: 'u32', data: bytes },
    unknown: { code: 'u16', rate: 'u32', burstSize: 'u32', body: bytes },
  } satisfies VariantsOf<T.MeterBand>),
);
const QUEUE_PROPS = list(
  byType('queue property', {
    min_rate: { rate: 'u16' }, max_rate: { rate: 'u16' }, experimenter: EXPERIMENTER, unknown: UNKNOWN16,
  } satisfies VariantsOf<T.QueueProp>),
);
const HELLO_ELEMS = list(
  byType('hello element', { versionbitmap: { bitmaps: list('u32') }, unknown: UNKNOWN16 } satisfies VariantsOf<T.HelloElem>),
);
const ASYNC = {
  packetInMask: tuple('u32', 2),
  portStatusMask: tuple('u32', 2),
  flowRemovedMask: tuple('u32', 2),
} satisfies FieldsOf<T.AsyncConfig>;

// 7.3.5 multipart bodies
const FLOW_STATS_REQUEST = {
  tableId: 'u8', outPort: 'u32', outGroup: 'u32', cookie: 'u64', cookieMask: 'u64', match: MATCH,
} satisfies FieldsOf<T.FlowStatsRequest>;
const FLOW_STATS = obj({
  tableId: 'u8', durationSec: 'u32', durationNsec: 'u32', priority: 'u16', idleTimeout: 'u16', hardTimeout: 'u16',
  flags: 'u16', cookie: 'u64', packetCount: 'u64', byteCount: 'u64', match: MATCH, instructions: INSTRUCTIONS,
} satisfies FieldsOf<T.FlowStats>);
const TABLE_STATS = obj({ tableId: 'u8', activeCount: 'u32', lookupCount: 'u64', matchedCount: 'u64' } satisfies FieldsOf<T.TableStats>);
const PORT_STATS = obj({
  portNo: 'u32', rxPackets: 'u64', txPackets: 'u64', rxBytes: 'u64', txBytes: 'u64', rxDropped: 'u64', txDropped: 'u64',
  rxErrors: 'u64', txErrors: 'u64', rxFrameErr: 'u64', rxOverErr: 'u64', rxCrcErr: 'u64', collisions: 'u64',
  durationSec: 'u32', durationNsec: 'u32',
} satisfies FieldsOf<T.PortStats>);
const QUEUE_STATS = obj({
  portNo: 'u32', queueId: 'u32', txBytes: 'u64', txPackets: 'u64', txErrors: 'u64', durationSec: 'u32', durationNsec: 'u32',
} satisfies FieldsOf<T.QueueStats>);
const GROUP_STATS = obj({
  groupId: 'u32', refCount: 'u32', packetCount: 'u64', byteCount: 'u64', durationSec: 'u32', durationNsec: 'u32',
  bucketStats: list(obj({ packetCount: 'u64', byteCount: 'u64' })),
} satisfies FieldsOf<T.GroupStats>);
const GROUP_DESC = obj({ groupType: GROUP_TYPE, groupId: 'u32', buckets: BUCKETS } satisfies FieldsOf<T.GroupDesc>);
const GROUP_FEATURES = {
  types: 'u32', capabilities: 'u32', maxGroups: tuple('u32', 4), actions: tuple('u32', 4),
} satisfies FieldsOf<T.GroupFeatures>;
const METER_STATS = obj({
  meterId: 'u32', flowCount: 'u32', packetInCount: 'u64', byteInCount: 'u64', durationSec: 'u32', durationNsec: 'u32',
  bandStats: list(obj({ packetBandCount: 'u64', byteBandCount: 'u64' })),
} satisfies FieldsOf<T.MeterStats>);
const METER_CONFIG = obj({ flags: 'u16', meterId: 'u32', bands: BANDS } satisfies FieldsOf<T.MeterConfig>);
const METER_FEATURES = {
  maxMeter: 'u32', bandTypes: 'u32', capabilities: 'u32', maxBands: 'u8', maxColor: 'u8',
} satisfies FieldsOf<T.MeterFeatures>;
const FEATURE_IDS = list(obj({ code: 'u16', data: bytes } satisfies FieldsOf<T.FeatureId>));
const OXM_IDS = list(obj({ header: 'u32', experimenter: opt('u32') } satisfies FieldsOf<T.OxmId>));
const TABLE_FEATURES = list(
  obj({
    tableId: 'u8', name: { str: 32 }, metadataMatch: 'u64', metadataWrite: 'u64', config: 'u32', maxEntries: 'u32',
    properties: list(
      byType('table feature property', {
        instructions: { ids: FEATURE_IDS }, instructions_miss: { ids: FEATURE_IDS },
        next_tables: { tableIds: list('u8') }, next_tables_miss: { tableIds: list('u8') },
        write_actions: { ids: FEATURE_IDS }, write_actions_miss: { ids: FEATURE_IDS },
        apply_actions: { ids: FEATURE_IDS }, apply_actions_miss: { ids: FEATURE_IDS },
        match: { oxmIds: OXM_IDS }, wildcards: { oxmIds: OXM_IDS },
        write_setfield: { oxmIds: OXM_IDS }, write_setfield_miss: { oxmIds: OXM_IDS },
        apply_setfield: { oxmIds: OXM_IDS }, apply_setfield_miss: { oxmIds: OXM_IDS },
        experimenter: EXPERIMENTER_MSG, experimenter_miss: EXPERIMENTER_MSG, unknown: UNKNOWN16,
      } satisfies VariantsOf<T.TableFeatureProp>),
    ),
  } satisfies FieldsOf<T.TableFeatures>),
);

const MULTIPART_REQUEST = byType('multipart request', {
  desc: {}, flow: FLOW_STATS_REQUEST, aggregate: FLOW_STATS_REQUEST, table: {}, port_stats: { portNo: 'u32' },
  queue: { portNo: 'u32', queueId: 'u32' }, group: { groupId: 'u32' }, group_desc: {}, group_features: {},
  meter: { meterId: 'u32' }, meter_config: { meterId: 'u32' }, meter_features: {}, table_features: { tables: TABLE_FEATURES },
  port_desc: {}, experimenter: EXPERIMENTER_MSG, unknown: UNKNOWN16,
} satisfies VariantsOf<T.MultipartRequestBody>);

const MULTIPART_REPLY = byType('multipart reply', {
  desc: { mfrDesc: { str: 256 }, hwDesc: { str: 256 }, swDesc: { str: 256 }, serialNum: { str: 32 }, dpDesc: { str: 256 } },
  flow: { stats: list(FLOW_STATS) },
  aggregate: { packetCount: 'u64', byteCount: 'u64', flowCount: 'u32' },
  table: { stats: list(TABLE_STATS) }, port_stats: { stats: list(PORT_STATS) }, queue: { stats: list(QUEUE_STATS) },
  group: { stats: list(GROUP_STATS) }, group_desc: { groups: list(GROUP_DESC) }, group_features: GROUP_FEATURES,
  meter: { stats: list(METER_STATS) }, meter_config: { configs: list(METER_CONFIG) }, meter_features: METER_FEATURES,
  table_features: { tables: TABLE_FEATURES }, port_desc: { ports: list(PORT) }, experimenter: EXPERIMENTER_MSG, unknown: UNKNOWN16,
} satisfies VariantsOf<T.MultipartReplyBody>);

const CONFIG = { flags: 'u16', missSendLen: 'u16' } as const;
const ROLE = { role: oneOf(OFPCR_ROLE), generationId: 'u64' } as const;

const MESSAGE = byType('message', {
  hello: { version: 'u8', elements: HELLO_ELEMS },
  error: { version: 'u8', errType: 'u16', code: 'u16', data: bytes },
  echo_request: { data: bytes }, echo_reply: { data: bytes }, experimenter: EXPERIMENTER_MSG, features_request: {},
  features_reply: {
    datapathId: 'dpid', nBuffers: 'u32', nTables: 'u8', auxiliaryId: 'u8', capabilities: 'u32', reserved: 'u32',
  },
  get_config_request: {}, get_config_reply: CONFIG, set_config: CONFIG,
  packet_in: {
    bufferId: 'u32', totalLen: 'u16', reason: oneOf(OFPR), tableId: 'u8', cookie: 'u64', match: MATCH, data: bytes,
  },
  flow_removed: {
    cookie: 'u64', priority: 'u16', reason: oneOf(OFPRR), tableId: 'u8', durationSec: 'u32', durationNsec: 'u32',
    idleTimeout: 'u16', hardTimeout: 'u16', packetCount: 'u64', byteCount: 'u64', match: MATCH,
  },
  port_status: { reason: oneOf(OFPPR), desc: PORT },
  packet_out: { bufferId: 'u32', inPort: 'u32', actions: ACTIONS, data: bytes },
  flow_mod: {
    cookie: 'u64', cookieMask: 'u64', tableId: 'u8', command: oneOf(OFPFC), idleTimeout: 'u16', hardTimeout: 'u16',
    priority: 'u16', bufferId: 'u32', outPort: 'u32', outGroup: 'u32', flags: 'u16', match: MATCH, instructions: INSTRUCTIONS,
  },
  group_mod: { command: oneOf(OFPGC), groupType: GROUP_TYPE, groupId: 'u32', buckets: BUCKETS },
  port_mod: { portNo: 'u32', hwAddr: 'mac', config: 'u32', mask: 'u32', advertise: 'u32' },
  table_mod: { tableId: 'u8', config: 'u32' },
  multipart_request: { flags: 'u16', body: MULTIPART_REQUEST },
  multipart_reply: { flags: 'u16', body: MULTIPART_REPLY },
  barrier_request: {}, barrier_reply: {}, queue_get_config_request: { port: 'u32' },
  queue_get_config_reply: { port: 'u32', queues: list(obj({ queueId: 'u32', port: 'u32', properties: QUEUE_PROPS } satisfies FieldsOf<T.PacketQueue>)) },
  role_request: ROLE, role_reply: ROLE, get_async_request: {}, get_async_reply: ASYNC, set_async: ASYNC,
  meter_mod: { command: oneOf(OFPMC), flags: 'u16', meterId: 'u32', bands: BANDS },
  unknown: { code: 'u8', body: bytes },
} satisfies VariantsOf<T.OfpMessage>);

// ---------------------------------------------------------------------------------------------
// JSON → model: one walker over the schemas

const U64_MAX = 0xffffffffffffffffn;

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(s: Schema): string {
  if (typeof s === 'string') {
    const words: Partial<Record<Scalar, string>> = {
      u64: 'u64 (a "0x…" hex or decimal string)', bytes: 'hex bytes', mac: 'mac address (aa:bb:cc:dd:ee:ff)',
      ipv4: 'ipv4 address', ipv6: 'ipv6 address', dpid: 'datapath id (00:00:00:00:00:00:00:01)', bool: 'boolean',
    };
    return words[s] ?? s;
  }
  if ('str' in s) return `text of at most ${s.str} latin1 characters`;
  if ('oneOf' in s) return `one of ${s.oneOf.join('|')}`;
  if ('list' in s) return 'array';
  if ('tuple' in s) return `array of ${s.n} ${describe(s.tuple)}`;
  if ('opt' in s) return describe(s.opt);
  if ('union' in s) return `${s.what} object`;
  return 'object';
}

function show(v: unknown): string {
  const text = typeof v === 'bigint' ? `${v}n` : (JSON.stringify(v) ?? String(v));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function fail(path: string, s: Schema, v: unknown): never {
  throw new OfpJsonError(path, `expected ${describe(s)}, ${v === undefined ? 'but the field is missing' : `got ${show(v)}`}`);
}

function scalar(s: Scalar, v: unknown, path: string): unknown {
  switch (s) {
    case 'u7':
    case 'u8':
    case 'u16':
    case 'u24':
    case 'u32':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= UINT_MAX[s] ? v : fail(path, s, v);
    case 'u64': {
      let n: bigint | undefined;
      if (typeof v === 'string' && /^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(v)) n = BigInt(v);
      else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
      return n !== undefined && n >= 0n && n <= U64_MAX ? n : fail(path, s, v);
    }
    case 'bytes':
      return typeof v === 'string' && /^([0-9a-fA-F]{2})*$/.test(v) ? Buffer.from(v, 'hex') : fail(path, s, v);
    case 'mac':
      return typeof v === 'string' && /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(v) ? v.toLowerCase() : fail(path, s, v);
    case 'dpid': {
      const hex = typeof v === 'string' && /^([0-9a-fA-F]{2}:){7}[0-9a-fA-F]{2}$|^[0-9a-fA-F]{16}$/.test(v) ? v.replace(/:/g, '') : '';
      return hex === '' ? fail(path, s, v) : (hex.toLowerCase().match(/../g) as string[]).join(':');
    }
    case 'ipv4': {
      const m = typeof v === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v) : null;
      const parts = m ? m.slice(1).map(Number) : [];
      return parts.length === 4 && parts.every((p) => p <= 255) ? parts.join('.') : fail(path, s, v);
    }
    case 'ipv6': {
      let b: Buffer;
      try {
        b = parseIpv6(v as string);
      } catch {
        return fail(path, s, v);
      }
      return Array.from({ length: 8 }, (_, i) => b.readUInt16BE(2 * i).toString(16).padStart(4, '0')).join(':');
    }
    case 'bool':
      return typeof v === 'boolean' ? v : fail(path, s, v);
    default:
      throw new Error(`unknown scalar ${String(s satisfies never)}`);
  }
}

function record(v: unknown, path: string, s: Schema): Readonly<Record<string, unknown>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(path, s, v);
  return v as Readonly<Record<string, unknown>>;
}

/** Reads the keys of `f` from `o` into `out`; any other key of `o` but `tag` is an error. */
function fields(f: Fields, o: Readonly<Record<string, unknown>>, path: string, out: Record<string, unknown>, tag?: string): unknown {
  for (const k of Object.keys(o)) {
    if (k !== tag && !Object.hasOwn(f, k)) {
      throw new OfpJsonError(join(path, k), tag === undefined ? 'unknown field' : `unknown field for ${String(out[tag])}`);
    }
  }
  for (const [k, s] of Object.entries(f)) {
    const x = o[k];
    if (typeof s === 'object' && 'opt' in s) {
      if (x !== undefined) out[k] = walk(s.opt, x, join(path, k));
    } else {
      out[k] = walk(s, x, join(path, k));
    }
  }
  return out;
}

function walk(s: Schema, v: unknown, path: string): unknown {
  if (typeof s === 'string') return scalar(s, v, path);
  if ('str' in s) {
    // The field is latin1; a text that fills it exactly (no NUL) is what some switches send.
    return typeof v === 'string' && v.length <= s.str && !/[\u0100-\uffff]/.test(v) ? v : fail(path, s, v);
  }
  if ('oneOf' in s) return typeof v === 'string' && s.oneOf.includes(v) ? v : fail(path, s, v);
  if ('list' in s) return Array.isArray(v) ? v.map((x, i) => walk(s.list, x, `${path}[${i}]`)) : fail(path, s, v);
  if ('tuple' in s) {
    return Array.isArray(v) && v.length === s.n ? v.map((x, i) => walk(s.tuple, x, `${path}[${i}]`)) : fail(path, s, v);
  }
  if ('obj' in s) return fields(s.obj, record(v, path, s), path, {});
  if ('opt' in s) return walk(s.opt, v, path);
  const o = record(v, path, s);
  const tag = o[s.tag];
  const tagPath = join(path, s.tag);
  if (typeof tag !== 'string') throw new OfpJsonError(tagPath, `expected a ${s.what} name, got ${show(tag)}`);
  const variant = Object.hasOwn(s.union, tag) ? s.union[tag] : undefined;
  if (variant === undefined) throw new OfpJsonError(tagPath, `unknown ${s.what} '${tag}'`);
  return fields(variant, o, path, { [s.tag]: tag }, s.tag);
}

/**
 * Pure. Parses and validates the JSON form of one message (as produced by messageToJson; bigints
 * may also be decimal strings). Throws OfpJsonError naming the path of the first bad value.
 */
export function messageFromJson(json: unknown): T.Frame {
  const o = record(json, '', MESSAGE);
  const xid = scalar('u32', o.xid, 'xid') as number;
  const rest: Record<string, unknown> = { ...o };
  delete rest.xid;
  return { xid, msg: walk(MESSAGE, rest, '') as T.OfpMessage };
}

// ---------------------------------------------------------------------------------------------
// Parts of a flow, in the same JSON form, for modules that keep flows as JSON (src/flows/flowspec-json.ts)

/** Pure. A 64-bit value (cookie, metadata) in this module's JSON form: "0x…" lower-case hex. */
export function u64ToJson(v: bigint): string {
  return toJson(v, '') as string;
}

/** Pure. Parses a u64 as messageFromJson does ("0x…" hex or decimal string); throws OfpJsonError at `path`. */
export function u64FromJson(json: unknown, path: string): bigint {
  return scalar('u64', json, path) as bigint;
}

/** Pure. The JSON form of a match: one object per OXM TLV, as inside messageToJson. */
export function matchToJson(match: T.Match): JsonValue[] {
  return toJson(match, 'match') as JsonValue[];
}

/** Pure. Parses and validates a match in the JSON form; throws OfpJsonError at `path`. */
export function matchFromJson(json: unknown, path: string): T.Match {
  return walk(MATCH, json, path) as T.Match;
}

/** Pure. The JSON form of an instruction list, as inside messageToJson. */
export function instructionsToJson(instructions: readonly T.Instruction[]): JsonValue[] {
  return toJson(instructions, 'instructions') as JsonValue[];
}

/** Pure. Parses and validates an instruction list in the JSON form; throws OfpJsonError at `path`. */
export function instructionsFromJson(json: unknown, path: string): T.Instruction[] {
  return walk(INSTRUCTIONS, json, path) as T.Instruction[];
}
