/** Canonical flows, flow keys and the desired-state diff (house style B6), with expectations written by hand. */
import { canonical, flowBody, flowKey } from '../../../src/flows/canonical';
import { diffFlows, isEmptyDiff } from '../../../src/flows/diff';
import { orderChanges } from '../../../src/flows/order';
import { checkFlow, tableOf, validatePipeline, DEFAULT_PIPELINE, type PipelineDecl } from '../../../src/flows/pipeline';
import type { FlowSpec } from '../../../src/flows/flowspec';

const D = '00:00:00:00:00:00:00:01';
const base: FlowSpec = {
  dpid: D, table: 0, priority: 100, cookie: 0xaa00000000000001n, idleTimeout: 0, hardTimeout: 0, flags: 0,
  match: [{ field: 'in_port', value: 1 }, { field: 'vlan_vid', value: 0x1064 }],
  instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'vlan_vid', value: 0x10c8 } }, { type: 'output', port: 2, maxLen: 0 }] }],
};
const owns = (c: bigint): boolean => c >> 56n === 0xaan;
const other: FlowSpec = { ...base, priority: 200 };

describe('canonical and flowKey', () => {
  it('orders OXMs by field, drops all-ones masks and masks the value', () => {
    const f = canonical({
      ...base,
      match: [
        { field: 'ipv4_dst', value: '10.1.2.3', mask: '255.255.0.0' },
        { field: 'eth_type', value: 0x0800 },
        { field: 'vlan_vid', value: 0x1064, mask: 0x1fff },
        { field: 'in_port', value: 1 },
      ],
    });
    expect(f.match).toEqual([
      { field: 'in_port', value: 1 },
      { field: 'eth_type', value: 0x0800 },
      { field: 'vlan_vid', value: 0x1064 },
      { field: 'ipv4_dst', value: '10.1.0.0', mask: '255.255.0.0' },
    ]);
    expect(flowKey(f)).toBe(`${D}/0/100/in_port=1,eth_type=2048,vlan_vid=4196,ipv4_dst=10.1.0.0/255.255.0.0`);
  });

  it('gives the same key and body however the flow was written', () => {
    const reordered: FlowSpec = {
      ...base,
      match: [{ field: 'vlan_vid', value: 0x1064 }, { field: 'in_port', value: 1 }],
      instructions: [{ type: 'goto_table', tableId: 1 }, ...base.instructions],
    };
    const plain: FlowSpec = { ...base, instructions: [...base.instructions, { type: 'goto_table', tableId: 1 }] };
    expect(flowKey(reordered)).toBe(flowKey(plain));
    expect(flowBody(reordered)).toBe(flowBody(plain));
  });

  it('normalises what switches report differently: output max_len, set_field VID present bit, lower-case MACs', () => {
    const sent: FlowSpec = {
      ...base,
      match: [{ field: 'eth_dst', value: 'AA:BB:CC:DD:EE:FF', mask: 'ff:ff:ff:ff:ff:ff' }],
      instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'vlan_vid', value: 200 } }, { type: 'output', port: 2, maxLen: 0xffe5 }] }],
    };
    const read: FlowSpec = {
      ...base,
      match: [{ field: 'eth_dst', value: 'aa:bb:cc:dd:ee:ff' }],
      instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'vlan_vid', value: 0x10c8 } }, { type: 'output', port: 2, maxLen: 0 }] }],
    };
    expect(flowKey(sent)).toBe(flowKey(read));
    expect(flowBody(sent)).toBe(flowBody(read));
  });
});

describe('diffFlows', () => {
  it('is empty for the same flows, in any order', () => {
    expect(isEmptyDiff(diffFlows([base, other], [other, base], { owns }))).toBe(true);
  });

  it('adds the missing, modifies the changed and removes only owned aliens', () => {
    const changed: FlowSpec = { ...base, instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: 3, maxLen: 0 }] }] };
    const ownedAlien: FlowSpec = { ...base, priority: 5 };
    const foreign: FlowSpec = { ...base, priority: 6, cookie: 0x1n };
    const d = diffFlows([changed, other], [base, ownedAlien, foreign], { owns });
    expect(d.add.map((f) => f.priority)).toEqual([200]);
    expect(d.modify.map((m) => [m.desired.instructions, m.current.instructions])).toEqual([[changed.instructions, base.instructions]]);
    expect(d.remove.map((f) => f.priority)).toEqual([5]);
  });

  it('leaves flows in flight alone', () => {
    const alien: FlowSpec = { ...base, priority: 5 };
    const d = diffFlows([other], [alien], { owns, inFlight: new Set([flowKey(other), flowKey(alien)]) });
    expect(isEmptyDiff(d)).toBe(true);
  });
});

describe('orderChanges', () => {
  it('deletes strictly with the full cookie mask, then writes; a body-only change is a MODIFY_STRICT, a cookie change an ADD', () => {
    const newActions: FlowSpec = { ...base, instructions: [] };
    const newCookie: FlowSpec = { ...other, cookie: 0xaa00000000000009n };
    const o = orderChanges({
      add: [base],
      modify: [{ desired: newActions, current: base }, { desired: newCookie, current: other }],
      remove: [other],
    });
    expect(o.deletes.map((m) => [m.msg.command, m.msg.cookieMask, m.msg.priority])).toEqual([['delete_strict', 0xffffffffffffffffn, 200]]);
    expect(o.writes.map((m) => [m.msg.command, m.msg.priority])).toEqual([['add', 100], ['modify_strict', 100], ['add', 200]]);
  });
});

describe('pipeline', () => {
  it('puts every owner group in table 0 by default', () => {
    expect(tableOf(DEFAULT_PIPELINE, 'mef_eline', 'evpl')).toBe(0);
    expect(tableOf(DEFAULT_PIPELINE, 'of_lldp', 'base')).toBe(0);
  });

  it('applies Kytos-ng validation rules', () => {
    expect(validatePipeline({ tables: [{ tableId: 0, groups: {} }, { tableId: 0, groups: {} }] })).toEqual({ ok: false, error: 'table_id 0 is declared twice' });
    expect(validatePipeline({ tables: [{ tableId: 0, groups: { a: ['x'] } }, { tableId: 1, groups: { a: ['x'] } }] })).toEqual({ ok: false, error: 'a table group x is in tables 0 and 1' });
    expect(validatePipeline({ tables: [{ tableId: 1, groups: {}, miss: { kind: 'goto', tableId: 0 } }, { tableId: 0, groups: {} }] }).ok).toBe(false);
    const two: PipelineDecl = { tables: [{ tableId: 0, groups: { of_lldp: ['base'] }, miss: { kind: 'goto', tableId: 1 } }, { tableId: 1, groups: { mef_eline: ['evpl', 'epl'] } }] };
    expect(validatePipeline(two).ok).toBe(true);
    expect(tableOf(two, 'mef_eline', 'epl')).toBe(1);
  });

  it('checks a flow: its table is declared and goto_table goes forward', () => {
    const two = { tables: [{ tableId: 0, groups: {} }, { tableId: 1, groups: {} }] };
    expect(checkFlow(two, { ...base, instructions: [{ type: 'goto_table', tableId: 1 }] }).ok).toBe(true);
    expect(checkFlow(two, { ...base, table: 1, instructions: [{ type: 'goto_table', tableId: 0 }] }).ok).toBe(false);
    expect(checkFlow(two, { ...base, table: 7 }).ok).toBe(false);
  });
});
