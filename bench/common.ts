/** Helpers shared by the benchmarks. */
import { existsSync } from 'node:fs';
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
