/**
 * The table pipeline: which table each owner's table group lives in, and each table's miss
 * behaviour (kytos-api.md §7, of_multi_table). One declaration is active at a time; every flow a
 * service builds is placed and checked through it. Pure.
 */
import { OFPTT } from '../ofp';
import { err, ok, type Result } from '../topology/result';
import type { FlowSpec } from './flowspec';

export type TableMiss =
  | { readonly kind: 'drop' }
  | { readonly kind: 'controller' }
  | { readonly kind: 'goto'; readonly tableId: number };

export interface TableDecl {
  readonly tableId: number;
  readonly description?: string;
  /** owner → the table groups it puts in this table (e.g. mef_eline: ['evpl', 'epl']). */
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /** What a packet that matches no flow does; absent means no table-miss flow (drop). */
  readonly miss?: TableMiss;
}

export interface PipelineDecl {
  readonly tables: readonly TableDecl[];
}

/** Kytos-ng's default pipeline (kytos-api.md §7): everything in table 0. */
export const DEFAULT_PIPELINE: PipelineDecl = {
  tables: [{ tableId: 0, description: 'default', groups: { of_lldp: ['base'], mef_eline: ['evpl', 'epl'], coloring: ['base'] } }],
};

/** Pure. Kytos's rules: unique table ids, each (owner, group) in one table, a miss goto to a higher declared table. */
export function validatePipeline(p: PipelineDecl): Result<PipelineDecl, string> {
  if (p.tables.length === 0) return err('a pipeline needs at least one table');
  const ids = new Set<number>();
  const pairs = new Map<string, number>();
  for (const t of p.tables) {
    if (!Number.isInteger(t.tableId) || t.tableId < 0 || t.tableId >= OFPTT.MAX) return err(`table_id ${t.tableId} is not in 0..254`);
    if (ids.has(t.tableId)) return err(`table_id ${t.tableId} is declared twice`);
    ids.add(t.tableId);
    for (const [owner, groups] of Object.entries(t.groups)) {
      for (const g of groups) {
        const where = pairs.get(`${owner}/${g}`);
        if (where !== undefined) return err(`${owner} table group ${g} is in tables ${where} and ${t.tableId}`);
        pairs.set(`${owner}/${g}`, t.tableId);
      }
    }
  }
  for (const t of p.tables) {
    if (t.miss?.kind === 'goto' && !(t.miss.tableId > t.tableId && ids.has(t.miss.tableId))) {
      return err(`table ${t.tableId}: a table-miss goto_table must point to a higher declared table, not ${t.miss.tableId}`);
    }
  }
  return ok(p);
}

/** Pure. The table of an owner's table group; an undeclared group goes to the first table. */
export function tableOf(p: PipelineDecl, owner: string, group: string): number {
  for (const t of p.tables) if (t.groups[owner]?.includes(group)) return t.tableId;
  return p.tables[0]?.tableId ?? 0;
}

/** Pure. Checks a flow against the pipeline: its table is declared and every goto_table goes forward to a declared table. */
export function checkFlow(p: PipelineDecl, f: FlowSpec): Result<FlowSpec, string> {
  const ids = new Set(p.tables.map((t) => t.tableId));
  if (!ids.has(f.table)) return err(`table ${f.table} is not in the pipeline`);
  for (const i of f.instructions) {
    if (i.type === 'goto_table' && !(i.tableId > f.table && ids.has(i.tableId))) {
      return err(`goto_table ${i.tableId} from table ${f.table}: must go forward to a declared table (OF1.3.5 5.1)`);
    }
  }
  return ok(f);
}
