"""Message-level os-ken → Isthmus JSON mapping (see ofp13_json.py for the principles)."""
import struct

from os_ken.ofproto import ofproto_v1_3 as ofp, ofproto_v1_3_parser as p

from ofp13_json import (DP, FLOW_COMMANDS, FLOW_REMOVED_REASONS, GROUP_TYPES, MOD_COMMANDS, PACKET_IN_REASONS,
                        PORT_REASONS, ROLES, band_json, dpid, hb, hx, match_json, parse_actions, parse_bands,
                        parse_buckets, parse_instructions, parse_match, parse_table_features, port_json,
                        table_features_json, _round8)

MP_NAMES = {0: 'desc', 1: 'flow', 2: 'aggregate', 3: 'table', 4: 'port_stats', 5: 'queue', 6: 'group',
            7: 'group_desc', 8: 'group_features', 9: 'meter', 10: 'meter_config', 11: 'meter_features',
            12: 'table_features', 13: 'port_desc', 0xffff: 'experimenter'}


def _osken(buf):
    """os-ken's registered OF1.3 parser for this message type (version taken from the header)."""
    version, typ, length, xid = struct.unpack_from('!BBHI', buf, 0)
    return p.msg_parser(DP, version, typ, length, xid, bytes(buf))


def _hello(buf, version):
    m = _osken(buf)
    elems, off, known = [], 8, iter(m.elements)
    # os-ken parses versionbitmap elements and skips the rest; unknown ones are kept as raw bytes.
    while off < len(buf):
        t, ln = struct.unpack_from('!HH', buf, off)
        if t == ofp.OFPHET_VERSIONBITMAP:
            elems.append({'type': 'versionbitmap', 'bitmaps': list(next(known)._bitmaps)})
        else:
            elems.append({'type': 'unknown', 'code': t, 'body': hb(buf[off + 4:off + ln])})
        off += _round8(ln)
    return {'type': 'hello', 'version': version, 'elements': elems}


def _error(buf, version):
    m = _osken(buf)
    if m.type == ofp.OFPET_EXPERIMENTER:
        return {'type': 'error', 'version': version, 'errType': m.type, 'code': m.exp_type,
                'data': hb(struct.pack('!I', m.experimenter) + bytes(m.data))}
    return {'type': 'error', 'version': version, 'errType': m.type, 'code': m.code, 'data': hb(m.data)}


def _mp_reply_body(m, buf):
    t, body = m.type, m.body
    if t == 0:
        body = body[0] if isinstance(body, list) else body
    name = MP_NAMES[t]
    if t == 0:
        return {'type': name, 'mfrDesc': body.mfr_desc.decode('latin1'), 'hwDesc': body.hw_desc.decode('latin1'),
                'swDesc': body.sw_desc.decode('latin1'), 'serialNum': body.serial_num.decode('latin1'),
                'dpDesc': body.dp_desc.decode('latin1')}
    if t == 1:
        stats, off = [], 16
        for s in body:
            match, mlen = parse_match(buf, off + 48)
            stats.append({'tableId': s.table_id, 'durationSec': s.duration_sec, 'durationNsec': s.duration_nsec,
                          'priority': s.priority, 'idleTimeout': s.idle_timeout, 'hardTimeout': s.hard_timeout,
                          'flags': s.flags, 'cookie': hx(s.cookie), 'packetCount': hx(s.packet_count),
                          'byteCount': hx(s.byte_count), 'match': match,
                          'instructions': parse_instructions(buf, off + 48 + mlen, off + s.length)})
            off += s.length
        return {'type': name, 'stats': stats}
    if t == 2:
        body = body[0] if isinstance(body, list) else body
        return {'type': name, 'packetCount': hx(body.packet_count), 'byteCount': hx(body.byte_count),
                'flowCount': body.flow_count}
    if t == 3:
        return {'type': name, 'stats': [{'tableId': s.table_id, 'activeCount': s.active_count,
                                         'lookupCount': hx(s.lookup_count), 'matchedCount': hx(s.matched_count)}
                                        for s in body]}
    if t == 4:
        keys = ('rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_dropped', 'tx_dropped', 'rx_errors',
                'tx_errors', 'rx_frame_err', 'rx_over_err', 'rx_crc_err', 'collisions')
        stats = []
        for s in body:
            e = {'portNo': s.port_no}
            for k in keys:
                e[_camel(k)] = hx(getattr(s, k))
            e['durationSec'], e['durationNsec'] = s.duration_sec, s.duration_nsec
            stats.append(e)
        return {'type': name, 'stats': stats}
    if t == 5:
        return {'type': name, 'stats': [{'portNo': s.port_no, 'queueId': s.queue_id, 'txBytes': hx(s.tx_bytes),
                                         'txPackets': hx(s.tx_packets), 'txErrors': hx(s.tx_errors),
                                         'durationSec': s.duration_sec, 'durationNsec': s.duration_nsec}
                                        for s in body]}
    if t == 6:
        return {'type': name, 'stats': [{'groupId': s.group_id, 'refCount': s.ref_count,
                                         'packetCount': hx(s.packet_count), 'byteCount': hx(s.byte_count),
                                         'durationSec': s.duration_sec, 'durationNsec': s.duration_nsec,
                                         'bucketStats': [{'packetCount': hx(b.packet_count),
                                                          'byteCount': hx(b.byte_count)} for b in s.bucket_stats]}
                                        for s in body]}
    if t == 7:
        groups, off = [], 16
        for g in body:
            groups.append({'groupType': GROUP_TYPES[g.type], 'groupId': g.group_id,
                           'buckets': parse_buckets(buf, off + 8, off + g.length)})
            off += g.length
        return {'type': name, 'groups': groups}
    if t == 8:
        body = body[0] if isinstance(body, list) else body
        return {'type': name, 'types': body.types, 'capabilities': body.capabilities,
                'maxGroups': list(body.max_groups), 'actions': list(body.actions)}
    if t == 9:
        return {'type': name, 'stats': [{'meterId': s.meter_id, 'flowCount': s.flow_count,
                                         'packetInCount': hx(s.packet_in_count), 'byteInCount': hx(s.byte_in_count),
                                         'durationSec': s.duration_sec, 'durationNsec': s.duration_nsec,
                                         'bandStats': [{'packetBandCount': hx(b.packet_band_count),
                                                        'byteBandCount': hx(b.byte_band_count)}
                                                       for b in s.band_stats]} for s in body]}
    if t == 10:
        return {'type': name, 'configs': [{'flags': c.flags, 'meterId': c.meter_id,
                                           'bands': [band_json(b) for b in c.bands]} for c in body]}
    if t == 11:
        body = body[0] if isinstance(body, list) else body
        return {'type': name, 'maxMeter': body.max_meter, 'bandTypes': body.band_types,
                'capabilities': body.capabilities, 'maxBands': body.max_bands, 'maxColor': body.max_color}
    if t == 12:
        tables, off = [], 16
        for tf in body:
            tables.append(table_features_json(tf, buf, off))
            off += tf.length
        return {'type': name, 'tables': tables}
    if t == 13:
        return {'type': name, 'ports': [port_json(pt) for pt in body]}
    if t == 0xffff:
        e = body[0] if isinstance(body, list) else body
        return {'type': name, 'experimenter': e.experimenter, 'expType': e.exp_type, 'data': hb(e.data)}
    raise ValueError(f'unmapped multipart reply type {t}')


def _camel(k):
    head, *rest = k.split('_')
    return head + ''.join(w.capitalize() for w in rest)


def _mp_request_body(t, buf):
    """Multipart requests have no os-ken parser: os-ken's pack strings and sub-parsers do the work."""
    name = MP_NAMES[t]
    if t in (1, 2):
        table_id, out_port, out_group, cookie, cookie_mask = struct.unpack_from(
            ofp.OFP_FLOW_STATS_REQUEST_0_PACK_STR, buf, 16)
        match, _ = parse_match(buf, 16 + ofp.OFP_FLOW_STATS_REQUEST_0_SIZE)
        return {'type': name, 'tableId': table_id, 'outPort': out_port, 'outGroup': out_group, 'cookie': hx(cookie),
                'cookieMask': hx(cookie_mask), 'match': match}
    if t == 4:
        return {'type': name, 'portNo': struct.unpack_from(ofp.OFP_PORT_STATS_REQUEST_PACK_STR, buf, 16)[0]}
    if t == 5:
        port_no, queue_id = struct.unpack_from(ofp.OFP_QUEUE_STATS_REQUEST_PACK_STR, buf, 16)
        return {'type': name, 'portNo': port_no, 'queueId': queue_id}
    if t == 6:
        return {'type': name, 'groupId': struct.unpack_from(ofp.OFP_GROUP_STATS_REQUEST_PACK_STR, buf, 16)[0]}
    if t in (9, 10):
        return {'type': name, 'meterId': struct.unpack_from(ofp.OFP_METER_MULTIPART_REQUEST_PACK_STR, buf, 16)[0]}
    if t == 12:
        return {'type': name, 'tables': parse_table_features(buf, 16, len(buf))}
    if t == 0xffff:
        exp, exp_type = struct.unpack_from(ofp.OFP_EXPERIMENTER_MULTIPART_HEADER_PACK_STR, buf, 16)
        return {'type': name, 'experimenter': exp, 'expType': exp_type, 'data': hb(buf[24:])}
    if len(buf) != 16:
        raise ValueError(f'multipart request {name} has a body')
    return {'type': name}


def _retype(buf, typ):
    """The same bytes with another ofp_header.type, for os-ken's parser of the twin message."""
    return bytes(buf[:1]) + bytes([typ]) + bytes(buf[2:])


def _body(buf, version, typ):
    if typ == 0:
        return _hello(buf, version)
    if typ == 1:
        return _error(buf, version)
    if typ in (2, 3):
        return {'type': 'echo_request' if typ == 2 else 'echo_reply', 'data': hb(_osken(buf).data)}
    if typ == 4:
        m = p.OFPExperimenter.parser(DP, version, typ, len(buf), 0, bytes(buf))
        return {'type': 'experimenter', 'experimenter': m.experimenter, 'expType': m.exp_type,
                'data': hb(buf[16:])}
    simple = {5: 'features_request', 7: 'get_config_request', 20: 'barrier_request', 21: 'barrier_reply',
              26: 'get_async_request'}
    if typ in simple:
        if len(buf) != 8:
            raise ValueError('header-only message with a body')
        return {'type': simple[typ]}
    if typ == 6:
        m = _osken(buf)
        return {'type': 'features_reply', 'datapathId': dpid(m.datapath_id), 'nBuffers': m.n_buffers,
                'nTables': m.n_tables, 'auxiliaryId': m.auxiliary_id, 'capabilities': m.capabilities,
                'reserved': m._reserved}
    if typ in (8, 9):
        # set_config has the layout of get_config_reply (7.3.2), so os-ken's reply parser reads both.
        m = p.OFPGetConfigReply.parser(DP, version, 8, len(buf), 0, _retype(buf, 8))
        return {'type': 'get_config_reply' if typ == 8 else 'set_config', 'flags': m.flags,
                'missSendLen': m.miss_send_len}
    if typ == 10:
        m = _osken(buf)
        return {'type': 'packet_in', 'bufferId': m.buffer_id, 'totalLen': m.total_len,
                'reason': PACKET_IN_REASONS[m.reason], 'tableId': m.table_id, 'cookie': hx(m.cookie),
                'match': match_json(m.match, buf, 24), 'data': hb(m.data)}
    if typ == 11:
        m = _osken(buf)
        return {'type': 'flow_removed', 'cookie': hx(m.cookie), 'priority': m.priority,
                'reason': FLOW_REMOVED_REASONS[m.reason], 'tableId': m.table_id, 'durationSec': m.duration_sec,
                'durationNsec': m.duration_nsec, 'idleTimeout': m.idle_timeout, 'hardTimeout': m.hard_timeout,
                'packetCount': hx(m.packet_count), 'byteCount': hx(m.byte_count),
                'match': match_json(m.match, buf, 48)}
    if typ == 12:
        m = _osken(buf)
        return {'type': 'port_status', 'reason': PORT_REASONS[m.reason], 'desc': port_json(m.desc)}
    if typ == 13:
        buffer_id, in_port, actions_len = struct.unpack_from(ofp.OFP_PACKET_OUT_PACK_STR, buf, 8)
        return {'type': 'packet_out', 'bufferId': buffer_id, 'inPort': in_port,
                'actions': parse_actions(buf, 24, 24 + actions_len), 'data': hb(buf[24 + actions_len:])}
    if typ == 14:
        m = _osken(buf)
        _, mlen = parse_match(buf, 48)
        return {'type': 'flow_mod', 'cookie': hx(m.cookie), 'cookieMask': hx(m.cookie_mask), 'tableId': m.table_id,
                'command': FLOW_COMMANDS[m.command], 'idleTimeout': m.idle_timeout, 'hardTimeout': m.hard_timeout,
                'priority': m.priority, 'bufferId': m.buffer_id, 'outPort': m.out_port, 'outGroup': m.out_group,
                'flags': m.flags, 'match': match_json(m.match, buf, 48),
                'instructions': parse_instructions(buf, 48 + mlen, len(buf))}
    if typ == 15:
        command, gtype, group_id = struct.unpack_from(ofp.OFP_GROUP_MOD_PACK_STR, buf, 8)
        return {'type': 'group_mod', 'command': MOD_COMMANDS[command], 'groupType': GROUP_TYPES[gtype],
                'groupId': group_id, 'buckets': parse_buckets(buf, 16, len(buf))}
    if typ == 16:
        port_no, hw, config, mask, advertise = struct.unpack_from(ofp.OFP_PORT_MOD_PACK_STR, buf, 8)
        return {'type': 'port_mod', 'portNo': port_no, 'hwAddr': ':'.join(f'{x:02x}' for x in hw),
                'config': config, 'mask': mask, 'advertise': advertise}
    if typ == 17:
        table_id, config = struct.unpack_from(ofp.OFP_TABLE_MOD_PACK_STR, buf, 8)
        return {'type': 'table_mod', 'tableId': table_id, 'config': config}
    if typ == 18:
        t, flags = struct.unpack_from(ofp.OFP_MULTIPART_REQUEST_PACK_STR, buf, 8)
        return {'type': 'multipart_request', 'flags': flags, 'body': _mp_request_body(t, buf)}
    if typ == 19:
        m = _osken(buf)
        return {'type': 'multipart_reply', 'flags': m.flags, 'body': _mp_reply_body(m, buf)}
    if typ == 22:
        return {'type': 'queue_get_config_request',
                'port': struct.unpack_from(ofp.OFP_QUEUE_GET_CONFIG_REQUEST_PACK_STR, buf, 8)[0]}
    if typ == 23:
        m = _osken(buf)
        queues = []
        for q in m.queues:
            props = []
            for pr in q.properties:
                if isinstance(pr, (p.OFPQueuePropMinRate, p.OFPQueuePropMaxRate)):
                    props.append({'type': 'min_rate' if isinstance(pr, p.OFPQueuePropMinRate) else 'max_rate',
                                  'rate': pr.rate})
                else:
                    props.append({'type': 'experimenter', 'experimenter': pr.experimenter, 'data': hb(bytes(pr.data))})
            queues.append({'queueId': q.queue_id, 'port': q.port, 'properties': props})
        return {'type': 'queue_get_config_reply', 'port': m.port, 'queues': queues}
    if typ in (24, 25):
        # role_request has the layout of role_reply (7.3.9).
        m = p.OFPRoleReply.parser(DP, version, 25, len(buf), 0, _retype(buf, 25))
        return {'type': 'role_request' if typ == 24 else 'role_reply', 'role': ROLES[m.role],
                'generationId': hx(m.generation_id)}
    if typ in (27, 28):
        # set_async has the layout of get_async_reply (7.3.10).
        m = p.OFPGetAsyncReply.parser(DP, version, 27, len(buf), 0, _retype(buf, 27))
        return {'type': 'get_async_reply' if typ == 27 else 'set_async', 'packetInMask': m.packet_in_mask,
                'portStatusMask': m.port_status_mask, 'flowRemovedMask': m.flow_removed_mask}
    if typ == 29:
        command, flags, meter_id = struct.unpack_from(ofp.OFP_METER_MOD_PACK_STR, buf, 8)
        return {'type': 'meter_mod', 'command': MOD_COMMANDS[command], 'flags': flags, 'meterId': meter_id,
                'bands': parse_bands(buf, 16, len(buf))}
    raise ValueError(f'unmapped message type {typ}')


def expected_json(buf):
    """The expected decoded frame of one message: {"xid": n, "type": ..., ...fields}."""
    version, typ, length, xid = struct.unpack_from('!BBHI', buf, 0)
    if length != len(buf):
        raise ValueError('length mismatch')
    out = {'xid': xid}
    out.update(_body(bytes(buf), version, typ))
    return out
