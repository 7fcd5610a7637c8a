/**
 * findPaths on small hand-made graphs. Every expected cost is written out from Kytos's
 * interface-level graph: 1 per switch–interface edge, w per link (hop: 1).
 */
import { findPaths } from '../../../src/pathfinder/paths';
import { I, S, SQUARE, VIA_DIAGONAL, VIA_S2, VIA_S4, graph, request } from './fixtures';

const square = graph(4, SQUARE);
const costsAndHops = (ps: { hops: string[]; cost: number }[]): [number, string[]][] => ps.map((p) => [p.cost, p.hops]);

describe('findPaths: the square with a diagonal', () => {
  it('gives the three loopless paths by hop count: 5 (1+1+1+1+1), then 8 and 8 ordered by hops', () => {
    // Diagonal: S1:1–S1, S1–S1:4, S1:4–S3:4, S3:4–S3, S3–S3:1 = 5 edges of weight 1.
    // Via S2 or S4: 8 edges. S1:2 sorts before S1:3, so via S2 comes first.
    const paths = findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 3 }));
    expect(costsAndHops(paths)).toEqual([
      [5, VIA_DIAGONAL],
      [8, VIA_S2],
      [8, VIA_S4],
    ]);
    expect(paths.map((p) => p.links)).toEqual([['L13'], ['L12', 'L23'], ['L41', 'L34']]);
    expect(paths.every((p) => p.metrics === undefined)).toBe(true);
  });

  it('returns no more paths than exist, and no more than asked', () => {
    expect(findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 10 }))).toHaveLength(3);
    expect(costsAndHops(findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 1 })))).toEqual([[5, VIA_DIAGONAL]]);
    expect(findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 0 }))).toEqual([]);
  });

  it('weighs by delay: Σdelay + 2 per link + 2', () => {
    // via S2: (1 + 1) + 4 + 2 = 8; via S4: (2 + 5) + 4 + 2 = 13; diagonal: 10 + 2 + 2 = 14.
    const paths = findPaths(square, request(I(1, 1), I(3, 1), { spfAttribute: 'delay', maxPaths: 3 }));
    expect(costsAndHops(paths)).toEqual([
      [8, VIA_S2],
      [13, VIA_S4],
      [14, VIA_DIAGONAL],
    ]);
  });

  it('weighs by priority, 1 where a link has none', () => {
    // Only L13 has a priority (5): diagonal 5 + 2 + 2 = 9; via S2 and via S4 (1 + 1) + 4 + 2 = 8.
    const paths = findPaths(square, request(I(1, 1), I(3, 1), { spfAttribute: 'priority', maxPaths: 3 }));
    expect(costsAndHops(paths)).toEqual([
      [8, VIA_S2],
      [8, VIA_S4],
      [9, VIA_DIAGONAL],
    ]);
  });

  it('between switches starts and ends with the dpid and costs Σw + 2 per link', () => {
    const paths = findPaths(square, request(S(1), S(3), { maxPaths: 2 }));
    expect(costsAndHops(paths)).toEqual([
      [3, [S(1), I(1, 4), I(3, 4), S(3)]],
      [6, [S(1), I(1, 2), I(2, 2), S(2), I(2, 3), I(3, 2), S(3)]],
    ]);
    // A dpid at one end and an interface at the other: one end edge, 4.
    expect(costsAndHops(findPaths(square, request(S(1), I(3, 1), { maxPaths: 1 })))).toEqual([[4, [S(1), I(1, 4), I(3, 4), S(3), I(3, 1)]]]);
  });

  it('drops paths over maxCost', () => {
    expect(costsAndHops(findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 3, maxCost: 7 })))).toEqual([[5, VIA_DIAGONAL]]);
    expect(findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 3, maxCost: 8 }))).toHaveLength(3);
    expect(findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 3, maxCost: 4 }))).toEqual([]);
    // 0 means no bound, as Kytos's falsy check.
    expect(findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 3, maxCost: 0 }))).toHaveLength(3);
  });

  it('removes undesired links first; unknown link ids are ignored', () => {
    const paths = findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 3, undesiredLinks: ['L13', 'nope'] }));
    expect(costsAndHops(paths)).toEqual([
      [8, VIA_S2],
      [8, VIA_S4],
    ]);
    expect(findPaths(square, request(I(1, 1), I(3, 1), { undesiredLinks: ['L13', 'L12', 'L34'] }))).toEqual([]);
  });

  it('never leaves through a link attached to an end interface', () => {
    // S1:2 is L12's end: from it the paths go through S1 by the diagonal or via S4, never over L12.
    const paths = findPaths(square, request(I(1, 2), I(3, 1), { maxPaths: 3 }));
    expect(costsAndHops(paths)).toEqual([
      [5, [I(1, 2), S(1), I(1, 4), I(3, 4), S(3), I(3, 1)]],
      [8, [I(1, 2), S(1), I(1, 3), I(4, 2), S(4), I(4, 3), I(3, 3), S(3), I(3, 1)]],
    ]);
  });
});

describe('findPaths: endpoints', () => {
  it('two UNIs on neighbouring switches: the Kytos 5', () => {
    const g = graph(2, [{ id: 'L', a: [1, 2], b: [2, 2] }]);
    expect(findPaths(g, request(I(1, 1), I(2, 1)))).toEqual([{ hops: [I(1, 1), S(1), I(1, 2), I(2, 2), S(2), I(2, 1)], cost: 5, links: ['L'] }]);
  });

  it('two interfaces of one switch: [src, sw, dst] with cost 2; a dpid and its interface: cost 1', () => {
    const g = graph(2, [{ id: 'L', a: [1, 2], b: [2, 2] }]);
    expect(findPaths(g, request(I(1, 1), I(1, 2), { maxPaths: 5 }))).toEqual([{ hops: [I(1, 1), S(1), I(1, 2)], cost: 2, links: [] }]);
    expect(findPaths(g, request(S(1), I(1, 1)))).toEqual([{ hops: [S(1), I(1, 1)], cost: 1, links: [] }]);
    expect(findPaths(g, request(I(1, 1), S(1)))).toEqual([{ hops: [I(1, 1), S(1)], cost: 1, links: [] }]);
    expect(findPaths(g, request(I(1, 1), I(1, 2), { maxCost: 1 }))).toEqual([]);
  });

  it('the same endpoint twice is the one-hop path with cost 0 (networkx answers [source])', () => {
    const g = graph(2, [{ id: 'L', a: [1, 2], b: [2, 2] }]);
    expect(findPaths(g, request(I(1, 1), I(1, 1)))).toEqual([{ hops: [I(1, 1)], cost: 0, links: [] }]);
    expect(findPaths(g, request(S(2), S(2)))).toEqual([{ hops: [S(2)], cost: 0, links: [] }]);
  });

  it('an endpoint that is not in the graph (unknown, down) gives no path', () => {
    const g = graph(2, [{ id: 'L', a: [1, 2], b: [2, 2] }]);
    expect(findPaths(g, request(I(1, 1), I(2, 9)))).toEqual([]);
    expect(findPaths(g, request(I(1, 1), S(7)))).toEqual([]);
    expect(findPaths(g, request('nonsense', I(2, 1)))).toEqual([]);
  });

  it('disconnected parts give no path', () => {
    const g = graph(4, [
      { id: 'L12', a: [1, 2], b: [2, 2] },
      { id: 'L34', a: [3, 2], b: [4, 2] },
    ]);
    expect(findPaths(g, request(I(1, 1), I(3, 1)))).toEqual([]);
    expect(findPaths(g, request(S(2), S(4)))).toEqual([]);
  });

  it('a line has exactly one path: 3 links, 1 + 3·3 + 1 = 11', () => {
    const g = graph(4, [
      { id: 'L12', a: [1, 2], b: [2, 2] },
      { id: 'L23', a: [2, 3], b: [3, 2] },
      { id: 'L34', a: [3, 3], b: [4, 2] },
    ]);
    const paths = findPaths(g, request(I(1, 1), I(4, 1), { maxPaths: 4 }));
    expect(paths.map((p) => [p.cost, p.links])).toEqual([[11, ['L12', 'L23', 'L34']]]);
  });
});

describe('findPaths: parallel links', () => {
  // S1 =(LA, LB)= S2 — S3.
  const links = [
    { id: 'LB', a: [1, 3], b: [2, 3], metadata: { delay: 3 } },
    { id: 'LA', a: [1, 2], b: [2, 2], metadata: { delay: 7 } },
    { id: 'L23', a: [2, 4], b: [3, 2], metadata: { delay: 1 } },
  ] as const;
  const g = graph(3, links);

  it('are distinct paths; equal costs are ordered by hops (S1:2 before S1:3)', () => {
    const paths = findPaths(g, request(I(1, 1), I(3, 1), { maxPaths: 5 }));
    expect(paths.map((p) => [p.cost, p.links])).toEqual([
      [8, ['LA', 'L23']],
      [8, ['LB', 'L23']],
    ]);
    expect((paths[1] as { hops: string[] }).hops).toEqual([I(1, 1), S(1), I(1, 3), I(2, 3), S(2), I(2, 4), I(3, 2), S(3), I(3, 1)]);
  });

  it('by delay the cheaper parallel link wins: (3 + 1) + 4 + 2 = 10, (7 + 1) + 4 + 2 = 14', () => {
    const paths = findPaths(g, request(I(1, 1), I(3, 1), { spfAttribute: 'delay', maxPaths: 5 }));
    expect(paths.map((p) => [p.cost, p.links])).toEqual([
      [10, ['LB', 'L23']],
      [14, ['LA', 'L23']],
    ]);
  });

  it('does not depend on the order of the input', () => {
    const h = graph(3, [...links].reverse());
    expect(findPaths(h, request(I(1, 1), I(3, 1), { maxPaths: 5 }))).toEqual(findPaths(g, request(I(1, 1), I(3, 1), { maxPaths: 5 })));
  });
});
