/**
 * Independent oracles for the pathfinder property tests, written from kytos-api.md §5 and not from
 * the production code: Kytos's interface-level graph (switch and interface nodes, switch–interface
 * edges of weight 1, one edge per link), brute-force enumeration of its simple paths, and
 * Bellman-Ford. Only for small graphs.
 */
import type { PathGraphInput } from '../../../src/pathfinder/graph';
import type { Metrics } from '../../../src/pathfinder/paths';
import { Rng } from '../../support/rng';

type Attr = 'hop' | 'delay' | 'priority';

interface Edge {
  readonly to: string;
  readonly w: number;
  /** The link id, for link edges. */
  readonly link?: string;
}

/** Kytos's weight of a link edge: the metadata value, 1 when missing (the generators only write numbers ≥ 0). */
function weightOf(meta: Readonly<Record<string, unknown>>, attr: Attr): number {
  if (attr === 'hop') return 1;
  const v = meta[attr];
  return typeof v === 'number' ? v : 1;
}

/** The interface-level graph without the links `skip` rejects. */
export function kytosGraph(inp: PathGraphInput, attr: Attr, keep: (link: PathGraphInput['links'][number]) => boolean): Map<string, Edge[]> {
  const adj = new Map<string, Edge[]>();
  const add = (a: string, e: Edge): void => {
    const list = adj.get(a);
    if (list === undefined) adj.set(a, [e]);
    else list.push(e);
  };
  for (const s of inp.switches) adj.set(s.dpid, []);
  for (const i of inp.interfaces) {
    add(i.dpid, { to: i.id, w: 1 });
    add(i.id, { to: i.dpid, w: 1 });
  }
  for (const l of inp.links) {
    if (!keep(l)) continue;
    const w = weightOf(l.metadata, attr);
    add(l.endpointA, { to: l.endpointB, w, link: l.id });
    add(l.endpointB, { to: l.endpointA, w, link: l.id });
  }
  return adj;
}

export interface OraclePath {
  readonly hops: string[];
  readonly cost: number;
  readonly links: string[];
}

/** Every simple path from `src` to `dst`, with Kytos's cost (edge weights summed in hop order). */
export function allSimplePaths(adj: Map<string, Edge[]>, src: string, dst: string): OraclePath[] {
  const out: OraclePath[] = [];
  if (!adj.has(src) || !adj.has(dst)) return out;
  if (src === dst) return [{ hops: [src], cost: 0, links: [] }];
  const hops = [src];
  const links: string[] = [];
  const on = new Set([src]);
  const walk = (at: string, cost: number): void => {
    for (const e of adj.get(at) ?? []) {
      if (on.has(e.to)) continue;
      hops.push(e.to);
      if (e.link !== undefined) links.push(e.link);
      if (e.to === dst) out.push({ hops: [...hops], cost: cost + e.w, links: [...links] });
      else {
        on.add(e.to);
        walk(e.to, cost + e.w);
        on.delete(e.to);
      }
      hops.pop();
      if (e.link !== undefined) links.pop();
    }
  };
  walk(src, 0);
  return out;
}

/** Order by cost, then hop list element by element (code-unit order). */
export function byCostThenHops(a: { cost: number; hops: string[] }, b: { cost: number; hops: string[] }): number {
  if (a.cost !== b.cost) return a.cost - b.cost;
  for (let i = 0; i < Math.min(a.hops.length, b.hops.length); i++) {
    const x = a.hops[i] as string;
    const y = b.hops[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.hops.length - b.hops.length;
}

/** Bellman-Ford: the least cost from `src` to `dst`, or undefined when unreachable. */
export function bellmanFord(adj: Map<string, Edge[]>, src: string, dst: string): number | undefined {
  const dist = new Map<string, number>([[src, 0]]);
  for (let round = 0; round < adj.size; round++) {
    let changed = false;
    for (const [u, edges] of adj) {
      const du = dist.get(u);
      if (du === undefined) continue;
      for (const e of edges) {
        const dv = dist.get(e.to);
        if (dv === undefined || du + e.w < dv) {
          dist.set(e.to, du + e.w);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return dist.get(dst);
}

/** Whether a link's metadata satisfies every metric of `m`, as kytos-api.md §5 states the comparators. */
export function satisfies(meta: Readonly<Record<string, unknown>>, m: Metrics): boolean {
  const owners = (): string[] | undefined => {
    const o = meta['ownership'];
    if (o === undefined || o === null) return undefined;
    if (typeof o === 'string') return o.split(' ').filter((x) => x.length > 0);
    if (Array.isArray(o)) return o as string[];
    return Object.keys(o as object);
  };
  const num = (k: string): number | undefined => (typeof meta[k] === 'number' ? (meta[k] as number) : undefined);
  if (m.bandwidth !== undefined && (num('bandwidth') ?? m.bandwidth) < m.bandwidth) return false;
  if (m.reliability !== undefined && (num('reliability') ?? m.reliability) < m.reliability) return false;
  if (m.priority !== undefined && (num('priority') ?? m.priority) > m.priority) return false;
  if (m.utilization !== undefined && (num('utilization') ?? m.utilization) > m.utilization) return false;
  if (m.delay !== undefined && (num('delay') ?? m.delay) > m.delay) return false;
  if (m.ownership !== undefined && !(owners()?.includes(m.ownership) ?? true)) return false;
  if (m.not_ownership !== undefined && (owners() ?? []).some((o) => m.not_ownership?.includes(o))) return false;
  return true;
}

const OWNERS = ['red', 'blue', 'green'];

/** Random link metadata: each key present or not; ownership as a string, an object or a list. */
export function randomMetadata(rng: Rng): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  if (rng.chance(0.8)) m['delay'] = rng.int(40) / 4; // quarters: exact in binary, so sums do not depend on their order
  if (rng.chance(0.8)) m['priority'] = rng.int(5);
  if (rng.chance(0.8)) m['bandwidth'] = rng.pick([1, 10, 40, 100]);
  if (rng.chance(0.7)) m['utilization'] = rng.int(101);
  if (rng.chance(0.5)) m['reliability'] = rng.range(1, 100);
  if (rng.chance(0.7)) {
    const own = OWNERS.filter(() => rng.chance(0.4));
    m['ownership'] = rng.pick([own.join(' '), Object.fromEntries(own.map((o) => [o, {}])), own]);
  }
  return m;
}

/** Random metrics: a few of the seven, with values around the generated metadata. */
export function randomMetrics(rng: Rng, max: number): Metrics {
  const all: Metrics = {
    bandwidth: rng.pick([1, 10, 40, 100]),
    reliability: rng.range(1, 100),
    priority: rng.int(5),
    utilization: rng.int(101),
    delay: rng.int(10),
    ownership: rng.pick(OWNERS),
    not_ownership: OWNERS.filter(() => rng.chance(0.3)),
  };
  const keys = (Object.keys(all) as (keyof Metrics)[]).filter(() => rng.chance(max / 7));
  return Object.fromEntries(keys.slice(0, max).map((k) => [k, all[k]])) as Metrics;
}

/**
 * A random topology: n switches, each with UNI port 1 and no link on it; `extra` links beyond a
 * random spanning tree, or fewer (a tree minus some links, so parts may be disconnected); parallel
 * links allowed; ports numbered 2..20 so that code-unit order differs from numeric order.
 */
export function randomTopology(rng: Rng, n: number, links: number): PathGraphInput {
  const dpid = (i: number): string => `00:00:00:00:00:00:00:${(i + 1).toString(16).padStart(2, '0')}`;
  const switches = Array.from({ length: n }, (_, i) => ({ dpid: dpid(i) }));
  const free: number[][] = Array.from({ length: n }, () => {
    const ports = Array.from({ length: 19 }, (_, i) => i + 2);
    for (let i = ports.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [ports[i], ports[j]] = [ports[j] as number, ports[i] as number];
    }
    return ports;
  });
  const interfaces: { id: string; dpid: string }[] = switches.map((s) => ({ id: `${s.dpid}:1`, dpid: s.dpid }));
  const out: { id: string; endpointA: string; endpointB: string; metadata: Record<string, unknown> }[] = [];
  const pairs: [number, number][] = [];
  for (let i = 1; i < n; i++) pairs.push([rng.int(i), i]);
  while (pairs.length < links) {
    const a = rng.int(n);
    const b = rng.int(n);
    if (a !== b) pairs.push([a, b]);
  }
  for (const [a, b] of pairs.slice(0, links)) {
    const pa = free[a]?.pop();
    const pb = free[b]?.pop();
    if (pa === undefined || pb === undefined) continue;
    const ia = `${dpid(a)}:${pa}`;
    const ib = `${dpid(b)}:${pb}`;
    interfaces.push({ id: ia, dpid: dpid(a) }, { id: ib, dpid: dpid(b) });
    out.push({ id: `L${out.length}`, endpointA: ia, endpointB: ib, metadata: randomMetadata(rng) });
  }
  return { switches, interfaces, links: out };
}
