/**
 * `npm run bench:paths`: pathfinder throughput on one core. A seeded random mesh of 200 switches
 * and 400 links (average degree 4: a random spanning tree plus random extra links, parallel ones
 * allowed) with random link metadata (delay, bandwidth, utilization, ownership), and 1,000 seeded
 * queries between UNIs (port 1 of two different switches):
 * - constrained k = 4: mandatory bandwidth ≥ x plus two flexible metrics (delay, utilization) with
 *   minimum_flexible_hits 1, by hop and by delay (target ≥ 2,000 queries/s);
 * - unconstrained k = 4, for reference;
 * - findDisjointPath against each query's shortest path (median and p99 per call);
 * - PathGraph.build of the whole topology.
 * Median of 5 runs per row. Prints a Markdown table and writes it to .bench/paths.md.
 *
 *   node .bench/build/bench/paths.js [--runs=5] [--min-ms=500] [--seed=7] [--no-pin]
 *   node --cpu-prof .bench/build/bench/paths.js --no-pin --runs=1   # profile
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { PathGraph, type PathGraphInput, type SpfAttribute } from '../src/pathfinder/graph';
import { findDisjointPath, findPaths, type PathRequest } from '../src/pathfinder/paths';
import { Rng } from '../test/support/rng';
import { findRoot } from './common';

const SWITCHES = 200;
const LINKS = 400;
const QUERIES = 1000;
const TARGET_QPS = 2000;
const OWNERS = ['amlight', 'rnp', 'sax', 'ampath'];

const dpid = (i: number): string => `00:00:00:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;

function topology(rng: Rng): PathGraphInput {
  const switches = Array.from({ length: SWITCHES }, (_, i) => ({ dpid: dpid(i + 1) }));
  const nextPort = new Array<number>(SWITCHES).fill(2);
  const interfaces = switches.map((s) => ({ id: `${s.dpid}:1`, dpid: s.dpid }));
  const pairs: [number, number][] = [];
  for (let i = 1; i < SWITCHES; i++) pairs.push([rng.int(i), i]);
  while (pairs.length < LINKS) {
    const a = rng.int(SWITCHES);
    const b = rng.int(SWITCHES);
    if (a !== b) pairs.push([a, b]);
  }
  const links = pairs.map(([a, b], n) => {
    const end = (s: number): string => {
      const id = `${dpid(s + 1)}:${nextPort[s]}`;
      nextPort[s] = (nextPort[s] as number) + 1;
      interfaces.push({ id, dpid: dpid(s + 1) });
      return id;
    };
    const metadata: Record<string, unknown> = {
      delay: Math.round((1 + rng.int(490) / 10) * 10) / 10,
      bandwidth: rng.pick([10, 40, 100, 400]),
      utilization: rng.int(101),
    };
    if (rng.chance(0.8)) metadata['ownership'] = Object.fromEntries(OWNERS.filter(() => rng.chance(0.4)).map((o) => [o, {}]));
    return { id: `link-${n}`, endpointA: end(a), endpointB: end(b), metadata };
  });
  return { switches, interfaces, links };
}

function queries(rng: Rng, kind: 'constrained' | 'plain', attr: SpfAttribute): PathRequest[] {
  return Array.from({ length: QUERIES }, () => {
    const a = rng.int(SWITCHES);
    let b = rng.int(SWITCHES - 1);
    if (b >= a) b++;
    const base = { source: `${dpid(a + 1)}:1`, destination: `${dpid(b + 1)}:1`, spfAttribute: attr, maxPaths: 4, undesiredLinks: [] };
    return kind === 'plain'
      ? { ...base, mandatory: {}, flexible: {} }
      : {
          ...base,
          mandatory: { bandwidth: rng.pick([10, 40]) },
          flexible: { delay: rng.pick([20, 30, 40]), utilization: rng.pick([60, 80]) },
          minimumFlexibleHits: 1,
        };
  });
}

let sink = 0;

/** Median queries/s over `runs` runs, each cycling through `reqs` for at least `minMs`. */
function qps(g: PathGraph, reqs: readonly PathRequest[], runs: number, minMs: number): number {
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    let ms = 0;
    while (ms < minMs) {
      for (const q of reqs) sink += findPaths(g, q).length;
      n += reqs.length;
      ms = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    rates.push(n / (ms / 1000));
  }
  return rates.sort((a, b) => a - b)[rates.length >> 1] as number;
}

/** Per-call times (µs) of findDisjointPath against each query's shortest path, over `runs` passes. */
function disjointTimes(g: PathGraph, reqs: readonly PathRequest[], runs: number): number[] {
  const primaries = reqs.map((q) => findPaths(g, { ...q, maxPaths: 1, mandatory: {}, flexible: {} })[0]?.links ?? []);
  const secondary = reqs.map((q) => ({ ...q, maxPaths: 1, mandatory: q.mandatory, flexible: {} }));
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const [i, q] of secondary.entries()) {
      const t0 = process.hrtime.bigint();
      sink += findDisjointPath(g, primaries[i] as string[], q)?.links.length ?? 0;
      times.push(Number(process.hrtime.bigint() - t0) / 1e3);
    }
  }
  return times.sort((a, b) => a - b);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number): number => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
  if (!args.includes('--no-pin') && process.env.ISTHMUS_BENCH_PINNED === undefined && process.platform === 'linux') {
    const r = spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, __filename, ...args], {
      stdio: 'inherit',
      env: { ...process.env, ISTHMUS_BENCH_PINNED: '1' },
    });
    if (r.error === undefined) {
      process.exitCode = r.status ?? 1;
      return;
    }
  }
  const runs = opt('runs', 5);
  const minMs = opt('min-ms', 500);
  const seed = opt('seed', 7);
  const rng = new Rng(seed);
  const input = topology(rng);

  const buildMs: number[] = [];
  let g = PathGraph.build(input);
  for (let r = 0; r < Math.max(runs, 5); r++) {
    const t0 = process.hrtime.bigint();
    g = PathGraph.build(input);
    buildMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  buildMs.sort((a, b) => a - b);

  const lines = ['| row | result | paths/query | target |', '|---|---:|---:|---|'];
  const rows: [string, PathRequest[]][] = [
    ['constrained k=4, hop (bandwidth ≥ x; flexible delay, utilization; hits 1)', queries(rng, 'constrained', 'hop')],
    ['constrained k=4, delay (same constraints)', queries(rng, 'constrained', 'delay')],
    ['unconstrained k=4, hop', queries(rng, 'plain', 'hop')],
    ['unconstrained k=4, delay', queries(rng, 'plain', 'delay')],
  ];
  for (const [label, reqs] of rows) {
    const perQuery = reqs.reduce((s, q) => s + findPaths(g, q).length, 0) / reqs.length;
    const rate = qps(g, reqs, runs, minMs);
    const target = label.startsWith('constrained') ? `≥${fmt(TARGET_QPS)}/s ${rate >= TARGET_QPS ? '✓' : '✗'}` : '';
    lines.push(`| ${label} | ${fmt(rate)} queries/s | ${perQuery.toFixed(2)} | ${target} |`);
  }
  const dj = disjointTimes(g, rows[0]?.[1] ?? [], runs);
  lines.push(`| findDisjointPath (hop, bandwidth ≥ x), per call | median ${pct(dj, 0.5).toFixed(1)} µs, p99 ${pct(dj, 0.99).toFixed(1)} µs | | |`);
  lines.push(`| PathGraph.build (${SWITCHES} switches, ${LINKS} links) | median ${pct(buildMs, 0.5).toFixed(2)} ms | | |`);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const md = [
    `# Pathfinder benchmark (${new Date().toISOString()})`,
    '',
    `Node ${process.version}, ${cpu}, ${process.env.ISTHMUS_BENCH_PINNED ? 'pinned to CPU 0' : 'not pinned'}; seed ${seed}; ` +
      `${SWITCHES} switches, ${LINKS} links, ${QUERIES} queries per row; median of ${runs} runs of ≥${minMs} ms.`,
    '',
    ...lines,
    '',
  ].join('\n');
  process.stdout.write(md);
  const root = findRoot();
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench', 'paths.md'), md);
  if (sink === 0.5) process.stdout.write('\n'); // keeps `sink` observable so the work is not optimised away
}

main();
