"""Isthmus lab topologies (see README.md in this directory for the drawings and port tables).

A topology is named by a spec string: `linear,N`, `ring,N` or `mesh12`. `topology_from_spec`
turns the spec into a Mininet `Topo`. Switch sK is named so that Mininet's default datapath id is
K (s10 -> 00:00:00:00:00:00:00:0a); host hK sits on switch sK with IP 10.0.0.K/8 and MAC
00:00:00:00:00:<K in hex>.

Every port number is assigned here, explicitly: Mininet's own allocator gives both ends of a
self-loop the same port (it counts a node's ports before registering either end), and explicit
numbers keep the tables in README.md true when links are added.

`python3 topologies.py SPEC` prints the node and link table of a topology; it needs neither root
nor Open vSwitch.
"""

import sys

from mininet.topo import Topo

MAX_SWITCHES = 254  # hosts get 10.0.0.K, and K must stay a valid host address


class LabTopo(Topo):
    """A Topo that numbers ports explicitly: switch ports from 1, host ports from 0."""

    def __init__(self, spec, **opts):
        self.spec = spec
        self._next_port = {}
        Topo.__init__(self, **opts)

    def take_port(self, node):
        """Next free port number of `node`, in the order links are declared."""
        base = 1 if self.isSwitch(node) else 0
        port = self._next_port.get(node, base)
        self._next_port[node] = port + 1
        return port

    def lab_switch(self, k):
        return self.addSwitch('s%d' % k)

    def lab_host(self, k):
        """Host hK attached to switch sK (host port 0, the switch's next port)."""
        # Explicit addresses: Mininet would number hosts in creation order instead.
        host = self.addHost('h%d' % k, ip='10.0.0.%d/8' % k, mac='00:00:00:00:00:%02x' % k)
        self.lab_link(host, 's%d' % k)
        return host

    def lab_link(self, a, b, port_a=None, port_b=None):
        """Link a and b. A self-loop (a == b) takes two distinct ports of the same switch."""
        if port_a is None:
            port_a = self.take_port(a)
        if port_b is None:
            port_b = self.take_port(b)
        self.addLink(a, b, port1=port_a, port2=port_b)


class LinearTopo(LabTopo):
    """s1 - s2 - ... - sN; hK on sK port 1; sK port 2 -> s(K+1) port 3."""

    def build(self, n):
        for k in range(1, n + 1):
            self.lab_switch(k)
        for k in range(1, n + 1):
            self.lab_host(k)
        for k in range(1, n):
            self.lab_link('s%d' % k, 's%d' % (k + 1), port_a=2, port_b=3)


class RingTopo(LabTopo):
    """Like linear,N plus sN port 2 -> s1 port 3, closing the ring."""

    def build(self, n):
        for k in range(1, n + 1):
            self.lab_switch(k)
        for k in range(1, n + 1):
            self.lab_host(k)
        for k in range(1, n + 1):
            nxt = k % n + 1
            self.lab_link('s%d' % k, 's%d' % nxt, port_a=2, port_b=3)


# mesh12: a K4 core (s1-s4), four dual-homed distribution switches (s5-s8), four dual-homed edge
# switches (s9-s12), two doubled links and two self-loops. Ports follow the declaration order:
# hosts first (port 1), then these links in order. README.md has the resulting port table.
MESH12_HOSTS = (1, 4, 9, 10, 11, 12)
MESH12_LINKS = (
    # core full mesh
    (1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4),
    # distribution, each homed on two core switches
    (5, 1), (5, 2), (6, 2), (6, 3), (7, 3), (7, 4), (8, 4), (8, 1),
    # edge, each homed on two distribution switches
    (9, 5), (9, 6), (10, 6), (10, 7), (11, 7), (11, 8), (12, 8), (12, 5),
    # parallel links: a second s1-s2 and a second s10-s7
    (1, 2), (10, 7),
    # self-loops: a cable from a switch back to itself
    (3, 3), (11, 11),
)


class Mesh12Topo(LabTopo):
    """12 switches, meshy, with parallel links and self-loops (see MESH12_LINKS)."""

    def build(self):
        for k in range(1, 13):
            self.lab_switch(k)
        for k in MESH12_HOSTS:
            self.lab_host(k)
        for a, b in MESH12_LINKS:
            self.lab_link('s%d' % a, 's%d' % b)


class TopologySpecError(ValueError):
    pass


def _count(kind, arg, minimum):
    try:
        n = int(arg)
    except (TypeError, ValueError):
        raise TopologySpecError('%s needs a switch count: %s,N' % (kind, kind))
    if n < minimum or n > MAX_SWITCHES:
        raise TopologySpecError('%s,N needs %d <= N <= %d (got %d)' % (kind, minimum, MAX_SWITCHES, n))
    return n


def topology_from_spec(spec):
    """The Topo named by `spec` (`linear,N`, `ring,N`, `mesh12`); TopologySpecError if unknown."""
    kind, _, arg = spec.partition(',')
    if kind == 'linear':
        return LinearTopo(spec, n=_count(kind, arg, 1))
    if kind == 'ring':
        # A ring of 2 would be a pair of parallel links; mesh12 covers those.
        return RingTopo(spec, n=_count(kind, arg, 3))
    if kind == 'mesh12' and not arg:
        return Mesh12Topo(spec)
    raise TopologySpecError("unknown topology '%s' (expected linear,N, ring,N or mesh12)" % spec)


def _node_key(name):
    """Sort key: switches before hosts, then by number (s2 before s10)."""
    return (name[0] != 's', int(name[1:]))


def describe(topo):
    """Lines describing the nodes and links of `topo`, with port numbers."""
    lines = ['topology %s' % topo.spec]
    for sw in sorted(topo.switches(), key=_node_key):
        lines.append('switch %s dpid %016x' % (sw, int(sw[1:])))
    for h in sorted(topo.hosts(), key=_node_key):
        info = topo.nodeInfo(h)
        lines.append('host %s ip %s mac %s' % (h, info['ip'], info['mac']))
    ends = []
    for a, b, info in topo.links(withInfo=True):
        # Name each link from its switch end (or its lower end), so the table reads per switch.
        end_a, end_b = (a, info['port1']), (b, info['port2'])
        if (_node_key(a), info['port1']) > (_node_key(b), info['port2']):
            end_a, end_b = end_b, end_a
        ends.append((end_a, end_b))
    for (a, pa), (b, pb) in sorted(ends, key=lambda e: (_node_key(e[0][0]), e[0][1])):
        lines.append('link %s:%d - %s:%d' % (a, pa, b, pb))
    return lines


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: topologies.py SPEC')
    try:
        print('\n'.join(describe(topology_from_spec(sys.argv[1]))))
    except TopologySpecError as e:
        sys.exit('topologies.py: %s' % e)
