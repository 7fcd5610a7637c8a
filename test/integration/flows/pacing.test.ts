/**
 * Per-switch pacing of FLOW_MODs (settings `flow-mod-rate`, for hardware that needs it) with a
 * virtual clock injected into the installer: the installer is a token bucket of `rate` sends per
 * second holding at most `rate` tokens, so what goes out before time advances is at most the
 * bucket, and the rest follows at the rate, in virtual time whatever the machine's load.
 */
import { FlowInstaller } from '../../../src/flows/installer';
import type { FlowSpec } from '../../../src/flows/flowspec';
import { pollUntil } from '../../support/poll';
import { flow, flowRig, settle, track, type FlowRig, type SwitchRig } from './harness';
import { VirtualClock } from './virtual-clock';

jest.setTimeout(30_000);

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
const RATE = 100;
const T0 = Date.parse('2025-01-01T00:00:00.000Z');

function flows(n: number, from = 0): FlowSpec[] {
  return Array.from({ length: n }, (_, i) => flow(s.dpid, { priority: 1000 + from + i, inPort: from + i + 1, cookie: AA | BigInt(from + i + 1), out: 1 }));
}

/**
 * Not pure. Runs the virtual clock until `done` settles: each time the installer waits on the
 * clock, checks the token-bucket bound (at most RATE + elapsed × RATE sent so far), then moves time
 * to its timer. Returns the FLOW_MODs sent at each wait, with the virtual time.
 */
async function driveClock(clock: VirtualClock, installer: FlowInstaller, done: { settled(): boolean }): Promise<{ at: number; sent: number }[]> {
  const seen: { at: number; sent: number }[] = [];
  for (;;) {
    const parked = await pollUntil(() => (done.settled() ? 'done' : clock.pending > 0 ? 'parked' : undefined), { intervalMs: 1, what: 'the installer to wait on the clock or finish' });
    if (parked === 'done') return seen;
    const at = clock.now() - T0;
    const sent = installer.flowModsSent(s.dpid);
    expect(sent).toBeLessThanOrEqual(RATE + Math.floor((at * RATE) / 1000));
    seen.push({ at, sent });
    clock.advanceToNext();
  }
}

it(`250 FLOW_MODs at ${RATE}/s: a bucket's worth at once, then one per 10 ms, 1.5 s of virtual time in all`, async () => {
  const clock = new VirtualClock(T0);
  const installer = new FlowInstaller(rig.tc.controller.switches, { clock, flowModRate: RATE });
  const mark = s.mark();
  const done = installer.addFlows(s.dpid, flows(250));
  const state = track(done);

  // Before time moves: exactly the bucket (RATE) goes out, and the installer waits on the clock.
  await pollUntil(() => clock.pending === 1, { what: 'the installer to wait on the virtual clock' });
  expect(installer.flowModsSent(s.dpid)).toBe(RATE);
  await pollUntil(() => s.flowMods(mark).length === RATE, { what: `${RATE} FLOW_MODs at the switch` });
  await settle(s);
  expect(s.wire(mark)).toHaveLength(RATE);
  expect(clock.now()).toBe(T0);

  const seen = await driveClock(clock, installer, state);
  await expect(done).resolves.toEqual({ ok: true, sent: 250 });
  const elapsed = clock.now() - T0;
  // 150 sends beyond the bucket at 100/s: 1.5 s at the least, and pacing wastes no more than a tick or two.
  expect(elapsed).toBeGreaterThanOrEqual(1500);
  expect(elapsed).toBeLessThanOrEqual(1520);
  // One FLOW_MOD per 10 ms step after the bucket.
  expect(seen[0]).toEqual({ at: 0, sent: 100 });
  expect(seen[1]).toEqual({ at: 10, sent: 101 });
  expect(seen.at(-1)).toEqual({ at: 1490, sent: 249 });
  expect(seen).toHaveLength(150);
  // Everything arrived, in order, with one final barrier.
  const wire = s.wire(mark);
  expect(wire).toHaveLength(251);
  expect(wire[0]).toBe('add t0 p1000 in_port=1 cookie=0xaa00000000000001/0x0 out:1');
  expect(wire[249]).toBe('add t0 p1249 in_port=250 cookie=0xaa000000000000fa/0x0 out:1');
  expect(wire[250]).toBe('barrier');
});

it('a rate of 0 sends everything without waiting on the clock', async () => {
  const clock = new VirtualClock(T0);
  const installer = new FlowInstaller(rig.tc.controller.switches, { clock, flowModRate: 0 });
  await expect(installer.addFlows(s.dpid, flows(250))).resolves.toEqual({ ok: true, sent: 250 });
  expect(clock.now()).toBe(T0);
  expect(clock.pending).toBe(0);
  expect(installer.flowModsSent(s.dpid)).toBe(250);
});

// BUG (reported): the token bucket is made anew for every change set (FlowInstaller.run creates a
// Pacer), so the rate holds within one change set only; back-to-back change sets each get a full
// bucket and go out at once. The setting promises FLOW_MODs per second per switch. Flip to `it`
// once the installer keeps one bucket per switch.
it(`the rate holds per switch across change sets: two sets of ${RATE} do not both go out before time advances`, async () => {
  const clock = new VirtualClock(T0);
  const installer = new FlowInstaller(rig.tc.controller.switches, { clock, flowModRate: RATE });
  const first = track(installer.addFlows(s.dpid, flows(RATE)));
  const second = installer.addFlows(s.dpid, flows(RATE, RATE));
  const state = track(second);
  await pollUntil(() => (first.settled() && clock.pending > 0) || state.settled(), { what: 'the second set to wait on the clock or finish' });
  // Per switch, at virtual time 0 only the bucket may have gone out.
  expect(installer.flowModsSent(s.dpid)).toBe(RATE);
  await driveClock(clock, installer, state);
  await expect(second).resolves.toEqual({ ok: true, sent: RATE });
});
