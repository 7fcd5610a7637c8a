/**
 * The topology model: switches, interfaces and links with their admin state, metadata and VLAN
 * pools, and the Kytos-ng status rules (kytos-api.md §0 "Entity status", §3.2). Data and pure
 * functions only.
 */
import type { Dpid } from '../ofp';

/** `<dpid>:<port number>`, e.g. `00:00:00:00:00:00:00:01:1`. */
export type InterfaceId = string;
/** sha256 of the two endpoint ids, sorted by (dpid, port) and joined with ':' (64 hex chars). */
export type LinkId = string;

export type EntityKind = 'switch' | 'interface' | 'link';
export type EntityStatus = 'UP' | 'DOWN' | 'DISABLED';

/** Why an entity is not UP. Kytos reports these as a sorted list of strings. */
export type StatusReason =
  | 'deactivated' // not operationally active (switch gone, port down, link not seen)
  | 'disabled' // administratively disabled
  | 'liveness' // link liveness (LLDP hellos) is not up
  | 'link_up_hold' // a link that came back is held down until the hold time has passed
  | 'mismatched_link'; // an endpoint now sees another peer

export type Metadata = Readonly<Record<string, unknown>>;

/** An inclusive VLAN range `[first, last]`, 1 ≤ first ≤ last ≤ 4095. */
export type VlanRange = readonly [number, number];
export type SpecialTag = 'untagged' | 'any';
export const SPECIAL_TAGS: readonly SpecialTag[] = ['untagged', 'any'];
/** Kytos-ng's default pool since 2025.1. */
export const DEFAULT_TAG_RANGES: readonly VlanRange[] = [[1, 4094]];

export interface SwitchState {
  readonly dpid: Dpid;
  readonly enabled: boolean;
  readonly metadata: Metadata;
  readonly connected: boolean;
}

export interface InterfaceState {
  readonly id: InterfaceId;
  readonly dpid: Dpid;
  readonly portNo: number;
  readonly name: string;
  readonly mac: string;
  /** Bytes per second, or null when the switch does not say. */
  readonly speed: number | null;
  readonly enabled: boolean;
  readonly metadata: Metadata;
  /** The port is up as the switch reports it (and the switch is connected). */
  readonly portActive: boolean;
  /** LLDP is sent and accepted on this interface. */
  readonly lldp: boolean;
  /** LLDP liveness detection is on for this interface (of_lldp, opt-in). */
  readonly liveness: boolean;
  readonly tagRanges: readonly VlanRange[];
  readonly specialTags: readonly SpecialTag[];
  /** The link attached to this interface, if any. */
  readonly linkId: LinkId | undefined;
}

export type LivenessStatus = 'init' | 'up' | 'down';

export interface LinkState {
  readonly id: LinkId;
  /** The smaller endpoint by (dpid, port). */
  readonly endpointA: InterfaceId;
  readonly endpointB: InterfaceId;
  readonly enabled: boolean;
  readonly metadata: Metadata;
  /** Seen by LLDP and both ports up since; false after a port went down or the link was superseded. */
  readonly active: boolean;
  /** Epoch ms until which a link that came back is held DOWN. */
  readonly holdUntil: number | undefined;
  /** Present when liveness is on for both endpoints. */
  readonly liveness: LivenessStatus | undefined;
  /** An endpoint has since seen another peer. */
  readonly mismatched: boolean;
}

/** Pure. Kytos status and sorted reasons from the admin and operational state. */
export function statusFrom(enabled: boolean, active: boolean, extra: readonly StatusReason[] = []): { status: EntityStatus; reasons: StatusReason[] } {
  const reasons = new Set<StatusReason>(extra);
  if (!active) reasons.add('deactivated');
  if (!enabled) reasons.add('disabled');
  const sorted = [...reasons].sort();
  return { status: !enabled ? 'DISABLED' : sorted.length === 0 ? 'UP' : 'DOWN', reasons: sorted };
}

/** Pure. Kytos interface id of a port. */
export function interfaceIdOf(dpid: Dpid, portNo: number): InterfaceId {
  return `${dpid}:${portNo}`;
}

/** Pure. The datapath id of an interface id: everything before the last ':' (as Kytos splits it). */
export function dpidOfInterface(id: InterfaceId): Dpid {
  return id.slice(0, id.lastIndexOf(':'));
}

/** Pure. Splits an interface id on its last ':' (as Kytos does); undefined when malformed. */
export function parseInterfaceId(id: string): { dpid: Dpid; portNo: number } | undefined {
  const cut = id.lastIndexOf(':');
  if (cut <= 0) return undefined;
  const dpid = id.slice(0, cut);
  const port = id.slice(cut + 1);
  if (!/^([0-9a-f]{2}:){7}[0-9a-f]{2}$/.test(dpid) || !/^\d{1,10}$/.test(port)) return undefined;
  const portNo = Number(port);
  return portNo <= 0xffffffff ? { dpid, portNo } : undefined;
}
