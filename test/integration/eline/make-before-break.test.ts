/**
 * Make-before-break through the whole circuit service (kytos-api.md §2.2, house style B6): on a
 * create, a PATCH that changes the path and a redeploy, the scripted installer's log shows every
 * new egress and transit flow sent and confirmed before any ingress flow of the new path is sent,
 * and the stale flows deleted only after the ingress flows are confirmed. Answers are held by the
 * test and released step by step, so the order is the service's and not a timing accident. A
 * redeploy onto the same path and tags sends nothing; one that avoids the same S-VLANs moves
 * every hop to a new one.
 */
import type { PathHop } from '../../../src/eline/model';
import type { FlowSpec } from '../../../src/flows/flowspec';
import { circuitRows, livePort, ringHarness, S1, S2, S3, uniBody, type ElineHarness, type SentChange } from '../../support/eline-harness';

const A = `${S1}:1`;
const Z = `${S3}:1`;
/** The two-hop way round the ring from s1 to s3. */
const LONG_WAY = [
  { endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } },
  { endpoint_a: { id: `${S2}:3` }, endpoint_b: { id: `${S3}:2` } },
];

function inPortOf(f: FlowSpec): number | undefined {
  const oxm = f.match.find((m) => m.field === 'in_port');
  return oxm === undefined ? undefined : (oxm.value as number);
}

/** An ingress flow takes traffic from a UNI: its in_port is one of the circuit's UNIs. */
function isIngress(f: FlowSpec, unis: readonly string[]): boolean {
  return unis.includes(`${f.dpid}:${inPortOf(f) ?? -1}`);
}

type Kind = 'ingress' | 'downstream' | 'remove';

function kindsOf(s: SentChange, unis: readonly string[]): Set<Kind> {
  const out = new Set<Kind>();
  for (const f of s.add) out.add(isIngress(f, unis) ? 'ingress' : 'downstream');
  if (s.remove.length > 0) out.add('remove');
  return out;
}

/**
 * Checks the installer's log from `from` on: every change set adding egress/transit flows is
 * answered before the first ingress change set is sent, and every delete is sent after every
 * ingress change set is answered (and confirmed). Returns the count of each kind of change set.
 */
function expectMakeBeforeBreak(h: ElineHarness, unis: readonly string[], from = 0): Record<Kind, number> {
  const log = h.installer.log.slice(from);
  const at = (kind: 'sent' | 'answered', change: number): number => log.findIndex((e) => e.kind === kind && e.change === change);
  const changes = [...new Set(log.map((e) => e.change))];
  const of = (k: Kind): number[] => changes.filter((c) => kindsOf(h.installer.sent[c] as SentChange, unis).has(k));
  const ingress = of('ingress');
  const downstream = of('downstream');
  const removes = of('remove');
  const firstIngressSent = Math.min(...ingress.map((c) => at('sent', c)));
  for (const c of downstream) {
    expect(at('answered', c)).toBeGreaterThanOrEqual(0);
    expect(at('answered', c)).toBeLessThan(firstIngressSent);
  }
  const lastIngressAnswered = Math.max(...ingress.map((c) => at('answered', c)));
  for (const c of ingress) {
    const answer = log.find((e) => e.kind === 'answered' && e.change === c);
    expect(answer?.kind === 'answered' && answer.result.ok).toBe(true);
  }
  for (const c of removes) expect(at('sent', c)).toBeGreaterThan(lastIngressAnswered);
  // No change set mixes the stages.
  for (const c of changes) expect(kindsOf(h.installer.sent[c] as SentChange, unis).size).toBeLessThanOrEqual(1);
  return { ingress: ingress.length, downstream: downstream.length, remove: removes.length };
}

/** What was sent since `from`, as kinds per change set. */
function sentKinds(h: ElineHarness, unis: readonly string[], from: number): Kind[][] {
  return h.installer.sent.slice(from).map((s) => [...kindsOf(s, unis)]);
}

function svlans(hops: readonly PathHop[]): number[] {
  return hops.map((hop) => hop.sVlan);
}

async function ringWithCircuit(): Promise<{ h: ReturnType<typeof ringHarness>; id: string }> {
  const h = ringHarness();
  await h.evcs.load();
  const { circuitId, deployed } = await h.evcs.create({ name: 'mbb', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
  expect(deployed).toBe(true);
  return { h, id: circuitId };
}

describe('make-before-break', () => {
  it('create: a circuit with no flows yet gets them in one confirmed step, one change set per switch', async () => {
    const h = ringHarness();
    await h.evcs.load();
    h.installer.hold();
    const created = h.evcs.create({ name: 'mbb', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    await h.settle();
    // Nothing carries traffic yet, so ingress and egress go together; nothing else is sent until they are confirmed.
    expect(sentKinds(h, [A, Z], 0).map((k) => k.sort())).toEqual([
      ['downstream', 'ingress'],
      ['downstream', 'ingress'],
    ]);
    expect(h.installer.sent.map((s) => s.dpid).sort()).toEqual([S1, S3]);
    h.installer.resume();
    expect((await created).deployed).toBe(true);
    expect(h.installer.sent).toHaveLength(2);
    h.close();
  });

  it('a PATCH of primary_path moves the circuit: new egress and transit, then ingress, then the stale flows go', async () => {
    const { h, id } = await ringWithCircuit();
    const before = h.evcs.get(id)?.status.currentPath ?? [];
    expect(before.map((hop) => hop.linkId)).toEqual([h.l13]);
    const staleKeys = circuitRows(h, id)
      .filter((r) => inPortOf(r.spec) === 3)
      .map((r) => r.key);
    expect(staleKeys).toHaveLength(2);
    h.installer.clear();
    h.installer.hold();

    const update = h.evcs.update(id, { primary_path: LONG_WAY });
    await h.settle();
    // Stage 1: egress at s1 and s3 on the new ports, transit at s2; no ingress, no delete.
    expect(sentKinds(h, [A, Z], 0)).toEqual([['downstream'], ['downstream'], ['downstream']]);
    expect(new Set(h.installer.sent.map((s) => s.dpid))).toEqual(new Set([S1, S2, S3]));
    // The old path is still what the store says the circuit runs on.
    expect(h.evcs.get(id)?.status.currentPath).toEqual(before);
    expect(h.installer.release()).toBe(3);
    await h.settle();
    // Stage 2: the ingress flows, and still no delete while they are unconfirmed.
    expect(sentKinds(h, [A, Z], 3)).toEqual([['ingress'], ['ingress']]);
    expect(h.installer.sent.every((s) => s.remove.length === 0)).toBe(true);
    expect(h.installer.release()).toBe(2);
    await h.settle();
    // Stage 3: the old egress flows (in_port 3 on s1 and s3) are deleted.
    expect(sentKinds(h, [A, Z], 5)).toEqual([['remove'], ['remove']]);
    expect(
      h.installer.sent
        .slice(5)
        .flatMap((s) => s.remove)
        .map((f) => `${f.dpid}/${inPortOf(f) ?? ''}`)
        .sort(),
    ).toEqual([`${S1}/3`, `${S3}/3`]);
    h.installer.resume();
    const { redeployed, record } = await update;
    expect(redeployed).toBe(true);
    expect(record.status.currentPath.map((hop) => hop.linkId)).toEqual([h.l12, h.l23]);
    expect(expectMakeBeforeBreak(h, [A, Z])).toEqual({ ingress: 2, downstream: 3, remove: 2 });
    // The store holds the new path's flows only.
    const keys = circuitRows(h, id).map((r) => r.key);
    for (const k of staleKeys) expect(keys).not.toContain(k);
    expect(keys).toHaveLength(6);
    h.close();
  });

  it('a link down on the ring moves the circuit make-before-break', async () => {
    const { h, id } = await ringWithCircuit();
    h.installer.clear();
    h.installer.hold();
    h.portModified(S1, livePort(3, false));
    await h.settle();
    // The new path's egress at s1 and s3 and transit at s2 wait for their answers; nothing else goes out.
    expect(sentKinds(h, [A, Z], 0)).toEqual([['downstream'], ['downstream'], ['downstream']]);
    h.installer.release();
    await h.settle();
    expect(sentKinds(h, [A, Z], 3)).toEqual([['ingress'], ['ingress']]);
    h.installer.resume();
    await h.settle();
    expect(h.evcs.get(id)?.status.currentPath.map((hop) => hop.linkId)).toEqual([h.l12, h.l23]);
    expect(expectMakeBeforeBreak(h, [A, Z])).toEqual({ ingress: 2, downstream: 3, remove: 2 });
    h.close();
  });

  it('redeploy with try_avoid_same_s_vlan=false onto the same path and tags sends no flow-mod', async () => {
    const { h, id } = await ringWithCircuit();
    const before = h.evcs.get(id)?.status;
    const rows = circuitRows(h, id);
    h.installer.clear();
    expect(await h.evcs.redeploy(id, false)).toBe(true);
    await h.settle();
    expect(h.installer.sent).toEqual([]);
    const after = h.evcs.get(id)?.status;
    expect(after?.currentPath).toEqual(before?.currentPath);
    expect(after?.active).toBe(true);
    expect(circuitRows(h, id).map((r) => [r.key, r.spec])).toEqual(rows.map((r) => [r.key, r.spec]));
    expect(h.eventsOf('mef_eline.deployed')).toHaveLength(2);
    h.close();
  });

  it('redeploy onto the same path and tags sends again a flow the switch refused, and only that one', async () => {
    const { h, id } = await ringWithCircuit();
    const refused = circuitRows(h, id).find((r) => r.spec.dpid === S3 && inPortOf(r.spec) === 1);
    if (refused === undefined) throw new Error('no ingress flow at s3');
    h.flowStore.markState([refused.key], 'failed', 'error type 5 code 1');
    h.installer.clear();
    expect(await h.evcs.redeploy(id, false)).toBe(true);
    await h.settle();
    expect(h.installer.added()).toEqual([refused.spec]);
    expect(h.installer.sent.flatMap((s) => s.remove)).toEqual([]);
    expect(circuitRows(h, id).every((r) => r.state === 'installed')).toBe(true);
    h.close();
  });

  it('redeploy with try_avoid_same_s_vlan=true takes new S-VLANs, make-before-break, and gives the old ones back', async () => {
    const { h, id } = await ringWithCircuit();
    const before = h.evcs.get(id)?.status.currentPath ?? [];
    expect(svlans(before)).toEqual([1]);
    h.installer.clear();
    expect(await h.evcs.redeploy(id, true)).toBe(true);
    await h.settle();
    const after = h.evcs.get(id)?.status.currentPath ?? [];
    expect(after.map((hop) => hop.linkId)).toEqual(before.map((hop) => hop.linkId));
    expect(svlans(after)).toEqual([2]);
    expect(expectMakeBeforeBreak(h, [A, Z])).toEqual({ ingress: 2, downstream: 2, remove: 2 });
    // VID 1 is free again on both ends of the link, VID 2 is not.
    for (const end of [`${S1}:3`, `${S3}:3`]) expect(h.topology.tagPool(end).available).toEqual([[1, 1], [3, 3798], [3800, 4094]]);
    // A second redeploy avoids 2 and may take 1 again.
    expect(await h.evcs.redeploy(id, true)).toBe(true);
    expect(svlans(h.evcs.get(id)?.status.currentPath ?? [])).toEqual([1]);
    h.close();
  });

  it('redeploy with try_avoid_same_s_vlan=true keeps the S-VLAN when the link has no other (kytos-api.md §2.3)', async () => {
    const h = ringHarness();
    for (const end of [`${S1}:3`, `${S3}:3`]) h.topology.setTagRanges(end, [[7, 7]]);
    await h.evcs.load();
    const direct = [{ endpoint_a: { id: `${S1}:3` }, endpoint_b: { id: `${S3}:3` } }];
    const { circuitId: id, deployed } = await h.evcs.create({ name: 'one-vid', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), primary_path: direct });
    expect(deployed).toBe(true);
    expect(svlans(h.evcs.get(id)?.status.currentPath ?? [])).toEqual([7]);
    h.installer.clear();
    expect(await h.evcs.redeploy(id, true)).toBe(true);
    expect(svlans(h.evcs.get(id)?.status.currentPath ?? [])).toEqual([7]);
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    h.close();
  });
});
