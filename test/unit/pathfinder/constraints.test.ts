/** Link filters (every comparator, missing metadata, wrong types) and constrained findPaths with flexible combinations. */
import { PathConstraintError, flexibleLevels, linkPasses, metricEntries, type MetricEntry } from '../../../src/pathfinder/constraints';
import { findPaths } from '../../../src/pathfinder/paths';
import { I, SQUARE, VIA_DIAGONAL, VIA_S2, VIA_S4, graph, request } from './fixtures';

const passes = (meta: Record<string, unknown>, e: MetricEntry): boolean => linkPasses(meta, e, 'L');

describe('linkPasses', () => {
  it.each([
    // [metric, requested, link value, passes]
    ['bandwidth', 10, 10, true],
    ['bandwidth', 10, 9.9, false],
    ['bandwidth', 10, 100, true],
    ['reliability', 90, 90, true],
    ['reliability', 90, 89, false],
    ['priority', 3, 3, true],
    ['priority', 3, 4, false],
    ['priority', 3, 0, true],
    ['utilization', 50, 50, true],
    ['utilization', 50, 50.5, false],
    ['delay', 2, 1.5, true],
    ['delay', 2, 2.5, false],
  ] as const)('%s %d against a link with %d: %s', (name, value, linkValue, expected) => {
    expect(passes({ [name]: linkValue }, { name, value })).toBe(expected);
  });

  it.each(['bandwidth', 'reliability', 'priority', 'utilization', 'delay'] as const)('%s: a link without the key, or with null, passes', (name) => {
    expect(passes({}, { name, value: 5 })).toBe(true);
    expect(passes({ [name]: null }, { name, value: 5 })).toBe(true);
  });

  it('ownership: one of the owners, whether a whitespace-split string, an object\'s keys or a list', () => {
    const own = (ownership: unknown, value: string): boolean => passes({ ownership }, { name: 'ownership', value });
    expect(own('red  blue\tgreen', 'blue')).toBe(true);
    expect(own('red blue', 're')).toBe(false);
    expect(own({ red: { since: 1 }, blue: {} }, 'blue')).toBe(true);
    expect(own({ red: {} }, 'blue')).toBe(false);
    expect(own(['red', 'blue'], 'red')).toBe(true);
    expect(own([], 'red')).toBe(false);
    expect(own('', 'red')).toBe(false);
    // Missing (or null): passes.
    expect(passes({}, { name: 'ownership', value: 'red' })).toBe(true);
    expect(own(null, 'red')).toBe(true);
  });

  it('not_ownership: no owner in common; no owners at all passes', () => {
    const not = (ownership: unknown, value: string[]): boolean => passes({ ownership }, { name: 'not_ownership', value });
    expect(not('red blue', ['green'])).toBe(true);
    expect(not('red blue', ['green', 'blue'])).toBe(false);
    expect(not({ red: {} }, ['red'])).toBe(false);
    expect(not(['red'], ['blue'])).toBe(true);
    expect(not('red', [])).toBe(true);
    expect(passes({}, { name: 'not_ownership', value: ['red'] })).toBe(true);
  });

  it('throws PathConstraintError on a link value of the wrong type, naming the metric and the link', () => {
    const e = (() => {
      try {
        linkPasses({ bandwidth: '100' }, { name: 'bandwidth', value: 10 }, 'L9');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(PathConstraintError);
    expect(e).toMatchObject({ metric: 'bandwidth', linkId: 'L9' });
    expect((e as Error).message).toBe('Error in bandwidth value: 10: link L9 has invalid metadata "bandwidth" with value "100"');
    expect(() => passes({ delay: true }, { name: 'delay', value: 1 })).toThrow(PathConstraintError);
    expect(() => passes({ ownership: 5 }, { name: 'ownership', value: 'red' })).toThrow(PathConstraintError);
    expect(() => passes({ ownership: ['red', 5] }, { name: 'ownership', value: 'red' })).toThrow(PathConstraintError);
    expect(() => passes({ ownership: true }, { name: 'not_ownership', value: ['red'] })).toThrow(PathConstraintError);
    // A key the request does not use is never looked at.
    expect(passes({ bandwidth: 'x', ownership: 5 }, { name: 'delay', value: 1 })).toBe(true);
  });
});

describe('metricEntries', () => {
  it('keeps the object\'s key order and skips undefined values', () => {
    expect(metricEntries({ delay: 3, bandwidth: undefined, ownership: 'red', utilization: 40 })).toEqual([
      { name: 'delay', value: 3 },
      { name: 'ownership', value: 'red' },
      { name: 'utilization', value: 40 },
    ]);
  });

  it('throws PathConstraintError on a requested value of the wrong type', () => {
    expect(() => metricEntries({ bandwidth: '10' } as unknown as { bandwidth: number })).toThrow(PathConstraintError);
    expect(() => metricEntries({ ownership: 3 } as unknown as { ownership: string })).toThrow(PathConstraintError);
    expect(() => metricEntries({ not_ownership: 'red' } as unknown as { not_ownership: string[] })).toThrow(PathConstraintError);
  });
});

describe('flexibleLevels', () => {
  const a = { name: 'bandwidth', value: 1 } as const;
  const b = { name: 'delay', value: 2 } as const;
  const c = { name: 'ownership', value: 'x' } as const;

  it('goes from all metrics down to the minimum, combinations in itertools order', () => {
    expect(flexibleLevels([a, b, c], 1)).toEqual([[[a, b, c]], [[a, b], [a, c], [b, c]], [[a], [b], [c]]]);
    expect(flexibleLevels([a, b, c], 3)).toEqual([[[a, b, c]]]);
  });

  it('clamps the minimum to 0..len; undefined is 0', () => {
    expect(flexibleLevels([a, b], 9)).toEqual([[[a, b]]]);
    expect(flexibleLevels([a, b], -2)).toEqual([[[a, b]], [[a], [b]], [[]]]);
    expect(flexibleLevels([a], undefined)).toEqual([[[a]], [[]]]);
    expect(flexibleLevels([], 2)).toEqual([[[]]]);
  });
});

describe('findPaths with constraints (the square: see fixtures for the metadata)', () => {
  const square = graph(4, SQUARE);
  const run = (extra: Parameters<typeof request>[2]): [number, string[], unknown][] =>
    findPaths(square, request(I(1, 1), I(3, 1), { maxPaths: 3, ...extra })).map((p) => [p.cost, p.hops, p.metrics]);

  it.each([
    // mandatory metrics, the paths left (each link of the others fails)
    [{ bandwidth: 10 }, [VIA_S2, VIA_S4]], // L13 has 1
    [{ bandwidth: 50 }, [VIA_S2]], // L41 and L34 have 10
    [{ utilization: 50 }, [VIA_DIAGONAL, VIA_S4]], // L23 has 80; L41 has none and passes
    [{ delay: 2 }, [VIA_S2]], // L34 5, L13 10
    [{ priority: 3 }, [VIA_S2, VIA_S4]], // only L13 has a priority, 5
    [{ reliability: 90 }, [VIA_DIAGONAL, VIA_S4]], // L23 has 50; L13, L34, L41 have none
    [{ ownership: 'red' }, [VIA_S2]], // L12 {red}, L23 "red blue", L41 none; L34 [blue], L13 green fail
    [{ ownership: 'blue' }, [VIA_S4]], // L23, L34, L41 (none); L12 and L13 fail
    [{ not_ownership: ['green'] }, [VIA_S2, VIA_S4]],
    [{ not_ownership: ['red', 'x'] }, [VIA_DIAGONAL, VIA_S4]],
    [{ bandwidth: 10, delay: 2 }, [VIA_S2]],
    [{ bandwidth: 1000 }, []],
  ] as const)('mandatory %j leaves %#', (mandatory, expected) => {
    const paths = run({ mandatory });
    expect(paths.map((p) => p[1])).toEqual(expected);
    // A constrained result lists the metrics it satisfied: here the mandatory ones.
    for (const p of paths) expect(p[2]).toEqual(mandatory);
  });

  it('flexible: level 2 finds nothing; level 1 collects until k, the answer is sorted', () => {
    // Both metrics: only L12 (bandwidth 100, utilization 10) passes, no path. One metric:
    // bandwidth ≥ 50 gives via S2; utilization ≤ 50 gives the diagonal and via S4 (k = 2 each),
    // three ≥ k = 2, so the search stops and keeps the two cheapest.
    expect(run({ maxPaths: 2, flexible: { bandwidth: 50, utilization: 50 }, minimumFlexibleHits: 1 })).toEqual([
      [5, VIA_DIAGONAL, { utilization: 50 }],
      [8, VIA_S2, { bandwidth: 50 }],
    ]);
    expect(run({ maxPaths: 2, flexible: { bandwidth: 50, utilization: 50 }, minimumFlexibleHits: 2 })).toEqual([]);
  });

  it('flexible: stops at the end of a level that found any, even below k', () => {
    // delay ≤ 2 and owner blue: L23, L41 only, no path. Level 1: delay ≤ 2 gives via S2, blue gives
    // via S4: two paths, fewer than 3, but the level found some, so level 0 (the diagonal) is not tried.
    expect(run({ flexible: { delay: 2, ownership: 'blue' } })).toEqual([
      [8, VIA_S2, { delay: 2 }],
      [8, VIA_S4, { ownership: 'blue' }],
    ]);
    // With minimum hits 0 and nothing at levels 2 and 1, level 0 is the unconstrained search.
    expect(run({ flexible: { bandwidth: 1000, delay: 0.5 } })).toEqual([
      [5, VIA_DIAGONAL, {}],
      [8, VIA_S2, {}],
      [8, VIA_S4, {}],
    ]);
  });

  it('mandatory and flexible together: metrics list the mandatory ones, then the combination', () => {
    // After bandwidth ≥ 10 (L13 out): blue and delay ≤ 1 leave L23 only, no path. Level 1: blue
    // leaves L23, L34, L41 (via S4); delay ≤ 1 leaves L12, L23 (via S2).
    const got = run({ mandatory: { bandwidth: 10 }, flexible: { ownership: 'blue', delay: 1 }, minimumFlexibleHits: 1 });
    expect(got).toEqual([
      [8, VIA_S2, { bandwidth: 10, delay: 1 }],
      [8, VIA_S4, { bandwidth: 10, ownership: 'blue' }],
    ]);
    expect(got.map((p) => Object.keys(p[2] as object))).toEqual([['bandwidth', 'delay'], ['bandwidth', 'ownership']]);
  });

  it('a metric both mandatory and flexible: both filters apply; metrics show the flexible value (a dict merge, as Kytos)', () => {
    expect(run({ mandatory: { bandwidth: 10 }, flexible: { bandwidth: 50 } })).toEqual([[8, VIA_S2, { bandwidth: 50 }]]);
  });

  it('stops in the middle of a level once k paths are collected (later combinations are not tried)', () => {
    // Level 1, first combination (bandwidth ≥ 50): via S2, which makes k = 1; the diagonal that
    // utilization ≤ 50 would find is never looked for.
    expect(run({ maxPaths: 1, flexible: { bandwidth: 50, utilization: 50 }, minimumFlexibleHits: 1 })).toEqual([[8, VIA_S2, { bandwidth: 50 }]]);
  });

  it('paths over maxCost do not count as found: the next level is tried', () => {
    // Level 1 (delay ≤ 1 and utilization ≤ 10 fail L23; L12 alone) finds nothing; owner red gives
    // via S2 at cost 8 only, over maxCost 7; level 0 gives the diagonal at 5.
    expect(run({ flexible: { ownership: 'red' }, maxCost: 7 })).toEqual([[5, VIA_DIAGONAL, {}]]);
  });

  it('undesired links are removed before the metrics are looked at', () => {
    const bad = graph(4, SQUARE.map((l) => (l.id === 'L13' ? { ...l, metadata: { bandwidth: 'lots', ownership: 'green' } } : l)));
    expect(() => findPaths(bad, request(I(1, 1), I(3, 1), { mandatory: { bandwidth: 10 } }))).toThrow(PathConstraintError);
    expect(findPaths(bad, request(I(1, 1), I(3, 1), { mandatory: { bandwidth: 10 }, undesiredLinks: ['L13'] })).map((p) => p.hops)).toEqual([VIA_S2, VIA_S4]);
    // Metrics apply in order; a link already out is not looked at again.
    expect(findPaths(bad, request(I(1, 1), I(3, 1), { mandatory: { ownership: 'red', bandwidth: 10 } })).map((p) => p.hops)).toEqual([VIA_S2]);
    expect(() => findPaths(bad, request(I(1, 1), I(3, 1), { mandatory: { bandwidth: 10, ownership: 'red' } }))).toThrow(PathConstraintError);
  });

  it('a one-switch path carries the metrics of the first combination', () => {
    expect(findPaths(square, request(I(1, 1), I(1, 2), { flexible: { delay: 1 }, mandatory: { bandwidth: 5 } }))).toEqual([
      { hops: [I(1, 1), '00:00:00:00:00:00:00:01', I(1, 2)], cost: 2, links: [], metrics: { bandwidth: 5, delay: 1 } },
    ]);
  });
});
