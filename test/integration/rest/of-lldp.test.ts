/** /api/kytos/of_lldp/v1 (kytos-api.md §4): LLDP interfaces, liveness and polling time, with of_lldp's texts. */
import request from 'supertest';
import { DPID1, DPID2, LINK_1_2, harness, twoSwitches, type Harness } from './harness';

const V1 = '/api/kytos/of_lldp/v1';
const V3 = '/api/kytos/topology/v3';
const A = `${DPID1}:1`;
const B = `${DPID1}:2`;
const C = `${DPID2}:2`;
let h: Harness;
afterEach(() => h.close());

const error = (code: number, description: string) => ({ description, code });

async function lldpInterfaces(): Promise<string[]> {
  return (await request(h.app).get(`${V1}/interfaces`).expect(200)).body.interfaces as string[];
}

describe('LLDP interfaces', () => {
  beforeEach(() => {
    h = twoSwitches();
  });

  it('lists the interfaces with LLDP on; disable and enable answer of_lldp\'s texts', async () => {
    expect(await lldpInterfaces()).toEqual([A, B, `${DPID2}:1`, C]);
    const off = await request(h.app).post(`${V1}/interfaces/disable`).send({ interfaces: [A, C] }).expect(200);
    expect(off.body).toBe('All the requested interfaces have been disabled.');
    expect(await lldpInterfaces()).toEqual([B, `${DPID2}:1`]);
    const intf = await request(h.app).get(`${V3}/interfaces`).expect(200);
    expect(intf.body.interfaces[A].lldp).toBe(false);
    const on = await request(h.app).post(`${V1}/interfaces/enable`).send({ interfaces: [A] }).expect(200);
    expect(on.body).toBe('All the requested interfaces have been enabled.');
    expect(await lldpInterfaces()).toEqual([A, B, `${DPID2}:1`]);
  });

  it('changes the interfaces it finds and lists the others in a 400', async () => {
    const off = await request(h.app).post(`${V1}/interfaces/disable`).send({ interfaces: [A, 'nope:1'] }).expect(400);
    expect(off.body).toEqual({ "Some interfaces couldn't be found and deactivated: ": ['nope:1'] });
    expect(await lldpInterfaces()).not.toContain(A);
    const on = await request(h.app).post(`${V1}/interfaces/enable`).send({ interfaces: ['nope:2', A] }).expect(400);
    expect(on.body).toEqual({ "Some interfaces couldn't be found and activated: ": ['nope:2'] });
    expect(await lldpInterfaces()).toContain(A);
  });

  it('turns liveness off with LLDP', async () => {
    await request(h.app).post(`${V1}/liveness/enable`).send({ interfaces: [B, C] }).expect(200);
    expect(h.topology.interfaceView(B)?.config.liveness).toBe(true);
    await request(h.app).post(`${V1}/interfaces/disable`).send({ interfaces: [B] }).expect(200);
    expect(h.topology.interfaceView(B)?.config).toMatchObject({ lldp: false, liveness: false });
    expect(h.topology.interfaceView(C)?.config).toMatchObject({ lldp: true, liveness: true });
  });

  it('validates the body (400 naming the field) and the Content-Type (415)', async () => {
    const bad = await request(h.app).post(`${V1}/interfaces/enable`).send({ interfaces: A }).expect(400);
    expect(bad.body).toEqual(error(400, `The request body contains invalid API data., '${A}' is not of type 'array' for field interfaces.`));
    const item = await request(h.app).post(`${V1}/interfaces/disable`).send({ interfaces: [A, 3] }).expect(400);
    expect(item.body).toEqual(error(400, "The request body contains invalid API data., 3 is not of type 'string' for field interfaces/1."));
    await request(h.app).post(`${V1}/interfaces/enable`).set('Content-Type', 'text/plain').send('{}').expect(415);
  });
});

describe('LLDP interfaces with no switch', () => {
  it('answers 404 "No interfaces were found."', async () => {
    h = harness();
    expect(await lldpInterfaces()).toEqual([]);
    for (const action of ['enable', 'disable']) {
      const res = await request(h.app).post(`${V1}/interfaces/${action}`).send({ interfaces: [A] }).expect(404);
      expect(res.body).toEqual(error(404, 'No interfaces were found.'));
    }
  });
});

describe('liveness', () => {
  beforeEach(() => {
    h = twoSwitches();
  });

  it('enables and disables liveness: 200 {}', async () => {
    const on = await request(h.app).post(`${V1}/liveness/enable`).send({ interfaces: [B, C] }).expect(200);
    expect(on.body).toEqual({});
    expect(h.topology.interfaceView(C)?.config.liveness).toBe(true);
    const off = await request(h.app).post(`${V1}/liveness/disable`).send({ interfaces: [C] }).expect(200);
    expect(off.body).toEqual({});
    expect(h.topology.interfaceView(C)?.config.liveness).toBe(false);
    expect(h.topology.interfaceView(B)?.config.liveness).toBe(true);
  });

  it('refuses an empty list (400), unknown ids (404) and, to enable, interfaces without LLDP (400)', async () => {
    for (const action of ['enable', 'disable']) {
      for (const body of [{ interfaces: [] }, {}]) {
        const res = await request(h.app).post(`${V1}/liveness/${action}`).send(body).expect(400);
        expect(res.body).toEqual(error(400, 'Interfaces payload is empty'));
      }
      const res = await request(h.app).post(`${V1}/liveness/${action}`).send({ interfaces: [B, 'x:1', 'x:1', 'y:2'] }).expect(404);
      expect(res.body).toEqual(error(404, "Interface IDs {'x:1', 'y:2'} not found"));
    }
    await request(h.app).post(`${V1}/interfaces/disable`).send({ interfaces: [C] }).expect(200);
    const res = await request(h.app).post(`${V1}/liveness/enable`).send({ interfaces: [B, C] }).expect(400);
    expect(res.body).toEqual(error(400, `Interface IDs ['${C}'] don't have LLDP enabled`));
    expect(h.topology.interfaceView(B)?.config.liveness).toBe(false);
  });

  it('reports the liveness state of interfaces with liveness on, or of one interface', async () => {
    await request(h.app).post(`${V1}/liveness/enable`).send({ interfaces: [B, C] }).expect(200);
    h.lldp.statuses.set(B, { status: 'up', lastHelloAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678) });
    h.lldp.statuses.set(C, { status: 'init', lastHelloAt: undefined });
    // Tracked by the service but with liveness off here: not listed.
    h.lldp.statuses.set(A, { status: 'down', lastHelloAt: Date.UTC(2026, 0, 2, 3, 4, 5) });
    const all = await request(h.app).get(`${V1}/liveness/`).expect(200);
    expect(all.body).toEqual({
      interfaces: [
        { id: B, status: 'up', last_hello_at: '2026-01-02T03:04:05.678000' },
        { id: C, status: 'init', last_hello_at: null },
      ],
    });
    const one = await request(h.app).get(`${V1}/liveness/?interface_id=${A}`).expect(200);
    expect(one.body).toEqual({ interfaces: [{ id: A, status: 'down', last_hello_at: '2026-01-02T03:04:05' }] });
    const none = await request(h.app).get(`${V1}/liveness?interface_id=${DPID2}:1`).expect(200);
    expect(none.body).toEqual({ interfaces: [] });
  });

  it('reports liveness pairs with their link id', async () => {
    h.lldp.statuses.set(B, { status: 'up', lastHelloAt: Date.UTC(2026, 0, 2, 3, 4, 5, 1) });
    h.lldp.statuses.set(C, { status: 'down', lastHelloAt: Date.UTC(2026, 0, 2, 3, 4, 6) });
    h.lldp.pairs = [
      { interfaceA: B, interfaceB: C, linkId: LINK_1_2, status: 'down' },
      { interfaceA: A, interfaceB: `${DPID2}:1`, linkId: undefined, status: 'init' },
    ];
    const res = await request(h.app).get(`${V1}/liveness/pair`).expect(200);
    expect(res.body).toEqual({
      pairs: [
        {
          interface_a: { id: B, status: 'up', last_hello_at: '2026-01-02T03:04:05.001000' },
          interface_b: { id: C, status: 'down', last_hello_at: '2026-01-02T03:04:06' },
          link_id: LINK_1_2,
          status: 'down',
        },
        {
          interface_a: { id: A, status: 'init', last_hello_at: null },
          interface_b: { id: `${DPID2}:1`, status: 'init', last_hello_at: null },
          link_id: null,
          status: 'init',
        },
      ],
    });
  });
});

describe('polling_time', () => {
  beforeEach(() => {
    h = twoSwitches();
  });

  it('answers the interval in seconds and sets it (runtime only)', async () => {
    expect((await request(h.app).get(`${V1}/polling_time`).expect(200)).body).toEqual({ polling_time: 3 });
    const res = await request(h.app).post(`${V1}/polling_time`).send({ polling_time: 5 }).expect(200);
    expect(res.body).toBe('Polling time has been updated.');
    expect(h.lldp.pollingMs).toBe(5000);
    expect((await request(h.app).get(`${V1}/polling_time`).expect(200)).body).toEqual({ polling_time: 5 });
    // int(): a fraction is truncated, as of_lldp does.
    await request(h.app).post(`${V1}/polling_time`).send({ polling_time: 2.9 }).expect(200);
    expect(h.lldp.pollingMs).toBe(2000);
  });

  it.each([
    [{ polling_time: 0 }, 'invalid polling_time 0, must be greater than zero'],
    [{ polling_time: -4 }, 'invalid polling_time -4, must be greater than zero'],
    [{ polling_time: 0.5 }, 'invalid polling_time 0, must be greater than zero'],
    [{}, "This operation is not completed: 'polling_time'"],
    [{ polling_time: 'fast' }, "This operation is not completed: polling_time must be an integer, not 'fast'"],
    [[5], "This operation is not completed: 'polling_time'"],
  ])('refuses %j with 400', async (body, description) => {
    const res = await request(h.app).post(`${V1}/polling_time`).send(body).expect(400);
    expect(res.body).toEqual(error(400, description));
    expect(h.lldp.pollingMs).toBe(3000);
  });

  it('refuses another Content-Type with 415', async () => {
    await request(h.app).post(`${V1}/polling_time`).set('Content-Type', 'text/plain').send('{"polling_time": 5}').expect(415);
  });
});
