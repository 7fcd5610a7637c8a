/**
 * planCircuit against a literal table (house style B9): for each (UNI A tag, UNI Z tag) the flows
 * written out by hand, one line per flow, on the topology of kytos-api.md §2.5: UNI A = s1:1,
 * UNI Z = s3:1, s1:2–s2:2 with S-VID 101 and s2:3–s3:2 with S-VID 102.
 *
 * Line format: `switch table priority group match -> actions role/side`. A VID with
 * OFPVID_PRESENT is written `0x1000|vid`, so a missing PRESENT bit shows.
 */
import type { Action, Oxm } from '../../../src/ofp';
import type { PathHop, Uni, UniTag } from '../../../src/eline/model';
import { planCircuit, planCircuitFlows, type PlanInput, type PlannedFlow } from '../../../src/eline/plan';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';
const NAME: Readonly<Record<string, string>> = { [S1]: 's1', [S2]: 's2', [S3]: 's3' };

const vlan = (vid: number): UniTag => ({ kind: 'vlan', vid });
const UNTAGGED: UniTag = { kind: 'untagged' };
const ANY: UniTag = { kind: 'any' };
const EPL: UniTag = { kind: 'epl' };
const RANGE_10_12: UniTag = { kind: 'range', ranges: [[10, 12]] };

const uni = (dpid: string, port: number, tag: UniTag): Uni => ({ interfaceId: `${dpid}:${port}`, tag });
const HOPS: readonly PathHop[] = [
  { linkId: 'l12', fromA: `${S1}:2`, toZ: `${S2}:2`, sVlan: 101 },
  { linkId: 'l23', fromA: `${S2}:3`, toZ: `${S3}:2`, sVlan: 102 },
];

function input(a: UniTag, z: UniTag, extra: Partial<PlanInput> = {}): PlanInput {
  return { evcId: '0123456789abcd', uniA: uni(S1, 1, a), uniZ: uni(S3, 1, z), hops: HOPS, tables: { evpl: 0, epl: 0 }, ...extra };
}

function vidText(v: number): string {
  return (v & 0x1000) !== 0 ? `0x1000|${v & 0xfff}` : `0x${v.toString(16).padStart(4, '0')}`;
}

function oxmText(o: Oxm): string {
  if (o.field === 'in_port') return `in=${o.value}`;
  if (o.field === 'vlan_vid') return `vlan=${vidText(o.value)}${o.mask === undefined ? '' : `/0x${o.mask.toString(16)}`}`;
  throw new Error(`unexpected match field ${o.field}`);
}

function actionText(a: Action): string {
  switch (a.type) {
    case 'output':
      if (a.maxLen !== 0) throw new Error(`output with max_len ${a.maxLen}`);
      return a.port === 0xfffffff8 ? 'out:IN_PORT' : `out:${a.port}`;
    case 'push_vlan':
      return `push_vlan:0x${a.ethertype.toString(16)}`;
    case 'pop_vlan':
      return 'pop_vlan';
    case 'set_queue':
      return `set_queue:${a.queueId}`;
    case 'set_field':
      if (a.field.field === 'vlan_vid' && a.field.mask === undefined) return `set_vlan:${vidText(a.field.value)}`;
      throw new Error(`unexpected set_field ${a.field.field}`);
    default:
      throw new Error(`unexpected action ${a.type}`);
  }
}

function text(f: PlannedFlow): string {
  const s = f.spec;
  const [ins, ...more] = s.instructions;
  if (ins?.type !== 'apply_actions' || more.length > 0) throw new Error('expected one apply_actions instruction');
  const who = f.side === undefined ? f.role : `${f.role}/${f.side}`;
  return `${NAME[s.dpid]} t${s.table} p${s.priority} ${f.tableGroup} ${s.match.map(oxmText).join(',')} -> ${ins.actions.map(actionText).join(',')} ${who}`;
}

const lines = (i: PlanInput): string[] => planCircuitFlows(i).map(text);

/** The transit flows on s2, the same for every circuit (kytos-api.md §2.5). */
const TRANSIT = [
  's2 t0 p20000 evpl in=2,vlan=0x1000|101 -> set_vlan:0x1000|102,out:3 transit',
  's2 t0 p20000 evpl in=3,vlan=0x1000|102 -> set_vlan:0x1000|101,out:2 transit',
];

describe('planCircuitFlows, inter-switch: (A tag, Z tag) → ingress A, egress A, transit, ingress Z, egress Z', () => {
  const table: [string, UniTag, UniTag, string[]][] = [
    ['100 / 100: QinQ, the C-tag kept', vlan(100), vlan(100), [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p20000 evpl in=1,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['100 / 200: one tag, translated at egress', vlan(100), vlan(200), [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> set_vlan:0x1000|100,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p20000 evpl in=1,vlan=0x1000|200 -> set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> set_vlan:0x1000|200,out:1 egress/z',
    ]],
    ['100 / untagged: one tag, a C-tag pushed at the untagged UNI', vlan(100), UNTAGGED, [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> set_vlan:0x1000|100,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p20000 evpl in=1,vlan=0x0000 -> push_vlan:0x8100,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['untagged / 100 (the mirror)', UNTAGGED, vlan(100), [
      's1 t0 p20000 evpl in=1,vlan=0x0000 -> push_vlan:0x8100,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p20000 evpl in=1,vlan=0x1000|100 -> set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> set_vlan:0x1000|100,out:1 egress/z',
    ]],
    ['100 / EPL: the EPL side pushes C-tag 100 under the S-tag', vlan(100), EPL, [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p10000 epl in=1 -> push_vlan:0x8100,set_vlan:0x1000|100,push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['EPL / 100 (the mirror)', EPL, vlan(100), [
      's1 t0 p10000 epl in=1 -> push_vlan:0x8100,set_vlan:0x1000|100,push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p20000 evpl in=1,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['100 / any: the any side rewrites its tag to 100', vlan(100), ANY, [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p15000 evpl in=1,vlan=0x1000|0/0x1000 -> set_vlan:0x1000|100,push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['EPL / EPL', EPL, EPL, [
      's1 t0 p10000 epl in=1 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p10000 epl in=1 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['untagged / untagged', UNTAGGED, UNTAGGED, [
      's1 t0 p20000 evpl in=1,vlan=0x0000 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p20000 evpl in=1,vlan=0x0000 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['any / any', ANY, ANY, [
      's1 t0 p15000 evpl in=1,vlan=0x1000|0/0x1000 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p15000 evpl in=1,vlan=0x1000|0/0x1000 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['any / untagged: the any side pops its tag', ANY, UNTAGGED, [
      's1 t0 p15000 evpl in=1,vlan=0x1000|0/0x1000 -> pop_vlan,push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p20000 evpl in=1,vlan=0x0000 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['untagged / EPL', UNTAGGED, EPL, [
      's1 t0 p20000 evpl in=1,vlan=0x0000 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p10000 epl in=1 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['any / EPL', ANY, EPL, [
      's1 t0 p15000 evpl in=1,vlan=0x1000|0/0x1000 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p10000 epl in=1 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
    ['range [[10,12]] on both: one ingress flow per mask block', RANGE_10_12, RANGE_10_12, [
      's1 t0 p20000 evpl in=1,vlan=0x1000|10/0x1ffe -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=1,vlan=0x1000|12 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      ...TRANSIT,
      's3 t0 p20000 evpl in=1,vlan=0x1000|10/0x1ffe -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=1,vlan=0x1000|12 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]],
  ];

  test.each(table)('%s', (_name, a, z, expected) => {
    expect(lines(input(a, z))).toEqual(expected);
  });

  test('a range of several blocks: [[1,6],[4000,4001]] gives 1, 2/0xffe, 4/0xffe, 6, 4000/0xffe on each UNI', () => {
    const r: UniTag = { kind: 'range', ranges: [[1, 6], [4000, 4001]] };
    expect(lines(input(r, r)).filter((l) => l.startsWith('s1') && l.endsWith('ingress/a'))).toEqual([
      's1 t0 p20000 evpl in=1,vlan=0x1000|1 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=1,vlan=0x1000|2/0x1ffe -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=1,vlan=0x1000|4/0x1ffe -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=1,vlan=0x1000|6 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p20000 evpl in=1,vlan=0x1000|4000/0x1ffe -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
    ]);
  });

  test('queue_id 3: set_queue right before every output', () => {
    expect(lines(input(vlan(100), vlan(100), { queueId: 3 }))).toEqual([
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|101,set_queue:3,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,set_queue:3,out:1 egress/a',
      's2 t0 p20000 evpl in=2,vlan=0x1000|101 -> set_vlan:0x1000|102,set_queue:3,out:3 transit',
      's2 t0 p20000 evpl in=3,vlan=0x1000|102 -> set_vlan:0x1000|101,set_queue:3,out:2 transit',
      's3 t0 p20000 evpl in=1,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|102,set_queue:3,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,set_queue:3,out:1 egress/z',
    ]);
  });

  test('queue_id 0 is a queue, not "no queue"', () => {
    expect(lines(input(EPL, EPL, { queueId: 0 }))[0]).toBe('s1 t0 p10000 epl in=1 -> push_vlan:0x88a8,set_vlan:0x1000|101,set_queue:0,out:2 ingress/a');
  });

  test('sb_priority 123 replaces every priority; the table groups stay', () => {
    expect(lines(input(ANY, EPL, { sbPriority: 123 }))).toEqual([
      's1 t0 p123 evpl in=1,vlan=0x1000|0/0x1000 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t0 p123 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      's2 t0 p123 evpl in=2,vlan=0x1000|101 -> set_vlan:0x1000|102,out:3 transit',
      's2 t0 p123 evpl in=3,vlan=0x1000|102 -> set_vlan:0x1000|101,out:2 transit',
      's3 t0 p123 epl in=1 -> push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t0 p123 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]);
  });

  test('table groups: only an EPL ingress flow goes to the epl table', () => {
    expect(lines(input(vlan(100), EPL, { tables: { evpl: 2, epl: 5 } }))).toEqual([
      's1 t2 p20000 evpl in=1,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:2 ingress/a',
      's1 t2 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:1 egress/a',
      's2 t2 p20000 evpl in=2,vlan=0x1000|101 -> set_vlan:0x1000|102,out:3 transit',
      's2 t2 p20000 evpl in=3,vlan=0x1000|102 -> set_vlan:0x1000|101,out:2 transit',
      's3 t5 p10000 epl in=1 -> push_vlan:0x8100,set_vlan:0x1000|100,push_vlan:0x88a8,set_vlan:0x1000|102,out:2 ingress/z',
      's3 t2 p20000 evpl in=2,vlan=0x1000|102 -> pop_vlan,out:1 egress/z',
    ]);
  });

  test('one hop (s1:2–s3:2, S-VID 7): no transit', () => {
    const hops: PathHop[] = [{ linkId: 'l13', fromA: `${S1}:2`, toZ: `${S3}:2`, sVlan: 7 }];
    expect(lines(input(vlan(100), vlan(200), { hops }))).toEqual([
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> set_vlan:0x1000|7,out:2 ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|7 -> set_vlan:0x1000|100,out:1 egress/a',
      's3 t0 p20000 evpl in=1,vlan=0x1000|200 -> set_vlan:0x1000|7,out:2 ingress/z',
      's3 t0 p20000 evpl in=2,vlan=0x1000|7 -> set_vlan:0x1000|200,out:1 egress/z',
    ]);
  });

  test('a UNI on the NNI port itself: back out of the in_port with OFPP_IN_PORT, not output:2 (which is dropped)', () => {
    expect(lines({ ...input(vlan(100), vlan(100)), uniA: uni(S1, 2, vlan(100)) }).slice(0, 2)).toEqual([
      's1 t0 p20000 evpl in=2,vlan=0x1000|100 -> push_vlan:0x88a8,set_vlan:0x1000|101,out:IN_PORT ingress/a',
      's1 t0 p20000 evpl in=2,vlan=0x1000|101 -> pop_vlan,out:IN_PORT egress/a',
    ]);
  });

  test('every flow: the circuit cookie, no timeouts, no flags, one apply_actions ending in output max_len 0', () => {
    const [first, ...rest] = planCircuit(input(vlan(100), vlan(200)));
    expect(first).toEqual({
      dpid: S1,
      table: 0,
      priority: 20000,
      match: [{ field: 'in_port', value: 1 }, { field: 'vlan_vid', value: 0x1064 }],
      instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'vlan_vid', value: 0x1065 } }, { type: 'output', port: 2, maxLen: 0 }] }],
      cookie: 0xaa0123456789abcdn,
      idleTimeout: 0,
      hardTimeout: 0,
      flags: 0,
    });
    for (const f of rest) expect([f.cookie, f.idleTimeout, f.hardTimeout, f.flags]).toEqual([0xaa0123456789abcdn, 0, 0, 0]);
  });

  test('planCircuit is planCircuitFlows without the roles, and planning twice gives the same flows', () => {
    const i = input(ANY, UNTAGGED, { queueId: 1 });
    expect(planCircuit(i)).toEqual(planCircuitFlows(i).map((f) => f.spec));
    expect(planCircuit(i)).toEqual(planCircuit(i));
  });
});

describe('planCircuitFlows, intra-switch (UNIs s1:1 and s1:3, no hops): one flow per direction', () => {
  const intra = (a: UniTag, z: UniTag, extra: Partial<PlanInput> = {}): string[] =>
    lines({ evcId: '0123456789abcd', uniA: uni(S1, 1, a), uniZ: uni(S1, 3, z), hops: [], tables: { evpl: 0, epl: 0 }, ...extra });

  const table: [string, UniTag, UniTag, string[]][] = [
    // Kytos adds set_vlan(100) to both; rewriting a VID to itself does nothing, so it is left out.
    ['100 / 100', vlan(100), vlan(100), [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> out:3 ingress/a',
      's1 t0 p20000 evpl in=3,vlan=0x1000|100 -> out:1 ingress/z',
    ]],
    ['100 / 200', vlan(100), vlan(200), [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> set_vlan:0x1000|200,out:3 ingress/a',
      's1 t0 p20000 evpl in=3,vlan=0x1000|200 -> set_vlan:0x1000|100,out:1 ingress/z',
    ]],
    ['100 / EPL', vlan(100), EPL, [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> out:3 ingress/a',
      's1 t0 p10000 epl in=3 -> push_vlan:0x8100,set_vlan:0x1000|100,out:1 ingress/z',
    ]],
    ['EPL / EPL', EPL, EPL, [
      's1 t0 p10000 epl in=1 -> out:3 ingress/a',
      's1 t0 p10000 epl in=3 -> out:1 ingress/z',
    ]],
    ['100 / untagged', vlan(100), UNTAGGED, [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> pop_vlan,out:3 ingress/a',
      's1 t0 p20000 evpl in=3,vlan=0x0000 -> push_vlan:0x8100,set_vlan:0x1000|100,out:1 ingress/z',
    ]],
    ['untagged / untagged', UNTAGGED, UNTAGGED, [
      's1 t0 p20000 evpl in=1,vlan=0x0000 -> out:3 ingress/a',
      's1 t0 p20000 evpl in=3,vlan=0x0000 -> out:1 ingress/z',
    ]],
    ['100 / any', vlan(100), ANY, [
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> out:3 ingress/a',
      's1 t0 p15000 evpl in=3,vlan=0x1000|0/0x1000 -> set_vlan:0x1000|100,out:1 ingress/z',
    ]],
    ['any / any', ANY, ANY, [
      's1 t0 p15000 evpl in=1,vlan=0x1000|0/0x1000 -> out:3 ingress/a',
      's1 t0 p15000 evpl in=3,vlan=0x1000|0/0x1000 -> out:1 ingress/z',
    ]],
    ['any / untagged', ANY, UNTAGGED, [
      's1 t0 p15000 evpl in=1,vlan=0x1000|0/0x1000 -> pop_vlan,out:3 ingress/a',
      's1 t0 p20000 evpl in=3,vlan=0x0000 -> out:1 ingress/z',
    ]],
    ['untagged / EPL', UNTAGGED, EPL, [
      's1 t0 p20000 evpl in=1,vlan=0x0000 -> out:3 ingress/a',
      's1 t0 p10000 epl in=3 -> out:1 ingress/z',
    ]],
    ['any / EPL', ANY, EPL, [
      's1 t0 p15000 evpl in=1,vlan=0x1000|0/0x1000 -> out:3 ingress/a',
      's1 t0 p10000 epl in=3 -> out:1 ingress/z',
    ]],
    ['EPL / untagged', EPL, UNTAGGED, [
      's1 t0 p10000 epl in=1 -> out:3 ingress/a',
      's1 t0 p20000 evpl in=3,vlan=0x0000 -> out:1 ingress/z',
    ]],
    ['range [[10,12]]: one flow per mask per direction, output only', RANGE_10_12, RANGE_10_12, [
      's1 t0 p20000 evpl in=1,vlan=0x1000|10/0x1ffe -> out:3 ingress/a',
      's1 t0 p20000 evpl in=1,vlan=0x1000|12 -> out:3 ingress/a',
      's1 t0 p20000 evpl in=3,vlan=0x1000|10/0x1ffe -> out:1 ingress/z',
      's1 t0 p20000 evpl in=3,vlan=0x1000|12 -> out:1 ingress/z',
    ]],
  ];

  test.each(table)('%s', (_name, a, z, expected) => {
    expect(intra(a, z)).toEqual(expected);
  });

  test('queue, sb_priority and table groups apply as on a path', () => {
    expect(intra(vlan(100), EPL, { queueId: 2, sbPriority: 7, tables: { evpl: 1, epl: 4 } })).toEqual([
      's1 t1 p7 evpl in=1,vlan=0x1000|100 -> set_queue:2,out:3 ingress/a',
      's1 t4 p7 epl in=3 -> push_vlan:0x8100,set_vlan:0x1000|100,set_queue:2,out:1 ingress/z',
    ]);
  });

  test('both UNIs on one port (VID 100 ↔ VID 200 on s1:1): hairpin through OFPP_IN_PORT', () => {
    expect(lines({ evcId: '1', uniA: uni(S1, 1, vlan(100)), uniZ: uni(S1, 1, vlan(200)), hops: [], tables: { evpl: 0, epl: 0 } })).toEqual([
      's1 t0 p20000 evpl in=1,vlan=0x1000|100 -> set_vlan:0x1000|200,out:IN_PORT ingress/a',
      's1 t0 p20000 evpl in=1,vlan=0x1000|200 -> set_vlan:0x1000|100,out:IN_PORT ingress/z',
    ]);
  });
});

describe('planCircuitFlows refuses what cannot be a circuit (RangeError)', () => {
  test.each([
    ['a range on one UNI only', input(RANGE_10_12, vlan(10))],
    ['a range against EPL (Kytos would put the EPL flow at 20000, tied with the port VID flows)', input(EPL, RANGE_10_12)],
    ['two different ranges', input(RANGE_10_12, { kind: 'range', ranges: [[10, 13]] })],
    ['UNIs on two switches and no hops', input(vlan(1), vlan(2), { hops: [] })],
    ['a path that does not start at UNI A', input(vlan(1), vlan(2), { hops: HOPS.slice(1) })],
    ['a path that does not reach UNI Z', input(vlan(1), vlan(2), { hops: HOPS.slice(0, 1) })],
    ['hops out of order', input(vlan(1), vlan(2), { hops: [HOPS[1] as PathHop, HOPS[0] as PathHop] })],
    ['an S-VLAN of 0', input(vlan(1), vlan(2), { hops: [{ ...(HOPS[0] as PathHop), sVlan: 0 }, HOPS[1] as PathHop] })],
    ['a malformed interface id', { ...input(vlan(1), vlan(2)), uniA: { interfaceId: 's1:1', tag: vlan(1) } }],
    ['a circuit id that is not hex', input(vlan(1), vlan(2), { evcId: 'xyz' })],
    ['a circuit id longer than the 56 cookie bits', input(vlan(1), vlan(2), { evcId: '0123456789abcdef' })],
    ['an sb_priority above 65535', input(vlan(1), vlan(2), { sbPriority: 70000 })],
    ['a negative queue_id', input(vlan(1), vlan(2), { queueId: -1 })],
    ['the same interface and tag on both UNIs', { ...input(vlan(1), vlan(1), { hops: [] }), uniZ: uni(S1, 1, vlan(1)) }],
  ])('%s', (_name, i) => {
    expect(() => planCircuitFlows(i)).toThrow(RangeError);
  });
});
