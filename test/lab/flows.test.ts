/**
 * Flows on real Open vSwitch: the controller (src/app.ts) runs in this process on a temp data dir,
 * with a 2 s reconcile interval, and a linear,2 lab points at it. s1 takes 1,000 flows through
 * FlowService.install; s2 is where the consistency checks happen: an alien flow in a cookie range we
 * own is removed and one outside them kept, a flow deleted by hand comes back, and a flow the switch
 * refuses is reported to its owner and not sent again.
 *
 * Needs root and the lab packages; same gate as ring.test.ts. Every wait polls until a deadline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ownedCookie, type FlowSpec } from '../../src/flows/flowspec';
import { type Lab, startLab } from '../../src/lab';
import { pollUntil } from '../support/poll';
import {
  circuitFlow,
  dumpFlows,
  flowDurationS,
  labGate,
  type LabController,
  type OfctlFlow,
  type ReconcileRecord,
  startLabController,
} from '../support/lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const RECONCILE_INTERVAL_MS = 2000;
/** "Within one interval": the interval, plus the reconcile's own run and a loaded CI machine's lag. */
const WITHIN_ONE_INTERVAL_MS = RECONCILE_INTERVAL_MS + 1500;
const OF13 = ['-O', 'OpenFlow13'];

/** What the timings line of this file says at the end. */
const timings: string[] = [];
const note = (line: string): void => {
  timings.push(line);
};

/** A dumped flow without the fields that change with time and traffic. Pure. */
function stable(f: OfctlFlow | undefined): { fields: Record<string, string>; actions: string } | undefined {
  if (f === undefined) return undefined;
  const { duration: _d, n_packets: _p, n_bytes: _b, ...fields } = f.fields;
  return { fields, actions: f.actions };
}

describeLab('flows on Open vSwitch (in-process controller, linear,2)', () => {
  const labLog = pino({ level: process.env.LAB_TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const dataDir = mkdtempSync(join(tmpdir(), 'isthmus-lab-flows-'));
  let ctl: LabController | undefined;
  let lab: Lab | undefined;

  beforeAll(async () => {
    if (gate.kind === 'fail') throw new Error(`the lab cannot run here: ${gate.reason}`);
    const t0 = Date.now();
    const c = await startLabController({ dataDir, settings: { reconcileIntervalMs: RECONCILE_INTERVAL_MS }, events: ['flow.error'] });
    ctl = c;
    lab = await startLab({ topology: 'linear,2', controller: { host: '127.0.0.1', port: c.ofPort }, log: labLog });
    // Settled: both switches connected, reconciled on connect, and their LLDP flow confirmed.
    await pollUntil(
      () =>
        [S1, S2].every(
          (d) => c.reconciles.some((r) => r.dpid === d && r.report?.result.ok === true) && c.controller.flows.rows(d).some((r) => r.owner === 'of_lldp' && r.state === 'installed'),
        ),
      { timeoutMs: 20_000, intervalMs: 20, what: 's1 and s2 connected, reconciled and holding their LLDP flow' },
    );
    note(`linear,2 up, both switches reconciled: ${Date.now() - t0} ms`);
  }, 60_000);

  afterAll(async () => {
    // Runs after a failure too: nothing the tests started may outlive them.
    await ctl?.stop();
    await lab?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (timings.length > 0) process.stderr.write(`\n${__filename}:\n${timings.map((t) => `  ${t}`).join('\n')}\n`);
  }, 60_000);

  const rig = (): { ctl: LabController; lab: Lab } => {
    if (ctl === undefined || lab === undefined) throw new Error('the lab did not start');
    return { ctl, lab };
  };

  /** The first reconcile of `dpid` that started at or after `since` (ms) and read the switch's flows. */
  const reconcileSince = (c: LabController, dpid: string, since: number, what: string): Promise<ReconcileRecord> =>
    pollUntil(() => c.reconciles.find((r) => r.dpid === dpid && r.startedAt >= since && r.report !== undefined), {
      timeoutMs: WITHIN_ONE_INTERVAL_MS,
      intervalMs: 20,
      what,
    });

  const byCookie = (flows: readonly OfctlFlow[], cookie: string): OfctlFlow[] => flows.filter((f) => f.fields.cookie === cookie);

  it('installs 1,000 flows on s1, confirmed by barrier, all in dump-flows as sent, stored as installed', async () => {
    const { ctl: c, lab: l } = rig();
    const flows = Array.from({ length: 1000 }, (_, n) => circuitFlow(S1, n));
    const t0 = Date.now();
    const results = await c.controller.flows.install('mef_eline', flows);
    const installMs = Date.now() - t0;
    expect([...results]).toEqual([[S1, { ok: true, sent: 1000 }]]);

    const dumped = (await dumpFlows(l, 's1')).filter((f) => f.fields.cookie?.startsWith('0xaa'));
    expect(dumped).toHaveLength(1000);
    // Cookies 0xaa00000000000001 … 0xaa000000000003e8, one flow each.
    const cookies = new Set(dumped.map((f) => f.fields.cookie));
    expect(cookies.size).toBe(1000);
    expect(cookies.has('0xaa00000000000001')).toBe(true);
    expect(cookies.has('0xaa000000000003e8')).toBe(true);

    // One flow of each shape (support/lab.ts circuitFlow), as ovs-ofctl prints it, written out by hand.
    const sample = (cookie: string): ReturnType<typeof stable> => stable(byCookie(dumped, cookie)[0]);
    expect(sample('0xaa00000000000001')).toEqual({
      fields: { cookie: '0xaa00000000000001', table: '0', priority: '20000', in_port: '1', dl_vlan: '1' },
      // 6097 = OFPVID_PRESENT (4096) | 2001: the controller adds the present bit a set_field VID carries.
      actions: 'set_field:6097->vlan_vid,output:2',
    });
    expect(sample('0xaa00000000000002')).toEqual({
      fields: { cookie: '0xaa00000000000002', table: '0', priority: '20000', in_port: '2', dl_vlan: '2' },
      actions: 'push_vlan:0x88a8,set_field:4098->vlan_vid,output:1',
    });
    expect(sample('0xaa00000000000003')).toEqual({
      fields: { cookie: '0xaa00000000000003', table: '0', priority: '15000', ip: '', in_port: '1', dl_vlan: '3', nw_dst: '10.0.2.0/24' },
      actions: 'pop_vlan,output:2',
    });
    expect(sample('0xaa00000000000004')).toEqual({
      fields: { cookie: '0xaa00000000000004', table: '0', priority: '12000', in_port: '2', dl_vlan: '4', dl_src: '0e:00:00:00:00:00/ff:ff:ff:00:00:00' },
      actions: 'write_actions(output:1,set_field:4100->vlan_vid),write_metadata:0xab/0xff,goto_table:1',
    });
    expect(sample('0xaa00000000000005')).toEqual({
      fields: { cookie: '0xaa00000000000005', table: '0', priority: '10000', in_port: '1', dl_vlan: '5' },
      actions: 'CONTROLLER:65535',
    });
    // n = 997: 10.(997 >> 8).(997 & 255).77/24 = 10.3.229.0/24.
    expect(sample('0xaa000000000003e6')).toEqual({
      fields: { cookie: '0xaa000000000003e6', table: '0', priority: '15000', ip: '', in_port: '1', dl_vlan: '998', nw_dst: '10.3.229.0/24' },
      actions: 'pop_vlan,output:2',
    });

    const states = new Map<string, number>();
    for (const r of c.controller.flows.rows(S1).filter((x) => x.owner === 'mef_eline')) states.set(r.state, (states.get(r.state) ?? 0) + 1);
    expect(Object.fromEntries(states)).toEqual({ installed: 1000 });
    note(`1,000 flows on s1: install() → barrier-confirmed result ${installMs} ms`);
  }, 20_000);

  it('removes an alien flow in an owned cookie range within one interval and keeps a flow outside them', async () => {
    const { ctl: c, lab: l } = rig();
    await l.ovsOfctl([...OF13, 'add-flow', 's2', 'cookie=0xaa00000000000099,table=0,priority=777,in_port=1,actions=drop']);
    await l.ovsOfctl([...OF13, 'add-flow', 's2', 'cookie=0x1234,table=0,priority=778,in_port=1,actions=drop']);
    const added = Date.now();
    const before = await dumpFlows(l, 's2');
    expect([byCookie(before, '0xaa00000000000099').length, byCookie(before, '0x1234').length]).toEqual([1, 1]);

    await pollUntil(async () => byCookie(await dumpFlows(l, 's2'), '0xaa00000000000099').length === 0, {
      timeoutMs: WITHIN_ONE_INTERVAL_MS,
      intervalMs: 50,
      what: 'the alien flow 0xaa00000000000099 gone from s2',
    });
    const removedMs = Date.now() - added;
    // The first reconcile that saw both flows has finished: the foreign cookie is still there.
    await reconcileSince(c, S2, added, 'a reconcile of s2 after the alien flows were added');
    const after = await dumpFlows(l, 's2');
    expect(stable(byCookie(after, '0x1234')[0])).toEqual({
      fields: { cookie: '0x1234', table: '0', priority: '778', in_port: '1' },
      actions: 'drop',
    });
    expect(byCookie(after, '0xaa00000000000099')).toEqual([]);
    note(`alien flow in an owned range removed ${removedMs} ms after add-flow (interval ${RECONCILE_INTERVAL_MS} ms)`);
  }, 20_000);

  it('puts back a flow deleted by hand within one interval', async () => {
    const { ctl: c, lab: l } = rig();
    // n = 10: shape 0, in_port=1, VLAN 11, cookie 0xaa…0b.
    const flow = circuitFlow(S2, 10);
    expect([...(await c.controller.flows.install('mef_eline', [flow]))]).toEqual([[S2, { ok: true, sent: 1 }]]);
    const wanted = {
      fields: { cookie: '0xaa0000000000000b', table: '0', priority: '20000', in_port: '1', dl_vlan: '11' },
      actions: 'set_field:6107->vlan_vid,output:2',
    };
    expect(stable(byCookie(await dumpFlows(l, 's2'), '0xaa0000000000000b')[0])).toEqual(wanted);

    await l.ovsOfctl([...OF13, '--strict', 'del-flows', 's2', 'table=0,priority=20000,in_port=1,dl_vlan=11']);
    const deleted = Date.now();
    expect(byCookie(await dumpFlows(l, 's2'), '0xaa0000000000000b')).toEqual([]);

    const back = await pollUntil(async () => byCookie(await dumpFlows(l, 's2'), '0xaa0000000000000b')[0], {
      timeoutMs: WITHIN_ONE_INTERVAL_MS,
      intervalMs: 50,
      what: 'the deleted flow back on s2',
    });
    const backMs = Date.now() - deleted;
    expect(stable(back)).toEqual(wanted);
    // Put back, not left from before: it is younger than the deletion.
    expect(flowDurationS(back)).toBeLessThanOrEqual(backMs / 1000 + 0.01);
    note(`flow deleted by hand back ${backMs} ms after del-flows (interval ${RECONCILE_INTERVAL_MS} ms)`);
  }, 20_000);

  it('reports a flow the switch refuses to its owner, marks it failed, and does not send it again', async () => {
    const { ctl: c, lab: l } = rig();
    // n = 20: shape 0, in_port=1, VLAN 21, cookie 0xaa…15.
    const good = circuitFlow(S2, 20);
    // set_field ipv4_src without eth_type=0x0800 in the match: its prerequisite is missing (OF1.3.5 7.2.3.6).
    const bad: FlowSpec = {
      dpid: S2,
      table: 0,
      priority: 900,
      match: [{ field: 'in_port', value: 2 }],
      instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'ipv4_src', value: '192.0.2.1' } }, { type: 'output', port: 1, maxLen: 0 }] }],
      cookie: ownedCookie('mef_eline', 0x777n),
      idleTimeout: 0,
      hardTimeout: 0,
      flags: 0,
    };
    const errorsBefore = c.events.length;
    const results = await c.controller.flows.install('mef_eline', [good, bad]);
    // OFPET_BAD_ACTION (2) / OFPBAC_MATCH_INCONSISTENT (10), OF1.3.5 7.4.4: Open vSwitch's answer.
    expect([...results]).toEqual([[S2, { ok: false, reason: 'rejected', sent: 2, errors: [{ flow: bad, command: 'add', errType: 2, code: 10 }] }]]);
    const badKey = '00:00:00:00:00:00:00:02/0/900/in_port=2';
    expect(c.events.slice(errorsBefore)).toEqual([
      { type: 'flow.error', owner: 'mef_eline', dpid: S2, key: badKey, errType: 2, code: 10, command: 'add' },
    ]);
    const rows = c.controller.flows.rows(S2);
    expect(rows.filter((r) => r.key === badKey).map((r) => ({ owner: r.owner, state: r.state, error: r.error }))).toEqual([
      { owner: 'mef_eline', state: 'failed', error: 'error type 2 code 10' },
    ]);
    expect(rows.filter((r) => r.key === '00:00:00:00:00:00:00:02/0/20000/in_port=1,vlan_vid=4117').map((r) => r.state)).toEqual(['installed']);

    // A whole reconcile of s2 later: nothing sent, the refused flow still absent and reported once.
    const sentBefore = c.controller.installer.flowModsSent(S2);
    const since = Date.now();
    const rec = await reconcileSince(c, S2, since, 'a reconcile of s2 after the refused install');
    expect({ added: rec.report?.added, modified: rec.report?.modified, removed: rec.report?.removed, ok: rec.report?.result.ok }).toEqual({
      added: 0,
      modified: 0,
      removed: 0,
      ok: true,
    });
    expect(c.controller.installer.flowModsSent(S2)).toBe(sentBefore);
    const dumped = await dumpFlows(l, 's2');
    expect(dumped.filter((f) => f.fields.priority === '900')).toEqual([]);
    expect(byCookie(dumped, '0xaa00000000000015')).toHaveLength(1);
    expect(c.events.slice(errorsBefore)).toHaveLength(1);
  }, 20_000);
});
