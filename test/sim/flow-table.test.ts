/**
 * FLOW_MOD semantics of the fake switch (OF1.3.5 6.4), checked through its dump: every expected
 * table below is written out by hand.
 */
import { OFPFF, OFPTT, type Match } from '../../src/ofp';
import { FakeSwitch, assertApplied, wireError, type ApplyResult, type FlowMod } from './dataplane';
import { applyActions, flowMod, gotoTable, group, groupMod, bucket, output, popVlan, pushVlan, setVlanVid, writeActions } from './dataplane/build';

const DPID = '00:00:00:00:00:00:00:01';
const inPort = (p: number): Match[number] => ({ field: 'in_port', value: p });
const vlan = (wire: number, mask?: number): Match[number] => (mask === undefined ? { field: 'vlan_vid', value: wire } : { field: 'vlan_vid', value: wire, mask });

function errorOf(r: ApplyResult): string {
  return r.ok ? 'ok' : `${r.error.type}/${r.error.code}`;
}

function switchWith(...mods: Parameters<FakeSwitch['apply']>[0][]): FakeSwitch {
  const sw = new FakeSwitch(DPID);
  for (const m of mods) assertApplied(sw.apply(m));
  return sw;
}

describe('OFPFC_ADD', () => {
  test('the same match and priority overwrite the entry, cookie and instructions included', () => {
    const sw = switchWith(
      flowMod('add', { priority: 100, cookie: 1n, match: [inPort(1), vlan(0x1064)], instructions: [applyActions(output(2))] }),
      flowMod('add', { priority: 100, cookie: 2n, match: [vlan(0x1064), inPort(1)], instructions: [applyActions(output(3))] }),
    );
    expect(sw.dump()).toEqual(['table=0 priority=100 cookie=0x2 in_port=0x1,vlan_vid=0x1064 actions=apply_actions(output:3)']);
  });

  test('another priority or another table is another entry', () => {
    const sw = switchWith(
      flowMod('add', { priority: 100, match: [inPort(1)], instructions: [applyActions(output(2))] }),
      flowMod('add', { priority: 200, match: [inPort(1)], instructions: [applyActions(output(2))] }),
      flowMod('add', { table: 1, priority: 100, match: [inPort(1)], instructions: [applyActions(output(2))] }),
    );
    expect(sw.dump()).toEqual([
      'table=0 priority=100 cookie=0x0 in_port=0x1 actions=apply_actions(output:2)',
      'table=0 priority=200 cookie=0x0 in_port=0x1 actions=apply_actions(output:2)',
      'table=1 priority=100 cookie=0x0 in_port=0x1 actions=apply_actions(output:2)',
    ]);
  });

  test('an all-ones mask is an exact match and a zero mask is no match field', () => {
    const sw = switchWith(
      flowMod('add', { priority: 5, match: [inPort(1), vlan(0x1064, 0x1fff)], instructions: [applyActions(output(2))] }),
      flowMod('add', { priority: 5, match: [inPort(1), vlan(0x1064)], instructions: [applyActions(output(4))] }),
      flowMod('add', { priority: 6, match: [inPort(1), { field: 'eth_dst', value: '00:00:00:00:00:00', mask: '00:00:00:00:00:00' }] }),
    );
    expect(sw.dump()).toEqual([
      'table=0 priority=5 cookie=0x0 in_port=0x1,vlan_vid=0x1064 actions=apply_actions(output:4)',
      'table=0 priority=6 cookie=0x0 in_port=0x1 actions=drop',
    ]);
    // flows() lists the highest priority first, and reports the match as a switch would: exact fields unmasked.
    expect(sw.flows().map((f) => [f.priority, f.match])).toEqual([
      [6, [{ field: 'in_port', value: 1 }]],
      [5, [{ field: 'in_port', value: 1 }, { field: 'vlan_vid', value: 0x1064 }]],
    ]);
  });

  test('CHECK_OVERLAP refuses an entry of equal priority that some packet could match together with another', () => {
    const sw = switchWith(flowMod('add', { priority: 10, match: [inPort(1)], instructions: [applyActions(output(2))] }));
    const clash = flowMod('add', { priority: 10, flags: OFPFF.CHECK_OVERLAP, match: [vlan(0x1064)] });
    expect(errorOf(sw.apply(clash))).toBe('FLOW_MOD_FAILED/OVERLAP');
    const disjoint = flowMod('add', { priority: 10, flags: OFPFF.CHECK_OVERLAP, match: [inPort(2)] });
    expect(errorOf(sw.apply(disjoint))).toBe('ok');
    const otherPriority = flowMod('add', { priority: 11, flags: OFPFF.CHECK_OVERLAP, match: [vlan(0x1064)] });
    expect(errorOf(sw.apply(otherPriority))).toBe('ok');
  });
});

describe('OFPFC_MODIFY and OFPFC_MODIFY_STRICT', () => {
  const base = (): FakeSwitch =>
    switchWith(
      flowMod('add', { priority: 100, cookie: 0xaa01n, match: [inPort(1), vlan(0x1064)], instructions: [applyActions(output(2))], idleTimeout: 7 }),
      flowMod('add', { priority: 200, cookie: 0xab01n, match: [inPort(1), vlan(0x1065)], instructions: [applyActions(output(2))] }),
      flowMod('add', { priority: 100, cookie: 0xaa02n, match: [inPort(2)], instructions: [applyActions(output(1))] }),
    );

  test('non-strict changes the instructions of every more specific entry and keeps cookie and timeouts', () => {
    const sw = base();
    assertApplied(sw.apply(flowMod('modify', { match: [inPort(1)], cookie: 0x99n, instructions: [applyActions(output(9))] })));
    expect(sw.dump()).toEqual([
      'table=0 priority=100 cookie=0xaa01 idle_timeout=7 in_port=0x1,vlan_vid=0x1064 actions=apply_actions(output:9)',
      'table=0 priority=100 cookie=0xaa02 in_port=0x2 actions=apply_actions(output:1)',
      'table=0 priority=200 cookie=0xab01 in_port=0x1,vlan_vid=0x1065 actions=apply_actions(output:9)',
    ]);
  });

  test('the cookie mask narrows a modify to the owner byte', () => {
    const sw = base();
    const mod = flowMod('modify', { cookie: 0xaa00n, cookieMask: 0xff00n, instructions: [applyActions(output(9))] });
    assertApplied(sw.apply(mod));
    expect(sw.dump()).toEqual([
      'table=0 priority=100 cookie=0xaa01 idle_timeout=7 in_port=0x1,vlan_vid=0x1064 actions=apply_actions(output:9)',
      'table=0 priority=100 cookie=0xaa02 in_port=0x2 actions=apply_actions(output:9)',
      'table=0 priority=200 cookie=0xab01 in_port=0x1,vlan_vid=0x1065 actions=apply_actions(output:2)',
    ]);
  });

  test('strict needs the same priority and identical match, and adds nothing when none is found', () => {
    const sw = base();
    assertApplied(sw.apply(flowMod('modify_strict', { priority: 200, match: [inPort(1)], instructions: [applyActions(output(9))] })));
    assertApplied(sw.apply(flowMod('modify_strict', { priority: 100, match: [inPort(1), vlan(0x1065)], instructions: [applyActions(output(9))] })));
    assertApplied(sw.apply(flowMod('modify_strict', { priority: 200, match: [vlan(0x1065), inPort(1)], instructions: [applyActions(output(8))] })));
    expect(sw.dump()).toEqual([
      'table=0 priority=100 cookie=0xaa01 idle_timeout=7 in_port=0x1,vlan_vid=0x1064 actions=apply_actions(output:2)',
      'table=0 priority=100 cookie=0xaa02 in_port=0x2 actions=apply_actions(output:1)',
      'table=0 priority=200 cookie=0xab01 in_port=0x1,vlan_vid=0x1065 actions=apply_actions(output:8)',
    ]);
  });
});

describe('OFPFC_DELETE and OFPFC_DELETE_STRICT', () => {
  const base = (): FakeSwitch =>
    switchWith(
      groupMod('add', 7, 'indirect', [bucket([output(5)])]),
      flowMod('add', { priority: 100, cookie: 0xaa00000000000001n, match: [inPort(1), vlan(0x1064)], instructions: [applyActions(output(2))] }),
      flowMod('add', { priority: 100, cookie: 0xaa00000000000001n, match: [inPort(1), vlan(0x1000, 0x1000)], instructions: [applyActions(output(3))] }),
      flowMod('add', { priority: 300, cookie: 0xab00000000000001n, match: [inPort(1)], instructions: [applyActions(output(2))] }),
      flowMod('add', { table: 1, priority: 100, cookie: 0xaa00000000000002n, match: [inPort(2)], instructions: [writeActions(group(7))] }),
      flowMod('add', { priority: 0, cookie: 0xad00000000000001n, instructions: [gotoTable(1)] }),
    );

  test('non-strict removes every entry at least as specific as the request, at any priority', () => {
    const sw = base();
    assertApplied(sw.apply(flowMod('delete', { match: [vlan(0x1000, 0x1000)] })));
    expect(sw.dump()).toEqual([
      'group_id=7 type=indirect bucket=actions=output:5',
      'table=0 priority=0 cookie=0xad00000000000001 actions=goto_table:1',
      'table=0 priority=300 cookie=0xab00000000000001 in_port=0x1 actions=apply_actions(output:2)',
      'table=1 priority=100 cookie=0xaa00000000000002 in_port=0x2 actions=write_actions(group:7)',
    ]);
  });

  test('a less specific entry survives: in_port=1 alone is not inside in_port=1,vlan=any', () => {
    const sw = base();
    assertApplied(sw.apply(flowMod('delete', { match: [inPort(1), vlan(0x1000, 0x1000)] })));
    expect(sw.dump()).toContain('table=0 priority=300 cookie=0xab00000000000001 in_port=0x1 actions=apply_actions(output:2)');
    expect(sw.dump()).toHaveLength(4);
  });

  test('a masked request takes only entries whose mask covers its own', () => {
    const meta = (value: bigint, mask: bigint): Match[number] => ({ field: 'metadata', value, mask });
    const sw = switchWith(
      flowMod('add', { table: 2, priority: 1, match: [meta(0x100n, 0x100n)] }),
      flowMod('add', { table: 2, priority: 1, match: [meta(0x100n, 0xf00n)] }),
      flowMod('add', { table: 2, priority: 1, match: [{ field: 'metadata', value: 0x1100n }] }),
    );
    // 0x100/0x100 also matches 0x300, which 0x100/0xf00 does not: it is less specific and stays.
    assertApplied(sw.apply(flowMod('delete', { table: 2, match: [meta(0x100n, 0xf00n)] })));
    expect(sw.dump()).toEqual(['table=2 priority=1 cookie=0x0 metadata=0x100/0x100 actions=drop']);
  });

  test('OFPTT_ALL with an owner cookie mask removes that owner everywhere and nothing else', () => {
    const sw = base();
    assertApplied(sw.apply(flowMod('delete', { table: OFPTT.ALL, cookie: 0xaa00000000000000n, cookieMask: 0xff00000000000000n })));
    expect(sw.dump()).toEqual([
      'group_id=7 type=indirect bucket=actions=output:5',
      'table=0 priority=0 cookie=0xad00000000000001 actions=goto_table:1',
      'table=0 priority=300 cookie=0xab00000000000001 in_port=0x1 actions=apply_actions(output:2)',
    ]);
  });

  test('without OFPTT_ALL a delete touches one table only', () => {
    const sw = base();
    assertApplied(sw.apply(flowMod('delete', { table: 1 })));
    expect(sw.dump().filter((l) => l.startsWith('table=1'))).toEqual([]);
    expect(sw.dump().filter((l) => l.startsWith('table=0'))).toHaveLength(4);
  });

  test('strict needs the priority as well as the identical match', () => {
    const sw = base();
    assertApplied(sw.apply(flowMod('delete_strict', { priority: 200, match: [inPort(1), vlan(0x1064)] })));
    expect(sw.dump()).toHaveLength(6);
    assertApplied(sw.apply(flowMod('delete_strict', { priority: 100, match: [vlan(0x1064), inPort(1)] })));
    expect(sw.dump()).not.toContain('table=0 priority=100 cookie=0xaa00000000000001 in_port=0x1,vlan_vid=0x1064 actions=apply_actions(output:2)');
    expect(sw.dump()).toHaveLength(5);
  });

  test('out_port and out_group filter by the entry actions', () => {
    const sw = base();
    assertApplied(sw.apply(flowMod('delete', { table: OFPTT.ALL, outPort: 2 })));
    expect(sw.dump()).toEqual([
      'group_id=7 type=indirect bucket=actions=output:5',
      'table=0 priority=0 cookie=0xad00000000000001 actions=goto_table:1',
      'table=0 priority=100 cookie=0xaa00000000000001 in_port=0x1,vlan_vid=0x1000/0x1000 actions=apply_actions(output:3)',
      'table=1 priority=100 cookie=0xaa00000000000002 in_port=0x2 actions=write_actions(group:7)',
    ]);
    assertApplied(sw.apply(flowMod('delete', { table: OFPTT.ALL, outGroup: 7 })));
    expect(sw.dump()).toHaveLength(3);
  });

  test('deleting a group removes the flows that forward to it (OF1.3.5 6.5)', () => {
    const sw = base();
    assertApplied(sw.apply(groupMod('delete', 7, 'all')));
    expect(sw.dump()).toEqual([
      'table=0 priority=0 cookie=0xad00000000000001 actions=goto_table:1',
      'table=0 priority=100 cookie=0xaa00000000000001 in_port=0x1,vlan_vid=0x1000/0x1000 actions=apply_actions(output:3)',
      'table=0 priority=100 cookie=0xaa00000000000001 in_port=0x1,vlan_vid=0x1064 actions=apply_actions(output:2)',
      'table=0 priority=300 cookie=0xab00000000000001 in_port=0x1 actions=apply_actions(output:2)',
    ]);
  });
});

describe('what the switch refuses', () => {
  const sw = (): FakeSwitch => new FakeSwitch(DPID);
  /** An OFPFC_ADD of one apply-actions list under `match`. */
  const add = (match: Match, ...actions: Parameters<typeof applyActions>): FlowMod => flowMod('add', { match, instructions: [applyActions(...actions)] });
  const setIpv4Dst = { type: 'set_field', field: { field: 'ipv4_dst', value: '10.0.0.9' } } as const;
  const cases: [string, Parameters<FakeSwitch['apply']>[0], string][] = [
    ['ipv4_src without eth_type', flowMod('add', { match: [{ field: 'ipv4_src', value: '10.0.0.1' }] }), 'BAD_MATCH/BAD_PREREQ'],
    ['vlan_pcp on a match that allows untagged', flowMod('add', { match: [{ field: 'vlan_pcp', value: 3 }] }), 'BAD_MATCH/BAD_PREREQ'],
    ['a field twice', flowMod('add', { match: [inPort(1), inPort(2)] }), 'BAD_MATCH/DUP_FIELD'],
    ['value bits outside the mask', flowMod('add', { match: [vlan(0x100b, 0x1ffe)] }), 'BAD_MATCH/BAD_WILDCARDS'],
    ['a mask on eth_type', flowMod('add', { match: [{ field: 'eth_type', value: 0x0800, mask: 0xff00 }] }), 'BAD_MATCH/BAD_MASK'],
    ['vlan_vid wider than 13 bits', flowMod('add', { match: [vlan(0x2064)] }), 'BAD_MATCH/BAD_VALUE'],
    ['an add to OFPTT_ALL', flowMod('add', { table: OFPTT.ALL }), 'FLOW_MOD_FAILED/BAD_TABLE_ID'],
    ['a goto backwards', flowMod('add', { table: 2, instructions: [gotoTable(1)] }), 'BAD_INSTRUCTION/BAD_TABLE_ID'],
    ['a goto past the last table', flowMod('add', { instructions: [gotoTable(254)] }), 'BAD_INSTRUCTION/BAD_TABLE_ID'],
    ['two apply-actions', flowMod('add', { instructions: [applyActions(output(1)), applyActions(output(2))] }), 'BAD_INSTRUCTION/UNSUP_INST'],
    ['a group that does not exist', flowMod('add', { instructions: [applyActions(group(9))] }), 'BAD_ACTION/BAD_OUT_GROUP'],
    ['output to port 0', flowMod('add', { instructions: [applyActions(output(0))] }), 'BAD_ACTION/BAD_OUT_PORT'],
    ['output to TABLE', flowMod('add', { instructions: [applyActions(output(0xfffffff9))] }), 'BAD_ACTION/BAD_OUT_PORT'],
    ['push_vlan 0x0800', flowMod('add', { instructions: [applyActions(pushVlan(0x0800))] }), 'BAD_ACTION/BAD_ARGUMENT'],
    ['set vlan_vid without OFPVID_PRESENT', add([vlan(0x1064)], setVlanVid(200)), 'BAD_ACTION/BAD_SET_ARGUMENT'],
    ['set vlan_vid when the match allows untagged', add([inPort(1)], setVlanVid(0x10c8)), 'BAD_ACTION/MATCH_INCONSISTENT'],
    ['pop_vlan when the match allows untagged', add([inPort(1)], popVlan), 'BAD_ACTION/MATCH_INCONSISTENT'],
    ['set vlan_vid after popping the only known tag', add([vlan(0x1066)], popVlan, setVlanVid(0x10c8)), 'BAD_ACTION/MATCH_INCONSISTENT'],
    ['set ipv4_dst without eth_type', add([], setIpv4Dst), 'BAD_ACTION/MATCH_INCONSISTENT'],
    ['an indirect group with two buckets', groupMod('add', 2, 'indirect', [bucket([output(1)]), bucket([output(2)])]), 'GROUP_MOD_FAILED/INVALID_GROUP'],
    ['a fast-failover bucket without a watch', groupMod('add', 2, 'ff', [bucket([output(1)])]), 'GROUP_MOD_FAILED/BAD_WATCH'],
    ['modifying a missing group', groupMod('modify', 2, 'all', []), 'GROUP_MOD_FAILED/UNKNOWN_GROUP'],
  ];
  test.each(cases)('%s', (_name, msg, expected) => {
    expect(errorOf(sw().apply(msg))).toBe(expected);
  });

  test('a refused message leaves the tables as they were', () => {
    const s = switchWith(flowMod('add', { priority: 1, match: [inPort(1)], instructions: [applyActions(output(2))] }));
    const before = s.hash();
    expect(errorOf(s.apply(add([inPort(1)], popVlan)))).toBe('BAD_ACTION/MATCH_INCONSISTENT');
    expect(s.hash()).toBe(before);
  });

  test('these are accepted: push then set, pop of a guaranteed tag, set on an "any tag" match', () => {
    const s = sw();
    expect(errorOf(s.apply(add([inPort(1)], pushVlan(0x8100), setVlanVid(0x1064), output(2))))).toBe('ok');
    expect(errorOf(s.apply(add([vlan(0x1000, 0x1000)], setVlanVid(0x1064), output(2))))).toBe('ok');
    expect(errorOf(s.apply(add([vlan(0x1065)], pushVlan(0x88a8), popVlan, setVlanVid(0x1064))))).toBe('ok');
    expect(errorOf(s.apply(groupMod('add', 1, 'ff', [bucket([output(1)], { port: 1 })])))).toBe('ok');
    expect(errorOf(s.apply(groupMod('add', 1, 'ff', [bucket([output(1)], { port: 1 })])))).toBe('GROUP_MOD_FAILED/GROUP_EXISTS');
  });

  test('a FlowSpec for another switch is a test bug', () => {
    const spec = { dpid: '00:00:00:00:00:00:00:09', table: 0, priority: 1, match: [], instructions: [], cookie: 0n, idleTimeout: 0, hardTimeout: 0, flags: 0 };
    expect(() => sw().applySpec(spec)).toThrow('flow for 00:00:00:00:00:00:00:09 applied to 00:00:00:00:00:00:00:01');
  });

  test('the wire numbers of an error are those of the OF1.3.5 catalogue', () => {
    const r = sw().apply(flowMod('add', { match: [{ field: 'ipv4_src', value: '10.0.0.1' }] }));
    if (r.ok) throw new Error('expected a refusal');
    expect(wireError(r.error)).toEqual({ errType: 4, code: 9 }); // OFPET_BAD_MATCH, OFPBMC_BAD_PREREQ
  });
});

describe('flow stats (OFPMP_FLOW)', () => {
  test('select non-strictly by table, match, cookie and out_port, with zero counters', () => {
    const sw = switchWith(
      flowMod('add', { priority: 100, cookie: 0xaa01n, match: [inPort(1), vlan(0x1064)], instructions: [applyActions(output(2))] }),
      flowMod('add', { priority: 100, cookie: 0xab01n, match: [inPort(1), vlan(0x1065)], instructions: [applyActions(output(3))] }),
      flowMod('add', { table: 1, priority: 7, cookie: 0xaa02n, match: [inPort(1)], instructions: [applyActions(output(2))] }),
    );
    const all = { tableId: OFPTT.ALL, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0n, cookieMask: 0n, match: [] };
    expect(sw.flowStats(all).map((f) => [f.tableId, f.cookie])).toEqual([[0, 0xaa01n], [0, 0xab01n], [1, 0xaa02n]]);
    expect(sw.flowStats({ ...all, cookie: 0xaa00n, cookieMask: 0xff00n }).map((f) => f.cookie)).toEqual([0xaa01n, 0xaa02n]);
    expect(sw.flowStats({ ...all, outPort: 2, match: [vlan(0x1000, 0x1000)] }).map((f) => f.cookie)).toEqual([0xaa01n]);
    expect(sw.flowStats({ ...all, tableId: 1 })).toEqual([
      {
        tableId: 1, durationSec: 0, durationNsec: 0, priority: 7, idleTimeout: 0, hardTimeout: 0, flags: 0, cookie: 0xaa02n,
        packetCount: 0n, byteCount: 0n, match: [{ field: 'in_port', value: 1 }], instructions: [applyActions(output(2))],
      },
    ]);
  });
});
