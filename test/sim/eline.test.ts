/**
 * Planned circuits on the fake dataplane (house style B9 layer 3): the flows of planCircuit go on
 * fake switches that refuse what Open vSwitch refuses, and frames are traced from UNI to UNI.
 * Expectations are written by hand: `z:100` means "leaves UNI Z with one tag, VID 100",
 * `a:100.300` two tags (outermost first), `z:untagged` no tag; `[]` means dropped.
 */
import type { Dpid } from '../../src/ofp';
import type { FlowSpec } from '../../src/flows/flowspec';
import type { PathHop, Uni, UniTag } from '../../src/eline/model';
import { planCircuit, type PlanInput } from '../../src/eline/plan';
import { FakeNetwork, assertApplied, frame, vids, type FrameInit, type PortRef } from './dataplane';
import { flowMod } from './dataplane/build';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';

const vlan = (vid: number): UniTag => ({ kind: 'vlan', vid });
const UNTAGGED: UniTag = { kind: 'untagged' };
const ANY: UniTag = { kind: 'any' };
const EPL: UniTag = { kind: 'epl' };
const RANGE: UniTag = { kind: 'range', ranges: [[10, 12]] };

const uni = (dpid: Dpid, port: number, tag: UniTag): Uni => ({ interfaceId: `${dpid}:${port}`, tag });

/** s1:2 — s2:2 (S-VID sA) and s2:3 — s3:2 (S-VID sZ), oriented from s1. */
const hops = (sA: number, sZ: number): PathHop[] => [
  { linkId: 'l12', fromA: `${S1}:2`, toZ: `${S2}:2`, sVlan: sA },
  { linkId: 'l23', fromA: `${S2}:3`, toZ: `${S3}:2`, sVlan: sZ },
];

function plan(evcId: string, a: Uni, z: Uni, path: PathHop[], extra: Partial<PlanInput> = {}): FlowSpec[] {
  return planCircuit({ evcId, uniA: a, uniZ: z, hops: path, tables: { evpl: 0, epl: 0 }, ...extra });
}

/** The line of kytos-api.md §2.5: UNIs on port 1 (and 3) of s1 and s3. */
function line(): FakeNetwork {
  const net = new FakeNetwork();
  for (const d of [S1, S2, S3]) net.addSwitch(d, { ports: [1, 2, 3] });
  net.link(S1, 2, S2, 2);
  net.link(S2, 3, S3, 2);
  return net;
}

/** One switch, nothing linked. */
function single(): FakeNetwork {
  const net = new FakeNetwork();
  net.addSwitch(S1, { ports: [1, 2, 3] });
  return net;
}

const install = (net: FakeNetwork, flows: readonly FlowSpec[]): void => assertApplied(net.applySpecs(flows));

/** DELETE_STRICT of each flow, by its own cookie (a switch holding other owners' flows keeps them). */
function remove(net: FakeNetwork, flows: readonly FlowSpec[]): void {
  for (const f of flows) {
    const del = flowMod('delete_strict', { table: f.table, priority: f.priority, match: f.match, cookie: f.cookie, cookieMask: 0xffffffffffffffffn });
    assertApplied(net.apply(f.dpid, del));
  }
}

type Names = Readonly<Record<string, PortRef>>;

/**
 * Sends a frame in at the port named `from` and says where copies leave, as `name:vid.vid`. It also
 * checks what must hold for every frame: no loop, nothing to the controller, no S-tag left on a
 * frame leaving the network, and no switch note other than a table miss (so no ambiguous
 * equal-priority match, and no pop or set on a missing tag).
 */
function send(net: FakeNetwork, names: Names, from: string, vlans: FrameInit['vlans']): string[] {
  const at = names[from];
  if (at === undefined) throw new Error(`no port named ${from}`);
  const t = net.trace(at.dpid, at.port, frame({ vlans }));
  expect([t.looped, t.toController]).toEqual([[], []]);
  expect(t.path.flatMap((h) => h.trace.notes).filter((n) => !/^table \d+: miss, dropped$/.test(n))).toEqual([]);
  for (const d of t.deliveries) expect(d.packet.vlanStack.map((v) => v.tpid).filter((tpid) => tpid !== 0x8100)).toEqual([]);
  const nameOf = (p: PortRef): string => Object.entries(names).find(([, r]) => r.dpid === p.dpid && r.port === p.port)?.[0] ?? `${p.dpid}:${p.port}`;
  return t.deliveries.map((d) => `${nameOf(d)}:${vids(d.packet).join('.') || 'untagged'}`);
}

/** [from, tags of the frame sent, where it leaves]. */
type Probe = readonly [string, FrameInit['vlans'], readonly string[]];

const LINE_UNIS: Names = { a: { dpid: S1, port: 1 }, z: { dpid: S3, port: 1 } };

const INTER: readonly [string, UniTag, UniTag, readonly Probe[]][] = [
  ['100 / 100', vlan(100), vlan(100), [['a', [100], ['z:100']], ['z', [100], ['a:100']], ['a', [200], []], ['a', [101], []], ['a', [], []]]],
  ['100 / 200', vlan(100), vlan(200), [['a', [100], ['z:200']], ['z', [200], ['a:100']], ['a', [200], []], ['z', [100], []], ['a', [], []]]],
  ['100 / untagged', vlan(100), UNTAGGED, [['a', [100], ['z:untagged']], ['z', [], ['a:100']], ['z', [100], []], ['a', [], []]]],
  ['untagged / 100', UNTAGGED, vlan(100), [['a', [], ['z:100']], ['z', [100], ['a:untagged']], ['a', [100], []], ['z', [], []]]],
  ['100 / EPL', vlan(100), EPL, [['a', [100], ['z:100']], ['z', [], ['a:100']], ['z', [300], ['a:100.300']], ['z', [100], ['a:100.100']], ['a', [300], []]]],
  ['EPL / 100', EPL, vlan(100), [['a', [], ['z:100']], ['a', [300], ['z:100.300']], ['z', [100], ['a:100']], ['z', [200], []]]],
  ['100 / any', vlan(100), ANY, [['a', [100], ['z:100']], ['z', [300], ['a:100']], ['z', [300, 5], ['a:100.5']], ['z', [], []], ['a', [300], []]]],
  ['EPL / EPL', EPL, EPL, [['a', [], ['z:untagged']], ['a', [300], ['z:300']], ['z', [5, 6], ['a:5.6']]]],
  ['untagged / untagged', UNTAGGED, UNTAGGED, [['a', [], ['z:untagged']], ['z', [], ['a:untagged']], ['a', [100], []], ['z', [100], []]]],
  ['any / any', ANY, ANY, [['a', [300], ['z:300']], ['z', [400, 5], ['a:400.5']], ['a', [0], ['z:0']], ['a', [], []]]],
  ['any / untagged', ANY, UNTAGGED, [['a', [300], ['z:untagged']], ['a', [300, 5], ['z:5']], ['z', [], ['a:untagged']], ['a', [], []], ['z', [5], []]]],
  ['untagged / EPL', UNTAGGED, EPL, [['a', [], ['z:untagged']], ['z', [7], ['a:7']], ['z', [], ['a:untagged']], ['a', [7], []]]],
  ['any / EPL', ANY, EPL, [['a', [300], ['z:300']], ['z', [], ['a:untagged']], ['z', [7], ['a:7']], ['a', [], []]]],
  ['range [[10,12]]', RANGE, RANGE, [['a', [10], ['z:10']], ['a', [11], ['z:11']], ['a', [12], ['z:12']], ['z', [12], ['a:12']], ['z', [10, 5], ['a:10.5']], ['a', [9], []], ['a', [13], []], ['a', [], []]]],
];

describe('a circuit across s1–s2–s3: frames from UNI to UNI', () => {
  test.each(INTER)('%s', (_name, a, z, probes) => {
    const net = line();
    install(net, plan('1', uni(S1, 1, a), uni(S3, 1, z), hops(101, 102)));
    const got = probes.map(([from, tags]) => [from, tags, send(net, LINE_UNIS, from, tags)]);
    expect(got).toEqual(probes);
  });

  // What crosses s2, as `tpid:vid` outermost first: QinQ under an 802.1ad S-tag, or one 802.1Q tag.
  test.each([
    ['100 / 100: S-tag over the C-tag', vlan(100), vlan(100), 'a', [100], ['88a8:101', '8100:100']],
    ['100 / 200: the one C-tag, rewritten to the S-VID', vlan(100), vlan(200), 'a', [100], ['8100:101']],
    ['100 / untagged, from the untagged UNI: a pushed 802.1Q tag', vlan(100), UNTAGGED, 'z', [], ['8100:102']],
    ['EPL / 100, from the EPL UNI: S-tag over the pushed C-tag 100', EPL, vlan(100), 'a', [], ['88a8:101', '8100:100']],
    ['any / untagged: the customer tag popped, the S-tag pushed', ANY, UNTAGGED, 'a', [300], ['88a8:101']],
  ] as const)('%s', (_name, a, z, from, tags, atS2) => {
    const net = line();
    install(net, plan('1', uni(S1, 1, a), uni(S3, 1, z), hops(101, 102)));
    const at = LINE_UNIS[from] as PortRef;
    const t = net.trace(at.dpid, at.port, frame({ vlans: tags }));
    const s2 = t.path.find((h) => h.dpid === S2);
    expect(s2?.packet.vlanStack.map((v) => `${v.tpid.toString(16)}:${v.vid}`)).toEqual(atS2);
  });

  test('queue_id 3: the frame leaves UNI Z on queue 3', () => {
    const net = line();
    install(net, plan('1', uni(S1, 1, vlan(100)), uni(S3, 1, vlan(100)), hops(101, 102), { queueId: 3 }));
    expect(net.trace(S1, 1, frame({ vlans: [100] })).deliveries.map((d) => [d.dpid, d.port, d.queue])).toEqual([[S3, 1, 3]]);
  });
});

const INTRA_UNIS: Names = { a: { dpid: S1, port: 1 }, z: { dpid: S1, port: 3 } };

const INTRA: readonly [string, UniTag, UniTag, readonly Probe[]][] = [
  ['100 / 100', vlan(100), vlan(100), [['a', [100], ['z:100']], ['z', [100], ['a:100']], ['a', [200], []]]],
  ['100 / 200', vlan(100), vlan(200), [['a', [100], ['z:200']], ['z', [200], ['a:100']], ['z', [100], []]]],
  ['100 / EPL', vlan(100), EPL, [['a', [100], ['z:100']], ['z', [], ['a:100']], ['z', [7], ['a:100.7']], ['a', [7], []]]],
  ['EPL / EPL', EPL, EPL, [['a', [], ['z:untagged']], ['z', [7], ['a:7']]]],
  ['100 / untagged', vlan(100), UNTAGGED, [['a', [100], ['z:untagged']], ['z', [], ['a:100']], ['z', [100], []]]],
  ['untagged / untagged', UNTAGGED, UNTAGGED, [['a', [], ['z:untagged']], ['z', [], ['a:untagged']], ['a', [5], []]]],
  ['100 / any', vlan(100), ANY, [['a', [100], ['z:100']], ['z', [300], ['a:100']], ['z', [], []]]],
  ['any / any', ANY, ANY, [['a', [300], ['z:300']], ['z', [4, 5], ['a:4.5']], ['z', [], []]]],
  ['any / untagged', ANY, UNTAGGED, [['a', [300], ['z:untagged']], ['z', [], ['a:untagged']], ['a', [], []]]],
  ['untagged / EPL', UNTAGGED, EPL, [['a', [], ['z:untagged']], ['z', [7], ['a:7']], ['a', [7], []]]],
  ['any / EPL', ANY, EPL, [['a', [300], ['z:300']], ['z', [], ['a:untagged']], ['a', [], []]]],
  ['range [[10,12]]', RANGE, RANGE, [['a', [11], ['z:11']], ['z', [12], ['a:12']], ['a', [13], []], ['z', [9], []]]],
];

describe('an intra-switch circuit (s1:1 ↔ s1:3)', () => {
  test.each(INTRA)('%s', (_name, a, z, probes) => {
    const net = single();
    install(net, plan('1', uni(S1, 1, a), uni(S1, 3, z), []));
    expect(probes.map(([from, tags]) => [from, tags, send(net, INTRA_UNIS, from, tags)])).toEqual(probes);
  });

  test('both UNIs on s1:1 (VID 100 ↔ VID 200): the frame goes back out of s1:1, translated', () => {
    const net = single();
    install(net, plan('1', uni(S1, 1, vlan(100)), uni(S1, 1, vlan(200)), []));
    const names: Names = { p1: { dpid: S1, port: 1 } };
    expect(send(net, names, 'p1', [100])).toEqual(['p1:200']);
    expect(send(net, names, 'p1', [200])).toEqual(['p1:100']);
    expect(send(net, names, 'p1', [300])).toEqual([]);
  });
});

describe('several circuits on one UNI port', () => {
  // s1:1 carries a VID-100 circuit, an any circuit and an EPL circuit; their far ends are apart.
  const names: Names = { a: { dpid: S1, port: 1 }, z1: { dpid: S3, port: 1 }, z3: { dpid: S3, port: 3 } };
  const vid100 = plan('1', uni(S1, 1, vlan(100)), uni(S3, 1, vlan(100)), hops(101, 102));
  const any = plan('2', uni(S1, 1, ANY), uni(S3, 3, ANY), hops(201, 202));
  const epl = plan('3', uni(S1, 1, EPL), uni(S3, 1, UNTAGGED), hops(301, 302));

  test('a specific VID beats any, which beats EPL; untagged frames fall to EPL', () => {
    const net = line();
    install(net, [...epl, ...any, ...vid100]);
    expect(send(net, names, 'a', [100])).toEqual(['z1:100']);
    expect(send(net, names, 'a', [300])).toEqual(['z3:300']);
    expect(send(net, names, 'a', [0])).toEqual(['z3:0']);
    expect(send(net, names, 'a', [])).toEqual(['z1:untagged']);
    expect(send(net, names, 'z1', [100])).toEqual(['a:100']);
    expect(send(net, names, 'z1', [])).toEqual(['a:untagged']);
    // Without the any circuit, tagged frames other than 100 fall to EPL.
    remove(net, any);
    expect(send(net, names, 'a', [300])).toEqual(['z1:300']);
    expect(send(net, names, 'a', [100])).toEqual(['z1:100']);
  });

  test('the same layering with the epl table group in table 1 (table 0 misses to it)', () => {
    const net = line();
    const tables = { evpl: 0, epl: 1 };
    const miss = (dpid: Dpid): FlowSpec => ({
      dpid, table: 0, priority: 0, match: [], instructions: [{ type: 'goto_table', tableId: 1 }], cookie: 0n, idleTimeout: 0, hardTimeout: 0, flags: 0,
    });
    install(net, [S1, S2, S3].map(miss));
    install(net, plan('1', uni(S1, 1, vlan(100)), uni(S3, 1, vlan(100)), hops(101, 102), { tables }));
    install(net, plan('2', uni(S1, 1, ANY), uni(S3, 3, ANY), hops(201, 202), { tables }));
    const eplFlows = plan('3', uni(S1, 1, EPL), uni(S3, 1, UNTAGGED), hops(301, 302), { tables });
    expect(eplFlows.filter((f) => f.table === 1).map((f) => [f.dpid, f.priority])).toEqual([[S1, 10000]]);
    install(net, eplFlows);
    expect(send(net, names, 'a', [100])).toEqual(['z1:100']);
    expect(send(net, names, 'a', [300])).toEqual(['z3:300']);
    expect(send(net, names, 'a', [])).toEqual(['z1:untagged']);
  });

  test('two circuits on the same two ports with different VIDs do not leak into each other', () => {
    const net = line();
    const one = plan('1', uni(S1, 1, vlan(100)), uni(S3, 1, vlan(100)), hops(101, 102));
    const two = plan('2', uni(S1, 1, vlan(200)), uni(S3, 1, vlan(300)), hops(103, 104));
    install(net, [...one, ...two]);
    const probes: Probe[] = [
      ['a', [100], ['z1:100']],
      ['a', [200], ['z1:300']],
      ['z1', [100], ['a:100']],
      ['z1', [300], ['a:200']],
      ['a', [300], []],
      ['z1', [200], []],
    ];
    expect(probes.map(([from, tags]) => [from, tags, send(net, names, from, tags)])).toEqual(probes);
    remove(net, one);
    expect(send(net, names, 'a', [100])).toEqual([]);
    expect(send(net, names, 'a', [200])).toEqual(['z1:300']);
  });
});

describe('create, re-create and delete', () => {
  /** Another owner's flow and another circuit already on the switches: deleting ours must leave them. */
  function busy(net: FakeNetwork): void {
    install(net, plan('ff', uni(S1, 3, vlan(7)), uni(S3, 3, vlan(7)), hops(7, 7)));
    const lldp = flowMod('add', { priority: 50000, match: [{ field: 'eth_type', value: 0x88cc }], cookie: 0xab00000000000001n });
    for (const d of [S1, S2, S3]) assertApplied(net.apply(d, lldp));
  }

  const cases: [string, () => FakeNetwork, (a: UniTag, z: UniTag) => FlowSpec[], UniTag, UniTag][] = [
    ...INTER.map(([name, a, z]): [string, () => FakeNetwork, (a: UniTag, z: UniTag) => FlowSpec[], UniTag, UniTag] => [
      `path ${name}`, line, (x, y) => plan('1', uni(S1, 1, x), uni(S3, 1, y), hops(101, 102), { queueId: 1 }), a, z,
    ]),
    ...INTRA.map(([name, a, z]): [string, () => FakeNetwork, (a: UniTag, z: UniTag) => FlowSpec[], UniTag, UniTag] => [
      `intra ${name}`, single, (x, y) => plan('1', uni(S1, 1, x), uni(S1, 2, y), [], { sbPriority: 300 }), a, z,
    ]),
  ];

  test.each(cases)('%s: applying twice changes nothing, deleting returns the starting tables', (_name, make, planned, a, z) => {
    const net = make();
    if (make === line) busy(net);
    const start = net.hash();
    const flows = planned(a, z);
    install(net, flows);
    const created = net.hash();
    expect(created).not.toBe(start);
    install(net, flows);
    expect(net.hash()).toBe(created);
    remove(net, flows);
    expect(net.hash()).toBe(start);
  });
});
