/**
 * flow_manager v2 deletes (non-strict over the desired flows, plus a non-strict delete on the
 * switch), flows_by_switch, and the stored_flows filters (kytos-api.md §6.1).
 */
import { OFPG, OFPP, OFP_NO_BUFFER } from '../../../src/ofp';
import { pollUntil } from '../../support/poll';
import { DPID1, DPID2, DPID3, FM, LLDP_PREFIX, flowHarness, type FlowHarness, type SwitchUnderTest } from './flow-harness';

let h: FlowHarness;
let s1: SwitchUnderTest;
afterEach(async () => {
  await h.stop();
});

const error = (code: number, description: unknown) => ({ description, code });
const out = (port: number) => [{ action_type: 'output', port }];

/** The table's flows that are not the controller's LLDP flow, as text. */
function userFlows(s: SwitchUnderTest): string[] {
  return s.table
    .flows()
    .filter((f) => f.cookie >> 56n !== LLDP_PREFIX)
    .map((f) => `table=${f.table} priority=${f.priority} cookie=0x${f.cookie.toString(16)}`);
}

/** Cookies of the stored flows of a switch, highest priority first. */
async function storedCookies(query = ''): Promise<number[]> {
  const res = await h.http().get(`${FM}/stored_flows?dpid=${DPID1}${query}`).expect(200);
  const docs = (res.body[DPID1] ?? []) as { flow: { cookie: number } }[];
  return docs.map((d) => d.flow.cookie).filter((c) => BigInt(c) >> 56n !== LLDP_PREFIX);
}

describe('DELETE /flows/{dpid}', () => {
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
    const flows = [
      { priority: 1000, cookie: 0x1001, match: { in_port: 1 }, actions: out(2) },
      { priority: 900, cookie: 0x1002, match: { in_port: 1, dl_vlan: 100 }, actions: out(2) },
      { priority: 800, cookie: 0x2001, match: { in_port: 2 }, actions: out(1) },
      { table_id: 1, priority: 700, cookie: 0x3001, match: { in_port: 3 }, actions: out(1) },
    ];
    await h.http().post(`${FM}/flows/${DPID1}`).send({ flows }).expect(202);
    await pollUntil(() => userFlows(s1).length === 4, { what: 'four flows on the switch' });
    // A flow the controller never asked for (installed by hand, cookie 0).
    s1.table.applySpec({ dpid: DPID1, table: 0, priority: 5, match: [{ field: 'in_port', value: 1 }], instructions: [], cookie: 0n, idleTimeout: 0, hardTimeout: 0, flags: 0 });
  });

  it('removes, non-strictly, the desired flows the match selects and the switch\'s own flows too', async () => {
    await h.http().delete(`${FM}/flows/${DPID1}`).send({ flows: [{ match: { in_port: 1 } }] }).expect(202, { response: 'FlowMod Messages Sent' });
    expect(await storedCookies()).toEqual([0x2001, 0x3001]);
    await pollUntil(() => userFlows(s1).length === 2, { what: 'the in_port 1 flows gone' });
    expect(userFlows(s1)).toEqual(['table=0 priority=800 cookie=0x2001', 'table=1 priority=700 cookie=0x3001']);
    // The LLDP flow does not match on in_port: it stays.
    expect(s1.table.flows().filter((f) => f.cookie >> 56n === LLDP_PREFIX)).toHaveLength(1);
  });

  it('selects by cookie and cookie_mask, and by table only when table_id is given', async () => {
    await h.http().delete(`${FM}/flows/${DPID1}`).send({ flows: [{ cookie: 0x1000, cookie_mask: 0xf000 }] }).expect(202);
    expect(await storedCookies()).toEqual([0x2001, 0x3001]);
    await h.http().delete(`${FM}/flows/${DPID1}`).send({ flows: [{ table_id: 0, match: { in_port: 3 } }] }).expect(202);
    expect(await storedCookies()).toEqual([0x2001, 0x3001]);
    await h.http().delete(`${FM}/flows/${DPID1}`).send({ flows: [{ match: { in_port: 3 } }] }).expect(202);
    expect(await storedCookies()).toEqual([0x2001]);
    await pollUntil(() => userFlows(s1).length === 2, { what: 'the selected flows gone' });
    // The hand-made flow has cookie 0: the cookie-masked delete did not select it.
    expect(userFlows(s1)).toEqual(['table=0 priority=800 cookie=0x2001', 'table=0 priority=5 cookie=0x0']);
  });

  it('serves the deprecated POST /delete/{dpid} the same way', async () => {
    // Raw JSON: a JS number cannot hold the all-ones mask, the request carries it exactly.
    const body = '{"flows": [{"cookie": 8193, "cookie_mask": 18446744073709551615}]}';
    await h.http().post(`${FM}/delete/${DPID1}`).set('Content-Type', 'application/json').send(body).expect(202);
    expect(await storedCookies()).toEqual([0x1001, 0x1002, 0x3001]);
    await pollUntil(() => !userFlows(s1).includes('table=0 priority=800 cookie=0x2001'), { what: 'flow 0x2001 gone' });
  });

  it('refuses a cookie without a mask, and the reverse (400)', async () => {
    const noMask = await h.http().delete(`${FM}/flows/${DPID1}`).send({ flows: [{ cookie: 1 }] }).expect(400);
    expect(noMask.body).toEqual(error(400, 'flows[0]: cookie is set, cookie_mask should be set too when deleting flows'));
    const noCookie = await h.http().delete(`${FM}/flows/${DPID1}`).send({ flows: [{ cookie_mask: 1 }] }).expect(400);
    expect(noCookie.body).toEqual(error(400, 'flows[0]: cookie_mask is set, cookie should be set too when deleting flows'));
    expect(await storedCookies()).toEqual([0x1001, 0x1002, 0x2001, 0x3001]);
  });
});

describe('flows_by_switch', () => {
  let s2: SwitchUnderTest;
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
    s2 = await h.connect(2);
  });

  it('adds and deletes each switch\'s own flows', async () => {
    const body = {
      [DPID1]: { flows: [{ priority: 10, cookie: 0x11, match: { in_port: 1 }, actions: out(2) }] },
      [DPID2]: { flows: [{ priority: 20, cookie: 0x22, match: { in_port: 2 }, actions: out(1) }] },
    };
    await h.http().post(`${FM}/flows_by_switch?force=false`).send(body).expect(202, { response: 'FlowMod Messages Sent' });
    await pollUntil(() => userFlows(s1).length === 1 && userFlows(s2).length === 1, { what: 'one flow on each switch' });
    expect(userFlows(s1)).toEqual(['table=0 priority=10 cookie=0x11']);
    expect(userFlows(s2)).toEqual(['table=0 priority=20 cookie=0x22']);

    await h.http().delete(`${FM}/flows_by_switch`).send({ [DPID2]: { flows: [{ cookie: 0x22, cookie_mask: 0xff }] } }).expect(202);
    await pollUntil(() => userFlows(s2).length === 0, { what: 'the flow of switch 2 gone' });
    expect(userFlows(s1)).toEqual(['table=0 priority=10 cookie=0x11']);
  });

  it('answers Kytos\'s 400, 404 and 424', async () => {
    const flows = [{ priority: 10, match: { in_port: 1 }, actions: out(2) }];
    const badForce = await h.http().post(`${FM}/flows_by_switch?force=maybe`).send({ [DPID1]: { flows } }).expect(400);
    expect(badForce.body).toEqual(error(400, 'Parameter force does not have a valid value.'));
    const notObject = await h.http().post(`${FM}/flows_by_switch`).send({ [DPID1]: flows }).expect(400);
    expect(notObject.body).toEqual(error(400, 'The content of the switch should be an object.'));
    const empty = await h.http().post(`${FM}/flows_by_switch`).send({ [DPID1]: { flows: [] } }).expect(400);
    expect(empty.body).toEqual(error(400, `The switch ${DPID1} in the request body doesn't have any flows`));
    const unknown = await h.http().post(`${FM}/flows_by_switch`).send({ [DPID3]: { flows } }).expect(404);
    expect(unknown.body).toEqual(error(404, 'dpid not found.'));

    await h.disconnect(s2);
    const body = { [DPID1]: { flows }, [DPID2]: { flows } };
    const refused = await h.http().post(`${FM}/flows_by_switch`).send(body).expect(424);
    expect(refused.body).toEqual(error(424, `switch ${DPID2} isn't connected`));
    expect(userFlows(s1)).toEqual([]);
    await h.http().post(`${FM}/flows_by_switch?force=TRUE`).send(body).expect(202);
    await pollUntil(() => userFlows(s1).length === 1, { what: 'the flow on the connected switch' });
    const pending = await h.http().get(`${FM}/stored_flows?dpid=${DPID2}&state=pending`).expect(200);
    expect((pending.body[DPID2] as unknown[]).length).toBe(1);
  });
});

describe('GET /stored_flows filters', () => {
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
    const flows = [
      { priority: 300, cookie: 10, match: { in_port: 1 }, actions: out(2) },
      { priority: 200, cookie: 20, match: { in_port: 2 }, actions: out(1) },
      { priority: 100, cookie: 30, match: { in_port: 3 }, actions: out(1) },
    ];
    await h.http().post(`${FM}/flows/${DPID1}`).send({ flows }).expect(202);
    await pollUntil(async () => (await storedCookies('&state=installed')).length === 3, { what: 'three installed flows' });
  });

  it('filters by cookie ranges from the query, or from a JSON body, which wins', async () => {
    expect(await storedCookies('&cookie_range=10&cookie_range=20')).toEqual([10, 20]);
    expect(await storedCookies('&cookie_range=10&cookie_range=10&cookie_range=25&cookie_range=40')).toEqual([10, 30]);
    const body = await h.http().get(`${FM}/stored_flows?dpid=${DPID1}&cookie_range=10&cookie_range=10`).send({ cookie_range: [20, 30] }).expect(200);
    expect((body.body[DPID1] as { flow: { cookie: number } }[]).map((d) => d.flow.cookie)).toEqual([20, 30]);
    const other = await h.http().get(`${FM}/stored_flows?dpid=${DPID2}`).expect(200);
    expect(other.body).toEqual({});
  });

  it('answers 400 for an odd or non-integer cookie_range', async () => {
    const odd = await h.http().get(`${FM}/stored_flows?cookie_range=1&cookie_range=2&cookie_range=3`).expect(400);
    expect(odd.body).toEqual(error(400, 'Expected cookies length to be even, got length [1, 2, 3]'));
    const text = await h.http().get(`${FM}/stored_flows?cookie_range=1&cookie_range=x`).expect(400);
    expect(text.body).toEqual(error(400, "cookie_range ['1', 'x'] couldn't be cast as an int"));
    const inBody = await h.http().get(`${FM}/stored_flows`).send({ cookie_range: [1, 'a'] }).expect(400);
    expect(inBody.body).toEqual(error(400, "cookie_range [1, 'a'] couldn't be cast as an int"));
  });

  it('lists a flow the switch refused as failed, with the switch\'s error', async () => {
    // goto_table must go forward (OF1.3.5 5.1): the switch answers BAD_INSTRUCTION / BAD_TABLE_ID.
    const backwards = { table_id: 2, priority: 50, cookie: 40, instructions: [{ instruction_type: 'goto_table', table_id: 1 }] };
    await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [backwards] }).expect(202);
    await pollUntil(async () => (await storedCookies('&state=failed')).length === 1, { what: 'the refused flow failed' });
    const res = await h.http().get(`${FM}/stored_flows?state=failed`).expect(200);
    const [doc] = res.body[DPID1] as Record<string, unknown>[];
    // ofp_error_msg type 3 (OFPET_BAD_INSTRUCTION), code 2 (OFPBIC_BAD_TABLE_ID), as the FlowService records it.
    expect(doc).toMatchObject({ state: 'failed', error: 'error type 3 code 2', flow: { table_id: 2, cookie: 40 } });
    expect(await storedCookies('&state=installed')).toEqual([10, 20, 30]);
    expect(await storedCookies('&state=deleted')).toEqual([]);
  });
});

describe('the wire delete', () => {
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
  });

  it('sends one non-strict OFPFC_DELETE per request flow, on every table when table_id is absent', async () => {
    // 0xab00000000000000 and 0xff00000000000000, exactly.
    const body = '{"flows": [{"cookie": 12321848580485677056, "cookie_mask": 18374686479671623680, "match": {"dl_type": 35020}}]}';
    await h.http().delete(`${FM}/flows/${DPID1}`).set('Content-Type', 'application/json').send(body).expect(202);
    const { msg } = await s1.sw.waitForType('flow_mod', (m) => m.command === 'delete');
    expect(msg).toEqual({
      type: 'flow_mod',
      command: 'delete',
      cookie: 0xab00000000000000n,
      cookieMask: 0xff00000000000000n,
      tableId: 0xff,
      idleTimeout: 0,
      hardTimeout: 0,
      priority: 0,
      bufferId: OFP_NO_BUFFER,
      outPort: OFPP.ANY,
      outGroup: OFPG.ANY,
      flags: 0,
      match: [{ field: 'eth_type', value: 0x88cc }],
      instructions: [],
    });
    // It selected the LLDP flow among the desired ones too, which went first, strictly.
    await pollUntil(() => !s1.table.flows().some((f) => f.cookie >> 56n === LLDP_PREFIX), { what: 'the LLDP flow gone' });
    const strict = s1.sw.received.filter((r) => r.msg.type === 'flow_mod' && r.msg.command === 'delete_strict');
    expect(strict).toHaveLength(1);
  });
});
