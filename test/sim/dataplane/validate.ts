/**
 * The checks a switch makes before it accepts a flow's instructions or a group's buckets
 * (OF1.3.5 7.2.4, 7.2.5, 7.4.4), plus the one consistency rule of Open vSwitch that matters to
 * VLAN pipelines: pop_vlan and set_field vlan_vid/vlan_pcp need a tag that the flow's own match (or
 * an earlier push_vlan in the same list) guarantees, otherwise OFPBAC_MATCH_INCONSISTENT. OVS
 * checks each flow against its own match only, so a later table cannot rely on an earlier one.
 */
import { OFPP, OFPVID, assertNever, type Action, type Instruction } from '../../../src/ofp';
import { ofError, type OfError } from './errors';
import { fieldInfo, fullMask, guaranteesTag, missingPrereq, oxmValueToBigint, type NormMatch } from './match';
import { actionSetOrder } from './action-set';

export interface ValidationContext {
  readonly tableId: number;
  readonly nTables: number;
  readonly hasGroup: (groupId: number) => boolean;
}

/** Reserved ports a flow may output to (OF1.3.5 7.2.1); TABLE is for packet-out only, ANY for filters. */
const OUTPUT_RESERVED: readonly number[] = [OFPP.IN_PORT, OFPP.NORMAL, OFPP.FLOOD, OFPP.ALL, OFPP.CONTROLLER, OFPP.LOCAL];

/** How many outer tags the flow is sure of, or 'unchecked' for group buckets (no match to reason from). */
type Tags = number | 'unchecked';

function checkAction(a: Action, hasGroup: (id: number) => boolean, match: NormMatch | undefined, tags: Tags): { error?: OfError; tags: Tags } {
  const needTag = (what: string): { error?: OfError; tags: Tags } =>
    tags === 'unchecked' || tags > 0 ? { tags } : { error: ofError('BAD_ACTION', 'MATCH_INCONSISTENT', `${what} without a VLAN tag guaranteed by the match`), tags };
  switch (a.type) {
    case 'output':
      if (a.port === 0 || (a.port > OFPP.MAX && !OUTPUT_RESERVED.includes(a.port))) {
        return { error: ofError('BAD_ACTION', 'BAD_OUT_PORT', `output to port 0x${a.port.toString(16)}`), tags };
      }
      return { tags };
    case 'group':
      return hasGroup(a.groupId) ? { tags } : { error: ofError('BAD_ACTION', 'BAD_OUT_GROUP', `group ${a.groupId} does not exist`), tags };
    case 'push_vlan':
      // OF1.3.5 7.2.5 "Push-Tag/Pop-Tag": the ethertype of a pushed VLAN tag is 0x8100 or 0x88a8.
      if (a.ethertype !== 0x8100 && a.ethertype !== 0x88a8) return { error: ofError('BAD_ACTION', 'BAD_ARGUMENT', `push_vlan 0x${a.ethertype.toString(16)}`), tags };
      return { tags: tags === 'unchecked' ? tags : tags + 1 };
    case 'pop_vlan': {
      const r = needTag('pop_vlan');
      return r.error !== undefined || r.tags === 'unchecked' ? r : { tags: r.tags - 1 };
    }
    case 'set_field': {
      const f = a.field;
      if (f.field === 'opaque') return { error: ofError('BAD_ACTION', 'BAD_SET_TYPE', 'set_field of an opaque OXM is not modelled'), tags };
      // OF1.3.5 7.2.5 "Set-Field": the OXM carries no mask.
      if (f.mask !== undefined) return { error: ofError('BAD_ACTION', 'BAD_SET_ARGUMENT', `set_field ${f.field} with a mask`), tags };
      const v = oxmValueToBigint(fieldInfo(f.field).kind, f.value);
      if (v > fullMask(f.field)) return { error: ofError('BAD_ACTION', 'BAD_SET_ARGUMENT', `set_field ${f.field} value out of range`), tags };
      if (f.field === 'vlan_vid' || f.field === 'vlan_pcp') {
        // OVS, as OF1.5 spells out: the value of a vlan_vid set-field carries OFPVID_PRESENT.
        if (f.field === 'vlan_vid' && (v & BigInt(OFPVID.PRESENT)) === 0n) {
          return { error: ofError('BAD_ACTION', 'BAD_SET_ARGUMENT', 'set_field vlan_vid without OFPVID_PRESENT'), tags };
        }
        return needTag(`set_field ${f.field}`);
      }
      const why = match === undefined ? undefined : missingPrereq(f.field, match.tests);
      return why === undefined ? { tags } : { error: ofError('BAD_ACTION', 'MATCH_INCONSISTENT', `set_field: ${why}`), tags };
    }
    case 'experimenter':
      return { error: ofError('BAD_ACTION', 'BAD_EXPERIMENTER', `experimenter action 0x${a.experimenter.toString(16)}`), tags };
    case 'unknown':
      return { error: ofError('BAD_ACTION', 'BAD_TYPE', `action type ${a.code}`), tags };
    case 'set_queue':
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
      return { tags };
    default:
      return assertNever(a);
  }
}

function checkList(actions: readonly Action[], hasGroup: (id: number) => boolean, match: NormMatch | undefined, tags: Tags): { error?: OfError; tags: Tags } {
  let t = tags;
  for (const a of actions) {
    const r = checkAction(a, hasGroup, match, t);
    if (r.error !== undefined) return r;
    t = r.tags;
  }
  return { tags: t };
}

/** Pure. The error a switch would return for a bucket's actions, or undefined. */
export function validateBucketActions(actions: readonly Action[], hasGroup: (id: number) => boolean): OfError | undefined {
  return checkList(actions, hasGroup, undefined, 'unchecked').error;
}

/** Pure. The error a switch would return for a flow's instructions under its match, or undefined. */
export function validateInstructions(instructions: readonly Instruction[], match: NormMatch, ctx: ValidationContext): OfError | undefined {
  const seen = new Set<Instruction['type']>();
  for (const i of instructions) {
    // OF1.3.5 7.2.4: a flow entry holds at most one instruction of each type.
    if (seen.has(i.type)) return ofError('BAD_INSTRUCTION', 'UNSUP_INST', `two ${i.type} instructions`);
    seen.add(i.type);
    if (i.type === 'experimenter') return ofError('BAD_INSTRUCTION', 'BAD_EXPERIMENTER', `experimenter instruction 0x${i.experimenter.toString(16)}`);
    if (i.type === 'unknown') return ofError('BAD_INSTRUCTION', 'UNKNOWN_INST', `instruction type ${i.code}`);
    // OF1.3.5 5.1 "Pipeline Processing": goto_table may only go forward.
    if (i.type === 'goto_table' && (i.tableId <= ctx.tableId || i.tableId >= ctx.nTables)) {
      return ofError('BAD_INSTRUCTION', 'BAD_TABLE_ID', `goto_table ${i.tableId} from table ${ctx.tableId}`);
    }
  }
  // Tag reasoning follows execution order: apply-actions first, then the action set in its fixed order.
  const apply = instructions.find((i) => i.type === 'apply_actions');
  const after = checkList(apply?.actions ?? [], ctx.hasGroup, match, guaranteesTag(match.tests) ? 1 : 0);
  if (after.error !== undefined) return after.error;
  const write = instructions.find((i) => i.type === 'write_actions');
  return checkList(actionSetOrder(write?.actions ?? []), ctx.hasGroup, match, after.tags).error;
}
