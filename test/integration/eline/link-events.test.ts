/**
 * Circuits follow the topology (kytos-api.md §2.7, §2.8): a link going down moves the circuits on
 * it to another path, or takes their flows away when there is none; a link coming back (after the
 * topology's 10 s hold) brings them back, and a static primary path is returned to; a circuit
 * that got no path at create is deployed once the topology changes, after the retry delay.
 */
import { CONFIRMED, circuitRows, elineHarness, livePort, ringHarness, S1, S2, S3, uniBody, type ElineHarness } from '../../support/eline-harness';

const A = `${S1}:1`;
const Z = `${S3}:1`;
const FULL_POOL = [
  [1, 3798],
  [3800, 4094],
];

function linksOf(h: ElineHarness, id: string): string[] {
  return h.evcs.get(id)?.status.currentPath.map((hop) => hop.linkId) ?? [];
}

/** Two switches and one link s1:2–s2:2; UNIs on port 1. */
async function line(opts: { holdTimer?: boolean } = {}): Promise<{ h: ElineHarness; id: string }> {
  const h = elineHarness(opts);
  for (const dpid of [S1, S2]) h.connect(dpid, [livePort(1), livePort(2)]);
  h.link([S1, 2], [S2, 2]);
  await h.evcs.load();
  const { circuitId, deployed } = await h.evcs.create({ name: 'line', uni_a: uniBody(A, 100), uni_z: uniBody(`${S2}:1`, 200), dynamic_backup_path: true });
  expect(deployed).toBe(true);
  return { h, id: circuitId };
}

describe('link down', () => {
  it('on the ring, the circuit moves to the other way round (redeployed_link_down) and the old S-VLAN is released', async () => {
    const h = ringHarness();
    await h.evcs.load();
    const { circuitId: id } = await h.evcs.create({ name: 'ring', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    expect(linksOf(h, id)).toEqual([h.l13]);
    h.portModified(S3, livePort(3, false));
    await h.settle();
    expect(linksOf(h, id)).toEqual([h.l12, h.l23]);
    const status = h.evcs.get(id)?.status;
    expect(status?.active).toBe(true);
    expect(status?.deployed).toBe(true);
    expect(h.eventsOf('mef_eline.redeployed_link_down')).toEqual([{ type: 'mef_eline.redeployed_link_down', evc: expect.objectContaining({ id, active: true }) }]);
    expect(h.eventsOf('mef_eline.error_redeploy_link_down', 'mef_eline.undeployed')).toEqual([]);
    expect(circuitRows(h, id)).toHaveLength(6);
    expect(circuitRows(h, id).every((r) => r.state === 'installed')).toBe(true);
    expect(h.topology.tagPool(`${S1}:3`).available).toEqual(FULL_POOL);
    // Dynamic circuits are not moved back when the link returns (Kytos link_up rule 7).
    h.portModified(S3, livePort(3, true));
    h.clock.advance(10_000);
    h.topology.tick(h.clock.now());
    h.clock.advance(200);
    await h.settle();
    expect(linksOf(h, id)).toEqual([h.l12, h.l23]);
    h.close();
  });

  it('a link of the new path going down while the circuit moves onto it: the circuit is moved off once the move is done', async () => {
    const h = ringHarness();
    await h.evcs.load();
    const { circuitId: id } = await h.evcs.create({ name: 'ring', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    h.installer.hold();
    const moving = h.evcs.update(id, {
      primary_path: [
        { endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } },
        { endpoint_a: { id: `${S2}:3` }, endpoint_b: { id: `${S3}:2` } },
      ],
    });
    await h.settle();
    // The new path's egress and transit flows are being installed when one of its links goes down.
    expect(h.installer.waiting).toBe(3);
    h.portModified(S2, livePort(2, false));
    await h.settle();
    h.installer.resume();
    expect((await moving).redeployed).toBe(true);
    await h.settle();
    expect(linksOf(h, id)).toEqual([h.l13]);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    expect(h.eventsOf('mef_eline.redeployed_link_down')).toHaveLength(1);
    h.close();
  });

  it('a link not on the path changes nothing', async () => {
    const h = ringHarness();
    await h.evcs.load();
    const { circuitId: id } = await h.evcs.create({ name: 'ring', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    h.installer.clear();
    h.portModified(S2, livePort(2, false));
    await h.settle();
    expect(h.installer.sent).toEqual([]);
    expect(linksOf(h, id)).toEqual([h.l13]);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    h.close();
  });

  it('on a line, the flows are removed (error_redeploy_link_down); when the link is back after its hold, the circuit is deployed again', async () => {
    const { h, id } = await line({ holdTimer: true });
    const rows = circuitRows(h, id);
    h.installer.clear();

    h.portModified(S1, livePort(2, false));
    await h.settle();
    let status = h.evcs.get(id)?.status;
    expect(status?.deployed).toBe(false);
    expect(status?.active).toBe(false);
    expect(status?.currentPath).toEqual([]);
    expect(status?.reason).toEqual(expect.any(String));
    expect(circuitRows(h, id)).toEqual([]);
    expect(h.installer.sent.flatMap((s) => s.remove)).toHaveLength(rows.length);
    expect(h.installer.added()).toEqual([]);
    expect(h.eventsOf('mef_eline.error_redeploy_link_down')).toEqual([
      { type: 'mef_eline.error_redeploy_link_down', evc: expect.objectContaining({ id, active: false }), reason: expect.any(String) },
    ]);
    expect(h.topology.tagPool(`${S1}:2`).available).toEqual(FULL_POOL);
    // The UNI tags stay held.
    expect(h.topology.tagPool(A).available).toEqual([[1, 99], [101, 3798], [3800, 4094]]);

    // The port comes back: the link is held down for 10 s, so nothing is deployed before that.
    h.portModified(S1, livePort(2, true));
    h.clock.advance(9_000);
    await h.settle();
    expect(h.evcs.get(id)?.status.deployed).toBe(false);
    // After the hold the link is up; the retry runs 200 ms later.
    h.clock.advance(1_000);
    await h.settle();
    expect(h.topology.linkViews().map((l) => l.status)).toEqual(['UP']);
    h.clock.advance(200);
    await h.settle();
    status = h.evcs.get(id)?.status;
    expect(status?.deployed).toBe(true);
    expect(status?.active).toBe(true);
    expect(status?.reason).toBeUndefined();
    expect(circuitRows(h, id).map((r) => [r.key, r.spec])).toEqual(rows.map((r) => [r.key, r.spec]));
    expect(h.eventsOf('mef_eline.redeployed_link_up')).toHaveLength(1);
    h.close();
  });

  it('on a line, with the topology ticked by hand', async () => {
    const { h, id } = await line();
    h.portModified(S2, livePort(2, false));
    await h.settle();
    expect(h.evcs.get(id)?.status.deployed).toBe(false);
    h.portModified(S2, livePort(2, true));
    h.clock.advance(10_000);
    h.topology.tick(h.clock.now());
    h.clock.advance(200);
    await h.settle();
    expect(h.evcs.get(id)?.status.deployed).toBe(true);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    h.close();
  });

  it('a circuit on its static primary path moves to the backup path, then back to the primary when it is UP again', async () => {
    const h = ringHarness({ holdTimer: true });
    await h.evcs.load();
    const primary = [
      { endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } },
      { endpoint_a: { id: `${S2}:3` }, endpoint_b: { id: `${S3}:2` } },
    ];
    const backup = [{ endpoint_a: { id: `${S1}:3` }, endpoint_b: { id: `${S3}:3` } }];
    const { circuitId: id } = await h.evcs.create({ name: 'static', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), primary_path: primary, backup_path: backup });
    expect(linksOf(h, id)).toEqual([h.l12, h.l23]);

    h.portModified(S2, livePort(2, false));
    await h.settle();
    expect(linksOf(h, id)).toEqual([h.l13]);
    expect(h.eventsOf('mef_eline.redeployed_link_down')).toHaveLength(1);

    h.portModified(S2, livePort(2, true));
    h.clock.advance(10_000);
    await h.settle();
    expect(linksOf(h, id)).toEqual([h.l12, h.l23]);
    expect(h.eventsOf('mef_eline.redeployed_link_up')).toHaveLength(1);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    // Exactly the primary path's flows are desired.
    expect(circuitRows(h, id)).toHaveLength(6);
    expect(h.topology.tagPool(`${S1}:3`).available).toEqual(FULL_POOL);
    h.close();
  });

  it('a static-path circuit with no backup and no dynamic path loses its flows when its link goes down', async () => {
    const h = ringHarness();
    await h.evcs.load();
    const primary = [{ endpoint_a: { id: `${S1}:3` }, endpoint_b: { id: `${S3}:3` } }];
    const { circuitId: id } = await h.evcs.create({ name: 'static', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), primary_path: primary });
    h.portModified(S1, livePort(3, false));
    await h.settle();
    expect(h.evcs.get(id)?.status.deployed).toBe(false);
    expect(circuitRows(h, id)).toEqual([]);
    expect(h.eventsOf('mef_eline.error_redeploy_link_down')).toHaveLength(1);
    h.close();
  });
});

describe('retry', () => {
  it('a circuit that got no path at create is deployed when a link appears, after the retry delay', async () => {
    const h = elineHarness();
    for (const dpid of [S1, S2]) h.connect(dpid, [livePort(1), livePort(2)]);
    await h.evcs.load();
    const { circuitId: id, deployed } = await h.evcs.create({ name: 'early', uni_a: uniBody(A, 100), uni_z: uniBody(`${S2}:1`, 200), dynamic_backup_path: true });
    expect(deployed).toBe(false);
    expect(h.evcs.get(id)?.status.reason).toBe('No available path was found');
    expect(h.eventsOf('mef_eline.deploy_failed')).toHaveLength(1);
    expect(h.installer.sent).toEqual([]);

    h.link([S1, 2], [S2, 2]);
    await h.settle();
    expect(h.evcs.get(id)?.status.deployed).not.toBe(true);
    h.clock.advance(199);
    await h.settle();
    expect(h.evcs.get(id)?.status.deployed).not.toBe(true);
    h.clock.advance(1);
    await h.settle();
    const status = h.evcs.get(id)?.status;
    expect(status?.deployed).toBe(true);
    expect(status?.active).toBe(true);
    expect(status?.reason).toBeUndefined();
    expect(circuitRows(h, id)).toHaveLength(4);
    expect(h.eventsOf('mef_eline.redeployed_link_up')).toHaveLength(1);
    h.close();
  });

  it('a topology change while a deploy is in flight is not lost when that deploy fails', async () => {
    const h = ringHarness();
    await h.evcs.load();
    h.installer.hold();
    let failures = 0;
    h.installer.answer = (dpid, c) => (dpid === S3 && failures++ === 0 ? { ok: false, reason: 'failed', message: 'barrier timed out' } : CONFIRMED(dpid, c));
    const creating = h.evcs.create({ name: 'late', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    await h.settle();
    // Something changes in the topology while the first install waits for its answers.
    h.topology.addMetadata('interface', `${S2}:4`, { site: 'b' });
    h.clock.advance(200);
    await h.settle();
    h.installer.resume();
    const { circuitId: id, deployed } = await creating;
    expect(deployed).toBe(false);
    await h.settle();
    expect(h.evcs.get(id)?.status.deployed).toBe(true);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    expect(circuitRows(h, id)).toHaveLength(4);
    h.close();
  });

  it('a disabled circuit is not retried', async () => {
    const h = elineHarness();
    for (const dpid of [S1, S2]) h.connect(dpid, [livePort(1), livePort(2)]);
    await h.evcs.load();
    const { circuitId: id } = await h.evcs.create({ name: 'off', enabled: false, uni_a: uniBody(A, 100), uni_z: uniBody(`${S2}:1`, 200), dynamic_backup_path: true });
    h.link([S1, 2], [S2, 2]);
    h.clock.advance(200);
    await h.settle();
    expect(h.evcs.get(id)?.status.deployed).not.toBe(true);
    expect(h.installer.sent).toEqual([]);
    h.close();
  });
});
