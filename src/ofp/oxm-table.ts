/**
 * The one table of OpenFlow-basic OXM fields (OF1.3.5 7.2.3.7 "OXM Flow Match Fields", Table 12),
 * in spec order. It drives both encode and decode (./oxm.ts); there are no per-field branches.
 *
 *  OXM TLV header (7.2.3.2):
 *   0                   1                   2                   3
 *  +-------------------------------+-------------+-+---------------+
 *  |          oxm_class            |  oxm_field  |M|  oxm_length   |
 *  +-------------------------------+-------------+-+---------------+
 */

/** How a field's payload is represented: numbers, bigint for 64-bit, text for addresses. */
export type OxmKind = 'u8' | 'u16' | 'u24' | 'u32' | 'u64' | 'mac' | 'ipv4' | 'ipv6';

export interface OxmFieldDef {
  readonly name: string;
  readonly field: number;
  readonly kind: OxmKind;
  readonly bytes: number;
  readonly maskable: boolean;
}

const def = <N extends string, K extends OxmKind>(name: N, field: number, kind: K, bytes: number, maskable: boolean) =>
  ({ name, field, kind, bytes, maskable }) as const;

export const OXM_FIELDS = [
  def('in_port', 0, 'u32', 4, false), // switch input port
  def('in_phy_port', 1, 'u32', 4, false), // switch physical input port
  def('metadata', 2, 'u64', 8, true), // metadata passed between tables
  def('eth_dst', 3, 'mac', 6, true), // ethernet destination address
  def('eth_src', 4, 'mac', 6, true), // ethernet source address
  def('eth_type', 5, 'u16', 2, false), // ethernet frame type
  def('vlan_vid', 6, 'u16', 2, true), // VLAN id, with OFPVID_PRESENT (13 bits on the wire)
  def('vlan_pcp', 7, 'u8', 1, false), // VLAN priority
  def('ip_dscp', 8, 'u8', 1, false), // IP DSCP (6 bits in ToS field)
  def('ip_ecn', 9, 'u8', 1, false), // IP ECN (2 bits in ToS field)
  def('ip_proto', 10, 'u8', 1, false), // IP protocol
  def('ipv4_src', 11, 'ipv4', 4, true), // IPv4 source address
  def('ipv4_dst', 12, 'ipv4', 4, true), // IPv4 destination address
  def('tcp_src', 13, 'u16', 2, false), // TCP source port
  def('tcp_dst', 14, 'u16', 2, false), // TCP destination port
  def('udp_src', 15, 'u16', 2, false), // UDP source port
  def('udp_dst', 16, 'u16', 2, false), // UDP destination port
  def('sctp_src', 17, 'u16', 2, false), // SCTP source port
  def('sctp_dst', 18, 'u16', 2, false), // SCTP destination port
  def('icmpv4_type', 19, 'u8', 1, false), // ICMP type
  def('icmpv4_code', 20, 'u8', 1, false), // ICMP code
  def('arp_op', 21, 'u16', 2, false), // ARP opcode
  def('arp_spa', 22, 'ipv4', 4, true), // ARP source IPv4 address
  def('arp_tpa', 23, 'ipv4', 4, true), // ARP target IPv4 address
  def('arp_sha', 24, 'mac', 6, true), // ARP source hardware address
  def('arp_tha', 25, 'mac', 6, true), // ARP target hardware address
  def('ipv6_src', 26, 'ipv6', 16, true), // IPv6 source address
  def('ipv6_dst', 27, 'ipv6', 16, true), // IPv6 destination address
  def('ipv6_flabel', 28, 'u32', 4, true), // IPv6 flow label (20 bits)
  def('icmpv6_type', 29, 'u8', 1, false), // ICMPv6 type
  def('icmpv6_code', 30, 'u8', 1, false), // ICMPv6 code
  def('ipv6_nd_target', 31, 'ipv6', 16, false), // target address for ND
  def('ipv6_nd_sll', 32, 'mac', 6, false), // source link-layer for ND
  def('ipv6_nd_tll', 33, 'mac', 6, false), // target link-layer for ND
  def('mpls_label', 34, 'u32', 4, false), // MPLS label (20 bits)
  def('mpls_tc', 35, 'u8', 1, false), // MPLS TC
  def('mpls_bos', 36, 'u8', 1, false), // MPLS BoS bit
  def('pbb_isid', 37, 'u24', 3, true), // PBB I-SID
  def('tunnel_id', 38, 'u64', 8, true), // logical port metadata
  def('ipv6_exthdr', 39, 'u16', 2, true), // IPv6 extension header pseudo-field (9 bits)
] as const;

export type OxmFieldTable = (typeof OXM_FIELDS)[number];
export type OxmName = OxmFieldTable['name'];

interface KindValue {
  u8: number;
  u16: number;
  u24: number;
  u32: number;
  u64: bigint;
  mac: string;
  ipv4: string;
  ipv6: string;
}

/** The value type of a named field, from the table. */
export type OxmValueOf<N extends OxmName> = KindValue[Extract<OxmFieldTable, { name: N }>['kind']];

/** Field definitions by name. A null-prototype object: V8 looks up its constant shape faster than a Map. */
export const OXM_BY_NAME: Readonly<Record<string, OxmFieldDef | undefined>> = Object.assign(
  Object.create(null) as Record<string, OxmFieldDef>,
  Object.fromEntries(OXM_FIELDS.map((d) => [d.name, d])),
);
export const OXM_BY_FIELD: readonly (OxmFieldDef | undefined)[] = (() => {
  const a: (OxmFieldDef | undefined)[] = new Array(128).fill(undefined);
  for (const d of OXM_FIELDS) a[d.field] = d;
  return a;
})();
