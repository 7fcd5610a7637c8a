/**
 * Circuit planning (house style B6, "Planning is pure"): from a circuit's UNIs, its oriented path
 * with one S-VLAN per hop, and the tables of the mef_eline table groups, every flow the circuit
 * needs, on every switch (kytos-api.md §2.4, §2.5). It never allocates, stores or sends.
 *
 * Layout (see plan-uni.ts for the tag rules), for a path UNI A → s1 → … → sN → UNI Z:
 * - ingress, at each UNI switch: from the UNI port (matched by the UNI's tag) to the NNI, ending
 *   with the first hop's S-VID (UNI A) or the last hop's (UNI Z);
 * - egress, at each UNI switch: from the NNI port matched on that S-VID to the UNI;
 * - transit, at each switch in between, both directions: S-VID of one hop → S-VID of the next;
 * - an intra-switch circuit (no hops): one flow per direction straight from UNI to UNI.
 * Every flow carries the circuit's cookie and no timeouts. Egress and transit flows are 20000 in
 * group evpl whatever the UNIs; the ingress flows take the priority and group of their UNI's tag;
 * `sbPriority` replaces every priority. A `queueId` adds set_queue right before the output.
 */
import { OFPP, OFPVID, type Action, type Dpid, type Match } from '../ofp';
import { ownedCookie, type FlowSpec } from '../flows/flowspec';
import { parseInterfaceId, type InterfaceId } from '../topology/model';
import { MAX_TAG, MIN_TAG } from '../topology/tags';
import type { EvcId, PathHop, Uni, UniTag } from './model';
import {
  SB_PRIORITY,
  checkTags,
  customerRewrite,
  egressActions,
  ingressActions,
  sameTag,
  setVid,
  uniMatches,
  uniPriority,
  uniTableGroup,
  type TableGroup,
} from './plan-uni';

export interface PlanInput {
  readonly evcId: EvcId;
  readonly uniA: Uni;
  readonly uniZ: Uni;
  /** Oriented from UNI A to UNI Z, each with its S-VLAN; empty for an intra-switch circuit. */
  readonly hops: readonly PathHop[];
  readonly queueId?: number;
  readonly sbPriority?: number;
  /** The table of each mef_eline table group in the active pipeline (flows/pipeline.ts tableOf). */
  readonly tables: { readonly evpl: number; readonly epl: number };
}

/** What a flow does for the circuit; the deployment installs egress and transit before ingress (make-before-break). */
export type FlowRole = 'ingress' | 'egress' | 'transit';

/** A planned flow with its role: ingress and egress flows name the UNI they serve, transit flows none. */
export type PlannedFlow =
  | { readonly spec: FlowSpec; readonly role: 'ingress' | 'egress'; readonly side: 'a' | 'z'; readonly tableGroup: TableGroup }
  | { readonly spec: FlowSpec; readonly role: 'transit'; readonly side?: undefined; readonly tableGroup: TableGroup };

export type { TableGroup } from './plan-uni';

interface Port {
  readonly dpid: Dpid;
  readonly port: number;
}

/** What every flow of one circuit shares. */
interface Ctx {
  readonly cookie: bigint;
  readonly queueId: number | undefined;
  readonly sbPriority: number | undefined;
  readonly tables: PlanInput['tables'];
}

function portOf(id: InterfaceId, what: string): Port {
  const p = parseInterfaceId(id);
  if (p === undefined) throw new RangeError(`${what}: ${id} is not an interface id`);
  return { dpid: p.dpid, port: p.portNo };
}

/** One flow from `from` to `to` on the same switch. */
function flow(ctx: Ctx, from: Port, vlan: Match, vlanActions: readonly Action[], to: Port, priority: number, group: TableGroup): FlowSpec {
  // OF1.3.5 4.5 "Reserved Ports": a frame goes back out of the port it came in on only with
  // OFPP_IN_PORT; output:<in_port> is dropped (a UNI on the NNI port, or both UNIs on one port).
  const port = to.port === from.port ? OFPP.IN_PORT : to.port;
  // set_queue right before output (kytos-api.md §2.4, fixed in Kytos-ng 2025.2.0: after the output it does nothing).
  const queue: Action[] = ctx.queueId === undefined ? [] : [{ type: 'set_queue', queueId: ctx.queueId }];
  return {
    dpid: from.dpid,
    table: ctx.tables[group],
    priority: ctx.sbPriority ?? priority,
    match: [{ field: 'in_port', value: from.port }, ...vlan],
    instructions: [{ type: 'apply_actions', actions: [...vlanActions, ...queue, { type: 'output', port, maxLen: 0 }] }],
    cookie: ctx.cookie,
    idleTimeout: 0,
    hardTimeout: 0,
    flags: 0,
  };
}

/** The ingress flows of one UNI: one per match of its tag (several for a range). */
function ingress(ctx: Ctx, side: 'a' | 'z', uni: Port, own: UniTag, actions: readonly Action[], to: Port): PlannedFlow[] {
  const group = uniTableGroup(own);
  return uniMatches(own).map((m) => ({ spec: flow(ctx, uni, m, actions, to, uniPriority(own), group), role: 'ingress', side, tableGroup: group }));
}

/** Ingress and egress flows at one UNI switch; `nni` is the UNI switch's end of the hop, `sVid` its S-VLAN. */
function uniSwitch(ctx: Ctx, side: 'a' | 'z', uni: Port, own: UniTag, peer: UniTag, nni: Port, sVid: number): PlannedFlow[] {
  const egress: PlannedFlow = {
    spec: flow(ctx, nni, sVidMatch(sVid), egressActions(own, peer), uni, SB_PRIORITY.evpl, 'evpl'),
    role: 'egress',
    side,
    tableGroup: 'evpl',
  };
  return [...ingress(ctx, side, uni, own, ingressActions(own, peer, sVid), nni), egress];
}

/** The match on an S-VID (OF1.3.5 7.2.3.8: a VID is matched with OFPVID_PRESENT); it guarantees the tag that egress pops or rewrites. */
function sVidMatch(vid: number): Match {
  return [{ field: 'vlan_vid', value: OFPVID.PRESENT | vid }];
}

/** Both directions through the switch between hop `prev` and hop `next`. */
function transit(ctx: Ctx, prev: PathHop, next: PathHop): PlannedFlow[] {
  const fromA = portOf(prev.toZ, 'hop');
  const toZ = portOf(next.fromA, 'hop');
  // Kytos-ng rewrites the S-VID on every transit switch, even when both hops got the same one.
  return [
    flow(ctx, fromA, sVidMatch(prev.sVlan), [setVid(next.sVlan)], toZ, SB_PRIORITY.evpl, 'evpl'),
    flow(ctx, toZ, sVidMatch(next.sVlan), [setVid(prev.sVlan)], fromA, SB_PRIORITY.evpl, 'evpl'),
  ].map((spec) => ({ spec, role: 'transit', tableGroup: 'evpl' }));
}

/** Throws RangeError unless the hops run from UNI A's switch to UNI Z's, each starting where the last ended. */
function checkPath(a: Port, z: Port, hops: readonly PathHop[]): void {
  if (hops.length === 0 && a.dpid !== z.dpid) throw new RangeError('UNI A and UNI Z are on different switches: the circuit needs a path');
  let at = a.dpid;
  for (const [i, h] of hops.entries()) {
    // An S-VLAN is a VID an interface pool hands out (kytos-api.md §2.3), never 0.
    if (!Number.isInteger(h.sVlan) || h.sVlan < MIN_TAG || h.sVlan > MAX_TAG) throw new RangeError(`hop ${i}: S-VLAN ${h.sVlan} is not a VID`);
    const from = portOf(h.fromA, `hop ${i}`);
    const to = portOf(h.toZ, `hop ${i}`);
    if (from.dpid !== at) throw new RangeError(`hop ${i} starts on ${from.dpid}, not on ${at}`);
    if (to.dpid === from.dpid) throw new RangeError(`hop ${i} does not leave ${at}`);
    at = to.dpid;
  }
  if (at !== z.dpid) throw new RangeError(`the path ends on ${at}, not on UNI Z's switch ${z.dpid}`);
}

const isUint = (v: number | undefined, max: number): boolean => v === undefined || (Number.isInteger(v) && v >= 0 && v <= max);

/** Throws RangeError on values no flow can carry: the cookie takes the id's 56 bits (kytos-api.md §2.4), priority is u16, queue u32. */
function checkValues(input: PlanInput): void {
  if (!/^[0-9a-f]{1,14}$/.test(input.evcId)) throw new RangeError(`circuit id ${input.evcId} is not 1 to 14 lower-case hex digits`);
  if (!isUint(input.sbPriority, 0xffff)) throw new RangeError(`sb_priority ${String(input.sbPriority)} is not a flow priority`);
  if (!isUint(input.queueId, 0xffffffff)) throw new RangeError(`queue_id ${String(input.queueId)} is not a queue id`);
}

/**
 * Pure. Every flow of a circuit, with its role: ingress A, egress A, transit (A → Z order),
 * ingress Z, egress Z. Throws RangeError on input no circuit can have (see checkTags and checkPath).
 */
export function planCircuitFlows(input: PlanInput): PlannedFlow[] {
  const { uniA, uniZ, hops } = input;
  checkValues(input);
  checkTags(uniA.tag, uniZ.tag);
  const a = portOf(uniA.interfaceId, 'UNI A');
  const z = portOf(uniZ.interfaceId, 'UNI Z');
  checkPath(a, z, hops);
  const ctx: Ctx = {
    cookie: ownedCookie('mef_eline', BigInt(`0x${input.evcId}`)),
    queueId: input.queueId,
    sbPriority: input.sbPriority,
    tables: input.tables,
  };
  const first = hops[0];
  const last = hops[hops.length - 1];
  if (first === undefined || last === undefined) {
    if (uniA.interfaceId === uniZ.interfaceId && sameTag(uniA.tag, uniZ.tag)) {
      throw new RangeError('UNI A and UNI Z are the same interface and tag');
    }
    // Intra-switch: each direction goes straight from one UNI to the other, the frame rewritten
    // to what the far UNI expects; no S-tag.
    return [
      ...ingress(ctx, 'a', a, uniA.tag, customerRewrite(uniA.tag, uniZ.tag), z),
      ...ingress(ctx, 'z', z, uniZ.tag, customerRewrite(uniZ.tag, uniA.tag), a),
    ];
  }
  const between = hops.slice(1).flatMap((next, i) => transit(ctx, hops[i] as PathHop, next));
  return [
    ...uniSwitch(ctx, 'a', a, uniA.tag, uniZ.tag, portOf(first.fromA, 'hop 0'), first.sVlan),
    ...between,
    ...uniSwitch(ctx, 'z', z, uniZ.tag, uniA.tag, portOf(last.toZ, `hop ${hops.length - 1}`), last.sVlan),
  ];
}

/** Pure. Every flow of a circuit (planCircuitFlows without the roles). */
export function planCircuit(input: PlanInput): FlowSpec[] {
  return planCircuitFlows(input).map((f) => f.spec);
}
