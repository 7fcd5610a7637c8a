/**
 * Helpers for the lab tests (jest project `lab`): whether the lab can run here, building dist/,
 * running the built controller as a child process, and reading what OVS says about its ports.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { labPrerequisiteProblems, isRoot } from '../../src/lab';

export const ROOT = join(__dirname, '..', '..');

/**
 * `run`: go. `skip`: not root outside CI, the only case a lab test may skip. `fail`: anything
 * else that is missing, and everything missing under CI=true (CI runs as root with the packages
 * installed by `npm test`'s ensure-deps, so a missing tool there is a broken pipeline).
 */
export type LabGate = { readonly kind: 'run' } | { readonly kind: 'skip' | 'fail'; readonly reason: string };

/** Decides whether the lab tests run, skip or fail on this machine. Impure. */
export function labGate(): LabGate {
  const ci = process.env.CI === 'true';
  if (!isRoot() && !ci) return { kind: 'skip', reason: 'the lab tests need root (they create namespaces and OVS bridges)' };
  const problems = labPrerequisiteProblems();
  return problems.length === 0 ? { kind: 'run' } : { kind: 'fail', reason: problems.join('; ') };
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). Impure. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The controller entry the lab tests run: dist/main.js, or ISTHMUS_LAB_CONTROLLER_JS to try the
 * lab test against another build (a development stand-in, an older release). Impure (reads env).
 */
export function controllerEntry(): { readonly script: string; readonly needsBuild: boolean } {
  const other = process.env.ISTHMUS_LAB_CONTROLLER_JS;
  return other ? { script: other, needsBuild: false } : { script: join(ROOT, 'dist', 'main.js'), needsBuild: true };
}

/** Compiles src/ into dist/ (tsc -p tsconfig.build.json, incremental). Rejects with tsc's output. Impure. */
export function buildDist(): Promise<void> {
  const tsc = require.resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, timeout: 180_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`build failed:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

/** The controller as a child process, with its output kept for failure messages. */
export interface ControllerProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr interleaved). */
  output(): string;
  /** Exit code (or signal name) once it has exited, else undefined. */
  exitStatus(): number | string | undefined;
  /** SIGTERM, then resolves with the exit status, or rejects after `timeoutMs` (and SIGKILLs it). */
  terminate(timeoutMs: number): Promise<number | string>;
}

/** Starts `node <controller entry> --of-host 127.0.0.1 …` on the given ports. Impure. */
export function spawnController(opts: { ofPort: number; apiPort: number; dataDir: string; logLevel?: string }): ControllerProcess {
  const args = [
    controllerEntry().script,
    ...['--of-host', '127.0.0.1', '--of-port', String(opts.ofPort)],
    ...['--api-host', '127.0.0.1', '--api-port', String(opts.apiPort)],
    ...['--data-dir', opts.dataDir, '--log-level', opts.logLevel ?? 'warn'],
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const status = (): number | string | undefined => child.exitCode ?? child.signalCode ?? undefined;
  return {
    child,
    output: () => out,
    exitStatus: status,
    async terminate(timeoutMs) {
      if (status() === undefined) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`controller did not exit within ${timeoutMs} ms of SIGTERM; output:\n${out}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** GET `url` and parse JSON; undefined while the server is not answering yet. Impure. */
export async function getJson(url: string): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const res = await fetch(url);
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    return undefined;
  }
}

/** A port as `ovs-ofctl -O OpenFlow13 show` lists it. */
export interface OvsPort {
  readonly portNumber: number;
  readonly name: string;
  readonly mac: string;
}

/** OFPP_LOCAL, shown as `LOCAL` by ovs-ofctl. */
export const OFPP_LOCAL = 0xfffffffe;

/** Parses the port lines (` 1(s1-eth1): addr:…`, ` LOCAL(s1): addr:…`) of `ovs-ofctl show`. Pure. */
export function parseOfctlShowPorts(text: string): OvsPort[] {
  const ports: OvsPort[] = [];
  for (const m of text.matchAll(/^ (\d+|LOCAL)\(([^)]+)\): addr:([0-9a-f:]{17})$/gm)) {
    const [, no, name, mac] = m as unknown as [string, string, string, string];
    ports.push({ portNumber: no === 'LOCAL' ? OFPP_LOCAL : Number(no), name, mac });
  }
  return ports;
}
