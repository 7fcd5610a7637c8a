/**
 * of_multi_table v1 (kytos-api.md §7) against the real controller and fake switches with flow
 * tables: the pipeline documents and their checks, and the lifecycle with its flow moves and
 * table-miss flows.
 */
import { pollUntil } from '../../support/poll';
import { DPID1, FM, LLDP_PREFIX, MT, MULTI_TABLE_PREFIX, flowHarness, hasOwned, type FlowHarness, type SwitchUnderTest } from './flow-harness';

let h: FlowHarness;
let s1: SwitchUnderTest;
afterEach(async () => {
  await h.stop();
});

const error = (code: number, description: unknown) => ({ description, code });
const GOTO = (table: number) => [{ instruction_type: 'goto_table', table_id: table }];

/** Table 0: LLDP and a miss that goes on to table 1; table 1: the circuits. */
const TWO_TABLES = [
  { table_id: 0, description: 'classifier', napps_table_groups: { of_lldp: ['base'] }, table_miss_flow: { priority: 0, instructions: GOTO(1) } },
  { table_id: 1, description: 'circuits', napps_table_groups: { mef_eline: ['evpl', 'epl'] } },
];
/** Table 0 misses to table 2; EVPL in 2, EPL in 3. */
const THREE_TABLES = [
  { table_id: 0, napps_table_groups: { of_lldp: ['base'] }, table_miss_flow: { priority: 0, instructions: GOTO(2) } },
  { table_id: 2, napps_table_groups: { mef_eline: ['evpl'] } },
  { table_id: 3, napps_table_groups: { mef_eline: ['epl'] } },
];

/**
 * Every flow of a switch as `table/priority/cookie`, by table then priority. The LLDP flow's cookie
 * is 0xab and the dpid's low 48 bits: 0xab00000000000001 on switch 1.
 */
function layout(s: SwitchUnderTest): string[] {
  return s.table.flows().map((f) => `${f.table}/${f.priority}/0x${f.cookie.toString(16)}`);
}

async function create(multiTable: unknown): Promise<string> {
  const res = await h.http().post(`${MT}/pipeline`).send({ multi_table: multiTable }).expect(201);
  expect(Object.keys(res.body)).toEqual(['id']);
  expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
  return res.body.id as string;
}

async function statusOf(id: string): Promise<string> {
  return (await h.http().get(`${MT}/pipeline/${id}`).expect(200)).body.status as string;
}

async function waitStatus(id: string, status: string): Promise<void> {
  await pollUntil(async () => (await statusOf(id)) === status, { what: `pipeline ${id} ${status}` });
}

describe('pipeline documents', () => {
  beforeEach(async () => {
    h = await flowHarness();
  });

  it('stores a pipeline disabled and shows it as of_multi_table does', async () => {
    const id = await create(TWO_TABLES);
    const one = await h.http().get(`${MT}/pipeline/${id}`).expect(200);
    expect(Object.keys(one.body)).toEqual(['id', 'multi_table', 'status', 'inserted_at', 'updated_at']);
    expect(one.body).toMatchObject({ id, multi_table: TWO_TABLES, status: 'disabled' });
    expect(one.body.inserted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const list = await h.http().get(`${MT}/pipeline`).expect(200);
    expect(list.body).toEqual({ pipelines: [one.body] });
    expect((await h.http().get(`${MT}/pipeline?status=disabled`).expect(200)).body.pipelines).toHaveLength(1);
    expect((await h.http().get(`${MT}/pipeline?status=enabled`).expect(200)).body).toEqual({ pipelines: [] });
  });

  it('answers 400 for a pipeline that breaks a rule, naming it', async () => {
    const bad = async (body: object): Promise<unknown> => (await h.http().post(`${MT}/pipeline`).send(body).expect(400)).body;
    expect(await bad({})).toEqual(error(400, "The request body contains invalid API data., 'multi_table' is a required property for field multi_table."));
    expect(await bad({ multi_table: [] })).toEqual(error(400, 'multi_table: a pipeline needs at least one table'));
    expect(await bad({ multi_table: [{ table_id: 0 }, { table_id: 0 }] })).toEqual(error(400, 'multi_table: Value error, Table id 0 repeated'));
    expect(await bad({ multi_table: [{ table_id: 0, napps_table_groups: { mef_eline: ['evpl'] } }, { table_id: 1, napps_table_groups: { mef_eline: ['evpl'] } }] })).toEqual(
      error(400, "multi_table: Value error, Repeated mef_eline table groups, {'evpl'} in table id: 1"),
    );
    expect(await bad({ multi_table: [{ table_id: 0 }, { table_id: 1, table_miss_flow: { priority: 0, instructions: GOTO(0) } }] })).toEqual(
      error(400, 'multi_table, 1: Value error, Table 1 has a lower or equal table_id 0 in instructions'),
    );
    expect(await bad({ multi_table: [{ table_id: 0, table_miss_flow: { priority: 0, instructions: GOTO(7) } }] })).toEqual(
      error(400, 'multi_table: table 0: a table-miss goto_table must point to a higher declared table, not 7'),
    );
    expect(await bad({ multi_table: [{ table_id: 0, napps_table_groups: { mef_eline: ['base'] } }] })).toEqual(
      error(400, 'multi_table[0].napps_table_groups.mef_eline[0]: "base" is not one of evpl, epl'),
    );
    expect(await bad({ multi_table: [{ table_id: 255 }] })).toEqual(error(400, 'multi_table[0].table_id: 255 is out of range 0..254'));
    expect(await bad({ multi_table: [{ table_id: 0, table_miss_flow: { priority: 0 } }] })).toEqual(error(400, 'multi_table[0].table_miss_flow.instructions: missing'));
    expect(await bad({ multi_table: [{ table_id: 0, table_miss_flow: { priority: 0, instructions: [{ instruction_type: 'jump' }] } }] })).toMatchObject({
      description: expect.stringMatching(/^multi_table\[0\]\.table_miss_flow\.instructions\[0\]\.instruction_type: unknown instruction "jump"/),
    });
    await h.http().post(`${MT}/pipeline`).set('Content-Type', 'text/plain').send('{}').expect(415);
    expect((await h.http().get(`${MT}/pipeline`).expect(200)).body).toEqual({ pipelines: [] });
  });

  it('answers 404 for an unknown pipeline and 409 when deleting one that is not disabled', async () => {
    const nope = 'ffffffffffffffffffffffffffffffff';
    expect((await h.http().get(`${MT}/pipeline/${nope}`).expect(404)).body).toEqual(error(404, `pipeline_id ${nope} not found`));
    expect((await h.http().delete(`${MT}/pipeline/${nope}`).expect(404)).body).toEqual(error(404, `pipeline_id ${nope} not found`));
    expect((await h.http().post(`${MT}/pipeline/${nope}/enable`).expect(404)).body).toEqual(error(404, `Pipeline ${nope} not found`));
    expect((await h.http().post(`${MT}/pipeline/${nope}/disable`).expect(404)).body).toEqual(error(404, `Pipeline ${nope} not found`));

    const id = await create(TWO_TABLES);
    await h.http().post(`${MT}/pipeline/${id}/enable`).expect(200);
    await waitStatus(id, 'enabled');
    expect((await h.http().delete(`${MT}/pipeline/${id}`).expect(409)).body).toEqual(error(409, 'Only disabled pipelines are allowed to be delete'));
    await h.http().post(`${MT}/pipeline/${id}/disable`).expect(200);
    await waitStatus(id, 'disabled');
    expect((await h.http().delete(`${MT}/pipeline/${id}`).expect(200)).body).toBe(`Pipeline ${id} deleted successfully`);
    await h.http().get(`${MT}/pipeline/${id}`).expect(404);
  });
});

describe('pipeline lifecycle', () => {
  const EVPL = 0xaa00000000000001n;
  const EPL = 0xaa00000000000002n;
  beforeEach(async () => {
    h = await flowHarness();
    s1 = await h.connect(1);
    // Two circuit flows (evpl and epl) and one of no owner, all in table 0; cookies written exactly.
    const body = `{"flows": [
      {"priority": 20000, "cookie": ${EVPL}, "owner": "mef_eline", "table_group": "evpl", "match": {"in_port": 1, "dl_vlan": 100}, "actions": [{"action_type": "output", "port": 2}]},
      {"priority": 10000, "cookie": ${EPL}, "owner": "mef_eline", "table_group": "epl", "match": {"in_port": 2}, "actions": [{"action_type": "output", "port": 1}]},
      {"priority": 5, "cookie": 7, "match": {"in_port": 3}, "actions": []}]}`;
    await h.http().post(`${FM}/flows/${DPID1}`).set('Content-Type', 'application/json').send(body).expect(202);
    await pollUntil(() => s1.table.flows().length === 4, { what: 'four flows on the switch' });
  });

  it('moves each owner\'s groups to their tables, adds the table-miss flows, and goes back on disable', async () => {
    expect(layout(s1)).toEqual(['0/50000/0xab00000000000001', '0/20000/0xaa00000000000001', '0/10000/0xaa00000000000002', '0/5/0x7']);
    const id = await create(TWO_TABLES);
    const res = await h.http().post(`${MT}/pipeline/${id}/enable`).expect(200);
    expect(res.body).toBe(`Pipeline ${id} enabling`);
    await waitStatus(id, 'enabled');
    expect(layout(s1)).toEqual(['0/50000/0xab00000000000001', '0/5/0x7', '0/0/0xad00000000000001', '1/20000/0xaa00000000000001', '1/10000/0xaa00000000000002']);
    const miss = s1.table.flows().find((f) => f.cookie >> 56n === MULTI_TABLE_PREFIX);
    expect(miss).toMatchObject({ table: 0, priority: 0, match: [], instructions: [{ type: 'goto_table', tableId: 1 }] });

    // The stored flows say the same, with their owner and group kept.
    const stored = await h.http().get(`${FM}/stored_flows?cookie_range=${EVPL}&cookie_range=${EPL}`).expect(200);
    const flows = (stored.body[DPID1] as { flow: { table_id: number; owner: string; table_group: string } }[]).map((d) => d.flow);
    expect(flows.map((f) => [f.table_id, f.owner, f.table_group])).toEqual([
      [1, 'mef_eline', 'evpl'],
      [1, 'mef_eline', 'epl'],
    ]);
    // New flows are placed by the active pipeline.
    expect(h.tc.controller.multiTable.activePipeline().tables.map((t) => t.tableId)).toEqual([0, 1]);

    // A switch that connects now gets the table-miss flow too.
    const s2 = await h.connect(2);
    await pollUntil(() => hasOwned(s2.table, MULTI_TABLE_PREFIX), { what: 'the table-miss flow on switch 2' });
    expect(layout(s2)).toContain('0/0/0xad00000000000002');

    const off = await h.http().post(`${MT}/pipeline/${id}/disable`).expect(200);
    expect(off.body).toBe(`Pipeline ${id} disabling`);
    await waitStatus(id, 'disabled');
    expect(layout(s1)).toEqual(['0/50000/0xab00000000000001', '0/20000/0xaa00000000000001', '0/10000/0xaa00000000000002', '0/5/0x7']);
    await pollUntil(() => !hasOwned(s2.table, MULTI_TABLE_PREFIX), { what: 'no table-miss flow on switch 2' });
    expect(h.tc.controller.multiTable.activePipeline().tables.map((t) => t.tableId)).toEqual([0]);
  });

  it('enables one pipeline at a time: enabling another disables the first and moves the flows on', async () => {
    const first = await create(TWO_TABLES);
    const second = await create(THREE_TABLES);
    await h.http().post(`${MT}/pipeline/${first}/enable`).expect(200);
    await waitStatus(first, 'enabled');
    await h.http().post(`${MT}/pipeline/${second}/enable`).expect(200);
    await waitStatus(second, 'enabled');
    expect(await statusOf(first)).toBe('disabled');
    expect(layout(s1)).toEqual(['0/50000/0xab00000000000001', '0/5/0x7', '0/0/0xad00000000000001', '2/20000/0xaa00000000000001', '3/10000/0xaa00000000000002']);
    expect(s1.table.flows().find((f) => f.cookie >> 56n === MULTI_TABLE_PREFIX)?.instructions).toEqual([{ type: 'goto_table', tableId: 2 }]);
    // Disabling the one that is not active only confirms it.
    expect((await h.http().post(`${MT}/pipeline/${first}/disable`).expect(200)).body).toBe(`Pipeline ${first} disabled`);
    expect(await statusOf(second)).toBe('enabled');
    const enabled = await h.http().get(`${MT}/pipeline?status=enabled`).expect(200);
    expect((enabled.body.pipelines as { id: string }[]).map((p) => p.id)).toEqual([second]);
  });
});

describe('a pipeline a switch refuses', () => {
  it('ends in enabling_error', async () => {
    h = await flowHarness();
    s1 = await h.connect(1, { nTables: 2 });
    // Table 5 does not exist on a two-table switch: OFPET_FLOW_MOD_FAILED / OFPFMFC_BAD_TABLE_ID for its table-miss flow.
    const id = await create([{ table_id: 0 }, { table_id: 5, table_miss_flow: { priority: 0, instructions: [] } }]);
    await h.http().post(`${MT}/pipeline/${id}/enable`).expect(200);
    await waitStatus(id, 'enabling_error');
    // Still the active pipeline (of_multi_table: "enabl" in the status).
    expect(h.tc.controller.multiTable.activePipeline().tables.map((t) => t.tableId)).toEqual([0, 5]);
    expect(hasOwned(s1.table, LLDP_PREFIX)).toBe(true);
  });
});
