/**
 * E-Line circuits with a static primary path follow it on Open vSwitch: ring,4 (s1:2–s2:3,
 * s2:2–s3:3, s3:2–s4:3, s4:2–s1:3) with customer host a1 behind edge e14 on s1 port 4, b1 behind
 * e24 on s2 port 4 and c1 behind e34 on s3 port 4, circuits created through
 * /api/kytos/mef_eline/v2 with `primary_path` and no dynamic paths.
 * - a1–b1 the long way round (s1→s4→s3→s2) although s1 and s2 are neighbours: GET shows that path
 *   with an S-VLAN per hop, every switch holds the circuit's flows on exactly the path's ports, a
 *   capture on each hop sees a1's frames with that hop's S-VLAN, and the direct link none.
 * - a1–c1 over s1→s4→s3: the flows are on s1, s4 and s3 only, the traffic crosses s4, and s2 sees
 *   none of it.
 * An EPL circuit between the ring's own hosts h3 and h4 holds S-VLAN 1 of s3:2–s4:3 meanwhile, so
 * the S-VLAN changes from hop to hop on both paths (rewritten by the transit flows on s4 and s3).
 *
 * Needs root and the lab packages; same gate as ring.test.ts. Every wait polls until a deadline.
 */
import { labGate, endpointKey } from '../support/lab';
import { circuitCookie, type ElineRig, flowCounts, flowsWithCookie, interfaceId, removeCircuit, startElineRig, uni, watchExchange } from '../support/eline-lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

const timings: string[] = [];

const dpid = (k: number): string => `00:00:00:00:00:00:00:0${k}`;
/** A path link of a create body, from switch a's port to switch b's. */
const hop = (a: number, pa: number, b: number, pb: number): Record<string, unknown> => ({ endpoint_a: { id: `${dpid(a)}:${pa}` }, endpoint_b: { id: `${dpid(b)}:${pb}` } });
/** The same link as an unordered endpoint key, to compare with what GET returns. */
const key = (a: number, pa: number, b: number, pb: number): string => endpointKey(`${dpid(a)}:${pa}`, `${dpid(b)}:${pb}`);

describeLab('E-Line circuits on a static primary path (ring,4, in-process controller, REST)', () => {
  let rig: ElineRig | undefined;

  beforeAll(async () => {
    if (gate.kind === 'fail') throw new Error(`the lab cannot run here: ${gate.reason}`);
    rig = await startElineRig({
      topology: 'ring,4',
      edges: [
        { name: 'e14', switch: 's1', port: 4, hosts: [{ name: 'a1', ip: '10.1.0.1/8', mac: '0e:00:00:00:14:01', tag: 100 }] },
        { name: 'e24', switch: 's2', port: 4, hosts: [{ name: 'b1', ip: '10.1.0.2/8', mac: '0e:00:00:00:24:01', tag: 100 }] },
        { name: 'e34', switch: 's3', port: 4, hosts: [{ name: 'c1', ip: '10.1.0.3/8', mac: '0e:00:00:00:34:01', tag: 100 }] },
      ],
    });
    timings.push(`ring,4 with three edges up and discovered: ${rig.readyMs} ms`);
    // An EPL circuit between the ring's own hosts h3 (s3:1) and h4 (s4:1) holds S-VLAN 1 of
    // s3:2–s4:3 throughout, so a path through that link changes S-VLAN at both its ends.
    const { lab } = rig;
    await rig.circuits.create({ name: 'lab anchor', dynamic_backup_path: true, uni_a: uni(interfaceId(lab, 's3', 1)), uni_z: uni(interfaceId(lab, 's4', 1)) });
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

  it('a1–b1 the long way round (s1→s4→s3→s2): flows on the path ports, each hop carries its S-VLAN, the direct link nothing', async () => {
    const t0 = Date.now();
    const r = started();
    const { lab } = r;
    const [a1, b1] = [r.host('a1'), r.host('b1')];
    const id = await r.circuits.create({
      name: 'lab long way',
      dynamic_backup_path: false,
      uni_a: uni(interfaceId(lab, 's1', 4), 100),
      uni_z: uni(interfaceId(lab, 's2', 4), 100),
      primary_path: [hop(1, 3, 4, 2), hop(4, 3, 3, 2), hop(3, 3, 2, 2)],
    });
    try {
      const doc = await r.circuits.get(id);
      expect(doc.active).toBe(true);
      expect(doc.current_path.map((l) => endpointKey(l.endpoint_a.id, l.endpoint_b.id))).toEqual([key(1, 3, 4, 2), key(4, 3, 3, 2), key(3, 3, 2, 2)]);
      // Each hop takes the lowest VID free at both its ends (kytos-api.md §2.3); the anchor holds 1 on s4–s3.
      const sVlans = doc.current_path.map((l) => l.metadata.s_vlan?.value);
      expect(sVlans).toEqual([1, 2, 1]);

      // Every switch of the ring is on this path; each uses exactly the path's ports (s1 never its port 2 to s2).
      const flows = await flowsWithCookie(lab, ['s1', 's2', 's3', 's4'], circuitCookie(id));
      const inPorts = Object.fromEntries([...flows].map(([sw, fs]) => [sw, fs.map((f) => `in_port=${f.fields.in_port}`).sort()]));
      expect(inPorts).toEqual({
        s1: ['in_port=3', 'in_port=4'],
        s4: ['in_port=2', 'in_port=3'],
        s3: ['in_port=2', 'in_port=3'],
        s2: ['in_port=2', 'in_port=4'],
      });
      const outPorts = Object.fromEntries([...flows].map(([sw, fs]) => [sw, fs.map((f) => /output:(\d+)$/.exec(f.actions)?.[1]).sort()]));
      expect(outPorts).toEqual({ s1: ['3', '4'], s4: ['2', '3'], s3: ['2', '3'], s2: ['2', '4'] });

      // a1's frames arrive at s4:2 (hop 1), s3:2 (hop 2) and s2:2 (hop 3), b1's at s3:3 (hop 3 back);
      // the direct link s1:2–s2:3 carries neither host's frames in either direction.
      const seen = await watchExchange(lab, a1, b1, {
        hop1: { at: 's4-eth2', from: a1 },
        hop2: { at: 's3-eth2', from: a1 },
        hop3: { at: 's2-eth2', from: a1 },
        back3: { at: 's3-eth3', from: b1 },
        directAZ: { at: 's2-eth3', from: a1, quiet: true },
        directZA: { at: 's1-eth2', from: b1, quiet: true },
      });
      expect(seen.exchange).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
      expect(seen.stacks).toEqual({
        hop1: [`0x88a8/${sVlans[0]} 0x8100/100`],
        hop2: [`0x88a8/${sVlans[1]} 0x8100/100`],
        hop3: [`0x88a8/${sVlans[2]} 0x8100/100`],
        back3: [`0x88a8/${sVlans[2]} 0x8100/100`],
        directAZ: [],
        directZA: [],
      });
    } finally {
      await removeCircuit(r, id);
    }
    timings.push(`static long way s1→s4→s3→s2: ${Date.now() - t0} ms`);
  }, 30_000);

  it('a1–c1 over s1→s4→s3: flows on those three switches only, traffic through s4, none through s2', async () => {
    const t0 = Date.now();
    const r = started();
    const { lab } = r;
    const [a1, c1] = [r.host('a1'), r.host('c1')];
    const id = await r.circuits.create({
      name: 'lab via s4',
      dynamic_backup_path: false,
      uni_a: uni(interfaceId(lab, 's1', 4), 100),
      uni_z: uni(interfaceId(lab, 's3', 4), 100),
      primary_path: [hop(1, 3, 4, 2), hop(4, 3, 3, 2)],
    });
    try {
      const doc = await r.circuits.get(id);
      expect(doc.current_path.map((l) => endpointKey(l.endpoint_a.id, l.endpoint_b.id))).toEqual([key(1, 3, 4, 2), key(4, 3, 3, 2)]);
      const sVlans = doc.current_path.map((l) => l.metadata.s_vlan?.value);
      expect(sVlans).toEqual([1, 2]);
      // Ingress and egress on s1 and s3, transit both ways on s4; s2 is not on the path.
      expect(await flowCounts(lab, circuitCookie(id))).toEqual({ s1: 2, s2: 0, s3: 2, s4: 2 });
      const seen = await watchExchange(lab, a1, c1, {
        hop1: { at: 's4-eth2', from: a1 },
        hop2: { at: 's3-eth2', from: a1 },
        back1: { at: 's1-eth3', from: c1 },
        // The other way round the ring: s1:2 → s2:3 and s3:3 → s2:2.
        viaS2AZ: { at: 's2-eth3', from: a1, quiet: true },
        viaS2ZA: { at: 's2-eth2', from: c1, quiet: true },
      });
      expect(seen.exchange).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
      expect(seen.stacks).toEqual({
        hop1: [`0x88a8/${sVlans[0]} 0x8100/100`],
        hop2: [`0x88a8/${sVlans[1]} 0x8100/100`],
        back1: [`0x88a8/${sVlans[0]} 0x8100/100`],
        viaS2AZ: [],
        viaS2ZA: [],
      });
    } finally {
      await removeCircuit(r, id);
    }
    timings.push(`static s1→s4→s3: ${Date.now() - t0} ms`);
  }, 30_000);
});
