/**
 * Helpers for the lab tests (jest project `lab`): whether the lab can run here, building dist/,
 * running the built controller as a child process, and reading what OVS says about its ports.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { labPrerequisiteProblems, isRoot, type LabNetwork } from '../../src/lab';
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
