/**
 * What the operator set survives a controller restart: switch, interface and link metadata
 * (reserved and free-form keys, one key deleted), a disabled interface (which also disables its
 * link, as in Kytos) and a disabled link. The built controller (dist/main.js) runs against a ring,4
 * lab; it is stopped with SIGTERM and a new one is started on the same --data-dir and OpenFlow port.
 * Once the switches are back and LLDP has seen every link again, the API must show the same link
 * ids, the metadata and the enabled flags as they were set, and the disabled links still disabled.
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
  assertAlive,
  buildDist,
  controllerEntry,
  type ControllerProcess,
  freePort,
  getJson,
  getLinks,
  kytosLinkId,
  labGate,
  labSwitchLinks,
  requestJson,
  spawnController,
  waitForApi,
  waitForLinksUp,
} from '../support/lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

const TOPOLOGY = '/api/kytos/topology/v3';
const S1 = '00:00:00:00:00:00:00:01';
const S2_2 = '00:00:00:00:00:00:00:02:2';
const S4_2 = '00:00:00:00:00:00:00:04:2';
// ring,4: sK port 2 → s(K+1) port 3, s4 port 2 → s1 port 3 (mininet/README.md).
const LINK_S1_S2 = kytosLinkId('00:00:00:00:00:00:00:01:2', '00:00:00:00:00:00:00:02:3');
const LINK_S2_S3 = kytosLinkId('00:00:00:00:00:00:00:02:2', '00:00:00:00:00:00:00:03:3');
const LINK_S3_S4 = kytosLinkId('00:00:00:00:00:00:00:03:2', '00:00:00:00:00:00:00:04:3');
const LINK_S1_S4 = kytosLinkId('00:00:00:00:00:00:00:01:3', '00:00:00:00:00:00:00:04:2');

/** Keys the controller itself may keep in link metadata (seed 001, "Internal Metadata"). */
const INTERNAL_LINK_KEYS = ['liveness_status', 'last_status_change', 'last_status_is_active', 'notified_up_at'];

/** What the test writes: reserved keys with their documented types, and free-form keys. */
const SWITCH_METADATA = { node_name: 'core-1', lat: '25.7553646', lng: '-80.3760393', address: 'Miami', rack: { row: 3, units: [1, 2] } };
const INTERFACE_METADATA = { port_name: 'to-s3', mtu: 9000, circuit_owner: 'ops' };
const LINK_METADATA = { link_name: 'MIA-FLZ-100G', bandwidth: 100, delay: 1.5, ownership: { red: {} }, note: 'free-form' };
/** SWITCH_METADATA after DELETE …/metadata/address. */
const SWITCH_METADATA_KEPT = { node_name: 'core-1', lat: '25.7553646', lng: '-80.3760393', rack: { row: 3, units: [1, 2] } };

describeLab('topology state across a controller restart', () => {
  const log = pino({ level: process.env.LAB_TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  let dataDir: string | undefined;
  const controllers: ControllerProcess[] = [];
  let lab: Lab | undefined;

  beforeAll(async () => {
    if (gate.kind === 'fail') throw new Error(`the lab cannot run here: ${gate.reason}`);
    if (controllerEntry().needsBuild) await buildDist();
    dataDir = mkdtempSync(join(tmpdir(), 'isthmus-ctl-data-'));
  }, 180_000);

  afterAll(async () => {
    // Runs after a failure too: nothing the test started may outlive it.
    await lab?.stop();
    await Promise.all(controllers.filter((c) => c.exitStatus() === undefined).map((c) => c.terminate(10_000).catch(() => undefined)));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('keeps metadata, disabled interfaces and disabled links, and finds the same links again', async () => {
    const ofPort = await freePort();
    const start = async (): Promise<{ ctl: ControllerProcess; api: string }> => {
      const apiPort = await freePort();
      const ctl = spawnController({ ofPort, apiPort, dataDir: dataDir as string, extraArgs: ['--lldp-interval', '1'] });
      controllers.push(ctl);
      const api = `http://127.0.0.1:${apiPort}`;
      await waitForApi(ctl, api);
      return { ctl, api };
    };

    const first = await start();
    const started = await startLab({ topology: 'ring,4', controller: { host: '127.0.0.1', port: ofPort }, log });
    lab = started;
    const expected = labSwitchLinks(started.network, started.dpids);
    const discovered = await waitForLinksUp(first.ctl, first.api, expected, { what: 'every ring,4 link UP' });
    expect(Object.keys(discovered).sort()).toEqual([LINK_S1_S2, LINK_S2_S3, LINK_S3_S4, LINK_S1_S4].sort());

    // The operator's changes, each answered as kytos-api.md §3.1 says.
    const call = async (method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<number> => {
      const res = await requestJson(method, `${first.api}${TOPOLOGY}${path}`, body);
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.status;
    };
    expect(await call('POST', `/switches/${S1}/metadata`, SWITCH_METADATA)).toBe(201);
    expect(await call('DELETE', `/switches/${S1}/metadata/address`)).toBe(200);
    expect(await call('POST', `/interfaces/${S2_2}/metadata`, INTERFACE_METADATA)).toBe(201);
    expect(await call('POST', `/links/${LINK_S1_S2}/metadata`, LINK_METADATA)).toBe(201);
    expect(await call('POST', `/interfaces/${S4_2}/disable`)).toBe(200);
    expect(await call('POST', `/links/${LINK_S2_S3}/disable`)).toBe(201);

    /** The state under test, as one API shows it. */
    const snapshot = async (api: string): Promise<Record<string, unknown>> => {
      const metadata = async (path: string): Promise<unknown> => {
        const res = await getJson(`${api}${TOPOLOGY}${path}/metadata`);
        if (res?.status !== 200) throw new Error(`GET ${path}/metadata answered ${res?.status}`);
        return (res.body as { metadata: unknown }).metadata;
      };
      const interfaces = (await getJson(`${api}${TOPOLOGY}/interfaces`))?.body as { interfaces: Record<string, { enabled: boolean; status: string }> };
      const links = (await getLinks(api)) ?? {};
      const linkMetadata = (await metadata(`/links/${LINK_S1_S2}`)) as Record<string, unknown>;
      return {
        switchMetadata: await metadata(`/switches/${S1}`),
        interfaceMetadata: await metadata(`/interfaces/${S2_2}`),
        linkMetadata: Object.fromEntries(Object.entries(linkMetadata).filter(([k]) => !INTERNAL_LINK_KEYS.includes(k))),
        disabledInterface: { enabled: interfaces.interfaces[S4_2]?.enabled, status: interfaces.interfaces[S4_2]?.status },
        links: Object.fromEntries(Object.entries(links).map(([id, l]) => [id, { enabled: l.enabled, status: l.status }])),
      };
    };
    const wanted = {
      switchMetadata: SWITCH_METADATA_KEPT,
      interfaceMetadata: INTERFACE_METADATA,
      linkMetadata: LINK_METADATA,
      disabledInterface: { enabled: false, status: 'DISABLED' },
      links: {
        [LINK_S1_S2]: { enabled: true, status: 'UP' },
        [LINK_S2_S3]: { enabled: false, status: 'DISABLED' },
        [LINK_S3_S4]: { enabled: true, status: 'UP' },
        // Disabling s4:2 disabled its link too (kytos-api.md §3.1).
        [LINK_S1_S4]: { enabled: false, status: 'DISABLED' },
      },
    };
    expect(await snapshot(first.api)).toEqual(wanted);

    expect(await first.ctl.terminate(10_000)).toBe(0);
    const tRestart = Date.now();
    const second = await start();

    // Back: every switch connected and every link seen by LLDP again (active), disabled or not.
    let last = '';
    await pollUntil(
      async () => {
        assertAlive(second.ctl);
        const switches = ((await getJson(`${second.api}${TOPOLOGY}/switches`))?.body as { switches?: Record<string, { active: boolean }> } | undefined)?.switches ?? {};
        const links: Readonly<Record<string, ApiLink>> = (await getLinks(second.api)) ?? {};
        const inactive = [...started.dpids.values()].filter((d) => switches[d]?.active !== true);
        const unseen = Object.values(links).filter((l) => !l.active);
        last = `inactive switches [${inactive.join(', ')}], links ${Object.keys(links).length}, not active [${unseen.map((l) => l.id).join(', ')}]`;
        return inactive.length === 0 && Object.keys(links).length === 4 && unseen.length === 0;
      },
      { timeoutMs: 15_000, intervalMs: 50, what: 'the switches and links back after the restart' },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; last seen: ${last}`);
    });
    process.stderr.write(`\n${__filename}: restart → every switch and link back: ${Date.now() - tRestart} ms\n`);
    expect(await snapshot(second.api)).toEqual(wanted);
    expect(await second.ctl.terminate(10_000)).toBe(0);
  }, 90_000);
});
