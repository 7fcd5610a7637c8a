/**
 * A scheduled E-Line circuit on Open vSwitch, in real time: ring,3 with customer host a1 behind
 * edge e1 on s1 port 4 and z1 behind edge e2 on s2 port 4, both presented as C-tag 100. One POST
 * /api/kytos/mef_eline/v2/evc/ creates an EVPL 100/100 circuit between s1:4 and s2:4 with two
 * circuit_scheduler entries in Kytos's own date form (`%Y-%m-%dT%H:%M:%S`, UTC): `create` a few
 * seconds ahead and `remove` some seconds after that. The controller runs in this process on the
 * system clock. The test shows:
 * - before the create instant, watched until just short of it: GET says inactive and disabled, no
 *   switch holds a flow with the circuit's cookie, a1's pings go unanswered;
 * - after it: the flows are on s1 and s2 (last_deployed_at not before the instant), a1 and z1 ping
 *   each other and exchange UDP, and the circuit stays active with its flows until just short of
 *   the remove instant;
 * - after the remove instant: no flow with the cookie is left on any switch, GET says disabled and
 *   inactive (last_removed_at not before the instant), and pings go unanswered.
 * How long after each instant the traffic started and the flows went is printed.
 *
 * Needs root and the lab packages; same gate as ring.test.ts. Every wait polls until a deadline;
 * the "not yet" and "still there" checks repeat until a deadline short of the instant they precede.
 */
import { labGate } from '../support/lab';
import { pollUntil } from '../support/poll';
import { circuitCookie, type EdgeVlan, type ElineRig, exchange, flowCounts, interfaceId, ping, removeCircuit, setEdgeVlan, startElineRig, uni, waitForNoPing } from '../support/eline-lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

/** The create instant is at least this far ahead of the POST, then rounded up to a whole second. */
const CREATE_LEAD_MS = 4_000;
/** The remove instant, after the create instant: room for the deploy, ARP and the traffic checks. */
const REMOVE_AFTER_MS = 7_000;
/** The "not yet" / "still there" checks stop this long before the instant (one round is a ping of 0.3 s plus a few ovs-ofctl). */
const MARGIN_MS = 800;
/** How long after an instant its effect may take to show. */
const EFFECT_WITHIN_MS = 5_000;

/** `%Y-%m-%dT%H:%M:%S` UTC, Kytos's form for circuit dates. Pure. */
function kytosDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A date the API printed (`%Y-%m-%dT%H:%M:%S`, UTC) as epoch ms; NaN when absent. Pure. */
function apiDateMs(text: string | null | undefined): number {
  return text === null || text === undefined ? NaN : Date.parse(`${text}Z`);
}

const access = (vid: number): EdgeVlan => ({ kind: 'access', vid });

const timings: string[] = [];

describeLab('E-Line circuit schedule (ring,3, in-process controller on the system clock, REST)', () => {
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

  it('a circuit scheduled to be created a few seconds ahead carries traffic from that instant on, and its remove entry takes it away', async () => {
    const r = started();
    const { lab } = r;
    const [a1, z1] = [r.host('a1'), r.host('z1')];
    await setEdgeVlan(lab, r.edgeOf('a1'), a1, access(100));
    await setEdgeVlan(lab, r.edgeOf('z1'), z1, access(100));

    const createAt = Math.ceil((Date.now() + CREATE_LEAD_MS) / 1000) * 1000;
    const removeAt = createAt + REMOVE_AFTER_MS;
    const id = await r.circuits.createUndeployed({
      name: 'lab scheduled EVPL 100/100',
      dynamic_backup_path: true,
      uni_a: uni(interfaceId(lab, 's1', 4), 100),
      uni_z: uni(interfaceId(lab, 's2', 4), 100),
      circuit_scheduler: [
        { id: 'lab-create', action: 'create', date: kytosDate(createAt) },
        { id: 'lab-remove', action: 'remove', date: kytosDate(removeAt) },
      ],
    });
    const cookie = circuitCookie(id);
    const none = { s1: 0, s2: 0, s3: 0 };
    try {
      const created = await r.circuits.get(id);
      expect({ active: created.active, enabled: created.enabled, scheduler: created.circuit_scheduler }).toEqual({
        active: false,
        enabled: false,
        scheduler: [
          { id: 'lab-create', action: 'create', date: kytosDate(createAt) },
          { id: 'lab-remove', action: 'remove', date: kytosDate(removeAt) },
        ],
      });

      // Not before the create instant: every check repeats until just short of it.
      let rounds = 0;
      let lastCheckedAt = 0;
      while (Date.now() < createAt - MARGIN_MS) {
        const doc = await r.circuits.get(id);
        expect({ active: doc.active, enabled: doc.enabled, path: doc.current_path }).toEqual({ active: false, enabled: false, path: [] });
        expect(await flowCounts(lab, cookie)).toEqual(none);
        expect(await ping(lab, a1.name, z1.name, 1, 0.3)).toBe(0);
        lastCheckedAt = Date.now();
        rounds += 1;
      }
      // The checks above prove nothing unless at least one round ran, and ended, before the instant.
      expect({ rounds: rounds > 0, endedBeforeCreate: lastCheckedAt < createAt }).toEqual({ rounds: true, endedBeforeCreate: true });

      // After it: the circuit is deployed, on s1 and s2 (the one-hop path), by the schedule's run.
      const deployed = await pollUntil(
        async () => {
          const doc = await r.circuits.get(id);
          if (!doc.active) return false;
          const counts = await flowCounts(lab, cookie);
          return (counts['s1'] ?? 0) > 0 && (counts['s2'] ?? 0) > 0 ? { doc, counts } : false;
        },
        { timeoutMs: createAt + EFFECT_WITHIN_MS - Date.now(), intervalMs: 20, what: `circuit ${id} active with its flows on s1 and s2 after the create instant` },
      );
      const flowsSeenMs = Date.now() - createAt;
      expect(deployed.counts['s3']).toBe(0);
      expect(deployed.doc.enabled).toBe(true);
      expect(deployed.doc.current_path.map((l) => `${l.endpoint_a.id}-${l.endpoint_b.id}`)).toEqual([`${interfaceId(lab, 's1', 2)}-${interfaceId(lab, 's2', 3)}`]);
      expect(apiDateMs(deployed.doc.last_deployed_at)).toBeGreaterThanOrEqual(createAt);

      // The unanswered pings left a1's ARP entry for z1 failed, and the kernel would wait up to a second
      // before asking again: forget it, so that the first ping asks at once and times the circuit.
      const flushed = await lab.command({ cmd: 'sh', node: a1.name, args: ['ip', 'neigh', 'flush', 'dev', a1.intf], timeout: 5 });
      expect(flushed.code).toBe(0);
      await pollUntil(async () => (await ping(lab, a1.name, z1.name, 1, 0.5)) === 1, {
        timeoutMs: createAt + EFFECT_WITHIN_MS - Date.now(),
        intervalMs: 0,
        what: `a ping a1 → z1 answered after the create instant`,
      });
      const firstPingMs = Date.now() - createAt;
      expect(await exchange(lab, a1, z1)).toEqual({ pingAZ: 3, pingZA: 3, udpEchoed: 3 });
      const trafficDoneAt = Date.now();

      // Still there until just short of the remove instant.
      let upRounds = 0;
      while (Date.now() < removeAt - MARGIN_MS) {
        const doc = await r.circuits.get(id);
        expect({ active: doc.active, enabled: doc.enabled }).toEqual({ active: true, enabled: true });
        expect(await flowCounts(lab, cookie)).toEqual(deployed.counts);
        upRounds += 1;
      }
      // The traffic checks must have ended before the remove instant, or they proved nothing about the circuit before it.
      expect({ trafficBeforeRemove: trafficDoneAt < removeAt, upRounds: upRounds > 0 }).toEqual({ trafficBeforeRemove: true, upRounds: true });

      // After the remove instant: no flow left, disabled, inactive, no traffic.
      const removed = await pollUntil(
        async () => {
          const doc = await r.circuits.get(id);
          if (doc.enabled || doc.active) return false;
          const counts = await flowCounts(lab, cookie);
          return Object.values(counts).every((n) => n === 0) ? doc : false;
        },
        { timeoutMs: removeAt + EFFECT_WITHIN_MS - Date.now(), intervalMs: 20, what: `circuit ${id} disabled with no flow left after the remove instant` },
      );
      const flowsGoneMs = Date.now() - removeAt;
      expect(removed.current_path).toEqual([]);
      expect(apiDateMs(removed.last_removed_at)).toBeGreaterThanOrEqual(removeAt);
      await waitForNoPing(lab, a1.name, z1.name, EFFECT_WITHIN_MS);
      const pingStoppedMs = Date.now() - removeAt;
      expect(await ping(lab, a1.name, z1.name, 3, 1)).toBe(0);
      // Nothing brought the flows back meanwhile (the create entry ran once).
      expect(await flowCounts(lab, cookie)).toEqual(none);
      expect((await r.circuits.get(id)).enabled).toBe(false);

      timings.push(
        `create instant → flows seen ${flowsSeenMs} ms, → first answered ping ${firstPingMs} ms; ` +
          `remove instant → no flow left ${flowsGoneMs} ms, → pings unanswered ${pingStoppedMs} ms ` +
          `(not-yet rounds before create: ${rounds}; still-up rounds before remove: ${upRounds})`,
      );
    } finally {
      await removeCircuit(r, id);
    }
  }, 40_000);
});
