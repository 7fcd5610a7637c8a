/**
 * `POST /api/kytos/pathfinder/v3/` (kytos-api.md §5) over a real TopologyService and SQLite store,
 * with the path service invalidated by the topology's events through an EventBus exactly as
 * src/app.ts wires it. Expected hops and costs are written out by hand: every edge costs 1 (or its
 * link's metadata value), switch–interface edges included, so a path between two UNIs over one link
 * costs 5.
 *
 * The ring (three switches, UNIs on port 1):
 *   s1:2 ↔ s2:2 (L12),  s2:3 ↔ s3:2 (L23),  s3:3 ↔ s1:3 (L13)
 */
import request from 'supertest';
import type { Express } from 'express';
import { OFPPS, type Port } from '../../../src/ofp';
import { EventBus, type ControllerEvent } from '../../../src/core/events';
import { buildApp } from '../../../src/rest/app';
import { PATH_GRAPH_EVENTS, PathService } from '../../../src/pathfinder/service';
import { MIGRATIONS_DIR, openDatabase, SwitchRepo, TopologyRepo } from '../../../src/store';
import { SwitchDirectory } from '../../../src/topology/switch-directory';
import { TopologyService } from '../../../src/topology/topology-service';
import type { LinkConfig } from '../../../src/topology/types';
import { DPID1 as S1, DPID2 as S2, DPID3 as S3, FakeLldp, JSON_TYPE, LINK_1_2, port } from './harness';

const PF = '/api/kytos/pathfinder/v3/';
const V3 = '/api/kytos/topology/v3';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface PathHarness {
  readonly app: Express;
  readonly topology: TopologyService;
  now: number;
  connect(dpid: string, ports: readonly Port[]): void;
  disconnect(dpid: string): void;
  portModified(dpid: string, p: Port): void;
  /** LLDP saw a frame from b arrive on a. */
  link(a: [string, number], b: [string, number]): void;
  /** The id of the link between two interfaces, as the topology lists it. */
  linkId(a: string, b: string): string;
  close(): void;
}

/** The topology, an event bus and the path service wired as src/app.ts wires them; `seed` links are in the store before start. */
function pathHarness(seed: readonly LinkConfig[] = []): PathHarness {
  const db = openDatabase(':memory:', { migrationsDir: MIGRATIONS_DIR });
  const store = new TopologyRepo(db, { onCorruptRow: () => undefined });
  for (const l of seed) store.saveLink(l);
  const bus = new EventBus(quiet);
  const h = { now: Date.UTC(2026, 0, 2, 3, 4, 5) } as PathHarness;
  const directory = new SwitchDirectory(new SwitchRepo(db, { onCorruptRow: () => undefined }), () => h.now, quiet);
  const topology = new TopologyService({
    store,
    directory,
    emit: (e) => bus.emit(e),
    settings: { enableByDefault: true, linkUpHoldMs: 10_000 },
    log: quiet,
    lldpVlan: 3799,
  });
  for (const type of ['switch.connected', 'switch.disconnected', 'port.added', 'port.modified', 'port.deleted'] as const) {
    bus.on(type, (e) => {
      directory.apply(e);
      topology.apply(e, h.now);
    });
  }
  const paths = new PathService(topology);
  for (const type of PATH_GRAPH_EVENTS) bus.on(type, () => paths.invalidate());
  const emit = (e: ControllerEvent): void => bus.emit(e);
  return Object.assign(h, {
    app: buildApp({ log: quiet, topology, lldp: new FakeLldp(), now: () => h.now, pathfinder: paths }),
    topology,
    connect: (dpid: string, ports: readonly Port[]) =>
      emit({
        type: 'switch.connected',
        dpid,
        address: '127.0.0.1:40001',
        info: {
          dpid,
          nBuffers: 0,
          nTables: 254,
          auxiliaryId: 0,
          capabilities: 0,
          desc: { mfrDesc: 'Nicira, Inc.', hwDesc: 'Open vSwitch', swDesc: '3.1.0', serialNum: 'None', dpDesc: 'dp' },
          ports: [...ports],
        },
      }),
    disconnect: (dpid: string) => emit({ type: 'switch.disconnected', dpid, reason: { kind: 'peer_closed' } }),
    portModified: (dpid: string, p: Port) => emit({ type: 'port.modified', dpid, port: p }),
    link: (a: [string, number], b: [string, number]) => topology.observeLink({ dpid: a[0], portNo: a[1] }, { dpid: b[0], portNo: b[1] }, h.now),
    linkId: (a: string, b: string) => {
      const v = topology.linkViews().find((l) => (l.config.endpointA === a && l.config.endpointB === b) || (l.config.endpointA === b && l.config.endpointB === a));
      if (v === undefined) throw new Error(`no link ${a} ↔ ${b}`);
      return v.config.id;
    },
    close: () => db.close(),
  });
}

function line(): PathHarness {
  const h = pathHarness();
  h.connect(S1, [port(1), port(2)]);
  h.connect(S2, [port(1), port(2), port(3)]);
  h.connect(S3, [port(1), port(2)]);
  h.link([S1, 2], [S2, 2]);
  h.link([S3, 2], [S2, 3]);
  return h;
}

function ring(): PathHarness {
  const h = pathHarness();
  for (const dpid of [S1, S2, S3]) h.connect(dpid, [port(1), port(2), port(3)]);
  h.link([S1, 2], [S2, 2]);
  h.link([S2, 3], [S3, 2]);
  h.link([S3, 3], [S1, 3]);
  return h;
}

const post = (h: PathHarness, body: unknown) => request(h.app).post(PF).send(body as object);
const error = (code: number, description: string) => ({ description, code });
const invalid = (detail: string) => error(400, `The request body contains invalid API data., ${detail}.`);

// From s1:1 to s2:1 on the ring: straight over L12 (5 edges), or round by s3 (8 edges).
const DIRECT = [`${S1}:1`, S1, `${S1}:2`, `${S2}:2`, S2, `${S2}:1`];
const ROUND = [`${S1}:1`, S1, `${S1}:3`, `${S3}:3`, S3, `${S3}:2`, `${S2}:3`, S2, `${S2}:1`];
const UNIS = { source: `${S1}:1`, destination: `${S2}:1` };

describe('hops and costs (hop count)', () => {
  it('a line of three switches: one path, alternating interface, switch, interface, …, cost 8', async () => {
    const h = line();
    const res = await post(h, { source: `${S1}:1`, destination: `${S3}:1` }).expect(200);
    expect(res.body).toEqual({
      paths: [{ hops: [`${S1}:1`, S1, `${S1}:2`, `${S2}:2`, S2, `${S2}:3`, `${S3}:2`, S3, `${S3}:1`], cost: 8 }],
    });
    h.close();
  });

  it('a line: two switches apart cost 5; switch ends start and end the hops with the switch', async () => {
    const h = line();
    expect((await post(h, { source: `${S1}:1`, destination: `${S2}:1` }).expect(200)).body).toEqual({
      paths: [{ hops: [`${S1}:1`, S1, `${S1}:2`, `${S2}:2`, S2, `${S2}:1`], cost: 5 }],
    });
    expect((await post(h, { source: S1, destination: S3 }).expect(200)).body).toEqual({
      paths: [{ hops: [S1, `${S1}:2`, `${S2}:2`, S2, `${S2}:3`, `${S3}:2`, S3], cost: 6 }],
    });
    expect((await post(h, { source: S1, destination: `${S3}:1` }).expect(200)).body).toEqual({
      paths: [{ hops: [S1, `${S1}:2`, `${S2}:2`, S2, `${S2}:3`, `${S3}:2`, S3, `${S3}:1`], cost: 7 }],
    });
    h.close();
  });

  it('a ring: both ways round with the default k=2, cheapest first, in either direction', async () => {
    const h = ring();
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }] });
    const back = await post(h, { source: `${S2}:1`, destination: `${S1}:1` }).expect(200);
    expect(back.body).toEqual({
      paths: [
        { hops: [`${S2}:1`, S2, `${S2}:2`, `${S1}:2`, S1, `${S1}:1`], cost: 5 },
        { hops: [`${S2}:1`, S2, `${S2}:3`, `${S3}:2`, S3, `${S3}:3`, `${S1}:3`, S1, `${S1}:1`], cost: 8 },
      ],
    });
    expect((await post(h, { source: S1, destination: S2 }).expect(200)).body).toEqual({
      paths: [
        { hops: [S1, `${S1}:2`, `${S2}:2`, S2], cost: 3 },
        { hops: [S1, `${S1}:3`, `${S3}:3`, S3, `${S3}:2`, `${S2}:3`, S2], cost: 6 },
      ],
    });
    h.close();
  });

  it('spf_max_paths bounds the count; spf_max_path_cost drops dearer paths', async () => {
    const h = ring();
    expect((await post(h, { ...UNIS, spf_max_paths: 1 }).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }] });
    // Only two loopless paths exist, however many are asked for.
    expect((await post(h, { ...UNIS, spf_max_paths: 10 }).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }] });
    expect((await post(h, { ...UNIS, spf_max_path_cost: 7 }).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }] });
    expect((await post(h, { ...UNIS, spf_max_path_cost: 8 }).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }] });
    // kytos-api.md §5 shows null for "no limit".
    expect((await post(h, { ...UNIS, spf_max_path_cost: null }).expect(200)).body.paths).toHaveLength(2);
    h.close();
  });

  it('answers on the path without its trailing slash too', async () => {
    const h = ring();
    const res = await request(h.app).post('/api/kytos/pathfinder/v3').send({ ...UNIS, spf_max_paths: 1 }).expect(200);
    expect(res.body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }] });
    h.close();
  });
});

describe('link metadata as cost (spf_attribute)', () => {
  it('delay and priority come from link metadata, switch–interface edges cost 1; each change is seen at once', async () => {
    const h = ring();
    const l12 = h.linkId(`${S1}:2`, `${S2}:2`);
    const l13 = h.linkId(`${S1}:3`, `${S3}:3`);
    // No metadata yet: every edge costs 1 whatever the attribute.
    expect((await post(h, { ...UNIS, spf_attribute: 'delay' }).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }] });

    await request(h.app).post(`${V3}/links/${l12}/metadata`).send({ delay: 10, priority: 2 }).expect(201);
    // Direct: 4 + 10 = 14; round: 6 switch–interface edges + L13 + L23 without delay = 8.
    expect((await post(h, { ...UNIS, spf_attribute: 'delay' }).expect(200)).body).toEqual({ paths: [{ hops: ROUND, cost: 8 }, { hops: DIRECT, cost: 14 }] });
    // Direct: 4 + 2 = 6.
    expect((await post(h, { ...UNIS, spf_attribute: 'priority' }).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 6 }, { hops: ROUND, cost: 8 }] });
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }] });

    await request(h.app).post(`${V3}/links/${l13}/metadata`).send({ delay: 2.5 }).expect(201);
    // Round: 7 + 2.5 = 9.5.
    expect((await post(h, { ...UNIS, spf_attribute: 'delay' }).expect(200)).body).toEqual({ paths: [{ hops: ROUND, cost: 9.5 }, { hops: DIRECT, cost: 14 }] });

    await request(h.app).delete(`${V3}/links/${l12}/metadata/delay`).expect(200);
    expect((await post(h, { ...UNIS, spf_attribute: 'delay' }).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 9.5 }] });
    h.close();
  });

  it('takes the deprecated `parameter` when spf_attribute is absent, and spf_attribute when both are given', async () => {
    const h = ring();
    await request(h.app).post(`${V3}/links/${h.linkId(`${S1}:2`, `${S2}:2`)}/metadata`).send({ delay: 10 }).expect(201);
    expect((await post(h, { ...UNIS, parameter: 'delay' }).expect(200)).body).toEqual({ paths: [{ hops: ROUND, cost: 8 }, { hops: DIRECT, cost: 14 }] });
    expect((await post(h, { ...UNIS, spf_attribute: 'hop', parameter: 'delay' }).expect(200)).body).toEqual({
      paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }],
    });
    h.close();
  });
});

describe('undesired links and constraints', () => {
  it('leaves undesired links out; an unknown link id changes nothing', async () => {
    const h = ring();
    const l12 = h.linkId(`${S1}:2`, `${S2}:2`);
    expect((await post(h, { ...UNIS, undesired_links: [l12] }).expect(200)).body).toEqual({ paths: [{ hops: ROUND, cost: 8 }] });
    expect((await post(h, { ...UNIS, undesired_links: ['0'.repeat(64)] }).expect(200)).body).toEqual({
      paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }],
    });
    h.close();
  });

  describe('with L12 {bandwidth 100, delay 10, ownership red} and L13 {bandwidth 10, delay 2}, L23 bare', () => {
    let h: PathHarness;
    beforeEach(async () => {
      h = ring();
      await request(h.app).post(`${V3}/links/${h.linkId(`${S1}:2`, `${S2}:2`)}/metadata`).send({ bandwidth: 100, delay: 10, ownership: { red: {} } }).expect(201);
      await request(h.app).post(`${V3}/links/${h.linkId(`${S1}:3`, `${S3}:3`)}/metadata`).send({ bandwidth: 10, delay: 2 }).expect(201);
    });
    afterEach(() => h.close());

    it('mandatory metrics filter every link (a link without the key passes) and are echoed as `metrics`', async () => {
      // L13 has too little bandwidth, so the way round is cut; L23 has no bandwidth and passes.
      expect((await post(h, { ...UNIS, mandatory_metrics: { bandwidth: 50 } }).expect(200)).body).toEqual({
        paths: [{ hops: DIRECT, cost: 5, metrics: { bandwidth: 50 } }],
      });
      // L12 is red's only; L13 and L23 have no owners and pass.
      expect((await post(h, { ...UNIS, mandatory_metrics: { ownership: 'blue' } }).expect(200)).body).toEqual({
        paths: [{ hops: ROUND, cost: 8, metrics: { ownership: 'blue' } }],
      });
      expect((await post(h, { ...UNIS, mandatory_metrics: { not_ownership: ['red'] } }).expect(200)).body).toEqual({
        paths: [{ hops: ROUND, cost: 8, metrics: { not_ownership: ['red'] } }],
      });
      expect((await post(h, { ...UNIS, mandatory_metrics: { bandwidth: 200 } }).expect(200)).body).toEqual({ paths: [] });
    });

    it('flexible metrics: no path meets both, so each single metric is tried in turn down to minimum_flexible_hits', async () => {
      // Both: L12 is too slow (delay 10 > 5) and L13 too thin (10 < 50). One of two: bandwidth keeps
      // the direct path, delay keeps the way round.
      const one = await post(h, { ...UNIS, flexible_metrics: { bandwidth: 50, delay: 5 }, minimum_flexible_hits: 1 }).expect(200);
      expect(one.body).toEqual({
        paths: [
          { hops: DIRECT, cost: 5, metrics: { bandwidth: 50 } },
          { hops: ROUND, cost: 8, metrics: { delay: 5 } },
        ],
      });
      const both = await post(h, { ...UNIS, flexible_metrics: { bandwidth: 50, delay: 5 }, minimum_flexible_hits: 2 }).expect(200);
      expect(both.body).toEqual({ paths: [] });
      // With a mandatory metric as well, `metrics` lists both kinds.
      const mixed = await post(h, { ...UNIS, mandatory_metrics: { reliability: 90 }, flexible_metrics: { delay: 5 }, minimum_flexible_hits: 1 }).expect(200);
      expect(mixed.body).toEqual({ paths: [{ hops: ROUND, cost: 8, metrics: { reliability: 90, delay: 5 } }] });
    });
  });
});

describe('only usable links are used', () => {
  it('a disabled link is avoided until it is enabled again', async () => {
    const h = ring();
    const l12 = h.linkId(`${S1}:2`, `${S2}:2`);
    await request(h.app).post(`${V3}/links/${l12}/disable`).expect(201);
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: ROUND, cost: 8 }] });
    await request(h.app).post(`${V3}/links/${l12}/enable`).expect(201);
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }] });
    h.close();
  });

  it('a down link is avoided, also while it is held after coming back, and used again once the hold ends', async () => {
    const h = ring();
    h.portModified(S1, port(2, OFPPS.LINK_DOWN));
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: ROUND, cost: 8 }] });
    h.portModified(S1, port(2));
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: ROUND, cost: 8 }] });
    h.now += 10_000;
    h.topology.tick(h.now);
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }, { hops: ROUND, cost: 8 }] });
    h.close();
  });

  it('a disconnected or disabled switch takes its paths away; an unknown end or no way between gives no paths', async () => {
    const h = ring();
    h.disconnect(S3);
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }] });
    expect((await post(h, { source: `${S1}:1`, destination: `${S3}:1` }).expect(200)).body).toEqual({ paths: [] });
    await request(h.app).post(`${V3}/switches/${S2}/disable`).expect(201);
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [] });
    expect((await post(h, { source: `${S1}:1`, destination: '00:00:00:00:00:00:00:09:1' }).expect(200)).body).toEqual({ paths: [] });
    h.close();
  });
});

describe('errors', () => {
  let h: PathHarness;
  beforeEach(() => {
    h = ring();
  });
  afterEach(() => h.close());

  it.each<[string, unknown, string]>([
    ['no destination', { source: `${S1}:1` }, "'destination' is a required property for field destination"],
    ['a numeric source', { source: 1, destination: `${S2}:1` }, "1 is not of type 'string' for field source"],
    ['an unknown spf_attribute', { ...UNIS, spf_attribute: 'bandwidth' }, "'bandwidth' is not one of ['hop', 'delay', 'priority'] for field spf_attribute"],
    ['an unknown parameter', { ...UNIS, parameter: 'cost' }, "'cost' is not one of ['hop', 'delay', 'priority'] for field parameter"],
    ['spf_max_paths 0', { ...UNIS, spf_max_paths: 0 }, '0 is less than the minimum of 1 for field spf_max_paths'],
    ['spf_max_paths 11', { ...UNIS, spf_max_paths: 11 }, '11 is greater than the maximum of 10 for field spf_max_paths'],
    ['spf_max_paths 1.5', { ...UNIS, spf_max_paths: 1.5 }, "1.5 is not of type 'integer' for field spf_max_paths"],
    ['spf_max_path_cost 0.5', { ...UNIS, spf_max_path_cost: 0.5 }, '0.5 is less than the minimum of 1 for field spf_max_path_cost'],
    ['spf_max_path_cost "8"', { ...UNIS, spf_max_path_cost: '8' }, "'8' is not of type 'number' for field spf_max_path_cost"],
    ['minimum_flexible_hits 7', { ...UNIS, minimum_flexible_hits: 7 }, '7 is greater than the maximum of 6 for field minimum_flexible_hits'],
    ['undesired_links of numbers', { ...UNIS, undesired_links: [1] }, "1 is not of type 'string' for field undesired_links/0"],
    ['mandatory_metrics a list', { ...UNIS, mandatory_metrics: [] }, "[] is not of type 'object' for field mandatory_metrics"],
    ['a string bandwidth', { ...UNIS, mandatory_metrics: { bandwidth: 'x' } }, "'x' is not of type 'number' for field mandatory_metrics/bandwidth"],
    ['bandwidth 0.05', { ...UNIS, mandatory_metrics: { bandwidth: 0.05 } }, '0.05 is less than the minimum of 0.1 for field mandatory_metrics/bandwidth'],
    ['reliability 101', { ...UNIS, flexible_metrics: { reliability: 101 } }, '101 is greater than the maximum of 100 for field flexible_metrics/reliability'],
    ['utilization -1', { ...UNIS, flexible_metrics: { utilization: -1 } }, '-1 is less than the minimum of 0 for field flexible_metrics/utilization'],
    ['a numeric ownership', { ...UNIS, flexible_metrics: { ownership: 5 } }, "5 is not of type 'string' for field flexible_metrics/ownership"],
    ['a string not_ownership', { ...UNIS, mandatory_metrics: { not_ownership: 'red' } }, "'red' is not of type 'array' for field mandatory_metrics/not_ownership"],
    ['a list body', [1], "[1] is not of type 'object' for field "],
  ])('answers 400 for %s, in Kytos words', async (_name, body, detail) => {
    expect((await post(h, body).expect(400)).body).toEqual(invalid(detail));
  });

  it('answers 400 for bad JSON and 415 for another Content-Type', async () => {
    const bad = await request(h.app).post(PF).set('Content-Type', JSON_TYPE).send('{"source": ').expect(400);
    expect(bad.body.description).toMatch(/^Invalid json: /);
    const text = await request(h.app).post(PF).set('Content-Type', 'text/plain').send(JSON.stringify(UNIS)).expect(415);
    expect(text.body).toEqual(error(415, 'Expected Content-Type: application/json, got: text/plain'));
    expect((await request(h.app).post(PF).expect(415)).body).toEqual(error(415, 'Expected Content-Type: application/json, got: '));
  });
});

describe('a link metadata value the filters cannot compare', () => {
  it('is a 400 naming the metadata (a row written before metadata types were checked)', async () => {
    // Saved straight into the store: the topology API would refuse a string delay and a numeric ownership.
    const h = pathHarness([
      { id: LINK_1_2, endpointA: `${S1}:2`, endpointB: `${S2}:2`, enabled: true, metadata: { delay: 'slow', ownership: 5 }, discoveredAt: '2026-01-01T00:00:00.000Z' },
    ]);
    h.connect(S1, [port(1), port(2)]);
    h.connect(S2, [port(1), port(2)]);
    h.link([S2, 2], [S1, 2]);
    // Without constraints the link is usable (a delay that is not a number costs the default 1).
    expect((await post(h, UNIS).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }] });
    expect((await post(h, { ...UNIS, spf_attribute: 'delay' }).expect(200)).body).toEqual({ paths: [{ hops: DIRECT, cost: 5 }] });
    // A constraint has to compare the value, and cannot.
    const delay = await post(h, { ...UNIS, mandatory_metrics: { delay: 5 } }).expect(400);
    expect(delay.body).toEqual(error(400, `Error in delay value: 5: link ${LINK_1_2} has invalid metadata "delay" with value "slow"`));
    const owner = await post(h, { ...UNIS, flexible_metrics: { ownership: 'red' } }).expect(400);
    expect(owner.body).toEqual(error(400, `Error in ownership: link ${LINK_1_2} has invalid metadata "ownership" with value 5`));
    h.close();
  });
});
