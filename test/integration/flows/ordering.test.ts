/**
 * The installer's order on the wire (house style B6, Faucet's valve_flowreorder) against a fake
 * switch over real TCP: strict deletes with the cookie checked, a barrier, adds and modifies, a
 * final barrier; the change set is confirmed only by the last barrier reply (OF1.3.5 6.3.8).
 */
import { ALL_ONES_64, flow, flowRig, settle, track, waitHeld, waitWire, type FlowRig, type SwitchRig } from './harness';

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

const AA = 0xaa00000000000000n;

it('sends DELETE_STRICT (cookie mask all ones), BARRIER, ADD/MODIFY_STRICT, BARRIER, and resolves only on the last barrier reply', async () => {
  const d = s.dpid;
  const old1 = flow(d, { priority: 300, inPort: 3, cookie: AA | 3n, out: 1 });
  const old2 = flow(d, { priority: 301, inPort: 4, cookie: AA | 4n, out: 1 });
  const modOld = flow(d, { priority: 200, inPort: 5, cookie: AA | 5n, out: 1 });
  const cookieOld = flow(d, { priority: 201, inPort: 6, cookie: AA | 6n, out: 1 });
  for (const f of [old1, old2, modOld, cookieOld]) s.table.applySpec(f);
  const mark = s.mark();
  s.hold('barrier');

  const installer = rig.tc.controller.installer;
  const done = installer.apply(d, {
    remove: [old1, old2],
    add: [flow(d, { priority: 100, inPort: 1, cookie: AA | 1n, out: 2 }), flow(d, { priority: 101, inPort: 2, cookie: AA | 2n, out: 1 })],
    modify: [
      // Only the instructions change: MODIFY_STRICT keeps the flow's counters (OF1.3.5 6.4).
      { desired: flow(d, { priority: 200, inPort: 5, cookie: AA | 5n, out: 7 }), current: modOld },
      // The cookie changes, which a modify cannot do: an ADD replaces the flow.
      { desired: flow(d, { priority: 201, inPort: 6, cookie: AA | 0x16n, out: 1 }), current: cookieOld },
    ],
  });
  const state = track(done);

  // The deletes and the first barrier go out; nothing else until that barrier is answered.
  await waitHeld(s, 1);
  await settle(s);
  expect(s.wire(mark)).toEqual([
    'delete_strict t0 p300 in_port=3 cookie=0xaa00000000000003/0xffffffffffffffff drop',
    'delete_strict t0 p301 in_port=4 cookie=0xaa00000000000004/0xffffffffffffffff drop',
    'barrier',
  ]);
  expect(state.settled()).toBe(false);

  s.releaseOne();
  await waitHeld(s, 1);
  await settle(s);
  expect(s.wire(mark)).toEqual([
    'delete_strict t0 p300 in_port=3 cookie=0xaa00000000000003/0xffffffffffffffff drop',
    'delete_strict t0 p301 in_port=4 cookie=0xaa00000000000004/0xffffffffffffffff drop',
    'barrier',
    'add t0 p100 in_port=1 cookie=0xaa00000000000001/0x0 out:2',
    'add t0 p101 in_port=2 cookie=0xaa00000000000002/0x0 out:1',
    'modify_strict t0 p200 in_port=5 cookie=0xaa00000000000005/0x0 out:7',
    'add t0 p201 in_port=6 cookie=0xaa00000000000016/0x0 out:1',
    'barrier',
  ]);
  // Every FLOW_MOD is on the switch, but the change set is not confirmed before the last barrier reply.
  expect(state.settled()).toBe(false);
  expect([...installer.inFlightKeys(d)].sort()).toEqual([
    '00:00:00:00:00:00:00:01/0/100/in_port=1',
    '00:00:00:00:00:00:00:01/0/101/in_port=2',
    '00:00:00:00:00:00:00:01/0/200/in_port=5',
    '00:00:00:00:00:00:00:01/0/201/in_port=6',
    '00:00:00:00:00:00:00:01/0/300/in_port=3',
    '00:00:00:00:00:00:00:01/0/301/in_port=4',
  ]);

  s.releaseOne();
  await expect(done).resolves.toEqual({ ok: true, sent: 6 });
  expect(installer.inFlightKeys(d).size).toBe(0);
  // The strict deletes carry no instructions, and the table ends as the change set says.
  expect(s.flowMods(mark).filter((m) => m.msg.command === 'delete_strict').map((m) => [m.msg.cookieMask, m.msg.instructions])).toEqual([
    [ALL_ONES_64, []],
    [ALL_ONES_64, []],
  ]);
  expect(s.tableLines()).toEqual([
    't0 p201 in_port=6 cookie=0xaa00000000000016 out:1',
    't0 p200 in_port=5 cookie=0xaa00000000000005 out:7',
    't0 p101 in_port=2 cookie=0xaa00000000000002 out:1',
    't0 p100 in_port=1 cookie=0xaa00000000000001 out:2',
  ]);
});

it('an add-only change set is its FLOW_MODs and one barrier', async () => {
  const d = s.dpid;
  const mark = s.mark();
  const result = await rig.tc.controller.installer.apply(d, {
    add: [flow(d, { priority: 10, inPort: 1, cookie: AA | 1n, out: 2 })],
    modify: [],
    remove: [],
  });
  expect(result).toEqual({ ok: true, sent: 1 });
  expect(s.wire(mark)).toEqual(['add t0 p10 in_port=1 cookie=0xaa00000000000001/0x0 out:2', 'barrier']);
});

it('an empty change set sends nothing, not even a barrier', async () => {
  const mark = s.mark();
  await expect(rig.tc.controller.installer.apply(s.dpid, { add: [], modify: [], remove: [] })).resolves.toEqual({ ok: true, sent: 0 });
  await settle(s);
  expect(s.wire(mark)).toEqual([]);
});

it('a second change set for the same switch waits until the first is confirmed', async () => {
  const d = s.dpid;
  const installer = rig.tc.controller.installer;
  const mark = s.mark();
  s.hold('barrier');
  const first = installer.addFlows(d, [flow(d, { priority: 1, inPort: 1, cookie: AA | 1n, out: 2 })]);
  const second = installer.addFlows(d, [flow(d, { priority: 2, inPort: 2, cookie: AA | 2n, out: 1 })]);
  await waitHeld(s, 1);
  await settle(s);
  expect(s.wire(mark)).toEqual(['add t0 p1 in_port=1 cookie=0xaa00000000000001/0x0 out:2', 'barrier']);

  s.releaseOne();
  await expect(first).resolves.toEqual({ ok: true, sent: 1 });
  await waitWire(s, 4, mark);
  s.releaseOne();
  await expect(second).resolves.toEqual({ ok: true, sent: 1 });
  expect(s.wire(mark)).toEqual([
    'add t0 p1 in_port=1 cookie=0xaa00000000000001/0x0 out:2',
    'barrier',
    'add t0 p2 in_port=2 cookie=0xaa00000000000002/0x0 out:1',
    'barrier',
  ]);
});

it('a switch that is not connected gets nothing: not_connected', async () => {
  const d = '00:00:00:00:00:00:00:99';
  expect(rig.tc.controller.switches.get(d)).toBeUndefined();
  await expect(rig.tc.controller.installer.addFlows(d, [flow(d, { priority: 1, inPort: 1, cookie: AA | 1n })])).resolves.toEqual({
    ok: false,
    reason: 'not_connected',
  });
});
