/**
 * The controller's reconciler against a fake switch whose flow table is the sim dataplane's: it
 * reads the flows (OFPMP_FLOW), diffs them with the desired rows of the controller's database, and
 * repairs. A switch that is already right gets no FLOW_MOD; alien flows are deleted only in cookie
 * ranges we own; flows in flight, rows changed after the stats request, and refused rows are left
 * alone; two rounds for one switch never overlap.
 */
import type { FlowSpec } from '../../../src/flows/flowspec';
import { desiredRow, flow, flowRig, settle, track, waitHeld, type FlowRig, type SwitchRig } from './harness';
import { pollUntil } from '../../support/poll';

jest.setTimeout(20_000);

let rig: FlowRig;
let s: SwitchRig;
beforeEach(async () => {
  rig = await flowRig();
  s = await rig.connect(1);
});
afterEach(async () => {
  await rig.stop();
});

/** mef_eline's cookie prefix (owned); 0x12… is nobody's we know (not owned). */
const AA = 0xaa00000000000000n;
const FOREIGN = 0x1200000000000000n;

const reconcile = (): ReturnType<typeof rig.tc.controller.reconciler.reconcile> => rig.tc.controller.reconciler.reconcile(s.dpid);
const states = (): [string, string][] => rig.store.forSwitch(s.dpid).map((r) => [r.key, r.state]);

/** Puts flows on the fake's table directly, as if installed before the controller started. */
function preinstall(...flows: FlowSpec[]): void {
  for (const f of flows) {
    const r = s.table.applySpec(f);
    if (!r.ok) throw new Error(`the sim table refused ${JSON.stringify(r.error)}`);
  }
}

it('a switch that already holds the desired flows gets zero FLOW_MODs; pending rows are confirmed', async () => {
  const d = s.dpid;
  const f1 = flow(d, { priority: 200, inPort: 1, cookie: AA | 1n, out: 2 });
  const f2 = flow(d, { priority: 100, inPort: 2, cookie: AA | 2n, out: 1 });
  const unowned = flow(d, { priority: 50, inPort: 3, cookie: FOREIGN | 3n, out: 1 });
  preinstall(f1, f2, unowned);
  rig.store.upsert([desiredRow(f1, 'mef_eline', 'installed'), desiredRow(f2, 'mef_eline', 'pending')]);
  const mark = s.mark();

  const report = await reconcile();
  expect(report).toEqual({ dpid: d, actual: 3, desired: 2, added: 0, modified: 0, removed: 0, result: { ok: true, sent: 0 } });
  await settle(s);
  expect(s.wire(mark)).toEqual(['flow_stats']);
  expect(states()).toEqual([
    ['00:00:00:00:00:00:00:01/0/200/in_port=1', 'installed'],
    ['00:00:00:00:00:00:00:01/0/100/in_port=2', 'installed'],
  ]);
});

it('repairs: an owned alien flow is deleted strictly, an unowned one is left, a missing one re-added, a changed one modified', async () => {
  const d = s.dpid;
  const right = flow(d, { priority: 200, inPort: 1, cookie: AA | 1n, out: 2 });
  const missing = flow(d, { priority: 150, inPort: 2, cookie: AA | 2n, out: 1 });
  const changed = flow(d, { priority: 120, inPort: 4, cookie: AA | 4n, out: 5 });
  const ownedAlien = flow(d, { priority: 110, inPort: 9, cookie: AA | 9n, out: 1 });
  const unowned = flow(d, { priority: 100, inPort: 8, cookie: FOREIGN | 8n, out: 1 });
  preinstall(right, flow(d, { priority: 120, inPort: 4, cookie: AA | 4n, out: 3 }), ownedAlien, unowned);
  rig.store.upsert([right, missing, changed].map((f) => desiredRow(f, 'mef_eline', 'installed')));
  const mark = s.mark();

  const report = await reconcile();
  expect(report).toEqual({ dpid: d, actual: 4, desired: 3, added: 1, modified: 1, removed: 1, result: { ok: true, sent: 3 } });
  expect(s.wire(mark)).toEqual([
    'flow_stats',
    'delete_strict t0 p110 in_port=9 cookie=0xaa00000000000009/0xffffffffffffffff drop',
    'barrier',
    'add t0 p150 in_port=2 cookie=0xaa00000000000002/0x0 out:1',
    'modify_strict t0 p120 in_port=4 cookie=0xaa00000000000004/0x0 out:5',
    'barrier',
  ]);
  expect(s.tableLines()).toEqual([
    't0 p200 in_port=1 cookie=0xaa00000000000001 out:2',
    't0 p150 in_port=2 cookie=0xaa00000000000002 out:1',
    't0 p120 in_port=4 cookie=0xaa00000000000004 out:5',
    't0 p100 in_port=8 cookie=0x1200000000000008 out:1',
  ]);

  // The next round finds nothing to do.
  const again = s.mark();
  await expect(reconcile()).resolves.toMatchObject({ added: 0, modified: 0, removed: 0, result: { ok: true, sent: 0 } });
  expect(s.wire(again)).toEqual(['flow_stats']);
});

it('a desired row changed after the stats request is left for the next round', async () => {
  const d = s.dpid;
  const kept = flow(d, { priority: 200, inPort: 1, cookie: AA | 1n, out: 2 });
  preinstall(kept);
  rig.store.upsert([desiredRow(kept, 'mef_eline', 'installed')]);
  const mark = s.mark();

  s.hold('flow_stats');
  const round1 = reconcile();
  await waitHeld(s, 1);
  // While the switch is answering: the owner changes `kept` and adds a new flow (stamped now, after the request).
  const changedAt = new Date(Date.now()).toISOString();
  rig.store.upsert([
    desiredRow(flow(d, { priority: 200, inPort: 1, cookie: AA | 1n, out: 3 }), 'mef_eline', 'pending', changedAt),
    desiredRow(flow(d, { priority: 100, inPort: 2, cookie: AA | 2n, out: 1 }), 'mef_eline', 'pending', changedAt),
  ]);
  s.unhold('flow_stats');
  s.releaseOne();
  await expect(round1).resolves.toEqual({ dpid: d, actual: 1, desired: 2, added: 0, modified: 0, removed: 0, result: { ok: true, sent: 0 } });
  await settle(s);
  expect(s.wire(mark)).toEqual(['flow_stats']);
  // Not confirmed either: the snapshot cannot tell whether they are there.
  expect(states()).toEqual([
    ['00:00:00:00:00:00:00:01/0/200/in_port=1', 'pending'],
    ['00:00:00:00:00:00:00:01/0/100/in_port=2', 'pending'],
  ]);

  // The next round asks after the change (a later millisecond) and repairs both.
  await pollUntil(() => Date.now() > Date.parse(changedAt), { what: 'the clock to pass the change' });
  const next = s.mark();
  await expect(reconcile()).resolves.toMatchObject({ added: 1, modified: 1, removed: 0, result: { ok: true, sent: 2 } });
  expect(s.wire(next)).toEqual([
    'flow_stats',
    'add t0 p100 in_port=2 cookie=0xaa00000000000002/0x0 out:1',
    'modify_strict t0 p200 in_port=1 cookie=0xaa00000000000001/0x0 out:3',
    'barrier',
  ]);
  expect(states()).toEqual([
    ['00:00:00:00:00:00:00:01/0/200/in_port=1', 'installed'],
    ['00:00:00:00:00:00:00:01/0/100/in_port=2', 'installed'],
  ]);
});

it('a failed row is not re-sent', async () => {
  const d = s.dpid;
  const ok = flow(d, { priority: 200, inPort: 1, cookie: AA | 1n, out: 2 });
  const refused = flow(d, { priority: 100, inPort: 2, cookie: AA | 2n, out: 1 });
  preinstall(ok);
  rig.store.upsert([desiredRow(ok, 'mef_eline', 'installed'), desiredRow(refused, 'mef_eline', 'failed')]);
  const mark = s.mark();

  await expect(reconcile()).resolves.toEqual({ dpid: d, actual: 1, desired: 1, added: 0, modified: 0, removed: 0, result: { ok: true, sent: 0 } });
  await settle(s);
  expect(s.wire(mark)).toEqual(['flow_stats']);
  expect(rig.store.forSwitch(d).map((r) => [r.key, r.state, r.error])).toEqual([
    ['00:00:00:00:00:00:00:01/0/200/in_port=1', 'installed', undefined],
    ['00:00:00:00:00:00:00:01/0/100/in_port=2', 'failed', 'error type 5 code 1'],
  ]);
});

// BUG (reported): the reconciler drops failed rows from the desired set but does not protect their
// keys, so when the switch holds a flow under a failed row's key (the version before a refused
// change, or the same flow after a re-install a switch refused), it is taken for an owned alien
// and deleted: a refusal takes a working flow off the switch. Flip to `it` once failed keys are
// left alone.
it("a failed row's key is left alone on the switch: not re-sent, not deleted", async () => {
  const d = s.dpid;
  const previous = flow(d, { priority: 100, inPort: 2, cookie: AA | 2n, out: 1 });
  preinstall(previous);
  // The owner asked for out:3 and the switch refused it; the switch still forwards with out:1.
  rig.store.upsert([desiredRow(flow(d, { priority: 100, inPort: 2, cookie: AA | 2n, out: 3 }), 'mef_eline', 'failed')]);
  const mark = s.mark();
  await expect(reconcile()).resolves.toMatchObject({ added: 0, modified: 0, removed: 0 });
  expect(s.wire(mark)).toEqual(['flow_stats']);
  expect(s.tableLines()).toEqual(['t0 p100 in_port=2 cookie=0xaa00000000000002 out:1']);
});

it('a flow in flight is not taken for an alien', async () => {
  const d = s.dpid;
  // Being installed (sent, its barrier not yet answered) and not desired (yet): owned and unknown to the store.
  const inFlight = flow(d, { priority: 100, inPort: 2, cookie: AA | 2n, out: 1 });
  const mark = s.mark();
  s.hold('barrier');
  const install = rig.tc.controller.installer.addFlows(d, [inFlight]);
  await waitHeld(s, 1);
  expect(s.tableLines()).toEqual(['t0 p100 in_port=2 cookie=0xaa00000000000002 out:1']);

  const round = reconcile();
  // The round has read the table (holding the flow) before the install was confirmed.
  await pollUntil(() => s.wire(mark).includes('flow_stats'), { what: 'the flow-stats request' });
  s.releaseOne();
  await expect(install).resolves.toEqual({ ok: true, sent: 1 });
  await expect(round).resolves.toEqual({ dpid: d, actual: 1, desired: 0, added: 0, modified: 0, removed: 0, result: { ok: true, sent: 0 } });
  await settle(s);
  expect(s.wire(mark)).toEqual(['add t0 p100 in_port=2 cookie=0xaa00000000000002/0x0 out:1', 'barrier', 'flow_stats']);
});

it('two rounds for one switch never overlap: a second call while one runs returns undefined', async () => {
  const d = s.dpid;
  const missing = flow(d, { priority: 100, inPort: 2, cookie: AA | 2n, out: 1 });
  rig.store.upsert([desiredRow(missing, 'mef_eline', 'pending')]);
  const mark = s.mark();
  s.hold('flow_stats');
  const first = reconcile();
  const firstState = track(first);
  await waitHeld(s, 1);

  await expect(reconcile()).resolves.toBeUndefined();
  await settle(s);
  expect(s.wire(mark)).toEqual(['flow_stats']);
  expect(firstState.settled()).toBe(false);

  s.unhold('flow_stats');
  s.releaseOne();
  await expect(first).resolves.toMatchObject({ added: 1, result: { ok: true, sent: 1 } });
  expect(s.wire(mark)).toEqual(['flow_stats', 'add t0 p100 in_port=2 cookie=0xaa00000000000002/0x0 out:1', 'barrier']);
  // Once the round is over, the switch can be reconciled again.
  const after = s.mark();
  await expect(reconcile()).resolves.toMatchObject({ added: 0, modified: 0, removed: 0 });
  expect(s.wire(after)).toEqual(['flow_stats']);
});

it('a switch that is not connected is not reconciled', async () => {
  await expect(rig.tc.controller.reconciler.reconcile('00:00:00:00:00:00:00:99')).resolves.toBeUndefined();
});
