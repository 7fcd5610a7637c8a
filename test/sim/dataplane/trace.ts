/**
 * One packet through one FakeSwitch's pipeline (OF1.3.5 5.1 "Pipeline Processing"): table 0
 * first, the highest-priority matching entry of each table, its instructions in the spec's order,
 * and the action set when no goto_table follows. Where a real switch would quietly do nothing (a
 * miss, output to the in_port by number, a set on a missing header) the trace says so in `notes`.
 */
import { OFPG, OFPP, assertNever, type Action, type Bucket } from '../../../src/ofp';
import { EMPTY_ACTION_SET, actionSetOrder, mergeActions, type ActionSet } from './action-set';
import type { FakeSwitch } from './fake-switch';
import { readField, writeField } from './fields';
import { portText } from './format';
import { headersOf, type Headers, type Packet } from './packet';

/** A copy of the packet leaving the switch: on a port (reserved ones expanded), with the queue set before it. */
export interface Output {
  readonly port: number;
  readonly packet: Headers;
  readonly queue?: number;
}

/** A flow entry the packet hit. */
export interface Hit {
  readonly table: number;
  readonly priority: number;
  readonly cookie: bigint;
  /** The entry's match text (see match.ts `testText`). */
  readonly match: string;
}

export interface SwitchTrace {
  readonly outputs: readonly Output[];
  readonly hits: readonly Hit[];
  /** Groups executed, in order (chained groups included). */
  readonly groups: readonly number[];
  /** Meters the packet passed (not enforced). */
  readonly meters: readonly number[];
  /** Table where the packet missed with no table-miss entry, and was dropped with its action set. */
  readonly missedIn?: number;
  readonly notes: readonly string[];
}

interface State {
  readonly h: Headers;
  readonly queue?: number;
}

interface Run {
  readonly sw: FakeSwitch;
  readonly inPort: number;
  readonly outputs: Output[];
  readonly groups: number[];
  readonly notes: string[];
}

/** Groups may chain; a loop is a configuration error the fake reports by throwing. */
const MAX_GROUP_DEPTH = 16;

function send(run: Run, port: number, st: State): void {
  if (port <= OFPP.MAX && !run.sw.isPortLive(port)) {
    run.notes.push(`output:${port} dropped: port is down`);
    return;
  }
  run.outputs.push({ port, packet: st.h, ...(st.queue === undefined ? {} : { queue: st.queue }) });
}

function output(run: Run, port: number, st: State): void {
  switch (port) {
    case OFPP.IN_PORT:
      return send(run, run.inPort, st);
    case OFPP.ALL:
    case OFPP.FLOOD:
      // OF1.3.5 4.5 "Reserved Ports": every standard port except the ingress port (no STP here, so FLOOD = ALL).
      for (const p of run.sw.ports()) if (p !== run.inPort) send(run, p, st);
      return;
    case OFPP.CONTROLLER:
    case OFPP.LOCAL:
    case OFPP.NORMAL:
      return send(run, port, st);
    default:
      // OF1.3.5 4.5: sending back out of the ingress port needs OFPP_IN_PORT; OVS drops output:<in_port>.
      if (port === run.inPort) {
        run.notes.push(`output:${port} dropped: it is the in_port (use IN_PORT)`);
        return;
      }
      return send(run, port, st);
  }
}

function bucketLive(sw: FakeSwitch, b: Bucket, depth: number): boolean {
  if (b.watchPort !== OFPP.ANY && !sw.isPortLive(b.watchPort)) return false;
  return b.watchGroup === OFPG.ANY || groupLive(sw, b.watchGroup, depth + 1);
}

/** OF1.3.5 6.7 "Fast Failover": a group is live when one of its buckets is. */
function groupLive(sw: FakeSwitch, groupId: number, depth: number): boolean {
  if (depth > MAX_GROUP_DEPTH) throw new Error(`group chain deeper than ${MAX_GROUP_DEPTH} at group ${groupId}`);
  const g = sw.group(groupId);
  return g !== undefined && g.buckets.some((b) => bucketLive(sw, b, depth));
}

/** OF1.3.5 5.6.1 "Group Types". Each bucket works on its own copy: the pipeline's packet is unchanged. */
function runGroup(run: Run, groupId: number, st: State, depth: number): void {
  if (depth > MAX_GROUP_DEPTH) throw new Error(`group chain deeper than ${MAX_GROUP_DEPTH} at group ${groupId}`);
  const g = run.sw.group(groupId);
  if (g === undefined) {
    run.notes.push(`group:${groupId} dropped: no such group`);
    return;
  }
  run.groups.push(groupId);
  const live = g.buckets.filter((b) => bucketLive(run.sw, b, depth));
  switch (g.groupType) {
    case 'all':
      for (const b of g.buckets) runActions(run, b.actions, st, depth + 1);
      return;
    case 'indirect':
      if (g.buckets[0] !== undefined) runActions(run, g.buckets[0].actions, st, depth + 1);
      return;
    case 'select':
    case 'ff': {
      // A real select group hashes the flow over live buckets; the fake takes the first live one, deterministically.
      const b = live[0];
      if (b === undefined) run.notes.push(`group:${groupId} dropped: no live bucket`);
      else runActions(run, b.actions, st, depth + 1);
      return;
    }
    default:
      return assertNever(g.groupType);
  }
}

function runAction(run: Run, a: Action, st: State, depth: number): State {
  switch (a.type) {
    case 'output':
      output(run, a.port, st);
      return st;
    case 'push_vlan': {
      // OF1.3.5 7.2.5 Table 7 "Push action default field values": VID and PCP are copied from the outer tag, or 0.
      const outer = st.h.vlanStack[0];
      const tag = { tpid: a.ethertype, vid: outer?.vid ?? 0, pcp: outer?.pcp ?? 0 };
      return { ...st, h: { ...st.h, vlanStack: [tag, ...st.h.vlanStack] } };
    }
    case 'pop_vlan':
      if (st.h.vlanStack.length === 0) {
        run.notes.push('pop_vlan on an untagged packet: nothing popped');
        return st;
      }
      return { ...st, h: { ...st.h, vlanStack: st.h.vlanStack.slice(1) } };
    case 'set_field': {
      if (a.field.field === 'opaque') throw new Error('fake dataplane: set_field of an opaque OXM is not modelled');
      const r = writeField(st.h, a.field);
      if (r.kind === 'absent') {
        run.notes.push(`set_field ${a.field.field}: the packet has no such header`);
        return st;
      }
      return { ...st, h: r.headers };
    }
    case 'set_queue':
      return { ...st, queue: a.queueId };
    case 'group':
      runGroup(run, a.groupId, st, depth + 1);
      return st;
    case 'copy_ttl_out':
    case 'copy_ttl_in':
    case 'set_mpls_ttl':
    case 'dec_mpls_ttl':
    case 'push_mpls':
    case 'pop_mpls':
    case 'set_nw_ttl':
    case 'dec_nw_ttl':
    case 'push_pbb':
    case 'pop_pbb':
    case 'experimenter':
    case 'unknown':
      throw new Error(`fake dataplane: action ${a.type} is not modelled`);
    default:
      return assertNever(a);
  }
}

function runActions(run: Run, actions: readonly Action[], st: State, depth: number): State {
  let s = st;
  for (const a of actions) s = runAction(run, a, s, depth);
  return s;
}

/** Pure (reads the switch, changes nothing). Runs one packet through the switch's pipeline. */
export function trace(sw: FakeSwitch, packet: Packet): SwitchTrace {
  const run: Run = { sw, inPort: packet.inPort, outputs: [], groups: [], notes: [] };
  const hits: Hit[] = [];
  const meters: number[] = [];
  let st: State = { h: headersOf(packet) };
  let metadata = 0n;
  let actionSet: ActionSet = EMPTY_ACTION_SET;
  let table = 0;
  for (;;) {
    const found = sw.lookup(table, (name) => readField(st.h, { inPort: packet.inPort, metadata }, name));
    if (found === undefined) {
      // OF1.3.5 5.4 "Table-miss": with no table-miss flow entry the packet is dropped.
      run.notes.push(`table ${table}: miss, dropped`);
      return { outputs: run.outputs, hits, groups: run.groups, meters, missedIn: table, notes: run.notes };
    }
    const e = found.entry;
    hits.push({ table, priority: e.priority, cookie: e.cookie, match: e.match.key });
    if (found.ties.length > 0) {
      run.notes.push(`table ${table}: ${found.ties.length + 1} entries of priority ${e.priority} match (undefined order, OF1.3.5 5.3)`);
    }
    // OF1.3.5 5.9 "Instructions": meter, apply-actions, clear-actions, write-actions, write-metadata, goto-table.
    const ins = e.instructions;
    const meter = ins.find((i) => i.type === 'meter');
    if (meter !== undefined) meters.push(meter.meterId);
    const apply = ins.find((i) => i.type === 'apply_actions');
    if (apply !== undefined) st = runActions(run, apply.actions, st, 0);
    if (ins.some((i) => i.type === 'clear_actions')) actionSet = EMPTY_ACTION_SET;
    const write = ins.find((i) => i.type === 'write_actions');
    if (write !== undefined) actionSet = mergeActions(actionSet, write.actions);
    const wm = ins.find((i) => i.type === 'write_metadata');
    if (wm !== undefined) metadata = (metadata & ~wm.metadataMask) | (wm.metadata & wm.metadataMask);
    const goto = ins.find((i) => i.type === 'goto_table');
    if (goto === undefined) break;
    // Validation only accepts forward gotos, so this loop ends.
    table = goto.tableId;
  }
  // OF1.3.5 5.10: the action set runs when the pipeline ends; no output and no group in it means drop.
  const set = actionSetOrder(actionSet);
  runActions(run, set, st, 0);
  return { outputs: run.outputs, hits, groups: run.groups, meters, notes: run.notes };
}

/** Pure. `port:vid.vid` per output, e.g. `['2:101.100']`: compact text for assertions and messages. */
export function outputsText(outputs: readonly Output[]): string[] {
  return outputs.map((o) => `${portText(o.port)}:${o.packet.vlanStack.map((t) => t.vid).join('.') || 'untagged'}`);
}
