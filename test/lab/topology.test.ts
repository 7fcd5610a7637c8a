/**
 * LLDP topology discovery end to end: the built controller (dist/main.js, a child process) and
 * Mininet labs of Open vSwitch pointed at it. Checked against what the lab itself says it built:
 * - ring,4 and mesh12 are discovered fully (GET /links lists exactly the lab's switch–switch links,
 *   parallel links included, self-loops not), every link UP with its Kytos id, and the LLDP flow
 *   (priority 50000, dl_vlan=3799, dl_type=0x88cc → CONTROLLER) is on every switch;
 * - a link taken down in Mininet is DOWN promptly, and when it comes back it stays DOWN
 *   (`link_up_hold`) for --link-up-hold before it is UP;
 * - LLDP forged by a host (tagged 3799, claiming to be s3 port 2, with and without an
 *   organizationally specific TLV) creates no link.
 * The measured times go to stderr.
 *
 * Needs root and the lab packages; same gate as ring.test.ts. Every wait polls until a deadline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Lab, startLab } from '../../src/lab';
import { pollUntil } from '../support/poll';
import {
  type ApiLink,
  apiLinkKeys,
  assertAlive,
  buildDist,
  controllerEntry,
  type ControllerProcess,
  endpointKey,
  freePort,
  getLinks,
  kytosLinkId,
  kytosOrder,
  labGate,
  labSwitchLinks,
  parseDumpFlows,
  spawnController,
  waitForApi,
  waitForLinksUp,
} from '../support/lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

const LLDP_VLAN = 3799;
const LINK_UP_HOLD_S = 2;
/** A short LLDP interval keeps the forged-frame test (a few intervals long) short. */
const LLDP_INTERVAL_S = 1;

/** A controller and a lab pointed at it. */
interface Rig {
  readonly ctl: ControllerProcess;
  readonly api: string;
  readonly lab: Lab;
  /** The lab's switch–switch links as endpoint keys (see labSwitchLinks). */
  readonly expected: readonly string[];
  /** Lab start → every link UP in the API, ms. */
  readonly discoveryMs: number;
}

/** What the timings line of this file says at the end. */
const timings: string[] = [];
const note = (line: string): void => {
  timings.push(line);
};

/**
 * Sends LLDP frames from a host's interface with a raw AF_PACKET socket (python3 in the host's
 * namespace; scapy is not installed). Each round sends three forgeries claiming Chassis ID
 * (subtype 7) = argv dpid and Port ID (subtype 7) = argv port, tagged with the LLDP VLAN: without
 * an organizationally specific TLV, with a fake Isthmus TLV (OUI 02:49:53 subtype 1, a current
 * timestamp, a random tag), and with another organization's TLV. Rounds are paced `gap` s apart
 * (traffic pacing, not a wait for a condition). Prints the number of frames sent.
 */
const FORGE_LLDP_PY = `
import os, socket, struct, sys, time
iface, rounds, gap, dpid, port, vid = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), bytes.fromhex(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
src = bytes.fromhex(open('/sys/class/net/%s/address' % iface).read().strip().replace(':', ''))
def tlv(t, v):
    return struct.pack('!H', (t << 9) | len(v)) + v
def frame(org):
    lldpdu = tlv(1, b'\\x07' + dpid) + tlv(2, b'\\x07' + struct.pack('!I', port)) + tlv(3, struct.pack('!H', 120)) + org + tlv(0, b'')
    f = bytes.fromhex('0180c200000e') + src + struct.pack('!HHH', 0x8100, vid, 0x88cc) + lldpdu
    return f + bytes(max(0, 60 - len(f)))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
sent = 0
for _ in range(rounds):
    fake_auth = tlv(127, bytes.fromhex('024953') + b'\\x01' + struct.pack('!Q', int(time.time() * 1000)) + os.urandom(16))
    other_org = tlv(127, bytes.fromhex('0026e1') + b'\\x01' + b'forged')
    for org in (b'', fake_auth, other_org):
        s.send(frame(org))
        sent += 1
    time.sleep(gap)
print(sent)
`;

describeLab('LLDP discovery against the built controller', () => {
  const log = pino({ level: process.env.LAB_TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const dataDirs: string[] = [];
  const controllers: ControllerProcess[] = [];
  const labs: Lab[] = [];

  beforeAll(async () => {
    if (gate.kind === 'fail') throw new Error(`the lab cannot run here: ${gate.reason}`);
    if (controllerEntry().needsBuild) await buildDist();
  }, 180_000);

  afterAll(async () => {
    // Runs after a failure too: nothing the tests started may outlive them.
    await Promise.all(labs.map((l) => l.stop()));
    await Promise.all(controllers.filter((c) => c.exitStatus() === undefined).map((c) => c.terminate(10_000).catch(() => undefined)));
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
    if (timings.length > 0) process.stderr.write(`\n${__filename}:\n${timings.map((t) => `  ${t}`).join('\n')}\n`);
  }, 60_000);

  /** A fresh controller (own data dir, free ports, `args`), then a lab; waits for full discovery. */
  async function rig(topology: string, args: readonly string[]): Promise<Rig> {
    const dataDir = mkdtempSync(join(tmpdir(), 'isthmus-ctl-data-'));
    dataDirs.push(dataDir);
    const [ofPort, apiPort] = [await freePort(), await freePort()];
    const api = `http://127.0.0.1:${apiPort}`;
    // debug: the LLDP service logs each frame it ignores, which the forged-frame test reads.
    const ctl = spawnController({ ofPort, apiPort, dataDir, logLevel: 'debug', extraArgs: args });
    controllers.push(ctl);
    await waitForApi(ctl, api);
    const t0 = Date.now();
    const lab = await startLab({ topology, controller: { host: '127.0.0.1', port: ofPort }, log });
    labs.push(lab);
    const expected = labSwitchLinks(lab.network, lab.dpids);
    await waitForLinksUp(ctl, api, expected, { what: `every ${topology} link UP` });
    return { ctl, api, lab, expected, discoveryMs: Date.now() - t0 };
  }

  let ringRig: Promise<Rig> | undefined;
  /** The ring,4 rig shared by the ring tests; each test leaves it fully discovered and UP. */
  const ring = (): Promise<Rig> =>
    (ringRig ??= rig('ring,4', ['--link-up-hold', String(LINK_UP_HOLD_S), '--lldp-interval', String(LLDP_INTERVAL_S)]));

  /** Checks the links of a fully discovered rig: Kytos ids, endpoint order, no self-loop. */
  function expectKytosLinks(links: Readonly<Record<string, ApiLink>>): void {
    for (const [id, l] of Object.entries(links)) {
      expect(l.id).toBe(id);
      expect(id).toBe(kytosLinkId(l.endpoint_a.id, l.endpoint_b.id));
      // endpoint_a is the smaller interface (kytos-api.md §0).
      expect([l.endpoint_a.id, l.endpoint_b.id]).toEqual(kytosOrder(l.endpoint_a.id, l.endpoint_b.id));
      const dpidOf = (i: string): string => i.slice(0, i.lastIndexOf(':'));
      expect(dpidOf(l.endpoint_a.id)).not.toBe(dpidOf(l.endpoint_b.id));
      expect({ active: l.active, enabled: l.enabled, status: l.status, status_reason: l.status_reason }).toEqual({
        active: true,
        enabled: true,
        status: 'UP',
        status_reason: [],
      });
    }
  }

  /** Every switch of the lab holds exactly one LLDP flow, as of_lldp installs it (kytos-api.md §4). */
  async function expectLldpFlows(lab: Lab): Promise<void> {
    for (const [name, dpid] of lab.dpids) {
      const flows = parseDumpFlows(await lab.ovsOfctl(['-O', 'OpenFlow13', 'dump-flows', name]));
      const lldp = flows.filter((f) => f.fields.priority === '50000');
      expect({ switch: name, count: lldp.length }).toEqual({ switch: name, count: 1 });
      const f = lldp[0];
      expect({
        switch: name,
        table: f?.fields.table,
        dl_vlan: f?.fields.dl_vlan,
        dl_type: f?.fields.dl_type,
        cookie: f?.fields.cookie,
        actions: f?.actions,
      }).toEqual({
        switch: name,
        table: '0',
        dl_vlan: String(LLDP_VLAN),
        dl_type: '0x88cc',
        // of_lldp's owner byte 0xab, then the low 48 bits of the datapath id (kytos-api.md §4).
        cookie: `0xab00${dpid.replace(/:/g, '').slice(4)}`,
        // Whole frames to the controller (max_len OFPCML_NO_BUFFER).
        actions: 'CONTROLLER:65535',
      });
    }
  }

  it('finds every ring,4 link, UP with its Kytos id, and puts the LLDP flow on every switch', async () => {
    const r = await ring();
    // ring,4: sK port 2 → s(K+1) port 3, and s4 port 2 → s1 port 3 (mininet/README.md).
    expect(r.expected).toEqual(
      [
        endpointKey('00:00:00:00:00:00:00:01:2', '00:00:00:00:00:00:00:02:3'),
        endpointKey('00:00:00:00:00:00:00:02:2', '00:00:00:00:00:00:00:03:3'),
        endpointKey('00:00:00:00:00:00:00:03:2', '00:00:00:00:00:00:00:04:3'),
        endpointKey('00:00:00:00:00:00:00:01:3', '00:00:00:00:00:00:00:04:2'),
      ].sort(),
    );
    note(`ring,4: lab start → 4 links UP in the API: ${r.discoveryMs} ms`);
    const links = (await getLinks(r.api)) ?? {};
    expect(apiLinkKeys(links)).toEqual(r.expected);
    expectKytosLinks(links);
    await expectLldpFlows(r.lab);
  }, 60_000);

  it('finds every mesh12 link, parallel links apart and self-loops not as links', async () => {
    const r = await rig('mesh12', []);
    try {
      // 26 cables: 22 single links, two pairs of parallel links, two self-loops (mininet/README.md).
      expect(r.expected).toHaveLength(24);
      expect(r.expected).toEqual(
        expect.arrayContaining([
          endpointKey('00:00:00:00:00:00:00:01:2', '00:00:00:00:00:00:00:02:1'),
          endpointKey('00:00:00:00:00:00:00:01:7', '00:00:00:00:00:00:00:02:6'),
          endpointKey('00:00:00:00:00:00:00:07:3', '00:00:00:00:00:00:00:0a:3'),
          endpointKey('00:00:00:00:00:00:00:07:5', '00:00:00:00:00:00:00:0a:4'),
        ]),
      );
      note(`mesh12: lab start → 24 links UP in the API: ${r.discoveryMs} ms`);
      const links = (await getLinks(r.api)) ?? {};
      expect(apiLinkKeys(links)).toEqual(r.expected);
      expectKytosLinks(links);
      // The self-loop ports are no link's endpoints.
      const ends = Object.values(links).flatMap((l) => [l.endpoint_a.id, l.endpoint_b.id]);
      for (const selfLoopPort of ['00:00:00:00:00:00:00:03:6', '00:00:00:00:00:00:00:03:7', '00:00:00:00:00:00:00:0b:4', '00:00:00:00:00:00:00:0b:5']) {
        expect(ends).not.toContain(selfLoopPort);
      }
      await expectLldpFlows(r.lab);
    } finally {
      // mesh12 is the heaviest lab: free the CPU for the tests that follow.
      await r.lab.stop();
      expect(await r.ctl.terminate(10_000)).toBe(0);
    }
  }, 60_000);

  it('reports a link taken down in Mininet DOWN at once, and back up only after --link-up-hold', async () => {
    const r = await ring();
    await waitForLinksUp(r.ctl, r.api, r.expected);
    const s2s3 = kytosLinkId('00:00:00:00:00:00:00:02:2', '00:00:00:00:00:00:00:03:3');
    const link = async (): Promise<ApiLink | undefined> => {
      assertAlive(r.ctl);
      return (await getLinks(r.api))?.[s2s3];
    };

    const tDown = Date.now();
    await r.lab.command({ cmd: 'link', a: 's2', b: 's3', state: 'down' });
    const down = await pollUntil(async () => ((l) => (l?.status === 'DOWN' ? l : undefined))(await link()), { timeoutMs: 5_000, what: 's2–s3 DOWN' });
    const downMs = Date.now() - tDown;
    expect({ active: down.active, status: down.status, reasons: down.status_reason }).toEqual({ active: false, status: 'DOWN', reasons: ['deactivated'] });
    // Only that link.
    const others = Object.values((await getLinks(r.api)) ?? {}).filter((l) => l.id !== s2s3);
    expect(others.map((l) => l.status)).toEqual(['UP', 'UP', 'UP']);

    const tUp = Date.now();
    await r.lab.command({ cmd: 'link', a: 's2', b: 's3', state: 'up' });
    // The ports come back at once; the link must then be held: DOWN for link_up_hold, never UP before.
    const held = await pollUntil(
      async () => {
        const l = await link();
        if (l?.status === 'UP') throw new Error(`s2–s3 UP ${Date.now() - tUp} ms after the link came back, without a link_up_hold`);
        return l?.status_reason.includes('link_up_hold') ? l : undefined;
      },
      { timeoutMs: 5_000, intervalMs: 20, what: 's2–s3 held (link_up_hold)' },
    );
    const heldMs = Date.now() - tUp;
    expect({ active: held.active, status: held.status, reasons: held.status_reason }).toEqual({ active: true, status: 'DOWN', reasons: ['link_up_hold'] });
    await pollUntil(
      async () => {
        const l = await link();
        if (l?.status === 'UP') return true;
        // Until then it stays held, for no other reason.
        expect(l?.status_reason).toEqual(['link_up_hold']);
        return false;
      },
      { timeoutMs: LINK_UP_HOLD_S * 1000 + 3_000, intervalMs: 20, what: 's2–s3 UP after the hold' },
    );
    const upMs = Date.now() - tUp;
    note(`ring,4 s2–s3: link down → DOWN in the API ${downMs} ms; link up → link_up_hold seen ${heldMs} ms, UP ${upMs} ms (hold ${LINK_UP_HOLD_S} s)`);
    // The hold starts when both ports are up again, after the command was issued: never less than the hold.
    expect(upMs).toBeGreaterThanOrEqual(LINK_UP_HOLD_S * 1000 - 20);
    expect(upMs).toBeLessThan(LINK_UP_HOLD_S * 1000 + 1_500);
    expect(downMs).toBeLessThan(1_000);
    await waitForLinksUp(r.ctl, r.api, r.expected);
  }, 60_000);

  it('makes no link from LLDP a host forges as s3 port 2', async () => {
    const r = await ring();
    const before = await waitForLinksUp(r.ctl, r.api, r.expected);
    const s1 = r.lab.dpids.get('s1') as string;
    const h1Port = `${s1}:1`;
    const s3Port2 = `${r.lab.dpids.get('s3') as string}:2`;
    // Four LLDP intervals of forgeries, a round every 0.5 s.
    const rounds = 4 * LLDP_INTERVAL_S * 2;
    const spawned = await r.lab.command({
      cmd: 'spawn',
      node: 'h1',
      args: ['/usr/bin/python3', '-c', FORGE_LLDP_PY, 'h1-eth0', String(rounds), '0.5', '0000000000000003', '2', String(LLDP_VLAN)],
    });
    // While the forgeries arrive (four LLDP intervals), the links stay exactly the ring's, all UP.
    const check = async (): Promise<void> => {
      const links = (await getLinks(r.api)) ?? {};
      expect(apiLinkKeys(links)).toEqual(r.expected);
      expect(Object.values(links).map((l) => l.status)).toEqual(['UP', 'UP', 'UP', 'UP']);
      for (const l of Object.values(links)) expect([l.endpoint_a.id, l.endpoint_b.id]).not.toContain(h1Port);
    };
    await pollUntil(
      async () => {
        assertAlive(r.ctl);
        await check();
        return !(await r.lab.command({ cmd: 'peek', proc: spawned.proc })).running;
      },
      { timeoutMs: rounds * 500 + 10_000, intervalMs: 100, what: 'the forger to finish' },
    );
    const result = await r.lab.command({ cmd: 'wait', proc: spawned.proc, timeout: 5 });
    expect({ code: result.code, stderr: result.stderr, sent: result.stdout.trim() }).toEqual({ code: 0, stderr: '', sent: String(rounds * 3) });

    // The forgeries did reach the controller, from s1 port 1, and were refused for what they are:
    // the fake Isthmus TLV as a bad authenticator, the other two as foreign LLDP.
    const refused = async (): Promise<{ badAuth: number; foreign: number } | undefined> => {
      const lines = r.ctl
        .output()
        .split('\n')
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as { msg?: string; dpid?: string; port?: number; reason?: string }];
          } catch {
            return [];
          }
        })
        .filter((e) => e.dpid === s1 && e.port === 1);
      const badAuth = lines.filter((e) => e.reason === 'bad_auth').length;
      const foreign = lines.filter((e) => e.reason === 'foreign').length;
      return badAuth >= 1 && foreign >= 2 ? { badAuth, foreign } : undefined;
    };
    const seen = await pollUntil(refused, { timeoutMs: 5_000, intervalMs: 50, what: 'the controller to log the refused forgeries' });
    note(`forged LLDP from h1 as ${s3Port2}: ${rounds * 3} frames sent, controller logged ${seen.badAuth} bad_auth and ${seen.foreign} foreign on ${h1Port}; no link`);
    await check();
    const after = (await getLinks(r.api)) ?? {};
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  }, 60_000);
});
