/**
 * Action lists (OF1.3.5 7.2.5). Every action starts with
 *   ofp_action_header: type (2) | len (2)   — len includes the header and the padding to 8.
 * OF1.3.5 7.2.5 "Action Structures": an action's length is always a multiple of 8, so a len
 * below 8 or not a multiple of 8 is BAD_LENGTH (this also rules out loops on len = 0).
 */
import { OfpDecodeError, OfpEncodeError, assertNever } from './errors';
import { OFPAT, OFPAT_NAME } from './constants';
import { decodeOxm, encodeOxm } from './oxm';
import type { Reader } from './reader';
import type { Writer } from './writer';
import type { Action } from './types';

/** ofp_action_output: header, port (4), max_len (2), pad (6). */
export const OFP_ACTION_OUTPUT_SIZE = 16;
/** Every other fixed action (ttl, push/pop, set_queue, group): header + 4 bytes. */
export const OFP_ACTION_SIZE = 8;

function expectLen(at: number, len: number, want: number, name: string): void {
  if (len !== want) throw new OfpDecodeError('BAD_LENGTH', at + 2, `${name} action len ${len}, expected ${want}`);
}

/** Pure (advances r). Decodes one action. */
export function decodeAction(r: Reader): Action {
  const at = r.pos;
  const type = r.u16();
  const len = r.u16();
  if (len < 8 || (len & 7) !== 0) throw new OfpDecodeError('BAD_LENGTH', at + 2, `action len ${len}`);
  const b = r.tlv(len - 4, at + 2, 'action');
  switch (type) {
    case OFPAT.output: {
      expectLen(at, len, OFP_ACTION_OUTPUT_SIZE, 'output');
      const port = b.u32();
      const maxLen = b.u16();
      return { type: 'output', port, maxLen };
    }
    case OFPAT.copy_ttl_out:
      expectLen(at, len, 8, 'copy_ttl_out');
      return { type: 'copy_ttl_out' };
    case OFPAT.copy_ttl_in:
      expectLen(at, len, 8, 'copy_ttl_in');
      return { type: 'copy_ttl_in' };
    case OFPAT.set_mpls_ttl:
      expectLen(at, len, 8, 'set_mpls_ttl');
      return { type: 'set_mpls_ttl', ttl: b.u8() };
    case OFPAT.dec_mpls_ttl:
      expectLen(at, len, 8, 'dec_mpls_ttl');
      return { type: 'dec_mpls_ttl' };
    case OFPAT.push_vlan:
      expectLen(at, len, 8, 'push_vlan');
      return { type: 'push_vlan', ethertype: b.u16() };
    case OFPAT.pop_vlan:
      expectLen(at, len, 8, 'pop_vlan');
      return { type: 'pop_vlan' };
    case OFPAT.push_mpls:
      expectLen(at, len, 8, 'push_mpls');
      return { type: 'push_mpls', ethertype: b.u16() };
    case OFPAT.pop_mpls:
      expectLen(at, len, 8, 'pop_mpls');
      return { type: 'pop_mpls', ethertype: b.u16() };
    case OFPAT.set_queue:
      expectLen(at, len, 8, 'set_queue');
      return { type: 'set_queue', queueId: b.u32() };
    case OFPAT.group:
      expectLen(at, len, 8, 'group');
      return { type: 'group', groupId: b.u32() };
    case OFPAT.set_nw_ttl:
      expectLen(at, len, 8, 'set_nw_ttl');
      return { type: 'set_nw_ttl', ttl: b.u8() };
    case OFPAT.dec_nw_ttl:
      expectLen(at, len, 8, 'dec_nw_ttl');
      return { type: 'dec_nw_ttl' };
    case OFPAT.set_field:
      // OF1.3.5 7.2.5 "Set-Field": one OXM TLV, then zero padding to a multiple of 8.
      return { type: 'set_field', field: decodeOxm(b) };
    case OFPAT.push_pbb:
      expectLen(at, len, 8, 'push_pbb');
      return { type: 'push_pbb', ethertype: b.u16() };
    case OFPAT.pop_pbb:
      expectLen(at, len, 8, 'pop_pbb');
      return { type: 'pop_pbb' };
    case OFPAT.experimenter:
      return { type: 'experimenter', experimenter: b.u32(), data: b.rest() };
    default:
      return { type: 'unknown', code: type, body: b.rest() };
  }
}

/** Pure (consumes all of r). Decodes an action list. */
export function decodeActions(r: Reader): Action[] {
  const out: Action[] = [];
  while (r.remaining > 0) out.push(decodeAction(r));
  return out;
}

function fixed(w: Writer, type: number): void {
  w.u16(type);
  w.u16(OFP_ACTION_SIZE);
}

/** Encodes one action. */
export function encodeAction(w: Writer, a: Action): void {
  switch (a.type) {
    case 'output':
      w.u16(OFPAT.output);
      w.u16(OFP_ACTION_OUTPUT_SIZE);
      w.u32(a.port);
      w.u16(a.maxLen);
      w.zeros(6); // pad to 64 bits
      return;
    case 'copy_ttl_out':
    case 'copy_ttl_in':
    case 'dec_mpls_ttl':
    case 'pop_vlan':
    case 'dec_nw_ttl':
    case 'pop_pbb':
      fixed(w, OFPAT[a.type]);
      w.zeros(4); // ofp_action_generic pad
      return;
    case 'set_mpls_ttl':
    case 'set_nw_ttl':
      fixed(w, OFPAT[a.type]);
      w.u8(a.ttl);
      w.zeros(3);
      return;
    case 'push_vlan':
    case 'push_mpls':
    case 'pop_mpls':
    case 'push_pbb':
      fixed(w, OFPAT[a.type]);
      w.u16(a.ethertype);
      w.zeros(2);
      return;
    case 'set_queue':
      fixed(w, OFPAT.set_queue);
      w.u32(a.queueId);
      return;
    case 'group':
      fixed(w, OFPAT.group);
      w.u32(a.groupId);
      return;
    case 'set_field': {
      const start = w.pos;
      w.u16(OFPAT.set_field);
      const lenAt = w.reserveU16();
      encodeOxm(w, a.field);
      w.pad8(start); // OF1.3.5 7.2.5: set_field is padded to a multiple of 8
      w.patchU16(lenAt, w.pos - start);
      return;
    }
    case 'experimenter': {
      const len = 8 + a.data.length;
      if ((len & 7) !== 0) throw new OfpEncodeError('BAD_VALUE', `experimenter action data of ${a.data.length} bytes leaves len ${len} unaligned`);
      w.u16(OFPAT.experimenter);
      w.u16(len);
      w.u32(a.experimenter);
      w.bytes(a.data);
      return;
    }
    case 'unknown': {
      if (OFPAT_NAME.has(a.code)) throw new OfpEncodeError('BAD_VALUE', `unknown action with known type ${a.code}`);
      const len = 4 + a.body.length;
      if ((len & 7) !== 0) throw new OfpEncodeError('BAD_VALUE', `unknown action body of ${a.body.length} bytes leaves len ${len} unaligned`);
      w.u16(a.code);
      w.u16(len);
      w.bytes(a.body);
      return;
    }
    default:
      return assertNever(a);
  }
}

/** Encodes an action list. */
export function encodeActions(w: Writer, actions: readonly Action[]): void {
  for (let i = 0; i < actions.length; i++) encodeAction(w, actions[i] as Action);
}
