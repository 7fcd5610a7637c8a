/**
 * When circuit schedule entries run (src/eline/schedule-time.ts, kytos-api.md §1.6), with every
 * expected instant worked out by hand and written as a literal UTC ISO string: one-shot dates,
 * intervals counted from the circuit's start date (the start itself included), cron expressions
 * across month, year and leap-day boundaries, the start/end bounds of recurring entries, cron
 * errors, and `decide` in each of its branches.
 */
import type { CircuitSchedule } from '../../../src/eline/model';
import {
  cronError,
  decide,
  intervalMs,
  latestOccurrence,
  nextOccurrence,
  type DecideContext,
  type ScheduleBounds,
} from '../../../src/eline/schedule-time';

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`);
  return t;
};
const iso = (t: number | undefined): string | undefined => (t === undefined ? undefined : new Date(t).toISOString());

const bounds = (start: string, end?: string): ScheduleBounds => ({ startMs: ms(start), endMs: end === undefined ? undefined : ms(end) });

const dateEntry = (date: string, action: 'create' | 'remove' = 'create'): CircuitSchedule => ({ id: 'd', action, date });
const everyEntry = (interval: Record<string, number>): CircuitSchedule => ({ id: 'i', action: 'create', interval });
const cronEntry = (frequency: string): CircuitSchedule => ({ id: 'c', action: 'remove', frequency });

/** The instants nextOccurrence gives one after the other, from `after`, `count` of them (fewer when they run out). */
function chain(entry: CircuitSchedule, b: ScheduleBounds, after: number, count: number): string[] {
  const out: string[] = [];
  let t: number | undefined = after;
  for (let i = 0; i < count; i++) {
    t = nextOccurrence(entry, b, t);
    if (t === undefined) break;
    out.push(iso(t) ?? '');
  }
  return out;
}

const ANY = bounds('2020-01-01T00:00:00Z');

describe('intervalMs', () => {
  it('adds every unit', () => {
    expect(intervalMs({ seconds: 5 })).toBe(5_000);
    expect(intervalMs({ minutes: 4 })).toBe(240_000);
    expect(intervalMs({ hours: 3 })).toBe(10_800_000);
    expect(intervalMs({ days: 2 })).toBe(172_800_000);
    expect(intervalMs({ weeks: 1 })).toBe(604_800_000);
    // 1 w 2 d 3 h 4 min 5 s = 9 d 3 h 4 min 5 s = 788,645 s.
    expect(intervalMs({ weeks: 1, days: 2, hours: 3, minutes: 4, seconds: 5 })).toBe(788_645_000);
  });

  it('is 0 without a positive unit, and ignores units it does not know', () => {
    expect(intervalMs({})).toBe(0);
    expect(intervalMs({ hours: 0 })).toBe(0);
    expect(intervalMs({ hours: -1 })).toBe(0);
    expect(intervalMs({ months: 1 })).toBe(0);
    expect(intervalMs({ months: 1, minutes: 1 })).toBe(60_000);
  });
});

describe('one-shot dates', () => {
  const entry = dateEntry('2026-11-21T09:00:10Z');

  it('a future date is the only occurrence', () => {
    expect(iso(nextOccurrence(entry, ANY, ms('2026-11-21T09:00:00Z')))).toBe('2026-11-21T09:00:10.000Z');
    expect(iso(nextOccurrence(entry, ANY, -Infinity))).toBe('2026-11-21T09:00:10.000Z');
    expect(chain(entry, ANY, -Infinity, 3)).toEqual(['2026-11-21T09:00:10.000Z']);
  });

  it('a past date has no next occurrence; it is the latest once reached', () => {
    expect(nextOccurrence(entry, ANY, ms('2026-11-21T09:00:10Z'))).toBeUndefined();
    expect(nextOccurrence(entry, ANY, ms('2026-11-22T00:00:00Z'))).toBeUndefined();
    expect(latestOccurrence(entry, ANY, -Infinity, ms('2026-11-21T09:00:09.999Z'))).toBeUndefined();
    expect(iso(latestOccurrence(entry, ANY, -Infinity, ms('2026-11-21T09:00:10Z')))).toBe('2026-11-21T09:00:10.000Z');
    expect(iso(latestOccurrence(entry, ANY, -Infinity, ms('2027-01-01T00:00:00Z')))).toBe('2026-11-21T09:00:10.000Z');
    // Once handled, it is never the latest again.
    expect(latestOccurrence(entry, ANY, ms('2026-11-21T09:00:10Z'), ms('2027-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('the circuit start and end dates do not bound a one-shot date', () => {
    const late = bounds('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z');
    expect(iso(nextOccurrence(entry, late, -Infinity))).toBe('2026-11-21T09:00:10.000Z');
    expect(iso(latestOccurrence(entry, late, -Infinity, ms('2026-11-21T10:00:00Z')))).toBe('2026-11-21T09:00:10.000Z');
  });
});

describe('intervals from the start date', () => {
  const hourly = everyEntry({ hours: 1 });
  const from10 = bounds('2026-11-21T10:00:00Z');

  it('the start date itself is the first occurrence, then every interval after it', () => {
    expect(chain(hourly, from10, -Infinity, 4)).toEqual([
      '2026-11-21T10:00:00.000Z',
      '2026-11-21T11:00:00.000Z',
      '2026-11-21T12:00:00.000Z',
      '2026-11-21T13:00:00.000Z',
    ]);
    expect(iso(nextOccurrence(hourly, from10, ms('2026-11-21T09:00:00Z')))).toBe('2026-11-21T10:00:00.000Z');
    expect(iso(nextOccurrence(hourly, from10, ms('2026-11-21T09:59:59.999Z')))).toBe('2026-11-21T10:00:00.000Z');
    expect(iso(nextOccurrence(hourly, from10, ms('2026-11-21T10:00:00Z')))).toBe('2026-11-21T11:00:00.000Z');
    expect(iso(nextOccurrence(hourly, from10, ms('2026-11-21T10:30:00Z')))).toBe('2026-11-21T11:00:00.000Z');
  });

  it('the latest occurrence coalesces every one since the last handled', () => {
    expect(iso(latestOccurrence(hourly, from10, -Infinity, ms('2026-11-21T10:00:00Z')))).toBe('2026-11-21T10:00:00.000Z');
    expect(iso(latestOccurrence(hourly, from10, ms('2026-11-21T10:00:00Z'), ms('2026-11-21T13:20:00Z')))).toBe('2026-11-21T13:00:00.000Z');
    expect(latestOccurrence(hourly, from10, ms('2026-11-21T13:00:00Z'), ms('2026-11-21T13:20:00Z'))).toBeUndefined();
    // Nothing before the start date.
    expect(latestOccurrence(hourly, from10, -Infinity, ms('2026-11-21T09:59:59Z'))).toBeUndefined();
  });

  it('the end date bounds it, an occurrence on the end date included', () => {
    const b = bounds('2026-11-21T10:00:00Z', '2026-11-21T12:00:00Z');
    expect(chain(hourly, b, -Infinity, 10)).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-21T11:00:00.000Z', '2026-11-21T12:00:00.000Z']);
    expect(nextOccurrence(hourly, b, ms('2026-11-21T12:00:00Z'))).toBeUndefined();
    expect(iso(latestOccurrence(hourly, b, -Infinity, ms('2026-11-25T00:00:00Z')))).toBe('2026-11-21T12:00:00.000Z');
    expect(latestOccurrence(hourly, b, ms('2026-11-21T12:00:00Z'), ms('2026-11-25T00:00:00Z'))).toBeUndefined();
    // An end between two occurrences: the last is the one before it.
    const mid = bounds('2026-11-21T10:00:00Z', '2026-11-21T11:59:59Z');
    expect(chain(hourly, mid, -Infinity, 10)).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-21T11:00:00.000Z']);
  });

  it('weeks, days, hours, minutes and seconds together', () => {
    // 9 d 3 h 4 min 5 s after each occurrence.
    const e = everyEntry({ weeks: 1, days: 2, hours: 3, minutes: 4, seconds: 5 });
    const b = bounds('2026-01-01T00:00:00Z');
    expect(chain(e, b, -Infinity, 4)).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-10T03:04:05.000Z', '2026-01-19T06:08:10.000Z', '2026-01-28T09:12:15.000Z']);
    expect(iso(latestOccurrence(e, b, -Infinity, ms('2026-01-19T06:08:09Z')))).toBe('2026-01-10T03:04:05.000Z');
  });

  it('across a month, a year and a leap day, 30 days at a time', () => {
    const e = everyEntry({ days: 30 });
    const b = bounds('2027-12-15T12:00:00Z');
    expect(chain(e, b, -Infinity, 4)).toEqual(['2027-12-15T12:00:00.000Z', '2028-01-14T12:00:00.000Z', '2028-02-13T12:00:00.000Z', '2028-03-14T12:00:00.000Z']);
  });

  it('an interval of nothing never runs', () => {
    expect(nextOccurrence(everyEntry({}), from10, -Infinity)).toBeUndefined();
    expect(latestOccurrence(everyEntry({}), from10, -Infinity, ms('2027-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('cron frequencies (UTC)', () => {
  it('the first of the month, across a year', () => {
    const e = cronEntry('0 0 1 * *');
    expect(chain(e, ANY, ms('2026-12-15T00:00:00Z'), 3)).toEqual(['2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z']);
    expect(iso(latestOccurrence(e, ANY, -Infinity, ms('2027-01-15T00:00:00Z')))).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(latestOccurrence(e, ANY, -Infinity, ms('2026-12-31T23:59:59.999Z')))).toBe('2026-12-01T00:00:00.000Z');
  });

  it('the last minute of the year', () => {
    const e = cronEntry('59 23 31 12 *');
    expect(chain(e, ANY, ms('2026-06-01T00:00:00Z'), 2)).toEqual(['2026-12-31T23:59:00.000Z', '2027-12-31T23:59:00.000Z']);
    expect(iso(latestOccurrence(e, ANY, -Infinity, ms('2027-06-01T00:00:00Z')))).toBe('2026-12-31T23:59:00.000Z');
  });

  it('29 February runs only in leap years', () => {
    const e = cronEntry('0 12 29 2 *');
    expect(chain(e, ANY, ms('2026-03-01T00:00:00Z'), 2)).toEqual(['2028-02-29T12:00:00.000Z', '2032-02-29T12:00:00.000Z']);
    expect(iso(latestOccurrence(e, ANY, -Infinity, ms('2028-02-29T11:59:59Z')))).toBe('2024-02-29T12:00:00.000Z');
  });

  it('every 30 minutes past the hour, across midnight at the end of a year', () => {
    const e = cronEntry('30 * * * *');
    expect(chain(e, ANY, ms('2026-12-31T22:00:00Z'), 4)).toEqual([
      '2026-12-31T22:30:00.000Z',
      '2026-12-31T23:30:00.000Z',
      '2027-01-01T00:30:00.000Z',
      '2027-01-01T01:30:00.000Z',
    ]);
    // An occurrence is strictly after `after`, and the latest is at or before now.
    expect(iso(nextOccurrence(e, ANY, ms('2026-12-31T22:30:00Z')))).toBe('2026-12-31T23:30:00.000Z');
    expect(iso(nextOccurrence(e, ANY, ms('2026-12-31T22:29:59.999Z')))).toBe('2026-12-31T22:30:00.000Z');
    expect(iso(latestOccurrence(e, ANY, -Infinity, ms('2026-12-31T22:30:00Z')))).toBe('2026-12-31T22:30:00.000Z');
    expect(iso(latestOccurrence(e, ANY, -Infinity, ms('2026-12-31T22:29:59.999Z')))).toBe('2026-12-31T21:30:00.000Z');
    expect(latestOccurrence(e, ANY, ms('2026-12-31T22:30:00Z'), ms('2026-12-31T23:29:00Z'))).toBeUndefined();
  });

  it('day of week 0 and 7 are both Sunday', () => {
    // 2026-12-15 is a Tuesday; the Sundays after it are 20 and 27 December.
    const sun0 = cronEntry('0 0 * * 0');
    const sun7 = cronEntry('0 0 * * 7');
    const sundays = ['2026-12-20T00:00:00.000Z', '2026-12-27T00:00:00.000Z', '2027-01-03T00:00:00.000Z'];
    expect(chain(sun0, ANY, ms('2026-12-15T00:00:00Z'), 3)).toEqual(sundays);
    expect(chain(sun7, ANY, ms('2026-12-15T00:00:00Z'), 3)).toEqual(sundays);
    expect(iso(latestOccurrence(sun7, ANY, -Infinity, ms('2026-12-19T23:59:59Z')))).toBe('2026-12-13T00:00:00.000Z');
    // Monday (1) is not Sunday.
    expect(iso(nextOccurrence(cronEntry('0 0 * * 1'), ANY, ms('2026-12-15T00:00:00Z')))).toBe('2026-12-21T00:00:00.000Z');
  });

  it('the start date bounds it, an occurrence on the start date included', () => {
    const daily = cronEntry('0 6 * * *');
    expect(chain(daily, bounds('2026-12-20T06:00:00Z'), -Infinity, 2)).toEqual(['2026-12-20T06:00:00.000Z', '2026-12-21T06:00:00.000Z']);
    expect(chain(daily, bounds('2026-12-20T06:00:01Z'), -Infinity, 1)).toEqual(['2026-12-21T06:00:00.000Z']);
    // `after` earlier than the start: the first is still the start's.
    expect(iso(nextOccurrence(daily, bounds('2026-12-20T06:00:00Z'), ms('2026-12-01T00:00:00Z')))).toBe('2026-12-20T06:00:00.000Z');
    expect(latestOccurrence(daily, bounds('2026-12-20T06:00:01Z'), -Infinity, ms('2026-12-20T12:00:00Z'))).toBeUndefined();
    expect(latestOccurrence(daily, bounds('2026-12-20T06:00:00Z'), -Infinity, ms('2026-12-20T05:59:59Z'))).toBeUndefined();
    expect(iso(latestOccurrence(daily, bounds('2026-12-20T06:00:00Z'), -Infinity, ms('2026-12-20T06:00:00Z')))).toBe('2026-12-20T06:00:00.000Z');
  });

  it('the end date bounds it, an occurrence on the end date included', () => {
    const daily = cronEntry('0 6 * * *');
    const b = bounds('2026-12-20T00:00:00Z', '2026-12-22T06:00:00Z');
    expect(chain(daily, b, -Infinity, 10)).toEqual(['2026-12-20T06:00:00.000Z', '2026-12-21T06:00:00.000Z', '2026-12-22T06:00:00.000Z']);
    expect(iso(latestOccurrence(daily, b, -Infinity, ms('2026-12-25T00:00:00Z')))).toBe('2026-12-22T06:00:00.000Z');
    expect(latestOccurrence(daily, b, ms('2026-12-22T06:00:00Z'), ms('2026-12-25T00:00:00Z'))).toBeUndefined();
    const early = bounds('2026-12-20T00:00:00Z', '2026-12-22T05:59:59Z');
    expect(chain(daily, early, -Infinity, 10)).toEqual(['2026-12-20T06:00:00.000Z', '2026-12-21T06:00:00.000Z']);
  });

  it('an expression that can never match (31 February) has no occurrence', () => {
    const e = cronEntry('0 0 31 2 *');
    expect(nextOccurrence(e, ANY, -Infinity)).toBeUndefined();
    expect(nextOccurrence(e, ANY, ms('2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(latestOccurrence(e, ANY, -Infinity, ms('2030-01-01T00:00:00Z'))).toBeUndefined();
    expect(decide(e, ANY, { handledMs: undefined, sinceMs: ms('2026-01-01T00:00:00Z'), nowMs: ms('2026-01-01T00:00:00Z'), policy: 'run-late', graceMs: 300_000 })).toEqual({
      kind: 'done',
    });
  });
});

describe('cronError', () => {
  it('accepts five-field expressions', () => {
    for (const f of ['* * * * *', '0 0 * * 7', '*/15 9-17 * * 1-5', '59 23 31 12 *', '0 12 29 2 *', ' 30  *  * * * ']) expect(cronError(f)).toBeUndefined();
  });

  it('counts the fields', () => {
    expect(cronError('* * *')).toBe('Wrong number of fields; got 3, expected 5');
    expect(cronError('0 * * * * *')).toBe('Wrong number of fields; got 6, expected 5');
    expect(cronError('')).toBe('Wrong number of fields; got 0, expected 5');
    expect(cronError('@daily')).toBe('Wrong number of fields; got 1, expected 5');
  });

  it("names the expression and gives cron-parser's reason", () => {
    expect(cronError('61 * * * *')).toBe('Invalid frequency "61 * * * *": Constraint error, got value 61 expected range 0-59');
    expect(cronError('0 0 32 * *')).toBe('Invalid frequency "0 0 32 * *": Constraint error, got value 32 expected range 1-31');
    expect(cronError('0 0 * * 8')).toBe('Invalid frequency "0 0 * * 8": Constraint error, got value 8 expected range 0-7');
    expect(cronError('a b c d e')).toBe('Invalid frequency "a b c d e": Invalid characters, got value: a');
    expect(cronError('0 0 31 2 *')).toBe('Invalid frequency "0 0 31 2 *": Invalid explicit day of month definition');
  });
});

describe('decide', () => {
  const GRACE = 300_000;
  const ctx = (now: string, since: string, handled?: string, policy: DecideContext['policy'] = 'run-late', graceMs = GRACE): DecideContext => ({
    handledMs: handled === undefined ? undefined : ms(handled),
    sinceMs: ms(since),
    nowMs: ms(now),
    policy,
    graceMs,
  });
  const at = (d: ReturnType<typeof decide>): unknown => ('at' in d ? { ...d, at: iso(d.at) } : d);

  describe('a one-shot date', () => {
    const entry = dateEntry('2026-11-21T09:00:10Z');

    it('waits for its date', () => {
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:00:00Z', '2026-11-21T09:00:00Z')))).toEqual({ kind: 'wait', at: '2026-11-21T09:00:10.000Z' });
    });

    it('runs on time when it fell due while watched (also when the timer fired a little late)', () => {
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:00:10Z', '2026-11-21T09:00:00Z')))).toEqual({ kind: 'run', at: '2026-11-21T09:00:10.000Z', late: false });
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:30:00Z', '2026-11-21T09:00:00Z')))).toEqual({ kind: 'run', at: '2026-11-21T09:00:10.000Z', late: false });
      // Registered at its very instant: not missed.
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:00:10Z', '2026-11-21T09:00:10Z')))).toEqual({ kind: 'run', at: '2026-11-21T09:00:10.000Z', late: false });
    });

    it('missed, runs late within the grace period (its bound included)', () => {
      // 230 s late.
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:04:00Z', '2026-11-21T09:04:00Z')))).toEqual({ kind: 'run', at: '2026-11-21T09:00:10.000Z', late: true });
      // Exactly 300 s late.
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:05:10Z', '2026-11-21T09:05:10Z')))).toEqual({ kind: 'run', at: '2026-11-21T09:00:10.000Z', late: true });
    });

    it('missed beyond the grace period, is skipped with the reason', () => {
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:05:10.001Z', '2026-11-21T09:05:10.001Z')))).toEqual({
        kind: 'skip',
        at: '2026-11-21T09:00:10.000Z',
        reason: 'it fell due 300 s ago, beyond the 300 s grace period (schedule-grace)',
      });
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:10:10Z', '2026-11-21T09:10:10Z')))).toEqual({
        kind: 'skip',
        at: '2026-11-21T09:00:10.000Z',
        reason: 'it fell due 600 s ago, beyond the 300 s grace period (schedule-grace)',
      });
    });

    it('missed under policy skip, is skipped however recent', () => {
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:00:11Z', '2026-11-21T09:00:11Z', undefined, 'skip')))).toEqual({
        kind: 'skip',
        at: '2026-11-21T09:00:10.000Z',
        reason: 'it fell due while the controller was not running (schedule-missed-run skip)',
      });
    });

    it('policy skip does not touch an occurrence that falls due while watched', () => {
      expect(at(decide(entry, ANY, ctx('2026-11-21T09:00:10Z', '2026-11-21T09:00:00Z', undefined, 'skip')))).toEqual({ kind: 'run', at: '2026-11-21T09:00:10.000Z', late: false });
    });

    it('once handled, is done', () => {
      expect(decide(entry, ANY, ctx('2026-11-21T09:00:10Z', '2026-11-21T09:00:00Z', '2026-11-21T09:00:10Z'))).toEqual({ kind: 'done' });
      expect(decide(entry, ANY, ctx('2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', '2026-11-21T09:00:10Z'))).toEqual({ kind: 'done' });
    });
  });

  describe('a recurring entry (hourly from 10:00)', () => {
    const hourly = everyEntry({ hours: 1 });
    const b = bounds('2026-11-21T10:00:00Z');

    it('waits for the next occurrence after the handled one', () => {
      expect(at(decide(hourly, b, ctx('2026-11-21T10:20:00Z', '2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z')))).toEqual({ kind: 'wait', at: '2026-11-21T11:00:00.000Z' });
      // Before the start date, the start date.
      expect(at(decide(hourly, b, ctx('2026-11-21T09:00:00Z', '2026-11-21T09:00:00Z')))).toEqual({ kind: 'wait', at: '2026-11-21T10:00:00.000Z' });
    });

    it('several occurrences that fell due while watched coalesce into the latest, run on time', () => {
      expect(at(decide(hourly, b, ctx('2026-11-21T13:20:00Z', '2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z')))).toEqual({ kind: 'run', at: '2026-11-21T13:00:00.000Z', late: false });
    });

    it('missed ones coalesce into the latest too, and follow the missed-run policy', () => {
      // Down from 10:30 to 13:10: 11:00, 12:00 and 13:00 were missed; only 13:00 counts.
      expect(at(decide(hourly, b, ctx('2026-11-21T13:10:00Z', '2026-11-21T13:10:00Z', '2026-11-21T10:00:00Z', 'run-late', 900_000)))).toEqual({
        kind: 'run',
        at: '2026-11-21T13:00:00.000Z',
        late: true,
      });
      expect(at(decide(hourly, b, ctx('2026-11-21T13:10:00Z', '2026-11-21T13:10:00Z', '2026-11-21T10:00:00Z')))).toEqual({
        kind: 'skip',
        at: '2026-11-21T13:00:00.000Z',
        reason: 'it fell due 600 s ago, beyond the 300 s grace period (schedule-grace)',
      });
      expect(at(decide(hourly, b, ctx('2026-11-21T13:10:00Z', '2026-11-21T13:10:00Z', '2026-11-21T10:00:00Z', 'skip')))).toEqual({
        kind: 'skip',
        at: '2026-11-21T13:00:00.000Z',
        reason: 'it fell due while the controller was not running (schedule-missed-run skip)',
      });
      // Once the missed one is handled, the next is waited for.
      expect(at(decide(hourly, b, ctx('2026-11-21T13:10:00Z', '2026-11-21T13:10:00Z', '2026-11-21T13:00:00Z')))).toEqual({ kind: 'wait', at: '2026-11-21T14:00:00.000Z' });
    });

    it('a missed occurrence followed by one that fell due while watched: the watched one runs on time', () => {
      // Watched again from 11:30: 11:00 was missed, 12:00 was not.
      expect(at(decide(hourly, b, ctx('2026-11-21T12:10:00Z', '2026-11-21T11:30:00Z', '2026-11-21T10:00:00Z', 'skip')))).toEqual({ kind: 'run', at: '2026-11-21T12:00:00.000Z', late: false });
    });

    it('is done after the end date', () => {
      const ended = bounds('2026-11-21T10:00:00Z', '2026-11-21T12:00:00Z');
      expect(decide(hourly, ended, ctx('2026-11-21T12:30:00Z', '2026-11-21T10:00:00Z', '2026-11-21T12:00:00Z'))).toEqual({ kind: 'done' });
      // The last occurrence, on the end date, still runs when it fell due while watched.
      expect(at(decide(hourly, ended, ctx('2026-11-21T15:00:00Z', '2026-11-21T10:00:00Z', '2026-11-21T11:00:00Z')))).toEqual({ kind: 'run', at: '2026-11-21T12:00:00.000Z', late: false });
    });
  });
});
