/**
 * Instructions (OF1.3.5 7.2.4 "Instruction Structures"): one byte string per instruction type,
 * written out by hand from the spec's struct layouts, decoded and re-encoded; the length rules;
 * opaque instructions.
 */
import { OFPIT } from '../../../src/ofp/constants';
import {
  OFP_INSTRUCTION_ACTIONS_SIZE,
  OFP_INSTRUCTION_SIZE,
  OFP_INSTRUCTION_WRITE_METADATA_SIZE,
  decodeInstruction,
  decodeInstructions,
  encodeInstructions,
} from '../../../src/ofp/instructions';
import { Reader } from '../../../src/ofp/reader';
import { Writer } from '../../../src/ofp/writer';
import type { Instruction } from '../../../src/ofp/types';
import { hex, decodeError, encodeError } from '../../support/codec';


const encodeList = (list: readonly Instruction[]): Buffer => {
  const w = new Writer(16);
  encodeInstructions(w, list);
  return w.finish();
};

const OUTPUT_2 = '0000 0010 00000002 ffff 000000000000'; // ofp_action_output port 2, max_len NO_BUFFER

//                type  len   body
const CASES: [string, string, Instruction][] = [
  // ofp_instruction_goto_table: table_id u8 | pad[3]
  ['goto_table', '0001 0008 05 000000', { type: 'goto_table', tableId: 5 }],
  // ofp_instruction_write_metadata: pad[4] | metadata u64 | metadata_mask u64
  [
    'write_metadata',
    '0002 0018 00000000 0123456789abcdef ffffffff00000000',
    { type: 'write_metadata', metadata: 0x0123456789abcdefn, metadataMask: 0xffffffff00000000n },
  ],
  // ofp_instruction_actions: pad[4] | actions…
  ['write_actions', `0003 0018 00000000 ${OUTPUT_2}`, { type: 'write_actions', actions: [{ type: 'output', port: 2, maxLen: 0xffff }] }],
  [
    'apply_actions',
    `0004 0020 00000000 0012 0008 00000000 ${OUTPUT_2}`,
    { type: 'apply_actions', actions: [{ type: 'pop_vlan' }, { type: 'output', port: 2, maxLen: 0xffff }] },
  ],
  ['apply_actions, empty', '0004 0008 00000000', { type: 'apply_actions', actions: [] }],
  ['write_actions, empty', '0003 0008 00000000', { type: 'write_actions', actions: [] }],
  // ofp_instruction_actions (clear): pad[4], no actions
  ['clear_actions', '0005 0008 00000000', { type: 'clear_actions' }],
  // ofp_instruction_meter: meter_id u32
  ['meter', '0006 0008 00000001', { type: 'meter', meterId: 1 }],
  // ofp_instruction_experimenter: experimenter u32 | data…
  ['experimenter', 'ffff 0010 00002320 0102030405060708', { type: 'experimenter', experimenter: 0x2320, data: hex('0102030405060708') }],
  ['experimenter without data', 'ffff 0008 00002320', { type: 'experimenter', experimenter: 0x2320, data: hex('') }],
  // a type the codec does not know: everything after type and len
  ['unknown type 7', '0007 0010 00000000 aabbccdd eeff0011', { type: 'unknown', code: 7, body: hex('00000000aabbccddeeff0011') }],
  ['unknown type 0', '0000 0008 00000000', { type: 'unknown', code: 0, body: hex('00000000') }],
];

describe('one hand-written byte string per instruction type', () => {
  it.each(CASES)('%s', (_name, bytes, inst) => {
    const b = hex(bytes);
    const r = new Reader(b);
    expect(decodeInstruction(r)).toEqual(inst);
    expect(r.remaining).toBe(0);
    expect(encodeList([inst])).toEqual(b);
  });

  it('covers every OFPIT code', () => {
    const covered = new Set(CASES.map(([, bytes]) => hex(bytes).readUInt16BE(0)));
    for (const code of Object.values(OFPIT)) expect(covered).toContain(code);
  });

  it('the whole list decodes in order and re-encodes byte-exact', () => {
    const all = Buffer.concat(CASES.map(([, bytes]) => hex(bytes)));
    const list = decodeInstructions(new Reader(all));
    expect(list).toEqual(CASES.map(([, , i]) => i));
    expect(encodeList(list)).toEqual(all);
  });

  it('an empty list is zero bytes', () => {
    expect(decodeInstructions(new Reader(Buffer.alloc(0)))).toEqual([]);
    expect(encodeList([])).toHaveLength(0);
  });
});

describe('size constants (the analogue of `assert calcsize`)', () => {
  it.each<[string, number, number, Instruction]>([
    ['OFP_INSTRUCTION_SIZE (goto_table)', OFP_INSTRUCTION_SIZE, 8, { type: 'goto_table', tableId: 1 }],
    ['OFP_INSTRUCTION_SIZE (meter)', OFP_INSTRUCTION_SIZE, 8, { type: 'meter', meterId: 1 }],
    ['OFP_INSTRUCTION_SIZE (clear_actions)', OFP_INSTRUCTION_SIZE, 8, { type: 'clear_actions' }],
    ['OFP_INSTRUCTION_WRITE_METADATA_SIZE', OFP_INSTRUCTION_WRITE_METADATA_SIZE, 24, { type: 'write_metadata', metadata: 0n, metadataMask: 0n }],
    ['OFP_INSTRUCTION_ACTIONS_SIZE (write)', OFP_INSTRUCTION_ACTIONS_SIZE, 8, { type: 'write_actions', actions: [] }],
    ['OFP_INSTRUCTION_ACTIONS_SIZE (apply)', OFP_INSTRUCTION_ACTIONS_SIZE, 8, { type: 'apply_actions', actions: [] }],
  ])('%s', (_name, constant, spec, empty) => {
    expect(constant).toBe(spec);
    expect(encodeList([empty])).toHaveLength(constant);
  });
});

describe('instruction length errors', () => {
  const PREFIX = '0005 0008 00000000'; // a valid clear_actions first, so offsets are absolute, not 0
  it.each<[string, string, 'BAD_LENGTH' | 'TRUNCATED', number]>([
    ['len 0', '0001 0000 00000000', 'BAD_LENGTH', 10],
    ['len 4', '0005 0004', 'BAD_LENGTH', 10],
    ['len 12 (not a multiple of 8)', '0006 000c 00000001 00000000', 'BAD_LENGTH', 10],
    ['len 12 on an unknown type', '0009 000c 00000001 00000000', 'BAD_LENGTH', 10],
    ['len 16 with 8 bytes left', '0004 0010 00000000', 'BAD_LENGTH', 10],
    ['len 0xfff8 overrunning the list', 'ffff fff8 00002320', 'BAD_LENGTH', 10],
    ['header cut after the type', '0001 00', 'TRUNCATED', 10],
    ['goto_table with len 16', '0001 0010 01000000 0000000000000000', 'BAD_LENGTH', 10],
    ['meter with len 16', '0006 0010 00000001 0000000000000000', 'BAD_LENGTH', 10],
    ['clear_actions with len 16', '0005 0010 00000000 0000000000000000', 'BAD_LENGTH', 10],
    ['write_metadata with len 16', '0002 0010 00000000 0000000000000001', 'BAD_LENGTH', 10],
    ['write_metadata with len 32', '0002 0020 00000000 0000000000000001 0000000000000001 0000000000000000', 'BAD_LENGTH', 10],
    // Errors inside the action list carry their absolute offset too.
    ['an action of len 0 inside apply_actions', '0004 0010 00000000 0000 0000 00000000', 'BAD_LENGTH', 18],
    ['an action overrunning its instruction', '0004 0010 00000000 0000 0010 00000001 ffff 000000000000', 'BAD_LENGTH', 18],
  ])('%s (%s) → %s at %d', (_name, bytes, code, offset) => {
    const e = decodeError(() => decodeInstructions(new Reader(Buffer.concat([hex(PREFIX), hex(bytes)]))));
    expect(e).toMatchObject({ code, offset });
  });
});

describe('instruction encoder errors', () => {
  it('experimenter data that leaves len unaligned is BAD_VALUE', () => {
    expect(encodeError(() => encodeList([{ type: 'experimenter', experimenter: 1, data: hex('01') }])).code).toBe('BAD_VALUE');
  });

  it('an unknown body that leaves len unaligned is BAD_VALUE', () => {
    expect(encodeError(() => encodeList([{ type: 'unknown', code: 9, body: hex('') }])).code).toBe('BAD_VALUE');
  });

  it('out-of-range fields are OUT_OF_RANGE', () => {
    expect(encodeError(() => encodeList([{ type: 'goto_table', tableId: 256 }])).code).toBe('OUT_OF_RANGE');
    expect(encodeError(() => encodeList([{ type: 'write_metadata', metadata: -1n, metadataMask: 0n }])).code).toBe('OUT_OF_RANGE');
  });

  it('an action list too long for the u16 len is TOO_LONG', () => {
    const actions = Array.from({ length: 4096 }, () => ({ type: 'output', port: 1, maxLen: 0 }) as const);
    expect(encodeError(() => encodeList([{ type: 'apply_actions', actions }])).code).toBe('TOO_LONG');
  });
});
