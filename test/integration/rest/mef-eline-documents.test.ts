/**
 * How GET /v2/evc/ builds its documents (src/rest/dto/evc.ts): one topology lookup per interface
 * and link per answer however many circuits cross them, cached document bytes that follow every
 * change of a circuit or of what it shows of the topology, and state numbers that are never given
 * to two different states.
 */
import { buildApp } from '../../../src/rest/app';
import { documentTopology, EvcDocumentCache, StateNumbers, toEvcDocumentDto, type EvcDocumentTopology } from '../../../src/rest/dto/evc';
import request from 'supertest';
import { ringHarness, S1, S3, uniBody, type ElineHarness, type RingLinks } from '../../support/eline-harness';
import { FakeLldp } from './harness';

const EVC = '/api/kytos/mef_eline/v2/evc';

let h: ElineHarness & RingLinks;

beforeEach(async () => {
  h = ringHarness();
  await h.evcs.load();
});

afterEach(() => h.close());

/** The harness topology, counting lookups. */
function counting(): EvcDocumentTopology & { interfaces: number; links: number } {
  const t = {
    interfaces: 0,
    links: 0,
    interfaceView: (id: string) => {
      t.interfaces++;
      return h.topology.interfaceView(id);
    },
    linkView: (id: string) => {
      t.links++;
      return h.topology.linkView(id);
    },
  };
  return t;
}

async function createMany(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let v = 1; v <= n; v++) {
    const r = await h.evcs.create({ name: `c${v}`, uni_a: uniBody(`${S1}:1`, v), uni_z: uniBody(`${S3}:1`, v), dynamic_backup_path: true });
    ids.push(r.circuitId);
  }
  return ids;
}

const parse = (body: Buffer): Record<string, unknown> => JSON.parse(body.toString('utf8')) as Record<string, unknown>;

it('looks each interface and link up once per answer, however many circuits cross them', async () => {
  await createMany(50);
  const topology = counting();
  const cache = new EvcDocumentCache();
  cache.documentMapJson(h.evcs.list(), topology);
  // Every circuit runs s1:1 … s1:3 —l13— s3:3 … s3:1: one link, its two ends.
  expect(topology.links).toBe(1);
  expect(topology.interfaces).toBe(2);
});

it('answers the same documents as built one by one, cached or not', async () => {
  const ids = await createMany(5);
  await h.evcs.create({ name: 'intra', uni_a: uniBody(`${S1}:1`, 100), uni_z: uniBody(`${S1}:4`, 100) });
  const cache = new EvcDocumentCache();
  const records = h.evcs.list();
  const expected = Object.fromEntries(records.map((r) => [r.config.id, JSON.parse(JSON.stringify(toEvcDocumentDto(r, documentTopology(h.topology))))]));
  expect(parse(cache.documentMapJson(records, h.topology))).toEqual(expected);
  expect(parse(cache.documentMapJson(records, h.topology))).toEqual(expected);
  expect(Object.keys(expected)).toEqual([...ids, expect.any(String)]);
  expect(cache.documentMapJson([], h.topology).toString()).toBe('{}');
});

it('rebuilds a cached document when the circuit changes or when an interface or link it shows changes', async () => {
  const [id] = await createMany(1);
  if (id === undefined) throw new Error('no circuit');
  const cache = new EvcDocumentCache();
  // The harness topology, with a switch to show the circuit's link DOWN without the service hearing of it.
  let linkDown = false;
  const topology: EvcDocumentTopology = {
    interfaceView: (i) => h.topology.interfaceView(i),
    linkView: (l) => {
      const v = h.topology.linkView(l);
      return v === undefined || !linkDown ? v : { ...v, active: false, status: 'DOWN', reasons: ['deactivated'] };
    },
  };
  const doc = (): Record<string, unknown> => parse(cache.documentMapJson(h.evcs.list(), topology))[id] as Record<string, unknown>;
  expect(doc().name).toBe('c1');
  await h.evcs.update(id, { name: 'renamed' });
  expect(doc().name).toBe('renamed');
  h.evcs.addMetadata([id], { site: 'x' });
  expect(doc().metadata).toEqual({ site: 'x' });
  h.topology.addMetadata('interface', `${S3}:3`, { cable: 'red' });
  const link = (doc().current_path as { endpoint_b: { metadata: unknown } }[])[0];
  expect(link?.endpoint_b.metadata).toEqual({ cable: 'red' });
  linkDown = true;
  expect((doc().current_path as unknown[])[0]).toMatchObject({ active: false, status: 'DOWN', status_reason: ['deactivated'] });
  linkDown = false;
  expect((doc().current_path as unknown[])[0]).toMatchObject({ active: true, status: 'UP', status_reason: [] });
  const record = h.evcs.get(id);
  if (record === undefined) throw new Error('circuit gone');
  expect(doc()).toEqual(JSON.parse(JSON.stringify(toEvcDocumentDto(record, documentTopology(h.topology)))));
});

it('serves the cached answer through the app, with a Content-Length and without an ETag', async () => {
  await createMany(3);
  const app = buildApp({ log: { error: () => undefined }, topology: h.topology, lldp: new FakeLldp(), now: () => h.clock.now(), evcs: h.evcs });
  const first = await request(app).get(`${EVC}/`);
  const second = await request(app).get(`${EVC}/`);
  expect(second.text).toBe(first.text);
  expect(second.headers['content-length']).toBe(String(Buffer.byteLength(first.text)));
  expect(second.headers['etag']).toBeUndefined();
  expect(Object.keys(second.body as object)).toHaveLength(3);
});

describe('StateNumbers', () => {
  it('gives the same text the same number and different texts different numbers', () => {
    const n = new StateNumbers();
    const a = n.numberOf('a');
    expect(n.numberOf('a')).toBe(a);
    expect(n.numberOf('b')).not.toBe(a);
  });

  it('never gives a number twice, also after dropping its table', () => {
    const n = new StateNumbers(2);
    const seen = ['a', 'b', 'c', 'a', 'b', 'c', 'd'].map((t) => [t, n.numberOf(t)] as const);
    const byNumber = new Map<number, string>();
    for (const [text, num] of seen) {
      expect(byNumber.get(num) ?? text).toBe(text);
      byNumber.set(num, text);
    }
  });
});
