/**
 * The E-Line circuit service (seed 000, kytos-api.md §1, §2): creates, updates, deletes and
 * redeploys circuits, keeps their tags, deploys them through the flows module (deployer.ts), keeps
 * `active` in step with the UNIs and the path, moves circuits off failed links and retries those
 * left without a path when the topology changes. Every change is stored in one transaction with the
 * flows it desires. Operations on one circuit run one at a time; requests are checked and their
 * tags reserved before the first await, so concurrent requests never see each other half done.
 */
import { DomainError } from '../core/domain-error';
import { OWNER } from '../flows/flowspec';
import type { ControllerEvent, EvcEventContent, EvcEventType } from '../core/events';
import { linkIdOf } from '../topology/links';
import { dpidOfInterface, type InterfaceId, type LinkId } from '../topology/model';
import type { Result } from '../topology/result';
import { Deployer, NOT_OPERATIONAL, type Circuit, type DeployOutcome } from './deployer';
import { byGroup, type KeyedFlow } from './deploy-plan';
import { uniDocument, toEvcDocument } from './document';
import type { EvcConfig, EvcId, EvcStatus, PathHop, PathLink, Uni } from './model';
import { hopsUp, staticPathUp, type LinkState } from './path-choice';
import { checkStaticPath } from './request-path';
import { parseCreateRequest, parsePatchRequest, type RequestError } from './request';
import { isIntraSwitch } from './request-tags';
import { TagBook } from './tag-book';
import { holdUnis, releaseTags, reserveUniTags, type TagPool, type TagSnapshot } from './tags';
import { UPDATE_CIRCUIT } from './request-openapi';
import { invalidApiData, violation } from './request-schema';
import type { EvcServiceDeps } from './service-types';

export type { EvcServiceDeps } from './service-types';

/** A circuit as the API shows it. */
export interface EvcRecordView {
  readonly config: EvcConfig;
  readonly status: EvcStatus;
}

const NEW_STATUS: EvcStatus = { active: false, currentPath: [], failoverPath: [], lastDeployed: undefined, reason: undefined, deployed: false };

function requestError(e: RequestError): DomainError {
  return new DomainError(e.status === 409 ? 'CONFLICT' : 'BAD_REQUEST', e.description);
}

function unwrap<T>(r: Result<T, RequestError>): T {
  if (!r.ok) throw requestError(r.error);
  return r.value;
}

/** How long after load a circuit may wait for the links of its path (Kytos's consistency check runs every 60 s). */
const DEAD_PATH_GRACE_MS = 60_000;

function notFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `circuit_id ${id} not found`);
}

export class EvcService {
  private readonly circuits = new Map<EvcId, Circuit>();
  private readonly locks = new Map<EvcId, Promise<unknown>>();
  private readonly tags: TagBook;
  private readonly deployer: Deployer;
  private retryTimer: unknown;
  /** From when circuits left on a path that did not come back with a restart are moved (see needsPath). */
  private deadPathsFrom: number | undefined;
  private deadPathTimer: unknown;
  private stopped = false;

  constructor(private readonly deps: EvcServiceDeps) {
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

  /** What circuits hold, for the topology's tag_ranges and delete checks. */
  tagUsage(): ReturnType<TagBook['usage']> {
    return this.tags.usage();
  }

  // ------------------------------------------------------------------------------------ start

  /**
   * Loads every live circuit with its tags and state (Kytos `load_all_evcs`), makes the desired
   * flows exactly what the circuits need (a crash between two steps of a deploy leaves extra or
   * missing rows) and ensures them: a flow already desired as it is sends nothing.
   */
  async load(): Promise<void> {
    const records = this.deps.store.list();
    this.circuits.clear();
    const planned = new Map<EvcId, KeyedFlow[]>();
    for (const r of records) {
      const deployed = r.status.deployed ?? r.status.currentPath.length > 0;
      let flows: KeyedFlow[] = [];
      try {
        flows = deployed && r.config.enabled ? this.deployer.plan(r.config, r.status.currentPath) : [];
      } catch (e) {
        this.deps.log.error({ evc: r.config.id, err: (e as Error).message }, 'stored circuit cannot be planned; left without flows');
      }
      planned.set(r.config.id, flows);
      const status: EvcStatus = { ...r.status, deployed: flows.length > 0, active: false };
      this.circuits.set(r.config.id, { config: r.config, status });
    }
    this.tags.load([...this.circuits.values()].map((c) => ({ ...c.config, hops: [...c.status.currentPath, ...c.status.failoverPath] })));
    await this.repairFlows([...planned.values()].flat());
    for (const c of this.circuits.values()) c.status = { ...c.status, active: this.isOperational(c) };
    const evcs: Record<string, unknown> = {};
    for (const c of this.circuits.values()) evcs[c.config.id] = toEvcDocument(c.config, c.status);
    this.deps.emit({ type: 'mef_eline.evcs_loaded', evcs });
    this.deps.log.info({ circuits: this.circuits.size }, 'circuits loaded');
    this.scheduleRetry();
    this.deadPathsFrom = this.deps.clock.now() + DEAD_PATH_GRACE_MS;
    this.deps.clock.clearTimeout(this.deadPathTimer);
    this.deadPathTimer = this.deps.clock.setTimeout(() => this.scheduleRetry(), DEAD_PATH_GRACE_MS);
  }

  /** Stops the retry timer; operations in flight finish. */
  stop(): void {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.retryTimer);
    this.deps.clock.clearTimeout(this.deadPathTimer);
  }

  /**
   * Orphans are desired flows with the cookie of a stored circuit (live or archived) that its plan
   * does not have: what a deploy, a removal or a delete cut short by a crash left. Flows the
   * mef_eline owner holds under a cookie no circuit ever had are not the service's to judge (the
   * flow_manager API lets anyone use the owner name) and are left alone.
   */
  private async repairFlows(planned: readonly KeyedFlow[]): Promise<void> {
    const wanted = new Set(planned.map((f) => f.key));
    const known = new Set([...this.circuits.keys(), ...this.deps.store.list({ archived: true }).map((r) => r.config.id)]);
    const orphans = this.deps.ownedFlowRows().filter((r) => !wanted.has(r.key) && known.has(circuitIdOf(r.spec.cookie) ?? ''));
    if (orphans.length > 0) {
      this.deps.log.warn({ flows: orphans.length }, 'desired circuit flows no circuit needs; removing them');
      await this.deps.flows.deleteFromSwitches(this.deps.flows.forget(orphans.map((r) => r.spec)));
    }
    const groups = byGroup(planned.map((f) => f.planned));
    await Promise.all([...groups].map(([group, specs]) => this.deps.flows.ensure('mef_eline', specs, { tableGroup: group })));
  }

  // ------------------------------------------------------------------------------------ reads

  /** Circuits by id; live ones unless asked (archived ones come from the store). */
  list(archived: boolean | 'all' = false): EvcRecordView[] {
    const live = archived === true ? [] : [...this.circuits.values()].map((c) => ({ config: c.config, status: c.status }));
    const old = archived === false ? [] : this.deps.store.list({ archived: true });
    return [...live, ...old].sort((a, b) => (a.config.id < b.config.id ? -1 : a.config.id > b.config.id ? 1 : 0));
  }

  /** One circuit, archived ones included; undefined when unknown. */
  get(id: string): EvcRecordView | undefined {
    const c = this.circuits.get(id);
    return c !== undefined ? { config: c.config, status: c.status } : this.deps.store.get(id);
  }

  // ----------------------------------------------------------------------------------- create

  /** POST /v2/evc/: checks, reserves the UNI tags, stores, and deploys unless disabled or scheduled. */
  async create(body: unknown): Promise<{ readonly circuitId: EvcId; readonly deployed: boolean }> {
    const now = this.nowIso();
    const config = unwrap(
      parseCreateRequest(body, { now, newId: () => this.freshId(), ...(this.deps.defaultQueue === undefined ? {} : { defaultQueue: this.deps.defaultQueue }) }),
    );
    checkStorable(config.metadata);
    this.checkUni(config.uniA);
    this.checkUni(config.uniZ);
    for (const [name, path] of [
      ['primary_path', config.primaryPath],
      ['backup_path', config.backupPath],
    ] as const) {
      this.checkLinkEnds(path);
      this.checkPath(config, path, `${name} is not valid: `);
    }
    const snapshot = this.tags.snapshot([config.uniA.interfaceId, config.uniZ.interfaceId]);
    const reserved = reserveUniTags(snapshot, config, config.uniA, config.uniZ);
    if (!reserved.ok) throw new DomainError(reserved.error.kind === 'epl_duplicated' ? 'CONFLICT' : 'BAD_REQUEST', reserved.error.description);
    const c: Circuit = { config, status: { ...NEW_STATUS, updatedAt: now } };
    this.deps.store.transaction(() => this.deps.store.save(c.config, c.status));
    this.tags.commit(reserved.value.snapshot);
    this.circuits.set(config.id, c);
    this.emitEvc('mef_eline.created', c);
    const deploy = config.enabled && config.circuitScheduler.length === 0;
    const deployed = deploy ? await this.locked(config.id, () => this.deployNow(c)) : false;
    return { circuitId: config.id, deployed };
  }

  // ----------------------------------------------------------------------------------- update

  /** PATCH /v2/evc/{id} (kytos-api.md §1.8), with make-before-break redeploys. */
  async update(id: string, body: unknown): Promise<{ readonly record: EvcRecordView; readonly redeployed: boolean }> {
    // The schema is checked before the circuit is looked up, as Kytos's validate_openapi does.
    const bad = violation(UPDATE_CIRCUIT, body);
    if (bad !== undefined) throw requestError(invalidApiData(bad));
    const c = this.live(id);
    return this.locked(id, async () => {
      this.stillLive(id, c);
      const patch = unwrap(parsePatchRequest(c.config, body, { newScheduleId: () => this.deps.newId(), ...this.queueDefault() }));
      const next = { ...patch.next, ...(patch.owner === undefined ? {} : { owner: patch.owner }) };
      checkStorable(next.metadata);
      const unisChanged = patch.changed.includes('uni_a') || patch.changed.includes('uni_z');
      if (unisChanged) {
        this.checkUni(next.uniA);
        this.checkUni(next.uniZ);
      }
      for (const [name, path] of [
        ['primary_path', next.primaryPath],
        ['backup_path', next.backupPath],
      ] as const) {
        if (patch.changed.includes(name)) this.checkLinkEnds(path);
        this.checkPath(next, path, `${name} is not a valid path: `);
      }
      const oldUnis = [c.config.uniA, c.config.uniZ];
      let held: TagSnapshot | undefined;
      if (unisChanged) {
        const snapshot = this.tags.snapshot([...oldUnis, next.uniA, next.uniZ].map((u) => u.interfaceId));
        const reserved = reserveUniTags(releaseTags(snapshot, id, { kind: 'unis', unis: oldUnis }), next, next.uniA, next.uniZ);
        if (!reserved.ok) throw new DomainError(reserved.error.kind === 'epl_duplicated' ? 'CONFLICT' : 'BAD_REQUEST', reserved.error.description);
        // The old UNIs stay held while their flows may still be on the switches.
        held = holdUnis(reserved.value.snapshot, next, oldUnis);
      }
      // Stored first: memory and tags change only once the store has the new config.
      const status = { ...c.status, updatedAt: this.nowIso() };
      this.deps.store.transaction(() => this.deps.store.save(next, status));
      c.config = next;
      c.status = status;
      if (held !== undefined) this.tags.commit(held);
      let redeployed = false;
      if (!next.enabled) {
        if (c.status.deployed === true) await this.undeploy(c, 'disabled');
      } else if (patch.needsRedeploy || c.status.deployed !== true) {
        redeployed = await this.deployNow(c);
        // Flows left for the old UNIs would outlive the tags settleUnis gives back (another circuit
        // could take the VLAN and the same flow key): without its new flows, the circuit has none.
        if (!redeployed && unisChanged && c.status.deployed === true) await this.undeploy(c, c.status.reason);
      }
      if (unisChanged) this.settleUnis(c, oldUnis);
      this.deps.emit({ type: 'mef_eline.updated', evc: this.content(c), changes: body as Readonly<Record<string, unknown>> });
      return { record: { config: c.config, status: c.status }, redeployed };
    });
  }

  /** After a UNI change: gives back what the old UNIs held and the new ones do not. */
  private settleUnis(c: Circuit, oldUnis: readonly Uni[]): void {
    const unis = [c.config.uniA, c.config.uniZ];
    const snapshot = this.tags.snapshot([...oldUnis, ...unis].map((u) => u.interfaceId));
    this.tags.commit(holdUnis(releaseTags(snapshot, c.config.id, { kind: 'unis', unis: oldUnis }), c.config, unis));
  }

  // ----------------------------------------------------------------------------------- delete

  /** DELETE /v2/evc/{id}: removes every flow, gives back every tag and archives the circuit (kytos-api.md §1.9). */
  async remove(id: string): Promise<void> {
    const c = this.live(id);
    await this.locked(id, async () => {
      this.stillLive(id, c);
      await this.deployer.undeploy(c, undefined);
      const unis = [c.config.uniA, c.config.uniZ];
      this.deps.store.transaction(() => {
        c.config = { ...c.config, enabled: false, archived: true };
        c.status = { ...c.status, active: false, updatedAt: this.nowIso() };
        this.deps.store.save(c.config, c.status);
      });
      this.tags.commit(releaseTags(this.tags.snapshot(unis.map((u) => u.interfaceId)), id, { kind: 'unis', unis }));
      this.circuits.delete(id);
      this.emitEvc('mef_eline.deleted', c);
    });
  }

  // --------------------------------------------------------------------------------- redeploy

  /** PATCH /v2/evc/{id}/redeploy: false when the circuit is disabled or could not be deployed (Kytos 409). */
  async redeploy(id: string, tryAvoidSameSVlan: boolean): Promise<boolean> {
    const c = this.live(id);
    return this.locked(id, async () => {
      this.stillLive(id, c);
      return c.config.enabled ? this.deployNow(c, !tryAvoidSameSVlan) : false;
    });
  }

  // --------------------------------------------------------------------------------- metadata

  metadata(id: string): Readonly<Record<string, unknown>> {
    return this.live(id).config.metadata;
  }

  /** Merges `patch` into the metadata of each circuit in `ids`; returns the ids not found (the others are still updated). */
  addMetadata(ids: readonly string[], patch: Readonly<Record<string, unknown>>): string[] {
    return this.changeMetadata(ids, (m) => ({ ...m, ...patch }));
  }

  /** Removes `key` from the metadata of each circuit in `ids` (absent keys are fine); returns the ids not found. */
  removeMetadata(ids: readonly string[], key: string): string[] {
    return this.changeMetadata(ids, (m) => {
      const { [key]: _gone, ...rest } = m;
      return rest;
    });
  }

  private changeMetadata(ids: readonly string[], change: (m: Readonly<Record<string, unknown>>) => Record<string, unknown>): string[] {
    const missing = ids.filter((id) => !this.circuits.has(id));
    const found = [...new Set(ids)].flatMap((id) => this.circuits.get(id) ?? []);
    const next = found.map((c) => ({ c, config: { ...c.config, metadata: change(c.config.metadata) }, status: { ...c.status, updatedAt: this.nowIso() } }));
    for (const n of next) checkStorable(n.config.metadata);
    // Stored first, all or nothing; memory follows.
    this.deps.store.transaction(() => {
      for (const n of next) this.deps.store.save(n.config, n.status);
    });
    for (const n of next) {
      n.c.config = n.config;
      n.c.status = n.status;
    }
    return missing;
  }

  // ------------------------------------------------------------------------- topology reactions

  /** Reacts to a controller event: active state, link-down moves, retries. Subscribed by the composition root. */
  onEvent(e: ControllerEvent): void {
    if (this.stopped) return;
    switch (e.type) {
      case 'link.down':
      case 'link.disabled':
      case 'link.deleted':
        this.refreshActive(undefined);
        this.moveOff(e.linkId);
        break;
      case 'interface.up':
      case 'interface.down':
      case 'interface.enabled':
      case 'interface.disabled':
        this.refreshActive((id) => id === e.interfaceId);
        this.scheduleRetry();
        break;
      case 'link.up':
      case 'link.enabled':
        this.refreshActive(undefined);
        this.revertToPrimary(e.linkId);
        this.scheduleRetry();
        break;
      case 'switch.connected':
      case 'switch.disconnected':
      case 'switch.enabled':
      case 'switch.disabled':
        this.refreshActive((id) => dpidOfInterface(id) === e.dpid);
        this.scheduleRetry();
        break;
      case 'link.created':
      case 'metadata.added':
      case 'metadata.removed':
        this.refreshActive(undefined);
        this.scheduleRetry();
        break;
      case 'flow.removed':
        this.flowRemoved(e.msg.cookie);
        break;
      case 'flow.error':
        if (e.owner === 'mef_eline') this.flowRefused(e.dpid, e.key, `switch ${e.dpid} refused a flow (error type ${e.errType} code ${e.code})`);
        break;
      default:
        break;
    }
  }

  /**
   * Recomputes `active` of every deployed circuit and stores the ones that changed; those with a
   * UNI that `uniChanged` names get uni_active_updated (Kytos emits it for UNI events only, §2.9).
   */
  private refreshActive(uniChanged: ((id: InterfaceId) => boolean) | undefined): void {
    const changed: Circuit[] = [];
    for (const c of this.circuits.values()) {
      const active = c.config.enabled && this.isOperational(c);
      if (active === c.status.active) continue;
      c.status = { ...c.status, active, reason: active ? undefined : (c.status.reason ?? NOT_OPERATIONAL), updatedAt: this.nowIso() };
      changed.push(c);
    }
    if (changed.length === 0) return;
    this.deps.store.transaction(() => {
      for (const c of changed) this.deps.store.save(c.config, c.status);
    });
    if (uniChanged === undefined) return;
    for (const c of changed) if (uniChanged(c.config.uniA.interfaceId) || uniChanged(c.config.uniZ.interfaceId)) this.emitEvc('mef_eline.uni_active_updated', c);
  }

  /** Moves the circuits whose path uses `linkId` to another path (make-before-break); those with none left lose their flows. */
  private moveOff(linkId: LinkId): void {
    for (const c of this.circuits.values()) {
      // A circuit with an operation in flight may be moving onto the link: it is checked in its turn.
      if (!this.locks.has(c.config.id) && (!c.config.enabled || !c.status.currentPath.some((h) => h.linkId === linkId))) continue;
      void this.locked(c.config.id, async () => {
        if (!this.circuits.has(c.config.id) || !c.config.enabled || !c.status.currentPath.some((h) => h.linkId === linkId)) return;
        if (hopsUp(c.status.currentPath, (id) => this.linkState(id))) return; // back up before our turn came
        const outcome = await this.deployer.deploy(c);
        if (outcome.ok) {
          this.emitEvc('mef_eline.redeployed_link_down', c);
          return;
        }
        await this.undeploy(c, outcome.reason);
        this.deps.emit({ type: 'mef_eline.error_redeploy_link_down', evc: this.content(c), reason: outcome.reason });
      }).catch((err: unknown) => this.deps.log.error({ evc: c.config.id, err }, 'moving a circuit off a failed link failed'));
    }
  }

  /** A circuit whose static primary path uses `linkId`, on another path now, goes back to its primary once that is UP (Kytos link_up rule 3). */
  private revertToPrimary(linkId: LinkId): void {
    for (const c of this.circuits.values()) {
      const primary = c.config.primaryPath;
      if (!c.config.enabled || c.status.deployed !== true || !primary.some((l) => l.id === linkId)) continue;
      if (onPath(c.status.currentPath, primary)) continue;
      if (!staticPathUp(primary, (id) => this.linkState(id))) continue;
      void this.locked(c.config.id, async () => {
        if (!this.circuits.has(c.config.id) || !c.config.enabled) return;
        const outcome = await this.deployer.deploy(c);
        if (outcome.ok) this.emitEvc('mef_eline.redeployed_link_up', c);
      }).catch((err: unknown) => this.deps.log.error({ evc: c.config.id, err }, 'reverting a circuit to its primary path failed'));
    }
  }

  /** Gathers topology changes for a moment, then tries every enabled circuit that has no flows (Kytos waits for a link_up; we retry). */
  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.retryUndeployed();
    }, this.deps.retryDelayMs ?? 200);
  }

  private retryUndeployed(): void {
    for (const c of this.circuits.values()) {
      if (!c.config.enabled || c.config.circuitScheduler.length > 0) continue;
      // A circuit with an operation in flight is tried after it, should that operation leave it without a working path.
      if (!this.locks.has(c.config.id) && !this.needsPath(c)) continue;
      void this.locked(c.config.id, async () => {
        if (!this.circuits.has(c.config.id) || !c.config.enabled || !this.needsPath(c)) return;
        const moved = c.status.deployed === true;
        const outcome = await this.deployer.deploy(c);
        if (outcome.ok) this.emitEvc(moved ? 'mef_eline.redeployed_link_down' : 'mef_eline.redeployed_link_up', c);
      }).catch((err: unknown) => this.deps.log.error({ evc: c.config.id, err }, 'retrying a circuit failed'));
    }
  }

  /**
   * Whether a circuit has no flows, or has them on a path with a link that is not UP: one no
   * link-down moved it off, because the link did not come back with a restart. The latter only
   * once the switches have had time to connect and LLDP to find the links again after load, so
   * that a restart does not move circuits whose switches are merely slow to come back.
   */
  private needsPath(c: Circuit): boolean {
    if (c.status.deployed !== true) return true;
    return this.deadPathsFrom !== undefined && this.deps.clock.now() >= this.deadPathsFrom && !hopsUp(c.status.currentPath, (id) => this.linkState(id));
  }

  private flowRemoved(cookie: bigint): void {
    const c = this.circuits.get(circuitIdOf(cookie) ?? '');
    if (c === undefined) return;
    c.status = { ...c.status, flowRemovedAt: this.nowIso() };
    this.deps.store.transaction(() => this.deps.store.save(c.config, c.status));
  }

  /**
   * A switch refused one of a circuit's flows outside a deploy (the reconciler re-sending it): the
   * circuit is not whole, so it is inactive, with the reason, until a redeploy or PATCH sends its
   * flows again. (A deploy sees its own refusals and rolls back; Kytos removes every flow here, after
   * which a retry would only be refused again.)
   */
  private flowRefused(dpid: string, key: string, reason: string): void {
    const row = this.deps.flows.rows(dpid).find((r) => r.key === key);
    const id = row === undefined ? undefined : circuitIdOf(row.spec.cookie);
    const c = id === undefined ? undefined : this.circuits.get(id);
    if (id === undefined || c === undefined || this.locks.has(id) || c.status.deployed !== true) return;
    const status = { ...c.status, active: false, reason, flowRefused: true, updatedAt: this.nowIso() };
    this.deps.store.transaction(() => this.deps.store.save(c.config, status));
    c.status = status;
    this.deps.log.warn({ evc: id, dpid, reason }, 'a circuit flow was refused; the circuit is inactive until it is redeployed');
  }

  // --------------------------------------------------------------------------------- internals

  private async deployNow(c: Circuit, reuseOwnSVlans = false): Promise<boolean> {
    const outcome: DeployOutcome = await this.deployer.deploy(c, { reuseOwnSVlans });
    if (outcome.ok) this.emitEvc('mef_eline.deployed', c);
    else this.deps.emit({ type: 'mef_eline.deploy_failed', evc: this.content(c), reason: outcome.reason });
    return outcome.ok;
  }

  private async undeploy(c: Circuit, reason: string | undefined): Promise<void> {
    await this.deployer.undeploy(c, reason);
    this.emitEvc('mef_eline.undeployed', c);
  }

  /** Runs `fn` after every earlier operation on circuit `id` has finished. */
  private locked<T>(id: EvcId, fn: () => Promise<T>): Promise<T> {
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

  private live(id: string): Circuit {
    const c = this.circuits.get(id);
    if (c === undefined) throw notFound(id);
    return c;
  }

  /** Throws the 404 when `c` was deleted while the operation waited for its turn. */
  private stillLive(id: string, c: Circuit): void {
    if (this.circuits.get(id) !== c) throw notFound(id);
  }

  private freshId(): EvcId {
    for (;;) {
      const id = this.deps.newId();
      if (!this.circuits.has(id) && this.deps.store.get(id) === undefined) return id;
    }
  }

  private queueDefault(): { defaultQueue?: number } {
    return this.deps.defaultQueue === undefined ? {} : { defaultQueue: this.deps.defaultQueue };
  }

  private nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  /** The 400 Kytos gives for a UNI on an interface the topology does not know. */
  private checkUni(uni: Uni): void {
    if (this.deps.topology.interfaceView(uni.interfaceId) === undefined) {
      throw new DomainError('BAD_REQUEST', `Error creating UNI:Could not instantiate interface ${uni.interfaceId}`);
    }
  }

  /** Kytos `_link_from_dict`: both ends of every static path link must be known interfaces. */
  private checkLinkEnds(path: readonly PathLink[]): void {
    for (const l of path) {
      if (this.deps.topology.interfaceView(l.endpointA) === undefined) throw new DomainError('BAD_REQUEST', `Could not get interface endpoint_a id ${l.endpointA}`);
      if (this.deps.topology.interfaceView(l.endpointB) === undefined) throw new DomainError('BAD_REQUEST', `Could not get interface endpoint_b id ${l.endpointB}`);
    }
  }

  /** Kytos `Path.is_valid`: the path walks from UNI A's switch to UNI Z's; its links must exist unless the circuit is scheduled. */
  private checkPath(cfg: EvcConfig, path: readonly PathLink[], prefix: string): void {
    const scheduled = cfg.circuitScheduler.length > 0;
    const r = checkStaticPath(
      path,
      dpidOfInterface(cfg.uniA.interfaceId),
      dpidOfInterface(cfg.uniZ.interfaceId),
      scheduled ? undefined : (l) => this.linkUnavailable(l),
    );
    if (!r.ok) throw new DomainError('BAD_REQUEST', `${prefix}${r.error}`);
  }

  /** Kytos's `Link <repr> is not available.` when the topology has no link joining the two ends, else undefined. */
  private linkUnavailable(l: PathLink): string | undefined {
    const known = this.deps.topology.linkView(linkIdOf(l.endpointA, l.endpointB).id);
    if (known !== undefined) return undefined;
    const repr = (id: InterfaceId): string => {
      const v = this.deps.topology.interfaceView(id);
      return `Interface('${v?.port.name ?? id}', ${v?.port.portNo ?? 0}, Switch('${dpidOfInterface(id)}'))`;
    };
    return `Link Link(${repr(l.endpointA)}, ${repr(l.endpointB)}, ${l.id}) is not available.`;
  }

  private poolOf(id: InterfaceId): TagPool | undefined {
    const v = this.deps.topology.interfaceView(id);
    if (v === undefined) return undefined;
    const lldp = this.deps.lldpVlan !== undefined && this.deps.topology.switchView(v.config.dpid)?.config.enabled === true ? this.deps.lldpVlan : undefined;
    return { tagRanges: v.config.tagRanges, specialTags: v.config.specialTags, lldpVlan: lldp };
  }

  private linkState(id: LinkId): LinkState | undefined {
    const v = this.deps.topology.linkView(id);
    return v === undefined ? undefined : { endpointA: v.config.endpointA, endpointB: v.config.endpointB, status: v.status };
  }

  private operational(cfg: EvcConfig, hops: readonly PathHop[]): boolean {
    const up = (id: InterfaceId): boolean => this.deps.topology.interfaceView(id)?.status === 'UP';
    return up(cfg.uniA.interfaceId) && up(cfg.uniZ.interfaceId) && (isIntraSwitch(cfg.uniA, cfg.uniZ) || hops.length > 0) && hopsUp(hops, (id) => this.linkState(id));
  }

  private isOperational(c: Circuit): boolean {
    return c.status.deployed === true && c.status.flowRefused !== true && this.operational(c.config, c.status.currentPath);
  }

  private content(c: Circuit): EvcEventContent {
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

  private emitEvc(type: EvcEventType, c: Circuit): void {
    this.deps.emit({ type, evc: this.content(c) });
  }
}

/**
 * Metadata is stored as JSON; an integer beyond ±(2^53 − 1) (a bigint from the exact JSON parser)
 * would not read back as written, so it is refused with a 400 rather than rounded.
 */
function checkStorable(metadata: Readonly<Record<string, unknown>>): void {
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'bigint') throw new DomainError('BAD_REQUEST', `metadata ${at}: the integer ${v} is beyond ±(2^53 - 1), the range that can be stored exactly`);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, at === '' ? k : `${at}.${k}`);
  };
  walk(metadata, '');
}

/** Pure. The circuit id a cookie carries (kytos-api.md §2.4), or undefined for another owner's cookie. */
function circuitIdOf(cookie: bigint): EvcId | undefined {
  return cookie >> 56n === OWNER.mef_eline ? (cookie & 0xffffffffffffffn).toString(16).padStart(14, '0') : undefined;
}

/** Pure. Whether `hops` run over exactly the links of `path`. */
function onPath(hops: readonly PathHop[], path: readonly PathLink[]): boolean {
  return hops.length === path.length && hops.every((h, i) => h.linkId === path[i]?.id);
}
