/**
 * An in-process controller for integration tests: the real composition root (buildController) on
 * 127.0.0.1 with free ports, SQLite `:memory:` with the real migrations, short keepalive timers and
 * a silent (or capturing) logger. It records every controller event for assertions.
 */
import pino from 'pino';
import type { Database } from 'better-sqlite3';
import { buildController, type Controller } from '../../src/app';
import { loadSettings, type Settings } from '../../src/config';
import { systemClock } from '../../src/core/clock';
import type { ControllerEvent, ControllerEventType, EventOf } from '../../src/core/events';
import type { TlsMaterial } from '../../src/core/switch-manager';
import { MIGRATIONS_DIR, openDatabase } from '../../src/store';
import type { Dpid } from '../../src/ofp';
import { FakeSwitch, type FakeSwitchOptions } from './fake-switch';

const EVENT_TYPES: readonly ControllerEventType[] = [
  'switch.connected',
  'switch.disconnected',
  'port.added',
  'port.modified',
  'port.deleted',
  'packet.in',
  'flow.removed',
  'switch.error',
];

/** Keepalive and request timers short enough for tests, long enough for a loaded CI machine. */
export const TEST_TIMERS = {
  echoIntervalMs: 200,
  echoTimeoutMs: 300,
  requestTimeoutMs: 500,
  handshakeTimeoutMs: 2000,
} as const;

export interface StartOptions {
  /** Settings to override on top of the defaults and TEST_TIMERS. */
  readonly settings?: Partial<Settings>;
  readonly tls?: TlsMaterial;
  /** Keep log records (level debug) in `logs` instead of discarding them. */
  readonly captureLogs?: boolean;
}

export interface WaitEventOptions<T extends ControllerEventType> {
  readonly pred?: (e: EventOf<T>) => boolean;
  /** Only events at this index of `events` or later count (take `events.length` before acting). */
  readonly since?: number;
  readonly timeoutMs?: number;
}

/** One parsed pino record. */
export type LogRecord = Readonly<Record<string, unknown>> & { readonly level: number; readonly msg?: string };

export interface TestController {
  readonly controller: Controller;
  readonly ofPort: number;
  readonly apiPort: number;
  readonly db: Database;
  /** Every controller event so far, in order. */
  readonly events: ControllerEvent[];
  /** Log records, when started with captureLogs. */
  readonly logs: LogRecord[];
  /**
   * Resolves with the first event of `type` that satisfies `pred`, among the events from index
   * `since` on (default 0: already seen or still to come); rejects after `timeoutMs` (default 3000).
   */
  waitForEvent<T extends ControllerEventType>(type: T, opts?: WaitEventOptions<T>): Promise<EventOf<T>>;
  /** Events of one type so far, optionally for one datapath. */
  eventsOf<T extends ControllerEventType>(type: T, dpid?: Dpid): EventOf<T>[];
  /** GET on the REST API; resolves with the status and the parsed JSON body. */
  get(path: string): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/** Settings for a test controller: defaults, loopback, free ports, TEST_TIMERS, then `over`. */
export function testSettings(over: Partial<Settings> = {}): Settings {
  const loaded = loadSettings({
    argv: [],
    env: {},
    readFile: () => {
      throw new Error('test controllers read no config file');
    },
  });
  if (loaded.kind !== 'run') throw new Error(`loadSettings returned ${loaded.kind}`);
  return { ...loaded.settings, ofHost: '127.0.0.1', ofPort: 0, apiHost: '127.0.0.1', apiPort: 0, ...TEST_TIMERS, ...over };
}

/** Starts a controller on free loopback ports; the caller must call stop(). */
export async function startController(opts: StartOptions = {}): Promise<TestController> {
  const logs: LogRecord[] = [];
  // pino writes each record synchronously to any object with a write(string) method.
  const sink = {
    write(line: string): void {
      logs.push(JSON.parse(line) as LogRecord);
    },
  };
  const log = opts.captureLogs === true ? pino({ level: 'debug' }, sink) : pino({ level: 'silent' });
  const settings = testSettings(opts.settings);
  const db = openDatabase(':memory:', { migrationsDir: MIGRATIONS_DIR });
  const controller = buildController({ settings, log, clock: systemClock, db, ...(opts.tls ? { tls: opts.tls } : {}) });

  const events: ControllerEvent[] = [];
  const waiters = new Set<(e: ControllerEvent) => void>();
  for (const type of EVENT_TYPES) {
    controller.bus.on(type, (e) => {
      events.push(e);
      for (const w of [...waiters]) w(e);
    });
  }

  const { openflow, api } = await controller.start();
  const base = `http://127.0.0.1:${api.port}`;
  let stopped = false;

  return {
    controller,
    ofPort: openflow.port,
    apiPort: api.port,
    db,
    events,
    logs,
    waitForEvent<T extends ControllerEventType>(type: T, opts: WaitEventOptions<T> = {}): Promise<EventOf<T>> {
      const { pred = () => true, since = 0, timeoutMs = 3000 } = opts;
      const match = (e: ControllerEvent): e is EventOf<T> => e.type === type && pred(e as EventOf<T>);
      const seen = events.slice(since).find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<EventOf<T>>((resolve, reject) => {
        const w = (e: ControllerEvent): void => {
          if (!match(e)) return;
          clearTimeout(timer);
          waiters.delete(w);
          resolve(e);
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no ${type} event within ${timeoutMs} ms (events so far: ${events.map((e) => e.type).join(', ') || 'none'})`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    eventsOf<T extends ControllerEventType>(type: T, dpid?: Dpid): EventOf<T>[] {
      return events.filter((e): e is EventOf<T> => e.type === type && (dpid === undefined || ("dpid" in e && e.dpid === dpid)));
    },
    async get(path: string) {
      const res = await fetch(base + path);
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await controller.stop();
      db.close();
    },
  };
}

/**
 * Connects a fake switch to a test controller and waits for the controller's `switch.connected`
 * event for that very connection.
 */
export async function connectSwitch(
  tc: TestController,
  opts: Omit<FakeSwitchOptions, 'port'> = {},
  timeoutMs = 3000,
): Promise<{ sw: FakeSwitch; connected: EventOf<'switch.connected'> }> {
  const since = tc.events.length;
  const sw = await FakeSwitch.connect({ port: tc.ofPort, ...opts });
  const connected = await tc.waitForEvent('switch.connected', { pred: (e) => e.address === sw.localAddress, since, timeoutMs });
  return { sw, connected };
}

/** Waits for a fake switch to reconnect (sw.connect()) and for the controller's new `switch.connected`. */
export async function reconnectSwitch(tc: TestController, sw: FakeSwitch, timeoutMs = 3000): Promise<EventOf<'switch.connected'>> {
  const since = tc.events.length;
  await sw.connect();
  return tc.waitForEvent('switch.connected', { pred: (e) => e.address === sw.localAddress, since, timeoutMs });
}
