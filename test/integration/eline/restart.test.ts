/**
 * Circuits across a restart (kytos-api.md §2.1 load_all_evcs): with a database file, circuits
 * come back with their config and status, their tags held again, and load sends no flow-mod for
 * flows already desired as they are. A crash between two steps of a deploy leaves extra or missing
 * desired rows; load deletes the extra ones and sends the missing ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InterfaceId } from '../../../src/topology/model';
import { circuitRows, elineHarness, feedRing, livePort, ringHarness, S1, S2, S3, uniBody, type ElineHarness } from '../../support/eline-harness';

const A = `${S1}:1`;
const Z = `${S3}:1`;
const INTERFACES: InterfaceId[] = [S1, S2, S3].flatMap((s) => [1, 2, 3, 4].map((p) => `${s}:${p}`));

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-eline-restart-'));
  file = join(dir, 'isthmus.db');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function pools(h: ElineHarness): Record<string, unknown> {
  return Object.fromEntries(INTERFACES.map((id) => [id, h.topology.tagPool(id)]));
}

/** What a circuit is, without the fields a restart may recompute. */
function records(h: ElineHarness): unknown[] {
  return h.evcs.list().map((r) => ({ config: r.config, status: r.status }));
}

/** The first run: four circuits (EVPL on the direct link, EPL, a static path, a disabled one). */
async function firstRun(): Promise<{ records: unknown[]; pools: Record<string, unknown>; rows: [string, unknown][]; ids: string[] }> {
  const h = ringHarness({ file });
  await h.evcs.load();
  const ids = [
    (await h.evcs.create({ name: 'evpl', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), dynamic_backup_path: true })).circuitId,
    (await h.evcs.create({ name: 'epl', uni_a: uniBody(`${S1}:4`), uni_z: uniBody(`${S3}:4`), dynamic_backup_path: true })).circuitId,
    (
      await h.evcs.create({
        name: 'static',
        uni_a: uniBody(A, 101),
        uni_z: uniBody(`${S2}:1`, 101),
        primary_path: [{ endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } }],
      })
    ).circuitId,
    (await h.evcs.create({ name: 'off', enabled: false, uni_a: uniBody(`${S2}:4`, 300), uni_z: uniBody(Z, 300), dynamic_backup_path: true })).circuitId,
  ];
  await h.settle();
  const out = {
    records: records(h),
    pools: pools(h),
    rows: h.flowStore.list({ owner: 'mef_eline' }).map((r): [string, unknown] => [r.key, r.spec]),
    ids,
  };
  expect(out.rows).toHaveLength(12);
  h.close();
  return out;
}

describe('restart', () => {
  it('every circuit comes back with its config, status and tags, and load sends nothing', async () => {
    const before = await firstRun();
    const h = ringHarness({ file });
    await h.evcs.load();
    await h.settle();

    expect(h.installer.sent).toEqual([]);
    expect(records(h)).toEqual(before.records);
    expect(pools(h)).toEqual(before.pools);
    expect(h.flowStore.list({ owner: 'mef_eline' }).map((r) => [r.key, r.spec])).toEqual(before.rows);
    const [evpl, epl, , off] = before.ids as [string, string, string, string];
    expect(h.evcs.get(evpl)?.status.active).toBe(true);
    expect(h.evcs.get(off)?.status.deployed).not.toBe(true);

    // evcs_loaded: every circuit's document, keyed by id.
    const loaded = h.eventsOf('mef_eline.evcs_loaded');
    expect(loaded).toHaveLength(1);
    const docs = loaded[0]?.type === 'mef_eline.evcs_loaded' ? loaded[0].evcs : {};
    expect(Object.keys(docs).sort()).toEqual([...before.ids].sort());
    for (const id of before.ids) expect(docs[id]).toMatchObject({ id, enabled: id !== off });
    expect(docs[evpl]).toMatchObject({ name: 'evpl', active: true, uni_a: { interface_id: A, tag: { tag_type: 'vlan', value: 100 } } });

    // The tags are held again: the same UNI VLAN and a second EPL on the same port are refused.
    await expect(h.evcs.create({ name: 'clash', uni_a: uniBody(A, 100), uni_z: uniBody(`${S2}:1`, 400), dynamic_backup_path: true })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('The tags [[100, 100]] are not available') as unknown,
    });
    await expect(h.evcs.create({ name: 'epl2', uni_a: uniBody(`${S1}:4`), uni_z: uniBody(`${S2}:4`), dynamic_backup_path: true })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // A new circuit on the direct link gets an S-VLAN the old ones do not use.
    const used = new Set(
      h.evcs
        .list()
        .flatMap((r) => r.status.currentPath)
        .filter((hop) => hop.linkId === h.l13)
        .map((hop) => hop.sVlan),
    );
    expect(used.size).toBeGreaterThan(0);
    const fresh = await h.evcs.create({ name: 'new', uni_a: uniBody(A, 500), uni_z: uniBody(Z, 500), dynamic_backup_path: true });
    const hop = h.evcs.get(fresh.circuitId)?.status.currentPath[0];
    expect(hop?.linkId).toBe(h.l13);
    expect(used.has(hop?.sVlan ?? -1)).toBe(false);
    // The circuits keep working: a delete after the restart removes what the first run installed.
    h.installer.clear();
    await h.evcs.remove(epl);
    expect(h.installer.sent.flatMap((s) => s.remove)).toHaveLength(4);
    h.close();
  });

  it('load before the switches connect: nothing is sent, and the circuits become active once the topology is back', async () => {
    const before = await firstRun();
    const h = elineHarness({ file });
    await h.evcs.load();
    const [evpl] = before.ids as [string];
    expect(h.evcs.get(evpl)?.status.active).toBe(false);
    feedRing(h);
    await h.settle();
    h.clock.advance(200);
    await h.settle();
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(evpl)?.status.active).toBe(true);
    expect(records(h)).toEqual(before.records);
    h.close();
  });

  it('a circuit whose path did not come back with the restart is moved to another path after a minute', async () => {
    const before = await firstRun();
    const [evpl] = before.ids as [string];
    const h = elineHarness({ file });
    await h.evcs.load();
    // s1:3 is down this time: the direct link s1–s3 never comes up.
    h.connect(S1, [livePort(1), livePort(2), livePort(3, false), livePort(4)]);
    for (const dpid of [S2, S3]) h.connect(dpid, [livePort(1), livePort(2), livePort(3), livePort(4)]);
    h.link([S1, 2], [S2, 2]);
    h.link([S2, 3], [S3, 2]);
    await h.settle();
    // The switches and links may still be coming back: the circuit waits a while for its path.
    h.clock.advance(200);
    await h.settle();
    expect(h.evcs.get(evpl)?.status.currentPath.map((hop) => hop.fromA)).toEqual([`${S1}:3`]);
    expect(h.installer.sent).toEqual([]);
    h.clock.advance(60_000);
    await h.settle();
    const status = h.evcs.get(evpl)?.status;
    expect(status?.currentPath.map((hop) => hop.fromA)).toEqual([`${S1}:2`, `${S2}:3`]);
    expect(status?.active).toBe(true);
    expect(circuitRows(h, evpl)).toHaveLength(6);
    h.close();
  });

  it('a switch slow to come back after a restart does not make its circuits move', async () => {
    const first = ringHarness({ file });
    await first.evcs.load();
    const longWay = [
      { endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } },
      { endpoint_a: { id: `${S2}:3` }, endpoint_b: { id: `${S3}:2` } },
    ];
    const { circuitId: id } = await first.evcs.create({ name: 'via-s2', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200), primary_path: longWay, dynamic_backup_path: true });
    const path = first.evcs.get(id)?.status.currentPath;
    first.close();

    const h = elineHarness({ file });
    await h.evcs.load();
    for (const dpid of [S1, S3]) h.connect(dpid, [livePort(1), livePort(2), livePort(3), livePort(4)]);
    h.link([S3, 3], [S1, 3]);
    // s2 takes 20 s to connect; the direct link would do, but the circuit waits for its own path.
    for (let t = 0; t < 20; t++) {
      h.clock.advance(1_000);
      await h.settle();
    }
    expect(h.evcs.get(id)?.status.currentPath).toEqual(path);
    h.connect(S2, [livePort(1), livePort(2), livePort(3), livePort(4)]);
    h.link([S1, 2], [S2, 2]);
    h.link([S2, 3], [S3, 2]);
    h.clock.advance(60_000);
    await h.settle();
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(id)?.status.currentPath).toEqual(path);
    expect(h.evcs.get(id)?.status.active).toBe(true);
    h.close();
  });

  it('crash repair: an orphan desired row is deleted, a missing one is sent, a refused one is sent again', async () => {
    const before = await firstRun();
    const [evpl, epl, stat] = before.ids as [string, string, string];
    const h = ringHarness({ file });
    // An orphan: a flow of the evpl circuit's cookie that it does not need (as a crash after step 1 leaves).
    const orphan = { ...(circuitRows(h, evpl)[0]?.spec ?? fail()), priority: 20001 };
    h.flows.desire('mef_eline', [orphan], { tableGroup: 'evpl' });
    // A missing row (as a crash in the middle of a first deploy leaves).
    const missing = circuitRows(h, epl)[0] ?? fail();
    h.flowStore.remove([missing.key]);
    // A flow the switch refused last time.
    const refused = circuitRows(h, stat)[0] ?? fail();
    h.flowStore.markState([refused.key], 'failed', 'error type 5 code 1');

    await h.evcs.load();
    await h.settle();

    const removed = h.installer.sent.flatMap((s) => s.remove);
    const added = h.installer.added();
    expect(removed).toEqual([expect.objectContaining({ dpid: orphan.dpid, priority: 20001 })]);
    expect(added.map((f) => f.dpid + JSON.stringify(f.match)).sort()).toEqual(
      [missing.spec, refused.spec].map((f) => f.dpid + JSON.stringify(f.match)).sort(),
    );
    expect(h.flowStore.list({ owner: 'mef_eline' }).map((r) => [r.key, r.spec])).toEqual(before.rows);
    expect(h.flowStore.list({ owner: 'mef_eline' }).every((r) => r.state === 'installed')).toBe(true);
    h.close();
  });

  it('repair leaves mef_eline-owned flows alone when their cookie is no circuit\'s (the flow_manager API lets anyone use the owner)', async () => {
    const before = await firstRun();
    const h = ringHarness({ file });
    const foreign = { ...(circuitRows(h, before.ids[0] as string)[0]?.spec ?? fail()), cookie: 0xaa0000000000beefn, priority: 20002 };
    h.flows.desire('mef_eline', [foreign], { tableGroup: 'evpl' });
    await h.evcs.load();
    await h.settle();
    expect(h.installer.sent.flatMap((s) => s.remove)).toEqual([]);
    expect(h.flowStore.list({ owner: 'mef_eline' }).some((r) => r.spec.cookie === 0xaa0000000000beefn)).toBe(true);
    h.close();
  });
});

function fail(): never {
  throw new Error('missing fixture');
}
