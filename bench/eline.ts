/**
 * `npm run bench:eline`: E-Line circuits through the REST API against real Open vSwitch. A ring,6
 * lab (src/lab: its own namespace, Open vSwitch and Mininet) runs in this process; the controller
 * runs in a child process (bench/eline-controller.ts: the real composition root, default
 * settings, node --expose-gc), so its memory is its own; HTTP clients run here.
 *
 * Each run, with a fresh lab and controller once every ring link is UP:
 * (i)   1,000 circuits created by one client, one request at a time; then 1,000 more by 16
 *       concurrent clients; then 16 clients up to 10,000 less the spot check; then the spot
 *       check: --spot (20) circuits one at a time, each followed at once by an ovs-ofctl dump of
 *       its switches filtered by its cookie. Circuits are EVPLs with VIDs of their own
 *       (bench/eline-circuits.ts), `dynamic_backup_path: true`; hairpins and 1–3 hop paths.
 *       circuits/s is the phase's circuits over its wall time; latency is per request. A circuit
 *       counts when its 201 says `deployed: true`: the service answers after the barrier-confirmed
 *       install. Targets: ≥ 200 circuits/s, p99 < 100 ms.
 * (ii)  GET /api/kytos/mef_eline/v2/evc/ with the 10,000: median of --gets (7) requests, target
 *       < 200 ms, and the size of its body.
 * (iii) The controller's rss and heapUsed (after a full gc) before the first circuit and with
 *       the 10,000.
 * (iv)  ovs-ofctl dump-flows of every switch: each circuit's cookie (0xaa << 56 | id) on each
 *       switch of its path.
 *
 * Needs root and the lab packages (`node scripts/ensure-deps.js lab`). Prints a Markdown table and
 * writes it to .bench/eline.md. Times are process.hrtime (CLOCK_MONOTONIC). --cpu-prof writes
 * the controller's CPU profile of each run under .bench/eline-prof/.
 *
 *   node .bench/build/bench/eline.js [--runs=3] [--circuits=10000] [--phase=1000] [--clients=16]
 *                                    [--spot=20] [--gets=7] [--cpu-prof] [--latencies=PREFIX] [--verbose]
 *
 * --latencies=PREFIX writes every create request's phase, send time and latency to PREFIX.runN.csv.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { type Lab, isRoot, labPrerequisiteProblems, startLab } from '../src/lab';
import { findRoot, freePort, linkMininetDir } from './common';
import { benchCircuits, createBody, planLoad, type CircuitSpec } from './eline-circuits';
import type { FromController, ToController } from './eline-controller';
import { Api, EVC_PATH, createAll } from './eline-http';
import { median, quantile, report, type Memory, type PhaseResult, type RunResult } from './eline-report';
import { cookieText, switchesOfCircuits, verifyCircuits, type EvcDocumentPart } from './eline-verify';

const TOPOLOGY = 'ring,6';
const SWITCHES = 6;
const LLDP_VLAN = 3799;

interface Options {
  readonly runs: number;
  readonly circuits: number;
  readonly phase: number;
  readonly clients: number;
  readonly spot: number;
  readonly gets: number;
  readonly cpuProf: boolean;
  /** Where to write each request's start and latency (CSV), or undefined. */
  readonly latencies: string | undefined;
  readonly verbose: boolean;
}

/** Polls `cond` (which may be async) every 50 ms until it holds or `timeoutMs` passes. */
async function pollUntil(cond: () => Promise<boolean> | boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The controller child: its REST port, memory on request, stop. */
class ControllerChild {
  private readonly waiters: ((m: FromController) => void)[] = [];
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: FromController) => this.waiters.shift()?.(m));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async spawn(ofPort: number, dataDir: string, opts: Options, profDir: string): Promise<{ child: ControllerChild; api: number }> {
    const nodeArgs = ['--expose-gc', ...(opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])];
    const args = [join(__dirname, 'eline-controller.js'), `--of-port=${ofPort}`, `--data-dir=${dataDir}`, ...(opts.verbose ? ['--verbose'] : [])];
    const proc = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const child = new ControllerChild(proc);
    const ready = await Promise.race([
      child.next(),
      child.exited.then(() => {
        throw new Error('the controller exited before it was ready');
      }),
    ]);
    if (ready.type !== 'ready') throw new Error(`unexpected first message from the controller: ${ready.type}`);
    return { child, api: ready.api };
  }

  private next(): Promise<FromController> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private send(m: ToController): void {
    this.child.send(m);
  }

  /** Memory (after a full gc when `gc`) and CPU time (user + system, ms) of the controller process. */
  async usage(gc: boolean): Promise<{ memory: Memory; gc: boolean; cpuMs: number }> {
    const reply = this.next();
    this.send({ type: 'usage', gc });
    const m = await reply;
    if (m.type !== 'usage') throw new Error(`unexpected reply from the controller: ${m.type}`);
    return { memory: { rss: m.memory.rss, heapUsed: m.memory.heapUsed }, gc: m.gc, cpuMs: (m.cpu.user + m.cpu.system) / 1000 };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Every switch–switch link of the lab UP in the controller's topology. */
async function linksUp(api: Api, expected: number): Promise<boolean> {
  const body = (await api.getJson('/api/kytos/topology/v3/links')) as { links: Record<string, { status: string }> };
  const links = Object.values(body.links);
  return links.length >= expected && links.every((l) => l.status === 'UP');
}

/** One create phase: `specs` by `clients` clients. */
async function phase(
  ctl: ControllerChild,
  api: Api,
  name: string,
  specs: readonly CircuitSpec[],
  clients: number,
  progress: (s: string) => void,
  csv?: string,
): Promise<PhaseResult> {
  const cpu0 = (await ctl.usage(false)).cpuMs;
  const batch = await createAll(api, specs.map((c) => createBody(c, 'bench')), clients, (done) => progress(`${name}: ${done} created`));
  if (csv !== undefined) appendFileSync(csv, batch.created.map((c, i) => `"${name}",${i},${c.atMs.toFixed(2)},${c.ms.toFixed(2)}\n`).join(''));
  const cpuMs = (await ctl.usage(false)).cpuMs - cpu0;
  const ms = batch.created.map((c) => c.ms);
  const result: PhaseResult = {
    cpuMsPerCircuit: cpuMs / specs.length,
    name,
    clients,
    circuits: specs.length,
    notDeployed: batch.created.filter((c) => !c.deployed).length,
    wallMs: batch.wallMs,
    p50Ms: quantile(ms, 0.5),
    p99Ms: quantile(ms, 0.99),
    maxMs: quantile(ms, 1),
  };
  progress(
    `${name}: ${((result.circuits * 1000) / result.wallMs).toFixed(0)} circuits/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ` +
      `controller CPU ${result.cpuMsPerCircuit.toFixed(2)} ms per circuit, load average ${loadavg()[0]?.toFixed(1)}`,
  );
  return result;
}

/** Creates `specs` one at a time; after each response, dumps its switches' flows with its cookie at once. */
async function spotCheck(api: Api, lab: Lab, specs: readonly CircuitSpec[]): Promise<RunResult['spot']> {
  const nameOf = new Map([...lab.dpids].map(([name, dpid]) => [dpid, name]));
  const missing: string[] = [];
  let checked = 0;
  for (const c of specs) {
    const r = await api.request('POST', EVC_PATH, createBody(c, 'spot'));
    if (r.status !== 201) throw new Error(`spot POST: ${r.status} ${r.body.toString()}`);
    const id = (JSON.parse(r.body.toString()) as { circuit_id: string }).circuit_id;
    const doc = (await api.getJson(`${EVC_PATH}${id}`)) as EvcDocumentPart;
    for (const dpid of switchesOfCircuits({ [id]: doc }).get(id) ?? []) {
      checked++;
      const dump = await lab.ovsOfctl(['-O', 'OpenFlow13', 'dump-flows', nameOf.get(dpid) ?? dpid, `cookie=${cookieText(id)}/-1`]);
      if (!dump.includes(`cookie=${cookieText(id)}`)) missing.push(`${id} on ${dpid}`);
    }
  }
  return { circuits: specs.length, checked, missing };
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
}

async function oneRun(run: number, opts: Options, specs: readonly CircuitSpec[], labLog: Logger, profDir: string, say: (s: string) => void): Promise<RunResult> {
  const ofPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'isthmus-bench-eline-'));
  let controller: ControllerChild | undefined;
  let lab: Lab | undefined;
  let api: Api | undefined;
  // Progress lines carry the seconds since the controller was spawned (its CPU profile's clock, near enough).
  const t0 = Date.now();
  const progress = (s: string): void => say(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${s}`);
  try {
    const spawned = await ControllerChild.spawn(ofPort, dataDir, opts, profDir);
    controller = spawned.child;
    api = new Api(spawned.api, opts.clients);
    const client = api;
    lab = await startLab({ topology: TOPOLOGY, controller: { host: '127.0.0.1', port: ofPort }, log: labLog });
    const ringLinks = lab.network.links.filter((l) => l.a.startsWith('s') && l.b.startsWith('s')).length;
    await pollUntil(() => linksUp(client, ringLinks), `${ringLinks} ring links UP`, 60_000);
    progress(`lab up, ${ringLinks} links UP`);
    const before = await controller.usage(true);
    const loadBefore = loadavg()[0] ?? NaN;

    const p = opts.phase;
    const csv = opts.latencies === undefined ? undefined : `${opts.latencies}.run${run}.csv`;
    if (csv !== undefined) writeFileSync(csv, 'phase,request,sent_ms,latency_ms\n');
    const phases: PhaseResult[] = [];
    phases.push(await phase(controller, api, '1 client', specs.slice(0, p), 1, progress, csv));
    phases.push(await phase(controller, api, `${opts.clients} clients`, specs.slice(p, 2 * p), opts.clients, progress, csv));
    const fillEnd = specs.length - opts.spot;
    const fillName = `${opts.clients} clients, ${(2 * p).toLocaleString('en-US')} → ${fillEnd.toLocaleString('en-US')}`;
    phases.push(await phase(controller, api, fillName, specs.slice(2 * p, fillEnd), opts.clients, progress, csv));
    const spot = await spotCheck(api, lab, specs.slice(fillEnd));

    const listMs: number[] = [];
    let listBytes = 0;
    let doc: Record<string, EvcDocumentPart> = {};
    for (let k = 0; k < opts.gets; k++) {
      const r = await api.request('GET', EVC_PATH);
      if (r.status !== 200) throw new Error(`GET ${EVC_PATH}: ${r.status}`);
      listMs.push(r.ms);
      listBytes = r.body.length;
      if (k === 0) doc = JSON.parse(r.body.toString()) as typeof doc;
    }
    progress(`GET ${EVC_PATH}: median ${median(listMs).toFixed(1)} ms, ${listBytes} bytes`);
    const after = await controller.usage(true);

    const dumps = new Map<string, string>();
    for (const [name, dpid] of lab.dpids) dumps.set(dpid, await lab.ovsOfctl(['-O', 'OpenFlow13', 'dump-flows', name]));
    const verify = verifyCircuits(doc, dumps);
    const hops = new Map<number, number>();
    for (const evc of Object.values(doc)) hops.set(evc.current_path.length, (hops.get(evc.current_path.length) ?? 0) + 1);
    return {
      phases,
      listMs,
      listBytes,
      listCircuits: Object.keys(doc).length,
      memoryBefore: before.memory,
      memoryAfter: after.memory,
      gcExposed: after.gc,
      load: [loadBefore, loadavg()[0] ?? NaN],
      dbBytes: dirBytes(dataDir),
      hops,
      active: Object.values(doc).filter((e) => e.active).length,
      verify,
      spot,
    };
  } finally {
    api?.close();
    await controller?.stop();
    await lab?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string): number => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
  const opts: Options = {
    runs: opt('runs', '3'),
    circuits: opt('circuits', '10000'),
    phase: opt('phase', '1000'),
    clients: opt('clients', '16'),
    spot: opt('spot', '20'),
    gets: opt('gets', '7'),
    cpuProf: args.includes('--cpu-prof'),
    latencies: args.find((a) => a.startsWith('--latencies='))?.slice('--latencies='.length),
    verbose: args.includes('--verbose'),
  };
  if (opts.circuits < 2 * opts.phase + opts.spot) throw new Error('--circuits must be at least 2 × --phase + --spot');
  if (!isRoot()) throw new Error('bench:eline needs root (the lab creates namespaces and OVS bridges)');
  const problems = labPrerequisiteProblems();
  if (problems.length > 0) throw new Error(`the lab cannot run here: ${problems.join('; ')} (run node scripts/ensure-deps.js lab as root)`);
  const root = findRoot();
  linkMininetDir(root);
  const labLog = pino({ level: opts.verbose ? 'info' : 'silent' }, pino.destination(2));
  const progress = (s: string): void => {
    process.stderr.write(`bench:eline: ${s}\n`);
  };
  const specs = benchCircuits(opts.circuits, SWITCHES, LLDP_VLAN);
  const load = planLoad(specs, SWITCHES);
  progress(`${specs.length} circuits: at most ${load.maxUniVids} VIDs on a UNI, about ${load.maxLinkVids} S-VLANs on a link`);
  const profDir = join(root, '.bench', 'eline-prof');
  if (opts.cpuProf) mkdirSync(profDir, { recursive: true });

  const runs: RunResult[] = [];
  for (let r = 0; r < opts.runs; r++) {
    progress(`run ${r + 1}/${opts.runs}`);
    runs.push(await oneRun(r + 1, opts, specs, labLog, profDir, progress));
  }
  const md = report(runs, TOPOLOGY);
  process.stdout.write(md);
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench', 'eline.md'), md);
}

main().catch((e: unknown) => {
  console.error('bench:eline failed:', e);
  process.exitCode = 1;
});
