#!/usr/bin/python3
"""Regenerates the OpenFlow 1.3 golden vectors in test/golden/ofp13 (see README.md next to this file).

  /usr/bin/python3 test/golden/tools/gen_ofp13.py          # write every .hex/.json
  /usr/bin/python3 test/golden/tools/gen_ofp13.py --check  # fail if any file would change

For each case: build the bytes (os-ken serializer, or os-ken pack strings for messages os-ken cannot
serialize, or by hand from the spec), annotate them one field per line with our own dissector,
derive the expected JSON from os-ken's parser, and verify the bytes with `ovs-ofctl ofp-print`.
"""
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ofp13_annotate_msg import annotate  # noqa: E402
from ofp13_cases import CASES  # noqa: E402
import ofp13_cases_mod  # noqa: E402,F401  (registers its cases)
import ofp13_cases_mp  # noqa: E402,F401
from ofp13_decode_errors import ERROR_CASES  # noqa: E402
from ofp13_json_msg import expected_json  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'ofp13'))
BAD_WORDS = ('decode error', 'truncated', 'bad', 'unknown')

# Vectors Open vSwitch cannot decode, and the error it must report instead. Keep in step with
# OFCTL_UNSUPPORTED in test/golden/ofctl.ts.
OVS_UNSUPPORTED = {
    'flow_mod_oxm_pbb': 'OFPBMC_BAD_FIELD',
    'flow_mod_oxm_ipv6_exthdr': 'OFPBMC_BAD_FIELD',
    'flow_mod_all_actions': 'OFPBAC_BAD_TYPE',
}
# Vectors Open vSwitch decodes in full while printing a phrase with one of BAD_WORDS in it.
OVS_ALLOWED = {
    'hello_unknown_elem': 'unknown data in hello',
}


def ofctl(buf):
    """`ovs-ofctl ofp-print HEX` → (exit code, stdout + stderr)."""
    r = subprocess.run(['ovs-ofctl', 'ofp-print', buf.hex()], capture_output=True, text=True, timeout=30)
    # OVS log lines start with a timestamp; drop it so regenerated files are byte-identical.
    return r.returncode, re.sub(r'(?m)^\d{4}-\d\d-\d\dT[\d:.]+Z\|\d+\|', 'log|', r.stdout + r.stderr)


def ofctl_version():
    r = subprocess.run(['ovs-ofctl', '--version'], capture_output=True, text=True, timeout=30)
    return r.stdout.split('\n')[0].split(')')[-1].strip()


def verify(name, buf):
    """Returns the `verified:` note and the ovs-ofctl output, or raises."""
    rc, out = ofctl(buf)
    found = [w for w in BAD_WORDS if w in out.replace(OVS_ALLOWED.get(name, '\0'), '')]
    if name in OVS_UNSUPPORTED:
        want = OVS_UNSUPPORTED[name]
        if want not in out:
            raise ValueError(f'{name}: expected ovs-ofctl to report {want}, got:\n{out}')
        return (f'ovs-ofctl {VERSION} ofp-print header only (Open vSwitch does not implement this; it reports {want})',
                out)
    if rc != 0 or found:
        raise ValueError(f'{name}: ovs-ofctl rejected the vector ({found}):\n{out}')
    return f'ovs-ofctl {VERSION} ofp-print', out


def render(name, struct_name, source, verified, lines, ofctl_out):
    head = f'# {name}.hex | OF1.3.5 {struct_name} | source: {source} | verified: {verified}'
    tail = ['#', '# ovs-ofctl ofp-print output:'] + [f'#   {ln}' for ln in ofctl_out.rstrip('\n').split('\n')]
    return '\n'.join([head] + lines + tail) + '\n'


def write(path, text, check, stale):
    old = open(path).read() if os.path.exists(path) else None
    if old == text:
        return
    if check:
        stale.append(path)
    else:
        with open(path, 'w') as f:
            f.write(text)


def main():
    check = '--check' in sys.argv
    stale, seen = [], set()
    os.makedirs(os.path.join(ROOT, 'decodeErrors'), exist_ok=True)
    for name, struct_name, source, build in CASES:
        if name in seen:
            raise ValueError(f'duplicate case {name}')
        seen.add(name)
        buf = build()
        lines = annotate(buf)
        expected = expected_json(buf)
        verified, out = verify(name, buf)
        write(os.path.join(ROOT, f'{name}.hex'), render(name, struct_name, source, verified, lines, out), check, stale)
        write(os.path.join(ROOT, f'{name}.json'), json.dumps(expected, indent=2) + '\n', check, stale)
    for name, header, lines, code, offset in ERROR_CASES:
        raw = bytes.fromhex(''.join(ln.split('#')[0].replace(' ', '') for ln in lines))
        _, out = ofctl(raw)
        tail = ['#', '# For the record, ovs-ofctl ofp-print says:'] + [f'#   {ln}' for ln in out.rstrip('\n').split('\n')]
        text = '\n'.join([f'# {name}.hex | {header}'] + lines + tail) + '\n'
        write(os.path.join(ROOT, 'decodeErrors', f'{name}.hex'), text, check, stale)
        write(os.path.join(ROOT, 'decodeErrors', f'{name}.json'),
              json.dumps({'code': code, 'offset': offset}) + '\n', check, stale)
    print(f'{len(CASES)} vectors, {len(ERROR_CASES)} decode-error vectors' + (' (checked)' if check else ' written'))
    if stale:
        print('out of date:\n  ' + '\n  '.join(stale))
        sys.exit(1)


VERSION = ofctl_version()

if __name__ == '__main__':
    main()
