/**
 * Migration 0004: the pipelines table (PipelineRepo) and the table_group column of desired flows
 * (FlowRepo), over SQLite with the real migrations.
 */
import type { Database } from 'better-sqlite3';
import { FlowRepo, MIGRATIONS_DIR, PipelineRepo, openDatabase, type CorruptRow } from '../../../src/store';
import { readMultiTable, type MultiTableEntry, type PipelineRecord } from '../../../src/flows/multi-table-doc';
import type { FlowSpec } from '../../../src/flows/flowspec';

let db: Database;
let corrupt: CorruptRow[];
let repo: PipelineRepo;
beforeEach(() => {
  db = openDatabase(':memory:', { migrationsDir: MIGRATIONS_DIR });
  corrupt = [];
  repo = new PipelineRepo(db, { onCorruptRow: (r) => corrupt.push(r) });
});
afterEach(() => db.close());

const T0 = '2026-01-02T03:04:05.000Z';
const T1 = '2026-01-02T03:04:06.000Z';

function entries(json: unknown): MultiTableEntry[] {
  const r = readMultiTable(json);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

// A table-miss flow writing 64-bit metadata: the value must survive the round trip exactly.
const WITH_METADATA = entries([
  {
    table_id: 0,
    napps_table_groups: { of_lldp: ['base'] },
    table_miss_flow: {
      priority: 0,
      instructions: [
        { instruction_type: 'write_metadata', metadata: 0xaa00000000000001n, metadata_mask: 0xffffffffffffffffn },
        { instruction_type: 'goto_table', table_id: 1 },
      ],
    },
  },
  { table_id: 1, description: 'circuits', napps_table_groups: { mef_eline: ['evpl', 'epl'] } },
]);
const p = (id: string, status: PipelineRecord['status'] = 'disabled', multiTable = WITH_METADATA): PipelineRecord => ({
  id,
  status,
  multiTable,
  insertedAt: T0,
  updatedAt: T0,
});

describe('PipelineRepo', () => {
  it('stores and reads a pipeline back exactly, 64-bit integers included', () => {
    repo.insert(p('a'));
    expect(repo.get('a')).toEqual(p('a'));
    const text = db.prepare<[], { multi_table: string }>("SELECT multi_table FROM pipelines WHERE id = 'a'").get()?.multi_table;
    expect(text).toContain('"metadata": 12249790986447749121');
    expect(repo.get('b')).toBeUndefined();
  });

  it('lists by insertion time, filters by status, and finds the active one', () => {
    repo.insert({ ...p('b'), insertedAt: T1, updatedAt: T1 });
    repo.insert(p('a'));
    expect(repo.list().map((x) => x.id)).toEqual(['a', 'b']);
    expect(repo.active()).toBeUndefined();
    expect(repo.setStatus('b', 'enabling', T1)).toBe(true);
    expect(repo.setStatus('zzz', 'enabled', T1)).toBe(false);
    expect(repo.list('enabling').map((x) => x.id)).toEqual(['b']);
    expect(repo.active()).toEqual({ ...p('b', 'enabling'), insertedAt: T1, updatedAt: T1 });
  });

  it('refuses a second pipeline that is not disabled', () => {
    repo.insert(p('a', 'enabled'));
    repo.insert(p('b'));
    expect(() => repo.setStatus('b', 'enabling', T1)).toThrow(/UNIQUE constraint failed: index 'pipelines_one_active'/);
    expect(() => repo.insert(p('c', 'disabling'))).toThrow(/UNIQUE/);
    repo.transaction(() => {
      repo.setStatus('a', 'disabled', T1);
      repo.setStatus('b', 'enabled', T1);
    });
    expect(repo.active()?.id).toBe('b');
  });

  it('deletes, and reports rows it cannot read instead of failing', () => {
    repo.insert(p('a'));
    expect(repo.delete('a')).toBe(true);
    expect(repo.delete('a')).toBe(false);
    db.prepare(`INSERT INTO pipelines VALUES ('bad', 'enabled', '[{"table_id": 999}]', '${T0}', '${T0}')`).run();
    expect(repo.list()).toEqual([]);
    expect(repo.active()).toBeUndefined();
    expect(corrupt).toEqual([
      { table: 'pipelines', key: 'bad', reason: 'multi_table: multi_table[0].table_id: 999 is out of range 0..254' },
      { table: 'pipelines', key: 'bad', reason: 'multi_table: multi_table[0].table_id: 999 is out of range 0..254' },
    ]);
  });
});

describe('desired_flows.table_group', () => {
  const spec: FlowSpec = {
    dpid: '00:00:00:00:00:00:00:01',
    table: 0,
    priority: 20000,
    match: [{ field: 'in_port', value: 1 }],
    instructions: [],
    cookie: 0xaa00000000000001n,
    idleTimeout: 0,
    hardTimeout: 0,
    flags: 0,
  };

  it('keeps a flow\'s group, with base (the default) read back as absent', () => {
    const flows = new FlowRepo(db, { onCorruptRow: (r) => corrupt.push(r), now: () => Date.parse(T1) });
    flows.upsert([
      { key: 'k1', spec, owner: 'mef_eline', tableGroup: 'evpl', state: 'pending', insertedAt: T0, updatedAt: T0 },
      { key: 'k2', spec: { ...spec, priority: 10 }, owner: 'no_owner', state: 'pending', insertedAt: T0, updatedAt: T0 },
    ]);
    expect(flows.list().map((r) => [r.key, r.tableGroup])).toEqual([
      ['k1', 'evpl'],
      ['k2', undefined],
    ]);
    const columns = db.prepare<[], { key: string; table_group: string }>('SELECT key, table_group FROM desired_flows ORDER BY key').all();
    expect(columns).toEqual([
      { key: 'k1', table_group: 'evpl' },
      { key: 'k2', table_group: 'base' },
    ]);
    // An upsert replaces the group with the new one.
    flows.upsert([{ key: 'k1', spec, owner: 'mef_eline', tableGroup: 'epl', state: 'pending', insertedAt: T1, updatedAt: T1 }]);
    expect(flows.forSwitch(spec.dpid).map((r) => r.tableGroup)).toEqual(['epl', undefined]);
    expect(() => flows.upsert([{ key: 'k3', spec, owner: 'x', tableGroup: '', state: 'pending', insertedAt: T0, updatedAt: T0 }])).toThrow(/tableGroup: empty/);
  });
});
