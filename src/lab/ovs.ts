/**
 * The lab's own Open vSwitch: an ovsdb-server and a userspace ovs-vswitchd started directly (not
 * via ovs-ctl, which calls modprobe), inside the lab's network namespace, with every directory
 * under the lab's temp dir. One userspace ovs-vswitchd per namespace is all that works (each
 * creates a tap named ovs-netdev: lab-notes trap 3), hence the namespace of its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { runTool, stopPid, waitFor } from './exec';
import { inNetns } from './netns';

/** Directories of one OVS instance; all under the lab's temp dir. */
export interface OvsDirs {
  readonly run: string;
  readonly db: string;
  readonly log: string;
  readonly etc: string;
}

/** The directory layout of an OVS instance rooted at `root`. Pure. */
export function ovsDirs(root: string): OvsDirs {
  return { run: join(root, 'run'), db: join(root, 'db'), log: join(root, 'log'), etc: join(root, 'etc') };
}

/** The environment that points ovs-vsctl, ovs-ofctl and Mininet at this instance. Pure. */
export function ovsEnv(dirs: OvsDirs, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, OVS_RUNDIR: dirs.run, OVS_DBDIR: dirs.db, OVS_LOGDIR: dirs.log, OVS_SYSCONFDIR: dirs.etc };
}

const SCHEMA_CANDIDATES = ['/usr/share/openvswitch/vswitch.ovsschema', '/usr/local/share/openvswitch/vswitch.ovsschema'];

/** Path of the Open_vSwitch database schema: the Debian location, else asks dpkg. Impure. */
export async function findVswitchSchema(): Promise<string> {
  const known = SCHEMA_CANDIDATES.find((p) => existsSync(p));
  if (known) return known;
  const listing = await runTool('dpkg', ['-L', 'openvswitch-common', 'openvswitch-switch']).catch(() => '');
  const found = listing.split('\n').find((l) => l.endsWith('/vswitch.ovsschema'));
  if (!found) throw new Error('cannot find vswitch.ovsschema: is openvswitch-switch installed? (node scripts/ensure-deps.js lab)');
  return found;
}

type DaemonName = 'ovsdb-server' | 'ovs-vswitchd';

/**
 * How long a daemon may take to exit on SIGTERM before SIGKILL. ovs-vswitchd needs about 36 ms per
 * switch to exit (linear,100: 3.6 s) whichever the signal: the kernel's time to close its packet
 * sockets and taps.
 */
const STOP_GRACE_MS = 10_000;

/** A running ovsdb-server + ovs-vswitchd pair. */
export class OvsInstance {
  private constructor(
    readonly dirs: OvsDirs,
    readonly env: NodeJS.ProcessEnv,
    private readonly daemons: Array<{ readonly name: DaemonName; readonly child: ChildProcess }>,
    private readonly log: Logger,
  ) {}

  /** Pids of the daemons this instance started (for the last-resort exit hook). */
  get pids(): number[] {
    return this.daemons.flatMap(({ child }) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** Creates the database and starts both daemons in namespace `ns`; resolves once vswitchd has applied the config. Impure. */
  static async start(ns: string, root: string, labName: string, log: Logger): Promise<OvsInstance> {
    const dirs = ovsDirs(root);
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    const env = ovsEnv(dirs);
    const dbFile = join(dirs.db, 'conf.db');
    await runTool('ovsdb-tool', ['create', dbFile, await findVswitchSchema()], { env });
    const inst = new OvsInstance(dirs, env, [], log);
    try {
      const ovsdb = inst.spawnDaemon(ns, 'ovsdb-server', [dbFile, `--remote=punix:${join(dirs.run, 'db.sock')}`]);
      await waitFor('ovsdb-server to accept ovs-vsctl', 10_000, async () => {
        inst.assertRunning('ovsdb-server', ovsdb);
        await runTool('ovs-vsctl', ['--no-wait', 'init'], { env, timeoutMs: 2_000 });
        return true;
      });
      const vswitchd = inst.spawnDaemon(ns, 'ovs-vswitchd', [`unix:${join(dirs.run, 'db.sock')}`]);
      // Without --no-wait, ovs-vsctl returns only after ovs-vswitchd has applied the change.
      await waitFor('ovs-vswitchd to apply its configuration', 15_000, async () => {
        inst.assertRunning('ovs-vswitchd', vswitchd);
        await runTool('ovs-vsctl', ['--timeout=5', 'set', 'Open_vSwitch', '.', `external_ids:isthmus-lab=${labName}`], { env, timeoutMs: 6_000 });
        return true;
      });
    } catch (e) {
      await inst.stop();
      throw e;
    }
    return inst;
  }

  private spawnDaemon(ns: string, daemon: DaemonName, args: string[]): ChildProcess {
    const { run, log } = this.dirs;
    const [cmd, argv] = inNetns(ns, daemon, [
      ...args,
      `--pidfile=${join(run, `${daemon}.pid`)}`,
      `--unixctl=${join(run, `${daemon}.ctl`)}`,
      `--log-file=${join(log, `${daemon}.log`)}`,
      '-vconsole:off',
      '-vfile:info',
    ]);
    // detached: its own process group, so a Ctrl-C on the terminal reaches the supervisor only,
    // which then tears the lab down in order.
    const child = spawn(cmd, argv, { env: this.env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      // Only the "opened log file" line arrives here in normal operation (-vconsole:off takes
      // effect after it); real failures are reported with the log tail when the daemon dies.
      this.log.debug({ daemon, stderr: s.trim() }, 'ovs daemon stderr');
    });
    child.on('error', (err) => this.log.error({ daemon, err }, 'ovs daemon failed to start'));
    child.on('exit', (code, signal) => {
      this.log.debug({ daemon, code, signal, stderr: stderr.trim() || undefined }, 'ovs daemon exited');
    });
    this.daemons.push({ name: daemon, child });
    return child;
  }

  private assertRunning(name: DaemonName, child: ChildProcess): void {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}); see ${this.logTail(name)}`);
    }
  }

  private logTail(daemon: string): string {
    const file = join(this.dirs.log, `${daemon}.log`);
    try {
      return `${file}:\n${readFileSync(file, 'utf8').split('\n').slice(-10).join('\n')}`;
    } catch {
      return file;
    }
  }

  /** Stops vswitchd then ovsdb-server (SIGTERM, then SIGKILL after a grace period). Impure. */
  async stop(): Promise<void> {
    for (const { child } of [...this.daemons].reverse()) {
      if (child.pid === undefined) continue;
      await stopPid(child.pid, STOP_GRACE_MS, () => child.exitCode !== null || child.signalCode !== null);
    }
  }
}
