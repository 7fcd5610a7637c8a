/**
 * `/api/kytos/mef_eline/v2` (kytos-api.md §1.1, rows 1–11): circuits and their metadata. Each
 * handler checks the request, calls one EvcService method and answers with kytos-ng mef_eline
 * main.py's status and body: 201 for a created circuit and for metadata added, 202 for a redeploy
 * taken, 409 `{"response": ...}` for one refused, 200 elsewhere. The service words its own errors
 * (400 request, 404 unknown circuit, 409 duplicated EPL UNI). Literal routes (`/evc/metadata`,
 * `/evc/schedule`) come before the parameterised ones (kytos-api.md §0); express's non-strict
 * routing gives each route its trailing-slash twin, as Kytos registers both.
 *
 * Rows 12–15, the schedule API, answer as Kytos does: 200 with the list (`{}` when there are no
 * circuits at all), 201 with the new entry, 200 with the replaced one, 200 "Schedule removed", and the
 * 404 texts `circuit_id X not found` and `schedule_id X not found` (the service's words are Kytos's).
 */
import { Router, type Request, type Response } from 'express';
import { DomainError } from '../../core/domain-error';
import type { EvcService } from '../../eline/service';
import { archivedSelection, matchesMetadata, metadataConditions } from '../../eline/list-filter';
import { scheduleDocument } from '../../eline/document';
import type { RequestError } from '../../eline/request-schema';
import { parseNewScheduleBody, parseScheduleUpdateBody, type ScheduleEntryInput } from '../../eline/schedule-request';
import type { Result } from '../../topology/result';
import { documentTopology, EvcDocumentCache, toEvcDocumentDto, type EvcDocumentTopology } from '../dto/evc';
import { array, object, requireJson, str, validateBody } from '../validate';

/** What the mef_eline routes use of the circuit service. */
export type EvcApi = Pick<
  EvcService,
  | 'list'
  | 'get'
  | 'create'
  | 'update'
  | 'remove'
  | 'redeploy'
  | 'metadata'
  | 'addMetadata'
  | 'removeMetadata'
  | 'listSchedules'
  | 'addSchedule'
  | 'updateSchedule'
  | 'removeSchedule'
>;

export interface MefElineRouteDeps {
  readonly evcs: EvcApi;
  /** The topology the documents show interfaces and links from. */
  readonly topology: EvcDocumentTopology;
}

// Kytos's answer to metadata writes, word for word.
const OK = 'Operation successful';

// mef_eline openapi.yml: the bulk metadata bodies (POST needs at least one id, DELETE does not).
const BULK_ADD_BODY = object<{ circuit_ids: string[] }>({ circuit_ids: array(str(), 1) });
const BULK_DELETE_BODY = object<{ circuit_ids: string[] }>({ circuit_ids: array(str()) });
// `requestBody: {type: object}` of POST /v2/evc/{circuit_id}/metadata.
const METADATA_BODY = object<Record<string, never>>({});

function param(req: Request, name: string): string {
  const v = req.params[name];
  // Express always fills a declared path parameter; a missing one is a routing bug.
  if (typeof v !== 'string') throw new Error(`route has no :${name}`);
  return v;
}

/** The last value of a query parameter (Starlette's `query_params.get`). */
function queryValue(req: Request, name: string): string | undefined {
  const v: unknown = req.query[name];
  const last: unknown = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : undefined;
}

/** The query's (key, value) pairs, a repeated key once per value, in URL order. */
function queryPairs(req: Request): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, v] of Object.entries(req.query)) {
    for (const value of Array.isArray(v) ? v : [v]) if (typeof value === 'string') out.push([key, value]);
  }
  return out;
}

/**
 * Answers 200 with a JSON body already encoded. Tens of megabytes for a large listing: express's
 * res.send would hash it all for an ETag that no Kytos client uses (Kytos sends none).
 */
function sendJsonBody(res: Response, body: Buffer): void {
  res.status(200).type('application/json').setHeader('Content-Length', body.length);
  res.end(body);
}

/** The metadata endpoints word a missing circuit with a final period, unlike the others. */
function metadataNotFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `circuit_id ${id} not found.`);
}

/** Runs a single-circuit metadata read, worded as Kytos words its 404 there. */
function withMetadataNotFound<T>(id: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') throw metadataNotFound(id);
    throw e;
  }
}

/** The value of a request check, or its 400. */
function checked<T>(r: Result<T, RequestError>): T {
  if (!r.ok) throw new DomainError('BAD_REQUEST', r.error.description);
  return r.value;
}

/**
 * The schedule entry of a body past its schema check. Kytos finds the circuit or schedule before
 * it reads the entry, so a bad entry of an unknown one is that 404; `known` is asked only then.
 */
function entryAfterLookup(entry: Result<ScheduleEntryInput, RequestError>, known: () => boolean, notFound: string): ScheduleEntryInput {
  if (!entry.ok && !known()) throw new DomainError('NOT_FOUND', notFound);
  return checked(entry);
}

/** The object body of a metadata write, without `circuit_ids`. */
function withoutIds(body: unknown): Record<string, unknown> {
  const { circuit_ids: _ids, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** Builds the router of the mef_eline v2 API over the circuit service. */
export function mefElineRoutes(deps: MefElineRouteDeps): Router {
  const { evcs, topology } = deps;
  const documents = new EvcDocumentCache();
  const r = Router();

  // ------------------------------------------------------------------------------- circuits
  r.get('/evc', (req, res) => {
    const conditions = metadataConditions(queryPairs(req));
    const records = evcs.list(archivedSelection(queryValue(req, 'archived')));
    const listed = conditions.length === 0 ? records : records.filter((c) => matchesMetadata(c.config.metadata, conditions));
    sendJsonBody(res, documents.documentMapJson(listed, topology));
  });

  r.post('/evc', requireJson, async (req, res) => {
    const { circuitId, deployed } = await evcs.create(req.body);
    res.status(201).json({ circuit_id: circuitId, deployed });
  });

  // ------------------------------------------------------------------------------- schedules
  r.get('/evc/schedule', (_req, res) => {
    const { circuits, entries } = evcs.listSchedules();
    // Kytos answers an object, not a list, when there are no circuits at all.
    if (circuits === 0) {
      res.json({});
      return;
    }
    res.json(entries.map((e) => ({ schedule_id: e.schedule.id, circuit_id: e.circuitId, schedule: scheduleDocument(e.schedule) })));
  });

  r.post('/evc/schedule', requireJson, async (req, res) => {
    const { circuitId, entry } = checked(parseNewScheduleBody(req.body));
    const live = (): boolean => evcs.get(circuitId)?.config.archived === false;
    const created = await evcs.addSchedule(circuitId, entryAfterLookup(entry, live, `circuit_id ${circuitId} not found`));
    res.status(201).json(scheduleDocument(created));
  });

  r.patch('/evc/schedule/:schedule_id', requireJson, async (req, res) => {
    const id = param(req, 'schedule_id');
    const { entry } = checked(parseScheduleUpdateBody(req.body));
    const known = (): boolean => evcs.listSchedules().entries.some((e) => e.schedule.id === id);
    const updated = await evcs.updateSchedule(id, entryAfterLookup(entry, known, `schedule_id ${id} not found`));
    res.json(scheduleDocument(updated));
  });

  r.delete('/evc/schedule/:schedule_id', async (req, res) => {
    await evcs.removeSchedule(param(req, 'schedule_id'));
    res.json('Schedule removed');
  });

  // ------------------------------------------------------------------ metadata of many circuits
  r.post('/evc/metadata', requireJson, (req, res) => {
    const { circuit_ids: ids } = validateBody(BULK_ADD_BODY, req.body);
    const missing = evcs.addMetadata(ids, withoutIds(req.body));
    if (missing.length > 0) throw new DomainError('NOT_FOUND', missing);
    res.status(201).json(OK);
  });

  r.delete('/evc/metadata/:key', requireJson, (req, res) => {
    const { circuit_ids: ids } = validateBody(BULK_DELETE_BODY, req.body);
    const missing = evcs.removeMetadata(ids, param(req, 'key'));
    if (missing.length > 0) throw new DomainError('NOT_FOUND', missing);
    res.json(OK);
  });

  // -------------------------------------------------------------------------- one circuit
  r.get('/evc/:circuit_id', (req, res) => {
    const id = param(req, 'circuit_id');
    const record = evcs.get(id);
    if (record === undefined) throw new DomainError('NOT_FOUND', `circuit_id ${id} not found`);
    res.json(toEvcDocumentDto(record, documentTopology(topology)));
  });

  r.patch('/evc/:circuit_id', requireJson, async (req, res) => {
    const { record, redeployed } = await evcs.update(param(req, 'circuit_id'), req.body);
    res.json({ [record.config.id]: toEvcDocumentDto(record, documentTopology(topology)), redeployed });
  });

  r.delete('/evc/:circuit_id', async (req, res) => {
    const id = param(req, 'circuit_id');
    await evcs.remove(id);
    res.json({ response: `Circuit ${id} removed` });
  });

  r.patch('/evc/:circuit_id/redeploy', async (req, res) => {
    const id = param(req, 'circuit_id');
    // The query is checked before the circuit is looked up (Kytos's order).
    const tryAvoid = (queryValue(req, 'try_avoid_same_s_vlan') ?? 'true').toLowerCase();
    if (tryAvoid !== 'true' && tryAvoid !== 'false') throw new DomainError('BAD_REQUEST', 'Parameter try_avoid_same_s_vlan has an invalid value.');
    const deployed = await evcs.redeploy(id, tryAvoid === 'true');
    // Kytos answers 409 both for a disabled circuit and for a deploy that found no way through.
    if (deployed) res.status(202).json({ response: `Circuit ${id} redeploy received.` });
    else res.status(409).json({ response: `Circuit ${id} is disabled.` });
  });

  // --------------------------------------------------------------- metadata of one circuit
  r.get('/evc/:circuit_id/metadata', (req, res) => {
    const id = param(req, 'circuit_id');
    res.json({ metadata: withMetadataNotFound(id, () => evcs.metadata(id)) });
  });

  r.post('/evc/:circuit_id/metadata', requireJson, (req, res) => {
    const id = param(req, 'circuit_id');
    const body: unknown = req.body;
    validateBody(METADATA_BODY, body);
    if (evcs.addMetadata([id], body as Record<string, unknown>).length > 0) throw metadataNotFound(id);
    res.status(201).json(OK);
  });

  r.delete('/evc/:circuit_id/metadata/:key', (req, res) => {
    const id = param(req, 'circuit_id');
    if (evcs.removeMetadata([id], param(req, 'key')).length > 0) throw metadataNotFound(id);
    res.json(OK);
  });

  return r;
}
