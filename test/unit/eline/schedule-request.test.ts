/** The bodies of the schedule API (kytos-api.md §1.1 rows 13–14): schema check, then the entry's rules. */
import { BAD_SCHEDULE_ACTION, EMPTY_INTERVAL, SCHEDULE_NEEDS_TRIGGER } from '../../../src/eline/request-fields';
import { parseNewScheduleBody, parseScheduleUpdateBody } from '../../../src/eline/schedule-request';

const API = 'The request body contains invalid API data., ';
const CIRCUIT = '00000000000001';

describe('parseNewScheduleBody (POST /v2/evc/schedule/)', () => {
  it.each([
    [
      'a one-shot date, action create by default',
      { date: '2026-12-01T08:00:00' },
      { action: 'create', date: '2026-12-01T08:00:00.000Z' },
    ],
    [
      'a date with an offset, read in UTC',
      { date: '2026-12-01T10:00:00+02:00', action: 'remove' },
      { action: 'remove', date: '2026-12-01T08:00:00.000Z' },
    ],
    ['an interval object', { interval: { hours: 2, minutes: 30 }, action: 'remove' }, { action: 'remove', interval: { hours: 2, minutes: 30 } }],
    ['a cron frequency', { frequency: '0 8 * * 1-5' }, { action: 'create', frequency: '0 8 * * 1-5' }],
    ['the client id kept', { id: 'nightly', date: '2026-12-01T08:00:00' }, { id: 'nightly', action: 'create', date: '2026-12-01T08:00:00.000Z' }],
    ['keys the schema does not name ignored', { date: '2026-12-01T08:00:00', note: 'x' }, { action: 'create', date: '2026-12-01T08:00:00.000Z' }],
  ])('takes %s', (_name, schedule, entry) => {
    expect(parseNewScheduleBody({ circuit_id: CIRCUIT, schedule })).toEqual({ ok: true, value: { circuitId: CIRCUIT, entry: { ok: true, value: entry } } });
  });

  it.each([
    ['a list body', [1], "[1] is not of type 'object' for field ."],
    ['no circuit_id', { schedule: { date: '2026-12-01T08:00:00' } }, "'circuit_id' is a required property for field circuit_id."],
    ['no schedule', { circuit_id: CIRCUIT }, "'schedule' is a required property for field schedule."],
    ['a numeric circuit_id', { circuit_id: 1, schedule: {} }, "1 is not of type 'string' for field circuit_id."],
    ['a list schedule', { circuit_id: CIRCUIT, schedule: [] }, "[] is not of type 'object' for field schedule."],
    ['a date that is no date-time', { circuit_id: CIRCUIT, schedule: { date: 'tomorrow' } }, "'tomorrow' is not a 'date-time' for field schedule/date."],
    ['a date that does not exist', { circuit_id: CIRCUIT, schedule: { date: '2026-02-30T08:00:00' } }, "'2026-02-30T08:00:00' is not a 'date-time' for field schedule/date."],
    ['a string interval', { circuit_id: CIRCUIT, schedule: { interval: '2h' } }, "'2h' is not of type 'object' for field schedule/interval."],
    [
      'an unknown interval unit',
      { circuit_id: CIRCUIT, schedule: { interval: { hour: 1 } } },
      "Additional properties are not allowed ('hour' was unexpected) for field schedule/interval.",
    ],
    ['a negative interval unit', { circuit_id: CIRCUIT, schedule: { interval: { hours: -1 } } }, '-1 is less than the minimum of 0 for field schedule/interval/hours.'],
    ['a numeric frequency', { circuit_id: CIRCUIT, schedule: { frequency: 5 } }, "5 is not of type 'string' for field schedule/frequency."],
    ['a numeric action', { circuit_id: CIRCUIT, schedule: { date: '2026-12-01T08:00:00', action: 1 } }, "1 is not of type 'string' for field schedule/action."],
    ['a numeric id', { circuit_id: CIRCUIT, schedule: { id: 7, date: '2026-12-01T08:00:00' } }, "7 is not of type 'string' for field schedule/id."],
  ])('refuses %s with the schema 400', (_name, body, text) => {
    expect(parseNewScheduleBody(body)).toEqual({ ok: false, error: { status: 400, description: `${API}${text}` } });
  });

  it.each([
    ['an action other than create or remove (a 500 in Kytos)', { date: '2026-12-01T08:00:00', action: 'start' }, BAD_SCHEDULE_ACTION],
    ['an entry without date, interval or frequency', { action: 'create' }, SCHEDULE_NEEDS_TRIGGER],
    ['a cron expression of four fields', { frequency: '* * * *' }, 'Wrong number of fields; got 4, expected 5'],
    ['a cron minute out of range', { frequency: '61 * * * *' }, 'Invalid frequency "61 * * * *": Constraint error, got value 61 expected range 0-59'],
    ['a cron expression that is not one', { frequency: 'a b c d e' }, 'Invalid frequency "a b c d e": Invalid characters, got value: a'],
    ['an interval of zero', { interval: { hours: 0 } }, EMPTY_INTERVAL],
  ])('passes the schema with %s, and gives the entry 400 for after the lookup', (_name, schedule, description) => {
    expect(parseNewScheduleBody({ circuit_id: CIRCUIT, schedule })).toEqual({
      ok: true,
      value: { circuitId: CIRCUIT, entry: { ok: false, error: { status: 400, description } } },
    });
  });
});

describe('parseScheduleUpdateBody (PATCH /v2/evc/schedule/{schedule_id})', () => {
  it('takes the entry itself', () => {
    expect(parseScheduleUpdateBody({ date: '2026-12-02T08:00:00', action: 'remove' })).toEqual({
      ok: true,
      value: { entry: { ok: true, value: { action: 'remove', date: '2026-12-02T08:00:00.000Z' } } },
    });
  });

  it('drops an id in the body: the entry keeps the id of the path', () => {
    expect(parseScheduleUpdateBody({ id: 'other', frequency: '*/5 * * * *' })).toEqual({
      ok: true,
      value: { entry: { ok: true, value: { action: 'create', frequency: '*/5 * * * *' } } },
    });
  });

  it.each([
    ['a list body', [], "[] is not of type 'object' for field ."],
    ['a string body', 'x', "'x' is not of type 'object' for field ."],
    ['a date that is no date-time', { date: '01/12/2026' }, "'01/12/2026' is not a 'date-time' for field date."],
    ['a numeric action', { date: '2026-12-02T08:00:00', action: true }, "True is not of type 'string' for field action."],
    ['an unknown interval unit', { interval: { months: 1 } }, "Additional properties are not allowed ('months' was unexpected) for field interval."],
  ])('refuses %s with the schema 400', (_name, body, text) => {
    expect(parseScheduleUpdateBody(body)).toEqual({ ok: false, error: { status: 400, description: `${API}${text}` } });
  });

  it.each([
    ['a bad action', { date: '2026-12-02T08:00:00', action: 'delete' }, BAD_SCHEDULE_ACTION],
    ['no trigger', {}, SCHEDULE_NEEDS_TRIGGER],
    ['a bad cron expression', { frequency: '0 0 31 2 *' }, 'Invalid frequency "0 0 31 2 *": Invalid explicit day of month definition'],
  ])('gives %s as the entry 400', (_name, body, description) => {
    expect(parseScheduleUpdateBody(body)).toEqual({ ok: true, value: { entry: { ok: false, error: { status: 400, description } } } });
  });
});
