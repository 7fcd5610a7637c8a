/**
 * Circuit schedules across a restart (issue 8): with a database file, the harness is closed and
 * opened again with its clock later, as a controller that was down meanwhile. A one-shot that fell
 * due while it was down runs at load under schedule-missed-run run-late when it is no older than
 * schedule-grace, and is skipped (the circuit untouched, the occurrence recorded) beyond it or under
 * skip; a recurring entry carries on with at most one coalesced late run; and an occurrence handled
 * before the restart (status.scheduleRuns) does not run again. Every instant is written out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advanceTo, DOWN, eventsFor, ms, pending, state, UP } from '../../support/eline-schedule';
import { ringHarness, S1, S3, uniBody, type ElineHarnessOptions } from '../../support/eline-harness';

const A = `${S1}:1`;
const Z = `${S3}:1`;

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-eline-schedules-'));
  file = join(dir, 'isthmus.db');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});


/** The controller started at `iso` on the database file, circuits loaded. */
async function startAt(iso: string, opts: Omit<ElineHarnessOptions, 'file' | 'startMs'> = {}): Promise<ReturnType<typeof ringHarness>> {
  const h = ringHarness({ ...opts, file, startMs: ms(iso) });
  await h.evcs.load();
  await h.settle();
  return h;
}






/** First run at 09:00: a circuit whose only entry is a one-shot create at 09:10; closed before it. */
async function oneShotAt0910(): Promise<string> {
  const h = await startAt('2026-11-21T09:00:00Z');
  const { circuitId } = await h.evcs.create({
    name: 'one-shot',
    uni_a: uniBody(A, 100),
    uni_z: uniBody(Z, 100),
    dynamic_backup_path: true,
    circuit_scheduler: [{ id: 'up', date: '2026-11-21T09:10:00Z', action: 'create' }],
  });
  await h.settle();
  expect(state(h, circuitId)).toEqual(DOWN);
  h.close();
  return circuitId;
}

describe('a one-shot that fell due while the controller was down', () => {
  it('back before it: it runs at its instant', async () => {
    const id = await oneShotAt0910();
    const h = await startAt('2026-11-21T09:05:00Z');
    expect(pending(h)).toEqual({ [`${id}/up`]: '2026-11-21T09:10:00.000Z' });
    await advanceTo(h, '2026-11-21T09:09:59Z');
    expect(state(h, id)).toEqual(DOWN);
    await advanceTo(h, '2026-11-21T09:10:00Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });

  it('run-late (the default), 4 min late: it runs at load', async () => {
    const id = await oneShotAt0910();
    const h = await startAt('2026-11-21T09:14:00Z');
    expect(state(h, id)).toEqual(UP);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(1);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ up: '2026-11-21T09:10:00.000Z' });
    expect(pending(h)).toEqual({});
    h.close();
  });

  it('run-late, exactly the 300 s grace period late: it runs at load', async () => {
    const id = await oneShotAt0910();
    const h = await startAt('2026-11-21T09:15:00Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });

  it('run-late, beyond the grace period: skipped, the circuit untouched, the occurrence recorded and never run', async () => {
    const id = await oneShotAt0910();
    const h = await startAt('2026-11-21T09:15:01Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(0);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ up: '2026-11-21T09:10:00.000Z' });
    expect(pending(h)).toEqual({});
    h.close();
    // Nor at a later start.
    const again = await startAt('2026-11-21T09:16:00Z');
    expect(state(again, id)).toEqual(DOWN);
    expect(again.installer.sent).toEqual([]);
    again.close();
  });

  it('a longer schedule-grace lets it run later', async () => {
    const id = await oneShotAt0910();
    const h = await startAt('2026-11-21T09:50:00Z', { schedule: { missedRun: 'run-late', graceMs: 3_600_000 } });
    expect(state(h, id)).toEqual(UP);
    h.close();
  });

  it('skip: skipped however recent, the circuit untouched', async () => {
    const id = await oneShotAt0910();
    const h = await startAt('2026-11-21T09:10:30Z', { schedule: { missedRun: 'skip', graceMs: 300_000 } });
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ up: '2026-11-21T09:10:00.000Z' });
    await advanceTo(h, '2026-11-21T12:00:00Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    h.close();
  });

  it('skip does not touch an occurrence that falls due after the start', async () => {
    const id = await oneShotAt0910();
    const h = await startAt('2026-11-21T09:09:00Z', { schedule: { missedRun: 'skip', graceMs: 300_000 } });
    await advanceTo(h, '2026-11-21T09:10:00Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });
});

describe('a recurring entry across a restart', () => {
  /**
   * First run from 09:00 to 10:35: creates every hour from the start date (10:00, 11:00…; 09:00 is
   * the creation instant itself) and removes at minute 30 (09:30, 10:30…). Closed at 10:35, removed.
   */
  async function alternating(): Promise<{ id: string; create: string; remove: string }> {
    const h = await startAt('2026-11-21T09:00:00Z');
    const { circuitId: id } = await h.evcs.create({
      name: 'alternating',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [
        { id: 'create', interval: { hours: 1 }, action: 'create' },
        { id: 'remove', frequency: '30 * * * *', action: 'remove' },
      ],
    });
    await advanceTo(h, '2026-11-21T10:00:00Z');
    expect(state(h, id)).toEqual(UP);
    await advanceTo(h, '2026-11-21T10:30:00Z');
    expect(state(h, id)).toEqual(DOWN);
    await advanceTo(h, '2026-11-21T10:35:00Z');
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ create: '2026-11-21T10:00:00.000Z', remove: '2026-11-21T10:30:00.000Z' });
    h.close();
    return { id, create: 'create', remove: 'remove' };
  }

  it('down from 10:35 to 14:02: the 14:00 create runs once, late; the 13:30 remove is skipped; then it carries on', async () => {
    const { id } = await alternating();
    // Missed: creates 11:00 to 14:00 (the latest 2 min ago), removes 11:30 to 13:30 (the latest 32 min ago).
    const h = await startAt('2026-11-21T14:02:00Z');
    expect(state(h, id)).toEqual(UP);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(1);
    expect(eventsFor(h, 'mef_eline.undeployed', id)).toBe(0);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ create: '2026-11-21T14:00:00.000Z', remove: '2026-11-21T13:30:00.000Z' });
    expect(pending(h)).toEqual({ [`${id}/create`]: '2026-11-21T15:00:00.000Z', [`${id}/remove`]: '2026-11-21T14:30:00.000Z' });
    await advanceTo(h, '2026-11-21T14:29:59Z');
    expect(state(h, id)).toEqual(UP);
    await advanceTo(h, '2026-11-21T14:30:00Z');
    expect(state(h, id)).toEqual(DOWN);
    await advanceTo(h, '2026-11-21T15:00:00Z');
    expect(state(h, id)).toEqual(UP);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(2);
    expect(eventsFor(h, 'mef_eline.undeployed', id)).toBe(1);
    h.close();
  });

  it('down from 10:35 to 14:33: the 14:00 create is skipped, the 14:30 remove runs late; no flow is sent', async () => {
    const { id } = await alternating();
    const h = await startAt('2026-11-21T14:33:00Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ create: '2026-11-21T14:00:00.000Z', remove: '2026-11-21T14:30:00.000Z' });
    await advanceTo(h, '2026-11-21T15:00:00Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });

  it('down for a day under skip: nothing runs at load, and the next occurrences run on time', async () => {
    const { id } = await alternating();
    const h = await startAt('2026-11-22T10:10:00Z', { schedule: { missedRun: 'skip', graceMs: 300_000 } });
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ create: '2026-11-22T10:00:00.000Z', remove: '2026-11-22T09:30:00.000Z' });
    await advanceTo(h, '2026-11-22T10:30:00Z');
    expect(state(h, id)).toEqual(DOWN);
    await advanceTo(h, '2026-11-22T11:00:00Z');
    expect(state(h, id)).toEqual(UP);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(1);
    h.close();
  });
});

describe('occurrences handled before the restart', () => {
  it('a one-shot that ran is not run again after a restart within its grace period', async () => {
    const first = await startAt('2026-11-21T09:00:00Z');
    const { circuitId: id } = await first.evcs.create({
      name: 'ran',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [{ id: 'up', date: '2026-11-21T09:00:10Z', action: 'create' }],
    });
    await advanceTo(first, '2026-11-21T09:00:10Z');
    expect(state(first, id)).toEqual(UP);
    // Taken down by hand after the schedule brought it up.
    await first.evcs.update(id, { enabled: false });
    expect(state(first, id)).toEqual(DOWN);
    first.close();

    const h = await startAt('2026-11-21T09:00:20Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ up: '2026-11-21T09:00:10.000Z' });
    expect(pending(h)).toEqual({});
    h.close();
  });

  it('a recurring occurrence that ran is not run again; the next one is', async () => {
    const first = await startAt('2026-11-21T09:00:00Z');
    const { circuitId: id } = await first.evcs.create({
      name: 'hourly',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [{ id: 'up', interval: { hours: 1 }, action: 'create' }],
    });
    await advanceTo(first, '2026-11-21T10:00:00Z');
    expect(state(first, id)).toEqual(UP);
    await advanceTo(first, '2026-11-21T10:01:00Z');
    await first.evcs.update(id, { enabled: false });
    first.close();

    const h = await startAt('2026-11-21T10:02:00Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    expect(pending(h)).toEqual({ [`${id}/up`]: '2026-11-21T11:00:00.000Z' });
    await advanceTo(h, '2026-11-21T10:59:59Z');
    expect(state(h, id)).toEqual(DOWN);
    await advanceTo(h, '2026-11-21T11:00:00Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });

  it('a new recurring entry does not count the occurrences before it was added as missed, across a restart either', async () => {
    const first = await startAt('2026-11-21T09:00:00Z');
    const { circuitId: id } = await first.evcs.create({
      name: 'added',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      start_date: '2026-11-20T00:00:00Z',
      circuit_scheduler: [{ id: 'later', date: '2026-11-30T00:00:00Z', action: 'create' }],
    });
    // Added at 09:20 with a start date the day before: 09:00 (and every hour before it) happened before the entry existed.
    await advanceTo(first, '2026-11-21T09:20:00Z');
    await first.evcs.addSchedule(id, { id: 'hourly', action: 'create', interval: { hours: 1 } });
    expect(first.evcs.get(id)?.status.scheduleRuns).toEqual({ hourly: '2026-11-21T09:20:00.000Z' });
    await advanceTo(first, '2026-11-21T09:30:00Z');
    expect(state(first, id)).toEqual(DOWN);
    first.close();

    const h = await startAt('2026-11-21T09:40:00Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(pending(h)).toEqual({ [`${id}/later`]: '2026-11-30T00:00:00.000Z', [`${id}/hourly`]: '2026-11-21T10:00:00.000Z' });
    await advanceTo(h, '2026-11-21T10:00:00Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });
});
