/**
 * Reading a switch's flows live (flow_manager GET /v2/flows, kytos-api.md §6.1): one OFPMP_FLOW
 * request for every table, every port and group, any cookie (OF1.3.5 7.3.5.2 "Individual Flow
 * Statistics"). Kytos answers from the last periodic flow stats; asking now costs one round trip
 * and is never stale.
 *
 * The session is reached through the switch registry's `get`, typed structurally here, so this
 * module sends one read-only request and holds no socket (the flow installer and the reconciler
 * remain the only writers of flows).
 */
import { OFPG, OFPP, OFPTT, type Dpid, type FlowStats, type MultipartReplyBody, type MultipartRequestBody } from '../ofp';

/** What a flow-stats read needs of a live session. */
export interface StatsSession {
  requestMultipart(body: MultipartRequestBody): Promise<MultipartReplyBody[]>;
}

export interface StatsSessions {
  get(dpid: Dpid): StatsSession | undefined;
}

/** OF1.3.5 7.3.5.2: the request that selects every flow of every table. */
export const ALL_FLOWS_REQUEST: MultipartRequestBody = {
  type: 'flow',
  tableId: OFPTT.ALL,
  outPort: OFPP.ANY,
  outGroup: OFPG.ANY,
  cookie: 0n,
  cookieMask: 0n,
  match: [],
};

/**
 * The flows a switch holds now, in the order it reported them; undefined when it is not connected.
 * Rejects when the request fails (a timeout, the session closing). I/O.
 */
export async function readSwitchFlows(sessions: StatsSessions, dpid: Dpid): Promise<FlowStats[] | undefined> {
  const session = sessions.get(dpid);
  if (session === undefined) return undefined;
  const out: FlowStats[] = [];
  for (const r of await session.requestMultipart(ALL_FLOWS_REQUEST)) if (r.type === 'flow') out.push(...r.stats);
  return out;
}
