/**
 * The tag rules of circuit planning (kytos-api.md §2.4, §2.5): which frames a UNI's tag selects,
 * at which priority, what a frame must become so that the other UNI sees what it asked for, and
 * how it crosses the NNI. Pure functions over UniTag; plan.ts places the flows on switches.
 */
import { OFPVID, assertNever, type Action, type Match } from '../ofp';
import { vidMasks } from '../topology/tags';
import type { UniTag } from './model';

/** Kytos-ng's southbound priorities (settings EVPL/UNTAGGED/ANY/EPL_SB_PRIORITY). */
export const SB_PRIORITY = { evpl: 20000, untagged: 20000, any: 15000, epl: 10000 } as const;

/** The mef_eline table groups (kytos-api.md §2.4); of_multi_table maps each to a table. */
export type TableGroup = 'evpl' | 'epl';

/** How a frame crosses the NNI between the two UNI switches. */
export type Carriage =
  /** The customer frame, already what the far UNI expects, under a pushed 0x88a8 S-tag. */
  | 'qinq'
  /** The frame's one 0x8100 tag (pushed if it had none) rewritten to the S-VID, and translated back at egress. */
  | 'single';

/** 802.1ad S-tag and 802.1Q C-tag TPIDs. */
const TPID_S = 0x88a8;
const TPID_C = 0x8100;

const pushS: Action = { type: 'push_vlan', ethertype: TPID_S };
const pushC: Action = { type: 'push_vlan', ethertype: TPID_C };
const pop: Action = { type: 'pop_vlan' };

/** Pure. set_field vlan_vid; OVS (and OF1.5 explicitly) wants OFPVID_PRESENT in the value. */
export function setVid(vid: number): Action {
  return { type: 'set_field', field: { field: 'vlan_vid', value: OFPVID.PRESENT | vid } };
}

/** Pure. Whether two tags select the same frames. */
export function sameTag(a: UniTag, b: UniTag): boolean {
  if (a.kind === 'vlan' && b.kind === 'vlan') return a.vid === b.vid;
  if (a.kind === 'range' && b.kind === 'range') {
    return a.ranges.length === b.ranges.length && a.ranges.every((r, i) => r[0] === b.ranges[i]?.[0] && r[1] === b.ranges[i]?.[1]);
  }
  return a.kind === b.kind;
}

/**
 * Pure. Throws RangeError unless the two tags can form a circuit: a range on one UNI needs the same
 * list on the other (kytos-api.md §1.3; the API refuses anything else with 400). Kytos gives the
 * UNI whose *peer* has a range 20000/evpl whatever its own tag; that only differs from the own-tag
 * rule when the lists disagree, and there it would put an in_port-only or PRESENT/PRESENT flow at
 * the priority of the port's VID flows (an overlap whose winner OF1.3.5 6.4 leaves undefined), and
 * carry VIDs outside the far UNI's range. So the planner refuses the mix instead.
 */
export function checkTags(a: UniTag, z: UniTag): void {
  if ((a.kind === 'range' || z.kind === 'range') && !sameTag(a, z)) {
    throw new RangeError('a VLAN range UNI needs the same range list on the other UNI');
  }
}

/** Pure. The priority of the flows that take frames in at a UNI with this tag (a VID beats any, which beats EPL). */
export function uniPriority(tag: UniTag): number {
  switch (tag.kind) {
    case 'vlan':
    case 'range':
      return SB_PRIORITY.evpl;
    case 'untagged':
      return SB_PRIORITY.untagged;
    case 'any':
      return SB_PRIORITY.any;
    case 'epl':
      return SB_PRIORITY.epl;
    default:
      return assertNever(tag);
  }
}

/** Pure. The table group of the flows that take frames in at a UNI: only an EPL UNI's go to 'epl'. */
export function uniTableGroup(tag: UniTag): TableGroup {
  return tag.kind === 'epl' ? 'epl' : 'evpl';
}

/**
 * Pure. The vlan_vid part of each match that selects a UNI's frames: nothing for EPL (the whole
 * port), one entry per aligned block for a range. OF1.3.5 7.2.3.8: a VID is matched with
 * OFPVID_PRESENT, untagged with OFPVID_NONE, any tag with PRESENT/PRESENT; a range block keeps
 * PRESENT in value and mask so that the match still guarantees a tag (OVS checks pop and set
 * against it). A one-VID block is written unmasked, as a switch reports it back.
 */
export function uniMatches(tag: UniTag): Match[] {
  switch (tag.kind) {
    case 'epl':
      return [[]];
    case 'untagged':
      return [[{ field: 'vlan_vid', value: OFPVID.NONE }]];
    case 'any':
      return [[{ field: 'vlan_vid', value: OFPVID.PRESENT, mask: OFPVID.PRESENT }]];
    case 'vlan':
      return [[{ field: 'vlan_vid', value: OFPVID.PRESENT | tag.vid }]];
    case 'range':
      return tag.ranges
        .flatMap((r) => vidMasks(r))
        .map((m): Match => [
          m.mask === 0xfff
            ? { field: 'vlan_vid', value: OFPVID.PRESENT | m.vid }
            : { field: 'vlan_vid', value: OFPVID.PRESENT | m.vid, mask: OFPVID.PRESENT | m.mask },
        ]);
    default:
      return assertNever(tag);
  }
}

/**
 * Pure. What a frame selected by `own` must undergo to be what `peer` expects, on the customer
 * tag: the VID of a VID UNI (a C-tag pushed when there was none), no tag for an untagged UNI
 * (the outer tag popped), and nothing for any, EPL and range UNIs, which take frames as they come.
 * An identity rewrite (same VID) is left out: Kytos-ng's intra-switch layout writes set_vlan(100)
 * on frames it matched as VID 100, which changes nothing (its path layout already omits it).
 */
export function customerRewrite(own: UniTag, peer: UniTag): Action[] {
  switch (peer.kind) {
    case 'vlan':
      switch (own.kind) {
        case 'vlan':
          return own.vid === peer.vid ? [] : [setVid(peer.vid)];
        case 'any':
        case 'range':
          return [setVid(peer.vid)];
        case 'untagged':
        case 'epl':
          // No tag is guaranteed: push one first, so that the set has a tag to rewrite (OVS checks this).
          return [pushC, setVid(peer.vid)];
        default:
          return assertNever(own);
      }
    case 'untagged':
      switch (own.kind) {
        case 'vlan':
        case 'any':
        case 'range':
          return [pop];
        case 'untagged':
        case 'epl':
          return [];
        default:
          return assertNever(own);
      }
    case 'any':
    case 'epl':
    case 'range':
      return [];
    default:
      return assertNever(peer);
  }
}

/**
 * Pure. How the circuit crosses the NNI (kytos-api.md §2.5 "What the NNI carries"): when both UNIs
 * are a VID or untagged and differ, the frame travels with a single tag, rewritten hop by hop and
 * translated back at egress (Kytos-ng ≥ 2025.2.0); otherwise QinQ. A QinQ egress that pops the
 * S-tag and then sets the C-VID would be refused by OVS (the match guarantees one tag only), which
 * is why translation rides on the single tag.
 */
export function carriageOf(own: UniTag, peer: UniTag): Carriage {
  const cvid = (t: UniTag): boolean => t.kind === 'vlan' || t.kind === 'untagged';
  return cvid(own) && cvid(peer) && !sameTag(own, peer) ? 'single' : 'qinq';
}

/** Pure. The VLAN actions at the UNI switch from the UNI towards the NNI, ending with the S-VID `sVid`. */
export function ingressActions(own: UniTag, peer: UniTag, sVid: number): Action[] {
  if (carriageOf(own, peer) === 'single') return own.kind === 'untagged' ? [pushC, setVid(sVid)] : [setVid(sVid)];
  return [...customerRewrite(own, peer), pushS, setVid(sVid)];
}

/** Pure. The VLAN actions at the UNI switch from the NNI (matched on the S-VID) towards the UNI with tag `own`. */
export function egressActions(own: UniTag, peer: UniTag): Action[] {
  if (carriageOf(own, peer) === 'qinq') return [pop];
  // The single tag becomes the UNI's own VID, or goes away at an untagged UNI.
  return own.kind === 'vlan' ? [setVid(own.vid)] : [pop];
}
