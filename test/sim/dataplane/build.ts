/**
 * Terse literal builders for sim tests: FLOW_MOD and GROUP_MOD messages with the wire defaults
 * filled in, and the handful of actions VLAN pipelines use. They add no logic: `vid` values are
 * written with OFPVID_PRESENT by the caller, exactly as they go on the wire.
 */
import { OFPG, OFPP, OFP_NO_BUFFER } from '../../../src/ofp';
import type { Action, Bucket, FlowModCommand, GroupModCommand, GroupType, Instruction, Match } from '../../../src/ofp';
import type { FlowMod, GroupMod } from './fake-switch';

export interface FlowModInit {
  readonly table?: number;
  readonly priority?: number;
  readonly match?: Match;
  readonly instructions?: readonly Instruction[];
  readonly cookie?: bigint;
  readonly cookieMask?: bigint;
  readonly outPort?: number;
  readonly outGroup?: number;
  readonly flags?: number;
  readonly idleTimeout?: number;
  readonly hardTimeout?: number;
}

/** Pure. A FLOW_MOD: table 0, priority 0x8000, no cookie, out_port/out_group ANY unless given. */
export function flowMod(command: FlowModCommand, init: FlowModInit = {}): FlowMod {
  return {
    type: 'flow_mod',
    command,
    cookie: init.cookie ?? 0n,
    cookieMask: init.cookieMask ?? 0n,
    tableId: init.table ?? 0,
    idleTimeout: init.idleTimeout ?? 0,
    hardTimeout: init.hardTimeout ?? 0,
    priority: init.priority ?? 0x8000,
    bufferId: OFP_NO_BUFFER,
    outPort: init.outPort ?? OFPP.ANY,
    outGroup: init.outGroup ?? OFPG.ANY,
    flags: init.flags ?? 0,
    match: init.match ?? [],
    instructions: init.instructions ?? [],
  };
}

/** Pure. A GROUP_MOD. */
export function groupMod(command: GroupModCommand, groupId: number, groupType: GroupType, buckets: readonly Bucket[] = []): GroupMod {
  return { type: 'group_mod', command, groupId, groupType, buckets };
}

/** Pure. A bucket; no watch unless given. */
export function bucket(actions: readonly Action[], watch: { readonly port?: number; readonly group?: number } = {}): Bucket {
  return { weight: 0, watchPort: watch.port ?? OFPP.ANY, watchGroup: watch.group ?? OFPG.ANY, actions };
}

/** Pure. An apply-actions instruction. */
export const applyActions = (...actions: Action[]): Instruction => ({ type: 'apply_actions', actions });
/** Pure. A write-actions instruction. */
export const writeActions = (...actions: Action[]): Instruction => ({ type: 'write_actions', actions });
/** Pure. A goto-table instruction. */
export const gotoTable = (tableId: number): Instruction => ({ type: 'goto_table', tableId });
/** Pure. A write-metadata instruction. */
export const writeMetadata = (metadata: bigint, metadataMask: bigint): Instruction => ({ type: 'write_metadata', metadata, metadataMask });

/** Pure. An output action (max_len 0: only CONTROLLER output uses it). */
export const output = (port: number): Action => ({ type: 'output', port, maxLen: 0 });
/** Pure. A push_vlan action with the given TPID (0x8100 C-tag, 0x88a8 S-tag). */
export const pushVlan = (ethertype: number): Action => ({ type: 'push_vlan', ethertype });
export const popVlan: Action = { type: 'pop_vlan' };
/** Pure. set_field vlan_vid; `wireVid` includes OFPVID_PRESENT (0x1000). */
export const setVlanVid = (wireVid: number): Action => ({ type: 'set_field', field: { field: 'vlan_vid', value: wireVid } });
/** Pure. A set_queue action. */
export const setQueue = (queueId: number): Action => ({ type: 'set_queue', queueId });
/** Pure. A group action. */
export const group = (groupId: number): Action => ({ type: 'group', groupId });
