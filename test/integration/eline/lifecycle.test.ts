/**
 * A circuit's life through the service (kytos-api.md §1, §2.9, §2.12): the events it emits with
 * their payloads, `active` following the UNIs, and DELETE removing every flow, archiving the
 * circuit and giving back every tag.
 */
import { DomainError } from '../../../src/core/domain-error';
import { circuitRows, livePort, ringHarness, S1, S2, S3, uniBody, type ElineHarness } from '../../support/eline-harness';

const A = `${S1}:1`;
const Z = `${S3}:1`;
const FULL_POOL = [
  [1, 3798],
  [3800, 4094],
];

async function ring(): Promise<ReturnType<typeof ringHarness>> {
  const h = ringHarness();
  await h.evcs.load();
  return h;
}

async function evpl(h: ElineHarness, name = 'evpl', vidA = 100, vidZ = 200): Promise<string> {
  const { circuitId, deployed } = await h.evcs.create({ name, uni_a: uniBody(A, vidA), uni_z: uniBody(Z, vidZ), dynamic_backup_path: true });
  expect(deployed).toBe(true);
  return circuitId;
}

/** The seed payload of a circuit event. */
function content(id: string, name: string, active: boolean, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    evc_id: id,
    name,
    metadata,
    active,
    enabled: true,
    uni_a: { interface_id: A, tag: { tag_type: 'vlan', value: 100 } },
    uni_z: { interface_id: Z, tag: { tag_type: 'vlan', value: 200 } },
  };
}

describe('events', () => {
  it('created, deployed, updated (with the request as changes) and deleted carry the seed payload', async () => {
    const h = await ring();
    const id = await evpl(h);
    expect(h.eventsOf('mef_eline.created')).toEqual([{ type: 'mef_eline.created', evc: content(id, 'evpl', false) }]);
    expect(h.eventsOf('mef_eline.deployed')).toEqual([{ type: 'mef_eline.deployed', evc: content(id, 'evpl', true) }]);
    // created comes before deployed.
    const order = h.eventsOf('mef_eline.created', 'mef_eline.deployed').map((e) => e.type);
    expect(order).toEqual(['mef_eline.created', 'mef_eline.deployed']);

    const body = { name: 'renamed', metadata: { site: 'x' } };
    const { redeployed } = await h.evcs.update(id, body);
    expect(redeployed).toBe(false);
    expect(h.eventsOf('mef_eline.updated')).toEqual([{ type: 'mef_eline.updated', evc: content(id, 'renamed', true, { site: 'x' }), changes: body }]);

    await h.evcs.remove(id);
    const deleted = h.eventsOf('mef_eline.deleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ type: 'mef_eline.deleted', evc: { id, evc_id: id, name: 'renamed', active: false } });
    h.close();
  });

  it('a PATCH that needs a redeploy emits deployed, then updated', async () => {
    const h = await ring();
    const id = await evpl(h);
    const body = { primary_path: [{ endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } }, { endpoint_a: { id: `${S2}:3` }, endpoint_b: { id: `${S3}:2` } }] };
    const before = h.events.length;
    const { redeployed } = await h.evcs.update(id, body);
    expect(redeployed).toBe(true);
    expect(
      h.events
        .slice(before)
        .map((e) => e.type)
        .filter((t) => t.startsWith('mef_eline.')),
    ).toEqual(['mef_eline.deployed', 'mef_eline.updated']);
    h.close();
  });
});

describe('intra-switch', () => {
  it('two UNIs on one switch: flows there only, untouched by links, inactive while a UNI is down, all gone on delete', async () => {
    const h = await ring();
    const { circuitId: id, deployed } = await h.evcs.create({ name: 'hairpin', uni_a: uniBody(A, 100), uni_z: uniBody(`${S1}:4`, 200) });
    expect(deployed).toBe(true);
    const rows = circuitRows(h, id);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.spec.dpid))).toEqual(new Set([S1]));
    expect(h.evcs.get(id)?.status).toMatchObject({ deployed: true, active: true, currentPath: [] });
    h.installer.clear();
    h.portModified(S1, livePort(3, false));
    h.clock.advance(200);
    await h.settle();
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    h.portModified(S1, livePort(4, false));
    await h.settle();
    expect(h.evcs.get(id)?.status.active).toBe(false);
    h.portModified(S1, livePort(4, true));
    await h.settle();
    expect(h.evcs.get(id)?.status.active).toBe(true);
    await h.evcs.remove(id);
    expect(circuitRows(h, id)).toEqual([]);
    expect(h.topology.tagPool(A).available).toEqual(FULL_POOL);
    h.close();
  });
});

describe('PATCH', () => {
  it('enabled false removes the flows and the S-VLANs, keeps the UNI tags (undeployed); enabled true deploys again', async () => {
    const h = await ring();
    const id = await evpl(h);
    const rows = circuitRows(h, id);
    const { redeployed, record } = await h.evcs.update(id, { enabled: false });
    expect(redeployed).toBe(false);
    expect(record.config.enabled).toBe(false);
    expect(record.status).toMatchObject({ deployed: false, active: false, currentPath: [] });
    expect(circuitRows(h, id)).toEqual([]);
    expect(h.eventsOf('mef_eline.undeployed')).toHaveLength(1);
    expect(h.topology.tagPool(`${S1}:3`).available).toEqual(FULL_POOL);
    expect(h.topology.tagPool(A).available).toEqual([[1, 99], [101, 3798], [3800, 4094]]);
    // A disabled circuit is not redeployed (Kytos 409) and a topology change leaves it alone.
    expect(await h.evcs.redeploy(id, true)).toBe(false);
    h.clock.advance(200);
    await h.settle();
    expect(circuitRows(h, id)).toEqual([]);

    const back = await h.evcs.update(id, { enabled: true });
    expect(back.redeployed).toBe(true);
    expect(back.record.status).toMatchObject({ deployed: true, active: true });
    expect(circuitRows(h, id).map((r) => [r.key, r.spec])).toEqual(rows.map((r) => [r.key, r.spec]));
    h.close();
  });

  it('a new UNI VLAN moves the ingress flows, gives the old VLAN back and holds the new one', async () => {
    const h = await ring();
    const id = await evpl(h);
    h.installer.clear();
    const { redeployed } = await h.evcs.update(id, { uni_a: uniBody(A, 150) });
    expect(redeployed).toBe(true);
    const keys = circuitRows(h, id).map((r) => r.key);
    expect(keys).toContain(`${S1}/0/20000/in_port=1,vlan_vid=${0x1000 | 150}`);
    expect(keys).not.toContain(`${S1}/0/20000/in_port=1,vlan_vid=${0x1000 | 100}`);
    expect(h.installer.sent.flatMap((s) => s.remove).map((f) => f.dpid + JSON.stringify(f.match))).toContain(
      `${S1}${JSON.stringify([{ field: 'in_port', value: 1 }, { field: 'vlan_vid', value: 0x1000 | 100 }])}`,
    );
    expect(h.topology.tagPool(A).available).toEqual([[1, 149], [151, 3798], [3800, 4094]]);
    // The old VLAN is free for another circuit.
    expect((await h.evcs.create({ name: 'next', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 300), dynamic_backup_path: true })).deployed).toBe(true);
    h.close();
  });

  it('a UNI moved to another port holds the new port and frees the old one', async () => {
    const h = await ring();
    const id = await evpl(h);
    const { redeployed } = await h.evcs.update(id, { uni_a: uniBody(`${S1}:4`, 100) });
    expect(redeployed).toBe(true);
    expect(h.topology.tagPool(A).available).toEqual(FULL_POOL);
    expect(h.topology.tagPool(`${S1}:4`).available).toEqual([[1, 99], [101, 3798], [3800, 4094]]);
    expect(circuitRows(h, id).some((r) => r.spec.dpid === S1 && r.spec.match.some((m) => m.field === 'in_port' && m.value === 1))).toBe(false);
    h.close();
  });

  it('a refused UNI tag changes nothing', async () => {
    const h = await ring();
    const id = await evpl(h);
    await evpl(h, 'other', 101, 201);
    const rows = circuitRows(h, id);
    h.installer.clear();
    await expect(h.evcs.update(id, { uni_a: uniBody(A, 101) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(id)?.config.uniA).toEqual({ interfaceId: A, tag: { kind: 'vlan', vid: 100 } });
    expect(circuitRows(h, id)).toEqual(rows);
    expect(h.topology.tagPool(A).available).toEqual([[1, 99], [102, 3798], [3800, 4094]]);
    h.close();
  });
});

describe('delete', () => {
  it('removes every flow, archives the circuit, gives back every tag and emits deleted', async () => {
    const h = await ring();
    const poolsBefore = Object.fromEntries([A, Z, `${S1}:3`, `${S3}:3`].map((i) => [i, h.topology.tagPool(i)]));
    const id = await evpl(h);
    const other = await evpl(h, 'other', 101, 201);
    const rows = circuitRows(h, id);
    expect(rows).toHaveLength(4);
    h.installer.clear();

    await h.evcs.remove(id);
    await h.settle();

    // Nothing of it is desired; exactly its flows were deleted from the switches; the other circuit is untouched.
    expect(circuitRows(h, id)).toEqual([]);
    expect(h.installer.added()).toEqual([]);
    expect(
      h.installer.sent
        .flatMap((s) => s.remove)
        .map((f) => f.dpid + JSON.stringify(f.match))
        .sort(),
    ).toEqual(rows.map((r) => r.spec.dpid + JSON.stringify(r.spec.match)).sort());
    expect(circuitRows(h, other)).toHaveLength(4);
    // Archived: out of the live list, in the archived one, and stored so.
    expect(h.evcs.list().map((r) => r.config.id)).toEqual([other]);
    expect(h.evcs.list(true).map((r) => r.config.id)).toEqual([id]);
    const record = h.evcs.get(id);
    expect(record?.config.archived).toBe(true);
    expect(record?.config.enabled).toBe(false);
    expect(record?.status.active).toBe(false);
    expect(record?.status.currentPath).toEqual([]);
    // Every tag is back: the UNI VIDs and the S-VLAN (the other circuit still holds its own).
    expect(h.topology.tagPool(A).available).toEqual([[1, 100], [102, 3798], [3800, 4094]]);
    expect(h.topology.tagPool(Z).available).toEqual([[1, 200], [202, 3798], [3800, 4094]]);
    for (const nni of [`${S1}:3`, `${S3}:3`]) expect(h.topology.tagPool(nni).available).toEqual([[1, 1], [3, 3798], [3800, 4094]]);
    // Events.
    expect(h.eventsOf('mef_eline.deleted')).toHaveLength(1);
    // A live operation on it is a 404 now.
    await expect(h.evcs.redeploy(id, true)).rejects.toThrow(new DomainError('NOT_FOUND', `circuit_id ${id} not found`));
    await expect(h.evcs.remove(id)).rejects.toThrow(DomainError);
    // Deleting the other one too gives the pools back as they were.
    await h.evcs.remove(other);
    for (const [i, pool] of Object.entries(poolsBefore)) expect(h.topology.tagPool(i)).toEqual(pool);
    expect(h.flowStore.list({ owner: 'mef_eline' })).toEqual([]);
    h.close();
  });

  it('the same UNI tags can be taken again once a circuit is deleted, also for EPL', async () => {
    const h = await ring();
    const id = await evpl(h);
    await expect(h.evcs.create({ name: 'clash', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 300), dynamic_backup_path: true })).rejects.toThrow(
      'The tags [[100, 100]] are not available',
    );
    await h.evcs.remove(id);
    await evpl(h, 'again');

    const epl = await h.evcs.create({ name: 'epl', uni_a: uniBody(`${S1}:4`), uni_z: uniBody(`${S3}:4`), dynamic_backup_path: true });
    await expect(h.evcs.create({ name: 'epl2', uni_a: uniBody(`${S1}:4`), uni_z: uniBody(`${S2}:4`), dynamic_backup_path: true })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await h.evcs.remove(epl.circuitId);
    expect((await h.evcs.create({ name: 'epl2', uni_a: uniBody(`${S1}:4`), uni_z: uniBody(`${S2}:4`), dynamic_backup_path: true })).deployed).toBe(true);
    h.close();
  });

  it('gives back a UNI VLAN held on a port that was deleted meanwhile', async () => {
    const h = await ring();
    const { circuitId: id } = await h.evcs.create({ name: 'p4', uni_a: uniBody(`${S1}:4`, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    h.bus.emit({ type: 'port.deleted', dpid: S1, port: livePort(4) });
    await h.settle();
    await h.evcs.remove(id);
    h.bus.emit({ type: 'port.added', dpid: S1, port: livePort(4) });
    await h.settle();
    expect(h.topology.tagPool(`${S1}:4`).available).toEqual(FULL_POOL);
    expect((await h.evcs.create({ name: 'again', uni_a: uniBody(`${S1}:4`, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true })).deployed).toBe(true);
    h.close();
  });

  it('deletes a circuit that never got a path', async () => {
    const h = await ring();
    // s1 cut off: its NNI ports are down.
    h.portModified(S1, livePort(2, false));
    h.portModified(S1, livePort(3, false));
    const { circuitId: id, deployed } = await h.evcs.create({ name: 'cut', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true });
    expect(deployed).toBe(false);
    h.installer.clear();
    await h.evcs.remove(id);
    expect(h.installer.sent).toEqual([]);
    expect(h.topology.tagPool(A).available).toEqual(FULL_POOL);
    expect(h.evcs.get(id)?.config.archived).toBe(true);
    h.close();
  });
});

describe('active follows the UNIs', () => {
  it('a UNI port going down makes the circuit inactive (uni_active_updated), flows left in place; back up makes it active', async () => {
    const h = await ring();
    const id = await evpl(h);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    h.installer.clear();

    h.portModified(S3, livePort(1, false));
    await h.settle();
    expect(h.evcs.get(id)?.status.active).toBe(false);
    expect(h.evcs.get(id)?.status.reason).toEqual(expect.any(String));
    expect(h.eventsOf('mef_eline.uni_active_updated')).toEqual([{ type: 'mef_eline.uni_active_updated', evc: content(id, 'evpl', false) }]);
    expect(h.installer.sent).toEqual([]);
    expect(circuitRows(h, id)).toHaveLength(4);

    h.portModified(S3, livePort(1, true));
    await h.settle();
    expect(h.evcs.get(id)?.status.active).toBe(true);
    expect(h.evcs.get(id)?.status.reason).toBeUndefined();
    expect(h.eventsOf('mef_eline.uni_active_updated').map((e) => e.type === 'mef_eline.uni_active_updated' && e.evc.active)).toEqual([false, true]);
    expect(h.installer.sent).toEqual([]);
    // The stored record follows.
    expect(h.evcs.list().find((r) => r.config.id === id)?.status.active).toBe(true);
    h.close();
  });

  it('a circuit deployed while a UNI is down is inactive with a reason, and active once the UNI is up', async () => {
    const h = await ring();
    // A static path: the pathfinder would find no path from a UNI that is down (kytos-api.md §5).
    const direct = [{ endpoint_a: { id: `${S1}:3` }, endpoint_b: { id: `${S3}:3` } }];
    const { circuitId: id } = await h.evcs.create({ name: 'static', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), primary_path: direct });
    h.portModified(S3, livePort(1, false));
    await h.settle();
    expect(await h.evcs.redeploy(id, true)).toBe(true);
    expect(h.evcs.get(id)?.status).toMatchObject({ deployed: true, active: false, reason: expect.any(String) as unknown });
    h.portModified(S3, livePort(1, true));
    await h.settle();
    expect(h.evcs.get(id)?.status.active).toBe(true);
    expect(h.evcs.get(id)?.status.reason).toBeUndefined();
    h.close();
  });

  it('a port of the path going down is not a UNI event: no uni_active_updated, the circuit moves instead', async () => {
    const h = await ring();
    const id = await evpl(h);
    h.portModified(S1, livePort(3, false));
    await h.settle();
    expect(h.evcs.get(id)?.status.currentPath.map((hop) => hop.linkId)).toEqual([h.l12, h.l23]);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    expect(h.eventsOf('mef_eline.uni_active_updated')).toEqual([]);
    expect(h.eventsOf('mef_eline.redeployed_link_down')).toHaveLength(1);
    h.close();
  });

  it('the UNI switch disconnecting makes its circuits inactive with uni_active_updated; back, they are deployed again', async () => {
    const h = ringHarness({ holdTimer: true });
    await h.evcs.load();
    const id = await evpl(h);
    h.disconnect(S3);
    await h.settle();
    expect(h.evcs.get(id)?.status.active).toBe(false);
    expect(h.eventsOf('mef_eline.uni_active_updated')).toEqual([{ type: 'mef_eline.uni_active_updated', evc: content(id, 'evpl', false) }]);
    // Both links of s3 went down with it and no path is left: the circuit lost its flows (kytos-api.md §2.7).
    expect(h.eventsOf('mef_eline.error_redeploy_link_down')).toHaveLength(1);
    expect(circuitRows(h, id)).toEqual([]);
    h.connect(S3, [livePort(1), livePort(2), livePort(3), livePort(4)]);
    h.link([S2, 3], [S3, 2]);
    h.link([S3, 3], [S1, 3]);
    // The links are held down for 10 s, then the retry runs after its delay.
    h.clock.advance(10_000 + 200);
    await h.settle();
    expect(h.evcs.get(id)?.status.active).toBe(true);
    expect(circuitRows(h, id)).toHaveLength(4);
    expect(h.eventsOf('mef_eline.redeployed_link_up')).toHaveLength(1);
    h.close();
  });

  it('only the circuits on the UNI that changed get uni_active_updated', async () => {
    const h = await ring();
    const id = await evpl(h);
    const { circuitId: other } = await h.evcs.create({ name: 'other', uni_a: uniBody(`${S2}:1`, 100), uni_z: uniBody(Z, 300), dynamic_backup_path: true });
    h.portModified(S1, livePort(1, false));
    await h.settle();
    expect(h.eventsOf('mef_eline.uni_active_updated').map((e) => e.type === 'mef_eline.uni_active_updated' && e.evc.id)).toEqual([id]);
    expect(h.evcs.get(other)?.status.active).toBe(true);
    h.close();
  });
});
