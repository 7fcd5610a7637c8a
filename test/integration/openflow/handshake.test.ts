/**
 * The OpenFlow 1.3 handshake over real TCP: HELLO, FEATURES, SET_CONFIG, SET_ASYNC, DESC and
 * PORT_DESC, the resulting `switch.connected` event and the REST view; version negotiation; and
 * framing that does not follow message boundaries.
 */
import { OFPCML, OFPET, OFP_ERROR_CODES, type Port, type SwitchDesc } from '../../../src/ofp';
import { connectSwitch, startController, type TestController } from '../../support/controller';
import { FakeSwitch, dpidOf, makePort, type WriteMode } from '../../support/fake-switch';

jest.setTimeout(15_000);

let tc: TestController;
beforeEach(async () => {
  tc = await startController();
});
afterEach(async () => {
  await tc.stop();
});

const DESC: SwitchDesc = {
  mfrDesc: 'Nicira, Inc.',
  hwDesc: 'Open vSwitch',
  swDesc: '3.1.0',
  serialNum: 'SN-42',
  dpDesc: 's1',
};

describe('handshake', () => {
  it('emits switch.connected with the datapath id, description and ports', async () => {
    const ports = [makePort(1), makePort(2, { name: 's1-eth2' }), makePort(7)];
    const { sw, connected } = await connectSwitch(tc, { dpid: dpidOf(0xa1), ports, desc: DESC, nTables: 32 });
    expect(connected.dpid).toBe('00:00:00:00:00:00:00:a1');
    expect(connected.address).toBe(sw.localAddress);
    expect(connected.info).toEqual({
      dpid: '00:00:00:00:00:00:00:a1',
      nBuffers: 0,
      nTables: 32,
      auxiliaryId: 0,
      capabilities: expect.any(Number),
      desc: DESC,
      ports,
    });
    expect(tc.controller.switches.get(connected.dpid)?.isReady).toBe(true);
    expect(tc.controller.switches.connected()).toEqual([connected.dpid]);
    expect(sw.decodeErrors).toEqual([]);
  });

  it('offers exactly 1.3, then asks for features, configures the switch and reads DESC and PORT_DESC', async () => {
    const { sw } = await connectSwitch(tc);
    // The controller sends SET_CONFIG and SET_ASYNC without waiting for a reply; the fake records them.
    await sw.waitForType('set_async');
    const types = sw.received.map((r) => (r.msg.type === 'multipart_request' ? `multipart_request:${r.msg.body.type}` : r.msg.type));
    expect(types.slice(0, 6)).toEqual([
      'hello',
      'features_request',
      'set_config',
      'set_async',
      'multipart_request:desc',
      'multipart_request:port_desc',
    ]);
    const [hello, , setConfig, setAsync] = sw.received.map((r) => r.msg);
    expect(hello).toEqual({ type: 'hello', version: 4, elements: [{ type: 'versionbitmap', bitmaps: [0x10] }] });
    // Whole frames to the controller: OFPC_FRAG_NORMAL and miss_send_len = OFPCML_NO_BUFFER (0xffff).
    expect(setConfig).toEqual({ type: 'set_config', flags: 0, missSendLen: OFPCML.NO_BUFFER });
    expect(OFPCML.NO_BUFFER).toBe(0xffff);
    // Master/equal role: packet-in for no_match|action|invalid_ttl (bits 0-2), port status add|delete|modify
    // (bits 0-2, slave too), flow removed idle|hard|delete|group_delete (bits 0-3).
    expect(setAsync).toEqual({ type: 'set_async', packetInMask: [0b111, 0], portStatusMask: [0b111, 0b111], flowRemovedMask: [0b1111, 0] });
    const xids = sw.received.slice(0, 6).map((r) => r.xid);
    expect(new Set(xids).size).toBe(6);
  });

  it('serves the switch in Kytos shape on GET /api/kytos/topology/v3/switches', async () => {
    const dpid = dpidOf(0xb2);
    const ports: Port[] = [makePort(1, { name: 's2-eth1' }), makePort(2, { name: 's2-eth2', currSpeed: 1_000_000 })];
    const { sw } = await connectSwitch(tc, { dpid, ports, desc: DESC });
    const res = await tc.get('/api/kytos/topology/v3/switches');
    expect(res.status).toBe(200);
    const body = res.body as { switches: Record<string, unknown> };
    expect(Object.keys(body.switches)).toEqual([dpid]);
    expect(body.switches[dpid]).toMatchObject({
      id: dpid,
      dpid,
      name: dpid,
      type: 'switch',
      ofp_version: '0x04',
      connection: sw.localAddress,
      manufacturer: 'Nicira, Inc.',
      hardware: 'Open vSwitch',
      software: '3.1.0',
      serial: 'SN-42',
      data_path: 's1',
      active: true,
      enabled: true,
      status: 'UP',
      status_reason: [],
      interfaces: {
        [`${dpid}:1`]: {
          id: `${dpid}:1`,
          name: 's2-eth1',
          port_number: 1,
          mac: '02:00:00:00:00:01',
          switch: dpid,
          type: 'interface',
          active: true,
          enabled: true,
          status: 'UP',
          // 10 Gb/s = 10,000,000 kbps = 1.25e9 bytes/s
          speed: 1_250_000_000,
        },
        [`${dpid}:2`]: { id: `${dpid}:2`, name: 's2-eth2', port_number: 2, active: true, speed: 125_000_000 },
      },
    });
  });

  it('answers GET /api/kytos/core/status/ with 201 {"response":"running"}', async () => {
    const res = await tc.get('/api/kytos/core/status/');
    expect(res).toEqual({ status: 201, body: { response: 'running' } });
  });

  it('reassembles a PORT_DESC reply sent in several parts (OFPMPF_REPLY_MORE)', async () => {
    const ports = Array.from({ length: 10 }, (_, i) => makePort(i + 1));
    const { sw, connected } = await connectSwitch(tc, { ports, portDescParts: 4 });
    expect(connected.info.ports).toEqual(ports);
    expect(sw.received.filter((r) => r.msg.type === 'multipart_request' && r.msg.body.type === 'port_desc')).toHaveLength(1);
  });
});

describe('version negotiation (OF1.3.5 7.5.1)', () => {
  const INCOMPATIBLE = { errType: OFPET.HELLO_FAILED, code: OFP_ERROR_CODES.HELLO_FAILED.INCOMPATIBLE };

  it.each([
    ['offers only 1.0 in its bitmap', { version: 1, bitmap: [0x02] }],
    ['sends a version-1 HELLO without a bitmap', { version: 1, bitmap: null }],
    ['offers 1.0 and 1.4 but not 1.3', { version: 5, bitmap: [0x22] }],
  ])('a peer that %s gets HELLO_FAILED/INCOMPATIBLE and is closed', async (_name, hello) => {
    const sw = await FakeSwitch.connect({ port: tc.ofPort, hello });
    const err = await sw.waitForType('error');
    expect(err.msg).toMatchObject({ ...INCOMPATIBLE, version: Math.min(hello.version, 4) });
    expect(err.msg.data.toString('utf8')).toMatch(/1\.3/);
    const closed = await sw.waitClosed();
    expect(closed.byUs).toBe(false);
    expect(sw.received.map((r) => r.msg.type)).toEqual(['hello', 'error']);
    expect(tc.eventsOf('switch.connected')).toEqual([]);
    expect(tc.controller.switches.connected()).toEqual([]);
  });

  it('accepts a peer offering 1.0 + 1.3 + 1.4 in its bitmap', async () => {
    const { connected } = await connectSwitch(tc, { hello: { version: 5, bitmap: [0x32] } });
    expect(connected.dpid).toBe(dpidOf(1));
  });

  it('accepts a 1.4 HELLO without a bitmap (negotiates down to 1.3)', async () => {
    const { connected } = await connectSwitch(tc, { hello: { version: 5, bitmap: null } });
    expect(connected.dpid).toBe(dpidOf(1));
  });
});

describe('handshake failures', () => {
  beforeEach(async () => {
    await tc.stop();
    // Echo far away, so that only the handshake and request timers can end these sessions.
    tc = await startController({
      captureLogs: true,
      settings: { echoIntervalMs: 10_000, echoTimeoutMs: 10_000, handshakeTimeoutMs: 400, requestTimeoutMs: 300 },
    });
  });
  /** The reason the controller logged when it closed the session of `sw`. */
  const closeReason = (sw: FakeSwitch): unknown =>
    tc.logs.find((l) => l.msg === 'switch session closed' && l.remote === sw.localAddress)?.reason;

  it('closes a peer that never sends HELLO: handshake_timeout at stage hello', async () => {
    const sw = await FakeSwitch.connect({ port: tc.ofPort, hello: 'none' });
    expect((await sw.waitClosed()).byUs).toBe(false);
    expect(sw.received.map((r) => r.msg.type)).toEqual(['hello']);
    expect(tc.eventsOf('switch.connected')).toEqual([]);
    expect(closeReason(sw)).toEqual({ kind: 'handshake_timeout', stage: 'hello' });
  });

  it('closes a switch that never answers FEATURES_REQUEST, and emits nothing', async () => {
    const sw = await FakeSwitch.connect({ port: tc.ofPort, ignore: ['features_request'] });
    expect((await sw.waitClosed()).byUs).toBe(false);
    expect(sw.received.map((r) => r.msg.type)).toEqual(['hello', 'features_request']);
    expect(tc.events).toEqual([]);
    expect(closeReason(sw)).toEqual({ kind: 'handshake_timeout', stage: 'features' });
  });

  it('closes an auxiliary connection (auxiliary_id 1): Isthmus uses the main connection only', async () => {
    const sw = await FakeSwitch.connect({ port: tc.ofPort, auxiliaryId: 1 });
    expect((await sw.waitClosed()).byUs).toBe(false);
    expect(tc.events).toEqual([]);
    expect(closeReason(sw)).toMatchObject({ kind: 'handshake_failed', stage: 'features', message: expect.stringMatching(/auxiliary/) });
  });

  it('still connects a switch that rejects SET_ASYNC with an error (the handshake does not depend on it)', async () => {
    const { connected } = await connectSwitch(tc, {
      script: (rx, sw) => {
        if (rx.msg.type !== 'set_async') return 'auto';
        sw.send({ type: 'error', version: 4, errType: OFPET.BAD_REQUEST, code: OFP_ERROR_CODES.BAD_REQUEST.BAD_TYPE, data: Buffer.alloc(0) }, rx.xid);
        return 'handled';
      },
    });
    expect(connected.dpid).toBe(dpidOf(1));
    expect(tc.eventsOf('switch.error')).toEqual([]);
  });
});

describe('framing that ignores message boundaries', () => {
  const modes: WriteMode[] = ['bytewise', 'split:3', 'split:7', 'coalesce'];

  it.each(modes)('completes the handshake when the switch writes %s', async (writeMode) => {
    const ports = [makePort(1), makePort(2), makePort(3)];
    const { sw, connected } = await connectSwitch(tc, { writeMode, ports, portDescParts: 2 }, 10_000);
    expect(connected.info.ports).toEqual(ports);
    // Keepalive keeps working in that mode, in both directions.
    const { reply } = await sw.ping(Buffer.from('fragmented'));
    expect(reply.msg).toEqual({ type: 'echo_reply', data: Buffer.from('fragmented') });
  });

  it('handles HELLO and a PACKET_IN in one write, delivering the packet-in after switch.connected', async () => {
    const sw = new FakeSwitch({ port: tc.ofPort, writeMode: 'coalesce', dpid: dpidOf(0xc0) });
    await sw.connect();
    // Same event-loop turn as the HELLO queued by connect(): both leave in one write.
    sw.packetIn(2, Buffer.from('early frame'));
    const pin = await tc.waitForEvent('packet.in');
    expect(pin.dpid).toBe(dpidOf(0xc0));
    expect(pin.msg.data).toEqual(Buffer.from('early frame'));
    const kinds = tc.events.map((e) => e.type);
    expect(kinds.indexOf('switch.connected')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('switch.connected')).toBeLessThan(kinds.indexOf('packet.in'));
  });
});
