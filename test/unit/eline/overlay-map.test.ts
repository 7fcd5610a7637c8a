/**
 * OverlayMap: a shared base with a few changes over it behaves as the map it stands for, and fold
 * applies the changes to a base the caller owns.
 */
import { OverlayMap } from '../../../src/eline/overlay-map';
import { Rng } from '../../support/rng';

describe('OverlayMap', () => {
  it('with and without leave the base alone and read as the changed map', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    const m1 = OverlayMap.with(base, 'c', 3);
    const m2 = OverlayMap.without(m1, 'a');
    const m3 = OverlayMap.with(m2, 'b', 20);
    expect([...base]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(new Map(m1)).toEqual(new Map([['a', 1], ['b', 2], ['c', 3]]));
    expect(new Map(m3)).toEqual(new Map([['b', 20], ['c', 3]]));
    expect([m3.size, m3.has('a'), m3.get('a'), m3.get('b'), m3.has('c')]).toEqual([2, false, undefined, 20, true]);
    expect([...m3.keys()].sort()).toEqual(['b', 'c']);
    expect([...m3.values()].sort()).toEqual([20, 3].sort());
    const seen: string[] = [];
    m3.forEach((v, k) => seen.push(`${k}=${v}`));
    expect(seen.sort()).toEqual(['b=20', 'c=3']);
    expect(OverlayMap.without(base, 'zz')).toBe(base);
  });

  it('fold applies the changes to the base in place, or copies a base that is not a Map', () => {
    const base = new Map([['a', 1]]);
    const folded = OverlayMap.fold(OverlayMap.without(OverlayMap.with(base, 'b', 2), 'a'));
    expect(folded).toBe(base);
    expect([...base]).toEqual([['b', 2]]);
    const plain = new Map([['x', 9]]);
    expect(OverlayMap.fold(plain)).toBe(plain);
  });

  it('matches a plain Map under a seeded random sequence of sets and deletes', () => {
    const rng = new Rng(7);
    const base = new Map<number, number>();
    for (let i = 0; i < 50; i++) base.set(i, i);
    const model = new Map(base);
    let m: ReadonlyMap<number, number> = base;
    for (let step = 0; step < 2000; step++) {
      const k = rng.int(80);
      if (rng.int(2) === 0) {
        m = OverlayMap.without(m, k);
        model.delete(k);
      } else {
        m = OverlayMap.with(m, k, step);
        model.set(k, step);
      }
      if (step % 97 === 0) {
        expect(m.size).toBe(model.size);
        expect(new Map(m)).toEqual(model);
      }
    }
    expect(OverlayMap.fold(m)).toEqual(model);
  });
});
