/** Enable, disable and delete of switches, interfaces and links (kytos-api.md §3.1), with Kytos's codes and texts. */
import request from 'supertest';
import { OFPPS } from '../../../src/ofp';
import { DPID1, DPID2, LINK_1_2, harness, port, twoSwitches, type Harness } from './harness';

const V3 = '/api/kytos/topology/v3';
let h: Harness;
afterEach(() => h.close());

const error = (code: number, description: string) => ({ description, code });

async function get(path: string): Promise<Record<string, unknown>> {
  return (await request(h.app).get(`${V3}${path}`).expect(200)).body as Record<string, unknown>;
}
async function sw(dpid: string): Promise<Record<string, unknown>> {
  return ((await get('/switches')).switches as Record<string, Record<string, unknown>>)[dpid] ?? {};
}
async function intf(id: string): Promise<Record<string, unknown> | undefined> {
  return ((await get('/interfaces')).interfaces as Record<string, Record<string, unknown>>)[id];
}
async function link(id = LINK_1_2): Promise<Record<string, unknown> | undefined> {
  return ((await get('/links')).links as Record<string, Record<string, unknown>>)[id];
}

describe('switch enable/disable', () => {
  it('answers 201 "Operation successful"; disabling also disables the links, and enabling does not bring them back', async () => {
    h = twoSwitches();
    const off = await request(h.app).post(`${V3}/switches/${DPID1}/disable`).expect(201);
    expect(off.body).toBe('Operation successful');
    expect(await sw(DPID1)).toMatchObject({ enabled: false, status: 'DISABLED', status_reason: ['disabled'] });
    expect(await intf(`${DPID1}:1`)).toMatchObject({ enabled: false, status: 'DISABLED', status_reason: ['disabled'] });
    expect(await link()).toMatchObject({ enabled: false, status: 'DISABLED', status_reason: ['disabled'] });

    const on = await request(h.app).post(`${V3}/switches/${DPID1}/enable`).expect(201);
    expect(on.body).toBe('Operation successful');
    expect(await sw(DPID1)).toMatchObject({ enabled: true, status: 'UP', status_reason: [] });
    expect(await intf(`${DPID1}:1`)).toMatchObject({ enabled: true, status: 'UP' });
    expect(await link()).toMatchObject({ enabled: false, status: 'DISABLED' });

    await request(h.app).post(`${V3}/links/${LINK_1_2}/enable`).expect(201);
    expect(await link()).toMatchObject({ enabled: true, status: 'UP', status_reason: [] });
  });

  it('answers 404 for an unknown switch', async () => {
    h = twoSwitches();
    for (const action of ['enable', 'disable']) {
      const res = await request(h.app).post(`${V3}/switches/00:00:00:00:00:00:00:09/${action}`).expect(404);
      expect(res.body).toEqual(error(404, 'Switch not found'));
    }
  });
});

describe('interface enable/disable', () => {
  it('answers 200 "Operation successful"; disabling an interface also disables its link', async () => {
    h = twoSwitches();
    const off = await request(h.app).post(`${V3}/interfaces/${DPID1}:2/disable`).expect(200);
    expect(off.body).toBe('Operation successful');
    expect(await intf(`${DPID1}:2`)).toMatchObject({ enabled: false, status: 'DISABLED', status_reason: ['disabled'] });
    expect(await link()).toMatchObject({ enabled: false, status: 'DISABLED' });
    const on = await request(h.app).post(`${V3}/interfaces/${DPID1}:2/enable`).expect(200);
    expect(on.body).toBe('Operation successful');
    expect(await intf(`${DPID1}:2`)).toMatchObject({ enabled: true, status: 'UP' });
  });

  it('refuses to enable an interface of a disabled switch: 409 "Enable Switch first"', async () => {
    h = twoSwitches();
    await request(h.app).post(`${V3}/switches/${DPID1}/disable`).expect(201);
    const res = await request(h.app).post(`${V3}/interfaces/${DPID1}:1/enable`).expect(409);
    expect(res.body).toEqual(error(409, 'Enable Switch first'));
  });

  it('enables and disables every interface of a switch', async () => {
    h = twoSwitches();
    const off = await request(h.app).post(`${V3}/interfaces/switch/${DPID2}/disable`).expect(200);
    expect(off.body).toBe('Operation successful');
    expect(await intf(`${DPID2}:1`)).toMatchObject({ enabled: false });
    expect(await intf(`${DPID2}:2`)).toMatchObject({ enabled: false });
    expect(await intf(`${DPID1}:1`)).toMatchObject({ enabled: true });
    expect(await link()).toMatchObject({ enabled: false });
    await request(h.app).post(`${V3}/interfaces/switch/${DPID2}/enable`).expect(200);
    expect(await intf(`${DPID2}:1`)).toMatchObject({ enabled: true });
    expect(await intf(`${DPID2}:2`)).toMatchObject({ enabled: true });
  });

  it('answers 404 for an unknown interface or switch', async () => {
    h = twoSwitches();
    const res = await request(h.app).post(`${V3}/interfaces/${DPID1}:9/enable`).expect(404);
    expect(res.body).toEqual(error(404, 'Interface not found'));
    await request(h.app).post(`${V3}/interfaces/${DPID1}:9/disable`).expect(404);
    const all = await request(h.app).post(`${V3}/interfaces/switch/00:00:00:00:00:00:00:09/enable`).expect(404);
    expect(all.body).toEqual(error(404, 'Switch not found'));
  });
});

describe('link enable/disable/delete', () => {
  it('answers 201 for enable and disable; 409 "<intf> needs enabling." when an endpoint is disabled', async () => {
    h = twoSwitches();
    const off = await request(h.app).post(`${V3}/links/${LINK_1_2}/disable`).expect(201);
    expect(off.body).toBe('Operation successful');
    expect(await link()).toMatchObject({ enabled: false, status: 'DISABLED', status_reason: ['disabled'] });
    await request(h.app).post(`${V3}/interfaces/${DPID2}:2/disable`).expect(200);
    const res = await request(h.app).post(`${V3}/links/${LINK_1_2}/enable`).expect(409);
    expect(res.body).toEqual(error(409, `${DPID2}:2 needs enabling.`));
  });

  it('answers 404 "Link not found" for an unknown link', async () => {
    h = twoSwitches();
    for (const action of ['enable', 'disable']) {
      const res = await request(h.app).post(`${V3}/links/${'0'.repeat(64)}/${action}`).expect(404);
      expect(res.body).toEqual(error(404, 'Link not found'));
    }
    await request(h.app).delete(`${V3}/links/${'0'.repeat(64)}`).expect(404);
  });

  it('deletes only a disabled link (409 "Link is not disabled."); its interfaces become UNIs and LLDP finds it again', async () => {
    h = twoSwitches();
    const refused = await request(h.app).delete(`${V3}/links/${LINK_1_2}`).expect(409);
    expect(refused.body).toEqual(error(409, 'Link is not disabled.'));
    await request(h.app).post(`${V3}/links/${LINK_1_2}/disable`).expect(201);
    const res = await request(h.app).delete(`${V3}/links/${LINK_1_2}`).expect(200);
    expect(res.body).toBe('Operation successful');
    expect(await get('/links')).toEqual({ links: {} });
    expect(await intf(`${DPID1}:2`)).toMatchObject({ nni: false, uni: true, link: '' });
    h.link([DPID1, 2], [DPID2, 2]);
    expect(await link()).toMatchObject({ enabled: true, status: 'UP' });
  });
});

describe('DELETE /v3/interfaces/{intf_id}', () => {
  it('refuses an enabled or active interface, one with a link, and one with tags in use (409)', async () => {
    h = twoSwitches();
    const enabled = await request(h.app).delete(`${V3}/interfaces/${DPID1}:1`).expect(409);
    expect(enabled.body).toEqual(error(409, 'Interface could not be deleted. Reason: It is enabled or active.'));
    // Disabled but still up: still refused.
    await request(h.app).post(`${V3}/interfaces/${DPID1}:1/disable`).expect(200);
    await request(h.app).delete(`${V3}/interfaces/${DPID1}:1`).expect(409);

    await request(h.app).post(`${V3}/interfaces/${DPID1}:2/disable`).expect(200);
    h.portModified(DPID1, port(2, OFPPS.LINK_DOWN));
    const withLink = await request(h.app).delete(`${V3}/interfaces/${DPID1}:2`).expect(409);
    expect(withLink.body).toEqual(error(409, `Interface could not be deleted. Reason: It has a link, ${LINK_1_2}.`));

    h.portModified(DPID1, port(1, OFPPS.LINK_DOWN));
    h.tags.vlans.set(`${DPID1}:1`, [[100, 100]]);
    const tagged = await request(h.app).delete(`${V3}/interfaces/${DPID1}:1`).expect(409);
    expect(tagged.body).toEqual(error(409, 'Interface could not be deleted. Reason: It has tags in use.'));
  });

  it('deletes a disabled, inactive, unused interface: 200 "Operation Successful"', async () => {
    h = twoSwitches();
    await request(h.app).post(`${V3}/interfaces/${DPID1}:1/disable`).expect(200);
    h.portModified(DPID1, port(1, OFPPS.LINK_DOWN));
    const res = await request(h.app).delete(`${V3}/interfaces/${DPID1}:1`).expect(200);
    expect(res.body).toBe('Operation Successful');
    expect(await intf(`${DPID1}:1`)).toBeUndefined();
    expect(Object.keys((await sw(DPID1)).interfaces as object)).toEqual([`${DPID1}:2`]);
  });

  it('answers 404 for an unknown interface and 400 for a malformed id', async () => {
    h = twoSwitches();
    const missing = await request(h.app).delete(`${V3}/interfaces/${DPID1}:9`).expect(404);
    expect(missing.body).toEqual(error(404, 'Interface not found'));
    const bad = await request(h.app).delete(`${V3}/interfaces/${DPID1}:x`).expect(400);
    expect(bad.body.code).toBe(400);
  });
});

describe('DELETE /v3/switches/{dpid}', () => {
  it('refuses an enabled switch, one with links and one with tags in use (409); deletes the rest', async () => {
    h = twoSwitches();
    const enabled = await request(h.app).delete(`${V3}/switches/${DPID2}`).expect(409);
    expect(enabled.body.code).toBe(409);
    await request(h.app).post(`${V3}/switches/${DPID2}/disable`).expect(201);
    const withLinks = await request(h.app).delete(`${V3}/switches/${DPID2}`).expect(409);
    expect(withLinks.body.description).toContain(LINK_1_2);
    await request(h.app).delete(`${V3}/links/${LINK_1_2}`).expect(200);
    h.tags.special.set(`${DPID2}:1`, ['untagged']);
    const tagged = await request(h.app).delete(`${V3}/switches/${DPID2}`).expect(409);
    expect(tagged.body.description).toContain(`${DPID2}:1`);
    h.tags.special.clear();

    const res = await request(h.app).delete(`${V3}/switches/${DPID2}`).expect(200);
    expect(res.body).toBe('Operation successful');
    expect(Object.keys((await get('/switches')).switches as object)).toEqual([DPID1]);
    expect(await intf(`${DPID2}:1`)).toBeUndefined();
  });

  it('answers 404 for an unknown switch', async () => {
    h = twoSwitches();
    const res = await request(h.app).delete(`${V3}/switches/00:00:00:00:00:00:00:09`).expect(404);
    expect(res.body.code).toBe(404);
  });
});

describe('enable_entities_by_default = false (Kytos-ng behaviour)', () => {
  it('starts new switches, interfaces and links disabled until enabled through the API', async () => {
    h = harness({ enableByDefault: false });
    h.connect(DPID1, [port(1), port(2)]);
    h.connect(DPID2, [port(1), port(2)]);
    h.link([DPID1, 2], [DPID2, 2]);
    expect(await sw(DPID1)).toMatchObject({ active: true, enabled: false, status: 'DISABLED', status_reason: ['disabled'] });
    expect(await intf(`${DPID1}:2`)).toMatchObject({ active: true, enabled: false, status: 'DISABLED', nni: true });
    expect(await link()).toMatchObject({ active: true, enabled: false, status: 'DISABLED', status_reason: ['disabled'] });

    const first = await request(h.app).post(`${V3}/interfaces/${DPID1}:2/enable`).expect(409);
    expect(first.body).toEqual(error(409, 'Enable Switch first'));
    for (const d of [DPID1, DPID2]) await request(h.app).post(`${V3}/switches/${d}/enable`).expect(201);
    expect(await intf(`${DPID1}:2`)).toMatchObject({ enabled: false, status: 'DISABLED' });
    const needs = await request(h.app).post(`${V3}/links/${LINK_1_2}/enable`).expect(409);
    expect(needs.body).toEqual(error(409, `${DPID1}:2 needs enabling.`));

    for (const d of [DPID1, DPID2]) await request(h.app).post(`${V3}/interfaces/switch/${d}/enable`).expect(200);
    expect(await link()).toMatchObject({ enabled: false, status: 'DISABLED' });
    await request(h.app).post(`${V3}/links/${LINK_1_2}/enable`).expect(201);
    expect(await link()).toMatchObject({ active: true, enabled: true, status: 'UP', status_reason: [] });
  });
});
