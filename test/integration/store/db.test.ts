import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS_DIR, openDatabase, orderMigrationFiles, schemaVersion, StoreError } from '../../../src/store';
import { NEWEST_SCHEMA } from '../../support/schema';

let dir: string;
const open: Database[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-db-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openDb(file: string, migrationsDir: string): Database {
  const db = openDatabase(file, { migrationsDir });
  open.push(db);
  return db;
}

/** A migrations directory of our own, written into the temp dir. */
function migrationsDir(files: Record<string, string>): string {
  const d = join(dir, `migrations-${open.length}-${Object.keys(files).length}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(d);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(d, name), sql);
  return d;
}

function storeError(f: () => unknown): StoreError {
  try {
    f();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error('expected a StoreError');
}

const tableNames = (db: Database): string[] =>
  db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all().map((r) => r.name);

describe('openDatabase with the real migrations', () => {
  it('creates a fresh file database with WAL, foreign keys, NORMAL sync, a busy timeout and the newest schema', () => {
    const file = join(dir, 'isthmus.db');
    const db = openDb(file, MIGRATIONS_DIR);
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(NEWEST_SCHEMA);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['desired_flows', 'interface_config', 'links', 'secrets', 'switch_config', 'switches']));
  });

  it('makes every table STRICT', () => {
    const db = openDb(':memory:', MIGRATIONS_DIR);
    const tables = db.pragma('table_list') as { schema: string; name: string; type: string; strict: number }[];
    const ours = tables.filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_'));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((t) => t.strict !== 1).map((t) => t.name)).toEqual([]);
  });

  it('opens :memory: without WAL (an in-memory database has no journal file)', () => {
    const db = openDb(':memory:', MIGRATIONS_DIR);
    expect(db.pragma('journal_mode', { simple: true })).toBe('memory');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(NEWEST_SCHEMA);
  });

  it('takes the busy timeout from the options', () => {
    const db = openDatabase(':memory:', { migrationsDir: MIGRATIONS_DIR, busyTimeoutMs: 250 });
    open.push(db);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(250);
  });

  it('fails when the directory of the file does not exist (the caller creates it)', () => {
    expect(() => openDatabase(join(dir, 'missing', 'isthmus.db'), { migrationsDir: MIGRATIONS_DIR })).toThrow(/directory does not exist/);
  });
});

describe('migrations', () => {
  const twoSteps = {
    '0001_one.sql': 'CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;\nINSERT INTO a (id) VALUES (1);',
    '0002_two.sql': 'CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT;',
  };

  it('applies files in numeric order, and a reopen keeps the data without running them again', () => {
    const file = join(dir, 'x.db');
    const m = migrationsDir(twoSteps);
    const first = openDb(file, m);
    expect(schemaVersion(first)).toBe(2);
    first.prepare('INSERT INTO b (id) VALUES (7)').run();
    first.close();

    const again = openDb(file, m);
    expect(schemaVersion(again)).toBe(2);
    // 0001 inserts id 1 into a; run twice it would fail on CREATE TABLE or leave two rows.
    expect(again.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 1 });
    expect(again.prepare('SELECT id FROM b').all()).toEqual([{ id: 7 }]);
  });

  it('applies only the new files to an older database', () => {
    const file = join(dir, 'x.db');
    openDb(file, migrationsDir({ '0001_one.sql': twoSteps['0001_one.sql'] })).close();
    const db = openDb(file, migrationsDir(twoSteps));
    expect(schemaVersion(db)).toBe(2);
    expect(tableNames(db)).toEqual(['a', 'b']);
    expect(db.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 1 });
  });

  it('refuses a database whose user_version is above the newest migration, and leaves it untouched', () => {
    const file = join(dir, 'x.db');
    const m = migrationsDir(twoSteps);
    const db = openDb(file, m);
    db.pragma('user_version = 3');
    db.close();
    const e = storeError(() => openDatabase(file, { migrationsDir: m }));
    expect(e.code).toBe('SCHEMA_TOO_NEW');
    expect(e.message).toMatch(/schema version 3 .* up to 2/);
    const check = openDb(file, migrationsDir({ '0001_x.sql': 'SELECT 1;', '0002_x.sql': 'SELECT 1;', '0003_x.sql': 'SELECT 1;' }));
    expect(schemaVersion(check)).toBe(3);
  });

  it('rolls back a failing migration entirely, user_version included, and keeps the earlier ones', () => {
    const file = join(dir, 'x.db');
    const m = migrationsDir({
      ...twoSteps,
      '0003_bad.sql': 'CREATE TABLE c (id INTEGER PRIMARY KEY) STRICT;\nINSERT INTO a (id) VALUES (2);\nINSERT INTO nowhere VALUES (1);',
    });
    const e = storeError(() => openDatabase(file, { migrationsDir: m }));
    expect(e.code).toBe('MIGRATION_FAILED');
    expect(e.message).toMatch(/^MIGRATION_FAILED: 0003_bad\.sql: no such table: nowhere; rolled back$/);

    const db = openDb(file, migrationsDir(twoSteps));
    expect(schemaVersion(db)).toBe(2);
    expect(tableNames(db)).toEqual(['a', 'b']);
    expect(db.prepare('SELECT id FROM a').all()).toEqual([{ id: 1 }]);
  });

  it('rolls back the user_version bump when the commit itself fails (deferred foreign key)', () => {
    const file = join(dir, 'x.db');
    // The statements succeed and user_version is bumped; only COMMIT finds the dangling reference.
    const deferred = 'CREATE TABLE p (id INTEGER PRIMARY KEY) STRICT;\n' +
      'CREATE TABLE ch (pid INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED) STRICT;\nINSERT INTO ch (pid) VALUES (5);';
    const e = storeError(() => openDatabase(file, { migrationsDir: migrationsDir({ ...twoSteps, '0003_fk.sql': deferred }) }));
    expect(e.code).toBe('MIGRATION_FAILED');
    expect(e.message).toMatch(/0003_fk\.sql: FOREIGN KEY constraint failed/);
    const db = openDb(file, migrationsDir(twoSteps));
    expect(schemaVersion(db)).toBe(2);
    expect(tableNames(db)).toEqual(['a', 'b']);
  });

  it('rolls back a migration that tries to manage its own transaction', () => {
    const file = join(dir, 'x.db');
    const e = storeError(() => openDatabase(file, { migrationsDir: migrationsDir({ '0001_tx.sql': 'BEGIN; CREATE TABLE t (x INTEGER) STRICT; COMMIT;' }) }));
    expect(e.code).toBe('MIGRATION_FAILED');
    const db = openDb(file, migrationsDir({}));
    expect(schemaVersion(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a gap', { '0001_a.sql': '', '0003_c.sql': '' }, /0003_c\.sql: expected migration number 0002/],
    ['a duplicate number', { '0001_a.sql': '', '0001_b.sql': '' }, /0001_a\.sql and 0001_b\.sql share the number 1/],
    ['not starting at 0001', { '0002_a.sql': '' }, /0002_a\.sql: expected migration number 0001/],
    ['a misnamed .sql file', { '0001_a.sql': '', '2_b.sql': '' }, /2_b\.sql: migration files are named NNNN_lower_snake_name\.sql/],
  ])('refuses migration files with %s before creating the database', (_name, files, message) => {
    const file = join(dir, 'x.db');
    const e = storeError(() => openDatabase(file, { migrationsDir: migrationsDir(files) }));
    expect(e.code).toBe('MIGRATION_FILES');
    expect(e.message).toMatch(message);
    expect(existsSync(file)).toBe(false);
  });

  it('reports an unreadable migrations directory', () => {
    const e = storeError(() => openDatabase(':memory:', { migrationsDir: join(dir, 'none') }));
    expect(e.code).toBe('MIGRATION_FILES');
    expect(e.message).toMatch(/cannot read the migrations directory/);
  });

  it('ignores files that are not .sql', () => {
    const db = openDb(':memory:', migrationsDir({ 'README.md': '# notes', '0001_a.sql': 'CREATE TABLE a (x INTEGER) STRICT;' }));
    expect(schemaVersion(db)).toBe(1);
  });
});

describe('orderMigrationFiles', () => {
  it('orders by number, not by name', () => {
    expect(orderMigrationFiles(['0010_j.sql', '0002_b.sql', '0001_a.sql', '0003_c.sql', '0004_d.sql', '0005_e.sql', '0006_f.sql',
      '0007_g.sql', '0008_h.sql', '0009_i.sql']).map((m) => m.file)).toEqual([
      '0001_a.sql', '0002_b.sql', '0003_c.sql', '0004_d.sql', '0005_e.sql', '0006_f.sql', '0007_g.sql', '0008_h.sql', '0009_i.sql',
      '0010_j.sql',
    ]);
  });

  it('accepts an empty list', () => {
    expect(orderMigrationFiles([])).toEqual([]);
  });
});
