/**
 * The flow_manager API's service (kytos-api.md §6): flows read live from switches, desired flows
 * listed as Kytos's stored flows, and flows added or deleted through the desired-state FlowService.
 *
 * Add: the flows become desired for their owner and table group and are installed; the caller does
 * not wait for the barrier (Kytos answers 202 at once); refusals are recorded by the FlowService.
 *
 * Delete, decided here: a request flow selects, among the DESIRED flows of the switch, those an
 * OpenFlow non-strict delete would remove (OF1.3.5 6.4: `flow.cookie & mask == cookie & mask`; the
 * flow's match at least as specific as the request's, masks included; any priority; the request's
 * table, or every table when it names none or OFPTT_ALL). They stop being desired and get strict,
 * cookie-checked deletes. Then the request itself goes to the switch as one non-strict DELETE, so
 * that flows the switch holds outside our desired set (added by hand, left by another controller)
 * go too, as with Kytos. Differences from Kytos-ng, on purpose: without table_id the wire delete
 * names OFPTT_ALL (Kytos sends table 0 but deletes from its store in every table, kytos-api.md
 * §6.1 ⚠), so switch and store agree; the cookie test is OpenFlow's (Kytos matches everything when
 * `cookie & mask` is 0); match fields compare with their masks (Kytos compares the JSON values).
 *
 * A switch that is not connected is refused unless `force` (424 at the REST edge); with force, an
 * add is stored as desired and installed by the reconciler when the switch connects, and a delete
 * changes the desired set only: the reconciler then removes the flows in cookie ranges we own.
 */
import { OFPG, OFPP, OFPTT, OFP_NO_BUFFER, OXM_FIELDS, assertNever, type Dpid, type FlowStats, type Match, type MessageOf, type OfpMessage, type Oxm } from '../ofp';
import { parseIpv6 } from '../ofp/writer';
import { DomainError } from '../core/domain-error';
import { canonicalMatch } from './canonical';
import type { FlowSpec } from './flowspec';
import { parseKytosFlow, type KytosFlowCommand, type KytosFlowRequest } from './kytos-flow';
import type { FlowService } from './service';
import { readSwitchFlows, type StatsSessions } from './stats';
import type { DesiredFlowRow } from './types';

/** Administrative state of switches (the topology). */
export interface SwitchAdmin {
  /** Whether a known switch is enabled; undefined for a switch never seen. */
  isEnabled(dpid: Dpid): boolean | undefined;
  /** Every known switch. */
  known(): Dpid[];
}

export interface FlowManagerLogger {
  warn(obj: object, msg: string): void;
}

export interface FlowManagerDeps {
  readonly flows: Pick<FlowService, 'install' | 'remove' | 'rows'>;
  readonly switches: SwitchAdmin;
  /** Live sessions: flow-stats reads, and the non-strict deletes (no reply expected; false when not sent). */
  readonly sessions: StatsSessions & { send(dpid: Dpid, msg: OfpMessage): boolean };
  readonly log: FlowManagerLogger;
}

/** Which switches a request names. */
export type FlowTarget = { readonly kind: 'dpid'; readonly dpid: Dpid } | { readonly kind: 'switches'; readonly dpids: readonly Dpid[] } | { readonly kind: 'all' };

/** Why a change was not made: a switch it names is not connected (and force was false). */
export type ChangeOutcome = { readonly ok: true } | { readonly ok: false; readonly notConnected: Dpid };

export interface StoredFlowFilter {
  readonly dpids?: readonly string[];
  /** Kytos's states; `deleted` matches nothing (deleted flows are not kept). */
  readonly states?: readonly string[];
  /** Inclusive [first, last] pairs. */
  readonly cookieRanges?: readonly (readonly [bigint, bigint])[];
}

const DPID_NOT_FOUND = { response: 'dpid not found.' } as const;
const FIELD_DEF = new Map(OXM_FIELDS.map((d) => [d.name as string, d]));

/** Pure. The bits of an OXM field's value (vlan_vid is 13 bits wide with OFPVID_PRESENT, as canonical() has it). */
function fieldBits(name: string): number {
  const def = FIELD_DEF.get(name);
  if (def === undefined) return 0;
  return def.field === 6 ? 13 : def.bytes * 8;
}

/** Pure. An OXM value or mask as an unsigned integer. */
function oxmBits(name: string, v: unknown): bigint {
  const kind = FIELD_DEF.get(name)?.kind;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v !== 'string') return 0n;
  if (kind === 'mac') return BigInt(`0x${v.replace(/:/g, '')}`);
  if (kind === 'ipv4') return v.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  if (kind === 'ipv6') return BigInt(`0x${parseIpv6(v).toString('hex')}`);
  return 0n;
}

/**
 * Pure. Whether a flow's match is at least as specific as a request's (OF1.3.5 6.4 non-strict
 * selection): every request field is in the flow, with a mask covering the request's and the same
 * value under the request's mask. Other-class OXMs must be identical.
 */
export function isAtLeastAsSpecific(flow: Match, request: Match): boolean {
  const have = canonicalMatch(flow);
  return canonicalMatch(request).every((q) => {
    if (q.field === 'opaque') {
      return have.some((e) => e.field === 'opaque' && e.oxmClass === q.oxmClass && e.oxmField === q.oxmField && e.hasMask === q.hasMask && e.body.equals(q.body));
    }
    const e = have.find((x): x is Exclude<Oxm, { field: 'opaque' }> => x.field === q.field);
    if (e === undefined) return false;
    const full = (1n << BigInt(fieldBits(q.field))) - 1n;
    const qm = q.mask === undefined ? full : oxmBits(q.field, q.mask);
    const em = e.mask === undefined ? full : oxmBits(e.field, e.mask);
    return (em & qm) === qm && (oxmBits(e.field, e.value) & qm) === (oxmBits(q.field, q.value) & qm);
  });
}

/** Pure. Whether a non-strict delete request (a delete flow of a flow_manager body) selects a desired flow. */
export function selectsForDelete(req: KytosFlowRequest, flow: FlowSpec): boolean {
  if (req.tableGiven && req.spec.table !== OFPTT.ALL && req.spec.table !== flow.table) return false;
  const mask = req.cookieMask ?? 0n;
  if ((flow.cookie & mask) !== (req.spec.cookie & mask)) return false;
  return isAtLeastAsSpecific(flow.match, req.spec.match);
}

/** Pure. The non-strict OFPFC_DELETE a delete request sends to its switch. */
export function deleteFlowMod(req: KytosFlowRequest): MessageOf<'flow_mod'> {
  return {
    type: 'flow_mod',
    command: 'delete',
    cookie: req.spec.cookie,
    cookieMask: req.cookieMask ?? 0n,
    tableId: req.tableGiven ? req.spec.table : OFPTT.ALL,
    idleTimeout: 0,
    hardTimeout: 0,
    priority: 0,
    bufferId: OFP_NO_BUFFER,
    outPort: OFPP.ANY,
    outGroup: OFPG.ANY,
    flags: 0,
    match: req.spec.match,
    instructions: [],
  };
}

/** Pure. A parser error of flows[i], with its path joined on when it starts with one. */
function flowError(i: number, e: string): string {
  return /^[a-z_]+([.[:]|$)/.test(e) ? `flows[${i}].${e}` : `flows[${i}]: ${e}`;
}

/** Pure. The desired rows a stored_flows filter keeps. */
export function filterStored(rows: readonly DesiredFlowRow[], f: StoredFlowFilter): DesiredFlowRow[] {
  return rows.filter(
    (r) =>
      (f.dpids === undefined || f.dpids.includes(r.spec.dpid)) &&
      (f.states === undefined || f.states.includes(r.state)) &&
      (f.cookieRanges === undefined || f.cookieRanges.some(([lo, hi]) => r.spec.cookie >= lo && r.spec.cookie <= hi)),
  );
}

export class FlowManagerService {
  constructor(private readonly deps: FlowManagerDeps) {}

  /**
   * Pure. Parses the flows of a request (a 400 DomainError naming `flows[i]` when one is wrong);
   * the specs carry no switch yet.
   */
  parseFlows(json: readonly unknown[], command: KytosFlowCommand): KytosFlowRequest[] {
    return json.map((f, i) => {
      const r = parseKytosFlow('00:00:00:00:00:00:00:00', f, { command });
      if (!r.ok) throw new DomainError('BAD_REQUEST', flowError(i, r.error));
      return r.value;
    });
  }

  /**
   * The switches a request goes to (kytos flow_manager _get_switches_from_request_content): the
   * path's dpid, the body's `switches`, or every enabled switch. Unknown is a 404, and so is a
   * disabled switch for an add. Reads the topology only.
   */
  targets(target: FlowTarget, command: KytosFlowCommand): Dpid[] {
    const { switches } = this.deps;
    const check = (dpid: Dpid): Dpid => {
      const enabled = switches.isEnabled(dpid);
      if (enabled === undefined) throw new DomainError('SWITCH_NOT_FOUND', DPID_NOT_FOUND);
      if (!enabled && command === 'add') throw new DomainError('SWITCH_NOT_FOUND', `Switch ${dpid} is disabled.`);
      return dpid;
    };
    switch (target.kind) {
      case 'dpid':
        return [check(target.dpid)];
      case 'switches':
        return [...new Set(target.dpids.map(check))];
      case 'all':
        return switches.known().filter((d) => switches.isEnabled(d) === true);
      default:
        return assertNever(target);
    }
  }

  /** For flows_by_switch: a switch named as a key of the body (404 texts of _get_switches_from_request_by_switch). */
  checkBySwitch(dpid: Dpid, command: KytosFlowCommand): void {
    const enabled = this.deps.switches.isEnabled(dpid);
    if (enabled === undefined) throw new DomainError('SWITCH_NOT_FOUND', 'dpid not found.');
    if (!enabled && command === 'add') throw new DomainError('SWITCH_NOT_FOUND', `Switch ${dpid} is disabled.`);
  }

  /**
   * Adds or deletes each switch's flows, after checking that every switch is connected unless
   * `force`; nothing changes when one is not. Does not wait for the switches (I/O started).
   */
  change(command: KytosFlowCommand, bySwitch: ReadonlyMap<Dpid, readonly KytosFlowRequest[]>, force: boolean): ChangeOutcome {
    if (!force) {
      for (const dpid of bySwitch.keys()) if (this.deps.sessions.get(dpid) === undefined) return { ok: false, notConnected: dpid };
    }
    for (const [dpid, requests] of bySwitch) {
      if (command === 'add') this.add(dpid, requests);
      else this.delete(dpid, requests);
    }
    return { ok: true };
  }

  /** The flows switches hold now: one switch (404 when unknown) or every known one; [] for a switch not connected (I/O). */
  async liveFlows(dpid?: Dpid): Promise<Map<Dpid, FlowStats[]>> {
    const known = this.deps.switches.known();
    if (dpid !== undefined && !known.includes(dpid)) throw new DomainError('SWITCH_NOT_FOUND', 'Switch not found');
    const dpids = dpid === undefined ? known : [dpid];
    const read = await Promise.all(dpids.map(async (d) => [d, (await readSwitchFlows(this.deps.sessions, d)) ?? []] as const));
    return new Map(read);
  }

  /** Desired flows as stored_flows lists them: by switch, priority (highest first), then oldest change first (reads the store). */
  storedFlows(filter: StoredFlowFilter): Map<Dpid, DesiredFlowRow[]> {
    const out = new Map<Dpid, DesiredFlowRow[]>();
    for (const r of filterStored(this.deps.flows.rows(), filter)) {
      const list = out.get(r.spec.dpid);
      if (list === undefined) out.set(r.spec.dpid, [r]);
      else list.push(r);
    }
    for (const list of out.values()) {
      list.sort((a, b) => b.spec.priority - a.spec.priority || (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0) || (a.key < b.key ? -1 : 1));
    }
    return out;
  }

  private add(dpid: Dpid, requests: readonly KytosFlowRequest[]): void {
    // One install per owner and table group: both are recorded with the flows.
    const groups = new Map<string, { owner: string; tableGroup: string; specs: FlowSpec[] }>();
    for (const r of requests) {
      const k = `${r.owner}\u0000${r.tableGroup}`;
      const g = groups.get(k) ?? { owner: r.owner, tableGroup: r.tableGroup, specs: [] };
      g.specs.push({ ...r.spec, dpid });
      groups.set(k, g);
    }
    for (const g of groups.values()) {
      this.deps.flows.install(g.owner, g.specs, { tableGroup: g.tableGroup }).catch((e: unknown) => {
        this.deps.log.warn({ dpid, owner: g.owner, err: e instanceof Error ? e.message : String(e) }, 'flow_manager install failed');
      });
    }
  }

  private delete(dpid: Dpid, requests: readonly KytosFlowRequest[]): void {
    const picked = new Map<string, FlowSpec>();
    for (const row of this.deps.flows.rows(dpid)) {
      if (requests.some((req) => selectsForDelete(req, row.spec))) picked.set(row.key, row.spec);
    }
    // The store changes now (remove is synchronous up to its first send); the wire deletes follow the strict ones.
    this.deps.flows
      .remove([...picked.values()])
      .then(() => {
        for (const req of requests) {
          if (!this.deps.sessions.send(dpid, deleteFlowMod(req))) this.deps.log.warn({ dpid }, 'flow_manager delete not sent: switch not connected');
        }
      })
      .catch((e: unknown) => {
        this.deps.log.warn({ dpid, err: e instanceof Error ? e.message : String(e) }, 'flow_manager delete failed');
      });
  }
}
