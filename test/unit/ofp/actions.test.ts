/**
 * Actions (OF1.3.5 7.2.5 "Action Structures"): one byte string per action type, written out by hand
 * from the spec's struct layouts, decoded and re-encoded; the length rules; opaque actions.
 */
import { OFP_ACTION_OUTPUT_SIZE, OFP_ACTION_SIZE, decodeAction, decodeActions, encodeAction, encodeActions } from '../../../src/ofp/actions';
import { OFPAT } from '../../../src/ofp/constants';
import { Reader } from '../../../src/ofp/reader';
import { Writer } from '../../../src/ofp/writer';
import type { Action } from '../../../src/ofp/types';
import { hex, decodeError, encodeError } from '../../support/codec';


const encodeList = (list: readonly Action[]): Buffer => {
  const w = new Writer(16);
  encodeActions(w, list);
  return w.finish();
};

//                type  len   body
const CASES: [string, string, Action][] = [
  // ofp_action_output: port u32 | max_len u16 | pad[6]
  ['output', '0000 0010 fffffffd ffe5 000000000000', { type: 'output', port: 0xfffffffd, maxLen: 0xffe5 }],
  // ofp_action_generic: pad[4]
  ['copy_ttl_out', '000b 0008 00000000', { type: 'copy_ttl_out' }],
  ['copy_ttl_in', '000c 0008 00000000', { type: 'copy_ttl_in' }],
  // ofp_action_mpls_ttl: mpls_ttl u8 | pad[3]
  ['set_mpls_ttl', '000f 0008 40 000000', { type: 'set_mpls_ttl', ttl: 64 }],
  ['dec_mpls_ttl', '0010 0008 00000000', { type: 'dec_mpls_ttl' }],
  // ofp_action_push: ethertype u16 | pad[2]
  ['push_vlan', '0011 0008 88a8 0000', { type: 'push_vlan', ethertype: 0x88a8 }],
  ['pop_vlan', '0012 0008 00000000', { type: 'pop_vlan' }],
  ['push_mpls', '0013 0008 8847 0000', { type: 'push_mpls', ethertype: 0x8847 }],
  // ofp_action_pop_mpls: ethertype u16 | pad[2]
  ['pop_mpls', '0014 0008 0800 0000', { type: 'pop_mpls', ethertype: 0x0800 }],
  // ofp_action_set_queue: queue_id u32
  ['set_queue', '0015 0008 00000007', { type: 'set_queue', queueId: 7 }],
  // ofp_action_group: group_id u32
  ['group', '0016 0008 fffffffc', { type: 'group', groupId: 0xfffffffc }],
  // ofp_action_nw_ttl: nw_ttl u8 | pad[3]
  ['set_nw_ttl', '0017 0008 ff 000000', { type: 'set_nw_ttl', ttl: 255 }],
  ['dec_nw_ttl', '0018 0008 00000000', { type: 'dec_nw_ttl' }],
  // ofp_action_set_field: one OXM TLV, zero-padded to a multiple of 8
  ['set_field vlan_vid', '0019 0010 80000c02 1064 000000000000', { type: 'set_field', field: { field: 'vlan_vid', value: 0x1064 } }],
  ['set_field eth_dst', '0019 0010 80000606 020000000001 0000', { type: 'set_field', field: { field: 'eth_dst', value: '02:00:00:00:00:01' } }],
  [
    'set_field metadata (no padding)',
    '0019 0010 80000408 0000000000000009',
    { type: 'set_field', field: { field: 'metadata', value: 9n } },
  ],
  [
    'set_field opaque OXM',
    '0019 0010 00010004 0000002a 00000000',
    { type: 'set_field', field: { field: 'opaque', oxmClass: 1, oxmField: 0, hasMask: false, body: hex('0000002a') } },
  ],
  ['push_pbb', '001a 0008 88e7 0000', { type: 'push_pbb', ethertype: 0x88e7 }],
  ['pop_pbb', '001b 0008 00000000', { type: 'pop_pbb' }],
  // ofp_action_experimenter_header: experimenter u32 | data (to a multiple of 8)
  ['experimenter', 'ffff 0010 00002320 0013 000000000000', { type: 'experimenter', experimenter: 0x2320, data: hex('0013000000000000') }],
  ['experimenter without data', 'ffff 0008 00002320', { type: 'experimenter', experimenter: 0x2320, data: hex('') }],
  // an action type the codec does not know: everything after type and len
  ['unknown type 0x1234', '1234 0010 0102030405060708 090a0b0c', { type: 'unknown', code: 0x1234, body: hex('0102030405060708090a0b0c') }],
  ['unknown type 1 (OF1.0 set_vlan_vid)', '0001 0008 0064 0000', { type: 'unknown', code: 1, body: hex('00640000') }],
];

describe('one hand-written byte string per action type', () => {
  it.each(CASES)('%s', (_name, bytes, action) => {
    const b = hex(bytes);
    const r = new Reader(b);
    expect(decodeAction(r)).toEqual(action);
    expect(r.remaining).toBe(0);
    expect(encodeList([action])).toEqual(b);
  });

  it('covers every OFPAT code', () => {
    const covered = new Set(CASES.map(([, bytes]) => hex(bytes).readUInt16BE(0)));
    for (const code of Object.values(OFPAT)) expect(covered).toContain(code);
  });

  it('the whole list decodes in order and re-encodes byte-exact', () => {
    const all = Buffer.concat(CASES.map(([, bytes]) => hex(bytes)));
    const list = decodeActions(new Reader(all));
    expect(list).toEqual(CASES.map(([, , a]) => a));
    expect(encodeList(list)).toEqual(all);
  });

  it('an empty list is zero bytes', () => {
    expect(decodeActions(new Reader(Buffer.alloc(0)))).toEqual([]);
    expect(encodeList([])).toHaveLength(0);
  });

  it('set_field skips whatever padding the sender used', () => {
    const b = hex('0019 0018 80000c02 1064 ffffffffffff 0000000000000000');
    expect(decodeActions(new Reader(b))).toEqual([{ type: 'set_field', field: { field: 'vlan_vid', value: 0x1064 } }]);
  });
});

describe('size constants (the analogue of `assert calcsize`)', () => {
  it('OFP_ACTION_OUTPUT_SIZE is the encoded ofp_action_output', () => {
    expect(OFP_ACTION_OUTPUT_SIZE).toBe(16);
    expect(encodeList([{ type: 'output', port: 1, maxLen: 0 }])).toHaveLength(OFP_ACTION_OUTPUT_SIZE);
  });

  it('OFP_ACTION_SIZE is every fixed 8-byte action', () => {
    expect(OFP_ACTION_SIZE).toBe(8);
    for (const [, , a] of CASES) {
      if (a.type === 'output' || a.type === 'set_field' || a.type === 'experimenter' || a.type === 'unknown') continue;
      expect(encodeList([a])).toHaveLength(OFP_ACTION_SIZE);
    }
  });
});

describe('action length errors', () => {
  const PREFIX = '0012 0008 00000000'; // a valid pop_vlan first, so offsets are absolute, not 0
  it.each<[string, string, 'BAD_LENGTH' | 'TRUNCATED', number]>([
    ['len 0', '0000 0000 00000000', 'BAD_LENGTH', 10],
    ['len 4', '000b 0004', 'BAD_LENGTH', 10],
    ['len 7', '000b 0007 000000', 'BAD_LENGTH', 10],
    ['len 12 (not a multiple of 8)', '0016 000c 00000001 00000000', 'BAD_LENGTH', 10],
    ['len 12 on an unknown type', '1234 000c 00000001 00000000', 'BAD_LENGTH', 10],
    ['len 16 with 8 bytes left', '000b 0010 00000000', 'BAD_LENGTH', 10],
    ['len 0xfff8 overrunning the list', 'ffff fff8 00002320', 'BAD_LENGTH', 10],
    ['header cut after the type', '000b 00', 'TRUNCATED', 10],
    ['header of 1 byte', '00', 'TRUNCATED', 8],
    ['output with len 8', '0000 0008 00000001', 'BAD_LENGTH', 10],
    ['output with len 24', '0000 0018 00000001 ffff 000000000000 0000000000000000', 'BAD_LENGTH', 10],
    ['push_vlan with len 16', '0011 0010 8100 0000 0000000000000000', 'BAD_LENGTH', 10],
    ['group with len 16', '0016 0010 00000001 0000000000000000', 'BAD_LENGTH', 10],
    ['set_field whose OXM has the wrong size (at oxm_length)', '0019 0010 80000003 000001 0000000000', 'BAD_LENGTH', 15],
    ['set_field whose OXM overruns the action (at oxm_length)', '0019 0010 80000c10 1064 000000000000', 'BAD_LENGTH', 15],
    ['set_field of len 8: an OXM header with no room for its payload', '0019 0008 80000c02', 'BAD_LENGTH', 15],
  ])('%s (%s) → %s at %d', (_name, bytes, code, offset) => {
    const e = decodeError(() => decodeActions(new Reader(Buffer.concat([hex(PREFIX), hex(bytes)]))));
    expect(e).toMatchObject({ code, offset });
  });

  it('a list reader stops an action from reading its neighbour: the overrun is the len field\'s fault', () => {
    // The first 8 bytes are the list; the output action claims 16 and must not see the 8 after them.
    const b = hex('0000 0010 00000001 ffff 000000000000');
    expect(decodeError(() => decodeActions(new Reader(b, 0, 8)))).toMatchObject({ code: 'BAD_LENGTH', offset: 2 });
  });
});

describe('action encoder errors', () => {
  it('experimenter data that leaves len unaligned is BAD_VALUE', () => {
    const a: Action = { type: 'experimenter', experimenter: 1, data: hex('010203') };
    expect(encodeError(() => encodeList([a])).code).toBe('BAD_VALUE');
  });

  it('an unknown body that leaves len unaligned is BAD_VALUE', () => {
    const a: Action = { type: 'unknown', code: 0x1234, body: hex('01') };
    expect(encodeError(() => encodeList([a])).code).toBe('BAD_VALUE');
  });

  it('out-of-range fields are OUT_OF_RANGE', () => {
    expect(encodeError(() => encodeList([{ type: 'output', port: 2 ** 32, maxLen: 0 }])).code).toBe('OUT_OF_RANGE');
    expect(encodeError(() => encodeList([{ type: 'set_nw_ttl', ttl: 256 }])).code).toBe('OUT_OF_RANGE');
    expect(encodeError(() => encodeList([{ type: 'push_vlan', ethertype: -1 }])).code).toBe('OUT_OF_RANGE');
    expect(encodeError(() => encodeList([{ type: 'unknown', code: 0x10000, body: hex('00000000') }])).code).toBe('OUT_OF_RANGE');
  });

  it('encodeAction writes one action at the writer position', () => {
    const w = new Writer(4);
    w.u32(0xaabbccdd);
    encodeAction(w, { type: 'group', groupId: 2 });
    expect(w.finish()).toEqual(hex('aabbccdd 0016 0008 00000002'));
  });
});
