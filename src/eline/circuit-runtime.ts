/**
 * What the parts of the circuit service share: the live circuits, the per-circuit operation
 * queue, the tag book, the deployer, and the topology reads and event payloads every part needs.
 * Operations on one circuit run one at a time (`locked`); state is written to the store before it
 * changes in memory (`commit`).
 */
import { DomainError } from '../core/domain-error';
import type { EvcEventContent, EvcEventType } from '../core/events';
import { OWNER } from '../flows/flowspec';
import type { InterfaceId, LinkId } from '../topology/model';
import { Deployer, type Circuit } from './deployer';
import { uniDocument } from './document';
import type { EvcConfig, EvcId, EvcStatus, PathHop, PathLink } from './model';
import { hopsUp, type LinkState } from './path-choice';
import { isIntraSwitch } from './request-tags';
import { TagBook } from './tag-book';
import type { TagPool } from './tags';
import type { EvcServiceDeps } from './service-types';

export function notFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `circuit_id ${id} not found`);
}

/** Pure. The circuit id a cookie carries (kytos-api.md §2.4), or undefined for another owner's cookie. */
export function circuitIdOf(cookie: bigint): EvcId | undefined {
  return cookie >> 56n === OWNER.mef_eline ? (cookie & 0xffffffffffffffn).toString(16).padStart(14, '0') : undefined;
}

/** Pure. Whether `hops` run over exactly the links of `path`. */
export function onPath(hops: readonly PathHop[], path: readonly PathLink[]): boolean {
  return hops.length === path.length && hops.every((h, i) => h.linkId === path[i]?.id);
}

export class CircuitRuntime {
  readonly circuits = new Map<EvcId, Circuit>();
  readonly locks = new Map<EvcId, Promise<unknown>>();
  readonly tags: TagBook;
  readonly deployer: Deployer;

  constructor(readonly deps: EvcServiceDeps) {
    this.tags = new TagBook((id) => this.poolOf(id));
    this.deployer = new Deployer({
      flows: deps.flows,
      tags: this.tags,
      transaction: (fn) => deps.store.transaction(fn),
      save: (c) => deps.store.save(c.config, c.status),
      choice: { linkOf: (id) => this.linkState(id), findPaths: (req) => deps.paths.findPaths(req).map((p) => p.links) },
      tables: deps.tables,
      operational: (cfg, hops) => this.operational(cfg, hops),
      now: () => this.nowIso(),
      log: deps.log,
    });
  }

  /** Runs `fn` after every earlier operation on circuit `id` has finished. */
  locked<T>(id: EvcId, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }

  /** The live circuit `id`, or the 404. */
  live(id: string): Circuit {
    const c = this.circuits.get(id);
    if (c === undefined) throw notFound(id);
    return c;
  }

  /** Throws the 404 when `c` was deleted while the operation waited for its turn. */
  stillLive(id: string, c: Circuit): void {
    if (this.circuits.get(id) !== c) throw notFound(id);
  }

  /** Stores `c` with a new config and/or status, then makes them its own (a failed save changes nothing). */
  commit(c: Circuit, change: { readonly config?: EvcConfig; readonly status?: EvcStatus }): void {
    const config = change.config ?? c.config;
    const status = { ...(change.status ?? c.status), updatedAt: this.nowIso() };
    this.deps.store.transaction(() => this.deps.store.save(config, status));
    c.config = config;
    c.status = status;
  }

  /** Deploys `c` and reports it (deployed or deploy_failed); true when it is deployed. */
  async deployNow(c: Circuit, reuseOwnSVlans = false): Promise<boolean> {
    const outcome = await this.deployer.deploy(c, { reuseOwnSVlans });
    if (outcome.ok) this.emitEvc('mef_eline.deployed', c);
    else this.deps.emit({ type: 'mef_eline.deploy_failed', evc: this.content(c), reason: outcome.reason });
    return outcome.ok;
  }

  /** Removes `c`'s flows and reports it (undeployed). */
  async undeploy(c: Circuit, reason: string | undefined): Promise<void> {
    await this.deployer.undeploy(c, reason);
    this.emitEvc('mef_eline.undeployed', c);
  }

  nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  poolOf(id: InterfaceId): TagPool | undefined {
    const v = this.deps.topology.interfaceView(id);
    if (v === undefined) return undefined;
    const lldp = this.deps.lldpVlan !== undefined && this.deps.topology.switchView(v.config.dpid)?.config.enabled === true ? this.deps.lldpVlan : undefined;
    return { tagRanges: v.config.tagRanges, specialTags: v.config.specialTags, lldpVlan: lldp };
  }

  linkState(id: LinkId): LinkState | undefined {
    const v = this.deps.topology.linkView(id);
    return v === undefined ? undefined : { endpointA: v.config.endpointA, endpointB: v.config.endpointB, status: v.status };
  }

  /** Whether a circuit on `hops` would carry traffic: both UNIs UP, a path (unless intra-switch), every hop UP. */
  operational(cfg: EvcConfig, hops: readonly PathHop[]): boolean {
    const up = (id: InterfaceId): boolean => this.deps.topology.interfaceView(id)?.status === 'UP';
    return up(cfg.uniA.interfaceId) && up(cfg.uniZ.interfaceId) && (isIntraSwitch(cfg.uniA, cfg.uniZ) || hops.length > 0) && hopsUp(hops, (id) => this.linkState(id));
  }

  /** Whether `c` is deployed, whole (no refused flow) and operational. */
  isOperational(c: Circuit): boolean {
    return c.status.deployed === true && c.status.flowRefused !== true && this.operational(c.config, c.status.currentPath);
  }

  /** The seed's event content of a circuit. */
  content(c: Circuit): EvcEventContent {
    return {
      id: c.config.id,
      evc_id: c.config.id,
      name: c.config.name,
      metadata: c.config.metadata,
      active: c.status.active,
      enabled: c.config.enabled,
      uni_a: { ...uniDocument(c.config.uniA) },
      uni_z: { ...uniDocument(c.config.uniZ) },
    };
  }

  emitEvc(type: EvcEventType, c: Circuit): void {
    this.deps.emit({ type, evc: this.content(c) });
  }
}
