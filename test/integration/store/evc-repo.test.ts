import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { EvcRepo, MIGRATIONS_DIR, openDatabase, schemaVersion, type CorruptRow } from '../../../src/store';
import type { EvcConfig, EvcStatus, UniTag } from '../../../src/eline/model';
import { NEWEST_SCHEMA } from '../../support/schema';

let dir: string;
const open: Database[] = [];
let corrupt: CorruptRow[];
/** The injected clock created_at and updated_at are stamped with (ms since the epoch). */
let nowMs: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-evcs-'));
  corrupt = [];
  nowMs = Date.parse(T0);
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openRepo(file = join(dir, 'isthmus.db')): { db: Database; repo: EvcRepo } {
  const db = openDatabase(file, { migrationsDir: MIGRATIONS_DIR });
  open.push(db);
  return { db, repo: new EvcRepo(db, { onCorruptRow: (r) => corrupt.push(r), now: () => nowMs }) };
}

const T0 = '2024-05-01T12:00:00.000Z';
const T1 = '2024-05-01T12:30:00.000Z';
const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';
const LINK_12 = { id: 'aa'.repeat(32), endpointA: `${S1}:2`, endpointB: `${S2}:2` };
const LINK_23 = { id: 'bb'.repeat(32), endpointA: `${S2}:3`, endpointB: `${S3}:3` };
const LINK_13 = { id: 'cc'.repeat(32), endpointA: `${S1}:4`, endpointB: `${S3}:4` };

function evc(id: string, tagA: UniTag, tagZ: UniTag = tagA, extra: Partial<EvcConfig> = {}): EvcConfig {
  return {
    id,
    name: `circuit ${id}`,
    uniA: { interfaceId: `${S1}:1`, tag: tagA },
    uniZ: { interfaceId: `${S3}:1`, tag: tagZ },
    primaryPath: [],
    backupPath: [],
    primaryLinks: [],
    backupLinks: [],
    dynamicBackupPath: true,
    primaryConstraints: {},
    secondaryConstraints: {},
    queueId: undefined,
    sbPriority: undefined,
    serviceLevel: 0,
    maxPaths: 2,
    bandwidth: 0,
    metadata: {},
    enabled: true,
    archived: false,
    circuitScheduler: [],
    startDate: T0,
    endDate: undefined,
    creationTime: T0,
    ...extra,
  };
}

const DOWN: EvcStatus = { active: false, currentPath: [], failoverPath: [], lastDeployed: undefined, reason: 'no path' };
const UP: EvcStatus = {
  active: true,
  currentPath: [
    { linkId: LINK_12.id, fromA: `${S1}:2`, toZ: `${S2}:2`, sVlan: 1 },
    { linkId: LINK_23.id, fromA: `${S2}:3`, toZ: `${S3}:3`, sVlan: 7 },
  ],
  failoverPath: [{ linkId: LINK_13.id, fromA: `${S1}:4`, toZ: `${S3}:4`, sVlan: 2 }],
  lastDeployed: T1,
  reason: undefined,
};

const EPL = evc('00000000000001', { kind: 'epl' });
const UNTAGGED = evc('00000000000002', { kind: 'untagged' }, { kind: 'vlan', vid: 100 });
const ANY = evc('00000000000003', { kind: 'any' }, { kind: 'any' }, { enabled: false, queueId: 0, sbPriority: 30000 });
const VLAN = evc('0000000000000a', { kind: 'vlan', vid: 1 }, { kind: 'vlan', vid: 4094 }, {
  primaryPath: [LINK_12, LINK_23],
  backupPath: [LINK_13],
  primaryLinks: [LINK_12, LINK_23],
  backupLinks: [LINK_13],
  dynamicBackupPath: false,
  primaryConstraints: { undesiredLinks: [LINK_13.id], spfAttribute: 'delay', spfMaxPathCost: 100, mandatoryMetrics: { bandwidth: 100 } },
  secondaryConstraints: { flexibleMetrics: { reliability: 3 }, minimumFlexibleHits: 1 },
  queueId: 7,
  serviceLevel: 6,
  bandwidth: 1000,
  metadata: { owner: 'noc', tags: ['a', 1, null], nested: { x: true } },
  circuitScheduler: [
    { id: 's1', action: 'create', date: '2024-06-01T00:00:00Z' },
    { id: 's2', action: 'remove', interval: { hours: 2 } },
    { id: 's3', action: 'create', frequency: '* * * * *' },
  ],
  endDate: '2025-01-01T00:00:00.000Z',
});
const RANGE_TAG: UniTag = { kind: 'range', ranges: [[10, 20], [30, 30], [100, 4094]] };
const RANGE = evc('abcdef01234567', RANGE_TAG, RANGE_TAG);
const ARCHIVED = evc('fffffffffffff0', { kind: 'vlan', vid: 5 }, { kind: 'vlan', vid: 5 }, { archived: true, enabled: false });
const LIVE = [EPL, UNTAGGED, ANY, VLAN, RANGE];

describe('EvcRepo', () => {
  it('adds evcs at the newest schema version, STRICT, with its archived index', () => {
    const { db } = openRepo();
    expect(schemaVersion(db)).toBe(NEWEST_SCHEMA);
    expect(NEWEST_SCHEMA).toBeGreaterThanOrEqual(5);
    const tables = db.pragma('table_list') as { schema: string; name: string; strict: number }[];
    expect(tables.find((t) => t.schema === 'main' && t.name === 'evcs')?.strict).toBe(1);
    const indexes = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'evcs' AND sql IS NOT NULL").all();
    expect(indexes.map((i) => i.name)).toEqual(['evcs_by_archived']);
  });

  it('round-trips configs with every UniTag kind, paths, constraints, schedules and absent optionals', () => {
    const { repo } = openRepo();
    expect(repo.list()).toEqual([]);
    expect(repo.get(EPL.id)).toBeUndefined();
    for (const c of LIVE) repo.save(c, c === VLAN ? UP : DOWN);
    for (const c of LIVE) expect(repo.get(c.id)).toStrictEqual({ config: c, status: c === VLAN ? UP : DOWN });
    expect(repo.list()).toStrictEqual(LIVE.map((c) => ({ config: c, status: c === VLAN ? UP : DOWN })));
    expect(corrupt).toEqual([]);
  });

  it('save replaces a circuit by id, keeping created_at and stamping updated_at', () => {
    const { db, repo } = openRepo();
    repo.save(EPL, DOWN);
    nowMs = Date.parse(T1);
    const renamed = { ...EPL, name: 'renamed', enabled: false, uniZ: { interfaceId: `${S2}:9`, tag: { kind: 'untagged' } as const } };
    repo.save(renamed, UP);
    expect(repo.list()).toStrictEqual([{ config: renamed, status: UP }]);
    expect(db.prepare('SELECT id, name, archived, enabled, created_at, updated_at FROM evcs').all()).toEqual([
      { id: EPL.id, name: 'renamed', archived: 0, enabled: 0, created_at: T0, updated_at: T1 },
    ]);
  });

  it('setStatus replaces only the status and says whether the circuit exists', () => {
    const { db, repo } = openRepo();
    repo.save(VLAN, DOWN);
    nowMs = Date.parse(T1);
    expect(repo.setStatus(VLAN.id, UP)).toBe(true);
    expect(repo.get(VLAN.id)).toStrictEqual({ config: VLAN, status: UP });
    expect(db.prepare('SELECT updated_at FROM evcs').get()).toEqual({ updated_at: T1 });
    expect(repo.setStatus(VLAN.id, DOWN)).toBe(true);
    expect(repo.get(VLAN.id)).toStrictEqual({ config: VLAN, status: DOWN });
    expect(repo.setStatus('0123456789abcd', UP)).toBe(false);
    expect(repo.list()).toHaveLength(1);
  });

  it('list returns live circuits by default, archived ones or all on request, ordered by id', () => {
    const { repo } = openRepo();
    for (const c of [ARCHIVED, RANGE, EPL, VLAN]) repo.save(c, DOWN);
    const rec = (c: EvcConfig): unknown => ({ config: c, status: DOWN });
    expect(repo.list()).toStrictEqual([EPL, VLAN, RANGE].map(rec));
    expect(repo.list({ archived: false })).toStrictEqual([EPL, VLAN, RANGE].map(rec));
    expect(repo.list({ archived: true })).toStrictEqual([ARCHIVED].map(rec));
    expect(repo.list({ archived: 'all' })).toStrictEqual([EPL, VLAN, RANGE, ARCHIVED].map(rec));
    // Archiving moves a circuit between the lists.
    repo.save({ ...EPL, archived: true, enabled: false }, DOWN);
    expect(repo.list().map((r) => r.config.id)).toEqual([VLAN.id, RANGE.id]);
    expect(repo.list({ archived: true }).map((r) => r.config.id)).toEqual([EPL.id, ARCHIVED.id]);
    expect(repo.get(EPL.id)?.config.archived).toBe(true);
  });

  it('remove deletes a circuit and says whether it existed', () => {
    const { repo } = openRepo();
    repo.save(EPL, DOWN);
    repo.save(ANY, DOWN);
    expect(repo.remove(EPL.id)).toBe(true);
    expect(repo.remove(EPL.id)).toBe(false);
    expect(repo.get(EPL.id)).toBeUndefined();
    expect(repo.list({ archived: 'all' }).map((r) => r.config.id)).toEqual([ANY.id]);
  });

  it('refuses, with a RangeError and writing nothing, what would not read back', () => {
    const { repo } = openRepo();
    const cases: [EvcConfig, EvcStatus, string][] = [
      [{ ...EPL, id: '0000000000000G' }, DOWN, 'evc "0000000000000G": id: not 14 lower-case hex characters'],
      [{ ...EPL, id: '000000000001' }, DOWN, 'evc "000000000001": id: not 14 lower-case hex characters'],
      [{ ...EPL, uniA: { interfaceId: `${S1}:1`, tag: { kind: 'stacked' } as unknown as UniTag } }, DOWN, `evc ${EPL.id}: config: uniA.tag.kind: not one of epl, untagged, any, vlan, range`],
      [{ ...EPL, uniZ: { interfaceId: `${S1}:1`, tag: { kind: 'vlan', vid: 4095 } } }, DOWN, `evc ${EPL.id}: config: uniZ.tag.vid: not an integer 1..4094`],
      [{ ...EPL, name: undefined as unknown as string }, DOWN, `evc ${EPL.id}: config: name: not a string`],
      [EPL, { ...UP, currentPath: [{ ...UP.currentPath[0]!, sVlan: 0 }] }, `evc ${EPL.id}: status: currentPath[0].sVlan: not an integer 1..4095`],
    ];
    for (const [c, s, message] of cases) expect(() => repo.save(c, s)).toThrow(new RangeError(message));
    repo.save(EPL, DOWN);
    expect(() => repo.setStatus(EPL.id, { ...DOWN, active: 'yes' as unknown as boolean })).toThrow(new RangeError(`evc ${EPL.id}: status: active: not a boolean`));
    expect(repo.list({ archived: 'all' })).toStrictEqual([{ config: EPL, status: DOWN }]);
  });

  it('reports and skips corrupt rows, and a save heals them', () => {
    const { db, repo } = openRepo();
    for (const c of LIVE) repo.save(c, DOWN);
    const config = (id: string): Record<string, unknown> => JSON.parse(db.prepare<[string], { config: string }>('SELECT config FROM evcs WHERE id = ?').get(id)?.config ?? '') as Record<string, unknown>;
    const setConfig = db.prepare<[string, string]>('UPDATE evcs SET config = ? WHERE id = ?');
    setConfig.run(JSON.stringify({ ...config(EPL.id), uniA: { interfaceId: `${S1}:1`, tag: { kind: 'qinq' } } }), EPL.id);
    setConfig.run(JSON.stringify({ ...config(UNTAGGED.id), primaryPath: undefined }), UNTAGGED.id);
    setConfig.run(JSON.stringify({ ...config(ANY.id), enabled: true }), ANY.id);
    db.prepare<[string, string]>('UPDATE evcs SET status = ? WHERE id = ?').run('{"active":true}', VLAN.id);
    // A value the schema refuses: a damaged file, simulated by writing past the CHECK constraints.
    db.pragma('ignore_check_constraints = ON');
    setConfig.run('{"id":', RANGE.id);
    db.pragma('ignore_check_constraints = OFF');

    expect(repo.list()).toEqual([]);
    expect(corrupt).toEqual([
      { table: 'evcs', key: EPL.id, reason: 'config: uniA.tag.kind: not one of epl, untagged, any, vlan, range' },
      { table: 'evcs', key: UNTAGGED.id, reason: 'config: primaryPath: not an array' },
      { table: 'evcs', key: ANY.id, reason: 'config: disagrees with the enabled column' },
      { table: 'evcs', key: VLAN.id, reason: 'status: currentPath: not an array' },
      { table: 'evcs', key: RANGE.id, reason: 'config: not valid JSON' },
    ]);
    corrupt = [];
    expect(repo.get(VLAN.id)).toBeUndefined();
    expect(corrupt.map((c) => c.key)).toEqual([VLAN.id]);

    for (const c of LIVE) repo.save(c, DOWN);
    expect(repo.list().map((r) => r.config)).toStrictEqual(LIVE);
  });

  it('transaction commits everything together; a nested one that throws rolls back only itself', () => {
    const { repo } = openRepo();
    expect(() =>
      repo.transaction(() => {
        repo.save(EPL, DOWN);
        repo.setStatus(EPL.id, UP);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(repo.list({ archived: 'all' })).toEqual([]);

    repo.transaction(() => {
      repo.save(EPL, DOWN);
      repo.save(VLAN, DOWN);
      expect(() =>
        repo.transaction(() => {
          repo.remove(EPL.id);
          repo.setStatus(VLAN.id, UP);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      repo.save(ANY, DOWN);
    });
    expect(repo.list()).toStrictEqual([EPL, ANY, VLAN].map((config) => ({ config, status: DOWN })));
  });

  it('keeps its rows across a close and reopen of the file', () => {
    const file = join(dir, 'isthmus.db');
    const first = openRepo(file);
    for (const c of [...LIVE, ARCHIVED]) first.repo.save(c, DOWN);
    first.repo.setStatus(VLAN.id, UP);
    first.db.close();

    const { repo } = openRepo(file);
    expect(repo.list({ archived: 'all' })).toStrictEqual([...LIVE, ARCHIVED].map((config) => ({ config, status: config === VLAN ? UP : DOWN })));
    expect(corrupt).toEqual([]);
  });
});
