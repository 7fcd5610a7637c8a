"""The lab's JSON command protocol: one JSON object per line in, one JSON reply per line out.

Each command is a function `(session, msg) -> dict` registered in COMMANDS under its `cmd` name;
the reply gets `"ok": true` added, and an `"id"` field of the request is echoed back. A handler
signals a bad request by raising CommandError, which becomes `{"ok": false, "error": "..."}`.
Commands run one at a time, so anything that must run alongside others (a server, a capture, a
traffic sender) is started with `spawn` and collected with `wait`.
To extend the protocol (customer-edge bridges, UDP senders), add a handler and register it;
src/lab/protocol.ts holds the matching TypeScript types.
"""

import re
import subprocess

from lab_edges import EdgeError, add_edge
from lab_network import describe_network
from lab_procs import SIGNALS


class Session(object):
    """What the handlers work on: the Mininet network and the background processes."""

    def __init__(self, net, procs):
        self.net = net
        self.procs = procs


class CommandError(Exception):
    """A request the lab cannot carry out; its message goes back as `error`."""


class StopRequested(Exception):
    """Raised by the `stop` handler: the server stops the network, replies, and returns."""


def _node(net, name, field):
    if not isinstance(name, str) or name not in net.nameToNode:
        raise CommandError('%s: no node named %r' % (field, name))
    return net.nameToNode[name]


def _host(net, name, field):
    node = _node(net, name, field)
    if node not in net.hosts:
        raise CommandError('%s: %s is not a host' % (field, name))
    return node


def _number(msg, field, default, lo, hi):
    value = msg.get(field, default)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not lo <= value <= hi:
        raise CommandError('%s must be a number in [%s, %s]' % (field, lo, hi))
    return value


def cmd_ready(session, _msg):
    """{"cmd":"ready?"} -> switches, hosts and links of the running network."""
    return describe_network(session.net)


def _links_between(net, a, b, a_port):
    """Links joining nodes a and b, as (intf on a, intf on b); a self-loop when a == b."""
    found = []
    for link in net.links:
        for ia, ib in ((link.intf1, link.intf2), (link.intf2, link.intf1)):
            if ia.node.name == a and ib.node.name == b and (a_port is None or ia.node.ports[ia] == a_port):
                found.append((ia, ib))
                break  # a self-loop matches both ways round; count it once
    return found


def cmd_link(session, msg):
    """{"cmd":"link","a":"s1","b":"s2","state":"down"|"up"[,"a_port":N]}: both ends change state.

    With parallel links or a self-loop, `a_port` picks one; an ambiguous request is an error
    rather than Mininet's "all of them"."""
    net = session.net
    a, b = _node(net, msg.get('a'), 'a').name, _node(net, msg.get('b'), 'b').name
    state = msg.get('state')
    if state not in ('up', 'down'):
        raise CommandError('state must be "up" or "down"')
    a_port = msg.get('a_port')
    if a_port is not None and (not isinstance(a_port, int) or isinstance(a_port, bool)):
        raise CommandError('a_port must be an integer')
    links = _links_between(net, a, b, a_port)
    if not links:
        raise CommandError('no link between %s and %s%s' % (a, b, '' if a_port is None else ' on %s port %d' % (a, a_port)))
    if len(links) > 1:
        ports = sorted(ia.node.ports[ia] for ia, _ in links)
        raise CommandError('%d links join %s and %s; choose one with a_port (one of %s)' % (len(links), a, b, ports))
    ia, ib = links[0]
    for intf in (ia, ib):
        out = intf.node.cmd('ip', 'link', 'set', 'dev', intf.name, state)
        if out.strip():
            raise CommandError('ip link set %s %s: %s' % (intf.name, state, out.strip()))
    return {'a_port': ia.node.ports[ia], 'b_port': ib.node.ports[ib]}


_PING_SUMMARY = re.compile(r'(\d+) packets transmitted, (\d+) received')


def cmd_ping(session, msg):
    """{"cmd":"ping","src":"h1","dst":"h2","count":1,"timeout":2[,"interval":0.2]} -> sent, received.

    `timeout` is ping's wait for each reply (-W); ping sends `count` echoes `interval` s apart."""
    src = _host(session.net, msg.get('src'), 'src')
    dst = _host(session.net, msg.get('dst'), 'dst')
    count = int(_number(msg, 'count', 1, 1, 1000))
    timeout = _number(msg, 'timeout', 2, 0.1, 60)
    interval = _number(msg, 'interval', 0.2, 0.002, 10)
    args = ['ping', '-n', '-c', str(count), '-i', str(interval), '-W', str(timeout), dst.IP()]
    out, err, code = _run_in(src, args, count * interval + timeout + 5)
    m = _PING_SUMMARY.search(out)
    if not m:
        raise CommandError('ping gave no summary (exit %s): %s' % (code, (err or out).strip()[-300:]))
    return {'sent': int(m.group(1)), 'received': int(m.group(2)), 'output': out}


def _run_in(node, args, timeout):
    """Run argv `args` in `node`'s namespace; (stdout, stderr, exit code)."""
    proc = node.popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise CommandError('%s timed out after %ss' % (args[0], timeout))
    return out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace'), proc.returncode


def _argv(msg):
    args = msg.get('args')
    if not isinstance(args, list) or not args or not all(isinstance(x, str) for x in args):
        raise CommandError('args must be a non-empty list of strings')
    return args


def cmd_sh(session, msg):
    """{"cmd":"sh","node":"h1","args":["ip","addr"][,"timeout":10]} -> code, stdout, stderr.

    `args` is an argv list run without a shell, in the node's network namespace."""
    node = _node(session.net, msg.get('node'), 'node')
    args = _argv(msg)
    timeout = _number(msg, 'timeout', 10, 0.1, 600)
    out, err, code = _run_in(node, args, timeout)
    return {'code': code, 'stdout': out, 'stderr': err}


def cmd_spawn(session, msg):
    """{"cmd":"spawn","node":"h3","args":[...]} -> proc (an id for `wait`), pid.

    Starts argv `args` in the background in the node's namespace (no shell); it is killed when
    the lab stops if nobody waited for it."""
    node = _node(session.net, msg.get('node'), 'node')
    proc = session.procs.spawn(node, _argv(msg))
    return {'proc': proc.id, 'pid': proc.popen.pid}


def _proc(session, msg):
    proc = session.procs.get(msg.get('proc'))
    if proc is None:
        raise CommandError('no background process %r' % msg.get('proc'))
    return proc


def cmd_peek(session, msg):
    """{"cmd":"peek","proc":1} -> running, stdout, stderr so far (e.g. tcpdump's "listening on")."""
    running, out, err = session.procs.peek(_proc(session, msg))
    return {'running': running, 'stdout': out, 'stderr': err}


def cmd_wait(session, msg):
    """{"cmd":"wait","proc":1[,"timeout":5][,"signal":"INT"|"TERM"|"KILL"]} -> code, stdout, stderr.

    Sends `signal` first if given (INT ends a tcpdump cleanly), then waits for the exit. A
    process still running at the timeout is an error and stays waitable."""
    proc = _proc(session, msg)
    sig = msg.get('signal')
    if sig is not None and sig not in SIGNALS:
        raise CommandError('signal must be one of %s' % ', '.join(sorted(SIGNALS)))
    result = session.procs.wait(proc, _number(msg, 'timeout', 10, 0, 600), sig)
    if result is None:
        raise CommandError('process %d (%s) still running' % (proc.id, proc.args[0]))
    code, out, err = result
    return {'code': code, 'stdout': out, 'stderr': err}


def cmd_edge(session, msg):
    """{"cmd":"edge","name":"e1","switch":"s1","port":4,"hosts":[{"name":"c1","ip":"10.1.0.1/8",
    "mac":"0e:00:00:00:01:01","tag":100}]} -> edge, uplink {edge_intf, switch, port, switch_intf},
    hosts [{name, ip, mac, pid, netns, intf, edge_port, edge_intf, tag}].

    Adds a customer-edge bridge on a new port of a switch, with hosts on its access ports
    (lab_edges.py); the hosts then answer ping, sh and spawn like the topology's own."""
    try:
        return add_edge(session.net, msg.get('name'), msg.get('switch'), msg.get('port'), msg.get('hosts'))
    except EdgeError as e:
        raise CommandError(str(e))


def cmd_stop(_session, _msg):
    """{"cmd":"stop"}: the network stops, then the reply is sent and the server exits."""
    raise StopRequested()


COMMANDS = {
    'ready?': cmd_ready,
    'link': cmd_link,
    'ping': cmd_ping,
    'sh': cmd_sh,
    'spawn': cmd_spawn,
    'peek': cmd_peek,
    'wait': cmd_wait,
    'edge': cmd_edge,
    'stop': cmd_stop,
}
