/**
 * Deterministic pseudo-random numbers for seeded tests (fuzzing, random chunking). The generator
 * is mulberry32: 32 bits of state, period 2^32, good enough statistics for test-input generation
 * and, above all, the same sequence on every machine for a given seed.
 */

/** A seeded generator. Not cryptographic; not for anything but tests. */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Impure (advances the state). A uniformly distributed integer in [0, 2^32). */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Impure. An integer in [0, n); n must be a positive integer below 2^32. */
  int(n: number): number {
    return Math.floor((this.u32() / 0x100000000) * n);
  }

  /** Impure. An integer in [lo, hi], both ends included. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** Impure. True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 0x100000000 < p;
  }

  /** Impure. One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick of an empty array');
    return items[this.int(items.length)] as T;
  }

  /** Impure. `n` random bytes. */
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
}

/**
 * Reads a seed from the environment variable `name`: a decimal or 0x-hex integer, or `random`
 * (a seed from the clock, for local exploration). Unset means `fallback`, so CI is reproducible.
 */
export function seedFromEnv(name: string, fallback: number): number {
  const text = process.env[name]?.trim();
  if (text === undefined || text === '') return fallback >>> 0;
  if (text === 'random') return (Date.now() ^ (process.hrtime()[1] << 7)) >>> 0;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`${name}=${text} is not a u32 seed`);
  return v;
}
