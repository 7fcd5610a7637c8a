"""Byte builders for the golden vectors.

Controller-to-switch messages come straight out of os-ken's serializer (OFPFlowMod.serialize, ...).
os-ken has no serializer for switch-to-controller messages (replies, packet-in, ...), so those are
packed here with os-ken's OFP_*_PACK_STR layouts and os-ken's serializers for the parts (match,
instructions, actions, buckets, meter bands, table features).
"""
import struct

from os_ken.lib import addrconv
from os_ken.ofproto import ofproto_v1_3 as ofp, ofproto_v1_3_parser as p

from ofp13_json import DP


def osk(msg, xid):
    """Serialize an os-ken message with the given xid; returns the bytes."""
    msg.set_xid(xid)
    msg.serialize()
    return bytes(msg.buf)


def frame(msg_type, body, xid, version=ofp.OFP_VERSION):
    """ofp_header (7.1) + body."""
    return struct.pack(ofp.OFP_HEADER_PACK_STR, version, msg_type, 8 + len(body), xid) + bytes(body)


def match_bytes(**fields):
    """An ofp_match with its padding, serialized by os-ken (field order as given)."""
    m = p.OFPMatch(**fields)
    buf = bytearray()
    m.serialize(buf, 0)
    return bytes(buf)


def match_from(m):
    buf = bytearray()
    m.serialize(buf, 0)
    return bytes(buf)


def instructions_bytes(insts):
    buf = bytearray()
    off = 0
    for i in insts:
        i.serialize(buf, off)
        off += i.len
    return bytes(buf)


def actions_bytes(acts):
    buf = bytearray()
    off = 0
    for a in acts:
        a.serialize(buf, off)
        off += a.len
    return bytes(buf)


def buckets_bytes(buckets):
    buf = bytearray()
    off = 0
    for b in buckets:
        b.serialize(buf, off)
        off += b.len
    return bytes(buf)


def bands_bytes(bands):
    buf = bytearray()
    off = 0
    for b in bands:
        b.serialize(buf, off)
        off += b.len
    return bytes(buf)


def port_args(port_no, hw_addr, name, config=0, state=0, curr=0, advertised=0, supported=0, peer=0,
              curr_speed=0, max_speed=0):
    """The values of an ofp_port (7.2.1) in os-ken's OFP_PORT_PACK_STR order."""
    return (port_no, addrconv.mac.text_to_bin(hw_addr), name.encode('latin1'), config, state, curr, advertised,
            supported, peer, curr_speed, max_speed)


def port_bytes(*args):
    """ofp_port (7.2.1) packed with os-ken's OFP_PORT_PACK_STR."""
    return struct.pack(ofp.OFP_PORT_PACK_STR, *port_args(*args))


def mp_reply(mp_type, body, xid, flags=0):
    """ofp_multipart_reply (7.3.5) around a body."""
    return frame(ofp.OFPT_MULTIPART_REPLY, struct.pack(ofp.OFP_MULTIPART_REPLY_PACK_STR, mp_type, flags) + body, xid)


def nx_resubmit(table_id, in_port=0xfff8):
    """Nicira resubmit(in_port, table); in_port is a 16-bit OF1.0 port (0xfff8 = OFPP_IN_PORT)."""
    return p.NXActionResubmitTable(in_port=in_port, table_id=table_id)


def lldp_frame():
    """A minimal LLDP frame (IEEE 802.1AB): chassis id (MAC), port id (local), TTL, end."""
    def tlv(t, value):
        return struct.pack('!H', (t << 9) | len(value)) + value
    dst = bytes.fromhex('0180c200000e')
    src = bytes.fromhex('0a0000000003')
    body = (tlv(1, b'\x04' + bytes.fromhex('0a0000000001')) + tlv(2, b'\x07' + b'port-3') +
            tlv(3, struct.pack('!H', 120)) + tlv(0, b''))
    return dst + src + struct.pack('!H', 0x88cc) + body


def icmp_frame():
    """An Ethernet/IPv4/ICMP echo request (64 bytes on the wire, no FCS)."""
    eth = bytes.fromhex('0a0000000002' '0a0000000001' '0800')
    payload = bytes(range(22))
    icmp = struct.pack('!BBHHH', 8, 0, 0, 0x1234, 1) + payload
    csum = _csum(icmp)
    icmp = icmp[:2] + struct.pack('!H', csum) + icmp[4:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(icmp), 0x0001, 0x4000, 64, 1, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    ip = ip[:10] + struct.pack('!H', _csum(ip)) + ip[12:]
    return eth + ip + icmp


def _csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack(f'!{len(b) // 2}H', b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


__all__ = ['DP', 'osk', 'frame', 'match_bytes', 'instructions_bytes', 'actions_bytes', 'buckets_bytes',
           'bands_bytes', 'port_args', 'port_bytes', 'mp_reply', 'nx_resubmit', 'lldp_frame', 'icmp_frame', 'match_from']
