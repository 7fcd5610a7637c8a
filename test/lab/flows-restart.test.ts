/**
 * A controller restart leaves the flows alone: the desired flows in the store, canonicalised, equal
 * what Open vSwitch reports back, so the new controller's reconciler finds nothing to repair and
 * sends no FLOW_MOD, and the flows keep their age (duration) on the switch.
 *
 * The controller (src/app.ts) runs in this process on a temp data dir; a linear,2 lab points at it.
 * s1 holds 1,000 circuit-like flows (support/lab.ts circuitFlow); s2 holds one flow of each of the
 * shapes below: match fields and instructions as a service or a flow_manager request may write them
 * (masks with host bits, all-ones and all-zero masks, fields out of order, upper-case MACs, short
 * IPv6 text, every flag, …). The controller is stopped and a new one started on the same data dir
 * and OpenFlow port; once it has reconciled each switch twice (on connect, then on the interval) no
 * switch may have been sent a FLOW_MOD, every duration must have grown by at least the time between
 * the two dumps, ensure() of the same flows (what a service does after a restart) sends nothing, and
 * each flow's canonical text (key and body, as given and as stored) is the canonical text of what OVS
 * reports for it; the failure message lists every flow where they differ, with both texts.
 *
 * Needs root and the lab packages; same gate as ring.test.ts. Every wait polls until a deadline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { bodyOfCanonical, canonical, keyOfCanonical } from '../../src/flows/canonical';
import { ownedCookie, type FlowSpec } from '../../src/flows/flowspec';
import { specOfStats } from '../../src/flows/reconciler';
import { type Lab, startLab } from '../../src/lab';
import { OFPG, OFPP, OFPTT, type Action, type Instruction, type Oxm } from '../../src/ofp';
import { pollUntil } from '../support/poll';
import {
  circuitFlow,
  dumpFlows,
  flowDurationS,
  freePort,
  labGate,
  type LabController,
  type OfctlFlow,
  startLabController,
} from '../support/lab';

const gate = labGate();
// Straight to stderr: jest prints no console output of a suite it skips, and this skip must be seen.
if (gate.kind === 'skip') process.stderr.write(`\n*** SKIPPING ${__filename}: ${gate.reason}. Run it as root (CI does). ***\n`);
const describeLab = gate.kind === 'skip' ? describe.skip : describe;

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const RECONCILE_INTERVAL_MS = 2000;

const out = (port: number, maxLen = 0): Action => ({ type: 'output', port, maxLen });
const apply = (...actions: Action[]): Instruction => ({ type: 'apply_actions', actions });
const ip4: Oxm = { field: 'eth_type', value: 0x0800 };
const ip6: Oxm = { field: 'eth_type', value: 0x86dd };
const port1: Oxm = { field: 'in_port', value: 1 };
const vid = (v: number): Oxm => ({ field: 'vlan_vid', value: 0x1000 | v });

interface Shape {
  readonly match: readonly Oxm[];
  readonly instructions: readonly Instruction[];
  readonly table?: number;
  readonly flags?: number;
  readonly idleTimeout?: number;
  readonly hardTimeout?: number;
}

/** Flows Open vSwitch accepts, each written in a way canonical() has to normalise (or leave alone). */
const SHAPES: Readonly<Record<string, Shape>> = {
  vid_any_tagged: { match: [port1, { field: 'vlan_vid', value: 0x1000, mask: 0x1000 }], instructions: [apply(out(2))] },
  vid_untagged: { match: [port1, { field: 'vlan_vid', value: 0 }], instructions: [apply(out(2))] },
  vid_mask_all_13_bits: { match: [{ field: 'vlan_vid', value: 0x1065, mask: 0x1fff }], instructions: [apply(out(2))] },
  vid_mask_vid_only: { match: [{ field: 'vlan_vid', value: 0x1066, mask: 0x0fff }], instructions: [apply(out(2))] },
  match_out_of_order: { match: [vid(103), { field: 'in_port', value: 2 }], instructions: [apply(out(1))] },
  ipv4_src_host_bits: { match: [ip4, { field: 'ipv4_src', value: '10.1.2.3', mask: '255.255.0.0' }], instructions: [apply(out(2))] },
  ipv4_dst_exact: { match: [ip4, { field: 'ipv4_dst', value: '10.9.9.9' }], instructions: [apply(out(2))] },
  ipv4_dst_mask_all_ones: { match: [ip4, { field: 'ipv4_dst', value: '10.9.9.8', mask: '255.255.255.255' }], instructions: [apply(out(2))] },
  ipv4_dst_mask_all_zeros: { match: [ip4, { field: 'ipv4_dst', value: '0.0.0.0', mask: '0.0.0.0' }, { field: 'in_port', value: 3 }], instructions: [apply(out(2))] },
  ipv4_mask_not_a_prefix: { match: [ip4, { field: 'ipv4_dst', value: '10.0.7.1', mask: '255.0.255.0' }], instructions: [apply(out(2))] },
  eth_dst_upper_case: { match: [{ field: 'eth_dst', value: 'AA:BB:CC:DD:EE:FF' }], instructions: [apply(out(2))] },
  eth_dst_multicast_bit: { match: [{ field: 'eth_dst', value: '01:00:00:00:00:00', mask: '01:00:00:00:00:00' }], instructions: [apply(out(2))] },
  eth_src_mask_all_ones: { match: [{ field: 'eth_src', value: '00:00:00:00:00:11', mask: 'ff:ff:ff:ff:ff:ff' }], instructions: [apply(out(2))] },
  ipv6_src_short_text: { match: [ip6, { field: 'ipv6_src', value: '2001:db8::1' }], instructions: [apply(out(2))] },
  ipv6_dst_masked: { match: [ip6, { field: 'ipv6_dst', value: '2001:db8::5', mask: 'ffff:ffff::' }], instructions: [apply(out(2))] },
  ipv6_flabel_masked: { match: [ip6, { field: 'ipv6_flabel', value: 0x12345, mask: 0xff }], instructions: [apply(out(2))] },
  ipv6_nd_target_short_text: {
    match: [ip6, { field: 'ip_proto', value: 58 }, { field: 'icmpv6_type', value: 135 }, { field: 'ipv6_nd_target', value: 'fe80::1' }],
    instructions: [apply(out(2))],
  },
  tcp_dst: { match: [ip4, { field: 'ip_proto', value: 6 }, { field: 'tcp_dst', value: 80 }], instructions: [apply(out(2))] },
  udp_src: { match: [ip4, { field: 'ip_proto', value: 17 }, { field: 'udp_src', value: 53 }], instructions: [apply(out(2))] },
  ip_dscp: { match: [ip4, { field: 'ip_dscp', value: 46 }], instructions: [apply(out(2))] },
  ip_ecn: { match: [ip4, { field: 'ip_ecn', value: 1 }], instructions: [apply(out(2))] },
  vlan_pcp: { match: [vid(104), { field: 'vlan_pcp', value: 5 }], instructions: [apply(out(2))] },
  icmpv4_type: { match: [ip4, { field: 'ip_proto', value: 1 }, { field: 'icmpv4_type', value: 8 }], instructions: [apply(out(2))] },
  arp_masked_spa: {
    match: [{ field: 'eth_type', value: 0x0806 }, { field: 'arp_op', value: 1 }, { field: 'arp_spa', value: '10.0.0.7', mask: '255.255.255.0' }],
    instructions: [apply(out(2))],
  },
  mpls_label: { match: [{ field: 'eth_type', value: 0x8847 }, { field: 'mpls_label', value: 77 }], instructions: [apply(out(2))] },
  tunnel_id: { match: [{ field: 'tunnel_id', value: 0x99n }], instructions: [apply(out(2))] },
  metadata_masked_table_1: { table: 1, match: [{ field: 'metadata', value: 0x1234n, mask: 0xff00n }], instructions: [apply(out(2))] },
  metadata_all_ones_table_1: { table: 1, match: [{ field: 'metadata', value: 0x55n, mask: 0xffffffffffffffffn }], instructions: [apply(out(2))] },
  write_actions_out_of_order: { match: [port1, vid(105)], instructions: [{ type: 'write_actions', actions: [out(2), { type: 'set_field', field: { field: 'vlan_vid', value: 300 } }] }] },
  goto_before_write_metadata: { match: [port1, vid(106)], instructions: [{ type: 'goto_table', tableId: 1 }, { type: 'write_metadata', metadata: 0xabcdn, metadataMask: 0xff00n }] },
  clear_actions_first: { match: [port1, vid(107)], instructions: [{ type: 'clear_actions' }, apply(out(2))] },
  controller_max_len_128: { match: [port1, vid(108)], instructions: [apply(out(OFPP.CONTROLLER, 128))] },
  output_max_len_not_controller: { match: [port1, vid(109)], instructions: [apply(out(2, 0xffff))] },
  flag_send_flow_rem: { match: [port1, vid(110)], instructions: [apply(out(2))], flags: 1 },
  flag_check_overlap: { match: [port1, vid(111)], instructions: [apply(out(2))], flags: 2 },
  flag_reset_counts: { match: [port1, vid(112)], instructions: [apply(out(2))], flags: 4 },
  flag_no_counts: { match: [port1, vid(113)], instructions: [apply(out(2))], flags: 8 | 16 },
  timeouts: { match: [port1, vid(114)], instructions: [apply(out(2))], idleTimeout: 3600, hardTimeout: 7200 },
  push_vlan_set_vid_pcp: {
    match: [port1, vid(115)],
    instructions: [apply({ type: 'push_vlan', ethertype: 0x88a8 }, { type: 'set_field', field: { field: 'vlan_vid', value: 400 } }, { type: 'set_field', field: { field: 'vlan_pcp', value: 3 } }, out(2))],
  },
  set_vid_with_present_bit: { match: [port1, vid(123)], instructions: [apply({ type: 'set_field', field: { field: 'vlan_vid', value: 0x1000 | 201 } }, out(2))] },
  set_eth_dst_upper_case: { match: [port1, vid(117)], instructions: [apply({ type: 'set_field', field: { field: 'eth_dst', value: 'AA:BB:CC:00:00:01' } }, out(2))] },
  set_ipv4_src: { match: [ip4, { field: 'in_port', value: 2 }], instructions: [apply({ type: 'set_field', field: { field: 'ipv4_src', value: '1.2.3.4' } }, out(1))] },
  set_ipv6_dst_short_text: { match: [ip6, { field: 'in_port', value: 2 }], instructions: [apply({ type: 'set_field', field: { field: 'ipv6_dst', value: '2001:db8::9' } }, out(1))] },
  ttl_actions: { match: [ip4, { field: 'in_port', value: 3 }], instructions: [apply({ type: 'dec_nw_ttl' }, { type: 'set_nw_ttl', ttl: 9 }, out(1))] },
  drop_no_instruction: { match: [port1, vid(118)], instructions: [] },
  drop_empty_apply_actions: { match: [port1, vid(119)], instructions: [apply()] },
  set_queue: { match: [port1, vid(120)], instructions: [apply({ type: 'set_queue', queueId: 1 }, out(2))] },
  in_port_local: { match: [{ field: 'in_port', value: OFPP.LOCAL }], instructions: [apply(out(1))] },
  output_in_port: { match: [port1, vid(121)], instructions: [apply(out(OFPP.IN_PORT))] },
  push_mpls: { match: [ip4, port1, vid(122)], instructions: [apply({ type: 'push_mpls', ethertype: 0x8847 }, { type: 'set_field', field: { field: 'mpls_label', value: 100 } }, out(2))] },
};

/** The shapes as flows of s2: priority 30000 + k, cookie ownedCookie('mef_eline', 0x1000 + k). Pure. */
function shapeFlows(): { name: string; flow: FlowSpec }[] {
  return Object.entries(SHAPES).map(([name, s], k) => ({
    name,
    flow: {
      dpid: S2,
      table: s.table ?? 0,
      priority: 30000 + k,
      match: s.match,
      instructions: s.instructions,
      cookie: ownedCookie('mef_eline', BigInt(0x1000 + k)),
      idleTimeout: s.idleTimeout ?? 0,
      hardTimeout: s.hardTimeout ?? 0,
      flags: s.flags ?? 0,
    },
  }));
}

/**
 * For the failure message: each given flow whose canonical key or body differs from the flow with
 * its cookie that the switch reports, as both canonical texts (ours as given, as stored, and OVS's).
 * Impure (asks the switch for its flows).
 */
async function canonicalMismatches(c: LabController, dpid: string, given: readonly { name: string; flow: FlowSpec }[]): Promise<string[]> {
  const session = c.controller.switches.get(dpid);
  if (session === undefined) return [`${dpid}: not connected`];
  const replies = await session.requestMultipart({ type: 'flow', tableId: OFPTT.ALL, outPort: OFPP.ANY, outGroup: OFPG.ANY, cookie: 0n, cookieMask: 0n, match: [] });
  const theirs = new Map<bigint, FlowSpec>();
  for (const r of replies) if (r.type === 'flow') for (const s of r.stats) theirs.set(s.cookie, canonical(specOfStats(dpid, s)));
  const stored = new Map(c.controller.flows.rows(dpid).map((r) => [r.spec.cookie, r]));
  const lines: string[] = [];
  for (const { name, flow } of given) {
    const ours = canonical(flow);
    const ovs = theirs.get(flow.cookie);
    const row = stored.get(flow.cookie);
    const text = (f: FlowSpec | undefined): string => (f === undefined ? 'absent' : `${keyOfCanonical(f)} ${bodyOfCanonical(f)}`);
    const storedSpec = row === undefined ? undefined : canonical(row.spec);
    if (ovs !== undefined && text(ours) === text(ovs) && text(storedSpec) === text(ovs) && row?.key === keyOfCanonical(ovs)) continue;
    lines.push(
      [
        `${dpid} ${name} (cookie 0x${flow.cookie.toString(16)}):`,
        `  ours   ${text(ours)}`,
        `  stored key ${row?.key ?? 'absent'}; spec ${text(storedSpec)}`,
        `  OVS    ${text(ovs)}`,
      ].join('\n'),
    );
  }
  return lines;
}

describeLab('flows across a controller restart (in-process controller, linear,2)', () => {
  const labLog = pino({ level: process.env.LAB_TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const dataDir = mkdtempSync(join(tmpdir(), 'isthmus-lab-flows-restart-'));
  const controllers: LabController[] = [];
  let lab: Lab | undefined;
  const timings: string[] = [];

  beforeAll(() => {
    if (gate.kind === 'fail') throw new Error(`the lab cannot run here: ${gate.reason}`);
  });

  afterAll(async () => {
    // Runs after a failure too: nothing the test started may outlive it.
    for (const c of controllers) await c.stop();
    await lab?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (timings.length > 0) process.stderr.write(`\n${__filename}:\n${timings.map((t) => `  ${t}`).join('\n')}\n`);
  }, 60_000);

  /** Both switches reconciled `times` times by `c` (reading their flows each time), and their LLDP flow confirmed. */
  const reconciled = (c: LabController, times: number, what: string): Promise<true> =>
    pollUntil(
      () =>
        [S1, S2].every(
          (d) =>
            c.reconciles.filter((r) => r.dpid === d && r.report !== undefined).length >= times &&
            c.controller.flows.rows(d).some((r) => r.owner === 'of_lldp' && r.state === 'installed'),
        ),
      { timeoutMs: 20_000, intervalMs: 20, what },
    );

  it('sends no FLOW_MOD after a restart, and the flows keep their age on the switches', async () => {
    const ofPort = await freePort();
    const settings = { reconcileIntervalMs: RECONCILE_INTERVAL_MS };
    const first = await startLabController({ dataDir, ofPort, settings });
    controllers.push(first);
    lab = await startLab({ topology: 'linear,2', controller: { host: '127.0.0.1', port: ofPort }, log: labLog });
    const l = lab;
    await reconciled(first, 1, 'the first controller: s1 and s2 connected and reconciled');

    const circuits = Array.from({ length: 1000 }, (_, n) => ({ name: `circuitFlow(${n})`, flow: circuitFlow(S1, n) }));
    const shapes = shapeFlows();
    expect([...(await first.controller.flows.install('mef_eline', circuits.map((x) => x.flow)))]).toEqual([[S1, { ok: true, sent: 1000 }]]);
    expect([...(await first.controller.flows.install('mef_eline', shapes.map((x) => x.flow)))]).toEqual([[S2, { ok: true, sent: shapes.length }]]);

    const before = new Map([...(await dumpFlows(l, 's1')), ...(await dumpFlows(l, 's2'))].map((f) => [f.fields.cookie ?? '', f]));
    const beforeTaken = Date.now();

    await first.stop();
    const tRestart = Date.now();
    const second = await startLabController({ dataDir, ofPort, settings });
    controllers.push(second);
    await reconciled(second, 1, 'the second controller: s1 and s2 reconnected and reconciled');
    const backMs = Date.now() - tRestart;
    // And once more on the interval: the steady state sends nothing either.
    await reconciled(second, 2, 'the second controller: s1 and s2 reconciled on the interval');

    const afterTaken = Date.now();
    const after = new Map([...(await dumpFlows(l, 's1')), ...(await dumpFlows(l, 's2'))].map((f) => [f.fields.cookie ?? '', f]));
    // A re-added flow is younger than the time between the dumps; ovs-ofctl prints milliseconds.
    const minGrowthS = (afterTaken - beforeTaken) / 1000 - 0.002;
    const notAged: string[] = [];
    for (const [cookie, f] of before) {
      const a = after.get(cookie);
      const grew = a === undefined ? NaN : flowDurationS(a) - flowDurationS(f);
      if (!(grew >= minGrowthS)) notAged.push(`${cookie} ${describeDump(f)}: duration ${f.fields.duration} → ${a?.fields.duration ?? 'gone'}`);
    }
    const sent = { s1: second.controller.installer.flowModsSent(S1), s2: second.controller.installer.flowModsSent(S2) };
    const reports = second.reconciles.map((r) => ({ dpid: r.dpid, actual: r.report?.actual, added: r.report?.added, modified: r.report?.modified, removed: r.report?.removed }));

    // What a service does after a restart: ensure the same flows again; nothing is new, nothing is sent.
    const ensured = [
      ...(await second.controller.flows.ensure('mef_eline', circuits.map((x) => x.flow))),
      ...(await second.controller.flows.ensure('mef_eline', shapes.map((x) => x.flow))),
    ];
    const sentAfterEnsure = { s1: second.controller.installer.flowModsSent(S1), s2: second.controller.installer.flowModsSent(S2) };

    // Our canonical form of each flow (as given and as stored, key included) is OVS's, text for text.
    const mismatches = [...(await canonicalMismatches(second, S1, circuits)), ...(await canonicalMismatches(second, S2, shapes))];
    timings.push(
      `restart → s1 and s2 reconnected and reconciled: ${backMs} ms; reconciles ${JSON.stringify(reports)}`,
      `durations grew by ≥ ${minGrowthS.toFixed(3)} s for ${before.size - notAged.length} of ${before.size} flows`,
    );
    const ensuredText = ensured.map(([d, r]) => `${d} ${resultText(r)}`);
    expect({ flowsBefore: before.size, sent, sentAfterEnsure, ensured: ensuredText, notAged, mismatches }).toEqual({
      // Every flow the test installed, plus the LLDP flow of each switch.
      flowsBefore: 1000 + shapes.length + 2,
      sent: { s1: 0, s2: 0 },
      sentAfterEnsure: { s1: 0, s2: 0 },
      ensured: [],
      notAged: [],
      mismatches: [],
    });
    // Still exactly the flows of before the restart.
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  }, 60_000);
});

/** An install result as one line, for a failure message. Pure. */
function resultText(r: unknown): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v));
}

/** A dumped flow in one line, for a failure message. Pure. */
function describeDump(f: OfctlFlow): string {
  const { duration: _d, n_packets: _p, n_bytes: _b, ...fields } = f.fields;
  return `${Object.entries(fields).map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(',')} actions=${f.actions}`;
}
