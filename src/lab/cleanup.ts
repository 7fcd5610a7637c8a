/**
 * Teardown that happens however the process ends: the live labs of this process are stopped on
 * SIGINT/SIGTERM (then the signal takes its default course) and, as a last resort, killed
 * synchronously on exit. Labs left by a crashed process are reaped by the next lab start, but
 * only when their owner is provably dead and in our pid namespace, so a concurrent lab of
 * another process is never touched.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { signalPid } from './exec';
import { deleteNetnsSync, LAB_NETNS_PREFIX, listLabNetns, netnsIdOf, pidsInNamespaces } from './netns';

/** What the registry needs of a lab. */
export interface Teardown {
  /** Orderly stop; idempotent. */
  stop(): Promise<void>;
  /** Last resort from the exit hook: SIGKILL and delete, synchronously. */
  stopSync(): void;
}

const live = new Map<Teardown, { readonly handleSignals: boolean }>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function onExit(): void {
  for (const t of live.keys()) t.stopSync();
}

function onSignal(signal: NodeJS.Signals): void {
  const labs = [...live].filter(([, o]) => o.handleSignals).map(([t]) => t);
  void Promise.allSettled(labs.map((t) => t.stop())).then(() => {
    unhookSignals();
    // With our listener gone, re-raising gives the signal its normal effect (exit) unless the
    // application has listeners of its own, which then decide.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

let exitHooked = false;
let signalsHooked = false;

function hook(signals: boolean): void {
  if (!exitHooked) process.on('exit', onExit);
  exitHooked = true;
  if (signals && !signalsHooked) for (const s of SIGNALS) process.on(s, onSignal);
  signalsHooked ||= signals;
}

function unhookSignals(): void {
  if (signalsHooked) for (const s of SIGNALS) process.off(s, onSignal);
  signalsHooked = false;
}

function uninstall(): void {
  if (exitHooked) process.off('exit', onExit);
  exitHooked = false;
  unhookSignals();
}

/** Registers a lab for teardown on exit, and on SIGINT/SIGTERM/SIGHUP if asked. Impure (process listeners). */
export function trackLab(t: Teardown, handleSignals: boolean): void {
  live.set(t, { handleSignals });
  hook(handleSignals);
}

/** Removes a stopped lab; the listeners go with the last one. Impure. */
export function untrackLab(t: Teardown): void {
  live.delete(t);
  if (live.size === 0) uninstall();
}

// ---------------------------------------------------------------------------------------------
// Owner records and stale labs

interface Owner {
  readonly pid: number;
  /** Kernel start time of the owner (field 22 of /proc/pid/stat), to tell a reused pid apart. */
  readonly startTime: string;
  /** The owner's pid namespace: a pid means nothing across pid namespaces. */
  readonly pidNs: string;
}

/** Fields 3.. of /proc/pid/stat (state, ppid, …), or undefined if there is no such process. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses; count from its closing ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function startTimeOf(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** Running and not a zombie: a killed owner can stay a zombie until its parent reaps it. */
function isRunning(pid: number, startTime: string): boolean {
  const f = statFields(pid);
  return f !== undefined && f[0] !== 'Z' && f[0] !== 'X' && f[19] === startTime;
}

function currentOwner(): Owner {
  return { pid: process.pid, startTime: startTimeOf(process.pid) ?? '', pidNs: readlinkSync('/proc/self/ns/pid') };
}

/** Writes the owner record of a lab into its directory. Impure. */
export function writeOwner(dir: string): void {
  writeFileSync(join(dir, 'owner.json'), `${JSON.stringify(currentOwner())}\n`);
}

function isStale(name: string): boolean {
  let owner: Owner;
  try {
    owner = JSON.parse(readFileSync(join(tmpdir(), name, 'owner.json'), 'utf8')) as Owner;
  } catch {
    return false; // no proof of ownership: leave it alone
  }
  const me = currentOwner();
  if (owner.pidNs !== me.pidNs || owner.pid === me.pid) return false;
  return !isRunning(owner.pid, owner.startTime);
}

/** Removes labs whose owning process is dead: their processes, namespace and temp dir. Impure. */
export function reapStaleLabs(log: Logger): void {
  let dirs: string[] = [];
  try {
    dirs = readdirSync(tmpdir()).filter((n) => n.startsWith(LAB_NETNS_PREFIX));
  } catch {
    // No temp dir listing: only namespaces can be considered, and they need an owner record.
  }
  for (const name of new Set([...listLabNetns(), ...dirs])) {
    if (!isStale(name)) continue;
    const id = netnsIdOf(name);
    const pids = id ? pidsInNamespaces(new Set([id])) : [];
    for (const pid of pids) signalPid(pid, 'SIGKILL');
    deleteNetnsSync(name);
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
    log.warn({ stale: name, killed: pids }, 'reaped a lab left behind by a dead process');
  }
}
