"""Expected decoded frames for the golden vectors, taken from os-ken's OpenFlow 1.3 parser.

expected_json(buf) parses the message with os-ken (its registered message parser where os-ken has
one; otherwise os-ken's pack strings and its match/action/instruction/bucket/band/table-feature
parsers) and maps os-ken's objects to the JSON form of Isthmus' src/ofp/json.ts. It never looks at
the Isthmus decoder. Where os-ken keeps no copy of some bytes (the payload of an experimenter action
or of a non-basic OXM, which os-ken turns into its own objects), the raw slice is taken from the
buffer at the offset os-ken's lengths give.
"""
import ipaddress
import struct

from os_ken.ofproto import ofproto_v1_3 as ofp, ofproto_v1_3_parser as p

import ofp13_names as N


class _Datapath:
    ofproto = ofp
    ofproto_parser = p
    id = 1


DP = _Datapath()
BASIC = {name: (size, kind) for name, size, kind in N.OXM_BASIC}
U64_OXMS = ('metadata', 'tunnel_id')


def hx(v):
    """A bigint field: lower-case hex, no leading zeros."""
    return f'0x{v:x}'


def hb(b):
    return bytes(b).hex()


def dpid(v):
    return ':'.join(f'{x:02x}' for x in v.to_bytes(8, 'big'))


def _round8(n):
    return (n + 7) // 8 * 8


# --- OXM / match ----------------------------------------------------------------------------------

def _oxm_user(name, v):
    size, kind = BASIC[name]
    if kind == 'ipv6':
        return ipaddress.IPv6Address(v).exploded
    if kind in ('mac', 'ipv4'):
        return str(v).lower()
    return hx(v) if name in U64_OXMS else int(v)


def _raw_tlvs(buf, off, end):
    out = []
    while off < end:
        hdr = struct.unpack_from('!I', buf, off)[0]
        ln = hdr & 0xff
        out.append((hdr, bytes(buf[off + 4:off + 4 + ln])))
        off += 4 + ln
    return out


def oxm_json(name, uv, raw):
    """One OXM: a basic field by name (from os-ken's user value), anything else opaque (raw TLV)."""
    hdr, body = raw
    cls, field = hdr >> 16, (hdr >> 9) & 0x7f
    if cls == 0x8000 and name in BASIC:
        if N.OXM_BASIC[field][0] != name:
            raise ValueError(f'os-ken field {name} vs wire field {field}')
        if isinstance(uv, tuple):
            return {'field': name, 'value': _oxm_user(name, uv[0]), 'mask': _oxm_user(name, uv[1])}
        return {'field': name, 'value': _oxm_user(name, uv)}
    return {'field': 'opaque', 'oxmClass': cls, 'oxmField': field, 'hasMask': bool(hdr >> 8 & 1),
            'body': hb(body)}


def match_json(m, buf, off):
    """os-ken OFPMatch parsed at `off` → our Match."""
    raws = _raw_tlvs(buf, off + 4, off + m.length)
    fields = m._fields2
    if len(raws) != len(fields):
        raise ValueError('os-ken match field count differs from the TLV count')
    return [oxm_json(k, uv, raw) for (k, uv), raw in zip(fields, raws)]


def parse_match(buf, off):
    m = p.OFPMatch.parser(bytes(buf), off)
    return match_json(m, buf, off), _round8(m.length)


# --- actions / instructions -----------------------------------------------------------------------

_SIMPLE_ACTIONS = {
    p.OFPActionCopyTtlOut: 'copy_ttl_out', p.OFPActionCopyTtlIn: 'copy_ttl_in', p.OFPActionDecMplsTtl: 'dec_mpls_ttl',
    p.OFPActionPopVlan: 'pop_vlan', p.OFPActionDecNwTtl: 'dec_nw_ttl', p.OFPActionPopPbb: 'pop_pbb',
}
_ETHERTYPE_ACTIONS = {p.OFPActionPushVlan: 'push_vlan', p.OFPActionPushMpls: 'push_mpls',
                      p.OFPActionPopMpls: 'pop_mpls', p.OFPActionPushPbb: 'push_pbb'}


def action_json(a, buf, off):
    t = type(a)
    if t is p.OFPActionOutput:
        return {'type': 'output', 'port': a.port, 'maxLen': a.max_len}
    if t in _SIMPLE_ACTIONS:
        return {'type': _SIMPLE_ACTIONS[t]}
    if t in _ETHERTYPE_ACTIONS:
        return {'type': _ETHERTYPE_ACTIONS[t], 'ethertype': a.ethertype}
    if t in (p.OFPActionSetMplsTtl, p.OFPActionSetNwTtl):
        return {'type': 'set_mpls_ttl' if t is p.OFPActionSetMplsTtl else 'set_nw_ttl',
                'ttl': a.mpls_ttl if t is p.OFPActionSetMplsTtl else a.nw_ttl}
    if t is p.OFPActionSetQueue:
        return {'type': 'set_queue', 'queueId': a.queue_id}
    if t is p.OFPActionGroup:
        return {'type': 'group', 'groupId': a.group_id}
    if t is p.OFPActionSetField:
        raw = _raw_tlvs(buf, off + 4, off + 4 + 4 + (struct.unpack_from('!I', buf, off + 4)[0] & 0xff))[0]
        return {'type': 'set_field', 'field': oxm_json(a.key, a.value, raw)}
    # An experimenter action: os-ken turns Nicira ones into NXAction objects; ours keeps the bytes.
    typ, ln, exp = struct.unpack_from('!HHI', buf, off)
    if typ != 0xffff or ln != a.len:
        raise ValueError(f'unmapped os-ken action {t.__name__}')
    return {'type': 'experimenter', 'experimenter': exp, 'data': hb(buf[off + 8:off + ln])}


def parse_actions(buf, off, end):
    out = []
    while off < end:
        a = p.OFPAction.parser(bytes(buf), off)
        out.append(action_json(a, buf, off))
        off += a.len
    if off != end:
        raise ValueError('actions overran')
    return out


def parse_instructions(buf, off, end):
    out = []
    while off < end:
        i = p.OFPInstruction.parser(bytes(buf), off)
        if i is None:
            raise ValueError('os-ken does not know this instruction')
        t = type(i)
        if t is p.OFPInstructionGotoTable:
            out.append({'type': 'goto_table', 'tableId': i.table_id})
        elif t is p.OFPInstructionWriteMetadata:
            out.append({'type': 'write_metadata', 'metadata': hx(i.metadata), 'metadataMask': hx(i.metadata_mask)})
        elif t is p.OFPInstructionMeter:
            out.append({'type': 'meter', 'meterId': i.meter_id})
        elif i.type == ofp.OFPIT_CLEAR_ACTIONS:
            out.append({'type': 'clear_actions'})
        else:
            kind = 'write_actions' if i.type == ofp.OFPIT_WRITE_ACTIONS else 'apply_actions'
            out.append({'type': kind, 'actions': parse_actions(buf, off + 8, off + i.len)})
        off += i.len
    if off != end:
        raise ValueError('instructions overran')
    return out


# --- structures -----------------------------------------------------------------------------------

def port_json(pt):
    return {'portNo': pt.port_no, 'hwAddr': pt.hw_addr, 'name': pt.name.decode('latin1'), 'config': pt.config,
            'state': pt.state, 'curr': pt.curr, 'advertised': pt.advertised, 'supported': pt.supported,
            'peer': pt.peer, 'currSpeed': pt.curr_speed, 'maxSpeed': pt.max_speed}


def parse_buckets(buf, off, end):
    out = []
    while off < end:
        b = p.OFPBucket.parser(bytes(buf), off)
        out.append({'weight': b.weight, 'watchPort': b.watch_port, 'watchGroup': b.watch_group,
                    'actions': parse_actions(buf, off + 16, off + b.len)})
        off += b.len
    return out


def band_json(b):
    if isinstance(b, p.OFPMeterBandDrop):
        return {'type': 'drop', 'rate': b.rate, 'burstSize': b.burst_size}
    if isinstance(b, p.OFPMeterBandDscpRemark):
        return {'type': 'dscp_remark', 'rate': b.rate, 'burstSize': b.burst_size, 'precLevel': b.prec_level}
    return {'type': 'experimenter', 'rate': b.rate, 'burstSize': b.burst_size, 'experimenter': b.experimenter,
            'data': ''}


def parse_bands(buf, off, end):
    out = []
    while off < end:
        b = p.OFPMeterBandHeader.parser(bytes(buf), off)
        out.append(band_json(b))
        off += struct.unpack_from('!H', buf, off + 2)[0]
    return out


GROUP_TYPES = {0: 'all', 1: 'select', 2: 'indirect', 3: 'ff'}
MOD_COMMANDS = {0: 'add', 1: 'modify', 2: 'delete'}
FLOW_COMMANDS = {0: 'add', 1: 'modify', 2: 'modify_strict', 3: 'delete', 4: 'delete_strict'}
ROLES = {0: 'nochange', 1: 'equal', 2: 'master', 3: 'slave'}
PACKET_IN_REASONS = {0: 'no_match', 1: 'action', 2: 'invalid_ttl'}
FLOW_REMOVED_REASONS = {0: 'idle_timeout', 1: 'hard_timeout', 2: 'delete', 3: 'group_delete'}
PORT_REASONS = {0: 'add', 1: 'delete', 2: 'modify'}
TF_PROPS = {0: 'instructions', 1: 'instructions_miss', 2: 'next_tables', 3: 'next_tables_miss', 4: 'write_actions',
            5: 'write_actions_miss', 6: 'apply_actions', 7: 'apply_actions_miss', 8: 'match', 10: 'wildcards',
            12: 'write_setfield', 13: 'write_setfield_miss', 14: 'apply_setfield', 15: 'apply_setfield_miss',
            0xfffe: 'experimenter', 0xffff: 'experimenter_miss'}


def _oxm_id_json(i, raw_hdr, raw_exp):
    # os-ken keeps the field name, hasmask and length of an OXM id; rebuild the 32-bit header from them.
    if isinstance(i, p.OFPExperimenterOxmId):
        return {'header': raw_hdr, 'experimenter': i.exp_id if raw_exp is None else raw_exp}
    n, _v, _m = ofp.oxm_from_user(i.type, None)
    hdr = (n << 9) | (int(i.hasmask) << 8) | i.length
    if hdr != raw_hdr:
        raise ValueError(f'oxm id {i.type}: os-ken 0x{hdr:08x} vs wire 0x{raw_hdr:08x}')
    return {'header': hdr}


def table_features_json(tf, buf, off):
    props = []
    poff = off + 64
    for pr in tf.properties:
        name = TF_PROPS[pr.type]
        if isinstance(pr, p.OFPTableFeaturePropInstructions):
            if any(i.len != 4 for i in pr.instruction_ids):
                raise ValueError('instruction ids with data are not mapped')
            props.append({'type': name, 'ids': [{'code': i.type, 'data': ''} for i in pr.instruction_ids]})
        elif isinstance(pr, p.OFPTableFeaturePropNextTables):
            props.append({'type': name, 'tableIds': list(pr.table_ids)})
        elif isinstance(pr, p.OFPTableFeaturePropActions):
            if any(i.len != 4 for i in pr.action_ids):
                raise ValueError('action ids with data are not mapped')
            props.append({'type': name, 'ids': [{'code': i.type, 'data': ''} for i in pr.action_ids]})
        elif isinstance(pr, p.OFPTableFeaturePropOxm):
            ids, q = [], poff + 4
            for i in pr.oxm_ids:
                raw_hdr = struct.unpack_from('!I', buf, q)[0]
                raw_exp = struct.unpack_from('!I', buf, q + 4)[0] if raw_hdr >> 16 == 0xffff else None
                ids.append(_oxm_id_json(i, raw_hdr, raw_exp))
                q += 8 if raw_exp is not None else 4
            props.append({'type': name, 'oxmIds': ids})
        elif isinstance(pr, p.OFPTableFeaturePropExperimenter):
            data = b''.join(struct.pack('!I', d) for d in pr.data)
            props.append({'type': name, 'experimenter': pr.experimenter, 'expType': pr.exp_type, 'data': hb(data)})
        else:
            raise ValueError(f'unmapped table feature property {type(pr).__name__}')
        poff += _round8(pr.length)
    return {'tableId': tf.table_id, 'name': tf.name.decode('latin1'), 'metadataMatch': hx(tf.metadata_match),
            'metadataWrite': hx(tf.metadata_write), 'config': tf.config, 'maxEntries': tf.max_entries,
            'properties': props}


def parse_table_features(buf, off, end):
    out = []
    while off < end:
        tf = p.OFPTableFeaturesStats.parser(bytes(buf), off)
        out.append(table_features_json(tf, buf, off))
        off += tf.length
    return out
