/**
 * The lab itself, without a controller: topologies are built as mininet/README.md documents
 * them, the JSON protocol drives links and processes, hosts can talk TCP across the userspace
 * datapath, and stop() leaves no namespace, directory or process behind.
 *
 * Same gate as ring.test.ts: needs root; under CI=true a missing prerequisite fails.
 */
import { existsSync } from 'node:fs';
import pino from 'pino';
import { type Lab, LabCommandError, type LabNetwork, startLab } from '../../src/lab';
import { pidsInNamespaces } from '../../src/lab/netns';
import { pollUntil } from '../support/poll';
import { freePort, labGate, OFPP_LOCAL, parseOfctlShowPorts } from '../support/lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

/** `s1:2-s2:1`-style names of the links between switches, both ends ordered. Pure. */
function switchLinks(net: LabNetwork): string[] {
  return net.links
    .filter((l) => l.a.startsWith('s') && l.b.startsWith('s'))
    .map((l) => {
      const [x, y] = [`${l.a}:${l.a_port}`, `${l.b}:${l.b_port}`].sort();
      return `${x}-${y}`;
    })
    .sort();
}

describeLab('the lab', () => {
  const log = pino({ level: process.env.LAB_TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const labs: Lab[] = [];

  beforeAll(() => {
    if (gate.kind === 'fail') throw new Error(`the lab cannot run here: ${gate.reason}`);
  });

  afterAll(async () => {
    await Promise.all(labs.map((l) => l.stop()));
  }, 60_000);

  /** A lab pointed at a loopback port where nothing listens: the switches simply keep retrying. */
  async function lab(topology: string): Promise<Lab> {
    const l = await startLab({ topology, controller: { host: '127.0.0.1', port: await freePort() }, log });
    labs.push(l);
    return l;
  }

  it('builds mesh12 as documented, takes one of two parallel links down, and leaves nothing behind', async () => {
    const l = await lab('mesh12');
    expect(l.dpids.get('s10')).toBe('00:00:00:00:00:00:00:0a');
    expect(l.network.hosts.map((h) => `${h.name}=${h.ip}`)).toEqual(['h1=10.0.0.1', 'h4=10.0.0.4', 'h9=10.0.0.9', 'h10=10.0.0.10', 'h11=10.0.0.11', 'h12=10.0.0.12']);
    const links = switchLinks(l.network);
    // Self-loops and parallel links, with the ports of the README table.
    expect(links).toEqual(expect.arrayContaining(['s3:6-s3:7', 's11:4-s11:5', 's1:2-s2:1', 's1:7-s2:6', 's10:3-s7:3', 's10:4-s7:5']));
    expect(links).toHaveLength(26);
    // OVS agrees: s3 has ports 1-7 (two of them the self-loop) and LOCAL.
    const s3 = parseOfctlShowPorts(await l.ovsOfctl(['-O', 'OpenFlow13', 'show', 's3']));
    expect(s3.map((p) => p.portNumber).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, OFPP_LOCAL]);

    await expect(l.command({ cmd: 'link', a: 's1', b: 's2', state: 'down' })).rejects.toThrow(LabCommandError);
    expect(await l.command({ cmd: 'link', a: 's1', b: 's2', state: 'down', a_port: 7 })).toEqual({ a_port: 7, b_port: 6 });
    const linkDown = async (sw: string, port: number): Promise<boolean> => {
      const show = await l.ovsOfctl(['-O', 'OpenFlow13', 'show', sw]);
      const block = show.split(/\n(?= \S)/).find((b) => b.startsWith(` ${port}(`)) ?? '';
      return /state:\s+LINK_DOWN/.test(block);
    };
    await pollUntil(async () => (await linkDown('s1', 7)) && (await linkDown('s2', 6)), { timeoutMs: 5_000, what: 's1:7 and s2:6 LINK_DOWN' });
    expect(await linkDown('s1', 2)).toBe(false);

    const namespaces = new Set(l.network.hosts.map((h) => h.netns));
    await l.stop();
    expect(existsSync(`/run/netns/${l.name}`)).toBe(false);
    expect(existsSync(l.dir)).toBe(false);
    expect(pidsInNamespaces(namespaces)).toEqual([]);
  }, 60_000);

  it('carries TCP between hosts (checksum offload off) and runs background processes', async () => {
    const l = await lab('linear,2');
    // No controller here: let the switches forward as a learning switch.
    for (const sw of ['s1', 's2']) await l.ovsOfctl(['-O', 'OpenFlow13', 'add-flow', sw, 'priority=0,actions=NORMAL']);
    expect(await l.command({ cmd: 'ping', src: 'h1', dst: 'h2', count: 2 })).toMatchObject({ sent: 2, received: 2 });

    const server = await l.command({
      cmd: 'spawn',
      node: 'h2',
      args: ['/usr/bin/python3', '-c', 'import socket,sys;s=socket.create_server(("10.0.0.2",5001));print("listening",flush=True);c,_=s.accept();print(c.recv(64).decode())'],
    });
    await pollUntil(async () => (await l.command({ cmd: 'peek', proc: server.proc })).stdout.includes('listening'), { timeoutMs: 5_000, what: 'the TCP server' });
    const client = await l.command({
      cmd: 'sh',
      node: 'h1',
      args: ['/usr/bin/python3', '-c', 'import socket;socket.create_connection(("10.0.0.2",5001),timeout=5).sendall(b"over-tcp")'],
    });
    expect(client).toMatchObject({ code: 0, stderr: '' });
    expect(await l.command({ cmd: 'wait', proc: server.proc, timeout: 5 })).toMatchObject({ code: 0, stdout: 'listening\nover-tcp\n' });

    // A process still running at stop() is killed with the lab.
    await l.command({ cmd: 'spawn', node: 'h1', args: ['sleep', '600'] });
    const namespaces = new Set(l.network.hosts.map((h) => h.netns));
    await l.stop();
    expect(pidsInNamespaces(namespaces)).toEqual([]);
  }, 60_000);
});
