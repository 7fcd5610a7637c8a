/**
 * What a lab needs from the machine: root, and the tools of the Debian packages that
 * `node scripts/ensure-deps.js lab` installs.
 */
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { LAB_PYTHON } from './runner';

/** Executables the lab runs, with the Debian package that ships each. */
const TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['ip', 'iproute2'],
  ['ovsdb-tool', 'openvswitch-common'],
  ['ovs-vsctl', 'openvswitch-common'],
  ['ovs-ofctl', 'openvswitch-common'],
  ['ovsdb-server', 'openvswitch-switch'],
  ['ovs-vswitchd', 'openvswitch-switch'],
  ['mnexec', 'mininet'],
  ['ethtool', 'ethtool'],
  ['ping', 'iputils-ping'],
  // Captures in the lab tests (test/lab/eline*.test.ts read tags off the wire with it).
  ['tcpdump', 'tcpdump'],
];

// sbin directories are often missing from a non-root PATH, yet that is where the daemons live.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function onPath(cmd: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS].filter(Boolean);
  return dirs.some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether this process runs as root. Impure. */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Why a lab cannot run here, one sentence per problem (empty when it can). `root` checks the
 * effective user too. Impure (looks at the file system and runs python3 once).
 */
export function labPrerequisiteProblems(opts: { readonly root?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (opts.root !== false && !isRoot()) {
    problems.push('the lab must run as root: it creates network namespaces, veth links and Open vSwitch bridges');
  }
  const missing = TOOLS.filter(([cmd]) => !onPath(cmd));
  const pkgs = new Set(missing.map(([, pkg]) => pkg));
  const py = spawnSync(LAB_PYTHON, ['-c', 'import mininet.net'], { stdio: 'ignore' });
  if (py.status !== 0) pkgs.add('mininet');
  if (pkgs.size > 0) {
    const what = [...missing.map(([cmd]) => cmd), ...(py.status !== 0 ? [`${LAB_PYTHON} -c 'import mininet'`] : [])];
    problems.push(
      `missing ${what.join(', ')}: install the Debian packages ${[...pkgs].join(' ')} (as root: node scripts/ensure-deps.js lab)`,
    );
  }
  return problems;
}
