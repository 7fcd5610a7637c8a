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
  /**
   * The occurrence the job waits for, as the last decide() said; undefined when it must be decided
   * again (new, or it has just run or skipped). A tick decides only jobs that are due or undecided,
   * so a timer, or one circuit's change, does not re-read every cron expression.
   */
  waitsFor?: number;
}

/** Pure. Whether two entries say the same thing (the id aside). */
export function sameEntry(a: CircuitSchedule, b: CircuitSchedule): boolean {
  return a.action === b.action && a.date === b.date && a.frequency === b.frequency && JSON.stringify(a.interval) === JSON.stringify(b.interval);
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** Timers are re-armed at least this often, so that a far-off occurrence never needs a timer beyond Node's 2^31 − 1 ms. */
const MAX_WAIT_MS = 3_600_000;

export class CircuitScheduler {
  private readonly jobs = new Map<string, Job>();
  /** Keys of the jobs whose run is in progress (a job replaced by set() meanwhile waits for it too). */
  private readonly running = new Set<string>();
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
   * handled (epoch ms), watched from now on. An entry the circuit already had unchanged keeps what
   * the scheduler knows of it: the occurrence it started running last (`handled` comes from the
   * circuit's record, which a run still in progress has not written yet) and since when it is watched.
   */
  set(evcId: EvcId, entries: readonly CircuitSchedule[], bounds: ScheduleBounds, handled: ReadonlyMap<string, number>): void {
    if (entries.length === 0 && !this.hasJobs(evcId)) return; // most circuits: nothing scheduled before or now
    const before = new Map<string, Job>();
    for (const [k, j] of this.jobs) if (j.evcId === evcId) before.set(k, j);
    this.dropJobs(evcId);
    const now = this.deps.clock.now();
    for (const entry of entries) {
      const key = this.key(evcId, entry.id);
      const old = before.get(key);
      const kept = old !== undefined && sameEntry(old.entry, entry) ? old : undefined;
      this.jobs.set(key, { evcId, entry, bounds, handledMs: later(handled.get(entry.id), kept?.handledMs), sinceMs: kept?.sinceMs ?? now });
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

  private hasJobs(evcId: EvcId): boolean {
    for (const j of this.jobs.values()) if (j.evcId === evcId) return true;
    return false;
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
      if (this.running.has(k)) continue;
      if (j.waitsFor !== undefined && j.waitsFor > now) {
        earliest = Math.min(earliest, j.waitsFor);
        continue;
      }
      j.waitsFor = undefined;
      const d = decide(j.entry, j.bounds, this.ctx(j, now));
      switch (d.kind) {
        case 'done':
          this.jobs.delete(k);
          break;
        case 'wait':
          j.waitsFor = d.at;
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
    this.running.add(key);
    j.handledMs = at;
    const r: ScheduledRun = { evcId: j.evcId, entry: j.entry, at, late };
    this.deps.log.info({ evc: j.evcId, schedule: j.entry.id, action: j.entry.action, at: new Date(at).toISOString(), late }, 'circuit schedule runs');
    this.deps
      .run(r)
      .catch((err: unknown) => this.deps.log.error({ evc: j.evcId, schedule: j.entry.id, err }, 'circuit schedule run failed'))
      .finally(() => {
        this.running.delete(key);
        this.tick();
      });
  }
}
