/**
 * The of_multi_table service (kytos-api.md §7): stored pipelines, one active at a time, and the
 * moves that make the switches follow it. The active pipeline decides the table of every flow a
 * service builds (`activePipeline()` with tableOf), so that new flows land where the pipeline says.
 *
 * Enabling (or disabling, which returns to DEFAULT_PIPELINE) runs in the background after the HTTP
 * answer, one transition at a time, and is make-before-break: (1) every desired flow whose
 * (owner, table group) the target declares in another table is installed there, (2) the table-miss
 * flows (cookie 0xAD<<56 | dpid, owner of_multi_table) are made exactly the target's on every
 * enabled switch, (3) the old copies are deleted. The status then becomes enabled (disabled), or
 * enabling_error (disabling_error) when a switch refused a flow or a step failed. A switch that is
 * not connected is no error: its desired flows changed, and the reconciler brings it in line when
 * it connects.
 */
import type { Clock, Dpid } from '../ofp';
import { DomainError } from '../core/domain-error';
import type { InstallResult } from './installer';
import { DEFAULT_PIPELINE, type PipelineDecl } from './pipeline';
import {
  MISS_OWNER,
  PIPELINE_STATUSES,
  isActiveStatus,
  missFlows,
  pipelineDecl,
  planMoves,
  readMultiTable,
  type FlowMove,
  type MultiTableEntry,
  type PipelineRecord,
  type PipelineStatus,
  type PipelineStore,
} from './multi-table-doc';
import type { FlowService } from './service';

export interface MultiTableLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface MultiTableDeps {
  readonly store: PipelineStore;
  readonly flows: Pick<FlowService, 'rows' | 'install' | 'ensure' | 'remove' | 'replaceOwnerFlows'>;
  /** The switches that get table-miss flows: the administratively enabled ones. */
  readonly enabledSwitches: () => Dpid[];
  readonly clock: Clock;
  /** A fresh pipeline id (of_multi_table: uuid4 hex). */
  readonly newId: () => string;
  readonly log: MultiTableLogger;
}

/** What a disable request did: nothing to move (another pipeline is active, or this one is disabled already), or a transition. */
export type DisableOutcome = { readonly kind: 'disabled' } | { readonly kind: 'disabling'; readonly done: Promise<PipelineStatus> };

interface Active {
  readonly id: string;
  readonly entries: readonly MultiTableEntry[];
  readonly decl: PipelineDecl;
}

const notFound = (text: string): DomainError => new DomainError('NOT_FOUND', text);

export class MultiTableService {
  private active: Active | undefined;
  /** Transitions and table-miss installs, one at a time and in order. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: MultiTableDeps) {
    const p = deps.store.active();
    if (p !== undefined && isActiveStatus(p.status)) this.active = activeOf(p);
  }

  /** The pipeline new flows are placed by: the active one, else Kytos-ng's default. */
  activePipeline(): PipelineDecl {
    return this.active?.decl ?? DEFAULT_PIPELINE;
  }

  /** Stores a new, disabled pipeline and returns its id; a 400 DomainError names what is wrong (I/O). */
  create(multiTable: unknown): string {
    const entries = readMultiTable(multiTable);
    if (!entries.ok) throw new DomainError('BAD_REQUEST', entries.error);
    const at = this.stamp();
    const id = this.deps.newId();
    this.deps.store.insert({ id, status: 'disabled', multiTable: entries.value, insertedAt: at, updatedAt: at });
    return id;
  }

  /** Stored pipelines, optionally only those with one status (I/O). */
  list(status?: string): PipelineRecord[] {
    if (status === undefined) return this.deps.store.list();
    const s = status.toLowerCase();
    const known = isStatus(s);
    // of_multi_table filters by the lower-cased text: an unknown status matches nothing.
    return known ? this.deps.store.list(s) : [];
  }

  /** One pipeline; 404 DomainError when absent (I/O). */
  get(id: string): PipelineRecord {
    const p = this.deps.store.get(id);
    if (p === undefined) throw notFound(`pipeline_id ${id} not found`);
    return p;
  }

  /** Deletes a disabled pipeline; 404 when absent, 409 otherwise (I/O). */
  delete(id: string): void {
    const p = this.get(id);
    if (p.status !== 'disabled') throw new DomainError('CONFLICT', 'Only disabled pipelines are allowed to be delete');
    this.deps.store.delete(id);
  }

  /**
   * Makes a pipeline the active one (any other goes to disabled) and starts its transition; 404
   * DomainError when absent. `done` settles with the final status (I/O).
   */
  enable(id: string): { readonly done: Promise<PipelineStatus> } {
    const p = this.deps.store.get(id);
    if (p === undefined) throw notFound(`Pipeline ${id} not found`);
    const at = this.stamp();
    this.deps.store.transaction(() => {
      const other = this.deps.store.active();
      if (other !== undefined && other.id !== id) this.deps.store.setStatus(other.id, 'disabled', at);
      this.deps.store.setStatus(id, 'enabling', at);
    });
    this.active = activeOf(p);
    return { done: this.queue(() => this.transition(id, p.multiTable, 'enabling')) };
  }

  /**
   * Returns to the default pipeline when `id` is the active one (status disabling, then disabled);
   * another pipeline's request only confirms it disabled, as of_multi_table does. 404 when absent (I/O).
   */
  disable(id: string): DisableOutcome {
    const p = this.deps.store.get(id);
    if (p === undefined) throw notFound(`Pipeline ${id} not found`);
    const active = this.deps.store.active();
    if (active === undefined || active.id !== id) return { kind: 'disabled' };
    this.deps.store.setStatus(id, 'disabling', this.stamp());
    this.active = undefined;
    return { kind: 'disabling', done: this.queue(() => this.transition(id, undefined, 'disabling')) };
  }

  /** Finishes a transition the controller stopped in the middle of (status enabling or disabling); call once at start. */
  resume(): Promise<PipelineStatus | undefined> {
    const p = this.deps.store.active();
    if (p?.status === 'enabling') return this.queue(() => this.transition(p.id, p.multiTable, 'enabling'));
    if (p?.status === 'disabling') return this.queue(() => this.transition(p.id, undefined, 'disabling'));
    return Promise.resolve(undefined);
  }

  /** Makes a switch that connected or was enabled hold the active pipeline's table-miss flows (I/O); never rejects. */
  switchReady(dpid: Dpid): Promise<void> {
    return this.queue(async () => {
      try {
        const flows = missFlows(this.active?.entries, dpid);
        if (flows.length > 0) await this.deps.flows.ensure(MISS_OWNER, flows);
      } catch (e) {
        this.deps.log.error({ dpid, err: e instanceof Error ? e.message : String(e) }, 'table-miss flows not installed');
      }
    });
  }

  /** Resolves once every queued transition has finished (for tests and shutdown). */
  async idle(): Promise<void> {
    await this.chain;
  }

  private queue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private stamp(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  /** Moves the flows to `entries` (the default pipeline when undefined) and records the outcome; never rejects. */
  private async transition(id: string, entries: readonly MultiTableEntry[] | undefined, from: 'enabling' | 'disabling'): Promise<PipelineStatus> {
    let ok = false;
    try {
      ok = await this.apply(entries);
    } catch (e) {
      this.deps.log.error({ pipeline: id, err: e instanceof Error ? e.message : String(e) }, 'pipeline transition failed');
    }
    const status: PipelineStatus = from === 'enabling' ? (ok ? 'enabled' : 'enabling_error') : ok ? 'disabled' : 'disabling_error';
    try {
      // A later request may have moved this pipeline on (another one enabled meanwhile): keep its word.
      const now = this.deps.store.transaction(() => {
        const current = this.deps.store.get(id);
        if (current?.status !== from) return current?.status;
        this.deps.store.setStatus(id, status, this.stamp());
        return status;
      });
      this.deps.log.info({ pipeline: id, status: now ?? 'deleted' }, `pipeline ${from === 'enabling' ? 'enabled' : 'disabled'}`);
      return now ?? status;
    } catch (e) {
      this.deps.log.error({ pipeline: id, status, err: e instanceof Error ? e.message : String(e) }, 'pipeline status not recorded');
      return status;
    }
  }

  /** Steps (1)–(3) of the module comment; whether no switch refused anything. */
  private async apply(entries: readonly MultiTableEntry[] | undefined): Promise<boolean> {
    const { flows } = this.deps;
    const rows = flows.rows();
    const moves = planMoves(rows, entries === undefined ? DEFAULT_PIPELINE : pipelineDecl(entries));
    const results: InstallResult[] = [];
    const collect = (m: Map<Dpid, InstallResult> | readonly InstallResult[]): void => {
      results.push(...(m instanceof Map ? m.values() : m));
    };

    // (1) Make: each owner's group in its new table.
    const groups = new Map<string, FlowMove[]>();
    for (const m of moves) {
      const k = `${m.owner}\u0000${m.tableGroup}`;
      groups.set(k, [...(groups.get(k) ?? []), m]);
    }
    await Promise.all(
      [...groups.values()].map(async (list) => {
        const first = list[0] as FlowMove;
        collect(await flows.install(first.owner, list.map((m) => m.to), { tableGroup: first.tableGroup }));
      }),
    );

    // (2) Table-miss flows: the target's on every enabled switch, none left anywhere else.
    const enabled = new Set(this.deps.enabledSwitches());
    const holding = new Set(rows.filter((r) => r.owner === MISS_OWNER).map((r) => r.spec.dpid));
    await Promise.all(
      [...new Set([...enabled, ...holding])].map(async (dpid) => {
        collect(await flows.replaceOwnerFlows(MISS_OWNER, dpid, enabled.has(dpid) ? missFlows(entries, dpid) : []));
      }),
    );

    // (3) Break: the old copies.
    if (moves.length > 0) collect(await flows.remove(moves.map((m) => m.from)));

    const refused = results.filter((r) => !r.ok && r.reason !== 'not_connected');
    if (refused.length > 0) this.deps.log.warn({ refused: refused.length, moved: moves.length }, 'pipeline flows refused');
    return refused.length === 0;
  }
}

function activeOf(p: PipelineRecord): Active {
  return { id: p.id, entries: p.multiTable, decl: pipelineDecl(p.multiTable) };
}

function isStatus(s: string): s is PipelineStatus {
  return (PIPELINE_STATUSES as readonly string[]).includes(s);
}
