/**
 * Message decoders (OF1.3.5 7.3-7.5): one case per message type, dispatched by an exhaustive
 * switch on ofp_header.type. Total: any input yields a Frame or an OfpDecodeError.
 */
import { OfpDecodeError, enumName } from './errors';
import {
  OFPCR_ROLE_NAME,
  OFPFC_NAME,
  OFPGC_NAME,
  OFPHET,
  OFPMC_NAME,
  OFPPR_NAME,
  OFPRR_NAME,
  OFPR_NAME,
  OFPT,
  OFP_HEADER_SIZE,
  OFP_VERSION,
} from './constants';
import { decodeActions } from './actions';
import { decodeInstructions } from './instructions';
import { decodeMatch } from './oxm';
import { Reader } from './reader';
import { decodeBuckets, decodeGroupType, decodeMeterBands, decodePort, decodeQueues } from './structs';
import { decodeMultipartReplyBody, decodeMultipartRequestBody } from './multipart';
import type { AsyncConfig, Frame, HelloElem, OfpMessage } from './types';

function decodeHelloElems(r: Reader): HelloElem[] {
  const out: HelloElem[] = [];
  while (r.remaining > 0) {
    const at = r.pos;
    const type = r.u16();
    const len = r.u16();
    if (len < 4) throw new OfpDecodeError('BAD_LENGTH', at + 2, `hello element length ${len}`);
    const b = r.tlv(len - 4, at + 2, 'hello element');
    if (type === OFPHET.versionbitmap) {
      if ((len & 3) !== 0) throw new OfpDecodeError('BAD_LENGTH', at + 2, `versionbitmap length ${len}`);
      const bitmaps: number[] = [];
      while (b.remaining > 0) bitmaps.push(b.u32());
      out.push({ type: 'versionbitmap', bitmaps });
    } else {
      out.push({ type: 'unknown', code: type, body: b.rest() });
    }
    // OF1.3.5 7.5.1: elements are padded to 64 bits; the last may end the message unpadded.
    r.skip(Math.min(((len + 7) & ~7) - len, r.remaining));
  }
  return out;
}

function decodeAsync(r: Reader): AsyncConfig {
  return {
    packetInMask: [r.u32(), r.u32()],
    portStatusMask: [r.u32(), r.u32()],
    flowRemovedMask: [r.u32(), r.u32()],
  };
}

function decodeBody(type: number, version: number, r: Reader): OfpMessage {
  switch (type) {
    case OFPT.hello:
      return { type: 'hello', version, elements: decodeHelloElems(r) };
    case OFPT.error: {
      const errType = r.u16();
      const code = r.u16();
      return { type: 'error', version, errType, code, data: r.rest() };
    }
    case OFPT.echo_request:
      return { type: 'echo_request', data: r.rest() };
    case OFPT.echo_reply:
      return { type: 'echo_reply', data: r.rest() };
    case OFPT.experimenter: {
      const experimenter = r.u32();
      const expType = r.u32();
      return { type: 'experimenter', experimenter, expType, data: r.rest() };
    }
    case OFPT.features_request:
      return { type: 'features_request' };
    case OFPT.features_reply: {
      const datapathId = r.dpid();
      const nBuffers = r.u32();
      const nTables = r.u8();
      const auxiliaryId = r.u8();
      r.skip(2);
      const capabilities = r.u32();
      return { type: 'features_reply', datapathId, nBuffers, nTables, auxiliaryId, capabilities, reserved: r.u32() };
    }
    case OFPT.get_config_request:
      return { type: 'get_config_request' };
    case OFPT.get_config_reply:
    case OFPT.set_config: {
      const flags = r.u16();
      const missSendLen = r.u16();
      return { type: type === OFPT.set_config ? 'set_config' : 'get_config_reply', flags, missSendLen };
    }
    case OFPT.packet_in: {
      const bufferId = r.u32();
      const totalLen = r.u16();
      const reason = enumName(OFPR_NAME, r.u8(), r.pos - 1, 'packet_in reason');
      const tableId = r.u8();
      const cookie = r.u64();
      const match = decodeMatch(r);
      r.skip(2); // OF1.3.5 7.4.1: pad before the frame
      return { type: 'packet_in', bufferId, totalLen, reason, tableId, cookie, match, data: r.rest() };
    }
    case OFPT.flow_removed: {
      const cookie = r.u64();
      const priority = r.u16();
      const reason = enumName(OFPRR_NAME, r.u8(), r.pos - 1, 'flow_removed reason');
      const tableId = r.u8();
      const durationSec = r.u32();
      const durationNsec = r.u32();
      const idleTimeout = r.u16();
      const hardTimeout = r.u16();
      const packetCount = r.u64();
      const byteCount = r.u64();
      const match = decodeMatch(r);
      return {
        type: 'flow_removed', cookie, priority, reason, tableId, durationSec, durationNsec,
        idleTimeout, hardTimeout, packetCount, byteCount, match,
      };
    }
    case OFPT.port_status: {
      const reason = enumName(OFPPR_NAME, r.u8(), r.pos - 1, 'port_status reason');
      r.skip(7);
      return { type: 'port_status', reason, desc: decodePort(r) };
    }
    case OFPT.packet_out: {
      const bufferId = r.u32();
      const inPort = r.u32();
      const lenAt = r.pos;
      const actionsLen = r.u16();
      r.skip(6);
      const actions = decodeActions(r.tlv(actionsLen, lenAt, 'packet_out actions_len'));
      return { type: 'packet_out', bufferId, inPort, actions, data: r.rest() };
    }
    case OFPT.flow_mod: {
      const cookie = r.u64();
      const cookieMask = r.u64();
      const tableId = r.u8();
      const command = enumName(OFPFC_NAME, r.u8(), r.pos - 1, 'flow_mod command');
      const idleTimeout = r.u16();
      const hardTimeout = r.u16();
      const priority = r.u16();
      const bufferId = r.u32();
      const outPort = r.u32();
      const outGroup = r.u32();
      const flags = r.u16();
      r.skip(2);
      const match = decodeMatch(r);
      return {
        type: 'flow_mod', cookie, cookieMask, tableId, command, idleTimeout, hardTimeout, priority,
        bufferId, outPort, outGroup, flags, match, instructions: decodeInstructions(r),
      };
    }
    case OFPT.group_mod: {
      const command = enumName(OFPGC_NAME, r.u16(), r.pos - 2, 'group_mod command');
      const groupType = decodeGroupType(r.u8(), r.pos - 1);
      r.skip(1);
      const groupId = r.u32();
      return { type: 'group_mod', command, groupType, groupId, buckets: decodeBuckets(r) };
    }
    case OFPT.port_mod: {
      const portNo = r.u32();
      r.skip(4);
      const hwAddr = r.mac();
      r.skip(2);
      const config = r.u32();
      const mask = r.u32();
      const advertise = r.u32();
      r.skip(4);
      return { type: 'port_mod', portNo, hwAddr, config, mask, advertise };
    }
    case OFPT.table_mod: {
      const tableId = r.u8();
      r.skip(3);
      return { type: 'table_mod', tableId, config: r.u32() };
    }
    case OFPT.multipart_request: {
      const mpType = r.u16();
      const flags = r.u16();
      r.skip(4);
      return { type: 'multipart_request', flags, body: decodeMultipartRequestBody(r, mpType) };
    }
    case OFPT.multipart_reply: {
      const mpType = r.u16();
      const flags = r.u16();
      r.skip(4);
      return { type: 'multipart_reply', flags, body: decodeMultipartReplyBody(r, mpType) };
    }
    case OFPT.barrier_request:
      return { type: 'barrier_request' };
    case OFPT.barrier_reply:
      return { type: 'barrier_reply' };
    case OFPT.queue_get_config_request: {
      const port = r.u32();
      r.skip(4);
      return { type: 'queue_get_config_request', port };
    }
    case OFPT.queue_get_config_reply: {
      const port = r.u32();
      r.skip(4);
      return { type: 'queue_get_config_reply', port, queues: decodeQueues(r) };
    }
    case OFPT.role_request:
    case OFPT.role_reply: {
      const role = enumName(OFPCR_ROLE_NAME, r.u32(), r.pos - 4, 'controller role');
      r.skip(4);
      const generationId = r.u64();
      return { type: type === OFPT.role_request ? 'role_request' : 'role_reply', role, generationId };
    }
    case OFPT.get_async_request:
      return { type: 'get_async_request' };
    case OFPT.get_async_reply:
      return { type: 'get_async_reply', ...decodeAsync(r) };
    case OFPT.set_async:
      return { type: 'set_async', ...decodeAsync(r) };
    case OFPT.meter_mod: {
      const command = enumName(OFPMC_NAME, r.u16(), r.pos - 2, 'meter_mod command');
      const flags = r.u16();
      const meterId = r.u32();
      return { type: 'meter_mod', command, flags, meterId, bands: decodeMeterBands(r) };
    }
    default:
      return { type: 'unknown', code: type, body: r.rest() };
  }
}

/**
 * Pure. Decodes exactly one message: `frame` must hold one whole message (as the Framer yields).
 * Throws only OfpDecodeError; never reads outside `frame`.
 */
export function decodeMessage(frame: Buffer): Frame {
  if (frame.length < OFP_HEADER_SIZE) throw new OfpDecodeError('TRUNCATED', frame.length, 'ofp_header');
  const version = frame[0] as number;
  const type = frame[1] as number;
  const length = frame.readUInt16BE(2);
  const xid = frame.readUInt32BE(4);
  if (length < OFP_HEADER_SIZE) throw new OfpDecodeError('BAD_LENGTH', 2, `ofp_header.length ${length}`);
  if (length > frame.length) throw new OfpDecodeError('TRUNCATED', frame.length, `ofp_header.length ${length}`);
  if (length < frame.length) throw new OfpDecodeError('TRAILING_BYTES', length, 'bytes after the message');
  // OF1.3.5 7.5.1 "Hello": HELLO and ERROR keep their layout across versions, so that version
  // negotiation can read (and answer) a peer of another version. Anything else must be 1.3.
  if (version !== OFP_VERSION && type !== OFPT.hello && type !== OFPT.error) {
    throw new OfpDecodeError('BAD_VERSION', 0, `version ${version}`);
  }
  const r = new Reader(frame, OFP_HEADER_SIZE, length);
  const msg = decodeBody(type, version, r);
  if (r.remaining !== 0) throw new OfpDecodeError('TRAILING_BYTES', r.pos, `after ${msg.type}`);
  return { xid, msg };
}
