/**
 * E-Line circuits carrying real traffic on Open vSwitch, one UNI tag combination per test, over an
 * inter-switch circuit: ring,3 with customer host a1 behind edge e1 on s1 port 4 (UNI A) and z1
 * behind edge e2 on s2 port 4 (UNI Z); the circuit is created and deleted through
 * /api/kytos/mef_eline/v2 and takes the one-hop path s1:2–s2:3. For each combination:
 * - a1 and z1 ping each other and exchange UDP;
 * - tcpdump on the edge uplinks shows every frame of one host reaching the other's UNI with the tag
 *   that UNI asked for, and on the NNI with the S-VLAN that GET /evc/<id> gives for the link, under
 *   an 802.1ad (0x88a8) outer tag where the customer frame travels whole (QinQ) and as a single
 *   802.1Q tag where the circuit translates (kytos-api.md §2.5 "What the NNI carries");
 * - after DELETE no switch holds a flow with the circuit's cookie.
 * The expectations are written out by hand per combination; `S` stands for the link's S-VLAN. An
 * EPL circuit between the ring's own hosts h1 and h2 holds the link's first S-VLAN meanwhile.
 *
 * Needs root and the lab packages; same gate as ring.test.ts. Every wait polls until a deadline.
 */
import { labGate } from '../support/lab';
import {
  type EdgeVlan,
  type ElineRig,
  interfaceId,
  isEchoRequest,
  kindsFrom,
  ping,
  removeCircuit,
  setEdgeVlan,
  stacksFrom,
  startElineRig,
  uni,
  watchExchange,
  withCaptures,
} from '../support/eline-lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

type KytosTag = number | 'untagged' | 'any' | ReadonlyArray<readonly [number, number]>;

/** One tag combination: the UNIs' tags, how the edges present each host, and the tag stacks expected where the frames arrive. */
interface TagCase {
  readonly name: string;
  /** undefined: EPL (no tag). */
  readonly tagA: KytosTag | undefined;
  readonly tagZ: KytosTag | undefined;
  readonly edgeA: EdgeVlan;
  readonly edgeZ: EdgeVlan;
  /** Frames of a1 as s2 hands them to e2 (UNI Z's link). */
  readonly atZ: string;
  /** Frames of z1 as s1 hands them to e1 (UNI A's link). */
  readonly atA: string;
  /** Frames of either host on the NNI s1:2–s2:3, `S` for the S-VLAN. */
  readonly nni: string;
}

const access = (vid: number): EdgeVlan => ({ kind: 'access', vid });
const untagged: EdgeVlan = { kind: 'untagged' };

const CASES: readonly TagCase[] = [
  { name: 'EVPL 100/100', tagA: 100, tagZ: 100, edgeA: access(100), edgeZ: access(100), atZ: '0x8100/100', atA: '0x8100/100', nni: '0x88a8/S 0x8100/100' },
  { name: 'EVPL translation 100/200', tagA: 100, tagZ: 200, edgeA: access(100), edgeZ: access(200), atZ: '0x8100/200', atA: '0x8100/100', nni: '0x8100/S' },
  { name: 'untagged/untagged', tagA: 'untagged', tagZ: 'untagged', edgeA: untagged, edgeZ: untagged, atZ: 'untagged', atA: 'untagged', nni: '0x88a8/S' },
  { name: '100/untagged', tagA: 100, tagZ: 'untagged', edgeA: access(100), edgeZ: untagged, atZ: 'untagged', atA: '0x8100/100', nni: '0x8100/S' },
  { name: 'any/any, hosts tagged 300', tagA: 'any', tagZ: 'any', edgeA: access(300), edgeZ: access(300), atZ: '0x8100/300', atA: '0x8100/300', nni: '0x88a8/S 0x8100/300' },
  { name: 'any/100', tagA: 'any', tagZ: 100, edgeA: access(100), edgeZ: access(100), atZ: '0x8100/100', atA: '0x8100/100', nni: '0x88a8/S 0x8100/100' },
  { name: 'EPL/EPL, hosts tagged 300', tagA: undefined, tagZ: undefined, edgeA: access(300), edgeZ: access(300), atZ: '0x8100/300', atA: '0x8100/300', nni: '0x88a8/S 0x8100/300' },
  // The EPL customer sends untagged and gets z1's frames as UNI Z sent them (tagged 100): its edge is native-untagged.
  { name: 'EPL/100', tagA: undefined, tagZ: 100, edgeA: { kind: 'native', vid: 100 }, edgeZ: access(100), atZ: '0x8100/100', atA: '0x8100/100', nni: '0x88a8/S 0x8100/100' },
  { name: 'range [[100,102]], VID 100', tagA: [[100, 102]], tagZ: [[100, 102]], edgeA: access(100), edgeZ: access(100), atZ: '0x8100/100', atA: '0x8100/100', nni: '0x88a8/S 0x8100/100' },
  { name: 'range [[100,102]], VID 102', tagA: [[100, 102]], tagZ: [[100, 102]], edgeA: access(102), edgeZ: access(102), atZ: '0x8100/102', atA: '0x8100/102', nni: '0x88a8/S 0x8100/102' },
];

const timings: string[] = [];

describeLab('E-Line tag combinations over an inter-switch circuit (ring,3, in-process controller, REST)', () => {
  let rig: ElineRig | undefined;

  beforeAll(async () => {
    if (gate.kind === 'fail') throw new Error(`the lab cannot run here: ${gate.reason}`);
    rig = await startElineRig({
      topology: 'ring,3',
      edges: [
        { name: 'e1', switch: 's1', port: 4, hosts: [{ name: 'a1', ip: '10.1.0.1/8', mac: '0e:00:00:00:01:01' }] },
        { name: 'e2', switch: 's2', port: 4, hosts: [{ name: 'z1', ip: '10.1.0.2/8', mac: '0e:00:00:00:02:01' }] },
      ],
    });
    timings.push(`ring,3 with two edges up and discovered: ${rig.readyMs} ms`);
    // An EPL circuit between the ring's own hosts h1 (s1:1) and h2 (s2:1) holds the lowest S-VLAN of
    // s1:2–s2:3 throughout, so the circuits under test get another one than the first of the pool.
    const { lab } = rig;
    await rig.circuits.create({ name: 'lab anchor', dynamic_backup_path: true, uni_a: uni(interfaceId(lab, 's1', 1)), uni_z: uni(interfaceId(lab, 's2', 1)) });
  }, 60_000);

  afterAll(async () => {
    // Runs after a failure too: nothing the tests started may outlive them.
    await rig?.stop();
    if (timings.length > 0) process.stderr.write(`\n${__filename}:\n${timings.map((t) => `  ${t}`).join('\n')}\n`);
  }, 60_000);

  const started = (): ElineRig => {
    if (rig === undefined) throw new Error('the lab did not start');
    return rig;
  };

  /** Creates the circuit, checks traffic and captures, deletes it and checks the switches are clean; resolves with the S-VLAN. */
  async function runCase(c: TagCase): Promise<number> {
    const r = started();
    const { lab } = r;
    const [a1, z1] = [r.host('a1'), r.host('z1')];
    const [e1, e2] = [r.edgeOf('a1'), r.edgeOf('z1')];
    await setEdgeVlan(lab, e1, a1, c.edgeA);
    await setEdgeVlan(lab, e2, z1, c.edgeZ);
    const id = await r.circuits.create({
      name: `lab ${c.name}`,
      dynamic_backup_path: true,
      uni_a: uni(interfaceId(lab, 's1', 4), c.tagA),
      uni_z: uni(interfaceId(lab, 's2', 4), c.tagZ),
    });
    try {
      const doc = await r.circuits.get(id);
      expect({ active: doc.active, path: doc.current_path.map((l) => `${l.endpoint_a.id}-${l.endpoint_b.id}`) }).toEqual({
        active: true,
        path: ['00:00:00:00:00:00:00:01:2-00:00:00:00:00:00:00:02:3'],
      });
      const sVlan = doc.current_path[0]?.metadata.s_vlan?.value;
      if (sVlan === undefined) throw new Error(`no s_vlan on the path of ${id}: ${JSON.stringify(doc.current_path)}`);
      // a1's frames arrive at e2's uplink and at s2's NNI port; z1's at e1's uplink and s1's NNI port.
      const seen = await watchExchange(lab, a1, z1, {
        atZ: { at: e2.uplink.edge_intf, from: a1 },
        nniAZ: { at: 's2-eth3', from: a1 },
        atA: { at: e1.uplink.edge_intf, from: z1 },
        nniZA: { at: 's1-eth2', from: z1 },
      });
      expect(seen.exchange).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
      const nni = c.nni.replace('S', String(sVlan));
      expect(seen.stacks).toEqual({ atZ: [c.atZ], nniAZ: [nni], atA: [c.atA], nniZA: [nni] });
      // The frames are the customers' own: echo requests and UDP both ways.
      expect(seen.frames.atZ.some((f) => isEchoRequest(f, a1.ip, z1.ip))).toBe(true);
      expect(seen.frames.atA.some((f) => isEchoRequest(f, z1.ip, a1.ip))).toBe(true);
      expect(kindsFrom(seen.frames.atZ, a1.mac)).toEqual(expect.arrayContaining(['icmp', 'udp']));
      return sVlan;
    } finally {
      await removeCircuit(r, id);
    }
  }

  it.each(CASES.map((c) => [c.name, c] as const))('%s: traffic both ways, the expected tags at the far UNI and on the NNI', async (_name, c) => {
    const t0 = Date.now();
    const sVlan = await runCase(c);
    timings.push(`${c.name}: ${Date.now() - t0} ms (S-VLAN ${sVlan})`);
  }, 30_000);

  it('any/100: a frame sent with VID 300 leaves UNI Z as VID 100, and z1 answers with VID 100 that a1 (on VID 300) never gets', async () => {
    const r = started();
    const { lab } = r;
    const [a1, z1] = [r.host('a1'), r.host('z1')];
    const [e1, e2] = [r.edgeOf('a1'), r.edgeOf('z1')];
    await setEdgeVlan(lab, e1, a1, access(300));
    await setEdgeVlan(lab, e2, z1, access(100));
    const id = await r.circuits.create({ name: 'lab any/100 rewrite', dynamic_backup_path: true, uni_a: uni(interfaceId(lab, 's1', 4), 'any'), uni_z: uni(interfaceId(lab, 's2', 4), 100) });
    try {
      // s1-eth4 receives what e1 sends into UNI A; e2's uplink what s2 sends out of UNI Z; e1's what s1 sends back.
      const [intoA, atZ, atA] = await withCaptures(lab, ['s1-eth4', e2.uplink.edge_intf, e1.uplink.edge_intf], async (caps) => {
        // a1 still knows z1's MAC from the cases before, or learns nothing: either way its echoes go out; no reply comes back.
        expect(await ping(lab, 'a1', 'z1', 2, 0.5)).toBe(0);
        await caps[1]!.waitFor((f) => f.src === a1.mac, 'a frame from a1');
        await caps[2]!.waitFor((f) => f.src === z1.mac, 'a frame from z1');
      });
      expect({ intoA: stacksFrom(intoA!, a1.mac), atZ: stacksFrom(atZ!, a1.mac), atA: stacksFrom(atA!, z1.mac) }).toEqual({
        intoA: ['0x8100/300'],
        atZ: ['0x8100/100'],
        atA: ['0x8100/100'],
      });
    } finally {
      await removeCircuit(r, id);
    }
  }, 30_000);

  it('range [[100,102]]: a VID outside the range (103) does not cross', async () => {
    const r = started();
    const { lab } = r;
    const [a1, z1] = [r.host('a1'), r.host('z1')];
    await setEdgeVlan(lab, r.edgeOf('a1'), a1, access(103));
    await setEdgeVlan(lab, r.edgeOf('z1'), z1, access(103));
    const range = [[100, 102]] as const;
    const id = await r.circuits.create({ name: 'lab range 103', dynamic_backup_path: true, uni_a: uni(interfaceId(lab, 's1', 4), range), uni_z: uni(interfaceId(lab, 's2', 4), range) });
    try {
      const [atZ] = await withCaptures(lab, [r.edgeOf('z1').uplink.edge_intf, 's1-eth4'], async (caps) => {
        expect(await ping(lab, 'a1', 'z1', 2, 0.5)).toBe(0);
        // a1's frames did reach UNI A: the circuit, not the edge, stops them.
        await caps[1]!.waitFor((f) => f.src === a1.mac, 'a frame from a1 into UNI A');
      });
      expect(atZ!.filter((f) => f.src === a1.mac)).toEqual([]);
    } finally {
      await removeCircuit(r, id);
    }
  }, 30_000);
});
