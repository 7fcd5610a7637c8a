/**
 * The fields of a schema-checked mef_eline request body other than the UNIs, turned into the
 * model's types: path links, path constraints, scheduler entries, queue and priority. Each input
 * has passed request-openapi.ts, so only the rules the schema cannot say are checked here. Pure.
 */
import { cronError } from './schedule-time';
import { parseInterfaceId } from '../topology/model';
import { linkIdOf } from '../topology/links';
import { err, ok, type Result } from '../topology/result';
import type { CircuitSchedule, PathConstraints, PathLink } from './model';
import { badRequest, isObject, parseDateTime, type RequestError } from './request-schema';

type Json = Readonly<Record<string, unknown>>;

/** Pure. The id of a schema-checked link end, or Kytos's text (`Could not get interface endpoint_a id None`). */
function endId(link: Json, end: 'endpoint_a' | 'endpoint_b'): Result<string, RequestError> {
  const e = link[end];
  const id = isObject(e) ? e['id'] : undefined;
  // A missing or malformed id names no interface; Kytos looks it up, finds nothing and says so.
  if (typeof id !== 'string' || parseInterfaceId(id) === undefined) {
    return err(badRequest(`Could not get interface ${end} id ${typeof id === 'string' ? id : 'None'}`));
  }
  return ok(id);
}

/**
 * Pure. The links of a schema-checked `Link[]` (primary_path, backup_path, primary_links,
 * backup_links). As Kytos's core Link does, the id is derived from the endpoints (a client `id`
 * is ignored) and endpoint_a is the smaller end. Whether the interfaces exist is for the service.
 */
export function parseLinks(raw: readonly unknown[]): Result<PathLink[], RequestError> {
  const out: PathLink[] = [];
  for (const item of raw) {
    const link = item as Json;
    const a = endId(link, 'endpoint_a');
    const b = endId(link, 'endpoint_b');
    if (!a.ok) return a;
    if (!b.ok) return b;
    out.push(linkIdOf(a.value, b.value));
  }
  return ok(out);
}

const METRIC_KEYS = ['bandwidth', 'utilization', 'priority', 'reliability', 'delay', 'ownership', 'not_ownership'] as const;

/** The known metrics in the client's order (pathfinder tries flexible metrics in that order); others are dropped. */
function metricsOf(raw: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    const known = METRIC_KEYS.find((k) => k === key);
    const v = raw[key];
    if (known !== undefined) out[known] = typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}

/**
 * Pure. The PathConstraints of a schema-checked object. Keys the schema does not name are dropped,
 * as Kytos's database model drops them.
 */
export function parsePathConstraints(v: Json): PathConstraints {
  const out: {
    undesiredLinks?: readonly string[];
    spfAttribute?: 'hop' | 'delay' | 'priority';
    spfMaxPathCost?: number;
    mandatoryMetrics?: Record<string, unknown>;
    flexibleMetrics?: Record<string, unknown>;
    minimumFlexibleHits?: number;
  } = {};
  if (Array.isArray(v['undesired_links'])) out.undesiredLinks = [...(v['undesired_links'] as string[])];
  const spf = v['spf_attribute'];
  if (spf === 'hop' || spf === 'delay' || spf === 'priority') out.spfAttribute = spf;
  if (typeof v['spf_max_path_cost'] === 'number' || typeof v['spf_max_path_cost'] === 'bigint') out.spfMaxPathCost = Number(v['spf_max_path_cost']);
  if (isObject(v['mandatory_metrics'])) out.mandatoryMetrics = metricsOf(v['mandatory_metrics']);
  if (isObject(v['flexible_metrics'])) out.flexibleMetrics = metricsOf(v['flexible_metrics']);
  if (typeof v['minimum_flexible_hits'] === 'number') out.minimumFlexibleHits = v['minimum_flexible_hits'];
  return out;
}

/** Kytos's text for an action other than create/remove (scheduler.py add_circuit_job; a 500 there). */
export const BAD_SCHEDULE_ACTION = "Scheduler action must be 'create' or 'remove'";
export const SCHEDULE_NEEDS_TRIGGER = 'A circuit_scheduler entry needs a date, an interval or a frequency';
export const EMPTY_INTERVAL = 'The interval of a circuit_scheduler entry must be longer than zero';

const INTERVAL_UNITS = ['weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/** A schedule entry as a request gives it: without an id when the request has none. */
export type ScheduleEntryInput = Omit<CircuitSchedule, 'id'> & { readonly id?: string };

/**
 * Pure. One schema-checked schedule entry (a `circuit_scheduler` item, or the body of the schedule
 * API): `action` defaults to "create", a date becomes ISO-8601 UTC, the entry needs a trigger (date,
 * interval or frequency) and a frequency is a five-field crontab. The id is the request's, if any.
 */
export function parseScheduleEntry(raw: Json): Result<ScheduleEntryInput, RequestError> {
  const action = raw['action'] ?? 'create';
  if (action !== 'create' && action !== 'remove') return err(badRequest(BAD_SCHEDULE_ACTION));
  const date = typeof raw['date'] === 'string' ? parseDateTime(raw['date']) : undefined;
  const frequency = typeof raw['frequency'] === 'string' ? raw['frequency'] : undefined;
  const interval = isObject(raw['interval']) ? raw['interval'] : undefined;
  if (date === undefined && frequency === undefined && interval === undefined) return err(badRequest(SCHEDULE_NEEDS_TRIGGER));
  if (frequency !== undefined) {
    // Five fields (minute hour day month day_of_week), as APScheduler's from_crontab, read by cron-parser.
    const bad = cronError(frequency);
    if (bad !== undefined) return err(badRequest(bad));
  }
  let units: Record<string, number> | undefined;
  if (interval !== undefined) {
    units = {};
    for (const u of INTERVAL_UNITS) if (interval[u] !== undefined) units[u] = Number(interval[u]);
    if (!Object.values(units).some((n) => n > 0)) return err(badRequest(EMPTY_INTERVAL));
  }
  return ok({
    ...(typeof raw['id'] === 'string' ? { id: raw['id'] } : {}),
    action,
    ...(date === undefined ? {} : { date }),
    ...(units === undefined ? {} : { interval: units }),
    ...(frequency === undefined ? {} : { frequency }),
  });
}

/**
 * Pure. The entries of a schema-checked `circuit_scheduler`: `action` defaults to "create", an
 * entry without an id gets `newId()`, a date becomes ISO-8601 UTC. An entry needs a trigger (date,
 * interval or frequency) and a frequency is a five-field crontab.
 */
export function parseSchedule(raw: readonly unknown[], newId: () => string): Result<CircuitSchedule[], RequestError> {
  const out: CircuitSchedule[] = [];
  for (const item of raw) {
    const s = parseScheduleEntry(item as Json);
    if (!s.ok) return s;
    const { id, ...entry } = s.value;
    out.push({ id: id ?? newId(), ...entry });
  }
  return ok(out);
}

/**
 * Pure. The queue of a schema-checked `queue_id`: −1 (also when absent) means the configured
 * default queue (Kytos `settings.QUEUE_ID`), null means no queue, 0..7 that queue.
 */
export function queueOf(raw: unknown, defaultQueue: number | undefined): number | undefined {
  if (raw === undefined || raw === -1) return defaultQueue;
  if (raw === null) return undefined;
  return Number(raw);
}

/** Pure. The southbound priority of a schema-checked `sb_priority`: Kytos treats null and 0 as "the defaults". */
export function sbPriorityOf(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === 0) return undefined;
  return Number(raw);
}
