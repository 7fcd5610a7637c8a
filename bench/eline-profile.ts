/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. the controller's from
 * `bench:eline --cpu-prof`): where the time went, by function (self and total) and by source file
 * (self), idle and GC shown apart. Total time counts each function once per stack, so recursion
 * is not counted twice.
 *
 *   node .bench/build/bench/eline-profile.js FILE.cpuprofile [--top=30] [--match=REGEX] [--under=REGEX]
 *                                            [--from=S] [--to=S]
 *
 * --from and --to keep only the samples taken between S seconds after the profile's start.
 * --match lists only functions whose `name file:line` matches REGEX (their total and self time);
 * --under counts only samples with a function matching REGEX on the stack (what that function's
 * time is made of).
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Pure. A readable label for a frame: `name file:line`, the file relative to the build output. */
function label(f: CallFrame): string {
  const file = f.url.replace(/^file:\/\//, '').replace(/^.*\/(\.bench\/build|dist|node_modules)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

/** Pure. Self and total microseconds per label, and self microseconds per file. */
export function summarise(p: Profile, under?: RegExp, window: readonly [number, number] = [0, Infinity]): { self: Map<string, number>; total: Map<string, number>; files: Map<string, number>; totalUs: number } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number): ProfileNode[] => {
    const out: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(byId.get(at) as ProfileNode);
    return out;
  };
  const selfUs = new Map<number, number>();
  let t = 0;
  let windowUs = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (t < window[0] * 1e6 || t > window[1] * 1e6) return;
    windowUs += dt;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  });
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const files = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, us: number): void => {
    m.set(k, (m.get(k) ?? 0) + us);
  };
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    if (under !== undefined && !stackOf(id).some((n) => under.test(label(n.callFrame)))) continue;
    add(self, label(node.callFrame), us);
    add(files, node.callFrame.url.replace(/^.*\/(\.bench\/build|dist|node_modules)\//, '$1/') || `(${node.callFrame.functionName})`, us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label((byId.get(at) as ProfileNode).callFrame);
      if (seen.has(l)) continue;
      seen.add(l);
      add(total, l, us);
    }
  }
  return { self, total, files, totalUs: windowUs };
}

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (file === undefined) throw new Error('usage: eline-profile FILE.cpuprofile [--top=30] [--match=REGEX]');
  const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? '30');
  const match = args.find((a) => a.startsWith('--match='))?.slice(8);
  const under = args.find((a) => a.startsWith('--under='))?.slice(8);
  const from = Number(args.find((a) => a.startsWith('--from='))?.slice(7) ?? '0');
  const to = Number(args.find((a) => a.startsWith('--to='))?.slice(5) ?? 'Infinity');
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, under === undefined ? undefined : new RegExp(under), [from, to]);
  const ms = (us: number): string => (us / 1000).toFixed(0).padStart(8);
  const pct = (us: number): string => `${((100 * us) / s.totalUs).toFixed(1).padStart(5)}%`;
  const out: string[] = [`profile ${file}: ${(s.totalUs / 1e6).toFixed(1)} s`];
  const list = (title: string, m: Map<string, number>): void => {
    out.push('', `${title}:`, '      ms      %');
    for (const [k, us] of [...m].filter(([k]) => match === undefined || new RegExp(match).test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`${ms(us)} ${pct(us)}  ${k}`);
  };
  list('self time by function', s.self);
  list('total time by function', s.total);
  if (match === undefined) list('self time by file', s.files);
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
