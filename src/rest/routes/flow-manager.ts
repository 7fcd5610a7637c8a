/**
 * `/api/kytos/flow_manager/v2` (kytos-api.md §6.1): flows on the switches, the stored (desired)
 * flows, and adding and deleting flows. Status codes and texts are kytos-ng flow_manager main.py's:
 * 202 {"response": "FlowMod Messages Sent"} without waiting for the switches, 400 for a bad body,
 * 404 for an unknown switch (or a disabled one on add), 424 for a switch that is not connected
 * when `force` is false. Flow bodies are written with kytosJsonDumps, so 64-bit cookies leave as
 * exact JSON integers (the body parser, ../json-body.ts, reads them exactly too).
 */
import { Router, type Request, type Response } from 'express';
import { DomainError } from '../../core/domain-error';
import type { Dpid } from '../../ofp';
import type { FlowManagerService, FlowTarget, StoredFlowFilter } from '../../flows/flow-manager';
import { kytosFlowId, kytosMatchId, toKytosFlow, type KytosFlowCommand, type KytosFlowRequest } from '../../flows/kytos-flow';
import { kytosJsonDumps, type KytosJson, type KytosObject } from '../../flows/kytos-match';
import { specOfStats } from '../../flows/reconciler';
import type { DesiredFlowRow } from '../../flows/types';
import { pythonRepr, requireJson } from '../validate';

/** What the flow_manager routes use of their service. */
export type FlowManagerApi = Pick<FlowManagerService, 'parseFlows' | 'targets' | 'checkBySwitch' | 'change' | 'liveFlows' | 'storedFlows'>;

export interface FlowManagerRouteDeps {
  readonly flowManager: FlowManagerApi;
}

const SENT = { response: 'FlowMod Messages Sent' } as const;
const NO_FLOWS = "The request body doesn't have any flows";
const STORED_FLOW_KEYS = ['table_id', 'owner', 'table_group', 'priority', 'cookie', 'idle_timeout', 'hard_timeout', 'match', 'instructions'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Pure. Python's truthiness, which Kytos applies to request values (`if not any(flows)`). */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === 0n || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return true;
}

/** Writes a Kytos JSON body with exact 64-bit integers. */
function sendKytos(res: Response, status: number, body: KytosJson): void {
  res.status(status).type('application/json').send(kytosJsonDumps(body));
}

/** Pure. A stored timestamp as Kytos shows datetimes: `%Y-%m-%dT%H:%M:%S`, UTC, no zone. */
function kytosTime(iso: string): string {
  return iso.slice(0, 19);
}

/** Pure. A desired flow as a Kytos stored FlowDoc (kytos-api.md §6.1 "Stored FlowDoc"). */
function flowDoc(r: DesiredFlowRow): KytosObject {
  const s = r.spec;
  const listed = toKytosFlow(s, { owner: r.owner, tableGroup: r.tableGroup ?? 'base' });
  const flow: Record<string, KytosJson> = {};
  for (const k of STORED_FLOW_KEYS) {
    const v = listed[k];
    if (v !== undefined) flow[k] = v;
  }
  const doc: Record<string, KytosJson> = {
    id: kytosMatchId(s.dpid, s.table, s.match, s.priority),
    flow_id: kytosFlowId(s),
    switch: s.dpid,
    flow,
    state: r.state,
    inserted_at: kytosTime(r.insertedAt),
    updated_at: kytosTime(r.updatedAt),
  };
  // Ours: why the switch refused a failed flow (Kytos hard-deletes such flows instead).
  if (r.error !== undefined) doc.error = r.error;
  return doc;
}

function param(req: Request, name: string): string | undefined {
  const v = req.params[name];
  return typeof v === 'string' ? v : undefined;
}

/** A query parameter's values, in order (`?dpid=a&dpid=b`). */
function queryList(req: Request, name: string): string[] {
  const v = req.query[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** Python's int() of one cookie_range value: an integer, or decimal text. */
function cookieInt(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(v)) return BigInt(v.trim().replace(/_/g, ''));
  return undefined;
}

/** The cookie ranges of a stored_flows request: the JSON body's `cookie_range` wins over the query's. */
function cookieRanges(req: Request): (readonly [bigint, bigint])[] | undefined {
  let raw: unknown[] = queryList(req, 'cookie_range');
  const body: unknown = req.body;
  if (isObject(body) && Object.hasOwn(body, 'cookie_range')) {
    const b = body.cookie_range;
    if (!Array.isArray(b)) throw new DomainError('BAD_REQUEST', `cookie_range ${pythonRepr(b)} couldn't be cast as an int`);
    raw = b;
  }
  const ints = raw.map(cookieInt);
  if (ints.some((x) => x === undefined)) throw new DomainError('BAD_REQUEST', `cookie_range ${pythonRepr(raw)} couldn't be cast as an int`);
  const values = ints as bigint[];
  if (values.length % 2 === 1) throw new DomainError('BAD_REQUEST', `Expected cookies length to be even, got length [${values.join(', ')}]`);
  if (values.length === 0) return undefined;
  const out: (readonly [bigint, bigint])[] = [];
  for (let i = 0; i < values.length; i += 2) out.push([values[i] as bigint, values[i + 1] as bigint]);
  return out;
}

/** The body of an add or delete: an object with a non-empty `flows`. */
function flowsBody(body: unknown): Json {
  if (!isObject(body)) throw new DomainError('BAD_REQUEST', `Invalid payload: ${pythonRepr(body)}`);
  if (!truthy(body)) throw new DomainError('BAD_REQUEST', NO_FLOWS);
  return body;
}

function flowList(v: unknown, empty: string): unknown[] {
  if (v !== undefined && !Array.isArray(v)) throw new DomainError('BAD_REQUEST', `flows: ${pythonRepr(v)} is not a list`);
  const list = (v ?? []) as unknown[];
  if (!list.some(truthy)) throw new DomainError('BAD_REQUEST', empty);
  return list;
}

function forceOf(body: Json): boolean {
  const f = body.force ?? false;
  if (typeof f !== 'boolean') throw new DomainError('BAD_REQUEST', `force: ${pythonRepr(f)} is not a boolean`);
  return f;
}

/** flows_by_switch takes force from the query (utils.py _get_force_from_params). */
function forceParam(req: Request): boolean {
  const raw = req.query.force;
  const f = raw === undefined ? 'false' : typeof raw === 'string' ? raw.toLowerCase() : '';
  if (f !== 'true' && f !== 'false') throw new DomainError('BAD_REQUEST', 'Parameter force does not have a valid value.');
  return f === 'true';
}

function targetOf(dpid: string | undefined, body: Json): FlowTarget {
  if (dpid !== undefined) return { kind: 'dpid', dpid };
  const switches = body.switches;
  if (!truthy(switches)) return { kind: 'all' };
  if (!Array.isArray(switches)) throw new DomainError('BAD_REQUEST', 'Switches should be in a list.');
  return { kind: 'switches', dpids: switches.map((s) => (typeof s === 'string' ? s : String(s))) };
}

/** Builds the router of the flow_manager v2 API over its service. */
export function flowManagerRoutes(deps: FlowManagerRouteDeps): Router {
  const api = deps.flowManager;
  const r = Router();

  const answer = (res: Response, outcome: ReturnType<FlowManagerApi['change']>): void => {
    if (outcome.ok) {
      sendKytos(res, 202, SENT);
      return;
    }
    // 424 Failed Dependency, Kytos's SwitchNotConnectedError text.
    sendKytos(res, 424, { description: `switch ${outcome.notConnected} isn't connected`, code: 424 });
  };

  const change = (command: KytosFlowCommand) => (req: Request, res: Response) => {
    const body = flowsBody(req.body);
    const requests = api.parseFlows(flowList(body.flows, NO_FLOWS), command);
    const force = forceOf(body);
    const dpids = api.targets(targetOf(param(req, 'dpid'), body), command);
    answer(res, api.change(command, new Map(dpids.map((d) => [d, requests])), force));
  };

  const bySwitch = (command: KytosFlowCommand) => (req: Request, res: Response) => {
    const force = forceParam(req);
    const body = flowsBody(req.body);
    const perSwitch = new Map<Dpid, KytosFlowRequest[]>();
    for (const [dpid, content] of Object.entries(body)) {
      if (!isObject(content)) throw new DomainError('BAD_REQUEST', 'The content of the switch should be an object.');
      const flows = flowList(content.flows, `The switch ${dpid} in the request body doesn't have any flows`);
      const requests = api.parseFlows(flows, command);
      api.checkBySwitch(dpid, command);
      perSwitch.set(dpid, requests);
    }
    answer(res, api.change(command, perSwitch, force));
  };

  const live = async (req: Request, res: Response): Promise<void> => {
    const flows = await api.liveFlows(param(req, 'dpid'));
    const out: Record<string, KytosJson> = {};
    for (const [dpid, stats] of flows) {
      out[dpid] = {
        flows: stats.map((s) =>
          toKytosFlow(specOfStats(dpid, s), {
            stats: { packetCount: s.packetCount, byteCount: s.byteCount, durationSec: s.durationSec, durationNsec: s.durationNsec },
          }),
        ),
      };
    }
    sendKytos(res, 200, out);
  };

  r.get('/flows', live);
  r.get('/flows/:dpid', live);

  r.get('/stored_flows', (req, res) => {
    const dpids = queryList(req, 'dpid');
    const states = queryList(req, 'state');
    const ranges = cookieRanges(req);
    const filter: StoredFlowFilter = {
      ...(dpids.length > 0 ? { dpids } : {}),
      ...(states.length > 0 ? { states } : {}),
      ...(ranges === undefined ? {} : { cookieRanges: ranges }),
    };
    const out: Record<string, KytosJson> = {};
    for (const [dpid, rows] of api.storedFlows(filter)) out[dpid] = rows.map(flowDoc);
    sendKytos(res, 200, out);
  });

  r.post('/flows', requireJson, change('add'));
  r.post('/flows/:dpid', requireJson, change('add'));
  r.delete('/flows', requireJson, change('delete'));
  r.delete('/flows/:dpid', requireJson, change('delete'));
  // Deprecated in Kytos-ng, still served.
  r.post('/delete', requireJson, change('delete'));
  r.post('/delete/:dpid', requireJson, change('delete'));
  r.post('/flows_by_switch', requireJson, bySwitch('add'));
  r.delete('/flows_by_switch', requireJson, bySwitch('delete'));
  return r;
}
