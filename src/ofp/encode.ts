/**
 * Message encoders (OF1.3.5 7.3-7.5): one case per message type, dispatched by an exhaustive
 * switch. Each layout comment gives the fixed part after the 8-byte ofp_header.
 */
import { OfpEncodeError, assertNever } from './errors';
import {
  OFPCR_ROLE,
  OFPFC,
  OFPGC,
  OFPHET,
  OFPMC,
  OFPPR,
  OFPR,
  OFPRR,
  OFPT,
  OFPT_NAME,
  OFP_HEADER_SIZE,
  OFP_VERSION,
} from './constants';
import { encodeActions } from './actions';
import { encodeInstructions } from './instructions';
import { encodeMatch } from './oxm';
import { encodeBuckets, encodeMeterBands, encodePort, encodeQueues, groupTypeCode } from './structs';
import { encodeMultipartReplyBody, encodeMultipartRequestBody, multipartCode } from './multipart';
import { Writer } from './writer';
import type { AsyncConfig, HelloElem, OfpMessage } from './types';

/** features_reply: header, datapath_id (8), n_buffers (4), n_tables, auxiliary_id, pad (2), capabilities, reserved. */
export const OFP_SWITCH_FEATURES_SIZE = 32;
/** flow_mod: header + 40 bytes of fixed fields + an empty 8-byte ofp_match. */
export const OFP_FLOW_MOD_SIZE = 56;
/** packet_in: header + 16 bytes + empty match (8) + 2 bytes pad. */
export const OFP_PACKET_IN_SIZE = 34;
/** flow_removed: header + 40 bytes + empty match (8). */
export const OFP_FLOW_REMOVED_SIZE = 56;
/** port_status: header, reason, pad (7), ofp_port (64). */
export const OFP_PORT_STATUS_SIZE = 80;
/** packet_out: header, buffer_id, in_port, actions_len, pad (6). */
export const OFP_PACKET_OUT_SIZE = 24;
/** group_mod: header, command (2), type, pad, group_id. */
export const OFP_GROUP_MOD_SIZE = 16;
/** port_mod: header, port_no, pad4, hw_addr, pad2, config, mask, advertise, pad4. */
export const OFP_PORT_MOD_SIZE = 40;
/** table_mod: header, table_id, pad3, config. */
export const OFP_TABLE_MOD_SIZE = 16;
/** multipart request/reply: header, type (2), flags (2), pad (4). */
export const OFP_MULTIPART_HEADER_SIZE = 16;
/** queue_get_config_request: header, port, pad4; the reply has the same fixed part. */
export const OFP_QUEUE_GET_CONFIG_SIZE = 16;
/** role_request/reply: header, role, pad4, generation_id. */
export const OFP_ROLE_REQUEST_SIZE = 24;
/** async config: header + three pairs of u32 masks. */
export const OFP_ASYNC_CONFIG_SIZE = 32;
/** meter_mod: header, command (2), flags (2), meter_id. */
export const OFP_METER_MOD_SIZE = 16;
/** switch_config: header, flags (2), miss_send_len (2). */
export const OFP_SWITCH_CONFIG_SIZE = 12;
/** error: header, type (2), code (2), then data. */
export const OFP_ERROR_MSG_SIZE = 12;
/** experimenter: header, experimenter (4), exp_type (4), then data. */
export const OFP_EXPERIMENTER_HEADER_SIZE = 16;

// One writer reused by every call: encodeMessage is synchronous and not re-entrant, and finish()
// copies the bytes out, so the caller owns its Buffer.
const w = new Writer(4096);

function typeCode(msg: OfpMessage): number {
  if (msg.type !== 'unknown') return OFPT[msg.type];
  // An opaque message must not claim a type this codec knows: it would decode as that type.
  if (OFPT_NAME.has(msg.code)) throw new OfpEncodeError('BAD_VALUE', `unknown message with known type ${msg.code}`);
  return msg.code;
}

function encodeHelloElems(elems: readonly HelloElem[]): void {
  for (const e of elems) {
    const start = w.pos;
    switch (e.type) {
      case 'versionbitmap':
        w.u16(OFPHET.versionbitmap);
        w.u16(4 + 4 * e.bitmaps.length);
        for (const b of e.bitmaps) w.u32(b);
        break;
      case 'unknown':
        if (e.code === OFPHET.versionbitmap) throw new OfpEncodeError('BAD_VALUE', 'unknown hello element with the versionbitmap type');
        w.u16(e.code);
        w.u16(4 + e.body.length);
        w.bytes(e.body);
        break;
      default:
        assertNever(e);
    }
    w.pad8(start); // OF1.3.5 7.5.1: each hello element is padded to 64 bits, its length excludes the pad
  }
}

function encodeAsync(m: AsyncConfig): void {
  w.u32(m.packetInMask[0]);
  w.u32(m.packetInMask[1]);
  w.u32(m.portStatusMask[0]);
  w.u32(m.portStatusMask[1]);
  w.u32(m.flowRemovedMask[0]);
  w.u32(m.flowRemovedMask[1]);
}

function encodeBody(msg: OfpMessage): void {
  switch (msg.type) {
    case 'hello':
      return encodeHelloElems(msg.elements);
    case 'error':
      w.u16(msg.errType);
      w.u16(msg.code);
      return w.bytes(msg.data);
    case 'echo_request':
    case 'echo_reply':
      return w.bytes(msg.data);
    case 'experimenter':
      w.u32(msg.experimenter);
      w.u32(msg.expType);
      return w.bytes(msg.data);
    case 'features_request':
    case 'get_config_request':
    case 'barrier_request':
    case 'barrier_reply':
    case 'get_async_request':
      return;
    case 'features_reply':
      w.dpid(msg.datapathId);
      w.u32(msg.nBuffers);
      w.u8(msg.nTables);
      w.u8(msg.auxiliaryId);
      w.zeros(2);
      w.u32(msg.capabilities);
      return w.u32(msg.reserved);
    case 'get_config_reply':
    case 'set_config':
      w.u16(msg.flags);
      return w.u16(msg.missSendLen);
    case 'packet_in':
      w.u32(msg.bufferId);
      w.u16(msg.totalLen);
      w.u8(OFPR[msg.reason]);
      w.u8(msg.tableId);
      w.u64(msg.cookie);
      encodeMatch(w, msg.match);
      w.zeros(2); // OF1.3.5 7.4.1: 2 bytes of padding align the Ethernet payload's IP header
      return w.bytes(msg.data);
    case 'flow_removed':
      w.u64(msg.cookie);
      w.u16(msg.priority);
      w.u8(OFPRR[msg.reason]);
      w.u8(msg.tableId);
      w.u32(msg.durationSec);
      w.u32(msg.durationNsec);
      w.u16(msg.idleTimeout);
      w.u16(msg.hardTimeout);
      w.u64(msg.packetCount);
      w.u64(msg.byteCount);
      return encodeMatch(w, msg.match);
    case 'port_status':
      w.u8(OFPPR[msg.reason]);
      w.zeros(7);
      return encodePort(w, msg.desc);
    case 'packet_out': {
      w.u32(msg.bufferId);
      w.u32(msg.inPort);
      const lenAt = w.reserveU16();
      w.zeros(6);
      const start = w.pos;
      encodeActions(w, msg.actions);
      w.patchU16(lenAt, w.pos - start);
      return w.bytes(msg.data);
    }
    case 'flow_mod':
      w.u64(msg.cookie);
      w.u64(msg.cookieMask);
      w.u8(msg.tableId);
      w.u8(OFPFC[msg.command]);
      w.u16(msg.idleTimeout);
      w.u16(msg.hardTimeout);
      w.u16(msg.priority);
      w.u32(msg.bufferId);
      w.u32(msg.outPort);
      w.u32(msg.outGroup);
      w.u16(msg.flags);
      w.zeros(2);
      encodeMatch(w, msg.match);
      return encodeInstructions(w, msg.instructions);
    case 'group_mod':
      w.u16(OFPGC[msg.command]);
      w.u8(groupTypeCode(msg.groupType));
      w.zeros(1);
      w.u32(msg.groupId);
      return encodeBuckets(w, msg.buckets);
    case 'port_mod':
      w.u32(msg.portNo);
      w.zeros(4);
      w.mac(msg.hwAddr);
      w.zeros(2);
      w.u32(msg.config);
      w.u32(msg.mask);
      w.u32(msg.advertise);
      return w.zeros(4);
    case 'table_mod':
      w.u8(msg.tableId);
      w.zeros(3);
      return w.u32(msg.config);
    case 'multipart_request':
      w.u16(multipartCode(msg.body));
      w.u16(msg.flags);
      w.zeros(4);
      return encodeMultipartRequestBody(w, msg.body);
    case 'multipart_reply':
      w.u16(multipartCode(msg.body));
      w.u16(msg.flags);
      w.zeros(4);
      return encodeMultipartReplyBody(w, msg.body);
    case 'queue_get_config_request':
      w.u32(msg.port);
      return w.zeros(4);
    case 'queue_get_config_reply':
      w.u32(msg.port);
      w.zeros(4);
      return encodeQueues(w, msg.queues);
    case 'role_request':
    case 'role_reply':
      w.u32(OFPCR_ROLE[msg.role]);
      w.zeros(4);
      return w.u64(msg.generationId);
    case 'get_async_reply':
    case 'set_async':
      return encodeAsync(msg);
    case 'meter_mod':
      w.u16(OFPMC[msg.command]);
      w.u16(msg.flags);
      w.u32(msg.meterId);
      return encodeMeterBands(w, msg.bands);
    case 'unknown':
      return w.bytes(msg.body);
    default:
      return assertNever(msg);
  }
}

/**
 * Encodes a message with the given transaction id into a new Buffer. Throws OfpEncodeError when
 * a field does not fit, an enum is unknown, or the message exceeds 65535 bytes.
 */
export function encodeMessage(msg: OfpMessage, xid: number): Buffer {
  w.reset();
  const version = msg.type === 'hello' || msg.type === 'error' ? msg.version : OFP_VERSION;
  w.u8(version);
  const code = typeCode(msg);
  if (code === undefined) throw new OfpEncodeError('BAD_VALUE', `unknown message type ${String((msg as { type: unknown }).type)}`);
  w.u8(code);
  const lenAt = w.reserveU16();
  w.u32(xid);
  encodeBody(msg);
  w.patchU16(lenAt, w.pos); // ofp_header.length counts the whole message, header included
  return w.finish();
}

export { OFP_HEADER_SIZE };
