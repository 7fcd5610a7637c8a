/**
 * `/api/kytos/mef_eline/v2/evc/schedule`, rows 12–15 (kytos-api.md §1.1), through supertest over
 * the circuit service wired as the controller wires it (ring harness, virtual clock): bodies and
 * texts are kytos-ng mef_eline main.py's, except that an entry Kytos fails on with a 500 (a bad
 * action or cron expression) is a 400. Schedules made through the API then run in virtual time:
 * a `create` deploys the circuit, a `remove` takes it down, a PATCH moves the instant, a DELETE
 * stops it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { buildApp } from '../../../src/rest/app';
import { BAD_SCHEDULE_ACTION } from '../../../src/eline/request-fields';
import { circuitRows, ringHarness, S1, S3, uniBody, type ElineHarness } from '../../support/eline-harness';
import { FakeLldp } from './harness';

const EVC = '/api/kytos/mef_eline/v2/evc';
const SCHEDULE = `${EVC}/schedule`;
const API = 'The request body contains invalid API data., ';
const UNKNOWN = 'ffffffffffffff';
const START_MS = Date.UTC(2026, 10, 21, 9, 0, 0);
const MINUTE = 60_000;

let h: ElineHarness;
let app: Express;

/** A ring harness and the app over it, loaded as the controller's start() loads it. */
async function start(opts: { file?: string; startMs?: number } = {}): Promise<void> {
  h = ringHarness({ startMs: START_MS, ...opts });
  await h.evcs.load();
  app = buildApp({ log: { error: () => undefined }, topology: h.topology, lldp: new FakeLldp(), now: () => h.clock.now(), evcs: h.evcs });
}

/** A database directory a test made; removed after the harness is closed. */
let dir: string | undefined;

beforeEach(() => start());

afterEach(() => {
  h.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The instant `minutes` after the harness's start, as Kytos prints times (`%Y-%m-%dT%H:%M:%S`, UTC). */
function at(minutes: number): string {
  return new Date(START_MS + minutes * MINUTE).toISOString().slice(0, 19);
}

/** Creates an EVPL through the API (VID `vid` on s1:1 and s3:1) and returns its id. */
async function create(vid: number, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await request(app)
    .post(`${EVC}/`)
    .send({ name: `c${vid}`, uni_a: uniBody(`${S1}:1`, vid), uni_z: uniBody(`${S3}:1`, vid), dynamic_backup_path: true, ...extra });
  expect(r.status).toBe(201);
  return (r.body as { circuit_id: string }).circuit_id;
}

async function addSchedule(circuitId: string, schedule: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await request(app).post(`${SCHEDULE}/`).send({ circuit_id: circuitId, schedule });
  expect(r.status).toBe(201);
  return r.body as Record<string, unknown>;
}

async function getDoc(id: string): Promise<Record<string, unknown>> {
  const r = await request(app).get(`${EVC}/${id}`);
  expect(r.status).toBe(200);
  return r.body as Record<string, unknown>;
}

async function listing(): Promise<unknown> {
  const r = await request(app).get(SCHEDULE);
  expect(r.status).toBe(200);
  return r.body;
}

/** Moves virtual time and lets the runs it started finish. */
async function advanceMinutes(minutes: number): Promise<void> {
  h.clock.advance(minutes * MINUTE);
  await h.settle();
}

/** Whether the circuit is up: flows stored for its cookie, and the document says enabled and active. */
async function state(id: string): Promise<{ flows: boolean; enabled: unknown; active: unknown }> {
  const doc = await getDoc(id);
  return { flows: circuitRows(h, id).length > 0, enabled: doc.enabled, active: doc.active };
}

const UP = { flows: true, enabled: true, active: true };
const DOWN = { flows: false, enabled: false, active: false };

// --------------------------------------------------------------------------------------- row 12

describe('GET /v2/evc/schedule', () => {
  it('answers {} when there are no circuits at all (a Kytos quirk: an object, not a list)', async () => {
    const r = await request(app).get(SCHEDULE);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({});
  });

  it('answers {} when every circuit is archived (Kytos lists the live ones)', async () => {
    const id = await create(100, { circuit_scheduler: [{ date: at(60) }] });
    expect((await request(app).delete(`${EVC}/${id}`)).status).toBe(200);
    expect(await listing()).toEqual({});
  });

  it('answers [] when circuits exist but none has a schedule', async () => {
    await create(100);
    expect(await listing()).toEqual([]);
  });

  it('lists every entry of every live circuit as {schedule_id, circuit_id, schedule}, with or without the trailing slash', async () => {
    const a = await create(100, { circuit_scheduler: [{ id: 'a-on', date: at(60) }, { id: 'a-off', interval: { hours: 2 }, action: 'remove' }] });
    const b = await create(101);
    await addSchedule(b, { id: 'b-cron', frequency: '0 8 * * 1-5', action: 'remove' });
    const archived = await create(102, { circuit_scheduler: [{ id: 'gone', date: at(60) }] });
    await request(app).delete(`${EVC}/${archived}`);
    const expected = [
      { schedule_id: 'a-on', circuit_id: a, schedule: { id: 'a-on', action: 'create', date: at(60) } },
      { schedule_id: 'a-off', circuit_id: a, schedule: { id: 'a-off', action: 'remove', interval: { hours: 2 } } },
      { schedule_id: 'b-cron', circuit_id: b, schedule: { id: 'b-cron', action: 'remove', frequency: '0 8 * * 1-5' } },
    ];
    expect(await listing()).toEqual(expected);
    const slash = await request(app).get(`${SCHEDULE}/`);
    expect(slash.status).toBe(200);
    expect(slash.body).toEqual(expected);
  });
});

// --------------------------------------------------------------------------------------- row 13

describe('POST /v2/evc/schedule/', () => {
  it('adds the entry: 201 with the schedule object, shown in the circuit document and the listing', async () => {
    const id = await create(100);
    const r = await request(app).post(`${SCHEDULE}/`).send({ circuit_id: id, schedule: { date: '2026-11-21T10:30:00.250Z' } });
    expect(r.status).toBe(201);
    // The harness makes ids from one counter: the circuit took the first.
    const entry = { id: '00000000000002', action: 'create', date: '2026-11-21T10:30:00' };
    expect(r.body).toEqual(entry);
    expect((await getDoc(id)).circuit_scheduler).toEqual([entry]);
    expect(await listing()).toEqual([{ schedule_id: entry.id, circuit_id: id, schedule: entry }]);
  });

  it.each([
    ['an interval', { id: 'i', interval: { minutes: 30, seconds: 15 }, action: 'remove' }, { id: 'i', action: 'remove', interval: { minutes: 30, seconds: 15 } }],
    ['a cron frequency', { id: 'f', frequency: '*/10 * * * *' }, { id: 'f', action: 'create', frequency: '*/10 * * * *' }],
    ['a date with an offset', { id: 'd', date: '2026-11-21T12:00:00+02:00', action: 'remove' }, { id: 'd', action: 'remove', date: '2026-11-21T10:00:00' }],
  ])('answers %s as Kytos shows it', async (_name, schedule, shown) => {
    const id = await create(100);
    expect(await addSchedule(id, schedule)).toEqual(shown);
    expect((await getDoc(id)).circuit_scheduler).toEqual([shown]);
  });

  it('appends to the entries the circuit was created with', async () => {
    const id = await create(100, { circuit_scheduler: [{ id: 'first', date: at(60) }] });
    await addSchedule(id, { id: 'second', date: at(120), action: 'remove' });
    expect((await getDoc(id)).circuit_scheduler).toEqual([
      { id: 'first', action: 'create', date: at(60) },
      { id: 'second', action: 'remove', date: at(120) },
    ]);
  });

  it('is served without the trailing slash too', async () => {
    const id = await create(100);
    const r = await request(app).post(SCHEDULE).send({ circuit_id: id, schedule: { id: 's', date: at(60) } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: 's', action: 'create', date: at(60) });
  });

  it.each([
    ['no circuit_id', { schedule: { date: '2026-12-01T08:00:00' } }, "'circuit_id' is a required property for field circuit_id."],
    ['no schedule', { circuit_id: UNKNOWN }, "'schedule' is a required property for field schedule."],
    ['a numeric circuit_id', { circuit_id: 1, schedule: {} }, "1 is not of type 'string' for field circuit_id."],
    ['a date that is no date-time', { circuit_id: UNKNOWN, schedule: { date: 'tomorrow' } }, "'tomorrow' is not a 'date-time' for field schedule/date."],
    ['a numeric action', { circuit_id: UNKNOWN, schedule: { date: '2026-12-01T08:00:00', action: 1 } }, "1 is not of type 'string' for field schedule/action."],
    ['a list body', [1], "[1] is not of type 'object' for field ."],
  ])('answers the schema 400 for %s, before looking the circuit up', async (_name, body, text) => {
    const r = await request(app).post(`${SCHEDULE}/`).send(body as object);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: `${API}${text}`, code: 400 });
  });

  it.each([
    ['an action other than create or remove (Kytos: 500)', { date: at(60), action: 'start' }, BAD_SCHEDULE_ACTION],
    ['a cron expression of six fields (Kytos: 500)', { frequency: '0 0 8 * * 1' }, 'Wrong number of fields; got 6, expected 5'],
    ['a cron hour out of range (Kytos: 500)', { frequency: '0 24 * * *' }, 'Invalid frequency "0 24 * * *": Constraint error, got value 24 expected range 0-23'],
    ['an entry without a trigger', { action: 'create' }, 'A circuit_scheduler entry needs a date, an interval or a frequency'],
  ])('answers 400 for %s, and the circuit keeps its entries', async (_name, schedule, description) => {
    const id = await create(100);
    const r = await request(app).post(`${SCHEDULE}/`).send({ circuit_id: id, schedule });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description, code: 400 });
    expect((await getDoc(id)).circuit_scheduler).toEqual([]);
  });

  it('answers 404 "circuit_id X not found" for an unknown circuit', async () => {
    const r = await request(app).post(`${SCHEDULE}/`).send({ circuit_id: UNKNOWN, schedule: { date: at(60) } });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found`, code: 404 });
  });

  it('answers 404 for an archived circuit', async () => {
    const id = await create(100);
    await request(app).delete(`${EVC}/${id}`);
    const r = await request(app).post(`${SCHEDULE}/`).send({ circuit_id: id, schedule: { date: at(60) } });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${id} not found`, code: 404 });
  });

  it('answers 404, not 400, for a bad action on an unknown circuit (Kytos looks the circuit up first)', async () => {
    const r = await request(app).post(`${SCHEDULE}/`).send({ circuit_id: UNKNOWN, schedule: { date: at(60), action: 'start' } });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found`, code: 404 });
  });

  it('answers 409 for an id another entry has', async () => {
    const a = await create(100, { circuit_scheduler: [{ id: 'taken', date: at(60) }] });
    const b = await create(101);
    const r = await request(app).post(`${SCHEDULE}/`).send({ circuit_id: b, schedule: { id: 'taken', date: at(90) } });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ description: 'schedule_id taken already exists', code: 409 });
    expect((await getDoc(a)).circuit_scheduler).toEqual([{ id: 'taken', action: 'create', date: at(60) }]);
    expect((await getDoc(b)).circuit_scheduler).toEqual([]);
  });

  it('answers 415 without a JSON Content-Type', async () => {
    const id = await create(100);
    const r = await request(app).post(`${SCHEDULE}/`).set('Content-Type', 'text/plain').send(JSON.stringify({ circuit_id: id, schedule: { date: at(60) } }));
    expect(r.status).toBe(415);
    expect(r.body).toEqual({ description: 'Expected Content-Type: application/json, got: text/plain', code: 415 });
  });
});

// --------------------------------------------------------------------------------------- row 14

describe('PATCH /v2/evc/schedule/{schedule_id}', () => {
  it('replaces the entry, keeping its id: 200 with the new schedule', async () => {
    const id = await create(100, { circuit_scheduler: [{ id: 's', date: at(60) }, { id: 't', date: at(90), action: 'remove' }] });
    const r = await request(app).patch(`${SCHEDULE}/s`).send({ id: 'ignored', frequency: '30 9 * * *', action: 'remove' });
    expect(r.status).toBe(200);
    const entry = { id: 's', action: 'remove', frequency: '30 9 * * *' };
    expect(r.body).toEqual(entry);
    expect((await getDoc(id)).circuit_scheduler).toEqual([entry, { id: 't', action: 'remove', date: at(90) }]);
    expect(await listing()).toEqual([
      { schedule_id: 's', circuit_id: id, schedule: entry },
      { schedule_id: 't', circuit_id: id, schedule: { id: 't', action: 'remove', date: at(90) } },
    ]);
  });

  it('is served with the trailing slash too', async () => {
    await create(100, { circuit_scheduler: [{ id: 's', date: at(60) }] });
    const r = await request(app).patch(`${SCHEDULE}/s/`).send({ date: at(70) });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: 's', action: 'create', date: at(70) });
  });

  it('answers 404 "schedule_id X not found" for an unknown schedule', async () => {
    await create(100, { circuit_scheduler: [{ id: 's', date: at(60) }] });
    const r = await request(app).patch(`${SCHEDULE}/nope`).send({ date: at(70) });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: 'schedule_id nope not found', code: 404 });
  });

  it('answers 404 for an entry of an archived circuit', async () => {
    const id = await create(100, { circuit_scheduler: [{ id: 's', date: at(60) }] });
    await request(app).delete(`${EVC}/${id}`);
    const r = await request(app).patch(`${SCHEDULE}/s`).send({ date: at(70) });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: 'schedule_id s not found', code: 404 });
  });

  it('answers 404, not 400, for a bad action on an unknown schedule (Kytos looks the schedule up first)', async () => {
    const r = await request(app).patch(`${SCHEDULE}/nope`).send({ date: at(70), action: 'pause' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: 'schedule_id nope not found', code: 404 });
  });

  it('answers the schema 400 before looking the schedule up', async () => {
    const r = await request(app).patch(`${SCHEDULE}/nope`).send({ date: 'soon' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: `${API}'soon' is not a 'date-time' for field date.`, code: 400 });
  });

  it.each([
    ['an action other than create or remove (Kytos: 500)', { date: at(70), action: 'pause' }, BAD_SCHEDULE_ACTION],
    ['a bad cron expression (Kytos: 500)', { frequency: '* * * *' }, 'Wrong number of fields; got 4, expected 5'],
    ['a list body', [], `${API}[] is not of type 'object' for field .`],
    ['an unknown interval unit', { interval: { months: 1 } }, `${API}Additional properties are not allowed ('months' was unexpected) for field interval.`],
  ])('answers 400 for %s, and the entry stays as it was', async (_name, body, description) => {
    const id = await create(100, { circuit_scheduler: [{ id: 's', date: at(60) }] });
    const r = await request(app).patch(`${SCHEDULE}/s`).send(body as object);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description, code: 400 });
    expect((await getDoc(id)).circuit_scheduler).toEqual([{ id: 's', action: 'create', date: at(60) }]);
  });

  it('answers 415 without a JSON Content-Type', async () => {
    await create(100, { circuit_scheduler: [{ id: 's', date: at(60) }] });
    const r = await request(app).patch(`${SCHEDULE}/s`).set('Content-Type', 'text/plain').send('{}');
    expect(r.status).toBe(415);
  });
});

// --------------------------------------------------------------------------------------- row 15

describe('DELETE /v2/evc/schedule/{schedule_id}', () => {
  it('removes the entry: 200 "Schedule removed"; a second DELETE is a 404', async () => {
    const id = await create(100, { circuit_scheduler: [{ id: 's', date: at(60) }, { id: 't', date: at(90), action: 'remove' }] });
    const r = await request(app).delete(`${SCHEDULE}/s`);
    expect(r.status).toBe(200);
    expect(r.body).toBe('Schedule removed');
    expect((await getDoc(id)).circuit_scheduler).toEqual([{ id: 't', action: 'remove', date: at(90) }]);
    expect(await listing()).toEqual([{ schedule_id: 't', circuit_id: id, schedule: { id: 't', action: 'remove', date: at(90) } }]);
    const again = await request(app).delete(`${SCHEDULE}/s`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ description: 'schedule_id s not found', code: 404 });
  });

  it('is served with the trailing slash too', async () => {
    await create(100, { circuit_scheduler: [{ id: 's', date: at(60) }] });
    const r = await request(app).delete(`${SCHEDULE}/s/`);
    expect(r.status).toBe(200);
    expect(r.body).toBe('Schedule removed');
  });

  it('answers 404 "schedule_id X not found" for an unknown schedule', async () => {
    const r = await request(app).delete(`${SCHEDULE}/nope`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: 'schedule_id nope not found', code: 404 });
  });
});

// ------------------------------------------------------------------------------ in virtual time

describe('schedules made through the API run in virtual time', () => {
  it('a create entry deploys a disabled circuit at its date, and a remove entry takes it down at its own', async () => {
    const id = await create(100, { enabled: false });
    expect(await state(id)).toEqual(DOWN);
    await addSchedule(id, { id: 'on', date: at(10) });
    await addSchedule(id, { id: 'off', date: at(20), action: 'remove' });
    await advanceMinutes(9);
    expect(await state(id)).toEqual(DOWN);
    await advanceMinutes(1);
    expect(await state(id)).toEqual(UP);
    expect((await getDoc(id)).last_deployed_at).toBe(at(10));
    await advanceMinutes(9);
    expect(await state(id)).toEqual(UP);
    await advanceMinutes(1);
    expect(await state(id)).toEqual(DOWN);
    // Both one-shots are done; the entries stay on the circuit, as in Kytos.
    expect(h.evcs.pendingSchedules().size).toBe(0);
    expect((await getDoc(id)).circuit_scheduler).toEqual([
      { id: 'on', action: 'create', date: at(10) },
      { id: 'off', action: 'remove', date: at(20) },
    ]);
  });

  it('a cron remove entry takes a deployed circuit down at its next match', async () => {
    const id = await create(100);
    expect(await state(id)).toEqual(UP);
    await addSchedule(id, { id: 'cron', frequency: '*/15 * * * *', action: 'remove' });
    expect(h.evcs.pendingSchedules()).toEqual(new Map([[`${id}/cron`, START_MS + 15 * MINUTE]]));
    await advanceMinutes(14);
    expect(await state(id)).toEqual(UP);
    await advanceMinutes(1);
    expect(await state(id)).toEqual(DOWN);
  });

  it('a PATCH moves the date: nothing happens at the old instant, the entry runs at the new one', async () => {
    const id = await create(100, { enabled: false });
    await addSchedule(id, { id: 'on', date: at(10) });
    const r = await request(app).patch(`${SCHEDULE}/on`).send({ date: at(30) });
    expect(r.status).toBe(200);
    await advanceMinutes(20);
    expect(await state(id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    await advanceMinutes(10);
    expect(await state(id)).toEqual(UP);
    expect((await getDoc(id)).last_deployed_at).toBe(at(30));
  });

  it('a DELETE stops the entry from running', async () => {
    const id = await create(100, { enabled: false });
    await addSchedule(id, { id: 'on', date: at(10) });
    expect((await request(app).delete(`${SCHEDULE}/on`)).status).toBe(200);
    expect(h.evcs.pendingSchedules().size).toBe(0);
    await advanceMinutes(60);
    expect(await state(id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
  });
});

describe('schedules made through the API across a restart', () => {
  it('an entry added, then moved by PATCH, is stored: the restarted controller lists it and runs it at its date', async () => {
    dir = mkdtempSync(join(tmpdir(), 'isthmus-schedules-'));
    const file = join(dir, 'isthmus.db');
    h.close();
    await start({ file });
    const id = await create(100, { enabled: false });
    await addSchedule(id, { id: 'on', date: at(10) });
    expect((await request(app).patch(`${SCHEDULE}/on`).send({ date: at(20) })).status).toBe(200);
    h.close();
    await start({ file, startMs: START_MS + 5 * MINUTE });
    expect(await listing()).toEqual([{ schedule_id: 'on', circuit_id: id, schedule: { id: 'on', action: 'create', date: at(20) } }]);
    await advanceMinutes(14);
    expect(await state(id)).toEqual(DOWN);
    await advanceMinutes(1);
    expect(await state(id)).toEqual(UP);
  });
});

// --------------------------------------------------------------- schedule ids in circuit bodies

describe('schedule ids given in circuit bodies name one entry across all circuits', () => {
  const body = (vid: number, entries: unknown[]) => ({
    name: `c${vid}`,
    uni_a: uniBody(`${S1}:1`, vid),
    uni_z: uniBody(`${S3}:1`, vid),
    dynamic_backup_path: true,
    circuit_scheduler: entries,
  });

  it('POST /v2/evc/ with one id twice in its list: 400, nothing created', async () => {
    const r = await request(app)
      .post(`${EVC}/`)
      .send(body(100, [{ id: 'twice', date: at(60) }, { id: 'twice', date: at(120), action: 'remove' }]));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: 'circuit_scheduler: the schedule id twice is given more than once', code: 400 });
    expect((await request(app).get(`${EVC}/`)).body).toEqual({});
  });

  it('POST /v2/evc/ or PATCH with an id another circuit has: 409, as the schedule API answers', async () => {
    await create(100, { circuit_scheduler: [{ id: 'mine', date: at(60) }] });
    const r = await request(app).post(`${EVC}/`).send(body(200, [{ id: 'mine', date: at(90) }]));
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ description: 'schedule_id mine already exists', code: 409 });
    const other = await create(300);
    const p = await request(app).patch(`${EVC}/${other}`).send({ circuit_scheduler: [{ id: 'mine', date: at(90) }] });
    expect(p.status).toBe(409);
    expect(((await getDoc(other)) as { circuit_scheduler: unknown[] }).circuit_scheduler).toEqual([]);
  });
});
