import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS_DIR, openDatabase, SecretRepo, TopologyRepo } from '../../../src/store';

let dir: string;
const open: Database[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-secret-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openDb(file = ':memory:'): Database {
  const db = openDatabase(file, { migrationsDir: MIGRATIONS_DIR });
  open.push(db);
  return db;
}

const KEY_A = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const KEY_B = Buffer.from('ffeeddccbbaa99887766554433221100', 'hex');

/** A create() that hands out the given buffers in turn and counts its calls. */
function creator(...values: Buffer[]): { create: () => Buffer; calls: () => number } {
  let n = 0;
  return {
    create: () => {
      const v = values[n];
      n += 1;
      if (v === undefined) throw new Error('create called too often');
      return v;
    },
    calls: () => n,
  };
}

describe('SecretRepo.getOrCreate', () => {
  it('creates and stores the value on the first call, then returns it without creating again', () => {
    const db = openDb();
    const repo = new SecretRepo(db);
    const c = creator(KEY_A, KEY_B);
    expect(repo.getOrCreate('lldp', c.create)).toEqual(KEY_A);
    expect(repo.getOrCreate('lldp', c.create)).toEqual(KEY_A);
    expect(c.calls()).toBe(1);
    const rows = db.prepare<[], { name: string; value: Buffer }>('SELECT name, value FROM secrets').all();
    expect(rows).toEqual([{ name: 'lldp', value: KEY_A }]);
  });

  it('keeps one value per name', () => {
    const repo = new SecretRepo(openDb());
    expect(repo.getOrCreate('lldp', () => KEY_A)).toEqual(KEY_A);
    expect(repo.getOrCreate('other', () => KEY_B)).toEqual(KEY_B);
    expect(repo.getOrCreate('lldp', () => KEY_B)).toEqual(KEY_A);
  });

  it('returns a copy: changing the returned buffer does not change the stored value', () => {
    const repo = new SecretRepo(openDb());
    const first = repo.getOrCreate('lldp', () => Buffer.from(KEY_A));
    first.fill(0);
    expect(repo.getOrCreate('lldp', () => KEY_B)).toEqual(KEY_A);
  });

  it('gives a second connection on the same file the value the first created', () => {
    const file = join(dir, 'isthmus.db');
    const a = new SecretRepo(openDb(file));
    const b = new SecretRepo(openDb(file));
    const cb = creator(KEY_B);
    expect(a.getOrCreate('lldp', () => KEY_A)).toEqual(KEY_A);
    expect(b.getOrCreate('lldp', cb.create)).toEqual(KEY_A);
    expect(cb.calls()).toBe(0);
  });

  it('survives closing and reopening the database file', () => {
    const file = join(dir, 'isthmus.db');
    const first = openDb(file);
    new SecretRepo(first).getOrCreate('lldp', () => KEY_A);
    first.close();
    expect(new SecretRepo(openDb(file)).getOrCreate('lldp', () => KEY_B)).toEqual(KEY_A);
  });

  it('stores nothing when create throws, so the next call creates', () => {
    const repo = new SecretRepo(openDb());
    expect(() =>
      repo.getOrCreate('lldp', () => {
        throw new Error('no entropy');
      }),
    ).toThrow('no entropy');
    expect(repo.getOrCreate('lldp', () => KEY_B)).toEqual(KEY_B);
  });

  it('refuses an empty value and stores nothing', () => {
    const repo = new SecretRepo(openDb());
    expect(() => repo.getOrCreate('lldp', () => Buffer.alloc(0))).toThrow(new RangeError('secret lldp: create() must return a non-empty Buffer'));
    expect(repo.getOrCreate('lldp', () => KEY_A)).toEqual(KEY_A);
  });

  it('refuses an empty value written around the repository too (schema CHECK)', () => {
    const db = openDb();
    expect(() => db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?)').run('lldp', Buffer.alloc(0))).toThrow(/CHECK constraint failed/);
  });

  it('works inside another repository transaction, and is rolled back with it', () => {
    const db = openDb();
    const secrets = new SecretRepo(db);
    const topology = new TopologyRepo(db, { onCorruptRow: () => undefined });
    expect(topology.transaction(() => secrets.getOrCreate('lldp', () => KEY_A))).toEqual(KEY_A);
    expect(() =>
      topology.transaction(() => {
        secrets.getOrCreate('other', () => KEY_B);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(db.prepare<[], { name: string }>('SELECT name FROM secrets ORDER BY name').all()).toEqual([{ name: 'lldp' }]);
  });
});
