/**
 * VLAN range sets: the Kytos request form, the set algebra, pools and the mask list. Expected
 * values are written out by hand; the property tests compare against a brute-force bitset oracle
 * and a dynamic-programming cover count, both independent of the production algorithms.
 */
import type { SpecialTag, VlanRange } from '../../../src/topology/model';
import {
  addTag, availableTags, checkSpecialTagChange, checkTagRangeChange, contains, containsAll, first, formatRanges, fromTags,
  intersect, isNormalized, lowestCommon, maskList, maskListOfRanges, normalize, parseSpecialTags, parseTagRanges,
  removeTag, size, specialAvailable, subtract, union, vidMasks,
} from '../../../src/topology/tags';
import { Rng, seedFromEnv } from '../../support/rng';

const SEED = seedFromEnv('ISTHMUS_TAGS_SEED', 0x7a65_0001);

describe('parseTagRanges', () => {
  it.each<[unknown, VlanRange[]]>([
    [[[1, 500], 2096, [3001]], [[1, 500], [2096, 2096], [3001, 3001]]],
    [[[1, 4094]], [[1, 4094]]],
    [[[1, 4095]], [[1, 4095]]],
    [[7], [[7, 7]]],
    [[[7]], [[7, 7]]],
    [[1, 3, 5], [[1, 1], [3, 3], [5, 5]]],
    [[[10, 20], [22, 30]], [[10, 20], [22, 30]]],
    [[4095], [[4095, 4095]]],
  ])('accepts %j as %j', (input, expected) => {
    expect(parseTagRanges(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    [{ vlan: [1, 2] }, 'KytosInvalidTagRanges, tag_ranges must be a list of ranges, not {"vlan":[1,2]}'],
    ['1-10', 'KytosInvalidTagRanges, tag_ranges must be a list of ranges, not "1-10"'],
    [null, 'KytosInvalidTagRanges, tag_ranges must be a list of ranges, not null'],
    [[], 'KytosInvalidTagRanges, Tag range is empty'],
    [[[1, 5], 'x'], 'KytosInvalidTagRanges, tag_ranges[1] must be a tag or a list of one or two tags, not "x"'],
    [[[]], 'KytosInvalidTagRanges, tag_ranges[0] must be a tag or a list of one or two tags, not []'],
    [[[1, 2, 3]], 'KytosInvalidTagRanges, tag_ranges[0] must be a tag or a list of one or two tags, not [1,2,3]'],
    [[[1.5, 3]], 'KytosInvalidTagRanges, tag_ranges[0] must be a tag or a list of one or two tags, not [1.5,3]'],
    [[2.5], 'KytosInvalidTagRanges, tag_ranges[0] must be a tag or a list of one or two tags, not 2.5'],
    [[true], 'KytosInvalidTagRanges, tag_ranges[0] must be a tag or a list of one or two tags, not true'],
    [[['1', 3]], 'KytosInvalidTagRanges, tag_ranges[0] must be a tag or a list of one or two tags, not ["1",3]'],
    [[[[1, 2]]], 'KytosInvalidTagRanges, tag_ranges[0] must be a tag or a list of one or two tags, not [[1,2]]'],
    [[[20, 10]], 'KytosInvalidTagRanges, The range [20, 10] is not ordered (tag_ranges[0])'],
    [[0], 'KytosInvalidTagRanges, Minimum value for a tag is 1 (tag_ranges[0] = 0)'],
    [[[0, 10]], 'KytosInvalidTagRanges, Minimum value for a tag is 1 (tag_ranges[0] = [0,10])'],
    [[[-5, 10]], 'KytosInvalidTagRanges, Minimum value for a tag is 1 (tag_ranges[0] = [-5,10])'],
    [[[1, 10], [4000, 4096]], 'KytosInvalidTagRanges, Maximum value for a tag is 4095 (tag_ranges[1] = [4000,4096])'],
    [[4096], 'KytosInvalidTagRanges, Maximum value for a tag is 4095 (tag_ranges[0] = 4096)'],
    [[[10, 20], [21, 30]], 'KytosInvalidTagRanges, Tag ranges have an unnecessary partition. [10, 20] and [21, 30] (tag_ranges[0] and tag_ranges[1]) should be one range [10, 30]'],
    [[5, 6], 'KytosInvalidTagRanges, Tag ranges have an unnecessary partition. [5, 5] and [6, 6] (tag_ranges[0] and tag_ranges[1]) should be one range [5, 6]'],
    [[[10, 20], [20, 30]], 'KytosInvalidTagRanges, Tag ranges have repetition. [10, 20] have same values as [20, 30] (tag_ranges[0] and tag_ranges[1])'],
    [[3, 3], 'KytosInvalidTagRanges, Tag ranges have repetition. [3, 3] have same values as [3, 3] (tag_ranges[0] and tag_ranges[1])'],
    [[[10, 20], [15, 30]], 'KytosInvalidTagRanges, Tag ranges are not ordered. 20 is higher than 15 (tag_ranges[0] and tag_ranges[1])'],
    [[[1, 5], [100, 200], [50, 60]], 'KytosInvalidTagRanges, Tag ranges are not ordered. 200 is higher than 50 (tag_ranges[1] and tag_ranges[2])'],
  ])('rejects %j', (input, message) => {
    expect(parseTagRanges(input)).toEqual({ ok: false, error: message });
  });

  it('shortens a long offending element in the message', () => {
    const r = parseTagRanges([['a very long string that goes on and on and on', 1]]);
    expect(r).toEqual({
      ok: false,
      error: 'KytosInvalidTagRanges, tag_ranges[0] must be a tag or a list of one or two tags, not ["a very long string that goes on and...',
    });
  });

  it('does not modify its input', () => {
    const input = [[1, 500], 2096, [3001]];
    parseTagRanges(input);
    expect(input).toEqual([[1, 500], 2096, [3001]]);
  });
});

describe('normalize, fromTags, isNormalized, formatRanges', () => {
  it.each<[VlanRange[], VlanRange[]]>([
    [[], []],
    [[[5, 5]], [[5, 5]]],
    [[[30, 40], [1, 5]], [[1, 5], [30, 40]]],
    [[[1, 5], [6, 9]], [[1, 9]]],
    [[[1, 5], [3, 9], [2, 4]], [[1, 9]]],
    [[[10, 20], [1, 100]], [[1, 100]]],
    [[[7, 3], [1, 1]], [[1, 1]]],
    [[[100, 200], [50, 60], [61, 99], [300, 300]], [[50, 200], [300, 300]]],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toEqual(expected);
  });

  it('returns new tuples, never the caller’s arrays', () => {
    const r: [number, number] = [1, 5];
    const out = normalize([r]);
    r[1] = 99;
    expect(out).toEqual([[1, 5]]);
  });

  it('fromTags builds ranges from single tags, duplicates and order aside', () => {
    expect(fromTags([7, 3, 4, 5, 3, 100])).toEqual([[3, 5], [7, 7], [100, 100]]);
    expect(fromTags([])).toEqual([]);
  });

  it.each<[VlanRange[], boolean]>([
    [[], true],
    [[[1, 1]], true],
    [[[1, 5], [7, 9]], true],
    [[[1, 5], [6, 9]], false],
    [[[1, 5], [5, 9]], false],
    [[[7, 9], [1, 5]], false],
    [[[5, 1]], false],
  ])('isNormalized(%j) is %s', (input, expected) => {
    expect(isNormalized(input)).toBe(expected);
  });

  it('formats as Kytos prints lists', () => {
    expect(formatRanges([[1, 500], [2096, 2096]])).toBe('[[1, 500], [2096, 2096]]');
    expect(formatRanges([])).toBe('[]');
  });
});

describe('set operations', () => {
  const A: VlanRange[] = [[1, 10], [20, 30], [40, 40]];
  const B: VlanRange[] = [[5, 25], [40, 50]];

  it('union', () => {
    expect(union(A, B)).toEqual([[1, 30], [40, 50]]);
    expect(union([[1, 5]], [[6, 10]])).toEqual([[1, 10]]);
    expect(union([[1, 5]], [[7, 10]])).toEqual([[1, 5], [7, 10]]);
    expect(union([], B)).toEqual(B);
    expect(union(A, [])).toEqual(A);
    expect(union([[1, 1], [3, 3], [5, 5]], [[2, 2], [4, 4]])).toEqual([[1, 5]]);
  });

  it('intersect', () => {
    expect(intersect(A, B)).toEqual([[5, 10], [20, 25], [40, 40]]);
    expect(intersect([[1, 4094]], [[100, 200], [3000, 3000]])).toEqual([[100, 200], [3000, 3000]]);
    expect(intersect([[1, 5]], [[6, 10]])).toEqual([]);
    expect(intersect([], B)).toEqual([]);
    expect(intersect([[1, 5]], [[1, 3], [5, 9]])).toEqual([[1, 3], [5, 5]]);
  });

  it('subtract', () => {
    expect(subtract(A, B)).toEqual([[1, 4], [26, 30]]);
    expect(subtract(B, A)).toEqual([[11, 19], [41, 50]]);
    expect(subtract([[1, 4094]], [[3799, 3799]])).toEqual([[1, 3798], [3800, 4094]]);
    expect(subtract([[1, 10]], [[1, 10]])).toEqual([]);
    expect(subtract([[1, 10]], [[0, 100]])).toEqual([]);
    expect(subtract([[1, 10]], [])).toEqual([[1, 10]]);
    expect(subtract([], [[1, 10]])).toEqual([]);
    // One cut spanning two ranges of the left side.
    expect(subtract([[1, 10], [12, 20]], [[5, 15]])).toEqual([[1, 4], [16, 20]]);
    // Several cuts inside one range.
    expect(subtract([[1, 20]], [[2, 3], [5, 5], [19, 20]])).toEqual([[1, 1], [4, 4], [6, 18]]);
  });

  it('does not modify its arguments', () => {
    const a: VlanRange[] = [[1, 10], [20, 30]];
    const b: VlanRange[] = [[5, 25]];
    union(a, b);
    intersect(a, b);
    subtract(a, b);
    addTag(a, 15);
    removeTag(a, 5);
    expect(a).toEqual([[1, 10], [20, 30]]);
    expect(b).toEqual([[5, 25]]);
  });

  it('contains and containsAll', () => {
    expect([0, 1, 10, 11, 19, 20, 25, 30, 31, 40, 41].map((t) => contains(A, t)))
      .toEqual([false, true, true, false, false, true, true, true, false, true, false]);
    expect(contains([], 1)).toBe(false);
    expect(containsAll(A, [[2, 5], [20, 30], [40, 40]])).toBe(true);
    expect(containsAll(A, [])).toBe(true);
    expect(containsAll(A, [[9, 11]])).toBe(false);
    expect(containsAll(A, [[1, 30]])).toBe(false);
    expect(containsAll(A, [[41, 41]])).toBe(false);
    expect(containsAll([], [[1, 1]])).toBe(false);
  });

  it('size and first', () => {
    expect(size(A)).toBe(22);
    expect(size([[1, 4094]])).toBe(4094);
    expect(size([])).toBe(0);
    expect(first(A)).toBe(1);
    expect(first([[300, 400]])).toBe(300);
    expect(first([])).toBeUndefined();
  });

  it('addTag merges with its neighbours', () => {
    expect(addTag([[1, 4], [6, 9]], 5)).toEqual([[1, 9]]);
    expect(addTag([[1, 4]], 5)).toEqual([[1, 5]]);
    expect(addTag([[6, 9]], 5)).toEqual([[5, 9]]);
    expect(addTag([[1, 3], [7, 9]], 5)).toEqual([[1, 3], [5, 5], [7, 9]]);
    expect(addTag([[1, 9]], 5)).toEqual([[1, 9]]);
    expect(addTag([], 4095)).toEqual([[4095, 4095]]);
  });

  it('addTag refuses a non-tag', () => {
    expect(() => addTag([], 0)).toThrow(RangeError);
    expect(() => addTag([], 4096)).toThrow('4096 is not a VLAN tag (1..4095)');
    expect(() => addTag([], 1.5)).toThrow(RangeError);
  });

  it('removeTag splits a range', () => {
    expect(removeTag([[1, 9]], 5)).toEqual([[1, 4], [6, 9]]);
    expect(removeTag([[1, 9]], 1)).toEqual([[2, 9]]);
    expect(removeTag([[1, 9]], 9)).toEqual([[1, 8]]);
    expect(removeTag([[1, 1], [3, 3]], 3)).toEqual([[1, 1]]);
    expect(removeTag([[1, 9]], 10)).toEqual([[1, 9]]);
  });
});

describe('lowestCommon (S-VLAN of one hop)', () => {
  it.each<[VlanRange[], VlanRange[], number | undefined, number | undefined]>([
    [[[1, 4094]], [[1, 4094]], undefined, 1],
    [[[2, 4094]], [[1, 4094]], undefined, 2],
    [[[1, 10], [20, 30]], [[11, 25]], undefined, 20],
    [[[1, 10]], [[11, 20]], undefined, undefined],
    [[], [[1, 5]], undefined, undefined],
    // try_avoid_same_s_vlan: the lowest equals the old tag, so the next one is taken.
    [[[1, 4094]], [[1, 4094]], 1, 2],
    [[[5, 5], [9, 12]], [[1, 20]], 5, 9],
    [[[5, 5]], [[1, 20]], 5, 5], // no other tag: the old one is reused
    [[[1, 4094]], [[1, 4094]], 7, 1], // the old tag is not the lowest: no effect
    [[[5, 5], [7, 7]], [[5, 7]], 5, 7],
    [[[5, 5], [7, 7]], [[5, 5], [8, 8]], 5, 5],
  ])('%j ∩ %j avoiding %s → %s', (a, b, avoid, expected) => {
    expect(lowestCommon(a, b, avoid)).toBe(expected);
  });
});

describe('pools', () => {
  it('availableTags removes the tags in use and the reserved ones', () => {
    expect(availableTags([[1, 4094]], [[100, 100], [10, 20], [15, 30]], [3799])).toEqual([[1, 9], [31, 99], [101, 3798], [3800, 4094]]);
    expect(availableTags([[100, 200]], [], [3799])).toEqual([[100, 200]]);
    expect(availableTags([[100, 200]], [[1, 4094]], [])).toEqual([]);
  });

  it.each<[unknown, SpecialTag[]]>([
    [['untagged', 'any'], ['untagged', 'any']],
    [['any', 'untagged'], ['untagged', 'any']],
    [['any'], ['any']],
    [[], []],
  ])('parseSpecialTags(%j) → %j', (input, expected) => {
    expect(parseSpecialTags(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    ['any', 'KytosInvalidTagRanges, special_tags must be a list, not "any"'],
    [['any', 'any'], 'KytosInvalidTagRanges, There are duplicated values in the range. ("any" appears twice)'],
    [['untagged', 'vlan'], 'KytosInvalidTagRanges, The tag "vlan" is not supported (special tags: "untagged", "any")'],
    [[4096], 'KytosInvalidTagRanges, The tag 4096 is not supported (special tags: "untagged", "any")'],
  ])('parseSpecialTags(%j) fails', (input, message) => {
    expect(parseSpecialTags(input)).toEqual({ ok: false, error: message });
  });

  it('specialAvailable', () => {
    expect(specialAvailable(['untagged', 'any'], ['any'])).toEqual(['untagged']);
    expect(specialAvailable(['untagged', 'any'], [])).toEqual(['untagged', 'any']);
    expect(specialAvailable(['any'], ['any', 'untagged'])).toEqual([]);
  });

  it('checkTagRangeChange accepts a pool that keeps every tag in use', () => {
    expect(checkTagRangeChange([[1, 500]], [[100, 100], [200, 210]])).toEqual({ ok: true, value: undefined });
    expect(checkTagRangeChange([[1, 4094]], [])).toEqual({ ok: true, value: undefined });
  });

  it('checkTagRangeChange names the tags in use that would fall outside', () => {
    expect(checkTagRangeChange([[1, 150]], [[200, 210], [100, 100], [140, 160]])).toEqual({
      ok: false,
      error: 'KytosSetTagRangeError, Missing tags in tag_range: [[151, 160], [200, 210]]',
    });
  });

  it('checkTagRangeChange refuses tags outside the supported pool (4095 by default)', () => {
    expect(checkTagRangeChange([[1, 4095]], [])).toEqual({ ok: false, error: 'KytosInvalidTagRanges, The tags [[4095, 4095]] are not supported' });
    expect(checkTagRangeChange([[1, 4095]], [], [[1, 4095]])).toEqual({ ok: true, value: undefined });
  });

  it('checkSpecialTagChange', () => {
    expect(checkSpecialTagChange(['any'], ['any'])).toEqual({ ok: true, value: undefined });
    expect(checkSpecialTagChange(['any'], ['untagged', 'any'])).toEqual({
      ok: false,
      error: 'KytosSetTagRangeError, Missing tags in special_tags: "untagged"',
    });
  });
});

describe('maskList', () => {
  it.each<[VlanRange, (number | string)[]]>([
    [[10, 12], ['10/4094', 12]], // kytos-api.md §1.3
    [[5, 5], [5]],
    [[4095, 4095], [4095]],
    [[2096, 2096], [2096]],
    [[4094, 4095], ['4094/4094']],
    [[2048, 4095], ['2048/2048']],
    [[8, 15], ['8/4088']],
    [[7, 8], [7, 8]],
    [[100, 200], ['100/4092', '104/4088', '112/4080', '128/4032', '192/4088', 200]],
    [[1, 4095], [1, '2/4094', '4/4092', '8/4088', '16/4080', '32/4064', '64/4032', '128/3968', '256/3840', '512/3584', '1024/3072', '2048/2048']],
    [[1, 4094], [
      1, '2/4094', '4/4092', '8/4088', '16/4080', '32/4064', '64/4032', '128/3968', '256/3840', '512/3584', '1024/3072',
      '2048/3072', '3072/3584', '3584/3840', '3840/3968', '3968/4032', '4032/4064', '4064/4080', '4080/4088', '4088/4092', '4092/4094', 4094,
    ]],
  ])('%j → %j', (range, expected) => {
    expect(maskList(range)).toEqual(expected);
  });

  it('vidMasks gives the same entries as numbers', () => {
    expect(vidMasks([10, 12])).toEqual([{ vid: 10, mask: 0xffe }, { vid: 12, mask: 0xfff }]);
  });

  it('maskListOfRanges covers a whole pool, range after range', () => {
    expect(maskListOfRanges([[1, 500], [2096, 2096], [3001, 3001]])).toEqual([
      1, '2/4094', '4/4092', '8/4088', '16/4080', '32/4064', '64/4032', '128/3968', '256/3968', '384/4032', '448/4064', '480/4080',
      '496/4092', 500, 2096, 3001,
    ]);
  });

  it('refuses what is not a VLAN range', () => {
    expect(() => maskList([0, 5])).toThrow(RangeError);
    expect(() => maskList([5, 4096])).toThrow(RangeError);
    expect(() => maskList([9, 5])).toThrow('[9, 5] is not ordered');
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests. The oracle is a 4096-entry bitset, built and read with plain loops.

const SPACE = 4096;
type Bits = Uint8Array;

function bitsOf(ranges: readonly VlanRange[]): Bits {
  const b = new Uint8Array(SPACE);
  for (const [lo, hi] of ranges) for (let t = lo; t <= hi; t++) b[t] = 1;
  return b;
}

function rangesOf(bits: Bits): VlanRange[] {
  const out: VlanRange[] = [];
  let t = 1;
  while (t < SPACE) {
    if (bits[t] !== 1) {
      t++;
      continue;
    }
    const lo = t;
    while (t + 1 < SPACE && bits[t + 1] === 1) t++;
    out.push([lo, t]);
    t++;
  }
  return out;
}

/** A random normalised set: a few runs, sometimes long, sometimes single tags. */
function randomSet(rng: Rng): VlanRange[] {
  const bits = new Uint8Array(SPACE);
  const runs = rng.int(8);
  for (let i = 0; i < runs; i++) {
    const lo = rng.range(1, 4095);
    const len = rng.chance(0.3) ? 1 : rng.range(1, rng.chance(0.2) ? 2000 : 40);
    for (let t = lo; t < Math.min(SPACE, lo + len); t++) bits[t] = 1;
  }
  return rangesOf(bits);
}

function randomRange(rng: Rng): VlanRange {
  const a = rng.range(1, 4095);
  const b = rng.chance(0.5) ? rng.range(a, Math.min(4095, a + 64)) : rng.range(a, 4095);
  return [a, b];
}

describe('set operations against a bitset oracle', () => {
  const rng = new Rng(SEED);
  const cases = Array.from({ length: 300 }, () => [randomSet(rng), randomSet(rng), rng.range(1, 4095)] as const);

  it(`union, intersect, subtract, containsAll, size, first, contains, addTag, removeTag (seed ${SEED})`, () => {
    for (const [a, b, tag] of cases) {
      const ba = bitsOf(a);
      const bb = bitsOf(b);
      const or = new Uint8Array(SPACE);
      const and = new Uint8Array(SPACE);
      const minus = new Uint8Array(SPACE);
      let count = 0;
      let lowest: number | undefined;
      let subset = true;
      for (let t = 0; t < SPACE; t++) {
        or[t] = ba[t]! | bb[t]!;
        and[t] = ba[t]! & bb[t]!;
        minus[t] = ba[t]! & (bb[t]! ^ 1);
        count += ba[t]!;
        if (lowest === undefined && ba[t] === 1) lowest = t;
        if (bb[t] === 1 && ba[t] !== 1) subset = false;
      }
      expect(union(a, b)).toEqual(rangesOf(or));
      expect(intersect(a, b)).toEqual(rangesOf(and));
      expect(subtract(a, b)).toEqual(rangesOf(minus));
      expect(containsAll(a, b)).toBe(subset);
      expect(size(a)).toBe(count);
      expect(first(a)).toBe(lowest);
      expect(contains(a, tag)).toBe(ba[tag] === 1);
      const plus = ba.slice();
      plus[tag] = 1;
      expect(addTag(a, tag)).toEqual(rangesOf(plus));
      const less = ba.slice();
      less[tag] = 0;
      expect(removeTag(a, tag)).toEqual(rangesOf(less));
    }
  });

  it('lowestCommon is the lowest common tag, or the next one when the lowest is avoided', () => {
    for (const [a, b, tag] of cases) {
      const common: number[] = [];
      const ba = bitsOf(a);
      const bb = bitsOf(b);
      for (let t = 1; t < SPACE && common.length < 2; t++) if (ba[t] === 1 && bb[t] === 1) common.push(t);
      expect(lowestCommon(a, b)).toBe(common[0]);
      // Avoid the lowest common tag itself, so that the rule is exercised on every case that has one.
      const avoid = common[0] ?? tag;
      expect(lowestCommon(a, b, avoid)).toBe(common.length >= 2 ? common[1] : common[0]);
    }
  });

  it('normalize of shuffled, overlapping pieces gives the set they cover', () => {
    for (const [a, b] of cases) {
      const pieces = [...a, ...b].flatMap(([lo, hi]): VlanRange[] => {
        const mid = rng.range(lo, hi);
        return [[lo, mid], [Math.max(lo, mid - rng.int(3)), hi]];
      });
      for (let i = pieces.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
      }
      const out = normalize(pieces);
      expect(isNormalized(out)).toBe(true);
      expect(out).toEqual(union(a, b));
    }
  });

  it('availableTags is the pool minus the used and reserved tags', () => {
    for (const [a, b, tag] of cases) {
      const pool = bitsOf(a);
      const used = bitsOf(b);
      for (let t = 0; t < SPACE; t++) if (used[t] === 1 || t === tag) pool[t] = 0;
      expect(availableTags(a, [...b].reverse(), [tag])).toEqual(rangesOf(pool));
    }
  });
});

/** The fewest aligned power-of-two blocks that tile [a, b] exactly, by dynamic programming. */
function minimalBlocks(a: number, b: number): number {
  const best = new Map<number, number>([[b + 1, 0]]);
  for (let x = b; x >= a; x--) {
    let m = Infinity;
    for (let s = 1; s <= SPACE; s *= 2) {
      if (x % s !== 0 || x + s - 1 > b) continue;
      m = Math.min(m, 1 + (best.get(x + s) ?? Infinity));
    }
    best.set(x, m);
  }
  return best.get(a) ?? Infinity;
}

const popcount = (v: number): number => {
  let n = 0;
  for (let x = v; x !== 0; x &= x - 1) n++;
  return n;
};

describe('maskList properties', () => {
  const rng = new Rng(SEED ^ 0x5a5a);
  const ranges: VlanRange[] = [[1, 1], [1, 4095], [1, 4094], [4095, 4095], [2047, 2049], ...Array.from({ length: 400 }, () => randomRange(rng))];

  it(`covers each range exactly, with disjoint entries that cannot merge, as few as possible (seed ${SEED})`, () => {
    for (const range of ranges) {
      const entries = maskList(range).map((e) => {
        if (typeof e === 'number') return { vid: e, mask: 4095 };
        const [vid, mask] = e.split('/').map(Number) as [number, number];
        return { vid, mask };
      });
      const hits = new Uint8Array(SPACE);
      for (const { vid, mask } of entries) {
        expect(vid & mask).toBe(vid); // the value carries no bit the mask ignores
        for (let v = 0; v < SPACE; v++) if ((v & mask) === vid) hits[v]! += 1;
      }
      const wrong: number[] = [];
      for (let v = 0; v < SPACE; v++) if (hits[v] !== (v >= range[0] && v <= range[1] ? 1 : 0)) wrong.push(v);
      expect([range, wrong]).toEqual([range, []]);
      // Two entries with one mask that differ in a single cared-for bit would be one entry.
      for (let i = 0; i < entries.length; i++) {
        for (let j = i + 1; j < entries.length; j++) {
          const x = entries[i]!;
          const y = entries[j]!;
          if (x.mask === y.mask) expect(popcount((x.vid ^ y.vid) & x.mask)).not.toBe(1);
        }
      }
      expect(entries.length).toBe(minimalBlocks(range[0], range[1]));
    }
  });
});
