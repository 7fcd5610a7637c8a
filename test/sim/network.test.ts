/**
 * Frames across several fake switches: where they leave the network and with which tags, written
 * out by hand as `dpid:port:vid.vid` (outermost tag first).
 */
import { OFPTT, type Match } from '../../src/ofp';
import { ownedCookie, type FlowSpec } from '../../src/flows/flowspec';
import { FakeNetwork, assertApplied, deliveriesText, frame, type FlowMod } from './dataplane';
import { applyActions, bucket, flowMod, gotoTable, group, groupMod, output, popVlan, pushVlan, setVlanVid, writeMetadata } from './dataplane/build';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';
const S4 = '00:00:00:00:00:00:00:04';
const inPort = (p: number): Match[number] => ({ field: 'in_port', value: p });
const vlan = (wire: number, mask?: number): Match[number] => (mask === undefined ? { field: 'vlan_vid', value: wire } : { field: 'vlan_vid', value: wire, mask });

/** s1:2 — s2:2, s2:3 — s3:2; UNIs at s1:1 and s3:1 (the layout of kytos-api.md §2.5). */
function line(): FakeNetwork {
  const net = new FakeNetwork();
  for (const d of [S1, S2, S3]) net.addSwitch(d, { ports: [1, 2, 3] });
  net.link(S1, 2, S2, 2);
  net.link(S2, 3, S3, 2);
  return net;
}

const COOKIE = ownedCookie('mef_eline', 0x1n);
const spec = (dpid: string, priority: number, match: Match, ...actions: Parameters<typeof applyActions>): FlowSpec => ({
  dpid, table: 0, priority, match, instructions: [applyActions(...actions)], cookie: COOKIE, idleTimeout: 0, hardTimeout: 0, flags: 0,
});

/**
 * A circuit from C-tag 100 at s1:1 to C-tag 200 at s3:1 with S-VLANs 101 (s1–s2) and 102 (s2–s3):
 * the customer tag is translated at ingress, an S-tag is pushed, swapped in transit and popped at egress.
 */
const CIRCUIT: readonly FlowSpec[] = [
  spec(S1, 20000, [inPort(1), vlan(0x1064)], setVlanVid(0x10c8), pushVlan(0x88a8), setVlanVid(0x1065), output(2)),
  spec(S1, 20000, [inPort(2), vlan(0x1065)], popVlan, output(1)),
  spec(S2, 20000, [inPort(2), vlan(0x1065)], setVlanVid(0x1066), output(3)),
  spec(S2, 20000, [inPort(3), vlan(0x1066)], setVlanVid(0x1065), output(2)),
  spec(S3, 20000, [inPort(1), vlan(0x10c8)], setVlanVid(0x1064), pushVlan(0x88a8), setVlanVid(0x1066), output(2)),
  spec(S3, 20000, [inPort(2), vlan(0x1066)], popVlan, output(1)),
];

describe('a circuit across a line of three switches', () => {
  test('C-tag 100 entering s1:1 leaves s3:1 with C-tag 200, QinQ on the way', () => {
    const net = line();
    assertApplied(net.applySpecs(CIRCUIT));
    const t = net.trace(S1, 1, frame({ vlans: [100] }));
    expect(deliveriesText(t.deliveries)).toEqual([`${S3}:1:200`]);
    expect(t.deliveries[0]?.packet.vlanStack).toEqual([{ tpid: 0x8100, vid: 200, pcp: 0 }]);
    expect(t.path.map((h) => `${h.dpid}:${h.inPort}:${h.packet.vlanStack.map((v) => v.vid).join('.')}`)).toEqual([
      `${S1}:1:100`,
      `${S2}:2:101.200`,
      `${S3}:2:102.200`,
    ]);
    expect(t.path[1]?.packet.vlanStack[0]?.tpid).toBe(0x88a8);
    expect([t.toController, t.looped]).toEqual([[], []]);
  });

  test('and back: C-tag 200 entering s3:1 leaves s1:1 with C-tag 100', () => {
    const net = line();
    assertApplied(net.applySpecs(CIRCUIT));
    expect(deliveriesText(net.trace(S3, 1, frame({ vlans: [200] })).deliveries)).toEqual([`${S1}:1:100`]);
  });

  test('other tags and untagged frames go nowhere', () => {
    const net = line();
    assertApplied(net.applySpecs(CIRCUIT));
    expect(net.trace(S1, 1, frame({ vlans: [101] })).deliveries).toEqual([]);
    expect(net.trace(S1, 1, frame()).deliveries).toEqual([]);
  });

  test('a pop then set in one flow is refused (OVS checks the match), so the egress translates in a second table', () => {
    const net = line();
    const popThenSet = spec(S3, 20000, [inPort(2), vlan(0x1066)], popVlan, setVlanVid(0x10c8), output(1));
    expect(net.applySpecs([popThenSet])).toEqual([
      { ok: false, error: { type: 'BAD_ACTION', code: 'MATCH_INCONSISTENT', detail: 'set_field vlan_vid without a VLAN tag guaranteed by the match' } },
    ]);
    const egress: FlowMod[] = [
      flowMod('add', { priority: 20000, match: [inPort(2), vlan(0x1066)], instructions: [applyActions(popVlan), writeMetadata(0x1n, 0xffn), gotoTable(1)] }),
      flowMod('add', {
        table: 1,
        priority: 20000,
        match: [{ field: 'metadata', value: 0x1n, mask: 0xffn }, vlan(0x1064)],
        instructions: [applyActions(setVlanVid(0x10c8), output(1))],
      }),
    ];
    for (const m of egress) assertApplied(net.apply(S3, m));
    // This time s1 keeps C-tag 100 under the S-tag; the translation to 200 happens at s3.
    const ingress = spec(S1, 20000, [inPort(1), vlan(0x1064)], pushVlan(0x88a8), setVlanVid(0x1065), output(2));
    assertApplied(net.applySpecs([ingress, ...CIRCUIT.filter((f) => f.dpid === S2)]));
    const t = net.trace(S1, 1, frame({ vlans: [{ vid: 100, pcp: 5 }] }));
    expect(deliveriesText(t.deliveries)).toEqual([`${S3}:1:200`]);
    expect(t.deliveries[0]?.packet.vlanStack).toEqual([{ tpid: 0x8100, vid: 200, pcp: 5 }]);
    expect(t.path[2]?.trace.hits.map((h) => h.table)).toEqual([0, 1]);
  });
});

describe('idempotency and revert (Faucet update_and_revert_config)', () => {
  test('applying the same flows twice gives the same hash', () => {
    const net = line();
    assertApplied(net.applySpecs(CIRCUIT));
    const once = net.hash();
    assertApplied(net.applySpecs(CIRCUIT));
    expect(net.hash()).toBe(once);
  });

  test('the hash does not depend on the order of installation', () => {
    const a = line();
    const b = line();
    assertApplied(a.applySpecs(CIRCUIT));
    assertApplied(b.applySpecs([...CIRCUIT].reverse()));
    expect(b.hash()).toBe(a.hash());
  });

  test('create then delete by the circuit cookie returns every table to its starting hash', () => {
    const net = line();
    const lldp = flowMod('add', {
      priority: 50000,
      cookie: ownedCookie('of_lldp', 1n),
      match: [{ field: 'eth_type', value: 0x88cc }],
      instructions: [applyActions(output(0xfffffffd))],
    });
    for (const d of [S1, S2, S3]) assertApplied(net.apply(d, lldp));
    const start = net.hash();
    assertApplied(net.applySpecs(CIRCUIT));
    expect(net.hash()).not.toBe(start);
    const remove = flowMod('delete', { table: OFPTT.ALL, cookie: COOKIE, cookieMask: 0xffffffffffffffffn });
    for (const d of [S1, S2, S3]) assertApplied(net.apply(d, remove));
    expect(net.hash()).toBe(start);
    expect(net.switch(S2).dump()).toEqual([
      'table=0 priority=50000 cookie=0xab00000000000001 eth_type=0x88cc actions=apply_actions(output:CONTROLLER)',
    ]);
  });

  test('flows() gives back FlowSpecs equal to those installed', () => {
    const net = line();
    assertApplied(net.applySpecs(CIRCUIT));
    expect(net.switch(S2).flows()).toEqual([CIRCUIT[2], CIRCUIT[3]]);
  });
});

describe('the network walk', () => {
  test('a frame sent to the controller is reported apart from edge deliveries', () => {
    const net = line();
    assertApplied(net.apply(S2, flowMod('add', { match: [inPort(2)], instructions: [applyActions(output(0xfffffffd), output(1))] })));
    assertApplied(net.apply(S1, flowMod('add', { match: [inPort(1)], instructions: [applyActions(output(2))] })));
    const t = net.trace(S1, 1, frame());
    expect(deliveriesText(t.toController)).toEqual([`${S2}:4294967293:untagged`]);
    expect(deliveriesText(t.deliveries)).toEqual([`${S2}:1:untagged`]);
  });

  test('a forwarding loop is cut at the hop limit', () => {
    const net = line();
    assertApplied(net.apply(S1, flowMod('add', { match: [inPort(2)], instructions: [applyActions(output(0xfffffff8))] })));
    assertApplied(net.apply(S1, flowMod('add', { match: [inPort(1)], instructions: [applyActions(output(2))] })));
    assertApplied(net.apply(S2, flowMod('add', { match: [inPort(2)], instructions: [applyActions(output(0xfffffff8))] })));
    const t = net.trace(S1, 1, frame(), { maxHops: 5 });
    expect(t.path.map((h) => h.dpid)).toEqual([S1, S2, S1, S2, S1]);
    expect(deliveriesText(t.looped)).toEqual([`${S2}:2:untagged`]);
    expect(t.deliveries).toEqual([]);
  });

  test('a flood reaches every edge port once, and a dead link carries nothing', () => {
    const net = line();
    for (const d of [S1, S2, S3]) assertApplied(net.apply(d, flowMod('add', { instructions: [applyActions(output(0xfffffffb))] })));
    expect(deliveriesText(net.trace(S1, 1, frame()).deliveries)).toEqual([`${S1}:3:untagged`, `${S2}:1:untagged`, `${S3}:1:untagged`, `${S3}:3:untagged`]);
    net.setLinkLive(S2, 3, false);
    expect(deliveriesText(net.trace(S1, 1, frame()).deliveries)).toEqual([`${S1}:3:untagged`, `${S2}:1:untagged`]);
    // Only the receiving end down (a one-sided fault): s1 still sends, s2 receives nothing.
    net.setLinkLive(S2, 3, true);
    net.switch(S2).setPortLive(2, false);
    expect(deliveriesText(net.trace(S1, 1, frame()).deliveries)).toEqual([`${S1}:3:untagged`]);
  });
});

describe('fast-failover protection', () => {
  /** s1 reaches s3 directly (s1:2–s3:2) or through s4 (s1:3–s4:1, s4:2–s3:3); the ff group watches the direct port. */
  function ring(): FakeNetwork {
    const net = new FakeNetwork();
    for (const d of [S1, S3, S4]) net.addSwitch(d);
    net.link(S1, 2, S3, 2);
    net.link(S1, 3, S4, 1);
    net.link(S4, 2, S3, 3);
    const mods: [string, FlowMod | ReturnType<typeof groupMod>][] = [
      [S1, groupMod('add', 1, 'ff', [bucket([setVlanVid(0x1065), output(2)], { port: 2 }), bucket([setVlanVid(0x1067), output(3)], { port: 3 })])],
      [S1, flowMod('add', { match: [inPort(1), vlan(0x1064)], instructions: [applyActions(pushVlan(0x88a8), group(1))] })],
      [S4, flowMod('add', { match: [inPort(1), vlan(0x1067)], instructions: [applyActions(setVlanVid(0x1068), output(2))] })],
      [S3, flowMod('add', { match: [inPort(2), vlan(0x1065)], instructions: [applyActions(popVlan, output(1))] })],
      [S3, flowMod('add', { match: [inPort(3), vlan(0x1068)], instructions: [applyActions(popVlan, output(1))] })],
    ];
    for (const [d, m] of mods) assertApplied(net.apply(d, m));
    return net;
  }

  test('the primary path while its port is up', () => {
    const t = ring().trace(S1, 1, frame({ vlans: [100] }));
    expect(deliveriesText(t.deliveries)).toEqual([`${S3}:1:100`]);
    expect(t.path.map((h) => h.dpid)).toEqual([S1, S3]);
  });

  test('the backup path once the watched port goes down, and back when it returns', () => {
    const net = ring();
    net.setLinkLive(S1, 2, false);
    const t = net.trace(S1, 1, frame({ vlans: [100] }));
    expect(deliveriesText(t.deliveries)).toEqual([`${S3}:1:100`]);
    expect(t.path.map((h) => `${h.dpid}:${h.inPort}:${h.packet.vlanStack.map((v) => v.vid).join('.')}`)).toEqual([
      `${S1}:1:100`,
      `${S4}:1:103.100`,
      `${S3}:3:104.100`,
    ]);
    net.setLinkLive(S1, 2, true);
    expect(net.trace(S1, 1, frame({ vlans: [100] })).path.map((h) => h.dpid)).toEqual([S1, S3]);
  });
});
