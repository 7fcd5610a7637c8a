/**
 * Helpers for the E-Line lab tests (test/lab/eline*.test.ts): a controller in this process and a
 * ring lab with customer edges, circuits through the mef_eline REST API, traffic between customer
 * hosts (ping, UDP echo), tcpdump captures in the lab's namespace read as tag stacks, and the flows
 * of a circuit on the switches. Every wait polls until a deadline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type EdgeHostInfo, type EdgeHostSpec, type EdgeInfo, type Lab, startLab } from '../../src/lab';
import { pollUntil } from './poll';
import { dumpFlows, freePort, getJson, getLinks, labSwitchLinks, apiLinkKeys, type LabController, type OfctlFlow, requestJson, startLabController } from './lab';

// ------------------------------------------------------------------------------------ the rig

/** A customer edge to build: bridge `name` on a new port `port` of `switch`, with these hosts. */
export interface EdgeSpec {
  readonly name: string;
  readonly switch: string;
  readonly port: number;
  readonly hosts: readonly EdgeHostSpec[];
}

/** A controller, a lab pointed at it and the lab's customer edges. */
export interface ElineRig {
  readonly ctl: LabController;
  readonly lab: Lab;
  /** Base URL of the controller's REST API. */
  readonly api: string;
  readonly circuits: CircuitClient;
  readonly edges: ReadonlyMap<string, EdgeInfo>;
  /** A customer host by name. */
  host(name: string): EdgeHostInfo;
  /** The edge a customer host hangs off. */
  edgeOf(host: string): EdgeInfo;
  /** Lab start → every link and customer port UP in the API, ms. */
  readonly readyMs: number;
  /** Stops the lab and the controller and removes the data dir; idempotent. */
  stop(): Promise<void>;
}

/** LLDP every second: the ring is discovered in about a second instead of three. */
const LLDP_INTERVAL_MS = 1000;

/**
 * Starts the controller in this process (own data dir, free ports), then the lab, then the edges,
 * and waits until the API lists every switch–switch link of the lab UP and every edge's switch port
 * UP. Whatever started is stopped again when a later step fails. Impure.
 */
export async function startElineRig(opts: { readonly topology: string; readonly edges: readonly EdgeSpec[] }): Promise<ElineRig> {
  const log = pino({ level: process.env.LAB_TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const dataDir = mkdtempSync(join(tmpdir(), 'isthmus-lab-eline-'));
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  let ctl: LabController | undefined;
  let lab: Lab | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await lab?.stop();
      await ctl?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    })());
  try {
    ctl = await startLabController({ dataDir, settings: { apiPort, lldpIntervalMs: LLDP_INTERVAL_MS } });
    const t0 = Date.now();
    lab = await startLab({ topology: opts.topology, controller: { host: '127.0.0.1', port: ctl.ofPort }, log });
    const l = lab;
    const edges = new Map<string, EdgeInfo>();
    for (const e of opts.edges) edges.set(e.name, await l.addEdge(e.name, e.switch, e.port, e.hosts));
    await waitForNetwork(api, l, [...edges.values()]);
    const readyMs = Date.now() - t0;
    const hosts = new Map<string, { host: EdgeHostInfo; edge: EdgeInfo }>();
    for (const edge of edges.values()) for (const host of edge.hosts) hosts.set(host.name, { host, edge });
    const entry = (name: string): { host: EdgeHostInfo; edge: EdgeInfo } => {
      const found = hosts.get(name);
      if (found === undefined) throw new Error(`no customer host ${name}`);
      return found;
    };
    return { ctl, lab: l, api, circuits: new CircuitClient(api), edges, host: (n) => entry(n).host, edgeOf: (n) => entry(n).edge, readyMs, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

interface ApiInterfaceView {
  readonly id: string;
  readonly active: boolean;
  readonly enabled: boolean;
}

/** Polls the topology API until the lab's links and the edges' switch ports are all there and UP. Impure. */
async function waitForNetwork(api: string, lab: Lab, edges: readonly EdgeInfo[]): Promise<void> {
  const expectedLinks = labSwitchLinks(lab.network, lab.dpids);
  const uplinks = edges.map((e) => `${switchDpid(lab, e.uplink.switch)}:${e.uplink.port}`);
  let last = 'nothing yet';
  await pollUntil(
    async () => {
      const links = await getLinks(api);
      const res = await getJson(`${api}/api/kytos/topology/v3/interfaces`);
      if (links === undefined || res?.status !== 200) return false;
      const interfaces = (res.body as { interfaces: Record<string, ApiInterfaceView> }).interfaces;
      const keys = apiLinkKeys(links);
      const missing = expectedLinks.filter((k) => !keys.includes(k));
      const down = Object.values(links).filter((x) => x.status !== 'UP').length;
      const ports = uplinks.filter((id) => interfaces[id]?.active !== true || interfaces[id]?.enabled !== true);
      last = `links missing [${missing.join(', ')}], ${down} not UP; customer ports not up [${ports.join(', ')}]`;
      return missing.length === 0 && down === 0 && keys.length === expectedLinks.length && ports.length === 0;
    },
    { timeoutMs: 20_000, intervalMs: 100, what: 'the ring links and customer ports UP in the API' },
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last seen: ${last}`);
  });
}

/** The datapath id of a lab switch (`s1` → `00:00:00:00:00:00:00:01`). */
export function switchDpid(lab: Lab, sw: string): string {
  const dpid = lab.dpids.get(sw);
  if (dpid === undefined) throw new Error(`no switch ${sw} in the lab`);
  return dpid;
}

/** The interface id of a lab switch's port (`s1`, 4 → `00:00:00:00:00:00:00:01:4`). */
export function interfaceId(lab: Lab, sw: string, port: number): string {
  return `${switchDpid(lab, sw)}:${port}`;
}

// ------------------------------------------------------------------------ customer VLANs

/**
 * How a customer edge passes one host's frames to and from the UNI:
 * - `access`: the host's frames carry C-tag `vid` on the uplink; tagged `vid` comes back untagged to the host;
 * - `untagged`: untagged on the uplink both ways;
 * - `native`: untagged towards the UNI, and both untagged and `vid`-tagged frames from it reach the host
 *   (uplink vlan_mode=native-untagged): the customer of an EPL UNI whose peer is a VID UNI.
 */
export type EdgeVlan = { readonly kind: 'access'; readonly vid: number } | { readonly kind: 'untagged' } | { readonly kind: 'native'; readonly vid: number };

/** Sets one host's VLAN on its edge (one ovs-vsctl transaction, applied when it returns). Impure. */
export async function setEdgeVlan(lab: Lab, edge: EdgeInfo, host: EdgeHostInfo, vlan: EdgeVlan): Promise<void> {
  const up = edge.uplink.edge_intf;
  const hostPort = host.edge_intf;
  switch (vlan.kind) {
    case 'access':
      await lab.ovsVsctl(['set', 'Port', hostPort, `tag=${vlan.vid}`, '--', 'clear', 'Port', up, 'tag', 'vlan_mode']);
      return;
    case 'untagged':
      await lab.ovsVsctl(['clear', 'Port', hostPort, 'tag', '--', 'clear', 'Port', up, 'tag', 'vlan_mode']);
      return;
    case 'native':
      await lab.ovsVsctl(['set', 'Port', hostPort, `tag=${vlan.vid}`, '--', 'set', 'Port', up, `tag=${vlan.vid}`, 'vlan_mode=native-untagged']);
      return;
    default: {
      const never: never = vlan;
      throw new Error(`unknown edge VLAN ${JSON.stringify(never)}`);
    }
  }
}

// ------------------------------------------------------------------------------ circuits

/** The parts of the mef_eline EVC document the lab tests read (kytos-api.md §1.7). */
export interface EvcDoc {
  readonly id: string;
  readonly active: boolean;
  readonly enabled: boolean;
  readonly archived: boolean;
  readonly current_path: ReadonlyArray<{
    readonly id: string;
    readonly endpoint_a: { readonly id: string };
    readonly endpoint_b: { readonly id: string };
    readonly metadata: { readonly s_vlan?: { readonly tag_type: string; readonly value: number } };
  }>;
  /** `%Y-%m-%dT%H:%M:%S` UTC, or null: when the circuit's flows were last installed / removed. */
  readonly last_deployed_at?: string | null;
  readonly last_removed_at?: string | null;
  readonly circuit_scheduler?: ReadonlyArray<{ readonly id: string; readonly action: string; readonly date?: string }>;
}

/** /api/kytos/mef_eline/v2 of a lab controller. */
export class CircuitClient {
  constructor(private readonly api: string) {}

  private url(path: string): string {
    return `${this.api}/api/kytos/mef_eline/v2${path}`;
  }

  /** POST /evc/: 201 with deployed true, or throws with the answer. Resolves with the circuit id. Impure. */
  async create(body: Readonly<Record<string, unknown>>): Promise<string> {
    const res = await requestJson('POST', this.url('/evc/'), body);
    const b = res.body as { circuit_id?: unknown; deployed?: unknown } | undefined;
    if (res.status !== 201 || typeof b?.circuit_id !== 'string' || b.deployed !== true) {
      throw new Error(`POST /evc/ ${JSON.stringify(body)} answered ${res.status} ${JSON.stringify(res.body)}`);
    }
    return b.circuit_id;
  }

  /**
   * POST /evc/ of a circuit that must not be deployed at creation (one with circuit_scheduler
   * entries): 201 with deployed false, or throws with the answer. Resolves with the circuit id. Impure.
   */
  async createUndeployed(body: Readonly<Record<string, unknown>>): Promise<string> {
    const res = await requestJson('POST', this.url('/evc/'), body);
    const b = res.body as { circuit_id?: unknown; deployed?: unknown } | undefined;
    if (res.status !== 201 || typeof b?.circuit_id !== 'string' || b.deployed !== false) {
      throw new Error(`POST /evc/ ${JSON.stringify(body)} answered ${res.status} ${JSON.stringify(res.body)}`);
    }
    return b.circuit_id;
  }

  /** GET /evc/<id>: 200 or throws. Impure. */
  async get(id: string): Promise<EvcDoc> {
    const res = await requestJson('GET', this.url(`/evc/${id}`));
    if (res.status !== 200) throw new Error(`GET /evc/${id} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as EvcDoc;
  }

  /** DELETE /evc/<id>: 200 or throws. Impure. */
  async remove(id: string): Promise<void> {
    const res = await requestJson('DELETE', this.url(`/evc/${id}`));
    if (res.status !== 200) throw new Error(`DELETE /evc/${id} answered ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A UNI of a create body: interface id and Kytos tag value (omitted: EPL). Pure. */
export function uni(interfaceIdOf: string, tag?: number | 'untagged' | 'any' | ReadonlyArray<readonly [number, number]>): Record<string, unknown> {
  return tag === undefined ? { interface_id: interfaceIdOf } : { interface_id: interfaceIdOf, tag: { tag_type: 'vlan', value: tag } };
}

/** The cookie ovs-ofctl prints for a circuit's flows: 0xaa << 56 | id (kytos-api.md §2.4), 16 hex digits. Pure. */
export function circuitCookie(id: string): string {
  return `0xaa${id.padStart(14, '0')}`;
}

/** The flows of each switch carrying `cookie`, by switch name. Impure. */
export async function flowsWithCookie(lab: Lab, switches: readonly string[], cookie: string): Promise<Map<string, OfctlFlow[]>> {
  const out = new Map<string, OfctlFlow[]>();
  for (const sw of switches) out.set(sw, (await dumpFlows(lab, sw)).filter((f) => f.fields.cookie === cookie));
  return out;
}

/** The names of the switches under test (the topology's, not the customer edges). Pure. */
export function ringSwitches(lab: Lab): string[] {
  return lab.network.switches.map((s) => s.name);
}

// ------------------------------------------------------------------------------- traffic

/** Pings `dst` from `src`: `count` echoes, each waited for `timeoutS`. Resolves with the replies received. Impure. */
export async function ping(lab: Lab, src: string, dst: string, count = 1, timeoutS = 1): Promise<number> {
  const r = await lab.command({ cmd: 'ping', src, dst, count, timeout: timeoutS, interval: 0.05 });
  return r.received;
}

/** Polls single pings until one is answered (ARP and MAC learning settle on the first), within `timeoutMs`. Impure. */
export async function waitForPing(lab: Lab, src: string, dst: string, timeoutMs = 8_000): Promise<void> {
  await pollUntil(async () => (await ping(lab, src, dst, 1, 0.5)) === 1, { timeoutMs, intervalMs: 0, what: `a ping ${src} → ${dst} answered` });
}

/** Polls single pings until none is answered within `timeoutMs`: the path is gone. Impure. */
export async function waitForNoPing(lab: Lab, src: string, dst: string, timeoutMs = 8_000): Promise<void> {
  await pollUntil(async () => (await ping(lab, src, dst, 1, 0.3)) === 0, { timeoutMs, intervalMs: 0, what: `pings ${src} → ${dst} to stop being answered` });
}

/** How long a ping or a UDP datagram that must be answered waits for its answer, s. */
const REPLY_WAIT_S = 2;

/** What `exchange` counted: echoes answered each way, and UDP datagrams echoed. */
export interface Exchange {
  readonly pingAZ: number;
  readonly pingZA: number;
  readonly udpEchoed: number;
}

/**
 * Customer traffic both ways between hosts `a` and `z`: waits for a first answered ping from `a`
 * (ARP and the edges' MAC learning settle on it), then sends `count` pings each way and `count`
 * UDP datagrams from `a` that `z` echoes back. Impure.
 */
export async function exchange(lab: Lab, a: EdgeHostInfo, z: EdgeHostInfo, count = 3): Promise<Exchange> {
  await waitForPing(lab, a.name, z.name);
  // Every echo must come back; the generous wait only absorbs scheduling on a loaded 2-core
  // machine (ping exits as soon as the last reply is in).
  const az = await lab.command({ cmd: 'ping', src: a.name, dst: z.name, count, timeout: REPLY_WAIT_S, interval: 0.05 });
  const za = await lab.command({ cmd: 'ping', src: z.name, dst: a.name, count, timeout: REPLY_WAIT_S, interval: 0.05 });
  const udpEchoed = await udpEcho(lab, a.name, z, count);
  if (az.received !== count || za.received !== count) process.stderr.write(`\nping ${a.name}→${z.name}:\n${az.output}\nping ${z.name}→${a.name}:\n${za.output}\n`);
  return { pingAZ: az.received, pingZA: za.received, udpEchoed };
}

const PY = '/usr/bin/python3';

/** A UDP echo server: prints `ready` once bound, then sends every datagram back to its sender. */
const UDP_ECHO_PY = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', int(sys.argv[1])))
print('ready', flush=True)
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(data, peer)
`;

/**
 * A UDP client: sends argv[3] numbered datagrams to argv[1]:argv[2], one at a time, each waited
 * for up to argv[4] s, and prints how many came back intact. The kernel drops a datagram whose
 * checksum is wrong, so an echo also proves the checksums (lab-notes trap 2).
 */
const UDP_CLIENT_PY = `
import socket, sys
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(float(sys.argv[4]))
got = 0
for i in range(n):
    msg = ('isthmus-udp-%d' % i).encode()
    s.sendto(msg, (host, port))
    try:
        while s.recv(2048) != msg:
            pass
        got += 1
    except socket.timeout:
        pass
print('echoed %d/%d' % (got, n))
`;

const UDP_PORT = 5201;

/**
 * Sends `count` UDP datagrams from `client` to `server` (an echo server started for the occasion)
 * and resolves with how many came back. Impure.
 */
export async function udpEcho(lab: Lab, client: string, server: EdgeHostInfo, count = 5): Promise<number> {
  const srv = await lab.command({ cmd: 'spawn', node: server.name, args: [PY, '-u', '-c', UDP_ECHO_PY, String(UDP_PORT)] });
  try {
    await pollUntil(
      async () => {
        const p = await lab.command({ cmd: 'peek', proc: srv.proc });
        if (!p.running) throw new Error(`UDP echo server on ${server.name} exited: ${p.stderr}`);
        return p.stdout.includes('ready');
      },
      { timeoutMs: 5_000, intervalMs: 20, what: `the UDP echo server on ${server.name}` },
    );
    const r = await lab.command({ cmd: 'sh', node: client, args: [PY, '-c', UDP_CLIENT_PY, server.ip, String(UDP_PORT), String(count), String(REPLY_WAIT_S)], timeout: count * REPLY_WAIT_S + 5 });
    const m = /echoed (\d+)\/(\d+)/.exec(r.stdout);
    if (r.code !== 0 || !m) throw new Error(`UDP client on ${client} failed (${r.code}): ${r.stdout}${r.stderr}`);
    return Number(m[1]);
  } finally {
    await lab.command({ cmd: 'wait', proc: srv.proc, signal: 'KILL', timeout: 5 }).catch(() => undefined);
  }
}

// ------------------------------------------------------------------------------- captures

/** One 802.1Q/802.1ad tag as tcpdump prints it. */
export interface Tag {
  readonly tpid: number;
  readonly vid: number;
}

/** A frame of `tcpdump -e -nn`: addresses, tag stack (outermost first), the inner ethertype and what follows. */
export interface Frame {
  readonly line: string;
  readonly src: string;
  readonly dst: string;
  readonly tags: readonly Tag[];
  readonly ethertype: number;
  /** The rest of the line after the last ethertype: `10.1.0.1 > 10.1.0.2: ICMP echo request, …`. */
  readonly payload: string;
}

const HEAD = /^\S+ ([0-9a-f:]{17}) > ([0-9a-f:]{17}), ethertype [^(]*\((0x[0-9a-f]{4})\), length \d+: (.*)$/;
const VLAN = /^vlan (\d+), p \d+(?:, DEI)?, ethertype [^(]*\((0x[0-9a-f]{4})\),? ?(.*)$/;
const TAG_TPIDS = new Set([0x8100, 0x88a8, 0x9100]);

/** Parses one line of `tcpdump -e -nn` output; undefined for anything else (its banner, truncated lines). Pure. */
export function parseTcpdumpLine(line: string): Frame | undefined {
  const head = HEAD.exec(line);
  if (!head) return undefined;
  const [, src, dst, type, after] = head as unknown as [string, string, string, string, string];
  let ethertype = Number(type);
  let rest = after;
  const tags: Tag[] = [];
  while (TAG_TPIDS.has(ethertype)) {
    const v = VLAN.exec(rest);
    if (!v) return undefined;
    const [, vid, inner, tail] = v as unknown as [string, string, string, string];
    tags.push({ tpid: ethertype, vid: Number(vid) });
    ethertype = Number(inner);
    rest = tail;
  }
  return { line, src, dst, tags, ethertype, payload: rest };
}

/** A tcpdump running on one interface, frames received by it only. */
export class Capture {
  private stopped: Promise<Frame[]> | undefined;

  private constructor(
    private readonly lab: Lab,
    private readonly proc: number,
    readonly intf: string,
  ) {}

  /**
   * Starts `tcpdump -e -nn -Q in` on `intf` and resolves once it listens. The interface is one of
   * the lab's own namespace (a switch port, an edge uplink) unless `node` names a host whose
   * interface it is. Impure.
   */
  static async start(lab: Lab, intf: string, node?: string): Promise<Capture> {
    // Any switch node runs in the lab's own namespace, where the switch ports and edges live.
    node ??= lab.network.switches[0]?.name;
    if (node === undefined) throw new Error('the lab has no switch');
    const args = ['tcpdump', '--immediate-mode', '-l', '-e', '-nn', '-Q', 'in', '-s', '256', '-i', intf];
    const { proc } = await lab.command({ cmd: 'spawn', node, args });
    const cap = new Capture(lab, proc, intf);
    try {
      await pollUntil(
        async () => {
          const p = await lab.command({ cmd: 'peek', proc });
          if (!p.running) throw new Error(`tcpdump on ${intf} exited: ${p.stderr}`);
          return p.stderr.includes('listening on');
        },
        { timeoutMs: 5_000, intervalMs: 20, what: `tcpdump listening on ${intf}` },
      );
    } catch (e) {
      await cap.stop();
      throw e;
    }
    return cap;
  }

  /** The frames captured so far. Impure. */
  async frames(): Promise<Frame[]> {
    const p = await this.lab.command({ cmd: 'peek', proc: this.proc });
    return framesOf(p.stdout);
  }

  /** Polls until a captured frame satisfies `pred`; resolves with it. Impure. */
  async waitFor(pred: (f: Frame) => boolean, what: string, timeoutMs = 5_000): Promise<Frame> {
    let seen: Frame[] = [];
    return pollUntil(
      async () => {
        seen = await this.frames();
        return seen.find(pred);
      },
      { timeoutMs, intervalMs: 20, what: `${what} on ${this.intf}` },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; captured:\n${seen.map((f) => f.line).join('\n')}`);
    });
  }

  /** Stops tcpdump (SIGINT) and resolves with everything it captured; idempotent. Impure. */
  stop(): Promise<Frame[]> {
    this.stopped ??= this.lab.command({ cmd: 'wait', proc: this.proc, signal: 'INT', timeout: 5 }).then((r) => framesOf(r.stdout));
    return this.stopped;
  }
}

function framesOf(text: string): Frame[] {
  return text.split('\n').flatMap((l) => parseTcpdumpLine(l) ?? []);
}

/** Where to capture: an interface of the lab's namespace, or `{ node, intf }` for a host's own. */
export type CapturePoint = string | { readonly node: string; readonly intf: string };

/**
 * Starts captures on `points`, runs `fn` with them, stops them whatever happens, and resolves
 * with the frames each one captured (in the order of `points`). Impure.
 */
export async function withCaptures(lab: Lab, points: readonly CapturePoint[], fn: (caps: Capture[]) => Promise<void>): Promise<Frame[][]> {
  const caps: Capture[] = [];
  try {
    for (const p of points) caps.push(typeof p === 'string' ? await Capture.start(lab, p) : await Capture.start(lab, p.intf, p.node));
    await fn(caps);
    return await Promise.all(caps.map((c) => c.stop()));
  } finally {
    await Promise.all(caps.map((c) => c.stop().catch(() => undefined)));
  }
}

/** The distinct tag stacks (tagStack) of the frames sent by `mac`, sorted. Pure. */
export function stacksFrom(frames: readonly Frame[], mac: string): string[] {
  return [...new Set(frames.filter((f) => f.src === mac).map(tagStack))].sort();
}

/** What the frames sent by `mac` carried: `arp`, `icmp`, `udp` (or the ethertype), distinct and sorted. Pure. */
export function kindsFrom(frames: readonly Frame[], mac: string): string[] {
  const kind = (f: Frame): string => {
    if (f.ethertype === 0x0806) return 'arp';
    if (f.ethertype !== 0x0800) return `0x${f.ethertype.toString(16)}`;
    if (/: ICMP /.test(f.payload)) return 'icmp';
    if (/: UDP, /.test(f.payload)) return 'udp';
    return 'ip';
  };
  return [...new Set(frames.filter((f) => f.src === mac).map(kind))].sort();
}

/** A capture point and the host whose frames are read there. */
export interface Watch {
  readonly at: CapturePoint;
  readonly from: EdgeHostInfo;
  /** The host's frames must not pass here: nothing to wait for (the other captures' waits bound the exchange). */
  readonly quiet?: boolean;
}

/** What watchExchange saw: the traffic counts, and per watch the tag stacks (stacksFrom) and all frames captured. */
export interface Watched<K extends string> {
  readonly exchange: Exchange;
  readonly stacks: Record<K, string[]>;
  readonly frames: Record<K, Frame[]>;
}

/**
 * `exchange` between `a` and `z` with a capture on every watch point; waits until each capture
 * not `quiet` holds a UDP datagram of its watched host (the last traffic sent), then stops them.
 * Impure.
 */
export async function watchExchange<K extends string>(lab: Lab, a: EdgeHostInfo, z: EdgeHostInfo, watches: Readonly<Record<K, Watch>>): Promise<Watched<K>> {
  const keys = Object.keys(watches) as K[];
  let counts: Exchange | undefined;
  const captured = await withCaptures(
    lab,
    keys.map((k) => watches[k].at),
    async (caps) => {
      counts = await exchange(lab, a, z);
      await Promise.all(caps.map((c, i) => (watches[keys[i] as K].quiet === true ? undefined : waitForUdpFrom(c, watches[keys[i] as K].from.mac))));
    },
  );
  const stacks = {} as Record<K, string[]>;
  const frames = {} as Record<K, Frame[]>;
  keys.forEach((k, i) => {
    frames[k] = captured[i] ?? [];
    stacks[k] = stacksFrom(frames[k], watches[k].from.mac);
  });
  if (counts === undefined) throw new Error('no exchange');
  return { exchange: counts, stacks, frames };
}

/** DELETE a circuit, then polls until no ring switch holds a flow with its cookie. Impure. */
export async function removeCircuit(rig: ElineRig, id: string, timeoutMs = 5_000): Promise<void> {
  await rig.circuits.remove(id);
  const cookie = circuitCookie(id);
  await pollUntil(async () => [...(await flowsWithCookie(rig.lab, ringSwitches(rig.lab), cookie)).values()].every((f) => f.length === 0), {
    timeoutMs,
    intervalMs: 50,
    what: `no flow with cookie ${cookie} left on the ring after DELETE`,
  });
}

/** The number of flows with `cookie` on each ring switch, by switch name. Impure. */
export async function flowCounts(lab: Lab, cookie: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [sw, flows] of await flowsWithCookie(lab, ringSwitches(lab), cookie)) out[sw] = flows.length;
  return out;
}

/** An ICMP echo request from IP `src` to IP `dst`, as its payload reads. Pure. */
export function isEchoRequest(f: Frame, src: string, dst: string): boolean {
  return f.ethertype === 0x0800 && f.payload.startsWith(`${src} > ${dst}: ICMP echo request`);
}

/** Tags written `0x88a8/101 0x8100/100` (outermost first), or `untagged`, for readable expectations. Pure. */
export function tagStack(f: Frame): string {
  return f.tags.length === 0 ? 'untagged' : f.tags.map((t) => `0x${t.tpid.toString(16)}/${t.vid}`).join(' ');
}

/** Waits until a capture holds a UDP datagram sent by `mac` (the last thing `exchange` sends). Impure. */
export function waitForUdpFrom(cap: Capture, mac: string): Promise<Frame> {
  return cap.waitFor((f) => f.src === mac && f.ethertype === 0x0800 && /: UDP, /.test(f.payload), `a UDP datagram from ${mac}`);
}
