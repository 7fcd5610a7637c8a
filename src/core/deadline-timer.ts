/**
 * One timer armed for a state machine's next deadline (the topology's link-up holds): `rearm()`
 * after anything that may move the deadline; when it falls due, `tick(now)` runs and the timer is
 * armed for the next one.
 */
import type { Clock } from '../ofp';

export interface Deadlines {
  /** The next deadline, epoch ms; undefined when nothing waits. */
  nextDeadline(): number | undefined;
  /** Acts on every deadline at or before `now`. */
  tick(now: number): void;
}

export class DeadlineTimer {
  private timer: unknown;

  constructor(
    private readonly target: Deadlines,
    private readonly clock: Clock,
  ) {}

  rearm(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.target.nextDeadline();
    if (next === undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.target.tick(this.clock.now());
      this.rearm();
    }, Math.max(0, next - this.clock.now()));
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
