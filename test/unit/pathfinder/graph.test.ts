/** PathGraph.build: what enters the graph, the arc order, and the link weights. */
import { PathGraph, linkWeight } from '../../../src/pathfinder/graph';
import { I, S, graph, input } from './fixtures';

describe('PathGraph.build', () => {
  it('keeps parallel links as distinct edges keyed by link id', () => {
    const g = graph(2, [
      { id: 'LA', a: [1, 2], b: [2, 2] },
      { id: 'LB', a: [1, 3], b: [2, 3] },
    ]);
    expect(g.graph.order).toBe(2);
    expect(g.graph.size).toBe(2);
    expect(g.graph.edges(S(1), S(2)).sort()).toEqual(['LA', 'LB']);
    expect(g.graph.getEdgeAttributes('LB')).toEqual({ endpointA: I(1, 3), endpointB: I(2, 3), metadata: {} });
    expect([g.switchCount, g.linkCount]).toEqual([2, 2]);
  });

  it('leaves out what cannot be used: interfaces of unknown switches, links with an unknown or looped end, repeated ids', () => {
    const base = input(2, [{ id: 'L', a: [1, 2], b: [2, 2] }]);
    const g = PathGraph.build({
      switches: [...base.switches, { dpid: S(1) }],
      interfaces: [...base.interfaces, { id: I(9, 1), dpid: S(9) }, { id: I(1, 7), dpid: S(1) }, { id: I(1, 8), dpid: S(1) }],
      links: [
        ...base.links,
        { id: 'L', endpointA: I(1, 7), endpointB: I(2, 1), metadata: {} }, // repeated id
        { id: 'toUnknown', endpointA: I(1, 7), endpointB: I(9, 1), metadata: {} },
        { id: 'toMissing', endpointA: I(1, 7), endpointB: I(2, 9), metadata: {} },
        { id: 'loop', endpointA: I(1, 7), endpointB: I(1, 8), metadata: {} },
      ],
    });
    expect(g.graph.nodes()).toEqual([S(1), S(2)]);
    expect(g.graph.edges()).toEqual(['L']);
    expect(g.graph.getEdgeAttributes('L').endpointA).toBe(I(1, 2));
    expect(g.switchOfInterface(I(9, 1))).toBeUndefined();
    expect(g.switchOfInterface(I(1, 7))).toBe(g.switchOf(S(1)));
    expect(g.linkOf('loop')).toBeUndefined();
  });

  it('orders the arcs of a switch by outgoing interface id, in code-unit order (port 10 before port 9)', () => {
    const g = graph(3, [
      { id: 'L9', a: [1, 9], b: [2, 2] },
      { id: 'L10', a: [1, 10], b: [3, 2] },
      { id: 'L2', a: [1, 2], b: [2, 3] },
    ]);
    const s1 = g.switchOf(S(1)) as number;
    const arcs = Array.from({ length: (g.arcStart[s1 + 1] as number) - (g.arcStart[s1] as number) }, (_, i) => (g.arcStart[s1] as number) + i);
    expect(arcs.map((a) => g.arcOutInterface(a))).toEqual([I(1, 10), I(1, 2), I(1, 9)]);
    expect(arcs.map((a) => g.arcInInterface(a))).toEqual([I(3, 2), I(2, 3), I(2, 2)]);
    expect(arcs.map((a) => g.linkIds[g.arcLink[a] as number])).toEqual(['L10', 'L2', 'L9']);
  });

  it('indexes links by the interfaces at their ends', () => {
    const g = graph(2, [{ id: 'L', a: [1, 2], b: [2, 2] }]);
    expect(g.linksAt(I(2, 2)).map((l) => g.linkIds[l])).toEqual(['L']);
    expect(g.linksAt(I(2, 1))).toEqual([]);
  });
});

describe('linkWeight', () => {
  it('hop is always 1', () => {
    expect(linkWeight({ hop: 7, delay: 3 }, 'hop')).toBe(1);
  });

  it.each([
    [{ delay: 2.5 }, 2.5],
    [{ delay: 0 }, 0],
    [{}, 1], // missing
    [{ delay: null }, 1],
    [{ delay: '3' }, 1], // not a number
    [{ delay: -4 }, 1], // negative
  ])('delay of %j is %d', (meta, w) => {
    expect(linkWeight(meta, 'delay')).toBe(w);
  });

  it('priority reads the priority key', () => {
    expect(linkWeight({ priority: 4, delay: 9 }, 'priority')).toBe(4);
    expect(linkWeight({ delay: 9 }, 'priority')).toBe(1);
  });

  it('the compiled arc cost is w + 2 per link', () => {
    const g = graph(2, [{ id: 'L', a: [1, 2], b: [2, 2], metadata: { delay: 0.5, priority: 3 } }]);
    expect([...g.weightsFor('delay')]).toEqual([0.5]);
    expect([...g.arcCostsFor('delay')]).toEqual([2.5]);
    expect([...g.arcCostsFor('priority')]).toEqual([5]);
    expect([...g.arcCostsFor('hop')]).toEqual([3]);
  });
});
