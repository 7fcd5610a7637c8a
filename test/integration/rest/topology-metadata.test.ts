/** Metadata of switches, interfaces and links (kytos-api.md §3.1; seed 001 for reserved and internal keys). */
import request from 'supertest';
import { DPID1, JSON_TYPE, LINK_1_2, twoSwitches, type Harness } from './harness';

const V3 = '/api/kytos/topology/v3';
let h: Harness;
beforeEach(() => {
  h = twoSwitches();
});
afterEach(() => h.close());

const error = (code: number, description: string) => ({ description, code });

const KINDS = [
  { kind: 'switch', base: `${V3}/switches/${DPID1}`, missing: `${V3}/switches/00:00:00:00:00:00:00:09`, notFound: 'Switch not found' },
  { kind: 'interface', base: `${V3}/interfaces/${DPID1}:1`, missing: `${V3}/interfaces/${DPID1}:9`, notFound: 'Interface not found' },
  { kind: 'link', base: `${V3}/links/${LINK_1_2}`, missing: `${V3}/links/${'0'.repeat(64)}`, notFound: 'Link not found' },
] as const;

describe.each(KINDS)('$kind metadata', ({ base, missing, notFound }) => {
  it('starts empty, merges each POST (201 "Operation successful") and deletes one key (200)', async () => {
    expect((await request(h.app).get(`${base}/metadata`).expect(200)).body).toEqual({ metadata: {} });
    const added = await request(h.app).post(`${base}/metadata`).send({ a: 1, b: { c: [true, null] } }).expect(201);
    expect(added.body).toBe('Operation successful');
    await request(h.app).post(`${base}/metadata`).send({ a: 'two', d: 4.5 }).expect(201);
    expect((await request(h.app).get(`${base}/metadata`).expect(200)).body).toEqual({ metadata: { a: 'two', b: { c: [true, null] }, d: 4.5 } });
    const deleted = await request(h.app).delete(`${base}/metadata/b`).expect(200);
    expect(deleted.body).toBe('Operation successful');
    expect((await request(h.app).get(`${base}/metadata`).expect(200)).body).toEqual({ metadata: { a: 'two', d: 4.5 } });
  });

  it('answers 404 "Metadata not found" for a key that is not there', async () => {
    const res = await request(h.app).delete(`${base}/metadata/nope`).expect(404);
    expect(res.body).toEqual(error(404, 'Metadata not found'));
  });

  it('answers 404 for an unknown entity', async () => {
    expect((await request(h.app).get(`${missing}/metadata`).expect(404)).body).toEqual(error(404, notFound));
    expect((await request(h.app).post(`${missing}/metadata`).send({ a: 1 }).expect(404)).body).toEqual(error(404, notFound));
    expect((await request(h.app).delete(`${missing}/metadata/a`).expect(404)).body).toEqual(error(404, notFound));
  });

  it('refuses a body that is not a JSON object (400), bad JSON (400) and another Content-Type (415)', async () => {
    const list = await request(h.app).post(`${base}/metadata`).send([1, 2]).expect(400);
    expect(list.body).toEqual(error(400, 'Invalid metadata value: [1,2]'));
    const bad = await request(h.app).post(`${base}/metadata`).set('Content-Type', JSON_TYPE).send('{"a": ').expect(400);
    expect(bad.body.description).toMatch(/^Invalid json: /);
    const text = await request(h.app).post(`${base}/metadata`).set('Content-Type', 'text/plain').send('{"a": 1}').expect(415);
    expect(text.body).toEqual(error(415, 'Expected Content-Type: application/json, got: text/plain'));
    const none = await request(h.app).post(`${base}/metadata`).expect(415);
    expect(none.body).toEqual(error(415, 'Expected Content-Type: application/json, got: '));
    // A charset parameter is fine, as in Kytos.
    await request(h.app).post(`${base}/metadata`).set('Content-Type', 'application/json; charset=utf-8').send('{"a": 1}').expect(201);
  });
});

describe('reserved and internal keys (seed 001)', () => {
  it.each([
    [`${V3}/switches/${DPID1}`, { node_name: 's1', lat: 25.7 }, '"lat" must be a str'],
    [`${V3}/interfaces/${DPID1}:1`, { mtu: '9000' }, '"mtu" must be an int'],
    [`${V3}/interfaces/${DPID1}:1`, { port_name: 7 }, '"port_name" must be a str'],
    [`${V3}/links/${LINK_1_2}`, { bandwidth: 1.5 }, '"bandwidth" must be an int'],
    [`${V3}/links/${LINK_1_2}`, { delay: '3 ms' }, '"delay" must be a float'],
    [`${V3}/links/${LINK_1_2}`, { ownership: 'red' }, '"ownership" must be a dict'],
  ])('refuses a reserved key of the wrong type on %s, naming the key', async (base, body, description) => {
    const res = await request(h.app).post(`${base}/metadata`).send(body).expect(400);
    expect(res.body).toEqual(error(400, description));
    // Nothing of the refused body is written.
    expect((await request(h.app).get(`${base}/metadata`).expect(200)).body).toEqual({ metadata: {} });
  });

  it('accepts reserved keys of the right type and free-form keys', async () => {
    const base = `${V3}/links/${LINK_1_2}`;
    const body = { bandwidth: 100, delay: 2, ownership: { red: {} }, link_name: 'MIA-FLZ', anything: [1, 'x'] };
    await request(h.app).post(`${base}/metadata`).send(body).expect(201);
    expect((await request(h.app).get(`${base}/metadata`).expect(200)).body).toEqual({ metadata: body });
  });

  it('refuses to write or delete an internal link key (400)', async () => {
    const base = `${V3}/links/${LINK_1_2}`;
    const write = await request(h.app).post(`${base}/metadata`).send({ liveness_status: 'up' }).expect(400);
    expect(write.body).toEqual(error(400, '"liveness_status" is maintained by Isthmus and cannot be written'));
    const del = await request(h.app).delete(`${base}/metadata/last_status_change`).expect(400);
    expect(del.body).toEqual(error(400, '"last_status_change" is maintained by Isthmus and cannot be deleted'));
  });

  it('answers 400 "Invalid interface_id" for an interface id whose port is not a number', async () => {
    const res = await request(h.app).delete(`${V3}/interfaces/${DPID1}:x/metadata/a`).expect(400);
    expect(res.body).toEqual(error(400, `Invalid interface_id ${DPID1}:x`));
  });
});
