/**
 * Asynchronous messages from a switch (OF1.3.5 7.4) become controller events, and PORT_STATUS
 * keeps the REST interface list current.
 */
import { OFPPC, OFPPS, type Port } from '../../../src/ofp';
import { connectSwitch, startController, type TestController } from '../../support/controller';
import { dpidOf, makePort, type FakeSwitch } from '../../support/fake-switch';

jest.setTimeout(15_000);

let tc: TestController;
beforeEach(async () => {
  tc = await startController({ settings: { echoIntervalMs: 5000, echoTimeoutMs: 5000 } });
});
afterEach(async () => {
  await tc.stop();
});

type RestInterface = { id: string; name: string; port_number: number; active: boolean; status: string };
async function interfaces(dpid: string): Promise<Record<string, RestInterface>> {
  const res = await tc.get('/api/kytos/topology/v3/switches');
  const sw = (res.body as { switches: Record<string, { interfaces: Record<string, RestInterface> }> }).switches[dpid];
  if (sw === undefined) throw new Error(`switch ${dpid} not in REST`);
  return sw.interfaces;
}

describe('PORT_STATUS', () => {
  const dpid = dpidOf(0x77);
  let sw: FakeSwitch;
  beforeEach(async () => {
    ({ sw } = await connectSwitch(tc, { dpid, ports: [makePort(1), makePort(2)] }));
  });

  it('add, modify (LINK_DOWN) and delete become port events and update REST interfaces', async () => {
    const p3: Port = makePort(3, { name: 'eth3' });
    let since = tc.events.length;
    sw.portStatus('add', p3);
    expect(await tc.waitForEvent('port.added', { since })).toEqual({ type: 'port.added', dpid, port: p3 });
    expect(await interfaces(dpid)).toMatchObject({ [`${dpid}:3`]: { id: `${dpid}:3`, name: 'eth3', port_number: 3, active: true, status: 'UP' } });

    const down: Port = { ...p3, state: OFPPS.LINK_DOWN };
    since = tc.events.length;
    sw.portStatus('modify', down);
    expect(await tc.waitForEvent('port.modified', { since })).toEqual({ type: 'port.modified', dpid, port: down });
    expect((await interfaces(dpid))[`${dpid}:3`]).toMatchObject({ active: false, status: 'DOWN' });

    since = tc.events.length;
    sw.portStatus('modify', p3);
    await tc.waitForEvent('port.modified', { since });
    expect((await interfaces(dpid))[`${dpid}:3`]).toMatchObject({ active: true });

    since = tc.events.length;
    sw.portStatus('delete', p3);
    expect(await tc.waitForEvent('port.deleted', { since })).toEqual({ type: 'port.deleted', dpid, port: p3 });
    expect(Object.keys(await interfaces(dpid)).sort()).toEqual([`${dpid}:1`, `${dpid}:2`]);
  });

  it.each([
    ['LINK_DOWN set', { state: OFPPS.LINK_DOWN | OFPPS.LIVE }],
    ['LIVE cleared on a switch that reports LIVE (OVS clears it first)', { state: 0 }],
    ['administratively down (OFPPC_PORT_DOWN)', { config: OFPPC.PORT_DOWN, state: OFPPS.LIVE }],
  ])('a port with %s is inactive', async (_name, over) => {
    const since = tc.events.length;
    sw.portStatus('modify', makePort(2, over));
    await tc.waitForEvent('port.modified', { since });
    const ifs = await interfaces(dpid);
    expect(ifs[`${dpid}:2`]?.active).toBe(false);
    expect(ifs[`${dpid}:1`]?.active).toBe(true);
  });

  it('a modify for a port never announced adds it', async () => {
    const since = tc.events.length;
    sw.portStatus('modify', makePort(9));
    await tc.waitForEvent('port.modified', { since });
    expect(Object.keys(await interfaces(dpid))).toContain(`${dpid}:9`);
  });
});

describe('other asynchronous messages', () => {
  it('PACKET_IN becomes packet.in with the whole frame and the match', async () => {
    const { sw, connected } = await connectSwitch(tc);
    const frame = Buffer.from('0180c200000e02000000000188cc', 'hex');
    sw.packetIn(4, frame);
    const e = await tc.waitForEvent('packet.in');
    expect(e.dpid).toBe(connected.dpid);
    expect(e.msg).toMatchObject({ type: 'packet_in', reason: 'no_match', match: [{ field: 'in_port', value: 4 }], totalLen: frame.length });
    expect(e.msg.data).toEqual(frame);
  });

  it('FLOW_REMOVED becomes flow.removed', async () => {
    const { sw } = await connectSwitch(tc);
    sw.send({
      type: 'flow_removed',
      cookie: 0x0100000000000007n,
      priority: 100,
      reason: 'idle_timeout',
      tableId: 1,
      durationSec: 60,
      durationNsec: 0,
      idleTimeout: 60,
      hardTimeout: 0,
      packetCount: 3n,
      byteCount: 180n,
      match: [{ field: 'in_port', value: 1 }],
    });
    const e = await tc.waitForEvent('flow.removed');
    expect(e.msg).toMatchObject({ cookie: 0x0100000000000007n, reason: 'idle_timeout', tableId: 1, packetCount: 3n });
  });

  it('an OFPT_ERROR that answers no pending request becomes switch.error with its xid', async () => {
    const { sw, connected } = await connectSwitch(tc);
    sw.send({ type: 'error', version: 4, errType: 5, code: 1, data: Buffer.alloc(8) }, 0x1234);
    const e = await tc.waitForEvent('switch.error');
    expect(e).toMatchObject({ dpid: connected.dpid, xid: 0x1234, error: { errType: 5, code: 1 } });
    await sw.ping();
    expect(tc.eventsOf('switch.disconnected')).toEqual([]);
  });

  it('an experimenter message does not end the session', async () => {
    const { sw } = await connectSwitch(tc);
    sw.send({ type: 'experimenter', experimenter: 0x2320, expType: 99, data: Buffer.from('nicira') });
    await sw.ping();
    expect(sw.isConnected).toBe(true);
  });
});
