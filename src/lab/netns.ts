/**
 * Network namespaces of a lab. The lab's own namespace is named (`ip netns add`); Mininet's hosts
 * live in unnamed namespaces that the lab learns by their `net:[inode]` id. Teardown finds the
 * processes to stop by namespace, so it stops exactly what the lab started and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { runTool } from './exec';

/** Prefix of every lab namespace name; the rest is `<owner pid>-<random>`. */
export const LAB_NETNS_PREFIX = 'isthmus-lab-';

/** The argv that runs `cmd args…` inside namespace `ns`. Pure. */
export function inNetns(ns: string, cmd: string, args: readonly string[]): [string, string[]] {
  return ['ip', ['netns', 'exec', ns, cmd, ...args]];
}

/** Creates the named namespace, with IPv6 off (lab-notes trap 6). Impure. */
export async function createNetns(ns: string): Promise<void> {
  await runTool('ip', ['netns', 'add', ns]);
  const [cmd, args] = inNetns(ns, 'sysctl', ['-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
  await runTool(cmd, args);
  // Loopback up, so tools inside the namespace that expect it behave as on any host.
  const [lcmd, largs] = inNetns(ns, 'ip', ['link', 'set', 'lo', 'up']);
  await runTool(lcmd, largs);
}

/** The kernel's id for a named namespace (`net:[inode]`), or undefined if it does not exist. Impure. */
export function netnsIdOf(ns: string): string | undefined {
  try {
    return `net:[${statSync(`/run/netns/${ns}`).ino}]`;
  } catch {
    return undefined;
  }
}

/** Names of existing namespaces that a lab created (by prefix). Impure. */
export function listLabNetns(): string[] {
  try {
    return readdirSync('/run/netns').filter((n) => n.startsWith(LAB_NETNS_PREFIX));
  } catch {
    return [];
  }
}

/** Pids of every process whose network namespace is one of `ids`; scans /proc. Impure. */
export function pidsInNamespaces(ids: ReadonlySet<string>): number[] {
  const pids: number[] = [];
  if (ids.size === 0) return pids;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (ids.has(readlinkSync(`/proc/${entry}/ns/net`))) pids.push(Number(entry));
    } catch {
      // The process exited while we looked, or is not ours to inspect.
    }
  }
  return pids;
}

/** Deletes a named namespace; its remaining interfaces (veths, OVS taps) go with it. Sync, impure. */
export function deleteNetnsSync(ns: string): void {
  try {
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
}
