/**
 * A deploy whose install fails is taken back (kytos-api.md §2.2 step 4, with make-before-break):
 * the switch refuses a flow, the install fails, or the switch is not connected, in the first stage
 * (egress and transit of a path change) or in the switch-over (its ingress flows), or in the one
 * stage of a circuit that had no flows. The circuit ends on its previous flows (or none, inactive),
 * with `status.reason` set, the desired-flow store holds exactly its previous flows, what was sent
 * for nothing is deleted again, and the new S-VLANs are back in the pools.
 */
import { keyOfCanonical } from '../../../src/flows/canonical';
import type { InstallResult } from '../../../src/flows/installer';
import type { SwitchChanges } from '../../../src/flows/order';
import type { Dpid } from '../../../src/ofp';
import { CONFIRMED, circuitRows, ringHarness, S1, S2, S3, uniBody, type ElineHarness } from '../../support/eline-harness';

const A = `${S1}:1`;
const Z = `${S3}:1`;
const LONG_WAY = [
  { endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } },
  { endpoint_a: { id: `${S2}:3` }, endpoint_b: { id: `${S3}:2` } },
];
/** Every NNI of the ring. */
const NNIS = [`${S1}:2`, `${S1}:3`, `${S2}:2`, `${S2}:3`, `${S3}:2`, `${S3}:3`];

type Failure = 'rejected' | 'failed' | 'not_connected';

function failure(kind: Failure, changes: SwitchChanges): InstallResult {
  switch (kind) {
    case 'rejected': {
      const flow = changes.add[0] ?? changes.modify[0]?.desired;
      if (flow === undefined) throw new Error('nothing to refuse');
      // OFPET_FLOW_MOD_FAILED / OFPFMFC_TABLE_FULL.
      return { ok: false, reason: 'rejected', sent: changes.add.length, errors: [{ flow, command: 'add', errType: 5, code: 1 }] };
    }
    case 'failed':
      return { ok: false, reason: 'failed', message: 'barrier timed out' };
    case 'not_connected':
      return { ok: false, reason: 'not_connected' };
  }
}

function isIngress(dpid: Dpid, changes: SwitchChanges): boolean {
  return changes.add.some((f) => f.match.some((m) => m.field === 'in_port' && [A, Z].includes(`${dpid}:${m.value as number}`)));
}

/** Answers the first change set that `pick` selects with `kind`, every other one as confirmed. */
function failOnce(h: ElineHarness, kind: Failure, pick: (dpid: Dpid, c: SwitchChanges) => boolean): () => number {
  let failed = 0;
  h.installer.answer = (dpid, c) => {
    if (failed === 0 && pick(dpid, c)) {
      failed++;
      return failure(kind, c);
    }
    return CONFIRMED(dpid, c);
  };
  return () => failed;
}

function pools(h: ElineHarness): Record<string, unknown> {
  return Object.fromEntries(NNIS.map((id) => [id, h.topology.tagPool(id).available]));
}

function rowsOf(h: ElineHarness, id: string): [string, unknown][] {
  return circuitRows(h, id).map((r) => [r.key, r.spec]);
}

/** Every flow the attempt added that the circuit did not have before was deleted again, and none it had. */
function expectTakenBack(h: ElineHarness, before: readonly (readonly [string, unknown])[]): void {
  const had = new Set(before.map(([k]) => k));
  const added = new Set(
    h.installer
      .added()
      .map(keyOfCanonical)
      .filter((k) => !had.has(k)),
  );
  const removed = new Set(h.installer.sent.flatMap((s) => s.remove).map(keyOfCanonical));
  expect(added.size).toBeGreaterThan(0);
  for (const k of added) expect(removed).toContain(k);
  for (const k of had) expect(removed).not.toContain(k);
  // A flow the attempt overwrote (an ingress flow of the switch-over) was sent again as it was.
  for (const [k, spec] of before) {
    const last = h.installer
      .added()
      .filter((f) => keyOfCanonical(f) === k)
      .pop();
    if (last !== undefined) expect(last).toEqual(spec);
  }
}

const KINDS: readonly Failure[] = ['rejected', 'failed', 'not_connected'];

describe('rollback of a path change', () => {
  async function deployedCircuit(): Promise<{ h: ReturnType<typeof ringHarness>; id: string }> {
    const h = ringHarness();
    await h.evcs.load();
    const { circuitId } = await h.evcs.create({ name: 'rb', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    expect(h.evcs.get(circuitId)?.status.currentPath.map((hop) => hop.linkId)).toEqual([h.l13]);
    return { h, id: circuitId };
  }

  describe.each(KINDS)('answered %s', (kind) => {
    it.each([
      ['the first stage (transit at s2)', (dpid: Dpid, c: SwitchChanges) => dpid === S2 && c.add.length > 0],
      ['the switch-over (ingress at s3)', (dpid: Dpid, c: SwitchChanges) => dpid === S3 && isIngress(dpid, c)],
    ])('in %s: the circuit stays on its old flows and the new S-VLANs are released', async (_stage, pick) => {
      const { h, id } = await deployedCircuit();
      const before = { status: h.evcs.get(id)?.status, rows: rowsOf(h, id), pools: pools(h) };
      expect(before.rows).toHaveLength(4);
      h.installer.clear();
      const failedCount = failOnce(h, kind, pick);

      const { redeployed, record } = await h.evcs.update(id, { primary_path: LONG_WAY });
      await h.settle();

      expect(failedCount()).toBe(1);
      expect(redeployed).toBe(false);
      expect(record.status.currentPath).toEqual(before.status?.currentPath);
      expect(record.status.deployed).toBe(true);
      expect(record.status.active).toBe(true);
      expect(record.status.reason).toEqual(expect.any(String));
      expect(h.evcs.get(id)?.status.reason).toEqual(record.status.reason);
      // Exactly the previous flows are desired, and every flow sent for the new path was deleted again.
      expect(rowsOf(h, id)).toEqual(before.rows);
      expect(h.flowStore.list({ owner: 'mef_eline' }).map((r) => r.key).sort()).toEqual(before.rows.map(([k]) => k));
      expectTakenBack(h, before.rows);
      // The S-VLANs taken for the new path are free again; the old path's are still held.
      expect(pools(h)).toEqual(before.pools);
      const failedEvents = h.eventsOf('mef_eline.deploy_failed');
      expect(failedEvents).toHaveLength(1);
      // The stored record agrees.
      expect(h.evcs.list().find((r) => r.config.id === id)?.status.currentPath).toEqual(before.status?.currentPath);
      h.close();
    });
  });
});

describe('rollback of a first deploy', () => {
  it.each(KINDS)('answered %s: the circuit has no flows, is inactive, and holds only its UNI tags', async (kind) => {
    const h = ringHarness();
    await h.evcs.load();
    const before = pools(h);
    const failedCount = failOnce(h, kind, (dpid) => dpid === S3);
    const { circuitId: id, deployed } = await h.evcs.create({ name: 'rb', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    await h.settle();
    expect(failedCount()).toBe(1);
    expect(deployed).toBe(false);
    const status = h.evcs.get(id)?.status;
    expect(status?.active).toBe(false);
    expect(status?.deployed).not.toBe(true);
    expect(status?.currentPath).toEqual([]);
    expect(status?.reason).toEqual(expect.stringContaining(S3));
    expect(h.flowStore.list({ owner: 'mef_eline' })).toEqual([]);
    expectTakenBack(h, []);
    expect(pools(h)).toEqual(before);
    // The UNI tags stay with the circuit.
    expect(h.topology.tagPool(A).available).toEqual([
      [1, 99],
      [101, 3798],
      [3800, 4094],
    ]);
    expect(h.eventsOf('mef_eline.deploy_failed')).toHaveLength(1);
    h.close();
  });
});

describe('rollback of a UNI change', () => {
  it.each(KINDS)('answered %s: the circuit keeps no flow of its old UNI, so the old VLAN can go to another circuit', async (kind) => {
    const h = ringHarness();
    await h.evcs.load();
    const { circuitId: id } = await h.evcs.create({ name: 'uni', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    const failedCount = failOnce(h, kind, (dpid, c) => dpid === S1 && c.add.length > 0);
    const { redeployed, record } = await h.evcs.update(id, { uni_a: uniBody(A, 101) });
    await h.settle();
    expect(failedCount()).toBe(1);
    expect(redeployed).toBe(false);
    expect(record.config.uniA).toEqual({ interfaceId: A, tag: { kind: 'vlan', vid: 101 } });
    // The flows of the old UNI are gone: the circuit has none, inactive, with the reason.
    expect(circuitRows(h, id)).toEqual([]);
    expect(record.status.deployed).toBe(false);
    expect(record.status.active).toBe(false);
    expect(record.status.reason).toEqual(expect.stringContaining(S1));
    // VLAN 100 is free, 101 held; another circuit takes 100 and shares no flow key with this one.
    expect(h.topology.tagPool(A).available).toEqual([
      [1, 100],
      [102, 3798],
      [3800, 4094],
    ]);
    h.installer.answer = CONFIRMED;
    const other = await h.evcs.create({ name: 'other', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 300), dynamic_backup_path: true });
    expect(other.deployed).toBe(true);
    expect(circuitRows(h, other.circuitId)).toHaveLength(4);
    // Once the switches answer again, a redeploy puts the circuit on its new UNI.
    expect(await h.evcs.redeploy(id, true)).toBe(true);
    const rows = circuitRows(h, id);
    expect(rows).toHaveLength(4);
    expect(rows.some((r) => r.key === `${S1}/0/20000/in_port=1,vlan_vid=${0x1000 | 101}`)).toBe(true);
    h.close();
  });
});
