/**
 * Echo keepalive (OF1.3.5 6.3.2 "Echo Request/Reply"): the controller probes idle switches, drops
 * silent ones, and answers the switch's own probes. Timers: TEST_TIMERS (200 ms / 300 ms).
 */
import { connectSwitch, startController, TEST_TIMERS, type TestController } from '../../support/controller';
import { FakeSwitch, dpidOf } from '../../support/fake-switch';
import { pollUntil } from '../../support/poll';

jest.setTimeout(15_000);

let tc: TestController;
beforeEach(async () => {
  tc = await startController();
});
afterEach(async () => {
  await tc.stop();
});

it('sends ECHO_REQUEST to an idle switch, and a switch that answers stays connected', async () => {
  const { sw, connected } = await connectSwitch(tc);
  const first = await sw.waitForType('echo_request');
  // Two probes, so the first answer was accepted and the session went on.
  const second = await sw.waitForType('echo_request', (_m, rx) => rx.xid !== first.xid);
  expect(connected.dpid).toBe(dpidOf(1));
  expect(second.at - first.at).toBeGreaterThanOrEqual(TEST_TIMERS.echoIntervalMs - 20);
  expect(sw.isConnected).toBe(true);
  expect(tc.eventsOf('switch.disconnected')).toEqual([]);
});

it('declares a switch that stops answering gone: switch.disconnected with reason echo_timeout', async () => {
  const { sw, connected } = await connectSwitch(tc, { dpid: dpidOf(5) });
  sw.setAnswerEcho(false);
  const gone = await tc.waitForEvent('switch.disconnected', { timeoutMs: 5000 });
  expect(gone.dpid).toBe(connected.dpid);
  expect(gone.reason.kind).toBe('echo_timeout');
  if (gone.reason.kind === 'echo_timeout') expect(gone.reason.silentMs).toBeGreaterThanOrEqual(TEST_TIMERS.echoTimeoutMs);
  expect(sw.received.some((r) => r.msg.type === 'echo_request')).toBe(true);
  expect((await sw.waitClosed()).byUs).toBe(false);
  expect(tc.controller.switches.get(connected.dpid)).toBeUndefined();
});

it('keeps a switch that sends other traffic but never answers echoes (any message proves liveness)', async () => {
  const { sw } = await connectSwitch(tc, { answerEcho: false });
  // Traffic paced at a quarter of the echo interval, for three times interval + timeout: the
  // controller must never find the switch idle long enough to probe, let alone to drop it.
  const span = 3 * (TEST_TIMERS.echoIntervalMs + TEST_TIMERS.echoTimeoutMs);
  const pace = setInterval(() => sw.packetIn(1, Buffer.from('keepalive by traffic')), TEST_TIMERS.echoIntervalMs / 4);
  try {
    await pollUntil(() => tc.eventsOf('packet.in').length >= span / (TEST_TIMERS.echoIntervalMs / 4) - 2, { timeoutMs: 3 * span, what: 'paced packet-ins' });
  } finally {
    clearInterval(pace);
  }
  expect(tc.eventsOf('switch.disconnected')).toEqual([]);
  expect(sw.received.filter((r) => r.msg.type === 'echo_request')).toEqual([]);
  expect(sw.isConnected).toBe(true);
});

it("answers the switch's ECHO_REQUEST with the same xid and data", async () => {
  const { sw } = await connectSwitch(tc);
  const data = Buffer.from('isthmus echo probe \u00e9\u0000\u00ff', 'utf8');
  const { reply, rttMs } = await sw.ping(data);
  expect(reply.msg).toEqual({ type: 'echo_reply', data });
  expect(rttMs).toBeGreaterThanOrEqual(0);
  const empty = await sw.ping();
  expect(empty.reply.msg).toEqual({ type: 'echo_reply', data: Buffer.alloc(0) });
  // The reply's xid is the request's: ping() matched on it; check it is not the controller's own counter.
  expect(empty.reply.xid).toBeGreaterThanOrEqual(0x5a000000);
});

it('answers an ECHO_REQUEST sent together with the HELLO, before the handshake', async () => {
  const sw = new FakeSwitch({ port: tc.ofPort, writeMode: 'coalesce' });
  await sw.connect();
  const { reply } = await sw.ping(Buffer.from('before features'));
  expect(reply.msg).toEqual({ type: 'echo_reply', data: Buffer.from('before features') });
  await tc.waitForEvent('switch.connected');
});
