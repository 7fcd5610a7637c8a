/**
 * A manual Clock (src/ofp's Clock interface) for the flow integration tests: time moves only when
 * the test moves it, so that pacing is measured in virtual milliseconds whatever the load of the
 * machine, and a test can see exactly what went out before time advanced.
 */
import type { Clock } from '../../../src/ofp';

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

export class VirtualClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  /** Starts at `startMs` (ms since the epoch; default 0). */
  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { id, due: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Timers armed and not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** When the earliest armed timer is due; undefined when none is armed. */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const t of this.timers.values()) if (due === undefined || t.due < due) due = t.due;
    return due;
  }

  /**
   * Not pure. Moves time forward by `ms`, firing every timer due on the way in due order (ties in
   * the order they were armed), each with now() at its due time; a timer armed by a callback fires
   * too when it falls inside the window. Returns how many fired. Callbacks run synchronously: what
   * they resolve continues in microtasks after this returns.
   */
  advance(ms: number): number {
    if (ms < 0) throw new RangeError(`advance: ${ms} ms is negative`);
    const end = this.t + ms;
    let fired = 0;
    for (;;) {
      const next = this.earliest();
      if (next === undefined || next.due > end) break;
      this.timers.delete(next.id);
      this.t = next.due;
      fired++;
      next.fn();
    }
    this.t = end;
    return fired;
  }

  /** Not pure. Moves time to the earliest armed timer and fires what is due then; false when none is armed. */
  advanceToNext(): boolean {
    const due = this.nextDue();
    if (due === undefined) return false;
    this.advance(due - this.t);
    return true;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers.values()) if (best === undefined || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  }
}
