import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { FlowRepo, MIGRATIONS_DIR, openDatabase, schemaVersion, TopologyRepo, type CorruptRow } from '../../../src/store';
import type { FlowSpec } from '../../../src/flows/flowspec';
import type { DesiredFlowRow, FlowState } from '../../../src/flows/types';
import { NEWEST_SCHEMA } from '../../support/schema';

let dir: string;
const open: Database[] = [];
let corrupt: CorruptRow[];
/** The injected clock markState stamps with (ms since the epoch). */
let nowMs: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-flows-'));
  corrupt = [];
  nowMs = Date.parse('2024-05-01T13:00:00.000Z');
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openRepo(file = ':memory:', migrationsDir = MIGRATIONS_DIR): { db: Database; repo: FlowRepo } {
  const db = openDatabase(file, { migrationsDir });
  open.push(db);
  return { db, repo: new FlowRepo(db, { onCorruptRow: (r) => corrupt.push(r), now: () => nowMs }) };
}

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const T0 = '2024-05-01T12:00:00.000Z';
const T1 = '2024-05-01T12:30:00.000Z';

/** A flow forwarding in_port → out port on one switch. */
function spec(dpid: string, priority: number, cookie: bigint, inPort: number, table = 0): FlowSpec {
  return {
    dpid,
    table,
    priority,
    match: [
      { field: 'in_port', value: inPort },
      { field: 'vlan_vid', value: 0x1000 | 100 },
    ],
    instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: inPort + 1, maxLen: 0 }] }],
    cookie,
    idleTimeout: 0,
    hardTimeout: 0,
    flags: 0,
  };
}

/** Keys written by hand in flowKey's shape; the store treats them as opaque. */
function row(key: string, s: FlowSpec, owner: string, state: FlowState = 'pending'): DesiredFlowRow {
  return { key, spec: s, owner, state, insertedAt: T0, updatedAt: T0 };
}

// Two switches, three owners; cookies chosen around the owner prefixes 0xaa, 0xab, 0xad.
const A1 = row(`${S1}/0/20000/in_port=1,vlan_vid=0x1064`, spec(S1, 20000, 0xaa00000000000001n, 1), 'mef_eline');
const A2 = row(`${S1}/0/20000/in_port=3,vlan_vid=0x1064`, spec(S1, 20000, 0xaa00000000000002n, 3), 'mef_eline', 'installed');
const L1 = row(`${S1}/0/50000/in_port=5,vlan_vid=0x1064`, spec(S1, 50000, 0xab00000000000001n, 5), 'of_lldp', 'installed');
const M1 = row(`${S1}/0/0/in_port=7,vlan_vid=0x1064`, spec(S1, 0, 0xad00000000000001n, 7), 'of_multi_table');
const B1 = row(`${S2}/1/20000/in_port=1,vlan_vid=0x1064`, spec(S2, 20000, 0xaa00000000000001n, 1, 1), 'mef_eline');
const N1 = { ...row(`${S2}/0/100/in_port=2,vlan_vid=0x1064`, spec(S2, 100, 0xffffffffffffffffn, 2), 'no_owner', 'failed'), error: 'OFPET_BAD_MATCH/OFPBMC_BAD_FIELD' };
const ALL = [A1, A2, L1, M1, B1, N1];
// list() order: dpid, then priority (highest first), then key.
const SORTED = [L1, A1, A2, M1, B1, N1];

describe('FlowRepo', () => {
  it('adds desired_flows at schema version 3, STRICT, with its dpid and owner indexes (and, from 0006, cookie)', () => {
    const { db } = openRepo();
    expect(schemaVersion(db)).toBe(NEWEST_SCHEMA);
    const tables = db.pragma('table_list') as { schema: string; name: string; strict: number }[];
    expect(tables.find((t) => t.schema === 'main' && t.name === 'desired_flows')?.strict).toBe(1);
    const indexes = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'desired_flows' AND sql IS NOT NULL ORDER BY name").all();
    expect(indexes.map((i) => i.name)).toEqual(['desired_flows_by_cookie', 'desired_flows_by_dpid', 'desired_flows_by_owner']);
  });

  it('forCookie: the rows with exactly that cookie, by dpid then priority, through the cookie index', () => {
    const { db, repo } = openRepo();
    repo.upsert(ALL);
    expect(repo.forCookie(0xaa00000000000001n)).toStrictEqual([A1, B1]);
    expect(repo.forCookie(0xffffffffffffffffn)).toStrictEqual([N1]);
    expect(repo.forCookie(0xaa00000000000003n)).toEqual([]);
    expect(() => repo.forCookie(-1n)).toThrow(RangeError);
    const plan = db.prepare<[], { detail: string }>("EXPLAIN QUERY PLAN SELECT key FROM desired_flows WHERE cookie = '00'").all();
    expect(plan.map((p) => p.detail).join()).toContain('desired_flows_by_cookie');
  });

  it('round-trips rows: list by dpid, priority highest first, then key; forSwitch one switch', () => {
    const { repo } = openRepo();
    expect(repo.list()).toEqual([]);
    repo.upsert(ALL);
    expect(repo.list()).toStrictEqual(SORTED);
    expect(repo.forSwitch(S1)).toStrictEqual([L1, A1, A2, M1]);
    expect(repo.forSwitch(S2)).toStrictEqual([B1, N1]);
    expect(repo.forSwitch('00:00:00:00:00:00:00:03')).toEqual([]);
    expect(corrupt).toEqual([]);
  });

  it('stores the cookie as 16 hex digits and its top byte as cookie_hi', () => {
    const { db, repo } = openRepo();
    repo.upsert([A1, N1, row(`${S1}/0/1/x`, spec(S1, 1, 0x1n, 9), 'no_owner')]);
    expect(db.prepare('SELECT key, cookie, cookie_hi FROM desired_flows ORDER BY cookie').all()).toEqual([
      { key: `${S1}/0/1/x`, cookie: '0000000000000001', cookie_hi: 0 },
      { key: A1.key, cookie: 'aa00000000000001', cookie_hi: 0xaa },
      { key: N1.key, cookie: 'ffffffffffffffff', cookie_hi: 0xff },
    ]);
  });

  it('upsert replaces a row by key but keeps its inserted_at', () => {
    const { repo } = openRepo();
    repo.upsert([N1]);
    const changed: DesiredFlowRow = {
      key: N1.key,
      spec: { ...N1.spec, cookie: 0xaa00000000000009n, hardTimeout: 60 },
      owner: 'mef_eline',
      state: 'pending',
      insertedAt: T1,
      updatedAt: T1,
    };
    repo.upsert([changed]);
    expect(repo.list()).toStrictEqual([{ ...changed, insertedAt: T0 }]);
  });

  it('refuses a batch holding an unstorable row with a RangeError, writing none of it', () => {
    const { repo } = openRepo();
    const cases: [DesiredFlowRow, string][] = [
      [{ ...A2, key: '' }, 'desired flow "": key: empty'],
      [{ ...A2, owner: '' }, `desired flow "${A2.key}": owner: empty`],
      [{ ...A2, state: 'deleted' as FlowState }, `desired flow "${A2.key}": state: not one of pending, installed, failed`],
      [{ ...A2, error: 'x' }, `desired flow "${A2.key}": error: only a failed flow has one`],
      [{ ...A2, insertedAt: '2024-05-01 12:00' }, `desired flow "${A2.key}": insertedAt: not ISO-8601 UTC`],
      [{ ...A2, updatedAt: '' }, `desired flow "${A2.key}": updatedAt: not ISO-8601 UTC`],
      [{ ...A2, spec: { ...A2.spec, dpid: '00:00:00:00:00:00:00:0A' } }, `desired flow "${A2.key}": spec: dpid: not a canonical datapath id (00:00:00:00:00:00:00:01)`],
      [{ ...A2, spec: { ...A2.spec, table: 255 } }, `desired flow "${A2.key}": spec: table: not an integer 0..254`],
      [{ ...A2, spec: { ...A2.spec, cookie: 1n << 64n } }, `desired flow "${A2.key}": spec: cookie: not a uint64`],
      [{ ...A2, spec: { ...A2.spec, hardTimeout: 65536 } }, `desired flow "${A2.key}": spec: hardTimeout: not a uint16`],
      [{ ...A2, spec: { ...A2.spec, match: [{ field: 'in_port', value: null as unknown as number }] } }, `desired flow "${A2.key}": spec: match[0].value: cannot represent null in JSON`],
    ];
    for (const [bad, message] of cases) {
      expect(() => repo.upsert([A1, bad])).toThrow(new RangeError(message));
    }
    expect(repo.list()).toEqual([]);
  });

  it('stores a match value outside its wire range as typed, and reports that row as corrupt when read', () => {
    const { repo } = openRepo();
    const wide = { ...A2, spec: { ...A2.spec, match: [{ field: 'in_port' as const, value: -1 }] } };
    repo.upsert([A1, wide]);
    expect(repo.list()).toStrictEqual([A1]);
    expect(corrupt).toEqual([{ table: 'desired_flows', key: A2.key, reason: 'spec: match[0].value: expected u32, got -1' }]);
  });

  it('remove deletes by key and counts the rows that existed', () => {
    const { repo } = openRepo();
    repo.upsert(ALL);
    expect(repo.remove([A1.key, B1.key, 'no/such/key'])).toBe(2);
    expect(repo.remove([])).toBe(0);
    expect(repo.list()).toStrictEqual([L1, A2, M1, N1]);
  });

  describe('removeWhere', () => {
    it.each<[string, Parameters<FlowRepo['removeWhere']>[0], DesiredFlowRow[]]>([
      ['an owner prefix (cookie 0xaa…, mask 0xff00…)', { cookie: 0xaa00000000000000n, cookieMask: 0xff00000000000000n }, [A1, A2, B1]],
      ['an owner prefix on one switch', { dpid: S1, cookie: 0xaa00000000000000n, cookieMask: 0xff00000000000000n }, [A1, A2]],
      ['one exact cookie (no mask given: all ones)', { cookie: 0xaa00000000000001n }, [A1, B1]],
      ['low bits only (mask 0xff), across owners', { cookie: 0x01n, cookieMask: 0xffn }, [L1, A1, M1, B1]],
      ['a mask without a cookie (compares with 0; bit 58 is clear in 0xaa and 0xab)', { cookieMask: 0x0400000000000000n }, [L1, A1, A2, B1]],
      ['a zero mask (every cookie)', { dpid: S2, cookie: 0x1234n, cookieMask: 0n }, [B1, N1]],
      ['the largest cookie', { cookie: 0xffffffffffffffffn }, [N1]],
      ['an owner', { owner: 'of_lldp' }, [L1]],
      ['a dpid', { dpid: S2 }, [B1, N1]],
      ['an owner and a dpid that share nothing', { owner: 'of_lldp', dpid: S2 }, []],
      ['everything ({})', {}, SORTED],
    ])('by %s returns the removed rows in list order and leaves the rest', (_name, filter, removed) => {
      const { repo } = openRepo();
      repo.upsert(ALL);
      expect(repo.removeWhere(filter)).toStrictEqual(removed);
      expect(repo.list()).toStrictEqual(SORTED.filter((r) => !removed.includes(r)));
    });

    it('refuses cookies and masks outside uint64', () => {
      const { repo } = openRepo();
      repo.upsert(ALL);
      expect(() => repo.removeWhere({ cookie: -1n })).toThrow(new RangeError('removeWhere: cookie -1 is not a uint64'));
      expect(() => repo.removeWhere({ cookie: 0n, cookieMask: 1n << 64n })).toThrow(new RangeError('removeWhere: cookieMask 18446744073709551616 is not a uint64'));
      expect(repo.list()).toHaveLength(ALL.length);
    });
  });

  it('markState sets state and error, stamps updated_at from the clock and keeps inserted_at', () => {
    const { repo } = openRepo();
    repo.upsert(ALL);
    expect(repo.markState([A1.key, M1.key, 'no/such/key'], 'installed')).toBe(2);
    nowMs = Date.parse(T1);
    expect(repo.markState([A2.key], 'failed', 'OFPET_FLOW_MOD_FAILED/OFPFMFC_TABLE_FULL')).toBe(1);
    const at13 = '2024-05-01T13:00:00.000Z';
    expect(repo.forSwitch(S1)).toStrictEqual([
      L1,
      { ...A1, state: 'installed', updatedAt: at13 },
      { ...A2, state: 'failed', error: 'OFPET_FLOW_MOD_FAILED/OFPFMFC_TABLE_FULL', updatedAt: T1 },
      { ...M1, state: 'installed', updatedAt: at13 },
    ]);
    // Leaving failed clears the error.
    expect(repo.markState([A2.key, N1.key], 'pending')).toBe(2);
    expect(repo.list({ states: ['failed'] })).toEqual([]);
    expect(repo.forSwitch(S2)).toStrictEqual([B1, { key: N1.key, spec: N1.spec, owner: N1.owner, state: 'pending', insertedAt: T0, updatedAt: T1 }]);
  });

  it('markState refuses an error on a state that is not failed', () => {
    const { repo } = openRepo();
    repo.upsert([A1]);
    const loose = repo.markState.bind(repo) as (keys: readonly string[], state: FlowState, error?: string) => number;
    expect(() => loose([A1.key], 'installed', 'why')).toThrow(new RangeError('markState: an error goes with state failed, not installed'));
    expect(() => loose([A1.key], 'deleted' as FlowState)).toThrow(new RangeError('markState: unknown state deleted'));
    expect(repo.list()).toStrictEqual([A1]);
  });

  describe('list filters', () => {
    it.each<[string, Parameters<FlowRepo['list']>[0], DesiredFlowRow[]]>([
      ['nothing', {}, SORTED],
      ['one dpid', { dpids: [S2] }, [B1, N1]],
      ['two dpids', { dpids: [S2, S1] }, SORTED],
      ['no dpids (matches nothing)', { dpids: [] }, []],
      ['a state', { states: ['installed'] }, [L1, A2]],
      ['two states', { states: ['pending', 'failed'] }, [A1, M1, B1, N1]],
      ['an owner', { owner: 'mef_eline' }, [A1, A2, B1]],
      ['an owner with no flows', { owner: 'telemetry_int' }, []],
      ['the mef_eline cookie range', { cookieRanges: [[0xaa00000000000000n, 0xaaffffffffffffffn]] }, [A1, A2, B1]],
      ['inclusive range bounds', { cookieRanges: [[0xaa00000000000002n, 0xab00000000000001n]] }, [L1, A2]],
      ['two ranges', { cookieRanges: [[0xab00000000000000n, 0xabffffffffffffffn], [0xff00000000000000n, 0xffffffffffffffffn]] }, [L1, N1]],
      ['a one-cookie range', { cookieRanges: [[0xad00000000000001n, 0xad00000000000001n]] }, [M1]],
      ['the whole cookie space', { cookieRanges: [[0n, 0xffffffffffffffffn]] }, SORTED],
      ['no ranges (matches nothing)', { cookieRanges: [] }, []],
      ['dpid, state, owner and range together', { dpids: [S1], states: ['pending'], owner: 'mef_eline', cookieRanges: [[0n, 0xaaffffffffffffffn]] }, [A1]],
    ])('by %s', (_name, filter, expected) => {
      const { repo } = openRepo();
      repo.upsert(ALL);
      expect(repo.list(filter)).toStrictEqual(expected);
    });

    it('refuses a cookie range that is reversed or outside uint64', () => {
      const { repo } = openRepo();
      expect(() => repo.list({ cookieRanges: [[2n, 1n]] })).toThrow(new RangeError('list: cookie range [2, 1] is not 0 <= first <= last < 2^64'));
      expect(() => repo.list({ cookieRanges: [[0n, 1n << 64n]] })).toThrow(RangeError);
      expect(() => repo.list({ cookieRanges: [[-1n, 1n]] })).toThrow(RangeError);
    });
  });

  it('reports and skips rows whose spec is corrupt or disagrees with its columns, and an upsert heals them', () => {
    const { db, repo } = openRepo();
    repo.upsert(ALL);
    // Read once first, so that the rereads below must notice the changed spec texts.
    expect(repo.list()).toStrictEqual(SORTED);
    const setSpec = db.prepare<[string, string]>('UPDATE desired_flows SET spec = ? WHERE key = ?');
    // Values the schema accepts but the domain does not.
    setSpec.run('{"dpid":"00:00:00:00:00:00:00:01"}', A1.key);
    const json = (r: DesiredFlowRow): Record<string, unknown> => JSON.parse(db.prepare<[string], { spec: string }>('SELECT spec FROM desired_flows WHERE key = ?').get(r.key)?.spec ?? '') as Record<string, unknown>;
    setSpec.run(JSON.stringify({ ...json(A2), priority: 19999 }), A2.key);
    setSpec.run(JSON.stringify({ ...json(M1), cookie: '0xad00000000000002' }), M1.key);
    setSpec.run(JSON.stringify({ ...json(B1), match: [{ field: 'vlan_vid', value: 70000 }] }), B1.key);
    // A value the schema refuses: a damaged file, simulated by writing past the CHECK constraints.
    db.pragma('ignore_check_constraints = ON');
    setSpec.run('{"dpid":', N1.key);
    db.pragma('ignore_check_constraints = OFF');

    expect(repo.list()).toStrictEqual([L1]);
    expect(corrupt).toEqual([
      { table: 'desired_flows', key: A1.key, reason: 'spec: table: missing' },
      { table: 'desired_flows', key: A2.key, reason: 'spec: disagrees with the priority column' },
      { table: 'desired_flows', key: M1.key, reason: 'spec: disagrees with the cookie column' },
      { table: 'desired_flows', key: B1.key, reason: 'spec: match[0].value: expected u16, got 70000' },
      { table: 'desired_flows', key: N1.key, reason: 'spec: not valid JSON' },
    ]);
    corrupt = [];
    expect(repo.forSwitch(S2)).toEqual([]);
    expect(corrupt.map((c) => c.key)).toEqual([B1.key, N1.key]);

    // removeWhere removes a corrupt row it selects, reporting it instead of returning it.
    corrupt = [];
    expect(repo.removeWhere({ dpid: S2 })).toEqual([]);
    expect(corrupt.map((c) => c.key)).toEqual([B1.key, N1.key]);

    repo.upsert(ALL);
    expect(repo.list()).toStrictEqual(SORTED);
  });

  it('transaction commits everything together; a nested one that throws rolls back only itself', () => {
    const { repo } = openRepo();
    expect(() =>
      repo.transaction(() => {
        repo.upsert([A1]);
        repo.markState([A1.key], 'installed');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(repo.list()).toEqual([]);

    repo.transaction(() => {
      repo.upsert([A1, A2]);
      expect(() =>
        repo.transaction(() => {
          repo.remove([A1.key]);
          repo.upsert([B1]);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      repo.upsert([L1]);
    });
    expect(repo.list()).toStrictEqual([L1, A1, A2]);
  });

  it('keeps its rows across a close and reopen of the file', () => {
    const file = join(dir, 'isthmus.db');
    const first = openRepo(file);
    first.repo.upsert(ALL);
    first.repo.markState([B1.key], 'installed');
    first.db.close();

    const { repo } = openRepo(file);
    expect(repo.list()).toStrictEqual([L1, A1, A2, M1, { ...B1, state: 'installed', updatedAt: '2024-05-01T13:00:00.000Z' }, N1]);
    expect(corrupt).toEqual([]);
  });

  it('migrates a version-2 database, keeping its topology rows', () => {
    const v2 = join(dir, 'migrations-v2');
    mkdirSync(v2);
    for (const f of ['0001_init.sql', '0002_topology.sql']) copyFileSync(join(MIGRATIONS_DIR, f), join(v2, f));
    const file = join(dir, 'isthmus.db');
    // No FlowRepo here: its statements need the version-3 table.
    const old = openDatabase(file, { migrationsDir: v2 });
    open.push(old);
    expect(schemaVersion(old)).toBe(2);
    const sw = { dpid: S1, enabled: false, metadata: { node_name: 'MIA' } };
    new TopologyRepo(old, { onCorruptRow: (r) => corrupt.push(r) }).saveSwitch(sw);
    old.close();

    const { db, repo } = openRepo(file);
    expect(schemaVersion(db)).toBe(NEWEST_SCHEMA);
    expect(new TopologyRepo(db, { onCorruptRow: (r) => corrupt.push(r) }).loadSwitches()).toStrictEqual([sw]);
    expect(repo.list()).toEqual([]);
    repo.upsert(ALL);
    expect(repo.list()).toStrictEqual(SORTED);
    expect(corrupt).toEqual([]);
  });
});
