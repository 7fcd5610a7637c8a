"""os-ken side of `npm run bench:codec` (bench/codec.ts runs it with /usr/bin/python3).

Reads {"runs": n, "minTime": seconds, "rows": [{"name", "hex", "expect"}]} on stdin, where each
hex is a message built by the isthmus encoder. For each row it checks that os-ken's OpenFlow 1.3
parser decodes the bytes to the expected class, then times decode (header + ofproto_parser.msg)
and encode, and prints {name: {"decode", "encode", "encodeHow", "class"}} as JSON (ops/s,
median of `runs`).

Encode uses msg.serialize() where os-ken has a serializer for the message. PACKET_IN and multipart
replies are switch-to-controller messages that os-ken only parses; for those the bytes are
composed from os-ken's own pieces (OFPMatch.serialize, OFPInstruction.serialize, the ofproto pack
strings), the way MsgBase subclasses do it. Either way the output must equal the input bytes.
"""
import json
import statistics
import struct
import sys
import time

from os_ken.ofproto import ofproto_parser, ofproto_v1_3 as ofp, ofproto_v1_3_parser as parser


class Datapath:
    """The two attributes of os_ken.controller.controller.Datapath that the codec uses."""
    ofproto = ofp
    ofproto_parser = parser


DP = Datapath()


def decode(buf):
    version, msg_type, msg_len, xid = ofproto_parser.header(buf)
    return ofproto_parser.msg(DP, version, msg_type, msg_len, xid, buf)


def serialize_msg(msg):
    msg.serialize()
    return msg.buf


def compose_packet_in(msg):
    # OF1.3.5 7.4.1 ofp_packet_in: header, fixed fields, ofp_match, 2 bytes pad, frame.
    buf = bytearray(ofp.OFP_PACKET_IN_SIZE - ofp.OFP_MATCH_SIZE)
    struct.pack_into(ofp.OFP_PACKET_IN_PACK_STR, buf, ofp.OFP_HEADER_SIZE,
                     msg.buffer_id, msg.total_len, msg.reason, msg.table_id, msg.cookie)
    msg.match.serialize(buf, len(buf))
    buf += b'\x00\x00'
    buf += msg.data
    struct.pack_into(ofp.OFP_HEADER_PACK_STR, buf, 0, ofp.OFP_VERSION, ofp.OFPT_PACKET_IN, len(buf), msg.xid)
    return buf


def compose_flow_stats_reply(msg):
    # OF1.3.5 7.3.5.2 ofp_multipart_reply + ofp_flow_stats entries.
    buf = bytearray(ofp.OFP_MULTIPART_REPLY_SIZE)
    struct.pack_into(ofp.OFP_MULTIPART_REPLY_PACK_STR, buf, ofp.OFP_HEADER_SIZE, ofp.OFPMP_FLOW, msg.flags)
    for st in msg.body:
        start = len(buf)
        buf += bytearray(ofp.OFP_FLOW_STATS_0_SIZE)
        offset = start + ofp.OFP_FLOW_STATS_0_SIZE
        offset += st.match.serialize(buf, offset)
        for inst in st.instructions:
            inst.serialize(buf, offset)
            offset += inst.len
        struct.pack_into(ofp.OFP_FLOW_STATS_0_PACK_STR, buf, start, offset - start, st.table_id,
                         st.duration_sec, st.duration_nsec, st.priority, st.idle_timeout,
                         st.hard_timeout, st.flags, st.cookie, st.packet_count, st.byte_count)
    struct.pack_into(ofp.OFP_HEADER_PACK_STR, buf, 0, ofp.OFP_VERSION, ofp.OFPT_MULTIPART_REPLY, len(buf), msg.xid)
    return buf


def encoder_for(msg):
    if isinstance(msg, parser.OFPPacketIn):
        return compose_packet_in, 'composed from OFPMatch.serialize + struct (os-ken has no PacketIn serializer)'
    if isinstance(msg, parser.OFPFlowStatsReply):
        return (compose_flow_stats_reply,
                'composed from OFPMatch/OFPInstruction.serialize + struct (os-ken has no reply serializer)')
    return serialize_msg, 'msg.serialize()'


def ops_per_sec(fn, arg, runs, min_time):
    fn(arg)
    n = 1
    while True:  # calibrate: one run lasts at least min_time
        t0 = time.perf_counter()
        for _ in range(n):
            fn(arg)
        if time.perf_counter() - t0 >= min_time:
            break
        n *= 2
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(n):
            fn(arg)
        rates.append(n / (time.perf_counter() - t0))
    return statistics.median(rates)


def main():
    spec = json.load(sys.stdin)
    out = {}
    for row in spec['rows']:
        buf = bytes.fromhex(row['hex'])
        msg = decode(buf)
        cls = type(msg).__name__
        if cls != row['expect']:
            raise SystemExit('%s: os-ken decoded %s, expected %s' % (row['name'], cls, row['expect']))
        encode, how = encoder_for(msg)
        if bytes(encode(msg)) != buf:
            raise SystemExit('%s: os-ken re-encoding differs from the input bytes' % row['name'])
        out[row['name']] = {
            'class': cls,
            'decode': ops_per_sec(decode, buf, spec['runs'], spec['minTime']),
            'encode': ops_per_sec(encode, msg, spec['runs'], spec['minTime']),
            'encodeHow': how,
        }
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
