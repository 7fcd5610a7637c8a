/**
 * The path most disjoint from a primary path (EP-029 failover, kytos-api.md §2.6): among the
 * paths from source to destination allowed by the request's constraints, the one that shares the
 * fewest links with the primary, then the fewest switches (other than the two end switches), then
 * costs least, then has the smallest hop list.
 *
 * One lexicographic Dijkstra finds it. Give a path P the weight
 *     W(P) = sharedLinks(P)·L + sharedSwitches(P)·S + cost(P)
 * with S greater than any path's cost and L greater than S·(N + 1) (N switches). Since
 * sharedSwitches ≤ N and cost < S, W orders paths exactly by (sharedLinks, sharedSwitches, cost):
 * a difference of one shared link (L) outweighs any difference in the rest (< S·N + S), and one
 * shared switch (S) outweighs any difference in cost. W is a sum over arcs: crossing a primary link
 * adds L, entering a primary switch adds S, every arc adds its cost w + 2. Such multipliers exceed
 * what a double holds exactly next to a fractional cost, so the search keeps the two parts apart
 * instead: key = (major, minor) compared lexicographically, major = sharedLinks·(N + 1) +
 * sharedSwitches (an integer far below 2^53, hence exact; the same order as the L and S terms
 * because sharedSwitches ≤ N − 2 < N + 1), minor = cost. That is W with L and S taken to the
 * limit, so it is exact. Dijkstra is correct on these keys: they add componentwise, a ≤ b implies
 * a + c ≤ b + c in lexicographic order, and every arc adds at least (0, 2) > (0, 0). The optimum
 * is a simple path, since a cycle would add at least (0, 2).
 *
 * Constraints apply as in findPaths: mandatory metrics filter the links; flexible combinations are
 * tried level by level, and the best path of the first level that has one wins. maxCost bounds the
 * cost; when the lexicographic optimum costs more, the best of the (up to) 10 cheapest paths of
 * that combination within the bound is taken instead (mef_eline's DISJOINT_PATH_CUTOFF candidate
 * set), since minimising sharing under a cost bound is a constrained-shortest-path problem.
 *
 * No path is returned when the best one shares every primary link and every primary switch
 * (Kytos's disjointness 0, which mef_eline drops): a failover path equal to the primary protects
 * nothing. Primary links missing from the graph (down) cannot be shared; their switches count as
 * primary switches only through the primary links still in the graph.
 */
import { filterLinks, flexibleLevels, metricsOf, type Metrics } from './constraints';
import { Searcher, type MajorKeys } from './dijkstra';
import type { PathGraph } from './graph';
import { compareFound, prepareQuery, sameSwitchPath, toFoundPath, type FoundPath, type PathRequest, type Query } from './request';
import { kShortestPaths } from './yen';

/** How many cheapest paths are weighed when the most disjoint one is over maxCost (mef_eline's DISJOINT_PATH_CUTOFF). */
export const DISJOINT_CANDIDATES = 10;

interface Scored {
  readonly path: FoundPath;
  readonly sharedLinks: number;
  readonly sharedSwitches: number;
}

interface Primary {
  readonly links: Uint8Array;
  readonly switches: Uint8Array;
  /** Kytos's disjointness denominator: primary links + primary switches other than the ends. */
  readonly size: number;
  readonly major: MajorKeys;
}

function primaryOf(q: Query, primaryLinks: readonly string[]): Primary {
  const g = q.g;
  const n = g.switchCount;
  const links = new Uint8Array(g.linkCount);
  const switches = new Uint8Array(n);
  const ids = new Set(primaryLinks);
  for (const id of ids) {
    const l = g.linkOf(id);
    if (l === undefined) continue;
    links[l] = 1;
    switches[g.linkSwitchA[l] as number] = 1;
    switches[g.linkSwitchB[l] as number] = 1;
  }
  switches[q.s] = 0;
  switches[q.t] = 0;
  const link = new Float64Array(g.linkCount);
  const node = new Float64Array(n);
  for (let l = 0; l < links.length; l++) if (links[l] === 1) link[l] = n + 1;
  let inner = 0;
  for (let v = 0; v < n; v++) {
    if (switches[v] === 1) {
      node[v] = 1;
      inner++;
    }
  }
  return { links, switches, size: ids.size + inner, major: { link, node } };
}

function score(q: Query, pr: Primary, arcs: readonly number[], metrics: Metrics | undefined): Scored {
  const g = q.g;
  let sharedLinks = 0;
  let sharedSwitches = 0;
  for (const a of arcs) {
    if (pr.links[g.arcLink[a] as number] === 1) sharedLinks++;
    if (pr.switches[g.arcHead[a] as number] === 1) sharedSwitches++;
  }
  return { path: toFoundPath(q, arcs, metrics), sharedLinks, sharedSwitches };
}

function better(a: Scored, b: Scored | undefined): boolean {
  if (b === undefined) return true;
  if (a.sharedLinks !== b.sharedLinks) return a.sharedLinks < b.sharedLinks;
  if (a.sharedSwitches !== b.sharedSwitches) return a.sharedSwitches < b.sharedSwitches;
  return compareFound(a.path, b.path) < 0;
}

/** The most disjoint path of one filtered graph within maxCost, if any. */
function bestOf(q: Query, pr: Primary, searcher: Searcher, allowed: Uint8Array, metrics: Metrics | undefined): Scored | undefined {
  searcher.clearBlocks();
  const arcs = searcher.shortest(q.s, q.t, q.cost, allowed, pr.major);
  if (arcs === undefined) return undefined;
  const top = score(q, pr, arcs, metrics);
  if (top.path.cost <= q.maxCost) return top;
  let best: Scored | undefined;
  for (const p of kShortestPaths(q.g, searcher, q.s, q.t, DISJOINT_CANDIDATES, q.cost, allowed, q.searchBound)) {
    const c = score(q, pr, p.arcs, metrics);
    if (c.path.cost <= q.maxCost && better(c, best)) best = c;
  }
  return best;
}

/**
 * Pure. The path from `req.source` to `req.destination` under `req`'s constraints that shares the
 * fewest links with the primary (`primaryLinks`), then the fewest switches other than the end
 * switches, then costs least; undefined when there is none, or when it shares all of the primary.
 * Throws PathConstraintError as findPaths does.
 */
export function findDisjointPath(g: PathGraph, primaryLinks: readonly string[], req: PathRequest): FoundPath | undefined {
  const q = prepareQuery(g, req);
  if (q === undefined) return undefined;
  if (q.s === q.t) {
    // No link to share; the one-switch path is the only loopless one.
    const metrics = q.constrained ? metricsOf([...q.mandatory, ...q.flexible]) : undefined;
    const p = sameSwitchPath(q, metrics);
    return p.cost <= q.maxCost ? p : undefined;
  }
  const pr = primaryOf(q, primaryLinks);
  const searcher = new Searcher(g);
  let best: Scored | undefined;
  if (!q.constrained) {
    best = bestOf(q, pr, searcher, q.base, undefined);
  } else {
    const afterMandatory = filterLinks(g, q.base, q.mandatory);
    for (const level of flexibleLevels(q.flexible, req.minimumFlexibleHits)) {
      for (const combo of level) {
        const allowed = combo.length === 0 ? afterMandatory : filterLinks(g, afterMandatory, combo);
        const c = bestOf(q, pr, searcher, allowed, metricsOf([...q.mandatory, ...combo]));
        if (c !== undefined && better(c, best)) best = c;
      }
      if (best !== undefined) break;
    }
  }
  if (best === undefined) return undefined;
  if (pr.size > 0 && best.sharedLinks + best.sharedSwitches === pr.size) return undefined;
  return best.path;
}
