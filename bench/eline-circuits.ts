/**
 * The circuits of `bench:eline`, as Kytos-ng create bodies over a ring,N lab (switch sK, dpid K,
 * host port 1 = the UNI port; sK port 2 → s(K+1) port 3). Pure.
 *
 * Every circuit is an EVPL with a VID of its own on each UNI (VIDs handed out per UNI interface,
 * LLDP's VLAN skipped) and `dynamic_backup_path: true`, so the pathfinder picks its path. The mix:
 * hairpins on one switch (no path, no S-VLAN: two VIDs of one UNI), and circuits to the switch one,
 * two and three ring steps away (1–3 hops, one S-VLAN per link). The shares are chosen so that
 * 10,000 circuits on a 6-ring keep every UNI under its 4,093 VIDs and every link under about 2,000
 * S-VLANs (of 4,093): see `planLoad`. The list is shuffled with a fixed seed, so any prefix (the
 * first 1,000 of a phase) has the same mix.
 */

export interface CircuitSpec {
  /** Index in the bench's list. */
  readonly n: number;
  /** Switch numbers (1-based) of UNI A and UNI Z. */
  readonly a: number;
  readonly z: number;
  readonly vidA: number;
  readonly vidZ: number;
  /** Ring steps between the two switches: 0 (hairpin) to 3. */
  readonly distance: number;
}

/** Shares of the four kinds of circuit, in tenths of a percent (they sum to 1000). */
const SHARE = { hairpin: 310, d1: 300, d2: 360, d3: 30 } as const;

/** The datapath id of switch K (Mininet numbers sK as K). */
export function dpidOf(k: number): string {
  return k.toString(16).padStart(16, '0').replace(/(..)(?!$)/g, '$1:');
}

/** The UNI interface (host port 1) of switch K. */
export function uniOf(k: number): string {
  return `${dpidOf(k)}:1`;
}

/** A small deterministic PRNG (mulberry32), so every run creates the same circuits in the same order. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The (a, z) pairs of one kind on a ring of `switches`, each pair once. */
function pairsAt(distance: number, switches: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 1; a <= switches; a++) {
    const z = ((a - 1 + distance) % switches) + 1;
    // Opposite switches on an even ring: (a, a+N/2) and (a+N/2, a) are the same pair.
    if (2 * distance === switches && a > switches / 2) continue;
    out.push([a, z]);
  }
  return out;
}

/**
 * `count` circuits on a ring of `switches` (at least 6, so that every distance exists), VIDs from
 * 1 up per UNI, `skipVid` (LLDP's) never used. Throws when a UNI would run out of VIDs.
 */
export function benchCircuits(count: number, switches: number, skipVid: number | undefined): CircuitSpec[] {
  if (switches < 6) throw new Error('bench:eline wants a ring of at least 6 switches');
  const kinds: { distance: number; share: number }[] = [
    { distance: 0, share: SHARE.hairpin },
    { distance: 1, share: SHARE.d1 },
    { distance: 2, share: SHARE.d2 },
    { distance: 3, share: SHARE.d3 },
  ];
  // How many of each kind; the rounding remainder goes to the hairpins.
  const perKind = kinds.map((k) => Math.floor((count * k.share) / 1000));
  perKind[0] = (perKind[0] as number) + count - perKind.reduce((s, x) => s + x, 0);
  const pairs: [number, number, number][] = [];
  kinds.forEach((k, i) => {
    const ps = k.distance === 0 ? Array.from({ length: switches }, (_, j): [number, number] => [j + 1, j + 1]) : pairsAt(k.distance, switches);
    for (let m = 0; m < (perKind[i] as number); m++) {
      const p = ps[m % ps.length] as [number, number];
      pairs.push([p[0], p[1], k.distance]);
    }
  });
  const rand = prng(0x15e1);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j] as [number, number, number], pairs[i] as [number, number, number]];
  }
  const next = new Map<number, number>();
  const take = (k: number): number => {
    let v = next.get(k) ?? 1;
    if (v === skipVid) v++;
    if (v > 4094) throw new Error(`switch ${k}'s UNI has no VID left for circuit ${count}`);
    next.set(k, v + 1);
    return v;
  };
  return pairs.map(([a, z, distance], n) => ({ n, a, z, vidA: take(a), vidZ: take(z), distance }));
}

/** The Kytos-ng create body of a circuit (kytos-api.md §1.2). */
export function createBody(c: CircuitSpec, prefix: string): Record<string, unknown> {
  return {
    name: `${prefix}-${c.n}`,
    uni_a: { interface_id: uniOf(c.a), tag: { tag_type: 'vlan', value: c.vidA } },
    uni_z: { interface_id: uniOf(c.z), tag: { tag_type: 'vlan', value: c.vidZ } },
    dynamic_backup_path: true,
  };
}

/** Pure. The most VIDs any UNI uses, and the most S-VLANs any ring link would need if every circuit took a shortest path (ties both ways counted on both). */
export function planLoad(circuits: readonly CircuitSpec[], switches: number): { readonly maxUniVids: number; readonly maxLinkVids: number } {
  const uni = new Map<number, number>();
  const link = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (const c of circuits) {
    bump(uni, c.a);
    bump(uni, c.z);
    // Link K joins sK and s(K+1): the clockwise way from a takes links a .. a+d-1.
    for (let s = 0; s < c.distance; s++) bump(link, ((c.a - 1 + s) % switches) + 1);
    if (2 * c.distance === switches) for (let s = 0; s < c.distance; s++) bump(link, ((c.z - 1 + s) % switches) + 1);
  }
  return { maxUniVids: Math.max(0, ...uni.values()), maxLinkVids: Math.max(0, ...link.values()) };
}
