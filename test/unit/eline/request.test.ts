/** POST /v2/evc/ bodies (kytos-api.md §1.2, §1.3): hand-written bodies, expected configs and Kytos's error texts. */
import type { EvcConfig } from '../../../src/eline/model';
import { parseCreateRequest, type CreateContext } from '../../../src/eline/request';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';
/** sha256("…:01:2:…:02:2"), the example of kytos-api.md §0. */
const L12 = 'cf0f4071be426b3f745027f5d22bc61f8312ae86293c9b28e7e66015607a9260';
/** sha256("…:02:3:…:03:2"). */
const L23 = '4d42dc0852278accac7d9df15418f6d921db160b13d674029a87cef1b5f67f30';
/** sha256("…:01:3:…:03:3"). */
const L13 = '4523903085a1861c5dc2441c83e3499a9ff763c7794061de87ffc22e44f1a680';

const NOW = '2026-03-01T12:00:00.000Z';
const ctx: CreateContext = { now: NOW, newId: () => '0123456789abcd', newScheduleId: () => 'sched-1' };
const API = 'The request body contains invalid API data., ';

const vlanUni = (sw: string, port: number, value: unknown) => ({ interface_id: `${sw}:${port}`, tag: { tag_type: 'vlan', value } });
const base = { name: 'e1', uni_a: vlanUni(S1, 1, 100), uni_z: vlanUni(S3, 1, 200), dynamic_backup_path: true };

function created(body: unknown, c: CreateContext = ctx): EvcConfig {
  const r = parseCreateRequest(body, c);
  if (!r.ok) throw new Error(`refused: ${r.error.description}`);
  return r.value;
}

function refused(body: unknown, c: CreateContext = ctx): { status: number; description: string } {
  const r = parseCreateRequest(body, c);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

describe('parseCreateRequest: accepted bodies', () => {
  it('fills in every Kytos default for a minimal EVPL', () => {
    const body = {
      name: 'evpl',
      uni_a: { interface_id: `${S1}:1`, tag: { tag_type: 'vlan', value: 100 } },
      uni_z: { interface_id: `${S3}:1`, tag: { tag_type: 1, value: 200 } },
      dynamic_backup_path: true,
    };
    const expected: EvcConfig = {
      id: '0123456789abcd',
      name: 'evpl',
      uniA: { interfaceId: `${S1}:1`, tag: { kind: 'vlan', vid: 100 } },
      uniZ: { interfaceId: `${S3}:1`, tag: { kind: 'vlan', vid: 200 } },
      primaryPath: [],
      backupPath: [],
      primaryLinks: [],
      backupLinks: [],
      dynamicBackupPath: true,
      primaryConstraints: {},
      secondaryConstraints: {},
      queueId: undefined,
      sbPriority: undefined,
      serviceLevel: 0,
      maxPaths: 2,
      bandwidth: 0,
      metadata: {},
      enabled: true,
      archived: false,
      circuitScheduler: [],
      startDate: NOW,
      endDate: undefined,
      creationTime: NOW,
    };
    expect(created(body)).toEqual(expected);
  });

  it('takes the first example of §1.10 (constraints, service level, queue, max paths)', () => {
    const c = created({
      name: 'evpl-100-200',
      dynamic_backup_path: true,
      uni_a: vlanUni(S1, 1, 100),
      uni_z: vlanUni(S3, 1, 200),
      primary_constraints: { spf_attribute: 'delay', mandatory_metrics: { ownership: 'red' } },
      secondary_constraints: { undesired_links: [L12] },
      service_level: 5,
      queue_id: 3,
      max_paths: 4,
    });
    expect(c.primaryConstraints).toEqual({ spfAttribute: 'delay', mandatoryMetrics: { ownership: 'red' } });
    expect(c.secondaryConstraints).toEqual({ undesiredLinks: [L12] });
    expect([c.serviceLevel, c.queueId, c.maxPaths]).toEqual([5, 3, 4]);
  });

  it('takes the static example of §1.10: links get their Kytos id, endpoint_a the smaller end', () => {
    const c = created({
      name: 'static',
      uni_a: { interface_id: `${S1}:1` },
      uni_z: { interface_id: `${S3}:1` },
      primary_path: [
        { endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } },
        { endpoint_a: { id: `${S3}:2` }, endpoint_b: { id: `${S2}:3` }, id: 'ignored' },
      ],
      backup_path: [{ endpoint_a: { id: `${S3}:3` }, endpoint_b: { id: `${S1}:3` } }],
      primary_links: [{ endpoint_a: { id: `${S2}:2` }, endpoint_b: { id: `${S1}:2` } }],
      dynamic_backup_path: false,
    });
    expect(c.uniA.tag).toEqual({ kind: 'epl' });
    expect(c.primaryPath).toEqual([
      { id: L12, endpointA: `${S1}:2`, endpointB: `${S2}:2` },
      { id: L23, endpointA: `${S2}:3`, endpointB: `${S3}:2` },
    ]);
    expect(c.backupPath).toEqual([{ id: L13, endpointA: `${S1}:3`, endpointB: `${S3}:3` }]);
    expect(c.primaryLinks).toEqual([{ id: L12, endpointA: `${S1}:2`, endpointB: `${S2}:2` }]);
    expect(c.backupLinks).toEqual([]);
  });

  it.each([
    ['1', 1, { kind: 'vlan', vid: 1 }],
    ['4094', 4094, { kind: 'vlan', vid: 4094 }],
    ['"untagged"', 'untagged', { kind: 'untagged' }],
    ['"any"', 'any', { kind: 'any' }],
  ])('reads tag value %s', (_, value, tag) => {
    expect(created({ ...base, uni_a: vlanUni(S1, 1, value) }).uniA.tag).toEqual(tag);
  });

  it.each([
    ['absent', { interface_id: `${S1}:1` }],
    ['null', { interface_id: `${S1}:1`, tag: null }],
    ['{}', { interface_id: `${S1}:1`, tag: {} }],
  ])('reads a tag that is %s as EPL', (_, uni) => {
    expect(created({ ...base, uni_a: uni }).uniA).toEqual({ interfaceId: `${S1}:1`, tag: { kind: 'epl' } });
  });

  it('normalises a list of ranges, the same on both UNIs', () => {
    const value = [[1, 500], 2096, [3001]];
    const c = created({ ...base, uni_a: vlanUni(S1, 1, value), uni_z: vlanUni(S3, 1, [[1, 500], [2096], 3001]) });
    const tag = { kind: 'range', ranges: [[1, 500], [2096, 2096], [3001, 3001]] };
    expect(c.uniA.tag).toEqual(tag);
    expect(c.uniZ.tag).toEqual(tag);
  });

  it('allows an intra-switch circuit without a primary path or dynamic paths', () => {
    const c = created({ name: 'local', uni_a: vlanUni(S1, 1, 10), uni_z: vlanUni(S1, 2, 20) });
    expect([c.dynamicBackupPath, c.primaryPath]).toEqual([false, []]);
  });

  it.each([
    ['absent', {}, {}, undefined],
    ['absent, with a default queue', {}, { defaultQueue: 3 }, 3],
    ['-1, with a default queue', { queue_id: -1 }, { defaultQueue: 3 }, 3],
    ['-1', { queue_id: -1 }, {}, undefined],
    ['null, with a default queue', { queue_id: null }, { defaultQueue: 3 }, undefined],
    ['0', { queue_id: 0 }, {}, 0],
    ['7', { queue_id: 7 }, { defaultQueue: 3 }, 7],
  ])('queue_id %s', (_, extra, c, queue) => {
    expect(created({ ...base, ...extra }, { ...ctx, ...c }).queueId).toBe(queue);
  });

  it.each([
    [null, undefined],
    [0, undefined],
    [5, 5],
    [65535, 65535],
  ])('sb_priority %p is %p', (value, expected) => {
    expect(created({ ...base, sb_priority: value }).sbPriority).toBe(expected);
  });

  it.each([
    ['absent, no scheduler: true (Kytos enables what it deploys)', {}, true],
    ['absent, with a scheduler: false (not deployed at creation)', { circuit_scheduler: [{ frequency: '0 1 * * *' }] }, false],
    ['false is kept', { enabled: false }, false],
    ['true with a scheduler', { enabled: true, circuit_scheduler: [{ frequency: '0 1 * * *' }] }, true],
  ])('enabled %s', (_, extra, enabled) => {
    expect(created({ ...base, ...extra }).enabled).toBe(enabled);
  });

  it('takes EVC_DEFAULT constraints only for keys the body leaves out', () => {
    const defaults = { primaryConstraints: { spfAttribute: 'delay' as const }, secondaryConstraints: { undesiredLinks: [L13] } };
    const c = created({ ...base, secondary_constraints: {} }, { ...ctx, defaults });
    expect(c.primaryConstraints).toEqual({ spfAttribute: 'delay' });
    expect(c.secondaryConstraints).toEqual({});
  });

  it('keeps the known constraint keys and metrics, in the client order, and drops the others', () => {
    const c = created({
      ...base,
      primary_constraints: {
        flexible_metrics: { delay: 81, colour: 'blue', utilization: 100, reliability: 3 },
        minimum_flexible_hits: 2,
        spf_max_path_cost: 10.5,
        undesired: ['x'],
      },
    });
    expect(c.primaryConstraints).toEqual({ flexibleMetrics: { delay: 81, utilization: 100, reliability: 3 }, minimumFlexibleHits: 2, spfMaxPathCost: 10.5 });
    expect(Object.keys(c.primaryConstraints.flexibleMetrics ?? {})).toEqual(['delay', 'utilization', 'reliability']);
  });

  it('reads dates as UTC: Kytos form, Z, offsets and fractions', () => {
    expect(created({ ...base, start_date: '2026-05-01T10:00:00' }).startDate).toBe('2026-05-01T10:00:00.000Z');
    expect(created({ ...base, start_date: '2026-05-01T12:30:00+02:30' }).startDate).toBe('2026-05-01T10:00:00.000Z');
    const c = created({ ...base, start_date: '2026-05-01T10:00:00Z', end_date: '2026-06-01T00:00:00.250-01:00' });
    expect([c.startDate, c.endDate]).toEqual(['2026-05-01T10:00:00.000Z', '2026-06-01T01:00:00.250Z']);
  });

  it('reads scheduler entries: default action, generated or kept ids, UTC dates, interval units', () => {
    const c = created({
      ...base,
      circuit_scheduler: [
        { date: '2026-05-01T10:00:00' },
        { id: 'mine', action: 'remove', frequency: '*/5 * * * 1-5' },
        { action: 'create', interval: { hours: 2, minutes: 3 } },
      ],
    });
    expect(c.circuitScheduler).toEqual([
      { id: 'sched-1', action: 'create', date: '2026-05-01T10:00:00.000Z' },
      { id: 'mine', action: 'remove', frequency: '*/5 * * * 1-5' },
      { id: 'sched-1', action: 'create', interval: { hours: 2, minutes: 3 } },
    ]);
  });

  it('uses newId for scheduler entries when there is no newScheduleId', () => {
    const c = created({ ...base, circuit_scheduler: [{ frequency: '0 1 * * *' }] }, { now: NOW, newId: () => 'abcdefabcdefab' });
    expect(c.circuitScheduler[0]?.id).toBe('abcdefabcdefab');
  });

  it('keeps metadata, bandwidth (a big integer too) and accepts the ignored top-level frequency', () => {
    const c = created({ ...base, metadata: { a: [1, { b: null }] }, bandwidth: 2n ** 60n, frequency: '* * * * *' });
    expect(c.metadata).toEqual({ a: [1, { b: null }] });
    expect(c.bandwidth).toBe(1152921504606846976);
  });
});

describe('parseCreateRequest: schema violations (400, jsonschema wording)', () => {
  it.each([
    ['a list body', [], "[] is not of type 'object' for field ."],
    ['no name', { uni_a: base.uni_a, uni_z: base.uni_z }, "'name' is a required property for field name."],
    ['no uni_z', { name: 'x', uni_a: base.uni_a }, "'uni_z' is a required property for field uni_z."],
    ['owner', { ...base, owner: 'me' }, "Additional properties are not allowed ('owner' was unexpected) for field ."],
    ['active and id', { ...base, active: true, id: 'x' }, "Additional properties are not allowed ('active', 'id' were unexpected) for field ."],
    ['current_path', { ...base, current_path: [] }, "Additional properties are not allowed ('current_path' was unexpected) for field ."],
    ['a number name', { ...base, name: 5 }, "5 is not of type 'string' for field name."],
    ['a string UNI', { ...base, uni_a: 'x' }, "'x' is not of type 'object' for field uni_a."],
    ['a UNI without interface', { ...base, uni_z: { tag: null } }, "'interface_id' is a required property for field uni_z/interface_id."],
    ['a short interface id', { ...base, uni_a: { interface_id: 'abc' } }, "'abc' is too short for field uni_a/interface_id."],
    [
      'a long interface id',
      { ...base, uni_a: { interface_id: `${S1}:1234567` } },
      `'${S1}:1234567' is too long for field uni_a/interface_id.`,
    ],
    [
      'a six-digit port',
      { ...base, uni_a: { interface_id: `${S1}:123456` } },
      `'${S1}:123456' does not match '^([0-9A-Fa-f]{2}[:-]){8}(\\\\d{1,5})$' for field uni_a/interface_id.`,
    ],
    ['tag type mpls', { ...base, uni_a: { interface_id: `${S1}:1`, tag: { tag_type: 'mpls', value: 1 } } }, "'mpls' is not one of ['vlan', 1] for field uni_a/tag/tag_type."],
    ['tag type 2', { ...base, uni_a: { interface_id: `${S1}:1`, tag: { tag_type: 2, value: 1 } } }, "2 is not one of ['vlan', 1] for field uni_a/tag/tag_type."],
    ['a boolean tag', { ...base, uni_a: vlanUni(S1, 1, true) }, 'True is not valid under any of the given schemas for field uni_a/tag/value.'],
    ['an empty list', { ...base, uni_a: vlanUni(S1, 1, []) }, '[] is not valid under any of the given schemas for field uni_a/tag/value.'],
    ['a string in a range', { ...base, uni_a: vlanUni(S1, 1, [[1, 'a']]) }, "[[1, 'a']] is not valid under any of the given schemas for field uni_a/tag/value."],
    ['a null value', { ...base, uni_a: vlanUni(S1, 1, null) }, 'None is not valid under any of the given schemas for field uni_a/tag/value.'],
    ['a tag past int32', { ...base, uni_a: vlanUni(S1, 1, 2 ** 31) }, '2147483648 is not valid under any of the given schemas for field uni_a/tag/value.'],
    ['queue 8', { ...base, queue_id: 8 }, '8 is greater than the maximum of 7 for field queue_id.'],
    ['queue -2', { ...base, queue_id: -2 }, '-2 is less than the minimum of -1 for field queue_id.'],
    ['service level 8', { ...base, service_level: 8 }, '8 is greater than the maximum of 7 for field service_level.'],
    ['service level null', { ...base, service_level: null }, "None is not of type 'integer' for field service_level."],
    ['max paths 1', { ...base, max_paths: 1 }, '1 is less than the minimum of 2 for field max_paths.'],
    ['max paths 11', { ...base, max_paths: 11 }, '11 is greater than the maximum of 10 for field max_paths.'],
    ['sb_priority -1', { ...base, sb_priority: -1 }, '-1 is less than the minimum of 0 for field sb_priority.'],
    ['sb_priority past int32', { ...base, sb_priority: 2 ** 31 }, "2147483648 is not a 'int32' for field sb_priority."],
    ['a fractional bandwidth', { ...base, bandwidth: 1.5 }, "1.5 is not of type 'integer' for field bandwidth."],
    ['bandwidth past int64', { ...base, bandwidth: 2n ** 63n }, "9223372036854775808 is not a 'int64' for field bandwidth."],
    ['enabled "yes"', { ...base, enabled: 'yes' }, "'yes' is not of type 'boolean' for field enabled."],
    ['enabled null', { ...base, enabled: null }, "None is not of type 'boolean' for field enabled."],
    ['dynamic 1', { ...base, dynamic_backup_path: 1 }, "1 is not of type 'boolean' for field dynamic_backup_path."],
    ['list metadata', { ...base, metadata: [] }, "[] is not of type 'object' for field metadata."],
    [
      'an extra key on a link end',
      { ...base, primary_path: [{ endpoint_a: { id: `${S1}:2`, name: 'x' }, endpoint_b: { id: `${S2}:2` } }] },
      "Additional properties are not allowed ('name' was unexpected) for field primary_path/0/endpoint_a.",
    ],
    [
      'a link without endpoint_b',
      { ...base, backup_path: [{ endpoint_a: { id: `${S1}:2` } }] },
      "'endpoint_b' is a required property for field backup_path/0/endpoint_b.",
    ],
    ['a path that is an object', { ...base, primary_path: {} }, "{} is not of type 'array' for field primary_path."],
    ['spf_attribute cost', { ...base, primary_constraints: { spf_attribute: 'cost' } }, "'cost' is not one of ['hop', 'delay', 'priority'] for field primary_constraints/spf_attribute."],
    [
      'bandwidth metric 0',
      { ...base, secondary_constraints: { mandatory_metrics: { bandwidth: 0 } } },
      '0 is less than the minimum of 0.1 for field secondary_constraints/mandatory_metrics/bandwidth.',
    ],
    ['7 flexible hits', { ...base, primary_constraints: { minimum_flexible_hits: 7 } }, '7 is greater than the maximum of 6 for field primary_constraints/minimum_flexible_hits.'],
    ['a path cost of 0.5', { ...base, primary_constraints: { spf_max_path_cost: 0.5 } }, '0.5 is less than the minimum of 1 for field primary_constraints/spf_max_path_cost.'],
    ['not_ownership a string', { ...base, primary_constraints: { flexible_metrics: { not_ownership: 'x' } } }, "'x' is not of type 'array' for field primary_constraints/flexible_metrics/not_ownership."],
    ['start date "tomorrow"', { ...base, start_date: 'tomorrow' }, "'tomorrow' is not a 'date-time' for field start_date."],
    ['end date 2026-02-30', { ...base, end_date: '2026-02-30T00:00:00' }, "'2026-02-30T00:00:00' is not a 'date-time' for field end_date."],
    ['a schedule date with hour 24', { ...base, circuit_scheduler: [{ date: '2026-02-01T24:00:00' }] }, "'2026-02-01T24:00:00' is not a 'date-time' for field circuit_scheduler/0/date."],
    ['a string interval', { ...base, circuit_scheduler: [{ interval: 'PT1H' }] }, "'PT1H' is not of type 'object' for field circuit_scheduler/0/interval."],
    ['an interval in months', { ...base, circuit_scheduler: [{ interval: { months: 1 } }] }, "Additional properties are not allowed ('months' was unexpected) for field circuit_scheduler/0/interval."],
    ['a numeric schedule id', { ...base, circuit_scheduler: [{ id: 5, frequency: '* * * * *' }] }, "5 is not of type 'string' for field circuit_scheduler/0/id."],
  ])('%s', (_, body, message) => {
    expect(refused(body)).toEqual({ status: 400, description: `${API}${message}` });
  });

  it('reports required properties first, then unknown ones, then properties in schema order', () => {
    expect(refused({ owner: 'x', uni_a: base.uni_a, uni_z: base.uni_z }).description).toBe(`${API}'name' is a required property for field name.`);
    expect(refused({ ...base, owner: 'x', name: 5 }).description).toBe(`${API}Additional properties are not allowed ('owner' was unexpected) for field .`);
    // The body has queue_id first; the schema has name first.
    expect(refused({ queue_id: 9, ...base, name: 5 }).description).toBe(`${API}5 is not of type 'string' for field name.`);
  });
});

describe('parseCreateRequest: rules beyond the schema (400, Kytos texts)', () => {
  const at1 = `${S1}:1`;
  it.each([
    ['an upper-case dpid', { ...base, uni_a: { interface_id: '00:00:00:00:00:00:00:0A:1' } }, 'Error creating UNI: Invalid value'],
    ['a dpid with dashes', { ...base, uni_z: { interface_id: '00-00-00-00-00-00-00-03-1' } }, 'Error creating UNI: Invalid value'],
    ['a tag without a type', { ...base, uni_a: { interface_id: at1, tag: { value: 100 } } }, 'Error creating UNI: Invalid value'],
    ['a tag without a value', { ...base, uni_a: { interface_id: at1, tag: { tag_type: 'vlan' } } }, 'Error creating UNI: Invalid value'],
    ['VID 0', { ...base, uni_a: vlanUni(S1, 1, 0) }, `KytosTagsAreNotAvailable, The tags [[0, 0]] are not available in ${at1}`],
    ['VID 4095', { ...base, uni_a: vlanUni(S1, 1, 4095) }, `KytosTagsAreNotAvailable, The tags [[4095, 4095]] are not available in ${at1}`],
    ['VID -3', { ...base, uni_a: vlanUni(S1, 1, -3) }, `KytosTagsAreNotAvailable, The tags [[-3, -3]] are not available in ${at1}`],
    ['the string "100"', { ...base, uni_z: vlanUni(S3, 1, '100') }, `KytosTagsAreNotAvailable, The tags 100 are not available in ${S3}:1`],
    [
      'adjacent ranges',
      { ...base, uni_a: vlanUni(S1, 1, [[10, 20], [21, 30]]), uni_z: vlanUni(S3, 1, [[10, 30]]) },
      'KytosInvalidTagRanges, Tag ranges have an unnecessary partition. [10, 20] and [21, 30] (tag_ranges[0] and tag_ranges[1]) should be one range [10, 30]',
    ],
    ['a reversed range', { ...base, uni_a: vlanUni(S1, 1, [[20, 10]]) }, 'KytosInvalidTagRanges, The range [20, 10] is not ordered (tag_ranges[0])'],
    ['a range up to 4096', { ...base, uni_a: vlanUni(S1, 1, [[4000, 4096]]) }, 'KytosInvalidTagRanges, Maximum value for a tag is 4095 (tag_ranges[0] = [4000,4096])'],
    ['a range on uni_a only', { ...base, uni_a: vlanUni(S1, 1, [[10, 20]]) }, 'UNI_A and UNI_Z tag lists should be the same.'],
    ['different ranges', { ...base, uni_a: vlanUni(S1, 1, [[10, 20]]), uni_z: vlanUni(S3, 1, [[10, 21]]) }, 'UNI_A and UNI_Z tag lists should be the same.'],
    ['a range against EPL', { ...base, uni_a: { interface_id: at1 }, uni_z: vlanUni(S3, 1, [5]) }, 'UNI_A and UNI_Z tag lists should be the same.'],
    ['no path, not dynamic', { ...base, dynamic_backup_path: false }, 'The EVC must have a primary path or allow dynamic paths.'],
    ['an empty primary path, dynamic absent', { name: 'x', uni_a: base.uni_a, uni_z: base.uni_z, primary_path: [] }, 'The EVC must have a primary path or allow dynamic paths.'],
    ['a link end without id', { ...base, primary_path: [{ endpoint_a: {}, endpoint_b: { id: `${S2}:2` } }] }, 'Could not get interface endpoint_a id None'],
    ['a link end "foo"', { ...base, backup_links: [{ endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: 'foo' } }] }, 'Could not get interface endpoint_b id foo'],
    ['an unknown action', { ...base, circuit_scheduler: [{ action: 'start', frequency: '* * * * *' }] }, "Scheduler action must be 'create' or 'remove'"],
    ['an entry without a trigger', { ...base, circuit_scheduler: [{ action: 'remove' }] }, 'A circuit_scheduler entry needs a date, an interval or a frequency'],
    ['a three-field crontab', { ...base, circuit_scheduler: [{ frequency: '* * *' }] }, 'Wrong number of fields; got 3, expected 5'],
    ['a zero interval', { ...base, circuit_scheduler: [{ interval: { hours: 0 } }] }, 'The interval of a circuit_scheduler entry must be longer than zero'],
  ])('%s', (_, body, description) => {
    expect(refused(body)).toEqual({ status: 400, description });
  });

  it('builds UNIs and links in body order, as Kytos does', () => {
    const badUni = { interface_id: '00:00:00:00:00:00:00:0A:1' };
    const badPath = [{ endpoint_a: {}, endpoint_b: {} }];
    expect(refused({ name: 'x', primary_path: badPath, uni_a: badUni, uni_z: base.uni_z }).description).toBe('Could not get interface endpoint_a id None');
    expect(refused({ name: 'x', uni_a: badUni, primary_path: badPath, uni_z: base.uni_z }).description).toBe('Error creating UNI: Invalid value');
  });

  it('checks tag lists before the primary path rule', () => {
    const body = { name: 'x', uni_a: vlanUni(S1, 1, [1]), uni_z: vlanUni(S3, 1, 5) };
    expect(refused(body).description).toBe('UNI_A and UNI_Z tag lists should be the same.');
  });
});
