/**
 * Helpers for the lab tests (jest project `lab`): whether the lab can run here, building dist/,
 * running the built controller as a child process or in this process, and reading what OVS says
 * about its ports and flows.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import type { Database } from 'better-sqlite3';
import { buildController, type Controller } from '../../src/app';
import { loadSettings, type Settings } from '../../src/config';
import { systemClock } from '../../src/core/clock';
import type { ControllerEvent, ControllerEventType } from '../../src/core/events';
import { ownedCookie, type FlowSpec } from '../../src/flows/flowspec';
import type { ReconcileReport } from '../../src/flows/reconciler';
import { labPrerequisiteProblems, isRoot, type Lab, type LabNetwork } from '../../src/lab';
import { MIGRATIONS_DIR, openDatabase } from '../../src/store';
import { pollUntil } from './poll';

export const ROOT = join(__dirname, '..', '..');

/**
 * `run`: go. `skip`: not root outside CI, the only case a lab test may skip. `fail`: anything
 * else that is missing, and everything missing under CI=true (CI runs as root with the packages
 * installed by `npm test`'s ensure-deps, so a missing tool there is a broken pipeline).
 */
export type LabGate = { readonly kind: 'run' } | { readonly kind: 'skip' | 'fail'; readonly reason: string };

/** Decides whether the lab tests run, skip or fail on this machine. Impure. */
export function labGate(): LabGate {
  const ci = process.env.CI === 'true';
  if (!isRoot() && !ci) return { kind: 'skip', reason: 'the lab tests need root (they create namespaces and OVS bridges)' };
  const problems = labPrerequisiteProblems();
  return problems.length === 0 ? { kind: 'run' } : { kind: 'fail', reason: problems.join('; ') };
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). Impure. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The controller entry the lab tests run: dist/main.js, or ISTHMUS_LAB_CONTROLLER_JS to try the
 * lab test against another build (a development stand-in, an older release). Impure (reads env).
 */
export function controllerEntry(): { readonly script: string; readonly needsBuild: boolean } {
  const other = process.env.ISTHMUS_LAB_CONTROLLER_JS;
  return other ? { script: other, needsBuild: false } : { script: join(ROOT, 'dist', 'main.js'), needsBuild: true };
}

/** Compiles src/ into dist/ (tsc -p tsconfig.build.json, incremental). Rejects with tsc's output. Impure. */
export function buildDist(): Promise<void> {
  const tsc = require.resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, timeout: 180_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`build failed:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

/** The controller as a child process, with its output kept for failure messages. */
export interface ControllerProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr interleaved). */
  output(): string;
  /** Exit code (or signal name) once it has exited, else undefined. */
  exitStatus(): number | string | undefined;
  /** SIGTERM, then resolves with the exit status, or rejects after `timeoutMs` (and SIGKILLs it). */
  terminate(timeoutMs: number): Promise<number | string>;
}

/**
 * Starts `node <controller entry> --of-host 127.0.0.1 …` on the given ports; `extraArgs` are more
 * setting flags (`['--link-up-hold', '2']`). Impure.
 */
export function spawnController(opts: {
  ofPort: number;
  apiPort: number;
  dataDir: string;
  logLevel?: string;
  extraArgs?: readonly string[];
}): ControllerProcess {
  const args = [
    controllerEntry().script,
    ...['--of-host', '127.0.0.1', '--of-port', String(opts.ofPort)],
    ...['--api-host', '127.0.0.1', '--api-port', String(opts.apiPort)],
    ...['--data-dir', opts.dataDir, '--log-level', opts.logLevel ?? 'warn'],
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const status = (): number | string | undefined => child.exitCode ?? child.signalCode ?? undefined;
  return {
    child,
    output: () => out,
    exitStatus: status,
    async terminate(timeoutMs) {
      if (status() === undefined) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`controller did not exit within ${timeoutMs} ms of SIGTERM; output:\n${out}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** GET `url` and parse JSON; undefined while the server is not answering yet. Impure. */
export async function getJson(url: string): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const res = await fetch(url);
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    return undefined;
  }
}

/** A port as `ovs-ofctl -O OpenFlow13 show` lists it. */
export interface OvsPort {
  readonly portNumber: number;
  readonly name: string;
  readonly mac: string;
}

/** OFPP_LOCAL, shown as `LOCAL` by ovs-ofctl. */
export const OFPP_LOCAL = 0xfffffffe;

/** Parses the port lines (` 1(s1-eth1): addr:…`, ` LOCAL(s1): addr:…`) of `ovs-ofctl show`. Pure. */
export function parseOfctlShowPorts(text: string): OvsPort[] {
  const ports: OvsPort[] = [];
  for (const m of text.matchAll(/^ (\d+|LOCAL)\(([^)]+)\): addr:([0-9a-f:]{17})$/gm)) {
    const [, no, name, mac] = m as unknown as [string, string, string, string];
    ports.push({ portNumber: no === 'LOCAL' ? OFPP_LOCAL : Number(no), name, mac });
  }
  return ports;
}

// ------------------------------------------------------------------ the REST API of a lab controller

/** Sends `method url` with an optional JSON body; rejects when nothing answers. Impure. */
export async function requestJson(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Not JSON: keep the text, for the failure message.
  }
  return { status: res.status, body: parsed };
}

/** Throws (with its output) when the controller has exited. Impure. */
export function assertAlive(ctl: ControllerProcess): void {
  const status = ctl.exitStatus();
  if (status !== undefined) throw new Error(`controller exited (${status}); output:\n${ctl.output()}`);
}

/** Polls GET /api/kytos/core/status/ until it answers 2xx; fails at once if the controller exits. Impure. */
export async function waitForApi(ctl: ControllerProcess, api: string, timeoutMs = 15_000): Promise<void> {
  const answering = async (): Promise<boolean> => {
    assertAlive(ctl);
    // Any 2xx: Kytos answers its status with 201, and the contract only promises that it answers.
    const status = (await getJson(`${api}/api/kytos/core/status/`))?.status ?? 0;
    return status >= 200 && status < 300;
  };
  await pollUntil(answering, { timeoutMs, intervalMs: 50, what: 'the controller REST API' }).catch((e: Error) => {
    throw new Error(`${e.message}; controller output:\n${ctl.output()}`);
  });
}

/** An interface as a link's endpoint carries it (the whole Interface object; the tests read the id). */
export interface ApiEndpoint {
  readonly id: string;
}

/** A link of GET /api/kytos/topology/v3/links (kytos-api.md §3.2). */
export interface ApiLink {
  readonly id: string;
  readonly endpoint_a: ApiEndpoint;
  readonly endpoint_b: ApiEndpoint;
  readonly active: boolean;
  readonly enabled: boolean;
  readonly status: 'UP' | 'DOWN' | 'DISABLED';
  readonly status_reason: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** GET /links; undefined while the API does not answer 200. Impure. */
export async function getLinks(api: string): Promise<Readonly<Record<string, ApiLink>> | undefined> {
  const res = await getJson(`${api}/api/kytos/topology/v3/links`);
  return res?.status === 200 ? (res.body as { links: Record<string, ApiLink> }).links : undefined;
}

/** Splits an interface id on its last ':' (kytos-api.md §0). Pure. */
function splitInterfaceId(id: string): { dpid: string; port: number } {
  const cut = id.lastIndexOf(':');
  return { dpid: id.slice(0, cut), port: Number(id.slice(cut + 1)) };
}

/** The two interface ids in Kytos's link order: by datapath id, then by port number (9 before 10). Pure. */
export function kytosOrder(a: string, b: string): [string, string] {
  const [x, y] = [splitInterfaceId(a), splitInterfaceId(b)];
  const aFirst = x.dpid < y.dpid || (x.dpid === y.dpid && x.port <= y.port);
  return aFirst ? [a, b] : [b, a];
}

/** `<endpoint a id>|<endpoint b id>` of a link, in Kytos's order: one key per unordered pair. Pure. */
export function endpointKey(a: string, b: string): string {
  return kytosOrder(a, b).join('|');
}

/**
 * Kytos's link id, written from kytos-api.md §0 (independently of src/topology/links.ts):
 * sha256 of the two interface ids in Kytos's order joined with ':', as 64 hex digits. Pure.
 */
export function kytosLinkId(a: string, b: string): string {
  return createHash('sha256').update(kytosOrder(a, b).join(':')).digest('hex');
}

/**
 * The switch–switch links the lab built, as endpoint keys, sorted; self-loops (both ends on one
 * switch) are left out, parallel links are separate keys. Pure.
 */
export function labSwitchLinks(network: LabNetwork, dpids: ReadonlyMap<string, string>): string[] {
  return network.links
    .flatMap((l) => {
      const [da, db] = [dpids.get(l.a), dpids.get(l.b)];
      return da === undefined || db === undefined || l.a === l.b ? [] : [endpointKey(`${da}:${l.a_port}`, `${db}:${l.b_port}`)];
    })
    .sort();
}

/** The endpoint keys of the links the API lists, sorted. Pure. */
export function apiLinkKeys(links: Readonly<Record<string, ApiLink>>): string[] {
  return Object.values(links)
    .map((l) => endpointKey(l.endpoint_a.id, l.endpoint_b.id))
    .sort();
}

/**
 * Polls GET /links until it lists exactly the `expected` endpoint keys, every link UP; resolves
 * with the links. The timeout message says what was last seen. Impure.
 */
export async function waitForLinksUp(
  ctl: ControllerProcess,
  api: string,
  expected: readonly string[],
  opts: { timeoutMs?: number; what?: string } = {},
): Promise<Readonly<Record<string, ApiLink>>> {
  let last = 'nothing yet';
  const done = async (): Promise<Readonly<Record<string, ApiLink>> | undefined> => {
    assertAlive(ctl);
    const links = await getLinks(api);
    if (links === undefined) return undefined;
    const keys = apiLinkKeys(links);
    const missing = expected.filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !expected.includes(k));
    const notUp = Object.values(links).filter((l) => l.status !== 'UP');
    last = `missing [${missing.join(', ')}], extra [${extra.join(', ')}], not UP [${notUp.map((l) => `${endpointKey(l.endpoint_a.id, l.endpoint_b.id)} ${l.status} ${l.status_reason.join(',')}`).join('; ')}]`;
    return missing.length === 0 && extra.length === 0 && notUp.length === 0 && keys.length === expected.length ? links : undefined;
  };
  return pollUntil(done, { timeoutMs: opts.timeoutMs ?? 15_000, intervalMs: 50, what: opts.what ?? `${expected.length} links UP` }).catch((e: Error) => {
    throw new Error(`${e.message}; last seen: ${last}`);
  });
}

// ---------------------------------------------------------------------------- flows on a switch

/** A flow as `ovs-ofctl -O OpenFlow13 dump-flows` prints it: its fields (cookie, priority, matches) and actions. */
export interface OfctlFlow {
  readonly fields: Readonly<Record<string, string>>;
  readonly actions: string;
}

/**
 * Parses `dump-flows` lines (` cookie=0x1, duration=1s, table=0, …, priority=5,dl_vlan=1 actions=…`).
 * A field without a value (`ip`, `send_flow_rem`) maps to ''. Pure.
 */
export function parseDumpFlows(text: string): OfctlFlow[] {
  return text
    .split('\n')
    .filter((line) => line.includes(' actions='))
    .map((line) => {
      const at = line.indexOf(' actions=');
      const fields: Record<string, string> = {};
      for (const token of line.slice(0, at).trim().split(/,\s*/)) {
        const eq = token.indexOf('=');
        if (eq < 0) fields[token] = '';
        else fields[token.slice(0, eq)] = token.slice(eq + 1);
      }
      return { fields, actions: line.slice(at + ' actions='.length).trim() };
    });
}

/** Parses a `duration=1.234s` field of dump-flows into seconds; NaN when absent. Pure. */
export function flowDurationS(f: OfctlFlow): number {
  const d = f.fields.duration;
  return d === undefined ? NaN : Number(d.replace(/s$/, ''));
}

/** `ovs-ofctl -O OpenFlow13 --no-names dump-flows <switch>` (port numbers, not names), parsed. Impure. */
export async function dumpFlows(lab: Lab, sw: string): Promise<OfctlFlow[]> {
  return parseDumpFlows(await lab.ovsOfctl(['-O', 'OpenFlow13', '--no-names', 'dump-flows', sw]));
}

// ------------------------------------------------------------ an in-process controller for a lab

/** One reconcile of one switch, as the wrapped Reconciler.reconcile saw it. */
export interface ReconcileRecord {
  readonly dpid: string;
  /** Date.now() when reconcile() was called and when it resolved. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** undefined: the switch was not connected, or already being reconciled, or reading its flows failed. */
  readonly report: ReconcileReport | undefined;
}

/** The controller (src/app.ts) running in the test process, with its database, events and reconciles. */
export interface LabController {
  readonly controller: Controller;
  readonly db: Database;
  readonly ofPort: number;
  /** Every event of the types asked for at start, in order. */
  readonly events: ControllerEvent[];
  /** Every reconcile, on connect and on the interval, in the order they ended. */
  readonly reconciles: ReconcileRecord[];
  /** Stops the controller (flows stay on the switches) and closes the database; idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds and starts the real composition root in this process: SQLite in `<dataDir>/isthmus.db`
 * (kept across a restart on the same dir), OpenFlow on 127.0.0.1:`ofPort` (0: any free port), the
 * REST API on a free port, a silent logger (LAB_TEST_LOG_LEVEL to see it), the default settings
 * with `settings` on top. Reconciler.reconcile is wrapped on the instance, so every reconcile is
 * recorded, the interval's and the on-connect one alike (the Reconciler reports to no bus). Impure.
 */
export async function startLabController(opts: {
  readonly dataDir: string;
  readonly ofPort?: number;
  readonly settings?: Partial<Settings>;
  readonly events?: readonly ControllerEventType[];
}): Promise<LabController> {
  const loaded = loadSettings({
    argv: [],
    env: {},
    readFile: () => {
      throw new Error('lab test controllers read no config file');
    },
  });
  if (loaded.kind !== 'run') throw new Error(`loadSettings returned ${loaded.kind}`);
  const settings: Settings = {
    ...loaded.settings,
    ...{ ofHost: '127.0.0.1', ofPort: opts.ofPort ?? 0, apiHost: '127.0.0.1', apiPort: 0, dataDir: opts.dataDir },
    ...opts.settings,
  };
  const log = pino({ level: process.env.LAB_TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const db = openDatabase(join(opts.dataDir, 'isthmus.db'), { migrationsDir: MIGRATIONS_DIR });
  const controller = buildController({ settings, log, clock: systemClock, db });
  const events: ControllerEvent[] = [];
  for (const type of opts.events ?? []) controller.bus.on(type, (e) => events.push(e));
  const reconciles: ReconcileRecord[] = [];
  const reconciler = controller.reconciler;
  const reconcile = reconciler.reconcile.bind(reconciler);
  reconciler.reconcile = async (dpid) => {
    const startedAt = Date.now();
    const report = await reconcile(dpid);
    reconciles.push({ dpid, startedAt, endedAt: Date.now(), report });
    return report;
  };
  const openflow = await controller.start().then(
    (a) => a.openflow,
    async (e: unknown) => {
      await controller.stop().catch(() => undefined);
      db.close();
      throw e;
    },
  );
  let stopped: Promise<void> | undefined;
  return {
    controller,
    db,
    ofPort: openflow.port,
    events,
    reconciles,
    stop: () =>
      (stopped ??= controller.stop().finally(() => {
        db.close();
      })),
  };
}

// ------------------------------------------------------------ flows of the flows lab tests

/**
 * The n-th (0 ≤ n < 4094) of a set of circuit-like flows for one switch, as a service would write
 * them (not in canonical form on purpose: the controller must canonicalise them the way OVS reports
 * them). Five shapes by n % 5, each matching VLAN n + 1, so every flow has a key of its own; cookie
 * ownedCookie('mef_eline', n + 1). Pure.
 *
 *  0: priority 20000, in_port=1,vlan_vid → set_field vlan_vid=n+2001 (without OFPVID_PRESENT), output:2
 *  1: priority 20000, in_port=2,vlan_vid → push_vlan 0x88a8, set_field vlan_vid=n+1, output:1
 *  2: priority 15000, in_port=1,vlan_vid,eth_type=ip,ipv4_dst=10.a.b.77/24 (host bits set) → pop_vlan, output:2
 *  3: priority 12000, vlan_vid then in_port=2 (reversed), eth_src masked → write_actions(output:1, set_field
 *     vlan_vid=n+1) (not in action-set order), write_metadata 0xab/0xff, goto_table:1
 *  4: priority 10000, in_port=1,vlan_vid → output:CONTROLLER max_len 65535
 */
export function circuitFlow(dpid: string, n: number): FlowSpec {
  const vid = n + 1;
  const match = { field: 'vlan_vid', value: 0x1000 | vid } as const;
  const base = { dpid, table: 0, cookie: ownedCookie('mef_eline', BigInt(vid)), idleTimeout: 0, hardTimeout: 0, flags: 0 };
  const output = (port: number, maxLen = 0): { type: 'output'; port: number; maxLen: number } => ({ type: 'output', port, maxLen });
  switch (n % 5) {
    case 0:
      return {
        ...base,
        priority: 20000,
        match: [{ field: 'in_port', value: 1 }, match],
        instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'vlan_vid', value: vid + 2000 } }, output(2)] }],
      };
    case 1:
      return {
        ...base,
        priority: 20000,
        match: [{ field: 'in_port', value: 2 }, match],
        instructions: [{ type: 'apply_actions', actions: [{ type: 'push_vlan', ethertype: 0x88a8 }, { type: 'set_field', field: { field: 'vlan_vid', value: vid } }, output(1)] }],
      };
    case 2:
      return {
        ...base,
        priority: 15000,
        match: [{ field: 'in_port', value: 1 }, match, { field: 'eth_type', value: 0x0800 }, { field: 'ipv4_dst', value: `10.${n >> 8}.${n & 0xff}.77`, mask: '255.255.255.0' }],
        instructions: [{ type: 'apply_actions', actions: [{ type: 'pop_vlan' }, output(2)] }],
      };
    case 3:
      return {
        ...base,
        priority: 12000,
        match: [match, { field: 'in_port', value: 2 }, { field: 'eth_src', value: '0e:00:00:00:12:34', mask: 'ff:ff:ff:00:00:00' }],
        instructions: [
          { type: 'goto_table', tableId: 1 },
          { type: 'write_actions', actions: [output(1), { type: 'set_field', field: { field: 'vlan_vid', value: vid } }] },
          { type: 'write_metadata', metadata: 0xabn, metadataMask: 0xffn },
        ],
      };
    default:
      return { ...base, priority: 10000, match: [{ field: 'in_port', value: 1 }, match], instructions: [{ type: 'apply_actions', actions: [output(0xfffffffd, 0xffff)] }] };
  }
}
