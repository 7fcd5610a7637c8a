/**
 * The circuit service wired as src/app.ts wires it (topology, path service, flow service, SQLite
 * store, event bus), without sockets: switches and links are fed as events, and the flow installer
 * is a scripted fake that records every change set and answers as the test says (confirmed by
 * default, or refused, failed, not connected, or held until released). Time is virtual.
 */
import type { Database } from 'better-sqlite3';
import { OFPPS, type Dpid, type Port } from '../../src/ofp';
import { DeadlineTimer } from '../../src/core/deadline-timer';
import { EventBus, type ControllerEvent, type ControllerEventType } from '../../src/core/events';
import { CIRCUIT_EVENTS, EvcService, type EvcServiceDeps } from '../../src/eline/service';
import { canonical } from '../../src/flows/canonical';
import { ownedCookie, type FlowSpec } from '../../src/flows/flowspec';
import type { DesiredFlowRow } from '../../src/flows/types';
import type { InstallResult } from '../../src/flows/installer';
import type { SwitchChanges } from '../../src/flows/order';
import { DEFAULT_PIPELINE, tableOf } from '../../src/flows/pipeline';
import { FlowService } from '../../src/flows/service';
import { PATH_GRAPH_EVENTS, PathService } from '../../src/pathfinder/service';
import { EvcRepo, FlowRepo, MIGRATIONS_DIR, openDatabase, SwitchRepo, TopologyRepo } from '../../src/store';
import { SwitchDirectory } from '../../src/topology/switch-directory';
import { TopologyService } from '../../src/topology/topology-service';
import { VirtualClock } from '../integration/flows/virtual-clock';

export const S1 = '00:00:00:00:00:00:00:01';
export const S2 = '00:00:00:00:00:00:00:02';
export const S3 = '00:00:00:00:00:00:00:03';
export const S4 = '00:00:00:00:00:00:00:04';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** A port as OVS reports it: up and LIVE. */
export function livePort(portNo: number, up = true): Port {
  return {
    portNo,
    hwAddr: `02:00:00:00:00:${portNo.toString(16).padStart(2, '0')}`,
    name: `eth${portNo}`,
    config: 0,
    state: up ? OFPPS.LIVE : OFPPS.LINK_DOWN,
    curr: 0,
    advertised: 0,
    supported: 0,
    peer: 0,
    currSpeed: 10_000_000,
    maxSpeed: 0,
  };
}

/** One change set the service sent to a switch. */
export interface SentChange {
  readonly dpid: Dpid;
  readonly add: readonly FlowSpec[];
  readonly remove: readonly FlowSpec[];
}

/** How the fake installer answers a change set: a result, or a promise the test resolves. */
export type Answer = (dpid: Dpid, changes: SwitchChanges) => InstallResult | Promise<InstallResult>;

/** One line of the installer's log: a change set sent, or the answer it got (`change` indexes `sent`). */
export type InstallerLogEntry =
  | { readonly kind: 'sent'; readonly change: number; readonly dpid: Dpid }
  | { readonly kind: 'answered'; readonly change: number; readonly dpid: Dpid; readonly result: InstallResult };

/** The answer of a switch that confirmed the whole change set. */
export const CONFIRMED: Answer = (_dpid, c) => ({ ok: true, sent: c.add.length + c.modify.length + c.remove.length });

export class ScriptedInstaller {
  readonly sent: SentChange[] = [];
  /** Sends and answers in the order they happened. */
  readonly log: InstallerLogEntry[] = [];
  answer: Answer = CONFIRMED;
  /** Change sets waiting for release(), while answers are held. */
  private held: (() => void)[] | undefined;

  apply(dpid: Dpid, changes: SwitchChanges): Promise<InstallResult> {
    const change = this.sent.push({ dpid, add: changes.add.map((f) => canonical(f)), remove: changes.remove.map((f) => canonical(f)) }) - 1;
    this.log.push({ kind: 'sent', change, dpid });
    const answered = (result: InstallResult): InstallResult => {
      this.log.push({ kind: 'answered', change, dpid, result });
      return result;
    };
    const held = this.held;
    if (held === undefined) return Promise.resolve(this.answer(dpid, changes)).then(answered);
    // The answer is computed at release, so a test can change `answer` while change sets wait.
    return new Promise<void>((release) => held.push(release)).then(() => this.answer(dpid, changes)).then(answered);
  }

  /** From now on every change set waits for release() before it is answered. */
  hold(): void {
    this.held ??= [];
  }

  /** How many change sets are waiting for an answer. */
  get waiting(): number {
    return this.held?.length ?? 0;
  }

  /** Answers the change sets waiting now, or the `count` oldest (later ones keep waiting while held); returns how many. */
  release(count?: number): number {
    const held = this.held;
    if (held === undefined) return 0;
    const now = held.splice(0, count ?? held.length);
    for (const r of now) r();
    return now.length;
  }

  /** Stops holding and answers every change set still waiting. */
  resume(): void {
    this.release();
    this.held = undefined;
  }

  /** Every flow added so far, in order. */
  added(): FlowSpec[] {
    return this.sent.flatMap((s) => s.add);
  }

  clear(): void {
    this.sent.length = 0;
    this.log.length = 0;
  }
}

export interface ElineHarness {
  readonly db: Database;
  readonly clock: VirtualClock;
  readonly bus: EventBus;
  readonly topology: TopologyService;
  readonly paths: PathService;
  readonly flows: FlowService;
  readonly flowStore: FlowRepo;
  readonly installer: ScriptedInstaller;
  readonly evcs: EvcService;
  readonly events: ControllerEvent[];
  connect(dpid: Dpid, ports: readonly Port[]): void;
  disconnect(dpid: Dpid): void;
  portModified(dpid: Dpid, p: Port): void;
  /** LLDP saw a frame from b arrive on a: the link is created UP. */
  link(a: readonly [Dpid, number], b: readonly [Dpid, number]): string;
  /** The events of these types seen so far. */
  eventsOf<T extends ControllerEventType>(...types: T[]): ControllerEvent[];
  /** Lets every pending promise settle (the service's operations chain on microtasks). */
  settle(): Promise<void>;
  close(): void;
}

export interface ElineHarnessOptions {
  /** A database file (restart tests reopen it); in memory otherwise. */
  readonly file?: string;
  readonly startMs?: number;
  /**
   * Arms a timer on the virtual clock for the topology's next link-up hold deadline and ticks the
   * topology when it fires, as src/app.ts does; off by default (the topology is then ticked by hand).
   */
  readonly holdTimer?: boolean;
  /** The circuit schedules' missed-run settings (EvcServiceDeps.schedule); the service's defaults when absent. */
  readonly schedule?: EvcServiceDeps['schedule'];
}

/** Builds the harness; call `await h.evcs.load()` after feeding the topology, as the controller's start() does. */
export function elineHarness(opts: ElineHarnessOptions = {}): ElineHarness {
  const db = openDatabase(opts.file ?? ':memory:', { migrationsDir: MIGRATIONS_DIR });
  const clock = new VirtualClock(opts.startMs ?? Date.UTC(2026, 10, 21, 9, 0, 0));
  const bus = new EventBus(quiet);
  const events: ControllerEvent[] = [];
  const directory = new SwitchDirectory(new SwitchRepo(db, { onCorruptRow: () => undefined }), () => clock.now(), quiet);
  const topology = new TopologyService({
    store: new TopologyRepo(db, { onCorruptRow: () => undefined }),
    directory,
    emit: (e) => bus.emit(e),
    settings: { enableByDefault: true, linkUpHoldMs: 10_000 },
    log: quiet,
    lldpVlan: 3799,
  });
  const holds = new DeadlineTimer(topology, clock);
  const rearm = (): void => {
    if (opts.holdTimer === true) holds.rearm();
  };
  for (const type of ['switch.connected', 'switch.disconnected', 'port.added', 'port.modified', 'port.deleted'] as const) {
    bus.on(type, (e) => {
      directory.apply(e);
      topology.apply(e, clock.now());
      rearm();
    });
  }
  const paths = new PathService(topology);
  for (const type of PATH_GRAPH_EVENTS) bus.on(type, () => paths.invalidate());
  const installer = new ScriptedInstaller();
  const flowStore = new FlowRepo(db, { onCorruptRow: () => undefined, now: () => clock.now() });
  const flows = new FlowService({ store: flowStore, installer, clock, emit: (e) => bus.emit(e), log: quiet });
  const evcs = new EvcService({
    store: new EvcRepo(db, { onCorruptRow: () => undefined, now: () => clock.now() }),
    flows,
    ownedFlowRows: () => flowStore.list({ owner: 'mef_eline' }),
    topology,
    paths,
    tables: () => ({ evpl: tableOf(DEFAULT_PIPELINE, 'mef_eline', 'evpl'), epl: tableOf(DEFAULT_PIPELINE, 'mef_eline', 'epl') }),
    clock,
    emit: (e) => bus.emit(e),
    log: quiet,
    newId: (() => {
      let n = 0;
      return () => (++n).toString(16).padStart(14, '0');
    })(),
    lldpVlan: 3799,
    ...(opts.schedule === undefined ? {} : { schedule: opts.schedule }),
  });
  topology.setTagUsage(evcs.tagUsage());
  const seen = new Set<ControllerEventType>();
  const record = (e: ControllerEvent): void => {
    events.push(e);
    if (!seen.has(e.type)) seen.add(e.type);
  };
  const all: ControllerEventType[] = [
    'switch.connected', 'switch.disconnected', 'interface.up', 'interface.down', 'link.up', 'link.down', 'link.created',
    'mef_eline.created', 'mef_eline.deleted', 'mef_eline.deployed', 'mef_eline.undeployed', 'mef_eline.updated',
    'mef_eline.redeployed_link_up', 'mef_eline.redeployed_link_down', 'mef_eline.error_redeploy_link_down',
    'mef_eline.uni_active_updated', 'mef_eline.deploy_failed', 'mef_eline.evcs_loaded', 'flow.error',
  ];
  for (const type of all) bus.on(type, record);
  for (const type of CIRCUIT_EVENTS) bus.on(type, (e) => evcs.onEvent(e));
  const emit = (e: ControllerEvent): void => bus.emit(e);
  return {
    db,
    clock,
    bus,
    topology,
    paths,
    flows,
    flowStore,
    installer,
    evcs,
    events,
    connect: (dpid, ports) =>
      emit({
        type: 'switch.connected',
        dpid,
        address: '127.0.0.1:40001',
        info: {
          dpid,
          nBuffers: 0,
          nTables: 254,
          auxiliaryId: 0,
          capabilities: 0,
          desc: { mfrDesc: 'Nicira, Inc.', hwDesc: 'Open vSwitch', swDesc: '3.1.0', serialNum: 'None', dpDesc: 'dp' },
          ports: [...ports],
        },
      }),
    disconnect: (dpid) => emit({ type: 'switch.disconnected', dpid, reason: { kind: 'peer_closed' } }),
    portModified: (dpid, p) => emit({ type: 'port.modified', dpid, port: p }),
    link: (a, b) => {
      topology.observeLink({ dpid: a[0], portNo: a[1] }, { dpid: b[0], portNo: b[1] }, clock.now());
      rearm();
      const v = topology
        .linkViews()
        .find((l) => [l.config.endpointA, l.config.endpointB].sort().join() === [`${a[0]}:${a[1]}`, `${b[0]}:${b[1]}`].sort().join());
      if (v === undefined) throw new Error('link not created');
      return v.config.id;
    },
    eventsOf: (...types) => events.filter((e) => (types as string[]).includes(e.type)),
    settle: async () => {
      for (let i = 0; i < 50; i++) await new Promise<void>((r) => setImmediate(r));
    },
    close: () => {
      holds.stop();
      evcs.stop();
      db.close();
    },
  };
}

/** Three switches in a ring, UNIs on port 1 (and 4), links s1:2–s2:2, s2:3–s3:2, s3:3–s1:3. */
export function ringHarness(opts: ElineHarnessOptions = {}): ElineHarness & RingLinks {
  const h = elineHarness(opts);
  return Object.assign(h, feedRing(h));
}

export interface RingLinks {
  readonly l12: string;
  readonly l23: string;
  readonly l13: string;
}

/** Connects the ring's three switches and discovers its links (ringHarness's topology, for a harness built bare). */
export function feedRing(h: ElineHarness): RingLinks {
  for (const dpid of [S1, S2, S3]) h.connect(dpid, [livePort(1), livePort(2), livePort(3), livePort(4)]);
  const l12 = h.link([S1, 2], [S2, 2]);
  const l23 = h.link([S2, 3], [S3, 2]);
  const l13 = h.link([S3, 3], [S1, 3]);
  return { l12, l23, l13 };
}

/** A UNI of a request body (Kytos's shape): a VLAN tag, or no tag (EPL) when `vid` is undefined. */
export function uniBody(interfaceId: string, vid?: number): Record<string, unknown> {
  return vid === undefined ? { interface_id: interfaceId } : { interface_id: interfaceId, tag: { tag_type: 'vlan', value: vid } };
}

/** The desired flows of circuit `id` (by its cookie), key-sorted. */
export function circuitRows(h: Pick<ElineHarness, 'flowStore'>, id: string): DesiredFlowRow[] {
  const cookie = ownedCookie('mef_eline', BigInt(`0x${id}`));
  return h.flowStore
    .list({ owner: 'mef_eline' })
    .filter((r) => r.spec.cookie === cookie)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
