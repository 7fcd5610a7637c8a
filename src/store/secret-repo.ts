/**
 * The secrets table (migration 0002): per-installation random values created on first use and kept
 * for the life of the database, such as the key that authenticates the controller's LLDP frames.
 * The only place holding this table's SQL.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';

export class SecretRepo {
  private readonly getOrCreateTx: Transaction<(name: string, create: () => Buffer) => Buffer>;

  constructor(db: Database) {
    const getStmt: Statement<[string], { value: Buffer }> = db.prepare('SELECT value FROM secrets WHERE name = ?');
    const insertStmt: Statement<[string, Buffer]> = db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?)');
    this.getOrCreateTx = db.transaction((name: string, create: () => Buffer): Buffer => {
      const row = getStmt.get(name);
      if (row !== undefined) return row.value;
      const value = create();
      // Checked here for a clear message; the schema refuses an empty value too.
      if (!Buffer.isBuffer(value) || value.length === 0) throw new RangeError(`secret ${name}: create() must return a non-empty Buffer`);
      insertStmt.run(name, value);
      return Buffer.from(value);
    });
  }

  /**
   * The secret called `name`, created with `create` and stored when there is none yet (I/O). Atomic:
   * the read and the insert run in one IMMEDIATE transaction, so of two callers, even in two processes
   * sharing the file, one creates the value and the other reads it; `create` runs at most once per
   * stored value. When `create` throws, nothing is stored and the error propagates.
   */
  getOrCreate(name: string, create: () => Buffer): Buffer {
    return this.getOrCreateTx.immediate(name, create);
  }
}
