"""Golden vectors for FLOW_MOD, GROUP_MOD and METER_MOD (OF1.3.5 7.3.4), all serialized by os-ken."""
from os_ken.ofproto import ofproto_v1_3 as ofp, ofproto_v1_3_parser as p

from ofp13_build import DP, nx_resubmit, osk
from ofp13_cases import CASES, OSKEN, case

ANY = ofp.OFPP_ANY
GANY = ofp.OFPG_ANY
NO_BUF = ofp.OFP_NO_BUFFER
APPLY = ofp.OFPIT_APPLY_ACTIONS


def _fm(xid, match, insts=(), **kw):
    args = dict(cookie=0, cookie_mask=0, table_id=0, command=ofp.OFPFC_ADD, idle_timeout=0, hard_timeout=0,
                priority=0x8000, buffer_id=NO_BUF, out_port=ANY, out_group=GANY, flags=0)
    args.update(kw)
    return osk(p.OFPFlowMod(DP, match=match, instructions=list(insts), **args), xid)


def _apply(*acts):
    return p.OFPInstructionActions(APPLY, list(acts))


@case('flow_mod_push_vlan', 'ofp_flow_mod (add, 4 OXMs, 3 actions)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(in_port=1, eth_type=0x0800, vlan_vid=(0x1064, 0x1ff0), eth_dst='00:11:22:33:44:55')
    acts = _apply(p.OFPActionPushVlan(0x8100), p.OFPActionSetField(vlan_vid=0x1000 | 200), p.OFPActionOutput(2))
    return _fm(42, m, [acts], cookie=0xa, priority=100, flags=ofp.OFPFF_SEND_FLOW_REM)


@case('flow_mod_delete_cookie_mask', 'ofp_flow_mod (delete, cookie mask, out_port)', OSKEN.format('OFPFlowMod'))
def _():
    return _fm(0x101, p.OFPMatch(eth_type=0x0806), cookie=0x1200, cookie_mask=0xff00, table_id=ofp.OFPTT_ALL,
               command=ofp.OFPFC_DELETE, out_port=2)


@case('flow_mod_delete_strict', 'ofp_flow_mod (delete_strict, out_group)', OSKEN.format('OFPFlowMod'))
def _():
    return _fm(0x102, p.OFPMatch(in_port=9), table_id=4, command=ofp.OFPFC_DELETE_STRICT, priority=7, out_group=3)


@case('flow_mod_modify_strict', 'ofp_flow_mod (modify_strict, timeouts, flags, buffer_id)', OSKEN.format('OFPFlowMod'))
def _():
    flags = ofp.OFPFF_CHECK_OVERLAP | ofp.OFPFF_RESET_COUNTS | ofp.OFPFF_NO_PKT_COUNTS | ofp.OFPFF_NO_BYT_COUNTS
    return _fm(0x103, p.OFPMatch(in_port=2, eth_src='0a:00:00:00:00:02'), [_apply(p.OFPActionOutput(ofp.OFPP_NORMAL))],
               cookie=0xdeadbeefcafe, table_id=1, command=ofp.OFPFC_MODIFY_STRICT, idle_timeout=30,
               hard_timeout=3600, priority=0xffff, buffer_id=0x2a, flags=flags)


@case('flow_mod_pipeline', 'ofp_flow_mod (meter, clear_actions, write_actions, write_metadata, goto_table)',
      OSKEN.format('OFPFlowMod'))
def _():
    insts = [p.OFPInstructionMeter(5), p.OFPInstructionActions(ofp.OFPIT_CLEAR_ACTIONS, []),
             p.OFPInstructionActions(ofp.OFPIT_WRITE_ACTIONS, [p.OFPActionSetQueue(3), p.OFPActionGroup(1)]),
             p.OFPInstructionWriteMetadata(0x00000000abcd0000, 0x00000000ffff0000), p.OFPInstructionGotoTable(2)]
    return _fm(0x104, p.OFPMatch(in_port=1), insts, cookie=0x2, priority=200)


@case('flow_mod_oxm_ipv4_tcp', 'ofp_flow_mod (eth/vlan/ip/tcp OXMs with masks)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(in_port=1, eth_dst=('01:00:5e:00:00:00', 'ff:ff:ff:80:00:00'), eth_src=('0a:00:00:00:00:00', 'ff:ff:ff:00:00:00'),
                   eth_type=0x0800, vlan_vid=0x1000 | 5, vlan_pcp=3, ip_dscp=46, ip_ecn=1, ip_proto=6,
                   ipv4_src=('10.0.0.0', '255.0.0.0'), ipv4_dst=('192.168.1.0', '255.255.255.0'), tcp_src=1024,
                   tcp_dst=443)
    return _fm(0x105, m, [_apply(p.OFPActionOutput(3))], priority=300)


@case('flow_mod_oxm_udp', 'ofp_flow_mod (udp OXMs)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x0800, ip_proto=17, ipv4_dst='224.0.0.251', udp_src=5353, udp_dst=5353)
    return _fm(0x106, m, [_apply(p.OFPActionOutput(ofp.OFPP_CONTROLLER, ofp.OFPCML_NO_BUFFER))])


@case('flow_mod_oxm_sctp_ipv6', 'ofp_flow_mod (sctp over ipv6 OXMs)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x86dd, ip_proto=132, ipv6_dst='2001:db8::5', sctp_src=36412, sctp_dst=38412)
    return _fm(0x107, m, [_apply(p.OFPActionOutput(4))])


@case('flow_mod_oxm_icmpv4', 'ofp_flow_mod (icmpv4 OXMs)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x0800, ip_proto=1, icmpv4_type=8, icmpv4_code=0)
    return _fm(0x108, m, [_apply(p.OFPActionOutput(ofp.OFPP_LOCAL))])


@case('flow_mod_oxm_arp', 'ofp_flow_mod (arp OXMs with masks)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x0806, arp_op=1, arp_spa=('10.0.0.0', '255.255.255.0'), arp_tpa=('10.0.0.1', '255.255.255.255'),
                   arp_sha=('0a:00:00:00:00:00', 'ff:ff:ff:ff:00:00'), arp_tha=('00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff'))
    return _fm(0x109, m, [_apply(p.OFPActionOutput(ofp.OFPP_FLOOD))])


@case('flow_mod_oxm_ipv6', 'ofp_flow_mod (ipv6 OXMs with masks)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x86dd, ip_dscp=10, ip_ecn=2, ip_proto=6,
                   ipv6_src=('2001:db8:1::', 'ffff:ffff:ffff::'), ipv6_dst=('2001:db8::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'),
                   ipv6_flabel=(0x12345, 0xfffff), tcp_dst=22)
    return _fm(0x10a, m, [_apply(p.OFPActionOutput(5))])


@case('flow_mod_oxm_ipv6_nd_ns', 'ofp_flow_mod (icmpv6 neighbour solicitation OXMs)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x86dd, ip_proto=58, icmpv6_type=135, icmpv6_code=0, ipv6_nd_target='fe80::1',
                   ipv6_nd_sll='0a:00:00:00:00:07')
    return _fm(0x10b, m, [_apply(p.OFPActionOutput(ofp.OFPP_CONTROLLER))])


@case('flow_mod_oxm_ipv6_nd_na', 'ofp_flow_mod (icmpv6 neighbour advertisement OXMs)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x86dd, ip_proto=58, icmpv6_type=136, icmpv6_code=0, ipv6_nd_target='2001:db8::7',
                   ipv6_nd_tll='0a:00:00:00:00:08')
    return _fm(0x10c, m, [_apply(p.OFPActionOutput(ofp.OFPP_CONTROLLER))])


@case('flow_mod_oxm_mpls', 'ofp_flow_mod (mpls OXMs)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x8847, mpls_label=0x12345, mpls_tc=5, mpls_bos=1)
    return _fm(0x10d, m, [_apply(p.OFPActionPopMpls(0x0800), p.OFPActionOutput(1))])


@case('flow_mod_oxm_metadata_tunnel', 'ofp_flow_mod (metadata, tunnel_id with masks)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(in_port=1, metadata=(0x1122334455667788, 0xffffffff00000000), tunnel_id=(0x1234, 0xffff))
    return _fm(0x10e, m, [_apply(p.OFPActionOutput(2))], table_id=3)


@case('flow_mod_oxm_pbb', 'ofp_flow_mod (in_phy_port, pbb_isid masked)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(in_port=1, in_phy_port=1, eth_type=0x88e7, pbb_isid=(0xabcdef, 0xfff000))
    return _fm(0x10f, m, [_apply(p.OFPActionPopPbb(), p.OFPActionOutput(2))])


@case('flow_mod_oxm_ipv6_exthdr', 'ofp_flow_mod (ipv6_exthdr masked)', OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x86dd, ipv6_exthdr=(0x0100, 0x0180))
    return _fm(0x110, m, [_apply(p.OFPActionOutput(2))])


ALL_ACTIONS = [
    p.OFPActionCopyTtlOut(), p.OFPActionCopyTtlIn(), p.OFPActionSetMplsTtl(64), p.OFPActionDecMplsTtl(),
    p.OFPActionPushVlan(0x88a8), p.OFPActionPopVlan(), p.OFPActionPushMpls(0x8847), p.OFPActionPopMpls(0x0800),
    p.OFPActionPushPbb(0x88e7), p.OFPActionPopPbb(), p.OFPActionSetQueue(7), p.OFPActionGroup(1),
    p.OFPActionSetNwTtl(32), p.OFPActionDecNwTtl(), p.OFPActionSetField(eth_src='0a:00:00:00:00:09'),
    p.OFPActionOutput(ofp.OFPP_IN_PORT, 128),
]


@case('flow_mod_all_actions', 'ofp_flow_mod (every OF1.3 action type)', OSKEN.format('OFPFlowMod'))
def _():
    return _fm(0x111, p.OFPMatch(in_port=1, eth_type=0x8847), [_apply(*ALL_ACTIONS)])


@case('flow_mod_actions_ovs', 'ofp_flow_mod (every action type Open vSwitch implements)', OSKEN.format('OFPFlowMod'))
def _():
    # Open vSwitch 3.1 implements neither copy_ttl_out/in nor push/pop_pbb (lib/ofp-actions.c).
    skip = (p.OFPActionPushPbb, p.OFPActionPopPbb, p.OFPActionCopyTtlOut, p.OFPActionCopyTtlIn)
    acts = [a for a in ALL_ACTIONS if not isinstance(a, skip)]
    return _fm(0x112, p.OFPMatch(in_port=1, eth_type=0x8847), [_apply(*acts)])


@case('flow_mod_nicira_actions', 'ofp_flow_mod (experimenter actions: Nicira resubmit + note)', OSKEN.format('OFPFlowMod'))
def _():
    return _fm(0x113, p.OFPMatch(in_port=1), [_apply(nx_resubmit(3), p.NXActionNote(note=[0x01, 0x02, 0x03]))])


@case('flow_mod_nxm_experimenter_oxm', 'ofp_flow_mod (NXM_1 reg0/reg1, ONF experimenter tcp_flags, set_field reg2)',
      OSKEN.format('OFPFlowMod'))
def _():
    m = p.OFPMatch(eth_type=0x0800, ip_proto=6, reg0=5, reg1=(0x10, 0xf0), tcp_flags=(0x002, 0x012))
    return _fm(0x114, m, [_apply(p.OFPActionSetField(reg2=1), p.OFPActionOutput(1))])


# --- group mods (7.3.4.2) -------------------------------------------------------------------------

def _gm(xid, command, gtype, gid, buckets):
    return osk(p.OFPGroupMod(DP, command, gtype, gid, buckets), xid)


@case('group_mod_all', 'ofp_group_mod (all)', OSKEN.format('OFPGroupMod'))
def _():
    return _gm(0x201, ofp.OFPGC_ADD, ofp.OFPGT_ALL, 1, [p.OFPBucket(actions=[p.OFPActionOutput(1)]),
                                                       p.OFPBucket(actions=[p.OFPActionOutput(2)])])


@case('group_mod_select', 'ofp_group_mod (select, weighted buckets)', OSKEN.format('OFPGroupMod'))
def _():
    b1 = p.OFPBucket(weight=50, actions=[p.OFPActionSetField(eth_dst='0a:00:00:00:00:01'), p.OFPActionOutput(1)])
    b2 = p.OFPBucket(weight=100, actions=[p.OFPActionSetField(eth_dst='0a:00:00:00:00:02'), p.OFPActionOutput(2)])
    return _gm(0x202, ofp.OFPGC_ADD, ofp.OFPGT_SELECT, 2, [b1, b2])


@case('group_mod_indirect', 'ofp_group_mod (indirect)', OSKEN.format('OFPGroupMod'))
def _():
    b = p.OFPBucket(actions=[p.OFPActionPushVlan(0x8100), p.OFPActionSetField(vlan_vid=0x1000 | 30), p.OFPActionOutput(3)])
    return _gm(0x203, ofp.OFPGC_ADD, ofp.OFPGT_INDIRECT, 3, [b])


@case('group_mod_ff', 'ofp_group_mod (fast failover, watch_port/watch_group)', OSKEN.format('OFPGroupMod'))
def _():
    b1 = p.OFPBucket(watch_port=1, actions=[p.OFPActionOutput(1)])
    b2 = p.OFPBucket(watch_group=3, actions=[p.OFPActionGroup(3)])
    return _gm(0x204, ofp.OFPGC_MODIFY, ofp.OFPGT_FF, 4, [b1, b2])


@case('group_mod_delete', 'ofp_group_mod (delete all)', OSKEN.format('OFPGroupMod'))
def _():
    return _gm(0x205, ofp.OFPGC_DELETE, ofp.OFPGT_ALL, ofp.OFPG_ALL, [])


# --- meter mods (7.3.4.4) -------------------------------------------------------------------------

@case('meter_mod_drop', 'ofp_meter_mod (add, drop band)', OSKEN.format('OFPMeterMod'))
def _():
    flags = ofp.OFPMF_KBPS | ofp.OFPMF_BURST | ofp.OFPMF_STATS
    return osk(p.OFPMeterMod(DP, ofp.OFPMC_ADD, flags, 1, [p.OFPMeterBandDrop(rate=1000, burst_size=100)]), 0x301)


@case('meter_mod_dscp_remark', 'ofp_meter_mod (modify, dscp_remark + drop bands)', OSKEN.format('OFPMeterMod'))
def _():
    bands = [p.OFPMeterBandDscpRemark(rate=500, burst_size=0, prec_level=1), p.OFPMeterBandDrop(rate=1000, burst_size=0)]
    return osk(p.OFPMeterMod(DP, ofp.OFPMC_MODIFY, ofp.OFPMF_PKTPS, 2, bands), 0x302)


@case('meter_mod_delete', 'ofp_meter_mod (delete)', OSKEN.format('OFPMeterMod'))
def _():
    return osk(p.OFPMeterMod(DP, ofp.OFPMC_DELETE, 0, 3, []), 0x303)


__all__ = ['CASES']
