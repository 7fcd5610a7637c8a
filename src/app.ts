/**
 * Composition root: wires the OpenFlow listener, the event bus, the topology (directory, service,
 * LLDP discovery), the store and the REST API. No module below this one knows how the others are
 * built.
 */
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Database } from 'better-sqlite3';
import type { Clock } from './ofp';
import { EventBus, type ControllerEvent } from './core/events';
import { SwitchManager, type TlsMaterial } from './core/switch-manager';
import { LldpService } from './core/lldp-service';
import { DeadlineTimer } from './core/deadline-timer';
import { FlowInstaller } from './flows/installer';
import { FlowService } from './flows/service';
import { Reconciler, cookieOwnership } from './flows/reconciler';
import { FlowManagerService } from './flows/flow-manager';
import { MultiTableService } from './flows/multi-table';
import { OWNER } from './flows/flowspec';
import { SwitchDirectory } from './topology/switch-directory';
import { TopologyService } from './topology/topology-service';
import { TopologyGraph } from './topology/graph';
import { PATH_GRAPH_EVENTS, PathService } from './pathfinder/service';
import { EvcRepo, FlowRepo, PipelineRepo, SecretRepo, SwitchRepo, TopologyRepo } from './store';
import { CIRCUIT_EVENTS, EvcService } from './eline/service';
import { tableOf } from './flows/pipeline';
import { buildApp } from './rest/app';
import type { Settings } from './config';

export interface ControllerDeps {
  readonly settings: Settings;
  readonly log: Logger;
  readonly clock: Clock;
  readonly db: Database;
  /** TLS certificate material read by the entry point, when the settings ask for TLS. */
  readonly tls?: TlsMaterial;
}

export interface Controller {
  readonly bus: EventBus;
  readonly switches: SwitchManager;
  readonly directory: SwitchDirectory;
  readonly topology: TopologyService;
  readonly lldp: LldpService;
  readonly graph: TopologyGraph;
  /** Paths over the usable topology (pathfinder v3, and the circuits). */
  readonly paths: PathService;
  readonly flows: FlowService;
  readonly reconciler: Reconciler;
  readonly installer: FlowInstaller;
  /** of_multi_table: stored pipelines; its activePipeline() places new flows. */
  readonly multiTable: MultiTableService;
  readonly flowManager: FlowManagerService;
  /** E-Line circuits (mef_eline v2). */
  readonly evcs: EvcService;
  /** Starts the OpenFlow listener and the REST server; resolves with their bound addresses. */
  start(): Promise<{ readonly openflow: AddressInfo; readonly api: AddressInfo }>;
  /** Stops accepting, closes switch sessions (flows stay on the switches) and the REST server. */
  stop(): Promise<void>;
}

const LOGGED_TOPOLOGY_EVENTS = [
  'topology.loaded', 'link.created', 'link.up', 'link.down', 'link.enabled', 'link.disabled', 'link.deleted',
  'switch.enabled', 'switch.disabled', 'switch.deleted', 'interface.enabled', 'interface.disabled', 'interface.deleted',
] as const;

const LOGGED_EVC_EVENTS = ['mef_eline.deploy_failed', 'mef_eline.error_redeploy_link_down', 'mef_eline.redeployed_link_down', 'mef_eline.redeployed_link_up'] as const;

const GRAPH_EVENTS = [
  'switch.connected', 'switch.disconnected', 'switch.enabled', 'switch.disabled', 'switch.deleted',
  'interface.up', 'interface.down', 'interface.enabled', 'interface.disabled', 'interface.deleted',
  'link.created', 'link.up', 'link.down', 'link.enabled', 'link.disabled', 'link.deleted',
  'metadata.added', 'metadata.removed',
] as const;

/** Builds a controller from its settings and I/O dependencies; nothing runs until start(). */
export function buildController(deps: ControllerDeps): Controller {
  const { settings, log, clock } = deps;
  const bus = new EventBus(log);
  const onCorruptRow = (r: object): void => log.warn(r, 'corrupt row skipped');
  bus.on('switch.connected', (e) => log.info({ dpid: e.dpid, address: e.address, ports: e.info.ports.length }, 'switch connected'));
  bus.on('switch.disconnected', (e) => log.info({ dpid: e.dpid, reason: e.reason }, 'switch disconnected'));
  for (const type of LOGGED_TOPOLOGY_EVENTS) bus.on(type, (e) => log.info({ event: e }, type));

  const directory = new SwitchDirectory(new SwitchRepo(deps.db, { onCorruptRow }), () => clock.now(), log.child({ module: 'topology' }));
  const topology = new TopologyService({
    store: new TopologyRepo(deps.db, { onCorruptRow }),
    directory,
    emit: (e: ControllerEvent) => bus.emit(e),
    settings: { enableByDefault: settings.enableEntitiesByDefault, linkUpHoldMs: settings.linkUpHoldMs },
    log: log.child({ module: 'topology' }),
    lldpVlan: settings.lldpVlan,
  });

  // Link-up holds end on a timer armed for the topology's next deadline.
  const holds = new DeadlineTimer(topology, clock);
  const rearm = (): void => holds.rearm();
  // The directory learns first; the topology reads it.
  for (const type of ['switch.connected', 'switch.disconnected', 'port.added', 'port.modified', 'port.deleted'] as const) {
    bus.on(type, (e) => {
      directory.apply(e);
      topology.apply(e, clock.now());
      rearm();
    });
  }

  // The graph follows the topology; registered after the handlers above, so it sees their result.
  const graph = new TopologyGraph(topology);
  for (const type of GRAPH_EVENTS) bus.on(type, (e) => graph.apply(e));
  // Events only mark the path graph stale; the next query rebuilds it. Subscribed before any path
  // user, so a handler that looks for a path on a topology event sees that event's result.
  const paths = new PathService(topology);
  for (const type of PATH_GRAPH_EVENTS) bus.on(type, () => paths.invalidate());

  const switches = new SwitchManager(
    bus,
    {
      clock,
      log: log.child({ module: 'openflow' }),
      echoIntervalMs: settings.echoIntervalMs,
      echoTimeoutMs: settings.echoTimeoutMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      handshakeTimeoutMs: settings.handshakeTimeoutMs,
      writeHighWaterBytes: settings.writeHighWaterBytes,
    },
    log.child({ module: 'openflow' }),
  );
  const installer = new FlowInstaller(switches, { clock, flowModRate: settings.flowModRate });
  const flowStore = new FlowRepo(deps.db, { onCorruptRow, now: () => clock.now() });
  const flows = new FlowService({ store: flowStore, installer, clock, emit: (e) => bus.emit(e), log: log.child({ module: 'flows' }) });
  const reconciler = new Reconciler({
    sessions: switches,
    installer,
    desired: (dpid) => flowStore.forSwitch(dpid),
    owns: cookieOwnership(Object.values(OWNER), settings.reconcileIgnoreCookies),
    clock,
    log: log.child({ module: 'flows' }),
    intervalMs: settings.reconcileIntervalMs,
    onConfirmed: (keys) => flows.confirm(keys),
    onReport: (r) => {
      if (r.added + r.modified + r.removed > 0) bus.emit({ type: 'flows.reconciled', dpid: r.dpid, added: r.added, modified: r.modified, removed: r.removed });
    },
  });
  bus.on('flow.error', (e) => log.warn({ event: e }, 'a switch refused a flow'));
  const enabledSwitches = (): string[] => topology.switchViews().flatMap((v) => (v.config.enabled ? [v.config.dpid] : []));
  const multiTable = new MultiTableService({
    store: new PipelineRepo(deps.db, { onCorruptRow }),
    flows,
    enabledSwitches,
    clock,
    newId: () => randomUUID().replace(/-/g, ''),
    log: log.child({ module: 'multi_table' }),
  });
  // An enabled switch that connects, or a connected one that is enabled, gets the active pipeline's table-miss flows.
  for (const type of ['switch.connected', 'switch.enabled'] as const) {
    bus.on(type, (e) => {
      if (topology.switchView(e.dpid)?.config.enabled === true) void multiTable.switchReady(e.dpid);
    });
  }
  const flowManager = new FlowManagerService({
    flows,
    switches: { isEnabled: (dpid) => topology.switchView(dpid)?.config.enabled, known: () => topology.switchViews().map((v) => v.config.dpid) },
    sessions: switches,
    log: log.child({ module: 'flow_manager' }),
  });
  const secret = new SecretRepo(deps.db).getOrCreate('lldp', () => randomBytes(32));
  const lldp = new LldpService({
    bus,
    topology,
    switches,
    flows: {
      prepare: async (dpid) => {
        await reconciler.reconcile(dpid);
      },
      ensure: (owner, list) => flows.ensure(owner, list),
    },
    clock,
    log: log.child({ module: 'lldp' }),
    settings: {
      intervalMs: settings.lldpIntervalMs,
      vlan: settings.lldpVlan,
      loopAction: settings.lldpLoopAction,
      deadMultiplier: settings.livenessDeadMultiplier,
      minHellos: settings.livenessMinHellos,
    },
    secret,
    onTopologyChanged: rearm,
    pipeline: () => multiTable.activePipeline(),
  });
  const evcs = new EvcService({
    store: new EvcRepo(deps.db, { onCorruptRow, now: () => clock.now() }),
    flows,
    ownedFlowRows: () => flowStore.list({ owner: 'mef_eline' }),
    topology,
    paths,
    tables: () => {
      const p = multiTable.activePipeline();
      return { evpl: tableOf(p, 'mef_eline', 'evpl'), epl: tableOf(p, 'mef_eline', 'epl') };
    },
    clock,
    emit: (e) => bus.emit(e),
    log: log.child({ module: 'mef_eline' }),
    newId: () => randomBytes(7).toString('hex'),
    lldpVlan: settings.lldpVlan,
    schedule: { missedRun: settings.scheduleMissedRun, graceMs: settings.scheduleGraceMs },
  });
  topology.setTagUsage(evcs.tagUsage());
  for (const type of CIRCUIT_EVENTS) bus.on(type, (e) => evcs.onEvent(e));
  for (const type of LOGGED_EVC_EVENTS) bus.on(type, (e) => log.info({ event: e }, type));
  const app = buildApp({ log: log.child({ module: 'rest' }), topology, lldp, now: () => clock.now(), flowManager, multiTable, pathfinder: paths, evcs });
  const server = http.createServer(app);

  return {
    bus,
    switches,
    directory,
    topology,
    lldp,
    graph,
    paths,
    flows,
    reconciler,
    installer,
    multiTable,
    flowManager,
    evcs,
    async start() {
      await evcs.load();
      lldp.start();
      reconciler.start();
      void multiTable.resume();
      const openflow = await switches.listen({ host: settings.ofHost, port: settings.ofPort, tls: deps.tls });
      const api = await new Promise<AddressInfo>((resolve, reject) => {
        server.once('error', reject);
        server.listen(settings.apiPort, settings.apiHost, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
      log.info({ host: api.address, port: api.port }, 'REST API started');
      return { openflow, api };
    },
    async stop() {
      evcs.stop();
      lldp.stop();
      reconciler.stop();
      holds.stop();
      await switches.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
