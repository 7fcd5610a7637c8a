/** Statistics and the Markdown report of `bench:eline`. Pure. */
import { cpus } from 'node:os';

export const TARGET = { createPerS: 200, p99Ms: 100, listMs: 200 } as const;

/** Kytos-ng's published figure for comparison: 300 circuits created in 42 minutes. */
export const KYTOS = { circuits: 300, minutes: 42 } as const;

/** Pure. Nearest-rank quantile: the smallest sample with at least q of the samples at or below it. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

/** Pure. The median (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3));
const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

/** One create phase of one run. */
export interface PhaseResult {
  readonly name: string;
  readonly clients: number;
  readonly circuits: number;
  readonly notDeployed: number;
  readonly wallMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The controller process's CPU time (user + system) over the phase, per circuit. */
  readonly cpuMsPerCircuit: number;
}

export interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
}

export interface RunResult {
  readonly phases: readonly PhaseResult[];
  readonly listMs: readonly number[];
  readonly listBytes: number;
  readonly listCircuits: number;
  readonly memoryBefore: Memory;
  readonly memoryAfter: Memory;
  readonly gcExposed: boolean;
  /** The machine's 1-minute load average when the run's circuits began and when they were all listed. */
  readonly load: readonly [number, number];
  readonly dbBytes: number;
  /** Circuits by the number of hops of their current path. */
  readonly hops: ReadonlyMap<number, number>;
  readonly active: number;
  readonly verify: { readonly checked: number; readonly flows: number; readonly missingCount: number; readonly missing: readonly string[] };
  readonly spot: { readonly circuits: number; readonly checked: number; readonly missing: readonly string[] };
}

export const rateOf = (p: PhaseResult): number => (p.circuits * 1000) / p.wallMs;

/** Pure. The report: one table of medians over the runs, with every run's values beside them. */
export function report(runs: readonly RunResult[], topology: string): string {
  const c = cpus();
  const first = runs[0];
  if (first === undefined) return 'no runs\n';
  const across = (f: (r: RunResult) => number): { med: number; all: string } => {
    const xs = runs.map(f);
    return { med: median(xs), all: xs.map(fmt).join(', ') };
  };
  const mark = (ok: boolean): string => (ok ? '✓' : '✗');
  const phaseRows = first.phases.map((p0, i) => {
    const at = (r: RunResult): PhaseResult => r.phases[i] as PhaseResult;
    const rate = across((r) => rateOf(at(r)));
    const p50 = across((r) => at(r).p50Ms);
    const p99 = across((r) => at(r).p99Ms);
    const max = across((r) => at(r).maxMs);
    const cpu = across((r) => at(r).cpuMsPerCircuit);
    const notDeployed = runs.map((r) => at(r).notDeployed).join(', ');
    const target = `≥ ${TARGET.createPerS}/s ${mark(rate.med >= TARGET.createPerS)}, p99 < ${TARGET.p99Ms} ms ${mark(p99.med < TARGET.p99Ms)}`;
    return `| ${p0.name} | ${p0.circuits.toLocaleString('en-US')} | ${p0.clients} | **${fmt(rate.med)}** (${rate.all}) | ${fmt(p50.med)} (${p50.all}) | **${fmt(p99.med)}** (${p99.all}) | ${fmt(max.med)} | ${fmt(cpu.med)} (${cpu.all}) | ${notDeployed} | ${target} |`;
  });
  const list = across((r) => median(r.listMs));
  const rssB = across((r) => r.memoryBefore.rss / 1048576);
  const rssA = across((r) => r.memoryAfter.rss / 1048576);
  const heapB = across((r) => r.memoryBefore.heapUsed / 1048576);
  const heapA = across((r) => r.memoryAfter.heapUsed / 1048576);
  const perCircuit = across((r) => (r.memoryAfter.heapUsed - r.memoryBefore.heapUsed) / r.listCircuits / 1024);
  const hops = [...first.hops].sort((a, b) => a[0] - b[0]).map(([h, n]) => `${h} hop${h === 1 ? '' : 's'}: ${n}`).join(', ');
  const kytosRate = KYTOS.circuits / (KYTOS.minutes * 60);
  return [
    `# E-Line circuits benchmark (${new Date().toISOString()})`,
    '',
    `Node ${process.version}, ${c[0]?.model ?? 'unknown CPU'} ×${c.length}. ${topology} lab (Mininet, userspace Open vSwitch, its own namespace);`,
    'controller in a child process (real composition root, default settings, silent logger, SQLite in a temp dir, node --expose-gc);',
    'clients in the bench process over keep-alive HTTP. Each circuit: POST /api/kytos/mef_eline/v2/evc/, an EVPL with its own VIDs,',
    '`dynamic_backup_path: true`; a circuit counts when the 201 says `deployed: true` (the service answers after the barrier-confirmed',
    `install). Medians of ${runs.length} run${runs.length === 1 ? '' : 's'} (each run's values in brackets), a fresh lab and controller each run.`,
    '',
    '## Create',
    '',
    '| phase | circuits | clients | circuits/s | p50 ms | p99 ms | max ms | controller CPU ms/circuit | deployed: false | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...phaseRows,
    '',
    `Kytos-ng for comparison: ${KYTOS.circuits} circuits in ${KYTOS.minutes} minutes, ${kytosRate.toFixed(2)} circuits/s.`,
    '',
    `The machine's 1-minute load average at the start and end of each run: ${runs.map((r) => `${fmt(r.load[0])} → ${fmt(r.load[1])}`).join('; ')}`,
    `(the lab's Open vSwitch, the controller and the clients share ${c.length} cores; anything else running skews the wall-clock`,
    'columns, less so the controller CPU time per circuit).',
    '',
    `## With ${first.listCircuits.toLocaleString('en-US')} circuits`,
    '',
    '| what | median | runs | target |',
    '|---|---:|---|---|',
    `| GET /api/kytos/mef_eline/v2/evc/ (median of ${first.listMs.length} GETs per run) | ${fmt(list.med)} ms | ${list.all} | < ${TARGET.listMs} ms ${mark(list.med < TARGET.listMs)} |`,
    `| its response body | ${mb(first.listBytes)} MB | ${runs.map((r) => mb(r.listBytes)).join(', ')} | |`,
    `| controller rss, before → after | ${fmt(rssB.med)} → ${fmt(rssA.med)} MB | ${rssB.all} → ${rssA.all} | |`,
    `| controller heapUsed${first.gcExposed ? ' after a full gc' : ''}, before → after | ${fmt(heapB.med)} → ${fmt(heapA.med)} MB | ${heapB.all} → ${heapA.all} | |`,
    `| heap per circuit | ${fmt(perCircuit.med)} KB | ${perCircuit.all} | |`,
    `| SQLite database (with WAL) | ${mb(first.dbBytes)} MB | ${runs.map((r) => mb(r.dbBytes)).join(', ')} | |`,
    '',
    `Paths (first run): ${hops}; ${first.active.toLocaleString('en-US')} circuits active.`,
    '',
    '## Flows on the switches',
    '',
    ...runs.map(
      (r, i) =>
        `- run ${i + 1}: ovs-ofctl dump-flows of every switch: ${r.verify.flows.toLocaleString('en-US')} circuit flows; every circuit's cookie (0xaa << 56 | id) ` +
        `checked on each switch of its path: ${r.verify.checked.toLocaleString('en-US')} checks, ${r.verify.missingCount} missing` +
        `${r.verify.missing.length > 0 ? ` (${r.verify.missing.join('; ')})` : ''}. Spot check, a dump right after each of ${r.spot.circuits} responses: ` +
        `${r.spot.checked} switches checked, ${r.spot.missing.length} missing${r.spot.missing.length > 0 ? ` (${r.spot.missing.join('; ')})` : ''}.`,
    ),
    '',
  ].join('\n');
}
