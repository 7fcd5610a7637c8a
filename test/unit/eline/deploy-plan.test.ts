/**
 * The make-before-break steps of a circuit's flows (src/eline/deploy-plan.ts), on hand-written
 * flows: what goes first (egress and transit), what switches the traffic over (ingress), what is
 * stale; flows compared by canonical key and body; S-VLAN hops given back after a move.
 */
import { byGroup, hopsNotIn, keyed, transition } from '../../../src/eline/deploy-plan';
import type { PathHop } from '../../../src/eline/model';
import type { PlannedFlow } from '../../../src/eline/plan';
import type { FlowSpec } from '../../../src/flows/flowspec';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const COOKIE = 0xaa00000000000001n;
const PRESENT = 0x1000;

/** A flow matching in_port and a VID, sending to `out` with VID `setVid`. */
function spec(dpid: string, inPort: number, vid: number, out: number, setVid: number, priority = 20000): FlowSpec {
  return {
    dpid,
    table: 0,
    priority,
    match: [
      { field: 'in_port', value: inPort },
      { field: 'vlan_vid', value: PRESENT | vid },
    ],
    instructions: [
      {
        type: 'apply_actions',
        actions: [
          { type: 'set_field', field: { field: 'vlan_vid', value: PRESENT | setVid } },
          { type: 'output', port: out, maxLen: 0 },
        ],
      },
    ],
    cookie: COOKIE,
    idleTimeout: 0,
    hardTimeout: 0,
    flags: 0,
  };
}

const ingress = (s: FlowSpec, side: 'a' | 'z' = 'a'): PlannedFlow => ({ spec: s, role: 'ingress', side, tableGroup: 'evpl' });
const egress = (s: FlowSpec, side: 'a' | 'z' = 'a'): PlannedFlow => ({ spec: s, role: 'egress', side, tableGroup: 'evpl' });
const transit = (s: FlowSpec): PlannedFlow => ({ spec: s, role: 'transit', tableGroup: 'evpl' });

// A circuit on S1 (UNI port 1) over S-VLAN 10 on port 3, and the same circuit moved to port 2, S-VLAN 11.
const IN_OLD = ingress(spec(S1, 1, 100, 3, 10));
const IN_NEW = ingress(spec(S1, 1, 100, 2, 11));
const EG_OLD = egress(spec(S1, 3, 10, 1, 100));
const EG_NEW = egress(spec(S1, 2, 11, 1, 100));
const TR_NEW = transit(spec(S2, 2, 11, 3, 12));

describe('keyed', () => {
  it('keys flows by switch, table, priority and canonical match, whatever the order the match was written in', () => {
    const written = { ...IN_OLD, spec: { ...IN_OLD.spec, match: [...IN_OLD.spec.match].reverse() } };
    const [a, b] = keyed([IN_OLD, written]);
    expect(a?.key).toBe(`${S1}/0/20000/in_port=1,vlan_vid=4196`);
    expect(b?.key).toBe(a?.key);
    expect(b?.body).toBe(a?.body);
    expect(b?.planned.spec.match).toEqual(IN_OLD.spec.match);
  });

  it('gives a different body, same key, when only the actions differ', () => {
    const [a, b] = keyed([IN_OLD, IN_NEW]);
    expect(b?.key).toBe(a?.key);
    expect(b?.body).not.toBe(a?.body);
  });
});

describe('transition', () => {
  it('a circuit with no flows: egress and transit first (in plan order), then ingress, nothing stale', () => {
    const t = transition([], keyed([IN_NEW, EG_NEW, TR_NEW]));
    expect(t.prepare.map((f) => f.spec)).toEqual([EG_NEW.spec, TR_NEW.spec]);
    expect(t.switchOver.map((f) => f.spec)).toEqual([IN_NEW.spec]);
    expect(t.stale).toEqual([]);
  });

  it('the same flows: nothing to do', () => {
    const flows = keyed([IN_OLD, EG_OLD]);
    expect(transition(flows, keyed([IN_OLD, EG_OLD]))).toEqual({ prepare: [], switchOver: [], stale: [] });
  });

  it('a move to another port and S-VLAN: new egress and transit, the ingress flow replaced in place, the old egress stale', () => {
    const t = transition(keyed([IN_OLD, EG_OLD]), keyed([IN_NEW, EG_NEW, TR_NEW]));
    expect(t.prepare.map((f) => f.spec)).toEqual([EG_NEW.spec, TR_NEW.spec]);
    // The ingress flow keeps its key (UNI port and C-VID): it is the switch-over, not stale.
    expect(t.switchOver.map((f) => f.spec)).toEqual([IN_NEW.spec]);
    expect(t.stale.map((f) => f.spec)).toEqual([EG_OLD.spec]);
  });

  it('an egress flow whose key stays and body changes is prepared, not stale', () => {
    const changed = egress(spec(S1, 3, 10, 1, 101));
    const t = transition(keyed([IN_OLD, EG_OLD]), keyed([IN_OLD, changed]));
    expect(t.prepare.map((f) => f.spec)).toEqual([changed.spec]);
    expect(t.switchOver).toEqual([]);
    expect(t.stale).toEqual([]);
  });

  it('a UNI tag change: the new ingress flow has a new key, the old one is stale', () => {
    const newIngress = ingress(spec(S1, 1, 101, 3, 10));
    const t = transition(keyed([IN_OLD, EG_OLD]), keyed([newIngress, EG_OLD]));
    expect(t.prepare).toEqual([]);
    expect(t.switchOver.map((f) => f.spec)).toEqual([newIngress.spec]);
    expect(t.stale.map((f) => f.spec)).toEqual([IN_OLD.spec]);
  });

  it('everything goes: all of it stale', () => {
    const t = transition(keyed([IN_OLD, EG_OLD]), []);
    expect(t.prepare).toEqual([]);
    expect(t.switchOver).toEqual([]);
    expect(t.stale.map((f) => f.spec)).toEqual([IN_OLD.spec, EG_OLD.spec]);
  });

  it('a priority change is a new key: the old flow is stale', () => {
    const raised = ingress(spec(S1, 1, 100, 3, 10, 20001));
    const t = transition(keyed([IN_OLD]), keyed([raised]));
    expect(t.switchOver.map((f) => f.spec)).toEqual([raised.spec]);
    expect(t.stale.map((f) => f.spec)).toEqual([IN_OLD.spec]);
  });
});

describe('byGroup', () => {
  it('splits flows by table group, each in plan order', () => {
    const epl: PlannedFlow = { spec: spec(S1, 4, 1, 3, 10, 10000), role: 'ingress', side: 'a', tableGroup: 'epl' };
    const groups = byGroup([IN_NEW, epl, EG_NEW, TR_NEW]);
    expect([...groups.keys()]).toEqual(['evpl', 'epl']);
    expect(groups.get('evpl')).toEqual([IN_NEW.spec, EG_NEW.spec, TR_NEW.spec]);
    expect(groups.get('epl')).toEqual([epl.spec]);
    expect(byGroup([]).size).toBe(0);
  });
});

describe('hopsNotIn', () => {
  const hop = (linkId: string, sVlan: number): PathHop => ({ linkId, fromA: `${S1}:3`, toZ: `${S2}:3`, sVlan });

  it('gives the hops of a whose link and S-VLAN b does not have, in order', () => {
    expect(hopsNotIn([hop('l1', 10), hop('l2', 11), hop('l3', 12)], [hop('l2', 11)])).toEqual([hop('l1', 10), hop('l3', 12)]);
  });

  it('counts the same link with another S-VLAN as gone', () => {
    expect(hopsNotIn([hop('l1', 10)], [hop('l1', 11)])).toEqual([hop('l1', 10)]);
  });

  it('is empty for the same path, and everything against no path', () => {
    const path = [hop('l1', 10), hop('l2', 11)];
    expect(hopsNotIn(path, path)).toEqual([]);
    expect(hopsNotIn(path, [])).toEqual(path);
    expect(hopsNotIn([], path)).toEqual([]);
  });
});
