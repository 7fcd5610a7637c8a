/**
 * E-Line circuits sharing UNI ports keep their customers apart, and DELETE takes a circuit off the
 * dataplane: ring,3 with customer edge e14 on s1 port 4 (a1 on VID 100, a2 on VID 200, a3 on VID
 * 400) and e24 on s2 port 4 (z1 on VID 100, z2 on VID 300). Circuit X joins s1:4 VID 100 to s2:4
 * VID 100 (a1–z1), circuit Y s1:4 VID 200 to s2:4 VID 300 (a2–z2); both cross s1:2–s2:3, each with
 * its own S-VLAN. All five hosts share one IP subnet, so only the circuits keep them apart.
 * - Each pair talks (ping both ways, UDP); no pairing across circuits answers, a3 (no circuit)
 *   reaches nobody, and tcpdump on z1's and z2's own interfaces shows no frame of the other
 *   circuit's hosts, nor of a3; on the NNI each circuit's frames carry its own S-VLAN.
 * - An EPL circuit beside X on the same two ports takes every VID but X's: a3's VID 400 crosses
 *   it (to z2, moved to VID 400), a1's VID 100 stays on X.
 * - After DELETE of X: a1–z1 pings stop within a deadline, no switch keeps a flow with X's cookie,
 *   GET shows X archived, and Y still carries a2–z2 with its flows in place.
 *
 * Needs root and the lab packages; same gate as ring.test.ts. Every wait polls until a deadline.
 */
import { labGate } from '../support/lab';
import { pollUntil } from '../support/poll';
import {
  circuitCookie,
  exchange,
  type ElineRig,
  flowCounts,
  type Frame,
  interfaceId,
  ping,
  removeCircuit,
  setEdgeVlan,
  stacksFrom,
  startElineRig,
  uni,
  waitForNoPing,
  waitForUdpFrom,
  withCaptures,
} from '../support/eline-lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

const timings: string[] = [];

/** The distinct source MACs of the frames a host received, sorted. Pure. */
const senders = (frames: readonly Frame[] | undefined): string[] => [...new Set((frames ?? []).map((f) => f.src))].sort();

describeLab('E-Line circuits sharing UNIs stay apart; DELETE stops traffic (ring,3, in-process controller, REST)', () => {
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
            { name: 'a1', ip: '10.1.0.1/8', mac: '0e:00:00:00:14:01', tag: 100 },
            { name: 'a2', ip: '10.1.0.2/8', mac: '0e:00:00:00:14:02', tag: 200 },
            { name: 'a3', ip: '10.1.0.3/8', mac: '0e:00:00:00:14:03', tag: 400 },
          ],
        },
        {
          name: 'e24',
          switch: 's2',
          port: 4,
          hosts: [
            { name: 'z1', ip: '10.1.0.4/8', mac: '0e:00:00:00:24:01', tag: 100 },
            { name: 'z2', ip: '10.1.0.5/8', mac: '0e:00:00:00:24:02', tag: 300 },
          ],
        },
      ],
    });
    timings.push(`ring,3 with two edges and five customer hosts up and discovered: ${rig.readyMs} ms`);
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

  /** Creates X (s1:4/100 ↔ s2:4/100) and Y (s1:4/200 ↔ s2:4/300); resolves with their ids. */
  async function createPair(r: ElineRig): Promise<{ x: string; y: string }> {
    const [s1p4, s2p4] = [interfaceId(r.lab, 's1', 4), interfaceId(r.lab, 's2', 4)];
    const x = await r.circuits.create({ name: 'lab X', dynamic_backup_path: true, uni_a: uni(s1p4, 100), uni_z: uni(s2p4, 100) });
    const y = await r.circuits.create({ name: 'lab Y', dynamic_backup_path: true, uni_a: uni(s1p4, 200), uni_z: uni(s2p4, 300) });
    return { x, y };
  }

  it('two circuits on the same UNI ports: each pair talks, nothing crosses between them', async () => {
    const t0 = Date.now();
    const r = started();
    const { lab } = r;
    const [a1, a2, a3, z1, z2] = [r.host('a1'), r.host('a2'), r.host('a3'), r.host('z1'), r.host('z2')];
    const { x, y } = await createPair(r);
    try {
      const [docX, docY] = [await r.circuits.get(x), await r.circuits.get(y)];
      const sX = docX.current_path[0]?.metadata.s_vlan?.value;
      const sY = docY.current_path[0]?.metadata.s_vlan?.value;
      expect(docX.current_path.map((l) => l.id)).toEqual(docY.current_path.map((l) => l.id));
      expect(sX).not.toBe(sY);

      const [atZ1, atZ2, nni] = await withCaptures(lab, [{ node: 'z1', intf: z1.intf }, { node: 'z2', intf: z2.intf }, 's2-eth3'], async (caps) => {
        // Across the circuits first, then within them: the UDP sent last marks every capture complete.
        const across = [
          ['a1', 'z2'],
          ['a2', 'z1'],
          ['a1', 'a2'],
          ['a3', 'z1'],
          ['a3', 'z2'],
          ['z1', 'a2'],
        ] as const;
        for (const [src, dst] of across) expect(`${src}→${dst} ${await ping(lab, src, dst, 2, 0.3)}`).toBe(`${src}→${dst} 0`);
        expect(await exchange(lab, a1, z1)).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
        expect(await exchange(lab, a2, z2)).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
        await Promise.all([waitForUdpFrom(caps[0]!, a1.mac), waitForUdpFrom(caps[1]!, a2.mac), waitForUdpFrom(caps[2]!, a2.mac)]);
      });
      // z1 hears only X's far end (a1) and z2 only Y's (a2); a3 reaches no one.
      expect({ z1: senders(atZ1), z2: senders(atZ2) }).toEqual({ z1: [a1.mac], z2: [a2.mac] });
      // On the NNI each circuit rides its own S-VLAN: X whole under a 0x88a8 tag, Y translated 200→300 under one 802.1Q tag.
      expect({ x: stacksFrom(nni!, a1.mac), y: stacksFrom(nni!, a2.mac), a3: stacksFrom(nni!, a3.mac) }).toEqual({
        x: [`0x88a8/${sX} 0x8100/100`],
        y: [`0x8100/${sY}`],
        a3: [],
      });
    } finally {
      await removeCircuit(r, x);
      await removeCircuit(r, y);
    }
    timings.push(`isolation of two circuits on shared UNIs: ${Date.now() - t0} ms`);
  }, 60_000);

  it('an EPL circuit on the same ports as a VID circuit: VID 100 takes the VID circuit, every other VID the EPL', async () => {
    const t0 = Date.now();
    const r = started();
    const { lab } = r;
    const [a1, a3, z1, z2] = [r.host('a1'), r.host('a3'), r.host('z1'), r.host('z2')];
    const [s1p4, s2p4] = [interfaceId(lab, 's1', 4), interfaceId(lab, 's2', 4)];
    // z2 moves to a3's VID: the EPL circuit carries VID 400 whole from one port to the other.
    await setEdgeVlan(lab, r.edgeOf('z2'), z2, { kind: 'access', vid: 400 });
    const x = await r.circuits.create({ name: 'lab X', dynamic_backup_path: true, uni_a: uni(s1p4, 100), uni_z: uni(s2p4, 100) });
    const epl = await r.circuits.create({ name: 'lab EPL', dynamic_backup_path: true, uni_a: uni(s1p4), uni_z: uni(s2p4) });
    try {
      const sX = (await r.circuits.get(x)).current_path[0]?.metadata.s_vlan?.value;
      const sEpl = (await r.circuits.get(epl)).current_path[0]?.metadata.s_vlan?.value;
      expect(sX).not.toBe(sEpl);
      const [nni, atZ1, atZ2] = await withCaptures(lab, ['s2-eth3', { node: 'z1', intf: z1.intf }, { node: 'z2', intf: z2.intf }], async (caps) => {
        expect(await exchange(lab, a3, z2)).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
        expect(await exchange(lab, a1, z1)).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
        await Promise.all([waitForUdpFrom(caps[0]!, a1.mac), waitForUdpFrom(caps[1]!, a1.mac), waitForUdpFrom(caps[2]!, a3.mac)]);
      });
      // On one port a VID flow (priority 20000) wins over the EPL flow (10000): a1's VID 100 never rides the EPL.
      expect({ a1: stacksFrom(nni!, a1.mac), a3: stacksFrom(nni!, a3.mac) }).toEqual({ a1: [`0x88a8/${sX} 0x8100/100`], a3: [`0x88a8/${sEpl} 0x8100/400`] });
      expect({ z1: senders(atZ1), z2: senders(atZ2) }).toEqual({ z1: [a1.mac], z2: [a3.mac] });
    } finally {
      await removeCircuit(r, x);
      await removeCircuit(r, epl);
      await setEdgeVlan(lab, r.edgeOf('z2'), z2, { kind: 'access', vid: 300 });
    }
    timings.push(`EPL beside a VID circuit on shared ports: ${Date.now() - t0} ms`);
  }, 60_000);

  it('DELETE of one circuit stops its traffic and removes its flows; the other keeps working', async () => {
    const r = started();
    const { lab } = r;
    const [a1, a2, z1, z2] = [r.host('a1'), r.host('a2'), r.host('z1'), r.host('z2')];
    const { x, y } = await createPair(r);
    try {
      expect(await exchange(lab, a1, z1)).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
      expect(await flowCounts(lab, circuitCookie(x))).toEqual({ s1: 2, s2: 2, s3: 0 });

      const t0 = Date.now();
      await r.circuits.remove(x);
      const answeredMs = Date.now() - t0;
      await waitForNoPing(lab, 'a1', 'z1', 5_000);
      const trafficMs = Date.now() - t0;
      await pollUntil(async () => Object.values(await flowCounts(lab, circuitCookie(x))).every((n) => n === 0), {
        timeoutMs: 5_000,
        intervalMs: 50,
        what: `no flow with X's cookie ${circuitCookie(x)} on the ring`,
      });
      const flowsMs = Date.now() - t0;
      const doc = await r.circuits.get(x);
      expect({ archived: doc.archived, active: doc.active, enabled: doc.enabled }).toEqual({ archived: true, active: false, enabled: false });
      // a1 keeps sending into s1:4 VID 100; nothing carries it now, in either direction.
      expect(await ping(lab, 'a1', 'z1', 3, 0.3)).toBe(0);
      expect(await ping(lab, 'z1', 'a1', 3, 0.3)).toBe(0);
      timings.push(`DELETE answered in ${answeredMs} ms; a1→z1 pings unanswered ${trafficMs} ms and X's flows gone ${flowsMs} ms after it was sent`);

      expect(await flowCounts(lab, circuitCookie(y))).toEqual({ s1: 2, s2: 2, s3: 0 });
      expect(await exchange(lab, a2, z2)).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
    } finally {
      await r.circuits.remove(x).catch(() => undefined);
      await removeCircuit(r, y);
    }
  }, 60_000);
});
