/**
 * Tag pools under a seeded random run of creates, deletes, PATCHes, redeploys, link flaps and
 * failed installs over the ring (kytos-api.md §2.3). After every step, from the circuits and the
 * desired-flow store: no S-VLAN is handed out twice on one interface, the flows match exactly the
 * S-VLANs the circuits hold, the topology's tag_ranges view is the pool minus what circuits hold,
 * and a create or PATCH is refused exactly when its UNI tag is already held.
 * Run with ELINE_SEED=<n> (or `random`) to explore other sequences.
 */
import { DomainError } from '../../../src/core/domain-error';
import type { EvcRecordView } from '../../../src/eline/service';
import type { UniTag } from '../../../src/eline/model';
import type { Match } from '../../../src/ofp';
import { CONFIRMED, livePort, ringHarness, S1, S2, S3, type ElineHarness } from '../../support/eline-harness';
import { Rng, seedFromEnv } from '../../support/rng';

const SWITCHES = [S1, S2, S3];
const UNI_PORTS = [1, 4];
const NNI_PORTS = [2, 3];
const INTERFACES = SWITCHES.flatMap((s) => [1, 2, 3, 4].map((p) => `${s}:${p}`));
const NNI_POOL: [number, number][] = [[1, 6]];
const LLDP_VLAN = 3799;
const STEPS = 150;

type TagChoice = { body: Record<string, unknown> | undefined; tag: UniTag };

function randomTag(rng: Rng): TagChoice {
  const r = rng.int(10);
  if (r < 7) {
    const vid = rng.range(1, 6);
    return { body: { tag_type: 'vlan', value: vid }, tag: { kind: 'vlan', vid } };
  }
  if (r === 7) return { body: { tag_type: 'vlan', value: 'untagged' }, tag: { kind: 'untagged' } };
  if (r === 8) return { body: { tag_type: 'vlan', value: 'any' }, tag: { kind: 'any' } };
  return { body: undefined, tag: { kind: 'epl' } };
}

function uniOf(interfaceId: string, t: TagChoice): Record<string, unknown> {
  return t.body === undefined ? { interface_id: interfaceId } : { interface_id: interfaceId, tag: t.body };
}

/** Whether `tag` on `interfaceId` clashes with what the live circuits other than `except` hold there. */
function isHeld(live: readonly EvcRecordView[], interfaceId: string, tag: UniTag, except?: string): boolean {
  for (const r of live) {
    if (r.config.id === except) continue;
    for (const u of [r.config.uniA, r.config.uniZ]) {
      if (u.interfaceId !== interfaceId) continue;
      if (tag.kind === 'vlan' && u.tag.kind === 'vlan' && u.tag.vid === tag.vid) return true;
      if ((tag.kind === 'untagged' || tag.kind === 'any') && u.tag.kind === tag.kind) return true;
      if (tag.kind === 'epl' && u.tag.kind === 'epl') return true;
    }
  }
  return false;
}

function rangesOf(vids: readonly boolean[]): [number, number][] {
  const out: [number, number][] = [];
  for (let v = 1; v < vids.length; v++) {
    if (!vids[v]) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === v - 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

function vidOfMatch(m: Match): number | undefined {
  const v = m.find((o) => o.field === 'vlan_vid')?.value;
  return typeof v === 'number' ? v & 0xfff : undefined;
}

function checkInvariants(h: ElineHarness, step: string): void {
  const live = h.evcs.list();
  const byId = new Map(live.map((r) => [r.config.id, r]));
  // 1. S-VLANs: never twice on one interface, and never a UNI VID of the same interface.
  const svlans = new Map<string, Map<number, string>>();
  for (const r of live) {
    if (r.status.active) expect({ step, id: r.config.id, deployed: r.status.deployed }).toEqual({ step, id: r.config.id, deployed: true });
    for (const hop of r.status.currentPath) {
      for (const end of [hop.fromA, hop.toZ]) {
        const m = svlans.get(end) ?? new Map<number, string>();
        const owner = m.get(hop.sVlan);
        if (owner !== undefined) throw new Error(`${step}: S-VLAN ${hop.sVlan} on ${end} held by ${owner} and ${r.config.id}`);
        m.set(hop.sVlan, r.config.id);
        svlans.set(end, m);
      }
    }
  }
  // 2. The flows: each belongs to a live, deployed circuit; on an NNI they match exactly the S-VLANs held there.
  const rows = h.flowStore.list({ owner: 'mef_eline' });
  const matched = new Map<string, Set<number>>();
  for (const row of rows) {
    const id = (row.spec.cookie & 0xffffffffffffffn).toString(16).padStart(14, '0');
    const r = byId.get(id);
    if (r === undefined || r.status.deployed !== true) throw new Error(`${step}: flow ${row.key} of circuit ${id}, which is not deployed`);
    const inPort = row.spec.match.find((o) => o.field === 'in_port')?.value;
    if (typeof inPort !== 'number' || !NNI_PORTS.includes(inPort)) continue;
    const at = `${row.spec.dpid}:${inPort}`;
    const vid = vidOfMatch(row.spec.match);
    if (vid === undefined) throw new Error(`${step}: NNI flow ${row.key} without a VLAN`);
    const set = matched.get(at) ?? new Set<number>();
    set.add(vid);
    matched.set(at, set);
  }
  for (const s of SWITCHES) {
    for (const p of NNI_PORTS) {
      const id = `${s}:${p}`;
      expect({ step, id, vids: [...(matched.get(id) ?? [])].sort() }).toEqual({ step, id, vids: [...(svlans.get(id)?.keys() ?? [])].sort() });
    }
  }
  // Each deployed circuit has the ingress flows of its UNIs as they are now, and no other flow from a UNI port.
  for (const r of live) {
    if (r.status.deployed !== true) continue;
    const own = rows.filter((row) => row.spec.cookie === ownCookie(r.config.id));
    const fromUni = own.filter((row) => {
      const p = row.spec.match.find((o) => o.field === 'in_port')?.value;
      return typeof p === 'number' && UNI_PORTS.includes(p);
    });
    const unis = [r.config.uniA, r.config.uniZ];
    for (const row of fromUni) {
      const at = `${row.spec.dpid}:${String(row.spec.match.find((o) => o.field === 'in_port')?.value)}`;
      const uni = unis.find((u) => u.interfaceId === at);
      if (uni === undefined) throw new Error(`${step}: circuit ${r.config.id} has a flow from ${at}, not one of its UNIs`);
      const vid = vidOfMatch(row.spec.match);
      if (uni.tag.kind === 'vlan' && vid !== uni.tag.vid) throw new Error(`${step}: circuit ${r.config.id} matches VID ${String(vid)} on ${at}, its UNI has ${uni.tag.vid}`);
    }
    for (const u of unis) {
      if (!fromUni.some((row) => `${row.spec.dpid}:${String(row.spec.match.find((o) => o.field === 'in_port')?.value)}` === u.interfaceId)) {
        throw new Error(`${step}: circuit ${r.config.id} has no ingress flow on its UNI ${u.interfaceId}`);
      }
    }
  }
  // 3. The topology's view: the pool minus what circuits hold (and LLDP's VLAN).
  for (const id of INTERFACES) {
    const isNni = NNI_PORTS.includes(Number(id.slice(id.lastIndexOf(':') + 1)));
    const free = new Array<boolean>(4095).fill(false);
    const pool: readonly (readonly [number, number])[] = isNni ? NNI_POOL : [[1, 4094]];
    for (const [lo, hi] of pool) for (let v = lo; v <= hi; v++) free[v] = true;
    free[LLDP_VLAN] = false;
    const special = new Set(['untagged', 'any']);
    for (const r of live) {
      for (const u of [r.config.uniA, r.config.uniZ]) {
        if (u.interfaceId !== id) continue;
        if (u.tag.kind === 'vlan') free[u.tag.vid] = false;
        if (u.tag.kind === 'untagged' || u.tag.kind === 'any') special.delete(u.tag.kind);
      }
    }
    for (const v of svlans.get(id)?.keys() ?? []) free[v] = false;
    const view = h.topology.tagPool(id);
    expect({ step, id, available: view.available, special: view.specialAvailable }).toEqual({
      step,
      id,
      available: rangesOf(free),
      special: ['untagged', 'any'].filter((t) => special.has(t)),
    });
  }
}

function ownCookie(id: string): bigint {
  return (0xaan << 56n) | BigInt(`0x${id}`);
}

async function run(seed: number): Promise<void> {
  const rng = new Rng(seed);
  const h = ringHarness();
  for (const s of SWITCHES) for (const p of NNI_PORTS) h.topology.setTagRanges(`${s}:${p}`, NNI_POOL);
  await h.evcs.load();
  const down = new Set<string>();
  let n = 0;
  const pass = async (): Promise<void> => {
    await h.settle();
    h.clock.advance(200);
    await h.settle();
  };
  for (let i = 0; i < STEPS; i++) {
    const live = h.evcs.list();
    // Now and then one switch answers badly for the next operation.
    if (rng.chance(0.1)) {
      const bad = rng.pick(SWITCHES);
      const kind = rng.pick(['failed', 'not_connected'] as const);
      h.installer.answer = (dpid, c) => (dpid === bad ? (kind === 'failed' ? { ok: false, reason: 'failed', message: 'scripted' } : { ok: false, reason: kind }) : CONFIRMED(dpid, c));
    } else h.installer.answer = CONFIRMED;
    const op = rng.int(100);
    let step: string;
    if (op < 45 || live.length === 0) {
      const [sa, sz] = [rng.pick(SWITCHES), rng.pick(SWITCHES)];
      if (sa === sz) continue;
      const a = `${sa}:${rng.pick(UNI_PORTS)}`;
      const z = `${sz}:${rng.pick(UNI_PORTS)}`;
      const [ta, tz] = [randomTag(rng), randomTag(rng)];
      step = `${i} create ${a}/${JSON.stringify(ta.tag)} ${z}/${JSON.stringify(tz.tag)}`;
      const refused = isHeld(live, a, ta.tag) || isHeld(live, z, tz.tag);
      try {
        await h.evcs.create({ name: `c${n++}`, uni_a: uniOf(a, ta), uni_z: uniOf(z, tz), dynamic_backup_path: true });
        expect({ step, refused }).toEqual({ step, refused: false });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        expect({ step, refused, error: e.message }).toEqual({ step, refused: true, error: e.message });
      }
    } else if (op < 57) {
      const r = rng.pick(live);
      step = `${i} delete ${r.config.id}`;
      await h.evcs.remove(r.config.id);
    } else if (op < 72) {
      const r = rng.pick(live);
      const avoid = rng.chance(0.5);
      step = `${i} redeploy ${r.config.id} avoid=${String(avoid)}`;
      await h.evcs.redeploy(r.config.id, avoid);
    } else if (op < 85) {
      const r = rng.pick(live);
      const t = randomTag(rng);
      const a = r.config.uniA.interfaceId;
      step = `${i} patch ${r.config.id} uni_a ${a}/${JSON.stringify(t.tag)}`;
      const refused = isHeld(live, a, t.tag, r.config.id);
      try {
        await h.evcs.update(r.config.id, { uni_a: uniOf(a, t) });
        expect({ step, refused }).toEqual({ step, refused: false });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        expect({ step, refused, error: e.message }).toEqual({ step, refused: true, error: e.message });
      }
    } else {
      // A port that is down comes back more often than another goes down, so the ring is mostly whole.
      const back = down.size > 0 && rng.chance(0.6);
      const key = back ? rng.pick([...down]) : `${rng.pick(SWITCHES)}:${rng.pick(NNI_PORTS)}`;
      const s = key.slice(0, key.lastIndexOf(':'));
      const p = Number(key.slice(key.lastIndexOf(':') + 1));
      const up = down.has(key);
      step = `${i} port ${key} ${up ? 'up' : 'down'}`;
      h.portModified(s, livePort(p, up));
      if (up) {
        down.delete(key);
        await h.settle();
        h.clock.advance(10_000);
        h.topology.tick(h.clock.now());
      } else down.add(key);
    }
    await pass();
    checkInvariants(h, step);
  }
  // Deleting everything gives every pool back whole.
  h.installer.answer = CONFIRMED;
  for (const r of h.evcs.list()) await h.evcs.remove(r.config.id);
  await pass();
  expect(h.flowStore.list({ owner: 'mef_eline' })).toEqual([]);
  checkInvariants(h, 'all deleted');
  h.close();
}

/**
 * Many operations at once while the switches hold their answers, released a few at a time in a
 * seeded order: creates, deletes, redeploys and PATCHes interleave at every await.
 */
async function runConcurrent(seed: number): Promise<void> {
  const rng = new Rng(seed);
  const h = ringHarness();
  for (const s of SWITCHES) for (const p of NNI_PORTS) h.topology.setTagRanges(`${s}:${p}`, NNI_POOL);
  await h.evcs.load();
  let n = 0;
  let maxWaiting = 0;
  const down = new Set<string>();
  for (let round = 0; round < 8; round++) {
    h.installer.hold();
    h.installer.answer = (dpid, c) => (rng.chance(0.1) ? { ok: false, reason: 'failed', message: 'scripted' } : CONFIRMED(dpid, c));
    const live = h.evcs.list();
    const ops: Promise<unknown>[] = [];
    for (let k = 0; k < 12; k++) {
      const op = rng.int(100);
      const r = live.length > 0 ? rng.pick(live) : undefined;
      if (op < 50 || r === undefined) {
        const [sa, sz] = [rng.pick(SWITCHES), rng.pick(SWITCHES)];
        if (sa === sz) continue;
        const [ta, tz] = [randomTag(rng), randomTag(rng)];
        ops.push(h.evcs.create({ name: `c${n++}`, uni_a: uniOf(`${sa}:${rng.pick(UNI_PORTS)}`, ta), uni_z: uniOf(`${sz}:${rng.pick(UNI_PORTS)}`, tz), dynamic_backup_path: true }));
      } else if (op < 65) ops.push(h.evcs.remove(r.config.id));
      else if (op < 85) ops.push(h.evcs.redeploy(r.config.id, rng.chance(0.5)));
      else ops.push(h.evcs.update(r.config.id, { uni_a: uniOf(r.config.uniA.interfaceId, randomTag(rng)) }));
    }
    const settled = Promise.allSettled(ops);
    // Answer a few of the waiting change sets at a time, in order, until every operation is done.
    let done = false;
    void settled.then(() => (done = true));
    for (;;) {
      await h.settle();
      if (done) break;
      if (h.installer.waiting === 0) throw new Error(`round ${round}: operations left with nothing waiting for an answer`);
      maxWaiting = Math.max(maxWaiting, h.installer.waiting);
      // Now and then a path port goes down (or back up) in the middle of it all.
      if (rng.chance(0.15)) {
        const key = `${rng.pick(SWITCHES)}:${rng.pick(NNI_PORTS)}`;
        const up = down.has(key);
        if (up) down.delete(key);
        else down.add(key);
        h.portModified(key.slice(0, key.lastIndexOf(':')), livePort(Number(key.slice(key.lastIndexOf(':') + 1)), up));
        await h.settle();
      }
      h.installer.release(rng.range(1, Math.max(1, h.installer.waiting)));
    }
    h.installer.resume();
    // The ports come back; the links after their hold.
    for (const key of down) h.portModified(key.slice(0, key.lastIndexOf(':')), livePort(Number(key.slice(key.lastIndexOf(':') + 1)), true));
    down.clear();
    await h.settle();
    h.clock.advance(10_000);
    h.topology.tick(h.clock.now());
    for (const r of await settled) if (r.status === 'rejected' && !(r.reason instanceof DomainError)) throw r.reason;
    h.installer.answer = CONFIRMED;
    await h.settle();
    h.clock.advance(200);
    await h.settle();
    checkInvariants(h, `concurrent round ${round}`);
  }
  h.installer.answer = CONFIRMED;
  for (const r of h.evcs.list()) await h.evcs.remove(r.config.id);
  await h.settle();
  expect(h.flowStore.list({ owner: 'mef_eline' })).toEqual([]);
  checkInvariants(h, 'all deleted');
  // The operations did overlap.
  expect(maxWaiting).toBeGreaterThan(3);
  h.close();
}

describe('tag pools under concurrent operations', () => {
  const base = seedFromEnv('ELINE_SEED', 0x5eed0107);
  it.each([0, 1, 2])(`seed ${base.toString(16)} + %i`, async (k) => {
    await runConcurrent((base + k) >>> 0);
  });
});

describe('tag pools under a random sequence of operations', () => {
  const base = seedFromEnv('ELINE_SEED', 0x5eed0007);
  it.each([0, 1, 2])(`seed ${base.toString(16)} + %i`, async (k) => {
    await run((base + k) >>> 0);
  });
});
