/**
 * FlowSpec: the only flow representation above the codec (house style B6). A readonly value that
 * says which flow a service wants on which switch; the installer turns it into FLOW_MODs.
 */
import type { Dpid, Instruction, Match } from '../ofp';

export interface FlowSpec {
  readonly dpid: Dpid;
  readonly table: number;
  readonly priority: number;
  readonly match: Match;
  readonly instructions: readonly Instruction[];
  /** Owner in the top byte (see OWNER), the owner's own id below. */
  readonly cookie: bigint;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly flags: number;
}

/** Cookie owner prefixes, as Kytos-ng: the top byte of every cookie names the service that owns the flow. */
export const OWNER = {
  mef_eline: 0xaan,
  of_lldp: 0xabn,
  of_multi_table: 0xadn,
} as const;
export type Owner = keyof typeof OWNER;

/** Pure. A cookie with the owner's prefix in the top byte and `id` (56 bits) below it. */
export function ownedCookie(owner: Owner, id: bigint): bigint {
  return (OWNER[owner] << 56n) | (id & 0xffffffffffffffn);
}
