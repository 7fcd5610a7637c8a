/**
 * OFPT_ERROR mapped back to the flow that caused it, by the xid of its FLOW_MOD (OF1.3.5 7.4.4:
 * "the xid of the error message is the xid of the offending request"), first at the installer,
 * then through the flow service: the refused flow is marked failed and reported to its owner, the
 * others are marked installed.
 */
import { OFPET, OFP_ERROR_CODES } from '../../../src/ofp';
import type { EventOf } from '../../../src/core/events';
import { flow, flowRig, waitHeld, type FlowRig, type SwitchRig } from './harness';

jest.setTimeout(20_000);

let rig: FlowRig;
let s: SwitchRig;
beforeEach(async () => {
  rig = await flowRig();
  s = await rig.connect(1);
});
afterEach(async () => {
  await rig.stop();
});

const AA = 0xaa00000000000000n;
/** OFPET_FLOW_MOD_FAILED / OFPFMFC_TABLE_FULL (OF1.3.5 7.4.4). */
const TABLE_FULL = { errType: 5, code: 1 };

it('the wire numbers used here are the spec’s', () => {
  expect(OFPET.FLOW_MOD_FAILED).toBe(TABLE_FULL.errType);
  expect(OFP_ERROR_CODES.FLOW_MOD_FAILED.TABLE_FULL).toBe(TABLE_FULL.code);
});

it('the installer lists exactly the refused flow, with its command, error type and code', async () => {
  const d = s.dpid;
  const a = flow(d, { priority: 100, inPort: 1, cookie: AA | 1n, out: 2 });
  const b = flow(d, { priority: 101, inPort: 2, cookie: AA | 2n, out: 1 });
  const c = flow(d, { priority: 102, inPort: 3, cookie: AA | 3n, out: 1 });
  s.refuse((m) => m.priority === 101, TABLE_FULL);

  const result = await rig.tc.controller.installer.addFlows(d, [a, b, c]);
  expect(result).toEqual({ ok: false, reason: 'rejected', sent: 3, errors: [{ flow: b, command: 'add', errType: 5, code: 1 }] });
  // The others went through; the refused one did not reach the table.
  expect(s.tableLines()).toEqual(['t0 p102 in_port=3 cookie=0xaa00000000000003 out:1', 't0 p100 in_port=1 cookie=0xaa00000000000001 out:2']);
  expect(rig.tc.controller.installer.inFlightKeys(d).size).toBe(0);
});

it('a refused strict delete is reported as such', async () => {
  const d = s.dpid;
  const gone = flow(d, { priority: 300, inPort: 3, cookie: AA | 3n, out: 1 });
  const kept = flow(d, { priority: 301, inPort: 4, cookie: AA | 4n, out: 1 });
  // OFPET_FLOW_MOD_FAILED / OFPFMFC_EPERM.
  s.refuse((m) => m.command === 'delete_strict' && m.priority === 301, { errType: 5, code: 4 });
  const result = await rig.tc.controller.installer.apply(d, { add: [], modify: [], remove: [gone, kept] });
  expect(result).toEqual({ ok: false, reason: 'rejected', sent: 2, errors: [{ flow: kept, command: 'delete_strict', errType: 5, code: 4 }] });
});

it('an OFPT_ERROR with an xid the installer did not use is not blamed on any flow', async () => {
  const d = s.dpid;
  const a = flow(d, { priority: 100, inPort: 1, cookie: AA | 1n, out: 2 });
  s.hold('barrier');
  const since = rig.tc.events.length;
  const done = rig.tc.controller.installer.addFlows(d, [a]);
  await waitHeld(s, 1);
  // Before the barrier reply, an error for another xid (as for some earlier request of someone else).
  const fm = await s.sw.waitForType('flow_mod');
  const otherXid = (fm.xid + 0x10000) >>> 0;
  s.sw.send({ type: 'error', version: 4, errType: 5, code: 1, data: Buffer.alloc(0) }, otherXid);
  await rig.tc.waitForEvent('switch.error', { since, pred: (e) => e.xid === otherXid });
  s.releaseOne();
  await expect(done).resolves.toEqual({ ok: true, sent: 1 });
});

it('FlowService.install marks the refused flow failed, emits flow.error to its owner, and marks the others installed', async () => {
  const d = s.dpid;
  const flowErrors: EventOf<'flow.error'>[] = [];
  const off = rig.tc.controller.bus.on('flow.error', (e) => flowErrors.push(e));
  s.refuse((m) => m.priority === 101, TABLE_FULL);
  const results = await rig.tc.controller.flows.install('mef_eline', [
    flow(d, { priority: 100, inPort: 1, cookie: AA | 1n, out: 2 }),
    flow(d, { priority: 101, inPort: 2, cookie: AA | 2n, out: 1 }),
    flow(d, { priority: 102, inPort: 3, cookie: AA | 3n, out: 1 }),
  ]);
  off();

  expect([...results.keys()]).toEqual([d]);
  expect(results.get(d)).toMatchObject({ ok: false, reason: 'rejected', sent: 3 });
  expect(flowErrors).toEqual([
    {
      type: 'flow.error',
      owner: 'mef_eline',
      dpid: '00:00:00:00:00:00:00:01',
      key: '00:00:00:00:00:00:00:01/0/101/in_port=2',
      errType: 5,
      code: 1,
      command: 'add',
    },
  ]);
  expect(rig.tc.controller.flows.rows(d).map((r) => ({ key: r.key, owner: r.owner, state: r.state, error: r.error }))).toEqual([
    { key: '00:00:00:00:00:00:00:01/0/102/in_port=3', owner: 'mef_eline', state: 'installed', error: undefined },
    { key: '00:00:00:00:00:00:00:01/0/101/in_port=2', owner: 'mef_eline', state: 'failed', error: 'error type 5 code 1' },
    { key: '00:00:00:00:00:00:00:01/0/100/in_port=1', owner: 'mef_eline', state: 'installed', error: undefined },
  ]);
});

it('FlowService.install on a switch that is not connected leaves the flows pending', async () => {
  const d = '00:00:00:00:00:00:00:99';
  const results = await rig.tc.controller.flows.install('mef_eline', [flow(d, { priority: 100, inPort: 1, cookie: AA | 1n, out: 2 })]);
  expect(results.get(d)).toEqual({ ok: false, reason: 'not_connected' });
  expect(rig.tc.controller.flows.rows(d).map((r) => [r.key, r.state])).toEqual([['00:00:00:00:00:00:00:99/0/100/in_port=1', 'pending']]);
});
