/**
 * The circuits' tag book (src/eline/tag-book.ts): snapshots of the interfaces an operation
 * touches, with their pools as the topology has them now; commits that make a snapshot's holdings
 * the book's; the live usage view for the topology; load from stored circuits.
 */
import type { EvcConfig, Uni } from '../../../src/eline/model';
import { TagBook } from '../../../src/eline/tag-book';
import { allocateSVlans, holdHops, releaseTags, reserveUniTags, type CircuitTags, type TagPool } from '../../../src/eline/tags';
import type { InterfaceId } from '../../../src/topology/model';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const A1 = `${S1}:1`;
const A2 = `${S1}:2`;
const B1 = `${S2}:1`;
const B2 = `${S2}:2`;

const POOL: TagPool = { tagRanges: [[1, 4094]], specialTags: ['untagged', 'any'], lldpVlan: 3799 };

/** A book over a topology the test edits: interfaces absent from `pools` are unknown to it. */
function book(pools: Map<InterfaceId, TagPool> = new Map([A1, A2, B1, B2].map((id) => [id, POOL]))): { book: TagBook; pools: Map<InterfaceId, TagPool> } {
  return { book: new TagBook((id) => pools.get(id)), pools };
}

const vlanUni = (interfaceId: InterfaceId, vid: number): Uni => ({ interfaceId, tag: { kind: 'vlan', vid } });
const circuit = (id: string, uniA: Uni, uniZ: Uni): Pick<EvcConfig, 'id' | 'name' | 'uniA' | 'uniZ'> => ({ id, name: `evc-${id}`, uniA, uniZ });

/** Reserves a circuit's UNIs on a snapshot and commits, as the service's create does. */
function reserve(b: TagBook, c: Pick<EvcConfig, 'id' | 'name' | 'uniA' | 'uniZ'>): void {
  const r = reserveUniTags(b.snapshot([c.uniA.interfaceId, c.uniZ.interfaceId]), c, c.uniA, c.uniZ);
  if (!r.ok) throw new Error(r.error.description);
  b.commit(r.value.snapshot);
}

describe('snapshot', () => {
  it('names only the interfaces asked for and known, each once, with the pool the topology has now', () => {
    const { book: b, pools } = book();
    const snap = b.snapshot([A1, A1, B1, `${S2}:9`]);
    expect([...snap.interfaces.keys()]).toEqual([A1, B1]);
    expect(snap.interfaces.get(A1)).toMatchObject({ ...POOL, vlans: new Map(), special: new Map(), epl: new Map() });
    pools.set(A1, { ...POOL, tagRanges: [[10, 20]] });
    expect(b.snapshot([A1]).interfaces.get(A1)?.tagRanges).toEqual([[10, 20]]);
  });

  it('is not changed by a later commit, and an uncommitted reservation changes nothing', () => {
    const { book: b } = book();
    const before = b.snapshot([A1, B1]);
    const c = circuit('e1', vlanUni(A1, 100), vlanUni(B1, 200));
    const r = reserveUniTags(b.snapshot([A1, B1]), c, c.uniA, c.uniZ);
    expect(r.ok).toBe(true);
    expect(b.usage().usedVlans(A1)).toEqual([]);
    reserve(b, c);
    expect(before.interfaces.get(A1)?.vlans.size).toBe(0);
    expect(b.snapshot([A1]).interfaces.get(A1)?.vlans.get('e1')).toEqual([[100, 100]]);
  });
});

describe('commit', () => {
  it('makes the holdings of the snapshot the book’s, and leaves the other interfaces alone', () => {
    const { book: b } = book();
    reserve(b, circuit('e1', vlanUni(A1, 100), vlanUni(B1, 200)));
    reserve(b, circuit('e2', vlanUni(A1, 101), vlanUni(B1, 201)));
    const snap = b.snapshot([A1]);
    b.commit(releaseTags(snap, 'e1', { kind: 'circuit' }));
    expect(b.usage().usedVlans(A1)).toEqual([[101, 101]]);
    // B1 was not in the snapshot: e1 still holds 200 there.
    expect(b.usage().usedVlans(B1)).toEqual([[200, 201]]);
  });

  it('drops an interface that nothing holds any more', () => {
    const { book: b } = book();
    const c = circuit('e1', vlanUni(A1, 100), vlanUni(B1, 200));
    reserve(b, c);
    b.commit(releaseTags(b.snapshot([A1, B1]), 'e1', { kind: 'unis', unis: [c.uniA, c.uniZ] }));
    expect(b.usage().usedVlans(A1)).toEqual([]);
    expect(b.usage().usedVlans(B1)).toEqual([]);
    expect(b.snapshot([A1]).interfaces.get(A1)?.vlans.size).toBe(0);
  });

  it('holds S-VLANs on both ends of a hop, and gives them back', () => {
    const { book: b } = book();
    const got = allocateSVlans(b.snapshot([A2, B2]), 'e1', [{ linkId: 'l12', fromA: A2, toZ: B2 }]);
    if (!got.ok) throw new Error(got.error.description);
    expect(got.value).toEqual([{ linkId: 'l12', fromA: A2, toZ: B2, sVlan: 1 }]);
    b.commit(holdHops(b.snapshot([A2, B2]), 'e1', got.value));
    expect(b.usage().usedVlans(A2)).toEqual([[1, 1]]);
    expect(b.usage().usedVlans(B2)).toEqual([[1, 1]]);
    // The next circuit gets the next VID.
    const next = allocateSVlans(b.snapshot([A2, B2]), 'e2', [{ linkId: 'l12', fromA: A2, toZ: B2 }]);
    expect(next.ok && next.value[0]?.sVlan).toBe(2);
    b.commit(releaseTags(b.snapshot([A2, B2]), 'e1', { kind: 'hops', hops: got.value }));
    expect(b.usage().usedVlans(A2)).toEqual([]);
  });

  it('releases what a circuit holds on an interface the topology no longer knows (a deleted port)', () => {
    const { book: b, pools } = book();
    const c = circuit('e1', vlanUni(A1, 100), vlanUni(B1, 200));
    reserve(b, c);
    pools.delete(A1);
    b.commit(releaseTags(b.snapshot([A1, B1]), 'e1', { kind: 'unis', unis: [c.uniA, c.uniZ] }));
    expect(b.usage().usedVlans(B1)).toEqual([]);
    expect(b.usage().usedVlans(A1)).toEqual([]);
    // The port is back: its VLAN can be taken again.
    pools.set(A1, POOL);
    expect(() => reserve(b, circuit('e2', vlanUni(A1, 100), vlanUni(B1, 200)))).not.toThrow();
  });

  it('hands out nothing on an interface the topology does not know', () => {
    const { book: b, pools } = book();
    reserve(b, circuit('e1', vlanUni(A1, 100), vlanUni(B1, 200)));
    pools.delete(A1);
    const got = allocateSVlans(b.snapshot([A1, B1]), 'e2', [{ linkId: 'x', fromA: A1, toZ: B1 }]);
    expect(got.ok).toBe(false);
  });
});

describe('usage', () => {
  it('is a live view: it sees commits made after it was taken, VLANs normalised, special tags in Kytos order', () => {
    const { book: b } = book();
    const usage = b.usage();
    reserve(b, circuit('e1', vlanUni(A1, 100), { interfaceId: B1, tag: { kind: 'any' } }));
    reserve(b, circuit('e2', vlanUni(A1, 101), { interfaceId: B1, tag: { kind: 'untagged' } }));
    reserve(b, circuit('e3', vlanUni(A1, 99), vlanUni(B1, 5)));
    expect(usage.usedVlans(A1)).toEqual([[99, 101]]);
    expect(usage.usedSpecial(B1)).toEqual(['untagged', 'any']);
    expect(usage.usedSpecial(A1)).toEqual([]);
    expect(usage.usedVlans(B2)).toEqual([]);
  });
});

describe('load', () => {
  it('replaces every holding by what the stored circuits hold; archived ones hold nothing', () => {
    const { book: b } = book();
    reserve(b, circuit('old', vlanUni(A1, 7), vlanUni(B1, 7)));
    const stored: CircuitTags[] = [
      { ...circuit('e1', vlanUni(A1, 100), vlanUni(B1, 200)), archived: false, hops: [{ linkId: 'l12', fromA: A2, toZ: B2, sVlan: 9 }] },
      { ...circuit('gone', vlanUni(A1, 300), vlanUni(B1, 300)), archived: true, hops: [] },
      { ...circuit('epl', { interfaceId: B2, tag: { kind: 'epl' } }, { interfaceId: A2, tag: { kind: 'epl' } }), archived: false, hops: [] },
    ];
    b.load(stored);
    expect(b.usage().usedVlans(A1)).toEqual([[100, 100]]);
    expect(b.usage().usedVlans(B1)).toEqual([[200, 200]]);
    expect(b.usage().usedVlans(A2)).toEqual([[9, 9]]);
    expect(b.snapshot([B2]).interfaces.get(B2)?.epl).toEqual(new Map([['epl', 'evc-epl']]));
    // A second EPL on B2 is refused after load.
    const r = reserveUniTags(b.snapshot([B2, A1]), circuit('e9', { interfaceId: B2, tag: { kind: 'epl' } }, vlanUni(A1, 5)), { interfaceId: B2, tag: { kind: 'epl' } }, vlanUni(A1, 5));
    expect(r.ok ? 'accepted' : r.error.kind).toBe('epl_duplicated');
  });
});
