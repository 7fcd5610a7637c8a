/**
 * Desired-state flow management for every owner (LLDP, circuits, the flow_manager API): owners say
 * which flows they want; the service persists them as desired, installs them with confirmation,
 * records the outcome and reports refusals to their owner. Switches that are not connected get
 * their flows from the reconciler when they connect.
 */
import type { Clock, Dpid } from '../ofp';
import type { ControllerEvent } from '../core/events';
import { bodyOfCanonical, canonical, keyOfCanonical } from './canonical';
import type { FlowSpec } from './flowspec';
import type { FlowInstaller, InstallResult } from './installer';
import type { DesiredFlowRemoval, DesiredFlowRow, DesiredFlowStore } from './types';

export interface FlowServiceLogger {
  warn(obj: object, msg: string): void;
}

export interface FlowServiceDeps {
  readonly store: DesiredFlowStore;
  readonly installer: Pick<FlowInstaller, 'apply'>;
  readonly clock: Clock;
  readonly emit: (e: ControllerEvent) => void;
  readonly log: FlowServiceLogger;
}

/** How flows are made desired. */
export interface InstallOptions {
  /** The owner's of_multi_table group of these flows (kytos-api.md §7); `base` when absent. */
  readonly tableGroup?: string;
}

/** Pure. The group as rows keep it: absent for the default group. */
function groupOf(opts: InstallOptions): { tableGroup?: string } {
  return opts.tableGroup === undefined || opts.tableGroup === 'base' ? {} : { tableGroup: opts.tableGroup };
}

function byDpid(flows: readonly FlowSpec[]): Map<Dpid, FlowSpec[]> {
  const m = new Map<Dpid, FlowSpec[]>();
  for (const f of flows) {
    const list = m.get(f.dpid);
    if (list === undefined) m.set(f.dpid, [f]);
    else list.push(f);
  }
  return m;
}

export class FlowService {
  constructor(private readonly deps: FlowServiceDeps) {}

  /** Every desired flow of a switch, in canonical form. */
  desired(dpid: Dpid): FlowSpec[] {
    return this.deps.store.forSwitch(dpid).map((r) => r.spec);
  }

  /** The desired flows with exactly this cookie, whoever asked for them. */
  rowsWithCookie(cookie: bigint): DesiredFlowRow[] {
    return this.deps.store.forCookie(cookie);
  }

  /** Desired flows with their bookkeeping (the stored_flows API). */
  rows(dpid?: Dpid): DesiredFlowRow[] {
    return dpid === undefined ? this.deps.store.list() : this.deps.store.forSwitch(dpid);
  }

  /**
   * Makes `flows` desired for `owner` (replacing any flow with the same key) and installs them;
   * resolves per switch once a barrier confirms them, or with why not.
   */
  async install(owner: string, flows: readonly FlowSpec[], opts: InstallOptions = {}): Promise<Map<Dpid, InstallResult>> {
    return this.push(owner, this.desire(owner, flows, opts));
  }

  /**
   * The store half of install(): makes `flows` desired for `owner`, pending, and returns their rows
   * for push(). Synchronous, so that a caller can write them in the same transaction as its own
   * state (a circuit and its flows commit together).
   */
  desire(owner: string, flows: readonly FlowSpec[], opts: InstallOptions = {}): DesiredFlowRow[] {
    const stamp = new Date(this.deps.clock.now()).toISOString();
    const group = groupOf(opts);
    const rows = flows.map((f) => {
      const spec = canonical(f);
      return { key: keyOfCanonical(spec), spec, owner, ...group, state: 'pending' as const, insertedAt: stamp, updatedAt: stamp };
    });
    if (rows.length > 0) this.deps.store.upsert(rows);
    return rows;
  }

  /** The switch half of install(): sends rows that desire() stored and records the outcome. */
  async push(owner: string, rows: readonly DesiredFlowRow[]): Promise<Map<Dpid, InstallResult>> {
    const results = new Map<Dpid, InstallResult>();
    await Promise.all(
      [...byDpid(rows.map((r) => r.spec))].map(async ([dpid, specs]) => {
        const result = await this.deps.installer.apply(dpid, { add: specs, modify: [], remove: [] });
        this.record(owner, dpid, specs, result);
        results.set(dpid, result);
      }),
    );
    return results;
  }

  /**
   * Makes `flows` desired for `owner` and sends only those that are new or changed: a flow already
   * desired as it is sends nothing (the reconciler keeps it on its switch). What services call on
   * every (re)connect, so that a restart sends no FLOW_MOD for a flow that is already right.
   */
  async ensure(owner: string, flows: readonly FlowSpec[], opts: InstallOptions = {}): Promise<Map<Dpid, InstallResult>> {
    const stored = new Map<string, DesiredFlowRow>();
    for (const dpid of new Set(flows.map((f) => f.dpid))) for (const r of this.deps.store.forSwitch(dpid)) stored.set(r.key, r);
    const group = groupOf(opts).tableGroup;
    const changed = flows.filter((f) => {
      const c = canonical(f);
      const row = stored.get(keyOfCanonical(c));
      return (
        row === undefined || row.owner !== owner || row.tableGroup !== group || row.state === 'failed' || bodyOfCanonical(row.spec) !== bodyOfCanonical(c)
      );
    });
    return changed.length === 0 ? new Map() : this.install(owner, changed, opts);
  }

  /** Marks desired flows confirmed on their switch (by the reconciler). */
  confirm(keys: readonly string[]): void {
    if (keys.length > 0) this.deps.store.markState(keys, 'installed');
  }

  /** Stops desiring flows by key and deletes them from their switches (strict, cookie-checked). */
  async remove(flows: readonly FlowSpec[]): Promise<Map<Dpid, InstallResult>> {
    return this.deleteFromSwitches(this.forget(flows));
  }

  /**
   * The store half of remove(): stops desiring flows by key and returns them canonical, for
   * deleteFromSwitches(). Synchronous, for the caller's own transaction.
   */
  forget(flows: readonly FlowSpec[]): FlowSpec[] {
    const specs = flows.map((f) => canonical(f));
    if (specs.length > 0) this.deps.store.remove(specs.map(keyOfCanonical));
    return specs;
  }

  /** Stops desiring the flows a filter selects (cookie/mask, owner, switch) and deletes them. */
  async removeWhere(filter: DesiredFlowRemoval): Promise<Map<Dpid, InstallResult>> {
    const removed = this.deps.store.removeWhere(filter);
    return this.deleteFromSwitches(removed.map((r) => r.spec));
  }

  /** Makes `flows` the complete desired set of `owner` on `dpid`: adds what is new, removes the rest. */
  async replaceOwnerFlows(owner: string, dpid: Dpid, flows: readonly FlowSpec[]): Promise<InstallResult[]> {
    const wanted = new Set(flows.map((f) => keyOfCanonical(canonical(f))));
    const stale = this.deps.store.forSwitch(dpid).filter((r) => r.owner === owner && !wanted.has(r.key));
    const results: InstallResult[] = [];
    if (stale.length > 0) results.push(...(await this.remove(stale.map((r) => r.spec))).values());
    if (flows.length > 0) results.push(...(await this.install(owner, flows)).values());
    return results;
  }

  /** The switch half of remove(): strict deletes of flows forget() returned. */
  async deleteFromSwitches(specs: readonly FlowSpec[]): Promise<Map<Dpid, InstallResult>> {
    const results = new Map<Dpid, InstallResult>();
    await Promise.all(
      [...byDpid(specs)].map(async ([dpid, list]) => {
        results.set(dpid, await this.deps.installer.apply(dpid, { add: [], modify: [], remove: list }));
      }),
    );
    return results;
  }

  /** Records an install's outcome in the store and reports refused flows to their owner. */
  private record(owner: string, dpid: Dpid, specs: readonly FlowSpec[], result: InstallResult): void {
    const keys = specs.map(keyOfCanonical);
    if (result.ok) {
      this.deps.store.markState(keys, 'installed');
      return;
    }
    if (result.reason === 'not_connected') return; // stays pending; the reconciler installs it on connect
    if (result.reason === 'failed') {
      this.deps.log.warn({ owner, dpid, message: result.message }, 'flow install failed; it stays pending');
      return;
    }
    const refused = new Set<string>();
    for (const e of result.errors) {
      const key = keyOfCanonical(canonical(e.flow));
      refused.add(key);
      this.deps.store.markState([key], 'failed', `error type ${e.errType} code ${e.code}`);
      this.deps.emit({ type: 'flow.error', owner, dpid, key, errType: e.errType, code: e.code, command: e.command });
    }
    this.deps.store.markState(keys.filter((k) => !refused.has(k)), 'installed');
  }
}
