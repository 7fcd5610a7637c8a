/**
 * Bodies of OFPT_MULTIPART_REQUEST and OFPT_MULTIPART_REPLY (OF1.3.5 7.3.5 "Multipart Messages"):
 * everything after the 16-byte ofp_multipart_request/reply header (header, type, flags, pad[4]),
 * which the caller reads and writes.
 *
 * Decoders take a Reader spanning exactly the body and consume all of it (bytes left over after a
 * fixed-size body are TRAILING_BYTES); they throw only OfpDecodeError. A multipart type this codec
 * does not know decodes to the opaque `unknown` body, which re-encodes to the same bytes.
 */
import { OFPMP, OFPMP_NAME } from './constants';
import { OfpDecodeError, OfpEncodeError, assertNever } from './errors';
import { decodeInstructions, encodeInstructions } from './instructions';
import { decodeMatch, encodeMatch } from './oxm';
import type { Reader } from './reader';
import { decodeGroupDesc, decodeMeterConfig, decodePort, encodeGroupDesc, encodeMeterConfig, encodePort } from './structs';
import { expectEnd, takeRecord, u16s, u32s, u64s } from './structs';
import { decodeTableFeaturesList, encodeTableFeaturesList } from './table-features';
import type { FlowStats, FlowStatsRequest, GroupStats, MeterStats } from './types';
import type { MultipartReplyBody, MultipartRequestBody, PortStats, QueueStats, TableStats } from './types';
import type { Writer } from './writer';

/** 7.3.5 the ofp_multipart_request / ofp_multipart_reply header that precedes every body. */
export const OFP_MULTIPART_HEADER_SIZE = 16;

/** Pure. The OFPMP code of a request or reply body (`code` for an unknown body). */
export function multipartCode(body: MultipartRequestBody | MultipartReplyBody): number {
  if (body.type !== 'unknown') return OFPMP[body.type];
  // An opaque body must not claim a multipart type this codec knows: it would decode as that type.
  if (OFPMP_NAME.has(body.code)) throw new OfpEncodeError('BAD_VALUE', `unknown multipart body with known type ${body.code}`);
  return body.code;
}

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * 7.3.5.2 ofp_flow_stats_request (also 7.3.5.3 aggregate), 32 bytes then an ofp_match:
 *   table_id u8 | pad[3] | out_port u32 | out_group u32 | pad[4] | cookie u64 | cookie_mask u64 | match
 */
export const OFP_FLOW_STATS_REQUEST_SIZE = 32;
/** 7.3.5.6/8/9/12/13 port, queue, group and meter requests: one or two u32 ids (pad to 8), 8 bytes in all. */
export const OFP_ID_REQUEST_SIZE = 8;
/** 7.3.5.15 ofp_experimenter_multipart_header: experimenter u32 | exp_type u32 | data… */
export const OFP_EXPERIMENTER_MULTIPART_HEADER_SIZE = 8;

function encodeFlowStatsRequest(w: Writer, q: FlowStatsRequest): void {
  w.u8(q.tableId);
  w.zeros(3);
  u32s(w, q.outPort, q.outGroup);
  w.zeros(4);
  u64s(w, q.cookie, q.cookieMask);
  encodeMatch(w, q.match);
}

function decodeFlowStatsRequest(r: Reader): FlowStatsRequest {
  const tableId = r.u8();
  r.skip(3);
  const ports = { outPort: r.u32(), outGroup: r.u32() };
  r.skip(4);
  return { tableId, ...ports, cookie: r.u64(), cookieMask: r.u64(), match: decodeMatch(r) };
}

/** Appends to `w`; otherwise pure. Writes a multipart request body (no multipart header). */
export function encodeMultipartRequestBody(w: Writer, body: MultipartRequestBody): void {
  switch (body.type) {
    case 'desc':
    case 'table':
    case 'group_desc':
    case 'group_features':
    case 'meter_features':
    case 'port_desc':
      return; // 7.3.5: these requests have no body
    case 'flow':
    case 'aggregate':
      return encodeFlowStatsRequest(w, body);
    case 'port_stats':
      return u32s(w, body.portNo, 0); // port_no, pad[4]
    case 'queue':
      return u32s(w, body.portNo, body.queueId);
    case 'group':
      return u32s(w, body.groupId, 0); // group_id, pad[4]
    case 'meter':
    case 'meter_config':
      return u32s(w, body.meterId, 0); // meter_id, pad[4]
    case 'table_features':
      return encodeTableFeaturesList(w, body.tables);
    case 'experimenter':
      u32s(w, body.experimenter, body.expType);
      return w.bytes(body.data);
    case 'unknown':
      return w.bytes(body.body);
    default:
      return assertNever(body);
  }
}

/** Pure (advances r). Reads a multipart request body of type `mpType`; `r` spans exactly the body. */
export function decodeMultipartRequestBody(r: Reader, mpType: number): MultipartRequestBody {
  const type = OFPMP_NAME.get(mpType);
  if (type === undefined) return { type: 'unknown', code: mpType, body: r.rest() };
  const idThenPad = (): number => {
    const id = r.u32();
    r.skip(4);
    return id;
  };
  const body = ((): MultipartRequestBody => {
    switch (type) {
      case 'desc':
      case 'table':
      case 'group_desc':
      case 'group_features':
      case 'meter_features':
      case 'port_desc':
        return { type };
      case 'flow':
      case 'aggregate':
        return { type, ...decodeFlowStatsRequest(r) };
      case 'port_stats':
        return { type, portNo: idThenPad() };
      case 'queue':
        return { type, portNo: r.u32(), queueId: r.u32() };
      case 'group':
        return { type, groupId: idThenPad() };
      case 'meter':
      case 'meter_config':
        return { type, meterId: idThenPad() };
      case 'table_features':
        return { type, tables: decodeTableFeaturesList(r) };
      case 'experimenter':
        return { type, experimenter: r.u32(), expType: r.u32(), data: r.rest() };
      default:
        return assertNever(type);
    }
  })();
  expectEnd(r, `multipart request ${type}`);
  return body;
}

// ---------------------------------------------------------------------------------------------
// Replies: fixed-size records

/** 7.3.5.1 ofp_desc: mfr_desc[256] | hw_desc[256] | sw_desc[256] | serial_num[32] | dp_desc[256]. */
export const OFP_DESC_SIZE = 1056;
const DESC_STR_LEN = 256;
const SERIAL_NUM_LEN = 32;
/** 7.3.5.3 ofp_aggregate_stats_reply: packet_count u64 | byte_count u64 | flow_count u32 | pad[4]. */
export const OFP_AGGREGATE_STATS_REPLY_SIZE = 24;
/** 7.3.5.4 ofp_table_stats: table_id u8 | pad[3] | active_count u32 | lookup_count u64 | matched_count u64. */
export const OFP_TABLE_STATS_SIZE = 24;
/**
 * 7.3.5.6 ofp_port_stats: port_no u32 | pad[4] | rx_packets | tx_packets | rx_bytes | tx_bytes |
 * rx_dropped | tx_dropped | rx_errors | tx_errors | rx_frame_err | rx_over_err | rx_crc_err |
 * collisions (u64 each) | duration_sec u32 | duration_nsec u32.
 */
export const OFP_PORT_STATS_SIZE = 112;
/** 7.3.5.8 ofp_queue_stats: port_no u32 | queue_id u32 | tx_bytes u64 | tx_packets u64 | tx_errors u64 | duration_sec u32 | duration_nsec u32. */
export const OFP_QUEUE_STATS_SIZE = 40;
/** 7.3.5.11 ofp_group_features: types u32 | capabilities u32 | max_groups u32[4] | actions u32[4]. */
export const OFP_GROUP_FEATURES_SIZE = 40;
/** 7.3.5.14 ofp_meter_features: max_meter u32 | band_types u32 | capabilities u32 | max_bands u8 | max_color u8 | pad[2]. */
export const OFP_METER_FEATURES_SIZE = 16;

// The decoders below build records with object literals, whose properties are evaluated in source
// order: the order of the fields on the wire.

function decodeTableStats(r: Reader): TableStats {
  const tableId = r.u8();
  r.skip(3);
  return { tableId, activeCount: r.u32(), lookupCount: r.u64(), matchedCount: r.u64() };
}

function decodePortStats(r: Reader): PortStats {
  const portNo = r.u32();
  r.skip(4);
  return {
    portNo, rxPackets: r.u64(), txPackets: r.u64(), rxBytes: r.u64(), txBytes: r.u64(), rxDropped: r.u64(),
    txDropped: r.u64(), rxErrors: r.u64(), txErrors: r.u64(), rxFrameErr: r.u64(), rxOverErr: r.u64(),
    rxCrcErr: r.u64(), collisions: r.u64(), durationSec: r.u32(), durationNsec: r.u32(),
  };
}

function decodeQueueStats(r: Reader): QueueStats {
  return {
    portNo: r.u32(), queueId: r.u32(), txBytes: r.u64(), txPackets: r.u64(), txErrors: r.u64(),
    durationSec: r.u32(), durationNsec: r.u32(),
  };
}

/** Reads records until `r` is exhausted; with `size`, a partial last record is TRUNCATED at its start. */
function decodeAll<T>(r: Reader, decode: (r: Reader) => T, size = 0): T[] {
  const out: T[] = [];
  while (r.remaining > 0) {
    r.need(size);
    out.push(decode(r));
  }
  return out;
}

const u32x4 = (r: Reader): [number, number, number, number] => [r.u32(), r.u32(), r.u32(), r.u32()];

// ---------------------------------------------------------------------------------------------
// Replies: length-prefixed records

/**
 * 7.3.5.2 ofp_flow_stats, 48 bytes then an ofp_match (≥ 8) then instructions; length covers all:
 *   length u16 | table_id u8 | pad | duration_sec u32 | duration_nsec u32 | priority u16 |
 *   idle_timeout u16 | hard_timeout u16 | flags u16 | pad[4] | cookie u64 | packet_count u64 |
 *   byte_count u64 | match | instructions…
 */
export const OFP_FLOW_STATS_SIZE = 56;
/**
 * 7.3.5.9 ofp_group_stats, 40 bytes then bucket counters (packet_count u64 | byte_count u64):
 *   length u16 | pad[2] | group_id u32 | ref_count u32 | pad[4] | packet_count u64 | byte_count u64 |
 *   duration_sec u32 | duration_nsec u32 | bucket_stats…
 */
export const OFP_GROUP_STATS_SIZE = 40;
export const OFP_BUCKET_COUNTER_SIZE = 16;
/**
 * 7.3.5.12 ofp_meter_stats, 40 bytes then band counters (packet_band_count u64 | byte_band_count u64):
 *   meter_id u32 | len u16 | pad[6] | flow_count u32 | packet_in_count u64 | byte_in_count u64 |
 *   duration_sec u32 | duration_nsec u32 | band_stats…
 */
export const OFP_METER_STATS_SIZE = 40;
export const OFP_METER_BAND_STATS_SIZE = 16;

function encodeFlowStats(w: Writer, s: FlowStats): void {
  const start = w.pos;
  const len = w.reserveU16();
  w.u8(s.tableId);
  w.zeros(1);
  u32s(w, s.durationSec, s.durationNsec);
  u16s(w, s.priority, s.idleTimeout, s.hardTimeout, s.flags);
  w.zeros(4);
  u64s(w, s.cookie, s.packetCount, s.byteCount);
  encodeMatch(w, s.match);
  encodeInstructions(w, s.instructions);
  w.patchU16(len, w.pos - start);
}

function decodeFlowStats(r: Reader): FlowStats {
  const e = takeRecord(r, 0, OFP_FLOW_STATS_SIZE, 'ofp_flow_stats');
  e.skip(2);
  const tableId = e.u8();
  e.skip(1);
  const t = { durationSec: e.u32(), durationNsec: e.u32(), priority: e.u16(), idleTimeout: e.u16(), hardTimeout: e.u16(), flags: e.u16() };
  e.skip(4);
  const c = { cookie: e.u64(), packetCount: e.u64(), byteCount: e.u64() };
  return { tableId, ...t, ...c, match: decodeMatch(e), instructions: decodeInstructions(e) };
}

/** Counter pairs fill the rest of a record exactly; a ragged tail is BAD_LENGTH at the record's length field. */
function counterPairs(e: Reader, lenAt: number, what: string): [bigint, bigint][] {
  if (e.remaining % 16 !== 0) throw new OfpDecodeError('BAD_LENGTH', lenAt, `${what} counters not a multiple of 16 bytes`);
  return decodeAll(e, (c) => [c.u64(), c.u64()]);
}

function encodeGroupStats(w: Writer, s: GroupStats): void {
  const start = w.pos;
  const len = w.reserveU16();
  w.zeros(2);
  u32s(w, s.groupId, s.refCount);
  w.zeros(4);
  u64s(w, s.packetCount, s.byteCount);
  u32s(w, s.durationSec, s.durationNsec);
  for (const b of s.bucketStats) u64s(w, b.packetCount, b.byteCount);
  w.patchU16(len, w.pos - start);
}

function decodeGroupStats(r: Reader): GroupStats {
  const lenAt = r.pos;
  const e = takeRecord(r, 0, OFP_GROUP_STATS_SIZE, 'ofp_group_stats');
  e.skip(4);
  const ids = { groupId: e.u32(), refCount: e.u32() };
  e.skip(4);
  const c = { packetCount: e.u64(), byteCount: e.u64(), durationSec: e.u32(), durationNsec: e.u32() };
  const bucketStats = counterPairs(e, lenAt, 'ofp_group_stats').map(([p, b]) => ({ packetCount: p, byteCount: b }));
  return { ...ids, ...c, bucketStats };
}

function encodeMeterStats(w: Writer, s: MeterStats): void {
  const start = w.pos;
  w.u32(s.meterId);
  const len = w.reserveU16();
  w.zeros(6);
  w.u32(s.flowCount);
  u64s(w, s.packetInCount, s.byteInCount);
  u32s(w, s.durationSec, s.durationNsec);
  for (const b of s.bandStats) u64s(w, b.packetBandCount, b.byteBandCount);
  w.patchU16(len, w.pos - start);
}

function decodeMeterStats(r: Reader): MeterStats {
  const lenAt = r.pos + 4;
  const e = takeRecord(r, 4, OFP_METER_STATS_SIZE, 'ofp_meter_stats');
  const meterId = e.u32();
  e.skip(8);
  const c = { flowCount: e.u32(), packetInCount: e.u64(), byteInCount: e.u64(), durationSec: e.u32(), durationNsec: e.u32() };
  const bandStats = counterPairs(e, lenAt, 'ofp_meter_stats').map(([p, b]) => ({ packetBandCount: p, byteBandCount: b }));
  return { meterId, ...c, bandStats };
}

// ---------------------------------------------------------------------------------------------
// Replies

/** Appends to `w`; otherwise pure. Writes a multipart reply body (no multipart header). */
export function encodeMultipartReplyBody(w: Writer, body: MultipartReplyBody): void {
  switch (body.type) {
    case 'desc':
      w.fixedString(body.mfrDesc, DESC_STR_LEN);
      w.fixedString(body.hwDesc, DESC_STR_LEN);
      w.fixedString(body.swDesc, DESC_STR_LEN);
      w.fixedString(body.serialNum, SERIAL_NUM_LEN);
      return w.fixedString(body.dpDesc, DESC_STR_LEN);
    case 'flow':
      for (const s of body.stats) encodeFlowStats(w, s);
      return;
    case 'aggregate':
      u64s(w, body.packetCount, body.byteCount);
      w.u32(body.flowCount);
      return w.zeros(4);
    case 'table':
      for (const s of body.stats) {
        w.u8(s.tableId);
        w.zeros(3);
        w.u32(s.activeCount);
        u64s(w, s.lookupCount, s.matchedCount);
      }
      return;
    case 'port_stats':
      for (const s of body.stats) {
        w.u32(s.portNo);
        w.zeros(4);
        u64s(w, s.rxPackets, s.txPackets, s.rxBytes, s.txBytes, s.rxDropped, s.txDropped, s.rxErrors, s.txErrors);
        u64s(w, s.rxFrameErr, s.rxOverErr, s.rxCrcErr, s.collisions);
        u32s(w, s.durationSec, s.durationNsec);
      }
      return;
    case 'queue':
      for (const s of body.stats) {
        u32s(w, s.portNo, s.queueId);
        u64s(w, s.txBytes, s.txPackets, s.txErrors);
        u32s(w, s.durationSec, s.durationNsec);
      }
      return;
    case 'group':
      for (const s of body.stats) encodeGroupStats(w, s);
      return;
    case 'group_desc':
      for (const g of body.groups) encodeGroupDesc(w, g);
      return;
    case 'group_features':
      return u32s(w, body.types, body.capabilities, ...body.maxGroups, ...body.actions);
    case 'meter':
      for (const s of body.stats) encodeMeterStats(w, s);
      return;
    case 'meter_config':
      for (const c of body.configs) encodeMeterConfig(w, c);
      return;
    case 'meter_features':
      u32s(w, body.maxMeter, body.bandTypes, body.capabilities);
      w.u8(body.maxBands);
      w.u8(body.maxColor);
      return w.zeros(2);
    case 'table_features':
      return encodeTableFeaturesList(w, body.tables);
    case 'port_desc':
      for (const p of body.ports) encodePort(w, p);
      return;
    case 'experimenter':
      u32s(w, body.experimenter, body.expType);
      return w.bytes(body.data);
    case 'unknown':
      return w.bytes(body.body);
    default:
      return assertNever(body);
  }
}

/** Pure (advances r). Reads a multipart reply body of type `mpType`; `r` spans exactly the body. */
export function decodeMultipartReplyBody(r: Reader, mpType: number): MultipartReplyBody {
  const type = OFPMP_NAME.get(mpType);
  if (type === undefined) return { type: 'unknown', code: mpType, body: r.rest() };
  const body = ((): MultipartReplyBody => {
    switch (type) {
      case 'desc':
        return {
          type,
          mfrDesc: r.fixedString(DESC_STR_LEN),
          hwDesc: r.fixedString(DESC_STR_LEN),
          swDesc: r.fixedString(DESC_STR_LEN),
          serialNum: r.fixedString(SERIAL_NUM_LEN),
          dpDesc: r.fixedString(DESC_STR_LEN),
        };
      case 'flow':
        return { type, stats: decodeAll(r, decodeFlowStats) };
      case 'aggregate': {
        const b = { type, packetCount: r.u64(), byteCount: r.u64(), flowCount: r.u32() };
        r.skip(4);
        return b;
      }
      case 'table':
        return { type, stats: decodeAll(r, decodeTableStats, OFP_TABLE_STATS_SIZE) };
      case 'port_stats':
        return { type, stats: decodeAll(r, decodePortStats, OFP_PORT_STATS_SIZE) };
      case 'queue':
        return { type, stats: decodeAll(r, decodeQueueStats, OFP_QUEUE_STATS_SIZE) };
      case 'group':
        return { type, stats: decodeAll(r, decodeGroupStats) };
      case 'group_desc':
        return { type, groups: decodeAll(r, decodeGroupDesc) };
      case 'group_features':
        return { type, types: r.u32(), capabilities: r.u32(), maxGroups: u32x4(r), actions: u32x4(r) };
      case 'meter':
        return { type, stats: decodeAll(r, decodeMeterStats) };
      case 'meter_config':
        return { type, configs: decodeAll(r, decodeMeterConfig) };
      case 'meter_features': {
        const b = { type, maxMeter: r.u32(), bandTypes: r.u32(), capabilities: r.u32(), maxBands: r.u8(), maxColor: r.u8() };
        r.skip(2);
        return b;
      }
      case 'table_features':
        return { type, tables: decodeTableFeaturesList(r) };
      case 'port_desc':
        return { type, ports: decodeAll(r, decodePort) };
      case 'experimenter':
        return { type, experimenter: r.u32(), expType: r.u32(), data: r.rest() };
      default:
        return assertNever(type);
    }
  })();
  expectEnd(r, `multipart reply ${type}`);
  return body;
}
