/**
 * One switch's pipeline: which entry a frame hits and what leaves where, with which tags.
 * Expected outputs are written by hand as `port:vid.vid` (outermost tag first).
 */
import { OFPP, type Match } from '../../src/ofp';
import { FakeSwitch, assertApplied, frame, outputsText, trace, type Headers } from './dataplane';
import {
  applyActions,
  bucket,
  flowMod,
  gotoTable,
  group,
  groupMod,
  output,
  popVlan,
  pushVlan,
  setQueue,
  setVlanVid,
  writeActions,
  writeMetadata,
} from './dataplane/build';

const DPID = '00:00:00:00:00:00:00:01';
const inPort = (p: number): Match[number] => ({ field: 'in_port', value: p });
const vlan = (wire: number, mask?: number): Match[number] => (mask === undefined ? { field: 'vlan_vid', value: wire } : { field: 'vlan_vid', value: wire, mask });

function switchWith(mods: Parameters<FakeSwitch['apply']>[0][], ports: number[] = []): FakeSwitch {
  const sw = new FakeSwitch(DPID, { ports });
  for (const m of mods) assertApplied(sw.apply(m));
  return sw;
}

const at = (sw: FakeSwitch, port: number, h: Headers): string[] => outputsText(trace(sw, { ...h, inPort: port }).outputs);

describe('VLAN matching (OF1.3.5 7.2.3.8)', () => {
  // The Kytos-ng layering on one UNI port: a VID (20000) beats "any tag" (15000), which beats EPL (10000).
  const uni = switchWith([
    flowMod('add', { priority: 20000, match: [inPort(1), vlan(0x1064)], instructions: [applyActions(output(10))] }),
    flowMod('add', { priority: 20000, match: [inPort(1), vlan(0x0000)], instructions: [applyActions(output(11))] }),
    flowMod('add', { priority: 15000, match: [inPort(1), vlan(0x1000, 0x1000)], instructions: [applyActions(output(12))] }),
    flowMod('add', { priority: 10000, match: [inPort(1)], instructions: [applyActions(output(13))] }),
  ]);

  test.each([
    ['C-tag 100 hits the VID flow', frame({ vlans: [100] }), ['10:100']],
    ['an untagged frame hits OFPVID_NONE', frame(), ['11:untagged']],
    ['C-tag 300 hits "any tag" (PRESENT/PRESENT)', frame({ vlans: [300] }), ['12:300']],
    ['the outer tag decides: S 300 over C 100', frame({ vlans: [{ tpid: 0x88a8, vid: 300 }, 100] }), ['12:300.100']],
    ['VID 0 (priority tag) is a tag, not OFPVID_NONE', frame({ vlans: [0] }), ['12:0']],
  ])('%s', (_name, h, expected) => {
    expect(at(uni, 1, h)).toEqual(expected);
  });

  test('without the OFPVID_NONE entry an untagged frame falls to the in_port-only (EPL) entry', () => {
    const sw = switchWith([
      flowMod('add', { priority: 15000, match: [inPort(1), vlan(0x1000, 0x1000)], instructions: [applyActions(output(12))] }),
      flowMod('add', { priority: 10000, match: [inPort(1)], instructions: [applyActions(output(13))] }),
    ]);
    expect(at(sw, 1, frame())).toEqual(['13:untagged']);
    expect(at(sw, 2, frame())).toEqual([]);
  });

  test('a masked VID range: 10/0x1ffe takes 10 and 11, not 12', () => {
    const sw = switchWith([flowMod('add', { priority: 20000, match: [inPort(1), vlan(0x100a, 0x1ffe)], instructions: [applyActions(output(2))] })]);
    expect(at(sw, 1, frame({ vlans: [10] }))).toEqual(['2:10']);
    expect(at(sw, 1, frame({ vlans: [11] }))).toEqual(['2:11']);
    expect(at(sw, 1, frame({ vlans: [12] }))).toEqual([]);
    expect(at(sw, 1, frame())).toEqual([]);
  });

  test('eth_type is the type after the tags, as OVS matches it', () => {
    const sw = switchWith([flowMod('add', { priority: 1, match: [{ field: 'eth_type', value: 0x0800 }], instructions: [applyActions(output(2))] })]);
    expect(at(sw, 1, frame({ vlans: [100, 200], ethType: 0x0800 }))).toEqual(['2:100.200']);
    expect(at(sw, 1, frame({ vlans: [100], ethType: 0x86dd }))).toEqual([]);
  });

  test('vlan_pcp matches the outer tag priority', () => {
    const sw = switchWith([
      flowMod('add', { priority: 2, match: [vlan(0x1000, 0x1000), { field: 'vlan_pcp', value: 5 }], instructions: [applyActions(output(2))] }),
    ]);
    expect(at(sw, 1, frame({ vlans: [{ vid: 7, pcp: 5 }] }))).toEqual(['2:7']);
    expect(at(sw, 1, frame({ vlans: [{ vid: 7, pcp: 4 }] }))).toEqual([]);
  });

  test('two entries of one priority matching one frame are reported as ambiguous', () => {
    const sw = switchWith([
      flowMod('add', { priority: 5, match: [inPort(1)], instructions: [applyActions(output(2))] }),
      flowMod('add', { priority: 5, match: [vlan(0x1064)], instructions: [applyActions(output(3))] }),
    ]);
    expect(trace(sw, { ...frame({ vlans: [100] }), inPort: 1 }).notes).toEqual([
      'table 0: 2 entries of priority 5 match (undefined order, OF1.3.5 5.3)',
    ]);
  });
});

describe('actions', () => {
  test('push_vlan copies VID and PCP of the outer tag; push, set and pop run in list order', () => {
    const sw = switchWith([
      flowMod('add', {
        match: [inPort(1), vlan(0x1064)],
        instructions: [applyActions(pushVlan(0x88a8), output(2), setVlanVid(0x1065), output(3), popVlan, output(4))],
      }),
    ]);
    const t = trace(sw, { ...frame({ vlans: [{ vid: 100, pcp: 3 }] }), inPort: 1 });
    expect(outputsText(t.outputs)).toEqual(['2:100.100', '3:101.100', '4:100']);
    expect(t.outputs[1]?.packet.vlanStack).toEqual([{ tpid: 0x88a8, vid: 101, pcp: 3 }, { tpid: 0x8100, vid: 100, pcp: 3 }]);
  });

  test('push_vlan on an untagged frame gives VID 0, PCP 0 until set', () => {
    const sw = switchWith([flowMod('add', { match: [inPort(1)], instructions: [applyActions(pushVlan(0x8100), output(2), setVlanVid(0x10c8), output(3))] })]);
    const t = trace(sw, { ...frame(), inPort: 1 });
    expect(t.outputs.map((o) => o.packet.vlanStack)).toEqual([[{ tpid: 0x8100, vid: 0, pcp: 0 }], [{ tpid: 0x8100, vid: 200, pcp: 0 }]]);
  });

  test('eth addresses are rewritten; set_queue applies to later outputs', () => {
    const sw = switchWith([
      flowMod('add', {
        match: [inPort(1)],
        instructions: [applyActions(output(2), setQueue(3), { type: 'set_field', field: { field: 'eth_dst', value: '0a:00:00:00:00:09' } }, output(4))],
      }),
    ]);
    const t = trace(sw, { ...frame(), inPort: 1 });
    expect(t.outputs.map((o) => [o.port, o.packet.ethDst, o.queue])).toEqual([
      [2, '00:00:00:00:00:02', undefined],
      [4, '0a:00:00:00:00:09', 3],
    ]);
  });

  test('IN_PORT sends back; output:<in_port> by number is dropped; ALL and FLOOD skip the in_port', () => {
    const sw = switchWith(
      [
        flowMod('add', { match: [inPort(1)], instructions: [applyActions(output(OFPP.IN_PORT), output(1))] }),
        flowMod('add', { match: [inPort(2)], instructions: [applyActions(output(OFPP.ALL))] }),
        flowMod('add', { match: [inPort(3)], instructions: [applyActions(output(OFPP.FLOOD), output(OFPP.CONTROLLER))] }),
      ],
      [1, 2, 3, 4],
    );
    const t1 = trace(sw, { ...frame(), inPort: 1 });
    expect(outputsText(t1.outputs)).toEqual(['1:untagged']);
    expect(t1.notes).toEqual(['output:1 dropped: it is the in_port (use IN_PORT)']);
    expect(at(sw, 2, frame())).toEqual(['1:untagged', '3:untagged', '4:untagged']);
    sw.setPortLive(4, false);
    expect(at(sw, 3, frame())).toEqual(['1:untagged', '2:untagged', 'CONTROLLER:untagged']);
  });
});

describe('pipeline', () => {
  test('goto_table with write_metadata: a later table matches the metadata', () => {
    const sw = switchWith([
      flowMod('add', { table: 0, priority: 10, match: [inPort(1)], instructions: [writeMetadata(0x2an, 0xffn), gotoTable(3)] }),
      flowMod('add', { table: 0, priority: 10, match: [inPort(2)], instructions: [writeMetadata(0x2bn, 0xffn), gotoTable(3)] }),
      flowMod('add', { table: 3, priority: 10, match: [{ field: 'metadata', value: 0x2an }], instructions: [applyActions(output(7))] }),
      flowMod('add', { table: 3, priority: 10, match: [{ field: 'metadata', value: 0x2bn, mask: 0xffn }], instructions: [applyActions(output(8))] }),
    ]);
    const t = trace(sw, { ...frame(), inPort: 1 });
    expect(outputsText(t.outputs)).toEqual(['7:untagged']);
    expect(t.hits.map((h) => [h.table, h.match])).toEqual([
      [0, 'in_port=0x1'],
      [3, 'metadata=0x2a'],
    ]);
    expect(at(sw, 2, frame())).toEqual(['8:untagged']);
  });

  test('write_metadata changes only the bits under its mask', () => {
    const sw = switchWith([
      flowMod('add', { table: 0, instructions: [writeMetadata(0xf0n, 0xf0n), gotoTable(1)] }),
      flowMod('add', { table: 1, instructions: [writeMetadata(0x0fn, 0x0cn), gotoTable(2)] }),
      flowMod('add', { table: 2, match: [{ field: 'metadata', value: 0xfcn }], instructions: [applyActions(output(5))] }),
    ]);
    expect(at(sw, 1, frame())).toEqual(['5:untagged']);
  });

  test('the action set runs at the end in the spec order, not the written order', () => {
    const sw = switchWith([
      flowMod('add', { table: 0, match: [vlan(0x1064)], instructions: [writeActions(output(2), setVlanVid(0x1065)), gotoTable(1)] }),
      flowMod('add', { table: 1, instructions: [writeActions(pushVlan(0x88a8))] }),
    ]);
    // push (step 5) before set-field (step 8) before output (step 11).
    const t = trace(sw, { ...frame({ vlans: [100] }), inPort: 1 });
    expect(outputsText(t.outputs)).toEqual(['2:101.100']);
  });

  test('a later write of the same kind replaces the earlier; clear_actions empties the set', () => {
    const sw = switchWith([
      flowMod('add', { table: 0, match: [inPort(1)], instructions: [writeActions(output(2)), gotoTable(1)] }),
      flowMod('add', { table: 0, match: [inPort(2)], instructions: [writeActions(output(2)), gotoTable(2)] }),
      flowMod('add', { table: 1, instructions: [writeActions(output(3))] }),
      flowMod('add', { table: 2, instructions: [{ type: 'clear_actions' }] }),
    ]);
    expect(at(sw, 1, frame())).toEqual(['3:untagged']);
    expect(at(sw, 2, frame())).toEqual([]);
  });

  test('a table miss without a table-miss entry drops the packet and its action set; apply-actions outputs before it stand', () => {
    const sw = switchWith([flowMod('add', { match: [inPort(1)], instructions: [applyActions(output(4)), writeActions(output(2)), gotoTable(1)] })]);
    const t = trace(sw, { ...frame(), inPort: 1 });
    expect(outputsText(t.outputs)).toEqual(['4:untagged']);
    expect(t.missedIn).toBe(1);
    expect(t.notes).toEqual(['table 1: miss, dropped']);
  });

  test('in the action set a group takes precedence over output', () => {
    const sw = switchWith([
      groupMod('add', 1, 'all', [bucket([output(5)]), bucket([pushVlan(0x8100), setVlanVid(0x1009), output(6)])]),
      flowMod('add', { instructions: [writeActions(output(2), group(1))] }),
    ]);
    const t = trace(sw, { ...frame(), inPort: 1 });
    expect(outputsText(t.outputs)).toEqual(['5:untagged', '6:9']);
    expect(t.groups).toEqual([1]);
  });

  test('a group works on a copy: the pipeline packet is unchanged after it', () => {
    const sw = switchWith([
      groupMod('add', 1, 'indirect', [bucket([popVlan, output(5)])]),
      flowMod('add', { match: [vlan(0x1064)], instructions: [applyActions(group(1), output(2))] }),
    ]);
    expect(at(sw, 1, frame({ vlans: [100] }))).toEqual(['5:untagged', '2:100']);
  });

  test('the meter instruction is recorded, not enforced', () => {
    const sw = switchWith([flowMod('add', { instructions: [{ type: 'meter', meterId: 4 }, applyActions(output(2))] })]);
    const t = trace(sw, { ...frame(), inPort: 1 });
    expect([t.meters, outputsText(t.outputs)]).toEqual([[4], ['2:untagged']]);
  });
});

describe('groups', () => {
  test('fast failover takes the first bucket whose watch port is live, and drops when none is', () => {
    const sw = switchWith([
      groupMod('add', 1, 'ff', [bucket([output(2)], { port: 2 }), bucket([output(3)], { port: 3 })]),
      flowMod('add', { instructions: [applyActions(group(1))] }),
    ]);
    expect(at(sw, 1, frame())).toEqual(['2:untagged']);
    sw.setPortLive(2, false);
    expect(at(sw, 1, frame())).toEqual(['3:untagged']);
    sw.setPortLive(3, false);
    const t = trace(sw, { ...frame(), inPort: 1 });
    expect([outputsText(t.outputs), t.notes]).toEqual([[], ['group:1 dropped: no live bucket']]);
    sw.setPortLive(2, true);
    expect(at(sw, 1, frame())).toEqual(['2:untagged']);
  });

  test('a watch group is live while one of its buckets is', () => {
    const sw = switchWith([
      groupMod('add', 2, 'ff', [bucket([output(4)], { port: 4 })]),
      groupMod('add', 1, 'ff', [bucket([group(2)], { group: 2 }), bucket([output(3)], { port: 3 })]),
      flowMod('add', { instructions: [applyActions(group(1))] }),
    ]);
    expect(at(sw, 1, frame())).toEqual(['4:untagged']);
    sw.setPortLive(4, false);
    expect(at(sw, 1, frame())).toEqual(['3:untagged']);
  });

  test('select takes the first live bucket (a deterministic stand-in for hashing)', () => {
    const sw = switchWith([
      groupMod('add', 1, 'select', [bucket([output(2)], { port: 2 }), bucket([output(3)])]),
      flowMod('add', { instructions: [applyActions(group(1))] }),
    ]);
    expect(at(sw, 1, frame())).toEqual(['2:untagged']);
    sw.setPortLive(2, false);
    expect(at(sw, 1, frame())).toEqual(['3:untagged']);
  });

  test('a group modify replaces the buckets', () => {
    const sw = switchWith([
      groupMod('add', 1, 'indirect', [bucket([output(2)])]),
      flowMod('add', { instructions: [applyActions(group(1))] }),
      groupMod('modify', 1, 'indirect', [bucket([output(3)])]),
    ]);
    expect(at(sw, 1, frame())).toEqual(['3:untagged']);
  });
});
