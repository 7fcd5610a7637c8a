/**
 * The circuit scheduler (src/eline/scheduler.ts) on a virtual clock, with fake run and skip
 * callbacks: entries run at the instants worked out by hand, on one timer for the earliest entry,
 * re-armed after each run and at least hourly for far-off entries; set() replaces a circuit's
 * entries and drop() forgets them; entries due at the same instant all run; a run still in
 * progress is never started a second time; missed occurrences follow the policy at start.
 */
import type { CircuitSchedule } from '../../../src/eline/model';
import { CircuitScheduler, type ScheduledRun } from '../../../src/eline/scheduler';
import type { MissedRunPolicy, ScheduleBounds } from '../../../src/eline/schedule-time';
import { VirtualClock } from '../../integration/flows/virtual-clock';

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`);
  return t;
};
const iso = (t: number): string => new Date(t).toISOString();

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const from = (start: string, end?: string): ScheduleBounds => ({ startMs: ms(start), endMs: end === undefined ? undefined : ms(end) });
const NO_RUNS: ReadonlyMap<string, number> = new Map();

interface Rig {
  readonly clock: VirtualClock;
  readonly scheduler: CircuitScheduler;
  /** `${evc}/${schedule} ${action} @occurrence [late] (at clock time)`, in the order the runs started. */
  readonly runs: string[];
  readonly skips: string[];
  /** While set, runs wait for release(). */
  hold: boolean;
  release(): void;
  /** Moves the clock to `target`, letting each run finish before the next timer fires. */
  to(target: string): Promise<void>;
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}

function rig(start: string, opts: { policy?: MissedRunPolicy; graceMs?: number } = {}): Rig {
  const clock = new VirtualClock(ms(start));
  const runs: string[] = [];
  const skips: string[] = [];
  const waiting: (() => void)[] = [];
  const describeRun = (r: ScheduledRun): string => `${r.evcId}/${r.entry.id} ${r.entry.action} @${iso(r.at)}${r.late ? ' late' : ''} (at ${iso(clock.now())})`;
  const out: Rig = {
    clock,
    runs,
    skips,
    hold: false,
    scheduler: new CircuitScheduler({
      clock,
      policy: opts.policy ?? 'run-late',
      graceMs: opts.graceMs ?? 300_000,
      run: async (r) => {
        runs.push(describeRun(r));
        if (out.hold) await new Promise<void>((resolve) => waiting.push(resolve));
      },
      skip: (r, reason) => skips.push(`${r.evcId}/${r.entry.id} @${iso(r.at)}: ${reason}`),
      log: quiet,
    }),
    release: () => {
      for (const r of waiting.splice(0)) r();
    },
    to: async (target) => {
      const end = ms(target);
      await flush();
      for (;;) {
        const due = clock.nextDue();
        if (due === undefined || due > end) break;
        clock.advance(due - clock.now());
        await flush();
      }
      clock.advance(end - clock.now());
      await flush();
    },
  };
  return out;
}

const date = (id: string, when: string, action: 'create' | 'remove' = 'create'): CircuitSchedule => ({ id, action, date: when });
const every = (id: string, interval: Record<string, number>, action: 'create' | 'remove' = 'create'): CircuitSchedule => ({ id, action, interval });
const cron = (id: string, frequency: string, action: 'create' | 'remove' = 'remove'): CircuitSchedule => ({ id, action, frequency });

/** pending() with ISO instants. */
function pendingOf(s: CircuitScheduler): Record<string, string> {
  return Object.fromEntries([...s.pending()].map(([k, t]) => [k, iso(t)]));
}

describe('CircuitScheduler', () => {
  it('runs each entry at its instants, on one timer re-armed after each run', async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.set('e1', [date('d', '2026-11-21T09:00:10Z'), every('i', { minutes: 30 }, 'remove')], from('2026-11-21T09:15:00Z'), NO_RUNS);
    r.scheduler.start();
    expect(r.clock.pending).toBe(1);
    expect(iso(r.clock.nextDue() ?? 0)).toBe('2026-11-21T09:00:10.000Z');
    expect(pendingOf(r.scheduler)).toEqual({ 'e1/d': '2026-11-21T09:00:10.000Z', 'e1/i': '2026-11-21T09:15:00.000Z' });

    await r.to('2026-11-21T09:00:09.999Z');
    expect(r.runs).toEqual([]);
    await r.to('2026-11-21T09:00:10Z');
    expect(r.runs).toEqual(['e1/d create @2026-11-21T09:00:10.000Z (at 2026-11-21T09:00:10.000Z)']);
    // Re-armed for the next entry; the one-shot is gone.
    expect(r.clock.pending).toBe(1);
    expect(iso(r.clock.nextDue() ?? 0)).toBe('2026-11-21T09:15:00.000Z');
    expect(pendingOf(r.scheduler)).toEqual({ 'e1/i': '2026-11-21T09:15:00.000Z' });

    await r.to('2026-11-21T10:20:00Z');
    expect(r.runs.slice(1)).toEqual([
      'e1/i remove @2026-11-21T09:15:00.000Z (at 2026-11-21T09:15:00.000Z)',
      'e1/i remove @2026-11-21T09:45:00.000Z (at 2026-11-21T09:45:00.000Z)',
      'e1/i remove @2026-11-21T10:15:00.000Z (at 2026-11-21T10:15:00.000Z)',
    ]);
    expect(r.clock.pending).toBe(1);
    expect(iso(r.clock.nextDue() ?? 0)).toBe('2026-11-21T10:45:00.000Z');
    expect(r.skips).toEqual([]);
  });

  it('runs nothing before start() and nothing after stop()', async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.set('e1', [every('i', { minutes: 10 })], from('2026-11-21T09:00:00Z'), new Map([['i', ms('2026-11-21T09:00:00Z')]]));
    expect(r.clock.pending).toBe(0);
    r.scheduler.start();
    await r.to('2026-11-21T09:10:00Z');
    expect(r.runs).toEqual(['e1/i create @2026-11-21T09:10:00.000Z (at 2026-11-21T09:10:00.000Z)']);
    r.scheduler.stop();
    expect(r.clock.pending).toBe(0);
    await r.to('2026-11-21T10:00:00Z');
    expect(r.runs).toHaveLength(1);
  });

  it('one timer for many circuits: the earliest entry', async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.start();
    r.scheduler.set('e1', [date('a', '2026-11-21T12:00:00Z'), cron('b', '0 11 * * *')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    r.scheduler.set('e2', [date('c', '2026-11-21T09:30:00Z')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    r.scheduler.set('e3', [every('d', { hours: 2 })], from('2026-11-21T10:00:00Z'), NO_RUNS);
    expect(r.clock.pending).toBe(1);
    expect(iso(r.clock.nextDue() ?? 0)).toBe('2026-11-21T09:30:00.000Z');
    await r.to('2026-11-21T12:00:00Z');
    expect(r.runs).toEqual([
      'e2/c create @2026-11-21T09:30:00.000Z (at 2026-11-21T09:30:00.000Z)',
      'e3/d create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
      'e1/b remove @2026-11-21T11:00:00.000Z (at 2026-11-21T11:00:00.000Z)',
      'e1/a create @2026-11-21T12:00:00.000Z (at 2026-11-21T12:00:00.000Z)',
      'e3/d create @2026-11-21T12:00:00.000Z (at 2026-11-21T12:00:00.000Z)',
    ]);
    expect(r.clock.pending).toBe(1);
    expect(pendingOf(r.scheduler)).toEqual({ 'e1/b': '2026-11-22T11:00:00.000Z', 'e3/d': '2026-11-21T14:00:00.000Z' });
  });

  it('an entry more than 24.8 days ahead is waited for an hour at a time, and runs at its instant', async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.set('e1', [date('far', '2027-01-01T00:00:00Z')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    r.scheduler.start();
    expect(pendingOf(r.scheduler)).toEqual({ 'e1/far': '2027-01-01T00:00:00.000Z' });
    expect(r.clock.pending).toBe(1);
    expect(iso(r.clock.nextDue() ?? 0)).toBe('2026-11-21T10:00:00.000Z');
    expect(r.clock.advance(3_600_000)).toBe(1);
    expect(r.runs).toEqual([]);
    expect(iso(r.clock.nextDue() ?? 0)).toBe('2026-11-21T11:00:00.000Z');
    // 2026-11-21T10:00 to 2027-01-01T00:00 is 40 days and 14 hours: 974 hourly timers, the last one at the instant.
    expect(r.clock.advance(ms('2027-01-01T00:00:00Z') - r.clock.now())).toBe(974);
    expect(r.runs).toEqual(['e1/far create @2027-01-01T00:00:00.000Z (at 2027-01-01T00:00:00.000Z)']);
    await flush();
    expect(r.clock.pending).toBe(0);
    expect(r.scheduler.pending().size).toBe(0);
  });

  it("set() replaces a circuit's entries, leaving other circuits' alone", async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.start();
    r.scheduler.set('e1', [date('a', '2026-11-21T09:10:00Z'), date('b', '2026-11-21T09:15:00Z')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    r.scheduler.set('e2', [date('c', '2026-11-21T09:10:00Z')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    r.scheduler.set('e1', [date('x', '2026-11-21T09:20:00Z', 'remove')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    expect(pendingOf(r.scheduler)).toEqual({ 'e2/c': '2026-11-21T09:10:00.000Z', 'e1/x': '2026-11-21T09:20:00.000Z' });
    await r.to('2026-11-21T09:30:00Z');
    expect(r.runs).toEqual([
      'e2/c create @2026-11-21T09:10:00.000Z (at 2026-11-21T09:10:00.000Z)',
      'e1/x remove @2026-11-21T09:20:00.000Z (at 2026-11-21T09:20:00.000Z)',
    ]);
    // An empty list leaves the circuit with nothing.
    r.scheduler.set('e2', [every('y', { minutes: 5 })], from('2026-11-21T09:00:00Z'), new Map([['y', ms('2026-11-21T09:30:00Z')]]));
    r.scheduler.set('e2', [], from('2026-11-21T09:00:00Z'), NO_RUNS);
    await r.to('2026-11-21T10:00:00Z');
    expect(r.runs).toHaveLength(2);
    expect(r.scheduler.pending().size).toBe(0);
  });

  it("drop() forgets a circuit's entries", async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.start();
    r.scheduler.set('e1', [date('a', '2026-11-21T09:10:00Z'), every('b', { minutes: 1 })], from('2026-11-21T09:00:00Z'), new Map([['b', ms('2026-11-21T09:00:00Z')]]));
    r.scheduler.set('e2', [date('c', '2026-11-21T09:10:00Z')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    r.scheduler.drop('e1');
    expect(pendingOf(r.scheduler)).toEqual({ 'e2/c': '2026-11-21T09:10:00.000Z' });
    await r.to('2026-11-21T10:00:00Z');
    expect(r.runs).toEqual(['e2/c create @2026-11-21T09:10:00.000Z (at 2026-11-21T09:10:00.000Z)']);
    expect(r.clock.pending).toBe(0);
  });

  it('entries of one circuit and of several circuits due at the same instant all run then, in registration order', async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.start();
    const b = from('2026-11-21T09:00:00Z');
    r.scheduler.set('e1', [date('a', '2026-11-21T10:00:00Z'), cron('b', '0 10 * * *')], b, NO_RUNS);
    r.scheduler.set('e2', [every('c', { hours: 1 })], from('2026-11-21T10:00:00Z'), NO_RUNS);
    r.scheduler.set('e3', [date('d', '2026-11-21T10:00:00Z', 'remove')], b, NO_RUNS);
    expect(r.clock.pending).toBe(1);
    expect(iso(r.clock.nextDue() ?? 0)).toBe('2026-11-21T10:00:00.000Z');
    await r.to('2026-11-21T10:00:00Z');
    expect(r.runs).toEqual([
      'e1/a create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
      'e1/b remove @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
      'e2/c create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
      'e3/d remove @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
    ]);
    expect(r.clock.pending).toBe(1);
    expect(pendingOf(r.scheduler)).toEqual({ 'e1/b': '2026-11-22T10:00:00.000Z', 'e2/c': '2026-11-21T11:00:00.000Z' });
  });

  it('a run that takes time is not started again while it runs; what fell due meanwhile runs once, after it', async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.start();
    const entries = [every('i', { hours: 1 })];
    const b = from('2026-11-21T10:00:00Z');
    r.scheduler.set('e1', entries, b, NO_RUNS);
    r.hold = true;
    await r.to('2026-11-21T10:00:00Z');
    expect(r.runs).toEqual(['e1/i create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)']);
    // Other circuits' changes look at every entry again.
    r.scheduler.set('e2', [date('x', '2026-11-21T12:00:00Z')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    await r.to('2026-11-21T10:30:00Z');
    // Past its next occurrence: still the one run.
    await r.to('2026-11-21T11:05:00Z');
    expect(r.runs).toHaveLength(1);
    r.hold = false;
    r.release();
    await flush();
    expect(r.runs).toEqual([
      'e1/i create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
      'e1/i create @2026-11-21T11:00:00.000Z (at 2026-11-21T11:05:00.000Z)',
    ]);
    expect(r.skips).toEqual([]);
    expect(pendingOf(r.scheduler)).toEqual({ 'e1/i': '2026-11-21T12:00:00.000Z', 'e2/x': '2026-11-21T12:00:00.000Z' });
  });

  it('the same entries set again while their run is in progress (the record of that run not yet saved) neither run it again nor call it missed', async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.start();
    const entries = [every('i', { hours: 1 }), date('d', '2026-11-21T10:00:00Z')];
    const b = from('2026-11-21T10:00:00Z');
    r.scheduler.set('e1', entries, b, NO_RUNS);
    r.hold = true;
    await r.to('2026-11-21T10:00:00Z');
    expect(r.runs).toHaveLength(2);
    // At the same instant (a PATCH that waited for its turn re-registers the circuit).
    r.scheduler.set('e1', entries, b, NO_RUNS);
    await flush();
    expect(r.runs).toHaveLength(2);
    // Later, still in progress.
    await r.to('2026-11-21T10:30:00Z');
    r.scheduler.set('e1', entries, b, NO_RUNS);
    await flush();
    expect(r.runs).toHaveLength(2);
    expect(r.skips).toEqual([]);
    r.hold = false;
    r.release();
    await r.to('2026-11-21T11:00:00Z');
    expect(r.runs).toEqual([
      'e1/i create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
      'e1/d create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
      'e1/i create @2026-11-21T11:00:00.000Z (at 2026-11-21T11:00:00.000Z)',
    ]);
    expect(r.skips).toEqual([]);
  });

  it('an entry changed while its old form runs starts afresh once that run is over', async () => {
    const r = rig('2026-11-21T09:00:00Z');
    r.scheduler.start();
    r.scheduler.set('e1', [date('d', '2026-11-21T10:00:00Z')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    r.hold = true;
    await r.to('2026-11-21T10:00:00Z');
    r.scheduler.set('e1', [date('d', '2026-11-21T10:00:30Z', 'remove')], from('2026-11-21T09:00:00Z'), NO_RUNS);
    await r.to('2026-11-21T10:01:00Z');
    expect(r.runs).toEqual(['e1/d create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)']);
    r.hold = false;
    r.release();
    await flush();
    // The new form fell due while watched: it runs, on time.
    expect(r.runs).toEqual([
      'e1/d create @2026-11-21T10:00:00.000Z (at 2026-11-21T10:00:00.000Z)',
      'e1/d remove @2026-11-21T10:00:30.000Z (at 2026-11-21T10:01:00.000Z)',
    ]);
  });

  it('a run that fails is logged and the entry carries on', async () => {
    const clock = new VirtualClock(ms('2026-11-21T09:00:00Z'));
    const errors: object[] = [];
    const at: string[] = [];
    const s = new CircuitScheduler({
      clock,
      policy: 'run-late',
      graceMs: 300_000,
      run: (r) => {
        at.push(iso(r.at));
        return Promise.reject(new Error('no switch'));
      },
      skip: () => undefined,
      log: { ...quiet, error: (o) => errors.push(o) },
    });
    s.set('e1', [every('i', { minutes: 10 })], from('2026-11-21T09:00:00Z'), new Map([['i', ms('2026-11-21T09:00:00Z')]]));
    s.start();
    clock.advance(600_000);
    await flush();
    clock.advance(600_000);
    await flush();
    expect(at).toEqual(['2026-11-21T09:10:00.000Z', '2026-11-21T09:20:00.000Z']);
    expect(errors).toHaveLength(2);
  });

  describe('occurrences missed before start', () => {
    // The controller comes back at 09:10; a one-shot was due at 09:05 (300 s before) or 09:04:59 (301 s before).
    it('run-late: within the grace period the one-shot runs late', async () => {
      const r = rig('2026-11-21T09:10:00Z');
      r.scheduler.set('e1', [date('d', '2026-11-21T09:05:00Z')], from('2026-11-21T08:00:00Z'), NO_RUNS);
      r.scheduler.start();
      await flush();
      expect(r.runs).toEqual(['e1/d create @2026-11-21T09:05:00.000Z late (at 2026-11-21T09:10:00.000Z)']);
      expect(r.skips).toEqual([]);
    });

    it('run-late: beyond the grace period the one-shot is skipped with the reason', async () => {
      const r = rig('2026-11-21T09:10:00Z');
      r.scheduler.set('e1', [date('d', '2026-11-21T09:04:59Z')], from('2026-11-21T08:00:00Z'), NO_RUNS);
      r.scheduler.start();
      await flush();
      expect(r.runs).toEqual([]);
      expect(r.skips).toEqual(['e1/d @2026-11-21T09:04:59.000Z: it fell due 301 s ago, beyond the 300 s grace period (schedule-grace)']);
      await r.to('2026-11-21T10:00:00Z');
      expect(r.runs).toEqual([]);
      expect(r.skips).toHaveLength(1);
      expect(r.clock.pending).toBe(0);
    });

    it('skip: the one-shot is skipped however recent', async () => {
      const r = rig('2026-11-21T09:10:00Z', { policy: 'skip' });
      r.scheduler.set('e1', [date('d', '2026-11-21T09:09:59Z')], from('2026-11-21T08:00:00Z'), NO_RUNS);
      r.scheduler.start();
      await flush();
      expect(r.runs).toEqual([]);
      expect(r.skips).toEqual(['e1/d @2026-11-21T09:09:59.000Z: it fell due while the controller was not running (schedule-missed-run skip)']);
    });

    it('a recurring entry missed several times runs once, late, then on time', async () => {
      // Handled 08:00; down until 11:02: 09:00, 10:00 and 11:00 were missed.
      const r = rig('2026-11-21T11:02:00Z');
      r.scheduler.set('e1', [every('i', { hours: 1 })], from('2026-11-21T08:00:00Z'), new Map([['i', ms('2026-11-21T08:00:00Z')]]));
      r.scheduler.start();
      await r.to('2026-11-21T12:00:00Z');
      expect(r.runs).toEqual([
        'e1/i create @2026-11-21T11:00:00.000Z late (at 2026-11-21T11:02:00.000Z)',
        'e1/i create @2026-11-21T12:00:00.000Z (at 2026-11-21T12:00:00.000Z)',
      ]);
      expect(r.skips).toEqual([]);
    });

    it('a recurring entry missed beyond the grace period is skipped once, then runs on time', async () => {
      const r = rig('2026-11-21T11:30:00Z');
      r.scheduler.set('e1', [every('i', { hours: 1 })], from('2026-11-21T08:00:00Z'), new Map([['i', ms('2026-11-21T08:00:00Z')]]));
      r.scheduler.start();
      await r.to('2026-11-21T12:00:00Z');
      expect(r.skips).toEqual(['e1/i @2026-11-21T11:00:00.000Z: it fell due 1800 s ago, beyond the 300 s grace period (schedule-grace)']);
      expect(r.runs).toEqual(['e1/i create @2026-11-21T12:00:00.000Z (at 2026-11-21T12:00:00.000Z)']);
    });
  });
});
