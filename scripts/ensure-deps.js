#!/usr/bin/env node
/**
 * Installs the Debian packages that Isthmus's tests and benchmarks use, when they are missing.
 *   node scripts/ensure-deps.js test    (run by `npm test` before jest)
 *   node scripts/ensure-deps.js bench   (run by `npm run bench:*`)
 * As root on Debian it runs apt-get; otherwise it says what to install. Under CI=true a missing
 * dependency that cannot be installed is a failure, never a skip.
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const PROFILES = {
  test: [{ pkg: 'openvswitch-common', present: () => has('ovs-ofctl') }],
  bench: [
    { pkg: 'openvswitch-common', present: () => has('ovs-ofctl') },
    { pkg: 'python3-os-ken', present: () => pyImports('os_ken.ofproto.ofproto_v1_3_parser') },
  ],
};

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function pyImports(mod) {
  return existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;
}

function main() {
  const profile = process.argv[2] ?? 'test';
  const wanted = PROFILES[profile];
  if (!wanted) {
    console.error(`ensure-deps: unknown profile '${profile}' (expected: ${Object.keys(PROFILES).join(', ')})`);
    process.exit(2);
  }
  const missing = wanted.filter((d) => !d.present()).map((d) => d.pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !has('apt-get')) {
    const msg = `ensure-deps: missing Debian packages: ${missing.join(' ')} (install them with apt-get as root)`;
    if (process.env.CI === 'true') {
      console.error(msg);
      process.exit(1);
    }
    console.warn(`${msg}; tests that need them will fail`);
    return;
  }
  console.log(`ensure-deps: installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

main();
