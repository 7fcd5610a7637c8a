/**
 * of_lldp link liveness (kytos-api.md §4 "Liveness"): one state machine per interface on which
 * liveness is enabled, fed by the LLDP hellos received on that interface and by a periodic reaper.
 *
 *   init ──minHellosUp consecutive hellos──▶ up ──no hello for > dead interval──▶ down
 *   init ──no hello for > dead interval (after at least one)──▶ down ──minHellosUp hellos──▶ up
 *
 * Hellos are "consecutive" when no gap between them exceeds the dead interval (intervalMs ×
 * deadMultiplier); a reaped interface starts counting again. An interface that never heard a hello
 * stays init, as in Kytos-ng. Unlike Kytos-ng, the reaper does not skip interfaces whose switch is
 * disconnected: no hellos is down, whatever the reason.
 *
 * Pure state: no I/O, no clock; `now` (epoch ms) is always passed in.
 */
import type { InterfaceId, LivenessStatus } from './model';

/** Kytos-ng of_lldp settings (kytos-api.md §9). */
export const LIVENESS_DEAD_MULTIPLIER = 5;
export const LIVENESS_MIN_HELLOS_UP = 2;

export interface LivenessOptions {
  /** The hello interval (of_lldp polling_time), ms. */
  readonly intervalMs: number;
  readonly deadMultiplier: number;
  /** Consecutive hellos needed to go up. */
  readonly minHellosUp: number;
}

export interface LivenessTransition {
  readonly interfaceId: InterfaceId;
  readonly from: LivenessStatus;
  readonly to: LivenessStatus;
}

/** What the of_lldp API reports for one interface. */
export interface InterfaceLiveness {
  readonly status: LivenessStatus;
  /** Epoch ms of the last hello, or undefined when none was heard since liveness was enabled. */
  readonly lastHelloAt: number | undefined;
}

interface Machine {
  status: LivenessStatus;
  lastHelloAt: number | undefined;
  /** Consecutive hellos counted towards going up. */
  hellos: number;
}

/** Pure. The state of a link from the states of its two ends (kytos-api.md §4: init wins, then down). */
export function pairStatus(a: LivenessStatus, b: LivenessStatus): LivenessStatus {
  if (a === 'init' || b === 'init') return 'init';
  if (a === 'down' || b === 'down') return 'down';
  return 'up';
}

/** The liveness state machines of every interface with liveness enabled. */
export class Liveness {
  private readonly machines = new Map<InterfaceId, Machine>();
  private intervalMs: number;
  private readonly deadMultiplier: number;
  private readonly minHellosUp: number;

  /** Throws RangeError for an interval or multiplier that is not a positive number, or a hello count below 1. */
  constructor(opts: LivenessOptions) {
    this.intervalMs = checkInterval(opts.intervalMs);
    if (!(Number.isFinite(opts.deadMultiplier) && opts.deadMultiplier > 0)) throw new RangeError(`dead multiplier ${opts.deadMultiplier} is not a positive number`);
    if (!(Number.isInteger(opts.minHellosUp) && opts.minHellosUp >= 1)) throw new RangeError(`minimum hellos ${opts.minHellosUp} is not an integer ≥ 1`);
    this.deadMultiplier = opts.deadMultiplier;
    this.minHellosUp = opts.minHellosUp;
  }

  /** Mutates this instance. Changes the hello interval (of_lldp POST polling_time); the dead interval follows. */
  setInterval(ms: number): void {
    this.intervalMs = checkInterval(ms);
  }

  /** Pure. The current dead interval, ms. */
  deadIntervalMs(): number {
    return this.intervalMs * this.deadMultiplier;
  }

  /** Mutates this instance. Turns liveness on; each newly enabled interface starts in init. Returns those. */
  enable(ids: Iterable<InterfaceId>): InterfaceId[] {
    const added: InterfaceId[] = [];
    for (const id of ids) {
      if (this.machines.has(id)) continue;
      this.machines.set(id, { status: 'init', lastHelloAt: undefined, hellos: 0 });
      added.push(id);
    }
    return added;
  }

  /** Mutates this instance. Turns liveness off and forgets the state. Returns the ids that had it on. */
  disable(ids: Iterable<InterfaceId>): InterfaceId[] {
    const removed: InterfaceId[] = [];
    for (const id of ids) if (this.machines.delete(id)) removed.push(id);
    return removed;
  }

  /** Pure. Whether liveness is on for the interface. */
  isEnabled(id: InterfaceId): boolean {
    return this.machines.has(id);
  }

  /**
   * Mutates this instance. Records a hello received on `interfaceId` (the receiving end of an
   * authenticated LLDP frame). Ignored when liveness is off there. Returns the transition, if any.
   */
  hello(interfaceId: InterfaceId, now: number): LivenessTransition[] {
    const m = this.machines.get(interfaceId);
    if (m === undefined) return [];
    if (m.lastHelloAt !== undefined && now - m.lastHelloAt > this.deadIntervalMs()) m.hellos = 0; // not consecutive
    m.lastHelloAt = now;
    m.hellos += 1;
    if (m.status === 'up' || m.hellos < this.minHellosUp) return [];
    const from = m.status;
    m.status = 'up';
    return [{ interfaceId, from, to: 'up' }];
  }

  /**
   * Mutates this instance. The reaper: every interface that heard a hello once but none for more
   * than the dead interval goes down. Call it every hello interval. Returns the transitions in id order.
   */
  reap(now: number): LivenessTransition[] {
    const dead = this.deadIntervalMs();
    const out: LivenessTransition[] = [];
    for (const [interfaceId, m] of this.machines) {
      if (m.status === 'down' || m.lastHelloAt === undefined || now - m.lastHelloAt <= dead) continue;
      out.push({ interfaceId, from: m.status, to: 'down' });
      m.status = 'down';
      m.hellos = 0;
    }
    return out.sort((a, b) => compareIds(a.interfaceId, b.interfaceId));
  }

  /** Pure. The state of one interface, or undefined when liveness is off there. */
  status(id: InterfaceId): InterfaceLiveness | undefined {
    const m = this.machines.get(id);
    return m === undefined ? undefined : { status: m.status, lastHelloAt: m.lastHelloAt };
  }

  /** Pure. The state of a link, or undefined unless liveness is on at both ends. */
  pair(a: InterfaceId, b: InterfaceId): LivenessStatus | undefined {
    const ma = this.machines.get(a);
    const mb = this.machines.get(b);
    return ma === undefined || mb === undefined ? undefined : pairStatus(ma.status, mb.status);
  }

  /** Pure. Every interface with liveness on, in id order (of_lldp GET /v1/liveness/). */
  list(): (InterfaceLiveness & { readonly id: InterfaceId })[] {
    return [...this.machines]
      .map(([id, m]) => ({ id, status: m.status, lastHelloAt: m.lastHelloAt }))
      .sort((a, b) => compareIds(a.id, b.id));
  }
}

function checkInterval(ms: number): number {
  if (!(Number.isFinite(ms) && ms > 0)) throw new RangeError(`liveness interval ${ms} ms is not a positive number`);
  return ms;
}

/** (dpid, port number) order, as Kytos-ng sorts interfaces: `…:9` before `…:10`. */
function compareIds(a: InterfaceId, b: InterfaceId): number {
  const ca = a.lastIndexOf(':');
  const cb = b.lastIndexOf(':');
  const da = a.slice(0, ca);
  const db = b.slice(0, cb);
  if (da !== db) return da < db ? -1 : 1;
  const pa = Number(a.slice(ca + 1));
  const pb = Number(b.slice(cb + 1));
  return pa !== pb && !Number.isNaN(pa - pb) ? pa - pb : a < b ? -1 : a > b ? 1 : 0;
}
