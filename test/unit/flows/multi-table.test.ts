/**
 * of_multi_table (kytos-api.md §7): the pipeline document reader and what a pipeline implies
 * (declaration, table-miss flows, flow moves), written out by hand; and the service's lifecycle
 * over an in-memory store and a recording FlowService fake, which shows the order of its steps.
 */
import type { Dpid } from '../../../src/ofp';
import { DomainError } from '../../../src/core/domain-error';
import type { FlowSpec } from '../../../src/flows/flowspec';
import type { InstallResult } from '../../../src/flows/installer';
import { MultiTableService } from '../../../src/flows/multi-table';
import {
  missCookie,
  missFlows,
  pipelineDecl,
  planMoves,
  readMultiTable,
  type MultiTableEntry,
  type PipelineRecord,
  type PipelineStatus,
  type PipelineStore,
} from '../../../src/flows/multi-table-doc';
import type { DesiredFlowRow } from '../../../src/flows/types';

const D1 = '00:00:00:00:00:00:00:01';
const D2 = '00:00:00:00:00:00:01:02';
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

const spec = (dpid: Dpid, table: number, priority: number, cookie: bigint): FlowSpec => ({
  dpid,
  table,
  priority,
  match: [{ field: 'in_port', value: priority }],
  instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: 2, maxLen: 0 }] }],
  cookie,
  idleTimeout: 0,
  hardTimeout: 0,
  flags: 0,
});
const row = (s: FlowSpec, owner: string, tableGroup?: string): DesiredFlowRow => ({
  key: `${s.dpid}/${s.table}/${s.priority}`,
  spec: s,
  owner,
  ...(tableGroup === undefined ? {} : { tableGroup }),
  state: 'installed',
  insertedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const GOTO_1 = [{ instruction_type: 'goto_table', table_id: 1 }];
const TWO_TABLES = [
  { table_id: 1, napps_table_groups: { mef_eline: ['evpl', 'epl'] } },
  { table_id: 0, description: 'classifier', napps_table_groups: { of_lldp: ['base'] }, table_miss_flow: { priority: 0, instructions: GOTO_1 } },
];

describe('readMultiTable', () => {
  it('accepts a Kytos pipeline and keeps its values (64-bit integers as bigint)', () => {
    const meta = [{ instruction_type: 'write_metadata', metadata: 0xaa00000000000001n, metadata_mask: 0xffffffffffffffffn }, ...GOTO_1];
    const r = readMultiTable([{ table_id: 0, table_miss_flow: { priority: 10, instructions: meta, match: { dl_vlan: 100 } }, napps_table_groups: { coloring: ['base'], other: ['x'] } }, { table_id: 1 }]);
    expect(r).toEqual({
      ok: true,
      value: [
        { table_id: 0, table_miss_flow: { priority: 10, instructions: meta, match: { dl_vlan: 100 } }, napps_table_groups: { coloring: ['base'], other: ['x'] } },
        { table_id: 1 },
      ],
    });
  });

  it.each<[unknown, string]>([
    [{}, 'multi_table: {} is not a list'],
    [[], 'multi_table: a pipeline needs at least one table'],
    [[1], 'multi_table[0]: 1 is not an object'],
    [[{}], 'multi_table[0].table_id: missing'],
    [[{ table_id: -1 }], 'multi_table[0].table_id: -1 is out of range 0..254'],
    [[{ table_id: 1.5 }], 'multi_table[0].table_id: 1.5 is not an integer'],
    [[{ table_id: 0, extra: 1 }], 'multi_table[0]: unknown key "extra" (allowed: table_id, description, table_miss_flow, napps_table_groups)'],
    [[{ table_id: 0, description: 3 }], 'multi_table[0].description: 3 is not a string'],
    [[{ table_id: 0, napps_table_groups: [] }], 'multi_table[0].napps_table_groups: [] is not an object'],
    [[{ table_id: 0, napps_table_groups: { of_lldp: 'base' } }], 'multi_table[0].napps_table_groups.of_lldp: "base" is not a list'],
    [[{ table_id: 0, napps_table_groups: { of_lldp: ['evpl'] } }], 'multi_table[0].napps_table_groups.of_lldp[0]: "evpl" is not one of base'],
    [[{ table_id: 0, napps_table_groups: { other: [''] } }], 'multi_table[0].napps_table_groups.other[0]: "" is not a group name'],
    [[{ table_id: 0, table_miss_flow: { instructions: [] } }], 'multi_table[0].table_miss_flow.priority: missing'],
    [[{ table_id: 0, table_miss_flow: { priority: 0, instructions: [], cookie: 1 } }], 'multi_table[0].table_miss_flow: unknown key "cookie" (allowed: priority, instructions, match)'],
    [[{ table_id: 0, table_miss_flow: { priority: 70000, instructions: [] } }], 'multi_table[0].table_miss_flow.priority: 70000 is out of range 0..65535'],
    [[{ table_id: 0, table_miss_flow: { priority: 0, instructions: [], match: { dl_vlan: 5000 } } }], 'multi_table[0].table_miss_flow.match.dl_vlan: 5000 is out of range 0..4096'],
    [[{ table_id: 3 }, { table_id: 3 }], 'multi_table: Value error, Table id 3 repeated'],
    [
      [{ table_id: 0, napps_table_groups: { mef_eline: ['evpl', 'epl'] } }, { table_id: 1, napps_table_groups: { mef_eline: ['epl'] } }],
      "multi_table: Value error, Repeated mef_eline table groups, {'epl'} in table id: 1",
    ],
    [[{ table_id: 2, table_miss_flow: { priority: 0, instructions: GOTO_1 } }, { table_id: 1 }], 'multi_table, 0: Value error, Table 2 has a lower or equal table_id 1 in instructions'],
    [[{ table_id: 0, table_miss_flow: { priority: 0, instructions: GOTO_1 } }], 'multi_table: table 0: a table-miss goto_table must point to a higher declared table, not 1'],
  ])('refuses %j: %s', (json, message) => {
    expect(readMultiTable(json)).toEqual({ ok: false, error: message });
  });
});

describe('what a pipeline implies', () => {
  const entries = (json: unknown): MultiTableEntry[] => {
    const r = readMultiTable(json);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  it('declares its tables in table order, with their table-miss behaviour', () => {
    const toController = [{ instruction_type: 'apply_actions', actions: [{ action_type: 'output', port: 4294967293 }] }];
    const decl = pipelineDecl(entries([...TWO_TABLES, { table_id: 2, table_miss_flow: { priority: 0, instructions: toController } }, { table_id: 3, table_miss_flow: { priority: 0, instructions: [] } }]));
    expect(decl).toEqual({
      tables: [
        { tableId: 0, description: 'classifier', groups: { of_lldp: ['base'] }, miss: { kind: 'goto', tableId: 1 } },
        { tableId: 1, groups: { mef_eline: ['evpl', 'epl'] } },
        { tableId: 2, groups: {}, miss: { kind: 'controller' } },
        { tableId: 3, groups: {}, miss: { kind: 'drop' } },
      ],
    });
  });

  it('puts one table-miss flow per table that has one, with cookie 0xAD<<56 | dpid', () => {
    expect(missCookie(D2)).toBe(0xad00000000000102n);
    expect(missFlows(entries(TWO_TABLES), D2)).toEqual([
      {
        dpid: D2,
        table: 0,
        priority: 0,
        match: [],
        instructions: [{ type: 'goto_table', tableId: 1 }],
        cookie: 0xad00000000000102n,
        idleTimeout: 0,
        hardTimeout: 0,
        flags: 0,
      },
    ]);
    expect(missFlows(undefined, D2)).toEqual([]);
  });

  it('moves the flows whose owner and group it declares in another table, and only those', () => {
    const evpl = spec(D1, 0, 20000, 0xaa00000000000001n);
    const epl = spec(D1, 0, 10000, 0xaa00000000000002n);
    const lldp = spec(D1, 0, 50000, 0xab00000000000001n);
    const user = spec(D1, 0, 5, 7n);
    const miss = spec(D1, 0, 0, 0xad00000000000001n);
    const rows = [row(evpl, 'mef_eline', 'evpl'), row(epl, 'mef_eline', 'epl'), row(lldp, 'of_lldp'), row(user, 'no_owner'), row(miss, 'of_multi_table')];
    expect(planMoves(rows, pipelineDecl(entries(TWO_TABLES)))).toEqual([
      { owner: 'mef_eline', tableGroup: 'evpl', from: evpl, to: { ...evpl, table: 1 } },
      { owner: 'mef_eline', tableGroup: 'epl', from: epl, to: { ...epl, table: 1 } },
    ]);
    // Back to the default pipeline (everything declared in table 0).
    const moved = [row({ ...evpl, table: 1 }, 'mef_eline', 'evpl'), row(lldp, 'of_lldp')];
    expect(planMoves(moved)).toEqual([{ owner: 'mef_eline', tableGroup: 'evpl', from: { ...evpl, table: 1 }, to: evpl }]);
  });
});

// ------------------------------------------------------------------------------------------
// The service

class MemoryStore implements PipelineStore {
  readonly rows = new Map<string, PipelineRecord>();
  insert(p: PipelineRecord): void {
    this.rows.set(p.id, p);
  }
  get(id: string): PipelineRecord | undefined {
    return this.rows.get(id);
  }
  list(status?: PipelineStatus): PipelineRecord[] {
    return [...this.rows.values()].filter((p) => status === undefined || p.status === status);
  }
  delete(id: string): boolean {
    return this.rows.delete(id);
  }
  setStatus(id: string, status: PipelineStatus, at: string): boolean {
    const p = this.rows.get(id);
    if (p === undefined) return false;
    if (status !== 'disabled' && [...this.rows.values()].some((o) => o.id !== id && o.status !== 'disabled')) throw new Error('two active pipelines');
    this.rows.set(id, { ...p, status, updatedAt: at });
    return true;
  }
  active(): PipelineRecord | undefined {
    return [...this.rows.values()].find((p) => p.status !== 'disabled');
  }
  transaction<T>(fn: () => T): T {
    return fn();
  }
}

/** A FlowService that records its calls as text and answers every switch with `result`. */
class RecordingFlows {
  readonly calls: string[] = [];
  result: InstallResult = { ok: true, sent: 1 };
  constructor(public desired: DesiredFlowRow[]) {}
  private answer(specs: readonly FlowSpec[]): Map<Dpid, InstallResult> {
    return new Map([...new Set(specs.map((s) => s.dpid))].map((d) => [d, this.result]));
  }
  private text(specs: readonly FlowSpec[]): string {
    return specs.map((s) => `${s.dpid.slice(-2)}:${s.table}/${s.priority}`).join(' ');
  }
  rows(): DesiredFlowRow[] {
    return this.desired;
  }
  async install(owner: string, flows: readonly FlowSpec[], opts: { tableGroup?: string } = {}): Promise<Map<Dpid, InstallResult>> {
    this.calls.push(`install ${owner}/${opts.tableGroup ?? 'base'} ${this.text(flows)}`);
    return this.answer(flows);
  }
  async ensure(owner: string, flows: readonly FlowSpec[]): Promise<Map<Dpid, InstallResult>> {
    this.calls.push(`ensure ${owner} ${this.text(flows)}`);
    return this.answer(flows);
  }
  async remove(flows: readonly FlowSpec[]): Promise<Map<Dpid, InstallResult>> {
    this.calls.push(`remove ${this.text(flows)}`);
    return this.answer(flows);
  }
  async replaceOwnerFlows(owner: string, dpid: Dpid, flows: readonly FlowSpec[]): Promise<InstallResult[]> {
    this.calls.push(`replace ${owner} ${dpid.slice(-2)} [${this.text(flows)}]`);
    return [this.result];
  }
}

describe('MultiTableService', () => {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const clock = { now: () => T0, setTimeout: () => 0, clearTimeout: () => undefined };
  const evpl = spec(D1, 0, 20000, 0xaa00000000000001n);
  let store: MemoryStore;
  let flows: RecordingFlows;
  let ids: number;
  const service = (enabled: Dpid[] = [D1]) =>
    new MultiTableService({ store, flows, enabledSwitches: () => enabled, clock, newId: () => `p${++ids}`, log: quiet });

  beforeEach(() => {
    store = new MemoryStore();
    flows = new RecordingFlows([row(evpl, 'mef_eline', 'evpl'), row(spec(D1, 0, 50000, 0xab00000000000001n), 'of_lldp')]);
    ids = 0;
  });

  it('stores pipelines disabled, and refuses bad ones with a 400', () => {
    const s = service();
    expect(s.create(TWO_TABLES)).toBe('p1');
    expect(store.get('p1')).toMatchObject({ status: 'disabled', insertedAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-01-02T03:04:05.000Z' });
    expect(() => s.create([])).toThrow(new DomainError('BAD_REQUEST', 'multi_table: a pipeline needs at least one table'));
    expect(s.list().map((p) => p.id)).toEqual(['p1']);
    expect(s.list('DISABLED').map((p) => p.id)).toEqual(['p1']);
    expect(s.list('nonsense')).toEqual([]);
  });

  it('enables make-before-break: new tables, then table-miss flows, then the old copies go', async () => {
    const s = service();
    s.create(TWO_TABLES);
    const { done } = s.enable('p1');
    expect(store.get('p1')?.status).toBe('enabling');
    expect(s.activePipeline().tables.map((t) => t.tableId)).toEqual([0, 1]);
    expect(await done).toBe('enabled');
    expect(flows.calls).toEqual(['install mef_eline/evpl 01:1/20000', 'replace of_multi_table 01 [01:0/0]', 'remove 01:0/20000']);
    expect(store.get('p1')?.status).toBe('enabled');
  });

  it('disables back to the default pipeline and takes table-miss flows off every switch holding one', async () => {
    const s = service([D1]);
    s.create(TWO_TABLES);
    await s.enable('p1').done;
    flows.calls.length = 0;
    flows.desired = [row({ ...evpl, table: 1 }, 'mef_eline', 'evpl'), row(spec(D2, 0, 0, 0xad00000000000102n), 'of_multi_table')];
    const outcome = s.disable('p1');
    if (outcome.kind !== 'disabling') throw new Error('expected a transition');
    expect(await outcome.done).toBe('disabled');
    expect(flows.calls).toEqual(['install mef_eline/evpl 01:0/20000', 'replace of_multi_table 01 []', 'replace of_multi_table 02 []', 'remove 01:1/20000']);
    expect(s.activePipeline().tables.map((t) => t.tableId)).toEqual([0]);
    expect(s.disable('p1')).toEqual({ kind: 'disabled' });
  });

  it('ends in enabling_error when a switch refuses a flow, but not for a switch that is not connected', async () => {
    const s = service();
    s.create(TWO_TABLES);
    flows.result = { ok: false, reason: 'not_connected' };
    expect(await s.enable('p1').done).toBe('enabled');
    flows.result = { ok: false, reason: 'rejected', sent: 1, errors: [] };
    expect(await s.enable('p1').done).toBe('enabling_error');
    expect(s.activePipeline().tables.map((t) => t.tableId)).toEqual([0, 1]);
  });

  it('keeps one pipeline active, answers 404 and 409 with of_multi_table\'s texts', async () => {
    const s = service();
    s.create(TWO_TABLES);
    s.create([{ table_id: 0 }]);
    await s.enable('p1').done;
    await s.enable('p2').done;
    expect([store.get('p1')?.status, store.get('p2')?.status]).toEqual(['disabled', 'enabled']);
    expect(() => s.delete('p2')).toThrow(new DomainError('CONFLICT', 'Only disabled pipelines are allowed to be delete'));
    expect(() => s.get('p9')).toThrow(new DomainError('NOT_FOUND', 'pipeline_id p9 not found'));
    expect(() => s.enable('p9')).toThrow(new DomainError('NOT_FOUND', 'Pipeline p9 not found'));
    expect(() => s.disable('p9')).toThrow(new DomainError('NOT_FOUND', 'Pipeline p9 not found'));
    s.delete('p1');
    expect(store.get('p1')).toBeUndefined();
  });

  it('finishes a transition interrupted by a restart, and serves table-miss flows to switches that come up', async () => {
    const entries = readMultiTable(TWO_TABLES);
    if (!entries.ok) throw new Error(entries.error);
    store.insert({ id: 'old', status: 'enabling', multiTable: entries.value, insertedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    const s = service();
    expect(s.activePipeline().tables.map((t) => t.tableId)).toEqual([0, 1]);
    expect(await s.resume()).toBe('enabled');
    flows.calls.length = 0;
    await s.switchReady(D2);
    expect(flows.calls).toEqual(['ensure of_multi_table 02:0/0']);
  });
});
