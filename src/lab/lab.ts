/**
 * The Open vSwitch / Mininet lab: `startLab` builds a topology in a network namespace of its own,
 * with its own Open vSwitch, and points every switch at an OpenFlow controller; `Lab.stop` undoes
 * all of it. See mininet/README.md for the design and the topologies.
 *
 * Order of startup: temp dir + owner record, namespace, OVS daemons, controller forwarder,
 * Mininet. Teardown runs in reverse and is also wired to signals and process exit (cleanup.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Dpid } from '../ofp/types';
import { reapStaleLabs, trackLab, untrackLab, writeOwner, type Teardown } from './cleanup';
import { runTool, signalPid, stopPid } from './exec';
import { type ControllerAddress, ControllerForwarder } from './forwarder';
import { createNetns, deleteNetnsSync, inNetns, LAB_NETNS_PREFIX, netnsIdOf, pidsInNamespaces } from './netns';
import { OvsInstance } from './ovs';
import { labPrerequisiteProblems } from './prereq';
import type { EdgeHostSpec, EdgeInfo, LabCommand, LabNetwork, LabReplyFor } from './protocol';
import { MininetRunner, type RunnerMode } from './runner';
import { parseTopologySpec } from './topology-spec';

export const DEFAULT_CONTROLLER: ControllerAddress = { host: '127.0.0.1', port: 6653 };

export interface LabOptions {
  /** `linear,N`, `ring,N` or `mesh12` (mininet/topologies.py). */
  readonly topology: string;
  /** Where the switches' OpenFlow connections go; default 127.0.0.1:6653. */
  readonly controller?: ControllerAddress;
  readonly log: Logger;
  /** 'serve' (default): driven through `command()`; 'interactive': Mininet's CLI on this terminal. */
  readonly mode?: RunnerMode;
  /** Stop the lab on SIGINT/SIGTERM/SIGHUP, then let the signal act (default true). */
  readonly handleSignals?: boolean;
}

/** The lab cannot start here (not root, tools missing); the message says what to do. */
export class LabUnavailableError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`cannot start the lab: ${problems.join('; ')}`);
    this.name = 'LabUnavailableError';
  }
}

/** `0000000000000001` → `00:00:00:00:00:00:00:01` (the controller's and the REST API's form). Pure. */
export function dpidFromHex(hex: string): Dpid {
  return hex.padStart(16, '0').toLowerCase().match(/../g)?.join(':') ?? hex;
}

/** The parts of a lab that exist so far; teardown handles any prefix of the startup order. */
interface Parts {
  ovs?: OvsInstance;
  forwarder?: ControllerForwarder;
  runner?: MininetRunner;
  hostNetns: string[];
}

/** A running lab. Everything it started is stopped by `stop()`. */
export class Lab implements Teardown {
  private stopping: Promise<void> | undefined;
  private network_: LabNetwork = { switches: [], hosts: [], links: [] };

  private constructor(
    /** Also the network namespace name: `isthmus-lab-<pid>-<random>`. */
    readonly name: string,
    /** The lab's temp dir (OVS database, logs, run dir). */
    readonly dir: string,
    readonly controller: ControllerAddress,
    private readonly parts: Parts,
    private readonly log: Logger,
  ) {}

  /** Switches, hosts and links as Mininet built them. */
  get network(): LabNetwork {
    return this.network_;
  }

  /** Switch name → datapath id (`s3` → `00:00:00:00:00:00:00:03`). */
  get dpids(): ReadonlyMap<string, Dpid> {
    return new Map(this.network_.switches.map((s) => [s.name, dpidFromHex(s.dpid)]));
  }

  /** The UNIX socket the switches connect to (`unix:<this>` is their controller target). */
  get controllerSocket(): string {
    return join(this.dir, 'run', 'controller.sock');
  }

  /** Resolves when the Mininet side exits (in interactive mode: when the user leaves the CLI). */
  get exited(): Promise<number | string> {
    return this.parts.runner?.exited ?? Promise.resolve('not started');
  }

  /** Starts a lab; see LabOptions. Rejects with LabUnavailableError when the machine cannot run one. Impure. */
  static async start(opts: LabOptions): Promise<Lab> {
    const spec = parseTopologySpec(opts.topology);
    if (typeof spec === 'string') throw new Error(spec);
    const problems = labPrerequisiteProblems();
    if (problems.length > 0) throw new LabUnavailableError(problems);
    const log = opts.log.child({ lab: opts.topology });
    reapStaleLabs(log);
    // The owner pid in the name keeps concurrent and crashed labs apart; the random part, two labs of one process.
    const name = `${LAB_NETNS_PREFIX}${process.pid}-${randomBytes(3).toString('hex')}`;
    // realpath: OVS compares the controller socket path with its run dir textually.
    const dir = join(realpathSync(tmpdir()), name);
    mkdirSync(dir, { mode: 0o700 });
    writeOwner(dir);
    const lab = new Lab(name, dir, opts.controller ?? DEFAULT_CONTROLLER, { hostNetns: [] }, log.child({ netns: name }));
    trackLab(lab, opts.handleSignals ?? true);
    try {
      await lab.bringUp(opts.topology, opts.mode ?? 'serve');
    } catch (e) {
      await lab.stop();
      throw e;
    }
    return lab;
  }

  private async bringUp(topology: string, mode: RunnerMode): Promise<void> {
    const t0 = Date.now();
    await createNetns(this.name);
    this.parts.ovs = await OvsInstance.start(this.name, this.dir, this.name, this.log);
    this.parts.forwarder = await ControllerForwarder.listen(this.controllerSocket, this.controller, this.log);
    // Recorded before it is ready, so a failed start still stops it.
    const runner = MininetRunner.spawn({ ns: this.name, topology, controllerSocket: this.controllerSocket, env: this.parts.ovs.env, mode, log: this.log });
    this.parts.runner = runner;
    const network = await runner.ready;
    this.network_ = network;
    this.parts.hostNetns = network.hosts.map((h) => h.netns);
    this.log.info({ ms: Date.now() - t0, switches: network.switches.length, hosts: network.hosts.length }, 'lab up');
  }

  /** Sends one command of the JSON protocol; rejects with LabCommandError when the lab answers ok:false. Impure. */
  command<C extends LabCommand>(command: C, timeoutMs?: number): Promise<LabReplyFor<C>> {
    const runner = this.parts.runner;
    if (!runner) return Promise.reject(new Error('lab is not running'));
    return runner.command(command, timeoutMs);
  }

  /**
   * Adds a customer-edge bridge `name` on a new port `port` of `sw`, with `hosts` on its access
   * ports (the `edge` command); teardown then covers the new hosts' namespaces too. Impure.
   */
  async addEdge(name: string, sw: string, port: number, hosts: readonly EdgeHostSpec[]): Promise<EdgeInfo> {
    const info = await this.command({ cmd: 'edge', name, switch: sw, port, hosts });
    this.parts.hostNetns.push(...info.hosts.map((h) => h.netns));
    return info;
  }

  /** Runs ovs-vsctl against the lab's OVS, inside its namespace; resolves with stdout. Impure. */
  ovsVsctl(args: readonly string[]): Promise<string> {
    return this.ovsTool('ovs-vsctl', ['--timeout=10', ...args]);
  }

  /** Runs ovs-ofctl against the lab's OVS (pass `-O OpenFlow13` yourself); resolves with stdout. Impure. */
  ovsOfctl(args: readonly string[]): Promise<string> {
    return this.ovsTool('ovs-ofctl', args);
  }

  private ovsTool(tool: string, args: readonly string[]): Promise<string> {
    const ovs = this.parts.ovs;
    if (!ovs) return Promise.reject(new Error('lab has no running Open vSwitch'));
    const [cmd, argv] = inNetns(this.name, tool, args);
    return runTool(cmd, argv, { env: ovs.env });
  }

  /** Stops everything the lab started and removes its namespace and temp dir; idempotent. Impure. */
  stop(): Promise<void> {
    this.stopping ??= this.tearDown();
    return this.stopping;
  }

  private async tearDown(): Promise<void> {
    const { runner, forwarder, ovs } = this.parts;
    const step = async (what: string, fn: () => Promise<void> | void): Promise<void> => {
      const t0 = Date.now();
      try {
        await fn();
        this.log.debug({ step: what, ms: Date.now() - t0 }, 'lab teardown step done');
      } catch (err) {
        this.log.warn({ err, step: what }, 'lab teardown step failed; continuing');
      }
    };
    // Mininet first: it ends its background processes and its nodes' shells while OVS is still up.
    await step('mininet', async () => {
      if (!runner || runner.hasExited) return;
      runner.requestStop();
      const pid = runner.pid;
      const exited = Promise.race([runner.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 20_000).unref())]);
      if (!(await exited) && pid !== undefined) await stopPid(pid, 5_000, () => runner.hasExited);
    });
    await step('forwarder', () => forwarder?.close());
    await step('ovs', () => ovs?.stop());
    // Whatever is still alive in the lab's namespaces was started by the lab (a host's tcpdump, a
    // Mininet shell of a crashed run_lab.py): its namespaces are ours alone.
    await step('namespaces', () => this.killNamespaceProcesses());
    await step('netns', () => deleteNetnsSync(this.name));
    await step('dir', () => rmSync(this.dir, { recursive: true, force: true }));
    untrackLab(this);
    this.log.info('lab stopped');
  }

  private namespaceIds(): Set<string> {
    const own = netnsIdOf(this.name);
    return new Set([...(own ? [own] : []), ...this.parts.hostNetns]);
  }

  private killNamespaceProcesses(): void {
    const pids = pidsInNamespaces(this.namespaceIds()).filter((p) => p !== process.pid);
    if (pids.length > 0) this.log.warn({ pids }, 'killing processes left in the lab namespaces');
    for (const pid of pids) signalPid(pid, 'SIGKILL');
  }

  /** Last resort at process exit: no waiting, SIGKILL everything and delete. */
  stopSync(): void {
    const pids = [this.parts.runner?.pid, ...(this.parts.ovs?.pids ?? [])].filter((p): p is number => p !== undefined);
    for (const pid of pids) signalPid(pid, 'SIGKILL');
    this.killNamespaceProcesses();
    deleteNetnsSync(this.name);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts a lab (see Lab.start). Impure. */
export function startLab(opts: LabOptions): Promise<Lab> {
  return Lab.start(opts);
}
