/**
 * Codecs for the OF1.3.5 structures shared by several messages: ports, group buckets and group
 * descriptions, meter bands and meter configurations, and queues (7.2 "Common Structures",
 * 7.3.4 "Modify State Messages", 7.3.5 "Multipart Messages"), plus the small record helpers the
 * multipart and table-features codecs use. Table features live in
 * ./table-features.ts, multipart bodies in ./multipart.ts.
 *
 * Decoders read from a Reader (advancing it) and throw only OfpDecodeError; list decoders consume
 * all of the reader they are given. Encoders append to a Writer and throw only OfpEncodeError.
 */
import { decodeActions, encodeActions } from './actions';
import { OFPGT, OFPGT_NAME, OFPMBT, OFPMBT_NAME, OFPQT } from './constants';
import { OfpDecodeError, OfpEncodeError, assertNever, enumName } from './errors';
import type { Reader } from './reader';
import type { Bucket, GroupDesc, GroupType, MeterBand, MeterConfig, PacketQueue, Port, QueueProp } from './types';
import type { Writer } from './writer';

// ---------------------------------------------------------------------------------------------
// Record helpers

/** Pure. Throws TRAILING_BYTES unless `r` has been consumed completely. */
export function expectEnd(r: Reader, what?: string): void {
  if (r.remaining !== 0) throw new OfpDecodeError('TRAILING_BYTES', r.pos, what);
}

/**
 * Pure (advances r). Takes the next length-prefixed record off `r` and returns a child
 * reader over the whole record (its header included). `at` is the offset of the record's u16
 * length field, `min` its fixed header size. A header cut short is TRUNCATED; a length shorter
 * than `min` or running past the end of `r` is BAD_LENGTH, so a list of records always makes
 * progress and never reads outside its container.
 */
export function takeRecord(r: Reader, at: number, min: number, what: string): Reader {
  r.need(at + 2, what);
  const lenAt = r.pos + at;
  const len = r.buf.readUInt16BE(lenAt);
  if (len < min) throw new OfpDecodeError('BAD_LENGTH', lenAt, `${what} length ${len} < ${min}`);
  if (len > r.remaining) throw new OfpDecodeError('BAD_LENGTH', lenAt, `${what} length ${len} overruns its container`);
  return r.sub(len, what);
}

/** Appends to `w`; otherwise pure. Writes each value as a u16, in order. */
export function u16s(w: Writer, ...vs: readonly number[]): void {
  for (const v of vs) w.u16(v);
}

/** Appends to `w`; otherwise pure. Writes each value as a u32, in order. */
export function u32s(w: Writer, ...vs: readonly number[]): void {
  for (const v of vs) w.u32(v);
}

/** Appends to `w`; otherwise pure. Writes each value as a u64, in order. */
export function u64s(w: Writer, ...vs: readonly bigint[]): void {
  for (const v of vs) w.u64(v);
}

// ---------------------------------------------------------------------------------------------
// Group type (7.3.4.3 "Group Mod Message", enum ofp_group_type)

/** Pure. Wire code of a group type. */
export function groupTypeCode(t: GroupType): number {
  return OFPGT[t];
}

/** Pure. Group type of a wire code; BAD_VALUE (at `offset`) for a code the spec does not define. */
export function decodeGroupType(code: number, offset: number): GroupType {
  return enumName(OFPGT_NAME, code, offset, 'group type');
}

// ---------------------------------------------------------------------------------------------
// Port (7.2.1 "Port Structures")

/**
 * ofp_port, 64 bytes:
 *   port_no u32 | pad[4] | hw_addr[6] | pad[2] | name[16] (NUL padded) |
 *   config u32 | state u32 | curr u32 | advertised u32 | supported u32 | peer u32 |
 *   curr_speed u32 | max_speed u32
 */
export const OFP_PORT_SIZE = 64;
/** 7.2.1 OFP_MAX_PORT_NAME_LEN. */
export const OFP_MAX_PORT_NAME_LEN = 16;

/** Appends to `w`; otherwise pure. Writes one ofp_port. */
export function encodePort(w: Writer, p: Port): void {
  w.u32(p.portNo);
  w.zeros(4);
  w.mac(p.hwAddr);
  w.zeros(2);
  w.fixedString(p.name, OFP_MAX_PORT_NAME_LEN);
  u32s(w, p.config, p.state, p.curr, p.advertised, p.supported, p.peer, p.currSpeed, p.maxSpeed);
}

/** Pure (advances r). Reads one ofp_port (64 bytes). */
export function decodePort(r: Reader): Port {
  r.need(OFP_PORT_SIZE, 'ofp_port');
  const portNo = r.u32();
  r.skip(4);
  const hwAddr = r.mac();
  r.skip(2);
  const name = r.fixedString(OFP_MAX_PORT_NAME_LEN);
  return {
    portNo,
    hwAddr,
    name,
    config: r.u32(),
    state: r.u32(),
    curr: r.u32(),
    advertised: r.u32(),
    supported: r.u32(),
    peer: r.u32(),
    currSpeed: r.u32(),
    maxSpeed: r.u32(),
  };
}

// ---------------------------------------------------------------------------------------------
// Buckets (7.3.4.3 "Group Mod Message", struct ofp_bucket)

/**
 * ofp_bucket, 16-byte header then actions; len covers the header and the actions:
 *   len u16 | weight u16 | watch_port u32 | watch_group u32 | pad[4] | actions…
 */
export const OFP_BUCKET_SIZE = 16;

/** Appends to `w`; otherwise pure. Writes a list of ofp_bucket. */
export function encodeBuckets(w: Writer, buckets: readonly Bucket[]): void {
  for (const b of buckets) {
    const start = w.pos;
    const len = w.reserveU16();
    w.u16(b.weight);
    w.u32(b.watchPort);
    w.u32(b.watchGroup);
    w.zeros(4);
    encodeActions(w, b.actions);
    w.patchU16(len, w.pos - start);
  }
}

/** Pure (advances r). Reads ofp_bucket records until `r` is exhausted. */
export function decodeBuckets(r: Reader): Bucket[] {
  const out: Bucket[] = [];
  while (r.remaining > 0) {
    const b = takeRecord(r, 0, OFP_BUCKET_SIZE, 'ofp_bucket');
    b.skip(2);
    const weight = b.u16();
    const watchPort = b.u32();
    const watchGroup = b.u32();
    b.skip(4);
    out.push({ weight, watchPort, watchGroup, actions: decodeActions(b) });
  }
  return out;
}

/** 7.3.5.10 "Group Description" ofp_group_desc, 8 bytes then buckets: length u16 | type u8 | pad | group_id u32 | buckets… */
export const OFP_GROUP_DESC_SIZE = 8;

/** Appends to `w`; otherwise pure. Writes one ofp_group_desc with its buckets. */
export function encodeGroupDesc(w: Writer, g: GroupDesc): void {
  const start = w.pos;
  const len = w.reserveU16();
  w.u8(groupTypeCode(g.groupType));
  w.zeros(1);
  w.u32(g.groupId);
  encodeBuckets(w, g.buckets);
  w.patchU16(len, w.pos - start);
}

/** Pure (advances r). Reads one ofp_group_desc, bounded by its length field. */
export function decodeGroupDesc(r: Reader): GroupDesc {
  const e = takeRecord(r, 0, OFP_GROUP_DESC_SIZE, 'ofp_group_desc');
  e.skip(2);
  const typeAt = e.pos;
  const groupType = decodeGroupType(e.u8(), typeAt);
  e.skip(1);
  const groupId = e.u32();
  return { groupType, groupId, buckets: decodeBuckets(e) };
}

// ---------------------------------------------------------------------------------------------
// Meter bands (7.3.4.5 "Meter Mod Message")

/**
 * ofp_meter_band_header, 12 bytes: type u16 | len u16 | rate u32 | burst_size u32.
 * drop:         header | pad[4]                        = 16 bytes
 * dscp_remark:  header | prec_level u8 | pad[3]        = 16 bytes
 * experimenter: header | experimenter u32 | data…      ≥ 16 bytes
 * A band type the spec does not define keeps everything after the header as `body`.
 */
export const OFP_METER_BAND_HEADER_SIZE = 12;
export const OFP_METER_BAND_DROP_SIZE = 16;
export const OFP_METER_BAND_DSCP_REMARK_SIZE = 16;
export const OFP_METER_BAND_EXPERIMENTER_SIZE = 16;

/** Appends to `w`; otherwise pure. Writes a list of meter bands. */
export function encodeMeterBands(w: Writer, bands: readonly MeterBand[]): void {
  for (const b of bands) {
    const start = w.pos;
    w.u16(b.type === 'unknown' ? b.code : OFPMBT[b.type]);
    const len = w.reserveU16();
    w.u32(b.rate);
    w.u32(b.burstSize);
    switch (b.type) {
      case 'drop':
        w.zeros(4);
        break;
      case 'dscp_remark':
        w.u8(b.precLevel);
        w.zeros(3);
        break;
      case 'experimenter':
        w.u32(b.experimenter);
        w.bytes(b.data);
        break;
      case 'unknown':
        w.bytes(b.body);
        break;
      default:
        return assertNever(b);
    }
    w.patchU16(len, w.pos - start);
  }
}

/** Pure (advances r). Reads meter bands until `r` is exhausted. */
export function decodeMeterBands(r: Reader): MeterBand[] {
  const out: MeterBand[] = [];
  while (r.remaining > 0) {
    const lenAt = r.pos + 2;
    const b = takeRecord(r, 2, OFP_METER_BAND_HEADER_SIZE, 'meter band');
    const code = b.u16();
    const len = b.u16();
    const rate = b.u32();
    const burstSize = b.u32();
    const type = OFPMBT_NAME.get(code);
    const fixed = (size: number): void => {
      if (len !== size) throw new OfpDecodeError('BAD_LENGTH', lenAt, `meter band ${String(type)} length ${len} != ${size}`);
    };
    switch (type) {
      case 'drop':
        fixed(OFP_METER_BAND_DROP_SIZE);
        out.push({ type, rate, burstSize });
        break;
      case 'dscp_remark':
        fixed(OFP_METER_BAND_DSCP_REMARK_SIZE);
        out.push({ type, rate, burstSize, precLevel: b.u8() });
        break;
      case 'experimenter':
        if (len < OFP_METER_BAND_EXPERIMENTER_SIZE) throw new OfpDecodeError('BAD_LENGTH', lenAt, `experimenter band length ${len}`);
        out.push({ type, rate, burstSize, experimenter: b.u32(), data: b.rest() });
        break;
      case undefined:
        out.push({ type: 'unknown', code, rate, burstSize, body: b.rest() });
        break;
      default:
        return assertNever(type);
    }
  }
  return out;
}

/** 7.3.5.13 "Meter Configuration" ofp_meter_config, 8 bytes then bands: length u16 | flags u16 | meter_id u32 | bands… */
export const OFP_METER_CONFIG_SIZE = 8;

/** Appends to `w`; otherwise pure. Writes one ofp_meter_config with its bands. */
export function encodeMeterConfig(w: Writer, c: MeterConfig): void {
  const start = w.pos;
  const len = w.reserveU16();
  w.u16(c.flags);
  w.u32(c.meterId);
  encodeMeterBands(w, c.bands);
  w.patchU16(len, w.pos - start);
}

/** Pure (advances r). Reads one ofp_meter_config, bounded by its length field. */
export function decodeMeterConfig(r: Reader): MeterConfig {
  const e = takeRecord(r, 0, OFP_METER_CONFIG_SIZE, 'ofp_meter_config');
  e.skip(2);
  const flags = e.u16();
  const meterId = e.u32();
  return { flags, meterId, bands: decodeMeterBands(e) };
}

// ---------------------------------------------------------------------------------------------
// Queues (7.2.2 "Queue Structures")

/**
 * ofp_packet_queue, 16-byte header then properties; len covers both:
 *   queue_id u32 | port u32 | len u16 | pad[6] | properties…
 * ofp_queue_prop_header, 8 bytes: property u16 | len u16 | pad[4]
 *   min_rate / max_rate: header | rate u16 | pad[6]                 = 16 bytes
 *   experimenter:        header | experimenter u32 | pad[4] | data… ≥ 16 bytes
 * A property type the spec does not define keeps everything after property and len as `body`
 * (the header's pad included), like an unknown action.
 */
export const OFP_PACKET_QUEUE_SIZE = 16;
export const OFP_QUEUE_PROP_HEADER_SIZE = 8;
export const OFP_QUEUE_PROP_RATE_SIZE = 16;
export const OFP_QUEUE_PROP_EXPERIMENTER_SIZE = 16;

function encodeQueueProp(w: Writer, p: QueueProp): void {
  const start = w.pos;
  w.u16(p.type === 'unknown' ? p.code : OFPQT[p.type]);
  const len = w.reserveU16();
  switch (p.type) {
    case 'min_rate':
    case 'max_rate':
      w.zeros(4);
      w.u16(p.rate);
      w.zeros(6);
      break;
    case 'experimenter':
      w.zeros(4);
      w.u32(p.experimenter);
      w.zeros(4);
      w.bytes(p.data);
      break;
    case 'unknown':
      // The body starts with the header's pad; shorter would not be a valid property.
      if (p.body.length < OFP_QUEUE_PROP_HEADER_SIZE - 4) throw new OfpEncodeError('BAD_VALUE', 'unknown queue property body < 4 bytes');
      w.bytes(p.body);
      break;
    default:
      return assertNever(p);
  }
  w.patchU16(len, w.pos - start);
}

function decodeQueueProp(r: Reader): QueueProp {
  const lenAt = r.pos + 2;
  const p = takeRecord(r, 2, OFP_QUEUE_PROP_HEADER_SIZE, 'queue property');
  const code = p.u16();
  const len = p.u16();
  if (code === OFPQT.min_rate || code === OFPQT.max_rate) {
    if (len !== OFP_QUEUE_PROP_RATE_SIZE) throw new OfpDecodeError('BAD_LENGTH', lenAt, `rate property length ${len}`);
    p.skip(4);
    const rate = p.u16();
    return { type: code === OFPQT.min_rate ? 'min_rate' : 'max_rate', rate };
  }
  if (code === OFPQT.experimenter) {
    if (len < OFP_QUEUE_PROP_EXPERIMENTER_SIZE) throw new OfpDecodeError('BAD_LENGTH', lenAt, `experimenter property length ${len}`);
    p.skip(4);
    const experimenter = p.u32();
    p.skip(4);
    return { type: 'experimenter', experimenter, data: p.rest() };
  }
  return { type: 'unknown', code, body: p.rest() };
}

/** Appends to `w`; otherwise pure. Writes a list of ofp_packet_queue with their properties. */
export function encodeQueues(w: Writer, queues: readonly PacketQueue[]): void {
  for (const q of queues) {
    const start = w.pos;
    w.u32(q.queueId);
    w.u32(q.port);
    const len = w.reserveU16();
    w.zeros(6);
    for (const p of q.properties) encodeQueueProp(w, p);
    w.patchU16(len, w.pos - start);
  }
}

/** Pure (advances r). Reads ofp_packet_queue records until `r` is exhausted. */
export function decodeQueues(r: Reader): PacketQueue[] {
  const out: PacketQueue[] = [];
  while (r.remaining > 0) {
    const q = takeRecord(r, 8, OFP_PACKET_QUEUE_SIZE, 'ofp_packet_queue');
    const queueId = q.u32();
    const port = q.u32();
    q.skip(8);
    const properties: QueueProp[] = [];
    while (q.remaining > 0) properties.push(decodeQueueProp(q));
    out.push({ queueId, port, properties });
  }
  return out;
}
