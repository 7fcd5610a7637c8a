/**
 * flow_manager v2 (kytos-api.md §6.1) against the real controller and fake switches with flow
 * tables: adding flows (202 at once, then on the switch), reading them live and as stored flows,
 * exact 64-bit cookies, and every refusal with Kytos's status and text.
 */
import { pollUntil } from '../../support/poll';
import { DPID1, DPID2, FM, LLDP_PREFIX, TOPO, flowHarness, type FlowHarness, type SwitchUnderTest } from './flow-harness';

let h: FlowHarness;
let s1: SwitchUnderTest;
afterEach(async () => {
  await h.stop();
});

const SENT = { response: 'FlowMod Messages Sent' };
const error = (code: number, description: unknown) => ({ description, code });

/** A flow: in_port 1 out port 2, priority 1000, cookie 0x1234 (4660). */
const FLOW = { priority: 1000, cookie: 4660, match: { in_port: 1 }, actions: [{ action_type: 'output', port: 2 }] };

/** The table's flows that are not the controller's LLDP flow, as text. */
function userFlows(s: SwitchUnderTest): string[] {
  return s.table.flows().filter((f) => f.cookie >> 56n !== LLDP_PREFIX).map((f) => `table=${f.table} priority=${f.priority} cookie=0x${f.cookie.toString(16)}`);
}

describe('POST /flows/{dpid} and reading flows back', () => {
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
  });

  it('answers 202 at once, puts the flow on the switch and lists it as installed', async () => {
    const res = await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [FLOW] }).expect(202);
    expect(res.body).toEqual(SENT);
    await pollUntil(() => userFlows(s1).length === 1, { what: 'the flow on the switch' });
    expect(userFlows(s1)).toEqual(['table=0 priority=1000 cookie=0x1234']);

    await pollUntil(async () => (await h.http().get(`${FM}/stored_flows?dpid=${DPID1}&state=installed&cookie_range=4660&cookie_range=4660`)).body[DPID1]);
    const stored = await h.http().get(`${FM}/stored_flows?dpid=${DPID1}&cookie_range=4660&cookie_range=4660`).expect(200);
    const [doc] = stored.body[DPID1] as Record<string, unknown>[];
    expect(doc).toMatchObject({
      switch: DPID1,
      state: 'installed',
      flow: {
        table_id: 0,
        owner: 'no_owner',
        table_group: 'base',
        priority: 1000,
        cookie: 4660,
        idle_timeout: 0,
        hard_timeout: 0,
        match: { in_port: 1 },
        instructions: [{ instruction_type: 'apply_actions', actions: [{ action_type: 'output', port: 2 }] }],
      },
    });
    expect(Object.keys(doc ?? {})).toEqual(['id', 'flow_id', 'switch', 'flow', 'state', 'inserted_at', 'updated_at']);
    expect(doc?.id).toMatch(/^[0-9a-f]{32}$/);
    expect(doc?.flow_id).toMatch(/^[0-9a-f]{32}$/);
    expect(doc?.inserted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

    const live = await h.http().get(`${FM}/flows/${DPID1}`).expect(200);
    const flows = live.body[DPID1].flows as Record<string, unknown>[];
    const mine = flows.find((f) => f.cookie === 4660);
    expect(mine).toMatchObject({
      switch: DPID1,
      table_id: 0,
      match: { in_port: 1 },
      priority: 1000,
      cookie: 4660,
      cookie_mask: 0,
      stats: { byte_count: 0, duration_sec: 0, duration_nsec: 0, packet_count: 0 },
      instructions: [{ instruction_type: 'apply_actions', actions: [{ action_type: 'output', port: 2 }] }],
    });
    // The live flow and the stored one are the same flow: same Kytos flow id.
    expect(mine?.id).toBe(doc?.flow_id);
  });

  it('keeps 64-bit cookies exact both ways (mef_eline 0xaa00000000000001)', async () => {
    const body = `{"flows": [{"priority": 20000, "cookie": 12249790986447749121, "owner": "mef_eline", "table_group": "evpl", "match": {"in_port": 1, "dl_vlan": 100}, "actions": [{"action_type": "output", "port": 2}]}]}`;
    await h.http().post(`${FM}/flows/${DPID1}`).set('Content-Type', 'application/json').send(body).expect(202);
    await pollUntil(() => s1.table.flows().some((f) => f.cookie === 0xaa00000000000001n), { what: 'the cookie on the switch' });

    const live = await h.http().get(`${FM}/flows/${DPID1}`).expect(200);
    expect(live.text).toContain('"cookie": 12249790986447749121');
    const ranged = await h.http().get(`${FM}/stored_flows?cookie_range=12249790986447749121&cookie_range=12249790986447749121`).expect(200);
    expect(ranged.text).toContain('"cookie": 12249790986447749121');
    expect(ranged.text).toContain('"owner": "mef_eline", "table_group": "evpl"');
    expect(Object.keys(ranged.body)).toEqual([DPID1]);
  });

  it('lists every known switch with GET /flows and answers 404 for an unknown one', async () => {
    const all = await h.http().get(`${FM}/flows`).expect(200);
    expect(Object.keys(all.body)).toEqual([DPID1]);
    expect((all.body[DPID1].flows as { cookie: number }[]).length).toBe(1); // the LLDP flow
    const missing = await h.http().get(`${FM}/flows/${DPID2}`).expect(404);
    expect(missing.body).toEqual(error(404, 'Switch not found'));
  });

  it('shows a switch that is not connected with no flows', async () => {
    await h.disconnect(s1);
    const res = await h.http().get(`${FM}/flows/${DPID1}`).expect(200);
    expect(res.body).toEqual({ [DPID1]: { flows: [] } });
  });
});

describe('POST refusals', () => {
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
  });

  it('answers 400 for a body without flows, with Kytos\'s texts', async () => {
    const noFlows = error(400, "The request body doesn't have any flows");
    expect((await h.http().post(`${FM}/flows`).send({}).expect(400)).body).toEqual(noFlows);
    expect((await h.http().post(`${FM}/flows`).send({ flows: [] }).expect(400)).body).toEqual(noFlows);
    expect((await h.http().post(`${FM}/flows`).send({ flows: [{}] }).expect(400)).body).toEqual(noFlows);
    expect((await h.http().post(`${FM}/flows`).send({ force: true }).expect(400)).body).toEqual(noFlows);
    expect((await h.http().post(`${FM}/flows`).send([1, 2]).expect(400)).body).toEqual(error(400, 'Invalid payload: [1, 2]'));
  });

  it('answers 400 naming the flow and the field for an invalid flow', async () => {
    const badVlan = await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [FLOW, { match: { dl_vlan: 5000 } }] }).expect(400);
    expect(badVlan.body).toEqual(error(400, 'flows[1].match.dl_vlan: 5000 is out of range 0..4096'));
    const mask = await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [{ ...FLOW, cookie_mask: 255 }] }).expect(400);
    expect(mask.body).toEqual(error(400, "flows[0]: cookie_mask shouldn't be set when adding flows"));
    const both = await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [{ ...FLOW, instructions: [] }] }).expect(400);
    expect(both.body).toEqual(error(400, 'flows[0]: Cannot have both "actions" and "instructions" at the same time'));
    const force = await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [FLOW], force: 'yes' }).expect(400);
    expect(force.body).toEqual(error(400, "force: 'yes' is not a boolean"));
    const switches = await h.http().post(`${FM}/flows`).send({ flows: [FLOW], switches: DPID1 }).expect(400);
    expect(switches.body).toEqual(error(400, 'Switches should be in a list.'));
    expect(userFlows(s1)).toEqual([]);
  });

  it('answers 415 for another Content-Type and 400 "Invalid json" for broken JSON', async () => {
    const text = await h.http().post(`${FM}/flows`).set('Content-Type', 'text/plain').send(JSON.stringify({ flows: [FLOW] })).expect(415);
    expect(text.body).toEqual(error(415, 'Expected Content-Type: application/json, got: text/plain'));
    const broken = await h.http().post(`${FM}/flows`).set('Content-Type', 'application/json').send('{"flows": [}').expect(400);
    expect(broken.body).toEqual(error(400, 'Invalid json: Unexpected character "}" at position 11 (line 1 column 12)'));
  });

  it('answers 404 for an unknown switch and for a disabled one, on the path or in switches', async () => {
    const unknown = await h.http().post(`${FM}/flows/${DPID2}`).send({ flows: [FLOW] }).expect(404);
    expect(unknown.body).toEqual(error(404, { response: 'dpid not found.' }));
    const listed = await h.http().post(`${FM}/flows`).send({ flows: [FLOW], switches: [DPID1, DPID2] }).expect(404);
    expect(listed.body).toEqual(error(404, { response: 'dpid not found.' }));
    await h.http().post(`${TOPO}/switches/${DPID1}/disable`).expect(201);
    const disabled = await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [FLOW] }).expect(404);
    expect(disabled.body).toEqual(error(404, `Switch ${DPID1} is disabled.`));
    const disabledListed = await h.http().post(`${FM}/flows`).send({ flows: [FLOW], switches: [DPID1] }).expect(404);
    expect(disabledListed.body).toEqual(error(404, `Switch ${DPID1} is disabled.`));
    // A delete may still go to a disabled switch (Kytos refuses only adds).
    await h.http().delete(`${FM}/flows/${DPID1}`).send({ flows: [{ cookie: 4660, cookie_mask: 4660 }] }).expect(202);
    expect(userFlows(s1)).toEqual([]);
  });
});

describe('switches that are not connected, and force', () => {
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
    await h.disconnect(s1);
  });

  it('answers 424 without force and changes nothing', async () => {
    const res = await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [FLOW] }).expect(424);
    expect(res.body).toEqual(error(424, `switch ${DPID1} isn't connected`));
    const stored = await h.http().get(`${FM}/stored_flows?cookie_range=4660&cookie_range=4660`).expect(200);
    expect(stored.body).toEqual({});
    const del = await h.http().delete(`${FM}/flows/${DPID1}`).send({ flows: [{ cookie: 4660, cookie_mask: 4660 }] }).expect(424);
    expect(del.body).toEqual(error(424, `switch ${DPID1} isn't connected`));
  });

  it('with force stores the flow as pending and installs it when the switch connects', async () => {
    await h.http().post(`${FM}/flows/${DPID1}`).send({ flows: [FLOW], force: true }).expect(202);
    const pending = await h.http().get(`${FM}/stored_flows?dpid=${DPID1}&state=pending`).expect(200);
    expect((pending.body[DPID1] as { flow: { cookie: number } }[]).map((d) => d.flow.cookie)).toEqual([4660]);
    expect(userFlows(s1)).toEqual([]);

    await h.reconnect(s1);
    await pollUntil(() => userFlows(s1).length === 1, { what: 'the forced flow on the reconnected switch' });
    expect(userFlows(s1)).toEqual(['table=0 priority=1000 cookie=0x1234']);
    await pollUntil(async () => {
      const r = await h.http().get(`${FM}/stored_flows?state=installed&cookie_range=4660&cookie_range=4660`);
      return r.body[DPID1] !== undefined;
    }, { what: 'the flow confirmed installed' });
  });
});

describe('which switches a request goes to', () => {
  let s2: SwitchUnderTest;
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
    s2 = await h.connect(2);
  });

  it('goes to every enabled switch without a dpid or switches, and to the listed ones otherwise', async () => {
    await h.http().post(`${FM}/flows`).send({ flows: [FLOW] }).expect(202);
    await pollUntil(() => userFlows(s1).length === 1 && userFlows(s2).length === 1, { what: 'the flow on both switches' });

    await h.http().post(`${TOPO}/switches/${DPID2}/disable`).expect(201);
    await h.http().post(`${FM}/flows`).send({ flows: [{ ...FLOW, priority: 2000 }] }).expect(202);
    await pollUntil(() => userFlows(s1).length === 2, { what: 'the second flow on switch 1' });
    expect(userFlows(s2)).toEqual(['table=0 priority=1000 cookie=0x1234']);

    await h.http().post(`${TOPO}/switches/${DPID2}/enable`).expect(201);
    await h.http().post(`${FM}/flows`).send({ flows: [{ ...FLOW, priority: 3000 }], switches: [DPID2] }).expect(202);
    await pollUntil(() => userFlows(s2).length === 2, { what: 'the third flow on switch 2' });
    expect(userFlows(s1)).toEqual(['table=0 priority=2000 cookie=0x1234', 'table=0 priority=1000 cookie=0x1234']);
  });
});
