/**
 * The action set (OF1.3.5 5.10 "Action Set"): at most one action of each type, set-fields told
 * apart by field, executed when the pipeline ends in a fixed order, whatever order they were written.
 */
import { assertNever, type Action } from '../../../src/ofp';

/** Insertion-ordered: a write of an existing kind replaces it in place. */
export type ActionSet = ReadonlyMap<string, Action>;

export const EMPTY_ACTION_SET: ActionSet = new Map();

/** Pure. The kind of an action in the action set: its type, and for set_field also the field. */
export function actionKind(a: Action): string {
  if (a.type === 'set_field') return `set_field:${a.field.field === 'opaque' ? `opaque:${a.field.oxmClass}:${a.field.oxmField}` : a.field.field}`;
  return a.type;
}

/** Pure. The write-actions instruction: "If an action of a given type exists in the current set, overwrite it, otherwise add it." */
export function mergeActions(set: ActionSet, actions: readonly Action[]): ActionSet {
  const next = new Map(set);
  for (const a of actions) next.set(actionKind(a), a);
  return next;
}

/** The step of the action-set order (OF1.3.5 5.10, items 1 to 11) at which an action runs. */
function step(a: Action): number {
  switch (a.type) {
    case 'copy_ttl_in':
      return 1;
    case 'pop_vlan':
    case 'pop_mpls':
    case 'pop_pbb':
      return 2;
    case 'push_mpls':
      return 3;
    case 'push_pbb':
      return 4;
    case 'push_vlan':
      return 5;
    case 'copy_ttl_out':
      return 6;
    case 'dec_mpls_ttl':
    case 'dec_nw_ttl':
      return 7;
    case 'set_field':
    case 'set_mpls_ttl':
    case 'set_nw_ttl':
    case 'experimenter':
    case 'unknown':
      return 8;
    case 'set_queue':
      return 9;
    case 'group':
      return 10;
    case 'output':
      return 11;
    default:
      return assertNever(a);
  }
}

/**
 * Pure. The actions of a set (or of one write-actions list, merged first) in execution order.
 * "If both an output action and a group action are specified in an action set, the output action
 * is ignored and the group action takes precedence."
 */
export function actionSetOrder(actions: ActionSet | readonly Action[]): Action[] {
  const set = Array.isArray(actions) ? mergeActions(EMPTY_ACTION_SET, actions as readonly Action[]) : (actions as ActionSet);
  const all = [...set.values()];
  const hasGroup = all.some((a) => a.type === 'group');
  // Array.prototype.sort is stable, so actions of one step keep their insertion order.
  return all.filter((a) => !(hasGroup && a.type === 'output')).sort((x, y) => step(x) - step(y));
}
