/**
 * The circuit scheduler: runs each circuit_scheduler entry's action (`create` deploys and enables
 * the circuit, `remove` removes its flows and disables it) when schedule-time.ts says it is due,
 * on one timer armed for the earliest entry, read from the injected clock (tests run in virtual
 * time). It keeps no state of its own that matters across a restart: the entries are in the
 * circuits' config and the last occurrence each handled is recorded by the service with the
 * action's result, so a restart picks up where it stopped and applies the missed-run policy to what
 * fell due meanwhile.
 */
import type { Clock } from '../ofp';
import type { CircuitSchedule, EvcId } from './model';
import { decide, type MissedRunPolicy, type ScheduleBounds } from './schedule-time';

/** An occurrence to act on. */
export interface ScheduledRun {
  readonly evcId: EvcId;
  readonly entry: CircuitSchedule;
  /** The occurrence, epoch ms. */
  readonly at: number;
  /** It was missed (the controller was down) and runs within the grace period. */
  readonly late: boolean;
}

export interface SchedulerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SchedulerDeps {
  readonly clock: Clock;
  readonly policy: MissedRunPolicy;
  readonly graceMs: number;
  /** Runs the occurrence's action and records it handled; the scheduler waits for it before looking at the entry again. */
  readonly run: (r: ScheduledRun) => Promise<void>;
  /** Records a missed occurrence handled without running it. */
  readonly skip: (r: ScheduledRun, reason: string) => void;
  readonly log: SchedulerLogger;
}

interface Job {
  readonly evcId: EvcId;
  readonly entry: CircuitSchedule;
  readonly bounds: ScheduleBounds;
  handledMs: number | undefined;
  readonly sinceMs: number;
  running: boolean;
}

/** Timers are re-armed at least this often, so that a far-off occurrence never needs a timer beyond Node's 2^31 − 1 ms. */
const MAX_WAIT_MS = 3_600_000;

export class CircuitScheduler {
  private readonly jobs = new Map<string, Job>();
  private timer: unknown;
  private stopped = true;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Starts acting on due entries. */
  start(): void {
    this.stopped = false;
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Makes `entries` the circuit's jobs (replacing any it had), each with the last occurrence it
   * handled (epoch ms), watched from now on.
   */
  set(evcId: EvcId, entries: readonly CircuitSchedule[], bounds: ScheduleBounds, handled: ReadonlyMap<string, number>): void {
    this.dropJobs(evcId);
    const since = this.deps.clock.now();
    for (const entry of entries) {
      this.jobs.set(this.key(evcId, entry.id), { evcId, entry, bounds, handledMs: handled.get(entry.id), sinceMs: since, running: false });
    }
    this.tick();
  }

  /** Forgets a circuit's jobs (the circuit was deleted). */
  drop(evcId: EvcId): void {
    this.dropJobs(evcId);
  }

  /** The next occurrence of each job that waits, for tests and logs: `${evcId}/${scheduleId}` → epoch ms. */
  pending(): Map<string, number> {
    const out = new Map<string, number>();
    const now = this.deps.clock.now();
    for (const [k, j] of this.jobs) {
      const d = decide(j.entry, j.bounds, this.ctx(j, now));
      if (d.kind === 'wait') out.set(k, d.at);
    }
    return out;
  }

  private key(evcId: EvcId, scheduleId: string): string {
    return `${evcId}/${scheduleId}`;
  }

  private dropJobs(evcId: EvcId): void {
    for (const [k, j] of this.jobs) if (j.evcId === evcId) this.jobs.delete(k);
  }

  private ctx(j: Job, now: number): Parameters<typeof decide>[2] {
    return { handledMs: j.handledMs, sinceMs: j.sinceMs, nowMs: now, policy: this.deps.policy, graceMs: this.deps.graceMs };
  }

  /** Acts on every job that is due and arms the timer for the earliest that is not. */
  private tick(): void {
    if (this.stopped) return;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.deps.clock.now();
    let earliest = Infinity;
    for (const [k, j] of [...this.jobs]) {
      if (j.running) continue;
      const d = decide(j.entry, j.bounds, this.ctx(j, now));
      switch (d.kind) {
        case 'done':
          this.jobs.delete(k);
          break;
        case 'wait':
          earliest = Math.min(earliest, d.at);
          break;
        case 'skip': {
          const r = { evcId: j.evcId, entry: j.entry, at: d.at, late: true };
          j.handledMs = d.at;
          this.deps.log.warn({ evc: j.evcId, schedule: j.entry.id, action: j.entry.action, at: new Date(d.at).toISOString(), reason: d.reason }, 'missed circuit schedule run skipped');
          this.deps.skip(r, d.reason);
          // The entry may have a later occurrence due already: look again at once.
          earliest = Math.min(earliest, now);
          break;
        }
        case 'run':
          this.runJob(k, j, d.at, d.late);
          break;
      }
    }
    if (earliest === Infinity) return;
    this.timer = this.deps.clock.setTimeout(() => this.tick(), Math.min(MAX_WAIT_MS, Math.max(0, earliest - now)));
  }

  private runJob(key: string, j: Job, at: number, late: boolean): void {
    j.running = true;
    j.handledMs = at;
    const r: ScheduledRun = { evcId: j.evcId, entry: j.entry, at, late };
    this.deps.log.info({ evc: j.evcId, schedule: j.entry.id, action: j.entry.action, at: new Date(at).toISOString(), late }, 'circuit schedule runs');
    this.deps
      .run(r)
      .catch((err: unknown) => this.deps.log.error({ evc: j.evcId, schedule: j.entry.id, err }, 'circuit schedule run failed'))
      .finally(() => {
        j.running = false;
        if (this.jobs.get(key) === j) this.tick();
      });
  }
}
