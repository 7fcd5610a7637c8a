/**
 * k shortest loopless paths between two switches (Yen, "Finding the K Shortest Loopless Paths in a
 * Network", 1971), with Lawler's refinement: a path's spurs start at the switch where it left its
 * parent, since the spurs before that point were already taken from the parent.
 *
 * Paths come out in the total order (cost, hop sequence). Each spur search returns the smallest hop
 * list among its cheapest completions (dijkstra.ts), and root + spur keeps that order because all
 * spurs of one root share the root; so the candidate picked each round is the next path in that
 * order, and ties never depend on insertion order. The property tests check the whole list
 * against brute-force enumeration of simple paths.
 *
 * A spur search stops early once its cost passes the point above which no candidate could still
 * be picked (bound below); on the benchmark mesh that saves about a third of the search work.
 */
import type { Searcher } from './dijkstra';
import type { PathGraph } from './graph';

/** A path between two switches: its arcs (see PathGraph) and its search cost Σ(w + 2). */
export interface SwitchPath {
  readonly arcs: readonly number[];
  readonly cost: number;
}

interface Candidate extends SwitchPath {
  /** Index of the first arc where the path leaves its parent (Lawler). */
  readonly deviation: number;
}

/** Pure. Sums the arc costs left to right (every path's cost is summed the same way, so equal paths compare equal). */
export function pathCost(g: PathGraph, arcs: readonly number[], cost: Float64Array): number {
  let c = 0;
  for (const a of arcs) c += cost[g.arcLink[a] as number] as number;
  return c;
}

/**
 * Pure. Compares two paths from the same switch by cost, then hop sequence. Arcs are in hop order
 * within a switch, and the first differing arcs of two paths from one switch leave the same switch.
 */
export function comparePaths(a: SwitchPath, b: SwitchPath): number {
  if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  const n = Math.min(a.arcs.length, b.arcs.length);
  for (let i = 0; i < n; i++) {
    const x = a.arcs[i] as number;
    const y = b.arcs[i] as number;
    if (x !== y) return x - y;
  }
  return a.arcs.length - b.arcs.length;
}

/**
 * The cost above which a new candidate cannot be among the paths still to pick: maxCost, or the
 * `need`-th cheapest candidate's cost once there are that many (a candidate costing more would
 * have `need` cheaper ones ahead of it). Equal costs stay in, for the hop order to decide.
 */
function bound(candidates: readonly Candidate[], need: number, maxCost: number): number {
  if (candidates.length < need) return maxCost;
  const costs = candidates.map((c) => c.cost).sort((a, b) => a - b);
  return Math.min(maxCost, costs[need - 1] as number);
}

/** The limit on a spur's own cost, with slack: root + spur is summed in another order than the path. */
function spurLimit(limit: number, rootCost: number): number {
  return limit === Infinity ? Infinity : limit - rootCost + 1e-9 * Math.max(1, Math.abs(limit));
}

function samePrefix(a: readonly number[], b: readonly number[], n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Impure (uses `searcher`'s scratch). Up to `k` loopless paths from switch `s` to switch `t`
 * (s ≠ t) over the links with allowed[l] = 1, cheapest first (then by hops); none costs more
 * than `maxCost` (Infinity: no bound).
 */
export function kShortestPaths(
  g: PathGraph,
  searcher: Searcher,
  s: number,
  t: number,
  k: number,
  cost: Float64Array,
  allowed: Uint8Array,
  maxCost: number,
): SwitchPath[] {
  if (k < 1) return [];
  searcher.clearBlocks();
  const first = searcher.shortest(s, t, cost, allowed);
  if (first === undefined) return [];
  const firstCost = pathCost(g, first, cost);
  if (firstCost > maxCost) return [];
  const found: Candidate[] = [{ arcs: first, cost: firstCost, deviation: 0 }];
  const candidates: Candidate[] = [];
  const seen = new Set<string>([first.join(',')]);
  const nodes: number[] = [];

  while (found.length < k) {
    const prev = found[found.length - 1] as Candidate;
    nodes.length = 0;
    nodes.push(s);
    for (const a of prev.arcs) nodes.push(g.arcHead[a] as number);
    // rootCost[i]: the cost of the first i arcs.
    const rootCost = [0];
    for (const a of prev.arcs) rootCost.push((rootCost[rootCost.length - 1] as number) + (cost[g.arcLink[a] as number] as number));
    for (let i = prev.deviation; i < prev.arcs.length; i++) {
      searcher.clearBlocks();
      // The root's switches before the spur switch are off limits (loopless).
      for (let j = 0; j < i; j++) searcher.blockSwitch(nodes[j] as number);
      // So is every next link already taken after this same root.
      for (const p of found) if (samePrefix(p.arcs, prev.arcs, i)) searcher.blockLink(g.arcLink[p.arcs[i] as number] as number);
      const spur = searcher.shortest(nodes[i] as number, t, cost, allowed, undefined, spurLimit(bound(candidates, k - found.length, maxCost), rootCost[i] as number));
      if (spur === undefined) continue;
      const arcs = prev.arcs.slice(0, i).concat(spur);
      const c = pathCost(g, arcs, cost);
      if (c > maxCost) continue;
      const key = arcs.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push({ arcs, cost: c, deviation: i });
    }
    if (candidates.length === 0) break;
    let best = 0;
    for (let i = 1; i < candidates.length; i++) if (comparePaths(candidates[i] as Candidate, candidates[best] as Candidate) < 0) best = i;
    found.push(candidates[best] as Candidate);
    candidates[best] = candidates[candidates.length - 1] as Candidate;
    candidates.pop();
  }
  return found.map(({ arcs, cost: c }) => ({ arcs, cost: c }));
}
