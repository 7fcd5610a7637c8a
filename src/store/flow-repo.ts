/**
 * The desired_flows table (migration 0003): every flow a service asked for, with its owner and
 * install state. The only place holding this table's SQL. Rows are checked as they are read; a row
 * that does not map to DesiredFlowRow is reported through onCorruptRow and skipped, so one bad row
 * cannot stop the controller from starting (the owning service re-plans its flows and the next
 * upsert heals it).
 *
 * Writes check every column and the spec's own fields before they reach SQL. The spec's match and
 * instructions are trusted to their types, not walked value by value: validating them costs as much
 * again as storing them (10,000 flows per upsert must stay fast), and the encoder refuses an
 * out-of-range value anyway when the flow is installed. Such a row reads back as corrupt.
 *
 * Parsing a spec dominates a read, so parsed specs are kept per key together with the text they came
 * from, and reused only while the stored text is the same: a reread switch costs its SQL. Rows read
 * share those FlowSpecs, which are readonly values.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { messageOf } from './errors';
import type { CorruptRow } from './types';
import { checkFlowSpecFields, flowSpecFromJson, flowSpecToJson } from '../flows/flowspec-json';
import type { FlowSpec } from '../flows/flowspec';
import type { JsonObject } from '../ofp/json';
import { FLOW_STATES, type DesiredFlowFilter, type DesiredFlowRemoval, type DesiredFlowRow, type DesiredFlowStore, type FlowState } from '../flows/types';

export interface FlowRepoOptions {
  /** Called once per corrupt row met by a read; typically a warn log line. */
  readonly onCorruptRow: (row: CorruptRow) => void;
  /** The clock markState stamps updated_at with, in ms since the epoch (upserts carry their own times). */
  readonly now: () => number;
}

/** A row as SQLite returns it. STRICT typing and the CHECKs guarantee the column types; spec needs checking. */
interface FlowRow {
  key: string;
  dpid: string;
  table_id: number;
  priority: number;
  owner: string;
  /** Migration 0004: the of_multi_table group; 'base' reads back as an absent tableGroup. */
  table_group: string;
  cookie: string;
  cookie_hi: number;
  spec: string;
  state: string;
  error: string | null;
  inserted_at: string;
  updated_at: string;
}

interface ListParams {
  dpids: string | null;
  states: string | null;
  owner: string | null;
  ranges: string | null;
}

interface RemovalParams {
  dpid: string | null;
  owner: string | null;
  mask_hi: number;
  cookie_hi: number;
}

const COLUMNS = 'key, dpid, table_id, priority, owner, table_group, cookie, cookie_hi, spec, state, error, inserted_at, updated_at';
const ORDER = 'ORDER BY dpid, priority DESC, key';
const U64_MAX = 0xffffffffffffffffn;
// The GLOB of the timestamp columns (migration 0003), checked before writing for a clear message.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.*Z$/;

export class FlowRepo implements DesiredFlowStore {
  private readonly listStmt: Statement<[ListParams], FlowRow>;
  private readonly forSwitchStmt: Statement<[string], FlowRow>;
  private readonly forCookieStmt: Statement<[string], FlowRow>;
  private readonly upsertTx: Transaction<(rows: readonly FlowRow[]) => void>;
  private readonly removeTx: Transaction<(keys: readonly string[]) => number>;
  private readonly removeWhereTx: Transaction<(p: RemovalParams, cookie: bigint, mask: bigint) => FlowRow[]>;
  private readonly markStateTx: Transaction<(keys: readonly string[], state: FlowState, error: string | null, at: string) => number>;
  /** Parsed specs by key, each with the spec text it was parsed from. */
  private readonly parsed = new Map<string, { readonly text: string; readonly spec: FlowSpec }>();

  constructor(
    private readonly db: Database,
    private readonly opts: FlowRepoOptions,
  ) {
    // Each criterion is a JSON array (or NULL for "any"), so one prepared statement serves every filter.
    this.listStmt = db.prepare(`
      SELECT ${COLUMNS} FROM desired_flows
      WHERE (@dpids IS NULL OR dpid IN (SELECT value FROM json_each(@dpids)))
        AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
        AND (@owner IS NULL OR owner = @owner)
        AND (@ranges IS NULL OR EXISTS (
          SELECT 1 FROM json_each(@ranges) AS r
          WHERE cookie BETWEEN json_extract(r.value, '$[0]') AND json_extract(r.value, '$[1]')))
      ${ORDER}`);
    this.forSwitchStmt = db.prepare(`SELECT ${COLUMNS} FROM desired_flows WHERE dpid = ? ${ORDER}`);
    this.forCookieStmt = db.prepare(`SELECT ${COLUMNS} FROM desired_flows WHERE cookie = ? ORDER BY dpid, priority DESC, key`);

    // inserted_at is written only by the INSERT: a replaced flow keeps the time it was first stored.
    const upsertStmt = db.prepare<[FlowRow]>(`
      INSERT INTO desired_flows (${COLUMNS})
      VALUES (@key, @dpid, @table_id, @priority, @owner, @table_group, @cookie, @cookie_hi, @spec, @state, @error, @inserted_at, @updated_at)
      ON CONFLICT (key) DO UPDATE SET
        dpid = excluded.dpid,
        table_id = excluded.table_id,
        priority = excluded.priority,
        owner = excluded.owner,
        table_group = excluded.table_group,
        cookie = excluded.cookie,
        cookie_hi = excluded.cookie_hi,
        spec = excluded.spec,
        state = excluded.state,
        error = excluded.error,
        updated_at = excluded.updated_at`);
    this.upsertTx = db.transaction((rows: readonly FlowRow[]) => {
      for (const row of rows) upsertStmt.run(row);
    });

    const deleteStmt = db.prepare<[string]>('DELETE FROM desired_flows WHERE key = ?');
    this.removeTx = db.transaction((keys: readonly string[]) => {
      let n = 0;
      for (const key of keys) n += deleteStmt.run(key).changes;
      return n;
    });

    // The top byte of the cookie test runs in SQL (cookie_hi); the full 64-bit test runs below, on
    // the few candidates left, because SQLite integers are signed and the cookie column is text.
    const candidatesStmt = db.prepare<[RemovalParams], FlowRow>(`
      SELECT ${COLUMNS} FROM desired_flows
      WHERE (@dpid IS NULL OR dpid = @dpid)
        AND (@owner IS NULL OR owner = @owner)
        AND (cookie_hi & @mask_hi) = @cookie_hi
      ${ORDER}`);
    this.removeWhereTx = db.transaction((p: RemovalParams, cookie: bigint, mask: bigint) => {
      const removed = candidatesStmt.all(p).filter((row) => (BigInt(`0x${row.cookie}`) & mask) === (cookie & mask));
      for (const row of removed) deleteStmt.run(row.key);
      return removed;
    });

    // One statement for the whole batch: the keys travel as one JSON array (a barrier confirms thousands at once).
    const markStmt = db.prepare<[FlowState, string | null, string, string]>(
      'UPDATE desired_flows SET state = ?, error = ?, updated_at = ? WHERE key IN (SELECT value FROM json_each(?))',
    );
    this.markStateTx = db.transaction((keys: readonly string[], state: FlowState, error: string | null, at: string) => {
      return keys.length === 0 ? 0 : markStmt.run(state, error, at, JSON.stringify(keys)).changes;
    });
  }

  /**
   * Inserts or replaces rows by key, all in one transaction; a replaced row keeps its insertedAt (I/O).
   * Throws RangeError, before writing anything, when a row cannot be stored as given: an empty key
   * or owner, an unknown state, an error on a flow that is not failed, a timestamp that is not
   * ISO-8601 UTC, or a spec whose own fields are outside their ranges (checkFlowSpecFields).
   */
  upsert(rows: readonly DesiredFlowRow[]): void {
    this.upsertTx.immediate(rows.map(toFlowRow));
  }

  /** Removes rows by key, in one transaction; returns how many existed (I/O). */
  remove(keys: readonly string[]): number {
    const n = this.removeTx.immediate(keys);
    for (const key of keys) this.parsed.delete(key);
    return n;
  }

  /**
   * Removes the rows the filter selects (see DesiredFlowRemoval: OpenFlow's cookie/mask test; `{}`
   * removes every row), in one transaction, and returns them by dpid, priority (highest first) and
   * key (I/O). A selected row whose spec is corrupt is removed too, and reported instead of returned.
   */
  removeWhere(filter: DesiredFlowRemoval): DesiredFlowRow[] {
    const mask = filter.cookieMask ?? (filter.cookie === undefined ? 0n : U64_MAX);
    const cookie = filter.cookie ?? 0n;
    if (!isU64(cookie)) throw new RangeError(`removeWhere: cookie ${cookie} is not a uint64`);
    if (!isU64(mask)) throw new RangeError(`removeWhere: cookieMask ${mask} is not a uint64`);
    const maskHi = Number(mask >> 56n);
    const params = { dpid: filter.dpid ?? null, owner: filter.owner ?? null, mask_hi: maskHi, cookie_hi: Number(cookie >> 56n) & maskHi };
    const rows = this.removeWhereTx.immediate(params, cookie, mask);
    const removed = this.mapAll(rows);
    for (const row of rows) this.parsed.delete(row.key);
    return removed;
  }

  /**
   * Sets the state of rows by key and stamps their updated_at with the injected clock, in one
   * transaction; returns how many existed (I/O). `error` goes with `failed` only (RangeError otherwise);
   * any other state clears the error.
   */
  markState(keys: readonly string[], state: 'pending' | 'installed'): number;
  markState(keys: readonly string[], state: 'failed', error: string): number;
  markState(keys: readonly string[], state: FlowState, error?: string): number {
    if (!FLOW_STATES.includes(state)) throw new RangeError(`markState: unknown state ${String(state)}`);
    if (error !== undefined && state !== 'failed') throw new RangeError(`markState: an error goes with state failed, not ${state}`);
    return this.markStateTx.immediate(keys, state, error ?? null, new Date(this.opts.now()).toISOString());
  }

  /**
   * Rows the filter selects (every row without one), by dpid, priority (highest first) and key;
   * corrupt rows are reported and left out (I/O). Throws RangeError for a cookie range that is not
   * [first, last] with 0 ≤ first ≤ last < 2^64.
   */
  list(filter: DesiredFlowFilter = {}): DesiredFlowRow[] {
    const ranges = filter.cookieRanges?.map(([first, last]) => {
      if (!isU64(first) || !isU64(last) || first > last) throw new RangeError(`list: cookie range [${first}, ${last}] is not 0 <= first <= last < 2^64`);
      return [cookieText(first), cookieText(last)];
    });
    return this.mapAll(
      this.listStmt.all({
        dpids: filter.dpids === undefined ? null : JSON.stringify(filter.dpids),
        states: filter.states === undefined ? null : JSON.stringify(filter.states),
        owner: filter.owner ?? null,
        ranges: ranges === undefined ? null : JSON.stringify(ranges),
      }),
    );
  }

  /** One switch's rows, by priority (highest first) and key; corrupt rows are reported and left out (I/O). */
  forSwitch(dpid: string): DesiredFlowRow[] {
    return this.mapAll(this.forSwitchStmt.all(dpid));
  }

  /** The rows with exactly this cookie, by dpid, priority (highest first) and key; corrupt rows are reported and left out (I/O). */
  forCookie(cookie: bigint): DesiredFlowRow[] {
    if (!isU64(cookie)) throw new RangeError(`forCookie: cookie ${cookie} is not a uint64`);
    return this.mapAll(this.forCookieStmt.all(cookie.toString(16).padStart(16, '0')));
  }

  /**
   * Runs `fn` in one transaction: everything it writes commits together, or nothing when it throws
   * (I/O). Nested calls, and the repository's own multi-row writes inside `fn`, become savepoints of
   * the outer transaction. The outer one is IMMEDIATE: it takes the write lock up front, so it cannot
   * fail half-way upgrading a read lock while another connection writes.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private mapAll(rows: readonly FlowRow[]): DesiredFlowRow[] {
    const out: DesiredFlowRow[] = [];
    for (const row of rows) {
      const r = this.map(row);
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  private map(row: FlowRow): DesiredFlowRow | undefined {
    const bad = (reason: string): undefined => {
      this.opts.onCorruptRow({ table: 'desired_flows', key: row.key, reason });
      return undefined;
    };
    const spec = this.specOf(row);
    if (typeof spec === 'string') return bad(`spec: ${spec}`);
    const column = disagreement(row, spec);
    if (column !== undefined) return bad(`spec: disagrees with the ${column} column`);
    const state = FLOW_STATES.find((s) => s === row.state);
    if (state === undefined) return bad(`state: not one of ${FLOW_STATES.join(', ')}`);
    return {
      key: row.key,
      spec,
      owner: row.owner,
      ...(row.table_group === 'base' ? {} : { tableGroup: row.table_group }),
      state,
      ...(row.error === null ? {} : { error: row.error }),
      insertedAt: row.inserted_at,
      updatedAt: row.updated_at,
    };
  }

  /** The row's spec, parsed now or earlier from the same text, or what is wrong with it. */
  private specOf(row: FlowRow): FlowSpec | string {
    const known = this.parsed.get(row.key);
    if (known !== undefined && known.text === row.spec) return known.spec;
    this.parsed.delete(row.key);
    let json: unknown;
    try {
      json = JSON.parse(row.spec);
    } catch {
      return 'not valid JSON';
    }
    const r = flowSpecFromJson(json);
    if (!r.ok) return r.error;
    this.parsed.set(row.key, { text: row.spec, spec: r.value });
    return r.value;
  }
}

const isU64 = (v: bigint): boolean => typeof v === 'bigint' && v >= 0n && v <= U64_MAX;

/** The cookie column's form: 16 lower-case hex digits, so that text order is numeric order. */
const cookieText = (c: bigint): string => c.toString(16).padStart(16, '0');

/** The first column that does not hold what the spec says, if any. */
function disagreement(row: FlowRow, spec: FlowSpec): string | undefined {
  if (row.dpid !== spec.dpid) return 'dpid';
  if (row.table_id !== spec.table) return 'table_id';
  if (row.priority !== spec.priority) return 'priority';
  if (row.cookie !== cookieText(spec.cookie)) return 'cookie';
  return undefined;
}

/** Checks a row as described at FlowRepo.upsert and maps it to the table's columns. */
function toFlowRow(r: DesiredFlowRow): FlowRow {
  const bad = (reason: string): never => {
    throw new RangeError(`desired flow ${JSON.stringify(r.key)}: ${reason}`);
  };
  if (typeof r.key !== 'string' || r.key === '') bad('key: empty');
  if (typeof r.owner !== 'string' || r.owner === '') bad('owner: empty');
  if (r.tableGroup !== undefined && (typeof r.tableGroup !== 'string' || r.tableGroup === '')) bad('tableGroup: empty');
  if (!FLOW_STATES.includes(r.state)) bad(`state: not one of ${FLOW_STATES.join(', ')}`);
  if (r.error !== undefined && (r.state !== 'failed' || typeof r.error !== 'string')) bad('error: only a failed flow has one');
  if (!ISO_UTC.test(r.insertedAt)) bad('insertedAt: not ISO-8601 UTC');
  if (!ISO_UTC.test(r.updatedAt)) bad('updatedAt: not ISO-8601 UTC');
  const wrong = checkFlowSpecFields(r.spec);
  if (wrong !== undefined) bad(`spec: ${wrong}`);
  let json: JsonObject;
  try {
    json = flowSpecToJson(r.spec);
  } catch (e) {
    return bad(`spec: ${messageOf(e)}`);
  }
  return {
    key: r.key,
    dpid: r.spec.dpid,
    table_id: r.spec.table,
    priority: r.spec.priority,
    owner: r.owner,
    table_group: r.tableGroup ?? 'base',
    cookie: cookieText(r.spec.cookie),
    cookie_hi: Number(r.spec.cookie >> 56n),
    spec: JSON.stringify(json),
    state: r.state,
    error: r.error ?? null,
    inserted_at: r.insertedAt,
    updated_at: r.updatedAt,
  };
}
