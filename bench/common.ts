/** Helpers shared by the benchmarks. */
import { existsSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** The package root: the nearest directory above this file with a package.json (benchmarks run from .bench/build). */
export function findRoot(): string {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json'))) {
    if (dirname(d) === d) throw new Error('package.json not found above the bench');
    d = dirname(d);
  }
  return d;
}

/** A free TCP port on 127.0.0.1 (free when asked; the controller binds it soon after). */
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

/** src/lab looks for mininet/ two levels above its compiled module (.bench/build/src/lab): link it there. */
export function linkMininetDir(root: string): void {
  const at = join(__dirname, '..', 'mininet');
  if (!existsSync(join(at, 'run_lab.py'))) symlinkSync(join(root, 'mininet'), at, 'dir');
}

/** Polls `cond` every 5 ms until it holds or `timeoutMs` passes. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
