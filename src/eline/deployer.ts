/**
 * Deploying and removing one circuit's flows (kytos-api.md §2.2, with make-before-break where
 * Kytos removes first). A deploy picks the first candidate path that gets its S-VLANs, then:
 *   1. installs the new egress and transit flows and waits for the barrier;
 *   2. in one transaction, makes the new ingress flows desired, stops desiring the stale ones and
 *      stores the circuit on its new path; installs the ingress flows (the traffic moves);
 *   3. deletes the stale flows and gives back the old S-VLANs.
 * A failure in step 1 or 2 undoes what it sent and leaves the circuit on its old flows, if any,
 * with the reason recorded. Callers serialise operations per circuit; tag snapshots are taken and
 * committed without an await in between.
 */
import type { Dpid } from '../ofp';
import type { FlowService } from '../flows/service';
import type { InstallResult } from '../flows/installer';
import type { InterfaceId, LinkId } from '../topology/model';
import { candidatePaths, type ChoiceContext, type PathSource } from './path-choice';
import { byGroup, hopsNotIn, keyed, transition, type KeyedFlow } from './deploy-plan';
import { planCircuitFlows, type PlannedFlow } from './plan';
import { allocateSVlans, holdHops, releaseTags, type TagError } from './tags';
import type { TagBook } from './tag-book';
import { bodyOfCanonical } from '../flows/canonical';
import { ownedCookie } from '../flows/flowspec';
import type { EvcConfig, EvcId, EvcStatus, PathHop } from './model';

/** A circuit as the service holds it. */
export interface Circuit {
  config: EvcConfig;
  status: EvcStatus;
}

export type FlowPort = Pick<FlowService, 'desire' | 'push' | 'forget' | 'deleteFromSwitches' | 'rowsWithCookie'>;

export interface DeployerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface DeployerDeps {
  readonly flows: FlowPort;
  readonly tags: TagBook;
  /** Runs fn in one store transaction (flows and circuit commit together). */
  readonly transaction: <T>(fn: () => T) => T;
  /** Stores the circuit (inside the caller's transaction). */
  readonly save: (c: Circuit) => void;
  readonly choice: ChoiceContext;
  /** The tables of the mef_eline groups in the active pipeline. */
  readonly tables: () => { readonly evpl: number; readonly epl: number };
  /** Whether a circuit on `hops` is operational: both UNIs and every hop UP. */
  readonly operational: (cfg: EvcConfig, hops: readonly PathHop[]) => boolean;
  /** ISO-8601 UTC now. */
  readonly now: () => string;
  readonly log: DeployerLogger;
}

export type DeployOutcome = { readonly ok: true; readonly source: PathSource } | { readonly ok: false; readonly reason: string };

const OWNER = 'mef_eline';

/** Why a deployed circuit is not active. */
export const NOT_OPERATIONAL = 'the UNIs or the path are not UP';

/** Kytos's texts when no candidate path gets through. */
export const NO_PATH = 'No available path was found';
const NO_VALID_PATH = 'No valid path was found, try increasing max_paths';

/** Pure. Why a set of per-switch install results is not a success, or undefined when every switch confirmed. */
export function installFailure(results: ReadonlyMap<Dpid, InstallResult>): string | undefined {
  for (const [dpid, r] of results) {
    if (r.ok) continue;
    switch (r.reason) {
      case 'not_connected':
        return `switch ${dpid} is not connected`;
      case 'failed':
        return `switch ${dpid}: ${r.message}`;
      case 'rejected': {
        const e = r.errors[0];
        return `switch ${dpid} refused a flow${e === undefined ? '' : ` (error type ${e.errType} code ${e.code})`}`;
      }
    }
  }
  return undefined;
}

export class Deployer {
  constructor(private readonly deps: DeployerDeps) {}

  /** Pure given the pipeline. The flows of `cfg` on `hops`. */
  plan(cfg: EvcConfig, hops: readonly PathHop[]): KeyedFlow[] {
    return keyed(
      planCircuitFlows({
        evcId: cfg.id,
        uniA: cfg.uniA,
        uniZ: cfg.uniZ,
        hops,
        ...(cfg.queueId === undefined ? {} : { queueId: cfg.queueId }),
        ...(cfg.sbPriority === undefined ? {} : { sbPriority: cfg.sbPriority }),
        tables: this.deps.tables(),
      }),
    );
  }

  /**
   * The flows the circuit has desired now, as the flow store holds them (so a move of its flows to
   * other tables by of_multi_table, or a step a crash cut short, is seen as it is). A flow its
   * switch refused has no body, so that a deploy that wants it sends it again.
   */
  current(evcId: EvcId): KeyedFlow[] {
    return this.deps.flows.rowsWithCookie(ownedCookie('mef_eline', BigInt(`0x${evcId}`))).flatMap((r) =>
      r.owner === OWNER
        ? [{ key: r.key, body: r.state === 'failed' ? '' : bodyOfCanonical(r.spec), planned: { spec: r.spec, role: 'transit' as const, tableGroup: r.tableGroup === 'epl' ? ('epl' as const) : ('evpl' as const) } }]
        : [],
    );
  }

  /**
   * Deploys `c` (its config as it is now) onto the first candidate path that gets S-VLANs,
   * make-before-break from the flows it has. `reuseOwnSVlans` lets a hop keep the S-VLAN it has on
   * the same link (try_avoid_same_s_vlan=false); otherwise a hop on such a link gets another
   * S-VLAN when the link has one free, and keeps its own only when it has none. The old path's
   * S-VLANs stay held until it is gone. Updates `c` and the store.
   */
  async deploy(c: Circuit, opts: { readonly reuseOwnSVlans?: boolean } = {}): Promise<DeployOutcome> {
    const chosen = this.choose(c, opts.reuseOwnSVlans === true);
    if (!chosen.ok) return this.failed(c, chosen.reason, []);
    const { hops, source } = chosen;
    const oldHops = c.status.currentPath;
    let target: KeyedFlow[];
    try {
      target = this.plan(c.config, hops);
    } catch (e) {
      return this.failed(c, `cannot plan the circuit's flows: ${(e as Error).message}`, hopsNotIn(hops, oldHops));
    }
    const had = this.current(c.config.id);
    const fresh = transition(had, target);
    // A circuit with no flows yet carries no traffic to protect: everything goes in one step.
    const steps = had.length === 0 ? { prepare: [], switchOver: [...fresh.prepare, ...fresh.switchOver], stale: fresh.stale } : fresh;

    // 1. Egress and transit first: nothing sends traffic into them yet.
    if (steps.prepare.length > 0) {
      const prepared = this.deps.transaction(() => this.desire(steps.prepare));
      const prepareFailure = installFailure(await this.push(prepared));
      if (prepareFailure !== undefined) {
        await this.undo(steps.prepare, had);
        return this.failed(c, prepareFailure, hopsNotIn(hops, oldHops));
      }
    }

    // 2. The switch-over: ingress flows, the stale ones forgotten and the circuit on its new path, in one transaction.
    const previous = c.status;
    const staleSpecs = this.deps.transaction(() => {
      const rows = this.desire(steps.switchOver);
      const forgotten = this.deps.flows.forget(steps.stale.map((f) => f.spec));
      const active = this.deps.operational(c.config, hops);
      const { flowRefused: _cleared, ...kept } = c.status;
      c.status = {
        ...kept,
        currentPath: hops,
        deployed: true,
        active,
        lastDeployed: this.deps.now(),
        reason: active ? undefined : NOT_OPERATIONAL,
        updatedAt: this.deps.now(),
      };
      this.deps.save(c);
      return { rows, forgotten };
    });
    const switchFailure = installFailure(await this.push(staleSpecs.rows));
    if (switchFailure !== undefined) {
      // Back to the old flows: desire them again (sending what the switch-over overwrote), drop the new ones.
      this.deps.transaction(() => {
        c.status = previous;
        // The stale flows were forgotten with the switch-over but never deleted: the circuit has them again.
        this.desire(steps.stale);
        this.deps.save(c);
      });
      await this.undo([...steps.prepare, ...steps.switchOver], had);
      return this.failed(c, switchFailure, hopsNotIn(hops, oldHops));
    }

    // 3. The old path goes.
    await this.deps.flows.deleteFromSwitches(staleSpecs.forgotten);
    this.swapHops(c.config.id, oldHops, hops);
    this.deps.log.info({ evc: c.config.id, source, hops: hops.length, sent: steps.prepare.length + steps.switchOver.length }, 'circuit deployed');
    return { ok: true, source };
  }

  /** Removes every flow of `c` and gives back its S-VLANs; the circuit stays stored with no path (Kytos remove_current_flows). */
  async undeploy(c: Circuit, reason: string | undefined): Promise<void> {
    const oldHops = c.status.currentPath;
    const forgotten = this.deps.transaction(() => {
      const specs = this.deps.flows.forget(this.current(c.config.id).map((f) => f.planned.spec));
      c.status = {
        ...c.status,
        active: false,
        currentPath: [],
        deployed: false,
        reason,
        lastRemoved: this.deps.now(),
        updatedAt: this.deps.now(),
      };
      this.deps.save(c);
      return specs;
    });
    this.swapHops(c.config.id, oldHops, []);
    await this.deps.flows.deleteFromSwitches(forgotten);
  }

  /** The first candidate that gets S-VLANs, with them held; or why none did. */
  private choose(c: Circuit, reuseOwn: boolean): { ok: true; hops: PathHop[]; source: PathSource } | { ok: false; reason: string } {
    let candidates;
    try {
      candidates = candidatePaths(c.config, this.deps.choice);
    } catch (e) {
      return { ok: false, reason: (e as Error).message };
    }
    if (candidates.length === 0) return { ok: false, reason: NO_PATH };
    const id = c.config.id;
    const ids = new Set<InterfaceId>();
    for (const cand of candidates) for (const h of cand.hops) ids.add(h.fromA).add(h.toZ);
    for (const h of c.status.currentPath) ids.add(h.fromA).add(h.toZ);
    const held = this.deps.tags.snapshot(ids);
    // The circuit's own S-VLANs are free to it; without reuse, a link it already uses gives it
    // another one when it has one, and the same one only when it has none (kytos-api.md §2.3).
    const base = releaseTags(held, id, { kind: 'hops', hops: c.status.currentPath });
    const avoid = new Map<LinkId, number>(reuseOwn ? [] : c.status.currentPath.map((h) => [h.linkId, h.sVlan]));
    let lastError: TagError | undefined;
    for (const cand of candidates) {
      const got = allocateSVlans(base, id, cand.hops, avoid);
      if (!got.ok) {
        lastError = got.error;
        continue;
      }
      // Hold the new hops on the full snapshot: the old path keeps its S-VLANs until it is gone.
      this.deps.tags.commit(holdHops(held, id, got.value));
      return { ok: true, hops: got.value, source: cand.source };
    }
    this.deps.log.info({ evc: id, candidates: candidates.length, error: lastError?.description }, 'no candidate path got its S-VLANs');
    return { ok: false, reason: NO_VALID_PATH };
  }

  /** Gives back `from`'s S-VLANs and keeps `to`'s (they may share some). */
  private swapHops(evcId: string, from: readonly PathHop[], to: readonly PathHop[]): void {
    const gone = hopsNotIn(from, to);
    if (gone.length === 0) return;
    const ids = new Set<InterfaceId>();
    for (const h of [...from, ...to]) ids.add(h.fromA).add(h.toZ);
    this.deps.tags.commit(holdHops(releaseTags(this.deps.tags.snapshot(ids), evcId, { kind: 'hops', hops: gone }), evcId, to));
  }

  private async failed(c: Circuit, reason: string, heldForNothing: readonly PathHop[]): Promise<DeployOutcome> {
    // The new hops' S-VLANs go back; the current path keeps its own (they may share some).
    this.swapHops(c.config.id, heldForNothing, c.status.currentPath);
    this.deps.transaction(() => {
      c.status = { ...c.status, reason, active: c.status.deployed === true && c.status.active, updatedAt: this.deps.now() };
      this.deps.save(c);
    });
    this.deps.log.warn({ evc: c.config.id, reason }, 'circuit not deployed');
    return { ok: false, reason };
  }

  /** Makes `flows` desired (per table group); the rows to push. Inside a transaction. */
  private desire(flows: readonly PlannedFlow[]): ReturnType<FlowPort['desire']> {
    return [...byGroup(flows)].flatMap(([group, specs]) => this.deps.flows.desire(OWNER, specs, { tableGroup: group }));
  }

  private async push(rows: ReturnType<FlowPort['desire']>): Promise<Map<Dpid, InstallResult>> {
    return rows.length === 0 ? new Map() : this.deps.flows.push(OWNER, rows);
  }

  /**
   * Takes back what a failed step sent: flows whose key the circuit did not have are forgotten and
   * deleted; flows it had under that key are desired and sent again as they were.
   */
  private async undo(sent: readonly PlannedFlow[], had: readonly KeyedFlow[]): Promise<void> {
    const before = new Map(had.map((f) => [f.key, f]));
    const sentKeyed = keyed(sent);
    const restore = sentKeyed.flatMap((f) => {
      const old = before.get(f.key);
      return old === undefined ? [] : [old.planned];
    });
    const drop = sentKeyed.filter((f) => !before.has(f.key)).map((f) => f.planned.spec);
    const { rows, forgotten } = this.deps.transaction(() => ({ rows: this.desire(restore), forgotten: this.deps.flows.forget(drop) }));
    await Promise.all([this.push(rows), this.deps.flows.deleteFromSwitches(forgotten)]);
  }
}
