"""Malformed messages for test/golden/ofp13/decodeErrors, written by hand from OF1.3.5 section 7.

Each case gives the OfpDecodeErrorCode and offset a careful decoder must report. The offset rules
(also in README.md):
  * BAD_LENGTH: the offset of the length field that is wrong (too small for its header, not a
    multiple of 8 where the spec pads, not the fixed size of its struct, or overrunning its container).
  * TRUNCATED: the offset of the first field that cannot be read in full. Cuts are placed on field
    boundaries, so this is also the offset at which the bytes run out.
  * BAD_VERSION: offset 0 (ofp_header.version). BAD_VALUE: the offset of the enumerated field.
  * TRAILING_BYTES: the offset of the first byte left over.
"""
import struct

ERROR_CASES = []


def f(hexstr, comment):
    b = bytes.fromhex(hexstr.replace(' ', ''))
    return (b, comment)


def case(name, summary, code, offset, why, fields):
    lines = [f'# {w}' for w in why]
    total = 0
    for b, comment in fields:
        hx = ' '.join(f'{x:02x}' for x in b)
        lines.append(f'{hx:<48}  # [{total}] {comment}')
        total += len(b)
    header = f'OF1.3.5 {summary} | source: hand-written | expect: {code} at offset {offset}'
    ERROR_CASES.append((name, header, lines, code, offset))


def hdr(msg_type, length, xid, version=4):
    return f(struct.pack('!BBHI', version, msg_type, length, xid).hex(),
             f'ofp_header: version={version}, type={msg_type}, length={length}, xid=0x{xid:x}')


def flow_mod_fixed(length, xid):
    """ofp_flow_mod fields before the match (bytes 0..47): add, table 0, no buffer, ANY port/group."""
    return [
        hdr(14, length, xid),
        f('0000000000000000', 'cookie=0x0'),
        f('0000000000000000', 'cookie_mask=0x0'),
        f('00', 'table_id=0'),
        f('00', 'command=OFPFC_ADD(0)'),
        f('0000', 'idle_timeout=0'),
        f('0000', 'hard_timeout=0'),
        f('8000', 'priority=32768'),
        f('ffffffff', 'buffer_id=OFP_NO_BUFFER'),
        f('ffffffff', 'out_port=OFPP_ANY'),
        f('ffffffff', 'out_group=OFPG_ANY'),
        f('0000', 'flags=0'),
        f('0000', 'pad[2]'),
    ]


IN_PORT_MATCH = [
    f('0001', 'match.type=OFPMT_OXM'),
    f('000c', 'match.length=12'),
    f('80000004', 'OXM header: OPENFLOW_BASIC, in_port(0), hasmask=0, length=4'),
    f('00000001', '  in_port=1'),
    f('00000000', 'pad[4]'),
]

# --- the ofp_header ------------------------------------------------------------------------------

case('truncated_header', 'ofp_header cut short (4 of 8 bytes)', 'TRUNCATED', 4,
     ['version, type and length are readable; the xid at offset 4 is missing.'],
     [f('04', 'version=4'), f('02', 'type=OFPT_ECHO_REQUEST(2)'), f('0008', 'length=8')])

case('header_length_lt_8', 'ofp_header.length < 8', 'BAD_LENGTH', 2,
     ['ofp_header.length=4 is shorter than the header itself (7.1 "OpenFlow Header").'],
     [hdr(2, 4, 0x1)])

case('header_length_gt_buffer', 'ofp_header.length > bytes available', 'TRUNCATED', 16,
     ['A FEATURES_REPLY claims 32 bytes; only 16 are given (header + datapath_id). The first field',
      'that cannot be read is n_buffers at offset 16, which is also where the bytes run out.'],
     [hdr(6, 32, 0x2), f('0000000000000001', 'datapath_id=00:00:00:00:00:00:00:01')])

case('bad_version_non_hello', 'version 5 on a FEATURES_REQUEST', 'BAD_VERSION', 0,
     ['Only HELLO and ERROR may carry another version (negotiation, 6.3.1); anything else must be 0x04.'],
     [hdr(5, 8, 0x3, version=5)])

case('trailing_bytes_barrier', 'BARRIER_REQUEST with a body', 'TRAILING_BYTES', 8,
     ['BARRIER_REQUEST is header-only (7.3.8); ofp_header.length=12 leaves 4 bytes after the message.'],
     [hdr(20, 12, 0x4), f('deadbeef', 'extra bytes')])

case('bad_value_flow_mod_command', 'ofp_flow_mod.command = 9', 'BAD_VALUE', 25,
     ['enum ofp_flow_mod_command stops at OFPFC_DELETE_STRICT(4) (7.3.4.2); 9 is at offset 25.'],
     flow_mod_fixed(64, 0x5)[:4] + [f('09', 'command=9 (undefined)')] + flow_mod_fixed(64, 0x5)[5:] + IN_PORT_MATCH)

case('bad_value_role', 'ofp_role_request.role = 7', 'BAD_VALUE', 8,
     ['enum ofp_controller_role stops at OFPCR_ROLE_SLAVE(3) (7.3.9).'],
     [hdr(24, 24, 0x6), f('00000007', 'role=7 (undefined)'), f('00000000', 'pad[4]'),
      f('0000000000000001', 'generation_id=1')])

# --- match / OXM (7.2.3) -------------------------------------------------------------------------

case('match_length_lt_4', 'ofp_match.length < 4', 'BAD_LENGTH', 50,
     ['match.length=2 is shorter than the 4-byte ofp_match header (type, length).'],
     flow_mod_fixed(56, 0x7) + [f('0001', 'match.type=OFPMT_OXM'), f('0002', 'match.length=2 (< 4)'),
                                f('00000000', 'pad[4]')])

case('oxm_length_zero', 'OXM in_port with oxm_length 0', 'BAD_LENGTH', 55,
     ['in_port is a 4-byte field (7.2.3.7 Table 12): oxm_length must be 4 without mask. A decoder that',
      'trusted length 0 would read the next TLV as the value; the length byte is at offset 55.'],
     flow_mod_fixed(64, 0x8) + [f('0001', 'match.type=OFPMT_OXM'), f('000c', 'match.length=12'),
                                f('80000000', 'OXM header: OPENFLOW_BASIC, in_port(0), hasmask=0, length=0'),
                                f('00000001', '  (would-be value)'), f('00000000', 'pad[4]')])

case('oxm_overruns_match', 'NXM OXM whose length overruns ofp_match.length', 'BAD_LENGTH', 55,
     ['An NXM_1 reg0 TLV (opaque to the decoder) claims 32 payload bytes; match.length=12 leaves 4.'],
     flow_mod_fixed(64, 0x9) + [f('0001', 'match.type=OFPMT_OXM'), f('000c', 'match.length=12'),
                                f('00010020', 'OXM header: NXM_1(0x0001), field 0 (reg0), hasmask=0, length=32'),
                                f('00000005', '  value'), f('00000000', 'pad[4]')])

# --- instructions (7.2.4) and actions (7.2.5) ----------------------------------------------------

case('instruction_len_lt_4', 'instruction with len 2', 'BAD_LENGTH', 66,
     ['An instruction len of 2 is shorter than the 4-byte type/len header; the len is at offset 66.'],
     flow_mod_fixed(72, 0xa) + IN_PORT_MATCH + [f('0004', 'instruction type=OFPIT_APPLY_ACTIONS(4)'),
                                                f('0002', 'len=2 (< 4)'), f('00000000', 'pad[4]')])

case('instruction_len_lt_header', 'apply_actions instruction with len 4', 'BAD_LENGTH', 66,
     ['ofp_instruction_actions has an 8-byte header (type, len, pad[4]); len=4 is shorter than it.'],
     flow_mod_fixed(72, 0xb) + IN_PORT_MATCH + [f('0004', 'instruction type=OFPIT_APPLY_ACTIONS(4)'),
                                                f('0004', 'len=4 (< 8)'), f('00000000', 'pad[4]')])

case('action_len_zero', 'action with len 0 (must not loop)', 'BAD_LENGTH', 74,
     ['The action at offset 72 has len=0: shorter than its 4-byte header. A decoder that advanced by',
      'len would loop forever here.'],
     flow_mod_fixed(88, 0xc) + IN_PORT_MATCH + [f('0004', 'instruction type=OFPIT_APPLY_ACTIONS(4)'),
                                                f('0018', 'len=24'), f('00000000', 'pad[4]'),
                                                f('0000', 'action type=OFPAT_OUTPUT(0)'), f('0000', 'len=0'),
                                                f('00000002', 'port=2'), f('ffe5', 'max_len'),
                                                f('000000000000', 'pad[6]')])

case('action_len_not_multiple_of_8', 'output action with len 12', 'BAD_LENGTH', 74,
     ['Actions are multiples of 8 bytes (7.2.5) and ofp_action_output is 16; len=12 is neither.',
      'The instruction itself (len 24) is well formed.'],
     flow_mod_fixed(88, 0xd) + IN_PORT_MATCH + [f('0004', 'instruction type=OFPIT_APPLY_ACTIONS(4)'),
                                                f('0018', 'len=24'), f('00000000', 'pad[4]'),
                                                f('0000', 'action type=OFPAT_OUTPUT(0)'), f('000c', 'len=12'),
                                                f('00000002', 'port=2'), f('ffe5', 'max_len'),
                                                f('000000000000', 'pad[6]')])

case('packet_out_actions_len_overrun', 'ofp_packet_out.actions_len past the message', 'BAD_LENGTH', 16,
     ['actions_len=64 but only 16 bytes follow the packet_out header.'],
     [hdr(13, 40, 0xe), f('ffffffff', 'buffer_id=OFP_NO_BUFFER'), f('fffffffd', 'in_port=OFPP_CONTROLLER'),
      f('0040', 'actions_len=64 (only 16 bytes follow)'), f('000000000000', 'pad[6]'),
      f('0000', 'action type=OFPAT_OUTPUT(0)'), f('0010', 'len=16'), f('00000001', 'port=1'), f('ffff', 'max_len'),
      f('000000000000', 'pad[6]')])

# --- other TLVs ----------------------------------------------------------------------------------

case('hello_elem_len_lt_4', 'hello element with length 2', 'BAD_LENGTH', 10,
     ['ofp_hello_elem_header is 4 bytes; length=2 cannot hold it (7.5.1).'],
     [hdr(0, 16, 0xf), f('0001', 'type=OFPHET_VERSIONBITMAP(1)'), f('0002', 'length=2 (< 4)'),
      f('00000010', '(would-be bitmap)')])

case('bucket_len_zero', 'group_mod bucket with len 0', 'BAD_LENGTH', 16,
     ['ofp_bucket is at least 16 bytes (7.3.4.2); len=0 would never advance.'],
     [hdr(15, 32, 0x10), f('0000', 'command=OFPGC_ADD'), f('00', 'type=OFPGT_ALL'), f('00', 'pad'),
      f('00000001', 'group_id=1'), f('0000', 'bucket.len=0'), f('0000', 'weight=0'),
      f('ffffffff', 'watch_port=ANY'), f('ffffffff', 'watch_group=ANY'), f('00000000', 'pad[4]')])

case('meter_band_len_short', 'meter_mod band with len 4', 'BAD_LENGTH', 18,
     ['Meter bands are at least 16 bytes (ofp_meter_band_drop, 7.3.4.4); len=4 is too short.'],
     [hdr(29, 32, 0x11), f('0000', 'command=OFPMC_ADD'), f('0001', 'flags=OFPMF_KBPS'), f('00000001', 'meter_id=1'),
      f('0001', 'band type=OFPMBT_DROP(1)'), f('0004', 'len=4 (< 16)'), f('000003e8', 'rate=1000'),
      f('00000000', 'burst_size=0'), f('00000000', 'pad[4]')])

case('queue_len_short', 'queue_get_config_reply queue with len 8', 'BAD_LENGTH', 24,
     ['ofp_packet_queue has a 16-byte header (7.2.2); len=8 is shorter.'],
     [hdr(23, 32, 0x12), f('00000001', 'port=1'), f('00000000', 'pad[4]'), f('00000001', 'queue_id=1'),
      f('00000001', 'port=1'), f('0008', 'len=8 (< 16)'), f('000000000000', 'pad[6]')])

case('port_status_cut_short', 'ofp_port_status without its ofp_port', 'TRUNCATED', 16,
     ['A PORT_STATUS of 16 bytes: reason and padding, then the 64-byte ofp_port (7.4.3) is missing.',
      'Nothing of the port can be read: port_no at offset 16 is where the bytes run out.'],
     [hdr(12, 16, 0x13), f('00', 'reason=OFPPR_ADD'), f('00000000000000', 'pad[7]')])

# --- multipart (7.3.5) ---------------------------------------------------------------------------

case('mp_flow_stats_len_zero', 'flow stats entry with length 0', 'BAD_LENGTH', 16,
     ['ofp_flow_stats is at least 56 bytes; length=0 would never advance.'],
     [hdr(19, 72, 0x14), f('0001', 'multipart type=OFPMP_FLOW'), f('0000', 'flags=0'), f('00000000', 'pad[4]'),
      f('0000', 'flow_stats.length=0'), f('00', 'table_id=0'), f('00', 'pad'), f('00000000', 'duration_sec'),
      f('00000000', 'duration_nsec'), f('0000', 'priority'), f('0000', 'idle_timeout'), f('0000', 'hard_timeout'),
      f('0000', 'flags'), f('00000000', 'pad[4]'), f('0000000000000000', 'cookie'),
      f('0000000000000000', 'packet_count'), f('0000000000000000', 'byte_count'), f('00010004', 'match (empty)'),
      f('00000000', 'pad[4]')])


def _table_features_bad_prop():
    fields = [hdr(19, 88, 0x15), f('000c', 'multipart type=OFPMP_TABLE_FEATURES'), f('0000', 'flags=0'),
              f('00000000', 'pad[4]'), f('0048', 'table_features.length=72'), f('00', 'table_id=0'),
              f('0000000000', 'pad[5]'), f(b't0'.hex() + '00' * 30, 'name="t0"'),
              f('ffffffffffffffff', 'metadata_match'), f('ffffffffffffffff', 'metadata_write'),
              f('00000000', 'config'), f('00000400', 'max_entries=1024'),
              f('0000', 'property type=OFPTFPT_INSTRUCTIONS(0)'), f('0002', 'length=2 (< 4)'),
              f('00000000', 'pad[4]')]
    return fields


case('table_feature_prop_len_lt_4', 'table feature property with length 2', 'BAD_LENGTH', 82,
     ['ofp_table_feature_prop_header is 4 bytes; length=2 is shorter. The property starts at 80.'],
     _table_features_bad_prop())
