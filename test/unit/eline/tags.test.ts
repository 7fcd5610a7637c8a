/**
 * Circuit tag allocation over hand-written snapshots (kytos-api.md §1.3, §2.3): UNI reservations,
 * per-link S-VLANs, release and the topology's usage view, each with its expected result written
 * out; then a seeded run of random reserve/allocate/release checked against a VID-by-VID ledger.
 *
 * Topology: s1:1 and s3:1 are UNIs; link l12 joins s1:2–s2:1 and l23 joins s2:2–s3:2.
 */
import type { PathHop, Uni, UniTag } from '../../../src/eline/model';
import type { InterfaceId, SpecialTag, VlanRange } from '../../../src/topology/model';
import {
  allocateSVlans,
  availableVids,
  buildTagSnapshot,
  holdHops,
  releaseTags,
  reserveUniTags,
  usageOf,
  type CircuitTags,
  type HopEnds,
  type InterfaceTags,
  type TagPool,
  type TagSnapshot,
} from '../../../src/eline/tags';
import { Rng, seedFromEnv } from '../../support/rng';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';
const A1 = `${S1}:1`;
const A2 = `${S1}:2`;
const A3 = `${S1}:3`;
const B1 = `${S2}:1`;
const B2 = `${S2}:2`;
const C1 = `${S3}:1`;
const C2 = `${S3}:2`;

const vlan = (vid: number): UniTag => ({ kind: 'vlan', vid });
const range = (...ranges: VlanRange[]): UniTag => ({ kind: 'range', ranges });
const UNTAGGED: UniTag = { kind: 'untagged' };
const ANY: UniTag = { kind: 'any' };
const EPL: UniTag = { kind: 'epl' };
const uni = (interfaceId: InterfaceId, tag: UniTag): Uni => ({ interfaceId, tag });

const pool = (tagRanges: VlanRange[] = [[1, 4094]], lldpVlan?: number, specialTags: SpecialTag[] = ['untagged', 'any']): TagPool => ({
  tagRanges,
  specialTags,
  lldpVlan,
});

/** Every interface with the default pool; s1 is enabled (LLDP on 3799), s2 and s3 are not. */
const DEFAULT_POOLS: Readonly<Record<InterfaceId, TagPool>> = {
  [A1]: pool([[1, 4094]], 3799),
  [A2]: pool([[1, 4094]], 3799),
  [A3]: pool([[1, 4094]], 3799, ['any']),
  [B1]: pool(),
  [B2]: pool(),
  [C1]: pool([[1, 500]]),
  [C2]: pool(),
};

function circuit(id: string, a: Uni, z: Uni, hops: PathHop[] = [], archived = false): CircuitTags {
  return { id, name: `name-${id}`, archived, uniA: a, uniZ: z, hops };
}

/** A circuit that only holds `tag` on `id` (both UNIs the same). */
const holding = (evcId: string, id: InterfaceId, tag: UniTag): CircuitTags => circuit(evcId, uni(id, tag), uni(id, tag));

function snap(circuits: CircuitTags[] = [], pools: Readonly<Record<InterfaceId, TagPool>> = DEFAULT_POOLS): TagSnapshot {
  return buildTagSnapshot(new Map(Object.entries(pools)), circuits);
}

function entryOf(s: TagSnapshot, id: InterfaceId): InterfaceTags {
  const e = s.interfaces.get(id);
  if (e === undefined) throw new Error(`${id} is not in the snapshot`);
  return e;
}

const used = (s: TagSnapshot, id: InterfaceId): readonly VlanRange[] => usageOf(s).usedVlans(id);
const special = (s: TagSnapshot, id: InterfaceId): readonly SpecialTag[] => usageOf(s).usedSpecial(id);
const ref = (id: string) => ({ id, name: `name-${id}` });
const notAvailable = (tags: string, id: InterfaceId): string => `KytosTagsAreNotAvailable, The tags ${tags} are not available in ${id}`;
const refused = (interfaceId: InterfaceId, tags: string) => ({ ok: false, error: { kind: 'not_available', interfaceId, description: notAvailable(tags, interfaceId) } });
const placed = (...hops: PathHop[]) => ({ ok: true, value: hops });

describe('buildTagSnapshot and usageOf', () => {
  const hops: PathHop[] = [
    { linkId: 'l12', fromA: A2, toZ: B1, sVlan: 5 },
    { linkId: 'l23', fromA: B2, toZ: C2, sVlan: 7 },
  ];
  const s = snap([
    circuit('c1', uni(A1, vlan(100)), uni(C1, range([10, 12], [20, 20])), hops),
    circuit('c2', uni(A1, UNTAGGED), uni(C1, ANY)),
    circuit('c3', uni(A1, vlan(200)), uni(C1, EPL), [{ linkId: 'l12', fromA: A2, toZ: B1, sVlan: 9 }], true),
    circuit('c4', uni(A1, EPL), uni(C1, vlan(300))),
    circuit('c5', uni(`${S3}:9`, vlan(1)), uni(C1, vlan(301))),
  ]);

  it('shows UNI VLANs and S-VLANs of every non-archived circuit, per interface', () => {
    expect(used(s, A1)).toEqual([[100, 100]]);
    expect(used(s, C1)).toEqual([[10, 12], [20, 20], [300, 301]]);
    expect(used(s, A2)).toEqual([[5, 5]]);
    expect(used(s, B1)).toEqual([[5, 5]]);
    expect(used(s, B2)).toEqual([[7, 7]]);
    expect(used(s, C2)).toEqual([[7, 7]]);
    expect(special(s, A1)).toEqual(['untagged']);
    expect(special(s, C1)).toEqual(['any']);
  });

  it('records EPL UNIs by circuit with the name, and nothing of an archived circuit', () => {
    expect([...(s.interfaces.get(A1)?.epl ?? [])]).toEqual([['c4', 'name-c4']]);
    expect([...(s.interfaces.get(C1)?.epl ?? [])]).toEqual([]);
  });

  it('leaves out holdings on an interface without a pool, and answers nothing for it', () => {
    expect(s.interfaces.has(`${S3}:9`)).toBe(false);
    expect(used(s, `${S3}:9`)).toEqual([]);
    expect(special(s, `${S3}:9`)).toEqual([]);
  });

  it('lists special tags in canonical order whatever order they were taken in', () => {
    const t = snap([circuit('c1', uni(A1, ANY), uni(A1, UNTAGGED))]);
    expect(special(t, A1)).toEqual(['untagged', 'any']);
  });

  it('available VIDs: the pool minus holdings, the LLDP VLAN and 4095', () => {
    const pools = { [A1]: pool([[1, 10]], 5), [A2]: pool([[4090, 4095]]) };
    const t = snap([holding('c1', A1, vlan(2)), holding('c2', A1, range([7, 8]))], pools);
    expect(availableVids(entryOf(t, A1))).toEqual([[1, 1], [3, 4], [6, 6], [9, 10]]);
    expect(availableVids(entryOf(t, A2))).toEqual([[4090, 4094]]);
  });
});

describe('reserveUniTags', () => {
  const empty = snap();

  it('holds a free VID on each side and leaves the given snapshot alone', () => {
    const r = reserveUniTags(empty, ref('c1'), uni(A1, vlan(100)), uni(C1, vlan(200)));
    expect(r).toEqual({
      ok: true,
      value: {
        snapshot: expect.anything(),
        taken: [
          { interfaceId: A1, tag: { kind: 'vlans', ranges: [[100, 100]] } },
          { interfaceId: C1, tag: { kind: 'vlans', ranges: [[200, 200]] } },
        ],
      },
    });
    if (!r.ok) return;
    expect(used(r.value.snapshot, A1)).toEqual([[100, 100]]);
    expect(used(r.value.snapshot, C1)).toEqual([[200, 200]]);
    expect([...(r.value.snapshot.interfaces.get(A1)?.vlans ?? [])]).toEqual([['c1', [[100, 100]]]]);
    expect(used(empty, A1)).toEqual([]);
  });

  it('refuses a VID another circuit holds, with Kytos 400 text', () => {
    const r = reserveUniTags(snap([holding('c0', A1, vlan(100))]), ref('c1'), uni(A1, vlan(100)), uni(C1, vlan(200)));
    expect(r).toEqual(refused(A1, '[[100, 100]]'));
  });

  it.each<[string, InterfaceId, number, Readonly<Record<InterfaceId, TagPool>>]>([
    ['outside the pool', C1, 501, DEFAULT_POOLS],
    ['0', A1, 0, DEFAULT_POOLS],
    ['4095, even in a pool that has it', A1, 4095, { [A1]: pool([[1, 4095]]), [C1]: pool() }],
    ['the LLDP VLAN of an enabled switch', A1, 3799, DEFAULT_POOLS],
  ])('refuses a VID %s', (_what, id, vid, pools) => {
    const other = id === A1 ? C1 : A1;
    const r = reserveUniTags(snap([], pools), ref('c1'), uni(id, vlan(vid)), uni(other, vlan(10)));
    expect(r).toEqual(refused(id, `[[${vid}, ${vid}]]`));
  });

  it('gives out 3799 where the switch is not enabled (no LLDP VLAN)', () => {
    const r = reserveUniTags(empty, ref('c1'), uni(B1, vlan(3799)), uni(C2, vlan(3799)));
    expect(r.ok).toBe(true);
  });

  it('holds untagged and any once per interface, and only when the interface offers them', () => {
    const first = reserveUniTags(empty, ref('c1'), uni(A1, UNTAGGED), uni(C1, ANY));
    if (!first.ok) throw new Error(first.error.description);
    expect(first.value.taken).toEqual([
      { interfaceId: A1, tag: { kind: 'special', tag: 'untagged' } },
      { interfaceId: C1, tag: { kind: 'special', tag: 'any' } },
    ]);
    const s = first.value.snapshot;
    expect(special(s, A1)).toEqual(['untagged']);
    expect(used(s, A1)).toEqual([]);
    expect(reserveUniTags(s, ref('c2'), uni(A1, UNTAGGED), uni(C1, vlan(1)))).toEqual(refused(A1, 'untagged'));
    expect(reserveUniTags(s, ref('c2'), uni(A1, ANY), uni(C1, UNTAGGED)).ok).toBe(true);
    // s1:3 offers only "any".
    expect(reserveUniTags(s, ref('c2'), uni(A3, UNTAGGED), uni(C1, vlan(1)))).toEqual(refused(A3, 'untagged'));
  });

  it('holds every VID of a range', () => {
    const r = reserveUniTags(empty, ref('c1'), uni(A1, range([10, 12], [20, 20])), uni(C1, range([10, 12], [20, 20])));
    if (!r.ok) throw new Error(r.error.description);
    expect(used(r.value.snapshot, C1)).toEqual([[10, 12], [20, 20]]);
  });

  it.each<[string, UniTag, string]>([
    ['one VID in use', range([100, 200]), '[[150, 150]]'],
    ['VIDs outside the pool', range([490, 510]), '[[501, 510]]'],
    ['several pieces', range([100, 200], [450, 520]), '[[150, 150], [501, 520]]'],
  ])('refuses a range with %s, naming exactly the missing VIDs and taking none', (_what, tag, missing) => {
    const s = snap([holding('c0', C1, vlan(150))]);
    const r = reserveUniTags(s, ref('c1'), uni(A1, tag), uni(C1, tag));
    expect(r).toEqual(refused(C1, missing));
    expect(used(s, A1)).toEqual([]);
    expect(used(s, C1)).toEqual([[150, 150]]);
  });

  it('is all or nothing: when UNI Z fails, what UNI A would have taken stays free', () => {
    const s = snap([holding('c0', C1, vlan(7))]);
    expect(reserveUniTags(s, ref('c1'), uni(A1, vlan(100)), uni(C1, vlan(7))).ok).toBe(false);
    expect(used(s, A1)).toEqual([]);
    expect(reserveUniTags(s, ref('c2'), uni(A1, vlan(100)), uni(C1, vlan(8))).ok).toBe(true);
  });

  describe('EPL (no tag)', () => {
    it('takes nothing from the pool but records the circuit', () => {
      const r = reserveUniTags(empty, ref('c1'), uni(A1, EPL), uni(C1, vlan(10)));
      if (!r.ok) throw new Error(r.error.description);
      expect(r.value.taken[0]).toEqual({ interfaceId: A1, tag: { kind: 'epl' } });
      expect(used(r.value.snapshot, A1)).toEqual([]);
      expect(special(r.value.snapshot, A1)).toEqual([]);
      expect([...(r.value.snapshot.interfaces.get(A1)?.epl ?? [])]).toEqual([['c1', 'name-c1']]);
    });

    it.each<[string, Uni, Uni]>([
      ['on UNI A', uni(A1, EPL), uni(C1, vlan(10))],
      ['on UNI Z', uni(C1, vlan(10)), uni(A1, EPL)],
    ])('refuses a second EPL UNI on an interface %s with Kytos 409 text', (_side, a, z) => {
      const s = snap([circuit('c0', uni(A1, EPL), uni(C1, vlan(1)))]);
      expect(reserveUniTags(s, ref('c1'), a, z)).toEqual({
        ok: false,
        error: { kind: 'epl_duplicated', interfaceId: A1, evcId: 'c0', description: `UNI with interface ${A1} is duplicated with EVC(c0, name-c0).` },
      });
    });

    it('answers the 409 before any 400', () => {
      const s = snap([circuit('c0', uni(A1, EPL), uni(C1, vlan(1)))]);
      const r = reserveUniTags(s, ref('c1'), uni(C1, vlan(1)), uni(A1, EPL));
      expect(r.ok ? undefined : r.error.kind).toBe('epl_duplicated');
    });

    it('coexists with VID, untagged and any circuits on the interface', () => {
      const s = snap([holding('c0', A1, vlan(100)), circuit('c2', uni(A1, UNTAGGED), uni(A1, ANY))]);
      expect(reserveUniTags(s, ref('c1'), uni(A1, EPL), uni(C1, vlan(10))).ok).toBe(true);
    });

    it('is not blocked by an archived circuit, nor by the circuit itself (an update)', () => {
      const archived = snap([circuit('c0', uni(A1, EPL), uni(C1, vlan(1)), [], true)]);
      expect(reserveUniTags(archived, ref('c1'), uni(A1, EPL), uni(C1, vlan(10))).ok).toBe(true);
      const own = snap([circuit('c1', uni(A1, EPL), uni(C1, vlan(1)))]);
      expect(reserveUniTags(own, ref('c1'), uni(A1, EPL), uni(C1, vlan(10))).ok).toBe(true);
    });
  });

  describe('hairpin (both UNIs on one interface)', () => {
    it('holds both VIDs for the circuit', () => {
      const r = reserveUniTags(empty, ref('c1'), uni(A1, vlan(100)), uni(A1, vlan(200)));
      if (!r.ok) throw new Error(r.error.description);
      expect([...(r.value.snapshot.interfaces.get(A1)?.vlans ?? [])]).toEqual([['c1', [[100, 100], [200, 200]]]]);
    });

    it('holds untagged and any together', () => {
      const r = reserveUniTags(empty, ref('c1'), uni(A1, UNTAGGED), uni(A1, ANY));
      expect(r.ok && special(r.value.snapshot, A1)).toEqual(['untagged', 'any']);
    });

    it('refuses the same VID on both sides (UNI Z finds it taken by UNI A)', () => {
      expect(reserveUniTags(empty, ref('c1'), uni(A1, vlan(100)), uni(A1, vlan(100)))).toEqual(refused(A1, '[[100, 100]]'));
    });

    it('accepts EPL on both sides (Kytos compares with other circuits only)', () => {
      expect(reserveUniTags(empty, ref('c1'), uni(A1, EPL), uni(A1, EPL)).ok).toBe(true);
    });
  });

  it('refuses an interface the snapshot does not know', () => {
    const id = `${S3}:9`;
    expect(reserveUniTags(empty, ref('c1'), uni(A1, vlan(1)), uni(id, EPL))).toEqual({
      ok: false,
      error: { kind: 'unknown_interface', interfaceId: id, description: `Error creating UNI:Could not instantiate interface ${id}` },
    });
  });
});

describe('allocateSVlans', () => {
  const L12: HopEnds = { linkId: 'l12', fromA: A2, toZ: B1 };
  const L23: HopEnds = { linkId: 'l23', fromA: B2, toZ: C2 };

  it('takes per link the lowest VID free on both ends, and leaves the snapshot alone', () => {
    // s1:2 has 1..9 in use; s2:1 has 1..4 and 10..12: the first VID free on both is 13.
    const s = snap([holding('c0', A2, range([1, 9])), holding('c9', B1, range([1, 4], [10, 12]))]);
    expect(allocateSVlans(s, 'c1', [L12, L23])).toEqual(placed({ linkId: 'l12', fromA: A2, toZ: B1, sVlan: 13 }, { linkId: 'l23', fromA: B2, toZ: C2, sVlan: 1 }));
    expect(used(s, B2)).toEqual([]);
  });

  it('never hands out the LLDP VLAN', () => {
    const pools = { [A2]: pool([[3798, 3800]], 3799), [B1]: pool([[3798, 3800]]) };
    expect(allocateSVlans(snap([holding('c0', A2, vlan(3798))], pools), 'c1', [L12])).toEqual(placed({ ...L12, sVlan: 3800 }));
    const onlyLldp = snap([holding('c0', A2, range([3798, 3798], [3800, 3800]))], pools);
    expect(allocateSVlans(onlyLldp, 'c1', [L12]).ok).toBe(false);
  });

  it('never hands out 4095', () => {
    const pools = { [A2]: pool([[4094, 4095]]), [B1]: pool([[4094, 4095]]) };
    expect(allocateSVlans(snap([holding('c0', B1, vlan(4094))], pools), 'c1', [L12]).ok).toBe(false);
  });

  it.each<[string, VlanRange[], number, number]>([
    ['the lowest is the avoided VID: the next one', [[1, 4094]], 1, 2],
    ['the avoided VID is not the lowest: the lowest', [[1, 4094]], 5, 1],
    ['the avoided VID alone in its run: the start of the next common run', [[7, 7], [20, 30]], 7, 20],
    ['the avoided VID is all there is: it is taken', [[7, 7]], 7, 7],
  ])('try_avoid_same_s_vlan: %s', (_what, a2Ranges, avoided, expected) => {
    const s = snap([], { [A2]: pool(a2Ranges), [B1]: pool() });
    expect(allocateSVlans(s, 'c1', [L12], new Map([['l12', avoided]]))).toEqual(placed({ ...L12, sVlan: expected }));
  });

  it('applies an avoided VID only to its own link', () => {
    expect(allocateSVlans(snap(), 'c1', [L12, L23], new Map([['l23', 1]]))).toEqual(placed({ ...L12, sVlan: 1 }, { ...L23, sVlan: 2 }));
  });

  it('fails the whole path when one link is exhausted, with Kytos text, holding nothing', () => {
    const pools = { ...DEFAULT_POOLS, [B2]: pool([[1, 10]]), [C2]: pool([[11, 20]]) };
    const s = snap([], pools);
    expect(allocateSVlans(s, 'c1', [L12, L23])).toEqual({
      ok: false,
      error: { kind: 'no_vlan', linkId: 'l23', description: 'Link l23 has no vlan available.' },
    });
    expect(used(s, A2)).toEqual([]);
  });

  it('fails a hop whose endpoint the snapshot does not know', () => {
    const r = allocateSVlans(snap(), 'c1', [{ linkId: 'lx', fromA: A2, toZ: `${S3}:9` }]);
    expect(r.ok ? undefined : r.error.description).toBe('Link lx has no vlan available.');
  });

  it('hands out the next VID once the first allocation is held', () => {
    const first = allocateSVlans(snap(), 'c1', [L12]);
    if (!first.ok) throw new Error(first.error.description);
    const s = holdHops(snap(), 'c1', first.value);
    expect(used(s, A2)).toEqual([[1, 1]]);
    expect(used(s, B1)).toEqual([[1, 1]]);
    expect(allocateSVlans(s, 'c2', [L12])).toEqual(placed({ ...L12, sVlan: 2 }));
  });

  it('sees the VIDs of earlier hops of the same path', () => {
    // A path that crosses s2:1 twice cannot use one VID on it twice.
    const back: HopEnds = { linkId: 'l21', fromA: B1, toZ: A2 };
    expect(allocateSVlans(snap(), 'c1', [L12, back])).toEqual(placed({ ...L12, sVlan: 1 }, { ...back, sVlan: 2 }));
  });

  it('shares the pool with UNI C-VLANs', () => {
    const r = reserveUniTags(snap(), ref('c1'), uni(A2, vlan(1)), uni(C1, vlan(1)));
    if (!r.ok) throw new Error(r.error.description);
    expect(allocateSVlans(r.value.snapshot, 'c2', [L12])).toEqual(placed({ ...L12, sVlan: 2 }));
  });
});

describe('releaseTags', () => {
  const c1Path: PathHop[] = [
    { linkId: 'l12', fromA: A2, toZ: B1, sVlan: 5 },
    { linkId: 'l23', fromA: B2, toZ: C2, sVlan: 6 },
  ];
  const c1 = circuit('c1', uni(A1, vlan(100)), uni(C1, range([10, 12])), c1Path);
  const c2 = circuit('c2', uni(A1, UNTAGGED), uni(C1, EPL), [{ linkId: 'l12', fromA: A2, toZ: B1, sVlan: 7 }]);
  const base = snap([c1, c2]);

  it('gives back the UNI tags and keeps the path and other circuits', () => {
    const s = releaseTags(base, 'c1', { kind: 'unis', unis: [c1.uniA, c1.uniZ] });
    expect(used(s, A1)).toEqual([]);
    expect(used(s, C1)).toEqual([]);
    expect(used(s, A2)).toEqual([[5, 5], [7, 7]]);
    expect(special(s, A1)).toEqual(['untagged']);
    expect(reserveUniTags(s, ref('c3'), uni(A1, vlan(100)), uni(C1, vlan(11))).ok).toBe(true);
  });

  it('gives back one path and keeps the UNI tags', () => {
    const s = releaseTags(base, 'c1', { kind: 'hops', hops: c1Path });
    expect(used(s, A2)).toEqual([[7, 7]]);
    expect(used(s, B1)).toEqual([[7, 7]]);
    expect(used(s, B2)).toEqual([]);
    expect(used(s, C2)).toEqual([]);
    expect(used(s, A1)).toEqual([[100, 100]]);
  });

  it('gives back everything a circuit holds, EPL included', () => {
    const s = releaseTags(base, 'c2', { kind: 'circuit' });
    expect(special(s, A1)).toEqual([]);
    expect([...(s.interfaces.get(C1)?.epl ?? [])]).toEqual([]);
    expect(used(s, A2)).toEqual([[5, 5]]);
    expect(used(s, C1)).toEqual([[10, 12]]);
    expect(reserveUniTags(s, ref('c3'), uni(C1, EPL), uni(A1, UNTAGGED)).ok).toBe(true);
  });

  it("never frees another circuit's tags, and a second release changes nothing", () => {
    const notMine = releaseTags(base, 'c1', { kind: 'hops', hops: [{ linkId: 'l12', fromA: A2, toZ: B1, sVlan: 7 }] });
    expect(used(notMine, A2)).toEqual([[5, 5], [7, 7]]);
    const notMineEither = releaseTags(base, 'c1', { kind: 'unis', unis: [uni(A1, UNTAGGED), uni(C1, EPL)] });
    expect(special(notMineEither, A1)).toEqual(['untagged']);
    expect([...(notMineEither.interfaces.get(C1)?.epl ?? [])]).toEqual([['c2', 'name-c2']]);
    const once = releaseTags(base, 'c1', { kind: 'circuit' });
    const twice = releaseTags(once, 'c1', { kind: 'circuit' });
    expect(used(twice, A1)).toEqual([]);
    expect(used(twice, A2)).toEqual([[7, 7]]);
  });

  it('changes UNIs by releasing the old tag and reserving the new one', () => {
    const freed = releaseTags(base, 'c1', { kind: 'unis', unis: [c1.uniA] });
    const r = reserveUniTags(freed, ref('c1'), uni(A1, vlan(101)), uni(C1, range([10, 12])));
    // UNI Z's range is still held by c1 itself: a change that keeps it must release it too.
    expect(r.ok ? undefined : r.error.description).toBe(notAvailable('[[10, 12]]', C1));
    const both = releaseTags(base, 'c1', { kind: 'unis', unis: [c1.uniA, c1.uniZ] });
    const again = reserveUniTags(both, ref('c1'), uni(A1, vlan(101)), uni(C1, range([10, 12])));
    expect(again.ok && used(again.value.snapshot, A1)).toEqual([[101, 101]]);
  });
});

describe('random reserve / allocate / release never hand out a VID twice on an interface', () => {
  // The test keeps its own ledger, VID by VID, and predicts every answer from it with plain loops.
  const SEED = seedFromEnv('ISTHMUS_ELINE_TAGS_SEED', 0x7a65_e11e);
  const [N12, N21, N23, N32, N13, N31] = [`${S1}:2`, `${S2}:1`, `${S2}:2`, `${S3}:2`, `${S1}:3`, `${S3}:3`];
  const IDS = [A1, N12, N21, N23, N32, N13, N31, C1];
  const PATHS: HopEnds[][] = [
    [{ linkId: 'l12', fromA: N12, toZ: N21 }, { linkId: 'l23', fromA: N23, toZ: N32 }],
    [{ linkId: 'l13', fromA: N13, toZ: N31 }],
    [{ linkId: 'l13', fromA: N31, toZ: N13 }],
  ];
  type Model = { unis: [Uni, Uni] | undefined; paths: PathHop[][] };
  const isSpecial = (t: UniTag): t is { kind: SpecialTag } => t.kind === 'untagged' || t.kind === 'any';
  const vidsOfTag = (tag: UniTag): number[] => {
    const out: number[] = [];
    const ranges = tag.kind === 'vlan' ? [[tag.vid, tag.vid]] : tag.kind === 'range' ? tag.ranges : [];
    for (const [lo, hi] of ranges as VlanRange[]) for (let v = lo; v <= hi; v++) out.push(v);
    return out;
  };

  it(`holds across a long random run (seed ${SEED})`, () => {
    const rng = new Rng(SEED);
    const choices: TagPool[] = [pool([[1, 8]], 4), pool([[1, 3], [9, 12]]), pool([[3, 9]], 4, ['any']), pool([[1, 6]], undefined, ['untagged'])];
    const pools = new Map(IDS.map((id) => [id, rng.pick(choices)] as const));
    const circuits = new Map<string, Model>([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [`c${i}`, { unis: undefined, paths: [] }]));
    const vids = new Map<InterfaceId, Map<number, string>>(IDS.map((id) => [id, new Map()]));
    const specials = new Map<InterfaceId, Map<SpecialTag, string>>(IDS.map((id) => [id, new Map()]));
    const vidsAt = (id: InterfaceId) => vids.get(id) as Map<number, string>;
    const specialsAt = (id: InterfaceId) => specials.get(id) as Map<SpecialTag, string>;
    let s = buildTagSnapshot(pools, []);
    const counts = { reserved: 0, refused: 0, duplicated: 0, allocated: 0, exhausted: 0, released: 0 };

    const free = (id: InterfaceId, vid: number, tentative: Set<string>): boolean => {
      const p = pools.get(id) as TagPool;
      const inPool = vid >= 1 && vid <= 4094 && vid !== p.lldpVlan && p.tagRanges.some(([lo, hi]) => vid >= lo && vid <= hi);
      return inPool && !vidsAt(id).has(vid) && !tentative.has(`${id}/${vid}`);
    };
    const randomTag = (): UniTag => {
      const k = rng.int(6);
      const lo = rng.range(1, 12);
      if (k <= 1) return vlan(rng.range(0, 15));
      if (k === 2) return rng.chance(0.5) ? range([lo, lo + rng.int(3)]) : range([lo, lo], [lo + 2, lo + 2 + rng.int(2)]);
      return k === 3 ? UNTAGGED : k === 4 ? ANY : EPL;
    };

    const reserve = (id: string, a: Uni, z: Uni): void => {
      const eplElsewhere = (u: Uni) => [...circuits].some(([o, c]) => o !== id && c.unis?.some((x) => x.tag.kind === 'epl' && x.interfaceId === u.interfaceId));
      let expected = [a, z].some((u) => u.tag.kind === 'epl' && eplElsewhere(u)) ? 'epl_duplicated' : 'ok';
      const tentative = new Set<string>();
      for (const u of expected === 'ok' ? [a, z] : []) {
        const t = u.tag;
        if (isSpecial(t)) {
          const taken = specialsAt(u.interfaceId).has(t.kind) || tentative.has(`${u.interfaceId}/${t.kind}`);
          if (taken || !(pools.get(u.interfaceId) as TagPool).specialTags.includes(t.kind)) expected = 'not_available';
          tentative.add(`${u.interfaceId}/${t.kind}`);
        }
        for (const v of vidsOfTag(t)) {
          if (!free(u.interfaceId, v, tentative)) expected = 'not_available';
          tentative.add(`${u.interfaceId}/${v}`);
        }
      }
      const r = reserveUniTags(s, ref(id), a, z);
      expect(r.ok ? 'ok' : r.error.kind).toBe(expected);
      if (!r.ok) {
        counts[r.error.kind === 'epl_duplicated' ? 'duplicated' : 'refused']++;
        return;
      }
      counts.reserved++;
      for (const u of [a, z]) {
        for (const v of vidsOfTag(u.tag)) vidsAt(u.interfaceId).set(v, id);
        if (isSpecial(u.tag)) specialsAt(u.interfaceId).set(u.tag.kind, id);
      }
      (circuits.get(id) as Model).unis = [a, z];
      s = r.value.snapshot;
    };

    const allocate = (id: string, path: HopEnds[], avoid: Map<string, number>): void => {
      const taken = new Set<string>();
      const predicted: PathHop[] = [];
      for (const hop of path) {
        const common: number[] = [];
        for (let v = 1; v <= 4094 && common.length < 2; v++) if (free(hop.fromA, v, taken) && free(hop.toZ, v, taken)) common.push(v);
        const [lowest, next] = common;
        if (lowest === undefined) break;
        const sVlan = lowest === avoid.get(hop.linkId) && next !== undefined ? next : lowest;
        predicted.push({ ...hop, sVlan });
        taken.add(`${hop.fromA}/${sVlan}`).add(`${hop.toZ}/${sVlan}`);
      }
      const r = allocateSVlans(s, id, path, avoid);
      if (predicted.length < path.length) {
        expect(r).toEqual({ ok: false, error: expect.objectContaining({ kind: 'no_vlan', linkId: path[predicted.length]?.linkId }) });
        counts.exhausted++;
        return;
      }
      expect(r).toEqual({ ok: true, value: predicted });
      counts.allocated++;
      for (const hop of predicted) for (const end of [hop.fromA, hop.toZ]) vidsAt(end).set(hop.sVlan, id);
      (circuits.get(id) as Model).paths.push(predicted);
      s = holdHops(s, id, predicted);
    };

    const forgetUni = (u: Uni): void => {
      for (const v of vidsOfTag(u.tag)) vidsAt(u.interfaceId).delete(v);
      if (isSpecial(u.tag)) specialsAt(u.interfaceId).delete(u.tag.kind);
    };
    const forgetPath = (path: PathHop[]): void => {
      for (const hop of path) for (const end of [hop.fromA, hop.toZ]) vidsAt(end).delete(hop.sVlan);
    };
    const release = (id: string, c: Model): void => {
      const k = rng.int(3);
      if (k === 0 && c.unis !== undefined) {
        s = releaseTags(s, id, { kind: 'unis', unis: c.unis });
        c.unis.forEach(forgetUni);
        c.unis = undefined;
      } else if (k === 1 && c.paths.length > 0) {
        const path = c.paths.splice(rng.int(c.paths.length), 1)[0] as PathHop[];
        s = releaseTags(s, id, { kind: 'hops', hops: path });
        forgetPath(path);
      } else {
        s = releaseTags(s, id, { kind: 'circuit' });
        (c.unis ?? []).forEach(forgetUni);
        c.paths.forEach(forgetPath);
        c.unis = undefined;
        c.paths = [];
      }
      counts.released++;
    };

    for (let step = 0; step < 3000; step++) {
      const id = `c${rng.int(8)}`;
      const c = circuits.get(id) as Model;
      // Seven times in ten the circuit grows (UNIs, then up to three paths), so pools fill up.
      const grow = rng.int(10) < 7;
      if (grow && c.unis === undefined) reserve(id, uni(rng.pick(IDS), randomTag()), uni(rng.pick(IDS), randomTag()));
      else if (grow && c.paths.length < 3) {
        const avoid = new Map<string, number>(rng.chance(0.5) ? [[rng.pick(['l12', 'l23', 'l13']), rng.range(1, 6)]] : []);
        allocate(id, rng.pick(PATHS), avoid);
      } else release(id, c);
      for (const iid of IDS) {
        const expanded: number[] = [];
        for (const [lo, hi] of usageOf(s).usedVlans(iid)) for (let v = lo; v <= hi; v++) expanded.push(v);
        expect(expanded).toEqual([...vidsAt(iid).keys()].sort((x, y) => x - y));
        expect([...usageOf(s).usedSpecial(iid)].sort()).toEqual([...specialsAt(iid).keys()].sort());
      }
      if (step % 100 === 99) {
        // The snapshot rebuilt from the circuits as stored is the same. A circuit without UNIs
        // stands in with EPL on s1:1, which holds no VLAN or special tag.
        const rebuilt = buildTagSnapshot(pools, [...circuits].map(([cid, m]) => circuit(cid, ...(m.unis ?? [uni(A1, EPL), uni(A1, EPL)]), m.paths.flat())));
        for (const iid of IDS) {
          expect(usageOf(rebuilt).usedVlans(iid)).toEqual(usageOf(s).usedVlans(iid));
          expect(usageOf(rebuilt).usedSpecial(iid)).toEqual(usageOf(s).usedSpecial(iid));
        }
      }
    }
    // Every kind of answer came up often enough for the run to mean something.
    const minimum = { reserved: 50, refused: 50, duplicated: 5, allocated: 50, exhausted: 5, released: 50 };
    for (const [kind, min] of Object.entries(minimum)) expect([kind, counts[kind as keyof typeof counts] > min]).toEqual([kind, true]);
  });
});
