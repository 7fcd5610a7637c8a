"""Building and stopping the lab network: Mininet node classes and the controller hookup.

Everything here runs inside the lab's network namespace, with OVS_RUNDIR pointing at the lab's own
ovsdb-server and ovs-vswitchd (src/lab starts them), so every `ovs-vsctl` Mininet runs talks to
the lab's instance and never to a system-wide Open vSwitch.
"""

import os
import resource
import subprocess
from functools import partial

from mininet.net import Mininet
from mininet.node import Host, OVSSwitch

# sysctl settings that turn IPv6 off. Without this every interface sends router solicitations and
# the controller drowns in packet-ins (lab-notes trap 6).
IPV6_OFF = ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']

# Longest back-off between OVS's connection attempts to the controller: OVS's default (8 s) would
# make a switch take seconds to notice a controller that starts after the lab.
CONTROLLER_MAX_BACKOFF_MS = 1000


class LabHost(Host):
    """A Mininet host with IPv6 off from birth: the sysctl runs before any link is attached."""

    def __init__(self, name, **params):
        Host.__init__(self, name, **params)
        self.cmd('sysctl', '-q', '-w', *IPV6_OFF)


def lab_switch_class():
    """OVSSwitch on the userspace datapath, OpenFlow 1.3 only, no forwarding without a controller.

    batch: Mininet creates all bridges in one ovs-vsctl call (100 switches: 4 s instead of 8 s)."""
    return partial(OVSSwitch, datapath='user', protocols='OpenFlow13', failMode='secure', batch=True)


def build_network(topo):
    """Build and start the Mininet network for `topo`, with no controller attached yet."""
    # Mininet.init() would call fixLimits(), which raises machine-wide sysctls (fs.file-max,
    # kernel.pty.max, ...). The lab only needs more file descriptors for its own process.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 16384)), hard))
    Mininet.inited = True
    net = Mininet(topo=topo, switch=lab_switch_class(), host=LabHost, controller=None,
                  build=False, autoSetMacs=False, waitConnected=False)
    net.build()
    for host in net.hosts:
        for intf in host.intfList():
            if intf.name == 'lo':
                continue
            # The userspace datapath leaves TCP/UDP checksums partial and the receiving kernel
            # drops the packets (lab-notes trap 2); checksumming on transmit fixes that.
            host.cmd('ethtool', '-K', intf.name, 'tx', 'off')
    net.start()
    return net


def stop_network(net):
    """End every Mininet node's shell, without deleting links and bridges one by one.

    Mininet's net.stop() does that (11 s for linear,100); here it is not needed: the bridges
    live in the lab's private ovsdb and ovs-vswitchd, which src/lab stops next, and every veth
    goes with the lab's network namespace (or a host's), which is deleted after that."""
    for node in net.hosts + net.switches:
        node.terminate()


def attach_controller(switch_names, socket_path):
    """Point every switch at the controller socket, in one ovsdb transaction.

    The target is a UNIX socket because it crosses network namespaces; OVS only connects to
    UNIX sockets inside its own run directory, so `socket_path` must be there."""
    if not switch_names:
        return
    args = ['ovs-vsctl', '--timeout=30']
    for name in switch_names:
        row = '@c_%s' % name
        args += ['--', '--id=%s' % row, 'create', 'Controller', 'target="unix:%s"' % socket_path,
                 'max_backoff=%d' % CONTROLLER_MAX_BACKOFF_MS,
                 '--', 'set', 'Bridge', name, 'controller=%s' % row]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def netns_id(pid):
    """The network namespace of process `pid`, as the kernel names it (`net:[inode]`)."""
    return os.readlink('/proc/%d/ns/net' % pid)


def describe_network(net):
    """Switches, hosts and links of the running network, as plain data for the JSON protocol."""
    switches = [{'name': s.name, 'dpid': s.dpid} for s in net.switches]
    hosts = [{'name': h.name, 'ip': h.IP(), 'mac': h.MAC(), 'pid': h.pid, 'netns': netns_id(h.pid)}
             for h in net.hosts]
    links = []
    for link in net.links:
        i1, i2 = link.intf1, link.intf2
        links.append({'a': i1.node.name, 'a_port': i1.node.ports[i1], 'a_intf': i1.name,
                      'b': i2.node.name, 'b_port': i2.node.ports[i2], 'b_intf': i2.name})
    return {'switches': switches, 'hosts': hosts, 'links': links}
