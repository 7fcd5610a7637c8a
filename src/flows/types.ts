/**
 * Desired flows as the flows module keeps them: each FlowSpec a service asked for, under its key,
 * with who owns it and whether a switch has confirmed it. The store persists these (src/store/
 * flow-repo.ts); services and the installer see them only through the DesiredFlowStore interface.
 */
import type { FlowSpec } from './flowspec';

/**
 * Where a desired flow stands: `pending` until a barrier confirms it on its switch (kytos-api.md
 * §6.2), then `installed`; `failed` when the switch refused it (an OFPT_ERROR carrying its xid).
 */
export const FLOW_STATES = ['pending', 'installed', 'failed'] as const;
export type FlowState = (typeof FLOW_STATES)[number];

/** A desired flow with its bookkeeping. */
export interface DesiredFlowRow {
  /** flowKey(spec): dpid/table/priority/canonical match, OpenFlow's own identity of a flow on a switch. */
  readonly key: string;
  readonly spec: FlowSpec;
  /** The service that asked for it: mef_eline, of_lldp, of_multi_table, no_owner, or another Kytos NApp name. */
  readonly owner: string;
  /**
   * The owner's of_multi_table group (kytos-api.md §6.1 `table_group`, §7), which with the owner
   * names the pipeline table the flow belongs in; absent means Kytos's default, `base`.
   */
  readonly tableGroup?: string;
  readonly state: FlowState;
  /** Why the switch refused it; present only when state is `failed`. */
  readonly error?: string;
  /** ISO-8601 UTC (Date.prototype.toISOString): when the key was first stored; an upsert keeps it. */
  readonly insertedAt: string;
  /** ISO-8601 UTC: the last upsert or state change. */
  readonly updatedAt: string;
}

/** Which desired flows to list; every given criterion must hold. An empty array matches nothing. */
export interface DesiredFlowFilter {
  readonly dpids?: readonly string[];
  readonly states?: readonly FlowState[];
  /** Inclusive cookie ranges [first, last]; a flow matches when its cookie is in any of them. */
  readonly cookieRanges?: readonly (readonly [bigint, bigint])[];
  readonly owner?: string;
}

/**
 * Which desired flows to remove; every given criterion must hold, and `{}` selects every flow.
 * The cookie test is OpenFlow's (OF1.3.5 6.4 "Flow Table Modification Messages"): a flow matches
 * when `flow.cookie & cookieMask === cookie & cookieMask`. A cookie without a mask matches exactly
 * (mask all ones); a mask without a cookie compares against cookie 0.
 */
export interface DesiredFlowRemoval {
  readonly dpid?: string;
  readonly owner?: string;
  readonly cookie?: bigint;
  readonly cookieMask?: bigint;
}

/** What the flows module needs from storage; src/store's FlowRepo implements it. */
export interface DesiredFlowStore {
  /** Inserts or replaces rows by key; a replaced row keeps its insertedAt. All or nothing. */
  upsert(rows: readonly DesiredFlowRow[]): void;
  /** Removes rows by key; returns how many existed. */
  remove(keys: readonly string[]): number;
  /** Removes the rows the filter selects and returns them. */
  removeWhere(filter: DesiredFlowRemoval): DesiredFlowRow[];
  /** Sets the state of rows by key (and the error, for `failed`); returns how many existed. */
  markState(keys: readonly string[], state: 'pending' | 'installed'): number;
  markState(keys: readonly string[], state: 'failed', error: string): number;
  /** Rows by dpid, then priority (highest first), then key. */
  list(filter?: DesiredFlowFilter): DesiredFlowRow[];
  /** One switch's rows, by priority (highest first), then key. */
  forSwitch(dpid: string): DesiredFlowRow[];
  /** The rows with exactly this cookie (one circuit's flows), by dpid, priority (highest first), then key. */
  forCookie(cookie: bigint): DesiredFlowRow[];
  /** Runs `fn` in one transaction: all its writes commit together, or none when it throws. */
  transaction<T>(fn: () => T): T;
}
