/**
 * Intra-switch E-Line circuits (both UNIs on s1) carrying real traffic on Open vSwitch: ring,3 with
 * customer edge e14 on s1 port 4 (hosts a1 and a2) and e15 on s1 port 5 (host b1). For a
 * representative set of tag combinations between s1:4 (a1) and s1:5 (b1), created and deleted
 * through /api/kytos/mef_eline/v2:
 * - a1 and b1 ping each other and exchange UDP;
 * - tcpdump on the edge uplinks shows every frame of one host leaving s1 towards the other with the
 *   tag the other UNI asked for (no S-tag: the frame never leaves s1);
 * - the circuit's flows are on s1 only, and gone from every switch after DELETE.
 * Then both UNIs on one port (s1:4 VID 100 for a1, s1:4 VID 200 for a2): the frame goes back out
 * of the port it came in on, re-tagged. Expectations are written out by hand per combination.
 *
 * Needs root and the lab packages; same gate as ring.test.ts. Every wait polls until a deadline.
 */
import { labGate } from '../support/lab';
import {
  circuitCookie,
  type EdgeVlan,
  type ElineRig,
  flowCounts,
  flowsWithCookie,
  interfaceId,
  removeCircuit,
  setEdgeVlan,
  startElineRig,
  uni,
  watchExchange,
} from '../support/eline-lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

type KytosTag = number | 'untagged' | 'any' | ReadonlyArray<readonly [number, number]>;

interface IntraCase {
  readonly name: string;
  /** UNI A is s1:4 (a1), UNI Z s1:5 (b1); undefined: EPL. */
  readonly tagA: KytosTag | undefined;
  readonly tagZ: KytosTag | undefined;
  readonly edgeA: EdgeVlan;
  readonly edgeZ: EdgeVlan;
  /** a1's frames as s1 hands them to e15; b1's as s1 hands them to e14. */
  readonly atZ: string;
  readonly atA: string;
}

const access = (vid: number): EdgeVlan => ({ kind: 'access', vid });
const untagged: EdgeVlan = { kind: 'untagged' };

const CASES: readonly IntraCase[] = [
  { name: 'EVPL 100/100', tagA: 100, tagZ: 100, edgeA: access(100), edgeZ: access(100), atZ: '0x8100/100', atA: '0x8100/100' },
  { name: 'EVPL translation 100/200', tagA: 100, tagZ: 200, edgeA: access(100), edgeZ: access(200), atZ: '0x8100/200', atA: '0x8100/100' },
  { name: '100/untagged', tagA: 100, tagZ: 'untagged', edgeA: access(100), edgeZ: untagged, atZ: 'untagged', atA: '0x8100/100' },
  { name: 'untagged/untagged', tagA: 'untagged', tagZ: 'untagged', edgeA: untagged, edgeZ: untagged, atZ: 'untagged', atA: 'untagged' },
  { name: 'any/any, hosts tagged 300', tagA: 'any', tagZ: 'any', edgeA: access(300), edgeZ: access(300), atZ: '0x8100/300', atA: '0x8100/300' },
  { name: 'any/100', tagA: 'any', tagZ: 100, edgeA: access(100), edgeZ: access(100), atZ: '0x8100/100', atA: '0x8100/100' },
  { name: 'EPL/EPL, hosts tagged 300', tagA: undefined, tagZ: undefined, edgeA: access(300), edgeZ: access(300), atZ: '0x8100/300', atA: '0x8100/300' },
  // The EPL customer sends untagged and gets b1's frames as UNI Z sent them (tagged 100): its edge is native-untagged.
  { name: 'EPL/100', tagA: undefined, tagZ: 100, edgeA: { kind: 'native', vid: 100 }, edgeZ: access(100), atZ: '0x8100/100', atA: '0x8100/100' },
  { name: 'range [[100,102]], VID 101', tagA: [[100, 102]], tagZ: [[100, 102]], edgeA: access(101), edgeZ: access(101), atZ: '0x8100/101', atA: '0x8100/101' },
];

const timings: string[] = [];

describeLab('E-Line intra-switch circuits (ring,3, both UNIs on s1, in-process controller, REST)', () => {
  let rig: ElineRig | undefined;

  beforeAll(async () => {
    if (gate.kind === 'fail') throw new Error(`the lab cannot run here: ${gate.reason}`);
    rig = await startElineRig({
      topology: 'ring,3',
      edges: [
        {
          name: 'e14',
          switch: 's1',
          port: 4,
          hosts: [
            { name: 'a1', ip: '10.1.0.1/8', mac: '0e:00:00:00:14:01' },
            { name: 'a2', ip: '10.1.0.2/8', mac: '0e:00:00:00:14:02' },
          ],
        },
        { name: 'e15', switch: 's1', port: 5, hosts: [{ name: 'b1', ip: '10.1.0.3/8', mac: '0e:00:00:00:15:01' }] },
      ],
    });
    timings.push(`ring,3 with two edges on s1 up and discovered: ${rig.readyMs} ms`);
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

  it.each(CASES.map((c) => [c.name, c] as const))('%s: traffic both ways through s1 alone, with the expected tags at each UNI', async (_name, c) => {
    const t0 = Date.now();
    const r = started();
    const { lab } = r;
    const [a1, b1] = [r.host('a1'), r.host('b1')];
    const [e14, e15] = [r.edgeOf('a1'), r.edgeOf('b1')];
    await setEdgeVlan(lab, e14, a1, c.edgeA);
    await setEdgeVlan(lab, e15, b1, c.edgeZ);
    const id = await r.circuits.create({ name: `lab intra ${c.name}`, uni_a: uni(interfaceId(lab, 's1', 4), c.tagA), uni_z: uni(interfaceId(lab, 's1', 5), c.tagZ) });
    try {
      const doc = await r.circuits.get(id);
      expect({ active: doc.active, path: doc.current_path }).toEqual({ active: true, path: [] });
      // One flow per direction (per range block for a range: [[100,102]] is 100/4094 and 102).
      const perDirection = Array.isArray(c.tagA) ? 2 : 1;
      expect(await flowCounts(lab, circuitCookie(id))).toEqual({ s1: 2 * perDirection, s2: 0, s3: 0 });
      const seen = await watchExchange(lab, a1, b1, { atZ: { at: e15.uplink.edge_intf, from: a1 }, atA: { at: e14.uplink.edge_intf, from: b1 } });
      expect(seen.exchange).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
      expect(seen.stacks).toEqual({ atZ: [c.atZ], atA: [c.atA] });
    } finally {
      await removeCircuit(r, id);
    }
    timings.push(`intra ${c.name}: ${Date.now() - t0} ms`);
  }, 30_000);

  it('both UNIs on one port (s1:4 VID 100 ↔ s1:4 VID 200): frames go back out of s1:4 re-tagged', async () => {
    const t0 = Date.now();
    const r = started();
    const { lab } = r;
    const [a1, a2] = [r.host('a1'), r.host('a2')];
    const e14 = r.edgeOf('a1');
    await setEdgeVlan(lab, e14, a1, access(100));
    await setEdgeVlan(lab, e14, a2, access(200));
    const id = await r.circuits.create({ name: 'lab intra same port', uni_a: uni(interfaceId(lab, 's1', 4), 100), uni_z: uni(interfaceId(lab, 's1', 4), 200) });
    try {
      // OF1.3.5 4.5: a frame leaves by the port it came in on only through OFPP_IN_PORT.
      const flows = (await flowsWithCookie(lab, ['s1'], circuitCookie(id))).get('s1') ?? [];
      expect(flows.map((f) => `in_port=${f.fields.in_port},dl_vlan=${f.fields.dl_vlan} ${f.actions}`).sort()).toEqual([
        'in_port=4,dl_vlan=100 set_field:4296->vlan_vid,IN_PORT',
        'in_port=4,dl_vlan=200 set_field:4196->vlan_vid,IN_PORT',
      ]);
      const seen = await watchExchange(lab, a1, a2, { fromA1: { at: e14.uplink.edge_intf, from: a1 }, fromA2: { at: e14.uplink.edge_intf, from: a2 } });
      expect(seen.exchange).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
      expect(seen.stacks).toEqual({ fromA1: ['0x8100/200'], fromA2: ['0x8100/100'] });
    } finally {
      await removeCircuit(r, id);
    }
    timings.push(`intra same port 100/200: ${Date.now() - t0} ms`);
  }, 30_000);
});
