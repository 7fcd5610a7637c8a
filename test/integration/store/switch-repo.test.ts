import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS_DIR, openDatabase, SwitchRepo, type CorruptRow, type KnownSwitch } from '../../../src/store';
import { parsePorts } from '../../../src/store/switch-repo';

let dir: string;
const open: Database[] = [];
let corrupt: CorruptRow[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-repo-'));
  corrupt = [];
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openRepo(file = ':memory:'): { db: Database; repo: SwitchRepo } {
  const db = openDatabase(file, { migrationsDir: MIGRATIONS_DIR });
  open.push(db);
  return { db, repo: new SwitchRepo(db, { onCorruptRow: (r) => corrupt.push(r) }) };
}

const S1: KnownSwitch = {
  dpid: '00:00:00:00:00:00:00:01',
  firstSeen: '2024-05-01T12:00:00.000Z',
  lastSeen: '2024-05-01T12:00:00.000Z',
  lastAddress: '127.0.0.1:40001',
  manufacturer: 'Nicira, Inc.',
  hardware: 'Open vSwitch',
  software: '3.1.0',
  serial: 'None',
  datapathDesc: 's1',
  nTables: 254,
  ports: [
    { portNo: 1, name: 's1-eth1', hwAddr: 'aa:bb:cc:00:00:01', config: 0, state: 4, curr: 2112, currSpeed: 10000000, maxSpeed: 0 },
    { portNo: 0xfffffffe, name: 's1', hwAddr: 'aa:bb:cc:00:00:00', config: 1, state: 1, curr: 0, currSpeed: 0, maxSpeed: 0 },
  ],
};

const S2: KnownSwitch = {
  dpid: '00:00:00:00:00:00:00:02',
  firstSeen: '2024-05-02T08:00:00Z',
  lastSeen: '2024-05-02T08:00:00Z',
  lastAddress: '[::1]:40002',
  manufacturer: '',
  hardware: '',
  software: '',
  serial: '',
  datapathDesc: '',
  nTables: 0,
  ports: [],
};

describe('SwitchRepo', () => {
  it('round-trips switches, listed by dpid', () => {
    const { repo } = openRepo();
    repo.record(S2);
    repo.record(S1);
    expect(repo.list()).toStrictEqual([S1, S2]);
    expect(repo.get(S1.dpid)).toStrictEqual(S1);
    expect(repo.get('00:00:00:00:00:00:00:99')).toBeUndefined();
    expect(corrupt).toEqual([]);
  });

  it('upserts: a second record updates everything but first_seen', () => {
    const { repo } = openRepo();
    repo.record(S1);
    const later: KnownSwitch = {
      ...S1,
      firstSeen: '2030-01-01T00:00:00.000Z',
      lastSeen: '2024-05-03T09:30:00.000Z',
      lastAddress: '127.0.0.1:40999',
      software: '3.2.0',
      nTables: 10,
      ports: [S1.ports[0]!],
    };
    repo.record(later);
    expect(repo.list()).toStrictEqual([{ ...later, firstSeen: '2024-05-01T12:00:00.000Z' }]);
  });

  it('stores only the KnownPort fields of each port', () => {
    const { db, repo } = openRepo();
    const port = { ...S1.ports[0]!, advertised: 1, supported: 2, peer: 3 };
    repo.record({ ...S2, ports: [port] });
    const row = db.prepare<[string], { ports: string }>('SELECT ports FROM switches WHERE dpid = ?').get(S2.dpid);
    expect(JSON.parse(row!.ports)).toStrictEqual([
      { portNo: 1, name: 's1-eth1', hwAddr: 'aa:bb:cc:00:00:01', config: 0, state: 4, curr: 2112, currSpeed: 10000000, maxSpeed: 0 },
    ]);
  });

  it('removes a switch and says whether it was known', () => {
    const { repo } = openRepo();
    repo.record(S1);
    repo.record(S2);
    expect(repo.remove(S1.dpid)).toBe(true);
    expect(repo.remove(S1.dpid)).toBe(false);
    expect(repo.list()).toStrictEqual([S2]);
  });

  it('survives closing and reopening the database file', () => {
    const file = join(dir, 'isthmus.db');
    const first = openRepo(file);
    first.repo.record(S1);
    first.repo.record(S2);
    first.db.close();
    const second = openRepo(file);
    expect(second.repo.list()).toStrictEqual([S1, S2]);
    second.repo.record({ ...S1, lastSeen: '2024-06-01T00:00:00.000Z' });
    expect(second.repo.get(S1.dpid)?.firstSeen).toBe('2024-05-01T12:00:00.000Z');
  });

  it('reports and skips a row with corrupt ports instead of failing', () => {
    const { db, repo } = openRepo();
    repo.record(S1);
    repo.record(S2);
    db.prepare("UPDATE switches SET ports = '[{\"portNo\": -1}]' WHERE dpid = ?").run(S1.dpid);
    expect(repo.list()).toStrictEqual([S2]);
    expect(repo.get(S1.dpid)).toBeUndefined();
    expect(corrupt).toEqual([
      { table: 'switches', key: S1.dpid, reason: 'ports: [0].portNo is not a uint32' },
      { table: 'switches', key: S1.dpid, reason: 'ports: [0].portNo is not a uint32' },
    ]);
    // The next connection of the switch rewrites the row and heals it.
    repo.record(S1);
    expect(repo.get(S1.dpid)).toStrictEqual(S1);
  });

  it.each<[string, Partial<Record<keyof KnownSwitch, unknown>>]>([
    ['a dpid in capitals', { dpid: '00:00:00:00:00:00:00:0A' }],
    ['a short dpid', { dpid: '00:01' }],
    ['a timestamp that is not ISO-8601 UTC', { lastSeen: 'yesterday' }],
    ['n_tables above 255', { nTables: 256 }],
    ['a fractional n_tables', { nTables: 1.5 }],
  ])('refuses to record %s (schema CHECK / STRICT)', (_name, change) => {
    const { repo } = openRepo();
    expect(() => repo.record({ ...S1, ...change } as KnownSwitch)).toThrow();
    expect(repo.list()).toEqual([]);
  });
});

describe('parsePorts', () => {
  it.each<[string, string]>([
    ['{', 'not valid JSON'],
    ['{}', 'not a JSON array'],
    ['[1]', '[0] is not an object'],
    ['[null]', '[0] is not an object'],
    ['[{"portNo":1,"name":"a","hwAddr":"x","config":0,"state":0,"curr":0,"currSpeed":0}]', '[0].maxSpeed is not a uint32'],
    ['[{"portNo":4294967296,"name":"a","hwAddr":"x","config":0,"state":0,"curr":0,"currSpeed":0,"maxSpeed":0}]', '[0].portNo is not a uint32'],
    ['[{"portNo":1,"name":2,"hwAddr":"x","config":0,"state":0,"curr":0,"currSpeed":0,"maxSpeed":0}]', '[0].name is not a string'],
  ])('reports %s as %s', (text, reason) => {
    expect(parsePorts(text)).toStrictEqual({ ok: false, reason });
  });

  it('drops unknown fields of a valid port', () => {
    expect(parsePorts('[{"portNo":1,"name":"a","hwAddr":"x","config":0,"state":0,"curr":0,"currSpeed":0,"maxSpeed":0,"extra":1}]')).toStrictEqual({
      ok: true,
      ports: [{ portNo: 1, name: 'a', hwAddr: 'x', config: 0, state: 0, curr: 0, currSpeed: 0, maxSpeed: 0 }],
    });
  });
});
