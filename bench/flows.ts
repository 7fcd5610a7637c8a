/**
 * `npm run bench:flows`: installing and reconciling flows against real Open vSwitch. The controller
 * runs in this process (the real composition root, silent logger, SQLite in a temp data dir, the
 * reconcile interval pushed out so that only the bench reconciles); a linear,1 lab (one userspace
 * OVS bridge) is pointed at it. The lab runs in a child process (`isthmus lab linear,1 --no-cli`):
 * its forwarder pipes every OpenFlow byte between the switch's namespace and the controller, and in
 * this process that piping would share the controller's event loop (it costs about a third of the
 * install time); with --lab-in-process it does, for comparison.
 *
 * (i) Install 10,000 flows with barrier confirmation, median of --runs (3), the switch emptied of
 *     them between runs:
 *     - through controller.flows.install (canonical form, store upsert, FLOW_MODs, barrier, store
 *       marks them installed): flows/s from the call to its resolution; target ≥ 100,000/s;
 *     - through controller.installer.apply alone (no store): the wire and barrier cost;
 *     - the store's share measured on its own: canonical() of the flows, FlowRepo.upsert and
 *       markState of 10,000 rows in a scratch database of the same kind (a file in the data dir).
 * (ii) Reconcile the switch holding the 10,000 desired flows (plus the LLDP flow), median of --runs:
 *     controller.reconciler.reconcile(dpid) time, target < 1 s, and FLOW_MODs sent, target 0; and
 *     its parts: the flow-stats request (wire and decode), the store read, the pure diff.
 *
 * Needs root and the lab packages (`node scripts/ensure-deps.js lab`). Prints a Markdown table and
 * writes it to .bench/flows.md. Times are process.hrtime (CLOCK_MONOTONIC).
 *
 *   node .bench/build/bench/flows.js [--runs=3] [--flows=10000] [--lab-in-process] [--verbose]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Database } from 'better-sqlite3';
import { buildController, type Controller } from '../src/app';
import { loadSettings } from '../src/config';
import { systemClock } from '../src/core/clock';
import { canonical, keyOfCanonical } from '../src/flows/canonical';
import { diffFlows } from '../src/flows/diff';
import { ownedCookie, OWNER, type FlowSpec } from '../src/flows/flowspec';
import type { InstallResult } from '../src/flows/installer';
import { cookieOwnership, specOfStats } from '../src/flows/reconciler';
import type { DesiredFlowRow } from '../src/flows/types';
import { isRoot, labPrerequisiteProblems, runLabCli, startLab } from '../src/lab';
import { OFPG, OFPP, OFPTT } from '../src/ofp';
import { FlowRepo, MIGRATIONS_DIR, openDatabase } from '../src/store';
import { findRoot, freePort, linkMininetDir, waitFor } from './common';

const TARGET = { installPerS: 100_000, reconcileMs: 1000, reconcileFlowMods: 0 } as const;
const DPID = '00:00:00:00:00:00:00:01';

const now = (): bigint => process.hrtime.bigint();
const msSince = (from: bigint): number => Number(now() - from) / 1e6;
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3));
const rate = (n: number, ms: number): string => Math.round((n * 1000) / ms).toLocaleString('en-US');

/** An install result for an error message: its reason and the first refusal, not all 10,000. */
function brief(res: InstallResult | undefined): string {
  if (res === undefined || res.ok || res.reason !== 'rejected') return JSON.stringify(res);
  const first = res.errors[0];
  const flow = first === undefined ? '' : `${keyOfCanonical(first.flow)} type ${first.errType} code ${first.code}`;
  return `rejected: ${res.errors.length} of ${res.sent} refused, the first ${flow}`;
}




/**
 * The n-th flow of the bench, circuit-like: in_port=1 and VLAN 1 + n % 4094 at priority
 * 20000 + n / 4094 (a key of its own for any n), swapped to another VLAN and out of port 2.
 */
function benchFlow(n: number): FlowSpec {
  return {
    dpid: DPID,
    table: 0,
    priority: 20000 + Math.floor(n / 4094),
    match: [
      { field: 'in_port', value: 1 },
      { field: 'vlan_vid', value: 0x1000 | (1 + (n % 4094)) },
    ],
    instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'vlan_vid', value: 1 + ((n + 7) % 4094) } }, { type: 'output', port: 2, maxLen: 0 }] }],
    cookie: ownedCookie('mef_eline', BigInt(n + 1)),
    idleTimeout: 0,
    hardTimeout: 0,
    flags: 0,
  };
}

interface Rig {
  readonly controller: Controller;
  readonly db: Database;
  readonly dataDir: string;
  readonly migrationsDir: string;
}

function buildRig(ofPort: number, log: Logger): Rig {
  const loaded = loadSettings({ argv: [], env: {}, readFile: () => '{}' });
  if (loaded.kind !== 'run') throw new Error('unexpected settings result');
  const dataDir = mkdtempSync(join(tmpdir(), 'isthmus-bench-flows-'));
  // An hour between reconciles: only the bench's own reconcile() calls run while it measures.
  const settings = { ...loaded.settings, ofHost: '127.0.0.1', ofPort, apiHost: '127.0.0.1', apiPort: 0, dataDir, reconcileIntervalMs: 3_600_000 };
  // MIGRATIONS_DIR is relative to the compiled module, which lives under .bench/build here.
  const migrationsDir = existsSync(MIGRATIONS_DIR) ? MIGRATIONS_DIR : join(findRoot(), 'migrations');
  const db = openDatabase(join(dataDir, 'isthmus.db'), { migrationsDir });
  return { controller: buildController({ settings, log, clock: systemClock, db }), db, dataDir, migrationsDir };
}

/** Flows of the bench's owner (cookie prefix 0xaa) on the switch, by an aggregate-stats request. */
async function countOnSwitch(controller: Controller): Promise<number> {
  const session = controller.switches.get(DPID);
  if (session === undefined) throw new Error('switch not connected');
  const replies = await session.requestMultipart({
    type: 'aggregate', tableId: OFPTT.ALL, outPort: OFPP.ANY, outGroup: OFPG.ANY, cookie: 0xaan << 56n, cookieMask: 0xffn << 56n, match: [],
  });
  const agg = replies.find((r) => r.type === 'aggregate');
  if (agg === undefined || agg.type !== 'aggregate') throw new Error('no aggregate-stats reply');
  return agg.flowCount;
}

/** The lab, in a child process or in this one; stop() tears it down either way. */
interface RunningLab {
  /** Whether it has gone (a child process that exited early). */
  readonly gone: () => boolean;
  stop(): Promise<void>;
}

/**
 * `isthmus lab linear,1 --no-cli` as a child process: this very script with `--lab-child`, which
 * runs the lab CLI (src/lab runLabCli); SIGTERM stops it.
 */
function spawnLab(ofPort: number, verbose: boolean): RunningLab {
  const labArgs = ['linear,1', '--no-cli', '--controller', `127.0.0.1:${ofPort}`, '--log-level', verbose ? 'info' : 'warn'];
  const child: ChildProcess = spawn(process.execPath, [__filename, '--lab-child', ...labArgs], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A crashed bench must not leave the lab running.
  const kill = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', kill);
  return {
    gone: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      process.off('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Results {
  readonly flows: number;
  readonly serviceMs: number[];
  readonly serviceRemoveMs: number[];
  readonly installerMs: number[];
  readonly installerRemoveMs: number[];
  readonly canonicalMs: number[];
  readonly upsertMs: number[];
  readonly markMs: number[];
  readonly reconcileMs: number[];
  readonly reconcileMods: number[];
  readonly statsMs: number[];
  readonly storeReadMs: number[];
  readonly diffMs: number[];
  readonly actual: number;
}

async function measure(rig: Rig, n: number, runs: number, progress: (s: string) => void): Promise<Results> {
  const { controller } = rig;
  const flows = Array.from({ length: n }, (_, i) => benchFlow(i));
  // The installer takes flows as the service hands them over: in canonical form (set_field VID
  // with OFPVID_PRESENT, which OVS insists on: OFPBAC_BAD_SET_ARGUMENT without it).
  const canonicalFlows = flows.map(canonical);
  const r = {
    flows: n, serviceMs: [] as number[], serviceRemoveMs: [] as number[], installerMs: [] as number[], installerRemoveMs: [] as number[],
    canonicalMs: [] as number[], upsertMs: [] as number[], markMs: [] as number[],
    reconcileMs: [] as number[], reconcileMods: [] as number[], statsMs: [] as number[], storeReadMs: [] as number[], diffMs: [] as number[], actual: 0,
  };
  const expectOnSwitch = async (want: number, what: string): Promise<void> => {
    const got = await countOnSwitch(controller);
    if (got !== want) throw new Error(`${what}: ${got} of the bench's flows on the switch, expected ${want}`);
  };

  // (i-b) The installer alone: add, confirmed by the final barrier; then delete them the same way.
  for (let k = 0; k < runs; k++) {
    const t0 = now();
    const res = await controller.installer.apply(DPID, { add: canonicalFlows, modify: [], remove: [] });
    r.installerMs.push(msSince(t0));
    if (!res.ok) throw new Error(`installer add failed: ${brief(res)}`);
    await expectOnSwitch(n, 'after installer.apply add');
    const t1 = now();
    const del = await controller.installer.apply(DPID, { add: [], modify: [], remove: canonicalFlows });
    r.installerRemoveMs.push(msSince(t1));
    if (!del.ok) throw new Error('installer delete failed');
    await expectOnSwitch(0, 'after installer.apply remove');
    progress(`installer run ${k + 1}: add ${fmt(r.installerMs[k] as number)} ms, delete ${fmt(r.installerRemoveMs[k] as number)} ms`);
  }

  // (i-a) The service: desired in the store, installed, confirmed, marked; removed again between runs.
  for (let k = 0; k < runs; k++) {
    const t0 = now();
    const res = await controller.flows.install('mef_eline', flows);
    r.serviceMs.push(msSince(t0));
    if (res.get(DPID)?.ok !== true) throw new Error(`flows.install failed: ${brief(res.get(DPID))}`);
    await expectOnSwitch(n, 'after flows.install');
    const installed = controller.flows.rows(DPID).filter((x) => x.owner === 'mef_eline' && x.state === 'installed').length;
    if (installed !== n) throw new Error(`${installed} flows stored as installed, expected ${n}`);
    if (k < runs - 1) {
      const t1 = now();
      const del = await controller.flows.removeWhere({ owner: 'mef_eline' });
      r.serviceRemoveMs.push(msSince(t1));
      if (del.get(DPID)?.ok !== true) throw new Error('flows.removeWhere failed');
      await expectOnSwitch(0, 'after flows.removeWhere');
    }
    progress(`service run ${k + 1}: install ${fmt(r.serviceMs[k] as number)} ms`);
  }

  // The store's share, on its own: canonical form and keys, upsert, markState (a scratch database file).
  const scratch = openDatabase(join(rig.dataDir, 'scratch.db'), { migrationsDir: rig.migrationsDir });
  try {
    const repo = new FlowRepo(scratch, { onCorruptRow: () => undefined, now: () => Date.now() });
    for (let k = 0; k < runs; k++) {
      const t0 = now();
      const stamp = new Date().toISOString();
      const rows: DesiredFlowRow[] = flows.map((f) => {
        const spec = canonical(f);
        return { key: keyOfCanonical(spec), spec, owner: 'mef_eline', state: 'pending', insertedAt: stamp, updatedAt: stamp };
      });
      r.canonicalMs.push(msSince(t0));
      const t1 = now();
      repo.upsert(rows);
      r.upsertMs.push(msSince(t1));
      const t2 = now();
      repo.markState(rows.map((x) => x.key), 'installed');
      r.markMs.push(msSince(t2));
      repo.removeWhere({});
    }
  } finally {
    scratch.close();
  }

  // (ii) Reconcile: the switch already holds exactly the desired flows.
  const owns = cookieOwnership(Object.values(OWNER), []);
  for (let k = 0; k < runs; k++) {
    const sent0 = controller.installer.flowModsSent(DPID);
    const t0 = now();
    const report = await controller.reconciler.reconcile(DPID);
    r.reconcileMs.push(msSince(t0));
    r.reconcileMods.push(controller.installer.flowModsSent(DPID) - sent0);
    if (report === undefined || !report.result.ok) throw new Error(`reconcile failed: ${brief(report?.result)}`);
    r.actual = report.actual;

    // Its parts, one after the other as the reconciler does them.
    const session = controller.switches.get(DPID);
    if (session === undefined) throw new Error('switch not connected');
    const t1 = now();
    const replies = await session.requestMultipart({ type: 'flow', tableId: OFPTT.ALL, outPort: OFPP.ANY, outGroup: OFPG.ANY, cookie: 0n, cookieMask: 0n, match: [] });
    const actual: FlowSpec[] = [];
    for (const rep of replies) if (rep.type === 'flow') for (const s of rep.stats) actual.push(specOfStats(DPID, s));
    r.statsMs.push(msSince(t1));
    const t2 = now();
    const desired = controller.flows.rows(DPID).map((x) => x.spec);
    r.storeReadMs.push(msSince(t2));
    const t3 = now();
    diffFlows(desired, actual, { owns });
    r.diffMs.push(msSince(t3));
    progress(`reconcile run ${k + 1}: ${fmt(r.reconcileMs[k] as number)} ms, ${r.reconcileMods[k]} FLOW_MODs`);
  }
  return r;
}

function report(r: Results, runs: number, labInProcess: boolean): string {
  const row = (what: string, xs: readonly number[], extra: string, target = ''): string =>
    `| ${what} | ${fmt(median(xs))} ms | ${extra} | ${xs.map(fmt).join(', ')} | ${target} |`;
  const perS = (xs: readonly number[]): string => `${rate(r.flows, median(xs))} flows/s`;
  const installOk = (r.flows * 1000) / median(r.serviceMs) >= TARGET.installPerS;
  const reconcileOk = median(r.reconcileMs) < TARGET.reconcileMs;
  const modsOk = Math.max(...r.reconcileMods) === TARGET.reconcileFlowMods;
  const c = cpus();
  return [
    `# Flows benchmark (${new Date().toISOString()})`,
    '',
    `Node ${process.version}, ${c[0]?.model ?? 'unknown CPU'} ×${c.length}. Controller in-process (real composition root, silent logger,`,
    `SQLite in a temp dir); linear,1 lab (one userspace Open vSwitch bridge, OpenFlow 1.3 over the lab's forwarder, ${labInProcess ? 'in this process' : 'in a child process'}).`,
    `${r.flows.toLocaleString('en-US')} flows on one switch (in_port + VLAN match, set_field VLAN + output), median of ${runs}.`,
    '',
    '## Install, confirmed by barrier',
    '',
    '| what | median | rate | runs | target |',
    '|---|---:|---:|---|---|',
    row('controller.flows.install (store, FLOW_MODs, barrier, mark installed)', r.serviceMs, perS(r.serviceMs), `≥ ${TARGET.installPerS.toLocaleString('en-US')}/s ${installOk ? '✓' : '✗'}`),
    row('controller.installer.apply add (FLOW_MODs and barrier only)', r.installerMs, perS(r.installerMs)),
    row('controller.installer.apply delete_strict', r.installerRemoveMs, perS(r.installerRemoveMs)),
    row('controller.flows.removeWhere (store, delete_strict, barrier)', r.serviceRemoveMs, perS(r.serviceRemoveMs)),
    row('store share: canonical() + keys of every flow', r.canonicalMs, perS(r.canonicalMs)),
    row('store share: FlowRepo.upsert (one transaction)', r.upsertMs, perS(r.upsertMs)),
    row('store share: FlowRepo.markState installed', r.markMs, perS(r.markMs)),
    '',
    `## Reconcile a switch that already holds its ${r.actual.toLocaleString('en-US')} flows`,
    '',
    '| what | median | FLOW_MODs | runs | target |',
    '|---|---:|---:|---|---|',
    row('controller.reconciler.reconcile(dpid)', r.reconcileMs, `${r.reconcileMods.join(', ')}`, `< ${TARGET.reconcileMs} ms ${reconcileOk ? '✓' : '✗'}, 0 FLOW_MODs ${modsOk ? '✓' : '✗'}`),
    row('part: flow-stats multipart request, replies decoded', r.statsMs, ''),
    row('part: desired flows read from the store', r.storeReadMs, ''),
    row('part: diffFlows (canonical form of both sides, compare)', r.diffMs, ''),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
  const runs = Number(opt('runs', '3'));
  const n = Number(opt('flows', '10000'));
  const verbose = args.includes('--verbose');
  const labInProcess = args.includes('--lab-in-process');
  if (!isRoot()) throw new Error('bench:flows needs root (the lab creates namespaces and OVS bridges)');
  const problems = labPrerequisiteProblems();
  if (problems.length > 0) throw new Error(`the lab cannot run here: ${problems.join('; ')} (run node scripts/ensure-deps.js lab as root)`);
  const root = findRoot();
  linkMininetDir(root);
  const log = pino({ level: verbose ? 'info' : 'silent' }, pino.destination(2));
  const progress = (s: string): void => {
    process.stderr.write(`bench:flows: ${s}\n`);
  };

  const ofPort = await freePort();
  const rig = buildRig(ofPort, log);
  let lab: RunningLab | undefined;
  try {
    await rig.controller.start();
    if (labInProcess) {
      const inProcess = await startLab({ topology: 'linear,1', controller: { host: '127.0.0.1', port: ofPort }, log });
      lab = { gone: () => false, stop: () => inProcess.stop() };
    } else {
      lab = spawnLab(ofPort, verbose);
    }
    const { controller } = rig;
    const running = lab;
    // Connected, reconciled on connect, and its LLDP flow confirmed: nothing else will be sent.
    await waitFor(
      () => {
        if (running.gone()) throw new Error('the lab exited');
        return controller.flows.rows(DPID).some((x) => x.owner === 'of_lldp' && x.state === 'installed');
      },
      's1 connected with its LLDP flow',
      60_000,
    );
    const results = await measure(rig, n, runs, progress);
    const md = report(results, runs, labInProcess);
    process.stdout.write(md);
    mkdirSync(join(root, '.bench'), { recursive: true });
    writeFileSync(join(root, '.bench', 'flows.md'), md);
  } finally {
    await rig.controller.stop();
    rig.db.close();
    await lab?.stop();
    rmSync(rig.dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--lab-child') {
  runLabCli(process.argv.slice(3), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error('bench:flows lab child failed:', e);
      process.exit(1);
    },
  );
} else {
  main().catch((e: unknown) => {
    console.error('bench:flows failed:', e);
    process.exitCode = 1;
  });
}
