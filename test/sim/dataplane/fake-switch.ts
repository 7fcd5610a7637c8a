/**
 * The flow and group tables of one OpenFlow 1.3 datapath, changed by FLOW_MOD and GROUP_MOD
 * exactly as OF1.3.5 6.4 "Flow Table Modification Messages" and 6.5 "Group Table Modification
 * Messages" say, refusing what a switch would refuse (an ApplyResult carries the OFPT_ERROR).
 * Packets go through it with `trace` (./trace.ts). No clock: timeouts are stored, never expire.
 */
import { createHash } from 'node:crypto';
import {
  OFPG,
  OFPP,
  OFPTT,
  OFPFF,
  OFP_NO_BUFFER,
  assertNever,
  type Action,
  type Bucket,
  type Dpid,
  type FlowStats,
  type FlowStatsRequest,
  type GroupDesc,
  type GroupType,
  type Instruction,
  type MessageOf,
  type OxmName,
} from '../../../src/ofp';
import type { FlowSpec } from '../../../src/flows/flowspec';
import { OK, failed, ofError, type ApplyResult } from './errors';
import { flowText, groupText } from './format';
import { isAtLeastAsSpecific, isOfError, matchesFields, normalizeMatch, overlaps, type NormMatch } from './match';
import { validateBucketActions, validateInstructions } from './validate';

export type FlowMod = MessageOf<'flow_mod'>;
export type GroupMod = MessageOf<'group_mod'>;

/** One installed flow. */
export interface FlowEntry {
  readonly table: number;
  readonly priority: number;
  readonly match: NormMatch;
  readonly instructions: readonly Instruction[];
  readonly cookie: bigint;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly flags: number;
}

export interface GroupEntry {
  readonly groupId: number;
  readonly groupType: GroupType;
  readonly buckets: readonly Bucket[];
}

export interface FakeSwitchOptions {
  /** Number of flow tables; OVS has 254 (0..253). */
  readonly nTables?: number;
  /** Ports known from the start (for ALL/FLOOD); all live. */
  readonly ports?: readonly number[];
}

/** Which flows a MODIFY, DELETE or flow-stats request selects. */
interface Selector {
  readonly tables: readonly number[];
  readonly match: NormMatch;
  readonly strict: boolean;
  readonly priority: number;
  readonly cookie: bigint;
  readonly cookieMask: bigint;
  readonly outPort: number;
  readonly outGroup: number;
}

const entryKey = (priority: number, match: NormMatch): string => `${priority}|${match.key}`;

function flowActions(is: readonly Instruction[]): Action[] {
  return is.flatMap((i) => (i.type === 'apply_actions' || i.type === 'write_actions' ? i.actions : []));
}

export class FakeSwitch {
  readonly nTables: number;
  private readonly tables = new Map<number, Map<string, FlowEntry>>();
  private readonly groupTable = new Map<number, GroupEntry>();
  private readonly knownPorts = new Set<number>();
  private readonly downPorts = new Set<number>();

  constructor(
    readonly dpid: Dpid,
    opts: FakeSwitchOptions = {},
  ) {
    this.nTables = opts.nTables ?? 254;
    for (const p of opts.ports ?? []) this.knownPorts.add(p);
  }

  // -------------------------------------------------------------------------------------------
  // Ports

  /** Makes a port known (ALL and FLOOD output to known ports). */
  addPort(port: number): void {
    this.knownPorts.add(port);
  }

  /** Sets a port's liveness (OFPPS_LIVE): a dead port sends nothing and fails fast-failover watches. */
  setPortLive(port: number, live: boolean): void {
    this.knownPorts.add(port);
    if (live) this.downPorts.delete(port);
    else this.downPorts.add(port);
  }

  /** Whether a port is live; a port never mentioned counts as live. */
  isPortLive(port: number): boolean {
    return !this.downPorts.has(port);
  }

  /** Known ports, ascending. */
  ports(): number[] {
    return [...this.knownPorts].sort((a, b) => a - b);
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  /** Applies a FLOW_MOD or GROUP_MOD; a refused one changes nothing and carries the switch's error. */
  apply(msg: FlowMod | GroupMod): ApplyResult {
    return msg.type === 'flow_mod' ? this.flowMod(msg) : this.groupMod(msg);
  }

  /** Adds (or overwrites) the flow a FlowSpec describes, as an OFPFC_ADD. */
  applySpec(spec: FlowSpec): ApplyResult {
    if (spec.dpid !== this.dpid) throw new Error(`flow for ${spec.dpid} applied to ${this.dpid}`);
    return this.flowMod({
      type: 'flow_mod', command: 'add', cookie: spec.cookie, cookieMask: 0n, tableId: spec.table, priority: spec.priority,
      idleTimeout: spec.idleTimeout, hardTimeout: spec.hardTimeout, flags: spec.flags, bufferId: OFP_NO_BUFFER,
      outPort: OFPP.ANY, outGroup: OFPG.ANY, match: spec.match, instructions: spec.instructions,
    });
  }

  private flowMod(msg: FlowMod): ApplyResult {
    const match = normalizeMatch(msg.match);
    if (isOfError(match)) return failed(match);
    const strict = msg.command === 'modify_strict' || msg.command === 'delete_strict';
    switch (msg.command) {
      case 'add':
        return this.add(msg, match);
      case 'modify':
      case 'modify_strict':
        return this.modify(msg, match, strict);
      case 'delete':
      case 'delete_strict':
        return this.delete(msg, match, strict);
      default:
        return assertNever(msg.command);
    }
  }

  private tableOf(id: number): Map<string, FlowEntry> {
    let t = this.tables.get(id);
    if (t === undefined) this.tables.set(id, (t = new Map()));
    return t;
  }

  private checkInstructions(msg: FlowMod, match: NormMatch): ApplyResult {
    const err = validateInstructions(msg.instructions, match, { tableId: msg.tableId, nTables: this.nTables, hasGroup: (g) => this.groupTable.has(g) });
    return err === undefined ? OK : failed(err);
  }

  private add(msg: FlowMod, match: NormMatch): ApplyResult {
    // OF1.3.5 7.3.4.2: only deletes may name OFPTT_ALL.
    if (msg.tableId >= this.nTables) return failed(ofError('FLOW_MOD_FAILED', 'BAD_TABLE_ID', `table ${msg.tableId}`));
    const checked = this.checkInstructions(msg, match);
    if (!checked.ok) return checked;
    const table = this.tableOf(msg.tableId);
    if ((msg.flags & OFPFF.CHECK_OVERLAP) !== 0) {
      for (const e of table.values()) {
        if (e.priority === msg.priority && overlaps(e.match, match)) return failed(ofError('FLOW_MOD_FAILED', 'OVERLAP', `overlaps ${flowText(e)}`));
      }
    }
    // OF1.3.5 6.4: an entry with identical match fields and priority is replaced, cookie included.
    table.set(entryKey(msg.priority, match), {
      table: msg.tableId, priority: msg.priority, match, instructions: msg.instructions, cookie: msg.cookie,
      idleTimeout: msg.idleTimeout, hardTimeout: msg.hardTimeout, flags: msg.flags,
    });
    return OK;
  }

  private modify(msg: FlowMod, match: NormMatch, strict: boolean): ApplyResult {
    if (msg.tableId >= this.nTables) return failed(ofError('FLOW_MOD_FAILED', 'BAD_TABLE_ID', `table ${msg.tableId}`));
    const checked = this.checkInstructions(msg, match);
    if (!checked.ok) return checked;
    // out_port and out_group do not filter modifies (OF1.3.5 6.4); OF1.3 no longer adds a missing flow.
    const sel: Selector = { ...this.selector(msg, match, strict), outPort: OFPP.ANY, outGroup: OFPG.ANY };
    for (const [key, e] of this.selected(sel)) {
      // "the instructions field of this entry is updated ... its cookie, idle_timeout, hard_timeout, flags, counters
      // and duration fields are left unchanged."
      this.tableOf(e.table).set(key, { ...e, instructions: msg.instructions });
    }
    return OK;
  }

  private delete(msg: FlowMod, match: NormMatch, strict: boolean): ApplyResult {
    if (msg.tableId >= this.nTables && msg.tableId !== OFPTT.ALL) return failed(ofError('FLOW_MOD_FAILED', 'BAD_TABLE_ID', `table ${msg.tableId}`));
    for (const [key, e] of this.selected(this.selector(msg, match, strict))) this.tableOf(e.table).delete(key);
    return OK;
  }

  private selector(msg: FlowMod, match: NormMatch, strict: boolean): Selector {
    const tables = msg.tableId === OFPTT.ALL ? [...this.tables.keys()] : [msg.tableId];
    return { tables, match, strict, priority: msg.priority, cookie: msg.cookie, cookieMask: msg.cookieMask, outPort: msg.outPort, outGroup: msg.outGroup };
  }

  /** The entries a selector picks, with their keys (collected first, so callers may change the tables). */
  private selected(s: Selector): [string, FlowEntry][] {
    const picked: [string, FlowEntry][] = [];
    for (const t of s.tables) {
      for (const [key, e] of this.tables.get(t) ?? []) {
        // OF1.3.5 6.4: "(flow.cookie & cookie_mask) == (request.cookie & cookie_mask)"; a zero mask selects all.
        if ((e.cookie & s.cookieMask) !== (s.cookie & s.cookieMask)) continue;
        if (s.strict ? e.priority !== s.priority || e.match.key !== s.match.key : !isAtLeastAsSpecific(e.match, s.match)) continue;
        const acts = flowActions(e.instructions);
        if (s.outPort !== OFPP.ANY && !acts.some((a) => a.type === 'output' && a.port === s.outPort)) continue;
        if (s.outGroup !== OFPG.ANY && !acts.some((a) => a.type === 'group' && a.groupId === s.outGroup)) continue;
        picked.push([key, e]);
      }
    }
    return picked;
  }

  private groupMod(msg: GroupMod): ApplyResult {
    switch (msg.command) {
      case 'add':
      case 'modify': {
        if (msg.groupId > OFPG.MAX) return failed(ofError('GROUP_MOD_FAILED', 'INVALID_GROUP', `group id 0x${msg.groupId.toString(16)}`));
        const exists = this.groupTable.has(msg.groupId);
        if (msg.command === 'add' && exists) return failed(ofError('GROUP_MOD_FAILED', 'GROUP_EXISTS', `group ${msg.groupId}`));
        if (msg.command === 'modify' && !exists) return failed(ofError('GROUP_MOD_FAILED', 'UNKNOWN_GROUP', `group ${msg.groupId}`));
        const bad = this.checkBuckets(msg);
        if (!bad.ok) return bad;
        this.groupTable.set(msg.groupId, { groupId: msg.groupId, groupType: msg.groupType, buckets: msg.buckets });
        return OK;
      }
      case 'delete': {
        // OF1.3.5 6.5: deleting a group removes the flows that forward to it; OFPG_ALL deletes every group;
        // deleting a group that does not exist is not an error.
        const gone = msg.groupId === OFPG.ALL ? [...this.groupTable.keys()] : [msg.groupId];
        for (const g of gone) {
          this.groupTable.delete(g);
          this.selected({ ...this.everything(), outGroup: g }).forEach(([key, e]) => this.tableOf(e.table).delete(key));
        }
        return OK;
      }
      default:
        return assertNever(msg.command);
    }
  }

  private checkBuckets(msg: GroupMod): ApplyResult {
    if (msg.groupType === 'indirect' && msg.buckets.length !== 1) {
      return failed(ofError('GROUP_MOD_FAILED', 'INVALID_GROUP', `indirect group with ${msg.buckets.length} buckets`));
    }
    for (const b of msg.buckets) {
      // OF1.3.5 5.6.1: a fast-failover bucket is chosen by its watch, so it must have one.
      if (msg.groupType === 'ff' && b.watchPort === OFPP.ANY && b.watchGroup === OFPG.ANY) {
        return failed(ofError('GROUP_MOD_FAILED', 'BAD_WATCH', 'fast-failover bucket without watch_port or watch_group'));
      }
      const err = validateBucketActions(b.actions, (g) => g !== msg.groupId && this.groupTable.has(g));
      if (err !== undefined) return failed(err);
    }
    return OK;
  }

  private everything(): Selector {
    const match = normalizeMatch([]);
    if (isOfError(match)) throw new Error('the empty match is valid');
    return { tables: [...this.tables.keys()], match, strict: false, priority: 0, cookie: 0n, cookieMask: 0n, outPort: OFPP.ANY, outGroup: OFPG.ANY };
  }

  // -------------------------------------------------------------------------------------------
  // Reading the tables

  /** The highest-priority entry of `table` matching a packet, and any others of that priority that also match (an ambiguity). */
  lookup(table: number, field: (name: OxmName) => bigint | undefined): { readonly entry: FlowEntry; readonly ties: readonly FlowEntry[] } | undefined {
    let best: FlowEntry[] = [];
    for (const e of this.tables.get(table)?.values() ?? []) {
      if (best.length > 0 && e.priority < (best[0] as FlowEntry).priority) continue;
      if (!matchesFields(e.match, field)) continue;
      if (best.length > 0 && e.priority === (best[0] as FlowEntry).priority) best.push(e);
      else best = [e];
    }
    const [entry, ...ties] = best;
    return entry === undefined ? undefined : { entry, ties };
  }

  /** A group entry, if installed. */
  group(groupId: number): GroupEntry | undefined {
    return this.groupTable.get(groupId);
  }

  /** Every flow entry, by table, then priority (highest first), then match text. */
  entries(): FlowEntry[] {
    return [...this.tables.values()]
      .flatMap((t) => [...t.values()])
      .sort((a, b) => a.table - b.table || b.priority - a.priority || (a.match.key < b.match.key ? -1 : a.match.key > b.match.key ? 1 : 0));
  }

  /** The flows as FlowSpecs, in `entries()` order; the match is as a switch reports it (spec field order, exact fields unmasked). */
  flows(): FlowSpec[] {
    return this.entries().map((e) => ({
      dpid: this.dpid, table: e.table, priority: e.priority, match: e.match.oxms, instructions: e.instructions, cookie: e.cookie,
      idleTimeout: e.idleTimeout, hardTimeout: e.hardTimeout, flags: e.flags,
    }));
  }

  /** The answer to an OFPMP_FLOW request (non-strict selection, OF1.3.5 7.3.5.2); counters and durations are zero. */
  flowStats(req: FlowStatsRequest): FlowStats[] {
    const match = normalizeMatch(req.match);
    if (isOfError(match)) throw new Error(`bad flow-stats match: ${match.detail}`);
    const tables = req.tableId === OFPTT.ALL ? [...this.tables.keys()] : [req.tableId];
    const { cookie, cookieMask, outPort, outGroup } = req;
    const picked = this.selected({ tables, match, strict: false, priority: 0, cookie, cookieMask, outPort, outGroup });
    const keep = new Set(picked.map(([, e]) => e));
    return this.entries()
      .filter((e) => keep.has(e))
      .map((e) => ({
        tableId: e.table, durationSec: 0, durationNsec: 0, priority: e.priority, idleTimeout: e.idleTimeout, hardTimeout: e.hardTimeout,
        flags: e.flags, cookie: e.cookie, packetCount: 0n, byteCount: 0n, match: e.match.oxms, instructions: e.instructions,
      }));
  }

  /** The group table, by group id. */
  groups(): GroupDesc[] {
    return [...this.groupTable.values()].sort((a, b) => a.groupId - b.groupId).map((g) => ({ groupId: g.groupId, groupType: g.groupType, buckets: g.buckets }));
  }

  /** Every flow and group as one line of text, sorted. */
  dump(): string[] {
    return [...this.entries().map(flowText), ...this.groups().map(groupText)].sort();
  }

  /** SHA-256 of the sorted dump: equal for equal tables, whatever the order of installation. */
  hash(): string {
    return createHash('sha256').update(this.dump().join('\n')).digest('hex');
  }
}
