/**
 * Canonical flows (house style B6): desired flows and flows read back from a switch pass through
 * the same normalisation, so that equal flows compare equal however they were written. The key is
 * OpenFlow's own flow identity: switch, table, priority and match (OF1.3.5 6.4, "identical match
 * and priority").
 */
import { OFPP, OFPVID, OXM_FIELDS, type Action, type Instruction, type Oxm } from '../ofp';
import { parseIpv6 } from '../ofp/writer';
import type { FlowSpec } from './flowspec';

const FIELD_ORDER = new Map<string, number>(OXM_FIELDS.map((d) => [d.name, d.field]));
const FIELD_DEF = new Map(OXM_FIELDS.map((d) => [d.name as string, d]));

/** The order in which a switch executes instructions (OF1.3.5 5.9): how switches report them back. */
const INSTRUCTION_ORDER: Readonly<Record<Instruction['type'], number>> = {
  meter: 0,
  apply_actions: 1,
  clear_actions: 2,
  write_actions: 3,
  write_metadata: 4,
  goto_table: 5,
  experimenter: 6,
  unknown: 7,
};

function maskBytes(value: Buffer, mask: Buffer): Buffer {
  const out = Buffer.alloc(value.length);
  for (let i = 0; i < value.length; i++) out[i] = (value[i] as number) & (mask[i] as number);
  return out;
}

const macBytes = (s: string): Buffer => Buffer.from(s.replace(/:/g, ''), 'hex');
const macText = (b: Buffer): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
const ipv4Bytes = (s: string): Buffer => Buffer.from(s.split('.').map(Number));
const ipv4Text = (b: Buffer): string => [...b].join('.');
const ipv6Text = (b: Buffer): string => Array.from({ length: 8 }, (_, i) => b.readUInt16BE(2 * i).toString(16).padStart(4, '0')).join(':');

/** Pure. An unmasked value in the text form the decoder produces (lower-case MAC, eight full IPv6 groups). */
function canonicalValue(o: Oxm): Oxm {
  if (o.field === 'opaque') return o;
  const kind = FIELD_DEF.get(o.field)?.kind;
  if (kind === 'mac') return { ...o, value: (o.value as string).toLowerCase() } as Oxm;
  if (kind === 'ipv6') return { ...o, value: ipv6Text(parseIpv6(o.value as string)) } as Oxm;
  return o;
}

/** Pure. Whether an OXM's mask is all zeros: it matches everything, and a switch reports no such field (OF1.3.5 7.2.3.5). */
export function isWildcard(o: Oxm): boolean {
  if (o.field === 'opaque' || o.mask === undefined) return false;
  const m = o.mask;
  if (typeof m === 'number') return m === 0;
  if (typeof m === 'bigint') return m === 0n;
  return /^[0:.]*$/.test(m);
}

/** Pure. One OXM with its value masked and an all-ones mask dropped (OF1.3.5 7.2.3.5 "Flow Match Field Masking"). */
export function canonicalOxm(o: Oxm): Oxm {
  if (o.field === 'opaque' || o.mask === undefined) return canonicalValue(o);
  const def = FIELD_DEF.get(o.field);
  if (def === undefined) return o;
  const bits = def.field === 6 ? 13 : def.bytes * 8; // vlan_vid is 13 bits wide (VID + OFPVID_PRESENT)
  switch (def.kind) {
    case 'u8':
    case 'u16':
    case 'u24':
    case 'u32': {
      const mask = o.mask as number;
      const full = bits === 32 ? 0xffffffff : (1 << bits) - 1;
      if ((mask >>> 0) === full) return { field: o.field, value: o.value } as Oxm;
      return { field: o.field, value: ((o.value as number) & mask) >>> 0, mask } as Oxm;
    }
    case 'u64': {
      const mask = o.mask as bigint;
      if (mask === 0xffffffffffffffffn) return { field: o.field, value: o.value } as Oxm;
      return { field: o.field, value: (o.value as bigint) & mask, mask } as Oxm;
    }
    case 'mac': {
      const m = macBytes(o.mask as string);
      if (m.every((b) => b === 0xff)) return { field: o.field, value: (o.value as string).toLowerCase() } as Oxm;
      return { field: o.field, value: macText(maskBytes(macBytes(o.value as string), m)), mask: macText(m) } as Oxm;
    }
    case 'ipv4': {
      const m = ipv4Bytes(o.mask as string);
      if (m.every((b) => b === 0xff)) return { field: o.field, value: o.value } as Oxm;
      return { field: o.field, value: ipv4Text(maskBytes(ipv4Bytes(o.value as string), m)), mask: ipv4Text(m) } as Oxm;
    }
    case 'ipv6': {
      const m = parseIpv6(o.mask as string);
      const v = parseIpv6(o.value as string);
      if (m.every((b) => b === 0xff)) return { field: o.field, value: ipv6Text(v) } as Oxm;
      return { field: o.field, value: ipv6Text(maskBytes(v, m)), mask: ipv6Text(m) } as Oxm;
    }
    default:
      return o;
  }
}

function oxmSortKey(o: Oxm): string {
  if (o.field === 'opaque') return `z${o.oxmClass.toString(16).padStart(4, '0')}${o.oxmField.toString(16).padStart(2, '0')}${o.body.toString('hex')}`;
  return `a${String(FIELD_ORDER.get(o.field) ?? 0).padStart(3, '0')}`;
}

/** Pure. The text of one canonical OXM, as used in flow keys: `field=value[/mask]`. */
export function oxmText(o: Oxm): string {
  if (o.field === 'opaque') return `opaque:${o.oxmClass}:${o.oxmField}:${o.hasMask ? 1 : 0}:${o.body.toString('hex')}`;
  const show = (v: unknown): string => (typeof v === 'bigint' ? `0x${v.toString(16)}` : String(v));
  return o.mask === undefined ? `${o.field}=${show(o.value)}` : `${o.field}=${show(o.value)}/${show(o.mask)}`;
}

/** Pure. A match in canonical form: masked values, no all-ones masks, TLVs in OXM field order. */
export function canonicalMatch(match: readonly Oxm[]): Oxm[] {
  return match.filter((o) => !isWildcard(o)).map(canonicalOxm).sort((a, b) => (oxmSortKey(a) < oxmSortKey(b) ? -1 : oxmSortKey(a) > oxmSortKey(b) ? 1 : 0));
}

function canonicalAction(a: Action): Action {
  switch (a.type) {
    case 'output':
      // max_len only means something for output to the controller (OF1.3.5 7.2.5 "Output Action").
      return a.port === OFPP.CONTROLLER ? a : { type: 'output', port: a.port, maxLen: 0 };
    case 'set_field': {
      const f = canonicalOxm(a.field);
      // A VID written by set_field carries OFPVID_PRESENT on the wire (OF1.3.5 7.2.3.8).
      if (f.field === 'vlan_vid' && f.mask === undefined) return { type: 'set_field', field: { field: 'vlan_vid', value: f.value | OFPVID.PRESENT } };
      return { type: 'set_field', field: f };
    }
    default:
      return a;
  }
}

function actionSortKey(a: Action): string {
  return JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString(16) : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}

function canonicalInstruction(i: Instruction): Instruction {
  switch (i.type) {
    case 'apply_actions':
      return { type: 'apply_actions', actions: i.actions.map(canonicalAction) };
    case 'write_actions':
      // The action set is a set: at most one action per type, executed in a fixed order (OF1.3.5 5.10).
      return { type: 'write_actions', actions: i.actions.map(canonicalAction).sort((a, b) => (actionSortKey(a) < actionSortKey(b) ? -1 : 1)) };
    case 'write_metadata':
      return { type: 'write_metadata', metadata: i.metadata & i.metadataMask, metadataMask: i.metadataMask };
    default:
      return i;
  }
}

/** Pure. A flow in canonical form: canonical match, instructions in execution order, canonical actions. */
export function canonical(f: FlowSpec): FlowSpec {
  const instructions = f.instructions
    .filter((i) => !(i.type === 'apply_actions' && i.actions.length === 0))
    .map(canonicalInstruction)
    .sort((a, b) => INSTRUCTION_ORDER[a.type] - INSTRUCTION_ORDER[b.type]);
  return { ...f, match: canonicalMatch(f.match), instructions };
}

/** Pure. The flow's identity on its switch: `dpid/table/priority/match` over the canonical match. */
export function flowKey(f: FlowSpec): string {
  return keyOfCanonical({ ...f, match: canonicalMatch(f.match) });
}

/** Pure. flowKey of a flow already in canonical form (no second normalisation). */
export function keyOfCanonical(c: FlowSpec): string {
  return `${c.dpid}/${c.table}/${c.priority}/${c.match.map(oxmText).join(',')}`;
}

/** Pure. Everything of a flow besides its key, as comparable text (instructions, cookie, timeouts, flags). */
export function flowBody(f: FlowSpec): string {
  return bodyOfCanonical(canonical(f));
}

/** Pure. flowBody of a flow already in canonical form. */
export function bodyOfCanonical(c: FlowSpec): string {
  return JSON.stringify(
    { i: c.instructions, c: c.cookie, it: c.idleTimeout, ht: c.hardTimeout, fl: c.flags },
    (_k, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v),
  );
}

/** Pure. Whether two flows differ only in their instructions (MODIFY_STRICT can fix that; OF1.3.5 6.4). */
export function differsOnlyInInstructions(a: FlowSpec, b: FlowSpec): boolean {
  return a.cookie === b.cookie && a.idleTimeout === b.idleTimeout && a.hardTimeout === b.hardTimeout && a.flags === b.flags;
}
