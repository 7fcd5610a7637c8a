"""Annotates an OpenFlow 1.3 message one field per line (LoxiGen style) for the golden .hex vectors.

This is an independent dissector written from the OF1.3.5 specification (section 7); it walks the
whole message and fails unless every byte is accounted for, so it is also a structural check of the
bytes os-ken produced. Only comments come out of it; the bytes are the input, unchanged.
"""
import ipaddress

import ofp13_names as N

WRAP = 16  # bytes per line; longer fields continue on following lines


class Ann:
    """A cursor over the message that emits one annotated line per field."""

    def __init__(self, buf):
        self.b = bytes(buf)
        self.pos = 0
        self.lines = []

    def peek(self, n, at=None):
        p = self.pos if at is None else at
        if p + n > len(self.b):
            raise ValueError(f'annotate: read of {n} at {p} passes end {len(self.b)}')
        return int.from_bytes(self.b[p:p + n], 'big')

    def emit(self, n, comment):
        if self.pos + n > len(self.b):
            raise ValueError(f'annotate: field "{comment}" of {n} bytes at {self.pos} passes end {len(self.b)}')
        chunk = self.b[self.pos:self.pos + n]
        self.pos += n
        if n == 0:
            return
        for i in range(0, n, WRAP):
            part = ' '.join(f'{x:02x}' for x in chunk[i:i + WRAP])
            text = comment if i == 0 else '  ... (cont.)'
            self.lines.append(f'{part:<48}  # {text}')

    def u(self, n, name, fmt=None):
        v = self.peek(n)
        self.emit(n, f'{name}={fmt(v) if fmt else v}')
        return v

    def hexf(self, n, name):
        return self.u(n, name, lambda v: f'0x{v:x}')

    def pad(self, n):
        if n:
            self.emit(n, f'pad[{n}]')

    def text(self, n, name):
        raw = self.b[self.pos:self.pos + n]
        s = raw.split(b'\0', 1)[0].decode('latin1')
        self.emit(n, f'{name}="{s}" ({n} bytes, NUL-padded)')

    def blob(self, n, name):
        self.emit(n, f'{name} ({n} bytes)' if n else name)

    def line(self, text):
        self.lines.append(f'{"":<48}  # {text}')


def mac(b):
    return ':'.join(f'{x:02x}' for x in b)


# --- OXM (7.2.3.2 "Flow Match Field Structures") ---------------------------------------------------

def _oxm_value(kind, raw):
    if kind == 'mac':
        return mac(raw)
    if kind == 'ipv4':
        return str(ipaddress.IPv4Address(raw))
    if kind == 'ipv6':
        return str(ipaddress.IPv6Address(raw))
    v = int.from_bytes(raw, 'big')
    if kind == 'vid':
        return f'0x{v:04x} (OFPVID_PRESENT={v >> 12 & 1}, vid={v & 0xfff})'
    if kind == 'port':
        return N.port_name(v)
    if kind == 'hex':
        return f'0x{v:x}'
    return str(v)


def oxm(a, what='OXM'):
    """One OXM TLV: header line, then value (and mask) lines."""
    hdr = a.peek(4)
    cls, field, hm, ln = hdr >> 16, (hdr >> 9) & 0x7f, (hdr >> 8) & 1, hdr & 0xff
    cname = N.OXM_CLASSES.get(cls, 'UNKNOWN')
    fname = N.OXM_BASIC[field][0] if cls == 0x8000 and field < len(N.OXM_BASIC) else N.OTHER_OXMS.get((cls, field), '?')
    a.emit(4, f'{what} header: class={cname}(0x{cls:04x}), field={fname}({field}), hasmask={hm}, length={ln}')
    if cls == 0x8000 and field < len(N.OXM_BASIC):
        _, size, kind = N.OXM_BASIC[field]
        a.emit(size, f'  value: {fname}={_oxm_value(kind, a.b[a.pos:a.pos + size])}')
        if hm:
            a.emit(size, f'  mask: {_oxm_value(kind if kind not in ("port", "vid") else "hex", a.b[a.pos:a.pos + size])}')
        if ln != size * (2 if hm else 1):
            raise ValueError(f'OXM {fname}: length {ln} does not match the field size')
        return
    if cls == 0xffff:
        exp = a.peek(4)
        a.emit(4, f'  experimenter={named_exp(exp)}')
        body = ln - 4
    else:
        body = ln
    if hm:
        a.emit(body // 2, f'  value (opaque, {body // 2} bytes)')
        a.emit(body - body // 2, f'  mask (opaque, {body - body // 2} bytes)')
    else:
        a.emit(body, f'  value (opaque, {body} bytes)')


def named_exp(e):
    return f'0x{e:08x} ({N.EXPERIMENTERS[e]})' if e in N.EXPERIMENTERS else f'0x{e:08x}'


def match(a):
    """ofp_match (7.2.3.1): type, length, OXMs, pad to 8."""
    start = a.pos
    a.u(2, 'match.type', lambda v: f'{v} ({"OFPMT_OXM" if v == 1 else "OFPMT_STANDARD?"})')
    length = a.u(2, 'match.length', lambda v: f'{v} (excluding padding)')
    end = start + length
    while a.pos < end:
        oxm(a)
    if a.pos != end:
        raise ValueError('match: OXMs overran match.length')
    a.pad((8 - length % 8) % 8)


# --- actions (7.2.5) ------------------------------------------------------------------------------

def action(a):
    start = a.pos
    t = a.peek(2)
    ln = a.peek(2, a.pos + 2)
    a.emit(4, f'action header: type={N.named(N.ACTION_TYPES, t)}, len={ln}')
    end = start + ln
    if t == 0:
        a.u(4, '  port', N.port_name)
        a.u(2, '  max_len', lambda v: f'{v}' + (' (OFPCML_NO_BUFFER)' if v == 0xffff else ' (OFPCML_MAX)' if v == 0xffe5 else ''))
        a.pad(6)
    elif t in (11, 12, 16, 18, 24, 27):  # copy_ttl_out/in, dec_mpls_ttl, pop_vlan, dec_nw_ttl, pop_pbb
        a.pad(4)
    elif t in (15, 23):  # set_mpls_ttl, set_nw_ttl
        a.u(1, '  ttl')
        a.pad(3)
    elif t in (17, 19, 20, 26):  # push_vlan, push_mpls, pop_mpls, push_pbb
        a.u(2, '  ethertype', lambda v: f'0x{v:04x}')
        a.pad(2)
    elif t == 21:
        a.u(4, '  queue_id')
    elif t == 22:
        a.u(4, '  group_id')
    elif t == 25:
        oxm(a, '  set_field OXM')
        a.pad(end - a.pos)
    elif t == 0xffff:
        exp = a.peek(4)
        a.emit(4, f'  experimenter={named_exp(exp)}')
        if exp == 0x2320 and end - a.pos >= 2:
            sub = a.peek(2)
            a.emit(2, f'  nx subtype={sub}' + {14: ' (NXAST_RESUBMIT_TABLE)', 8: ' (NXAST_NOTE)'}.get(sub, ''))
            if sub == 14:
                a.u(2, '  in_port', lambda v: f'0x{v:04x}' + (' (OFPP_IN_PORT, 16-bit)' if v == 0xfff8 else ''))
                a.u(1, '  table')
                a.pad(end - a.pos)
            elif sub == 8:
                a.emit(end - a.pos, '  note bytes, zero-padded to 8-byte alignment')
        a.blob(end - a.pos, '  experimenter data, padding included')
    else:
        a.blob(end - a.pos, '  body (unknown action)')
    if a.pos != end:
        raise ValueError(f'action at {start}: fields end at {a.pos}, len says {end}')


def actions(a, end):
    while a.pos < end:
        action(a)
    if a.pos != end:
        raise ValueError('actions overran their container')


# --- instructions (7.2.4) -------------------------------------------------------------------------

def instruction(a):
    start = a.pos
    t = a.peek(2)
    ln = a.peek(2, a.pos + 2)
    a.emit(4, f'instruction header: type={N.named(N.INSTRUCTION_TYPES, t)}, len={ln}')
    end = start + ln
    if t == 1:
        a.u(1, '  table_id')
        a.pad(3)
    elif t == 2:
        a.pad(4)
        a.hexf(8, '  metadata')
        a.hexf(8, '  metadata_mask')
    elif t in (3, 4, 5):
        a.pad(4)
        actions(a, end)
    elif t == 6:
        a.u(4, '  meter_id')
    elif t == 0xffff:
        a.u(4, '  experimenter', named_exp)
        a.blob(end - a.pos, '  experimenter data')
    else:
        a.blob(end - a.pos, '  body (unknown instruction)')
    if a.pos != end:
        raise ValueError(f'instruction at {start}: fields end at {a.pos}, len says {end}')


def instructions(a, end):
    while a.pos < end:
        instruction(a)
    if a.pos != end:
        raise ValueError('instructions overran their container')


# --- common structures ----------------------------------------------------------------------------

def port(a, prefix=''):
    """ofp_port (7.2.1), 64 bytes."""
    a.u(4, f'{prefix}port_no', N.port_name)
    a.pad(4)
    a.emit(6, f'{prefix}hw_addr={mac(a.b[a.pos:a.pos + 6])}')
    a.pad(2)
    a.text(16, f'{prefix}name')
    a.hexf(4, f'{prefix}config')
    a.hexf(4, f'{prefix}state')
    for f in ('curr', 'advertised', 'supported', 'peer'):
        a.hexf(4, f'{prefix}{f}')
    a.u(4, f'{prefix}curr_speed', lambda v: f'{v} kbps')
    a.u(4, f'{prefix}max_speed', lambda v: f'{v} kbps')


def bucket(a):
    """ofp_bucket (7.3.4.2)."""
    start = a.pos
    ln = a.u(2, 'bucket.len')
    a.u(2, '  weight')
    a.u(4, '  watch_port', N.port_name)
    a.u(4, '  watch_group', lambda v: f'{v} ({N.RESERVED_GROUPS[v]})' if v in N.RESERVED_GROUPS else str(v))
    a.pad(4)
    actions(a, start + ln)


def meter_band(a):
    """ofp_meter_band_* (7.3.4.5)."""
    start = a.pos
    t = a.peek(2)
    ln = a.peek(2, a.pos + 2)
    a.emit(2, f'band.type={N.named(N.METER_BAND_TYPES, t)}')
    a.u(2, '  band.len')
    a.u(4, '  rate')
    a.u(4, '  burst_size')
    if t == 1:
        a.pad(4)
    elif t == 2:
        a.u(1, '  prec_level')
        a.pad(3)
    elif t == 0xffff:
        a.u(4, '  experimenter', named_exp)
    a.blob(start + ln - a.pos, '  band data')


def hello_elem(a):
    start = a.pos
    t = a.peek(2)
    ln = a.peek(2, a.pos + 2)
    a.emit(2, f'hello elem type={N.named(N.HELLO_ELEMS, t)}')
    a.u(2, '  length', lambda v: f'{v} (excluding padding)')
    if t == 1:
        i = 0
        while a.pos < start + ln:
            v = a.peek(4)
            vs = [i * 32 + s for s in range(32) if v >> s & 1]
            a.emit(4, f'  bitmaps[{i}]=0x{v:08x} (wire versions {", ".join(f"0x{x:02x}" for x in vs) or "none"})')
            i += 1
    else:
        a.blob(start + ln - a.pos, '  element body')
    a.pad((8 - ln % 8) % 8)


def queue(a):
    """ofp_packet_queue (7.2.2) with its properties."""
    start = a.pos
    a.u(4, 'queue.queue_id')
    a.u(4, '  port', N.port_name)
    ln = a.u(2, '  len')
    a.pad(6)
    while a.pos < start + ln:
        pstart = a.pos
        t = a.peek(2)
        a.emit(2, f'  property={N.named(N.QUEUE_PROPS, t)}')
        pln = a.u(2, '    len')
        a.pad(4)
        if t in (1, 2):
            a.u(2, '    rate', lambda v: f'{v} (1/10 of a percent)')
            a.pad(6)
        elif t == 0xffff:
            a.u(4, '    experimenter', named_exp)
            a.pad(4)
            a.blob(pstart + pln - a.pos, '    data')
        else:
            a.blob(pstart + pln - a.pos, '    body')


def ethernet(a, n):
    """The data of a packet-in/out: Ethernet header, then the payload (LLDP TLVs when 0x88cc)."""
    end = a.pos + n
    if n < 14:
        a.blob(n, 'data')
        return
    a.emit(6, f'data: eth dst={mac(a.b[a.pos:a.pos + 6])}')
    a.emit(6, f'data: eth src={mac(a.b[a.pos:a.pos + 6])}')
    et = a.peek(2)
    a.emit(2, f'data: ethertype=0x{et:04x}')
    if et == 0x88cc:
        names = {0: 'End', 1: 'Chassis ID', 2: 'Port ID', 3: 'TTL', 5: 'System Name'}
        while a.pos + 2 <= end:
            h = a.peek(2)
            t, ln = h >> 9, h & 0x1ff
            a.emit(2, f'data: LLDP TLV type={t} ({names.get(t, "?")}), length={ln}')
            a.blob(min(ln, end - a.pos), '  data: LLDP value')
            if t == 0:
                break
    a.blob(end - a.pos, 'data: payload')
