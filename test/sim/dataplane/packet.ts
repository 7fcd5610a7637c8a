/**
 * The packet model of the fake dataplane: the header fields a flow can match or rewrite, as plain
 * readonly data. Only what the controller's pipelines touch is modelled (Ethernet, a VLAN stack,
 * IPv4 and L4 ports); a field the model lacks never matches (see ./fields.ts), and an action on
 * one makes `trace` throw rather than pretend.
 */

/** One 802.1Q/802.1ad tag. `tpid` is 0x8100 (C-tag) or 0x88a8 (S-tag); `vid` has no OFPVID_PRESENT bit. */
export interface VlanTag {
  readonly tpid: number;
  readonly vid: number;
  readonly pcp: number;
}

export interface Ipv4Header {
  readonly src: string;
  readonly dst: string;
  readonly proto: number;
  readonly dscp: number;
  readonly ecn: number;
}

/** TCP, UDP or SCTP ports; which one is given by `ipv4.proto`. */
export interface L4Ports {
  readonly src: number;
  readonly dst: number;
}

/** A frame's headers. `ethType` is the type after the VLAN tags, as OVS matches eth_type. */
export interface Headers {
  readonly ethDst: string;
  readonly ethSrc: string;
  /** Outermost tag first. */
  readonly vlanStack: readonly VlanTag[];
  readonly ethType: number;
  readonly ipv4?: Ipv4Header;
  readonly l4?: L4Ports;
}

/** A frame entering a switch: its headers and the port it arrived on. */
export interface Packet extends Headers {
  readonly inPort: number;
}

/** IEEE 802 "local experimental" ethertype: a frame that implies no L3 fields. */
export const ETH_TYPE_LOCAL_EXPERIMENTAL = 0x88b5;
export const TPID = { C_TAG: 0x8100, S_TAG: 0x88a8 } as const;

export interface FrameInit {
  readonly ethDst?: string;
  readonly ethSrc?: string;
  /** Tags outermost first: a bare number is a C-tag with that VID and PCP 0. */
  readonly vlans?: readonly (number | Partial<VlanTag>)[];
  readonly ethType?: number;
  readonly ipv4?: Ipv4Header;
  readonly l4?: L4Ports;
}

/** Pure. Headers with test defaults: fixed unicast addresses, the given tags, ethertype 0x88b5. */
export function frame(init: FrameInit = {}): Headers {
  const vlanStack = (init.vlans ?? []).map((t): VlanTag => ({ tpid: TPID.C_TAG, vid: 0, pcp: 0, ...(typeof t === 'number' ? { vid: t } : t) }));
  return {
    ethDst: init.ethDst ?? '00:00:00:00:00:02',
    ethSrc: init.ethSrc ?? '00:00:00:00:00:01',
    vlanStack,
    ethType: init.ethType ?? ETH_TYPE_LOCAL_EXPERIMENTAL,
    ...(init.ipv4 === undefined ? {} : { ipv4: init.ipv4 }),
    ...(init.l4 === undefined ? {} : { l4: init.l4 }),
  };
}

/** Pure. The VIDs of a frame's tags, outermost first (what most assertions want). */
export function vids(h: Headers): number[] {
  return h.vlanStack.map((t) => t.vid);
}

/** Pure. The headers without the ingress port. */
export function headersOf(p: Packet): Headers {
  const { inPort: _inPort, ...h } = p;
  return h;
}

// ---------------------------------------------------------------------------------------------
// Addresses as integers, so that matching is one masked comparison for every field.

/** Pure. `aa:bb:cc:dd:ee:ff` (any case) as a 48-bit integer. */
export function macToBigint(mac: string): bigint {
  const parts = mac.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) throw new Error(`not a MAC address: ${mac}`);
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(parseInt(p, 16)), 0n);
}

/** Pure. Dotted-quad IPv4 as a 32-bit integer. */
export function ipv4ToBigint(ip: string): bigint {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

/** Pure. IPv6 text (full groups or with one `::`) as a 128-bit integer. */
export function ipv6ToBigint(ip: string): bigint {
  const halves = ip.split('::');
  if (halves.length > 2) throw new Error(`not an IPv6 address: ${ip}`);
  const groups = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...new Array<string>(fill).fill('0'), ...tail];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) throw new Error(`not an IPv6 address: ${ip}`);
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Pure. A 48-bit integer as lower-case `aa:bb:cc:dd:ee:ff`. */
export function bigintToMac(v: bigint): string {
  return v.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:');
}

/** Pure. A 32-bit integer as dotted-quad IPv4. */
export function bigintToIpv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}
