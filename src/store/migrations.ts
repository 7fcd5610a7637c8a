/**
 * Migration files: `NNNN_name.sql`, numbered from 0001 without gaps. Reading and checking the
 * list is separate from applying it (db.ts), so the rules are testable without a database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError, messageOf } from './errors';

export interface Migration {
  /** The number in the file name; the database's user_version after this migration. */
  readonly version: number;
  readonly file: string;
  readonly sql: string;
}

const MIGRATION_FILE = /^([0-9]{4})_([a-z0-9][a-z0-9_]*)\.sql$/;

/**
 * Pure. Checks migration file names and returns them in version order. Files not ending in .sql
 * are ignored (a README may sit there); a .sql file with any other name is an error, because a
 * misnamed migration silently skipped would leave the schema short.
 */
export function orderMigrationFiles(names: readonly string[]): readonly { readonly version: number; readonly file: string }[] {
  const found: { version: number; file: string }[] = [];
  for (const file of names) {
    if (!file.endsWith('.sql')) continue;
    const m = MIGRATION_FILE.exec(file);
    if (m === null) throw new StoreError('MIGRATION_FILES', `${file}: migration files are named NNNN_lower_snake_name.sql`);
    found.push({ version: Number(m[1]), file });
  }
  found.sort((a, b) => a.version - b.version || a.file.localeCompare(b.file));
  found.forEach((f, i) => {
    const prev = found[i - 1];
    if (prev !== undefined && prev.version === f.version) {
      throw new StoreError('MIGRATION_FILES', `${prev.file} and ${f.file} share the number ${f.version}`);
    }
    if (f.version !== i + 1) {
      throw new StoreError('MIGRATION_FILES', `${f.file}: expected migration number ${String(i + 1).padStart(4, '0')} (numbers start at 0001 without gaps)`);
    }
  });
  return found;
}

/** Reads every migration of `dir` in version order (I/O: reads the directory). */
export function readMigrations(dir: string): readonly Migration[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new StoreError('MIGRATION_FILES', `cannot read the migrations directory ${dir}: ${messageOf(e)}`, { cause: e });
  }
  return orderMigrationFiles(names).map(({ version, file }) => ({ version, file, sql: readFileSync(join(dir, file), 'utf8') }));
}
