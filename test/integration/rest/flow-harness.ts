/**
 * The flow_manager and of_multi_table APIs against the real controller (buildController over
 * SQLite :memory: with the real migrations, via test/support/controller.ts), reached with
 * supertest over HTTP, and fake switches whose flow tables are the sim dataplane's
 * (test/sim/dataplane): FLOW_MODs change the table (a refused one answers OFPT_ERROR with its
 * xid), flow-stats requests are answered from it, barriers by the fake's default answer.
 */
import request from 'supertest';
import type { Dpid } from '../../../src/ofp';
import { connectSwitch, startController, type TestController } from '../../support/controller';
import type { FakeSwitch, Received, Verdict } from '../../support/fake-switch';
import { dpidOf } from '../../support/fake-switch';
import { pollUntil } from '../../support/poll';
import { FakeSwitch as TableSwitch, wireError } from '../../sim/dataplane';

export const FM = '/api/kytos/flow_manager/v2';
export const MT = '/api/kytos/of_multi_table/v1';
export const TOPO = '/api/kytos/topology/v3';
export const DPID1 = dpidOf(1);
export const DPID2 = dpidOf(2);
export const DPID3 = dpidOf(3);

/** Top bytes of the cookies of the controller's own flows. */
export const LLDP_PREFIX = 0xabn;
export const MULTI_TABLE_PREFIX = 0xadn;

/** A fake switch script that keeps a flow table: FLOW_MODs apply to it and flow stats read it. */
export function tableScript(table: TableSwitch): (rx: Received, sw: FakeSwitch) => Verdict | void {
  return (rx, sw) => {
    const m = rx.msg;
    if (m.type === 'flow_mod') {
      const r = table.apply(m);
      if (!r.ok) {
        const { errType, code } = wireError(r.error);
        sw.send({ type: 'error', version: 4, errType, code, data: Buffer.alloc(0) }, rx.xid);
      }
      return 'handled';
    }
    if (m.type === 'multipart_request' && m.body.type === 'flow') {
      sw.send({ type: 'multipart_reply', flags: 0, body: { type: 'flow', stats: table.flowStats(m.body) } }, rx.xid);
      return 'handled';
    }
    return 'auto';
  };
}

export interface SwitchUnderTest {
  readonly dpid: Dpid;
  readonly sw: FakeSwitch;
  readonly table: TableSwitch;
}

export interface FlowHarness {
  readonly tc: TestController;
  /** A supertest agent on the controller's REST API. */
  http(): ReturnType<typeof request>;
  /** Connects a fake switch with a flow table and waits until the controller has put its LLDP flow on it. */
  connect(n: number, opts?: { nTables?: number }): Promise<SwitchUnderTest>;
  /** Reconnects a disconnected switch (same table) and waits until its LLDP flow is there again. */
  reconnect(s: SwitchUnderTest): Promise<void>;
  /** Disconnects a switch and waits for the controller to see it gone. */
  disconnect(s: SwitchUnderTest): Promise<void>;
  stop(): Promise<void>;
}

/** Whether a table holds a flow whose cookie has the given top byte. */
export function hasOwned(table: TableSwitch, prefix: bigint): boolean {
  return table.flows().some((f) => f.cookie >> 56n === prefix);
}

/** Starts a controller; the caller must call stop(). */
export async function flowHarness(): Promise<FlowHarness> {
  const tc = await startController();
  const base = `http://127.0.0.1:${tc.apiPort}`;
  const switches: FakeSwitch[] = [];
  return {
    tc,
    http: () => request(base),
    async connect(n, opts = {}) {
      const dpid = dpidOf(n);
      const table = new TableSwitch(dpid, opts.nTables === undefined ? {} : { nTables: opts.nTables });
      const { sw } = await connectSwitch(tc, { dpid, script: tableScript(table), ...(opts.nTables === undefined ? {} : { nTables: opts.nTables }) });
      switches.push(sw);
      await pollUntil(() => hasOwned(table, LLDP_PREFIX), { what: `the LLDP flow on ${dpid}` });
      return { dpid, sw, table };
    },
    async reconnect(s) {
      const since = tc.events.length;
      await s.sw.connect();
      await tc.waitForEvent('switch.connected', { pred: (e) => e.dpid === s.dpid, since });
      await pollUntil(() => hasOwned(s.table, LLDP_PREFIX), { what: `the LLDP flow on ${s.dpid}` });
    },
    async disconnect(s) {
      const since = tc.events.length;
      await s.sw.disconnect();
      await tc.waitForEvent('switch.disconnected', { pred: (e) => e.dpid === s.dpid, since });
    },
    async stop() {
      for (const sw of switches) sw.destroy();
      await tc.stop();
    },
  };
}
