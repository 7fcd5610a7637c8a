/**
 * The evcs table (migration 0005): every E-Line circuit, its config (what the user asked for) and its
 * status (what the controller made of it). The only place holding this table's SQL. Rows are checked
 * as they are read; a row whose JSON does not map to EvcConfig/EvcStatus, or whose columns disagree
 * with its config, is reported through onCorruptRow and skipped, so one bad row cannot stop the
 * controller from starting. Writes go through the same checks first (on the JSON they will store), so
 * a save can never create a row that reads back as corrupt.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { CorruptRow } from './types';
import type { CircuitSchedule, EvcConfig, EvcStatus, PathConstraints, PathHop, PathLink, Uni, UniTag } from '../eline/model';
import type { VlanRange } from '../topology/model';

export interface EvcRepoOptions {
  /** Called once per corrupt row met by a read; typically a warn log line. */
  readonly onCorruptRow: (row: CorruptRow) => void;
  /** The clock created_at and updated_at are stamped with, in ms since the epoch. */
  readonly now: () => number;
}

/** A stored circuit. */
export interface EvcRecord {
  readonly config: EvcConfig;
  readonly status: EvcStatus;
}

/** Which circuits list() returns: live ones (default), archived ones, or all. */
export interface EvcListFilter {
  readonly archived?: boolean | 'all';
}

/** A row as SQLite returns it. STRICT typing and the CHECKs guarantee the column types; the JSON needs checking. */
interface EvcRow {
  id: string;
  name: string;
  archived: number;
  enabled: number;
  config: string;
  status: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, name, archived, enabled, config, status, created_at, updated_at';
const EVC_ID = /^[0-9a-f]{14}$/;

export class EvcRepo {
  private readonly getStmt: Statement<[string], EvcRow>;
  private readonly listStmt: Statement<[{ archived: number | null }], EvcRow>;
  private readonly saveStmt: Statement<[EvcRow]>;
  private readonly setStatusStmt: Statement<[string, string, string]>;
  private readonly removeStmt: Statement<[string]>;

  constructor(
    private readonly db: Database,
    private readonly opts: EvcRepoOptions,
  ) {
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM evcs WHERE id = ?`);
    this.listStmt = db.prepare(`SELECT ${COLUMNS} FROM evcs WHERE (@archived IS NULL OR archived = @archived) ORDER BY id`);
    // created_at is written only by the INSERT: a saved circuit keeps the time it was first stored.
    this.saveStmt = db.prepare(`
      INSERT INTO evcs (${COLUMNS}) VALUES (@id, @name, @archived, @enabled, @config, @status, @created_at, @updated_at)
      ON CONFLICT (id) DO UPDATE SET
        name = excluded.name,
        archived = excluded.archived,
        enabled = excluded.enabled,
        config = excluded.config,
        status = excluded.status,
        updated_at = excluded.updated_at`);
    this.setStatusStmt = db.prepare('UPDATE evcs SET status = ?, updated_at = ? WHERE id = ?');
    this.removeStmt = db.prepare('DELETE FROM evcs WHERE id = ?');
  }

  /**
   * Inserts or replaces a circuit's config and status; a replaced row keeps its created_at (I/O).
   * Throws RangeError, before writing anything, when the id is not 14 lower-case hex characters or the
   * config or status would not read back (a missing field, an unknown UniTag kind, ...).
   */
  save(config: EvcConfig, status: EvcStatus): void {
    if (typeof config.id !== 'string' || !EVC_ID.test(config.id)) throw new RangeError(`evc ${JSON.stringify(config.id)}: id: not 14 lower-case hex characters`);
    const configText = JSON.stringify(config);
    const statusText = JSON.stringify(status);
    const c = checkEvcConfig(JSON.parse(configText));
    if (!c.ok) throw new RangeError(`evc ${config.id}: config: ${c.reason}`);
    const s = checkEvcStatus(JSON.parse(statusText));
    if (!s.ok) throw new RangeError(`evc ${config.id}: status: ${s.reason}`);
    const at = this.stamp();
    this.saveStmt.run({
      id: config.id,
      name: config.name,
      archived: bit(config.archived),
      enabled: bit(config.enabled),
      config: configText,
      status: statusText,
      created_at: at,
      updated_at: at,
    });
  }

  /** One circuit, or undefined when absent or corrupt (a corrupt row is reported) (I/O). */
  get(id: string): EvcRecord | undefined {
    const row = this.getStmt.get(id);
    return row === undefined ? undefined : this.map(row);
  }

  /** Circuits by id: live ones by default; corrupt rows are reported and left out (I/O). */
  list(filter: EvcListFilter = {}): EvcRecord[] {
    const a = filter.archived ?? false;
    const out: EvcRecord[] = [];
    for (const row of this.listStmt.all({ archived: a === 'all' ? null : bit(a) })) {
      const r = this.map(row);
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  /**
   * Replaces a circuit's status and stamps its updated_at; returns whether the circuit exists (I/O).
   * Throws RangeError, writing nothing, when the status would not read back.
   */
  setStatus(id: string, status: EvcStatus): boolean {
    const text = JSON.stringify(status);
    const s = checkEvcStatus(JSON.parse(text));
    if (!s.ok) throw new RangeError(`evc ${id}: status: ${s.reason}`);
    return this.setStatusStmt.run(text, this.stamp(), id).changes > 0;
  }

  /** Forgets a circuit; returns whether it existed (I/O). */
  remove(id: string): boolean {
    return this.removeStmt.run(id).changes > 0;
  }

  /**
   * Runs `fn` in one transaction: everything it writes commits together, or nothing when it throws
   * (I/O). Nested calls become savepoints of the outer transaction. The outer one is IMMEDIATE: it
   * takes the write lock up front, so it cannot fail half-way upgrading a read lock while another
   * connection writes.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private stamp(): string {
    return new Date(this.opts.now()).toISOString();
  }

  private map(row: EvcRow): EvcRecord | undefined {
    const bad = (reason: string): undefined => {
      this.opts.onCorruptRow({ table: 'evcs', key: row.id, reason });
      return undefined;
    };
    const config = parseJson(row.config, checkEvcConfig);
    if (!config.ok) return bad(`config: ${config.reason}`);
    const status = parseJson(row.status, checkEvcStatus);
    if (!status.ok) return bad(`status: ${status.reason}`);
    const c = config.value;
    if (c.id !== row.id) return bad('config: disagrees with the id column');
    if (c.name !== row.name) return bad('config: disagrees with the name column');
    if (bit(c.archived) !== row.archived) return bad('config: disagrees with the archived column');
    if (bit(c.enabled) !== row.enabled) return bad('config: disagrees with the enabled column');
    return { config: c, status: status.value };
  }
}

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Thrown inside the checkers below, caught at their entry points: keeps each field check one line. */
class Bad extends Error {}

const bit = (b: boolean): number => (b ? 1 : 0);

function parseJson<T>(text: string, check: (doc: unknown) => Checked<T>): Checked<T> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  return check(doc);
}

function checked<T>(build: () => T): Checked<T> {
  try {
    return { ok: true, value: build() };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, reason: e.message };
    throw e;
  }
}

type Obj = Record<string, unknown>;

function obj(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Bad(`${at}: not an object`);
  return v as Obj;
}
function arr(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new Bad(`${at}: not an array`);
  return v as unknown[];
}
function str(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new Bad(`${at}: not a string`);
  return v;
}
function bool(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') throw new Bad(`${at}: not a boolean`);
  return v;
}
function num(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Bad(`${at}: not a number`);
  return v;
}
function int(v: unknown, at: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Bad(`${at}: not an integer ${min}..${max}`);
  return v;
}
/** An absent field: JSON.stringify drops undefined, so absence and null both read as undefined. */
function opt<T>(v: unknown, read: (v: unknown) => T): T | undefined {
  return v === undefined || v === null ? undefined : read(v);
}

function uniTag(v: unknown, at: string): UniTag {
  const o = obj(v, at);
  switch (o.kind) {
    case 'epl':
    case 'untagged':
    case 'any':
      return { kind: o.kind };
    case 'vlan':
      return { kind: 'vlan', vid: int(o.vid, `${at}.vid`, 1, 4094) };
    case 'range':
      return {
        kind: 'range',
        ranges: arr(o.ranges, `${at}.ranges`).map((r, i): VlanRange => {
          const pair = arr(r, `${at}.ranges[${i}]`);
          if (pair.length !== 2) throw new Bad(`${at}.ranges[${i}]: not a pair [first, last]`);
          return [int(pair[0], `${at}.ranges[${i}][0]`, 1, 4094), int(pair[1], `${at}.ranges[${i}][1]`, 1, 4094)];
        }),
      };
    default:
      throw new Bad(`${at}.kind: not one of epl, untagged, any, vlan, range`);
  }
}

function uni(v: unknown, at: string): Uni {
  const o = obj(v, at);
  return { interfaceId: str(o.interfaceId, `${at}.interfaceId`), tag: uniTag(o.tag, `${at}.tag`) };
}

function pathLinks(v: unknown, at: string): PathLink[] {
  return arr(v, at).map((l, i) => {
    const o = obj(l, `${at}[${i}]`);
    return { id: str(o.id, `${at}[${i}].id`), endpointA: str(o.endpointA, `${at}[${i}].endpointA`), endpointB: str(o.endpointB, `${at}[${i}].endpointB`) };
  });
}

function pathHops(v: unknown, at: string): PathHop[] {
  return arr(v, at).map((h, i) => {
    const o = obj(h, `${at}[${i}]`);
    return {
      linkId: str(o.linkId, `${at}[${i}].linkId`),
      fromA: str(o.fromA, `${at}[${i}].fromA`),
      toZ: str(o.toZ, `${at}[${i}].toZ`),
      sVlan: int(o.sVlan, `${at}[${i}].sVlan`, 1, 4095),
    };
  });
}

const SPF_ATTRIBUTES = ['hop', 'delay', 'priority'] as const;

function constraints(v: unknown, at: string): PathConstraints {
  const o = obj(v, at);
  if (o.undesiredLinks !== undefined) arr(o.undesiredLinks, `${at}.undesiredLinks`).forEach((l, i) => str(l, `${at}.undesiredLinks[${i}]`));
  if (o.spfAttribute !== undefined && !SPF_ATTRIBUTES.some((a) => a === o.spfAttribute)) throw new Bad(`${at}.spfAttribute: not one of ${SPF_ATTRIBUTES.join(', ')}`);
  if (o.spfMaxPathCost !== undefined) num(o.spfMaxPathCost, `${at}.spfMaxPathCost`);
  if (o.mandatoryMetrics !== undefined) obj(o.mandatoryMetrics, `${at}.mandatoryMetrics`);
  if (o.flexibleMetrics !== undefined) obj(o.flexibleMetrics, `${at}.flexibleMetrics`);
  if (o.minimumFlexibleHits !== undefined) num(o.minimumFlexibleHits, `${at}.minimumFlexibleHits`);
  return o as PathConstraints;
}

function schedules(v: unknown, at: string): CircuitSchedule[] {
  return arr(v, at).map((s, i) => {
    const o = obj(s, `${at}[${i}]`);
    str(o.id, `${at}[${i}].id`);
    if (o.action !== 'create' && o.action !== 'remove') throw new Bad(`${at}[${i}].action: not one of create, remove`);
    if (o.date !== undefined) str(o.date, `${at}[${i}].date`);
    if (o.interval !== undefined) obj(o.interval, `${at}[${i}].interval`);
    if (o.frequency !== undefined) str(o.frequency, `${at}[${i}].frequency`);
    return o as unknown as CircuitSchedule;
  });
}

/** A JSON object of strings. */
function stringRecord(v: unknown, at: string): Record<string, string> {
  const o = obj(v, at);
  for (const [k, x] of Object.entries(o)) str(x, `${at}.${k}`);
  return o as Record<string, string>;
}

/** Pure. `{[key]: value}`, or nothing when value is undefined (optional fields stay absent, not undefined). */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Pure. An EvcConfig as read from JSON, with every field present (absent optional ones as undefined), or what is wrong with it. */
export function checkEvcConfig(doc: unknown): Checked<EvcConfig> {
  return checked(() => {
    const o = obj(doc, '$');
    return {
      id: str(o.id, 'id'),
      name: str(o.name, 'name'),
      uniA: uni(o.uniA, 'uniA'),
      uniZ: uni(o.uniZ, 'uniZ'),
      primaryPath: pathLinks(o.primaryPath, 'primaryPath'),
      backupPath: pathLinks(o.backupPath, 'backupPath'),
      primaryLinks: pathLinks(o.primaryLinks, 'primaryLinks'),
      backupLinks: pathLinks(o.backupLinks, 'backupLinks'),
      dynamicBackupPath: bool(o.dynamicBackupPath, 'dynamicBackupPath'),
      primaryConstraints: constraints(o.primaryConstraints, 'primaryConstraints'),
      secondaryConstraints: constraints(o.secondaryConstraints, 'secondaryConstraints'),
      queueId: opt(o.queueId, (v) => int(v, 'queueId', 0, 7)),
      sbPriority: opt(o.sbPriority, (v) => int(v, 'sbPriority', 0, 65535)),
      serviceLevel: num(o.serviceLevel, 'serviceLevel'),
      maxPaths: num(o.maxPaths, 'maxPaths'),
      bandwidth: num(o.bandwidth, 'bandwidth'),
      metadata: obj(o.metadata, 'metadata'),
      enabled: bool(o.enabled, 'enabled'),
      archived: bool(o.archived, 'archived'),
      circuitScheduler: schedules(o.circuitScheduler, 'circuitScheduler'),
      startDate: str(o.startDate, 'startDate'),
      endDate: opt(o.endDate, (v) => str(v, 'endDate')),
      creationTime: str(o.creationTime, 'creationTime'),
      ...optional('owner', opt(o.owner, (v) => str(v, 'owner'))),
    };
  });
}

/** Pure. An EvcStatus as read from JSON, with every field present, or what is wrong with it. */
export function checkEvcStatus(doc: unknown): Checked<EvcStatus> {
  return checked(() => {
    const o = obj(doc, '$');
    return {
      active: bool(o.active, 'active'),
      currentPath: pathHops(o.currentPath, 'currentPath'),
      failoverPath: pathHops(o.failoverPath, 'failoverPath'),
      lastDeployed: opt(o.lastDeployed, (v) => str(v, 'lastDeployed')),
      reason: opt(o.reason, (v) => str(v, 'reason')),
      ...optional('deployed', opt(o.deployed, (v) => bool(v, 'deployed'))),
      ...optional('lastRemoved', opt(o.lastRemoved, (v) => str(v, 'lastRemoved'))),
      ...optional('flowRemovedAt', opt(o.flowRemovedAt, (v) => str(v, 'flowRemovedAt'))),
      ...optional('leftoverSwitch', opt(o.leftoverSwitch, (v) => str(v, 'leftoverSwitch'))),
      ...optional('flowRefused', opt(o.flowRefused, (v) => bool(v, 'flowRefused'))),
      ...optional('scheduleRuns', opt(o.scheduleRuns, (v) => stringRecord(v, 'scheduleRuns'))),
      ...optional('updatedAt', opt(o.updatedAt, (v) => str(v, 'updatedAt'))),
    };
  });
}
