/**
 * One-line text of the fake switch's flows and groups: the input of `hash()` and what a failing
 * test prints. Anything OpenFlow treats as unordered (the match's fields, the instructions of an
 * entry, the write-actions set) is written in a fixed order, so equal tables give equal text.
 */
import { OFPP, assertNever, type Action, type Bucket, type GroupType, type Instruction, type Oxm } from '../../../src/ofp';
import { actionSetOrder } from './action-set';
import { fieldInfo, oxmValueToBigint, type NormMatch } from './match';

const hex = (v: number | bigint): string => `0x${v.toString(16)}`;

const RESERVED_PORT: ReadonlyMap<number, string> = new Map([
  [OFPP.IN_PORT, 'IN_PORT'], [OFPP.TABLE, 'TABLE'], [OFPP.NORMAL, 'NORMAL'], [OFPP.FLOOD, 'FLOOD'], [OFPP.ALL, 'ALL'],
  [OFPP.CONTROLLER, 'CONTROLLER'], [OFPP.LOCAL, 'LOCAL'], [OFPP.ANY, 'ANY'],
]);

/** Pure. A port number, or the name of a reserved port. */
export function portText(p: number): string {
  return RESERVED_PORT.get(p) ?? String(p);
}

function oxmText(o: Oxm): string {
  if (o.field === 'opaque') return `opaque(${hex(o.oxmClass)}:${o.oxmField}${o.hasMask ? '/m' : ''}=${o.body.toString('hex')})`;
  const kind = fieldInfo(o.field).kind;
  const v = `${o.field}=${hex(oxmValueToBigint(kind, o.value))}`;
  return o.mask === undefined ? v : `${v}/${hex(oxmValueToBigint(kind, o.mask))}`;
}

/** Pure. One action in ovs-ofctl-like words. */
export function actionText(a: Action): string {
  switch (a.type) {
    case 'output':
      return `output:${portText(a.port)}`;
    case 'push_vlan':
    case 'push_mpls':
    case 'pop_mpls':
    case 'push_pbb':
      return `${a.type}:${hex(a.ethertype)}`;
    case 'set_field':
      return `set_field:${oxmText(a.field)}`;
    case 'set_queue':
      return `set_queue:${a.queueId}`;
    case 'group':
      return `group:${a.groupId}`;
    case 'set_mpls_ttl':
    case 'set_nw_ttl':
      return `${a.type}:${a.ttl}`;
    case 'pop_vlan':
    case 'copy_ttl_out':
    case 'copy_ttl_in':
    case 'dec_mpls_ttl':
    case 'dec_nw_ttl':
    case 'pop_pbb':
      return a.type;
    case 'experimenter':
      return `experimenter:${hex(a.experimenter)}:${a.data.toString('hex')}`;
    case 'unknown':
      return `unknown:${a.code}:${a.body.toString('hex')}`;
    default:
      return assertNever(a);
  }
}

const actionsText = (as: readonly Action[]): string => as.map(actionText).join(',');

/** The order the pipeline runs instructions in (OF1.3.5 5.9 "Instructions"). */
const INSTRUCTION_RANK: Readonly<Record<Instruction['type'], number>> = {
  meter: 0, apply_actions: 1, clear_actions: 2, write_actions: 3, write_metadata: 4, goto_table: 5, experimenter: 6, unknown: 7,
};

function instructionText(i: Instruction): string {
  switch (i.type) {
    case 'goto_table':
      return `goto_table:${i.tableId}`;
    case 'write_metadata':
      return `write_metadata:${hex(i.metadata)}/${hex(i.metadataMask)}`;
    case 'write_actions':
      return `write_actions(${actionsText(actionSetOrder(i.actions))})`;
    case 'apply_actions':
      return `apply_actions(${actionsText(i.actions)})`;
    case 'clear_actions':
      return 'clear_actions';
    case 'meter':
      return `meter:${i.meterId}`;
    case 'experimenter':
      return `experimenter:${hex(i.experimenter)}:${i.data.toString('hex')}`;
    case 'unknown':
      return `unknown:${i.code}:${i.body.toString('hex')}`;
    default:
      return assertNever(i);
  }
}

/** Pure. A flow's instructions in execution order, whatever order they were sent in. */
export function instructionsText(is: readonly Instruction[]): string {
  if (is.length === 0) return 'drop';
  return [...is].sort((a, b) => INSTRUCTION_RANK[a.type] - INSTRUCTION_RANK[b.type]).map(instructionText).join(' ');
}

export interface FlowLine {
  readonly table: number;
  readonly priority: number;
  readonly match: NormMatch;
  readonly instructions: readonly Instruction[];
  readonly cookie: bigint;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly flags: number;
}

/** Pure. One flow entry as a line (counters and durations are not state the controller sets). */
export function flowText(f: FlowLine): string {
  const timeouts = `${f.idleTimeout === 0 ? '' : ` idle_timeout=${f.idleTimeout}`}${f.hardTimeout === 0 ? '' : ` hard_timeout=${f.hardTimeout}`}`;
  const flags = f.flags === 0 ? '' : ` flags=${hex(f.flags)}`;
  const match = f.match.key === '' ? '' : ` ${f.match.key}`;
  return `table=${f.table} priority=${f.priority} cookie=${hex(f.cookie)}${timeouts}${flags}${match} actions=${instructionsText(f.instructions)}`;
}

function bucketText(b: Bucket): string {
  const watch = `${b.watchPort === OFPP.ANY ? '' : `watch_port:${portText(b.watchPort)},`}${b.watchGroup === 0xffffffff ? '' : `watch_group:${b.watchGroup},`}`;
  return `bucket=${b.weight === 0 ? '' : `weight:${b.weight},`}${watch}actions=${actionsText(b.actions)}`;
}

/** Pure. One group entry as a line. */
export function groupText(g: { readonly groupId: number; readonly groupType: GroupType; readonly buckets: readonly Bucket[] }): string {
  return `group_id=${g.groupId} type=${g.groupType} ${g.buckets.map(bucketText).join(' ')}`.trimEnd();
}
