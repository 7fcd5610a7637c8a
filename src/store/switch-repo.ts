/**
 * The switches table: every switch the controller has seen, with its last description and ports.
 * The only place holding this table's SQL. Rows are checked as they are read; a row that does not
 * map to KnownSwitch is reported through onCorruptRow and skipped, so one bad row cannot stop the
 * controller from starting (the next connection of that switch rewrites it).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { CorruptRow, KnownPort, KnownSwitch } from './types';
import { toKnownPort } from '../topology/switch-directory';

export interface SwitchRepoOptions {
  /** Called once per corrupt row met by list() or get(); typically a warn log line. */
  readonly onCorruptRow: (row: CorruptRow) => void;
}

/** A row as SQLite returns it. STRICT typing guarantees these column types; only `ports` needs checking. */
interface SwitchRow {
  dpid: string;
  first_seen: string;
  last_seen: string;
  last_address: string;
  manufacturer: string;
  hardware: string;
  software: string;
  serial: string;
  datapath_desc: string;
  n_tables: number;
  ports: string;
}

const COLUMNS = 'dpid, first_seen, last_seen, last_address, manufacturer, hardware, software, serial, datapath_desc, n_tables, ports';

export class SwitchRepo {
  private readonly upsertStmt: Statement<[SwitchRow]>;
  private readonly listStmt: Statement<[], SwitchRow>;
  private readonly getStmt: Statement<[string], SwitchRow>;
  private readonly removeStmt: Statement<[string]>;

  constructor(
    db: Database,
    private readonly opts: SwitchRepoOptions,
  ) {
    // first_seen is written only by the INSERT; the update keeps the stored one.
    this.upsertStmt = db.prepare(`
      INSERT INTO switches (${COLUMNS})
      VALUES (@dpid, @first_seen, @last_seen, @last_address, @manufacturer, @hardware, @software, @serial, @datapath_desc, @n_tables, @ports)
      ON CONFLICT (dpid) DO UPDATE SET
        last_seen = excluded.last_seen,
        last_address = excluded.last_address,
        manufacturer = excluded.manufacturer,
        hardware = excluded.hardware,
        software = excluded.software,
        serial = excluded.serial,
        datapath_desc = excluded.datapath_desc,
        n_tables = excluded.n_tables,
        ports = excluded.ports`);
    this.listStmt = db.prepare(`SELECT ${COLUMNS} FROM switches ORDER BY dpid`);
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM switches WHERE dpid = ?`);
    this.removeStmt = db.prepare('DELETE FROM switches WHERE dpid = ?');
  }

  /** Inserts or updates a switch; an existing row keeps its first_seen (I/O). */
  record(s: KnownSwitch): void {
    this.upsertStmt.run({
      dpid: s.dpid,
      first_seen: s.firstSeen,
      last_seen: s.lastSeen,
      last_address: s.lastAddress,
      manufacturer: s.manufacturer,
      hardware: s.hardware,
      software: s.software,
      serial: s.serial,
      datapath_desc: s.datapathDesc,
      n_tables: s.nTables,
      // Written field by field so the column holds exactly the KnownPort shape, whatever else the object carries.
      ports: JSON.stringify(s.ports.map(toKnownPort)),
    });
  }

  /** Every switch ever seen, by dpid; corrupt rows are reported and left out (I/O). */
  list(): KnownSwitch[] {
    const out: KnownSwitch[] = [];
    for (const row of this.listStmt.all()) {
      const s = this.map(row);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  /** One switch, or undefined when unknown (or corrupt, which is reported) (I/O). */
  get(dpid: string): KnownSwitch | undefined {
    const row = this.getStmt.get(dpid);
    return row === undefined ? undefined : this.map(row);
  }

  /** Forgets a switch; true when it was known (I/O). */
  remove(dpid: string): boolean {
    return this.removeStmt.run(dpid).changes > 0;
  }

  private map(row: SwitchRow): KnownSwitch | undefined {
    const ports = parsePorts(row.ports);
    if (!ports.ok) {
      this.opts.onCorruptRow({ table: 'switches', key: row.dpid, reason: `ports: ${ports.reason}` });
      return undefined;
    }
    return {
      dpid: row.dpid,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      lastAddress: row.last_address,
      manufacturer: row.manufacturer,
      hardware: row.hardware,
      software: row.software,
      serial: row.serial,
      datapathDesc: row.datapath_desc,
      nTables: row.n_tables,
      ports: ports.ports,
    };
  }
}


const U32_FIELDS = ['portNo', 'config', 'state', 'curr', 'currSpeed', 'maxSpeed'] as const;
const STRING_FIELDS = ['name', 'hwAddr'] as const;

export type ParsedPorts = { readonly ok: true; readonly ports: KnownPort[] } | { readonly ok: false; readonly reason: string };

/** Pure. The ports column as KnownPort[], or what is wrong with it. */
export function parsePorts(text: string): ParsedPorts {
  const bad = (reason: string): ParsedPorts => ({ ok: false, reason });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return bad('not valid JSON');
  }
  if (!Array.isArray(doc)) return bad('not a JSON array');
  const ports: KnownPort[] = [];
  for (const [i, item] of doc.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return bad(`[${i}] is not an object`);
    const o = item as Record<string, unknown>;
    for (const f of U32_FIELDS) {
      const v = o[f];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) return bad(`[${i}].${f} is not a uint32`);
    }
    for (const f of STRING_FIELDS) {
      if (typeof o[f] !== 'string') return bad(`[${i}].${f} is not a string`);
    }
    ports.push(toKnownPort(o as unknown as KnownPort));
  }
  return { ok: true, ports };
}
