/**
 * The diff invariants on the fake dataplane (house style B6): for random desired and actual flow
 * sets, applying orderChanges(diffFlows(desired, actual)) to a switch holding `actual` leaves it
 * holding exactly `desired` plus the alien flows we do not own; and diff(x, x) is empty.
 */
import { FakeSwitch } from './dataplane';
import { diffFlows, isEmptyDiff } from '../../src/flows/diff';
import { orderChanges } from '../../src/flows/order';
import { bodyOfCanonical, canonical, keyOfCanonical } from '../../src/flows/canonical';
import type { FlowSpec } from '../../src/flows/flowspec';
import { Rng } from '../support/rng';

const mulberry32 = (seed: number): (() => number) => {
  const r = new Rng(seed);
  return () => r.u32() / 0x100000000;
};

const D = '00:00:00:00:00:00:00:01';
const owns = (c: bigint): boolean => c >> 56n === 0xaan;

function randomFlow(rnd: () => number): FlowSpec {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const vid = 1 + pick(8);
  return {
    dpid: D,
    table: pick(2),
    priority: 100 + pick(4),
    match: [{ field: 'in_port', value: 1 + pick(3) }, { field: 'vlan_vid', value: 0x1000 | vid }],
    instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'vlan_vid', value: 0x1000 | (vid + pick(2)) } }, { type: 'output', port: 1 + pick(4), maxLen: 0 }] }],
    cookie: pick(4) === 0 ? 0x1200000000000000n + BigInt(pick(3)) : 0xaa00000000000000n + BigInt(pick(3)),
    idleTimeout: 0,
    hardTimeout: 0,
    flags: 0,
  };
}

/** One flow per key (the last wins), as a switch would hold them. */
function unique(flows: FlowSpec[]): FlowSpec[] {
  const m = new Map<string, FlowSpec>();
  for (const f of flows) m.set(keyOfCanonical(canonical(f)), f);
  return [...m.values()];
}

const view = (flows: readonly FlowSpec[]): string[] => flows.map((f) => `${keyOfCanonical(canonical(f))} ${bodyOfCanonical(canonical(f))}`).sort();

describe('diff invariants on the fake dataplane', () => {
  const seed = Number(process.env.ISTHMUS_FUZZ_SEED ?? 20261121);
  it(`apply(diff(d, a), a) holds d plus the unowned flows of a (seed ${seed}, 300 cases)`, () => {
    const rnd = mulberry32(seed);
    for (let n = 0; n < 300; n++) {
      const actual = unique(Array.from({ length: Math.floor(rnd() * 12) }, () => randomFlow(rnd)));
      const desired = unique(Array.from({ length: Math.floor(rnd() * 12) }, () => randomFlow(rnd))).filter((f) => owns(f.cookie));
      const sw = new FakeSwitch(D, { ports: [1, 2, 3, 4], nTables: 4 });
      for (const f of actual) sw.applySpec(f);
      const diff = diffFlows(desired, sw.flows(), { owns });
      const { deletes, writes } = orderChanges(diff);
      for (const m of [...deletes, ...writes]) sw.apply(m.msg);
      const desiredKeys = new Set(desired.map((f) => keyOfCanonical(canonical(f))));
      const keptAliens = actual.filter((f) => !owns(f.cookie) && !desiredKeys.has(keyOfCanonical(canonical(f))));
      expect(view(sw.flows())).toEqual(view([...desired, ...keptAliens]));
      expect(isEmptyDiff(diffFlows(desired, sw.flows(), { owns }))).toBe(true);
    }
  });

  it('diff(x, x) is empty', () => {
    const rnd = mulberry32(seed + 1);
    const x = unique(Array.from({ length: 30 }, () => randomFlow(rnd)));
    expect(isEmptyDiff(diffFlows(x, x, { owns }))).toBe(true);
  });
});
