/** State written through the API is there after the service is rebuilt on the same database file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DPID1, DPID2, LINK_1_2, harness, twoSwitches, type Harness } from './harness';

const V3 = '/api/kytos/topology/v3';
const V1 = '/api/kytos/of_lldp/v1';
const A = `${DPID1}:1`;
const B = `${DPID1}:2`;
let dir: string;
let file: string;
const open: Harness[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-rest-'));
  file = join(dir, 'isthmus.db');
});
afterEach(() => {
  for (const h of open.splice(0)) if (h.db.open) h.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(build: () => Harness): Harness {
  const h = build();
  open.push(h);
  return h;
}

describe('persistence across a restart', () => {
  it('keeps admin state, metadata, VLAN pools, LLDP and liveness flags, and links', async () => {
    const before = start(() => twoSwitches({ file }));
    const post = (path: string, body?: object) => (body === undefined ? request(before.app).post(path) : request(before.app).post(path).send(body));
    await post(`${V3}/switches/${DPID2}/disable`).expect(201);
    await post(`${V3}/switches/${DPID1}/metadata`, { node_name: 's1', lat: '1.5', lng: '2.5' }).expect(201);
    await post(`${V3}/interfaces/${A}/metadata`, { mtu: 9000 }).expect(201);
    await post(`${V3}/interfaces/${A}/disable`).expect(200);
    await post(`${V3}/interfaces/${A}/tag_ranges`, { tag_type: 'vlan', tag_ranges: [[10, 20], 30] }).expect(200);
    await post(`${V3}/interfaces/${A}/special_tags`, { tag_type: 'vlan', special_tags: ['any'] }).expect(200);
    await post(`${V3}/links/${LINK_1_2}/metadata`, { link_name: 'A-B', bandwidth: 100 }).expect(201);
    await post(`${V1}/interfaces/disable`, { interfaces: [`${DPID2}:1`] }).expect(200);
    await post(`${V1}/liveness/enable`, { interfaces: [B] }).expect(200);
    before.close();

    // The restarted controller has not heard from any switch yet.
    const after = start(() => harness({ file }));
    const switches = (await request(after.app).get(`${V3}/switches`).expect(200)).body.switches;
    expect(switches[DPID1]).toMatchObject({
      active: false,
      enabled: true,
      status: 'DOWN',
      metadata: { node_name: 's1', lat: '1.5', lng: '2.5' },
    });
    expect(switches[DPID2]).toMatchObject({ active: false, enabled: false, status: 'DISABLED' });
    expect(switches[DPID1].interfaces[A]).toMatchObject({ enabled: false, metadata: { mtu: 9000 }, nni: false });
    expect(switches[DPID1].interfaces[B]).toMatchObject({ enabled: true, nni: true, link: LINK_1_2 });

    const pool = (await request(after.app).get(`${V3}/interfaces/${A}/tag_ranges`).expect(200)).body[A];
    expect(pool).toMatchObject({ tag_ranges: { vlan: [[10, 20], [30, 30]] }, special_tags: { vlan: ['any'] } });

    const links = (await request(after.app).get(`${V3}/links`).expect(200)).body.links;
    expect(Object.keys(links)).toEqual([LINK_1_2]);
    expect(links[LINK_1_2]).toMatchObject({ enabled: false, active: false, status: 'DISABLED', metadata: { link_name: 'A-B', bandwidth: 100 } });

    expect((await request(after.app).get(`${V1}/interfaces`).expect(200)).body.interfaces).toEqual([A, B, `${DPID2}:2`]);
    expect(after.topology.interfaceView(B)?.config.liveness).toBe(true);
  });

  it('keeps deletions: a deleted link and a deleted switch stay gone', async () => {
    const before = start(() => twoSwitches({ file }));
    await request(before.app).post(`${V3}/switches/${DPID2}/disable`).expect(201);
    await request(before.app).delete(`${V3}/links/${LINK_1_2}`).expect(200);
    await request(before.app).delete(`${V3}/switches/${DPID2}`).expect(200);
    await request(before.app).delete(`${V3}/switches/${DPID1}/metadata/nothing`).expect(404);
    before.close();

    const after = start(() => harness({ file }));
    const topo = (await request(after.app).get(`${V3}/`).expect(200)).body.topology;
    expect(Object.keys(topo.switches)).toEqual([DPID1]);
    expect(topo.links).toEqual({});
    expect(topo.switches[DPID1].interfaces[B]).toMatchObject({ nni: false, link: '' });
  });
});
