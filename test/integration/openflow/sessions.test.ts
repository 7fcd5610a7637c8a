/**
 * Session lifecycle across switches: a malformed message ends only its own session; a switch
 * reconnects; a second connection from the same datapath replaces the first.
 */
import { connectSwitch, reconnectSwitch, startController, type TestController } from '../../support/controller';
import { FakeSwitch, dpidOf } from '../../support/fake-switch';
import { hex } from '../../support/codec';
import { pollUntil } from '../../support/poll';

jest.setTimeout(15_000);

let tc: TestController;
beforeEach(async () => {
  tc = await startController({ settings: { echoIntervalMs: 5000, echoTimeoutMs: 5000 } });
});
afterEach(async () => {
  await tc.stop();
});

type RestSwitch = { active: boolean; status: string; connection: string; interfaces: Record<string, { active: boolean }> };
async function restSwitch(dpid: string): Promise<RestSwitch | undefined> {
  const res = await tc.get('/api/kytos/topology/v3/switches');
  return (res.body as { switches: Record<string, RestSwitch> }).switches[dpid];
}

describe('a malformed message closes only its own session, with reason decode_error', () => {
  // Hand-assembled bytes (OF1.3.5 7.4.2 ofp_flow_removed), not produced by our encoder.
  const FLOW_REMOVED_BAD_MATCH = hex(`
    04 0b 00 38 00 00 00 99   # version 4, OFPT_FLOW_REMOVED, length 56, xid 0x99
    00 00 00 00 00 00 00 01   # cookie
    80 00 00 00               # priority 0x8000, reason IDLE_TIMEOUT, table 0
    00 00 00 0a 00 00 00 00   # duration 10 s 0 ns
    00 3c 00 00               # idle_timeout 60, hard_timeout 0
    00 00 00 00 00 00 00 00   # packet_count
    00 00 00 00 00 00 00 00   # byte_count
    00 01 00 02 00 00 00 00   # ofp_match type OXM, length 2 (< 4: impossible), pad
  `.replace(/#[^\n]*/g, ''));
  const HEADER_LENGTH_4 = hex('04 02 00 04 00 00 00 07'); // ECHO_REQUEST whose ofp_header.length is 4 (< 8)

  it.each([
    ['a FLOW_REMOVED with match length 2', FLOW_REMOVED_BAD_MATCH, { code: 'BAD_LENGTH', offset: 50 }],
    ['an ofp_header.length of 4', HEADER_LENGTH_4, { code: 'BAD_LENGTH' }],
  ])('%s', async (_name, bytes, expected) => {
    const bad = await connectSwitch(tc, { dpid: dpidOf(0xbad) });
    const good = await connectSwitch(tc, { dpid: dpidOf(0x600d) });
    bad.sw.sendRaw(bytes);
    const gone = await tc.waitForEvent('switch.disconnected');
    expect(gone.dpid).toBe(dpidOf(0xbad));
    expect(gone.reason).toMatchObject({ kind: 'decode_error', ...expected });
    expect((await bad.sw.waitClosed()).byUs).toBe(false);
    // The other switch is untouched: still registered, answers a barrier and an echo.
    expect(tc.controller.switches.connected()).toEqual([dpidOf(0x600d)]);
    await tc.controller.switches.get(dpidOf(0x600d))?.barrier();
    await good.sw.ping(Buffer.from('still here'));
    expect(good.sw.isConnected).toBe(true);
    expect(tc.eventsOf('switch.disconnected')).toHaveLength(1);
  });

  it('an ofp_header.length of 5 arriving in 5-byte pieces is also a decode error', async () => {
    const sw = await FakeSwitch.connect({ port: tc.ofPort, dpid: dpidOf(3), writeMode: 'split:5' });
    await tc.waitForEvent('switch.connected');
    sw.sendRaw(hex('04 0a 00 05 00 00 00 01')); // PACKET_IN, length 5
    const gone = await tc.waitForEvent('switch.disconnected');
    expect(gone.reason).toMatchObject({ kind: 'decode_error', code: 'BAD_LENGTH' });
  });
});

describe('reconnect', () => {
  it.each(['whole', 'split:3'] as const)('shows the switch inactive while it is away and active again after it reconnects (writes %s)', async (writeMode) => {
    const dpid = dpidOf(0x42);
    const { sw } = await connectSwitch(tc, { dpid, writeMode });
    expect(await restSwitch(dpid)).toMatchObject({ active: true, status: 'UP', connection: sw.localAddress });

    await sw.disconnect();
    const gone = await tc.waitForEvent('switch.disconnected');
    expect(gone).toMatchObject({ dpid, reason: { kind: 'peer_closed' } });
    const away = await restSwitch(dpid);
    expect(away).toMatchObject({ active: false, status: 'DOWN', connection: '' });
    expect(Object.values(away?.interfaces ?? {}).map((i) => i.active)).toEqual([false, false]);
    expect(tc.controller.switches.get(dpid)).toBeUndefined();

    const again = await reconnectSwitch(tc, sw);
    expect(again.dpid).toBe(dpid);
    expect(await restSwitch(dpid)).toMatchObject({ active: true, status: 'UP', connection: sw.localAddress });
    expect(Object.values((await restSwitch(dpid))?.interfaces ?? {}).map((i) => i.active)).toEqual([true, true]);
    expect(tc.eventsOf('switch.connected', dpid)).toHaveLength(2);
    expect(tc.eventsOf('switch.disconnected', dpid)).toHaveLength(1);
  });

  it('reports a switch that vanished with an RST as disconnected', async () => {
    const { sw, connected } = await connectSwitch(tc);
    sw.reset();
    const gone = await tc.waitForEvent('switch.disconnected');
    expect(gone.dpid).toBe(connected.dpid);
    expect(gone.reason).toEqual({ kind: 'socket_error', message: expect.stringMatching(/ECONNRESET/) });
  });
});

describe('duplicate datapath id', () => {
  it('closes the first connection, keeps the second, and emits no switch.disconnected for the replacement', async () => {
    const dpid = dpidOf(0xd0d0);
    const first = await connectSwitch(tc, { dpid });
    const second = await connectSwitch(tc, { dpid });
    expect(second.connected.address).not.toBe(first.connected.address);

    expect((await first.sw.waitClosed()).byUs).toBe(false);
    expect(second.sw.isConnected).toBe(true);
    expect(tc.controller.switches.get(dpid)?.address).toBe(second.sw.localAddress);
    expect(tc.controller.switches.connected()).toEqual([dpid]);
    // The live session is the second one: it answers a request, and REST names its address.
    // (Each session may already have had barriers of its own, e.g. the LLDP flow install on connect.)
    const barriers = (sw: typeof first.sw): number => sw.received.filter((r) => r.msg.type === 'barrier_request').length;
    const firstBefore = barriers(first.sw);
    const secondBefore = barriers(second.sw);
    await tc.controller.switches.get(dpid)?.barrier();
    expect(barriers(second.sw)).toBeGreaterThan(secondBefore);
    expect(barriers(first.sw)).toBe(firstBefore);
    expect(await restSwitch(dpid)).toMatchObject({ active: true, connection: second.sw.localAddress });
    // Once the controller has seen the first socket close, still no disconnect event.
    await pollUntil(() => first.sw.isConnected === false, { what: 'first connection closed' });
    await second.sw.ping();
    expect(tc.eventsOf('switch.disconnected')).toEqual([]);
    expect(tc.eventsOf('switch.connected', dpid)).toHaveLength(2);

    // When the live one goes, the datapath is reported gone exactly once.
    await second.sw.disconnect();
    const gone = await tc.waitForEvent('switch.disconnected');
    expect(gone.dpid).toBe(dpid);
    expect(tc.eventsOf('switch.disconnected')).toHaveLength(1);
  });

  it('keeps the first session when a second connection with that dpid fails before its handshake completes', async () => {
    const dpid = dpidOf(0xd1);
    const first = await connectSwitch(tc, { dpid });
    const intruder = await FakeSwitch.connect({ port: tc.ofPort, dpid, ignore: ['multipart_request'] });
    await intruder.waitForType('multipart_request');
    intruder.destroy();
    await intruder.waitClosed();
    await first.sw.ping();
    await tc.controller.switches.get(dpid)?.barrier();
    expect(tc.controller.switches.get(dpid)?.address).toBe(first.sw.localAddress);
    expect(tc.eventsOf('switch.disconnected')).toEqual([]);
  });
});
