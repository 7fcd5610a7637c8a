/**
 * Circuit schedules through the circuit service in virtual time (kytos-api.md §1.2, §1.6; issue 8):
 * a circuit created with circuit_scheduler entries waits for them, `create` deploys and enables it
 * at its instant and `remove` takes its flows away and disables it; hourly creates and cron removes
 * alternate across midnight at the end of a year; two circuits on one UNI port come up at the same
 * instant; a PATCH replaces the jobs, DELETE stops them, and the circuit's start and end dates bound
 * recurring entries. Every instant is worked out by hand and written out.
 */
import { advanceTo, DOWN, eventsFor, ms, pending, state, UP } from '../../support/eline-schedule';
import { circuitRows, ringHarness, S1, S2, S3, uniBody, type ElineHarness } from '../../support/eline-harness';

const A = `${S1}:1`;
const Z = `${S3}:1`;



async function ring(startIso?: string): Promise<ReturnType<typeof ringHarness>> {
  const h = ringHarness(startIso === undefined ? {} : { startMs: ms(startIso) });
  await h.evcs.load();
  return h;
}




function scheduleIds(h: ElineHarness, id: string): string[] {
  return h.evcs.get(id)?.config.circuitScheduler.map((e) => e.id) ?? [];
}


describe('one-shot create and remove', () => {
  it('the circuit waits undeployed, comes up at the create instant and goes at the remove instant', async () => {
    // The harness clock starts at 2026-11-21T09:00:00Z.
    const h = await ring();
    const { circuitId: id, deployed } = await h.evcs.create({
      name: 'scheduled',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [
        { date: '2026-11-21T09:00:10Z', action: 'create' },
        { date: '2026-11-21T09:00:20Z', action: 'remove' },
      ],
    });
    expect(deployed).toBe(false);
    await h.settle();
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    const [create, remove] = scheduleIds(h, id);
    expect(pending(h)).toEqual({ [`${id}/${create}`]: '2026-11-21T09:00:10.000Z', [`${id}/${remove}`]: '2026-11-21T09:00:20.000Z' });

    await advanceTo(h, '2026-11-21T09:00:09.999Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(0);

    await advanceTo(h, '2026-11-21T09:00:10Z');
    expect(state(h, id)).toEqual(UP);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(1);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ [create ?? '']: '2026-11-21T09:00:10.000Z' });
    expect(pending(h)).toEqual({ [`${id}/${remove}`]: '2026-11-21T09:00:20.000Z' });

    await advanceTo(h, '2026-11-21T09:00:19.999Z');
    expect(state(h, id)).toEqual(UP);

    await advanceTo(h, '2026-11-21T09:00:20Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.evcs.get(id)?.status.reason).toBe('removed by its schedule');
    expect(eventsFor(h, 'mef_eline.undeployed', id)).toBe(1);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ [create ?? '']: '2026-11-21T09:00:10.000Z', [remove ?? '']: '2026-11-21T09:00:20.000Z' });
    expect(pending(h)).toEqual({});

    // Nothing more happens.
    const sent = h.installer.sent.length;
    await advanceTo(h, '2026-11-22T09:00:00Z');
    expect(h.installer.sent).toHaveLength(sent);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(1);
    expect(h.clock.pending).toBe(0);
    h.close();
  });

  it('enabled:true with a scheduler: the body is honoured, the circuit is deployed at creation', async () => {
    // Kytos leaves a scheduled circuit undeployed whatever `enabled` says; we honour an explicit
    // enabled:true (README), as we honour enabled:false. Without `enabled` it waits for its schedule.
    const h = await ring();
    const { circuitId: id, deployed } = await h.evcs.create({
      name: 'scheduled',
      enabled: true,
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [{ date: '2026-11-21T09:00:10Z' }],
    });
    expect(deployed).toBe(true);
    expect(state(h, id)).toEqual(UP);
    // The create at its instant finds it deployed and sends nothing.
    const sent = h.installer.sent.length;
    await advanceTo(h, '2026-11-21T09:00:10Z');
    expect(state(h, id)).toEqual(UP);
    expect(h.installer.sent).toHaveLength(sent);
    expect(Object.values(h.evcs.get(id)?.status.scheduleRuns ?? {})).toEqual(['2026-11-21T09:00:10.000Z']);
    h.close();
  });
  it("a remove that falls due while the create's deploy waits for the switches runs after it, on the circuit's queue", async () => {
    const h = await ring();
    const { circuitId: id } = await h.evcs.create({
      name: 'slow',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [
        { date: '2026-11-21T09:00:10Z', action: 'create' },
        { date: '2026-11-21T09:00:20Z', action: 'remove' },
      ],
    });
    h.installer.hold();
    await advanceTo(h, '2026-11-21T09:00:20Z');
    // The create's change sets wait; the remove waits for its turn.
    expect(h.installer.waiting).toBeGreaterThan(0);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(0);
    while (h.installer.release() > 0) await h.settle();
    h.installer.resume();
    await h.settle();
    expect(state(h, id)).toEqual(DOWN);
    expect(h.eventsOf('mef_eline.deployed', 'mef_eline.undeployed').map((e) => e.type)).toEqual(['mef_eline.deployed', 'mef_eline.undeployed']);
    h.close();
  });
});

describe('recurring entries', () => {
  it('an hourly create and a cron remove at minute 30 alternate across midnight at the end of the year', async () => {
    const h = await ring('2026-12-31T22:00:00Z');
    const { circuitId: id } = await h.evcs.create({
      name: 'alternating',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      start_date: '2026-12-31T22:15:00Z',
      circuit_scheduler: [
        { interval: { hours: 1 }, action: 'create' },
        { frequency: '30 * * * *', action: 'remove' },
      ],
    });
    const [create, remove] = scheduleIds(h, id);
    expect(pending(h)).toEqual({ [`${id}/${create}`]: '2026-12-31T22:15:00.000Z', [`${id}/${remove}`]: '2026-12-31T22:30:00.000Z' });

    // Creates at 22:15, 23:15, 00:15, 01:15; removes at 22:30, 23:30, 00:30, 01:30 (the first of them on the start date).
    const steps: [string, typeof UP][] = [
      ['2026-12-31T22:14:59Z', DOWN],
      ['2026-12-31T22:15:00Z', UP],
      ['2026-12-31T22:29:59Z', UP],
      ['2026-12-31T22:30:00Z', DOWN],
      ['2026-12-31T23:14:59Z', DOWN],
      ['2026-12-31T23:15:00Z', UP],
      ['2026-12-31T23:30:00Z', DOWN],
      ['2026-12-31T23:59:59Z', DOWN],
      ['2027-01-01T00:15:00Z', UP],
      ['2027-01-01T00:29:59Z', UP],
      ['2027-01-01T00:30:00Z', DOWN],
      ['2027-01-01T01:15:00Z', UP],
      ['2027-01-01T01:30:00Z', DOWN],
    ];
    for (const [when, expected] of steps) {
      await advanceTo(h, when);
      expect({ when, ...state(h, id) }).toEqual({ when, ...expected });
    }
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(4);
    expect(eventsFor(h, 'mef_eline.undeployed', id)).toBe(4);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ [create ?? '']: '2027-01-01T01:15:00.000Z', [remove ?? '']: '2027-01-01T01:30:00.000Z' });
    expect(pending(h)).toEqual({ [`${id}/${create}`]: '2027-01-01T02:15:00.000Z', [`${id}/${remove}`]: '2027-01-01T02:30:00.000Z' });
    expect(h.clock.pending).toBe(1);
    h.close();
  });

  it('an interval counted from a start date that is the creation time runs first one interval later', async () => {
    const h = await ring('2026-12-31T22:00:00Z');
    const { circuitId: id } = await h.evcs.create({
      name: 'hourly',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [{ interval: { hours: 1 }, action: 'create' }],
    });
    expect(h.evcs.get(id)?.config.startDate).toBe('2026-12-31T22:00:00.000Z');
    const [create] = scheduleIds(h, id);
    expect(pending(h)).toEqual({ [`${id}/${create}`]: '2026-12-31T23:00:00.000Z' });
    await advanceTo(h, '2026-12-31T22:59:59Z');
    expect(state(h, id)).toEqual(DOWN);
    await advanceTo(h, '2026-12-31T23:00:00Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });

  it("the circuit's start and end dates bound recurring entries", async () => {
    // Removes every 10 min from the start date (09:35, 09:45, 09:55; 10:05 is past the end); creates
    // at minutes 0, 10, 20… (09:40, 09:50, 10:00; 09:10 to 09:30 are before the start).
    const h = await ring();
    const { circuitId: id } = await h.evcs.create({
      name: 'bounded',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      start_date: '2026-11-21T09:35:00Z',
      end_date: '2026-11-21T10:00:00Z',
      circuit_scheduler: [
        { frequency: '*/10 * * * *', action: 'create' },
        { interval: { minutes: 10 }, action: 'remove' },
      ],
    });
    const [create, remove] = scheduleIds(h, id);
    expect(pending(h)).toEqual({ [`${id}/${create}`]: '2026-11-21T09:40:00.000Z', [`${id}/${remove}`]: '2026-11-21T09:35:00.000Z' });
    const steps: [string, typeof UP][] = [
      ['2026-11-21T09:34:59Z', DOWN],
      ['2026-11-21T09:35:00Z', DOWN],
      ['2026-11-21T09:40:00Z', UP],
      ['2026-11-21T09:45:00Z', DOWN],
      ['2026-11-21T09:50:00Z', UP],
      ['2026-11-21T09:55:00Z', DOWN],
      ['2026-11-21T10:00:00Z', UP],
      ['2026-11-21T10:05:00Z', UP],
      ['2026-11-21T12:00:00Z', UP],
    ];
    for (const [when, expected] of steps) {
      await advanceTo(h, when);
      expect({ when, ...state(h, id) }).toEqual({ when, ...expected });
    }
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(3);
    // 09:35 removed nothing: the circuit was not deployed.
    expect(eventsFor(h, 'mef_eline.undeployed', id)).toBe(2);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ [create ?? '']: '2026-11-21T10:00:00.000Z', [remove ?? '']: '2026-11-21T09:55:00.000Z' });
    expect(pending(h)).toEqual({});
    expect(h.clock.pending).toBe(0);
    h.close();
  });
});

describe('several circuits', () => {
  it('two circuits on the same UNI ports with different VIDs are created at the same instant, each with its own flows and S-VLAN', async () => {
    const h = await ring();
    const ids: string[] = [];
    for (const vid of [100, 200]) {
      const { circuitId } = await h.evcs.create({
        name: `vid${vid}`,
        uni_a: uniBody(A, vid),
        uni_z: uniBody(Z, vid),
        dynamic_backup_path: true,
        circuit_scheduler: [
          { date: '2026-11-21T09:00:10Z', action: 'create' },
          { date: vid === 100 ? '2026-11-21T09:00:30Z' : '2026-11-21T09:00:40Z', action: 'remove' },
        ],
      });
      ids.push(circuitId);
    }
    const [a, b] = ids as [string, string];
    const [ca, ra] = scheduleIds(h, a);
    const [cb, rb] = scheduleIds(h, b);
    expect(pending(h)).toEqual({
      [`${a}/${ca}`]: '2026-11-21T09:00:10.000Z',
      [`${a}/${ra}`]: '2026-11-21T09:00:30.000Z',
      [`${b}/${cb}`]: '2026-11-21T09:00:10.000Z',
      [`${b}/${rb}`]: '2026-11-21T09:00:40.000Z',
    });
    await advanceTo(h, '2026-11-21T09:00:10Z');
    expect(state(h, a)).toEqual(UP);
    expect(state(h, b)).toEqual(UP);
    const keysA = circuitRows(h, a).map((r) => r.key);
    const keysB = circuitRows(h, b).map((r) => r.key);
    expect(keysA.filter((k) => keysB.includes(k))).toEqual([]);
    const pathA = h.evcs.get(a)?.status.currentPath ?? [];
    const pathB = h.evcs.get(b)?.status.currentPath ?? [];
    expect(pathA.map((p) => p.linkId)).toEqual(pathB.map((p) => p.linkId));
    expect(pathA[0]?.sVlan).not.toBe(pathB[0]?.sVlan);

    // a goes at 09:00:30; b keeps its flows untouched until 09:00:40.
    const rowsB = circuitRows(h, b);
    await advanceTo(h, '2026-11-21T09:00:30Z');
    expect(state(h, a)).toEqual(DOWN);
    expect(state(h, b)).toEqual(UP);
    expect(circuitRows(h, b)).toEqual(rowsB);
    await advanceTo(h, '2026-11-21T09:00:40Z');
    expect(state(h, b)).toEqual(DOWN);
    expect(h.flowStore.list({ owner: 'mef_eline' })).toEqual([]);
    h.close();
  });
});

describe('changing and deleting', () => {
  it("a PATCH of circuit_scheduler replaces the circuit's jobs: the old instant does nothing, the new one runs", async () => {
    const h = await ring();
    const { circuitId: id } = await h.evcs.create({
      name: 'patched',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [{ date: '2026-11-21T09:00:10Z', action: 'create' }],
    });
    await advanceTo(h, '2026-11-21T09:00:05Z');
    await h.evcs.update(id, { circuit_scheduler: [{ date: '2026-11-21T09:00:20Z', action: 'create' }] });
    const [entry] = scheduleIds(h, id);
    expect(pending(h)).toEqual({ [`${id}/${entry}`]: '2026-11-21T09:00:20.000Z' });
    await advanceTo(h, '2026-11-21T09:00:19Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    await advanceTo(h, '2026-11-21T09:00:20Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });

  it('the schedule API: an updated entry runs at its new instant, a removed one never, an added one at its own', async () => {
    const h = await ring();
    const { circuitId: id } = await h.evcs.create({
      name: 'api',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [
        { id: 'up', date: '2026-11-21T09:00:10Z', action: 'create' },
        { id: 'down', date: '2026-11-21T09:00:20Z', action: 'remove' },
      ],
    });
    await h.evcs.updateSchedule('up', { action: 'create', date: '2026-11-21T09:00:30.000Z' });
    await h.evcs.removeSchedule('down');
    await h.evcs.addSchedule(id, { id: 'later', action: 'remove', date: '2026-11-21T09:00:40.000Z' });
    expect(pending(h)).toEqual({ [`${id}/up`]: '2026-11-21T09:00:30.000Z', [`${id}/later`]: '2026-11-21T09:00:40.000Z' });
    await advanceTo(h, '2026-11-21T09:00:29Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.installer.sent).toEqual([]);
    await advanceTo(h, '2026-11-21T09:00:30Z');
    expect(state(h, id)).toEqual(UP);
    await advanceTo(h, '2026-11-21T09:00:39Z');
    expect(state(h, id)).toEqual(UP);
    await advanceTo(h, '2026-11-21T09:00:40Z');
    expect(state(h, id)).toEqual(DOWN);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({ up: '2026-11-21T09:00:30.000Z', later: '2026-11-21T09:00:40.000Z' });
    h.close();
  });

  it('a PATCH that does not touch circuit_scheduler keeps the jobs', async () => {
    const h = await ring();
    const { circuitId: id } = await h.evcs.create({
      name: 'kept',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(`${S2}:1`, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [{ interval: { minutes: 10 }, action: 'create' }],
    });
    await advanceTo(h, '2026-11-21T09:05:00Z');
    await h.evcs.update(id, { name: 'renamed' });
    await advanceTo(h, '2026-11-21T09:09:59Z');
    expect(state(h, id)).toEqual(DOWN);
    await advanceTo(h, '2026-11-21T09:10:00Z');
    expect(state(h, id)).toEqual(UP);
    h.close();
  });

  it('an entry changed while its due run waited for the circuit does not run in its old form', async () => {
    const h = await ring();
    const { circuitId: id } = await h.evcs.create({ name: 'busy', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 100), dynamic_backup_path: true });
    await h.evcs.addSchedule(id, { id: 'off', action: 'remove', date: '2026-11-21T09:00:10.000Z' });
    await advanceTo(h, '2026-11-21T09:00:08Z');
    expect(state(h, id)).toEqual(UP);
    // A redeploy holds the circuit while its switches answer; the schedule's PATCH waits behind it,
    // and the remove that falls due at 09:00:10 waits behind the PATCH.
    h.installer.hold();
    const redeployed = h.evcs.redeploy(id, true);
    await h.settle();
    expect(h.installer.waiting).toBeGreaterThan(0);
    await advanceTo(h, '2026-11-21T09:00:09Z');
    const updated = h.evcs.updateSchedule('off', { action: 'remove', date: '2026-11-21T09:05:00.000Z' });
    await advanceTo(h, '2026-11-21T09:00:10Z');
    h.installer.resume();
    expect(await redeployed).toBe(true);
    await updated;
    await h.settle();
    expect(state(h, id)).toEqual(UP);
    expect(h.evcs.get(id)?.status.scheduleRuns).toEqual({});
    expect(pending(h)).toEqual({ [`${id}/off`]: '2026-11-21T09:05:00.000Z' });
    await advanceTo(h, '2026-11-21T09:04:59Z');
    expect(state(h, id)).toEqual(UP);
    await advanceTo(h, '2026-11-21T09:05:00Z');
    expect(state(h, id)).toEqual(DOWN);
    h.close();
  });

  it('DELETE of the circuit stops its schedules', async () => {
    const h = await ring();
    const { circuitId: id } = await h.evcs.create({
      name: 'deleted',
      uni_a: uniBody(A, 100),
      uni_z: uniBody(Z, 100),
      dynamic_backup_path: true,
      circuit_scheduler: [
        { date: '2026-11-21T09:00:10Z', action: 'create' },
        { interval: { minutes: 1 }, action: 'create' },
      ],
    });
    await advanceTo(h, '2026-11-21T09:00:05Z');
    await h.evcs.remove(id);
    expect(pending(h)).toEqual({});
    await advanceTo(h, '2026-11-21T10:00:00Z');
    expect(h.installer.sent).toEqual([]);
    expect(eventsFor(h, 'mef_eline.deployed', id)).toBe(0);
    expect(circuitRows(h, id)).toEqual([]);
    expect(h.evcs.get(id)?.config.archived).toBe(true);
    expect(h.evcs.listSchedules()).toEqual({ circuits: 0, entries: [] });
    h.close();
  });
});
