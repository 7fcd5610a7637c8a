/**
 * ofp_match and OXM TLVs (OF1.3.5 7.2.3), driven entirely by the table in ./oxm-table.
 *
 *  ofp_match (7.2.3.1), OFP_MATCH_SIZE = 8 for an empty match:
 *   +---------------+---------------+------------------------------+-----------+
 *   | type (2) = 1  | length (2)    | oxm_fields (length - 4)       | pad to 8  |
 *   +---------------+---------------+------------------------------+-----------+
 *  `length` counts type, length and the TLVs but not the trailing padding.
 */
import { OfpDecodeError, OfpEncodeError } from './errors';
import { OFPMT, OFPXMC } from './constants';
import { OXM_BY_FIELD, OXM_BY_NAME, type OxmFieldDef, type OxmKind } from './oxm-table';
import type { Reader } from './reader';
import type { Writer } from './writer';
import type { Match, Oxm } from './types';

/** Size of an empty ofp_match on the wire: type, length and 4 bytes of padding. */
export const OFP_MATCH_SIZE = 8;
const OXM_HEADER_SIZE = 4;

type OxmValue = number | bigint | string;

function readValue(r: Reader, kind: OxmKind): OxmValue {
  switch (kind) {
    case 'u8':
      return r.u8();
    case 'u16':
      return r.u16();
    case 'u24':
      return (r.u16() << 8) | r.u8();
    case 'u32':
      return r.u32();
    case 'u64':
      return r.u64();
    case 'mac':
      return r.mac();
    case 'ipv4':
      return r.ipv4();
    case 'ipv6':
      return r.ipv6();
    default:
      return assertKind(kind);
  }
}

function badValue(def: OxmFieldDef, v: unknown): never {
  throw new OfpEncodeError('BAD_VALUE', `OXM ${def.name}: ${String(v)} is not a ${def.kind}`);
}

function writeValue(w: Writer, def: OxmFieldDef, v: unknown): void {
  switch (def.kind) {
    case 'u8':
      return typeof v === 'number' ? w.u8(v) : badValue(def, v);
    case 'u16':
      return typeof v === 'number' ? w.u16(v) : badValue(def, v);
    case 'u24':
      if (typeof v !== 'number' || (v & 0xffffff) !== v) return badValue(def, v);
      w.u16(v >>> 8);
      return w.u8(v & 0xff);
    case 'u32':
      return typeof v === 'number' ? w.u32(v) : badValue(def, v);
    case 'u64':
      return typeof v === 'bigint' ? w.u64(v) : badValue(def, v);
    case 'mac':
      return typeof v === 'string' ? w.mac(v) : badValue(def, v);
    case 'ipv4':
      return typeof v === 'string' ? w.ipv4(v) : badValue(def, v);
    case 'ipv6':
      return typeof v === 'string' ? w.ipv6(v) : badValue(def, v);
    default:
      return assertKind(def.kind);
  }
}

function assertKind(k: never): never {
  throw new Error(`unknown OXM kind ${String(k)}`);
}

/**
 * Pure (advances r). Decodes one OXM TLV.
 *   oxm header: class (16) | field (7) | hasmask (1) | length (8)
 * An OpenFlow-basic TLV must have exactly the table's payload size (doubled with a mask).
 */
export function decodeOxm(r: Reader): Oxm {
  const at = r.pos;
  const header = r.u32();
  const oxmClass = header >>> 16;
  const oxmField = (header >>> 9) & 0x7f;
  const hasMask = (header & 0x100) !== 0;
  const len = header & 0xff;
  const body = r.tlv(len, at + 3, 'OXM payload');
  const def = oxmClass === OFPXMC.OPENFLOW_BASIC ? OXM_BY_FIELD[oxmField] : undefined;
  if (def === undefined) return { field: 'opaque', oxmClass, oxmField, hasMask, body: body.rest() };
  // OF1.3.5 7.2.3.2 "OXM format": oxm_length is the payload length, twice the field size when masked.
  if (len !== (hasMask ? 2 * def.bytes : def.bytes)) throw new OfpDecodeError('BAD_LENGTH', at + 3, `OXM ${def.name} length ${len}`);
  const value = readValue(body, def.kind);
  if (!hasMask) return { field: def.name, value } as Oxm;
  const mask = readValue(body, def.kind);
  return { field: def.name, value, mask } as Oxm;
}

/** Encodes one OXM TLV. Throws OfpEncodeError on an unknown field or a value of the wrong kind. */
export function encodeOxm(w: Writer, oxm: Oxm): void {
  if (oxm.field === 'opaque') {
    if (oxm.oxmClass === OFPXMC.OPENFLOW_BASIC && OXM_BY_FIELD[oxm.oxmField & 0x7f] !== undefined) {
      throw new OfpEncodeError('BAD_VALUE', `opaque OXM with the OpenFlow-basic field ${oxm.oxmField}`);
    }
    if (oxm.body.length > 0xff) throw new OfpEncodeError('TOO_LONG', 'opaque OXM payload over 255 bytes');
    w.u32(((oxm.oxmClass << 16) | ((oxm.oxmField & 0x7f) << 9) | (oxm.hasMask ? 0x100 : 0) | oxm.body.length) >>> 0);
    w.bytes(oxm.body);
    return;
  }
  const def = OXM_BY_NAME[oxm.field];
  if (def === undefined) throw new OfpEncodeError('BAD_VALUE', `unknown OXM field ${String(oxm.field)}`);
  const masked = oxm.mask !== undefined;
  const len = masked ? 2 * def.bytes : def.bytes;
  w.u32(((OFPXMC.OPENFLOW_BASIC << 16) | (def.field << 9) | (masked ? 0x100 : 0) | len) >>> 0);
  writeValue(w, def, oxm.value);
  if (masked) writeValue(w, def, oxm.mask);
}

/** Pure (advances r past the match and its padding). Decodes an OFPMT_OXM ofp_match. */
export function decodeMatch(r: Reader): Match {
  const at = r.pos;
  const type = r.u16();
  const length = r.u16();
  if (type !== OFPMT.OXM) throw new OfpDecodeError('BAD_VALUE', at, `match type ${type}`);
  if (length < 4) throw new OfpDecodeError('BAD_LENGTH', at + 2, `match length ${length}`);
  const body = r.tlv(length - 4, at + 2, 'match');
  const fields: Oxm[] = [];
  while (body.remaining > 0) {
    if (body.remaining < OXM_HEADER_SIZE) throw new OfpDecodeError('TRUNCATED', body.pos, 'OXM header');
    fields.push(decodeOxm(body));
  }
  // OF1.3.5 7.2.3.1: the match is padded to a multiple of 8 bytes.
  r.skip(((length + 7) & ~7) - length);
  return fields;
}

/** Encodes an OFPMT_OXM ofp_match with its trailing padding. */
export function encodeMatch(w: Writer, m: Match): void {
  const start = w.pos;
  w.u16(OFPMT.OXM);
  const lenAt = w.reserveU16();
  for (let i = 0; i < m.length; i++) encodeOxm(w, m[i] as Oxm);
  w.patchU16(lenAt, w.pos - start);
  w.pad8(start); // OF1.3.5 7.2.3.1: pad the match to 64 bits; the length above excludes the padding
}
