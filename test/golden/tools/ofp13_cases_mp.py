"""Golden vectors for MULTIPART_REQUEST / MULTIPART_REPLY of every OF1.3.5 multipart type (7.3.5)."""
import struct

from os_ken.ofproto import ofproto_v1_3 as ofp, ofproto_v1_3_parser as p

from ofp13_build import (DP, bands_bytes, buckets_bytes, instructions_bytes, match_bytes, mp_reply, osk, port_bytes)
from ofp13_cases import CASES, OSKEN, PACKED, case

ANY = ofp.OFPP_ANY


def _req(name, xid, msg, what):
    @case(f'mp_{name}_request', f'ofp_multipart_request ({what})', OSKEN.format(type(msg).__name__))
    def _():
        return osk(msg, xid)


_req('desc', 0x401, p.OFPDescStatsRequest(DP, 0), 'OFPMP_DESC')
_req('flow', 0x402, p.OFPFlowStatsRequest(DP, 0, ofp.OFPTT_ALL, 2, ofp.OFPG_ANY, 0x10, 0xff,
                                          p.OFPMatch(in_port=1, eth_type=0x0800)), 'OFPMP_FLOW')
_req('aggregate', 0x403, p.OFPAggregateStatsRequest(DP, 0, 1, ANY, 5, 0, 0, p.OFPMatch()), 'OFPMP_AGGREGATE')
_req('table', 0x404, p.OFPTableStatsRequest(DP, 0), 'OFPMP_TABLE')
_req('port_stats', 0x405, p.OFPPortStatsRequest(DP, 0, ANY), 'OFPMP_PORT_STATS')
_req('queue', 0x406, p.OFPQueueStatsRequest(DP, 0, 1, ofp.OFPQ_ALL), 'OFPMP_QUEUE')
_req('group', 0x407, p.OFPGroupStatsRequest(DP, 0, ofp.OFPG_ALL), 'OFPMP_GROUP')
_req('group_desc', 0x408, p.OFPGroupDescStatsRequest(DP, 0), 'OFPMP_GROUP_DESC')
_req('group_features', 0x409, p.OFPGroupFeaturesStatsRequest(DP, 0), 'OFPMP_GROUP_FEATURES')
_req('meter', 0x40a, p.OFPMeterStatsRequest(DP, 0, 1), 'OFPMP_METER')
_req('meter_config', 0x40b, p.OFPMeterConfigStatsRequest(DP, 0, ofp.OFPM_ALL), 'OFPMP_METER_CONFIG')
_req('meter_features', 0x40c, p.OFPMeterFeaturesStatsRequest(DP, 0), 'OFPMP_METER_FEATURES')
_req('table_features', 0x40d, p.OFPTableFeaturesStatsRequest(DP, 0, []), 'OFPMP_TABLE_FEATURES, query')
_req('port_desc', 0x40e, p.OFPPortDescStatsRequest(DP, 0), 'OFPMP_PORT_DESC')
# NXST_IPFIX_BRIDGE (Open vSwitch ofp-msgs.h: NXST 1.0+ subtype 3, empty request).
_req('experimenter', 0x40f, p.OFPExperimenterStatsRequest(DP, 0, 0x2320, 3, b''), 'OFPMP_EXPERIMENTER, Nicira')


@case('mp_desc_reply', 'ofp_multipart_reply + ofp_desc', PACKED.format('OFP_DESC_PACK_STR'))
def _():
    body = struct.pack(ofp.OFP_DESC_PACK_STR, b'Isthmus Test Vendor', b'Golden Switch 9000', b'fw 1.2.3', b'SN-000042',
                       b'rack 7, unit 3')
    return mp_reply(ofp.OFPMP_DESC, body, 0x401)


def _flow_stats(table_id, dsec, dnsec, prio, idle, hard, flags, cookie, pkts, byts, match, insts):
    tail = match + insts
    return struct.pack(ofp.OFP_FLOW_STATS_0_PACK_STR, 48 + len(tail), table_id, dsec, dnsec, prio, idle, hard, flags,
                       cookie, pkts, byts) + tail


@case('mp_flow_reply', 'ofp_multipart_reply + 3 ofp_flow_stats', PACKED.format('OFP_FLOW_STATS_0_PACK_STR'))
def _():
    e1 = _flow_stats(0, 120, 5000, 100, 0, 0, ofp.OFPFF_SEND_FLOW_REM, 0xa, 10, 1500,
                     match_bytes(in_port=1, eth_type=0x0800),
                     instructions_bytes([p.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [p.OFPActionOutput(2)])]))
    e2 = _flow_stats(1, 3, 999999999, 0x8000, 60, 600, 0, 0xffffffffffffffff, 0x1_0000_0000, 0x10_0000_0000,
                     match_bytes(eth_dst='00:11:22:33:44:55', vlan_vid=(0x1000, 0x1000)),
                     instructions_bytes([p.OFPInstructionGotoTable(2)]))
    e3 = _flow_stats(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, match_bytes(), b'')
    return mp_reply(ofp.OFPMP_FLOW, e1 + e2 + e3, 0x402)


@case('mp_aggregate_reply', 'ofp_multipart_reply + ofp_aggregate_stats_reply',
      PACKED.format('OFP_AGGREGATE_STATS_REPLY_PACK_STR'))
def _():
    return mp_reply(ofp.OFPMP_AGGREGATE, struct.pack(ofp.OFP_AGGREGATE_STATS_REPLY_PACK_STR, 12345, 6789012, 3), 0x403)


@case('mp_table_reply', 'ofp_multipart_reply + 2 ofp_table_stats (REPLY_MORE)', PACKED.format('OFP_TABLE_STATS_PACK_STR'))
def _():
    body = (struct.pack(ofp.OFP_TABLE_STATS_PACK_STR, 0, 4, 1000, 900) +
            struct.pack(ofp.OFP_TABLE_STATS_PACK_STR, 1, 0, 0x1_0000_0000, 7))
    return mp_reply(ofp.OFPMP_TABLE, body, 0x404, flags=ofp.OFPMPF_REPLY_MORE)


@case('mp_port_stats_reply', 'ofp_multipart_reply + 2 ofp_port_stats', PACKED.format('OFP_PORT_STATS_PACK_STR'))
def _():
    body = (struct.pack(ofp.OFP_PORT_STATS_PACK_STR, 1, 100, 200, 30000, 40000, 1, 2, 3, 4, 5, 6, 7, 8, 3600, 500) +
            struct.pack(ofp.OFP_PORT_STATS_PACK_STR, ofp.OFPP_LOCAL, 0x1_0000_0000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        10, 0))
    return mp_reply(ofp.OFPMP_PORT_STATS, body, 0x405)


@case('mp_queue_reply', 'ofp_multipart_reply + 2 ofp_queue_stats', PACKED.format('OFP_QUEUE_STATS_PACK_STR'))
def _():
    body = (struct.pack(ofp.OFP_QUEUE_STATS_PACK_STR, 1, 0, 1000, 10, 0, 100, 0) +
            struct.pack(ofp.OFP_QUEUE_STATS_PACK_STR, 1, 1, 2000, 20, 1, 200, 5))
    return mp_reply(ofp.OFPMP_QUEUE, body, 0x406)


@case('mp_group_reply', 'ofp_multipart_reply + 2 ofp_group_stats (with bucket counters)',
      PACKED.format('OFP_GROUP_STATS_PACK_STR / OFP_BUCKET_COUNTER_PACK_STR'))
def _():
    buckets = struct.pack(ofp.OFP_BUCKET_COUNTER_PACK_STR, 5, 500) + struct.pack(ofp.OFP_BUCKET_COUNTER_PACK_STR, 6, 600)
    g1 = struct.pack(ofp.OFP_GROUP_STATS_PACK_STR, 40 + len(buckets), 1, 2, 11, 1100, 30, 1000) + buckets
    g2 = struct.pack(ofp.OFP_GROUP_STATS_PACK_STR, 40, 2, 0, 0, 0, 1, 2)
    return mp_reply(ofp.OFPMP_GROUP, g1 + g2, 0x407)


@case('mp_group_desc_reply', 'ofp_multipart_reply + 2 ofp_group_desc', PACKED.format('OFP_GROUP_DESC_STATS_PACK_STR'))
def _():
    b1 = buckets_bytes([p.OFPBucket(weight=1, actions=[p.OFPActionOutput(1)]),
                        p.OFPBucket(weight=2, actions=[p.OFPActionOutput(2)])])
    b2 = buckets_bytes([p.OFPBucket(actions=[p.OFPActionPopVlan(), p.OFPActionOutput(3)])])
    g1 = struct.pack(ofp.OFP_GROUP_DESC_STATS_PACK_STR, 8 + len(b1), ofp.OFPGT_SELECT, 1) + b1
    g2 = struct.pack(ofp.OFP_GROUP_DESC_STATS_PACK_STR, 8 + len(b2), ofp.OFPGT_INDIRECT, 2) + b2
    return mp_reply(ofp.OFPMP_GROUP_DESC, g1 + g2, 0x408)


@case('mp_group_features_reply', 'ofp_multipart_reply + ofp_group_features', PACKED.format('OFP_GROUP_FEATURES_PACK_STR'))
def _():
    types = (1 << ofp.OFPGT_ALL) | (1 << ofp.OFPGT_SELECT) | (1 << ofp.OFPGT_INDIRECT) | (1 << ofp.OFPGT_FF)
    caps = ofp.OFPGFC_SELECT_WEIGHT | ofp.OFPGFC_SELECT_LIVENESS | ofp.OFPGFC_CHAINING
    acts = (1 << ofp.OFPAT_OUTPUT) | (1 << ofp.OFPAT_GROUP) | (1 << ofp.OFPAT_SET_FIELD) | (1 << ofp.OFPAT_PUSH_VLAN)
    body = struct.pack(ofp.OFP_GROUP_FEATURES_PACK_STR, types, caps, 256, 128, 64, 32, acts, acts, acts,
                       1 << ofp.OFPAT_OUTPUT)
    return mp_reply(ofp.OFPMP_GROUP_FEATURES, body, 0x409)


@case('mp_meter_reply', 'ofp_multipart_reply + ofp_meter_stats (2 band stats)',
      PACKED.format('OFP_METER_STATS_PACK_STR / OFP_METER_BAND_STATS_PACK_STR'))
def _():
    bands = struct.pack(ofp.OFP_METER_BAND_STATS_PACK_STR, 3, 300) + struct.pack(ofp.OFP_METER_BAND_STATS_PACK_STR, 4, 400)
    body = struct.pack(ofp.OFP_METER_STATS_PACK_STR, 1, 40 + len(bands), 2, 100, 10000, 60, 7) + bands
    return mp_reply(ofp.OFPMP_METER, body, 0x40a)


@case('mp_meter_config_reply', 'ofp_multipart_reply + 2 ofp_meter_config', PACKED.format('OFP_METER_CONFIG_PACK_STR'))
def _():
    b1 = bands_bytes([p.OFPMeterBandDrop(rate=1000, burst_size=100)])
    b2 = bands_bytes([p.OFPMeterBandDscpRemark(rate=500, burst_size=50, prec_level=2),
                      p.OFPMeterBandDrop(rate=2000, burst_size=0)])
    c1 = struct.pack(ofp.OFP_METER_CONFIG_PACK_STR, 8 + len(b1), ofp.OFPMF_KBPS | ofp.OFPMF_BURST, 1) + b1
    c2 = struct.pack(ofp.OFP_METER_CONFIG_PACK_STR, 8 + len(b2), ofp.OFPMF_PKTPS, 2) + b2
    return mp_reply(ofp.OFPMP_METER_CONFIG, c1 + c2, 0x40b)


@case('mp_meter_features_reply', 'ofp_multipart_reply + ofp_meter_features', PACKED.format('OFP_METER_FEATURES_PACK_STR'))
def _():
    bands = (1 << ofp.OFPMBT_DROP) | (1 << ofp.OFPMBT_DSCP_REMARK)
    caps = ofp.OFPMF_KBPS | ofp.OFPMF_PKTPS | ofp.OFPMF_BURST | ofp.OFPMF_STATS
    return mp_reply(ofp.OFPMP_METER_FEATURES, struct.pack(ofp.OFP_METER_FEATURES_PACK_STR, 1024, bands, caps, 2, 8), 0x40c)


class _OxmId(p.OFPOxmId):
    """os-ken's OFPOxmId writes oxm_length 0; this one writes the payload length, as switches do
    (OF1.3.5 7.3.5.5.2: "oxm_length ... the length of the OXM payload"; doubled when hasmask)."""

    def serialize(self):
        n, _v, _m = ofp.oxm_from_user(self.type, None)
        size = ofp._oxm_field_desc(n).type.size
        self.length = size * 2 if self.hasmask else size
        return bytearray(struct.pack('!I', (n << 9) | (int(self.hasmask) << 8) | self.length))


def _table_features():
    I, A = p.OFPInstructionId, p.OFPActionId  # noqa: E741
    insts = [I(ofp.OFPIT_GOTO_TABLE), I(ofp.OFPIT_WRITE_METADATA), I(ofp.OFPIT_WRITE_ACTIONS), I(ofp.OFPIT_APPLY_ACTIONS),
             I(ofp.OFPIT_CLEAR_ACTIONS), I(ofp.OFPIT_METER)]
    acts = [A(ofp.OFPAT_OUTPUT), A(ofp.OFPAT_GROUP), A(ofp.OFPAT_PUSH_VLAN), A(ofp.OFPAT_POP_VLAN), A(ofp.OFPAT_SET_FIELD)]
    fields = [_OxmId('in_port'), _OxmId('eth_dst', hasmask=True), _OxmId('eth_type'), _OxmId('vlan_vid', hasmask=True)]
    setf = [_OxmId('eth_dst'), _OxmId('vlan_vid')]
    props0 = [
        p.OFPTableFeaturePropInstructions(type_=ofp.OFPTFPT_INSTRUCTIONS, instruction_ids=insts),
        p.OFPTableFeaturePropNextTables(type_=ofp.OFPTFPT_NEXT_TABLES, table_ids=[1, 2]),
        p.OFPTableFeaturePropActions(type_=ofp.OFPTFPT_WRITE_ACTIONS, action_ids=acts),
        p.OFPTableFeaturePropActions(type_=ofp.OFPTFPT_APPLY_ACTIONS, action_ids=acts),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_MATCH, oxm_ids=fields),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_WILDCARDS, oxm_ids=setf),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_WRITE_SETFIELD, oxm_ids=setf),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_APPLY_SETFIELD, oxm_ids=setf),
    ]
    # Open vSwitch rejects hasmask in wildcards/setfield ids, and insists on the eight properties OF1.3 requires (openflow-1.3.h OFPTFPT13_REQUIRED).
    props1 = [
        p.OFPTableFeaturePropInstructions(type_=ofp.OFPTFPT_INSTRUCTIONS, instruction_ids=insts[2:4]),
        p.OFPTableFeaturePropInstructions(type_=ofp.OFPTFPT_INSTRUCTIONS_MISS, instruction_ids=insts[4:5]),
        p.OFPTableFeaturePropNextTables(type_=ofp.OFPTFPT_NEXT_TABLES, table_ids=[]),
        p.OFPTableFeaturePropNextTables(type_=ofp.OFPTFPT_NEXT_TABLES_MISS, table_ids=[2]),
        p.OFPTableFeaturePropActions(type_=ofp.OFPTFPT_WRITE_ACTIONS, action_ids=[]),
        p.OFPTableFeaturePropActions(type_=ofp.OFPTFPT_APPLY_ACTIONS, action_ids=acts[:1]),
        p.OFPTableFeaturePropActions(type_=ofp.OFPTFPT_APPLY_ACTIONS_MISS, action_ids=acts[3:4]),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_MATCH, oxm_ids=fields[:1]),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_WILDCARDS, oxm_ids=[]),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_WRITE_SETFIELD, oxm_ids=[]),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_APPLY_SETFIELD, oxm_ids=setf[1:]),
        p.OFPTableFeaturePropOxm(type_=ofp.OFPTFPT_APPLY_SETFIELD_MISS, oxm_ids=setf[:1]),
        p.OFPTableFeaturePropExperimenter(type_=ofp.OFPTFPT_EXPERIMENTER, experimenter=0x00abcdef, exp_type=1,
                                          data=[0x01020304]),
    ]
    t0 = p.OFPTableFeaturesStats(table_id=0, name=b'classifier', metadata_match=0xffffffffffffffff,
                                 metadata_write=0xffffffffffffffff, config=0, max_entries=1000000, properties=props0)
    t1 = p.OFPTableFeaturesStats(table_id=1, name=b'egress', metadata_match=0, metadata_write=0, config=3,
                                 max_entries=4096, properties=props1)
    return t0.serialize() + t1.serialize()


@case('mp_table_features_reply', 'ofp_multipart_reply + 2 ofp_table_features (8 property types)',
      'os-ken 2.5.0 OFPTableFeaturesStats.serialize, framed with os-ken OFP_MULTIPART_REPLY_PACK_STR')
def _():
    return mp_reply(ofp.OFPMP_TABLE_FEATURES, _table_features(), 0x40d)


@case('mp_port_desc_reply', 'ofp_multipart_reply + 3 ofp_port', PACKED.format('OFP_PORT_PACK_STR'))
def _():
    feats = ofp.OFPPF_10GB_FD | ofp.OFPPF_FIBER
    body = (port_bytes(1, '0a:00:00:00:00:01', 'eth1', 0, ofp.OFPPS_LIVE, feats, feats, feats, 0, 10000000, 10000000) +
            port_bytes(2, '0a:00:00:00:00:02', 'eth2', ofp.OFPPC_NO_FWD, ofp.OFPPS_BLOCKED, 0, 0, 0, 0, 0, 0) +
            port_bytes(ofp.OFPP_LOCAL, '0a:00:00:00:00:fe', 'br0', ofp.OFPPC_PORT_DOWN, ofp.OFPPS_LINK_DOWN))
    return mp_reply(ofp.OFPMP_PORT_DESC, body, 0x40e)


@case('mp_experimenter_reply', 'ofp_multipart_reply + ofp_experimenter_multipart_header (Nicira IPFIX bridge stats)',
      PACKED.format('OFP_EXPERIMENTER_MULTIPART_HEADER_PACK_STR'))
def _():
    # nx_ipfix_stats_reply (OVS nicira-ext.h): ten be64 counters, be32 collector_set_id, 4 pad bytes.
    data = struct.pack('!10QI4x', 100, 5, 1000, 800, 150, 3, 2, 1, 990, 0, 7)
    head = struct.pack(ofp.OFP_EXPERIMENTER_MULTIPART_HEADER_PACK_STR, 0x2320, 3)
    return mp_reply(ofp.OFPMP_EXPERIMENTER, head + data, 0x40f)


__all__ = ['CASES']
