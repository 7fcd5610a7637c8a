/**
 * `isthmus lab <topology> [--controller host:port] [--cli | --no-cli] [--log-level L]`: start a
 * lab pointed at a running controller and hand the terminal to Mininet's CLI; leaving the CLI
 * (exit, Ctrl-D) tears the lab down. With --no-cli the lab runs until SIGINT/SIGTERM.
 */
import pino, { type Logger } from 'pino';
import { type ControllerAddress } from './forwarder';
import { DEFAULT_CONTROLLER, type Lab, startLab } from './lab';
import { labPrerequisiteProblems } from './prereq';
import { parseTopologySpec } from './topology-spec';

/** Where the command writes; `process.stdout`/`process.stderr` fit. */
export interface LabCliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const LAB_USAGE = `Usage: isthmus lab <topology> [--controller host:port] [--cli | --no-cli] [--log-level level]

Starts Open vSwitch and Mininet in a network namespace of their own, builds <topology> and points
every switch at the controller (default ${DEFAULT_CONTROLLER.host}:${DEFAULT_CONTROLLER.port}, e.g. one started with
\`npm start\`). Needs root.

Topologies (mininet/README.md):
  linear,N   s1 - s2 - ... - sN, host hK on sK
  ring,N     linear,N closed into a ring (N >= 3)
  mesh12     12 switches, meshy, with parallel links and self-loops

  --controller host:port   the controller's OpenFlow address
  --cli                    Mininet's CLI on this terminal (default); exit or Ctrl-D stops the lab
  --no-cli                 no CLI: the lab runs until SIGINT or SIGTERM
  --log-level level        fatal|error|warn|info|debug|trace (default warn), on stderr

Exit status: 0 ok, 1 the lab failed or cannot run here, 2 usage error.
`;

interface LabCliArgs {
  readonly topology: string;
  readonly controller: ControllerAddress;
  readonly interactive: boolean;
  readonly logLevel: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/** `host:port` (or `[v6]:port`) → address; a message when malformed. Pure. */
export function parseControllerAddress(text: string): ControllerAddress | string {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  const host = m?.[1] ?? m?.[2];
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) return `--controller wants host:port, got '${text}'`;
  return { host, port };
}

/** Parses the arguments after `lab`; a usage message string when they are wrong. Pure. */
export function parseLabCliArgs(argv: readonly string[]): LabCliArgs | 'help' | string {
  let topology: string | undefined;
  let controller = DEFAULT_CONTROLLER;
  let interactive = true;
  let logLevel = 'warn';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--cli':
        interactive = true;
        break;
      case '--no-cli':
        interactive = false;
        break;
      case '--controller': {
        const parsed = parseControllerAddress(value() ?? '');
        if (typeof parsed === 'string') return parsed;
        controller = parsed;
        break;
      }
      case '--log-level': {
        const level = value() ?? '';
        if (!LOG_LEVELS.includes(level)) return `--log-level wants one of ${LOG_LEVELS.join('|')}, got '${level}'`;
        logLevel = level;
        break;
      }
      default:
        if (flag.startsWith('-')) return `unknown option '${flag}'`;
        if (topology !== undefined) return `one topology only (got '${topology}' and '${arg}')`;
        topology = arg;
    }
  }
  if (topology === undefined) return 'which topology? e.g. ring,4';
  const spec = parseTopologySpec(topology);
  if (typeof spec === 'string') return spec;
  return { topology, controller, interactive, logLevel };
}

/** Resolves with the first of SIGINT/SIGTERM/SIGHUP from `signals` (SIGINT is left to Mininet's CLI in interactive mode). */
function nextSignal(signals: readonly NodeJS.Signals[]): { promise: Promise<NodeJS.Signals>; dispose: () => void } {
  const handlers = new Map<NodeJS.Signals, () => void>();
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    for (const s of signals) {
      const h = (): void => resolve(s);
      handlers.set(s, h);
      process.on(s, h);
    }
  });
  return { promise, dispose: () => handlers.forEach((h, s) => process.off(s, h)) };
}

const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** The `lab` command: runs a lab until the user leaves it; resolves with the exit status. Impure. */
export async function runLabCli(argv: readonly string[], io: LabCliIo): Promise<number> {
  const args = parseLabCliArgs(argv);
  if (args === 'help') {
    io.stdout.write(LAB_USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    io.stderr.write(`isthmus lab: ${args}\n\n${LAB_USAGE}`);
    return 2;
  }
  const problems = labPrerequisiteProblems();
  if (problems.length > 0) {
    io.stderr.write(problems.map((p) => `isthmus lab: ${p}\n`).join(''));
    return 1;
  }
  const log: Logger = pino({ name: 'isthmus-lab', level: args.logLevel }, pino.destination({ dest: 2, sync: true }));
  // In interactive mode Ctrl-C belongs to Mininet's CLI (it interrupts the running command), so
  // this process ignores SIGINT then; SIGTERM and SIGHUP always stop the lab.
  const ignoreSigint = (): void => undefined;
  if (args.interactive) process.on('SIGINT', ignoreSigint);
  const stopSignals = nextSignal(args.interactive ? ['SIGTERM', 'SIGHUP'] : ['SIGINT', 'SIGTERM', 'SIGHUP']);
  const { host, port } = args.controller;
  io.stderr.write(`isthmus lab: starting ${args.topology}, switches connect to ${host}:${port}\n`);
  let lab: Lab | undefined;
  try {
    const starting = startLab({ topology: args.topology, controller: args.controller, log, mode: args.interactive ? 'interactive' : 'serve', handleSignals: false });
    const first = await Promise.race([starting.then((l) => ({ lab: l })), stopSignals.promise.then((signal) => ({ signal }))]);
    if ('signal' in first) {
      // Stopped while starting: let the start finish (or fail), then tear down.
      await starting.then((l) => l.stop(), () => undefined);
      return SIGNAL_EXIT[first.signal] ?? 1;
    }
    lab = first.lab;
    const n = lab.network;
    io.stderr.write(
      `isthmus lab: ${lab.name} up: ${n.switches.length} switches, ${n.hosts.length} hosts, ${n.links.length} links; ` +
        `controller socket unix:${lab.controllerSocket}\n` +
        (args.interactive ? 'isthmus lab: leave the Mininet CLI (exit or Ctrl-D) to stop the lab\n' : 'isthmus lab: Ctrl-C stops the lab\n'),
    );
    const end = await Promise.race([lab.exited.then((code) => ({ code })), stopSignals.promise.then((signal) => ({ signal }))]);
    await lab.stop();
    io.stderr.write(`isthmus lab: ${lab.name} stopped\n`);
    if ('signal' in end) return SIGNAL_EXIT[end.signal] ?? 1;
    return end.code === 0 ? 0 : 1;
  } catch (e) {
    io.stderr.write(`isthmus lab: ${e instanceof Error ? e.message : String(e)}\n`);
    await lab?.stop();
    return 1;
  } finally {
    stopSignals.dispose();
    process.off('SIGINT', ignoreSigint);
  }
}
