/**
 * Tag allocation for circuits (house style B6: "a separate pure function over a snapshot of used
 * tags"; kytos-api.md §1.3, §2.3). A `TagSnapshot` says, per interface, what its pool is and which
 * circuit holds which VLANs and special tags; reserving UNI tags and allocating S-VLANs read it and
 * answer with what to hold, never touching the caller's snapshot, so a failure leaves nothing
 * behind (all or nothing). The service builds the snapshot from the topology and the circuit store
 * and commits the circuit with its tags in one transaction.
 *
 * One pool per interface serves both UNI C-VLANs and NNI S-VLANs; of_lldp's VLAN (on an enabled
 * switch) and VID 4095 are never handed out.
 *
 * S-VLANs are allocated per link, as Kytos-ng does: each hop takes the lowest VID free on its two
 * endpoints. One VID for the whole circuit would have to be free on every NNI of the path at once,
 * so long paths and fragmented pools would run out long before any single link does, and moving
 * one hop (failover, a redeploy) could force a new VID on every switch. Per link, transit switches
 * rewrite the VID hop by hop (plan.ts already takes one S-VLAN per hop), and the `s_vlan` that the
 * API reports per link of `current_path` stays what Kytos clients expect.
 */
import { assertNever } from '../ofp';
import type { InterfaceId, LinkId, SpecialTag, VlanRange } from '../topology/model';
import { SPECIAL_TAGS } from '../topology/model';
import { err, ok, type Result } from '../topology/result';
import { availableTags, formatRanges, intersect, lowestCommon, normalize, subtract, union } from '../topology/tags';
import type { TagUsage } from '../topology/topology-service';
import type { EvcConfig, EvcId, PathHop, Uni } from './model';
import { OverlayMap } from './overlay-map';

/** The VIDs a UNI or a hop may carry: 802.1Q reserves 0 and 4095 (kytos-api.md §1.3). */
const VIDS: readonly VlanRange[] = [[1, 4094]];

/** An interface's pool, from the topology config. */
export interface TagPool {
  readonly tagRanges: readonly VlanRange[];
  readonly specialTags: readonly SpecialTag[];
  /** of_lldp's VLAN when the interface's switch is enabled (kytos-api.md §2.3), else undefined. */
  readonly lldpVlan: number | undefined;
}

/** Who holds what on one interface. */
export interface Holdings {
  /** VLANs held, per circuit (normalised): UNI C-VIDs and S-VLANs alike. */
  readonly vlans: ReadonlyMap<EvcId, readonly VlanRange[]>;
  /** Special tags held, per circuit. */
  readonly special: ReadonlyMap<EvcId, readonly SpecialTag[]>;
  /** Non-archived circuits with an EPL (no-tag) UNI here, id → name (for the 409 text). */
  readonly epl: ReadonlyMap<EvcId, string>;
  /**
   * Every VLAN held here, normalised: the union of `vlans`, kept with it so that asking what is
   * free does not walk every circuit (circuits never share a VID on one interface).
   */
  readonly used: readonly VlanRange[];
}

/** One interface of a snapshot: its pool and who holds what on it. */
export interface InterfaceTags extends TagPool, Holdings {}

export interface TagSnapshot {
  readonly interfaces: ReadonlyMap<InterfaceId, InterfaceTags>;
}

/** What the snapshot needs of a stored circuit; `hops` are its current and failover paths together. */
export type CircuitTags = Pick<EvcConfig, 'id' | 'name' | 'archived' | 'uniA' | 'uniZ'> & { readonly hops: readonly PathHop[] };

/** The circuit a reservation is for (its name goes into another circuit's 409 text). */
export type CircuitRef = Pick<EvcConfig, 'id' | 'name'>;

/** What a UNI holds on its interface. */
export type HeldTag =
  | { readonly kind: 'vlans'; readonly ranges: readonly VlanRange[] }
  | { readonly kind: 'special'; readonly tag: SpecialTag }
  /** No tag: nothing is taken from the pool, but no other circuit may have an EPL UNI here. */
  | { readonly kind: 'epl' };

export interface Reservation {
  /** The snapshot with both UNIs held. */
  readonly snapshot: TagSnapshot;
  /** What UNI A, then UNI Z, took. */
  readonly taken: readonly { readonly interfaceId: InterfaceId; readonly tag: HeldTag }[];
}

/** A hop before allocation: a link of the path oriented from UNI A towards UNI Z. */
export type HopEnds = Pick<PathHop, 'linkId' | 'fromA' | 'toZ'>;

/** Why tags could not be had; `description` is Kytos-ng's text. */
export type TagError =
  /** Kytos 400 (KytosTagsAreNotAvailable): taken, outside the pool, LLDP's, 0 or 4095. */
  | { readonly kind: 'not_available'; readonly interfaceId: InterfaceId; readonly description: string }
  /** Kytos 409 (DuplicatedNoTagUNI): another circuit has an EPL UNI on the interface. */
  | { readonly kind: 'epl_duplicated'; readonly interfaceId: InterfaceId; readonly evcId: EvcId; readonly description: string }
  /** The interface is not in the snapshot (Kytos 400 when creating the UNI). */
  | { readonly kind: 'unknown_interface'; readonly interfaceId: InterfaceId; readonly description: string }
  /** No VID free on both ends of a link (KytosNoTagAvailableError): the next candidate path is tried. */
  | { readonly kind: 'no_vlan'; readonly linkId: LinkId; readonly description: string };

/** What to give back: the tags of some UNIs, the S-VLANs of some hops, or all the circuit holds. */
export type ReleaseScope =
  | { readonly kind: 'unis'; readonly unis: readonly Uni[] }
  | { readonly kind: 'hops'; readonly hops: readonly PathHop[] }
  | { readonly kind: 'circuit' };

type Draft = Map<InterfaceId, InterfaceTags>;

// ------------------------------------------------------------------------------------ building

/**
 * Pure. The snapshot of `pools` (every interface the topology knows) held by `circuits`. Archived
 * circuits hold nothing (Kytos gives their tags back on delete and forgets them). Holdings on an
 * interface without a pool are left out: nothing can be handed out there until it has one, and
 * the next snapshot, built when it has, shows them again.
 */
export function buildTagSnapshot(pools: ReadonlyMap<InterfaceId, TagPool>, circuits: readonly CircuitTags[]): TagSnapshot {
  return combine(pools, holdingsOf(circuits));
}

/** Pure. A snapshot of the interfaces in `pools`, each with what `held` says is held on it. */
export function combine(pools: ReadonlyMap<InterfaceId, TagPool>, held: ReadonlyMap<InterfaceId, Holdings>): TagSnapshot {
  const out = new Map<InterfaceId, InterfaceTags>();
  for (const [id, p] of pools) {
    const h = held.get(id);
    out.set(id, {
      tagRanges: p.tagRanges,
      specialTags: p.specialTags,
      lldpVlan: p.lldpVlan,
      vlans: h?.vlans ?? new Map(),
      special: h?.special ?? new Map(),
      epl: h?.epl ?? new Map(),
      used: h?.used ?? [],
    });
  }
  return { interfaces: out };
}

/**
 * Pure. What `circuits` hold, per interface, built in one pass (linear in the circuits: the
 * copy-on-write updates of a snapshot would copy each interface's maps once per circuit).
 */
export function holdingsOf(circuits: readonly CircuitTags[]): Map<InterfaceId, Holdings> {
  const vlans = new Map<InterfaceId, Map<EvcId, VlanRange[]>>();
  const special = new Map<InterfaceId, Map<EvcId, SpecialTag[]>>();
  const epl = new Map<InterfaceId, Map<EvcId, string>>();
  const at = <V>(m: Map<InterfaceId, Map<EvcId, V>>, id: InterfaceId): Map<EvcId, V> => {
    let inner = m.get(id);
    if (inner === undefined) m.set(id, (inner = new Map()));
    return inner;
  };
  const addVlans = (id: InterfaceId, evcId: EvcId, ranges: readonly VlanRange[]): void => {
    const inner = at(vlans, id);
    inner.set(evcId, [...(inner.get(evcId) ?? []), ...ranges]);
  };
  for (const c of circuits) {
    if (c.archived) continue;
    for (const uni of [c.uniA, c.uniZ]) {
      const tag = heldTagOf(uni);
      if (tag.kind === 'vlans') addVlans(uni.interfaceId, c.id, tag.ranges);
      else if (tag.kind === 'special') {
        const inner = at(special, uni.interfaceId);
        inner.set(c.id, [...(inner.get(c.id) ?? []), tag.tag]);
      } else at(epl, uni.interfaceId).set(c.id, c.name);
    }
    for (const hop of c.hops) for (const id of [hop.fromA, hop.toZ]) addVlans(id, c.id, [[hop.sVlan, hop.sVlan]]);
  }
  for (const inner of vlans.values()) for (const [evcId, ranges] of inner) inner.set(evcId, normalize(ranges));
  const out = new Map<InterfaceId, Holdings>();
  for (const id of new Set([...vlans.keys(), ...special.keys(), ...epl.keys()])) {
    const held = vlans.get(id) ?? new Map<EvcId, VlanRange[]>();
    out.set(id, { vlans: held, special: special.get(id) ?? new Map(), epl: epl.get(id) ?? new Map(), used: normalize([...held.values()].flat()) });
  }
  return out;
}

// ----------------------------------------------------------------------------------- the view

/** Pure. The VLANs of `entry` that circuits hold, normalised. */
function usedOf(entry: Holdings): readonly VlanRange[] {
  return entry.used;
}

/** Pure. The VIDs `entry` can still hand out: pool minus holdings minus LLDP's, within 1..4094. */
export function availableVids(entry: InterfaceTags): VlanRange[] {
  return intersect(availableTags(entry.tagRanges, usedOf(entry), entry.lldpVlan === undefined ? [] : [entry.lldpVlan]), VIDS);
}

/** Pure. The topology's view of circuit holdings (`GET tag_ranges`, delete checks); LLDP's VLAN is the topology's own. */
export function usageOf(snapshot: { readonly interfaces: ReadonlyMap<InterfaceId, Holdings> }): TagUsage {
  return {
    usedVlans: (id) => {
      const entry = snapshot.interfaces.get(id);
      return entry === undefined ? [] : usedOf(entry);
    },
    usedSpecial: (id) => {
      const held = new Set([...(snapshot.interfaces.get(id)?.special.values() ?? [])].flat());
      return SPECIAL_TAGS.filter((s) => held.has(s));
    },
  };
}

// --------------------------------------------------------------------------------- UNI tags

/**
 * Pure. Reserves the tags of a circuit's two UNIs, all or nothing, as Kytos-ng's create does
 * (kytos-api.md §1.3): first the EPL uniqueness check on A then Z (409), then A's tag, then Z's
 * (400 when not available). Both UNIs may be the same interface (a hairpin) with different tags.
 * To change UNIs, release the old ones from a snapshot and reserve on the result.
 */
export function reserveUniTags(snapshot: TagSnapshot, circuit: CircuitRef, uniA: Uni, uniZ: Uni): Result<Reservation, TagError> {
  const unis = [uniA, uniZ];
  for (const uni of unis) {
    if (!snapshot.interfaces.has(uni.interfaceId)) return err(unknownInterface(uni.interfaceId));
  }
  for (const uni of unis) {
    const dup = eplDuplicate(snapshot, circuit.id, uni);
    if (dup !== undefined) return err(dup);
  }
  const draft: Draft = new Map(snapshot.interfaces);
  const taken: Reservation['taken'][number][] = [];
  for (const uni of unis) {
    const entry = draft.get(uni.interfaceId) as InterfaceTags;
    const tag = heldTagOf(uni);
    const refused = checkFree(entry, uni.interfaceId, tag);
    if (refused !== undefined) return err(refused);
    holdUni(draft, circuit, uni);
    taken.push({ interfaceId: uni.interfaceId, tag });
  }
  return ok({ snapshot: { interfaces: draft }, taken });
}

/**
 * Pure. `snapshot` with `unis` held by `circuit`, unchecked: for tags the circuit already had (the
 * old UNIs of a PATCH stay held until their flows are gone) or has just reserved.
 */
export function holdUnis(snapshot: TagSnapshot, circuit: CircuitRef, unis: readonly Uni[]): TagSnapshot {
  const draft: Draft = new Map(snapshot.interfaces);
  for (const uni of unis) holdUni(draft, circuit, uni);
  return { interfaces: draft };
}

/** Pure. What a UNI's tag takes from its interface. */
export function heldTagOf(uni: Uni): HeldTag {
  const tag = uni.tag;
  switch (tag.kind) {
    case 'vlan':
      return { kind: 'vlans', ranges: [[tag.vid, tag.vid]] };
    case 'range':
      return { kind: 'vlans', ranges: tag.ranges };
    case 'untagged':
    case 'any':
      return { kind: 'special', tag: tag.kind };
    case 'epl':
      return { kind: 'epl' };
    default:
      return assertNever(tag);
  }
}

/** Pure. Kytos core's KytosTagsAreNotAvailable text; mef_eline answers 400 with it. */
export function tagsNotAvailableText(conflict: string, interfaceId: InterfaceId): string {
  return `KytosTagsAreNotAvailable, The tags ${conflict} are not available in ${interfaceId}`;
}

function notAvailable(conflict: string, interfaceId: InterfaceId): TagError {
  return { kind: 'not_available', interfaceId, description: tagsNotAvailableText(conflict, interfaceId) };
}

function unknownInterface(interfaceId: InterfaceId): TagError {
  // mef_eline main.py _uni_from_dict, word for word (no space after the colon).
  return { kind: 'unknown_interface', interfaceId, description: `Error creating UNI:Could not instantiate interface ${interfaceId}` };
}

/** The 409 for an EPL UNI on an interface where another circuit already has one, or undefined. */
function eplDuplicate(snapshot: TagSnapshot, evcId: EvcId, uni: Uni): TagError | undefined {
  if (uni.tag.kind !== 'epl') return undefined;
  for (const [other, name] of snapshot.interfaces.get(uni.interfaceId)?.epl ?? []) {
    if (other === evcId) continue;
    // mef_eline EVC.check_no_tag_duplicate prints the circuit as its repr, `EVC(<id>, <name>)`.
    const description = `UNI with interface ${uni.interfaceId} is duplicated with EVC(${other}, ${name}).`;
    return { kind: 'epl_duplicated', interfaceId: uni.interfaceId, evcId: other, description };
  }
  return undefined;
}

/** Why `tag` cannot be taken on `entry`, or undefined when it is free. */
function checkFree(entry: InterfaceTags, interfaceId: InterfaceId, tag: HeldTag): TagError | undefined {
  switch (tag.kind) {
    case 'vlans': {
      // Kytos prints the requested tags that are not available, as a list of ranges.
      const missing = subtract(normalize(tag.ranges), availableVids(entry));
      return missing.length === 0 ? undefined : notAvailable(formatRanges(missing), interfaceId);
    }
    case 'special': {
      const held = [...entry.special.values()].some((s) => s.includes(tag.tag));
      // Kytos prints a special tag bare: "The tags untagged are not available in …".
      return entry.specialTags.includes(tag.tag) && !held ? undefined : notAvailable(tag.tag, interfaceId);
    }
    case 'epl':
      return undefined;
    default:
      return assertNever(tag);
  }
}

// ----------------------------------------------------------------------------------- S-VLANs

/**
 * Pure. One S-VLAN per hop, all or nothing (kytos-api.md §2.3 `choose_vlans`): the lowest VID
 * free on both endpoints; when that is the hop's `avoid` VID (try_avoid_same_s_vlan, the previous
 * S-VLAN on a redeploy) the next common VID is taken if there is one. Hops see the VIDs taken by
 * earlier hops. The snapshot is not changed; hold the result with `holdHops`.
 */
export function allocateSVlans(
  snapshot: TagSnapshot,
  evcId: EvcId,
  hops: readonly HopEnds[],
  avoid: ReadonlyMap<LinkId, number> = new Map(),
): Result<PathHop[], TagError> {
  const draft: Draft = new Map(snapshot.interfaces);
  const out: PathHop[] = [];
  for (const hop of hops) {
    const a = draft.get(hop.fromA);
    const z = draft.get(hop.toZ);
    const sVlan = a === undefined || z === undefined ? undefined : lowestCommon(availableVids(a), availableVids(z), avoid.get(hop.linkId));
    // kytos core KytosNoTagAvailableError's text.
    if (sVlan === undefined) return err({ kind: 'no_vlan', linkId: hop.linkId, description: `Link ${hop.linkId} has no vlan available.` });
    const placed: PathHop = { linkId: hop.linkId, fromA: hop.fromA, toZ: hop.toZ, sVlan };
    holdHopsIn(draft, evcId, [placed]);
    out.push(placed);
  }
  return ok(out);
}

/** Pure. `snapshot` with each hop's S-VLAN held by `evcId` on both endpoints (what `allocateSVlans` chose). */
export function holdHops(snapshot: TagSnapshot, evcId: EvcId, hops: readonly PathHop[]): TagSnapshot {
  const draft: Draft = new Map(snapshot.interfaces);
  holdHopsIn(draft, evcId, hops);
  return { interfaces: draft };
}

// ----------------------------------------------------------------------------------- release

/**
 * Pure. `snapshot` with what `scope` names given back by `evcId`: a UNI's tag on UNI change or
 * delete, a path's S-VLANs when it is removed, or everything. Only what `evcId` holds is freed, so
 * a repeated release, or one naming another circuit's tag, changes nothing.
 */
export function releaseTags(snapshot: TagSnapshot, evcId: EvcId, scope: ReleaseScope): TagSnapshot {
  const draft: Draft = new Map(snapshot.interfaces);
  switch (scope.kind) {
    case 'unis':
      for (const uni of scope.unis) update(draft, uni.interfaceId, (e) => withoutUni(e, evcId, heldTagOf(uni)));
      break;
    case 'hops':
      for (const hop of scope.hops) {
        for (const id of [hop.fromA, hop.toZ]) update(draft, id, (e) => withoutVlans(e, evcId, [[hop.sVlan, hop.sVlan]]));
      }
      break;
    case 'circuit':
      for (const [id, e] of draft) {
        if (e.vlans.has(evcId) || e.special.has(evcId) || e.epl.has(evcId)) draft.set(id, withoutCircuit(e, evcId));
      }
      break;
    default:
      return assertNever(scope);
  }
  return { interfaces: draft };
}

// ----------------------------------------------------------------------- entry updates (drafts)

/** Replaces the entry of `id` in `draft` by `change(entry)`; an interface not in the draft is left alone. */
function update(draft: Draft, id: InterfaceId, change: (e: InterfaceTags) => InterfaceTags): void {
  const entry = draft.get(id);
  if (entry !== undefined) draft.set(id, change(entry));
}

function holdUni(draft: Draft, circuit: CircuitRef, uni: Uni): void {
  const tag = heldTagOf(uni);
  update(draft, uni.interfaceId, (e) => {
    switch (tag.kind) {
      case 'vlans':
        return withVlans(e, circuit.id, tag.ranges);
      case 'special':
        return { ...e, special: setIn(e.special, circuit.id, [...(e.special.get(circuit.id) ?? []), tag.tag]) };
      case 'epl':
        return { ...e, epl: setIn(e.epl, circuit.id, circuit.name) };
      default:
        return assertNever(tag);
    }
  });
}

function holdHopsIn(draft: Draft, evcId: EvcId, hops: readonly PathHop[]): void {
  for (const hop of hops) {
    for (const id of [hop.fromA, hop.toZ]) update(draft, id, (e) => withVlans(e, evcId, [[hop.sVlan, hop.sVlan]]));
  }
}

function withVlans(e: InterfaceTags, evcId: EvcId, ranges: readonly VlanRange[]): InterfaceTags {
  const added = normalize(ranges);
  return { ...e, vlans: setIn(e.vlans, evcId, union(e.vlans.get(evcId) ?? [], added)), used: union(e.used, added) };
}

function withoutUni(e: InterfaceTags, evcId: EvcId, tag: HeldTag): InterfaceTags {
  switch (tag.kind) {
    case 'vlans':
      return withoutVlans(e, evcId, tag.ranges);
    case 'special':
      return withoutSpecial(e, evcId, tag.tag);
    case 'epl':
      return e.epl.has(evcId) ? { ...e, epl: deleteIn(e.epl, evcId) } : e;
    default:
      return assertNever(tag);
  }
}

function withoutVlans(e: InterfaceTags, evcId: EvcId, ranges: readonly VlanRange[]): InterfaceTags {
  const held = e.vlans.get(evcId);
  if (held === undefined) return e;
  const gone = intersect(held, normalize(ranges));
  const left = subtract(held, gone);
  return { ...e, vlans: left.length === 0 ? deleteIn(e.vlans, evcId) : setIn(e.vlans, evcId, left), used: subtract(e.used, gone) };
}

function withoutSpecial(e: InterfaceTags, evcId: EvcId, tag: SpecialTag): InterfaceTags {
  const held = e.special.get(evcId);
  if (held === undefined) return e;
  const left = held.filter((s) => s !== tag);
  return { ...e, special: left.length === 0 ? deleteIn(e.special, evcId) : setIn(e.special, evcId, left) };
}

function withoutCircuit(e: InterfaceTags, evcId: EvcId): InterfaceTags {
  const gone = e.vlans.get(evcId) ?? [];
  return { ...e, vlans: deleteIn(e.vlans, evcId), special: deleteIn(e.special, evcId), epl: deleteIn(e.epl, evcId), used: subtract(e.used, gone) };
}

/** Copy on write without copying the map: an overlay of one change (see overlay-map.ts). */
function setIn<V>(m: ReadonlyMap<EvcId, V>, k: EvcId, v: V): ReadonlyMap<EvcId, V> {
  return OverlayMap.with(m, k, v);
}

function deleteIn<V>(m: ReadonlyMap<EvcId, V>, k: EvcId): ReadonlyMap<EvcId, V> {
  return OverlayMap.without(m, k);
}
