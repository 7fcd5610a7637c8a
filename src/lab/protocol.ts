/**
 * Types of the lab's JSON line protocol, spoken with mininet/run_lab.py --serve
 * (mininet/lab_commands.py is the other side; keep the two in step).
 */

/** A switch of the running lab; `dpid` as Mininet reports it (16 hex digits, no colons). */
export interface LabSwitchInfo {
  readonly name: string;
  readonly dpid: string;
}

/** A host: its shell's pid and network namespace (`net:[inode]`) let teardown find its processes. */
export interface LabHostInfo {
  readonly name: string;
  readonly ip: string;
  readonly mac: string;
  readonly pid: number;
  readonly netns: string;
}

/** A link between two nodes, with the port number and interface name of each end. */
export interface LabLinkInfo {
  readonly a: string;
  readonly a_port: number;
  readonly a_intf: string;
  readonly b: string;
  readonly b_port: number;
  readonly b_intf: string;
}

export interface LabNetwork {
  readonly switches: readonly LabSwitchInfo[];
  readonly hosts: readonly LabHostInfo[];
  readonly links: readonly LabLinkInfo[];
}

export type LinkState = 'up' | 'down';

/** A host to put behind a customer edge: on an access port with `tag`, or untagged without one. */
export interface EdgeHostSpec {
  /** A new node name: lower-case, at most 8 characters. */
  readonly name: string;
  /** `a.b.c.d/len`. */
  readonly ip: string;
  /** Six lower-case hex bytes. */
  readonly mac: string;
  readonly tag?: number;
}

/** A host behind a customer edge, with its interface and the edge port it hangs off. */
export interface EdgeHostInfo extends LabHostInfo {
  /** The host's interface (`c1-eth0`). */
  readonly intf: string;
  /** The edge's port number and interface name for this host (`e1-eth2`). */
  readonly edge_port: number;
  readonly edge_intf: string;
  readonly tag: number | null;
}

/** A customer edge as the lab built it (mininet/lab_edges.py). */
export interface EdgeInfo {
  /** The edge bridge's name (`e1`), also its OVS bridge. */
  readonly edge: string;
  /** The edge's uplink (port 1, `e1-eth1`) and the switch port it is cabled to (`s1-eth4`). */
  readonly uplink: { readonly edge_intf: string; readonly switch: string; readonly port: number; readonly switch_intf: string };
  readonly hosts: readonly EdgeHostInfo[];
}

export type LabCommand =
  | { readonly cmd: 'ready?' }
  /** `a_port` picks one of several links between a and b (parallel links, self-loops). */
  | { readonly cmd: 'link'; readonly a: string; readonly b: string; readonly state: LinkState; readonly a_port?: number }
  /** `timeout`: seconds to wait for each reply; `interval`: seconds between echoes. */
  | { readonly cmd: 'ping'; readonly src: string; readonly dst: string; readonly count?: number; readonly timeout?: number; readonly interval?: number }
  /** `args` is an argv list, run without a shell in the node's namespace. */
  | { readonly cmd: 'sh'; readonly node: string; readonly args: readonly string[]; readonly timeout?: number }
  /** Starts `args` in the background (commands run one at a time; a server or capture must not block them). */
  | { readonly cmd: 'spawn'; readonly node: string; readonly args: readonly string[] }
  /** Output so far of a spawned process, and whether it still runs. */
  | { readonly cmd: 'peek'; readonly proc: number }
  /** Optionally signals a spawned process, then waits up to `timeout` s for its exit and output. */
  | { readonly cmd: 'wait'; readonly proc: number; readonly timeout?: number; readonly signal?: 'INT' | 'TERM' | 'KILL' }
  /**
   * Adds a customer-edge bridge (standalone OVS bridge, no controller) cabled to a new port
   * `port` of switch `switch`, with `hosts` on its access ports (mininet/lab_edges.py).
   */
  | { readonly cmd: 'edge'; readonly name: string; readonly switch: string; readonly port: number; readonly hosts: readonly EdgeHostSpec[] }
  | { readonly cmd: 'stop' };

export type LabCommandName = LabCommand['cmd'];

/** Exit code and output of a process run in a node (negative code: killed by that signal). */
export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The success reply of each command (`ok: true` stripped). */
export interface LabReplies {
  'ready?': LabNetwork;
  link: { readonly a_port: number; readonly b_port: number };
  ping: { readonly sent: number; readonly received: number; readonly output: string };
  sh: ProcessResult;
  spawn: { readonly proc: number; readonly pid: number };
  peek: { readonly running: boolean; readonly stdout: string; readonly stderr: string };
  wait: ProcessResult;
  edge: EdgeInfo;
  stop: Record<string, never>;
}

/** The reply to command C. */
export type LabReplyFor<C extends LabCommand> = LabReplies[C['cmd']];

/** A reply line as it arrives, before it is matched to its command. */
export type LabWireReply =
  | ({ readonly ok: true; readonly id?: number } & Record<string, unknown>)
  | { readonly ok: false; readonly id?: number; readonly error: string };

/** The lab answered a command with `{"ok": false, "error": ...}`. */
export class LabCommandError extends Error {
  constructor(
    readonly command: LabCommand,
    readonly reason: string,
  ) {
    super(`lab command ${command.cmd} failed: ${reason}`);
    this.name = 'LabCommandError';
  }
}
