/**
 * OXM matches as the fake switch sees them: every field reduced to a (value, mask) pair of
 * integers, so that matching a packet, "identical" (strict) and "at least as specific" (non-strict)
 * are each one masked comparison per field (OF1.3.5 7.2.3 "Flow Match Structures").
 *
 * This is the fake's own normalisation, written independently of src/flows so that the fake can
 * check the production canonical form instead of sharing its mistakes.
 */
import { OFPVID, OXM_FIELDS, type Match, type Oxm, type OxmBasic, type OxmKind, type OxmName } from '../../../src/ofp';
import { ofError, type OfError } from './errors';
import { ipv4ToBigint, ipv6ToBigint, macToBigint } from './packet';

/** One field test: a packet matches when `(field & mask) === value`. `value` has no bits outside `mask`. */
export interface FieldTest {
  readonly value: bigint;
  readonly mask: bigint;
}

/** A validated match: tests by field name in spec field order, and the OXMs as a switch reports them. */
export interface NormMatch {
  readonly tests: ReadonlyMap<OxmName, FieldTest>;
  /** Spec field order, all-wildcard fields dropped, all-ones masks dropped (OVS reports them exact). */
  readonly oxms: Match;
  /** Identity of the match: equal keys ⇔ identical match fields (OF1.3.5 6.4, "strict"). */
  readonly key: string;
}

/**
 * Field widths in bits. Most are the OXM payload size; these are narrower (OF1.3.5 7.2.3.7 Table 12
 * footnotes): vlan_vid is 12 VID bits plus OFPVID_PRESENT.
 */
const NARROW: Partial<Record<OxmName, number>> = {
  vlan_vid: 13, vlan_pcp: 3, ip_dscp: 6, ip_ecn: 2, ipv6_flabel: 20, mpls_label: 20, mpls_tc: 3, mpls_bos: 1, ipv6_exthdr: 9,
};

interface FieldInfo {
  readonly order: number;
  readonly kind: OxmKind;
  readonly bits: number;
  readonly maskable: boolean;
}
const FIELD = new Map<OxmName, FieldInfo>(
  OXM_FIELDS.map((d) => [d.name, { order: d.field, kind: d.kind, bits: NARROW[d.name] ?? d.bytes * 8, maskable: d.maskable }]),
);

/** Pure. The field's definition; every OxmName has one. */
export function fieldInfo(name: OxmName): FieldInfo {
  const f = FIELD.get(name);
  if (f === undefined) throw new Error(`no OXM field ${name}`);
  return f;
}

/** Pure. All-ones for the field's width. */
export function fullMask(name: OxmName): bigint {
  return (1n << BigInt(fieldInfo(name).bits)) - 1n;
}

/** Pure. An OXM value (number, bigint or address text) as an integer. */
export function oxmValueToBigint(kind: OxmKind, v: number | bigint | string): bigint {
  switch (kind) {
    case 'u8':
    case 'u16':
    case 'u24':
    case 'u32':
    case 'u64':
      return BigInt(v);
    case 'mac':
      return macToBigint(String(v));
    case 'ipv4':
      return ipv4ToBigint(String(v));
    case 'ipv6':
      return ipv6ToBigint(String(v));
    default:
      return assertNeverKind(kind);
  }
}

function assertNeverKind(k: never): never {
  throw new Error(`unknown OXM kind ${String(k)}`);
}

/**
 * OF1.3.5 7.2.3.6 "Flow Match Field Prerequisite" (Table 12): a field may be matched only when the
 * match also pins down the protocol that carries it. Each entry lists the accepted exact values of
 * the prerequisite field; vlan_pcp needs "VLAN_VID != NONE", written as the PRESENT bit.
 */
const ETH_IP = [0x0800, 0x86dd];
const PREREQ: Partial<Record<OxmName, { readonly field: OxmName; readonly values: readonly number[] } | 'vlan_present' | 'in_port'>> = {
  in_phy_port: 'in_port',
  vlan_pcp: 'vlan_present',
  ip_dscp: { field: 'eth_type', values: ETH_IP },
  ip_ecn: { field: 'eth_type', values: ETH_IP },
  ip_proto: { field: 'eth_type', values: ETH_IP },
  ipv4_src: { field: 'eth_type', values: [0x0800] },
  ipv4_dst: { field: 'eth_type', values: [0x0800] },
  tcp_src: { field: 'ip_proto', values: [6] },
  tcp_dst: { field: 'ip_proto', values: [6] },
  udp_src: { field: 'ip_proto', values: [17] },
  udp_dst: { field: 'ip_proto', values: [17] },
  sctp_src: { field: 'ip_proto', values: [132] },
  sctp_dst: { field: 'ip_proto', values: [132] },
  icmpv4_type: { field: 'ip_proto', values: [1] },
  icmpv4_code: { field: 'ip_proto', values: [1] },
  arp_op: { field: 'eth_type', values: [0x0806] },
  arp_spa: { field: 'eth_type', values: [0x0806] },
  arp_tpa: { field: 'eth_type', values: [0x0806] },
  arp_sha: { field: 'eth_type', values: [0x0806] },
  arp_tha: { field: 'eth_type', values: [0x0806] },
  ipv6_src: { field: 'eth_type', values: [0x86dd] },
  ipv6_dst: { field: 'eth_type', values: [0x86dd] },
  ipv6_flabel: { field: 'eth_type', values: [0x86dd] },
  icmpv6_type: { field: 'ip_proto', values: [58] },
  icmpv6_code: { field: 'ip_proto', values: [58] },
  ipv6_nd_target: { field: 'icmpv6_type', values: [135, 136] },
  ipv6_nd_sll: { field: 'icmpv6_type', values: [135] },
  ipv6_nd_tll: { field: 'icmpv6_type', values: [136] },
  mpls_label: { field: 'eth_type', values: [0x8847, 0x8848] },
  mpls_tc: { field: 'eth_type', values: [0x8847, 0x8848] },
  mpls_bos: { field: 'eth_type', values: [0x8847, 0x8848] },
  pbb_isid: { field: 'eth_type', values: [0x88e7] },
  ipv6_exthdr: { field: 'eth_type', values: [0x86dd] },
};

/** Pure. Whether every packet the tests accept carries an outer VLAN tag (vlan_vid has PRESENT in value and mask). */
export function guaranteesTag(tests: ReadonlyMap<OxmName, FieldTest>): boolean {
  const t = tests.get('vlan_vid');
  const present = BigInt(OFPVID.PRESENT);
  return t !== undefined && (t.mask & present) !== 0n && (t.value & present) !== 0n;
}

/** Pure. Whether the tests meet `name`'s prerequisite; undefined when they do. */
export function missingPrereq(name: OxmName, tests: ReadonlyMap<OxmName, FieldTest>): string | undefined {
  const p = PREREQ[name];
  if (p === undefined) return undefined;
  if (p === 'vlan_present') return guaranteesTag(tests) ? undefined : `${name} needs vlan_vid != OFPVID_NONE`;
  if (p === 'in_port') return tests.has('in_port') ? undefined : `${name} needs in_port`;
  const t = tests.get(p.field);
  const exact = t !== undefined && t.mask === fullMask(p.field) && p.values.some((v) => BigInt(v) === t.value);
  return exact ? undefined : `${name} needs ${p.field} in [${p.values.map((v) => `0x${v.toString(16)}`).join(', ')}]`;
}

/**
 * Pure. Validates a match and reduces it to field tests, or returns the error a switch would send.
 * A masked value with 1-bits where its mask has 0-bits is refused (OFPBMC_BAD_WILDCARDS), the
 * strict reading of OF1.3.5 7.2.3.5 "Flow Match Field Masking"; OVS would quietly clear those bits,
 * so the fake catches a planner that forgets to normalise.
 */
export function normalizeMatch(match: Match): NormMatch | OfError {
  const tests = new Map<OxmName, FieldTest>();
  const kept = new Map<OxmName, Oxm>();
  const seen = new Set<OxmName>();
  for (const oxm of match) {
    if (oxm.field === 'opaque') return ofError('BAD_MATCH', 'BAD_FIELD', `opaque OXM class 0x${oxm.oxmClass.toString(16)} is not modelled`);
    const info = fieldInfo(oxm.field);
    if (seen.has(oxm.field)) return ofError('BAD_MATCH', 'DUP_FIELD', `${oxm.field} appears twice`);
    seen.add(oxm.field);
    const full = fullMask(oxm.field);
    const value = oxmValueToBigint(info.kind, oxm.value);
    if (value > full) return ofError('BAD_MATCH', 'BAD_VALUE', `${oxm.field} value 0x${value.toString(16)} wider than ${info.bits} bits`);
    let mask = full;
    if (oxm.mask !== undefined) {
      if (!info.maskable) return ofError('BAD_MATCH', 'BAD_MASK', `${oxm.field} is not maskable`);
      mask = oxmValueToBigint(info.kind, oxm.mask) & full;
      if ((value & ~mask) !== 0n) return ofError('BAD_MATCH', 'BAD_WILDCARDS', `${oxm.field} value has bits outside its mask`);
    }
    if (mask === 0n) continue; // a fully wildcarded field matches everything: the same as leaving it out
    tests.set(oxm.field, { value, mask });
    kept.set(oxm.field, mask === full ? ({ field: oxm.field, value: oxm.value } as OxmBasic) : oxm);
  }
  for (const name of tests.keys()) {
    const why = missingPrereq(name, tests);
    if (why !== undefined) return ofError('BAD_MATCH', 'BAD_PREREQ', why);
  }
  const names = [...tests.keys()].sort((a, b) => fieldInfo(a).order - fieldInfo(b).order);
  const key = names.map((n) => testText(n, tests.get(n) as FieldTest)).join(',');
  return { tests: new Map(names.map((n) => [n, tests.get(n) as FieldTest])), oxms: names.map((n) => kept.get(n) as Oxm), key };
}

/** Pure. Whether normalizeMatch failed. */
export function isOfError(x: NormMatch | OfError): x is OfError {
  return 'code' in x;
}

/** Pure. `name=0xvalue` or `name=0xvalue/0xmask`: the text of one test in match keys and dumps. */
export function testText(name: OxmName, t: FieldTest): string {
  const v = `${name}=0x${t.value.toString(16)}`;
  return t.mask === fullMask(name) ? v : `${v}/0x${t.mask.toString(16)}`;
}

/** Pure. Whether a packet whose field values are given by `field` matches; a missing field fails its test. */
export function matchesFields(m: NormMatch, field: (name: OxmName) => bigint | undefined): boolean {
  for (const [name, t] of m.tests) {
    const v = field(name);
    if (v === undefined || (v & t.mask) !== t.value) return false;
  }
  return true;
}

/**
 * Pure. Whether `flow` is at least as specific as `request`: every packet `flow` matches, `request`
 * matches too. This is how non-strict MODIFY and DELETE select flows (OF1.3.5 6.4: "a match will
 * occur when a flow entry exactly matches or is more specific than the description in the flow_mod").
 */
export function isAtLeastAsSpecific(flow: NormMatch, request: NormMatch): boolean {
  for (const [name, r] of request.tests) {
    const f = flow.tests.get(name);
    if (f === undefined || (f.mask & r.mask) !== r.mask || (f.value & r.mask) !== r.value) return false;
  }
  return true;
}

/** Pure. Whether some packet could match both (OFPFF_CHECK_OVERLAP, OF1.3.5 6.4). */
export function overlaps(a: NormMatch, b: NormMatch): boolean {
  for (const [name, x] of a.tests) {
    const y = b.tests.get(name);
    if (y !== undefined && ((x.value ^ y.value) & x.mask & y.mask) !== 0n) return false;
  }
  return true;
}
