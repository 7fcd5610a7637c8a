/**
 * Opening the SQLite database: pragmas, then forward-only migrations tracked by PRAGMA user_version.
 * Each pending migration runs in its own IMMEDIATE transaction together with its user_version bump,
 * so a failing file leaves the database exactly at the previous version.
 */
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { StoreError, messageOf } from './errors';
import { readMigrations, type Migration } from './migrations';

/**
 * The package's migrations. This file sits at src/store (jest) or dist/store (runtime), both two
 * levels below the package root.
 */
export const MIGRATIONS_DIR = resolve(__dirname, '..', '..', 'migrations');

/** How long a statement waits for another connection's lock before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenDatabaseOptions {
  readonly migrationsDir: string;
  readonly busyTimeoutMs?: number;
}

export interface MigrationResult {
  /** user_version before and after. */
  readonly from: number;
  readonly to: number;
  /** Files applied now, in order. */
  readonly applied: readonly string[];
}

/**
 * Opens (creating if needed) the database file, whose directory must exist, and migrates it to the
 * newest schema. I/O. Throws StoreError when the files or the database are not usable.
 */
export function openDatabase(file: string | ':memory:', opts: OpenDatabaseOptions): Database {
  // Read and check the migration files first: a broken install must not create an empty database.
  const migrations = readMigrations(opts.migrationsDir);
  const db = new BetterSqlite3(file);
  try {
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
    if (file !== ':memory:') {
      // WAL lets the REST API read while the controller writes; an in-memory database has no journal file.
      const mode: unknown = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new StoreError('WAL_UNAVAILABLE', `${file}: SQLite kept journal_mode=${String(mode)}`);
    }
    // NORMAL is safe with WAL: a power loss may drop the last commits, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrateDatabase(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Reads PRAGMA user_version (I/O). */
export function schemaVersion(db: Database): number {
  const v: unknown = db.pragma('user_version', { simple: true });
  if (typeof v !== 'number') throw new Error(`PRAGMA user_version returned ${String(v)}`);
  return v;
}

/**
 * Applies the migrations above the database's user_version (I/O). Migration SQL must not contain
 * BEGIN/COMMIT, and PRAGMAs that are no-ops inside a transaction (foreign_keys) do nothing there.
 */
export function migrateDatabase(db: Database, migrations: readonly Migration[]): MigrationResult {
  const newest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > newest) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `the database is at schema version ${from} but this Isthmus knows migrations up to ${newest}; it was written by a newer version and is not opened (migrations are forward-only)`,
    );
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    const step = db.transaction(() => {
      // Re-read under the write lock: another process may have migrated since we looked.
      if (schemaVersion(db) >= m.version) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    try {
      // IMMEDIATE takes the write lock up front, so two processes cannot both run the same file.
      if (step.immediate()) applied.push(m.file);
    } catch (e) {
      throw new StoreError('MIGRATION_FAILED', `${m.file}: ${messageOf(e)}; rolled back`, { cause: e });
    }
  }
  return { from, to: schemaVersion(db), applied };
}
