/**
 * How Open vSwitch 3.1 spells matches, actions, instructions, ports and errors in `ovs-ofctl
 * ofp-print` output, rendered from our model. Facts about OVS's text (lib/ofp-print.c, meta-flow,
 * ofp-actions), not about OpenFlow; used only by the golden cross-check (./ofctl.ts).
 */
import { decodeMessage } from '../../src/ofp/decode';
import { errorName } from '../../src/ofp/constants';
import type * as T from '../../src/ofp/types';

// ---------------------------------------------------------------------------------------------
// Small OVS spellings

/** Pure. `0x…` lower-case hex, as OVS prints cookies and ids. */
export const hex = (v: number | bigint): string => `0x${v.toString(16)}`;
const RESERVED_PORT: Readonly<Record<number, string>> = {
  0xfffffff8: 'IN_PORT', 0xfffffff9: 'TABLE', 0xfffffffa: 'NORMAL', 0xfffffffb: 'FLOOD', 0xfffffffc: 'ALL',
  0xfffffffd: 'CONTROLLER', 0xfffffffe: 'LOCAL', 0xffffffff: 'ANY',
};
/** Pure. OVS's name of a port: the reserved name or the number. */
export const portName = (p: number): string => RESERVED_PORT[p] ?? String(p);
/** Pure. The " (OF1.x)" tag OVS puts after a message name (none for OpenFlow 1.0). */
export const versionTag = (v: number): string => (v === 1 ? '' : ` (OF1.${v - 1})`);
/** Pure. The names of the set bits of `v` (bit i ↔ names[i]; '' for unnamed bits). */
export const bits = (v: number, names: readonly string[]): string[] => names.filter((n, i) => n !== '' && (v >>> i) & 1);

/** Pure. OVS's ofp_print_duration: no decimals, 3 when exact milliseconds, else as many as needed. */
export function ovsDuration(sec: number, nsec: number): string {
  if (nsec === 0) return `${sec}s`;
  if (nsec % 1_000_000 === 0) return `${sec}.${String(nsec / 1_000_000).padStart(3, '0')}s`;
  return `${sec}.${String(nsec).padStart(9, '0').replace(/0+$/, '')}s`;
}

/** Pure. RFC 5952 text of an IPv6 address given as eight full groups (as OVS prints it). */
export function ipv6Compressed(full: string): string {
  const groups = full.split(':').map((g) => parseInt(g, 16).toString(16));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function prefixLen(maskBits: string): number | undefined {
  const m = /^(1*)0*$/.exec(maskBits);
  return m ? (m[1] as string).length : undefined;
}

function ipv4Masked(v: string, mask: string | undefined): string {
  if (mask === undefined || mask === '255.255.255.255') return v;
  const b = mask.split('.').map((x) => Number(x).toString(2).padStart(8, '0')).join('');
  const n = prefixLen(b);
  return n === undefined ? `${v}/${mask}` : `${v}/${n}`;
}

function ipv6Masked(v: string, mask: string | undefined): string {
  const full = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
  if (mask === undefined || mask === full) return ipv6Compressed(v);
  const b = mask.split(':').map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
  const n = prefixLen(b);
  return `${ipv6Compressed(v)}/${n === undefined ? ipv6Compressed(mask) : n}`;
}

const macMasked = (v: string, m: string | undefined): string => (m === undefined || m === 'ff:ff:ff:ff:ff:ff' ? v : `${v}/${m}`);
const hexMasked = (v: number | bigint, m: number | bigint | undefined, all: bigint): string =>
  m === undefined || BigInt(m) === all ? hex(v) : `${hex(v)}/${hex(m)}`;

const TCP_FLAGS = ['fin', 'syn', 'rst', 'psh', 'ack', 'urg', 'ece', 'cwr', 'ns'];

/** Pure. OVS's text for one OXM of a match, or undefined when OVS prints it differently (folded into a shorthand). */
function oxmFact(o: T.Oxm): string | undefined {
  switch (o.field) {
    case 'in_port': return `in_port=${portName(o.value)}`;
    case 'metadata': return `metadata=${hexMasked(o.value, o.mask, 0xffffffffffffffffn)}`;
    case 'tunnel_id': return `tun_id=${hexMasked(o.value, o.mask, 0xffffffffffffffffn)}`;
    case 'eth_dst': return `dl_dst=${macMasked(o.value, o.mask)}`;
    case 'eth_src': return `dl_src=${macMasked(o.value, o.mask)}`;
    case 'vlan_vid':
      if (o.mask === undefined || o.mask === 0x1fff) return `dl_vlan=${o.value & 0xfff}`;
      return `vlan_tci=0x${(o.value & o.mask).toString(16).padStart(4, '0')}/0x${o.mask.toString(16).padStart(4, '0')}`;
    case 'vlan_pcp': return `dl_vlan_pcp=${o.value}`;
    case 'ip_dscp': return `nw_tos=${o.value << 2}`;
    case 'ip_ecn': return `nw_ecn=${o.value}`;
    case 'ipv4_src': return `nw_src=${ipv4Masked(o.value, o.mask)}`;
    case 'ipv4_dst': return `nw_dst=${ipv4Masked(o.value, o.mask)}`;
    case 'tcp_src': case 'udp_src': case 'sctp_src': return `tp_src=${o.value}`;
    case 'tcp_dst': case 'udp_dst': case 'sctp_dst': return `tp_dst=${o.value}`;
    case 'icmpv4_type': case 'icmpv6_type': return `icmp_type=${o.value}`;
    case 'icmpv4_code': case 'icmpv6_code': return `icmp_code=${o.value}`;
    case 'arp_op': return `arp_op=${o.value}`;
    case 'arp_spa': return `arp_spa=${ipv4Masked(o.value, o.mask)}`;
    case 'arp_tpa': return `arp_tpa=${ipv4Masked(o.value, o.mask)}`;
    case 'arp_sha': return `arp_sha=${macMasked(o.value, o.mask)}`;
    case 'arp_tha': return `arp_tha=${macMasked(o.value, o.mask)}`;
    case 'ipv6_src': return `ipv6_src=${ipv6Masked(o.value, o.mask)}`;
    case 'ipv6_dst': return `ipv6_dst=${ipv6Masked(o.value, o.mask)}`;
    case 'ipv6_flabel': return `ipv6_label=${hexMasked(o.value, o.mask, 0xfffffn)}`;
    case 'ipv6_nd_target': return `nd_target=${ipv6Compressed(o.value)}`;
    case 'ipv6_nd_sll': return `nd_sll=${o.value}`;
    case 'ipv6_nd_tll': return `nd_tll=${o.value}`;
    case 'mpls_label': return `mpls_label=${o.value}`;
    case 'mpls_tc': return `mpls_tc=${o.value}`;
    case 'mpls_bos': return `mpls_bos=${o.value}`;
    case 'opaque': return opaqueOxmFact(o);
    default: return undefined; // eth_type, ip_proto: see protoFact; in_phy_port, pbb_isid, ipv6_exthdr: OVS lacks them
  }
}

function opaqueOxmFact(o: T.OxmOpaque): string | undefined {
  const half = o.hasMask ? o.body.length / 2 : o.body.length;
  if (o.oxmClass === 0x0001 && o.oxmField <= 15) {
    // NXM_NX_REG0..15 (OVS meta-flow.h): 32-bit registers.
    const v = o.body.readUInt32BE(0);
    return `reg${o.oxmField}=${hex(v)}${o.hasMask ? `/${hex(o.body.readUInt32BE(half))}` : ''}`;
  }
  if (o.oxmClass === 0xffff && o.body.readUInt32BE(0) === 0x4f4e4600 && o.oxmField === 42) {
    // ONFOXM_ET_TCP_FLAGS: OVS prints the masked bits as +flag / -flag.
    const v = o.body.readUInt16BE(4);
    const m = o.hasMask ? o.body.readUInt16BE(6) : 0xfff;
    return `tcp_flags=${TCP_FLAGS.map((n, i) => ((m >> i) & 1 ? `${(v >> i) & 1 ? '+' : '-'}${n}` : '')).join('')}`;
  }
  return undefined;
}

/** Pure. The protocol shorthand OVS prints for eth_type (+ ip_proto), e.g. "tcp", "icmp6", "arp". */
function protoFact(m: T.Match): string | undefined {
  const et = m.find((o) => o.field === 'eth_type');
  if (et === undefined || et.field !== 'eth_type') return undefined;
  const p = m.find((o) => o.field === 'ip_proto');
  const proto = p !== undefined && p.field === 'ip_proto' ? p.value : undefined;
  const v4: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 132: 'sctp' };
  const v6: Record<number, string> = { 58: 'icmp6', 6: 'tcp6', 17: 'udp6', 132: 'sctp6' };
  switch (et.value) {
    case 0x0800: return proto === undefined ? 'ip' : (v4[proto] ?? `ip,nw_proto=${proto}`);
    case 0x86dd: return proto === undefined ? 'ipv6' : (v6[proto] ?? `ipv6,nw_proto=${proto}`);
    case 0x0806: return 'arp';
    case 0x8847: return 'mpls';
    case 0x8848: return 'mplsm';
    default: return `dl_type=0x${et.value.toString(16).padStart(4, '0')}`;
  }
}

/** Pure. One fact per OXM of a match, in OVS syntax. */
export function matchFacts(m: T.Match): string[] {
  const out: string[] = [];
  const proto = protoFact(m);
  if (proto !== undefined) out.push(proto);
  for (const o of m) {
    const f = oxmFact(o);
    if (f !== undefined) out.push(f);
  }
  return out;
}

function setFieldValue(o: T.Oxm): string | undefined {
  switch (o.field) {
    case 'opaque': {
      const f = opaqueOxmFact(o);
      if (f === undefined) return undefined;
      const [name, value] = f.split('=') as [string, string];
      return `${value}->${name}`;
    }
    case 'metadata': case 'tunnel_id': return `${hex(o.value)}->${o.field === 'tunnel_id' ? 'tun_id' : 'metadata'}`;
    default: return `${String(o.value)}->${o.field}`;
  }
}

/** Pure. OVS's text of one action ("output:2", "push_vlan:0x8100", "set_field:4296->vlan_vid", ...). */
export function actionText(a: T.Action): string {
  const eth = (e: number): string => `0x${e.toString(16).padStart(4, '0')}`;
  switch (a.type) {
    case 'output':
      if (a.port === 0xfffffffd) return `CONTROLLER:${a.maxLen}`;
      return a.port >= 0xffffff00 ? portName(a.port) : `output:${a.port}`;
    case 'copy_ttl_out': return 'copy_ttl_out';
    case 'copy_ttl_in': return 'copy_ttl_in';
    case 'set_mpls_ttl': return `set_mpls_ttl(${a.ttl})`;
    case 'dec_mpls_ttl': return 'dec_mpls_ttl';
    case 'push_vlan': return `push_vlan:${eth(a.ethertype)}`;
    case 'pop_vlan': return 'pop_vlan';
    case 'push_mpls': return `push_mpls:${eth(a.ethertype)}`;
    case 'pop_mpls': return `pop_mpls:${eth(a.ethertype)}`;
    case 'set_queue': return `set_queue:${a.queueId}`;
    case 'group': return `group:${a.groupId}`;
    case 'set_nw_ttl': return `mod_nw_ttl:${a.ttl}`;
    case 'dec_nw_ttl': return 'dec_ttl';
    case 'set_field': return `set_field:${setFieldValue(a.field) ?? '?'}`;
    case 'push_pbb': return `push_pbb:${eth(a.ethertype)}`;
    case 'pop_pbb': return 'pop_pbb';
    case 'experimenter': return nxActionText(a.experimenter, a.data);
    case 'unknown': return `unknown_action_${a.code}`;
    default: return a satisfies never;
  }
}

/** Nicira actions used by the vectors (OVS nicira-ext.h): NXAST_RESUBMIT_TABLE (14), NXAST_NOTE (8). */
function nxActionText(experimenter: number, data: Buffer): string {
  if (experimenter !== 0x2320 || data.length < 2) return `experimenter_${experimenter}`;
  const subtype = data.readUInt16BE(0);
  if (subtype === 14) {
    const inPort = data.readUInt16BE(2);
    return `resubmit(${inPort === 0xfff8 ? '' : inPort},${data[4] as number})`;
  }
  if (subtype === 8) return `note:${[...data.subarray(2)].map((b) => b.toString(16).padStart(2, '0')).join('.')}`;
  return `nx_subtype_${subtype}`;
}

/** Pure. OVS's text of an action list ("drop" when empty). */
export const actionsText = (as: readonly T.Action[]): string => (as.length === 0 ? 'drop' : as.map(actionText).join(','));

/** Pure. OVS's "actions=" text of an instruction set (OVS prints instructions in its own fixed order). */
export function instructionsText(is: readonly T.Instruction[]): string {
  const order = ['meter', 'apply_actions', 'clear_actions', 'write_actions', 'write_metadata', 'goto_table'];
  const sorted = [...is].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  const parts = sorted.flatMap((i): string[] => {
    switch (i.type) {
      case 'meter': return [`meter:${i.meterId}`];
      case 'apply_actions': return i.actions.map(actionText);
      case 'clear_actions': return ['clear_actions'];
      case 'write_actions': return [`write_actions(${i.actions.map(actionText).join(',')})`];
      case 'write_metadata': return [`write_metadata:${hexMasked(i.metadata, i.metadataMask, 0xffffffffffffffffn)}`];
      case 'goto_table': return [`goto_table:${i.tableId}`];
      default: return [];
    }
  });
  return `actions=${parts.length === 0 ? 'drop' : parts.join(',')}`;
}

/** OVS's names of the ofp_flow_mod_flags bits. */
export const FLOW_MOD_FLAGS = ['send_flow_rem', 'check_overlap', 'reset_counts', 'no_packet_counts', 'no_byte_counts'];
/** OVS's names of the ofp_port_features bits. */
export const PORT_FEATURES = ['10MB-HD', '10MB-FD', '100MB-HD', '100MB-FD', '1GB-HD', '1GB-FD', '10GB-FD', '40GB-FD',
  '100GB-FD', '1TB-FD', 'OTHER', 'COPPER', 'FIBER', 'AUTO_NEG', 'AUTO_PAUSE', 'AUTO_PAUSE_ASYM'];

/** Pure. OVS's name of an error (it keeps some OF1.0 names, e.g. OFPBRC_BAD_STAT for BAD_MULTIPART). */
export function ovsErrorName(errType: number, code: number, data: Buffer): string | undefined {
  if (errType === 0xffff) {
    const exp = data.length >= 4 ? data.readUInt32BE(0) : -1;
    // ONF EXT-264 (OVS ofp-errors.h "ONF1.3(2640)").
    return exp === 0x4f4e4600 && code === 2640 ? 'OFPBRC_MULTIPART_REQUEST_TIMEOUT' : undefined;
  }
  const prefix: Record<string, string> = {
    HELLO_FAILED: 'OFPHFC_', BAD_REQUEST: 'OFPBRC_', BAD_ACTION: 'OFPBAC_', BAD_INSTRUCTION: 'OFPBIC_',
    BAD_MATCH: 'OFPBMC_', FLOW_MOD_FAILED: 'OFPFMFC_', GROUP_MOD_FAILED: 'OFPGMFC_', PORT_MOD_FAILED: 'OFPPMFC_',
    TABLE_MOD_FAILED: 'OFPTMFC_', QUEUE_OP_FAILED: 'OFPQOFC_', SWITCH_CONFIG_FAILED: 'OFPSCFC_',
    ROLE_REQUEST_FAILED: 'OFPRRFC_', METER_MOD_FAILED: 'OFPMMFC_', TABLE_FEATURES_FAILED: 'OFPTFFC_',
  };
  const n = errorName(errType, code);
  const name = `${prefix[n.type] ?? '?'}${n.code}`;
  return name === 'OFPBRC_BAD_MULTIPART' ? 'OFPBRC_BAD_STAT' : name;
}

/** Pure. The facts of an offending message carried in an error's data, if it decodes. */
export function nestedFacts(data: Buffer, facts: (f: T.Frame) => string[]): string[] {
  if (data.length < 8 || data[0] !== 4 || data.readUInt16BE(2) !== data.length) return [];
  try {
    return facts(decodeMessage(data));
  } catch {
    return [];
  }
}
