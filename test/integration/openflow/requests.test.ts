/**
 * xid-correlated requests on a live session (SwitchConnection.request / requestMultipart /
 * barrier) and write backpressure, driven through the controller's switch registry.
 */
import { OFPET, OFPMPF, OfpErrorReply, RequestFailed } from '../../../src/ofp';
import type { SwitchConnection } from '../../../src/ofp/connection';
import { connectSwitch, startController, TEST_TIMERS, type TestController } from '../../support/controller';
import { makePort } from '../../support/fake-switch';
import { pollUntil } from '../../support/poll';

jest.setTimeout(20_000);

let tc: TestController;
beforeEach(async () => {
  // Long keepalive: these tests hold replies back on purpose and must not be cut short by echo.
  tc = await startController({ settings: { echoIntervalMs: 10_000, echoTimeoutMs: 10_000 } });
});
afterEach(async () => {
  await tc.stop();
});

function session(dpid: string): SwitchConnection {
  const s = tc.controller.switches.get(dpid);
  if (s === undefined) throw new Error(`no session for ${dpid}`);
  return s;
}

/** Resolves with what the promise rejected with; fails if it resolves. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

it('a request without a reply fails with RequestFailed(timeout) after requestTimeout; the session goes on', async () => {
  const { sw, connected } = await connectSwitch(tc, { ignore: ['barrier_request'] });
  const t0 = Date.now();
  const err = await rejection(session(connected.dpid).barrier());
  expect(err).toBeInstanceOf(RequestFailed);
  expect(err).toMatchObject({ kind: 'timeout', request: 'barrier_request' });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(TEST_TIMERS.requestTimeoutMs - 20);
  // A reply that arrives after the timeout is ignored, and the session still works.
  const late = await sw.waitForType('barrier_request');
  sw.send({ type: 'barrier_reply' }, late.xid);
  const { reply } = await sw.ping(Buffer.from('after timeout'));
  expect(reply.msg.type).toBe('echo_reply');
  expect(session(connected.dpid).isReady).toBe(true);
  expect(tc.eventsOf('switch.disconnected')).toEqual([]);
});

it('an OFPT_ERROR with the request xid rejects with OfpErrorReply carrying the error', async () => {
  const { connected } = await connectSwitch(tc, {
    script: (rx, sw) => {
      if (rx.msg.type !== 'get_config_request') return 'auto';
      // OF1.3.5 7.4.4: the data of an error holds at least 64 bytes of the failed request.
      sw.send({ type: 'error', version: 4, errType: OFPET.BAD_REQUEST, code: 1, data: Buffer.from('04070008', 'hex') }, rx.xid);
      return 'handled';
    },
  });
  const err = await rejection(session(connected.dpid).request({ type: 'get_config_request' }));
  expect(err).toBeInstanceOf(OfpErrorReply);
  const reply = err as OfpErrorReply;
  expect(reply.request).toBe('get_config_request');
  expect(reply.error).toMatchObject({ type: 'error', errType: OFPET.BAD_REQUEST, code: 1 });
  // An error answering a request is the request's, not a switch.error event.
  expect(tc.eventsOf('switch.error')).toEqual([]);
});

it('resolves a request with its reply, matched by xid among interleaved traffic', async () => {
  const { connected } = await connectSwitch(tc, {
    script: (rx, sw) => {
      if (rx.msg.type !== 'get_config_request') return 'auto';
      // Unrelated traffic first, then a reply with another xid, then the real one.
      sw.packetIn(1, Buffer.from('noise'));
      sw.send({ type: 'get_config_reply', flags: 2, missSendLen: 1 }, (rx.xid + 1000) >>> 0);
      sw.send({ type: 'get_config_reply', flags: 0, missSendLen: 0xffff }, rx.xid);
      return 'handled';
    },
  });
  const reply = await session(connected.dpid).request({ type: 'get_config_request' });
  expect(reply).toEqual({ type: 'get_config_reply', flags: 0, missSendLen: 0xffff });
  await tc.waitForEvent('packet.in');
});

it('reassembles a multipart reply sent in parts (OFPMPF_REPLY_MORE) for requestMultipart', async () => {
  const ports = Array.from({ length: 9 }, (_, i) => makePort(i + 1));
  const { sw, connected } = await connectSwitch(tc, { ports, portDescParts: 3 });
  const bodies = await session(connected.dpid).requestMultipart({ type: 'port_desc' });
  expect(bodies.map((b) => b.type)).toEqual(['port_desc', 'port_desc', 'port_desc']);
  expect(bodies.flatMap((b) => (b.type === 'port_desc' ? b.ports : []))).toEqual(ports);
  const requests = sw.received.filter((r) => r.msg.type === 'multipart_request' && r.msg.body.type === 'port_desc');
  expect(requests).toHaveLength(2); // handshake + ours
  expect(OFPMPF.REPLY_MORE).toBe(1);
});

it('an asynchronous message that happens to carry a pending request xid is not taken for its reply', async () => {
  // OVS sends asynchronous messages with xid 0, but nothing in OF1.3.5 forbids any other xid; a
  // PACKET_IN is never a reply to a BARRIER_REQUEST (7.3.8), whatever its xid.
  const { connected } = await connectSwitch(tc, {
    script: (rx, sw) => {
      if (rx.msg.type !== 'barrier_request') return 'auto';
      sw.send({ type: 'packet_in', bufferId: 0xffffffff, totalLen: 3, reason: 'action', tableId: 0, cookie: 0n, match: [], data: Buffer.from('abc') }, rx.xid);
      sw.send({ type: 'barrier_reply' }, rx.xid);
      return 'handled';
    },
  });
  await session(connected.dpid).barrier();
  const pin = await tc.waitForEvent('packet.in', { timeoutMs: 1000 });
  expect(pin.msg.data).toEqual(Buffer.from('abc'));
});

it('a multipart request whose last part never comes times out', async () => {
  const { connected } = await connectSwitch(tc, {
    script: (rx, sw) => {
      if (rx.msg.type !== 'multipart_request' || rx.msg.body.type !== 'table') return 'auto';
      sw.send({ type: 'multipart_reply', flags: OFPMPF.REPLY_MORE, body: { type: 'table', stats: [] } }, rx.xid);
      return 'handled';
    },
  });
  const err = await rejection(session(connected.dpid).requestMultipart({ type: 'table' }));
  expect(err).toMatchObject({ kind: 'timeout', request: 'multipart_request' });
});

it('pending requests fail with RequestFailed(closed) when the switch disconnects', async () => {
  const { sw, connected } = await connectSwitch(tc, { ignore: ['barrier_request'] });
  const pending = rejection(session(connected.dpid).barrier());
  await sw.waitForType('barrier_request');
  await sw.disconnect();
  expect(await pending).toMatchObject({ kind: 'closed', request: 'barrier_request' });
  await tc.waitForEvent('switch.disconnected');
});

describe('write backpressure', () => {
  const HIGH_WATER = 64 * 1024;
  beforeEach(async () => {
    await tc.stop();
    tc = await startController({ settings: { echoIntervalMs: 10_000, echoTimeoutMs: 10_000, writeHighWaterBytes: HIGH_WATER } });
  });

  it('writable turns false while the switch reads nothing, and drained() resolves once it reads again', async () => {
    const { sw, connected } = await connectSwitch(tc);
    const conn = session(connected.dpid);
    expect(conn.writable).toBe(true);
    sw.pause();
    // Fill the kernel buffers on both ends, then the session's own buffer past the high-water mark.
    const payload = Buffer.alloc(16 * 1024, 0xab);
    let sent = 0;
    // Writes of one event-loop turn are corked and reach the kernel on the next turn, so keep
    // filling across turns until the session's buffer stays over the mark (the kernel's are full).
    for (let turn = 0; turn < 500; turn++) {
      while (conn.writable && sent < 100_000) {
        conn.send({ type: 'echo_request', data: payload });
        sent++;
      }
      await new Promise<void>((r) => setImmediate(r));
      if (!conn.writable) break;
    }
    expect(conn.writable).toBe(false);
    expect(conn.isClosed).toBe(false);
    // At least the high-water mark was queued (writes in one event-loop turn are corked into one
    // writev, so the kernel takes its part only on the next turn).
    expect(sent * payload.length).toBeGreaterThanOrEqual(HIGH_WATER);

    let drained = false;
    const waiting = conn.drained().then(() => {
      drained = true;
    });
    // Several event-loop turns: nothing is read, so nothing drains.
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
    expect(drained).toBe(false);
    expect(conn.writable).toBe(false);

    sw.resume();
    await pollUntil(() => drained, { timeoutMs: 10_000, what: 'drained()' });
    await waiting;
    expect(conn.writable).toBe(true);
    // Every message arrived, in order, and the session is intact.
    await pollUntil(() => sw.received.filter((r) => r.msg.type === 'echo_request').length >= sent, {
      timeoutMs: 10_000,
      what: `${sent} echo requests at the switch`,
    });
    await conn.barrier();
    expect(tc.eventsOf('switch.disconnected')).toEqual([]);
  });

  it('drops a switch that reads nothing once 16 × the high-water mark is buffered: write_overflow', async () => {
    const { sw, connected } = await connectSwitch(tc);
    const conn = session(connected.dpid);
    sw.pause();
    const payload = Buffer.alloc(32 * 1024, 0xcd);
    // A sender that ignores `writable` (a bug elsewhere) must not grow the controller's memory without bound.
    for (let i = 0; i < 100_000 && !conn.isClosed; i++) conn.send({ type: 'echo_request', data: payload });
    expect(conn.isClosed).toBe(true);
    const gone = await tc.waitForEvent('switch.disconnected');
    expect(gone.reason.kind).toBe('write_overflow');
    if (gone.reason.kind === 'write_overflow') expect(gone.reason.bufferedBytes).toBeGreaterThan(16 * HIGH_WATER);
    expect(() => conn.send({ type: 'barrier_request' })).toThrow(RequestFailed);
    await expect(conn.drained()).resolves.toBeUndefined();
  });

  it('drained() resolves at once on a writable session', async () => {
    const { connected } = await connectSwitch(tc);
    await session(connected.dpid).drained();
  });
});
