/**
 * The topology's operator-owned state: switch_config, interface_config and links (migration 0002).
 * The only place holding these tables' SQL. Rows are checked as they are read; a row that does not
 * map to its domain type is reported through onCorruptRow and skipped, so one bad row cannot stop
 * the controller from starting (the entity then starts from its defaults, and the next save heals it).
 * Writes are checked before they reach SQL, so a save can never create a row that reads back as corrupt.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { CorruptRow } from './types';
import { SPECIAL_TAGS, type SpecialTag } from '../topology/model';
import type { InterfaceConfig, LinkConfig, SwitchConfig, TopologyStore } from '../topology/types';

export interface TopologyRepoOptions {
  /** Called once per corrupt row met by a load; typically a warn log line. */
  readonly onCorruptRow: (row: CorruptRow) => void;
}

/** Rows as SQLite returns them. STRICT typing guarantees the column types; JSON and 0/1 columns are checked. */
interface SwitchConfigRow {
  dpid: string;
  enabled: number;
  metadata: string;
}

interface InterfaceConfigRow {
  id: string;
  dpid: string;
  port_no: number;
  enabled: number;
  metadata: string;
  tag_ranges: string;
  special_tags: string;
  lldp: number;
  liveness: number;
}

interface LinkRow {
  id: string;
  endpoint_a: string;
  endpoint_b: string;
  enabled: number;
  metadata: string;
  discovered_at: string;
}

const SWITCH_COLUMNS = 'dpid, enabled, metadata';
const INTERFACE_COLUMNS = 'id, dpid, port_no, enabled, metadata, tag_ranges, special_tags, lldp, liveness';
const LINK_COLUMNS = 'id, endpoint_a, endpoint_b, enabled, metadata, discovered_at';

export class TopologyRepo implements TopologyStore {
  private readonly loadSwitchesStmt: Statement<[], SwitchConfigRow>;
  private readonly loadInterfacesStmt: Statement<[], InterfaceConfigRow>;
  private readonly loadLinksStmt: Statement<[], LinkRow>;
  private readonly saveSwitchStmt: Statement<[SwitchConfigRow]>;
  private readonly saveInterfaceStmt: Statement<[InterfaceConfigRow]>;
  private readonly saveLinkStmt: Statement<[LinkRow]>;
  private readonly deleteInterfaceStmt: Statement<[string]>;
  private readonly deleteLinkStmt: Statement<[string]>;
  private readonly deleteSwitchTx: Transaction<(dpid: string) => void>;

  constructor(
    private readonly db: Database,
    private readonly opts: TopologyRepoOptions,
  ) {
    this.loadSwitchesStmt = db.prepare(`SELECT ${SWITCH_COLUMNS} FROM switch_config ORDER BY dpid`);
    this.loadInterfacesStmt = db.prepare(`SELECT ${INTERFACE_COLUMNS} FROM interface_config ORDER BY dpid, port_no`);
    this.loadLinksStmt = db.prepare(`SELECT ${LINK_COLUMNS} FROM links ORDER BY id`);
    // Upserts replace every column: the caller saves the whole current config of the entity.
    this.saveSwitchStmt = db.prepare(`
      INSERT INTO switch_config (${SWITCH_COLUMNS}) VALUES (@dpid, @enabled, @metadata)
      ON CONFLICT (dpid) DO UPDATE SET enabled = excluded.enabled, metadata = excluded.metadata`);
    this.saveInterfaceStmt = db.prepare(`
      INSERT INTO interface_config (${INTERFACE_COLUMNS})
      VALUES (@id, @dpid, @port_no, @enabled, @metadata, @tag_ranges, @special_tags, @lldp, @liveness)
      ON CONFLICT (id) DO UPDATE SET
        enabled = excluded.enabled,
        metadata = excluded.metadata,
        tag_ranges = excluded.tag_ranges,
        special_tags = excluded.special_tags,
        lldp = excluded.lldp,
        liveness = excluded.liveness`);
    // discovered_at is written only by the INSERT: a link keeps the time it was first discovered.
    this.saveLinkStmt = db.prepare(`
      INSERT INTO links (${LINK_COLUMNS}) VALUES (@id, @endpoint_a, @endpoint_b, @enabled, @metadata, @discovered_at)
      ON CONFLICT (id) DO UPDATE SET
        endpoint_a = excluded.endpoint_a,
        endpoint_b = excluded.endpoint_b,
        enabled = excluded.enabled,
        metadata = excluded.metadata`);
    this.deleteInterfaceStmt = db.prepare('DELETE FROM interface_config WHERE id = ?');
    this.deleteLinkStmt = db.prepare('DELETE FROM links WHERE id = ?');
    const deleteSwitchInterfaces = db.prepare<[string]>('DELETE FROM interface_config WHERE dpid = ?');
    const deleteSwitch = db.prepare<[string]>('DELETE FROM switch_config WHERE dpid = ?');
    // No foreign key cascades (see migration 0002): the switch's interfaces go in the same transaction.
    this.deleteSwitchTx = db.transaction((dpid: string) => {
      deleteSwitchInterfaces.run(dpid);
      deleteSwitch.run(dpid);
    });
  }

  /** Every saved switch config, by dpid; corrupt rows are reported and left out (I/O). */
  loadSwitches(): SwitchConfig[] {
    return this.mapAll(this.loadSwitchesStmt.all(), (row) => this.mapSwitch(row));
  }

  /** Every saved interface config, by dpid then port; corrupt rows are reported and left out (I/O). */
  loadInterfaces(): InterfaceConfig[] {
    return this.mapAll(this.loadInterfacesStmt.all(), (row) => this.mapInterface(row));
  }

  /** Every saved link, by id; corrupt rows are reported and left out (I/O). */
  loadLinks(): LinkConfig[] {
    return this.mapAll(this.loadLinksStmt.all(), (row) => this.mapLink(row));
  }

  /** Inserts or replaces a switch's config (I/O). Throws when the schema refuses it (e.g. a malformed dpid). */
  saveSwitch(s: SwitchConfig): void {
    this.saveSwitchStmt.run({ dpid: s.dpid, enabled: bit(s.enabled), metadata: JSON.stringify(s.metadata) });
  }

  /**
   * Inserts or replaces an interface's config (I/O). Throws RangeError when the tag ranges are not
   * normalised or the special tags are not a set of known tags, and the schema's error when the id is
   * not `<dpid>:<portNo>`.
   */
  saveInterface(i: InterfaceConfig): void {
    const ranges = checkTagRanges(i.tagRanges);
    if (!ranges.ok) throw new RangeError(`interface ${i.id}: tagRanges: ${ranges.reason}`);
    const special = checkSpecialTags(i.specialTags);
    if (!special.ok) throw new RangeError(`interface ${i.id}: specialTags: ${special.reason}`);
    this.saveInterfaceStmt.run({
      id: i.id,
      dpid: i.dpid,
      port_no: i.portNo,
      enabled: bit(i.enabled),
      metadata: JSON.stringify(i.metadata),
      tag_ranges: JSON.stringify(ranges.value),
      special_tags: JSON.stringify(special.value),
      lldp: bit(i.lldp),
      liveness: bit(i.liveness),
    });
  }

  /** Inserts or updates a link; an existing row keeps its discovered_at (I/O). */
  saveLink(l: LinkConfig): void {
    this.saveLinkStmt.run({
      id: l.id,
      endpoint_a: l.endpointA,
      endpoint_b: l.endpointB,
      enabled: bit(l.enabled),
      metadata: JSON.stringify(l.metadata),
      discovered_at: l.discoveredAt,
    });
  }

  /** Forgets a switch's config and its interfaces' configs, together; its links are left alone (I/O). */
  deleteSwitch(dpid: string): void {
    this.deleteSwitchTx(dpid);
  }

  /** Forgets an interface's config (I/O). */
  deleteInterface(id: string): void {
    this.deleteInterfaceStmt.run(id);
  }

  /** Forgets a link (I/O). */
  deleteLink(id: string): void {
    this.deleteLinkStmt.run(id);
  }

  /**
   * Runs `fn` in one transaction: everything it saves commits together, or nothing when it throws
   * (I/O). Nested calls become savepoints of the outer transaction. The outer one is IMMEDIATE: it
   * takes the write lock up front, so it cannot fail half-way upgrading a read lock while another
   * connection (a second controller on the same file) writes.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private mapAll<R, T>(rows: readonly R[], map: (row: R) => T | undefined): T[] {
    const out: T[] = [];
    for (const row of rows) {
      const v = map(row);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  private corrupt(table: string, key: string, reason: string): undefined {
    this.opts.onCorruptRow({ table, key, reason });
    return undefined;
  }

  private mapSwitch(row: SwitchConfigRow): SwitchConfig | undefined {
    const enabled = flag(row.enabled);
    if (enabled === undefined) return this.corrupt('switch_config', row.dpid, 'enabled: not 0 or 1');
    const metadata = parseMetadata(row.metadata);
    if (!metadata.ok) return this.corrupt('switch_config', row.dpid, `metadata: ${metadata.reason}`);
    return { dpid: row.dpid, enabled, metadata: metadata.value };
  }

  private mapInterface(row: InterfaceConfigRow): InterfaceConfig | undefined {
    const bad = (reason: string): undefined => this.corrupt('interface_config', row.id, reason);
    const enabled = flag(row.enabled);
    const lldp = flag(row.lldp);
    const liveness = flag(row.liveness);
    if (enabled === undefined) return bad('enabled: not 0 or 1');
    if (lldp === undefined) return bad('lldp: not 0 or 1');
    if (liveness === undefined) return bad('liveness: not 0 or 1');
    const metadata = parseMetadata(row.metadata);
    if (!metadata.ok) return bad(`metadata: ${metadata.reason}`);
    const tagRanges = parseJsonColumn(row.tag_ranges, checkTagRanges);
    if (!tagRanges.ok) return bad(`tag_ranges: ${tagRanges.reason}`);
    const specialTags = parseJsonColumn(row.special_tags, checkSpecialTags);
    if (!specialTags.ok) return bad(`special_tags: ${specialTags.reason}`);
    return {
      id: row.id,
      dpid: row.dpid,
      portNo: row.port_no,
      enabled,
      metadata: metadata.value,
      tagRanges: tagRanges.value,
      specialTags: specialTags.value,
      lldp,
      liveness,
    };
  }

  private mapLink(row: LinkRow): LinkConfig | undefined {
    const enabled = flag(row.enabled);
    if (enabled === undefined) return this.corrupt('links', row.id, 'enabled: not 0 or 1');
    const metadata = parseMetadata(row.metadata);
    if (!metadata.ok) return this.corrupt('links', row.id, `metadata: ${metadata.reason}`);
    return {
      id: row.id,
      endpointA: row.endpoint_a,
      endpointB: row.endpoint_b,
      enabled,
      metadata: metadata.value,
      discoveredAt: row.discovered_at,
    };
  }
}

/** A checked value, or what is wrong with it. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const bit = (b: boolean): number => (b ? 1 : 0);
const flag = (v: number): boolean | undefined => (v === 1 ? true : v === 0 ? false : undefined);

/** Pure. Parses a JSON column and checks its value, or says what is wrong with it. */
export function parseJsonColumn<T>(text: string, check: (doc: unknown) => Checked<T>): Checked<T> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  return check(doc);
}

/** Pure. A metadata column as a JSON object, or what is wrong with it. */
export function parseMetadata(text: string): Checked<Record<string, unknown>> {
  return parseJsonColumn(text, (doc) =>
    typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? { ok: true, value: doc as Record<string, unknown> }
      : { ok: false, reason: 'not a JSON object' },
  );
}

/**
 * Pure. Checks VLAN ranges as InterfaceConfig.tagRanges promises them: pairs of integers
 * 1 ≤ first ≤ last ≤ 4095, sorted, disjoint and non-adjacent. Returns a copy holding only the pairs.
 */
export function checkTagRanges(doc: unknown): Checked<[number, number][]> {
  const bad = (reason: string): Checked<[number, number][]> => ({ ok: false, reason });
  if (!Array.isArray(doc)) return bad('not an array');
  const out: [number, number][] = [];
  for (const [i, item] of (doc as unknown[]).entries()) {
    if (!Array.isArray(item) || item.length !== 2) return bad(`[${i}] is not a pair [first, last]`);
    const [first, last] = item as unknown[];
    if (!isVid(first) || !isVid(last)) return bad(`[${i}] holds a value that is not a VLAN id 1..4095`);
    if (first > last) return bad(`[${i}] has first > last`);
    const prev = out.at(-1);
    // Normalised: a range starting at or before prev.last + 1 overlaps or touches the previous one.
    if (prev !== undefined && first <= prev[1] + 1) return bad(`[${i}] is not after [${i - 1}] with a gap (ranges are sorted, disjoint and non-adjacent)`);
    out.push([first, last]);
  }
  return { ok: true, value: out };
}

/** Pure. Checks special tags: a list of distinct known tags ('untagged', 'any'). Returns a copy. */
export function checkSpecialTags(doc: unknown): Checked<SpecialTag[]> {
  const bad = (reason: string): Checked<SpecialTag[]> => ({ ok: false, reason });
  if (!Array.isArray(doc)) return bad('not an array');
  const out: SpecialTag[] = [];
  for (const [i, item] of (doc as unknown[]).entries()) {
    const tag = SPECIAL_TAGS.find((t) => t === item);
    if (tag === undefined) return bad(`[${i}] is not one of ${SPECIAL_TAGS.join(', ')}`);
    if (out.includes(tag)) return bad(`[${i}] repeats ${tag}`);
    out.push(tag);
  }
  return { ok: true, value: out };
}

const isVid = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 4095;
