/**
 * A read-only map made of a shared base and a few changes over it: "the base with k set (or
 * removed)" costs a copy of the changes, not of the base. Tag snapshots use it for the per-interface
 * circuit maps, which hold one entry per circuit on the interface (thousands on a busy NNI), so
 * that reserving a tag does not copy them all. The owner of the base (the tag book) folds the
 * changes back into it when it commits.
 */
const GONE: unique symbol = Symbol('gone');
type Change<V> = V | typeof GONE;

export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly changes: ReadonlyMap<K, Change<V>>,
  ) {}

  /** Pure. `m` with `k` set to `v`. */
  static with<K, V>(m: ReadonlyMap<K, V>, k: K, v: V): ReadonlyMap<K, V> {
    return m instanceof OverlayMap ? new OverlayMap<K, V>(m.base, new Map(m.changes).set(k, v)) : new OverlayMap<K, V>(m, new Map([[k, v]]));
  }

  /** Pure. `m` without `k`. */
  static without<K, V>(m: ReadonlyMap<K, V>, k: K): ReadonlyMap<K, V> {
    if (!m.has(k)) return m;
    const change: Change<V> = GONE;
    return m instanceof OverlayMap ? new OverlayMap<K, V>(m.base, new Map(m.changes).set(k, change)) : new OverlayMap<K, V>(m, new Map([[k, change]]));
  }

  /**
   * Not pure. `m` as a plain map: the changes of an overlay are applied to its base in place when
   * the base is a Map (so the caller must own it, and no other overlay of it may be used after),
   * otherwise copied.
   */
  static fold<K, V>(m: ReadonlyMap<K, V>): Map<K, V> {
    if (!(m instanceof OverlayMap)) return m instanceof Map ? (m as Map<K, V>) : new Map(m);
    const out = m.base instanceof Map ? (m.base as Map<K, V>) : new Map(m.base);
    for (const [k, v] of m.changes) {
      if (v === GONE) out.delete(k);
      else out.set(k, v);
    }
    return out;
  }

  get(k: K): V | undefined {
    if (this.changes.has(k)) {
      const v = this.changes.get(k) as Change<V>;
      return v === GONE ? undefined : v;
    }
    return this.base.get(k);
  }

  has(k: K): boolean {
    return this.changes.has(k) ? this.changes.get(k) !== GONE : this.base.has(k);
  }

  get size(): number {
    let n = this.base.size;
    for (const [k, v] of this.changes) {
      const inBase = this.base.has(k);
      if (v === GONE && inBase) n--;
      else if (v !== GONE && !inBase) n++;
    }
    return n;
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) if (!this.changes.has(k)) yield [k, v];
    for (const [k, v] of this.changes) if (v !== GONE) yield [k, v];
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
