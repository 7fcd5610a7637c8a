/**
 * Which paths a deploy tries and in which order (src/eline/path-choice.ts, kytos-api.md §2.2), on a
 * hand-written ring s1–s2–s3 with a direct s1–s3 link: links oriented from UNI A, static path
 * status as Kytos computes it, and the candidates: primary when UP, backup when UP, then the
 * pathfinder's when the circuit allows dynamic paths.
 */
import type { EvcConfig, PathLink } from '../../../src/eline/model';
import { candidatePaths, dynamicPathRequest, hopsUp, orientLinks, staticPathUp, type ChoiceContext, type LinkState } from '../../../src/eline/path-choice';
import type { PathRequest } from '../../../src/pathfinder';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';

const L12: PathLink = { id: 'l12', endpointA: `${S1}:2`, endpointB: `${S2}:2` };
const L23: PathLink = { id: 'l23', endpointA: `${S2}:3`, endpointB: `${S3}:2` };
/** Written from s3's end, as a user may. */
const L13: PathLink = { id: 'l13', endpointA: `${S3}:3`, endpointB: `${S1}:3` };

const up = (l: PathLink): LinkState => ({ endpointA: l.endpointA, endpointB: l.endpointB, status: 'UP' });

function world(states: Record<string, LinkState | undefined>, dynamic: readonly (readonly string[])[] = []): ChoiceContext & { asked: PathRequest[] } {
  const asked: PathRequest[] = [];
  return {
    asked,
    linkOf: (id) => states[id],
    findPaths: (req) => {
      asked.push(req);
      return dynamic;
    },
  };
}

const ALL_UP = { l12: up(L12), l23: up(L23), l13: up(L13) };

function config(over: Partial<EvcConfig> = {}): EvcConfig {
  return {
    id: '0123456789abcd',
    name: 'c',
    uniA: { interfaceId: `${S1}:1`, tag: { kind: 'vlan', vid: 100 } },
    uniZ: { interfaceId: `${S3}:1`, tag: { kind: 'vlan', vid: 200 } },
    primaryPath: [],
    backupPath: [],
    primaryLinks: [],
    backupLinks: [],
    dynamicBackupPath: false,
    primaryConstraints: {},
    secondaryConstraints: {},
    queueId: undefined,
    sbPriority: undefined,
    serviceLevel: 0,
    maxPaths: 2,
    bandwidth: 0,
    metadata: {},
    enabled: true,
    archived: false,
    circuitScheduler: [],
    startDate: '2026-03-01T12:00:00.000Z',
    endDate: undefined,
    creationTime: '2026-03-01T12:00:00.000Z',
    ...over,
  };
}

describe('orientLinks', () => {
  it('orients each link from the switch the walk is at', () => {
    expect(orientLinks([L12, L23], S1)).toEqual([
      { linkId: 'l12', fromA: `${S1}:2`, toZ: `${S2}:2` },
      { linkId: 'l23', fromA: `${S2}:3`, toZ: `${S3}:2` },
    ]);
    // The same links walked from s3: both turned round.
    expect(orientLinks([L23, L12], S3)).toEqual([
      { linkId: 'l23', fromA: `${S3}:2`, toZ: `${S2}:3` },
      { linkId: 'l12', fromA: `${S2}:2`, toZ: `${S1}:2` },
    ]);
    // A link written from the far end.
    expect(orientLinks([L13], S1)).toEqual([{ linkId: 'l13', fromA: `${S1}:3`, toZ: `${S3}:3` }]);
  });

  it('is undefined when the links do not walk from the start, and empty for no links', () => {
    expect(orientLinks([L23], S1)).toBeUndefined();
    expect(orientLinks([L12, L13], S1)).toBeUndefined();
    expect(orientLinks([], S1)).toEqual([]);
  });
});

describe('staticPathUp', () => {
  it('is UP when every link is known, UP, and joins the ends the path names', () => {
    expect(staticPathUp([L12, L23], (id) => ALL_UP[id as keyof typeof ALL_UP])).toBe(true);
  });

  it('is not UP for an empty path, a link DOWN, a link unknown, or a link that now joins other ends', () => {
    const linkOf = (states: Record<string, LinkState | undefined>) => (id: string) => states[id];
    expect(staticPathUp([], linkOf(ALL_UP))).toBe(false);
    expect(staticPathUp([L12, L23], linkOf({ ...ALL_UP, l23: { ...up(L23), status: 'DOWN' } }))).toBe(false);
    expect(staticPathUp([L12, L23], linkOf({ ...ALL_UP, l23: { ...up(L23), status: 'DISABLED' } }))).toBe(false);
    expect(staticPathUp([L12, L23], linkOf({ l12: up(L12) }))).toBe(false);
    expect(staticPathUp([L12], linkOf({ l12: { endpointA: `${S1}:2`, endpointB: `${S2}:4`, status: 'UP' } }))).toBe(false);
  });

  it('accepts the ends in either order', () => {
    expect(staticPathUp([L13], () => ({ endpointA: `${S1}:3`, endpointB: `${S3}:3`, status: 'UP' }))).toBe(true);
  });
});

describe('hopsUp', () => {
  const hop = { linkId: 'l12', fromA: `${S1}:2`, toZ: `${S2}:2`, sVlan: 5 };
  it('needs every hop UP; an empty path (intra-switch) is', () => {
    expect(hopsUp([], () => undefined)).toBe(true);
    expect(hopsUp([hop], () => up(L12))).toBe(true);
    expect(hopsUp([hop], () => ({ ...up(L12), status: 'DOWN' }))).toBe(false);
    expect(hopsUp([hop], () => undefined)).toBe(false);
  });
});

describe('dynamicPathRequest', () => {
  it('asks for UNI to UNI, max_paths, hop by default, and no constraints', () => {
    expect(dynamicPathRequest(config({ maxPaths: 3 }))).toEqual({
      source: `${S1}:1`,
      destination: `${S3}:1`,
      spfAttribute: 'hop',
      maxPaths: 3,
      undesiredLinks: [],
      mandatory: {},
      flexible: {},
    });
  });

  it('passes the primary constraints', () => {
    const req = dynamicPathRequest(
      config({
        primaryConstraints: {
          spfAttribute: 'delay',
          spfMaxPathCost: 40,
          undesiredLinks: ['l13'],
          mandatoryMetrics: { ownership: 'red' },
          flexibleMetrics: { bandwidth: 100 },
          minimumFlexibleHits: 1,
        },
        secondaryConstraints: { spfAttribute: 'priority' },
      }),
    );
    expect(req).toEqual({
      source: `${S1}:1`,
      destination: `${S3}:1`,
      spfAttribute: 'delay',
      maxPaths: 2,
      maxCost: 40,
      undesiredLinks: ['l13'],
      mandatory: { ownership: 'red' },
      flexible: { bandwidth: 100 },
      minimumFlexibleHits: 1,
    });
  });
});

describe('candidatePaths', () => {
  const PRIMARY = [L12, L23];
  const BACKUP = [L13];

  it('tries the primary, then the backup, then the dynamic candidates', () => {
    const ctx = world(ALL_UP, [['l13'], ['l12', 'l23']]);
    const got = candidatePaths(config({ primaryPath: PRIMARY, backupPath: BACKUP, dynamicBackupPath: true }), ctx);
    expect(got.map((c) => [c.source, c.hops.map((h) => h.linkId)])).toEqual([
      ['primary', ['l12', 'l23']],
      ['backup', ['l13']],
      ['dynamic', ['l13']],
      ['dynamic', ['l12', 'l23']],
    ]);
    expect(got[1]?.hops).toEqual([{ linkId: 'l13', fromA: `${S1}:3`, toZ: `${S3}:3` }]);
    expect(ctx.asked).toEqual([dynamicPathRequest(config({ dynamicBackupPath: true }))]);
  });

  it('leaves out a static path that is not UP', () => {
    const ctx = world({ ...ALL_UP, l23: { ...up(L23), status: 'DOWN' } }, [['l13']]);
    const got = candidatePaths(config({ primaryPath: PRIMARY, backupPath: BACKUP, dynamicBackupPath: true }), ctx);
    expect(got.map((c) => c.source)).toEqual(['backup', 'dynamic']);
    const noneUp = world({}, []);
    expect(candidatePaths(config({ primaryPath: PRIMARY, backupPath: BACKUP }), noneUp)).toEqual([]);
  });

  it('asks the pathfinder only when the circuit allows dynamic paths', () => {
    const ctx = world(ALL_UP, [['l13']]);
    expect(candidatePaths(config({ primaryPath: PRIMARY }), ctx).map((c) => c.source)).toEqual(['primary']);
    expect(ctx.asked).toEqual([]);
  });

  it('skips a static path that does not start at UNI A, and a dynamic candidate with a link the topology does not know', () => {
    const ctx = world(ALL_UP, [['l12', 'gone'], ['l12', 'l23']]);
    const got = candidatePaths(config({ primaryPath: [L23], dynamicBackupPath: true }), ctx);
    expect(got.map((c) => [c.source, c.hops.map((h) => h.linkId)])).toEqual([['dynamic', ['l12', 'l23']]]);
  });

  it('gives an intra-switch circuit exactly one candidate, the empty path, without asking anyone', () => {
    const ctx = world(ALL_UP, [['l13']]);
    const got = candidatePaths(config({ uniZ: { interfaceId: `${S1}:4`, tag: { kind: 'vlan', vid: 200 } }, primaryPath: PRIMARY }), ctx);
    expect(got).toEqual([{ source: 'dynamic', hops: [] }]);
    expect(ctx.asked).toEqual([]);
  });
});
