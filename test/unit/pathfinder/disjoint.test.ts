/** findDisjointPath on a hand-made graph with parallel links and a detour. */
import { findDisjointPath } from '../../../src/pathfinder/paths';
import { I, S, graph, request } from './fixtures';

// Primary S1–S2–S3 over L12 and L23. Parallel links L12b and L23b; a detour S1–S4–S2 (L14, L42);
// a fully disjoint detour S1–S4–S5–S3 (L14, L45, L53).
const LINKS = [
  { id: 'L12', a: [1, 2], b: [2, 2] },
  { id: 'L12b', a: [1, 3], b: [2, 3] },
  { id: 'L23', a: [2, 4], b: [3, 2] },
  { id: 'L23b', a: [2, 5], b: [3, 3] },
  { id: 'L14', a: [1, 4], b: [4, 2], metadata: { bandwidth: 100 } },
  { id: 'L42', a: [4, 3], b: [2, 6] },
  { id: 'L45', a: [4, 4], b: [5, 2], metadata: { bandwidth: 1 } },
  { id: 'L53', a: [5, 3], b: [3, 4] },
] as const;
const g = graph(5, LINKS);
const PRIMARY = ['L12', 'L23'];
const FULL_DETOUR = [I(1, 1), S(1), I(1, 4), I(4, 2), S(4), I(4, 4), I(5, 2), S(5), I(5, 3), I(3, 4), S(3), I(3, 1)];
const PARALLEL = [I(1, 1), S(1), I(1, 3), I(2, 3), S(2), I(2, 5), I(3, 3), S(3), I(3, 1)];

describe('findDisjointPath', () => {
  it('prefers sharing no switch (cost 11: 3 links, 1 + 9 + 1) over sharing S2 at cost 8', () => {
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1)))).toEqual({ hops: FULL_DETOUR, cost: 11, links: ['L14', 'L45', 'L53'] });
  });

  it('without the full detour: the two parallel links, sharing S2 only', () => {
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1), { undesiredLinks: ['L45'] }))).toEqual({ hops: PARALLEL, cost: 8, links: ['L12b', 'L23b'] });
  });

  it('when every path shares a link, the fewest links, then the fewest switches, then the cost', () => {
    // Sharing L23 only: L12b+L23 (S2 shared, cost 8) or L14+L42+L23 (S2 shared, cost 11).
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1), { undesiredLinks: ['L45', 'L23b'] }))).toEqual({
      hops: [I(1, 1), S(1), I(1, 3), I(2, 3), S(2), I(2, 4), I(3, 2), S(3), I(3, 1)],
      cost: 8,
      links: ['L12b', 'L23'],
    });
  });

  it('gives nothing when the only path is the primary itself (Kytos disjointness 0)', () => {
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1), { undesiredLinks: ['L12b', 'L23b', 'L14', 'L42'] }))).toBeUndefined();
    expect(findDisjointPath(g, ['L12'], request(I(1, 1), I(2, 1), { undesiredLinks: ['L12b', 'L14'] }))).toBeUndefined();
    // Without L14 only, S1–S2–S4–S5–S3 shares L12 and S2 but not L23: 4 links, 1 + 12 + 1 = 14.
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1), { undesiredLinks: ['L12b', 'L23b', 'L14'] }))).toMatchObject({
      cost: 14,
      links: ['L12', 'L42', 'L45', 'L53'],
    });
  });

  it('respects maxCost: the most disjoint of the cheapest paths within it, or nothing', () => {
    // The detour costs 11 > 10; of the four 8-cost paths, L12b+L23b shares no link.
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1), { maxCost: 10 }))?.links).toEqual(['L12b', 'L23b']);
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1), { maxCost: 7 }))).toBeUndefined();
  });

  it('applies the constraints: bandwidth ≥ 10 rules out L45', () => {
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1), { mandatory: { bandwidth: 10 } }))).toEqual({
      hops: PARALLEL,
      cost: 8,
      links: ['L12b', 'L23b'],
      metrics: { bandwidth: 10 },
    });
    // Flexible: bandwidth ≥ 10 and then nothing; the first level with a path wins.
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(3, 1), { flexible: { bandwidth: 10 } }))?.metrics).toEqual({ bandwidth: 10 });
  });

  it('with no primary link (or one not in the graph) it is the shortest path', () => {
    const shortest = { hops: [I(1, 1), S(1), I(1, 2), I(2, 2), S(2), I(2, 4), I(3, 2), S(3), I(3, 1)], cost: 8, links: ['L12', 'L23'] };
    expect(findDisjointPath(g, [], request(I(1, 1), I(3, 1)))).toEqual(shortest);
    expect(findDisjointPath(g, ['gone'], request(I(1, 1), I(3, 1)))).toEqual(shortest);
  });

  it('between interfaces of one switch: the one-switch path; unknown endpoints: nothing', () => {
    expect(findDisjointPath(g, PRIMARY, request(I(2, 1), I(2, 2)))).toEqual({ hops: [I(2, 1), S(2), I(2, 2)], cost: 2, links: [] });
    expect(findDisjointPath(g, PRIMARY, request(I(1, 1), I(7, 1)))).toBeUndefined();
  });
});
