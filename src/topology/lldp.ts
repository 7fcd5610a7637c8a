/**
 * The LLDP frame codec used for link discovery (IEEE 802.1AB-2009, "LLDPDU format" 8.2 and the
 * basic TLVs of 8.5). The frame is the one Kytos-ng's of_lldp sends (kytos-api.md §4), plus one
 * organizationally specific TLV of our own that authenticates it, so that a host or a third-party
 * LLDP agent cannot make the controller believe in a link that does not exist.
 *
 * Pure: no I/O and no clock (the time is passed in). HMAC-SHA256 from node:crypto is computation.
 * The parser never throws on any byte string; it returns an `LldpParse`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Dpid } from '../ofp';

// ---- Ethernet (IEEE 802.3 "MAC frame format", IEEE 802.1Q "VLAN tag format") ---------------------

/** "Nearest bridge" group address, which no 802.1D/Q bridge forwards (802.1AB-2009 "Destination address"). */
export const LLDP_NEAREST_BRIDGE_MAC = Buffer.from([0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e]);
export const ETHERTYPE_LLDP = 0x88cc;
/** Tag protocol identifiers skipped in front of the LLDP EtherType. */
export const TPID = {
  C_TAG: 0x8100, // IEEE 802.1Q customer VLAN tag
  S_TAG: 0x88a8, // IEEE 802.1ad service VLAN tag
  QINQ_LEGACY: 0x9100, // pre-802.1ad vendor QinQ tag
} as const;
/** At most this many VLAN tags are skipped (an S-tag over a C-tag); a third makes the frame not LLDP. */
export const MAX_VLAN_TAGS = 2;
export const ETH_ADDR_SIZE = 6;
export const ETH_HEADER_SIZE = 14; // dst 6 + src 6 + EtherType 2
export const VLAN_TAG_SIZE = 4; // TPID 2 + TCI 2 (PCP 3 bits, DEI 1 bit, VID 12 bits)
/** The 64-byte Ethernet minimum less the 4-byte FCS, which the switch adds (IEEE 802.3 4.4.2). */
export const ETH_MIN_FRAME_SIZE = 60;

// ---- LLDPDU (802.1AB-2009 8.4 "Basic TLV format") ------------------------------------------------
//
// Every TLV starts with a 2-byte header, then `length` bytes of value:
//   byte 0:  t t t t t t t L    7-bit type, then the top bit of the length
//   byte 1:  L L L L L L L L    low 8 bits of the 9-bit length (0..511)

/** TLV type codes (802.1AB-2009 Table 8-1), the ones this codec reads. */
export const LLDP_TLV = {
  END: 0, // End Of LLDPDU, length 0
  CHASSIS_ID: 1, // mandatory, first
  PORT_ID: 2, // mandatory, second
  TTL: 3, // mandatory, third
  ORG_SPECIFIC: 127, // OUI 3 bytes + subtype 1 byte + information
} as const;
export const TLV_HEADER_SIZE = 2;
/** Chassis ID subtype 7 and Port ID subtype 7: "locally assigned" (802.1AB-2009 Tables 8-2, 8-3). */
export const ID_SUBTYPE_LOCAL = 7;
/** Chassis ID subtype 4 and Port ID subtype 3: a MAC address; only used to describe foreign frames. */
const CHASSIS_SUBTYPE_MAC = 4;
const PORT_SUBTYPE_MAC = 3;
/** 802.1AB-2009 8.5.2/8.5.3: the ID string is 1..255 bytes, after a 1-byte subtype. */
const ID_TLV_MIN_LENGTH = 2;
const ID_TLV_MAX_LENGTH = 256;
/** The TTL we advertise, in seconds (as Kytos-ng and lldpd). */
export const LLDP_TTL_SECONDS = 120;

/** 02:49:53: the U/L bit set, so a locally administered CID, never an IEEE-assigned OUI; 0x49 0x53 = "IS". */
export const ISTHMUS_OUI = Buffer.from([0x02, 0x49, 0x53]);
/** Subtype of our TLV that carries the send time and the authentication tag. */
export const ISTHMUS_SUBTYPE_AUTH = 1;
export const SENT_AT_SIZE = 8; // u64 big-endian, ms since the epoch
export const AUTH_TAG_SIZE = 16; // HMAC-SHA256 truncated to its first 128 bits (RFC 2104 §5)
/** Bytes the HMAC covers: dpid 8 ‖ port 4 ‖ sentAt 8 ‖ VID 2 (0 when untagged). */
export const AUTH_INPUT_SIZE = 22;

export const CHASSIS_ID_TLV_SIZE = 11; // header 2 + subtype 1 + dpid 8
export const PORT_ID_TLV_SIZE = 7; // header 2 + subtype 1 + port 4
export const TTL_TLV_SIZE = 4; // header 2 + seconds 2
export const ISTHMUS_TLV_SIZE = 30; // header 2 + OUI 3 + subtype 1 + sentAt 8 + tag 16
export const END_TLV_SIZE = 2; // header only
/** Our LLDPDU: 11 + 7 + 4 + 30 + 2 = 54 bytes. Untagged frame 68, tagged 72: no padding needed. */
export const LLDPDU_SIZE = CHASSIS_ID_TLV_SIZE + PORT_ID_TLV_SIZE + TTL_TLV_SIZE + ISTHMUS_TLV_SIZE + END_TLV_SIZE;
/** A sentAt this far ahead of `now` is still accepted (a wall clock stepped back, or a peer controller). */
export const LLDP_MAX_FUTURE_SKEW_MS = 2_000;

export interface LldpFrameParams {
  readonly dpid: Dpid;
  readonly portNo: number;
  /** The port's hardware address, `aa:bb:cc:dd:ee:ff`. */
  readonly portMac: string;
  /** VID 1..4094 of the 802.1Q tag to send with, or undefined to send untagged. */
  readonly vlan: number | undefined;
  readonly secret: Buffer;
  /** Send time, integer ms since the epoch. */
  readonly sentAt: number;
}

export type LldpParse =
  | { readonly kind: 'ok'; readonly dpid: Dpid; readonly portNo: number; readonly sentAt: number; readonly vlan: number | undefined }
  | { readonly kind: 'not_lldp' }
  /** LLDP without our TLV: a third-party agent (or a Kytos-ng controller); counted and ignored. */
  | { readonly kind: 'foreign'; readonly chassis?: string; readonly port?: string }
  | { readonly kind: 'bad_auth' }
  /** Older than maxAgeMs, or more than LLDP_MAX_FUTURE_SKEW_MS ahead (then ageMs is negative). */
  | { readonly kind: 'stale'; readonly ageMs: number }
  | { readonly kind: 'malformed'; readonly reason: string };

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const NOT_LLDP: LldpParse = { kind: 'not_lldp' };
const BAD_AUTH: LldpParse = { kind: 'bad_auth' };

/**
 * Pure. The LLDP frame announcing (dpid, portNo), authenticated with `secret`. Throws RangeError
 * when an argument does not fit its field (a caller bug, never input from the network).
 */
export function buildLldpFrame(p: LldpFrameParams): Buffer {
  const dpid = dpidBytes(p.dpid);
  if (!Number.isInteger(p.portNo) || p.portNo < 0 || p.portNo > 0xffffffff) throw new RangeError(`LLDP port ${p.portNo} is not a u32`);
  if (p.vlan !== undefined && (!Number.isInteger(p.vlan) || p.vlan < 1 || p.vlan > 4094)) {
    // VID 0 (priority tag) would authenticate like an untagged frame; 4095 is reserved (802.1Q Table 9-2).
    throw new RangeError(`LLDP VLAN ${p.vlan} is not a VID in 1..4094`);
  }
  if (!Number.isSafeInteger(p.sentAt) || p.sentAt < 0) throw new RangeError(`LLDP sentAt ${p.sentAt} is not a ms epoch`);
  const mac = macBytes(p.portMac);

  const lldpduAt = ETH_HEADER_SIZE + (p.vlan === undefined ? 0 : VLAN_TAG_SIZE);
  // Zero-filled, so the padding up to the Ethernet minimum (never needed by our TLVs) is zeros.
  const f = Buffer.alloc(Math.max(ETH_MIN_FRAME_SIZE, lldpduAt + LLDPDU_SIZE));
  let o = 0;
  // Ethernet: dst 6 | src 6 | [TPID 2 | TCI 2] | EtherType 2
  LLDP_NEAREST_BRIDGE_MAC.copy(f, o);
  o += ETH_ADDR_SIZE;
  (isUsableSourceMac(mac) ? mac : generatedMac(dpid, p.portNo)).copy(f, o);
  o += ETH_ADDR_SIZE;
  if (p.vlan !== undefined) {
    f.writeUInt16BE(TPID.C_TAG, o);
    f.writeUInt16BE(p.vlan, o + 2); // PCP 0, DEI 0, VID
    o += VLAN_TAG_SIZE;
  }
  f.writeUInt16BE(ETHERTYPE_LLDP, o);
  o += 2;

  // Chassis ID TLV: header(type 1, len 9) | subtype 7 | dpid 8 raw bytes (as Kytos-ng)
  o = tlvHeader(f, o, LLDP_TLV.CHASSIS_ID, CHASSIS_ID_TLV_SIZE - TLV_HEADER_SIZE);
  f[o++] = ID_SUBTYPE_LOCAL;
  dpid.copy(f, o);
  o += 8;
  // Port ID TLV: header(type 2, len 5) | subtype 7 | port u32 big-endian
  o = tlvHeader(f, o, LLDP_TLV.PORT_ID, PORT_ID_TLV_SIZE - TLV_HEADER_SIZE);
  f[o++] = ID_SUBTYPE_LOCAL;
  f.writeUInt32BE(p.portNo, o);
  o += 4;
  // TTL TLV: header(type 3, len 2) | seconds u16
  o = tlvHeader(f, o, LLDP_TLV.TTL, TTL_TLV_SIZE - TLV_HEADER_SIZE);
  f.writeUInt16BE(LLDP_TTL_SECONDS, o);
  o += 2;
  // Organizationally specific TLV: header(type 127, len 28) | OUI 02:49:53 | subtype 1 | sentAt u64 | tag 16
  o = tlvHeader(f, o, LLDP_TLV.ORG_SPECIFIC, ISTHMUS_TLV_SIZE - TLV_HEADER_SIZE);
  ISTHMUS_OUI.copy(f, o);
  o += ISTHMUS_OUI.length;
  f[o++] = ISTHMUS_SUBTYPE_AUTH;
  const sentAtAt = o;
  writeU64(f, o, p.sentAt);
  o += SENT_AT_SIZE;
  authTag(p.secret, dpid, p.portNo, f.subarray(sentAtAt, o), p.vlan ?? 0).copy(f, o);
  o += AUTH_TAG_SIZE;
  // End Of LLDPDU TLV: header(type 0, len 0)
  tlvHeader(f, o, LLDP_TLV.END, 0);
  return f;
}

/**
 * Pure; never throws. Classifies a received frame. Rules, in order:
 * - not_lldp: shorter than an Ethernet header, or the EtherType after at most MAX_VLAN_TAGS tags
 *   (0x8100, 0x88a8, 0x9100) is not 0x88cc; the destination address is not checked.
 * - malformed: the LLDPDU breaks 802.1AB-2009 8.2 (Chassis ID, Port ID, TTL first and in order,
 *   each once, ID lengths 2..256, TTL length 2, an End TLV with length 0, no TLV past the frame,
 *   an organizationally specific TLV of at least 4 bytes), or our TLV is there but its length is
 *   not 28, it appears twice, or the Chassis/Port IDs are not subtype 7 with 8/4 bytes (we never
 *   send that, so it is damage or forgery, not a third party).
 * - foreign: a well-formed LLDPDU without our TLV (any Chassis/Port subtype is fine there).
 * - bad_auth: the tag does not match (compared in constant time).
 * - stale: sentAt older than maxAgeMs, or more than LLDP_MAX_FUTURE_SKEW_MS ahead of now.
 * The HMAC covers the VID of the innermost tag (the one we push; outer tags are a transit network's).
 */
export function parseLldpFrame(frame: Buffer, secret: Buffer, now: number, maxAgeMs: number): LldpParse {
  if (frame.length < ETH_HEADER_SIZE) return NOT_LLDP;
  let o = 2 * ETH_ADDR_SIZE;
  let etherType = u16(frame, o);
  let vlan: number | undefined;
  for (let tags = 0; tags < MAX_VLAN_TAGS && isTpid(etherType); tags++) {
    if (o + VLAN_TAG_SIZE + 2 > frame.length) return NOT_LLDP;
    vlan = u16(frame, o + 2) & 0x0fff;
    o += VLAN_TAG_SIZE;
    etherType = u16(frame, o);
  }
  if (etherType !== ETHERTYPE_LLDP) return NOT_LLDP;
  const tlvs = readTlvs(frame, o + 2);
  if (typeof tlvs === 'string') return { kind: 'malformed', reason: tlvs };
  const { chassis, port, auth } = tlvs;

  if (auth === undefined) {
    return { kind: 'foreign', chassis: describeId(frame, chassis, CHASSIS_SUBTYPE_MAC), port: describeId(frame, port, PORT_SUBTYPE_MAC) };
  }
  if (frame[chassis.at] !== ID_SUBTYPE_LOCAL || chassis.length !== 9) {
    return { kind: 'malformed', reason: 'our TLV with a Chassis ID that is not a locally assigned 8-byte datapath id' };
  }
  if (frame[port.at] !== ID_SUBTYPE_LOCAL || port.length !== 5) {
    return { kind: 'malformed', reason: 'our TLV with a Port ID that is not a locally assigned 4-byte port number' };
  }
  const dpid = frame.subarray(chassis.at + 1, chassis.at + 9);
  const portNo = u32(frame, port.at + 1);
  const sentAtBytes = frame.subarray(auth, auth + SENT_AT_SIZE);
  const expected = authTag(secret, dpid, portNo, sentAtBytes, vlan ?? 0);
  if (!timingSafeEqual(expected, frame.subarray(auth + SENT_AT_SIZE, auth + SENT_AT_SIZE + AUTH_TAG_SIZE))) return BAD_AUTH;

  // A tag from our key means the value is ours; a huge one just reads as far in the future.
  const sentAt = u32(frame, auth) * 0x1_0000_0000 + u32(frame, auth + 4);
  const ageMs = now - sentAt;
  if (ageMs > maxAgeMs || ageMs < -LLDP_MAX_FUTURE_SKEW_MS) return { kind: 'stale', ageMs };
  return { kind: 'ok', dpid: formatDpid(dpid), portNo, sentAt, vlan };
}

/** Where a TLV's value lies in the frame. */
interface TlvSpan {
  readonly at: number;
  readonly length: number;
}

/** The mandatory TLVs and the offset of our TLV's sentAt, or the reason the LLDPDU is malformed. */
function readTlvs(f: Buffer, start: number): { chassis: TlvSpan; port: TlvSpan; auth: number | undefined } | string {
  let chassis: TlvSpan | undefined;
  let port: TlvSpan | undefined;
  let auth: number | undefined;
  let o = start;
  for (let index = 0; ; index++) {
    if (o + TLV_HEADER_SIZE > f.length) return `no End TLV: the LLDPDU ends at byte ${o} inside or before a TLV header`;
    const header = u16(f, o);
    const type = header >> 9;
    const length = header & 0x1ff;
    const at = o + TLV_HEADER_SIZE;
    if (at + length > f.length) return `TLV type ${type} at byte ${o} has length ${length}, past the end of the frame`;
    // 802.1AB-2009 8.2: Chassis ID, Port ID and TTL are the first three TLVs, in that order, and
    // occur once; the other TLVs follow in any order.
    const mandatory = index < 3 ? index + 1 : undefined;
    if (mandatory !== undefined && type !== mandatory) return `TLV ${index + 1} at byte ${o} has type ${type}, expected ${mandatory}`;
    if (mandatory === undefined && (type === LLDP_TLV.CHASSIS_ID || type === LLDP_TLV.PORT_ID || type === LLDP_TLV.TTL)) {
      return `a second TLV of type ${type} at byte ${o}`;
    }
    switch (type) {
      case LLDP_TLV.END:
        if (length !== 0) return `End TLV at byte ${o} has length ${length}`;
        // Bytes after the End TLV are padding. chassis and port are set: index ≥ 3 here.
        return chassis && port ? { chassis, port, auth } : 'End TLV before the mandatory TLVs';
      case LLDP_TLV.CHASSIS_ID:
      case LLDP_TLV.PORT_ID:
        if (length < ID_TLV_MIN_LENGTH || length > ID_TLV_MAX_LENGTH) return `ID TLV type ${type} at byte ${o} has length ${length}, not 2..256`;
        if (type === LLDP_TLV.CHASSIS_ID) chassis = { at, length };
        else port = { at, length };
        break;
      case LLDP_TLV.TTL:
        if (length !== 2) return `TTL TLV at byte ${o} has length ${length}, not 2`;
        break;
      case LLDP_TLV.ORG_SPECIFIC:
        if (length < 4) return `organizationally specific TLV at byte ${o} has length ${length}, below 4`;
        // Our OUI with another subtype is skipped: room for a later version of this TLV.
        if (f.compare(ISTHMUS_OUI, 0, 3, at, at + 3) === 0 && f[at + 3] === ISTHMUS_SUBTYPE_AUTH) {
          if (auth !== undefined) return `a second Isthmus TLV at byte ${o}`;
          if (length !== ISTHMUS_TLV_SIZE - TLV_HEADER_SIZE) return `Isthmus TLV at byte ${o} has length ${length}, not 28`;
          auth = at + 4;
        }
        break;
      default:
        break; // optional TLVs (port/system description, …) and reserved types are skipped, as 802.1AB's receive rules do
    }
    o = at + length;
  }
}

/** HMAC-SHA256(secret, dpid 8 ‖ port 4 ‖ sentAt 8 ‖ VID 2), first 16 bytes. */
function authTag(secret: Buffer, dpid: Buffer, portNo: number, sentAt: Buffer, vid: number): Buffer {
  const input = Buffer.alloc(AUTH_INPUT_SIZE);
  dpid.copy(input, 0);
  input.writeUInt32BE(portNo, 8);
  sentAt.copy(input, 12);
  input.writeUInt16BE(vid, 20);
  return createHmac('sha256', secret).update(input).digest().subarray(0, AUTH_TAG_SIZE);
}

/** A short printable form of a foreign Chassis/Port ID for logs: MAC, datapath id, port number, text or hex. */
function describeId(f: Buffer, span: TlvSpan, macSubtype: number): string {
  const subtype = f[span.at] as number;
  const value = f.subarray(span.at + 1, span.at + span.length);
  if (subtype === macSubtype && value.length === ETH_ADDR_SIZE) return hexJoin(value, ':');
  if (subtype === ID_SUBTYPE_LOCAL && value.length === 8 && macSubtype === CHASSIS_SUBTYPE_MAC) return formatDpid(value); // Kytos-ng's form
  if (subtype === ID_SUBTYPE_LOCAL && value.length === 4 && macSubtype === PORT_SUBTYPE_MAC) return String(u32(value, 0));
  if (value.every((b) => b >= 0x20 && b < 0x7f)) return value.toString('latin1');
  return hexJoin(value, '');
}

/**
 * A port MAC can be the source address unless it is all zeros or a group address (I/G bit, the
 * low bit of the first byte, set; IEEE Std 802 "MAC addresses"): some switches report zeros for internal ports.
 */
function isUsableSourceMac(mac: Buffer): boolean {
  return ((mac[0] as number) & 0x01) === 0 && mac.some((b) => b !== 0);
}

/**
 * The replacement source MAC: dpid bytes 3..7 then port % 256, with the I/G bit cleared (unicast)
 * and the U/L bit set (locally administered), e.g. dpid 00:00:0a:0b:0c:0d:0e:0f port 258 →
 * 0a:0c:0d:0e:0f:02 (0x0b → 0x0a).
 */
function generatedMac(dpid: Buffer, portNo: number): Buffer {
  const mac = Buffer.from([dpid[3] as number, dpid[4] as number, dpid[5] as number, dpid[6] as number, dpid[7] as number, portNo % 256]);
  mac[0] = ((mac[0] as number) & 0xfc) | 0x02;
  return mac;
}

function dpidBytes(dpid: string): Buffer {
  if (!/^([0-9a-fA-F]{2}:){7}[0-9a-fA-F]{2}$/.test(dpid)) throw new RangeError(`LLDP dpid ${dpid} is not aa:bb:cc:dd:ee:ff:00:11`);
  return Buffer.from(dpid.replace(/:/g, ''), 'hex');
}

function macBytes(mac: string): Buffer {
  if (!/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac)) throw new RangeError(`LLDP port MAC ${mac} is not aa:bb:cc:dd:ee:ff`);
  return Buffer.from(mac.replace(/:/g, ''), 'hex');
}

function formatDpid(b: Buffer): Dpid {
  return hexJoin(b, ':');
}

function hexJoin(b: Buffer, sep: string): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i === 0 ? '' : sep) + (HEX[b[i] as number] as string);
  return s;
}

function isTpid(v: number): boolean {
  return v === TPID.C_TAG || v === TPID.S_TAG || v === TPID.QINQ_LEGACY;
}

function tlvHeader(f: Buffer, o: number, type: number, length: number): number {
  f.writeUInt16BE((type << 9) | length, o);
  return o + TLV_HEADER_SIZE;
}

function writeU64(f: Buffer, o: number, v: number): void {
  f.writeUInt32BE(Math.floor(v / 0x1_0000_0000), o);
  f.writeUInt32BE(v % 0x1_0000_0000, o + 4);
}

/** Callers check the bounds first. */
function u16(f: Buffer, o: number): number {
  return ((f[o] as number) << 8) | (f[o + 1] as number);
}

function u32(f: Buffer, o: number): number {
  return (f[o] as number) * 0x100_0000 + (((f[o + 1] as number) << 16) | ((f[o + 2] as number) << 8) | (f[o + 3] as number));
}
