/**
 * Request bodies of the schedule API (kytos-api.md §1.1 rows 13–14): `POST /v2/evc/schedule/`
 * takes `{"circuit_id", "schedule": {...}}` (openapi.yml NewCircuitSchedule) and
 * `PATCH /v2/evc/schedule/{schedule_id}` takes the entry itself (CircuitSchedule). Each is checked
 * in two steps, because Kytos looks the circuit or schedule up between them: the schema first (a
 * 400 before any lookup), then the entry's own rules (action, trigger, cron expression, interval),
 * which Kytos only meets after the lookup, when it registers the job, and answers with a 500; here
 * they are 400s with the texts request-fields.ts gives `circuit_scheduler` entries. Pure.
 */
import { err, ok, type Result } from '../topology/result';
// The entry schema of `circuit_scheduler` items: the schedule API takes the same forms (the interval object, a string id).
import { CIRCUIT_SCHEDULE } from './request-openapi';
import { parseScheduleEntry, type ScheduleEntryInput } from './request-fields';
import { invalidApiData, violation, type RequestError, type Schema } from './request-schema';

export type { ScheduleEntryInput } from './request-fields';

/** A body past its schema check; `entry` is the outcome of the entry's rules, for after the lookup. */
export interface ScheduleBody {
  readonly entry: Result<ScheduleEntryInput, RequestError>;
}

/** A POST body past its schema check. */
export interface NewScheduleBody extends ScheduleBody {
  readonly circuitId: string;
}


/** openapi.yml NewCircuitSchedule. */
const NEW_CIRCUIT_SCHEDULE: Schema = {
  type: 'object',
  required: ['circuit_id', 'schedule'],
  properties: { circuit_id: { type: 'string' }, schedule: CIRCUIT_SCHEDULE },
};

type Json = Readonly<Record<string, unknown>>;

/** Pure. A `POST /v2/evc/schedule/` body: the circuit id and its entry, or the schema's 400. */
export function parseNewScheduleBody(body: unknown): Result<NewScheduleBody, RequestError> {
  const bad = violation(NEW_CIRCUIT_SCHEDULE, body);
  if (bad !== undefined) return err(invalidApiData(bad));
  const { circuit_id: circuitId, schedule } = body as Json;
  return ok({ circuitId: circuitId as string, entry: parseScheduleEntry(schedule as Json) });
}

/**
 * Pure. A `PATCH /v2/evc/schedule/{schedule_id}` body: the new entry, or the schema's 400. An `id`
 * in the body is dropped: the entry keeps the id of the path (Kytos overwrites it too).
 */
export function parseScheduleUpdateBody(body: unknown): Result<ScheduleBody, RequestError> {
  const bad = violation(CIRCUIT_SCHEDULE, body);
  if (bad !== undefined) return err(invalidApiData(bad));
  const entry = parseScheduleEntry(body as Json);
  if (!entry.ok) return ok({ entry });
  const { id: _ignored, ...rest } = entry.value;
  return ok({ entry: ok(rest) });
}
