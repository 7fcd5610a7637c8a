/**
 * The Mininet half of the lab: mininet/run_lab.py, started inside the lab's namespace with the
 * lab's OVS_RUNDIR. In `serve` mode this speaks the JSON line protocol on the child's stdin and
 * stdout; in `interactive` mode the child owns the terminal (Mininet's CLI) and reports the built
 * network on an extra pipe (fd 3), read here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { inNetns } from './netns';
import { type LabCommand, LabCommandError, type LabNetwork, type LabReplyFor, type LabWireReply } from './protocol';

/** Mininet is installed for Debian's python3; the first python3 on PATH may be another build (lab-notes trap 5). */
export const LAB_PYTHON = '/usr/bin/python3';

/** mininet/run_lab.py, from src/lab or dist/lab (both two levels below the package root). */
export const RUN_LAB_PY = join(__dirname, '..', '..', 'mininet', 'run_lab.py');

export type RunnerMode = 'serve' | 'interactive';

interface Pending {
  readonly command: LabCommand;
  readonly resolve: (reply: Record<string, unknown>) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Default time a command may take before it is abandoned (seconds of pinging can legitimately pass). */
const COMMAND_TIMEOUT_MS = 60_000;
/** Time Mininet may take to build the network (linear,100: about 4 s; 254 switches: well under this). */
const READY_TIMEOUT_MS = 120_000;

export class MininetRunner {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail: string[] = [];
  /** Resolves with the exit code (or signal name) when run_lab.py exits. */
  readonly exited: Promise<number | string>;
  /** Resolves with the built network once run_lab.py reports it; rejects if it exits first. */
  readonly ready: Promise<LabNetwork>;

  private constructor(
    private readonly child: ChildProcess,
    mode: RunnerMode,
    private readonly log: Logger,
  ) {
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        const why = code ?? signal ?? 'unknown';
        this.failAll(new Error(`run_lab.py exited (${why})${this.tail()}`));
        resolve(why);
      });
    });
    child.on('error', (err) => this.failAll(err));
    // A write racing the child's exit fails with EPIPE; the exit handler reports that case.
    child.stdin?.on('error', (err) => this.log.debug({ err }, 'run_lab.py stdin'));
    this.watchStderr(child.stderr);
    if (mode === 'serve' && child.stdout) createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    const early = this.exited.then((why) => Promise.reject(new Error(`run_lab.py exited (${why}) before the network was up${this.tail()}`)));
    const reported = mode === 'serve' ? this.command({ cmd: 'ready?' }, READY_TIMEOUT_MS) : this.readyFromStatusPipe();
    this.ready = Promise.race([reported, early]);
    // Whoever awaits `ready` sees a failure; these keep the losing branch from being "unhandled".
    early.catch(() => undefined);
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Starts run_lab.py; `ready` then resolves with the network it built, or rejects if it exits
   * first. In interactive mode the child inherits the terminal. Impure.
   */
  static spawn(opts: {
    readonly ns: string;
    readonly topology: string;
    readonly controllerSocket: string;
    readonly env: NodeJS.ProcessEnv;
    readonly mode: RunnerMode;
    readonly log: Logger;
  }): MininetRunner {
    // -B: no __pycache__ written into the source tree.
    const base = ['-B', RUN_LAB_PY, opts.topology, '--controller-socket', opts.controllerSocket];
    const modeArgs = opts.mode === 'serve' ? ['--serve'] : ['--cli', '--status-fd', '3'];
    const [cmd, args] = inNetns(opts.ns, LAB_PYTHON, [...base, ...modeArgs]);
    const child =
      opts.mode === 'serve'
        ? // detached: a Ctrl-C on the terminal must reach the supervisor only, which stops the lab in order.
          spawn(cmd, args, { env: opts.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
        : // Same process group as us: Mininet's CLI must be in the terminal's foreground group to read it.
          spawn(cmd, args, { env: opts.env, stdio: ['inherit', 'inherit', 'inherit', 'pipe'] });
    return new MininetRunner(child, opts.mode, opts.log);
  }

  private readyFromStatusPipe(): Promise<LabNetwork> {
    const status = this.child.stdio[3] as Readable | null | undefined;
    if (!status) return Promise.reject(new Error('run_lab.py has no status pipe'));
    return new Promise<LabNetwork>((resolve, reject) => {
      createInterface({ input: status }).once('line', (line) => {
        try {
          resolve(JSON.parse(line) as LabNetwork);
        } catch {
          reject(new Error(`run_lab.py reported its network in a line that is not JSON: ${line.slice(0, 200)}`));
        }
      });
    });
  }

  /** Sends one command and resolves with its success reply; rejects with LabCommandError on `ok: false`. Impure. */
  command<C extends LabCommand>(command: C, timeoutMs = COMMAND_TIMEOUT_MS): Promise<LabReplyFor<C>> {
    const stdin = this.child.stdin;
    if (!stdin || stdin.writableEnded || this.hasExited) return Promise.reject(new Error(`lab is not serving commands (cannot send ${command.cmd})`));
    const id = this.nextId++;
    return new Promise<LabReplyFor<C>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`lab command ${command.cmd} got no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { command, resolve: (r) => resolve(r as unknown as LabReplyFor<C>), reject, timer });
      stdin.write(`${JSON.stringify({ ...command, id })}\n`);
    });
  }

  /**
   * Asks run_lab.py to stop the network and exit: the `stop` command, then EOF (which stops it
   * too). In interactive mode there is no pipe, so it gets SIGTERM instead. Impure.
   */
  requestStop(): void {
    if (this.hasExited) return;
    if (!this.child.stdin) {
      // run_lab.py turns SIGTERM into an orderly stop of its nodes.
      this.child.kill('SIGTERM');
      return;
    }
    this.command({ cmd: 'stop' }).catch(() => undefined);
    this.child.stdin.end();
  }

  private onLine(line: string): void {
    let reply: LabWireReply;
    try {
      reply = JSON.parse(line) as LabWireReply;
    } catch {
      this.log.warn({ line }, 'run_lab.py wrote a line that is not JSON');
      return;
    }
    const p = reply.id === undefined ? undefined : this.pending.get(reply.id);
    if (!p || reply.id === undefined) {
      this.log.warn({ reply }, 'reply to no pending lab command');
      return;
    }
    this.pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) {
      const { ok: _ok, id: _id, ...body } = reply;
      p.resolve(body);
    } else {
      p.reject(new LabCommandError(p.command, reply.error));
    }
  }

  /** Keeps the last lines of Mininet's output (serve mode) for error messages, and logs them at debug. */
  private watchStderr(stderr: Readable | null): void {
    if (!stderr) return;
    createInterface({ input: stderr }).on('line', (line) => {
      this.stderrTail = [...this.stderrTail.slice(-19), line];
      this.log.debug({ line }, 'run_lab.py');
    });
  }

  private tail(): string {
    return this.stderrTail.length ? `; its last output:\n${this.stderrTail.join('\n')}` : '';
  }

  private failAll(err: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(err);
    }
  }
}
