/** GET /api/kytos/topology/v3: the Kytos shapes of switches, interfaces and links (kytos-api.md §3.2), written out by hand. */
import request from 'supertest';
import { OFPPS } from '../../../src/ofp';
import { DPID1, DPID2, DPID3, LINK_1_2, harness, port, twoSwitches, type Harness } from './harness';

const V3 = '/api/kytos/topology/v3';
let h: Harness;
afterEach(() => h.close());

const intf = (dpid: string, n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: `${dpid}:${n}`,
  name: `eth${n}`,
  port_number: n,
  mac: `02:00:00:00:00:0${n}`,
  switch: dpid,
  type: 'interface',
  nni: false,
  uni: true,
  speed: 1_250_000_000,
  metadata: {},
  lldp: true,
  active: true,
  enabled: true,
  status: 'UP',
  status_reason: [],
  link: '',
  ...extra,
});
const linked = { nni: true, uni: false, link: LINK_1_2 };

describe('GET /v3/', () => {
  it('answers the whole topology: switches with their interfaces, and links with both endpoints', async () => {
    h = twoSwitches();
    const res = await request(h.app).get(`${V3}/`).expect(200);
    expect(res.body).toEqual({
      topology: {
        switches: {
          [DPID1]: {
            id: DPID1, name: DPID1, dpid: DPID1, connection: '127.0.0.1:40001', ofp_version: '0x04', type: 'switch',
            manufacturer: 'Nicira, Inc.', serial: 'None', hardware: 'Open vSwitch', software: '3.1.0', data_path: 'dp 01',
            interfaces: { [`${DPID1}:1`]: intf(DPID1, 1), [`${DPID1}:2`]: intf(DPID1, 2, linked) },
            metadata: { lat: '0.0', lng: '-30.0' }, active: true, enabled: true, status: 'UP', status_reason: [],
          },
          [DPID2]: {
            id: DPID2, name: DPID2, dpid: DPID2, connection: '127.0.0.1:40002', ofp_version: '0x04', type: 'switch',
            manufacturer: 'Nicira, Inc.', serial: 'None', hardware: 'Open vSwitch', software: '3.1.0', data_path: 'dp 02',
            interfaces: { [`${DPID2}:1`]: intf(DPID2, 1), [`${DPID2}:2`]: intf(DPID2, 2, linked) },
            metadata: { lat: '0.0', lng: '-20.0' }, active: true, enabled: true, status: 'UP', status_reason: [],
          },
        },
        links: {
          [LINK_1_2]: {
            id: LINK_1_2,
            endpoint_a: intf(DPID1, 2, linked),
            endpoint_b: intf(DPID2, 2, linked),
            metadata: {}, active: true, enabled: true, status: 'UP', status_reason: [],
          },
        },
      },
    });
  });

  it('accepts the path with and without the trailing slash (kytos-api.md §0)', async () => {
    h = twoSwitches();
    await request(h.app).get(V3).expect(200);
    await request(h.app).get(`${V3}/switches/`).expect(200);
    await request(h.app).get(`${V3}/links/`).expect(200);
  });
});

describe('GET /v3/switches', () => {
  it('places switches without both lat and lng on the default map, as Kytos does, and keeps complete locations', async () => {
    h = harness();
    for (const d of [DPID1, DPID2, DPID3]) h.connect(d, [port(1)]);
    await request(h.app).post(`${V3}/switches/${DPID2}/metadata`).send({ lat: '25.7', lng: '-80.3' }).expect(201);
    // Only one of the two: Kytos replaces both.
    await request(h.app).post(`${V3}/switches/${DPID3}/metadata`).send({ lat: '10.0', node_name: 's3' }).expect(201);
    const res = await request(h.app).get(`${V3}/switches`).expect(200);
    expect(res.body.switches[DPID1].metadata).toEqual({ lat: '0.0', lng: '-30.0' });
    expect(res.body.switches[DPID2].metadata).toEqual({ lat: '25.7', lng: '-80.3' });
    expect(res.body.switches[DPID3].metadata).toEqual({ lat: '0.0', lng: '-10.0', node_name: 's3' });
    // The stored metadata is not changed by the answer.
    const meta = await request(h.app).get(`${V3}/switches/${DPID3}/metadata`).expect(200);
    expect(meta.body).toEqual({ metadata: { lat: '10.0', node_name: 's3' } });
  });

  it('shows a disconnected switch as DOWN/deactivated with no connection, and its interfaces likewise', async () => {
    h = twoSwitches();
    h.disconnect(DPID2);
    const res = await request(h.app).get(`${V3}/switches`).expect(200);
    expect(res.body.switches[DPID2]).toMatchObject({ connection: '', active: false, enabled: true, status: 'DOWN', status_reason: ['deactivated'] });
    expect(res.body.switches[DPID2].interfaces[`${DPID2}:1`]).toMatchObject({ active: false, status: 'DOWN', status_reason: ['deactivated'] });
  });
});

describe('GET /v3/interfaces', () => {
  it('lists every interface keyed by id; a port that is down is DOWN/deactivated', async () => {
    h = twoSwitches();
    h.portModified(DPID1, port(1, OFPPS.LINK_DOWN));
    const res = await request(h.app).get(`${V3}/interfaces`).expect(200);
    expect(Object.keys(res.body.interfaces)).toEqual([`${DPID1}:1`, `${DPID1}:2`, `${DPID2}:1`, `${DPID2}:2`]);
    expect(res.body.interfaces[`${DPID1}:1`]).toEqual(intf(DPID1, 1, { active: false, status: 'DOWN', status_reason: ['deactivated'] }));
    expect(res.body.interfaces[`${DPID2}:2`]).toEqual(intf(DPID2, 2, linked));
  });
});

describe('GET /v3/links', () => {
  it('shows a link whose port went down as DOWN/deactivated, and held after it comes back', async () => {
    h = twoSwitches();
    h.portModified(DPID2, port(2, OFPPS.LINK_DOWN));
    let res = await request(h.app).get(`${V3}/links`).expect(200);
    expect(res.body.links[LINK_1_2]).toMatchObject({ active: false, enabled: true, status: 'DOWN', status_reason: ['deactivated'] });
    h.now += 1000;
    h.portModified(DPID2, port(2));
    res = await request(h.app).get(`${V3}/links`).expect(200);
    expect(res.body.links[LINK_1_2]).toMatchObject({ active: true, status: 'DOWN', status_reason: ['link_up_hold'] });
  });

  it('adds the internal liveness_status to the link metadata once liveness has decided', async () => {
    h = twoSwitches();
    await request(h.app).post(`${V3}/links/${LINK_1_2}/metadata`).send({ link_name: 'A-B' }).expect(201);
    h.topology.setLinkLiveness(LINK_1_2, 'init', h.now);
    let res = await request(h.app).get(`${V3}/links`).expect(200);
    expect(res.body.links[LINK_1_2].metadata).toEqual({ link_name: 'A-B' });
    h.topology.setLinkLiveness(LINK_1_2, 'down', h.now);
    res = await request(h.app).get(`${V3}/links`).expect(200);
    expect(res.body.links[LINK_1_2]).toMatchObject({ metadata: { link_name: 'A-B', liveness_status: 'down' }, status: 'DOWN', status_reason: ['liveness'] });
    h.topology.setLinkLiveness(LINK_1_2, 'up', h.now);
    const meta = await request(h.app).get(`${V3}/links/${LINK_1_2}/metadata`).expect(200);
    expect(meta.body).toEqual({ metadata: { link_name: 'A-B', liveness_status: 'up' } });
  });

  it('answers an empty topology with empty maps', async () => {
    h = harness();
    const res = await request(h.app).get(`${V3}/`).expect(200);
    expect(res.body).toEqual({ topology: { switches: {}, links: {} } });
  });
});
