/**
 * `/api/kytos/mef_eline/v2/evc` metadata, rows 7–11 (kytos-api.md §1.1): one circuit's metadata
 * and the bulk endpoints, with kytos-ng mef_eline main.py's statuses and texts (the single-circuit
 * 404s end with a period there, the others do not; a bulk 404 lists the unknown ids and still
 * updates the known ones). Also the literal `/evc/metadata` routes against the parameterised ones.
 */
import request from 'supertest';
import type { Express } from 'express';
import { buildApp } from '../../../src/rest/app';
import { EvcRepo } from '../../../src/store';
import { ringHarness, S1, S3, uniBody, type ElineHarness } from '../../support/eline-harness';
import { FakeLldp } from './harness';

const EVC = '/api/kytos/mef_eline/v2/evc';
const API = 'The request body contains invalid API data., ';
const OK = 'Operation successful';
const UNKNOWN = 'ffffffffffffff';
const OTHER_UNKNOWN = 'eeeeeeeeeeeeee';

let h: ElineHarness;
let app: Express;

beforeEach(async () => {
  h = ringHarness();
  await h.evcs.load();
  app = buildApp({ log: { error: () => undefined }, topology: h.topology, lldp: new FakeLldp(), now: () => h.clock.now(), evcs: h.evcs });
});

afterEach(() => h.close());

async function create(name: string, vid: number, metadata: Record<string, unknown> = {}): Promise<string> {
  const r = await request(app)
    .post(`${EVC}/`)
    .send({ name, uni_a: uniBody(`${S1}:1`, vid), uni_z: uniBody(`${S3}:1`, vid), dynamic_backup_path: true, metadata });
  expect(r.status).toBe(201);
  return (r.body as { circuit_id: string }).circuit_id;
}

async function metadataOf(id: string): Promise<unknown> {
  const r = await request(app).get(`${EVC}/${id}/metadata`);
  expect(r.status).toBe(200);
  return (r.body as { metadata: unknown }).metadata;
}

/** The circuit's metadata as stored in SQLite (what a restart would load). */
function storedMetadata(id: string): unknown {
  return new EvcRepo(h.db, { onCorruptRow: () => undefined, now: () => h.clock.now() }).get(id)?.config.metadata;
}

// ---------------------------------------------------------------------------------------- row 7

describe('GET /v2/evc/{circuit_id}/metadata', () => {
  it('answers {"metadata": {...}}', async () => {
    const id = await create('a', 100, { site: 'x', n: 1 });
    const r = await request(app).get(`${EVC}/${id}/metadata`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ metadata: { site: 'x', n: 1 } });
  });

  it('answers {} for a circuit without metadata', async () => {
    const id = await create('a', 100);
    expect(await metadataOf(id)).toEqual({});
  });

  it('answers 404 "circuit_id X not found." for an unknown or archived circuit', async () => {
    const r = await request(app).get(`${EVC}/${UNKNOWN}/metadata`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found.`, code: 404 });
    const id = await create('a', 100);
    await request(app).delete(`${EVC}/${id}`);
    expect((await request(app).get(`${EVC}/${id}/metadata`)).body).toEqual({ description: `circuit_id ${id} not found.`, code: 404 });
  });
});

// ---------------------------------------------------------------------------------------- row 8

describe('POST /v2/evc/{circuit_id}/metadata', () => {
  it('merges the body into the metadata: 201 "Operation successful"', async () => {
    const id = await create('a', 100, { site: 'x', n: 1 });
    const r = await request(app).post(`${EVC}/${id}/metadata`).send({ n: 2, nested: { a: [1, 2] } });
    expect(r.status).toBe(201);
    expect(r.body).toBe(OK);
    expect(await metadataOf(id)).toEqual({ site: 'x', n: 2, nested: { a: [1, 2] } });
    expect(storedMetadata(id)).toEqual({ site: 'x', n: 2, nested: { a: [1, 2] } });
    expect(((await request(app).get(`${EVC}/${id}`)).body as { metadata: unknown }).metadata).toEqual({ site: 'x', n: 2, nested: { a: [1, 2] } });
  });

  it.each([
    ['a list', [1, 2], `${API}[1, 2] is not of type 'object' for field .`],
    ['a string', '"x"', `${API}'x' is not of type 'object' for field .`],
    ['null', 'null', `${API}None is not of type 'object' for field .`],
  ])('answers 400 for %s', async (_name, body, description) => {
    const id = await create('a', 100, { site: 'x' });
    const r = await request(app)
      .post(`${EVC}/${id}/metadata`)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description, code: 400 });
    expect(await metadataOf(id)).toEqual({ site: 'x' });
  });

  it('answers 404 "circuit_id X not found." for an unknown circuit', async () => {
    const r = await request(app).post(`${EVC}/${UNKNOWN}/metadata`).send({ a: 1 });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found.`, code: 404 });
  });

  it('answers 415 without a JSON Content-Type', async () => {
    const id = await create('a', 100);
    const r = await request(app).post(`${EVC}/${id}/metadata`).set('Content-Type', 'text/plain').send('{"a": 1}');
    expect(r.status).toBe(415);
    expect(r.body).toEqual({ description: 'Expected Content-Type: application/json, got: text/plain', code: 415 });
    expect(await metadataOf(id)).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------- row 9

describe('DELETE /v2/evc/{circuit_id}/metadata/{key}', () => {
  it('removes the key: 200 "Operation successful", also when the key is absent', async () => {
    const id = await create('a', 100, { site: 'x', n: 1 });
    const r = await request(app).delete(`${EVC}/${id}/metadata/site`);
    expect(r.status).toBe(200);
    expect(r.body).toBe(OK);
    expect(await metadataOf(id)).toEqual({ n: 1 });
    expect(storedMetadata(id)).toEqual({ n: 1 });
    const again = await request(app).delete(`${EVC}/${id}/metadata/site`);
    expect(again.status).toBe(200);
    expect(again.body).toBe(OK);
  });

  it('answers 404 "circuit_id X not found." for an unknown circuit', async () => {
    const r = await request(app).delete(`${EVC}/${UNKNOWN}/metadata/site`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found.`, code: 404 });
  });
});

// --------------------------------------------------------------------------------------- row 10

describe('POST /v2/evc/metadata', () => {
  it('merges the body without circuit_ids into each circuit: 201 "Operation successful"', async () => {
    const a = await create('a', 100, { site: 'x' });
    const b = await create('b', 101);
    const c = await create('c', 102, { keep: true });
    const r = await request(app).post(`${EVC}/metadata`).send({ circuit_ids: [a, b], site: 'y', rack: 3 });
    expect(r.status).toBe(201);
    expect(r.body).toBe(OK);
    expect(await metadataOf(a)).toEqual({ site: 'y', rack: 3 });
    expect(await metadataOf(b)).toEqual({ site: 'y', rack: 3 });
    expect(await metadataOf(c)).toEqual({ keep: true });
    expect(storedMetadata(b)).toEqual({ site: 'y', rack: 3 });
  });

  it('answers 404 with the unknown ids as description, and still updates the known ones', async () => {
    const a = await create('a', 100);
    const r = await request(app).post(`${EVC}/metadata`).send({ circuit_ids: [UNKNOWN, a, OTHER_UNKNOWN], site: 'y' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: [UNKNOWN, OTHER_UNKNOWN], code: 404 });
    expect(await metadataOf(a)).toEqual({ site: 'y' });
  });

  it('counts an archived circuit as unknown', async () => {
    const a = await create('a', 100);
    await request(app).delete(`${EVC}/${a}`);
    const r = await request(app).post(`${EVC}/metadata`).send({ circuit_ids: [a], site: 'y' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: [a], code: 404 });
  });

  it.each([
    ['no circuit_ids', { site: 'y' }, `${API}'circuit_ids' is a required property for field circuit_ids.`],
    ['an empty circuit_ids', { circuit_ids: [], site: 'y' }, `${API}[] should be non-empty for field circuit_ids.`],
    ['a string circuit_ids', { circuit_ids: 'abc' }, `${API}'abc' is not of type 'array' for field circuit_ids.`],
    ['a numeric id', { circuit_ids: [1] }, `${API}1 is not of type 'string' for field circuit_ids/0.`],
    ['a list body', [1], `${API}[1] is not of type 'object' for field .`],
  ])('answers 400 for %s', async (_name, body, description) => {
    const r = await request(app).post(`${EVC}/metadata`).send(body as object);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description, code: 400 });
  });

  it('answers 415 without a JSON Content-Type', async () => {
    const r = await request(app).post(`${EVC}/metadata`).set('Content-Type', 'text/plain').send('{}');
    expect(r.status).toBe(415);
  });

  it('is served with a trailing slash too', async () => {
    const a = await create('a', 100);
    const r = await request(app).post(`${EVC}/metadata/`).send({ circuit_ids: [a], site: 'y' });
    expect(r.status).toBe(201);
    expect(await metadataOf(a)).toEqual({ site: 'y' });
  });
});

// --------------------------------------------------------------------------------------- row 11

describe('DELETE /v2/evc/metadata/{key}', () => {
  it('removes the key from each circuit: 200 "Operation successful"', async () => {
    const a = await create('a', 100, { site: 'x', n: 1 });
    const b = await create('b', 101, { n: 2 });
    const r = await request(app).delete(`${EVC}/metadata/site`).send({ circuit_ids: [a, b] });
    expect(r.status).toBe(200);
    expect(r.body).toBe(OK);
    expect(await metadataOf(a)).toEqual({ n: 1 });
    expect(await metadataOf(b)).toEqual({ n: 2 });
    expect(storedMetadata(a)).toEqual({ n: 1 });
  });

  it('answers 200 for an empty circuit_ids (the schema needs no id here)', async () => {
    const r = await request(app).delete(`${EVC}/metadata/site`).send({ circuit_ids: [] });
    expect(r.status).toBe(200);
    expect(r.body).toBe(OK);
  });

  it('answers 404 with the unknown ids as description, and still updates the known ones', async () => {
    const a = await create('a', 100, { site: 'x', n: 1 });
    const r = await request(app).delete(`${EVC}/metadata/site`).send({ circuit_ids: [a, UNKNOWN] });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: [UNKNOWN], code: 404 });
    expect(await metadataOf(a)).toEqual({ n: 1 });
  });

  it('answers 400 without circuit_ids, 415 without a JSON body', async () => {
    const r = await request(app).delete(`${EVC}/metadata/site`).send({ site: 'x' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: `${API}'circuit_ids' is a required property for field circuit_ids.`, code: 400 });
    const bare = await request(app).delete(`${EVC}/metadata/site`);
    expect(bare.status).toBe(415);
    expect(bare.body).toEqual({ description: 'Expected Content-Type: application/json, got: ', code: 415 });
  });
});

// ------------------------------------------------------------------------------- route matching

describe('literal routes before parameterised ones (kytos-api.md §0)', () => {
  it('a circuit cannot be named "metadata": GET /v2/evc/metadata is a circuit lookup that finds nothing', async () => {
    const r = await request(app).get(`${EVC}/metadata`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: 'circuit_id metadata not found', code: 404 });
  });

  it('DELETE /v2/evc/metadata/metadata is the bulk delete of the key "metadata"', async () => {
    const a = await create('a', 100, { metadata: 1, n: 1 });
    const r = await request(app).delete(`${EVC}/metadata/metadata`).send({ circuit_ids: [a] });
    expect(r.status).toBe(200);
    expect(await metadataOf(a)).toEqual({ n: 1 });
  });

  it('an unknown path below the API is the generic 404', async () => {
    const r = await request(app).get(`${EVC}/abc/def/ghi`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `The requested URL ${EVC}/abc/def/ghi was not found on this server.`, code: 404 });
  });
});

// ------------------------------------------------------------------------ integers beyond 2^53

describe('metadata integers that JSON storage cannot keep exactly', () => {
  const BIG = '12345678901234567890';
  const raw = (method: 'post' | 'patch', path: string, text: string) => request(app)[method](path).set('Content-Type', 'application/json').send(text);

  it('POST /v2/evc/{id}/metadata: 400 naming the key, and nothing changes in memory or in the store', async () => {
    const id = await create('a', 100, { site: 'x' });
    const r = await raw('post', `${EVC}/${id}/metadata`, `{"big": ${BIG}, "site": "y"}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: `metadata big: the integer ${BIG} is beyond ±(2^53 - 1), the range that can be stored exactly`, code: 400 });
    expect(await metadataOf(id)).toEqual({ site: 'x' });
    expect(storedMetadata(id)).toEqual({ site: 'x' });
  });

  it('PATCH and POST /v2/evc/ with such metadata: 400, nothing stored', async () => {
    const id = await create('a', 100, { site: 'x' });
    const patch = await raw('patch', `${EVC}/${id}`, `{"metadata": {"n": {"deep": [1, ${BIG}]}}}`);
    expect(patch.status).toBe(400);
    expect((patch.body as { description: string }).description).toBe(`metadata n.deep[1]: the integer ${BIG} is beyond ±(2^53 - 1), the range that can be stored exactly`);
    expect(storedMetadata(id)).toEqual({ site: 'x' });
    const body = `{"name": "b", "dynamic_backup_path": true, "uni_a": {"interface_id": "${S1}:1", "tag": {"tag_type": "vlan", "value": 300}}, "uni_z": {"interface_id": "${S3}:1", "tag": {"tag_type": "vlan", "value": 300}}, "metadata": {"big": ${BIG}}}`;
    const created = await raw('post', `${EVC}/`, body);
    expect(created.status).toBe(400);
    expect(Object.keys((await request(app).get(`${EVC}/`)).body as object)).toEqual([id]);
  });

  it('PATCH of an unknown circuit with a body that breaks the schema: 400 first, as Kytos validates before looking up', async () => {
    const r = await request(app).patch(`${EVC}/${UNKNOWN}`).send({ not_a_field: 1 });
    expect(r.status).toBe(400);
  });
});
