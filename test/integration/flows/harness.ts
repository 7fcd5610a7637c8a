/**
 * The rig of the flow integration tests: the real controller (test/support/controller.ts, SQLite
 * :memory: with the real migrations) and scripted fake switches over real TCP whose flow tables are
 * the sim dataplane's (test/sim/dataplane): FLOW_MODs change the table, flow-stats requests read
 * it, and a test can hold barrier or flow-stats replies back and have chosen FLOW_MODs refused with
 * an OFPT_ERROR carrying their xid.
 *
 * Switches come up disabled (enable-entities-by-default false), so the controller sends them no
 * FLOW_MOD of its own (no LLDP flow, no table-miss flows): everything flow-related a fake receives
 * was sent by the test.
 */
import { performance } from 'node:perf_hooks';
import type { Dpid, MessageOf, Oxm } from '../../../src/ofp';
import type { FlowSpec } from '../../../src/flows/flowspec';
import { canonical, keyOfCanonical } from '../../../src/flows/canonical';
import type { DesiredFlowRow, FlowState } from '../../../src/flows/types';
import { FlowRepo } from '../../../src/store';
import type { Settings } from '../../../src/config';
import { connectSwitch, startController, type TestController } from '../../support/controller';
import { dpidOf, type FakeSwitch, type Received, type Verdict } from '../../support/fake-switch';
import { pollUntil } from '../../support/poll';
import { FakeSwitch as TableSwitch, wireError } from '../../sim/dataplane';

export { dpidOf };

export const ALL_ONES_64 = 0xffffffffffffffffn;

/** Settings of the tests' controller, on top of test/support's defaults. */
export const FLOW_TEST_SETTINGS: Partial<Settings> = {
  enableEntitiesByDefault: false,
  // The tests call the reconciler themselves; no round may start on its own during a test.
  reconcileIntervalMs: 3_600_000,
  // Replies are held back on purpose: neither the request timeout nor keepalive may cut them short.
  requestTimeoutMs: 10_000,
  echoIntervalMs: 10_000,
  echoTimeoutMs: 10_000,
};

/** Replies a fake can hold back: barrier replies, and flow-stats (OFPMP_FLOW) replies. */
export type HoldKind = 'barrier' | 'flow_stats';

/** A request whose reply is held back. */
export interface HeldRequest {
  readonly kind: HoldKind;
  readonly xid: number;
}

export interface WireError {
  readonly errType: number;
  readonly code: number;
}

/** One fake switch with a flow table. */
export interface SwitchRig {
  readonly dpid: Dpid;
  readonly sw: FakeSwitch;
  readonly table: TableSwitch;
  /** Holds replies of this kind back from now on, until released. */
  hold(kind: HoldKind): void;
  /** Answers replies of this kind at once again from now on (what is held stays held until released). */
  unhold(kind: HoldKind): void;
  /** Requests held back and not yet released, oldest first. */
  held(): readonly HeldRequest[];
  /** Sends the reply of the oldest held request (a flow-stats reply reads the table now); returns performance.now() just before. */
  releaseOne(): number;
  /** Answers every FLOW_MOD `pick` selects with this OFPT_ERROR (its xid) instead of applying it. */
  refuse(pick: (m: MessageOf<'flow_mod'>) => boolean, err: WireError): void;
  /** Where the next received message will be in `sw.received`: what a test step sent comes after it. */
  mark(): number;
  /** FLOW_MODs, barrier requests and flow-stats requests received since `since`, as lines (see wireLine). */
  wire(since?: number): string[];
  /** FLOW_MODs received since `since`, with their arrival time. */
  flowMods(since?: number): { readonly msg: MessageOf<'flow_mod'>; readonly at: number }[];
  /** The table's flows as lines (see flowLine), in the table's order. */
  tableLines(): string[];
}

export interface FlowRig {
  readonly tc: TestController;
  /** Connects fake switch number `n` (dpid 00:…:0n) with an empty flow table. */
  connect(n: number): Promise<SwitchRig>;
  /** A FlowRepo over the controller's database: the rows the controller's service and reconciler see. */
  readonly store: FlowRepo;
  stop(): Promise<void>;
}

/** Pure. An OXM as `field=value[/mask]` (integers in decimal, 64-bit ones in hex). */
export function oxmLine(o: Oxm): string {
  if (o.field === 'opaque') return `opaque:${o.oxmClass}:${o.oxmField}`;
  const show = (v: unknown): string => (typeof v === 'bigint' ? `0x${v.toString(16)}` : String(v));
  return o.mask === undefined ? `${o.field}=${show(o.value)}` : `${o.field}=${show(o.value)}/${show(o.mask)}`;
}

/** Pure. The output ports of a flow's apply-actions, as `out:1,2` (`drop` without any). */
function outputsLine(instructions: FlowSpec['instructions']): string {
  const ports = instructions.flatMap((i) => (i.type === 'apply_actions' ? i.actions.flatMap((a) => (a.type === 'output' ? [a.port] : [])) : []));
  return ports.length === 0 ? 'drop' : `out:${ports.join(',')}`;
}

/**
 * Pure. A received message as one line: `<command> t<table> p<priority> <match> cookie=0x…/0x…
 * <outputs>` for a FLOW_MOD, `barrier` for a BARRIER_REQUEST, `flow_stats` for an OFPMP_FLOW
 * request; undefined for anything else.
 */
export function wireLine(msg: Received['msg']): string | undefined {
  if (msg.type === 'barrier_request') return 'barrier';
  if (msg.type === 'multipart_request' && msg.body.type === 'flow') return 'flow_stats';
  if (msg.type !== 'flow_mod') return undefined;
  const match = msg.match.length === 0 ? '*' : msg.match.map(oxmLine).join(',');
  return `${msg.command} t${msg.tableId} p${msg.priority} ${match} cookie=0x${msg.cookie.toString(16)}/0x${msg.cookieMask.toString(16)} ${outputsLine(msg.instructions)}`;
}

/** Pure. A flow as one line: `t<table> p<priority> <match> cookie=0x… <outputs>`. */
export function flowLine(f: FlowSpec): string {
  const match = f.match.length === 0 ? '*' : f.match.map(oxmLine).join(',');
  return `t${f.table} p${f.priority} ${match} cookie=0x${f.cookie.toString(16)} ${outputsLine(f.instructions)}`;
}

/** Pure. A table-0 flow matching in_port, sending to `out` (or dropping when `out` is undefined). */
export function flow(dpid: Dpid, init: { priority: number; inPort: number; cookie: bigint; out?: number }): FlowSpec {
  return {
    dpid,
    table: 0,
    priority: init.priority,
    match: [{ field: 'in_port', value: init.inPort }],
    instructions: init.out === undefined ? [] : [{ type: 'apply_actions', actions: [{ type: 'output', port: init.out, maxLen: 0 }] }],
    cookie: init.cookie,
    idleTimeout: 0,
    hardTimeout: 0,
    flags: 0,
  };
}

/** A time well before any test runs: rows stamped with it were not changed during a reconciliation. */
export const LONG_AGO = '2024-01-01T00:00:00.000Z';

/** Pure. A desired-flow row for `spec` as the flow service would store it. */
export function desiredRow(spec: FlowSpec, owner: string, state: FlowState, updatedAt = LONG_AGO): DesiredFlowRow {
  const c = canonical(spec);
  const base = { key: keyOfCanonical(c), spec: c, owner, state, insertedAt: LONG_AGO, updatedAt };
  return state === 'failed' ? { ...base, error: 'error type 5 code 1' } : base;
}

/** Not pure (subscribes to `p`). Tracks whether a promise has settled, without awaiting it. */
export function track<T>(p: Promise<T>): { settled(): boolean } {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  return { settled: () => done };
}

/** Not pure. A fake switch script keeping `table`, holding replies of the kinds in `holding`. */
function tableScript(
  table: TableSwitch,
  state: { holding: Set<HoldKind>; held: (HeldRequest & { answer: () => void })[]; refusals: { pick: (m: MessageOf<'flow_mod'>) => boolean; err: WireError }[] },
): (rx: Received, sw: FakeSwitch) => Verdict | void {
  return (rx, sw) => {
    const m = rx.msg;
    if (m.type === 'flow_mod') {
      const refusal = state.refusals.find((r) => r.pick(m));
      const result = refusal === undefined ? table.apply(m) : undefined;
      const err = refusal?.err ?? (result !== undefined && !result.ok ? wireError(result.error) : undefined);
      // OF1.3.5 7.4.4: the error's data holds (at least 64 bytes of) the refused message; ours is not read.
      if (err !== undefined) sw.send({ type: 'error', version: 4, errType: err.errType, code: err.code, data: Buffer.alloc(0) }, rx.xid);
      return 'handled';
    }
    if (m.type === 'barrier_request') {
      if (!state.holding.has('barrier')) return 'auto';
      state.held.push({ kind: 'barrier', xid: rx.xid, answer: () => sw.send({ type: 'barrier_reply' }, rx.xid) });
      return 'handled';
    }
    if (m.type === 'multipart_request' && m.body.type === 'flow') {
      const body = m.body;
      const answer = (): void => {
        sw.send({ type: 'multipart_reply', flags: 0, body: { type: 'flow', stats: table.flowStats(body) } }, rx.xid);
      };
      if (state.holding.has('flow_stats')) state.held.push({ kind: 'flow_stats', xid: rx.xid, answer });
      else answer();
      return 'handled';
    }
    return 'auto';
  };
}

/** Not pure. Starts a controller for flow tests; the caller must call stop(). */
export async function flowRig(): Promise<FlowRig> {
  const tc = await startController({ settings: FLOW_TEST_SETTINGS });
  const switches: FakeSwitch[] = [];
  const store = new FlowRepo(tc.db, {
    onCorruptRow: (r) => {
      throw new Error(`corrupt desired-flow row: ${JSON.stringify(r)}`);
    },
    now: () => Date.now(),
  });
  return {
    tc,
    store,
    async connect(n) {
      const dpid = dpidOf(n);
      const table = new TableSwitch(dpid);
      const state = { holding: new Set<HoldKind>(), held: [] as (HeldRequest & { answer: () => void })[], refusals: [] as { pick: (m: MessageOf<'flow_mod'>) => boolean; err: WireError }[] };
      const { sw } = await connectSwitch(tc, { dpid, script: tableScript(table, state) });
      switches.push(sw);
      const since = (from: number): Received[] => sw.received.slice(from);
      return {
        dpid,
        sw,
        table,
        hold: (kind) => void state.holding.add(kind),
        unhold: (kind) => void state.holding.delete(kind),
        held: () => state.held.map(({ kind, xid }) => ({ kind, xid })),
        releaseOne() {
          const h = state.held.shift();
          if (h === undefined) throw new Error(`${dpid}: no held request to release`);
          const at = performance.now();
          h.answer();
          return at;
        },
        refuse: (pick, err) => void state.refusals.push({ pick, err }),
        mark: () => sw.received.length,
        wire: (from = 0) => since(from).flatMap((r) => wireLine(r.msg) ?? []),
        flowMods: (from = 0) => since(from).flatMap((r) => (r.msg.type === 'flow_mod' ? [{ msg: r.msg, at: r.at }] : [])),
        tableLines: () => table.flows().map(flowLine),
      };
    },
    async stop() {
      for (const sw of switches) sw.destroy();
      await tc.stop();
    },
  };
}

/**
 * Not pure. Waits until everything the controller sent a switch before now has reached it: the
 * fake's ECHO_REQUEST is answered after the controller has run every callback queued before it
 * (a causal check for "nothing more was sent", instead of sleeping and hoping).
 */
export async function settle(s: SwitchRig): Promise<void> {
  await s.sw.ping();
}

/** Not pure. Waits until the switch has received `n` lines of wire (FLOW_MODs, barriers, flow-stats requests) since `since`. */
export async function waitWire(s: SwitchRig, n: number, since = 0, what = `${n} wire messages`): Promise<string[]> {
  return pollUntil(() => {
    const w = s.wire(since);
    return w.length >= n ? w : undefined;
  }, { what: `${what} on ${s.dpid}` });
}

/** Not pure. Waits until the switch holds `n` requests back. */
export async function waitHeld(s: SwitchRig, n: number): Promise<readonly HeldRequest[]> {
  return pollUntil(() => {
    const h = s.held();
    return h.length >= n ? h : undefined;
  }, { what: `${n} held requests on ${s.dpid}` });
}
