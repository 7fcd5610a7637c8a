"""Background processes in lab nodes (a TCP server, tcpdump, a traffic sender): started by the
`spawn` command, collected by `wait`, and killed by pid when the lab stops.

Output goes to files in a private temp dir rather than pipes, so a chatty process can never block
on a full pipe while nobody reads it.
"""

import os
import shutil
import signal
import subprocess
import time

SIGNALS = {'INT': signal.SIGINT, 'TERM': signal.SIGTERM, 'KILL': signal.SIGKILL}


class Proc(object):
    def __init__(self, proc_id, node, args, popen, out_path, err_path):
        self.id = proc_id
        self.node = node
        self.args = args
        self.popen = popen
        self.out_path = out_path
        self.err_path = err_path


class BackgroundProcs(object):
    """The lab's background processes, by id (1, 2, ...)."""

    def __init__(self, directory):
        """`directory`: where output files go (inside the lab's temp dir, so teardown removes it)."""
        self._dir = directory
        os.makedirs(directory, exist_ok=True)
        self._procs = {}
        self._next = 1

    def spawn(self, node, args):
        """Start argv `args` in `node`'s namespace, without a shell; returns the Proc."""
        proc_id = self._next
        self._next += 1
        out_path = os.path.join(self._dir, '%d.out' % proc_id)
        err_path = os.path.join(self._dir, '%d.err' % proc_id)
        with open(out_path, 'wb') as out, open(err_path, 'wb') as err:
            popen = node.popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        proc = Proc(proc_id, node, args, popen, out_path, err_path)
        self._procs[proc_id] = proc
        return proc

    def get(self, proc_id):
        return self._procs.get(proc_id)

    def peek(self, proc):
        """(running, stdout so far, stderr so far) of `proc`, without waiting."""
        with open(proc.out_path, 'rb') as out, open(proc.err_path, 'rb') as err:
            return (proc.popen.poll() is None, out.read().decode('utf-8', 'replace'), err.read().decode('utf-8', 'replace'))

    def wait(self, proc, timeout, sig=None):
        """Optionally signal `proc`, then wait up to `timeout` s for it to exit.

        Returns (code, stdout, stderr) and forgets the process, or None if it is still running."""
        if sig is not None and proc.popen.poll() is None:
            proc.popen.send_signal(SIGNALS[sig])
        deadline = time.time() + timeout
        while proc.popen.poll() is None:
            if time.time() >= deadline:
                return None
            time.sleep(0.01)
        del self._procs[proc.id]
        with open(proc.out_path, 'rb') as out, open(proc.err_path, 'rb') as err:
            result = (proc.popen.returncode, out.read().decode('utf-8', 'replace'), err.read().decode('utf-8', 'replace'))
        os.unlink(proc.out_path)
        os.unlink(proc.err_path)
        return result

    def close(self):
        """Kill whatever is still running (by pid) and remove the output files."""
        for proc in self._procs.values():
            if proc.popen.poll() is None:
                proc.popen.kill()
                proc.popen.wait()
        self._procs.clear()
        shutil.rmtree(self._dir, ignore_errors=True)
