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
import { OfpDecodeError, assertNever } from './errors';
import { decodeInstructions, encodeInstructions } from './instructions';
import { decodeMatch, encodeMatch } from './oxm';
import type { Reader } from './reader';
import {
  decodeBuckets,
  decodeGroupType,
  decodeMeterBands,
  decodePort,
  encodeBuckets,
  encodeMeterBands,
  encodePort,
  expectEnd,
  groupTypeCode,
  takeRecord,
} from './structs';
import { decodeTableFeaturesList, encodeTableFeaturesList } from './table-features';
import type {
  FlowStats,
  FlowStatsRequest,
  GroupDesc,
  GroupStats,
  MeterConfig,
  MeterStats,
  MultipartReplyBody,
  MultipartRequestBody,
  PortStats,
  QueueStats,
  TableStats,
} from './types';
import type { Writer } from './writer';

/** 7.3.5 the ofp_multipart_request / ofp_multipart_reply header that precedes every body. */
export const OFP_MULTIPART_HEADER_SIZE = 16;

/** Pure. The OFPMP code of a request or reply body (`code` for an unknown body). */
export function multipartCode(body: MultipartRequestBody | MultipartReplyBody): number {
  return body.type === 'unknown' ? body.code : OFPMP[body.type];
}

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * 7.3.5.2 ofp_flow_stats_request (also 7.3.5.3 aggregate), 32 bytes then an ofp_match:
 *   table_id u8 | pad[3] | out_port u32 | out_group u32 | pad[4] | cookie u64 | cookie_mask u64 | match
 */
export const OFP_FLOW_STATS_REQUEST_SIZE = 32;
/** 7.3.5.4/6/7/12 port, queue, group and meter requests: one or two u32 ids, 8 bytes in all. */
export const OFP_ID_REQUEST_SIZE = 8;
/** 7.3.5.15 ofp_experimenter_multipart_header: experimenter u32 | exp_type u32 | data… */
export const OFP_EXPERIMENTER_MULTIPART_HEADER_SIZE = 8;

function encodeFlowStatsRequest(w: Writer, q: FlowStatsRequest): void {
  w.u8(q.tableId);
  w.zeros(3);
  w.u32(q.outPort);
  w.u32(q.outGroup);
  w.zeros(4);
  w.u64(q.cookie);
  w.u64(q.cookieMask);
  encodeMatch(w, q.match);
}

function decodeFlowStatsRequest(r: Reader): FlowStatsRequest {
  const tableId = r.u8();
  r.skip(3);
  const outPort = r.u32();
  const outGroup = r.u32();
  r.skip(4);
  const cookie = r.u64();
  const cookieMask = r.u64();
  const match = decodeMatch(r);
  return { tableId, outPort, outGroup, cookie, cookieMask, match };
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
      w.u32(body.portNo);
      return w.zeros(4);
    case 'queue':
      w.u32(body.portNo);
      return w.u32(body.queueId);
    case 'group':
      w.u32(body.groupId);
      return w.zeros(4);
    case 'meter':
    case 'meter_config':
      w.u32(body.meterId);
      return w.zeros(4);
    case 'table_features':
      return encodeTableFeaturesList(w, body.tables);
    case 'experimenter':
      w.u32(body.experimenter);
      w.u32(body.expType);
      return w.bytes(body.data);
    case 'unknown':
      return w.bytes(body.body);
    default:
      return assertNever(body);
  }
}

/** Pure apart from advancing `r`. Reads a multipart request body of type `mpType`; `r` spans exactly the body. */
export function decodeMultipartRequestBody(r: Reader, mpType: number): MultipartRequestBody {
  const type = OFPMP_NAME.get(mpType);
  if (type === undefined) return { type: 'unknown', code: mpType, body: r.rest() };
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
      case 'port_stats': {
        const portNo = r.u32();
        r.skip(4);
        return { type, portNo };
      }
      case 'queue':
        return { type, portNo: r.u32(), queueId: r.u32() };
      case 'group': {
        const groupId = r.u32();
        r.skip(4);
        return { type, groupId };
      }
      case 'meter':
      case 'meter_config': {
        const meterId = r.u32();
        r.skip(4);
        return { type, meterId };
      }
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

const PORT_COUNTERS = [
  'rxPackets', 'txPackets', 'rxBytes', 'txBytes', 'rxDropped', 'txDropped',
  'rxErrors', 'txErrors', 'rxFrameErr', 'rxOverErr', 'rxCrcErr', 'collisions',
] as const;

function decodeTableStats(r: Reader): TableStats {
  const tableId = r.u8();
  r.skip(3);
  return { tableId, activeCount: r.u32(), lookupCount: r.u64(), matchedCount: r.u64() };
}

function decodePortStats(r: Reader): PortStats {
  const portNo = r.u32();
  r.skip(4);
  // Object literal properties are evaluated in source order, which is wire order here.
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

/** Reads fixed-size records until `r` is exhausted; a partial last record is TRUNCATED. */
function decodeAll<T>(r: Reader, decode: (r: Reader) => T): T[] {
  const out: T[] = [];
  while (r.remaining > 0) out.push(decode(r));
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
/** 7.3.5.10 ofp_group_desc, 8 bytes then buckets: length u16 | type u8 | pad | group_id u32 | buckets… */
export const OFP_GROUP_DESC_SIZE = 8;
/**
 * 7.3.5.12 ofp_meter_stats, 40 bytes then band counters (packet_band_count u64 | byte_band_count u64):
 *   meter_id u32 | len u16 | pad[6] | flow_count u32 | packet_in_count u64 | byte_in_count u64 |
 *   duration_sec u32 | duration_nsec u32 | band_stats…
 */
export const OFP_METER_STATS_SIZE = 40;
export const OFP_METER_BAND_STATS_SIZE = 16;
/** 7.3.5.13 ofp_meter_config, 8 bytes then bands: length u16 | flags u16 | meter_id u32 | bands… */
export const OFP_METER_CONFIG_SIZE = 8;

function encodeFlowStats(w: Writer, s: FlowStats): void {
  const start = w.pos;
  const len = w.reserveU16();
  w.u8(s.tableId);
  w.zeros(1);
  w.u32(s.durationSec);
  w.u32(s.durationNsec);
  w.u16(s.priority);
  w.u16(s.idleTimeout);
  w.u16(s.hardTimeout);
  w.u16(s.flags);
  w.zeros(4);
  w.u64(s.cookie);
  w.u64(s.packetCount);
  w.u64(s.byteCount);
  encodeMatch(w, s.match);
  encodeInstructions(w, s.instructions);
  w.patchU16(len, w.pos - start);
}

function decodeFlowStats(r: Reader): FlowStats {
  const e = takeRecord(r, 0, OFP_FLOW_STATS_SIZE, 'ofp_flow_stats');
  e.skip(2);
  const tableId = e.u8();
  e.skip(1);
  const durationSec = e.u32();
  const durationNsec = e.u32();
  const priority = e.u16();
  const idleTimeout = e.u16();
  const hardTimeout = e.u16();
  const flags = e.u16();
  e.skip(4);
  const cookie = e.u64();
  const packetCount = e.u64();
  const byteCount = e.u64();
  const match = decodeMatch(e);
  const instructions = decodeInstructions(e);
  return { tableId, durationSec, durationNsec, priority, idleTimeout, hardTimeout, flags, cookie, packetCount, byteCount, match, instructions };
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
  w.u32(s.groupId);
  w.u32(s.refCount);
  w.zeros(4);
  w.u64(s.packetCount);
  w.u64(s.byteCount);
  w.u32(s.durationSec);
  w.u32(s.durationNsec);
  for (const b of s.bucketStats) {
    w.u64(b.packetCount);
    w.u64(b.byteCount);
  }
  w.patchU16(len, w.pos - start);
}

function decodeGroupStats(r: Reader): GroupStats {
  const lenAt = r.pos;
  const e = takeRecord(r, 0, OFP_GROUP_STATS_SIZE, 'ofp_group_stats');
  e.skip(4);
  const groupId = e.u32();
  const refCount = e.u32();
  e.skip(4);
  const packetCount = e.u64();
  const byteCount = e.u64();
  const durationSec = e.u32();
  const durationNsec = e.u32();
  const bucketStats = counterPairs(e, lenAt, 'ofp_group_stats').map(([p, b]) => ({ packetCount: p, byteCount: b }));
  return { groupId, refCount, packetCount, byteCount, durationSec, durationNsec, bucketStats };
}

function encodeGroupDesc(w: Writer, g: GroupDesc): void {
  const start = w.pos;
  const len = w.reserveU16();
  w.u8(groupTypeCode(g.groupType));
  w.zeros(1);
  w.u32(g.groupId);
  encodeBuckets(w, g.buckets);
  w.patchU16(len, w.pos - start);
}

function decodeGroupDesc(r: Reader): GroupDesc {
  const e = takeRecord(r, 0, OFP_GROUP_DESC_SIZE, 'ofp_group_desc');
  e.skip(2);
  const typeAt = e.pos;
  const groupType = decodeGroupType(e.u8(), typeAt);
  e.skip(1);
  const groupId = e.u32();
  return { groupType, groupId, buckets: decodeBuckets(e) };
}

function encodeMeterStats(w: Writer, s: MeterStats): void {
  const start = w.pos;
  w.u32(s.meterId);
  const len = w.reserveU16();
  w.zeros(6);
  w.u32(s.flowCount);
  w.u64(s.packetInCount);
  w.u64(s.byteInCount);
  w.u32(s.durationSec);
  w.u32(s.durationNsec);
  for (const b of s.bandStats) {
    w.u64(b.packetBandCount);
    w.u64(b.byteBandCount);
  }
  w.patchU16(len, w.pos - start);
}

function decodeMeterStats(r: Reader): MeterStats {
  const lenAt = r.pos + 4;
  const e = takeRecord(r, 4, OFP_METER_STATS_SIZE, 'ofp_meter_stats');
  const meterId = e.u32();
  e.skip(8);
  const flowCount = e.u32();
  const packetInCount = e.u64();
  const byteInCount = e.u64();
  const durationSec = e.u32();
  const durationNsec = e.u32();
  const bandStats = counterPairs(e, lenAt, 'ofp_meter_stats').map(([p, b]) => ({ packetBandCount: p, byteBandCount: b }));
  return { meterId, flowCount, packetInCount, byteInCount, durationSec, durationNsec, bandStats };
}

function encodeMeterConfig(w: Writer, c: MeterConfig): void {
  const start = w.pos;
  const len = w.reserveU16();
  w.u16(c.flags);
  w.u32(c.meterId);
  encodeMeterBands(w, c.bands);
  w.patchU16(len, w.pos - start);
}

function decodeMeterConfig(r: Reader): MeterConfig {
  const e = takeRecord(r, 0, OFP_METER_CONFIG_SIZE, 'ofp_meter_config');
  e.skip(2);
  const flags = e.u16();
  const meterId = e.u32();
  return { flags, meterId, bands: decodeMeterBands(e) };
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
      w.u64(body.packetCount);
      w.u64(body.byteCount);
      w.u32(body.flowCount);
      return w.zeros(4);
    case 'table':
      for (const s of body.stats) {
        w.u8(s.tableId);
        w.zeros(3);
        w.u32(s.activeCount);
        w.u64(s.lookupCount);
        w.u64(s.matchedCount);
      }
      return;
    case 'port_stats':
      for (const s of body.stats) {
        w.u32(s.portNo);
        w.zeros(4);
        for (const k of PORT_COUNTERS) w.u64(s[k]);
        w.u32(s.durationSec);
        w.u32(s.durationNsec);
      }
      return;
    case 'queue':
      for (const s of body.stats) {
        w.u32(s.portNo);
        w.u32(s.queueId);
        w.u64(s.txBytes);
        w.u64(s.txPackets);
        w.u64(s.txErrors);
        w.u32(s.durationSec);
        w.u32(s.durationNsec);
      }
      return;
    case 'group':
      for (const s of body.stats) encodeGroupStats(w, s);
      return;
    case 'group_desc':
      for (const g of body.groups) encodeGroupDesc(w, g);
      return;
    case 'group_features':
      w.u32(body.types);
      w.u32(body.capabilities);
      for (const v of body.maxGroups) w.u32(v);
      for (const v of body.actions) w.u32(v);
      return;
    case 'meter':
      for (const s of body.stats) encodeMeterStats(w, s);
      return;
    case 'meter_config':
      for (const c of body.configs) encodeMeterConfig(w, c);
      return;
    case 'meter_features':
      w.u32(body.maxMeter);
      w.u32(body.bandTypes);
      w.u32(body.capabilities);
      w.u8(body.maxBands);
      w.u8(body.maxColor);
      return w.zeros(2);
    case 'table_features':
      return encodeTableFeaturesList(w, body.tables);
    case 'port_desc':
      for (const p of body.ports) encodePort(w, p);
      return;
    case 'experimenter':
      w.u32(body.experimenter);
      w.u32(body.expType);
      return w.bytes(body.data);
    case 'unknown':
      return w.bytes(body.body);
    default:
      return assertNever(body);
  }
}

/** Pure apart from advancing `r`. Reads a multipart reply body of type `mpType`; `r` spans exactly the body. */
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
        return { type, stats: decodeAll(r, decodeTableStats) };
      case 'port_stats':
        return { type, stats: decodeAll(r, decodePortStats) };
      case 'queue':
        return { type, stats: decodeAll(r, decodeQueueStats) };
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
