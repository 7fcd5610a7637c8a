/** LLDP discovery: what is sent, what each received frame means, the counters and the flood guard. */
import { Discovery, GUARD_BURST, type DiscoveryResult } from '../../../src/topology/discovery';
import { parseAnnotatedHex as hex } from '../../support/vectors';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const SECRET = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
const T0 = 1_700_000_000_000;
const make = (extra: Partial<ConstructorParameters<typeof Discovery>[0]> = {}): Discovery =>
  new Discovery({ secret: SECRET, vlan: 3799, intervalMs: 3_000, ...extra });

/** The frame the discovery `d` sends out of S1 port 1 at `now`. */
function fromS1P1(d: Discovery, now = T0): Buffer {
  const [out] = d.framesFor([{ dpid: S1, portNo: 1, portMac: '02:00:00:00:01:01' }], now);
  if (out === undefined) throw new Error('no frame');
  return out.frame;
}

describe('Discovery.framesFor', () => {
  it('builds one tagged frame per port, stamped with now, and skips reserved ports', () => {
    const d = make();
    const out = d.framesFor(
      [
        { dpid: S1, portNo: 1, portMac: '02:00:00:00:01:01' },
        { dpid: S1, portNo: 0xfffffffe, portMac: '02:00:00:00:01:fe' }, // OFPP_LOCAL
        { dpid: S2, portNo: 7, portMac: '02:00:00:00:02:07' },
      ],
      T0,
    );
    expect(out.map((o) => [o.dpid, o.portNo, o.frame.length])).toEqual([[S1, 1, 72], [S2, 7, 72]]);
    const f = (out[1] as { frame: Buffer }).frame;
    expect(f.subarray(6, 18).toString('hex')).toBe(hex('02 00 00 00 02 07  81 00 0e d7  88 cc').toString('hex'));
    expect(f.subarray(18, 36).toString('hex')).toBe(hex('02 09 07 00 00 00 00 00 00 00 02  04 05 07 00 00 00 07').toString('hex'));
    expect(f.subarray(46, 54).toString('hex')).toBe('0000018bcfe56800'); // sentAt = T0
    expect(d.counters().built).toBe(2);
  });

  it('sends untagged when no VLAN is configured', () => {
    const f = fromS1P1(make({ vlan: undefined }));
    expect(f.length).toBe(68);
    expect(f.subarray(12, 14).toString('hex')).toBe('88cc');
  });
});

describe('Discovery.receive', () => {
  it('reports a link with the receiving port as a and the sender as b', () => {
    const d = make();
    expect(d.receive(S2, 3, fromS1P1(d), T0 + 5)).toEqual({ kind: 'link', a: { dpid: S2, portNo: 3 }, b: { dpid: S1, portNo: 1 } });
  });

  it('reports a loop between two ports of one switch, and a port looped onto itself', () => {
    const d = make();
    expect(d.receive(S1, 2, fromS1P1(d), T0)).toEqual({ kind: 'loop', dpid: S1, ports: [2, 1] });
    expect(d.receive(S1, 1, fromS1P1(d), T0)).toEqual({ kind: 'loop', dpid: S1, ports: [1, 1] });
    expect(d.receive(S1.toUpperCase(), 4, fromS1P1(d), T0)).toMatchObject({ kind: 'loop', ports: [4, 1] });
  });

  it('ignores each kind of unusable frame with its reason', () => {
    const d = make();
    const ipv4 = hex('ff ff ff ff ff ff 02 00 00 00 00 01 08 00 45 00 00 14');
    const kytos = hex(`
      01 80 c2 00 00 0e 02 00 00 00 00 09 81 00 0e d7 88 cc
      02 09 07 00 00 00 00 00 00 00 09  04 05 07 00 00 00 01  06 02 00 78  00 00`);
    const forged = fromS1P1(make({ secret: Buffer.alloc(16, 7) }));
    const results: DiscoveryResult[] = [
      d.receive(S2, 1, ipv4, T0),
      d.receive(S2, 1, kytos, T0),
      d.receive(S2, 1, forged, T0),
      d.receive(S2, 1, fromS1P1(d), T0 + 9_001),
      d.receive(S2, 1, fromS1P1(d).subarray(0, 40), T0),
    ];
    expect(results).toEqual([
      { kind: 'ignored', reason: 'not_lldp' },
      { kind: 'ignored', reason: 'foreign', detail: 'chassis 00:00:00:00:00:00:00:09 port 1' },
      { kind: 'ignored', reason: 'bad_auth' },
      { kind: 'ignored', reason: 'stale', detail: 'age 9001 ms' },
      { kind: 'ignored', reason: 'malformed', detail: expect.any(String) },
    ]);
    expect(d.counters()).toEqual({
      built: 2, // the stale and the cut frame; the forged one came from another instance
      link: 0,
      loop: 0,
      ignored: { not_lldp: 1, foreign: 1, bad_auth: 1, stale: 1, malformed: 1, rate_limited: 0 },
      guardedPorts: 1,
    });
  });

  it('accepts frames up to 3 intervals old by default, following the interval, or a fixed max age', () => {
    const d = make();
    expect(d.maxAgeMs()).toBe(9_000);
    expect(d.receive(S2, 1, fromS1P1(d), T0 + 9_000).kind).toBe('link');
    d.setInterval(1_000);
    expect(d.maxAgeMs()).toBe(3_000);
    expect(d.receive(S2, 1, fromS1P1(d), T0 + 3_000).kind).toBe('link');
    expect(d.receive(S2, 1, fromS1P1(d), T0 + 3_001)).toMatchObject({ kind: 'ignored', reason: 'stale' });
    const fixed = make({ maxAgeMs: 20_000 });
    fixed.setInterval(1_000);
    expect(fixed.maxAgeMs()).toBe(20_000);
  });
});

describe('Discovery flood guard', () => {
  it('lets 16 LLDP frames per port through at once, then one per interval/16', () => {
    expect(GUARD_BURST).toBe(16);
    const d = make({ intervalMs: 3_200 }); // refill: one frame per 200 ms
    const frame = fromS1P1(d);
    const kinds = Array.from({ length: 17 }, () => d.receive(S2, 1, frame, T0).kind);
    expect(kinds).toEqual([...Array<string>(16).fill('link'), 'ignored']);
    expect(d.receive(S2, 1, frame, T0)).toEqual({ kind: 'ignored', reason: 'rate_limited' });
    expect(d.receive(S2, 2, frame, T0).kind).toBe('link'); // another port has its own budget
    expect(d.receive(S2, 1, frame, T0 + 150).kind).toBe('ignored'); // 0.75 of a frame refilled
    // 250 ms later: 0.75 + 1.25 = 2 frames.
    expect([T0 + 400, T0 + 400, T0 + 400].map((t) => d.receive(S2, 1, frame, t).kind)).toEqual(['link', 'link', 'ignored']);
    expect(d.counters().ignored.rate_limited).toBe(4);
  });

  it('charges only LLDP: other traffic on the port does not use up the budget', () => {
    const d = make();
    const ipv4 = hex('ff ff ff ff ff ff 02 00 00 00 00 01 08 00 45 00 00 14');
    for (let i = 0; i < 100; i++) d.receive(S2, 1, ipv4, T0);
    expect(d.receive(S2, 1, fromS1P1(d), T0).kind).toBe('link');
    expect(d.counters().guardedPorts).toBe(1);
  });

  it('keeps at most maxPorts buckets under forged frames from ever new ports, and forgets idle ones first', () => {
    const d = make({ guard: { maxPorts: 8 } });
    const forged = fromS1P1(make({ secret: Buffer.alloc(16, 7) }));
    for (let port = 1; port <= 1_000; port++) {
      d.receive(S2, port, forged, T0);
      expect(d.counters().guardedPorts).toBeLessThanOrEqual(8);
    }
    expect(d.counters().guardedPorts).toBe(8);
    expect(d.counters().ignored.bad_auth).toBe(1_000);
    // An interval later every bucket is idle (full again): a new port clears them all.
    d.receive(S2, 5_000, forged, T0 + 3_000);
    expect(d.counters().guardedPorts).toBe(1);
  });
});

describe('Discovery options', () => {
  it('refuses a short secret, a bad VID, and non-positive times', () => {
    expect(() => make({ secret: Buffer.alloc(15) })).toThrow(RangeError);
    expect(() => make({ vlan: 0 })).toThrow(RangeError);
    expect(() => make({ vlan: 4095 })).toThrow(RangeError);
    expect(() => make({ intervalMs: 0 })).toThrow(RangeError);
    expect(() => make({ maxAgeMs: -1 })).toThrow(RangeError);
    expect(() => make().setInterval(Number.NaN)).toThrow(RangeError);
  });

  it('keeps its own copy of the secret', () => {
    const key = Buffer.from(SECRET);
    const d = make({ secret: key });
    const frame = fromS1P1(d);
    key.fill(0);
    expect(d.receive(S2, 1, frame, T0).kind).toBe('link');
  });
});
