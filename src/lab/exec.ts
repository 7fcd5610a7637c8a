/**
 * Process helpers for the lab: run a tool with an argument array (never a shell string), wait for
 * a condition with a deadline, and stop a process by pid.
 */
import { execFile } from 'node:child_process';

/** Failure of a tool run: the command line, exit status and stderr, for the operator to read. */
export class LabToolError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | string | null,
    readonly stderr: string,
  ) {
    super(`${argv.join(' ')} failed (${exitCode ?? 'signal'}): ${stderr.trim().slice(-500)}`);
    this.name = 'LabToolError';
  }
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Runs `cmd args…` to completion and resolves with its stdout; rejects with LabToolError. Impure. */
export function runTool(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const code = typeof err.code === 'number' || typeof err.code === 'string' ? err.code : null;
          reject(new LabToolError([cmd, ...args], err.killed ? 'timeout' : code, stderr || err.message));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `probe` until it returns a value other than undefined, and resolves with it; rejects
 * after `timeoutMs` with the last error the probe threw. Impure (timers).
 */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await delay(intervalMs);
  }
}

/** Whether a process with this pid exists (signal 0 probes without signalling). Impure. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but is not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` to pid, ignoring a process that is already gone. Impure. */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already exited: nothing to stop.
  }
}

/**
 * Stops `pid`: SIGTERM, then SIGKILL if it is still there after `graceMs`. Resolves once it is
 * gone (a zombie child counts as gone once reaped by its parent's exit handler). Impure.
 */
export async function stopPid(pid: number, graceMs: number, exited: () => boolean = () => !isAlive(pid)): Promise<void> {
  if (exited()) return;
  signalPid(pid, 'SIGTERM');
  try {
    await waitFor(`pid ${pid} to exit`, graceMs, async () => (exited() ? true : undefined), 20);
  } catch {
    signalPid(pid, 'SIGKILL');
    await waitFor(`pid ${pid} to exit after SIGKILL`, 5_000, async () => (exited() ? true : undefined), 20);
  }
}
