/**
 * When a circuit schedule entry runs (kytos-api.md §1.6), in UTC, as pure functions of the entry,
 * the circuit's start/end dates and the time: a one-shot `date`; an `interval` (`{weeks, days,
 * hours, minutes, seconds}`) from the start date, the start date itself included (as APScheduler's
 * interval trigger); a cron `frequency` (five fields, read by cron-parser: day of week 0 and 7 are
 * Sunday as in crontab(5)). Recurring entries run only between the start and end dates.
 *
 * `decide` says what to do with an entry now, given the last occurrence already handled (run or
 * skipped) and since when the scheduler has been watching it: an occurrence that fell due while it
 * was watching runs (several coalesce into the latest); one that fell due before (the controller
 * was down, or the entry was registered late) is "missed" and follows the missed-run policy.
 */
import { CronExpressionParser } from 'cron-parser';
import type { CircuitSchedule } from './model';

export type MissedRunPolicy = 'run-late' | 'skip';

/** The circuit's bounds on recurring entries, epoch ms; no end when undefined. */
export interface ScheduleBounds {
  readonly startMs: number;
  readonly endMs: number | undefined;
}

export interface DecideContext {
  /** The last occurrence already run or skipped, epoch ms; undefined when none. */
  readonly handledMs: number | undefined;
  /** Since when the scheduler has been watching the entry (its registration or the controller's start). */
  readonly sinceMs: number;
  readonly nowMs: number;
  readonly policy: MissedRunPolicy;
  readonly graceMs: number;
}

export type Decision =
  /** Nothing due before `at`. */
  | { readonly kind: 'wait'; readonly at: number }
  /** Run the occurrence at `at` now; `late` when it was missed and runs within the grace period. */
  | { readonly kind: 'run'; readonly at: number; readonly late: boolean }
  /** The occurrence at `at` was missed and is skipped, for `reason`. */
  | { readonly kind: 'skip'; readonly at: number; readonly reason: string }
  /** No occurrence is left. */
  | { readonly kind: 'done' };

const UNIT_MS = { weeks: 7 * 86_400_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 } as const;

/** Pure. The length of an `interval` in ms; 0 when it has no positive unit. */
export function intervalMs(interval: Readonly<Record<string, number>>): number {
  let ms = 0;
  for (const [unit, n] of Object.entries(interval)) {
    const per = (UNIT_MS as Readonly<Record<string, number>>)[unit];
    if (per !== undefined && Number.isFinite(n)) ms += n * per;
  }
  return Math.max(0, Math.round(ms));
}

/** Pure. Why `frequency` is not a five-field cron expression cron-parser can read, or undefined. */
export function cronError(frequency: string): string | undefined {
  const fields = frequency.trim().split(/\s+/).filter((f) => f !== '').length;
  if (fields !== 5) return `Wrong number of fields; got ${fields}, expected 5`;
  try {
    CronExpressionParser.parse(frequency, { tz: 'UTC' });
    return undefined;
  } catch (e) {
    return `Invalid frequency ${JSON.stringify(frequency)}: ${(e as Error).message}`;
  }
}

function dateMs(entry: CircuitSchedule): number | undefined {
  if (entry.date === undefined) return undefined;
  const t = Date.parse(entry.date);
  return Number.isNaN(t) ? undefined : t;
}

function cronStep(frequency: string, fromMs: number, direction: 'next' | 'prev'): number | undefined {
  try {
    const it = CronExpressionParser.parse(frequency, { currentDate: new Date(fromMs), tz: 'UTC' });
    return (direction === 'next' ? it.next() : it.prev()).getTime();
  } catch {
    // An expression that never matches (31 February) or runs out of its search range: no occurrence.
    return undefined;
  }
}

/** Pure. The first occurrence strictly after `afterMs` (−Infinity: the first of all), or undefined. */
export function nextOccurrence(entry: CircuitSchedule, bounds: ScheduleBounds, afterMs: number): number | undefined {
  const date = dateMs(entry);
  if (entry.date !== undefined) return date !== undefined && date > afterMs ? date : undefined;
  const end = bounds.endMs ?? Infinity;
  let t: number | undefined;
  if (entry.interval !== undefined) {
    const step = intervalMs(entry.interval);
    if (step <= 0) return undefined;
    t = afterMs < bounds.startMs ? bounds.startMs : bounds.startMs + (Math.floor((afterMs - bounds.startMs) / step) + 1) * step;
  } else if (entry.frequency !== undefined) {
    t = cronStep(entry.frequency, Math.max(afterMs, bounds.startMs - 1), 'next');
  }
  return t !== undefined && t <= end ? t : undefined;
}

/** Pure. The latest occurrence at or before `nowMs` and strictly after `afterMs`, or undefined. */
export function latestOccurrence(entry: CircuitSchedule, bounds: ScheduleBounds, afterMs: number, nowMs: number): number | undefined {
  const date = dateMs(entry);
  if (entry.date !== undefined) return date !== undefined && date > afterMs && date <= nowMs ? date : undefined;
  const upTo = Math.min(nowMs, bounds.endMs ?? Infinity);
  if (upTo < bounds.startMs) return undefined;
  let t: number | undefined;
  if (entry.interval !== undefined) {
    const step = intervalMs(entry.interval);
    if (step <= 0) return undefined;
    t = bounds.startMs + Math.floor((upTo - bounds.startMs) / step) * step;
  } else if (entry.frequency !== undefined) {
    t = cronStep(entry.frequency, upTo + 1, 'prev');
  }
  return t !== undefined && t > afterMs && t >= bounds.startMs ? t : undefined;
}

/** Pure. What to do with `entry` now (see the module comment). */
export function decide(entry: CircuitSchedule, bounds: ScheduleBounds, ctx: DecideContext): Decision {
  const after = ctx.handledMs ?? -Infinity;
  const first = nextOccurrence(entry, bounds, after);
  if (first === undefined) return { kind: 'done' };
  if (first > ctx.nowMs) return { kind: 'wait', at: first };
  const latest = latestOccurrence(entry, bounds, after, ctx.nowMs) ?? first;
  if (latest >= ctx.sinceMs) return { kind: 'run', at: latest, late: false };
  if (ctx.policy === 'skip') return { kind: 'skip', at: latest, reason: 'it fell due while the controller was not running (schedule-missed-run skip)' };
  if (ctx.nowMs - latest <= ctx.graceMs) return { kind: 'run', at: latest, late: true };
  return { kind: 'skip', at: latest, reason: `it fell due ${Math.round((ctx.nowMs - latest) / 1000)} s ago, beyond the ${Math.round(ctx.graceMs / 1000)} s grace period (schedule-grace)` };
}
