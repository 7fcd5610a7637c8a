/**
 * The E-Line circuit service (seed 000, kytos-api.md §1, §2): creates, updates, deletes and
 * redeploys circuits, keeps their tags, deploys them through the flows module (deployer.ts), and
 * serves their schedules (schedules.ts); how circuits follow the network is in reactions.ts. Every
 * change is stored in one transaction with the flows it desires. Operations on one circuit run one
 * at a time; requests are checked and their tags reserved before the first await, so concurrent
 * requests never see each other half done.
 */
import { DomainError } from '../core/domain-error';
import type { ControllerEvent } from '../core/events';
import type { Result } from '../topology/result';
import { CircuitRuntime, circuitIdOf } from './circuit-runtime';
import type { Circuit } from './deployer';
import { byGroup, type KeyedFlow } from './deploy-plan';
import { toEvcDocument } from './document';
import type { CircuitSchedule, EvcConfig, EvcId, EvcStatus, Uni } from './model';
import { CircuitReactions } from './reactions';
export { CIRCUIT_EVENTS } from './reactions';
import { checkAgainstTopology, checkStorable } from './request-checks';
import { parseCreateRequest, parsePatchRequest, type RequestError } from './request';
import { UPDATE_CIRCUIT } from './request-openapi';
import { invalidApiData, violation } from './request-schema';
import { CircuitSchedules, type ScheduleInput, type ScheduleListing } from './schedules';
import type { TagBook } from './tag-book';
import { holdUnis, releaseTags, reserveUniTags, type TagSnapshot } from './tags';
import type { EvcServiceDeps } from './service-types';

export type { EvcServiceDeps } from './service-types';
export type { ScheduleInput, ScheduleListing } from './schedules';

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

export class EvcService {
  private readonly rt: CircuitRuntime;
  private readonly reactions: CircuitReactions;
  private readonly schedules: CircuitSchedules;

  constructor(private readonly deps: EvcServiceDeps) {
    this.rt = new CircuitRuntime(deps);
    this.reactions = new CircuitReactions(this.rt);
    this.schedules = new CircuitSchedules(this.rt, deps.schedule ?? { missedRun: 'run-late', graceMs: 300_000 });
  }

  /** What circuits hold, for the topology's tag_ranges and delete checks. */
  tagUsage(): ReturnType<TagBook['usage']> {
    return this.rt.tags.usage();
  }

  /** Reacts to a controller event (subscribed by the composition root; see reactions.ts). */
  onEvent(e: ControllerEvent): void {
    this.reactions.onEvent(e);
  }

  // ------------------------------------------------------------------------------------ start

  /**
   * Loads every live circuit with its tags, state and schedules (Kytos `load_all_evcs`), makes the
   * desired flows exactly what the circuits need (a crash between two steps of a deploy leaves
   * extra or missing rows) and ensures them: a flow already desired as it is sends nothing.
   */
  async load(): Promise<void> {
    const { rt, deps } = this;
    const records = deps.store.list();
    rt.circuits.clear();
    const planned = new Map<EvcId, KeyedFlow[]>();
    for (const r of records) {
      const deployed = r.status.deployed ?? r.status.currentPath.length > 0;
      let flows: KeyedFlow[] = [];
      try {
        flows = deployed && r.config.enabled ? rt.deployer.plan(r.config, r.status.currentPath) : [];
      } catch (e) {
        deps.log.error({ evc: r.config.id, err: (e as Error).message }, 'stored circuit cannot be planned; left without flows');
      }
      planned.set(r.config.id, flows);
      const status: EvcStatus = { ...r.status, deployed: flows.length > 0, active: false };
      rt.circuits.set(r.config.id, { config: r.config, status });
    }
    rt.tags.load([...rt.circuits.values()].map((c) => ({ ...c.config, hops: [...c.status.currentPath, ...c.status.failoverPath] })));
    await this.repairFlows([...planned.values()].flat());
    for (const c of rt.circuits.values()) c.status = { ...c.status, active: rt.isOperational(c) };
    const evcs: Record<string, unknown> = {};
    for (const c of rt.circuits.values()) evcs[c.config.id] = toEvcDocument(c.config, c.status);
    deps.emit({ type: 'mef_eline.evcs_loaded', evcs });
    deps.log.info({ circuits: rt.circuits.size }, 'circuits loaded');
    for (const c of rt.circuits.values()) this.schedules.register(c);
    this.schedules.start();
    this.reactions.start();
  }

  /** Stops the timers (retries, schedules); operations in flight finish. */
  stop(): void {
    this.reactions.stop();
    this.schedules.stop();
  }

  /**
   * Orphans are desired flows with the cookie of a stored circuit (live or archived) that its plan
   * does not have: what a deploy, a removal or a delete cut short by a crash left. Flows the
   * mef_eline owner holds under a cookie no circuit ever had are not the service's to judge (the
   * flow_manager API lets anyone use the owner name) and are left alone.
   */
  private async repairFlows(planned: readonly KeyedFlow[]): Promise<void> {
    const { deps } = this;
    const wanted = new Set(planned.map((f) => f.key));
    // Only the few rows no plan wants are looked at, and only their circuits looked up (not every archived one).
    const stored = new Map<string, boolean>();
    const isCircuit = (id: EvcId | undefined): boolean => {
      if (id === undefined) return false;
      let known = stored.get(id);
      if (known === undefined) stored.set(id, (known = this.rt.circuits.has(id) || deps.store.get(id) !== undefined));
      return known;
    };
    const orphans = deps.ownedFlowRows().filter((r) => !wanted.has(r.key) && isCircuit(circuitIdOf(r.spec.cookie)));
    if (orphans.length > 0) {
      deps.log.warn({ flows: orphans.length }, 'desired circuit flows no circuit needs; removing them');
      await deps.flows.deleteFromSwitches(deps.flows.forget(orphans.map((r) => r.spec)));
    }
    const groups = byGroup(planned.map((f) => f.planned));
    await Promise.all([...groups].map(([group, specs]) => deps.flows.ensure('mef_eline', specs, { tableGroup: group })));
  }

  // ------------------------------------------------------------------------------------ reads

  /** Circuits by id; live ones unless asked (archived ones come from the store). */
  list(archived: boolean | 'all' = false): EvcRecordView[] {
    const live = archived === true ? [] : [...this.rt.circuits.values()].map((c) => ({ config: c.config, status: c.status }));
    const old = archived === false ? [] : this.deps.store.list({ archived: true });
    return [...live, ...old].sort((a, b) => (a.config.id < b.config.id ? -1 : a.config.id > b.config.id ? 1 : 0));
  }

  /** One circuit, archived ones included; undefined when unknown. */
  get(id: string): EvcRecordView | undefined {
    const c = this.rt.circuits.get(id);
    return c !== undefined ? { config: c.config, status: c.status } : this.deps.store.get(id);
  }

  // ----------------------------------------------------------------------------------- create

  /** POST /v2/evc/: checks, reserves the UNI tags, stores, and deploys unless disabled (as a scheduled circuit is by default). */
  async create(body: unknown): Promise<{ readonly circuitId: EvcId; readonly deployed: boolean }> {
    const { rt, deps } = this;
    const now = rt.nowIso();
    const config = unwrap(parseCreateRequest(body, { now, newId: () => this.freshId(), knownInterface: (i) => this.known(i), ...this.queueDefault() }));
    checkAgainstTopology(deps.topology, config, (name) => `${name} is not valid: `);
    this.checkScheduleIds(config.id, config.circuitScheduler);
    const snapshot = rt.tags.snapshot([config.uniA.interfaceId, config.uniZ.interfaceId]);
    const reserved = reserveUniTags(snapshot, config, config.uniA, config.uniZ);
    if (!reserved.ok) throw new DomainError(reserved.error.kind === 'epl_duplicated' ? 'CONFLICT' : 'BAD_REQUEST', reserved.error.description);
    const status: EvcStatus = { ...NEW_STATUS, updatedAt: now };
    const c: Circuit = { config, status: { ...status, scheduleRuns: this.schedules.runsFor(config, status) } };
    deps.store.transaction(() => deps.store.save(c.config, c.status));
    rt.tags.commit(reserved.value.snapshot);
    rt.circuits.set(config.id, c);
    this.schedules.register(c);
    rt.emitEvc('mef_eline.created', c);
    // A circuit with schedule entries is disabled until its first `create` unless the body says
    // enabled:true (request.ts); an enabled circuit is deployed now, scheduled or not.
    const deployed = config.enabled ? await rt.locked(config.id, () => rt.deployNow(c)) : false;
    return { circuitId: config.id, deployed };
  }

  // ----------------------------------------------------------------------------------- update

  /** PATCH /v2/evc/{id} (kytos-api.md §1.8), with make-before-break redeploys. */
  async update(id: string, body: unknown): Promise<{ readonly record: EvcRecordView; readonly redeployed: boolean }> {
    const { rt, deps } = this;
    // The schema is checked before the circuit is looked up, as Kytos's validate_openapi does.
    const bad = violation(UPDATE_CIRCUIT, body);
    if (bad !== undefined) throw requestError(invalidApiData(bad));
    const c = rt.live(id);
    return rt.locked(id, async () => {
      rt.stillLive(id, c);
      const patch = unwrap(parsePatchRequest(c.config, body, { newScheduleId: () => deps.newId(), knownInterface: (i) => this.known(i), ...this.queueDefault() }));
      const next = { ...patch.next, ...(patch.owner === undefined ? {} : { owner: patch.owner }) };
      const unisChanged = patch.changed.includes('uni_a') || patch.changed.includes('uni_z');
      checkAgainstTopology(deps.topology, next, (name) => `${name} is not a valid path: `);
      this.checkScheduleIds(id, next.circuitScheduler);
      const oldUnis = [c.config.uniA, c.config.uniZ];
      let held: TagSnapshot | undefined;
      if (unisChanged) {
        const snapshot = rt.tags.snapshot([...oldUnis, next.uniA, next.uniZ].map((u) => u.interfaceId));
        const reserved = reserveUniTags(releaseTags(snapshot, id, { kind: 'unis', unis: oldUnis }), next, next.uniA, next.uniZ);
        if (!reserved.ok) throw new DomainError(reserved.error.kind === 'epl_duplicated' ? 'CONFLICT' : 'BAD_REQUEST', reserved.error.description);
        // The old UNIs stay held while their flows may still be on the switches.
        held = holdUnis(reserved.value.snapshot, next, oldUnis);
      }
      // Stored first: memory and tags change only once the store has the new config.
      rt.commit(c, { config: next, status: { ...c.status, scheduleRuns: this.schedules.runsFor(next, c.status) } });
      if (held !== undefined) rt.tags.commit(held);
      this.schedules.register(c);
      let redeployed = false;
      if (!next.enabled) {
        if (c.status.deployed === true) await rt.undeploy(c, 'disabled');
      } else if (patch.needsRedeploy || c.status.deployed !== true) {
        redeployed = await rt.deployNow(c);
        // Flows left for the old UNIs would outlive the tags settleUnis gives back (another circuit
        // could take the VLAN and the same flow key): without its new flows, the circuit has none.
        if (!redeployed && unisChanged && c.status.deployed === true) await rt.undeploy(c, c.status.reason);
      }
      if (unisChanged) this.settleUnis(c, oldUnis);
      deps.emit({ type: 'mef_eline.updated', evc: rt.content(c), changes: body as Readonly<Record<string, unknown>> });
      return { record: { config: c.config, status: c.status }, redeployed };
    });
  }

  /** After a UNI change: gives back what the old UNIs held and the new ones do not. */
  private settleUnis(c: Circuit, oldUnis: readonly Uni[]): void {
    const tags = this.rt.tags;
    const unis = [c.config.uniA, c.config.uniZ];
    const snapshot = tags.snapshot([...oldUnis, ...unis].map((u) => u.interfaceId));
    tags.commit(holdUnis(releaseTags(snapshot, c.config.id, { kind: 'unis', unis: oldUnis }), c.config, unis));
  }

  // ----------------------------------------------------------------------------------- delete

  /** DELETE /v2/evc/{id}: removes every flow, gives back every tag, drops its schedules and archives the circuit (kytos-api.md §1.9). */
  async remove(id: string): Promise<void> {
    const { rt } = this;
    const c = rt.live(id);
    await rt.locked(id, async () => {
      rt.stillLive(id, c);
      this.schedules.drop(id);
      await rt.deployer.undeploy(c, undefined);
      const unis = [c.config.uniA, c.config.uniZ];
      rt.commit(c, { config: { ...c.config, enabled: false, archived: true }, status: { ...c.status, active: false } });
      rt.tags.commit(releaseTags(rt.tags.snapshot(unis.map((u) => u.interfaceId)), id, { kind: 'unis', unis }));
      rt.circuits.delete(id);
      rt.emitEvc('mef_eline.deleted', c);
    });
  }

  // --------------------------------------------------------------------------------- redeploy

  /** PATCH /v2/evc/{id}/redeploy: false when the circuit is disabled or could not be deployed (Kytos 409). */
  async redeploy(id: string, tryAvoidSameSVlan: boolean): Promise<boolean> {
    const { rt } = this;
    const c = rt.live(id);
    return rt.locked(id, async () => {
      rt.stillLive(id, c);
      return c.config.enabled ? rt.deployNow(c, !tryAvoidSameSVlan) : false;
    });
  }

  // --------------------------------------------------------------------------------- metadata

  metadata(id: string): Readonly<Record<string, unknown>> {
    return this.rt.live(id).config.metadata;
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
    const { rt, deps } = this;
    const missing = ids.filter((id) => !rt.circuits.has(id));
    const found = [...new Set(ids)].flatMap((id) => rt.circuits.get(id) ?? []);
    const now = rt.nowIso();
    const next = found.map((c) => ({ c, config: { ...c.config, metadata: change(c.config.metadata) }, status: { ...c.status, updatedAt: now } }));
    for (const n of next) checkStorable(n.config.metadata);
    // Stored first, all or nothing; memory follows.
    deps.store.transaction(() => {
      for (const n of next) deps.store.save(n.config, n.status);
    });
    for (const n of next) {
      n.c.config = n.config;
      n.c.status = n.status;
    }
    return missing;
  }

  // -------------------------------------------------------------------------------- schedules

  /** GET /v2/evc/schedule: every entry of every live circuit, and how many live circuits there are. */
  listSchedules(): { readonly circuits: number; readonly entries: ScheduleListing[] } {
    return this.schedules.list();
  }

  /** POST /v2/evc/schedule/: adds an entry to a circuit. */
  addSchedule(circuitId: string, entry: ScheduleInput): Promise<CircuitSchedule> {
    return this.schedules.add(circuitId, entry);
  }

  /** PATCH /v2/evc/schedule/{id}: replaces an entry, keeping its id. */
  updateSchedule(scheduleId: string, entry: ScheduleInput): Promise<CircuitSchedule> {
    return this.schedules.update(scheduleId, entry);
  }

  /** DELETE /v2/evc/schedule/{id}. */
  removeSchedule(scheduleId: string): Promise<void> {
    return this.schedules.remove(scheduleId);
  }

  /** When each waiting schedule entry runs next, `${evcId}/${scheduleId}` → epoch ms (tests, diagnostics). */
  pendingSchedules(): Map<string, number> {
    return this.schedules.pending();
  }

  // --------------------------------------------------------------------------------- internals

  /**
   * Schedule ids name one entry across all circuits (the schedule API finds entries by id): an id
   * twice in one list is a 400, an id another circuit has is a 409, as when adding one through the
   * schedule API. (Kytos-ng answers 500 for the first and accepts the second.)
   */
  private checkScheduleIds(circuitId: EvcId, entries: readonly CircuitSchedule[]): void {
    if (entries.length === 0) return;
    const ids = new Set<string>();
    for (const e of entries) {
      if (ids.has(e.id)) throw new DomainError('BAD_REQUEST', `circuit_scheduler: the schedule id ${e.id} is given more than once`);
      ids.add(e.id);
    }
    for (const c of this.rt.circuits.values()) {
      if (c.config.id === circuitId) continue;
      const taken = c.config.circuitScheduler.find((e) => ids.has(e.id));
      if (taken !== undefined) throw new DomainError('CONFLICT', `schedule_id ${taken.id} already exists`);
    }
  }

  private known(interfaceId: string): boolean {
    return this.deps.topology.interfaceView(interfaceId) !== undefined;
  }

  private freshId(): EvcId {
    for (;;) {
      const id = this.deps.newId();
      if (!this.rt.circuits.has(id) && this.deps.store.get(id) === undefined) return id;
    }
  }

  private queueDefault(): { defaultQueue?: number } {
    return this.deps.defaultQueue === undefined ? {} : { defaultQueue: this.deps.defaultQueue };
  }
}
