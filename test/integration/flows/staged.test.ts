/**
 * applyStaged across switches (house style B6): every switch of a stage in parallel, the next
 * stage only once every barrier of the stage has replied (downstream first for an install), and
 * nothing more after a stage that failed.
 */
import type { Dpid } from '../../../src/ofp';
import type { SwitchChanges } from '../../../src/flows/order';
import { flow, flowRig, settle, track, waitHeld, waitWire, type FlowRig, type SwitchRig } from './harness';

jest.setTimeout(20_000);

let rig: FlowRig;
let ingress: SwitchRig;
let transit: SwitchRig;
let egress: SwitchRig;
beforeEach(async () => {
  rig = await flowRig();
  ingress = await rig.connect(1);
  transit = await rig.connect(2);
  egress = await rig.connect(3);
});
afterEach(async () => {
  await rig.stop();
});

const AA = 0xaa00000000000000n;

/** Pure. A change set adding one flow to a switch. */
const addOne = (s: SwitchRig, inPort: number): { dpid: Dpid; changes: SwitchChanges } => ({
  dpid: s.dpid,
  changes: { add: [flow(s.dpid, { priority: 100, inPort, cookie: AA | 7n, out: 2 })], modify: [], remove: [] },
});

it("stage 2's switch receives nothing until every barrier of stage 1 has replied", async () => {
  const marks = [ingress.mark(), transit.mark(), egress.mark()] as const;
  egress.hold('barrier');
  const done = rig.tc.controller.installer.applyStaged([[addOne(transit, 1), addOne(egress, 1)], [addOne(ingress, 1)]]);
  const state = track(done);

  // Stage 1 went out to both switches; the transit confirmed, the egress has not yet.
  await waitWire(transit, 2, marks[1]);
  await waitHeld(egress, 1);
  expect(transit.wire(marks[1])).toEqual(['add t0 p100 in_port=1 cookie=0xaa00000000000007/0x0 out:2', 'barrier']);
  expect(egress.wire(marks[2])).toEqual(['add t0 p100 in_port=1 cookie=0xaa00000000000007/0x0 out:2', 'barrier']);
  await settle(ingress);
  await settle(transit);
  expect(ingress.wire(marks[0])).toEqual([]);
  expect(state.settled()).toBe(false);

  const releasedAt = egress.releaseOne();
  await expect(done).resolves.toEqual([
    { dpid: transit.dpid, result: { ok: true, sent: 1 } },
    { dpid: egress.dpid, result: { ok: true, sent: 1 } },
    { dpid: ingress.dpid, result: { ok: true, sent: 1 } },
  ]);
  expect(ingress.wire(marks[0])).toEqual(['add t0 p100 in_port=1 cookie=0xaa00000000000007/0x0 out:2', 'barrier']);
  const [first] = ingress.flowMods(marks[0]);
  expect(first?.at).toBeGreaterThan(releasedAt);
});

it('a stage that fails ends the install: later stages are never sent', async () => {
  const marks = [ingress.mark(), egress.mark()] as const;
  // OFPET_BAD_MATCH / OFPBMC_BAD_VALUE.
  egress.refuse(() => true, { errType: 4, code: 7 });
  const egressFlow = addOne(egress, 1);
  const results = await rig.tc.controller.installer.applyStaged([[egressFlow], [addOne(ingress, 1)]]);
  expect(results).toEqual([
    { dpid: egress.dpid, result: { ok: false, reason: 'rejected', sent: 1, errors: [{ flow: egressFlow.changes.add[0], command: 'add', errType: 4, code: 7 }] } },
  ]);
  await settle(ingress);
  expect(ingress.wire(marks[0])).toEqual([]);
  expect(egress.wire(marks[1])).toEqual(['add t0 p100 in_port=1 cookie=0xaa00000000000007/0x0 out:2', 'barrier']);
});

it('a stage with a switch that is not connected stops there too', async () => {
  const mark = ingress.mark();
  const gone = '00:00:00:00:00:00:00:09';
  const results = await rig.tc.controller.installer.applyStaged([
    [{ dpid: gone, changes: { add: [flow(gone, { priority: 1, inPort: 1, cookie: AA | 1n })], modify: [], remove: [] } }],
    [addOne(ingress, 1)],
  ]);
  expect(results).toEqual([{ dpid: gone, result: { ok: false, reason: 'not_connected' } }]);
  await settle(ingress);
  expect(ingress.wire(mark)).toEqual([]);
});
