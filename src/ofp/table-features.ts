/**
 * Codec for ofp_table_features and its properties (OF1.3.5 7.3.5.5 "Table Features"), the body of
 * the OFPMP_TABLE_FEATURES request and reply.
 *
 * Decoders read from a Reader (advancing it) and throw only OfpDecodeError; encoders append to a
 * Writer and throw only OfpEncodeError.
 */
import { OFPTFPT, OFPTFPT_NAME, OFPXMC } from './constants';
import { OfpDecodeError, OfpEncodeError, assertNever } from './errors';
import type { Reader } from './reader';
import { takeRecord } from './structs';
import type { FeatureId, OxmId, TableFeatureProp, TableFeatures } from './types';
import type { Writer } from './writer';

/**
 * ofp_table_features, 64-byte header then properties; length covers both (a multiple of 8):
 *   length u16 | table_id u8 | pad[5] | name[32] (NUL padded) |
 *   metadata_match u64 | metadata_write u64 | config u32 | max_entries u32 | properties…
 */
export const OFP_TABLE_FEATURES_SIZE = 64;
/** 7.3.5.5.1 OFP_MAX_TABLE_NAME_LEN. */
export const OFP_MAX_TABLE_NAME_LEN = 32;
/**
 * ofp_table_feature_prop_header, 4 bytes: type u16 | length u16. `length` covers the header and
 * the content but not the zero padding to a multiple of 8 that follows every property
 * (7.3.5.5.2 "Table Features properties").
 *   instructions*  : ofp_instruction ids, each type u16 | len u16 | (experimenter data…)
 *   next_tables*   : table_id u8 …
 *   *_actions*     : ofp_action_header ids, each type u16 | len u16 | (experimenter data…)
 *   match, wildcards, *_setfield* : OXM headers u32 (u32 experimenter follows for class 0xffff)
 *   experimenter*  : experimenter u32 | exp_type u32 | data…
 */
export const OFP_TABLE_FEATURE_PROP_HEADER_SIZE = 4;
export const OFP_TABLE_FEATURE_PROP_EXPERIMENTER_SIZE = 12;
/** An instruction or action id: type u16 | len u16, len covering the data after it. */
const FEATURE_ID_HEADER_SIZE = 4;

const isExperimenterOxm = (header: number): boolean => header >>> 16 === OFPXMC.EXPERIMENTER;

function encodeProp(w: Writer, p: TableFeatureProp): void {
  const start = w.pos;
  w.u16(p.type === 'unknown' ? p.code : OFPTFPT[p.type]);
  const len = w.reserveU16();
  switch (p.type) {
    case 'instructions':
    case 'instructions_miss':
    case 'write_actions':
    case 'write_actions_miss':
    case 'apply_actions':
    case 'apply_actions_miss':
      for (const id of p.ids) {
        w.u16(id.code);
        w.u16(FEATURE_ID_HEADER_SIZE + id.data.length);
        w.bytes(id.data);
      }
      break;
    case 'next_tables':
    case 'next_tables_miss':
      for (const t of p.tableIds) w.u8(t);
      break;
    case 'match':
    case 'wildcards':
    case 'write_setfield':
    case 'write_setfield_miss':
    case 'apply_setfield':
    case 'apply_setfield_miss':
      for (const id of p.oxmIds) {
        // The experimenter id is on the wire exactly when the class says so; anything else could not round-trip.
        if (isExperimenterOxm(id.header) !== (id.experimenter !== undefined)) {
          throw new OfpEncodeError('BAD_VALUE', `OXM id 0x${id.header.toString(16)}: experimenter id must be given iff class is 0xffff`);
        }
        w.u32(id.header);
        if (id.experimenter !== undefined) w.u32(id.experimenter);
      }
      break;
    case 'experimenter':
    case 'experimenter_miss':
      w.u32(p.experimenter);
      w.u32(p.expType);
      w.bytes(p.data);
      break;
    case 'unknown':
      w.bytes(p.body);
      break;
    default:
      return assertNever(p);
  }
  w.patchU16(len, w.pos - start);
  w.pad8(start);
}

function decodeFeatureIds(r: Reader): FeatureId[] {
  const ids: FeatureId[] = [];
  while (r.remaining > 0) {
    const id = takeRecord(r, 2, FEATURE_ID_HEADER_SIZE, 'feature id');
    const code = id.u16();
    id.skip(2);
    ids.push({ code, data: id.rest() });
  }
  return ids;
}

function decodeOxmIds(r: Reader): OxmId[] {
  const ids: OxmId[] = [];
  while (r.remaining > 0) {
    const header = r.u32();
    ids.push(isExperimenterOxm(header) ? { header, experimenter: r.u32() } : { header });
  }
  return ids;
}

function decodeProp(r: Reader): TableFeatureProp {
  r.need(OFP_TABLE_FEATURE_PROP_HEADER_SIZE, 'table feature property');
  const lenAt = r.pos + 2;
  const code = r.buf.readUInt16BE(r.pos);
  const len = r.buf.readUInt16BE(lenAt);
  const type = OFPTFPT_NAME.get(code);
  const isExp = type === 'experimenter' || type === 'experimenter_miss';
  const min = isExp ? OFP_TABLE_FEATURE_PROP_EXPERIMENTER_SIZE : OFP_TABLE_FEATURE_PROP_HEADER_SIZE;
  if (len < min) throw new OfpDecodeError('BAD_LENGTH', lenAt, `table feature property length ${len} < ${min}`);
  const padded = (len + 7) & ~7;
  if (padded > r.remaining) throw new OfpDecodeError('BAD_LENGTH', lenAt, `table feature property length ${len} overruns its container`);
  const p = r.sub(len);
  r.skip(padded - len);
  p.skip(OFP_TABLE_FEATURE_PROP_HEADER_SIZE);
  switch (type) {
    case 'instructions':
    case 'instructions_miss':
    case 'write_actions':
    case 'write_actions_miss':
    case 'apply_actions':
    case 'apply_actions_miss':
      return { type, ids: decodeFeatureIds(p) };
    case 'next_tables':
    case 'next_tables_miss':
      return { type, tableIds: [...p.rest()] };
    case 'match':
    case 'wildcards':
    case 'write_setfield':
    case 'write_setfield_miss':
    case 'apply_setfield':
    case 'apply_setfield_miss':
      return { type, oxmIds: decodeOxmIds(p) };
    case 'experimenter':
    case 'experimenter_miss':
      return { type, experimenter: p.u32(), expType: p.u32(), data: p.rest() };
    case undefined:
      return { type: 'unknown', code, body: p.rest() };
    default:
      return assertNever(type);
  }
}

/** Appends to `w`; otherwise pure. Writes one ofp_table_features with its properties. */
export function encodeTableFeatures(w: Writer, t: TableFeatures): void {
  const start = w.pos;
  const len = w.reserveU16();
  w.u8(t.tableId);
  w.zeros(5);
  w.fixedString(t.name, OFP_MAX_TABLE_NAME_LEN);
  w.u64(t.metadataMatch);
  w.u64(t.metadataWrite);
  w.u32(t.config);
  w.u32(t.maxEntries);
  for (const p of t.properties) encodeProp(w, p);
  w.patchU16(len, w.pos - start);
}

/** Appends to `w`; otherwise pure. Writes a list of ofp_table_features (nothing for an empty list). */
export function encodeTableFeaturesList(w: Writer, tables: readonly TableFeatures[]): void {
  for (const t of tables) encodeTableFeatures(w, t);
}

/** Pure (advances r). Reads one ofp_table_features record, bounded by its length field. */
export function decodeTableFeatures(r: Reader): TableFeatures {
  const t = takeRecord(r, 0, OFP_TABLE_FEATURES_SIZE, 'ofp_table_features');
  t.skip(2);
  const tableId = t.u8();
  t.skip(5);
  const name = t.fixedString(OFP_MAX_TABLE_NAME_LEN);
  const metadataMatch = t.u64();
  const metadataWrite = t.u64();
  const config = t.u32();
  const maxEntries = t.u32();
  const properties: TableFeatureProp[] = [];
  while (t.remaining > 0) properties.push(decodeProp(t));
  return { tableId, name, metadataMatch, metadataWrite, config, maxEntries, properties };
}

/** Pure (advances r). Reads ofp_table_features records until `r` is exhausted. */
export function decodeTableFeaturesList(r: Reader): TableFeatures[] {
  const out: TableFeatures[] = [];
  while (r.remaining > 0) out.push(decodeTableFeatures(r));
  return out;
}
