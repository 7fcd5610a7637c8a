/**
 * Path queries (kytos-api.md §5): the k best loopless paths between two interfaces or switches,
 * optionally constrained by link metrics, and the path most disjoint from a given one
 * (disjoint.ts). Pure: every function here reads an immutable PathGraph.
 *
 * Unconstrained: Yen's k shortest loopless paths (yen.ts) on the graph without the undesired
 * links, keeping those within maxCost.
 *
 * Constrained (some mandatory or flexible metric): the links are filtered by every mandatory metric;
 * then, for i from len(flexible) down to minimumFlexibleHits (clamped to 0..len), for each
 * combination of i flexible metrics (in the request's key order), the links are filtered again and
 * Yen runs. The search stops once k paths are collected, or at the end of a level that found any.
 * Each path carries the `metrics` it satisfied (mandatory + that combination). (One path cannot
 * come from two combinations of one level: it would satisfy their union, hence a combination of
 * the level above, which would have ended the search. The map below only makes that explicit.)
 * Two deliberate differences from Kytos-ng: paths over maxCost do not count as found (Kytos
 * filters them after the search, so a level whose paths are all too expensive ends it with no
 * answer, even when a lower level had a path within the bound); and the answer never has more than
 * k paths, the cheapest of those collected (Kytos stops only when the count hits k exactly, so
 * several combinations of one level can overshoot it).
 *
 * The answer is sorted by cost, then hop list (so ties never depend on the input's order).
 * Costs are floating-point sums as Kytos computes them; two paths whose costs differ only by
 * rounding are ordered by those sums.
 */
import { filterLinks, flexibleLevels, metricsOf, type Metrics } from './constraints';
import { Searcher } from './dijkstra';
import type { PathGraph } from './graph';
import { compareFound, prepareQuery, sameSwitchPath, toFoundPath, type FoundPath, type PathRequest, type Query } from './request';
import { kShortestPaths } from './yen';

export type { Metrics } from './constraints';
export type { SpfAttribute } from './graph';
export type { FoundPath, PathRequest } from './request';
export { findDisjointPath } from './disjoint';

/** Up to k paths of one filtered graph, cheapest first, none over maxCost. */
function collect(q: Query, searcher: Searcher, allowed: Uint8Array, k: number, metrics: Metrics | undefined): FoundPath[] {
  if (q.s === q.t) {
    const p = sameSwitchPath(q, metrics);
    return p.cost <= q.maxCost ? [p] : [];
  }
  return kShortestPaths(q.g, searcher, q.s, q.t, k, q.cost, allowed, q.searchBound)
    .map((p) => toFoundPath(q, p.arcs, metrics))
    .filter((p) => p.cost <= q.maxCost);
}

function finish(paths: FoundPath[], k: number): FoundPath[] {
  return paths.sort(compareFound).slice(0, k);
}

/**
 * Pure. Up to `req.maxPaths` paths from `req.source` to `req.destination`, ordered by cost, then
 * hops; [] when an endpoint is not in the graph or nothing connects them. Throws
 * PathConstraintError when a metric value (requested, or in a link's metadata) has the wrong type.
 */
export function findPaths(g: PathGraph, req: PathRequest): FoundPath[] {
  const q = prepareQuery(g, req);
  const k = Math.floor(req.maxPaths);
  if (q === undefined || !(k >= 1)) return [];
  const searcher = new Searcher(g);
  if (!q.constrained) return finish(collect(q, searcher, q.base, k, undefined), k);

  const afterMandatory = filterLinks(g, q.base, q.mandatory);
  const found = new Map<string, FoundPath>();
  for (const level of flexibleLevels(q.flexible, req.minimumFlexibleHits)) {
    for (const combo of level) {
      const allowed = combo.length === 0 ? afterMandatory : filterLinks(g, afterMandatory, combo);
      const metrics = metricsOf([...q.mandatory, ...combo]);
      for (const p of collect(q, searcher, allowed, k, metrics)) {
        const key = p.hops.join(' ');
        if (!found.has(key)) found.set(key, p);
      }
      if (found.size >= k) return finish([...found.values()], k);
    }
    if (found.size > 0) break;
  }
  return finish([...found.values()], k);
}
