/**
 * The desired-state diff (house style B6): what to add, modify and remove so that a switch holds
 * exactly the desired flows. Pure: `diff(x, x)` is empty, and applying the diff to `actual` gives
 * `desired` (for the flows we own).
 */
import { bodyOfCanonical, canonical, keyOfCanonical } from './canonical';
import type { FlowSpec } from './flowspec';

export interface FlowDiff {
  readonly add: FlowSpec[];
  /** Desired flows whose key is on the switch with a different body, with the switch's version. */
  readonly modify: { readonly desired: FlowSpec; readonly current: FlowSpec }[];
  /** Flows on the switch to delete: alien flows in cookie ranges we own. */
  readonly remove: FlowSpec[];
}

export interface DiffOptions {
  /** Whether a cookie is in a range Isthmus owns (only such alien flows are removed). */
  readonly owns: (cookie: bigint) => boolean;
  /** Keys of flows being installed or removed right now: neither added, modified nor removed. */
  readonly inFlight?: ReadonlySet<string>;
}

/** Pure. The changes that make `actual` (read from a switch) into `desired`. */
export function diffFlows(desired: readonly FlowSpec[], actual: readonly FlowSpec[], opts: DiffOptions): FlowDiff {
  const inFlight = opts.inFlight ?? new Set<string>();
  const want = new Map<string, FlowSpec>();
  for (const f of desired) {
    const c = canonical(f);
    want.set(keyOfCanonical(c), c);
  }
  const have = new Map<string, FlowSpec>();
  for (const f of actual) {
    const c = canonical(f);
    have.set(keyOfCanonical(c), c);
  }
  const add: FlowSpec[] = [];
  const modify: { desired: FlowSpec; current: FlowSpec }[] = [];
  const remove: FlowSpec[] = [];
  for (const [key, f] of want) {
    if (inFlight.has(key)) continue;
    const current = have.get(key);
    if (current === undefined) add.push(f);
    else if (bodyOfCanonical(current) !== bodyOfCanonical(f)) modify.push({ desired: f, current });
  }
  for (const [key, f] of have) {
    if (!want.has(key) && !inFlight.has(key) && opts.owns(f.cookie)) remove.push(f);
  }
  return { add, modify, remove };
}

/** Pure. Whether a diff changes nothing. */
export function isEmptyDiff(d: FlowDiff): boolean {
  return d.add.length === 0 && d.modify.length === 0 && d.remove.length === 0;
}
