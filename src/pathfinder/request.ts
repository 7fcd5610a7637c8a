/**
 * What a path query asks and answers, and the steps every query shares: resolving the endpoints,
 * the links a search may use, and turning a switch-level path into Kytos's hop list and cost.
 *
 * Endpoints: an interface id (`<dpid>:<port>`) or a dpid. An endpoint that is not in the graph
 * (unknown, or not usable: down, disabled) gives no path. The hop list alternates like Kytos's:
 * [src_intf, sw1, sw1:out, sw2:in, sw2, ..., dst_intf], starting (ending) with the switch when the
 * source (destination) is a dpid.
 *
 * An end interface is entered and left through its own switch. In Kytos's interface-level graph a
 * path could also leave through the end interface's own link (skipping its switch), and it could
 * never use that link after its switch, since that would pass the interface twice; mef_eline cannot
 * use the first kind, so we search neither: links attached to an end interface are left out.
 */
import type { MetricEntry, Metrics } from './constraints';
import { metricEntries } from './constraints';
import type { PathGraph, SpfAttribute } from './graph';

export interface PathRequest {
  /** An interface id or a dpid. */
  readonly source: string;
  readonly destination: string;
  readonly spfAttribute: SpfAttribute;
  /** Up to this many paths (Kytos spf_max_paths). */
  readonly maxPaths: number;
  /** Paths costing more are left out (Kytos spf_max_path_cost; undefined or 0: no bound, as Kytos's falsy check). */
  readonly maxCost?: number;
  readonly undesiredLinks: readonly string[];
  readonly mandatory: Metrics;
  readonly flexible: Metrics;
  readonly minimumFlexibleHits?: number;
}

export interface FoundPath {
  hops: string[];
  /** Kytos's cost: the sum of the attribute along the interface-level path (switch–interface edges 1 each). */
  cost: number;
  /** The link ids, in path order. */
  links: string[];
  /** On constrained results only: the metrics the path satisfies (mandatory + the flexible combination). */
  metrics?: Metrics;
}

/** A query resolved against one graph. */
export interface Query {
  readonly g: PathGraph;
  readonly source: string;
  readonly destination: string;
  /** Source and destination switch indices. */
  readonly s: number;
  readonly t: number;
  readonly srcIsInterface: boolean;
  readonly dstIsInterface: boolean;
  /** w(link) and the search cost w(link) + 2, per link index. */
  readonly weights: Float64Array;
  readonly cost: Float64Array;
  /** Upper bound on the reported cost (Infinity: none). */
  readonly maxCost: number;
  /** The bound on the search cost Σ(w + 2) that maxCost implies, with slack for summation order. */
  readonly searchBound: number;
  /** Links the search may use (1): all but the undesired ones and those attached to an end interface. */
  readonly base: Uint8Array;
  readonly constrained: boolean;
  readonly mandatory: readonly MetricEntry[];
  readonly flexible: readonly MetricEntry[];
}

function endpoint(g: PathGraph, id: string): { sw: number; isInterface: boolean } | undefined {
  const sw = g.switchOf(id);
  if (sw !== undefined) return { sw, isInterface: false };
  const at = g.switchOfInterface(id);
  return at === undefined ? undefined : { sw: at, isInterface: true };
}

/**
 * Pure. Resolves `req` against `g`; undefined when an endpoint is not in the graph. Throws
 * PathConstraintError on a metric value of the wrong type.
 */
export function prepareQuery(g: PathGraph, req: PathRequest): Query | undefined {
  const mandatory = metricEntries(req.mandatory);
  const flexible = metricEntries(req.flexible);
  const src = endpoint(g, req.source);
  const dst = endpoint(g, req.destination);
  if (src === undefined || dst === undefined) return undefined;
  const base = new Uint8Array(g.linkCount).fill(1);
  for (const id of req.undesiredLinks) {
    const l = g.linkOf(id);
    if (l !== undefined) base[l] = 0;
  }
  if (src.isInterface) for (const l of g.linksAt(req.source)) base[l] = 0;
  if (dst.isInterface) for (const l of g.linksAt(req.destination)) base[l] = 0;
  const maxCost = req.maxCost === undefined || req.maxCost === 0 ? Infinity : req.maxCost;
  const ends = (src.isInterface ? 1 : 0) + (dst.isInterface ? 1 : 0);
  return {
    g,
    source: req.source,
    destination: req.destination,
    s: src.sw,
    t: dst.sw,
    srcIsInterface: src.isInterface,
    dstIsInterface: dst.isInterface,
    weights: g.weightsFor(req.spfAttribute),
    cost: g.arcCostsFor(req.spfAttribute),
    maxCost,
    searchBound: maxCost - ends + 1e-9 * Math.max(1, Math.abs(maxCost)),
    base,
    constrained: mandatory.length + flexible.length > 0,
    mandatory,
    flexible,
  };
}

/**
 * Pure. The path between two endpoints on one switch: [src_intf, sw, dst_intf] (cost 2), or with
 * a dpid end [sw, intf] (cost 1); the same endpoint twice is the one-hop path [endpoint] with cost
 * 0, as networkx's shortest_simple_paths answers it.
 */
export function sameSwitchPath(q: Query, metrics: Metrics | undefined): FoundPath {
  const base = q.source === q.destination ? { hops: [q.source], cost: 0, links: [] } : toFoundPath(q, [], undefined);
  return metrics === undefined ? base : { ...base, metrics };
}

/** Pure. A switch-level path (arc indices from q.s to q.t) as Kytos shows it. */
export function toFoundPath(q: Query, arcs: readonly number[], metrics: Metrics | undefined): FoundPath {
  const g = q.g;
  const hops: string[] = [];
  const links: string[] = [];
  // Kytos sums the attribute over the hop list pairwise, left to right; the same float operations
  // in the same order give the same cost to the last bit.
  let cost = 0;
  if (q.srcIsInterface) {
    hops.push(q.source);
    cost += 1;
  }
  hops.push(g.dpids[q.s] as string);
  for (const a of arcs) {
    const l = g.arcLink[a] as number;
    hops.push(g.arcOutInterface(a), g.arcInInterface(a), g.dpids[g.arcHead[a] as number] as string);
    links.push(g.linkIds[l] as string);
    cost += 1;
    cost += q.weights[l] as number;
    cost += 1;
  }
  if (q.dstIsInterface) {
    hops.push(q.destination);
    cost += 1;
  }
  return metrics === undefined ? { hops, cost, links } : { hops, cost, links, metrics };
}

/** Pure. Orders found paths by cost, then hop list (element by element, code-unit string order). */
export function compareFound(a: FoundPath, b: FoundPath): number {
  if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  const n = Math.min(a.hops.length, b.hops.length);
  for (let i = 0; i < n; i++) {
    const x = a.hops[i] as string;
    const y = b.hops[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.hops.length - b.hops.length;
}
