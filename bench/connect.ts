/**
 * `npm run bench:connect`: how fast the controller takes on a crowd of switches. The controller runs
 * in this process (the real composition root, silent logger, SQLite :memory:); a forked worker
 * (bench/connect-switches.ts) opens N lean fake switches at once. The time of a run is measured from
 * the worker's first connect attempt to the controller's N-th `switch.connected` event (both on
 * CLOCK_MONOTONIC). N = 100 and 1000, median of 3 runs each (the switches disconnect between runs, so
 * later runs are reconnections of known datapaths, as after a controller restart). Then, with 1000
 * sessions up, switch-initiated ECHO_REQUEST → controller ECHO_REPLY round trips, one at a time.
 * Prints a Markdown table and writes it to .bench/connect.md.
 *
 *   node .bench/build/bench/connect.js [--runs=3] [--sizes=100,1000] [--probes=1000] [--echo-bytes=8] [--ports=4]
 *   node --cpu-prof --cpu-prof-dir=.bench/prof .bench/build/bench/connect.js --sizes=1000   # profile the controller side
 */
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildController } from '../src/app';
import { loadSettings } from '../src/config';
import { systemClock } from '../src/core/clock';
import { MIGRATIONS_DIR, openDatabase } from '../src/store';
import type { WorkerCommand, WorkerReport } from './connect-switches';
import { findRoot } from './common';

const TARGET = { switches: 1000, ms: 2000 } as const;
/** File descriptors per process beyond the switches' own sockets (listeners, pipes, stdio, node internals). */
const FD_MARGIN = 200;


/** Soft and hard limits on open files of this process (Linux /proc; elsewhere unknown). */
function fdLimits(): { soft: number; hard: number } | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line?.match(/\d+|unlimited/g) ?? []).map((v) => (v === 'unlimited' ? Infinity : Number(v)));
    return soft === undefined || hard === undefined ? undefined : { soft, hard };
  } catch {
    return undefined;
  }
}

/**
 * Makes sure each process may open `need` descriptors: re-runs this script under `ulimit -n` when
 * the soft limit is lower and the hard limit allows it. Returns false when it re-ran (and this
 * process should only wait for the exit code).
 */
function ensureFdLimit(need: number): boolean {
  const lim = fdLimits();
  if (lim === undefined || lim.soft >= need) return true;
  if (lim.hard < need) throw new Error(`need ${need} open files per process, but the hard limit is ${lim.hard}; raise it (ulimit -Hn) first`);
  if (process.env.ISTHMUS_BENCH_FDS !== undefined) throw new Error(`ulimit -n ${need} did not take effect`);
  console.error(`bench:connect: raising the open-file limit from ${lim.soft} to ${need}`);
  const r = spawnSync('sh', ['-c', `ulimit -n ${need} && exec "$0" "$@"`, process.execPath, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ISTHMUS_BENCH_FDS: String(need) },
  });
  process.exitCode = r.status ?? 1;
  return false;
}

/**
 * TcpExt ListenOverflows of this network namespace: connections the kernel dropped because the
 * listener's accept queue was full (each costs the client a SYN retransmission, 1 s at first).
 * Undefined where /proc/net/netstat is missing.
 */
function listenOverflows(): number | undefined {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const names = lines[i]?.split(/\s+/) ?? [];
    const values = lines[i + 1]?.split(/\s+/) ?? [];
    const k = names.indexOf('ListenOverflows');
    return k < 0 ? undefined : Number(values[k]);
  } catch {
    return undefined;
  }
}

const median = (xs: readonly number[]): number => quantile(xs, 0.5);
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  // Nearest-rank: the smallest value with at least q of the samples at or below it.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

class Worker {
  private readonly child;
  private readonly queue: WorkerReport[] = [];
  private waiter: ((r: WorkerReport) => void) | undefined;

  constructor(file: string) {
    // The worker does not inherit --cpu-prof: profiles should show the controller only.
    this.child = fork(file, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (r: WorkerReport) => {
      if (this.waiter !== undefined) {
        const w = this.waiter;
        this.waiter = undefined;
        w(r);
      } else this.queue.push(r);
    });
    this.child.on('exit', (code) => {
      if (code !== 0) console.error(`bench:connect: worker exited with ${code}`);
    });
  }

  send(cmd: WorkerCommand): void {
    this.child.send(cmd);
  }

  next<T extends WorkerReport['type']>(type: T, timeoutMs = 120_000): Promise<Extract<WorkerReport, { type: T }>> {
    const take = (r: WorkerReport): Extract<WorkerReport, { type: T }> => {
      if (r.type !== type) throw new Error(`worker said ${r.type}, expected ${type}`);
      return r as Extract<WorkerReport, { type: T }>;
    };
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(take(queued));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${type}' from the worker within ${timeoutMs} ms`)), timeoutMs);
      this.waiter = (r) => {
        clearTimeout(timer);
        try {
          resolve(take(r));
        } catch (e) {
          reject(e as Error);
        }
      };
    });
  }
}

interface Run {
  readonly n: number;
  /** First connect attempt (worker) → N-th switch.connected (controller). */
  readonly totalMs: number;
  /** First connect attempt → last TCP connection established (worker). */
  readonly tcpMs: number;
  /** Accept-queue overflows during the run (system-wide counter), if known. */
  readonly overflows: number | undefined;
  readonly errors: readonly string[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
  const runs = Number(opt('runs', '3'));
  const sizes = opt('sizes', '100,1000').split(',').map(Number);
  const probes = Number(opt('probes', '1000'));
  const echoBytes = Number(opt('echo-bytes', '8'));
  const portsPerSwitch = Number(opt('ports', '4'));
  const maxN = Math.max(...sizes, TARGET.switches);
  if (!ensureFdLimit(maxN + FD_MARGIN)) return;

  const loaded = loadSettings({ argv: [], env: {}, readFile: () => '{}' });
  if (loaded.kind !== 'run') throw new Error('unexpected settings result');
  const settings = { ...loaded.settings, ofHost: '127.0.0.1', ofPort: 0, apiHost: '127.0.0.1', apiPort: 0 };
  // MIGRATIONS_DIR is relative to the compiled module, which lives under .bench/build here.
  const root = findRoot();
  const migrationsDir = existsSync(MIGRATIONS_DIR) ? MIGRATIONS_DIR : join(root, 'migrations');
  const db = openDatabase(':memory:', { migrationsDir });
  const controller = buildController({ settings, log: pino({ level: 'silent' }), clock: systemClock, db });
  const { openflow } = await controller.start();

  let connectedCount = 0;
  let disconnectedCount = 0;
  let target = Infinity;
  let tTarget = 0n;
  controller.bus.on('switch.connected', () => {
    connectedCount++;
    if (connectedCount === target) tTarget = process.hrtime.bigint();
  });
  controller.bus.on('switch.disconnected', () => {
    disconnectedCount++;
  });
  const waitFor = async (cond: () => boolean, what: string, timeoutMs = 120_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };

  const worker = new Worker(join(__dirname, 'connect-switches.js'));
  await worker.next('ready');

  const results: Run[] = [];
  let echo: { n: number; rtts: readonly number[] } | undefined;
  for (const n of sizes) {
    for (let r = 0; r < runs; r++) {
      connectedCount = 0;
      disconnectedCount = 0;
      target = n;
      tTarget = 0n;
      const overflowsBefore = listenOverflows();
      worker.send({ type: 'connect', n, port: openflow.port, dpidBase: 1, portsPerSwitch });
      const done = await worker.next('connected');
      await waitFor(() => connectedCount >= n, `${n} switch.connected events`);
      const t0 = BigInt(done.t0);
      const overflowsAfter = listenOverflows();
      const overflows = overflowsBefore === undefined || overflowsAfter === undefined ? undefined : overflowsAfter - overflowsBefore;
      results.push({ n, totalMs: Number(tTarget - t0) / 1e6, tcpMs: Number(BigInt(done.tTcp) - t0) / 1e6, overflows, errors: done.errors });
      if (controller.switches.connected().length !== n) throw new Error(`${controller.switches.connected().length} sessions registered, expected ${n}`);
      if (n === TARGET.switches && r === runs - 1 && probes > 0) {
        worker.send({ type: 'probe', count: probes, bytes: echoBytes });
        echo = { n, rtts: (await worker.next('probed')).rttsMs };
      }
      worker.send({ type: 'close' });
      await worker.next('closed');
      await waitFor(() => disconnectedCount >= n && controller.switches.connected().length === 0, 'every session to close');
    }
  }
  worker.send({ type: 'exit' });
  await controller.stop();
  db.close();

  const lines = [
    '| switches | handshakes done, median | runs | last TCP connect (median) | accept-queue drops | rate | target |',
    '|---:|---:|---|---:|---|---:|---|',
  ];
  for (const n of sizes) {
    const rs = results.filter((x) => x.n === n);
    const med = median(rs.map((x) => x.totalMs));
    const goal = n === TARGET.switches ? `< ${int(TARGET.ms)} ms ${med < TARGET.ms ? '✓' : '✗'}` : '';
    const drops = rs.map((x) => (x.overflows === undefined ? '?' : String(x.overflows))).join(', ');
    lines.push(
      `| ${int(n)} | ${ms(med)} ms | ${rs.map((x) => ms(x.totalMs)).join(', ')} | ${ms(median(rs.map((x) => x.tcpMs)))} ms | ${drops} | ${int((n / med) * 1000)}/s | ${goal} |`,
    );
  }
  const errors = results.flatMap((x) => x.errors);
  const echoLines =
    echo === undefined
      ? []
      : [
          '',
          `| echo round trip, ${int(echo.n)} sessions up | median | p99 | max | probes |`,
          '|---|---:|---:|---:|---:|',
          `| switch ECHO_REQUEST (${echoBytes} B data) → controller ECHO_REPLY | ${ms(median(echo.rtts))} ms | ${ms(quantile(echo.rtts, 0.99))} ms | ${ms(Math.max(...echo.rtts))} ms | ${int(echo.rtts.length)} |`,
        ];
  const c = cpus();
  const md = [
    `# Connection benchmark (${new Date().toISOString()})`,
    '',
    `Node ${process.version}, ${c[0]?.model ?? 'unknown CPU'} ×${c.length}. Controller in-process (default settings, silent logger, SQLite :memory:);`,
    `switches in a forked worker, ${portsPerSwitch} ports each; time from the first connect attempt to the N-th switch.connected; median of ${runs} runs.`,
    '',
    ...lines,
    ...echoLines,
    '',
    '- "last TCP connect": first connect attempt to the last connection established, seen by the worker. A connection',
    '  the kernel dropped from a full accept queue ("accept-queue drops", TcpExt ListenOverflows) is retried after 1 s.',
    ...(errors.length === 0 ? [] : [`- connect errors: ${errors.length} (${[...new Set(errors)].slice(0, 5).join('; ')})`]),
    '',
  ].join('\n');
  process.stdout.write(md);
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench', 'connect.md'), md);
}

main().catch((e: unknown) => {
  console.error('bench:connect failed:', e);
  process.exitCode = 1;
});
