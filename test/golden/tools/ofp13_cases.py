"""The golden vectors for the symmetric, asynchronous and controller-command messages of OF1.3.5.

Each case is (name, struct, source, build) where build() returns the message bytes. See
ofp13_cases_mp.py for the multipart messages.
"""
import struct

from os_ken.ofproto import ofproto_v1_3 as ofp, ofproto_v1_3_parser as p

from ofp13_build import (DP, actions_bytes, frame, icmp_frame, instructions_bytes, lldp_frame, match_bytes, osk,
                         port_args)

CASES = []
OSKEN = 'os-ken 2.5.0 {}.serialize'
PACKED = 'packed with os-ken 2.5.0 {} + os-ken serializers for its parts (os-ken has no serializer for it)'
HAND = 'hand-written from OF1.3.5 {}'


def case(name, struct_name, source):
    def reg(fn):
        CASES.append((name, struct_name, source, fn))
        return fn
    return reg


# --- symmetric messages (7.5) ---------------------------------------------------------------------

def _hello(xid, elems, version=4):
    return frame(ofp.OFPT_HELLO, elems, xid, version)


def _bitmap_elem(*bitmaps):
    body = b''.join(struct.pack('!I', b) for b in bitmaps)
    return struct.pack('!HH', ofp.OFPHET_VERSIONBITMAP, 4 + len(body)) + body


@case('hello_bare', 'ofp_hello', OSKEN.format('OFPHello'))
def _():
    return osk(p.OFPHello(DP), 0x11)


@case('hello_versionbitmap_13', 'ofp_hello + ofp_hello_elem_versionbitmap', HAND.format('7.5.1 "Hello"'))
def _():
    return _hello(0x12, _bitmap_elem(1 << 4))


@case('hello_versionbitmap_10_13', 'ofp_hello + ofp_hello_elem_versionbitmap', HAND.format('7.5.1 "Hello"'))
def _():
    return _hello(0x13, _bitmap_elem((1 << 1) | (1 << 4)))


@case('hello_of14_peer', 'ofp_hello (version 5) + versionbitmap', HAND.format('7.5.1 "Hello" / 6.3.1 negotiation'))
def _():
    return _hello(0x14, _bitmap_elem((1 << 4) | (1 << 5)), version=5)


@case('hello_unknown_elem', 'ofp_hello + unknown element + versionbitmap', HAND.format('7.5.1 "Hello"'))
def _():
    # An element type this spec does not define (7.5.1: ignore it). Its length is kept a multiple of 8:
    # os-ken 2.5.0's hello parser does not skip element padding and would loop on an unaligned one.
    unknown = struct.pack('!HH', 0x7777, 8) + b'\xde\xad\xbe\xef'
    return _hello(0x15, unknown + _bitmap_elem(1 << 4))


def _offending_flow_mod():
    return osk(p.OFPFlowMod(DP, cookie=0x1, table_id=0, priority=10, match=p.OFPMatch(in_port=1),
                            instructions=[p.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [p.OFPActionOutput(7)])]),
               0x99)


@case('error_bad_request_bad_multipart', 'ofp_error_msg (data = offending message)', OSKEN.format('OFPErrorMsg'))
def _():
    bad = osk(p.OFPPortDescStatsRequest(DP, 0), 0x77)
    return osk(p.OFPErrorMsg(DP, type_=ofp.OFPET_BAD_REQUEST, code=ofp.OFPBRC_BAD_MULTIPART, data=bad), 0x21)


@case('error_bad_match_prereq', 'ofp_error_msg (data = offending flow_mod)', OSKEN.format('OFPErrorMsg'))
def _():
    return osk(p.OFPErrorMsg(DP, type_=ofp.OFPET_BAD_MATCH, code=ofp.OFPBMC_BAD_PREREQ,
                             data=_offending_flow_mod()), 0x22)


@case('error_flow_mod_table_full', 'ofp_error_msg', OSKEN.format('OFPErrorMsg'))
def _():
    return osk(p.OFPErrorMsg(DP, type_=ofp.OFPET_FLOW_MOD_FAILED, code=ofp.OFPFMFC_TABLE_FULL,
                             data=_offending_flow_mod()), 0x23)


@case('error_hello_failed', 'ofp_error_msg (HELLO_FAILED, ASCII data)', OSKEN.format('OFPErrorMsg'))
def _():
    return osk(p.OFPErrorMsg(DP, type_=ofp.OFPET_HELLO_FAILED, code=ofp.OFPHFC_INCOMPATIBLE,
                             data=b'only OpenFlow 1.3 is supported'), 0x24)


@case('error_hello_failed_of10', 'ofp_error_msg with version=1 (HELLO_FAILED to a 1.0 peer)',
      HAND.format('7.4.4 "Error Message" / 6.3.1'))
def _():
    return frame(ofp.OFPT_ERROR, struct.pack('!HH', ofp.OFPET_HELLO_FAILED, ofp.OFPHFC_INCOMPATIBLE) + b'need 1.3',
                 0x25, version=1)


@case('error_role_request_stale', 'ofp_error_msg', OSKEN.format('OFPErrorMsg'))
def _():
    rr = osk(p.OFPRoleRequest(DP, ofp.OFPCR_ROLE_MASTER, 5), 0x98)
    return osk(p.OFPErrorMsg(DP, type_=ofp.OFPET_ROLE_REQUEST_FAILED, code=ofp.OFPRRFC_STALE, data=rr), 0x26)


@case('error_experimenter', 'ofp_error_experimenter_msg', OSKEN.format('OFPErrorMsg'))
def _():
    # ONF EXT-264 multipart request timeout: experimenter ONF_EXPERIMENTER_ID, exp_type 2640 (OVS ofp-errors.h).
    bad = osk(p.OFPPortDescStatsRequest(DP, 0), 0x78)
    m = p.OFPErrorMsg(DP, type_=ofp.OFPET_EXPERIMENTER, data=bad, exp_type=2640, experimenter=0x4f4e4600)
    return osk(m, 0x27)


@case('echo_request_empty', 'ofp_header (ECHO_REQUEST)', OSKEN.format('OFPEchoRequest'))
def _():
    return osk(p.OFPEchoRequest(DP, b''), 0x31)


@case('echo_request_data', 'ofp_header (ECHO_REQUEST) + data', OSKEN.format('OFPEchoRequest'))
def _():
    return osk(p.OFPEchoRequest(DP, b'isthmus-ping-0001'), 0x32)


@case('echo_reply_empty', 'ofp_header (ECHO_REPLY)', OSKEN.format('OFPEchoReply'))
def _():
    return osk(p.OFPEchoReply(DP, b''), 0x33)


@case('echo_reply_data', 'ofp_header (ECHO_REPLY) + data', OSKEN.format('OFPEchoReply'))
def _():
    return osk(p.OFPEchoReply(DP, bytes.fromhex('0001020304050607')), 0x34)


@case('experimenter_nx_set_controller_id', 'ofp_experimenter_header (Nicira NXT_SET_CONTROLLER_ID)',
      OSKEN.format('OFPExperimenter'))
def _():
    # nx_controller_id: zero[6], controller_id (OVS include/openflow/nicira-ext.h), subtype 20.
    return osk(p.OFPExperimenter(DP, experimenter=0x2320, exp_type=20, data=b'\0' * 6 + struct.pack('!H', 7)), 0x41)


# --- handshake and switch configuration (7.3.1, 7.3.2) --------------------------------------------

@case('features_request', 'ofp_header (FEATURES_REQUEST)', OSKEN.format('OFPFeaturesRequest'))
def _():
    return osk(p.OFPFeaturesRequest(DP), 0x51)


@case('features_reply', 'ofp_switch_features', PACKED.format('OFP_SWITCH_FEATURES_PACK_STR'))
def _():
    caps = ofp.OFPC_FLOW_STATS | ofp.OFPC_TABLE_STATS | ofp.OFPC_PORT_STATS | ofp.OFPC_GROUP_STATS | ofp.OFPC_QUEUE_STATS
    body = struct.pack(ofp.OFP_SWITCH_FEATURES_PACK_STR, 0x0000deadbeef0001, 256, 254, 0, caps, 0)
    return frame(ofp.OFPT_FEATURES_REPLY, body, 0x51)


@case('get_config_request', 'ofp_header (GET_CONFIG_REQUEST)', OSKEN.format('OFPGetConfigRequest'))
def _():
    return osk(p.OFPGetConfigRequest(DP), 0x52)


@case('get_config_reply', 'ofp_switch_config', PACKED.format('OFP_SWITCH_CONFIG_PACK_STR'))
def _():
    return frame(ofp.OFPT_GET_CONFIG_REPLY, struct.pack(ofp.OFP_SWITCH_CONFIG_PACK_STR, ofp.OFPC_FRAG_NORMAL, 0xffe5),
                 0x52)


@case('set_config', 'ofp_switch_config', OSKEN.format('OFPSetConfig'))
def _():
    return osk(p.OFPSetConfig(DP, ofp.OFPC_FRAG_DROP, 128), 0x53)


# --- asynchronous messages (7.4) ------------------------------------------------------------------

@case('packet_in_lldp', 'ofp_packet_in (LLDP frame, no buffer)', PACKED.format('OFP_PACKET_IN_PACK_STR'))
def _():
    data = lldp_frame()
    head = struct.pack(ofp.OFP_PACKET_IN_PACK_STR, ofp.OFP_NO_BUFFER, len(data), ofp.OFPR_NO_MATCH, 0, 0)
    return frame(ofp.OFPT_PACKET_IN, head + match_bytes(in_port=3) + b'\0\0' + data, 0x61)


@case('packet_in_buffered', 'ofp_packet_in (buffered, reason action, metadata/tunnel_id match)',
      PACKED.format('OFP_PACKET_IN_PACK_STR'))
def _():
    data = icmp_frame()
    head = struct.pack(ofp.OFP_PACKET_IN_PACK_STR, 0x100, len(data), ofp.OFPR_ACTION, 2, 0x123456789abcdef0)
    m = match_bytes(in_port=5, metadata=0xfedcba9876543210, tunnel_id=0x64)
    return frame(ofp.OFPT_PACKET_IN, head + m + b'\0\0' + data, 0x62)


@case('flow_removed_idle', 'ofp_flow_removed', PACKED.format('OFP_FLOW_REMOVED_PACK_STR0'))
def _():
    head = struct.pack(ofp.OFP_FLOW_REMOVED_PACK_STR0, 0xa, 100, ofp.OFPRR_IDLE_TIMEOUT, 0, 61, 500000000, 60, 0,
                       1234, 567890)
    m = match_bytes(in_port=1, eth_dst='00:11:22:33:44:55')
    return frame(ofp.OFPT_FLOW_REMOVED, head + m, 0x71)


@case('flow_removed_group_delete', 'ofp_flow_removed', PACKED.format('OFP_FLOW_REMOVED_PACK_STR0'))
def _():
    head = struct.pack(ofp.OFP_FLOW_REMOVED_PACK_STR0, 0xffffffffffffffff, 0x8000, ofp.OFPRR_GROUP_DELETE, 3,
                       4000000, 999999999, 0, 300, 0x1_0000_0000, 0xffff_ffff_ffff)
    return frame(ofp.OFPT_FLOW_REMOVED, head + match_bytes(), 0x72)


def _port_status(xid, reason, port):
    return frame(ofp.OFPT_PORT_STATUS, struct.pack(ofp.OFP_PORT_STATUS_PACK_STR, reason, *port), xid)


@case('port_status_add', 'ofp_port_status + ofp_port', PACKED.format('OFP_PORT_STATUS_PACK_STR'))
def _():
    feats = ofp.OFPPF_1GB_FD | ofp.OFPPF_COPPER | ofp.OFPPF_AUTONEG
    return _port_status(0x81, ofp.OFPPR_ADD, port_args(1, '0a:00:00:00:00:01', 'eth1', 0, ofp.OFPPS_LIVE, feats,
                                                        feats, feats | ofp.OFPPF_PAUSE, 0, 1000000, 1000000))


@case('port_status_modify', 'ofp_port_status + ofp_port', PACKED.format('OFP_PORT_STATUS_PACK_STR'))
def _():
    return _port_status(0x82, ofp.OFPPR_MODIFY,
                        port_args(2, '0a:00:00:00:00:02', 'eth2', ofp.OFPPC_PORT_DOWN | ofp.OFPPC_NO_PACKET_IN,
                                   ofp.OFPPS_LINK_DOWN, ofp.OFPPF_10GB_FD | ofp.OFPPF_FIBER, 0, 0, 0, 10000000,
                                   10000000))


@case('port_status_delete', 'ofp_port_status + ofp_port', PACKED.format('OFP_PORT_STATUS_PACK_STR'))
def _():
    return _port_status(0x83, ofp.OFPPR_DELETE, port_args(0xfffffffe, '0a:00:00:00:00:fe', 'br0-uplink-0001',
                                                           ofp.OFPPC_PORT_DOWN, ofp.OFPPS_LINK_DOWN))


# --- controller commands (7.3.4, 7.3.6, 7.3.7) ----------------------------------------------------

@case('packet_out_data', 'ofp_packet_out (actions + data)', OSKEN.format('OFPPacketOut'))
def _():
    acts = [p.OFPActionPushVlan(0x8100), p.OFPActionSetField(vlan_vid=0x1000 | 10), p.OFPActionOutput(2, 0)]
    return osk(p.OFPPacketOut(DP, buffer_id=ofp.OFP_NO_BUFFER, in_port=ofp.OFPP_CONTROLLER, actions=acts,
                              data=lldp_frame()), 0x91)


@case('packet_out_buffered', 'ofp_packet_out (buffer_id, no data)', OSKEN.format('OFPPacketOut'))
def _():
    return osk(p.OFPPacketOut(DP, buffer_id=0x100, in_port=4, actions=[p.OFPActionOutput(ofp.OFPP_FLOOD, 0)]), 0x92)


@case('port_mod', 'ofp_port_mod', OSKEN.format('OFPPortMod'))
def _():
    cfg = ofp.OFPPC_NO_RECV | ofp.OFPPC_NO_FWD
    return osk(p.OFPPortMod(DP, port_no=3, hw_addr='0a:00:00:00:00:03', config=cfg, mask=cfg | ofp.OFPPC_PORT_DOWN,
                            advertise=ofp.OFPPF_1GB_FD | ofp.OFPPF_AUTONEG), 0xa1)


@case('table_mod', 'ofp_table_mod', OSKEN.format('OFPTableMod'))
def _():
    return osk(p.OFPTableMod(DP, 1, 3), 0xa2)


@case('barrier_request', 'ofp_header (BARRIER_REQUEST)', OSKEN.format('OFPBarrierRequest'))
def _():
    return osk(p.OFPBarrierRequest(DP), 0xb1)


@case('barrier_reply', 'ofp_header (BARRIER_REPLY)', HAND.format('7.3.8 "Barrier Message"'))
def _():
    return frame(ofp.OFPT_BARRIER_REPLY, b'', 0xb1)


@case('queue_get_config_request', 'ofp_queue_get_config_request', OSKEN.format('OFPQueueGetConfigRequest'))
def _():
    return osk(p.OFPQueueGetConfigRequest(DP, 2), 0xc1)


@case('queue_get_config_reply', 'ofp_queue_get_config_reply + ofp_packet_queue + min/max rate',
      PACKED.format('OFP_PACKET_QUEUE_PACK_STR / OFP_QUEUE_PROP_*_PACK_STR'))
def _():
    def prop(t, rate):
        return struct.pack(ofp.OFP_QUEUE_PROP_HEADER_PACK_STR, t, 16) + struct.pack(ofp.OFP_QUEUE_PROP_MIN_RATE_PACK_STR, rate)

    def q(qid, port, props):
        return struct.pack(ofp.OFP_PACKET_QUEUE_PACK_STR, qid, port, 16 + len(props)) + props
    body = (struct.pack(ofp.OFP_QUEUE_GET_CONFIG_REPLY_PACK_STR, 2) +
            q(1, 2, prop(ofp.OFPQT_MIN_RATE, 100) + prop(ofp.OFPQT_MAX_RATE, 500)) + q(2, 2, prop(ofp.OFPQT_MAX_RATE, 1000)))
    return frame(ofp.OFPT_QUEUE_GET_CONFIG_REPLY, body, 0xc1)


@case('role_request', 'ofp_role_request', OSKEN.format('OFPRoleRequest'))
def _():
    return osk(p.OFPRoleRequest(DP, ofp.OFPCR_ROLE_MASTER, 0x0102030405060708), 0xd1)


@case('role_reply', 'ofp_role_request (ROLE_REPLY)', PACKED.format('OFP_ROLE_REQUEST_PACK_STR'))
def _():
    return frame(ofp.OFPT_ROLE_REPLY, struct.pack(ofp.OFP_ROLE_REQUEST_PACK_STR, ofp.OFPCR_ROLE_SLAVE, 42), 0xd2)


@case('get_async_request', 'ofp_header (GET_ASYNC_REQUEST)', OSKEN.format('OFPGetAsyncRequest'))
def _():
    return osk(p.OFPGetAsyncRequest(DP), 0xe1)


@case('get_async_reply', 'ofp_async_config (GET_ASYNC_REPLY)', PACKED.format('OFP_ASYNC_CONFIG_PACK_STR'))
def _():
    return frame(ofp.OFPT_GET_ASYNC_REPLY, struct.pack(ofp.OFP_ASYNC_CONFIG_PACK_STR, 3, 0, 7, 7, 15, 0), 0xe1)


@case('set_async', 'ofp_async_config (SET_ASYNC)', OSKEN.format('OFPSetAsync'))
def _():
    return osk(p.OFPSetAsync(DP, [1 << ofp.OFPR_NO_MATCH | 1 << ofp.OFPR_ACTION, 0], [7, 1], [1 << ofp.OFPRR_DELETE, 0]),
               0xe2)

