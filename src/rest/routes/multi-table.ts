/**
 * `/api/kytos/of_multi_table/v1` (kytos-api.md §7): stored pipelines and their lifecycle. Texts and
 * codes are kytos-ng of_multi_table main.py's: 201 {"id"} on create, 404 "pipeline_id X not found"
 * (GET, DELETE) or "Pipeline X not found" (enable, disable), 409 when deleting a pipeline that is
 * not disabled. Enable and disable answer at once; the flows move in the background and the
 * pipeline's status tells when they are done.
 */
import { Router, type Request, type Response } from 'express';
import { entryJson, type PipelineRecord } from '../../flows/multi-table-doc';
import type { MultiTableService } from '../../flows/multi-table';
import { kytosJsonDumps, type KytosJson, type KytosObject } from '../../flows/kytos-match';
import { anyArray, object, requireJson, validateBody } from '../validate';

/** What the of_multi_table routes use of their service. */
export type MultiTableApi = Pick<MultiTableService, 'create' | 'list' | 'get' | 'delete' | 'enable' | 'disable'>;

export interface MultiTableRouteDeps {
  readonly multiTable: MultiTableApi;
}

// openapi.yml NewPipeline: multi_table is required and a list; its entries are checked by the service.
const NEW_PIPELINE = object<{ multi_table: unknown[] }>({ multi_table: anyArray() });

function sendKytos(res: Response, status: number, body: KytosJson): void {
  res.status(status).type('application/json').send(kytosJsonDumps(body));
}

/** Pure. A pipeline as of_multi_table shows it (PipelineBaseDoc.projection), datetimes as `%Y-%m-%dT%H:%M:%S`. */
function pipelineDto(p: PipelineRecord): KytosObject {
  return {
    id: p.id,
    multi_table: p.multiTable.map(entryJson),
    status: p.status,
    inserted_at: p.insertedAt.slice(0, 19),
    updated_at: p.updatedAt.slice(0, 19),
  };
}

function idOf(req: Request): string {
  const v = req.params['id'];
  // Express always fills a declared path parameter; a missing one is a routing bug.
  if (typeof v !== 'string') throw new Error('route has no :id');
  return v;
}

/** Builds the router of the of_multi_table v1 API over its service. */
export function multiTableRoutes(deps: MultiTableRouteDeps): Router {
  const api = deps.multiTable;
  const r = Router();

  r.post('/pipeline', requireJson, (req, res) => {
    const body = validateBody(NEW_PIPELINE, req.body);
    sendKytos(res, 201, { id: api.create(body.multi_table) });
  });

  r.get('/pipeline', (req, res) => {
    const status = req.query.status;
    sendKytos(res, 200, { pipelines: api.list(typeof status === 'string' && status !== '' ? status : undefined).map(pipelineDto) });
  });

  r.get('/pipeline/:id', (req, res) => {
    sendKytos(res, 200, pipelineDto(api.get(idOf(req))));
  });

  r.delete('/pipeline/:id', (req, res) => {
    const id = idOf(req);
    api.delete(id);
    sendKytos(res, 200, `Pipeline ${id} deleted successfully`);
  });

  r.post('/pipeline/:id/enable', (req, res) => {
    const id = idOf(req);
    // The transition's outcome is the pipeline's status; the service logs failures and never rejects `done`.
    void api.enable(id).done;
    sendKytos(res, 200, `Pipeline ${id} enabling`);
  });

  r.post('/pipeline/:id/disable', (req, res) => {
    const id = idOf(req);
    const outcome = api.disable(id);
    if (outcome.kind === 'disabling') void outcome.done;
    sendKytos(res, 200, outcome.kind === 'disabling' ? `Pipeline ${id} disabling` : `Pipeline ${id} disabled`);
  });

  return r;
}
