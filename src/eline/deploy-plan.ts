/**
 * What moving a circuit from the flows it has to the flows it needs takes, in make-before-break
 * order (house style B6: planning is pure): first the new egress and transit flows (nothing sends
 * traffic into them yet), then the ingress flows, which move the traffic, then the removal of what
 * the circuit no longer needs. Flows are compared by key and body, so a redeploy onto the same
 * path and tags sends nothing.
 */
import { bodyOfCanonical, canonical, keyOfCanonical } from '../flows/canonical';
import type { FlowSpec } from '../flows/flowspec';
import type { PathHop } from './model';
import type { PlannedFlow, TableGroup } from './plan';

/** A flow with the key and body it is compared by. */
export interface KeyedFlow {
  readonly key: string;
  readonly body: string;
  readonly planned: PlannedFlow;
}

export interface Transition {
  /** New or changed egress and transit flows: installed and confirmed first. */
  readonly prepare: readonly PlannedFlow[];
  /** New or changed ingress flows: the switch-over. */
  readonly switchOver: readonly PlannedFlow[];
  /** Flows of `from` whose key `to` does not have: removed last. */
  readonly stale: readonly PlannedFlow[];
}

/** Pure. `flows` with their canonical keys and bodies. */
export function keyed(flows: readonly PlannedFlow[]): KeyedFlow[] {
  return flows.map((planned) => {
    const c = canonical(planned.spec);
    return { key: keyOfCanonical(c), body: bodyOfCanonical(c), planned: { ...planned, spec: c } };
  });
}

/** Pure. The make-before-break steps from the flows a circuit has to the flows it needs. */
export function transition(from: readonly KeyedFlow[], to: readonly KeyedFlow[]): Transition {
  const had = new Map(from.map((f) => [f.key, f.body]));
  const wanted = new Set(to.map((f) => f.key));
  const changed = to.filter((f) => had.get(f.key) !== f.body);
  return {
    prepare: changed.filter((f) => f.planned.role !== 'ingress').map((f) => f.planned),
    switchOver: changed.filter((f) => f.planned.role === 'ingress').map((f) => f.planned),
    stale: from.filter((f) => !wanted.has(f.key)).map((f) => f.planned),
  };
}

/** Pure. Flows split by table group, each group's specs in plan order (one install call per group). */
export function byGroup(flows: readonly PlannedFlow[]): Map<TableGroup, FlowSpec[]> {
  const out = new Map<TableGroup, FlowSpec[]>();
  for (const f of flows) {
    const list = out.get(f.tableGroup);
    if (list === undefined) out.set(f.tableGroup, [f.spec]);
    else list.push(f.spec);
  }
  return out;
}

/** Pure. The hops of `a` that `b` does not have (same link and S-VLAN): what to give back after moving from a to b. */
export function hopsNotIn(a: readonly PathHop[], b: readonly PathHop[]): PathHop[] {
  const kept = new Set(b.map((h) => `${h.linkId}/${h.sVlan}`));
  return a.filter((h) => !kept.has(`${h.linkId}/${h.sVlan}`));
}
