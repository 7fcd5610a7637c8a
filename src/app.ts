/**
 * Composition root: wires the OpenFlow listener, the event bus, the topology directory, the store
 * and the REST API. No module below this one knows how the others are built.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Database } from 'better-sqlite3';
import type { Clock } from './ofp';
import { EventBus } from './core/events';
import { SwitchManager, type TlsMaterial } from './core/switch-manager';
import { SwitchDirectory } from './topology/switch-directory';
import { SwitchRepo } from './store';
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
  /** Starts the OpenFlow listener and the REST server; resolves with their bound addresses. */
  start(): Promise<{ readonly openflow: AddressInfo; readonly api: AddressInfo }>;
  /** Stops accepting, closes switch sessions (flows stay on the switches) and the REST server. */
  stop(): Promise<void>;
}

/** Builds a controller from its settings and I/O dependencies; nothing runs until start(). */
export function buildController(deps: ControllerDeps): Controller {
  const { settings, log, clock } = deps;
  const bus = new EventBus(log);
  const repo = new SwitchRepo(deps.db, { onCorruptRow: (r) => log.warn(r, 'corrupt switch row skipped') });
  const directory = new SwitchDirectory(repo, () => clock.now(), log.child({ module: 'topology' }));
  for (const type of ['switch.connected', 'switch.disconnected', 'port.added', 'port.modified', 'port.deleted'] as const) {
    bus.on(type, (e) => directory.apply(e));
  }
  bus.on('switch.connected', (e) => log.info({ dpid: e.dpid, address: e.address, ports: e.info.ports.length }, 'switch connected'));
  bus.on('switch.disconnected', (e) => log.info({ dpid: e.dpid, reason: e.reason }, 'switch disconnected'));
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
  const app = buildApp({ log: log.child({ module: 'rest' }), directory });
  const server = http.createServer(app);

  return {
    bus,
    switches,
    directory,
    async start() {
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
      await switches.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
