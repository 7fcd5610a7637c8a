/**
 * Ordering of flow changes (house style B6, Faucet's valve_flowreorder): on one switch, deletes,
 * then a barrier, then adds and modifies, then a final barrier; across switches, stages in order
 * (downstream first for an install, ingress first for a removal). Pure: it builds messages.
 */
import { OFPG, OFPP, OFP_NO_BUFFER, type MessageOf } from '../ofp';
import { differsOnlyInInstructions } from './canonical';
import type { FlowSpec } from './flowspec';

const ALL_ONES_64 = 0xffffffffffffffffn;

/** The changes for one switch. `modify` carries the switch's current version when it is known. */
export interface SwitchChanges {
  readonly add: readonly FlowSpec[];
  readonly modify: readonly { readonly desired: FlowSpec; readonly current?: FlowSpec }[];
  readonly remove: readonly FlowSpec[];
}

export const NO_CHANGES: SwitchChanges = { add: [], modify: [], remove: [] };

export type FlowModCommand = MessageOf<'flow_mod'>['command'];

/** Pure. A FLOW_MOD for a flow with the given command. */
export function flowMod(f: FlowSpec, command: FlowModCommand): MessageOf<'flow_mod'> {
  const deleting = command === 'delete' || command === 'delete_strict';
  return {
    type: 'flow_mod',
    cookie: f.cookie,
    // A strict delete also checks the cookie, so that it never removes another owner's flow.
    cookieMask: deleting ? ALL_ONES_64 : 0n,
    tableId: f.table,
    command,
    idleTimeout: f.idleTimeout,
    hardTimeout: f.hardTimeout,
    priority: f.priority,
    bufferId: OFP_NO_BUFFER,
    outPort: OFPP.ANY,
    outGroup: OFPG.ANY,
    flags: f.flags,
    match: f.match,
    instructions: deleting ? [] : f.instructions,
  };
}

export interface OrderedMods {
  /** Sent first and confirmed by a barrier before any write. */
  readonly deletes: { readonly flow: FlowSpec; readonly msg: MessageOf<'flow_mod'> }[];
  readonly writes: { readonly flow: FlowSpec; readonly msg: MessageOf<'flow_mod'> }[];
}

/**
 * Pure. The FLOW_MODs of a change set, in safe order. A modify that changes only instructions is a
 * MODIFY_STRICT (counters kept, OF1.3.5 6.4); one that changes the cookie, timeouts or flags is an
 * ADD, which replaces the flow atomically (a modify cannot change those).
 */
export function orderChanges(c: SwitchChanges): OrderedMods {
  const deletes = c.remove.map((flow) => ({ flow, msg: flowMod(flow, 'delete_strict') }));
  const writes = [
    ...c.add.map((flow) => ({ flow, msg: flowMod(flow, 'add') })),
    ...c.modify.map(({ desired, current }) => ({
      flow: desired,
      msg: flowMod(desired, current !== undefined && differsOnlyInInstructions(current, desired) ? 'modify_strict' : 'add'),
    })),
  ];
  return { deletes, writes };
}

/** Pure. Whether a change set is empty. */
export function isEmptyChanges(c: SwitchChanges): boolean {
  return c.add.length === 0 && c.modify.length === 0 && c.remove.length === 0;
}
