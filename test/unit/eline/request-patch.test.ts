/** PATCH /v2/evc/{id} bodies (kytos-api.md §1.8): what changes, what needs a redeploy, Kytos's refusals. */
import type { EvcConfig } from '../../../src/eline/model';
import { parsePatchRequest, type PatchContext, type PatchResult } from '../../../src/eline/request';

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';
const L12 = 'cf0f4071be426b3f745027f5d22bc61f8312ae86293c9b28e7e66015607a9260';
const API = 'The request body contains invalid API data., ';

/** An inter-switch EVPL with a static primary path and no dynamic paths. */
const current: EvcConfig = {
  id: '0123456789abcd',
  name: 'e1',
  uniA: { interfaceId: `${S1}:1`, tag: { kind: 'vlan', vid: 100 } },
  uniZ: { interfaceId: `${S2}:1`, tag: { kind: 'vlan', vid: 200 } },
  primaryPath: [{ id: L12, endpointA: `${S1}:2`, endpointB: `${S2}:2` }],
  backupPath: [],
  primaryLinks: [],
  backupLinks: [],
  dynamicBackupPath: false,
  primaryConstraints: {},
  secondaryConstraints: {},
  queueId: undefined,
  sbPriority: undefined,
  serviceLevel: 0,
  maxPaths: 2,
  bandwidth: 0,
  metadata: { k: 1 },
  enabled: true,
  archived: false,
  circuitScheduler: [],
  startDate: '2026-03-01T12:00:00.000Z',
  endDate: undefined,
  creationTime: '2026-03-01T12:00:00.000Z',
};

/** The same circuit on one switch, with dynamic paths. */
const intra: EvcConfig = { ...current, uniZ: { interfaceId: `${S1}:3`, tag: { kind: 'vlan', vid: 200 } }, primaryPath: [], dynamicBackupPath: true };

const ctx: PatchContext = { newScheduleId: () => 'sched-9' };

function patched(body: unknown, cur: EvcConfig = current, c: PatchContext = ctx): PatchResult {
  const r = parsePatchRequest(cur, body, c);
  if (!r.ok) throw new Error(`refused: ${r.error.description}`);
  return r.value;
}

function refused(body: unknown, cur: EvcConfig = current): { status: number; description: string } {
  const r = parsePatchRequest(cur, body, ctx);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

describe('parsePatchRequest: accepted bodies', () => {
  it('leaves the circuit alone for an empty body', () => {
    expect(patched({})).toEqual({ next: current, needsRedeploy: false, changed: [] });
  });

  it.each([
    ['name', { name: 'renamed' }, { name: 'renamed' }],
    ['service_level', { service_level: 7 }, { serviceLevel: 7 }],
    ['max_paths', { max_paths: 10 }, { maxPaths: 10 }],
    ['bandwidth', { bandwidth: 1000 }, { bandwidth: 1000 }],
    ['metadata (replaced, not merged)', { metadata: { x: 'y' } }, { metadata: { x: 'y' } }],
    ['enabled', { enabled: false }, { enabled: false }],
    ['start_date', { start_date: '2026-04-01T00:00:00' }, { startDate: '2026-04-01T00:00:00.000Z' }],
    ['end_date', { end_date: '2026-04-01T00:00:00+01:00' }, { endDate: '2026-03-31T23:00:00.000Z' }],
    ['circuit_scheduler (replaced)', { circuit_scheduler: [{ frequency: '0 * * * *' }] }, { circuitScheduler: [{ id: 'sched-9', action: 'create', frequency: '0 * * * *' }] }],
  ])('updates %s without a redeploy', (key, body, change) => {
    expect(patched(body)).toEqual({ next: { ...current, ...change }, needsRedeploy: false, changed: [key.split(' ')[0]] });
  });

  it.each([
    ['uni_a', { uni_a: { interface_id: `${S1}:1`, tag: { tag_type: 'vlan', value: 300 } } }, { uniA: { interfaceId: `${S1}:1`, tag: { kind: 'vlan', vid: 300 } } }],
    ['uni_z', { uni_z: { interface_id: `${S2}:1` } }, { uniZ: { interfaceId: `${S2}:1`, tag: { kind: 'epl' } } }],
    ['primary_path', { primary_path: [{ endpoint_a: { id: `${S2}:2` }, endpoint_b: { id: `${S1}:2` } }] }, {}],
    ['backup_path', { backup_path: [{ endpoint_a: { id: `${S1}:2` }, endpoint_b: { id: `${S2}:2` } }] }, { backupPath: current.primaryPath }],
    ['dynamic_backup_path', { dynamic_backup_path: true }, { dynamicBackupPath: true }],
    ['queue_id', { queue_id: 3 }, { queueId: 3 }],
    ['sb_priority', { sb_priority: 1000 }, { sbPriority: 1000 }],
    ['primary_constraints', { primary_constraints: { spf_attribute: 'priority' } }, { primaryConstraints: { spfAttribute: 'priority' } }],
    ['secondary_constraints', { secondary_constraints: {} }, {}],
  ])('updates %s with a redeploy', (key, body, change) => {
    expect(patched(body)).toEqual({ next: { ...current, ...change }, needsRedeploy: true, changed: [key] });
  });

  it('redeploys for a redeploy attribute even when its value is unchanged', () => {
    expect(patched({ queue_id: null }).needsRedeploy).toBe(true);
    expect(patched({ queue_id: null }).next).toEqual(current);
  });

  it('resolves queue_id -1 to the configured default queue, and sb_priority 0 to the defaults', () => {
    const withQueue = { ...current, queueId: 5, sbPriority: 7 };
    const r = patched({ queue_id: -1, sb_priority: 0 }, withQueue, { ...ctx, defaultQueue: 2 });
    expect([r.next.queueId, r.next.sbPriority]).toEqual([2, undefined]);
    expect(patched({ queue_id: -1 }, withQueue).next.queueId).toBeUndefined();
  });

  it('lists the changed attributes in body order and keeps owner apart', () => {
    const r = patched({ owner: 'alice', enabled: false, name: 'n' });
    expect(r).toEqual({ next: { ...current, enabled: false, name: 'n' }, needsRedeploy: false, changed: ['owner', 'enabled', 'name'], owner: 'alice' });
  });

  it('names the old switch when an intra-switch circuit becomes inter-switch', () => {
    const r = patched({ uni_z: { interface_id: `${S3}:1`, tag: { tag_type: 'vlan', value: 200 } } }, intra);
    expect(r.leftoverSwitch).toBe(S1);
    expect(r.next.uniZ).toEqual({ interfaceId: `${S3}:1`, tag: { kind: 'vlan', vid: 200 } });
  });

  it('names no leftover switch otherwise', () => {
    expect(patched({ uni_z: { interface_id: `${S1}:4` } }, intra).leftoverSwitch).toBeUndefined();
    expect(patched({ uni_z: { interface_id: `${S1}:4` } }, { ...current, dynamicBackupPath: true }).leftoverSwitch).toBeUndefined();
  });

  it('accepts the same ranges put on both UNIs in one body', () => {
    const tag = { tag_type: 'vlan', value: [[10, 20]] };
    const r = patched({ uni_a: { interface_id: `${S1}:1`, tag }, uni_z: { interface_id: `${S2}:1`, tag } });
    expect(r.next.uniA.tag).toEqual({ kind: 'range', ranges: [[10, 20]] });
    expect(r.next.uniZ.tag).toEqual({ kind: 'range', ranges: [[10, 20]] });
  });

  it('lets dynamic paths stand in for an emptied primary path', () => {
    expect(patched({ primary_path: [], dynamic_backup_path: true }).next.primaryPath).toEqual([]);
    expect(patched({ primary_path: [] }, { ...current, dynamicBackupPath: true }).next.primaryPath).toEqual([]);
  });
});

describe('parsePatchRequest: refusals (400)', () => {
  it.each([
    ['active', { active: false }, "Additional properties are not allowed ('active' was unexpected) for field ."],
    ['enable (the old name)', { enable: true }, "Additional properties are not allowed ('enable' was unexpected) for field ."],
    ['current_path and id', { current_path: [], id: 'x' }, "Additional properties are not allowed ('current_path', 'id' were unexpected) for field ."],
    ['a number owner', { owner: 1 }, "1 is not of type 'string' for field owner."],
    ['end_date null', { end_date: null }, "None is not of type 'string' for field end_date."],
    ['a string body', 'x', "'x' is not of type 'object' for field ."],
  ])('schema: %s', (_, body, message) => {
    expect(refused(body)).toEqual({ status: 400, description: `${API}${message}` });
  });

  it.each([
    ['primary_links', { primary_links: [] }, "primary_links can't be updated."],
    ['backup_links, after an updatable key', { name: 'n', backup_links: [] }, "backup_links can't be updated."],
    ['a range on one UNI', { uni_a: { interface_id: `${S1}:1`, tag: { tag_type: 'vlan', value: [[1, 5]] } } }, 'UNI_A and UNI_Z tag lists should be the same.'],
    ['tag lists before non-updatable keys', { primary_links: [], uni_z: { interface_id: `${S2}:1`, tag: { tag_type: 'vlan', value: [7] } } }, 'UNI_A and UNI_Z tag lists should be the same.'],
    ['an emptied primary path', { primary_path: [] }, 'The EVC must have a primary path or allow dynamic paths.'],
    ['primary path rule before non-updatable keys', { backup_links: [], primary_path: [] }, 'The EVC must have a primary path or allow dynamic paths.'],
    ['a bad UNI', { uni_a: { interface_id: '00:00:00:00:00:00:00:0A:1' } }, 'Error creating UNI: Invalid value'],
    ['VID 0', { uni_a: { interface_id: `${S1}:1`, tag: { tag_type: 'vlan', value: 0 } } }, `KytosTagsAreNotAvailable, The tags [[0, 0]] are not available in ${S1}:1`],
    ['a bad link end', { backup_path: [{ endpoint_a: { id: 'x' }, endpoint_b: { id: `${S2}:2` } }] }, 'Could not get interface endpoint_a id x'],
    ['a bad scheduler action', { circuit_scheduler: [{ action: 'pause', date: '2026-05-01T10:00:00' }] }, "Scheduler action must be 'create' or 'remove'"],
  ])('%s', (_, body, description) => {
    expect(refused(body)).toEqual({ status: 400, description });
  });

  it('refuses dynamic_backup_path false on an intra-to-inter change without a primary path', () => {
    const body = { dynamic_backup_path: false, uni_z: { interface_id: `${S2}:1` } };
    expect(refused(body, intra).description).toBe('The EVC must have a primary path or allow dynamic paths.');
    expect(patched({ dynamic_backup_path: false }, intra).next.dynamicBackupPath).toBe(false);
  });
});
