#!/usr/bin/python3
"""Build a lab topology with Mininet and either hand it to Mininet's CLI or serve JSON commands.

    run_lab.py TOPOLOGY --controller-socket PATH (--cli | --serve) [--status-fd N]

This is the Mininet half of the Isthmus lab; src/lab (TypeScript) is the other half and starts
it inside the lab's network namespace, with /usr/bin/python3 and OVS_RUNDIR set to the lab's own
Open vSwitch (see README.md). It refuses to run in the root namespace and without OVS_RUNDIR; it
never cleans anything it did not create and never runs `mn -c`. On exit it ends its nodes and
leaves links and bridges to src/lab, which stops the lab's OVS and deletes the namespace.

--serve: one JSON command per line on stdin, one JSON reply per line on stdout (lab_commands.py);
  stdout carries nothing else (Mininet's own output goes to stderr). EOF on stdin stops the lab.
--cli: Mininet's CLI on the terminal; `exit` or Ctrl-D stops the lab.
--status-fd N: write one JSON line describing the network to file descriptor N once it is up
  (the same body as the `ready?` reply), so a supervisor learns it in --cli mode too.
"""

import argparse
import json
import os
import signal
import sys
import traceback

from mininet.log import setLogLevel

from lab_commands import COMMANDS, CommandError, Session, StopRequested
from lab_network import attach_controller, build_network, describe_network, stop_network
from lab_procs import BackgroundProcs
from topologies import TopologySpecError, topology_from_spec


def parse_args(argv):
    p = argparse.ArgumentParser(description='Isthmus lab network (Mininet + Open vSwitch)')
    p.add_argument('topology', help='linear,N | ring,N | mesh12')
    p.add_argument('--controller-socket', required=True,
                   help="UNIX socket the switches connect to; must be inside $OVS_RUNDIR")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument('--cli', action='store_true', help="run Mininet's CLI")
    mode.add_argument('--serve', action='store_true', help='serve JSON commands on stdin/stdout')
    p.add_argument('--status-fd', type=int, help='write the ready description to this fd')
    p.add_argument('--log-level', help="Mininet log level (default: info with --cli, where the CLI's "
                   "own output needs at least 'output'; warning with --serve)")
    return p.parse_args(argv)


LAB_NETNS_PREFIX = 'isthmus-lab-'


def in_lab_netns():
    """Whether this process runs in a network namespace named isthmus-lab-* (ip netns add)."""
    mine = os.stat('/proc/self/ns/net').st_ino
    try:
        names = [n for n in os.listdir('/run/netns') if n.startswith(LAB_NETNS_PREFIX)]
    except OSError:
        return False
    return any(os.stat(os.path.join('/run/netns', n)).st_ino == mine for n in names)


def check_environment(socket_path):
    # Stopping leaves links to the namespace's deletion (lab_network.stop_network): anywhere but
    # in a lab namespace they would outlive the lab.
    if not in_lab_netns():
        sys.exit('run_lab.py: not in a lab network namespace (%s*); src/lab starts it in one' % LAB_NETNS_PREFIX)
    rundir = os.environ.get('OVS_RUNDIR')
    if not rundir:
        sys.exit('run_lab.py: OVS_RUNDIR is not set; the lab must talk to its own Open vSwitch')
    # OVS refuses unix: controller targets outside its run directory ("possibility for remote
    # exploit"), and it compares paths textually.
    if os.path.dirname(os.path.abspath(socket_path)) != os.path.abspath(rundir):
        sys.exit('run_lab.py: --controller-socket must be in $OVS_RUNDIR (%s)' % rundir)


def serve(session, proto_in, proto_out):
    """Answer JSON commands until `stop` or EOF; False once `stop` has stopped the network."""
    def reply(obj):
        proto_out.write(json.dumps(obj) + '\n')
        proto_out.flush()

    for line in proto_in:
        line = line.strip()
        if not line:
            continue
        try:
            msg = json.loads(line)
        except ValueError as e:
            reply({'ok': False, 'error': 'bad JSON: %s' % e})
            continue
        if not isinstance(msg, dict):
            reply({'ok': False, 'error': 'a command is a JSON object'})
            continue
        base = {'id': msg['id']} if 'id' in msg else {}
        handler = COMMANDS.get(msg.get('cmd'))
        if handler is None:
            reply(dict(base, ok=False, error='unknown cmd %r (known: %s)' % (msg.get('cmd'), ', '.join(sorted(COMMANDS)))))
            continue
        try:
            result = handler(session, msg)
        except StopRequested:
            session.procs.close()
            stop_network(session.net)
            reply(dict(base, ok=True))
            return False
        except CommandError as e:
            reply(dict(base, ok=False, error=str(e)))
            continue
        except Exception as e:  # a bug in a handler must not take the lab down with it
            traceback.print_exc(file=sys.stderr)
            reply(dict(base, ok=False, error='%s: %s' % (type(e).__name__, e)))
            continue
        reply(dict(base, ok=True, **result))
    return True


def main(argv):
    args = parse_args(argv)
    check_environment(args.controller_socket)
    try:
        topo = topology_from_spec(args.topology)
    except TopologySpecError as e:
        sys.exit('run_lab.py: %s' % e)
    # The JSON protocol owns the real stdout; anything else printed goes to stderr.
    proto_out = os.fdopen(os.dup(sys.stdout.fileno()), 'w') if args.serve else None
    if args.serve:
        sys.stdout = sys.stderr
    setLogLevel(args.log_level or ('warning' if args.serve else 'info'))
    # SIGTERM and SIGHUP unwind through `finally`, so the network is stopped, not abandoned.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, _frame: sys.exit(128 + signum))
    net = None
    procs = None
    running = True
    try:
        net = build_network(topo)
        attach_controller([s.name for s in net.switches], args.controller_socket)
        if args.status_fd is not None:
            with os.fdopen(args.status_fd, 'w') as status:
                status.write(json.dumps(dict(describe_network(net), ok=True)) + '\n')
        if args.serve:
            procs = BackgroundProcs(os.path.join(os.path.dirname(os.environ['OVS_RUNDIR']), 'procs'))
            running = serve(Session(net, procs), sys.stdin, proto_out)
        else:
            from mininet.cli import CLI
            CLI(net)
    finally:
        if procs is not None:
            procs.close()
        if net is not None and running:
            stop_network(net)


if __name__ == '__main__':
    main(sys.argv[1:])
