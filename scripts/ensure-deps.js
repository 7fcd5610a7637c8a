#!/usr/bin/env node
/**
 * Installs the Debian packages that Isthmus's tests, benchmarks and lab use, when they are missing.
 *   node scripts/ensure-deps.js test    (run by `npm test` before jest; includes the lab's packages,
 *                                        since the jest project `lab` runs Open vSwitch and Mininet)
 *   node scripts/ensure-deps.js bench   (run by `npm run bench:*`)
 *   node scripts/ensure-deps.js lab     (run by `npm run lab`)
 * As root on Debian it runs apt-get update, then apt-get install; otherwise it says what to
 * install. Under CI=true a missing dependency that cannot be installed is a failure, never a skip.
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

/**
 * A Debian package, present when dpkg says it is installed. Where there is no dpkg (another
 * distribution), the probe command stands in, so a machine with the tools installed otherwise passes.
 */
const deb = (pkg, probe) => ({ pkg, present: () => dpkgInstalled(pkg) ?? has(probe) });

// What the lab runs (src/lab, mininet/): Open vSwitch's daemons and tools, Mininet (for Debian's
// /usr/bin/python3), ip, ping, ethtool (checksum offload off on hosts) and tcpdump (captures).
const LAB = [
  deb('openvswitch-common', 'ovs-vsctl'),
  deb('openvswitch-switch', 'ovs-vswitchd'),
  { pkg: 'mininet', present: () => (dpkgInstalled('mininet') ?? has('mnexec')) && pyImports('mininet.net') },
  deb('iputils-ping', 'ping'),
  deb('iproute2', 'ip'),
  deb('ethtool', 'ethtool'),
  deb('tcpdump', 'tcpdump'),
];

const PROFILES = {
  test: LAB,
  bench: [
    { pkg: 'openvswitch-common', present: () => has('ovs-ofctl') },
    { pkg: 'python3-os-ken', present: () => pyImports('os_ken.ofproto.ofproto_v1_3_parser') },
  ],
  lab: LAB,
};

/** true/false from dpkg, or undefined when there is no dpkg-query to ask. */
function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  if (r.error) return undefined;
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function has(cmd) {
  // sbin is often missing from a non-root PATH, and that is where ovs-vswitchd lives.
  const path = `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore', env: { ...process.env, PATH: path } }).status === 0;
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
    console.warn(`${msg}; what needs them will fail or, for the lab tests when not root, skip`);
    return;
  }
  console.log(`ensure-deps: installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

main();
