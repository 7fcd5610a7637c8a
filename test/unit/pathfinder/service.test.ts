/**
 * PathService over a fake topology: only UP entities make the graph, link metadata reaches the
 * costs, and the graph is rebuilt lazily, once per invalidation burst. Expected paths are written
 * out by hand for the triangle below.
 *
 *        s1:2 ── l12 ── s2:2
 *   s1 ─┤                ├─ s2        UNIs: s1:1, s2:1, s3:1
 *        s1:3          s2:3
 *          \            /
 *          l13        l23
 *            \        /
 *            s3:3  s3:2
 *               s3
 */
import type { EntityStatus } from '../../../src/topology/model';
import { PATH_GRAPH_EVENTS, PathService, usableTopology, type TopologyViews } from '../../../src/pathfinder/service';
import type { PathRequest } from '../../../src/pathfinder/paths';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';

type SwitchRow = ReturnType<TopologyViews['switchViews']>[number];
type InterfaceRow = ReturnType<TopologyViews['interfaceViews']>[number];
type LinkRow = ReturnType<TopologyViews['linkViews']>[number];

/** Views the test edits; counts how often the service reads them (one read per rebuild). */
class FakeViews implements TopologyViews {
  reads = 0;
  switches: SwitchRow[] = [];
  interfaces: InterfaceRow[] = [];
  links: LinkRow[] = [];
  switchViews(): SwitchRow[] {
    this.reads += 1;
    return this.switches;
  }
  interfaceViews(): InterfaceRow[] {
    return this.interfaces;
  }
  linkViews(): LinkRow[] {
    return this.links;
  }
  setSwitch(dpid: string, status: EntityStatus): void {
    this.switches = this.switches.map((s) => (s.config.dpid === dpid ? { ...s, status } : s));
  }
  setInterface(id: string, status: EntityStatus): void {
    this.interfaces = this.interfaces.map((i) => (i.config.id === id ? { ...i, status } : i));
  }
  setLink(id: string, change: { status?: EntityStatus; metadata?: Record<string, unknown> }): void {
    this.links = this.links.map((l) =>
      l.config.id === id ? { status: change.status ?? l.status, config: { ...l.config, metadata: change.metadata ?? l.config.metadata } } : l,
    );
  }
}

function triangle(): FakeViews {
  const v = new FakeViews();
  v.switches = [S1, S2, S3].map((dpid) => ({ config: { dpid }, status: 'UP' }));
  v.interfaces = [S1, S2, S3].flatMap((dpid) => [1, 2, 3].map((p) => ({ config: { id: `${dpid}:${p}`, dpid }, status: 'UP' as const })));
  const link = (id: string, endpointA: string, endpointB: string): LinkRow => ({ config: { id, endpointA, endpointB, metadata: {} }, status: 'UP' });
  v.links = [link('l12', `${S1}:2`, `${S2}:2`), link('l23', `${S2}:3`, `${S3}:2`), link('l13', `${S1}:3`, `${S3}:3`)];
  return v;
}

const request = (over: Partial<PathRequest> = {}): PathRequest => ({
  source: `${S1}:1`,
  destination: `${S2}:1`,
  spfAttribute: 'hop',
  maxPaths: 2,
  undesiredLinks: [],
  mandatory: {},
  flexible: {},
  ...over,
});

// The two ways from s1:1 to s2:1: 5 edges straight over l12, 8 edges round by s3.
const DIRECT = [`${S1}:1`, S1, `${S1}:2`, `${S2}:2`, S2, `${S2}:1`];
const ROUND = [`${S1}:1`, S1, `${S1}:3`, `${S3}:3`, S3, `${S3}:2`, `${S2}:3`, S2, `${S2}:1`];

const shape = (paths: readonly { hops: string[]; cost: number; links: string[] }[]) => paths.map(({ hops, cost, links }) => ({ hops, cost, links }));

describe('PathService', () => {
  it('finds both ways round the triangle, cheapest first', () => {
    const paths = new PathService(triangle()).findPaths(request());
    expect(shape(paths)).toEqual([
      { hops: DIRECT, cost: 5, links: ['l12'] },
      { hops: ROUND, cost: 8, links: ['l13', 'l23'] },
    ]);
  });

  it.each<EntityStatus>(['DOWN', 'DISABLED'])('does not use a %s link', (status) => {
    const views = triangle();
    views.setLink('l12', { status });
    expect(shape(new PathService(views).findPaths(request()))).toEqual([{ hops: ROUND, cost: 8, links: ['l13', 'l23'] }]);
  });

  it('does not use a switch or an interface that is not UP, nor the links hanging off it', () => {
    const views = triangle();
    // The fake lets the link stay UP while its interface is DOWN (the topology never reports that): the link goes too.
    views.setInterface(`${S1}:3`, 'DOWN');
    expect(shape(new PathService(views).findPaths(request()))).toEqual([{ hops: DIRECT, cost: 5, links: ['l12'] }]);

    const views2 = triangle();
    views2.setSwitch(S3, 'DISABLED');
    expect(shape(new PathService(views2).findPaths(request()))).toEqual([{ hops: DIRECT, cost: 5, links: ['l12'] }]);
  });

  it('prices links with their metadata: delay 10 on l12 makes the way round s3 cheaper', () => {
    const views = triangle();
    const service = new PathService(views);
    expect(shape(service.findPaths(request({ spfAttribute: 'delay' })))).toEqual([
      { hops: DIRECT, cost: 5, links: ['l12'] },
      { hops: ROUND, cost: 8, links: ['l13', 'l23'] },
    ]);
    views.setLink('l12', { metadata: { delay: 10 } });
    service.invalidate();
    // 4 switch–interface edges at 1 plus l12 at 10; round: 6 switch–interface edges and two links without delay, at 1.
    expect(shape(service.findPaths(request({ spfAttribute: 'delay' })))).toEqual([
      { hops: ROUND, cost: 8, links: ['l13', 'l23'] },
      { hops: DIRECT, cost: 14, links: ['l12'] },
    ]);
    // Hop counting ignores it.
    expect(shape(service.findPaths(request())).map((p) => p.cost)).toEqual([5, 8]);
  });

  it('builds once per invalidation: none before the first query, one per burst, none without one', () => {
    const views = triangle();
    const service = new PathService(views);
    expect(views.reads).toBe(0);
    service.findPaths(request());
    service.findPaths(request());
    expect(views.reads).toBe(1);

    // Without invalidate() the graph is the one already built: the change is not seen yet.
    views.setLink('l12', { status: 'DOWN' });
    expect(shape(service.findPaths(request({ maxPaths: 1 })))).toEqual([{ hops: DIRECT, cost: 5, links: ['l12'] }]);
    expect(views.reads).toBe(1);

    for (let i = 0; i < 50; i += 1) service.invalidate();
    expect(views.reads).toBe(1);
    expect(shape(service.findPaths(request({ maxPaths: 1 })))).toEqual([{ hops: ROUND, cost: 8, links: ['l13', 'l23'] }]);
    expect(service.findDisjointPath(['l12'], request())?.hops).toEqual(ROUND);
    expect(views.reads).toBe(2);
  });

  it('finds the path disjoint from a primary', () => {
    const found = new PathService(triangle()).findDisjointPath(['l12'], request());
    expect(found === undefined ? undefined : shape([found])).toEqual([{ hops: ROUND, cost: 8, links: ['l13', 'l23'] }]);
  });
});

describe('usableTopology', () => {
  it('keeps UP entities only, and no link whose endpoint is not kept', () => {
    const views = triangle();
    views.setSwitch(S3, 'DOWN');
    views.setInterface(`${S1}:1`, 'DISABLED');
    views.setLink('l12', { metadata: { bandwidth: 100, ownership: { red: {} } } });
    expect(usableTopology(views)).toEqual({
      switches: [{ dpid: S1 }, { dpid: S2 }],
      interfaces: [
        { id: `${S1}:2`, dpid: S1 },
        { id: `${S1}:3`, dpid: S1 },
        { id: `${S2}:1`, dpid: S2 },
        { id: `${S2}:2`, dpid: S2 },
        { id: `${S2}:3`, dpid: S2 },
      ],
      links: [{ id: 'l12', endpointA: `${S1}:2`, endpointB: `${S2}:2`, metadata: { bandwidth: 100, ownership: { red: {} } } }],
    });
  });
});

describe('PATH_GRAPH_EVENTS', () => {
  it('lists the switch, port, interface, link and metadata events, and nothing about flows or packets', () => {
    expect([...PATH_GRAPH_EVENTS].sort()).toEqual([
      'interface.deleted',
      'interface.disabled',
      'interface.down',
      'interface.enabled',
      'interface.up',
      'link.created',
      'link.deleted',
      'link.disabled',
      'link.down',
      'link.enabled',
      'link.up',
      'metadata.added',
      'metadata.removed',
      'port.added',
      'port.deleted',
      'port.modified',
      'switch.connected',
      'switch.deleted',
      'switch.disabled',
      'switch.disconnected',
      'switch.enabled',
      'topology.loaded',
    ]);
  });
});
