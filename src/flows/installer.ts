/**
 * Sends FlowSpecs to switches as FLOW_MODs and confirms them with a barrier. This is the first
 * part of the flows module: services say which flows they want and this is the one place that
 * turns them into messages on a session.
 */
import { OFPG, OFPP, OFP_NO_BUFFER, type Dpid, type MessageOf } from '../ofp';
import type { SwitchConnection } from '../ofp/connection';
import type { FlowSpec } from './flowspec';

export interface SessionSource {
  get(dpid: Dpid): SwitchConnection | undefined;
}

/** Pure. The FLOW_MOD that adds (or overwrites, same match and priority) a flow. */
export function flowModAdd(f: FlowSpec): MessageOf<'flow_mod'> {
  return {
    type: 'flow_mod',
    cookie: f.cookie,
    cookieMask: 0n,
    tableId: f.table,
    command: 'add',
    idleTimeout: f.idleTimeout,
    hardTimeout: f.hardTimeout,
    priority: f.priority,
    bufferId: OFP_NO_BUFFER,
    outPort: OFPP.ANY,
    outGroup: OFPG.ANY,
    flags: f.flags,
    match: f.match,
    instructions: f.instructions,
  };
}

export type InstallResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'not_connected' }
  | { readonly ok: false; readonly reason: 'rejected'; readonly flow: FlowSpec; readonly errType: number; readonly code: number }
  | { readonly ok: false; readonly reason: 'failed'; readonly message: string };

export class FlowInstaller {
  constructor(private readonly sessions: SessionSource) {}

  /**
   * Adds the flows of one switch and resolves once a barrier confirms them; a flow the switch
   * rejects (an OFPT_ERROR carrying its xid) is reported with the flow.
   */
  async addFlows(dpid: Dpid, flows: readonly FlowSpec[]): Promise<InstallResult> {
    const session = this.sessions.get(dpid);
    if (session === undefined) return { ok: false, reason: 'not_connected' };
    const byXid = new Map<number, FlowSpec>();
    let rejected: InstallResult | undefined;
    const stop = session.onEvent((e) => {
      if (e.type !== 'message' || e.msg.type !== 'error' || rejected !== undefined) return;
      const flow = byXid.get(e.xid);
      if (flow !== undefined) rejected = { ok: false, reason: 'rejected', flow, errType: e.msg.errType, code: e.msg.code };
    });
    try {
      for (const f of flows) {
        if (!session.writable) await session.drained();
        byXid.set(session.send(flowModAdd(f)), f);
      }
      // OF1.3.5 6.3.8: errors for everything sent before the barrier arrive before its reply.
      await session.barrier();
      return rejected ?? { ok: true };
    } catch (e) {
      return { ok: false, reason: 'failed', message: e instanceof Error ? e.message : String(e) };
    } finally {
      stop();
    }
  }
}
