/**
 * Kytos-ng's flow JSON (kytos-api.md §6.1 "Flow JSON", "Stored FlowDoc") to and from FlowSpec.
 * Facts from kytos-ng flow_manager (`main.py`, `utils.py`, `db/models`) and of_core (`flow.py`,
 * `v0x04/flow.py`):
 *  - defaults: table_id 0, priority 0x8000, cookie 0, timeouts 0, owner "no_owner", table_group "base";
 *  - `cookie_mask` on an add is a 400; on a delete, cookie and cookie_mask come together or not at all
 *    (utils.py validate_cookies_add/del, whose messages we reuse);
 *  - `actions` is sugar for one apply_actions instruction (empty: no instruction), exclusive with
 *    `instructions` (db/models FlowSubDoc, whose message we reuse);
 *  - actions are exactly of_core v0x04's five: output {port}, set_vlan {vlan_id}, push_vlan
 *    {tag_type "s"|"c"}, pop_vlan, set_queue {queue_id}; an unknown type or key is a 400 there too;
 *    output always carries max_len OFPCML_NO_BUFFER (pyof ActionOutput default); ports are integers;
 *  - instructions: apply_actions, write_actions, clear_actions {actions}, goto_table {table_id},
 *    meter {meter_id}, write_metadata {metadata, metadata_mask};
 *  - a flow as Kytos lists it (Flow.as_dict): switch, table_id, match, priority, idle_timeout,
 *    hard_timeout, cookie, id, stats, cookie_mask (0), instructions; `id` is the md5 of the sorted
 *    JSON of all of it but id and stats; `match_id` the md5 of {switch, table_id, match, priority}.
 *
 * Our choices: unknown keys anywhere are a 400 (Kytos ignores them outside actions); goto_table,
 * meter and write_metadata must name their values (Kytos defaults them to 0, which a switch rejects
 * or ignores); a duplicate instruction type is a 400 (OF1.3.5 7.2.4); flags are 0. Ids are computed
 * on canonical(spec), so a flow has one id however it was written; for a flow that uses only what
 * Kytos can show, it equals Kytos's id for that flow read back from a switch (OVS reports
 * instructions in execution order, canonical()'s order). Actions Kytos cannot show (group, other
 * set_field …) are listed in an extension form (`{"action_type": "group", "group_id": 1}`) instead of
 * being dropped as Kytos drops them, and so are other-class OXMs (see ./kytos-match.ts).
 */
import { OFPCML, OFPM, OFPP, OFPTT, assertNever, type Action, type Dpid, type Instruction, type Match } from '../ofp';
import { err, ok, type Result } from '../topology/result';
import { canonical, canonicalMatch } from './canonical';
import type { FlowSpec } from './flowspec';
import { kytosMatchEntry, kytosMd5, parseKytosMatch, readUint, show, toKytosMatch, type KytosJson, type KytosObject } from './kytos-match';

export type KytosFlowCommand = 'add' | 'delete';

/** A flow of a flow_manager request, with what the FlowSpec does not hold. */
export interface KytosFlowRequest {
  readonly spec: FlowSpec;
  /** Delete only: present when the request gave cookie and cookie_mask. */
  readonly cookieMask?: bigint;
  /** Who sent it ("no_owner" by default); Kytos paces FlowMods per owner. */
  readonly owner: string;
  /** of_multi_table group ("base" by default). */
  readonly tableGroup: string;
  /** Whether table_id was given: a delete without one matches every table in the store (kytos-api.md §6.1 ⚠). */
  readonly tableGiven: boolean;
}

/** Counters of a flow read from a switch (OF1.3.5 7.3.5.2 ofp_flow_stats). */
export interface KytosFlowStats {
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  readonly durationSec: number;
  readonly durationNsec: number;
}

export const KYTOS_DEFAULT_PRIORITY = 0x8000;
export const KYTOS_DEFAULT_OWNER = 'no_owner';
export const KYTOS_DEFAULT_TABLE_GROUP = 'base';

const U16 = 0xffffn;
const U32 = 0xffffffffn;
const U64 = 0xffffffffffffffffn;
const OFPVID_PRESENT = 0x1000;
const FLOW_KEYS = ['table_id', 'priority', 'cookie', 'cookie_mask', 'idle_timeout', 'hard_timeout', 'match', 'actions', 'instructions', 'owner', 'table_group'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** Keys of `o` not in `allowed`, as an error, or undefined. */
function extraKey(o: Json, allowed: readonly string[], path: string, what: string): string | undefined {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  return extra === undefined ? undefined : `${path === '' ? '' : `${path}: `}unknown key ${show(extra)} in ${what} (allowed: ${allowed.join(', ')})`;
}

/** A present integer field in 0..max (undefined when absent and optional). */
function intField(o: Json, key: string, max: bigint, path: string): Result<bigint | undefined, string> {
  return Object.hasOwn(o, key) ? readUint(o[key], max, at(path, key)) : ok(undefined);
}

function required(o: Json, key: string, max: bigint, path: string): Result<bigint, string> {
  const r = intField(o, key, max, path);
  if (!r.ok) return r;
  return r.value === undefined ? err(`${at(path, key)}: missing`) : ok(r.value);
}

// ---------------------------------------------------------------------------------------------
// Actions

const ACTION_KEYS = {
  output: ['port'],
  set_vlan: ['vlan_id'],
  push_vlan: ['tag_type'],
  pop_vlan: [],
  set_queue: ['queue_id'],
} as const satisfies Record<string, readonly string[]>;
type KytosActionType = keyof typeof ACTION_KEYS;
const isActionType = (t: unknown): t is KytosActionType => typeof t === 'string' && Object.hasOwn(ACTION_KEYS, t);

/** OF1.3.5 7.2.5 "Output Action": a physical/logical port (1..OFPP_MAX) or a reserved port other than ANY. */
function isOutputPort(p: number): boolean {
  return (p >= 1 && p <= OFPP.MAX) || (p >= OFPP.IN_PORT && p <= OFPP.LOCAL);
}

function parseAction(json: unknown, path: string): Result<Action, string> {
  if (!isObject(json)) return err(`${path}: ${show(json)} is not an object`);
  const type = json.action_type;
  if (type === undefined) return err(`${path}.action_type: missing`);
  if (!isActionType(type)) return err(`${path}.action_type: unknown action ${show(type)} (Kytos-ng actions: ${Object.keys(ACTION_KEYS).join(', ')})`);
  const bad = extraKey(json, ['action_type', ...ACTION_KEYS[type]], path, `the ${type} action`);
  if (bad !== undefined) return err(bad);
  switch (type) {
    case 'output': {
      const r = required(json, 'port', U32, path);
      if (!r.ok) return r;
      const port = Number(r.value);
      if (!isOutputPort(port)) return err(`${path}.port: ${port} is not an output port (1..${OFPP.MAX}, or a reserved port ${OFPP.IN_PORT}..${OFPP.LOCAL})`);
      // pyof's ActionOutput sends max_len OFPCML_NO_BUFFER; it only matters towards the controller, and 0 elsewhere is canonical().
      return ok({ type: 'output', port, maxLen: port === OFPP.CONTROLLER ? OFPCML.NO_BUFFER : 0 });
    }
    case 'set_vlan': {
      const r = required(json, 'vlan_id', 4095n, path);
      if (!r.ok) return r;
      // of_core ActionSetVlan: a set_field of vlan_vid with OFPVID_PRESENT (OF1.3.5 7.2.3.8).
      return ok({ type: 'set_field', field: { field: 'vlan_vid', value: Number(r.value) | OFPVID_PRESENT } });
    }
    case 'push_vlan': {
      const t = json.tag_type;
      if (t === undefined) return err(`${path}.tag_type: missing`);
      // of_core ActionPushVlan: "s" is an 802.1ad S-tag (0x88a8), "c" an 802.1Q C-tag (0x8100).
      if (t !== 's' && t !== 'c') return err(`${path}.tag_type: ${show(t)} is not "s" or "c"`);
      return ok({ type: 'push_vlan', ethertype: t === 's' ? 0x88a8 : 0x8100 });
    }
    case 'pop_vlan':
      return ok({ type: 'pop_vlan' });
    case 'set_queue': {
      const r = required(json, 'queue_id', U32 - 1n, path); // OFPQ_ALL is not a queue
      return r.ok ? ok({ type: 'set_queue', queueId: Number(r.value) }) : r;
    }
    default:
      return assertNever(type);
  }
}

function parseActions(json: unknown, path: string): Result<Action[], string> {
  if (!Array.isArray(json)) return err(`${path}: ${show(json)} is not a list`);
  const out: Action[] = [];
  for (let i = 0; i < json.length; i++) {
    const r = parseAction(json[i], `${path}[${i}]`);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------
// Instructions

const INSTRUCTION_KEYS = {
  apply_actions: ['actions'],
  write_actions: ['actions'],
  clear_actions: ['actions'],
  goto_table: ['table_id'],
  meter: ['meter_id'],
  write_metadata: ['metadata', 'metadata_mask'],
} as const satisfies Record<string, readonly string[]>;
type KytosInstructionType = keyof typeof INSTRUCTION_KEYS;
const isInstructionType = (t: unknown): t is KytosInstructionType => typeof t === 'string' && Object.hasOwn(INSTRUCTION_KEYS, t);

/** OF1.3.5 7.2.4: a meter id is 1..OFPM_MAX or one of the virtual meters SLOWPATH and CONTROLLER. */
const isMeterId = (m: number): boolean => (m >= 1 && m <= OFPM.MAX) || m === OFPM.SLOWPATH || m === OFPM.CONTROLLER;

function parseInstruction(json: unknown, path: string): Result<Instruction, string> {
  if (!isObject(json)) return err(`${path}: ${show(json)} is not an object`);
  const type = json.instruction_type;
  if (type === undefined) return err(`${path}.instruction_type: missing`);
  if (!isInstructionType(type)) {
    return err(`${path}.instruction_type: unknown instruction ${show(type)} (Kytos-ng instructions: ${Object.keys(INSTRUCTION_KEYS).join(', ')})`);
  }
  const bad = extraKey(json, ['instruction_type', ...INSTRUCTION_KEYS[type]], path, `the ${type} instruction`);
  if (bad !== undefined) return err(bad);
  switch (type) {
    case 'apply_actions':
    case 'write_actions': {
      const r = Object.hasOwn(json, 'actions') ? parseActions(json.actions, `${path}.actions`) : ok([]);
      return r.ok ? ok({ type, actions: r.value }) : r;
    }
    case 'clear_actions': {
      // OF1.3.5 7.2.4: OFPIT_CLEAR_ACTIONS carries no actions; Kytos writes it with "actions": [].
      const a = json.actions;
      if (a !== undefined && !(Array.isArray(a) && a.length === 0)) return err(`${path}.actions: clear_actions takes no actions, got ${show(a)}`);
      return ok({ type: 'clear_actions' });
    }
    case 'goto_table': {
      const r = required(json, 'table_id', BigInt(OFPTT.MAX), path);
      return r.ok ? ok({ type: 'goto_table', tableId: Number(r.value) }) : r;
    }
    case 'meter': {
      const r = required(json, 'meter_id', U32, path);
      if (!r.ok) return r;
      const id = Number(r.value);
      if (!isMeterId(id)) return err(`${path}.meter_id: ${id} is not a meter (1..${OFPM.MAX}, ${OFPM.SLOWPATH} or ${OFPM.CONTROLLER})`);
      return ok({ type: 'meter', meterId: id });
    }
    case 'write_metadata': {
      const m = required(json, 'metadata', U64, path);
      if (!m.ok) return m;
      const mask = required(json, 'metadata_mask', U64, path);
      return mask.ok ? ok({ type: 'write_metadata', metadata: m.value, metadataMask: mask.value }) : mask;
    }
    default:
      return assertNever(type);
  }
}

function parseInstructions(json: unknown, path: string): Result<Instruction[], string> {
  if (!Array.isArray(json)) return err(`${path}: ${show(json)} is not a list`);
  const out: Instruction[] = [];
  for (let i = 0; i < json.length; i++) {
    const r = parseInstruction(json[i], `${path}[${i}]`);
    if (!r.ok) return r;
    // OF1.3.5 7.2.4: "the instruction set … contains at most one instruction of each type" (OFPBIC_DUP_INST).
    if (out.some((x) => x.type === r.value.type)) return err(`${path}[${i}]: a second ${r.value.type} instruction; a flow has at most one of each type`);
    out.push(r.value);
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------
// A flow

function stringField(o: Json, key: string, dflt: string): Result<string, string> {
  if (!Object.hasOwn(o, key)) return ok(dflt);
  const v = o[key];
  return typeof v === 'string' ? ok(v) : err(`${key}: ${show(v)} is not a string`);
}

/**
 * Pure. One flow of a flow_manager POST or DELETE body on switch `dpid`, or the 400 message saying
 * what is wrong (the path of the bad value first, e.g. `match.dl_vlan: 5000 is out of range 0..4096`).
 */
export function parseKytosFlow(dpid: Dpid, json: unknown, opts: { readonly command: KytosFlowCommand }): Result<KytosFlowRequest, string> {
  if (!isObject(json)) return err(`a flow must be a JSON object, not ${show(json)}`);
  const bad = extraKey(json, FLOW_KEYS, '', 'a flow');
  if (bad !== undefined) return err(bad);
  const hasCookie = Object.hasOwn(json, 'cookie');
  const hasMask = Object.hasOwn(json, 'cookie_mask');
  if (opts.command === 'add' && hasMask) return err("cookie_mask shouldn't be set when adding flows");
  if (opts.command === 'delete' && hasCookie && !hasMask) return err('cookie is set, cookie_mask should be set too when deleting flows');
  if (opts.command === 'delete' && hasMask && !hasCookie) return err('cookie_mask is set, cookie should be set too when deleting flows');
  if (Object.hasOwn(json, 'actions') && Object.hasOwn(json, 'instructions')) return err('Cannot have both "actions" and "instructions" at the same time');

  // OFPTT_ALL (0xff) names every table, which only a delete may do (OF1.3.5 7.3.4.2).
  const table = intField(json, 'table_id', BigInt(opts.command === 'delete' ? OFPTT.ALL : OFPTT.MAX), '');
  if (!table.ok) return table;
  const priority = intField(json, 'priority', U16, '');
  if (!priority.ok) return priority;
  const cookie = intField(json, 'cookie', U64, '');
  if (!cookie.ok) return cookie;
  const cookieMask = intField(json, 'cookie_mask', U64, '');
  if (!cookieMask.ok) return cookieMask;
  const idle = intField(json, 'idle_timeout', U16, '');
  if (!idle.ok) return idle;
  const hard = intField(json, 'hard_timeout', U16, '');
  if (!hard.ok) return hard;
  const owner = stringField(json, 'owner', KYTOS_DEFAULT_OWNER);
  if (!owner.ok) return owner;
  const tableGroup = stringField(json, 'table_group', KYTOS_DEFAULT_TABLE_GROUP);
  if (!tableGroup.ok) return tableGroup;
  const match = Object.hasOwn(json, 'match') ? parseKytosMatch(json.match) : ok<Match>([]);
  if (!match.ok) return match;

  let instructions: Instruction[] = [];
  if (Object.hasOwn(json, 'actions')) {
    const actions = parseActions(json.actions, 'actions');
    if (!actions.ok) return actions;
    // of_core Flow.from_dict: an empty "actions" adds no instruction (a drop flow).
    if (actions.value.length > 0) instructions = [{ type: 'apply_actions', actions: actions.value }];
  } else if (Object.hasOwn(json, 'instructions')) {
    const r = parseInstructions(json.instructions, 'instructions');
    if (!r.ok) return r;
    instructions = r.value;
  }

  const spec: FlowSpec = {
    dpid,
    table: Number(table.value ?? 0n),
    priority: Number(priority.value ?? BigInt(KYTOS_DEFAULT_PRIORITY)),
    match: match.value,
    instructions,
    cookie: cookie.value ?? 0n,
    idleTimeout: Number(idle.value ?? 0n),
    hardTimeout: Number(hard.value ?? 0n),
    flags: 0,
  };
  const request = { spec, owner: owner.value, tableGroup: tableGroup.value, tableGiven: table.value !== undefined };
  return ok(cookieMask.value === undefined ? request : { ...request, cookieMask: cookieMask.value });
}

// ---------------------------------------------------------------------------------------------
// Writing a flow as Kytos lists it

function toKytosAction(a: Action): KytosObject {
  switch (a.type) {
    case 'output':
      return { action_type: 'output', port: a.port };
    case 'set_field': {
      if (a.field.field === 'vlan_vid' && a.field.mask === undefined) return { action_type: 'set_vlan', vlan_id: a.field.value & 0xfff };
      const [field, value] = kytosMatchEntry(a.field);
      return { action_type: 'set_field', field, value };
    }
    case 'push_vlan':
      if (a.ethertype === 0x88a8) return { action_type: 'push_vlan', tag_type: 's' };
      return a.ethertype === 0x8100 ? { action_type: 'push_vlan', tag_type: 'c' } : { action_type: 'push_vlan', ethertype: a.ethertype };
    case 'pop_vlan':
    case 'copy_ttl_out':
    case 'copy_ttl_in':
    case 'dec_mpls_ttl':
    case 'dec_nw_ttl':
    case 'pop_pbb':
      return { action_type: a.type };
    case 'set_queue':
      return { action_type: 'set_queue', queue_id: a.queueId };
    case 'group':
      return { action_type: 'group', group_id: a.groupId };
    case 'set_mpls_ttl':
    case 'set_nw_ttl':
      return { action_type: a.type, ttl: a.ttl };
    case 'push_mpls':
    case 'pop_mpls':
    case 'push_pbb':
      return { action_type: a.type, ethertype: a.ethertype };
    case 'experimenter':
      return { action_type: 'experimenter', experimenter: a.experimenter, data: a.data.toString('hex') };
    case 'unknown':
      return { action_type: 'unknown', code: a.code, body: a.body.toString('hex') };
    default:
      return assertNever(a);
  }
}

function toKytosInstruction(i: Instruction): KytosObject {
  switch (i.type) {
    case 'apply_actions':
    case 'write_actions':
      return { instruction_type: i.type, actions: i.actions.map(toKytosAction) };
    case 'clear_actions':
      return { instruction_type: 'clear_actions', actions: [] };
    case 'goto_table':
      return { instruction_type: 'goto_table', table_id: i.tableId };
    case 'meter':
      return { instruction_type: 'meter', meter_id: i.meterId };
    case 'write_metadata':
      return { instruction_type: 'write_metadata', metadata: i.metadata, metadata_mask: i.metadataMask };
    case 'experimenter':
      return { instruction_type: 'experimenter', experimenter: i.experimenter, data: i.data.toString('hex') };
    case 'unknown':
      return { instruction_type: 'unknown', code: i.code, body: i.body.toString('hex') };
    default:
      return assertNever(i);
  }
}

/** of_core Flow.as_dict(include_id=False): what Kytos hashes into the flow id (a type alias, so it is a KytosObject). */
type KytosBody = {
  readonly switch: string;
  readonly table_id: number;
  readonly match: KytosObject;
  readonly priority: number;
  readonly idle_timeout: number;
  readonly hard_timeout: number;
  readonly cookie: bigint;
  readonly cookie_mask: bigint;
  readonly instructions: readonly KytosObject[];
};

function kytosBody(c: FlowSpec): KytosBody {
  return {
    switch: c.dpid,
    table_id: c.table,
    match: toKytosMatch(c.match),
    priority: c.priority,
    idle_timeout: c.idleTimeout,
    hard_timeout: c.hardTimeout,
    cookie: c.cookie,
    cookie_mask: 0n,
    instructions: c.instructions.map(toKytosInstruction),
  };
}

/**
 * Pure. The flow as Kytos-ng lists it in GET /flows (of_core Flow.as_dict): keys in Kytos's order,
 * its canonical form, `stats` empty without counters. `owner` and `table_group`, which only the
 * stored FlowDoc carries, are added when given. 64-bit values are bigint.
 */
export function toKytosFlow(spec: FlowSpec, extra: { readonly owner?: string; readonly tableGroup?: string; readonly stats?: KytosFlowStats } = {}): KytosObject {
  const body = kytosBody(canonical(spec));
  const s = extra.stats;
  const stats: KytosObject = s === undefined ? {} : { byte_count: s.byteCount, duration_sec: s.durationSec, duration_nsec: s.durationNsec, packet_count: s.packetCount };
  const out: Record<string, KytosJson> = {
    switch: body.switch,
    table_id: body.table_id,
    match: body.match,
    priority: body.priority,
    idle_timeout: body.idle_timeout,
    hard_timeout: body.hard_timeout,
    cookie: body.cookie,
    id: kytosMd5(body),
    stats,
    cookie_mask: body.cookie_mask,
    instructions: body.instructions,
  };
  if (extra.owner !== undefined) out.owner = extra.owner;
  if (extra.tableGroup !== undefined) out.table_group = extra.tableGroup;
  return out;
}

/**
 * Pure. Kytos's flow id (of_core FlowBase.id): md5 of `json.dumps(flow.as_dict(include_id=False),
 * sort_keys=True)`, computed on canonical(spec). Stable for a flow however it was written; flags
 * are not part of it (Kytos has none).
 */
export function kytosFlowId(spec: FlowSpec): string {
  return kytosMd5(kytosBody(canonical(spec)));
}

/** Pure. Kytos's match id (of_core FlowBase.match_id): md5 of the sorted JSON of {switch, table_id, match, priority}. */
export function kytosMatchId(dpid: Dpid, table: number, match: Match, priority: number): string {
  return kytosMd5({ switch: dpid, table_id: table, match: toKytosMatch(canonicalMatch(match)), priority });
}
