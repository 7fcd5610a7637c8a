/** VLAN pools: tag_ranges and special_tags of interfaces (kytos-api.md §3.1), with Kytos's texts. */
import request from 'supertest';
import { DPID1, DPID2, twoSwitches, type Harness } from './harness';

const V3 = '/api/kytos/topology/v3';
const IF = `${DPID1}:1`;
let h: Harness;
beforeEach(() => {
  h = twoSwitches();
});
afterEach(() => h.close());

const error = (code: number, description: string) => ({ description, code });
const invalid = (detail: string) => error(400, `The request body contains invalid API data., ${detail}.`);

async function pool(id = IF): Promise<unknown> {
  const res = await request(h.app).get(`${V3}/interfaces/${id}/tag_ranges`).expect(200);
  return (res.body as Record<string, unknown>)[id];
}

describe('GET tag_ranges', () => {
  it('lists every interface pool: the whole range, minus the LLDP VLAN 3799 while the switch is enabled', async () => {
    await request(h.app).post(`${V3}/switches/${DPID2}/disable`).expect(201);
    const res = await request(h.app).get(`${V3}/interfaces/tag_ranges`).expect(200);
    expect(Object.keys(res.body)).toEqual([`${DPID1}:1`, `${DPID1}:2`, `${DPID2}:1`, `${DPID2}:2`]);
    expect(res.body[IF]).toEqual({
      available_tags: { vlan: [[1, 3798], [3800, 4094]] },
      tag_ranges: { vlan: [[1, 4094]] },
      special_tags: { vlan: ['untagged', 'any'] },
      special_available_tags: { vlan: ['untagged', 'any'] },
    });
    expect(res.body[`${DPID2}:1`]).toEqual({
      available_tags: { vlan: [[1, 4094]] },
      tag_ranges: { vlan: [[1, 4094]] },
      special_tags: { vlan: ['untagged', 'any'] },
      special_available_tags: { vlan: ['untagged', 'any'] },
    });
  });

  it('answers one interface keyed by its id, without the tags circuits hold; 404 for an unknown one', async () => {
    h.tags.vlans.set(IF, [[100, 100], [200, 210]]);
    h.tags.special.set(IF, ['untagged']);
    const res = await request(h.app).get(`${V3}/interfaces/${IF}/tag_ranges`).expect(200);
    expect(res.body).toEqual({
      [IF]: {
        available_tags: { vlan: [[1, 99], [101, 199], [211, 3798], [3800, 4094]] },
        tag_ranges: { vlan: [[1, 4094]] },
        special_tags: { vlan: ['untagged', 'any'] },
        special_available_tags: { vlan: ['any'] },
      },
    });
    const missing = await request(h.app).get(`${V3}/interfaces/${DPID1}:9/tag_ranges`).expect(404);
    expect(missing.body).toEqual(error(404, 'Interface not found'));
  });
});

describe('POST tag_ranges', () => {
  it('sets the ranges from Kytos\'s request form: 200 "Operation Successful"', async () => {
    const res = await request(h.app)
      .post(`${V3}/interfaces/${IF}/tag_ranges`)
      .send({ tag_type: 'vlan', tag_ranges: [[1, 500], 2096, [3001]] })
      .expect(200);
    expect(res.body).toBe('Operation Successful');
    expect(await pool()).toMatchObject({
      tag_ranges: { vlan: [[1, 500], [2096, 2096], [3001, 3001]] },
      available_tags: { vlan: [[1, 500], [2096, 2096], [3001, 3001]] },
    });
  });

  it.each([
    [[[500, 1]], 'KytosInvalidTagRanges, The range [500, 1] is not ordered (tag_ranges[0])'],
    [[[1, 10], [5, 20]], 'KytosInvalidTagRanges, Tag ranges are not ordered. 10 is higher than 5 (tag_ranges[0] and tag_ranges[1])'],
    [[0], 'KytosInvalidTagRanges, Minimum value for a tag is 1 (tag_ranges[0] = 0)'],
    [[[1, 4095]], 'KytosInvalidTagRanges, The tags [[4095, 4095]] are not supported'],
  ])('refuses invalid ranges %j with 400', async (ranges, description) => {
    const res = await request(h.app).post(`${V3}/interfaces/${IF}/tag_ranges`).send({ tag_type: 'vlan', tag_ranges: ranges }).expect(400);
    expect(res.body).toEqual(error(400, description));
    expect(await pool()).toMatchObject({ tag_ranges: { vlan: [[1, 4094]] } });
  });

  it('refuses ranges that leave out tags in use: 400 KytosSetTagRangeError', async () => {
    h.tags.vlans.set(IF, [[100, 100]]);
    const res = await request(h.app).post(`${V3}/interfaces/${IF}/tag_ranges`).send({ tag_type: 'vlan', tag_ranges: [[200, 300]] }).expect(400);
    expect(res.body).toEqual(error(400, 'KytosSetTagRangeError, Missing tags in tag_range: [[100, 100]]'));
  });

  it.each([
    [{ tag_type: 'vxlan', tag_ranges: [[1, 2]] }, "'vxlan' is not one of ['vlan'] for field tag_type"],
    [{ tag_ranges: [[1, 2]] }, "'tag_type' is a required property for field tag_type"],
    [{ tag_type: 'vlan' }, "'tag_ranges' is a required property for field tag_ranges"],
    [{ tag_type: 'vlan', tag_ranges: [] }, '[] should be non-empty for field tag_ranges'],
    [{ tag_type: 'vlan', tag_ranges: '1-10' }, "'1-10' is not of type 'array' for field tag_ranges"],
    [{ tag_type: 'vlan', tag_ranges: [[1, 2], 'a'] }, "'a' is not valid under any of the given schemas for field tag_ranges/1"],
  ])('validates the body against the schema: %j', async (body, detail) => {
    const res = await request(h.app).post(`${V3}/interfaces/${IF}/tag_ranges`).send(body).expect(400);
    expect(res.body).toEqual(invalid(detail));
  });

  it('answers 404 for an unknown interface and 415 for another Content-Type', async () => {
    const body = { tag_type: 'vlan', tag_ranges: [[1, 2]] };
    const missing = await request(h.app).post(`${V3}/interfaces/${DPID1}:9/tag_ranges`).send(body).expect(404);
    expect(missing.body).toEqual(error(404, 'Interface not found'));
    const text = await request(h.app).post(`${V3}/interfaces/${IF}/tag_ranges`).set('Content-Type', 'text/plain').send(JSON.stringify(body)).expect(415);
    expect(text.body).toEqual(error(415, 'Expected Content-Type: application/json, got: text/plain'));
  });
});

describe('DELETE tag_ranges', () => {
  it('resets the pool to [[1, 4094]]; tags in use stay unavailable', async () => {
    await request(h.app).post(`${V3}/interfaces/${IF}/tag_ranges`).send({ tag_type: 'vlan', tag_ranges: [[100, 200]] }).expect(200);
    h.tags.vlans.set(IF, [[150, 150]]);
    const res = await request(h.app).delete(`${V3}/interfaces/${IF}/tag_ranges`).expect(200);
    expect(res.body).toBe('Operation Successful');
    expect(await pool()).toMatchObject({ tag_ranges: { vlan: [[1, 4094]] }, available_tags: { vlan: [[1, 149], [151, 3798], [3800, 4094]] } });
    await request(h.app).delete(`${V3}/interfaces/${IF}/tag_ranges?tag_type=vlan`).expect(200);
  });

  it('refuses another tag type with 400 KytosTagtypeNotSupported, and an unknown interface with 404', async () => {
    const res = await request(h.app).delete(`${V3}/interfaces/${IF}/tag_ranges?tag_type=vxlan`).expect(400);
    expect(res.body).toEqual(error(400, 'KytosTagtypeNotSupported, Tag type vxlan is not supported.'));
    const missing = await request(h.app).delete(`${V3}/interfaces/${DPID1}:9/tag_ranges`).expect(404);
    expect(missing.body).toEqual(error(404, 'Interface not found'));
  });
});

describe('POST special_tags', () => {
  it('sets the special tags: 200 "Operation Successful"; an empty list is allowed', async () => {
    const res = await request(h.app).post(`${V3}/interfaces/${IF}/special_tags`).send({ tag_type: 'vlan', special_tags: ['any'] }).expect(200);
    expect(res.body).toBe('Operation Successful');
    expect(await pool()).toMatchObject({ special_tags: { vlan: ['any'] }, special_available_tags: { vlan: ['any'] } });
    await request(h.app).post(`${V3}/interfaces/${IF}/special_tags`).send({ tag_type: 'vlan', special_tags: [] }).expect(200);
    expect(await pool()).toMatchObject({ special_tags: { vlan: [] }, special_available_tags: { vlan: [] } });
  });

  it.each([
    [['any', 'foo'], 'KytosInvalidTagRanges, The tag "foo" is not supported (special tags: "untagged", "any")'],
    [['any', 'any'], 'KytosInvalidTagRanges, There are duplicated values in the range. ("any" appears twice)'],
  ])('refuses %j with 400', async (tags, description) => {
    const res = await request(h.app).post(`${V3}/interfaces/${IF}/special_tags`).send({ tag_type: 'vlan', special_tags: tags }).expect(400);
    expect(res.body).toEqual(error(400, description));
  });

  it('refuses to drop a special tag in use: 400 KytosSetTagRangeError', async () => {
    h.tags.special.set(IF, ['untagged']);
    const res = await request(h.app).post(`${V3}/interfaces/${IF}/special_tags`).send({ tag_type: 'vlan', special_tags: ['any'] }).expect(400);
    expect(res.body).toEqual(error(400, 'KytosSetTagRangeError, Missing tags in special_tags: "untagged"'));
  });

  it('validates the body (400), the interface (404) and the Content-Type (415)', async () => {
    const notList = await request(h.app).post(`${V3}/interfaces/${IF}/special_tags`).send({ tag_type: 'vlan', special_tags: 'any' }).expect(400);
    expect(notList.body).toEqual(invalid("'any' is not of type 'array' for field special_tags"));
    const notString = await request(h.app).post(`${V3}/interfaces/${IF}/special_tags`).send({ tag_type: 'vlan', special_tags: [1] }).expect(400);
    expect(notString.body).toEqual(invalid("1 is not of type 'string' for field special_tags/0"));
    const type = await request(h.app).post(`${V3}/interfaces/${IF}/special_tags`).send({ tag_type: 'mpls', special_tags: [] }).expect(400);
    expect(type.body).toEqual(invalid("'mpls' is not one of ['vlan'] for field tag_type"));
    const missing = await request(h.app).post(`${V3}/interfaces/${DPID1}:9/special_tags`).send({ tag_type: 'vlan', special_tags: [] }).expect(404);
    expect(missing.body).toEqual(error(404, 'Interface not found'));
    await request(h.app).post(`${V3}/interfaces/${IF}/special_tags`).set('Content-Type', 'text/plain').send('{}').expect(415);
  });
});
