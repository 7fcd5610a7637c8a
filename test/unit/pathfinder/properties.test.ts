/**
 * Property tests on seeded random topologies, against the brute-force oracles of oracle.ts (Kytos's
 * interface-level graph). PATHFINDER_SEED=<n|random> changes the seed.
 */
import { PathGraph, type PathGraphInput, type SpfAttribute } from '../../../src/pathfinder/graph';
import { findDisjointPath, findPaths, type FoundPath, type Metrics, type PathRequest } from '../../../src/pathfinder/paths';
import { Rng, seedFromEnv } from '../../support/rng';
import { allSimplePaths, bellmanFord, byCostThenHops, kytosGraph, randomMetrics, randomTopology, satisfies } from './oracle';

const SEED = seedFromEnv('PATHFINDER_SEED', 0x5eed_6a7b);
const ATTRS: readonly SpfAttribute[] = ['hop', 'delay', 'priority'];

function randomRequest(rng: Rng, inp: PathGraphInput, extra: Partial<PathRequest> = {}): PathRequest {
  const end = (): string => {
    const s = rng.pick(inp.switches).dpid;
    return rng.chance(0.75) ? `${s}:1` : s;
  };
  return {
    source: end(),
    destination: end(),
    spfAttribute: rng.pick(ATTRS),
    maxPaths: rng.range(1, 6),
    undesiredLinks: inp.links.filter(() => rng.chance(0.1)).map((l) => l.id),
    mandatory: {},
    flexible: {},
    ...extra,
  };
}

/** The switches a hop list passes through (entries that are dpids). */
function switchesOf(p: FoundPath, inp: PathGraphInput): string[] {
  const dpids = new Set(inp.switches.map((s) => s.dpid));
  return p.hops.filter((h) => dpids.has(h));
}

function linkById(inp: PathGraphInput): Map<string, PathGraphInput['links'][number]> {
  return new Map(inp.links.map((l) => [l.id, l]));
}

describe(`findPaths properties (seed ${SEED})`, () => {
  it('equals the k first simple paths of brute-force enumeration, costs and hops, on small graphs', () => {
    const rng = new Rng(SEED);
    let nonEmpty = 0;
    for (let round = 0; round < 300; round++) {
      const n = rng.range(2, 7);
      const inp = randomTopology(rng, n, rng.range(n - 2, n + 6));
      const req = randomRequest(rng, inp, rng.chance(0.3) ? { maxCost: rng.range(4, 30) } : {});
      const undesired = new Set(req.undesiredLinks);
      const all = allSimplePaths(kytosGraph(inp, req.spfAttribute, (l) => !undesired.has(l.id)), req.source, req.destination);
      const want = all
        .filter((p) => req.maxCost === undefined || p.cost <= req.maxCost)
        .sort(byCostThenHops)
        .slice(0, req.maxPaths);
      const got = findPaths(PathGraph.build(inp), req);
      expect({ round, paths: got.map((p) => ({ hops: p.hops, cost: p.cost, links: p.links })) }).toEqual({ round, paths: want });
      if (got.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(150);
  });

  it('on larger graphs: simple, sorted, at most k, edges of the graph, and the first costs what Bellman-Ford says', () => {
    const rng = new Rng(SEED ^ 0x1111);
    for (let round = 0; round < 60; round++) {
      const n = rng.range(10, 40);
      const inp = randomTopology(rng, n, rng.range(n, 3 * n));
      const req = randomRequest(rng, inp);
      const undesired = new Set(req.undesiredLinks);
      const adj = kytosGraph(inp, req.spfAttribute, (l) => !undesired.has(l.id));
      const got = findPaths(PathGraph.build(inp), req);
      expect(got.length).toBeLessThanOrEqual(req.maxPaths);
      expect(got[0]?.cost).toBe(bellmanFord(adj, req.source, req.destination));
      for (const [i, p] of got.entries()) {
        expect(new Set(p.hops).size).toBe(p.hops.length);
        const sw = switchesOf(p, inp);
        expect(new Set(sw).size).toBe(sw.length);
        // Every consecutive pair of hops is an edge; the edge weights add up to the cost.
        let cost = 0;
        for (let h = 1; h < p.hops.length; h++) {
          const e = adj.get(p.hops[h - 1] as string)?.find((x) => x.to === p.hops[h]);
          expect(e).toBeDefined();
          cost += e?.w ?? NaN;
        }
        expect(cost).toBe(p.cost);
        if (i > 0) expect(byCostThenHops(got[i - 1] as FoundPath, p)).toBeLessThan(0);
      }
    }
  });

  it('does not depend on the order of the input', () => {
    const rng = new Rng(SEED ^ 0x2222);
    const shuffle = <T>(xs: readonly T[]): T[] => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    };
    for (let round = 0; round < 40; round++) {
      const n = rng.range(4, 12);
      const inp = randomTopology(rng, n, rng.range(n, 2 * n));
      const req = randomRequest(rng, inp);
      const shuffled = { switches: shuffle(inp.switches), interfaces: shuffle(inp.interfaces), links: shuffle(inp.links) };
      expect(findPaths(PathGraph.build(shuffled), req)).toEqual(findPaths(PathGraph.build(inp), req));
    }
  });
});

describe(`constrained findPaths properties (seed ${SEED})`, () => {
  it('every link meets the metrics its path reports; one level; mandatory always; first cost is Bellman-Ford on that filter', () => {
    const rng = new Rng(SEED ^ 0x3333);
    let constrainedFound = 0;
    for (let round = 0; round < 200; round++) {
      const n = rng.range(3, 16);
      const inp = randomTopology(rng, n, rng.range(n, 3 * n));
      const mandatory = randomMetrics(rng, 2);
      // Flexible metrics on other keys than the mandatory ones (a key in both is a hand-written test).
      const flexible = Object.fromEntries(Object.entries(randomMetrics(rng, 3)).filter(([k]) => !(k in mandatory))) as Metrics;
      const minimumFlexibleHits = rng.range(-1, 4);
      const req = randomRequest(rng, inp, { mandatory, flexible, minimumFlexibleHits });
      const got = findPaths(PathGraph.build(inp), req);
      if (Object.keys(mandatory).length + Object.keys(flexible).length === 0) {
        // No metric at all: an unconstrained search, whose results carry no metrics.
        expect(got.every((p) => p.metrics === undefined)).toBe(true);
        continue;
      }
      const links = linkById(inp);
      const undesired = new Set(req.undesiredLinks);
      const minHits = Math.min(Object.keys(flexible).length, Math.max(0, minimumFlexibleHits));
      expect(got.length).toBeLessThanOrEqual(req.maxPaths);
      const levels = new Set<number>();
      for (const [i, p] of got.entries()) {
        const metrics = p.metrics as Record<string, unknown>;
        expect(metrics).toBeDefined();
        // The mandatory metrics, and some of the flexible ones, with the requested values.
        const hits = Object.keys(metrics).filter((k) => !(k in mandatory));
        expect(metrics).toEqual({ ...mandatory, ...Object.fromEntries(hits.map((k) => [k, (flexible as Record<string, unknown>)[k]])) });
        expect(hits.length).toBeGreaterThanOrEqual(minHits);
        levels.add(hits.length);
        for (const id of p.links) {
          expect(undesired.has(id)).toBe(false);
          expect({ id, ok: satisfies(links.get(id)?.metadata ?? {}, metrics as Metrics) }).toEqual({ id, ok: true });
        }
        const sw = switchesOf(p, inp);
        expect(new Set(sw).size).toBe(sw.length);
        if (i > 0) expect(byCostThenHops(got[i - 1] as FoundPath, p)).toBeLessThan(0);
      }
      // All the paths come from one level of flexible combinations.
      expect(levels.size).toBeLessThanOrEqual(1);
      const first = got[0];
      if (first !== undefined) {
        constrainedFound++;
        const m = first.metrics as Metrics;
        const adj = kytosGraph(inp, req.spfAttribute, (l) => !undesired.has(l.id) && satisfies(l.metadata, m));
        expect(first.cost).toBe(bellmanFord(adj, req.source, req.destination));
      } else {
        // Nothing at any level, down to minHits flexible metrics: in particular the first
        // combination of the lowest level connects nothing (with minHits 0: mandatory only).
        const lowest = Object.fromEntries(Object.entries(flexible).slice(0, minHits)) as Metrics;
        const adj = kytosGraph(inp, req.spfAttribute, (l) => !undesired.has(l.id) && satisfies(l.metadata, mandatory) && satisfies(l.metadata, lowest));
        expect(bellmanFord(adj, req.source, req.destination)).toBeUndefined();
      }
    }
    expect(constrainedFound).toBeGreaterThan(60);
  });
});

describe(`findDisjointPath properties (seed ${SEED})`, () => {
  it('shares the fewest links, then switches, then costs least (brute force over all simple paths)', () => {
    const rng = new Rng(SEED ^ 0x4444);
    let checked = 0;
    for (let round = 0; round < 250; round++) {
      const n = rng.range(3, 7);
      const inp = randomTopology(rng, n, rng.range(n, n + 6));
      const req = randomRequest(rng, inp, { maxPaths: 1 });
      const undesired = new Set(req.undesiredLinks);
      const all = allSimplePaths(kytosGraph(inp, req.spfAttribute, (l) => !undesired.has(l.id)), req.source, req.destination);
      // The primary: any simple path of the full graph between the same ends.
      const primaryAll = allSimplePaths(kytosGraph(inp, req.spfAttribute, () => true), req.source, req.destination);
      if (primaryAll.length === 0) continue;
      const primary = rng.pick(primaryAll);
      const dpids = new Set(inp.switches.map((s) => s.dpid));
      const sws = (hops: string[]): string[] => hops.filter((h) => dpids.has(h));
      const primarySw = sws(primary.hops);
      const inner = new Set(primarySw.slice(1, -1));
      const score = (p: { hops: string[]; links: string[] }): [number, number] => [
        p.links.filter((l) => primary.links.includes(l)).length,
        sws(p.hops).filter((s) => inner.has(s)).length,
      ];
      const best = [...all].sort((a, b) => {
        const [la, sa] = score(a);
        const [lb, sb] = score(b);
        return la - lb || sa - sb || byCostThenHops(a, b);
      })[0];
      const got = findDisjointPath(PathGraph.build(inp), primary.links, req);
      if (best === undefined) {
        expect(got).toBeUndefined();
        continue;
      }
      const [bl, bs] = score(best);
      const useless = primary.links.length + inner.size > 0 && bl + bs === primary.links.length + inner.size;
      expect({ round, got: got && { hops: got.hops, cost: got.cost } }).toEqual({ round, got: useless ? undefined : { hops: best.hops, cost: best.cost } });
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });
});
