/**
 * Circuit schedules (seed 000, kytos-api.md §1.1 rows 12–15, §1.6): the entries live in each
 * circuit's config; this part registers them with the scheduler, runs their actions on the
 * circuit's operation queue, records each handled occurrence in the circuit's status (so a
 * restart continues where it stopped), and serves the schedule API.
 */
import { DomainError } from '../core/domain-error';
import type { CircuitRuntime } from './circuit-runtime';
import type { Circuit } from './deployer';
import type { CircuitSchedule, EvcConfig, EvcId, EvcStatus } from './model';
import { CircuitScheduler, sameEntry, type ScheduledRun } from './scheduler';
import type { MissedRunPolicy } from './schedule-time';

/** A schedule entry as a request gives it: the id is made when absent. */
export type ScheduleInput = Omit<CircuitSchedule, 'id'> & { readonly id?: string };

/** One entry of GET /v2/evc/schedule. */
export interface ScheduleListing {
  readonly circuitId: EvcId;
  readonly schedule: CircuitSchedule;
}

export interface ScheduleSettings {
  readonly missedRun: MissedRunPolicy;
  readonly graceMs: number;
}

export function scheduleNotFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `schedule_id ${id} not found`);
}

/**
 * Pure. The handled-occurrence record for `entries`: what `previous` has for entries that stay,
 * and `now` for new recurring entries (their occurrences before they existed are not missed). A
 * new one-shot has none, so a date already past counts as missed (the missed-run policy decides).
 */
export function baselineRuns(entries: readonly CircuitSchedule[], previous: Readonly<Record<string, string>> | undefined, now: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const had = previous?.[e.id];
    if (had !== undefined) out[e.id] = had;
    else if (e.date === undefined) out[e.id] = now;
  }
  return out;
}

export class CircuitSchedules {
  private readonly scheduler: CircuitScheduler;

  constructor(
    private readonly rt: CircuitRuntime,
    settings: ScheduleSettings,
  ) {
    this.scheduler = new CircuitScheduler({
      clock: rt.deps.clock,
      policy: settings.missedRun,
      graceMs: settings.graceMs,
      run: (r) => this.run(r),
      skip: (r) => this.record(r),
      log: rt.deps.log,
    });
  }

  /** Starts running due entries (after load). */
  start(): void {
    this.scheduler.start();
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** (Re)registers a circuit's entries with the scheduler. */
  register(c: Circuit): void {
    const runs = new Map(Object.entries(c.status.scheduleRuns ?? {}).map(([id, at]) => [id, Date.parse(at)] as const));
    const end = c.config.endDate === undefined ? undefined : Date.parse(c.config.endDate);
    this.scheduler.set(c.config.id, c.config.circuitScheduler, { startMs: Date.parse(c.config.startDate), endMs: end }, runs);
  }

  drop(evcId: EvcId): void {
    this.scheduler.drop(evcId);
  }

  /** The next run of each waiting entry, `${evcId}/${scheduleId}` → epoch ms. */
  pending(): Map<string, number> {
    return this.scheduler.pending();
  }

  // ------------------------------------------------------------------------------------- API

  /** Every entry of every live circuit, by circuit id; `circuits` is how many live circuits there are. */
  list(): { readonly circuits: number; readonly entries: ScheduleListing[] } {
    const live = [...this.rt.circuits.values()].sort((a, b) => (a.config.id < b.config.id ? -1 : 1));
    return { circuits: live.length, entries: live.flatMap((c) => c.config.circuitScheduler.map((schedule) => ({ circuitId: c.config.id, schedule }))) };
  }

  /** Adds an entry to a live circuit (404 `circuit_id X not found`). */
  async add(circuitId: string, input: ScheduleInput): Promise<CircuitSchedule> {
    const c = this.rt.live(circuitId);
    return this.rt.locked(circuitId, async () => {
      this.rt.stillLive(circuitId, c);
      const entry: CircuitSchedule = { ...input, id: input.id ?? this.rt.deps.newId() };
      if (this.find(entry.id) !== undefined) throw new DomainError('CONFLICT', `schedule_id ${entry.id} already exists`);
      this.change(c, [...c.config.circuitScheduler, entry]);
      return entry;
    });
  }

  /** Replaces an entry (same id); 404 `schedule_id X not found`. */
  async update(scheduleId: string, input: ScheduleInput): Promise<CircuitSchedule> {
    const c = this.find(scheduleId) ?? this.throwNotFound(scheduleId);
    return this.rt.locked(c.config.id, async () => {
      if (this.find(scheduleId) !== c) throw scheduleNotFound(scheduleId);
      const entry: CircuitSchedule = { ...input, id: scheduleId };
      // A changed entry starts afresh: its record of handled occurrences goes.
      const { [scheduleId]: _old, ...runs } = c.status.scheduleRuns ?? {};
      this.change(
        c,
        c.config.circuitScheduler.map((e) => (e.id === scheduleId ? entry : e)),
        runs,
      );
      return entry;
    });
  }

  /** Removes an entry; 404 `schedule_id X not found`. */
  async remove(scheduleId: string): Promise<void> {
    const c = this.find(scheduleId) ?? this.throwNotFound(scheduleId);
    await this.rt.locked(c.config.id, async () => {
      if (this.find(scheduleId) !== c) throw scheduleNotFound(scheduleId);
      this.change(
        c,
        c.config.circuitScheduler.filter((e) => e.id !== scheduleId),
      );
    });
  }

  /** The handled-occurrence record of a config's entries, for a create or a PATCH. */
  runsFor(config: EvcConfig, status: EvcStatus): Record<string, string> {
    return baselineRuns(config.circuitScheduler, status.scheduleRuns, this.rt.nowIso());
  }

  // ------------------------------------------------------------------------------- internals

  private change(c: Circuit, entries: readonly CircuitSchedule[], previousRuns = c.status.scheduleRuns): void {
    const config = { ...c.config, circuitScheduler: entries };
    this.rt.commit(c, { config, status: { ...c.status, scheduleRuns: baselineRuns(entries, previousRuns, this.rt.nowIso()) } });
    this.register(c);
  }

  private find(scheduleId: string): Circuit | undefined {
    for (const c of this.rt.circuits.values()) if (c.config.circuitScheduler.some((e) => e.id === scheduleId)) return c;
    return undefined;
  }

  private throwNotFound(scheduleId: string): never {
    throw scheduleNotFound(scheduleId);
  }

  /** Runs an occurrence: `create` enables and deploys the circuit, `remove` removes its flows and disables it (Kytos deploy() and remove()). */
  private async run(r: ScheduledRun): Promise<void> {
    const rt = this.rt;
    await rt.locked(r.evcId, async () => {
      const c = rt.circuits.get(r.evcId);
      // The entry may have been deleted or changed while the run waited for its turn.
      if (c === undefined || !c.config.circuitScheduler.some((e) => e.id === r.entry.id && sameEntry(e, r.entry))) return;
      const runs = { ...(c.status.scheduleRuns ?? {}), [r.entry.id]: new Date(r.at).toISOString() };
      if (r.entry.action === 'create') {
        rt.commit(c, { config: { ...c.config, enabled: true }, status: { ...c.status, scheduleRuns: runs } });
        if (c.status.deployed !== true) await rt.deployNow(c);
      } else {
        rt.commit(c, { config: { ...c.config, enabled: false }, status: { ...c.status, scheduleRuns: runs } });
        if (c.status.deployed === true) await rt.undeploy(c, 'removed by its schedule');
      }
    });
  }

  /** Records a skipped occurrence as handled. */
  private record(r: ScheduledRun): void {
    const c = this.rt.circuits.get(r.evcId);
    if (c === undefined) return;
    this.rt.commit(c, { status: { ...c.status, scheduleRuns: { ...(c.status.scheduleRuns ?? {}), [r.entry.id]: new Date(r.at).toISOString() } } });
  }
}
