"""Message-level annotator: ofp_header plus every OF1.3.5 message body and multipart body.

annotate(buf) returns the annotated lines; it raises unless the dissection consumes exactly
ofp_header.length bytes and the buffer is that long.
"""
import ofp13_names as N
from ofp13_annotate import (Ann, action, actions, bucket, ethernet, hello_elem, instructions, match,
                            meter_band, named_exp, oxm, port, queue)


def header(a):
    v, t, ln, xid = a.peek(1), a.peek(1, 1), a.peek(2, 2), a.peek(4, 4)
    a.emit(8, f'ofp_header: version={v}, type={N.named(N.MSG_TYPES, t)}, length={ln}, xid=0x{xid:x}')
    return t, ln


def _error(a, end):
    t = a.peek(2)
    a.emit(2, f'type={N.named(N.ERROR_TYPES, t)}')
    if t == 0xffff:
        a.u(2, 'exp_type')
        a.u(4, 'experimenter', named_exp)
        a.blob(end - a.pos, 'data')
        return
    c = a.peek(2)
    a.emit(2, f'code={N.error_code_name(t, c)}({c})')
    n = end - a.pos
    if t == 0:
        raw = a.b[a.pos:end]
        a.emit(n, f'data: ASCII "{raw.decode("latin1")}" ({n} bytes)')
    elif n >= 8 and a.b[a.pos] == 4 and a.peek(2, a.pos + 2) == n:
        # The data is a whole offending message: dissect it too, each comment marked "data>".
        for ln in annotate(a.b[a.pos:end]):
            hexpart, _, comment = ln.partition('  # ')
            a.lines.append(f'{hexpart}  # data> {comment}')
        a.pos = end
    else:
        a.blob(n, 'data')


def _flow_stats_request(a):
    a.u(1, 'table_id', lambda v: f'{v}' + (' (OFPTT_ALL)' if v == 0xff else ''))
    a.pad(3)
    a.u(4, 'out_port', N.port_name)
    a.u(4, 'out_group', lambda v: f'{v} ({N.RESERVED_GROUPS[v]})' if v in N.RESERVED_GROUPS else str(v))
    a.pad(4)
    a.hexf(8, 'cookie')
    a.hexf(8, 'cookie_mask')
    match(a)


def _table_features(a):
    start = a.pos
    ln = a.u(2, 'table_features.length')
    a.u(1, '  table_id')
    a.pad(5)
    a.text(32, '  name')
    a.hexf(8, '  metadata_match')
    a.hexf(8, '  metadata_write')
    a.hexf(4, '  config')
    a.u(4, '  max_entries')
    while a.pos < start + ln:
        pstart = a.pos
        t = a.peek(2)
        pln = a.peek(2, a.pos + 2)
        a.emit(2, f'  property type={N.named(N.TF_PROP_TYPES, t)}')
        a.u(2, '    length', lambda v: f'{v} (excluding padding)')
        pend = pstart + pln
        while a.pos < pend:
            if t in (0, 1):
                it, il = a.peek(2), a.peek(2, a.pos + 2)
                a.emit(4, f'    instruction id: type={N.named(N.INSTRUCTION_TYPES, it)}, len={il}')
                a.blob(il - 4, '      data')
            elif t in (2, 3):
                a.u(1, '    next table_id')
            elif t in (4, 5, 6, 7):
                at, al = a.peek(2), a.peek(2, a.pos + 2)
                a.emit(4, f'    action id: type={N.named(N.ACTION_TYPES, at)}, len={al}')
                a.blob(al - 4, '      data')
            elif t in (8, 10, 12, 13, 14, 15):
                h = a.peek(4)
                cls, fld, hm, l2 = h >> 16, (h >> 9) & 0x7f, (h >> 8) & 1, h & 0xff
                fname = N.OXM_BASIC[fld][0] if cls == 0x8000 and fld < len(N.OXM_BASIC) else N.OTHER_OXMS.get((cls, fld), '?')
                a.emit(4, f'    oxm id: class={N.OXM_CLASSES.get(cls, "UNKNOWN")}(0x{cls:04x}), field={fname}({fld}), hasmask={hm}, length={l2}')
                if cls == 0xffff:
                    a.u(4, '      experimenter', named_exp)
            elif t in (0xfffe, 0xffff):
                a.u(4, '    experimenter', named_exp)
                a.u(4, '    exp_type')
                a.blob(pend - a.pos, '    experimenter data')
            else:
                a.blob(pend - a.pos, '    body (unknown property)')
        a.pad((8 - pln % 8) % 8)


def _mp_request(a, mp, end):
    if mp in (1, 2):
        _flow_stats_request(a)
    elif mp == 4:
        a.u(4, 'port_no', N.port_name)
        a.pad(4)
    elif mp == 5:
        a.u(4, 'port_no', N.port_name)
        a.u(4, 'queue_id', lambda v: f'{v}' + (' (OFPQ_ALL)' if v == 0xffffffff else ''))
    elif mp == 6:
        a.u(4, 'group_id', lambda v: f'{v} ({N.RESERVED_GROUPS[v]})' if v in N.RESERVED_GROUPS else str(v))
        a.pad(4)
    elif mp in (9, 10):
        a.u(4, 'meter_id', lambda v: f'{v} ({N.RESERVED_METERS[v]})' if v in N.RESERVED_METERS else str(v))
        a.pad(4)
    elif mp == 12:
        while a.pos < end:
            _table_features(a)
    elif mp == 0xffff:
        a.u(4, 'experimenter', named_exp)
        a.u(4, 'exp_type')
        a.blob(end - a.pos, 'experimenter data')


def _mp_reply(a, mp, end):
    if mp == 0:
        for f, n in (('mfr_desc', 256), ('hw_desc', 256), ('sw_desc', 256), ('serial_num', 32), ('dp_desc', 256)):
            a.text(n, f)
    elif mp == 1:
        while a.pos < end:
            start = a.pos
            ln = a.u(2, 'flow_stats.length')
            a.u(1, '  table_id')
            a.pad(1)
            a.u(4, '  duration_sec')
            a.u(4, '  duration_nsec')
            a.u(2, '  priority')
            a.u(2, '  idle_timeout')
            a.u(2, '  hard_timeout')
            a.hexf(2, '  flags')
            a.pad(4)
            a.hexf(8, '  cookie')
            a.u(8, '  packet_count')
            a.u(8, '  byte_count')
            match(a)
            instructions(a, start + ln)
    elif mp == 2:
        a.u(8, 'packet_count')
        a.u(8, 'byte_count')
        a.u(4, 'flow_count')
        a.pad(4)
    elif mp == 3:
        while a.pos < end:
            a.u(1, 'table_stats.table_id')
            a.pad(3)
            a.u(4, '  active_count')
            a.u(8, '  lookup_count')
            a.u(8, '  matched_count')
    elif mp == 4:
        while a.pos < end:
            a.u(4, 'port_stats.port_no', N.port_name)
            a.pad(4)
            for f in ('rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_dropped', 'tx_dropped', 'rx_errors',
                      'tx_errors', 'rx_frame_err', 'rx_over_err', 'rx_crc_err', 'collisions'):
                a.u(8, f'  {f}')
            a.u(4, '  duration_sec')
            a.u(4, '  duration_nsec')
    elif mp == 5:
        while a.pos < end:
            a.u(4, 'queue_stats.port_no', N.port_name)
            a.u(4, '  queue_id')
            for f in ('tx_bytes', 'tx_packets', 'tx_errors'):
                a.u(8, f'  {f}')
            a.u(4, '  duration_sec')
            a.u(4, '  duration_nsec')
    elif mp == 6:
        while a.pos < end:
            start = a.pos
            ln = a.u(2, 'group_stats.length')
            a.pad(2)
            a.u(4, '  group_id')
            a.u(4, '  ref_count')
            a.pad(4)
            a.u(8, '  packet_count')
            a.u(8, '  byte_count')
            a.u(4, '  duration_sec')
            a.u(4, '  duration_nsec')
            i = 0
            while a.pos < start + ln:
                a.u(8, f'  bucket_stats[{i}].packet_count')
                a.u(8, f'  bucket_stats[{i}].byte_count')
                i += 1
    elif mp == 7:
        while a.pos < end:
            start = a.pos
            ln = a.u(2, 'group_desc.length')
            t = a.peek(1)
            a.emit(1, f'  type={N.named(N.GROUP_TYPES, t)}')
            a.pad(1)
            a.u(4, '  group_id')
            while a.pos < start + ln:
                bucket(a)
    elif mp == 8:
        a.hexf(4, 'types (bitmap of 1 << OFPGT_*)')
        a.hexf(4, 'capabilities (OFPGFC_*)')
        for i, g in enumerate(('all', 'select', 'indirect', 'ff')):
            a.u(4, f'max_groups[{i}] ({g})')
        for i, g in enumerate(('all', 'select', 'indirect', 'ff')):
            a.hexf(4, f'actions[{i}] ({g}, bitmap of 1 << OFPAT_*)')
    elif mp == 9:
        while a.pos < end:
            start = a.pos
            a.u(4, 'meter_stats.meter_id')
            ln = a.u(2, '  len')
            a.pad(6)
            a.u(4, '  flow_count')
            a.u(8, '  packet_in_count')
            a.u(8, '  byte_in_count')
            a.u(4, '  duration_sec')
            a.u(4, '  duration_nsec')
            i = 0
            while a.pos < start + ln:
                a.u(8, f'  band_stats[{i}].packet_band_count')
                a.u(8, f'  band_stats[{i}].byte_band_count')
                i += 1
    elif mp == 10:
        while a.pos < end:
            start = a.pos
            ln = a.u(2, 'meter_config.length')
            a.hexf(2, '  flags')
            a.u(4, '  meter_id')
            while a.pos < start + ln:
                meter_band(a)
    elif mp == 11:
        a.u(4, 'max_meter')
        a.hexf(4, 'band_types (bitmap of 1 << OFPMBT_*)')
        a.hexf(4, 'capabilities (OFPMF_*)')
        a.u(1, 'max_bands')
        a.u(1, 'max_color')
        a.pad(2)
    elif mp == 12:
        while a.pos < end:
            _table_features(a)
    elif mp == 13:
        i = 0
        while a.pos < end:
            port(a, f'ports[{i}].')
            i += 1
    elif mp == 0xffff:
        a.u(4, 'experimenter', named_exp)
        a.u(4, 'exp_type')
        a.blob(end - a.pos, 'experimenter data')


def _body(a, t, end):
    if t == 0:
        while a.pos < end:
            hello_elem(a)
    elif t == 1:
        _error(a, end)
    elif t in (2, 3):
        a.blob(end - a.pos, 'data')
    elif t == 4:
        a.u(4, 'experimenter', named_exp)
        a.u(4, 'exp_type')
        a.blob(end - a.pos, 'experimenter data')
    elif t == 6:
        a.emit(8, 'datapath_id=' + ':'.join(f'{x:02x}' for x in a.b[a.pos:a.pos + 8]))
        a.u(4, 'n_buffers')
        a.u(1, 'n_tables')
        a.u(1, 'auxiliary_id')
        a.pad(2)
        a.hexf(4, 'capabilities (OFPC_*)')
        a.hexf(4, 'reserved')
    elif t in (8, 9):
        a.hexf(2, 'flags (OFPC_FRAG_*)')
        a.u(2, 'miss_send_len')
    elif t == 10:
        a.u(4, 'buffer_id', lambda v: f'0x{v:x}' + (' (OFP_NO_BUFFER)' if v == 0xffffffff else ''))
        a.u(2, 'total_len')
        r = a.peek(1)
        a.emit(1, f'reason={N.named(N.PACKET_IN_REASONS, r)}')
        a.u(1, 'table_id')
        a.hexf(8, 'cookie')
        match(a)
        a.pad(2)
        ethernet(a, end - a.pos)
    elif t == 11:
        a.hexf(8, 'cookie')
        a.u(2, 'priority')
        r = a.peek(1)
        a.emit(1, f'reason={N.named(N.FLOW_REMOVED_REASONS, r)}')
        a.u(1, 'table_id')
        a.u(4, 'duration_sec')
        a.u(4, 'duration_nsec')
        a.u(2, 'idle_timeout')
        a.u(2, 'hard_timeout')
        a.u(8, 'packet_count')
        a.u(8, 'byte_count')
        match(a)
    elif t == 12:
        r = a.peek(1)
        a.emit(1, f'reason={N.named(N.PORT_REASONS, r)}')
        a.pad(7)
        port(a, 'desc.')
    elif t == 13:
        a.u(4, 'buffer_id', lambda v: f'0x{v:x}' + (' (OFP_NO_BUFFER)' if v == 0xffffffff else ''))
        a.u(4, 'in_port', N.port_name)
        alen = a.u(2, 'actions_len')
        a.pad(6)
        actions(a, a.pos + alen)
        ethernet(a, end - a.pos)
    elif t == 14:
        a.hexf(8, 'cookie')
        a.hexf(8, 'cookie_mask')
        a.u(1, 'table_id', lambda v: f'{v}' + (' (OFPTT_ALL)' if v == 0xff else ''))
        c = a.peek(1)
        a.emit(1, f'command={N.named(N.FLOW_COMMANDS, c)}')
        a.u(2, 'idle_timeout')
        a.u(2, 'hard_timeout')
        a.u(2, 'priority')
        a.u(4, 'buffer_id', lambda v: f'0x{v:x}' + (' (OFP_NO_BUFFER)' if v == 0xffffffff else ''))
        a.u(4, 'out_port', N.port_name)
        a.u(4, 'out_group', lambda v: f'{v} ({N.RESERVED_GROUPS[v]})' if v in N.RESERVED_GROUPS else str(v))
        a.hexf(2, 'flags (OFPFF_*)')
        a.pad(2)
        match(a)
        instructions(a, end)
    elif t == 15:
        c = a.peek(2)
        a.emit(2, f'command={N.named(N.GROUP_COMMANDS, c)}')
        g = a.peek(1)
        a.emit(1, f'type={N.named(N.GROUP_TYPES, g)}')
        a.pad(1)
        a.u(4, 'group_id')
        while a.pos < end:
            bucket(a)
    elif t == 16:
        a.u(4, 'port_no', N.port_name)
        a.pad(4)
        a.emit(6, 'hw_addr=' + ':'.join(f'{x:02x}' for x in a.b[a.pos:a.pos + 6]))
        a.pad(2)
        a.hexf(4, 'config (OFPPC_*)')
        a.hexf(4, 'mask')
        a.hexf(4, 'advertise (OFPPF_*)')
        a.pad(4)
    elif t == 17:
        a.u(1, 'table_id')
        a.pad(3)
        a.hexf(4, 'config')
    elif t in (18, 19):
        mp = a.peek(2)
        a.emit(2, f'multipart type={N.named(N.MP_TYPES, mp)}')
        a.hexf(2, 'flags (OFPMPF_REQ_MORE/REPLY_MORE=0x1)')
        a.pad(4)
        (_mp_request if t == 18 else _mp_reply)(a, mp, end)
    elif t == 22:
        a.u(4, 'port', N.port_name)
        a.pad(4)
    elif t == 23:
        a.u(4, 'port', N.port_name)
        a.pad(4)
        while a.pos < end:
            queue(a)
    elif t in (24, 25):
        r = a.peek(4)
        a.emit(4, f'role={N.named(N.ROLES, r)}')
        a.pad(4)
        a.hexf(8, 'generation_id')
    elif t in (27, 28):
        for f in ('packet_in_mask', 'port_status_mask', 'flow_removed_mask'):
            a.hexf(4, f'{f}[0] (master/equal)')
            a.hexf(4, f'{f}[1] (slave)')
    elif t == 29:
        c = a.peek(2)
        a.emit(2, f'command={N.named(N.METER_COMMANDS, c)}')
        a.hexf(2, 'flags (OFPMF_*)')
        a.u(4, 'meter_id')
        while a.pos < end:
            meter_band(a)
    if a.pos != end:
        a.blob(end - a.pos, 'UNDISSECTED')
        raise ValueError(f'type {t}: body dissection ended at {a.pos}, message ends at {end}')


def annotate(buf):
    """Returns the annotated lines of one whole message."""
    a = Ann(buf)
    t, ln = header(a)
    if ln != len(a.b):
        raise ValueError(f'ofp_header.length {ln} != buffer length {len(a.b)}')
    _body(a, t, ln)
    return a.lines


__all__ = ['annotate', 'header', 'Ann', 'action', 'oxm']
