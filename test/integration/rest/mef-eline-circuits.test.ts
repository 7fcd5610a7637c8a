/**
 * `/api/kytos/mef_eline/v2/evc` rows 1–6 (kytos-api.md §1.1) through supertest over the circuit
 * service wired as the controller wires it (ring harness: real topology, paths, flow service and
 * SQLite store, scripted installer). Bodies and texts are kytos-ng mef_eline main.py's; documents
 * are checked against §1.7, with the endpoint dicts taken from the topology API.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { buildApp } from '../../../src/rest/app';
import { circuitRows, livePort, ringHarness, S1, S2, S3, uniBody, type ElineHarness, type RingLinks } from '../../support/eline-harness';
import { FakeLldp, JSON_TYPE } from './harness';

const EVC = '/api/kytos/mef_eline/v2/evc';
const A = `${S1}:1`;
const Z = `${S3}:1`;
const API = 'The request body contains invalid API data., ';
const T0 = '2026-11-21T09:00:00';
const FULL_POOL = [
  [1, 3798],
  [3800, 4094],
];
const UNKNOWN = 'ffffffffffffff';

let h: ElineHarness & RingLinks;
let app: Express;

beforeEach(async () => {
  h = ringHarness();
  await h.evcs.load();
  app = buildApp({ log: { error: () => undefined }, topology: h.topology, lldp: new FakeLldp(), now: () => h.clock.now(), evcs: h.evcs });
});

afterEach(() => h.close());

/** Creates through the API and returns the new id, expecting a deployed circuit. */
async function create(body: Record<string, unknown>): Promise<string> {
  const r = await request(app).post(`${EVC}/`).send(body);
  expect(r.status).toBe(201);
  expect(r.body).toEqual({ circuit_id: expect.stringMatching(/^[0-9a-f]{14}$/), deployed: true });
  return (r.body as { circuit_id: string }).circuit_id;
}

const evpl = (name = 'evpl', vidA = 100, vidZ = 200): Record<string, unknown> => ({
  name,
  uni_a: uniBody(A, vidA),
  uni_z: uniBody(Z, vidZ),
  dynamic_backup_path: true,
});

async function getDoc(id: string): Promise<Record<string, unknown>> {
  const r = await request(app).get(`${EVC}/${id}`);
  expect(r.status).toBe(200);
  return r.body as Record<string, unknown>;
}

/** The topology API's dict of an interface (kytos-api.md §3.2). */
async function interfaceDict(id: string): Promise<unknown> {
  const r = await request(app).get('/api/kytos/topology/v3/interfaces');
  return (r.body as { interfaces: Record<string, unknown> }).interfaces[id];
}

async function availableVlans(id: string): Promise<unknown> {
  const r = await request(app).get(`/api/kytos/topology/v3/interfaces/${id}/tag_ranges`);
  expect(r.status).toBe(200);
  return (r.body as Record<string, { available_tags: { vlan: unknown } }>)[id]?.available_tags.vlan;
}

/** s_vlan of each hop of a document's current_path. */
function sVlans(doc: Record<string, unknown>): unknown[] {
  return (doc.current_path as { metadata: { s_vlan?: { value: number } } }[]).map((l) => l.metadata.s_vlan?.value);
}

function pathIds(path: unknown): string[] {
  return (path as { id: string }[]).map((l) => l.id);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------- POST (row 2)

describe('POST /v2/evc/', () => {
  it('creates and deploys an EVPL: 201 {circuit_id, deployed}, flows on the switches', async () => {
    const r = await request(app).post(`${EVC}/`).send(evpl());
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ circuit_id: '00000000000001', deployed: true });
    expect(circuitRows(h, '00000000000001').length).toBeGreaterThan(0);
    expect(h.installer.sent.length).toBeGreaterThan(0);
  });

  it.each([
    ['EPL on both UNIs', undefined, undefined, null, null],
    ['untagged', 'untagged', 'untagged', { tag_type: 'vlan', value: 'untagged' }, { tag_type: 'vlan', value: 'untagged' }],
    ['any to a VID', 'any', 300, { tag_type: 'vlan', value: 'any' }, { tag_type: 'vlan', value: 300 }],
    [
      'a range',
      [[10, 12]],
      [[10, 12]],
      { tag_type: 'vlan', value: [[10, 12]], mask_list: ['10/4094', 12] },
      { tag_type: 'vlan', value: [[10, 12]], mask_list: ['10/4094', 12] },
    ],
  ])('creates %s; the document shows the UNI tags as Kytos stores them', async (_name, tagA, tagZ, docA, docZ) => {
    const uni = (id: string, value: unknown): Record<string, unknown> => (value === undefined ? { interface_id: id } : { interface_id: id, tag: { tag_type: 'vlan', value } });
    const id = await create({ name: 'x', uni_a: uni(A, tagA), uni_z: uni(Z, tagZ), dynamic_backup_path: true });
    const doc = await getDoc(id);
    expect(doc.uni_a).toEqual({ interface_id: A, tag: docA });
    expect(doc.uni_z).toEqual({ interface_id: Z, tag: docZ });
    expect(doc.active).toBe(true);
    expect(pathIds(doc.current_path)).toEqual([h.l13]);
  });

  it('accepts tag_type 1 for "vlan"', async () => {
    const id = await create({ ...evpl(), uni_a: { interface_id: A, tag: { tag_type: 1, value: 100 } } });
    expect((await getDoc(id)).uni_a).toEqual({ interface_id: A, tag: { tag_type: 'vlan', value: 100 } });
  });

  it('creates an intra-switch circuit without a path', async () => {
    const id = await create({ name: 'intra', uni_a: uniBody(A, 101), uni_z: uniBody(`${S1}:4`, 101) });
    const doc = await getDoc(id);
    expect(doc.current_path).toEqual([]);
    expect(doc.active).toBe(true);
    expect(circuitRows(h, id)).toHaveLength(2);
  });

  it('deploys on a valid static primary path, which the document shows as link dicts', async () => {
    const primary = [
      { endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } },
      { endpoint_a: { id: `${S2}:3` }, endpoint_b: { id: `${S3}:2` } },
    ];
    const id = await create({ name: 'static', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 100), primary_path: primary });
    const doc = await getDoc(id);
    expect(pathIds(doc.primary_path)).toEqual([h.l12, h.l23]);
    expect(pathIds(doc.current_path)).toEqual([h.l12, h.l23]);
    expect(sVlans(doc)).toEqual([1, 1]);
    const first = (doc.primary_path as Record<string, unknown>[])[0];
    expect(first).toEqual({
      id: h.l12,
      endpoint_a: await interfaceDict(`${S1}:2`),
      endpoint_b: await interfaceDict(`${S2}:2`),
      metadata: {},
      active: true,
      enabled: true,
      status: 'UP',
      status_reason: [],
    });
  });

  it('answers 415 without a JSON Content-Type', async () => {
    const r = await request(app).post(`${EVC}/`).set('Content-Type', 'text/plain').send(JSON.stringify(evpl()));
    expect(r.status).toBe(415);
    expect(r.body).toEqual({ description: 'Expected Content-Type: application/json, got: text/plain', code: 415 });
  });

  it.each([
    ['a numeric name', { ...evpl(), name: 5 }, `${API}5 is not of type 'string' for field name.`],
    ['no name', { uni_a: uniBody(A, 100), uni_z: uniBody(Z, 200) }, `${API}'name' is a required property for field name.`],
    ['an owner (PATCH only)', { ...evpl(), owner: 'x' }, `${API}Additional properties are not allowed ('owner' was unexpected) for field .`],
    ['a list body', [1], `${API}[1] is not of type 'object' for field .`],
    ['an unknown interface', { ...evpl(), uni_z: uniBody(`${S3}:9`, 200) }, `Error creating UNI:Could not instantiate interface ${S3}:9`],
    // Kytos looks UNIs and path ends up while it builds the circuit, before the tag-list and path rules.
    ['an unknown interface and no path rule met', { ...evpl(), uni_z: uniBody(`${S3}:9`, 200), dynamic_backup_path: false }, `Error creating UNI:Could not instantiate interface ${S3}:9`],
    [
      'an unknown primary_path end',
      { ...evpl(), dynamic_backup_path: false, primary_path: [{ endpoint_a: { id: `${S1}:9` }, endpoint_b: { id: `${S2}:2` } }] },
      `Could not get interface endpoint_a id ${S1}:9`,
    ],
    ['VID 4095', { ...evpl(), uni_a: uniBody(A, 4095) }, `KytosTagsAreNotAvailable, The tags [[4095, 4095]] are not available in ${A}`],
    ['LLDP\'s VID', { ...evpl(), uni_a: uniBody(A, 3799) }, `KytosTagsAreNotAvailable, The tags [[3799, 3799]] are not available in ${A}`],
    ['no primary path and no dynamic paths', { ...evpl(), dynamic_backup_path: false }, 'The EVC must have a primary path or allow dynamic paths.'],
    ['a range on one side', { ...evpl(), uni_a: { interface_id: A, tag: { tag_type: 'vlan', value: [[10, 12]] } } }, 'UNI_A and UNI_Z tag lists should be the same.'],
  ])('answers 400 for %s', async (_name, body, description) => {
    const r = await request(app).post(`${EVC}/`).send(body as object);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description, code: 400 });
    expect(h.evcs.list('all')).toEqual([]);
  });

  it('answers 400 "Invalid json" for a malformed body', async () => {
    const r = await request(app).post(`${EVC}/`).set('Content-Type', JSON_TYPE).send('{"name":');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: 'Invalid json: Unexpected end of input at position 8 (line 1 column 9)', code: 400 });
  });

  it('answers 400 for a VID another circuit holds on the UNI', async () => {
    await create(evpl('first'));
    const r = await request(app).post(`${EVC}/`).send(evpl('second', 100, 300));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: `KytosTagsAreNotAvailable, The tags [[100, 100]] are not available in ${A}`, code: 400 });
  });

  it('answers 409 for a second EPL UNI on an interface', async () => {
    const first = await create({ name: 'epl-1', uni_a: uniBody(A), uni_z: uniBody(Z), dynamic_backup_path: true });
    const r = await request(app).post(`${EVC}/`).send({ name: 'epl-2', uni_a: uniBody(A), uni_z: uniBody(`${S2}:1`), dynamic_backup_path: true });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ description: `UNI with interface ${A} is duplicated with EVC(${first}, epl-1).`, code: 409 });
  });

  it.each([
    ['one that does not reach UNI Z', [{ endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } }], 'Last link does not contain uni_z switch'],
    [
      'one that starts away from UNI A',
      [{ endpoint_a: { id: `${S2}:3` }, endpoint_b: { id: `${S3}:2` } }],
      `Previous switch {Switch('${S1}')} is not connected to current link with switches {Switch('${S2}'), Switch('${S3}')}.`,
    ],
    [
      'a link the topology does not have',
      [{ endpoint_a: { id: `${S1}:4` }, endpoint_b: { id: `${S3}:4` } }],
      `Link Link(Interface('eth4', 4, Switch('${S1}')), Interface('eth4', 4, Switch('${S3}')), ${sha256(`${S1}:4:${S3}:4`)}) is not available.`,
    ],
  ])('answers 400 for a static primary path: %s', async (_name, primary, why) => {
    const r = await request(app).post(`${EVC}/`).send({ name: 'static', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 100), primary_path: primary });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: `primary_path is not valid: ${why}`, code: 400 });
  });

  it('answers 400 for a static path end the topology does not know', async () => {
    const primary = [{ endpoint_a: { id: `${S1}:9` }, endpoint_b: { id: `${S3}:2` } }];
    const r = await request(app).post(`${EVC}/`).send({ name: 'static', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 100), primary_path: primary });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description: `Could not get interface endpoint_a id ${S1}:9`, code: 400 });
  });

  it('is served without the trailing slash too', async () => {
    const r = await request(app).post(EVC).send(evpl());
    expect(r.status).toBe(201);
  });
});

// ------------------------------------------------------------------------------- GET one (row 3)

describe('GET /v2/evc/{circuit_id}', () => {
  it('answers the EVC document (kytos-api.md §1.7)', async () => {
    const id = await create({ ...evpl(), metadata: { site: 'x' } });
    const link = {
      id: h.l13,
      endpoint_a: await interfaceDict(`${S1}:3`),
      endpoint_b: await interfaceDict(`${S3}:3`),
      metadata: { s_vlan: { tag_type: 'vlan', value: 1 } },
      active: true,
      enabled: true,
      status: 'UP',
      status_reason: [],
    };
    expect(await getDoc(id)).toEqual({
      id,
      name: 'evpl',
      uni_a: { interface_id: A, tag: { tag_type: 'vlan', value: 100 } },
      uni_z: { interface_id: Z, tag: { tag_type: 'vlan', value: 200 } },
      start_date: T0,
      end_date: null,
      queue_id: -1,
      bandwidth: 0,
      primary_links: [],
      backup_links: [],
      current_path: [link],
      failover_path: [],
      primary_path: [],
      backup_path: [],
      dynamic_backup_path: true,
      metadata: { site: 'x' },
      request_time: T0,
      creation_time: T0,
      owner: null,
      circuit_scheduler: [],
      active: true,
      enabled: true,
      archived: false,
      sb_priority: null,
      service_level: 0,
      primary_constraints: {},
      secondary_constraints: {},
      flow_removed_at: null,
      last_deployed_at: T0,
      last_removed_at: null,
      updated_at: T0,
      execution_rounds: 0,
      max_paths: 2,
      leftover_switch: null,
      status_reason: [],
    });
  });

  it('answers 404 for an unknown circuit', async () => {
    const r = await request(app).get(`${EVC}/${UNKNOWN}`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found`, code: 404 });
  });

  it('is served with a trailing slash too', async () => {
    const id = await create(evpl());
    const r = await request(app).get(`${EVC}/${id}/`);
    expect(r.status).toBe(200);
    expect((r.body as { id: string }).id).toBe(id);
  });
});

// ----------------------------------------------------------------------------------- list (row 1)

describe('GET /v2/evc/', () => {
  it('answers {} without circuits', async () => {
    const r = await request(app).get(`${EVC}/`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.body).toEqual({});
  });

  it('answers an object keyed by circuit id, in id order, with the same documents as GET one', async () => {
    const one = await create(evpl('one'));
    const two = await create({ name: 'intra', uni_a: uniBody(A, 101), uni_z: uniBody(`${S1}:4`, 101) });
    const r = await request(app).get(`${EVC}/`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body as object)).toEqual([one, two]);
    expect(r.body).toEqual({ [one]: await getDoc(one), [two]: await getDoc(two) });
    expect((await request(app).get(EVC)).body).toEqual(r.body);
  });

  it('hides archived circuits unless asked: archived=true only them, null all, anything else none of them', async () => {
    const live = await create(evpl('live'));
    const gone = await create(evpl('gone', 101, 201));
    expect((await request(app).delete(`${EVC}/${gone}`)).status).toBe(200);
    const ids = async (query: string): Promise<string[]> => Object.keys((await request(app).get(`${EVC}/${query}`)).body as object);
    expect(await ids('')).toEqual([live]);
    expect(await ids('?archived=false')).toEqual([live]);
    expect(await ids('?archived=true')).toEqual([gone]);
    expect(await ids('?archived=TRUE')).toEqual([gone]);
    expect(await ids('?archived=null')).toEqual([live, gone]);
    expect(await ids('?archived=yes')).toEqual([live]);
    const archived = (await request(app).get(`${EVC}/?archived=true`)).body as Record<string, Record<string, unknown>>;
    expect(archived[gone]).toMatchObject({ archived: true, enabled: false, active: false, current_path: [] });
  });

  it('filters on metadata.<key>=<value>, the value cast as Kytos casts it', async () => {
    const a = await create({ ...evpl('a', 101, 201), metadata: { n: 5, flag: true, color: 'red', site: { rack: 3 }, tags: ['x', 'y'] } });
    const b = await create({ ...evpl('b', 102, 202), metadata: { n: '5', flag: 'true', color: 'blue' } });
    const c = await create({ ...evpl('c', 103, 203), metadata: { n: 1, flag: false } });
    const ids = async (query: string): Promise<string[]> => {
      const r = await request(app).get(`${EVC}/?${query}`);
      expect(r.status).toBe(200);
      return Object.keys(r.body as object);
    };
    expect(await ids('metadata.n=5')).toEqual([a]); // the int 5, not the string "5"
    expect(await ids('metadata.n=%205')).toEqual([a]); // int(" 5") is 5
    expect(await ids('metadata.n=1')).toEqual([c]);
    expect(await ids('metadata.flag=true')).toEqual([a]);
    expect(await ids('metadata.flag=TRUE')).toEqual([a]);
    expect(await ids('metadata.flag=false')).toEqual([c]);
    expect(await ids('metadata.flag=1')).toEqual([]); // 1 never equals true
    expect(await ids('metadata.color=red')).toEqual([a]);
    expect(await ids('metadata.color=Red')).toEqual([]);
    expect(await ids('metadata.color=null')).toEqual([c]); // null matches a missing key
    expect(await ids('metadata.site.rack=3')).toEqual([a]);
    expect(await ids('metadata.tags=y')).toEqual([a]);
    expect(await ids('metadata.n=5&metadata.color=red')).toEqual([a]);
    expect(await ids('metadata.n=5&metadata.color=blue')).toEqual([]);
    expect(await ids('metadata.n=1&metadata.n=5')).toEqual([a]); // the last value of a repeated key
    expect(await ids('other=1')).toEqual([a, b, c]); // keys outside metadata. are ignored
    expect(await ids('metadata.n=5&archived=true')).toEqual([]);
  });

  it('shows the topology as it is now, and a circuit as it is now, after answering before', async () => {
    const id = await create(evpl());
    const before = ((await request(app).get(`${EVC}/`)).body as Record<string, Record<string, unknown>>)[id];
    expect(before?.name).toBe('evpl');
    // An interface change the circuit does not react to: only the endpoint dict shows it.
    const m = await request(app).post(`/api/kytos/topology/v3/interfaces/${S1}:3/metadata`).send({ cable: 'blue' });
    expect(m.status).toBe(201);
    const after = ((await request(app).get(`${EVC}/`)).body as Record<string, Record<string, unknown>>)[id];
    const link = (after?.current_path as { endpoint_a: { metadata: unknown } }[])[0];
    expect(link?.endpoint_a.metadata).toEqual({ cable: 'blue' });
    // A rename replaces the circuit's config.
    expect((await request(app).patch(`${EVC}/${id}`).send({ name: 'renamed' })).status).toBe(200);
    const renamed = ((await request(app).get(`${EVC}/`)).body as Record<string, Record<string, unknown>>)[id];
    expect(renamed?.name).toBe('renamed');
    expect(renamed).toEqual(await getDoc(id));
  });

  it('shows a link going down in the documents of the circuits that keep it', async () => {
    const primary = [{ endpoint_a: { id: `${S1}:3` }, endpoint_b: { id: `${S3}:3` } }];
    const id = await create({ name: 'static', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 100), primary_path: primary });
    const first = ((await request(app).get(`${EVC}/`)).body as Record<string, Record<string, unknown>>)[id];
    expect((first?.primary_path as { status: string }[])[0]?.status).toBe('UP');
    h.portModified(S1, livePort(3, false));
    await h.settle();
    const doc = ((await request(app).get(`${EVC}/`)).body as Record<string, Record<string, unknown>>)[id];
    expect((doc?.primary_path as { status: string; active: boolean }[])[0]).toMatchObject({ status: 'DOWN', active: false });
    expect(doc).toEqual(await getDoc(id));
  });
});

// --------------------------------------------------------------------------------- PATCH (row 4)

describe('PATCH /v2/evc/{circuit_id}', () => {
  it('renames without a redeploy: 200 {<id>: document, redeployed: false}', async () => {
    const id = await create(evpl());
    const sent = h.installer.sent.length;
    h.clock.advance(5_000);
    const r = await request(app).patch(`${EVC}/${id}`).send({ name: 'renamed' });
    expect(r.status).toBe(200);
    const doc = await getDoc(id);
    expect(r.body).toEqual({ [id]: doc, redeployed: false });
    expect(doc).toMatchObject({ name: 'renamed', updated_at: '2026-11-21T09:00:05', active: true });
    expect(h.installer.sent.length).toBe(sent);
  });

  it('redeploys on a UNI tag change, and the old tag is free again on the tag_ranges API', async () => {
    const id = await create(evpl());
    expect(await availableVlans(A)).toEqual([
      [1, 99],
      [101, 3798],
      [3800, 4094],
    ]);
    const sent = h.installer.sent.length;
    const r = await request(app).patch(`${EVC}/${id}`).send({ uni_a: uniBody(A, 300) });
    expect(r.status).toBe(200);
    expect((r.body as { redeployed: boolean }).redeployed).toBe(true);
    expect((r.body as Record<string, { uni_a: unknown }>)[id]?.uni_a).toEqual({ interface_id: A, tag: { tag_type: 'vlan', value: 300 } });
    expect(h.installer.sent.length).toBeGreaterThan(sent);
    expect(await availableVlans(A)).toEqual([
      [1, 299],
      [301, 3798],
      [3800, 4094],
    ]);
  });

  it('removes the flows of a circuit disabled with enabled: false', async () => {
    const id = await create(evpl());
    expect(circuitRows(h, id).length).toBeGreaterThan(0);
    const r = await request(app).patch(`${EVC}/${id}`).send({ enabled: false });
    expect(r.status).toBe(200);
    expect((r.body as { redeployed: boolean }).redeployed).toBe(false);
    expect((r.body as Record<string, unknown>)[id]).toMatchObject({ enabled: false, active: false, current_path: [] });
    expect(circuitRows(h, id)).toEqual([]);
    expect(h.installer.sent.some((s) => s.remove.length > 0)).toBe(true);
  });

  it.each([
    ['a read-only attribute', { active: true }, `${API}Additional properties are not allowed ('active' was unexpected) for field .`],
    ['a numeric name', { name: 5 }, `${API}5 is not of type 'string' for field name.`],
    ['primary_links', { primary_links: [] }, "primary_links can't be updated."],
  ])('answers 400 for %s', async (_name, body, description) => {
    const id = await create(evpl());
    const r = await request(app).patch(`${EVC}/${id}`).send(body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ description, code: 400 });
  });

  it('answers 409 for a UNI turned into a second EPL UNI on an interface', async () => {
    const epl = await create({ name: 'epl', uni_a: uniBody(A), uni_z: uniBody(Z), dynamic_backup_path: true });
    const other = await create({ name: 'other', uni_a: uniBody(`${S1}:4`, 100), uni_z: uniBody(Z, 100), dynamic_backup_path: true });
    const r = await request(app).patch(`${EVC}/${other}`).send({ uni_a: uniBody(A) });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ description: `UNI with interface ${A} is duplicated with EVC(${epl}, epl).`, code: 409 });
  });

  it('answers 404 for an unknown or archived circuit, 415 without JSON', async () => {
    const r = await request(app).patch(`${EVC}/${UNKNOWN}`).send({ name: 'x' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found`, code: 404 });
    const id = await create(evpl());
    await request(app).delete(`${EVC}/${id}`);
    expect((await request(app).patch(`${EVC}/${id}`).send({ name: 'x' })).body).toEqual({ description: `circuit_id ${id} not found`, code: 404 });
    const plain = await request(app).patch(`${EVC}/${id}`).set('Content-Type', 'text/plain').send('{}');
    expect(plain.status).toBe(415);
  });
});

// -------------------------------------------------------------------------------- DELETE (row 5)

describe('DELETE /v2/evc/{circuit_id}', () => {
  it('removes the flows, archives the circuit and gives its tags back', async () => {
    const id = await create(evpl());
    const r = await request(app).delete(`${EVC}/${id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ response: `Circuit ${id} removed` });
    expect(circuitRows(h, id)).toEqual([]);
    expect(await getDoc(id)).toMatchObject({ archived: true, enabled: false, active: false, current_path: [] });
    expect((await request(app).get(`${EVC}/`)).body).toEqual({});
    expect(await availableVlans(A)).toEqual(FULL_POOL);
    expect(await availableVlans(`${S1}:3`)).toEqual(FULL_POOL);
  });

  it('answers 404 for an unknown circuit and for one already deleted', async () => {
    const r = await request(app).delete(`${EVC}/${UNKNOWN}`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found`, code: 404 });
    const id = await create(evpl());
    await request(app).delete(`${EVC}/${id}`);
    expect((await request(app).delete(`${EVC}/${id}`)).body).toEqual({ description: `circuit_id ${id} not found`, code: 404 });
  });
});

// ------------------------------------------------------------------------------ redeploy (row 6)

describe('PATCH /v2/evc/{circuit_id}/redeploy', () => {
  it('answers 202 and takes another S-VLAN by default (try_avoid_same_s_vlan=true)', async () => {
    const id = await create(evpl());
    expect(sVlans(await getDoc(id))).toEqual([1]);
    const r = await request(app).patch(`${EVC}/${id}/redeploy`);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ response: `Circuit ${id} redeploy received.` });
    expect(sVlans(await getDoc(id))).toEqual([2]);
  });

  it('keeps the S-VLAN with try_avoid_same_s_vlan=false (any case)', async () => {
    const id = await create(evpl());
    for (const value of ['false', 'FALSE']) {
      const r = await request(app).patch(`${EVC}/${id}/redeploy?try_avoid_same_s_vlan=${value}`);
      expect(r.status).toBe(202);
      expect(sVlans(await getDoc(id))).toEqual([1]);
    }
    expect((await request(app).patch(`${EVC}/${id}/redeploy?try_avoid_same_s_vlan=True`)).status).toBe(202);
  });

  it('answers 409 {"response": ...} for a disabled circuit', async () => {
    const id = await create(evpl());
    await request(app).patch(`${EVC}/${id}`).send({ enabled: false });
    const r = await request(app).patch(`${EVC}/${id}/redeploy`);
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ response: `Circuit ${id} is disabled.` });
  });

  it('answers 409 when the circuit finds no way through', async () => {
    const id = await create(evpl());
    for (const [dpid, port] of [
      [S1, 2],
      [S1, 3],
    ] as const) {
      h.portModified(dpid, livePort(port, false));
    }
    await h.settle();
    const r = await request(app).patch(`${EVC}/${id}/redeploy`);
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ response: `Circuit ${id} is disabled.` });
  });

  it('answers 400 for another try_avoid_same_s_vlan value, before looking the circuit up', async () => {
    const id = await create(evpl());
    for (const target of [id, UNKNOWN]) {
      const r = await request(app).patch(`${EVC}/${target}/redeploy?try_avoid_same_s_vlan=maybe`);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ description: 'Parameter try_avoid_same_s_vlan has an invalid value.', code: 400 });
    }
  });

  it('answers 404 for an unknown circuit', async () => {
    const r = await request(app).patch(`${EVC}/${UNKNOWN}/redeploy`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ description: `circuit_id ${UNKNOWN} not found`, code: 404 });
  });
});
