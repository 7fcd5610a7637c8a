/** The EVC document of GET /v2/evc/{id} (kytos-api.md §1.7), written out by hand. */
import { kytosTime, queueIdOf, toEvcDocument, uniDocument, type EvcDocument, type EvcDocumentExtra, type LinkDocument } from '../../../src/eline/document';
import type { EvcConfig, EvcStatus } from '../../../src/eline/model';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';
const L12 = 'cf0f4071be426b3f745027f5d22bc61f8312ae86293c9b28e7e66015607a9260';
const L23 = '4d42dc0852278accac7d9df15418f6d921db160b13d674029a87cef1b5f67f30';
const L13 = '4523903085a1861c5dc2441c83e3499a9ff763c7794061de87ffc22e44f1a680';

const cfg: EvcConfig = {
  id: 'abcdef01234567',
  name: 'doc',
  uniA: { interfaceId: `${S1}:1`, tag: { kind: 'range', ranges: [[10, 12]] } },
  uniZ: { interfaceId: `${S3}:1`, tag: { kind: 'range', ranges: [[10, 12]] } },
  primaryPath: [
    { id: L12, endpointA: `${S1}:2`, endpointB: `${S2}:2` },
    { id: L23, endpointA: `${S2}:3`, endpointB: `${S3}:2` },
  ],
  backupPath: [],
  primaryLinks: [],
  backupLinks: [{ id: L13, endpointA: `${S1}:3`, endpointB: `${S3}:3` }],
  dynamicBackupPath: true,
  primaryConstraints: { spfAttribute: 'delay', mandatoryMetrics: { ownership: 'red' } },
  secondaryConstraints: {},
  queueId: 3,
  sbPriority: undefined,
  serviceLevel: 5,
  maxPaths: 4,
  bandwidth: 100,
  metadata: { a: 1 },
  enabled: true,
  archived: false,
  circuitScheduler: [
    { id: 's1', action: 'create', date: '2026-05-01T10:00:00.000Z' },
    { id: 's2', action: 'remove', frequency: '0 1 * * *' },
    { id: 's3', action: 'create', interval: { hours: 2 } },
  ],
  startDate: '2026-03-01T12:00:00.000Z',
  endDate: '2026-12-31T23:59:59.999Z',
  creationTime: '2026-03-01T12:00:00.123Z',
};

const status: EvcStatus = {
  active: true,
  currentPath: [
    { linkId: L12, fromA: `${S1}:2`, toZ: `${S2}:2`, sVlan: 101 },
    { linkId: L23, fromA: `${S2}:3`, toZ: `${S3}:2`, sVlan: 102 },
  ],
  failoverPath: [{ linkId: L13, fromA: `${S1}:3`, toZ: `${S3}:3`, sVlan: 103 }],
  lastDeployed: '2026-03-01T12:00:05.900Z',
  reason: undefined,
};

/** A link dict when the topology says nothing: bare endpoints, inactive. */
const bare = (id: string, a: string, aPort: number, b: string, bPort: number, sVlan?: number): LinkDocument => ({
  id,
  endpoint_a: { id: `${a}:${aPort}`, switch: a, port_number: aPort },
  endpoint_b: { id: `${b}:${bPort}`, switch: b, port_number: bPort },
  metadata: sVlan === undefined ? {} : { s_vlan: { tag_type: 'vlan', value: sVlan } },
  active: false,
  enabled: true,
  status: 'DOWN',
  status_reason: ['deactivated'],
});

describe('toEvcDocument', () => {
  it('shows every field with Kytos names and shapes', () => {
    const expected: EvcDocument = {
      id: 'abcdef01234567',
      name: 'doc',
      uni_a: { interface_id: `${S1}:1`, tag: { tag_type: 'vlan', value: [[10, 12]], mask_list: ['10/4094', 12] } },
      uni_z: { interface_id: `${S3}:1`, tag: { tag_type: 'vlan', value: [[10, 12]], mask_list: ['10/4094', 12] } },
      start_date: '2026-03-01T12:00:00',
      end_date: '2026-12-31T23:59:59',
      queue_id: 3,
      bandwidth: 100,
      primary_links: [],
      backup_links: [bare(L13, S1, 3, S3, 3)],
      current_path: [bare(L12, S1, 2, S2, 2, 101), bare(L23, S2, 3, S3, 2, 102)],
      failover_path: [bare(L13, S1, 3, S3, 3, 103)],
      primary_path: [bare(L12, S1, 2, S2, 2), bare(L23, S2, 3, S3, 2)],
      backup_path: [],
      dynamic_backup_path: true,
      metadata: { a: 1 },
      request_time: '2026-03-01T12:00:00',
      creation_time: '2026-03-01T12:00:00',
      owner: null,
      circuit_scheduler: [
        { id: 's1', action: 'create', date: '2026-05-01T10:00:00' },
        { id: 's2', action: 'remove', frequency: '0 1 * * *' },
        { id: 's3', action: 'create', interval: { hours: 2 } },
      ],
      active: true,
      enabled: true,
      archived: false,
      sb_priority: null,
      service_level: 5,
      primary_constraints: { spf_attribute: 'delay', mandatory_metrics: { ownership: 'red' } },
      secondary_constraints: {},
      flow_removed_at: null,
      last_deployed_at: '2026-03-01T12:00:05',
      last_removed_at: null,
      updated_at: '2026-03-01T12:00:00',
      execution_rounds: 0,
      max_paths: 4,
      leftover_switch: null,
      status_reason: [],
    };
    expect(toEvcDocument(cfg, status)).toEqual(expected);
  });

  it('takes the bookkeeping, interface dicts and link state from extra', () => {
    const extra: EvcDocumentExtra = {
      updatedAt: '2026-03-02T00:00:01.000Z',
      requestTime: '2026-03-01T11:59:59.000Z',
      owner: 'alice',
      flowRemovedAt: '2026-03-02T00:00:00.000Z',
      lastRemovedAt: '2026-03-01T23:00:00.000Z',
      executionRounds: 4,
      leftoverSwitch: S2,
      interfaceDict: (id) => (id === `${S1}:2` ? { id, name: 's1-eth2', port_number: 2, switch: S1, nni: true } : undefined),
      linkView: (id) => (id === L12 ? { active: true, enabled: true, status: 'UP', statusReason: [] } : undefined),
    };
    const doc = toEvcDocument({ ...cfg, sbPriority: 100, queueId: undefined, endDate: undefined }, { ...status, active: false, lastDeployed: undefined }, extra);
    expect(doc.current_path[0]).toEqual({
      id: L12,
      endpoint_a: { id: `${S1}:2`, name: 's1-eth2', port_number: 2, switch: S1, nni: true },
      endpoint_b: { id: `${S2}:2`, switch: S2, port_number: 2 },
      metadata: { s_vlan: { tag_type: 'vlan', value: 101 } },
      active: true,
      enabled: true,
      status: 'UP',
      status_reason: [],
    });
    expect(doc.current_path[1]).toEqual(bare(L23, S2, 3, S3, 2, 102));
    expect({
      updated_at: doc.updated_at,
      request_time: doc.request_time,
      owner: doc.owner,
      flow_removed_at: doc.flow_removed_at,
      last_removed_at: doc.last_removed_at,
      last_deployed_at: doc.last_deployed_at,
      execution_rounds: doc.execution_rounds,
      leftover_switch: doc.leftover_switch,
      sb_priority: doc.sb_priority,
      queue_id: doc.queue_id,
      end_date: doc.end_date,
      active: doc.active,
    }).toEqual({
      updated_at: '2026-03-02T00:00:01',
      request_time: '2026-03-01T11:59:59',
      owner: 'alice',
      flow_removed_at: '2026-03-02T00:00:00',
      last_removed_at: '2026-03-01T23:00:00',
      last_deployed_at: null,
      execution_rounds: 4,
      leftover_switch: S2,
      sb_priority: 100,
      queue_id: -1,
      end_date: null,
      active: false,
    });
  });

  it('orders a hop taken from the larger end as Kytos orders links (endpoint_a the smaller)', () => {
    const reversed: EvcStatus = { ...status, currentPath: [{ linkId: L12, fromA: `${S2}:2`, toZ: `${S1}:2`, sVlan: 7 }], failoverPath: [] };
    expect(toEvcDocument(cfg, reversed).current_path).toEqual([bare(L12, S1, 2, S2, 2, 7)]);
  });

  it('shows an archived, disabled circuit as such', () => {
    const doc = toEvcDocument({ ...cfg, archived: true, enabled: false }, { ...status, active: false, currentPath: [], failoverPath: [] });
    expect([doc.archived, doc.enabled, doc.active, doc.current_path, doc.failover_path]).toEqual([true, false, false, [], []]);
  });
});

describe('uniDocument', () => {
  const at = `${S1}:1`;
  it.each([
    ['EPL', { kind: 'epl' } as const, null],
    ['untagged', { kind: 'untagged' } as const, { tag_type: 'vlan', value: 'untagged' }],
    ['any', { kind: 'any' } as const, { tag_type: 'vlan', value: 'any' }],
    ['one VID', { kind: 'vlan', vid: 100 } as const, { tag_type: 'vlan', value: 100 }],
    ['an aligned block', { kind: 'range', ranges: [[100, 103]] } as const, { tag_type: 'vlan', value: [[100, 103]], mask_list: ['100/4092'] }],
    [
      'the §1.3 example',
      { kind: 'range', ranges: [[1, 500], [2096, 2096], [3001, 3001]] } as const,
      {
        tag_type: 'vlan',
        value: [[1, 500], [2096, 2096], [3001, 3001]],
        mask_list: [1, '2/4094', '4/4092', '8/4088', '16/4080', '32/4064', '64/4032', '128/3968', '256/3968', '384/4032', '448/4064', '480/4080', '496/4092', 500, 2096, 3001],
      },
    ],
  ])('%s', (_, tag, expected) => {
    expect(uniDocument({ interfaceId: at, tag })).toEqual({ interface_id: at, tag: expected });
  });
});

describe('kytosTime and queueIdOf', () => {
  it.each([
    ['2026-03-01T12:00:00.999Z', '2026-03-01T12:00:00'],
    ['2026-03-01T12:00:00+02:00', '2026-03-01T10:00:00'],
    ['not a time', 'not a time'],
  ])('kytosTime(%s) is %s', (iso, text) => {
    expect(kytosTime(iso)).toBe(text);
  });

  it.each([
    [undefined, undefined, -1],
    [undefined, 3, null],
    [0, undefined, 0],
    [7, 3, 7],
  ])('queueIdOf(%p, default %p) is %p', (q, d, shown) => {
    expect(queueIdOf(q, d)).toBe(shown);
  });
});
