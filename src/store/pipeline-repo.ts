/**
 * The pipelines table (migration 0004): of_multi_table pipelines with their status. The only place
 * holding this table's SQL. Rows are checked as they are read (the multi_table document goes
 * through the same reader as the API's input); a row that does not map is reported through
 * onCorruptRow and skipped. The document is written with 64-bit integers as JSON integers and read
 * back with the lossless parser, so a table-miss flow's metadata keeps its exact value.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { CorruptRow } from './types';
import { entryJson, PIPELINE_STATUSES, readMultiTable, type PipelineRecord, type PipelineStatus, type PipelineStore } from '../flows/multi-table-doc';
import { kytosJsonDumps } from '../flows/kytos-match';
import { parseJson } from '../rest/json-body';

export interface PipelineRepoOptions {
  /** Called once per corrupt row met by a read; typically a warn log line. */
  readonly onCorruptRow: (row: CorruptRow) => void;
}

interface PipelineRow {
  id: string;
  status: string;
  multi_table: string;
  inserted_at: string;
  updated_at: string;
}

const COLUMNS = 'id, status, multi_table, inserted_at, updated_at';
const ORDER = 'ORDER BY inserted_at, id';

export class PipelineRepo implements PipelineStore {
  private readonly insertStmt: Statement<[PipelineRow]>;
  private readonly getStmt: Statement<[string], PipelineRow>;
  private readonly listStmt: Statement<[{ status: string | null }], PipelineRow>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly statusStmt: Statement<[string, string, string]>;
  private readonly activeStmt: Statement<[], PipelineRow>;

  constructor(
    private readonly db: Database,
    private readonly opts: PipelineRepoOptions,
  ) {
    this.insertStmt = db.prepare(`INSERT INTO pipelines (${COLUMNS}) VALUES (@id, @status, @multi_table, @inserted_at, @updated_at)`);
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM pipelines WHERE id = ?`);
    this.listStmt = db.prepare(`SELECT ${COLUMNS} FROM pipelines WHERE (@status IS NULL OR status = @status) ${ORDER}`);
    this.deleteStmt = db.prepare('DELETE FROM pipelines WHERE id = ?');
    this.statusStmt = db.prepare('UPDATE pipelines SET status = ?, updated_at = ? WHERE id = ?');
    this.activeStmt = db.prepare(`SELECT ${COLUMNS} FROM pipelines WHERE status <> 'disabled' ${ORDER}`);
  }

  /** Inserts a new pipeline (I/O); a second non-disabled pipeline is refused by the table's index. */
  insert(p: PipelineRecord): void {
    this.insertStmt.run({
      id: p.id,
      status: p.status,
      multi_table: kytosJsonDumps(p.multiTable.map(entryJson)),
      inserted_at: p.insertedAt,
      updated_at: p.updatedAt,
    });
  }

  /** One pipeline; undefined when absent or corrupt (I/O). */
  get(id: string): PipelineRecord | undefined {
    const row = this.getStmt.get(id);
    return row === undefined ? undefined : this.map(row);
  }

  /** Pipelines by insertion time, then id, only those with `status` when given; corrupt rows left out (I/O). */
  list(status?: PipelineStatus): PipelineRecord[] {
    return this.listStmt.all({ status: status ?? null }).flatMap((r) => this.map(r) ?? []);
  }

  /** Deletes a pipeline; whether it existed (I/O). */
  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  /** Sets a pipeline's status and updated_at; whether it existed (I/O). */
  setStatus(id: string, status: PipelineStatus, at: string): boolean {
    return this.statusStmt.run(status, at, id).changes > 0;
  }

  /** The pipeline that is not disabled, if any (I/O). */
  active(): PipelineRecord | undefined {
    const row = this.activeStmt.get();
    return row === undefined ? undefined : this.map(row);
  }

  /** Runs `fn` in one immediate transaction (I/O). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private map(row: PipelineRow): PipelineRecord | undefined {
    const bad = (reason: string): undefined => {
      this.opts.onCorruptRow({ table: 'pipelines', key: row.id, reason });
      return undefined;
    };
    const status = PIPELINE_STATUSES.find((s) => s === row.status);
    if (status === undefined) return bad(`status: not one of ${PIPELINE_STATUSES.join(', ')}`);
    let json: unknown;
    try {
      json = parseJson(row.multi_table);
    } catch {
      return bad('multi_table: not valid JSON');
    }
    const entries = readMultiTable(json);
    if (!entries.ok) return bad(`multi_table: ${entries.error}`);
    return { id: row.id, status, multiTable: entries.value, insertedAt: row.inserted_at, updatedAt: row.updated_at };
  }
}
