"""Customer edges: tagged hosts for circuit tests, added to a running lab.

Lab hosts cannot have VLAN sub-interfaces (the kernel has no 802.1Q module: lab-notes trap 1), so
a host that must send tagged frames sits behind a customer-edge bridge: a small Open vSwitch bridge
of the lab's own OVS instance (userspace datapath, fail_mode standalone, no controller, so it is an
ordinary learning switch), with each host on an access port and one uplink to a new port of a
switch under test:

    c1 --(access, tag=100)--+
                            e1 --(uplink, trunk)-- s1 port 4
    c2 --(access, tag=200)--+

Edge port 1 is the uplink; hosts take ports 2, 3, ... in the order given. A host without a tag sends
untagged frames. Tags and VLAN modes can be changed later with ovs-vsctl on the edge's ports (the
reply names them). The switch under test learns its new port through an OFPT_PORT_STATUS, as it
would on a real network.
"""

import re
from functools import partial

from mininet.node import OVSSwitch

from lab_network import LabHost, netns_id

# Customer edges are named e<digits> and numbered from this datapath id up; they have no
# controller, so their ids only need to stay apart from each other.
EDGE_DPID_BASE = 0xce00000000000000
EDGE_NAME = re.compile(r'^e\d{1,4}$')
HOST_NAME = re.compile(r'^[a-z][a-z0-9]{0,7}$')
MAC = re.compile(r'^[0-9a-f]{2}(:[0-9a-f]{2}){5}$')
IP = re.compile(r'^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$')
MAX_OFPORT = 0xfeff  # OFPP_MAX


class EdgeError(ValueError):
    """A customer edge that cannot be built as asked; the message says why."""


def _edge_switch_class():
    """The edge bridge: userspace datapath (every bridge of the lab's OVS needs it), standalone, OF1.3."""
    return partial(OVSSwitch, datapath='user', protocols='OpenFlow13', failMode='standalone', batch=False)


def _check(net, name, switch, port, hosts):
    if not isinstance(name, str) or not EDGE_NAME.match(name) or name in net.nameToNode:
        raise EdgeError('name must be a new node name e<N> (got %r)' % (name,))
    sw = net.nameToNode.get(switch) if isinstance(switch, str) else None
    if sw is None or sw not in net.switches or EDGE_NAME.match(sw.name):
        raise EdgeError('switch: no switch under test named %r' % (switch,))
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= MAX_OFPORT:
        raise EdgeError('port must be an OpenFlow port number in [1, %d]' % MAX_OFPORT)
    if port in sw.ports.values():
        raise EdgeError('%s already has a port %d' % (sw.name, port))
    if not isinstance(hosts, list) or not hosts:
        raise EdgeError('hosts must be a non-empty list')
    seen = set()
    for h in hosts:
        if not isinstance(h, dict):
            raise EdgeError('each host is an object {name, ip, mac[, tag]}')
        hname, tag = h.get('name'), h.get('tag')
        if not isinstance(hname, str) or not HOST_NAME.match(hname) or hname in net.nameToNode or hname in seen:
            raise EdgeError('host name must be new, lower-case, at most 8 characters (got %r)' % (hname,))
        seen.add(hname)
        if not isinstance(h.get('ip'), str) or not IP.match(h['ip']):
            raise EdgeError('%s: ip must be a.b.c.d/len' % hname)
        if not isinstance(h.get('mac'), str) or not MAC.match(h['mac']):
            raise EdgeError('%s: mac must be six lower-case hex bytes' % hname)
        if tag is not None and (not isinstance(tag, int) or isinstance(tag, bool) or not 1 <= tag <= 4094):
            raise EdgeError('%s: tag must be a VID in [1, 4094] or absent' % hname)
    return sw


def add_edge(net, name, switch, port, hosts):
    """Build edge `name` on `switch` port `port` with `hosts`; returns the description for the reply."""
    sw = _check(net, name, switch, port, hosts)
    index = int(name[1:])
    edge = net.addSwitch(name, cls=_edge_switch_class(), dpid='%016x' % (EDGE_DPID_BASE + index))
    uplink = net.addLink(edge, sw, port1=1, port2=port)
    added = []
    for k, h in enumerate(hosts, start=2):
        host = net.addHost(h['name'], cls=LabHost, ip=h['ip'], mac=h['mac'])
        link = net.addLink(host, edge, port1=0, port2=k)
        host.configDefault()
        # Transmit checksums in software: the userspace datapath leaves them partial (lab-notes trap 2).
        host.cmd('ethtool', '-K', link.intf1.name, 'tx', 'off')
        added.append((host, link, h.get('tag')))
    # No controllers: a standalone bridge with none forwards with the NORMAL action.
    edge.start([])
    tags = []
    for _host, link, tag in added:
        if tag is not None:
            tags += ['--', 'set', 'Port', link.intf2.name, 'tag=%d' % tag]
    if tags:
        edge.vsctl(*tags[1:])
    # The switch under test is already running: its new port joins it with the requested number.
    up = uplink.intf2
    out = sw.vsctl('add-port', sw.name, up.name, '--', 'set', 'Interface', up.name, 'ofport_request=%d' % port)
    if out.strip():
        raise EdgeError('ovs-vsctl add-port %s %s: %s' % (sw.name, up.name, out.strip()))
    for intf in (uplink.intf1, uplink.intf2):
        intf.node.cmd('ip', 'link', 'set', 'dev', intf.name, 'up')
    return {
        'edge': name,
        'uplink': {'edge_intf': uplink.intf1.name, 'switch': sw.name, 'port': port, 'switch_intf': up.name},
        'hosts': [
            {'name': host.name, 'ip': host.IP(), 'mac': host.MAC(), 'pid': host.pid,
             'netns': netns_id(host.pid), 'intf': link.intf1.name,
             'edge_port': k, 'edge_intf': link.intf2.name, 'tag': tag}
            for k, (host, link, tag) in enumerate(added, start=2)
        ],
    }

