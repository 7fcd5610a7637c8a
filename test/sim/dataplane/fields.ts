/**
 * Reading and writing OXM fields of a modelled packet. Reads are total over the OXM table (a
 * field the packet lacks reads as undefined, so a match on it fails, OF1.3.5 7.2.3.6); writes
 * exist only for the fields the model carries, and a set_field on any other throws.
 */
import { OFPVID, type OxmBasic, type OxmName } from '../../../src/ofp';
import { fieldInfo, oxmValueToBigint } from './match';
import { bigintToIpv4, bigintToMac, ipv4ToBigint, macToBigint, type Headers, type L4Ports } from './packet';

/** Pipeline state that matches can see besides the headers. */
export interface FieldContext {
  readonly inPort: number;
  readonly metadata: bigint;
}

type Read = (h: Headers, c: FieldContext) => bigint | undefined;

const none: Read = () => undefined;
const ipv4 = (f: (ip: NonNullable<Headers['ipv4']>) => bigint): Read => (h) => (h.ethType === 0x0800 && h.ipv4 !== undefined ? f(h.ipv4) : undefined);
const port = (proto: number, f: (p: L4Ports) => number): Read => (h) =>
  h.ethType === 0x0800 && h.ipv4?.proto === proto && h.l4 !== undefined ? BigInt(f(h.l4)) : undefined;

/** Every OXM field, so the compiler checks that none is forgotten. */
const READ: Readonly<Record<OxmName, Read>> = {
  in_port: (_h, c) => BigInt(c.inPort),
  in_phy_port: (_h, c) => BigInt(c.inPort),
  metadata: (_h, c) => c.metadata,
  eth_dst: (h) => macToBigint(h.ethDst),
  eth_src: (h) => macToBigint(h.ethSrc),
  eth_type: (h) => BigInt(h.ethType),
  // OF1.3.5 7.2.3.8 "VLAN match": an untagged frame reads OFPVID_NONE, a tagged one PRESENT|VID of its outer tag.
  vlan_vid: (h) => {
    const outer = h.vlanStack[0];
    return BigInt(outer === undefined ? OFPVID.NONE : OFPVID.PRESENT | outer.vid);
  },
  vlan_pcp: (h) => (h.vlanStack[0] === undefined ? undefined : BigInt(h.vlanStack[0].pcp)),
  ip_dscp: ipv4((ip) => BigInt(ip.dscp)),
  ip_ecn: ipv4((ip) => BigInt(ip.ecn)),
  ip_proto: ipv4((ip) => BigInt(ip.proto)),
  ipv4_src: ipv4((ip) => ipv4ToBigint(ip.src)),
  ipv4_dst: ipv4((ip) => ipv4ToBigint(ip.dst)),
  tcp_src: port(6, (p) => p.src),
  tcp_dst: port(6, (p) => p.dst),
  udp_src: port(17, (p) => p.src),
  udp_dst: port(17, (p) => p.dst),
  sctp_src: port(132, (p) => p.src),
  sctp_dst: port(132, (p) => p.dst),
  icmpv4_type: none,
  icmpv4_code: none,
  arp_op: none,
  arp_spa: none,
  arp_tpa: none,
  arp_sha: none,
  arp_tha: none,
  ipv6_src: none,
  ipv6_dst: none,
  ipv6_flabel: none,
  icmpv6_type: none,
  icmpv6_code: none,
  ipv6_nd_target: none,
  ipv6_nd_sll: none,
  ipv6_nd_tll: none,
  mpls_label: none,
  mpls_tc: none,
  mpls_bos: none,
  pbb_isid: none,
  tunnel_id: none,
  ipv6_exthdr: none,
};

/** Pure. The value of field `name` in the packet, or undefined when the packet does not carry it. */
export function readField(h: Headers, c: FieldContext, name: OxmName): bigint | undefined {
  return READ[name](h, c);
}

/** What a set_field did: the new headers, or nothing because the packet lacks that header. */
export type SetResult = { readonly kind: 'set'; readonly headers: Headers } | { readonly kind: 'absent' };

type Write = (h: Headers, v: bigint) => Headers | undefined;

const setPorts = (proto: number, which: keyof L4Ports): Write => (h, v) =>
  h.ipv4?.proto === proto && h.l4 !== undefined ? { ...h, l4: { ...h.l4, [which]: Number(v) } } : undefined;
const setIpv4 = (f: (ip: NonNullable<Headers['ipv4']>, v: bigint) => NonNullable<Headers['ipv4']>): Write => (h, v) =>
  h.ipv4 === undefined ? undefined : { ...h, ipv4: f(h.ipv4, v) };

/** The fields a set_field may rewrite in this model. */
const WRITE: Partial<Readonly<Record<OxmName, Write>>> = {
  eth_dst: (h, v) => ({ ...h, ethDst: bigintToMac(v) }),
  eth_src: (h, v) => ({ ...h, ethSrc: bigintToMac(v) }),
  // Only the outer tag is rewritten; the VID loses the OFPVID_PRESENT bit the action carries.
  vlan_vid: (h, v) => withOuterTag(h, (t) => ({ ...t, vid: Number(v & 0xfffn) })),
  vlan_pcp: (h, v) => withOuterTag(h, (t) => ({ ...t, pcp: Number(v) })),
  ipv4_src: setIpv4((ip, v) => ({ ...ip, src: bigintToIpv4(v) })),
  ipv4_dst: setIpv4((ip, v) => ({ ...ip, dst: bigintToIpv4(v) })),
  ip_dscp: setIpv4((ip, v) => ({ ...ip, dscp: Number(v) })),
  ip_ecn: setIpv4((ip, v) => ({ ...ip, ecn: Number(v) })),
  tcp_src: setPorts(6, 'src'),
  tcp_dst: setPorts(6, 'dst'),
  udp_src: setPorts(17, 'src'),
  udp_dst: setPorts(17, 'dst'),
  sctp_src: setPorts(132, 'src'),
  sctp_dst: setPorts(132, 'dst'),
};

function withOuterTag(h: Headers, f: (t: Headers['vlanStack'][number]) => Headers['vlanStack'][number]): Headers | undefined {
  const [outer, ...rest] = h.vlanStack;
  return outer === undefined ? undefined : { ...h, vlanStack: [f(outer), ...rest] };
}

/** Pure. Applies one set_field; throws for a field the model cannot rewrite. */
export function writeField(h: Headers, oxm: OxmBasic): SetResult {
  const w = WRITE[oxm.field];
  if (w === undefined) throw new Error(`fake dataplane: set_field ${oxm.field} is not modelled`);
  const next = w(h, oxmValueToBigint(fieldInfo(oxm.field).kind, oxm.value));
  return next === undefined ? { kind: 'absent' } : { kind: 'set', headers: next };
}
