/**
 * Instruction lists (OF1.3.5 7.2.4). Every instruction starts with
 *   ofp_instruction: type (2) | len (2)   — len includes the header; instructions are 64-bit aligned,
 * so a len below 8 or not a multiple of 8 is BAD_LENGTH.
 */
import { OfpDecodeError, OfpEncodeError, assertNever } from './errors';
import { OFPIT, OFPIT_NAME } from './constants';
import { decodeActions, encodeActions } from './actions';
import type { Reader } from './reader';
import type { Writer } from './writer';
import type { Instruction } from './types';

/** goto_table (table_id, pad3), meter (meter_id), clear_actions (pad4): 8 bytes. */
export const OFP_INSTRUCTION_SIZE = 8;
/** write_metadata: header, pad (4), metadata (8), metadata_mask (8). */
export const OFP_INSTRUCTION_WRITE_METADATA_SIZE = 24;
/** write/apply_actions: header, pad (4), then the actions. */
export const OFP_INSTRUCTION_ACTIONS_SIZE = 8;

function expectLen(at: number, len: number, want: number, name: string): void {
  if (len !== want) throw new OfpDecodeError('BAD_LENGTH', at + 2, `${name} instruction len ${len}, expected ${want}`);
}

/** Pure (advances r). Decodes one instruction. */
export function decodeInstruction(r: Reader): Instruction {
  const at = r.pos;
  const type = r.u16();
  const len = r.u16();
  if (len < 8 || (len & 7) !== 0) throw new OfpDecodeError('BAD_LENGTH', at + 2, `instruction len ${len}`);
  const b = r.tlv(len - 4, at + 2, 'instruction');
  switch (type) {
    case OFPIT.goto_table:
      expectLen(at, len, OFP_INSTRUCTION_SIZE, 'goto_table');
      return { type: 'goto_table', tableId: b.u8() };
    case OFPIT.write_metadata: {
      expectLen(at, len, OFP_INSTRUCTION_WRITE_METADATA_SIZE, 'write_metadata');
      b.skip(4);
      const metadata = b.u64();
      return { type: 'write_metadata', metadata, metadataMask: b.u64() };
    }
    case OFPIT.write_actions:
    case OFPIT.apply_actions: {
      b.skip(4);
      const actions = decodeActions(b);
      return type === OFPIT.write_actions ? { type: 'write_actions', actions } : { type: 'apply_actions', actions };
    }
    case OFPIT.clear_actions:
      expectLen(at, len, OFP_INSTRUCTION_SIZE, 'clear_actions');
      return { type: 'clear_actions' };
    case OFPIT.meter:
      expectLen(at, len, OFP_INSTRUCTION_SIZE, 'meter');
      return { type: 'meter', meterId: b.u32() };
    case OFPIT.experimenter:
      return { type: 'experimenter', experimenter: b.u32(), data: b.rest() };
    default:
      return { type: 'unknown', code: type, body: b.rest() };
  }
}

/** Pure (consumes all of r). Decodes an instruction list. */
export function decodeInstructions(r: Reader): Instruction[] {
  const out: Instruction[] = [];
  while (r.remaining > 0) out.push(decodeInstruction(r));
  return out;
}

/** Encodes one instruction. */
export function encodeInstruction(w: Writer, i: Instruction): void {
  switch (i.type) {
    case 'goto_table':
      w.u16(OFPIT.goto_table);
      w.u16(OFP_INSTRUCTION_SIZE);
      w.u8(i.tableId);
      w.zeros(3);
      return;
    case 'write_metadata':
      w.u16(OFPIT.write_metadata);
      w.u16(OFP_INSTRUCTION_WRITE_METADATA_SIZE);
      w.zeros(4);
      w.u64(i.metadata);
      w.u64(i.metadataMask);
      return;
    case 'write_actions':
    case 'apply_actions': {
      const start = w.pos;
      w.u16(OFPIT[i.type]);
      const lenAt = w.reserveU16();
      w.zeros(4);
      encodeActions(w, i.actions);
      w.patchU16(lenAt, w.pos - start);
      return;
    }
    case 'clear_actions':
      w.u16(OFPIT.clear_actions);
      w.u16(OFP_INSTRUCTION_SIZE);
      w.zeros(4);
      return;
    case 'meter':
      w.u16(OFPIT.meter);
      w.u16(OFP_INSTRUCTION_SIZE);
      w.u32(i.meterId);
      return;
    case 'experimenter': {
      const len = 8 + i.data.length;
      if ((len & 7) !== 0) throw new OfpEncodeError('BAD_VALUE', `experimenter instruction len ${len} unaligned`);
      w.u16(OFPIT.experimenter);
      w.u16(len);
      w.u32(i.experimenter);
      w.bytes(i.data);
      return;
    }
    case 'unknown': {
      if (OFPIT_NAME.has(i.code)) throw new OfpEncodeError('BAD_VALUE', `unknown instruction with known type ${i.code}`);
      const len = 4 + i.body.length;
      if ((len & 7) !== 0) throw new OfpEncodeError('BAD_VALUE', `unknown instruction len ${len} unaligned`);
      w.u16(i.code);
      w.u16(len);
      w.bytes(i.body);
      return;
    }
    default:
      return assertNever(i);
  }
}

/** Encodes an instruction list. */
export function encodeInstructions(w: Writer, list: readonly Instruction[]): void {
  for (let k = 0; k < list.length; k++) encodeInstruction(w, list[k] as Instruction);
}
