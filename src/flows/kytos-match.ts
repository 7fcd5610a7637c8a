/**
 * Kytos-ng's flow JSON values and its `match` dict (kytos-api.md §6.1 "Flow JSON") against our OXM
 * match. Facts from kytos-ng of_core `flow.py` (MatchBase) and `v0x04/match_fields*.py`:
 *  - keys are Kytos's own names (`dl_vlan`, `nw_src`, `tp_src`, `nd_tar`, `tun_id` …), one per OXM;
 *  - numbers are JSON integers; a maskable integer field takes `"value/mask"` in decimal;
 *  - `dl_vlan`: N is VID N with OFPVID_PRESENT, 0 is OFPVID_NONE, `"v/m"` is `(v|0x1000)/(m|0x1000)`
 *    (v = 0 stays OFPVID_NONE), so `"4096/4096"` is "any tag"; read back, a VID drops the present
 *    bit unless the value is exactly 0x1000, which shows as 4096;
 *  - MACs `"aa:bb:cc:dd:ee:ff[/mask]"`, read back in lower case; an all-ones mask means no mask;
 *  - IPv4 `"a.b.c.d[/len]"` (Python IPv4Network, so `/255.255.255.0` works too and host bits are an
 *    error), read back as `a.b.c.d/len` without `/32`; IPv6 the same with Python's compressed text;
 *  - `nd_tar` is a 128-bit integer and `nd_sll`/`nd_tll` 48-bit integers, not address text.
 *
 * Where we differ, on purpose: unknown keys, wrong types, out-of-range values, an all-zero mask and a
 * value with bits outside its mask are 400s here (Kytos ignores unknown keys, refuses host bits only
 * for nw_src, nw_dst, ipv6_src and ipv6_dst, and sends the rest to the switch); OXM prerequisites
 * (OF1.3.5 7.2.3.6) are left to the switch. `nd_tar`/`nd_sll`/`nd_tll` also take address text, and a
 * non-prefix IP mask reads back as `addr/mask` (Kytos would show a wrong prefix length).
 *
 * 64-bit and wider integers are bigint on both sides: a JSON number above 2^53 has already been
 * rounded by JSON.parse, so it is refused rather than silently changed (the REST edge needs a
 * lossless parser for cookies such as mef_eline's 0xaa…).
 */
import { createHash } from 'node:crypto';
import { OXM_FIELDS, assertNever, type Match, type Oxm, type OxmName } from '../ofp';
import { parseIpv6 } from '../ofp/writer';
import { err, ok, type Result } from '../topology/result';

/** A JSON value as Kytos writes it; integers wider than 2^53 are bigint. */
export type KytosJson = null | boolean | number | bigint | string | readonly KytosJson[] | { readonly [key: string]: KytosJson };
export type KytosObject = { readonly [key: string]: KytosJson };

// ---------------------------------------------------------------------------------------------
// Python's json.dumps, for Kytos's md5 ids (of_core flow.py `id`, `match_id`)

// Python json ESCAPE_DCT: the short escapes; everything else outside ' '..'~' is \uXXXX (ensure_ascii).
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    const c = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`; // UTF-16 units, as Python's surrogate pairs
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Pure. `json.dumps(value, sort_keys=sortKeys)` as CPython writes it (separators `, ` and `: `,
 * ensure_ascii), bigint as a plain integer. Kytos hashes this text, so it must be byte-exact.
 */
export function kytosJsonDumps(value: KytosJson, sortKeys = false): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${(value as readonly KytosJson[]).map((v) => kytosJsonDumps(v, sortKeys)).join(', ')}]`;
  const obj = value as KytosObject;
  const keys = Object.keys(obj);
  if (sortKeys) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${pyString(k)}: ${kytosJsonDumps(obj[k] as KytosJson, sortKeys)}`).join(', ')}}`;
}

/** Pure. The md5 hex digest of `json.dumps(value, sort_keys=True)`: how Kytos names flows and matches. */
export function kytosMd5(value: KytosJson): string {
  return createHash('md5').update(kytosJsonDumps(value, true), 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Reading values

/** Pure. A raw JSON value, shortened, for an error message. */
export function show(v: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)) ?? String(v);
  } catch {
    text = String(v);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Pure. A JSON integer in 0..max: a number without a fraction, or a bigint from a lossless JSON
 * parser. A number above 2^53 is refused, since JSON.parse has already rounded it.
 */
export function readUint(v: unknown, max: bigint, path: string): Result<bigint, string> {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isInteger(v)) {
    if (!Number.isSafeInteger(v)) return err(`${path}: ${show(v)} is above 2^53 and lost its exact value when the JSON was read`);
    n = BigInt(v);
  } else return err(`${path}: ${show(v)} is not an integer`);
  if (n < 0n || n > max) return err(`${path}: ${n} is out of range 0..${max}`);
  return ok(n);
}

const DECIMAL = /^\d{1,40}$/;

/** An integer field: a JSON integer, or for a maskable field also decimal text `"v"` or `"v/m"` (of_core `map(int, value.split('/'))`). */
function readMaskedUint(v: unknown, bits: number, maskable: boolean, path: string): Result<{ value: bigint; mask?: bigint }, string> {
  const max = (1n << BigInt(bits)) - 1n;
  if (typeof v !== 'string' || !maskable) {
    const r = readUint(v, max, path);
    return r.ok ? ok({ value: r.value }) : r;
  }
  const parts = v.split('/');
  if (parts.length > 2 || !parts.every((p) => DECIMAL.test(p))) return err(`${path}: ${show(v)} is not an integer or "value/mask" in decimal`);
  const value = BigInt(parts[0] as string);
  if (value > max) return err(`${path}: ${value} is out of range 0..${max}`);
  if (parts.length === 1) return ok({ value });
  const mask = BigInt(parts[1] as string);
  if (mask > max) return err(`${path}: mask ${mask} is out of range 0..${max}`);
  return ok({ value, mask });
}

// ---------------------------------------------------------------------------------------------
// Address text

const MAC_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const IPV4_RE = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

function macToBig(s: string): bigint {
  return BigInt(`0x${s.replace(/:/g, '')}`);
}
function bigToMac(n: bigint): string {
  const hex = n.toString(16).padStart(12, '0');
  return hex.match(/../g)?.join(':') ?? hex;
}
function ipv4ToBig(s: string): bigint | undefined {
  const m = IPV4_RE.exec(s);
  if (m === null) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}
function bigToIpv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
}
function ipv6ToBig(s: string): bigint | undefined {
  try {
    return BigInt(`0x${parseIpv6(s).toString('hex')}`);
  } catch {
    return undefined;
  }
}
/** Eight full lower-case groups: the codec's (and canonical()'s) text for an IPv6 address. */
function bigToIpv6Full(n: bigint): string {
  const hex = n.toString(16).padStart(32, '0');
  return hex.match(/.{4}/g)?.join(':') ?? hex;
}
/** Python's `str(IPv6Address)`: leading zeros dropped, the first longest run of two or more zero groups as `::`. */
function bigToIpv6Short(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** The prefix length of a contiguous mask of `bits` bits, or undefined. */
function prefixLength(mask: bigint, bits: number): number | undefined {
  for (let len = 0; len <= bits; len++) {
    if (mask === (((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - len)) - 1n))) return len;
  }
  return undefined;
}

type AddrKind = 'mac' | 'ipv4' | 'ipv6';
const ADDR: Readonly<Record<AddrKind, { bits: number; parse: (s: string) => bigint | undefined; name: string }>> = {
  mac: { bits: 48, parse: (s) => (MAC_RE.test(s) ? macToBig(s) : undefined), name: 'a MAC address "aa:bb:cc:dd:ee:ff"' },
  ipv4: { bits: 32, parse: ipv4ToBig, name: 'an IPv4 address "a.b.c.d"' },
  ipv6: { bits: 128, parse: ipv6ToBig, name: 'an IPv6 address' },
};

/** `addr`, `addr/len` (IP only) or `addr/mask`; an all-ones mask is no mask. */
function readAddress(v: unknown, kind: AddrKind, maskable: boolean, path: string): Result<{ value: bigint; mask?: bigint }, string> {
  const a = ADDR[kind];
  if (typeof v !== 'string') return err(`${path}: ${show(v)} is not ${a.name}`);
  const parts = v.split('/');
  const value = a.parse(parts[0] as string);
  if (parts.length > 2 || value === undefined) return err(`${path}: ${show(v)} is not ${a.name}${maskable ? ' with an optional /mask' : ''}`);
  if (parts.length === 1) return ok({ value });
  if (!maskable) return err(`${path}: the field takes no mask, got ${show(v)}`);
  const text = parts[1] as string;
  let mask: bigint | undefined;
  if (kind !== 'mac' && /^\d{1,3}$/.test(text)) {
    const len = Number(text);
    if (len > a.bits) return err(`${path}: prefix length ${len} is out of range 0..${a.bits}`);
    mask = ((1n << BigInt(a.bits)) - 1n) ^ ((1n << BigInt(a.bits - len)) - 1n);
  } else mask = a.parse(text);
  if (mask === undefined) return err(`${path}: ${show(text)} is not a mask (${kind === 'mac' ? 'a MAC address' : 'a prefix length or an address'})`);
  return ok({ value, mask });
}

// ---------------------------------------------------------------------------------------------
// The match table

/**
 * How a Kytos match value is written: an integer (`uint`, with `bits` its width), the VLAN rule, an
 * address, or the ND fields that Kytos writes as integers of our address fields.
 */
type KytosMatchKind = 'uint' | 'vlan' | 'mac' | 'ipv4' | 'ipv6' | 'nd_target' | 'nd_ll';

interface KytosMatchDef {
  readonly key: string;
  readonly oxm: OxmName;
  readonly kind: KytosMatchKind;
  /** Width of the field in bits (OF1.3.5 7.2.3.7 Table 12); OXM integers wider than 32 bits are bigint. */
  readonly bits: number;
  readonly maskable: boolean;
}

const d = (key: string, oxm: OxmName, kind: KytosMatchKind, bits: number, maskable = false): KytosMatchDef => ({ key, oxm, kind, bits, maskable });

/** Kytos match keys in of_core MatchBase order (the order Kytos writes them back in). */
export const KYTOS_MATCH: readonly KytosMatchDef[] = [
  d('in_port', 'in_port', 'uint', 32),
  d('dl_src', 'eth_src', 'mac', 48, true),
  d('dl_dst', 'eth_dst', 'mac', 48, true),
  d('dl_vlan', 'vlan_vid', 'vlan', 13, true),
  d('dl_vlan_pcp', 'vlan_pcp', 'uint', 3),
  d('dl_type', 'eth_type', 'uint', 16),
  d('nw_proto', 'ip_proto', 'uint', 8),
  d('nw_src', 'ipv4_src', 'ipv4', 32, true),
  d('nw_dst', 'ipv4_dst', 'ipv4', 32, true),
  d('tp_src', 'tcp_src', 'uint', 16),
  d('tp_dst', 'tcp_dst', 'uint', 16),
  d('in_phy_port', 'in_phy_port', 'uint', 32),
  d('ip_dscp', 'ip_dscp', 'uint', 6),
  d('ip_ecn', 'ip_ecn', 'uint', 2),
  d('udp_src', 'udp_src', 'uint', 16),
  d('udp_dst', 'udp_dst', 'uint', 16),
  d('sctp_src', 'sctp_src', 'uint', 16),
  d('sctp_dst', 'sctp_dst', 'uint', 16),
  d('icmpv4_type', 'icmpv4_type', 'uint', 8),
  d('icmpv4_code', 'icmpv4_code', 'uint', 8),
  d('arp_op', 'arp_op', 'uint', 16),
  d('arp_spa', 'arp_spa', 'ipv4', 32, true),
  d('arp_tpa', 'arp_tpa', 'ipv4', 32, true),
  d('arp_sha', 'arp_sha', 'mac', 48, true),
  d('arp_tha', 'arp_tha', 'mac', 48, true),
  d('ipv6_src', 'ipv6_src', 'ipv6', 128, true),
  d('ipv6_dst', 'ipv6_dst', 'ipv6', 128, true),
  d('ipv6_flabel', 'ipv6_flabel', 'uint', 20, true),
  d('icmpv6_type', 'icmpv6_type', 'uint', 8),
  d('icmpv6_code', 'icmpv6_code', 'uint', 8),
  d('nd_tar', 'ipv6_nd_target', 'nd_target', 128),
  d('nd_sll', 'ipv6_nd_sll', 'nd_ll', 48),
  d('nd_tll', 'ipv6_nd_tll', 'nd_ll', 48),
  d('mpls_lab', 'mpls_label', 'uint', 20),
  d('mpls_tc', 'mpls_tc', 'uint', 3),
  d('mpls_bos', 'mpls_bos', 'uint', 1),
  d('pbb_isid', 'pbb_isid', 'uint', 24, true),
  d('v6_hdr', 'ipv6_exthdr', 'uint', 9, true),
  d('metadata', 'metadata', 'uint', 64, true),
  d('tun_id', 'tunnel_id', 'uint', 64, true),
];

const BY_KEY = new Map(KYTOS_MATCH.map((k) => [k.key, k]));
const BY_OXM = new Map<string, KytosMatchDef>(KYTOS_MATCH.map((k) => [k.oxm, k]));
const OXM_ORDER = new Map<string, number>(OXM_FIELDS.map((f) => [f.name, f.field]));
const VID_BITS = 0x1fffn; // VID (12 bits) + OFPVID_PRESENT (OF1.3.5 7.2.3.8)
const OFPVID_PRESENT = 0x1000n;

/** `dl_vlan`: an integer 0..4096, or `"v/m"` with v in 0..4096 and m in 1..4096 (see the file comment). */
function readVlan(v: unknown, path: string): Result<{ value: bigint; mask?: bigint }, string> {
  // Kytos (MatchDLVLAN.as_of_tlv): 0 is OFPVID_NONE, anything else gets OFPVID_PRESENT, mask too.
  const present = (n: bigint): bigint => (n === 0n ? 0n : n | OFPVID_PRESENT);
  const text = typeof v === 'string' ? v : undefined;
  const parts = text?.split('/');
  if (parts !== undefined && (parts.length > 2 || !parts.every((p) => DECIMAL.test(p)))) {
    return err(`${path}: ${show(v)} is not a VLAN id or "vid/mask"`);
  }
  const vid = parts !== undefined ? ok(BigInt(parts[0] as string)) : readUint(v, 4096n, path);
  if (!vid.ok) return vid;
  if (vid.value > 4096n) return err(`${path}: ${vid.value} is out of range 0..4096`);
  if (parts === undefined || parts.length === 1) return ok({ value: present(vid.value) });
  const mask = BigInt(parts[1] as string);
  if (mask < 1n || mask > 4096n) return err(`${path}: mask ${mask} is out of range 1..4096`);
  return ok({ value: present(vid.value), mask: mask | OFPVID_PRESENT });
}

function readField(def: KytosMatchDef, v: unknown, path: string): Result<{ value: bigint; mask?: bigint }, string> {
  switch (def.kind) {
    case 'uint':
      return readMaskedUint(v, def.bits, def.maskable, path);
    case 'vlan':
      return readVlan(v, path);
    case 'mac':
    case 'ipv4':
    case 'ipv6':
      return readAddress(v, def.kind, def.maskable, path);
    case 'nd_target':
      return typeof v === 'string' ? readAddress(v, 'ipv6', false, path) : readMaskedUint(v, 128, false, path);
    case 'nd_ll':
      return typeof v === 'string' ? readAddress(v, 'mac', false, path) : readMaskedUint(v, 48, false, path);
    default:
      return assertNever(def.kind);
  }
}

/** The OXM value in the codec's representation (./oxm-table kinds) for a field of `def`. */
function oxmValue(def: KytosMatchDef, n: bigint): number | bigint | string {
  switch (def.kind) {
    case 'mac':
    case 'nd_ll':
      return bigToMac(n);
    case 'ipv4':
      return bigToIpv4(n);
    case 'ipv6':
    case 'nd_target':
      return bigToIpv6Full(n);
    case 'uint':
    case 'vlan':
      return def.bits > 32 ? n : Number(n);
    default:
      return assertNever(def.kind);
  }
}

/** Pure. The OXM for one Kytos match key and value, or what is wrong with it. */
export function readKytosMatchField(key: string, v: unknown, path: string): Result<Oxm, string> {
  const def = BY_KEY.get(key);
  if (def === undefined) return err(`${path}: unknown match field ${show(key)}`);
  const r = readField(def, v, path);
  if (!r.ok) return r;
  const { value } = r.value;
  let mask = r.value.mask;
  const full = def.kind === 'vlan' ? VID_BITS : (1n << BigInt(def.bits)) - 1n;
  if (mask === full) mask = undefined; // an all-ones mask is an exact match (OF1.3.5 7.2.3.5)
  if (mask === 0n) return err(`${path}: an all-zero mask matches every packet; leave ${key} out instead`);
  if (mask !== undefined && (value & ~mask) !== 0n) return err(`${path}: ${show(v)} has bits set outside its mask`);
  // The cast pairs each field with the value kind the codec's OXM table gives it (oxmValue above).
  const oxm = mask === undefined ? { field: def.oxm, value: oxmValue(def, value) } : { field: def.oxm, value: oxmValue(def, value), mask: oxmValue(def, mask) };
  return ok(oxm as Oxm);
}

/** Pure. Our match from a Kytos `match` dict, TLVs in OXM field order; null values count as absent (as in Kytos). */
export function parseKytosMatch(json: unknown, path = 'match'): Result<Match, string> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return err(`${path}: ${show(json)} is not an object`);
  const out: Oxm[] = [];
  for (const [key, v] of Object.entries(json as Record<string, unknown>)) {
    if (v === null && BY_KEY.has(key)) continue;
    const r = readKytosMatchField(key, v, `${path}.${key}`);
    if (!r.ok) return r;
    out.push(r.value);
  }
  const order = (o: Oxm): number => (o.field === 'opaque' ? 128 : (OXM_ORDER.get(o.field) ?? 128));
  return ok(out.sort((a, b) => order(a) - order(b)));
}

// ---------------------------------------------------------------------------------------------
// Writing

function toBig(v: number | bigint | string, def: KytosMatchDef): bigint {
  if (typeof v !== 'string') return BigInt(v);
  if (def.kind === 'mac' || def.kind === 'nd_ll') return macToBig(v);
  if (def.kind === 'ipv4') return ipv4ToBig(v) ?? 0n;
  return ipv6ToBig(v) ?? 0n;
}

function vidText(n: bigint): bigint {
  return n === OFPVID_PRESENT ? n : n & 0xfffn; // of_core MatchDLVLAN.from_of_tlv keeps exactly 0x1000 as 4096
}

function addrText(def: KytosMatchDef, value: bigint, mask: bigint | undefined): string {
  const kind = def.kind as AddrKind;
  const text = kind === 'mac' ? bigToMac : kind === 'ipv4' ? bigToIpv4 : bigToIpv6Short;
  if (mask === undefined) return text(value);
  const len = kind === 'mac' ? undefined : prefixLength(mask, ADDR[kind].bits);
  return `${text(value)}/${len === undefined ? text(mask) : len}`;
}

/**
 * Pure. One OXM as Kytos writes it: `[key, value]`. Opaque OXMs (other classes), which Kytos drops,
 * are written as `oxm_<class>_<field>` with their payload in hex so that nothing is hidden.
 */
export function kytosMatchEntry(o: Oxm): [string, KytosJson] {
  if (o.field === 'opaque') return [`oxm_${o.oxmClass}_${o.oxmField}`, o.body.toString('hex')];
  const def = BY_OXM.get(o.field);
  if (def === undefined) throw new Error(`no Kytos name for OXM ${o.field}`); // every OXM_FIELDS row has one
  const value = toBig(o.value, def);
  const full = def.kind === 'vlan' ? VID_BITS : (1n << BigInt(def.bits)) - 1n;
  const mask = o.mask === undefined || (toBig(o.mask, def) & full) === full ? undefined : toBig(o.mask, def);
  switch (def.kind) {
    case 'vlan':
      return [def.key, mask === undefined ? Number(vidText(value)) : `${vidText(value)}/${vidText(mask)}`];
    case 'uint':
      if (mask !== undefined) return [def.key, `${value}/${mask}`];
      return [def.key, def.bits > 32 ? value : Number(value)];
    case 'nd_target':
      return [def.key, value];
    case 'nd_ll':
      return [def.key, Number(value)];
    case 'mac':
    case 'ipv4':
    case 'ipv6':
      return [def.key, addrText(def, value, mask)];
    default:
      return assertNever(def.kind);
  }
}

/** Pure. A Kytos `match` dict from our match, keys in Kytos's order; an all-ones mask is written as no mask. */
export function toKytosMatch(match: Match): KytosObject {
  const entries = new Map<string, KytosJson>();
  for (const o of match) {
    const [k, v] = kytosMatchEntry(o);
    entries.set(k, v);
  }
  const out: Record<string, KytosJson> = {};
  for (const def of KYTOS_MATCH) if (entries.has(def.key)) out[def.key] = entries.get(def.key) as KytosJson;
  for (const [k, v] of entries) if (!BY_KEY.has(k)) out[k] = v;
  return out;
}
