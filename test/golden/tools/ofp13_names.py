"""Spec names for numeric codes, used only to write the comments of the annotated .hex vectors.

The tables come from os-ken's ofproto_v1_3 constants module (facts of OF1.3.5 section 7), looked up
by prefix, so the annotator does not carry its own copy of the numbers.
"""
from os_ken.ofproto import ofproto_v1_3 as ofp


def _names(prefix, exclude=()):
    out = {}
    for key, value in vars(ofp).items():
        if not key.startswith(prefix) or not isinstance(value, int):
            continue
        if any(key.startswith(x) for x in exclude):
            continue
        out.setdefault(value, key)
    return out


MSG_TYPES = _names('OFPT_')
MP_TYPES = _names('OFPMP_')
ACTION_TYPES = _names('OFPAT_')
INSTRUCTION_TYPES = _names('OFPIT_')
TF_PROP_TYPES = _names('OFPTFPT_')
ERROR_TYPES = _names('OFPET_')
GROUP_TYPES = _names('OFPGT_')
GROUP_COMMANDS = _names('OFPGC_')
METER_COMMANDS = _names('OFPMC_')
METER_BAND_TYPES = _names('OFPMBT_')
FLOW_COMMANDS = _names('OFPFC_')
PACKET_IN_REASONS = _names('OFPR_')
FLOW_REMOVED_REASONS = _names('OFPRR_')
PORT_REASONS = _names('OFPPR_')
ROLES = _names('OFPCR_ROLE_')
QUEUE_PROPS = _names('OFPQT_')
HELLO_ELEMS = _names('OFPHET_')
OXM_CLASSES = {0x0000: 'NXM_0', 0x0001: 'NXM_1', 0x8000: 'OPENFLOW_BASIC', 0x8001: 'PACKET_REGS',
               0xffff: 'EXPERIMENTER'}
# Non-basic OXMs the vectors use: NXM_1 registers (OVS meta-flow.h NXM_NX_REGn) and the ONF
# experimenter tcp_flags (EXT-109, ONFOXM_ET_TCP_FLAGS), keyed (class, field).
OTHER_OXMS = {**{(0x0001, n): f'reg{n} (NXM_NX_REG{n})' for n in range(16)}, (0xffff, 42): 'tcp_flags (ONF EXT-109)'}
# OF1.3.5 7.4.4: one code enum per error type; the prefix of each enum.
ERROR_CODE_PREFIX = {
    0: 'OFPHFC_', 1: 'OFPBRC_', 2: 'OFPBAC_', 3: 'OFPBIC_', 4: 'OFPBMC_', 5: 'OFPFMFC_', 6: 'OFPGMFC_',
    7: 'OFPPMFC_', 8: 'OFPTMFC_', 9: 'OFPQOFC_', 10: 'OFPSCFC_', 11: 'OFPRRFC_', 12: 'OFPMMFC_',
    13: 'OFPTFFC_',
}
RESERVED_PORTS = {
    0xffffff00: 'OFPP_MAX', 0xfffffff8: 'OFPP_IN_PORT', 0xfffffff9: 'OFPP_TABLE', 0xfffffffa: 'OFPP_NORMAL',
    0xfffffffb: 'OFPP_FLOOD', 0xfffffffc: 'OFPP_ALL', 0xfffffffd: 'OFPP_CONTROLLER', 0xfffffffe: 'OFPP_LOCAL',
    0xffffffff: 'OFPP_ANY',
}
RESERVED_GROUPS = {0xfffffffc: 'OFPG_ALL', 0xffffffff: 'OFPG_ANY'}
RESERVED_METERS = {0xfffffffd: 'OFPM_SLOWPATH', 0xfffffffe: 'OFPM_CONTROLLER', 0xffffffff: 'OFPM_ALL'}
EXPERIMENTERS = {0x00002320: 'NX_VENDOR_ID (Nicira)', 0x4f4e4600: 'ONF_EXPERIMENTER_ID',
                 0x000026e1: 'OpenFlow-BE'}

# OF1.3.5 7.2.3.7 Table 12, in field order: (name, payload bytes, kind).
OXM_BASIC = [
    ('in_port', 4, 'port'), ('in_phy_port', 4, 'port'), ('metadata', 8, 'hex'), ('eth_dst', 6, 'mac'),
    ('eth_src', 6, 'mac'), ('eth_type', 2, 'hex'), ('vlan_vid', 2, 'vid'), ('vlan_pcp', 1, 'int'),
    ('ip_dscp', 1, 'int'), ('ip_ecn', 1, 'int'), ('ip_proto', 1, 'int'), ('ipv4_src', 4, 'ipv4'),
    ('ipv4_dst', 4, 'ipv4'), ('tcp_src', 2, 'int'), ('tcp_dst', 2, 'int'), ('udp_src', 2, 'int'),
    ('udp_dst', 2, 'int'), ('sctp_src', 2, 'int'), ('sctp_dst', 2, 'int'), ('icmpv4_type', 1, 'int'),
    ('icmpv4_code', 1, 'int'), ('arp_op', 2, 'int'), ('arp_spa', 4, 'ipv4'), ('arp_tpa', 4, 'ipv4'),
    ('arp_sha', 6, 'mac'), ('arp_tha', 6, 'mac'), ('ipv6_src', 16, 'ipv6'), ('ipv6_dst', 16, 'ipv6'),
    ('ipv6_flabel', 4, 'hex'), ('icmpv6_type', 1, 'int'), ('icmpv6_code', 1, 'int'),
    ('ipv6_nd_target', 16, 'ipv6'), ('ipv6_nd_sll', 6, 'mac'), ('ipv6_nd_tll', 6, 'mac'),
    ('mpls_label', 4, 'int'), ('mpls_tc', 1, 'int'), ('mpls_bos', 1, 'int'), ('pbb_isid', 3, 'hex'),
    ('tunnel_id', 8, 'hex'), ('ipv6_exthdr', 2, 'hex'),
]


def error_code_name(err_type, code):
    """Pure. OFPxxC_ name of an error code, or the number."""
    prefix = ERROR_CODE_PREFIX.get(err_type)
    if prefix is None:
        return str(code)
    return _names(prefix).get(code, str(code))


def port_name(port):
    """Pure. Port number with its reserved name, if any."""
    return f'{port} ({RESERVED_PORTS[port]})' if port in RESERVED_PORTS else str(port)


def named(table, value, width=0):
    """Pure. `NAME(value)` or `UNKNOWN(value)`."""
    shown = f'0x{value:0{width}x}' if width else str(value)
    return f'{table.get(value, "UNKNOWN")}({shown})'
