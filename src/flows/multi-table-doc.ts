/**
 * of_multi_table pipeline documents (kytos-api.md §7): reading and checking the `multi_table` list
 * the API takes, turning it into the PipelineDecl every flow is placed by, the table-miss flows it
 * asks for, and which desired flows must move when it becomes active. Pure.
 *
 * Kytos-ng's rules (of_multi_table db/models.py): table_id in 0..254 and unique; a (napp, group)
 * pair in one table only; a table-miss goto_table to a higher table; table_miss_flow needs priority
 * (pydantic) and instructions (openapi.yml); mef_eline and telemetry_int groups are evpl/epl,
 * coloring and of_lldp groups base. Ours on top: unknown keys are refused, the table-miss flow must
 * be a valid flow_manager flow (./kytos-flow.ts), and its goto_table must name a declared table.
 */
import { OFPP, type Dpid } from '../ofp';
import { err, ok, type Result } from '../topology/result';
import type { FlowSpec } from './flowspec';
import { ownedCookie } from './flowspec';
import { parseKytosFlow } from './kytos-flow';
import { readUint, show, type KytosJson, type KytosObject } from './kytos-match';
import { DEFAULT_PIPELINE, validatePipeline, type PipelineDecl, type TableMiss } from './pipeline';
import type { DesiredFlowRow } from './types';

export const PIPELINE_STATUSES = ['disabled', 'enabling', 'enabled', 'disabling', 'enabling_error', 'disabling_error'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

/** Pure. Whether a status makes its pipeline the active one (of_multi_table: "enabl" in the status). */
export function isActiveStatus(s: PipelineStatus): boolean {
  return s === 'enabled' || s === 'enabling' || s === 'enabling_error';
}

/** Who owns table-miss flows, and their group (of_multi_table install_miss_flows). */
export const MISS_OWNER = 'of_multi_table';
export const DEFAULT_TABLE_GROUP = 'base';

export interface TableMissFlow {
  readonly priority: number;
  readonly instructions: readonly KytosJson[];
  readonly match?: KytosObject;
}

/** One entry of `multi_table`, checked. */
export interface MultiTableEntry {
  readonly table_id: number;
  readonly description?: string;
  readonly table_miss_flow?: TableMissFlow;
  readonly napps_table_groups?: Readonly<Record<string, readonly string[]>>;
}

/** A stored pipeline. Timestamps are ISO-8601 UTC. */
export interface PipelineRecord {
  readonly id: string;
  readonly status: PipelineStatus;
  readonly multiTable: readonly MultiTableEntry[];
  readonly insertedAt: string;
  readonly updatedAt: string;
}

/** What the of_multi_table service needs from storage; src/store's PipelineRepo implements it. */
export interface PipelineStore {
  insert(p: PipelineRecord): void;
  get(id: string): PipelineRecord | undefined;
  /** By insertion time, then id; only those with `status` when given. */
  list(status?: PipelineStatus): PipelineRecord[];
  /** Whether it existed. */
  delete(id: string): boolean;
  /** Whether it existed. At most one pipeline may be anything but disabled (the store refuses a second). */
  setStatus(id: string, status: PipelineStatus, at: string): boolean;
  /** The pipeline that is not disabled, if any. */
  active(): PipelineRecord | undefined;
  transaction<T>(fn: () => T): T;
}

// Groups Kytos-ng's openapi.yml allows for the NApps it names; other NApps may name any group.
const KNOWN_GROUPS: Readonly<Record<string, readonly string[]>> = {
  mef_eline: ['evpl', 'epl'],
  telemetry_int: ['evpl', 'epl'],
  coloring: ['base'],
  of_lldp: ['base'],
};
const ENTRY_KEYS = ['table_id', 'description', 'table_miss_flow', 'napps_table_groups'];
const MISS_KEYS = ['priority', 'instructions', 'match'];
/** parseKytosFlow needs a switch; table-miss flows are checked once for all of them. */
const ANY_DPID = '00:00:00:00:00:00:00:00';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const extraKey = (o: Json, allowed: readonly string[]): string | undefined => Object.keys(o).find((k) => !allowed.includes(k));

function readGroups(json: unknown, path: string): Result<Record<string, string[]>, string> {
  if (!isObject(json)) return err(`${path}: ${show(json)} is not an object`);
  const out: Record<string, string[]> = {};
  for (const [napp, groups] of Object.entries(json)) {
    if (!Array.isArray(groups)) return err(`${path}.${napp}: ${show(groups)} is not a list`);
    const allowed = KNOWN_GROUPS[napp];
    for (let i = 0; i < groups.length; i++) {
      const g: unknown = groups[i];
      if (typeof g !== 'string' || g === '') return err(`${path}.${napp}[${i}]: ${show(g)} is not a group name`);
      if (allowed !== undefined && !allowed.includes(g)) return err(`${path}.${napp}[${i}]: ${show(g)} is not one of ${allowed.join(', ')}`);
    }
    out[napp] = [...new Set(groups as string[])];
  }
  return ok(out);
}

function readMissFlow(json: unknown, path: string): Result<TableMissFlow, string> {
  if (!isObject(json)) return err(`${path}: ${show(json)} is not an object`);
  const extra = extraKey(json, MISS_KEYS);
  if (extra !== undefined) return err(`${path}: unknown key ${show(extra)} (allowed: ${MISS_KEYS.join(', ')})`);
  if (!Object.hasOwn(json, 'priority')) return err(`${path}.priority: missing`);
  if (!Object.hasOwn(json, 'instructions')) return err(`${path}.instructions: missing`);
  // The flow_manager parser checks every value (priority range, instructions, match fields).
  const flow = parseKytosFlow(ANY_DPID, json, { command: 'add' });
  if (!flow.ok) return err(`${path}.${flow.error}`);
  const miss: TableMissFlow = { priority: flow.value.spec.priority, instructions: json.instructions as KytosJson[] };
  return ok(Object.hasOwn(json, 'match') ? { ...miss, match: json.match as KytosObject } : miss);
}

function readEntry(json: unknown, path: string): Result<MultiTableEntry, string> {
  if (!isObject(json)) return err(`${path}: ${show(json)} is not an object`);
  const extra = extraKey(json, ENTRY_KEYS);
  if (extra !== undefined) return err(`${path}: unknown key ${show(extra)} (allowed: ${ENTRY_KEYS.join(', ')})`);
  if (!Object.hasOwn(json, 'table_id')) return err(`${path}.table_id: missing`);
  const id = readUint(json.table_id, 254n, `${path}.table_id`);
  if (!id.ok) return id;
  let entry: MultiTableEntry = { table_id: Number(id.value) };
  if (Object.hasOwn(json, 'description')) {
    if (typeof json.description !== 'string') return err(`${path}.description: ${show(json.description)} is not a string`);
    entry = { ...entry, description: json.description };
  }
  if (Object.hasOwn(json, 'table_miss_flow')) {
    const miss = readMissFlow(json.table_miss_flow, `${path}.table_miss_flow`);
    if (!miss.ok) return miss;
    entry = { ...entry, table_miss_flow: miss.value };
  }
  if (Object.hasOwn(json, 'napps_table_groups')) {
    const groups = readGroups(json.napps_table_groups, `${path}.napps_table_groups`);
    if (!groups.ok) return groups;
    entry = { ...entry, napps_table_groups: groups.value };
  }
  return ok(entry);
}

/** The table-miss flow of an entry as a FlowSpec on `dpid` (already checked by readMissFlow). */
function missSpec(e: MultiTableEntry, dpid: Dpid): FlowSpec | undefined {
  const m = e.table_miss_flow;
  if (m === undefined) return undefined;
  const json = m.match === undefined ? { priority: m.priority, instructions: m.instructions } : { priority: m.priority, instructions: m.instructions, match: m.match };
  const r = parseKytosFlow(dpid, json, { command: 'add' });
  if (!r.ok) throw new Error(`table ${e.table_id}: a checked table-miss flow no longer parses: ${r.error}`);
  return { ...r.value.spec, table: e.table_id, cookie: missCookie(dpid) };
}

function missOf(e: MultiTableEntry): TableMiss | undefined {
  const spec = missSpec(e, ANY_DPID);
  if (spec === undefined) return undefined;
  for (const i of spec.instructions) {
    if (i.type === 'goto_table') return { kind: 'goto', tableId: i.tableId };
  }
  const toController = spec.instructions.some((i) => i.type === 'apply_actions' && i.actions.some((a) => a.type === 'output' && a.port === OFPP.CONTROLLER));
  return { kind: toController ? 'controller' : 'drop' };
}

/** Pure. The declaration of a checked pipeline, its tables by id. */
export function pipelineDecl(entries: readonly MultiTableEntry[]): PipelineDecl {
  const tables = [...entries]
    .sort((a, b) => a.table_id - b.table_id)
    .map((e) => {
      const miss = missOf(e);
      const t = { tableId: e.table_id, groups: e.napps_table_groups ?? {} };
      return { ...t, ...(e.description === undefined ? {} : { description: e.description }), ...(miss === undefined ? {} : { miss }) };
    });
  return { tables };
}

/**
 * Pure. Reads and checks a `multi_table` list (values may be bigint, from the lossless JSON
 * parser); the error names the first bad value by its path, or the Kytos rule it breaks.
 */
export function readMultiTable(json: unknown): Result<MultiTableEntry[], string> {
  if (!Array.isArray(json)) return err(`multi_table: ${show(json)} is not a list`);
  if (json.length === 0) return err('multi_table: a pipeline needs at least one table');
  const entries: MultiTableEntry[] = [];
  for (let i = 0; i < json.length; i++) {
    const e = readEntry(json[i], `multi_table[${i}]`);
    if (!e.ok) return e;
    entries.push(e.value);
  }
  // of_multi_table PipelineBaseDoc.validate_table_groups and MultitableDoc.validate_intructions, with their texts.
  const ids = new Set<number>();
  const pairs = new Map<string, Set<string>>();
  for (const [i, e] of entries.entries()) {
    if (ids.has(e.table_id)) return err(`multi_table: Value error, Table id ${e.table_id} repeated`);
    ids.add(e.table_id);
    for (const [napp, groups] of Object.entries(e.napps_table_groups ?? {})) {
      const seen = pairs.get(napp) ?? new Set<string>();
      const repeated = groups.filter((g) => seen.has(g));
      if (repeated.length > 0) return err(`multi_table: Value error, Repeated ${napp} table groups, {${repeated.map((g) => `'${g}'`).join(', ')}} in table id: ${e.table_id}`);
      for (const g of groups) seen.add(g);
      pairs.set(napp, seen);
    }
    const miss = missSpec(e, ANY_DPID);
    for (const ins of miss?.instructions ?? []) {
      if (ins.type === 'goto_table' && ins.tableId <= e.table_id) {
        return err(`multi_table, ${i}: Value error, Table ${e.table_id} has a lower or equal table_id ${ins.tableId} in instructions`);
      }
    }
  }
  const checked = validatePipeline(pipelineDecl(entries));
  return checked.ok ? ok(entries) : err(`multi_table: ${checked.error}`);
}

/** Pure. A checked entry as JSON (what the API shows and the store keeps). */
export function entryJson(e: MultiTableEntry): KytosObject {
  const out: Record<string, KytosJson> = { table_id: e.table_id };
  if (e.description !== undefined) out.description = e.description;
  if (e.table_miss_flow !== undefined) {
    const m = e.table_miss_flow;
    out.table_miss_flow = m.match === undefined ? { priority: m.priority, instructions: m.instructions } : { priority: m.priority, instructions: m.instructions, match: m.match };
  }
  if (e.napps_table_groups !== undefined) out.napps_table_groups = e.napps_table_groups;
  return out;
}

/** Pure. of_multi_table's cookie for its flows on a switch: 0xAD in the top byte, the dpid's low 56 bits below. */
export function missCookie(dpid: Dpid): bigint {
  return ownedCookie('of_multi_table', BigInt(`0x${dpid.replace(/:/g, '')}`));
}

/** Pure. The table-miss flows a pipeline puts on a switch (none for the default pipeline). */
export function missFlows(entries: readonly MultiTableEntry[] | undefined, dpid: Dpid): FlowSpec[] {
  return (entries ?? []).flatMap((e) => missSpec(e, dpid) ?? []);
}

/** A desired flow that belongs in another table under a pipeline. */
export interface FlowMove {
  readonly owner: string;
  readonly tableGroup: string;
  readonly from: FlowSpec;
  readonly to: FlowSpec;
}

/**
 * Pure. The desired flows whose (owner, table group) the pipeline declares in another table than
 * the one they are in (of_multi_table get_flows_to_be_installed). A pair the pipeline does not
 * declare stays where it is; table-miss flows are replaced, not moved.
 */
export function planMoves(rows: readonly DesiredFlowRow[], p: PipelineDecl = DEFAULT_PIPELINE): FlowMove[] {
  const tableOfPair = new Map<string, number>();
  for (const t of p.tables) for (const [owner, groups] of Object.entries(t.groups)) for (const g of groups) tableOfPair.set(`${owner}\u0000${g}`, t.tableId);
  const moves: FlowMove[] = [];
  for (const r of rows) {
    if (r.owner === MISS_OWNER) continue;
    const tableGroup = r.tableGroup ?? DEFAULT_TABLE_GROUP;
    const table = tableOfPair.get(`${r.owner}\u0000${tableGroup}`);
    if (table !== undefined && table !== r.spec.table) moves.push({ owner: r.owner, tableGroup, from: r.spec, to: { ...r.spec, table } });
  }
  return moves;
}
