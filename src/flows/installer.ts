/**
 * The one place that turns flow changes into FLOW_MODs on a session (house style B5/B6). Per
 * switch: deletes, barrier, adds and modifies, barrier; an install resolves only when the final
 * barrier reply confirms it; an OFPT_ERROR is mapped by xid back to the flow that caused it; sends
 * can be paced per switch for hardware that needs it. Flows being sent are "in flight" until their
 * barrier returns, so the reconciler leaves them alone.
 */
import type { Clock, Dpid, MessageOf } from '../ofp';
import type { SwitchConnection } from '../ofp/connection';
import { flowKey } from './canonical';
import type { FlowSpec } from './flowspec';
import { isEmptyChanges, orderChanges, type FlowModCommand, type SwitchChanges } from './order';

export interface SessionSource {
  get(dpid: Dpid): SwitchConnection | undefined;
}

/** A flow the switch refused (OFPT_ERROR with its FLOW_MOD's xid). */
export interface FlowError {
  readonly flow: FlowSpec;
  readonly command: FlowModCommand;
  readonly errType: number;
  readonly code: number;
}

export type InstallResult =
  | { readonly ok: true; readonly sent: number }
  | { readonly ok: false; readonly reason: 'not_connected' }
  | { readonly ok: false; readonly reason: 'rejected'; readonly sent: number; readonly errors: readonly FlowError[] }
  | { readonly ok: false; readonly reason: 'failed'; readonly message: string };

export interface InstallerOptions {
  readonly clock: Clock;
  /** FLOW_MODs per second per switch; 0 sends as fast as the socket takes them. */
  readonly flowModRate: number;
}

export class FlowInstaller {
  private readonly inFlight = new Map<Dpid, Map<string, number>>();
  private readonly sentCounts = new Map<Dpid, number>();
  /** One token bucket per switch: the rate holds across change sets, not per set. */
  private readonly pacers = new Map<Dpid, Pacer>();
  /** Per switch, the tail of its chain of change sets: one set at a time, in order. */
  private readonly chains = new Map<Dpid, Promise<unknown>>();

  constructor(
    private readonly sessions: SessionSource,
    private readonly opts: InstallerOptions,
  ) {}

  /** FLOW_MODs sent to a switch since the controller started (for tests, benchmarks and metrics). */
  flowModsSent(dpid: Dpid): number {
    return this.sentCounts.get(dpid) ?? 0;
  }

  /** Keys of the flows of a switch that are sent and not yet confirmed. */
  inFlightKeys(dpid: Dpid): ReadonlySet<string> {
    return new Set(this.inFlight.get(dpid)?.keys() ?? []);
  }

  /** Adds (or overwrites) flows on one switch and resolves once a barrier confirms them. */
  addFlows(dpid: Dpid, flows: readonly FlowSpec[]): Promise<InstallResult> {
    return this.apply(dpid, { add: flows, modify: [], remove: [] });
  }

  /** Applies a change set to one switch, after any earlier set for it, in the safe order. */
  apply(dpid: Dpid, changes: SwitchChanges): Promise<InstallResult> {
    const previous = this.chains.get(dpid) ?? Promise.resolve();
    const run = previous.then(() => this.run(dpid, changes));
    const tail = run.catch(() => undefined);
    this.chains.set(dpid, tail);
    void tail.then(() => {
      if (this.chains.get(dpid) === tail) this.chains.delete(dpid);
    });
    return run;
  }

  /**
   * Applies staged change sets across switches: every switch of a stage in parallel, and the next
   * stage only after all of them confirmed (downstream first for an install, ingress first for a
   * removal). Stops at the first stage that fails and returns every result so far.
   */
  async applyStaged(stages: readonly (readonly { dpid: Dpid; changes: SwitchChanges }[])[]): Promise<{ dpid: Dpid; result: InstallResult }[]> {
    const out: { dpid: Dpid; result: InstallResult }[] = [];
    for (const stage of stages) {
      const results = await Promise.all(stage.map(async (s) => ({ dpid: s.dpid, result: await this.apply(s.dpid, s.changes) })));
      out.push(...results);
      if (results.some((r) => !r.result.ok)) break;
    }
    return out;
  }

  private async run(dpid: Dpid, changes: SwitchChanges): Promise<InstallResult> {
    if (isEmptyChanges(changes)) return { ok: true, sent: 0 };
    const session = this.sessions.get(dpid);
    if (session === undefined) return { ok: false, reason: 'not_connected' };
    const { deletes, writes } = orderChanges(changes);
    const keys = [...deletes, ...writes].map((m) => flowKey(m.flow));
    this.markInFlight(dpid, keys, +1);
    const byXid = new Map<number, { flow: FlowSpec; command: FlowModCommand }>();
    const errors: FlowError[] = [];
    const stop = session.onEvent((e) => {
      if (e.type !== 'message' || e.msg.type !== 'error') return;
      const sent = byXid.get(e.xid);
      if (sent !== undefined) errors.push({ ...sent, errType: e.msg.errType, code: e.msg.code });
    });
    let pacer = this.pacers.get(dpid);
    if (pacer === undefined) {
      pacer = new Pacer(this.opts.clock, this.opts.flowModRate);
      this.pacers.set(dpid, pacer);
    }
    const bucket = pacer;
    try {
      const send = async (batch: readonly { flow: FlowSpec; msg: MessageOf<'flow_mod'> }[]): Promise<void> => {
        for (const m of batch) {
          if (bucket.limited) await bucket.take();
          if (!session.writable) await session.drained();
          byXid.set(session.send(m.msg), { flow: m.flow, command: m.msg.command });
          this.sentCounts.set(dpid, (this.sentCounts.get(dpid) ?? 0) + 1);
        }
      };
      if (deletes.length > 0) {
        await send(deletes);
        // The old flows must be gone before new ones that could overlap them go in (OF1.3.5 6.3.8).
        await session.barrier();
      }
      if (writes.length > 0) {
        await send(writes);
        // Errors for everything sent before the barrier arrive before its reply.
        await session.barrier();
      }
      const sent = deletes.length + writes.length;
      return errors.length === 0 ? { ok: true, sent } : { ok: false, reason: 'rejected', sent, errors };
    } catch (e) {
      return { ok: false, reason: 'failed', message: e instanceof Error ? e.message : String(e) };
    } finally {
      stop();
      this.markInFlight(dpid, keys, -1);
    }
  }

  private markInFlight(dpid: Dpid, keys: readonly string[], delta: number): void {
    let m = this.inFlight.get(dpid);
    if (m === undefined) {
      m = new Map();
      this.inFlight.set(dpid, m);
    }
    for (const k of keys) {
      const n = (m.get(k) ?? 0) + delta;
      if (n <= 0) m.delete(k);
      else m.set(k, n);
    }
    if (m.size === 0) this.inFlight.delete(dpid);
  }
}

/** A token bucket of `rate` sends per second (unlimited when 0), refilled by the injected clock. */
class Pacer {
  private tokens: number;
  private at: number;

  constructor(
    private readonly clock: Clock,
    private readonly rate: number,
  ) {
    this.tokens = rate;
    this.at = clock.now();
  }

  get limited(): boolean {
    return this.rate > 0;
  }

  async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(this.rate, this.tokens + ((now - this.at) * this.rate) / 1000);
      this.at = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.tokens) * 1000) / this.rate);
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, waitMs));
    }
  }
}
