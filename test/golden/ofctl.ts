/**
 * Cross-checks against Open vSwitch: runs `ovs-ofctl ofp-print <hex>` and renders, from OUR decoded
 * frame, the substrings ovs-ofctl (3.1) prints for it. The spellings below were taken from running
 * ovs-ofctl on the golden vectors (lib/ofp-print.c and friends); they are facts about OVS output,
 * not about OpenFlow, so they live here and not in src/.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type * as T from '../../src/ofp/types';
import {
  FLOW_MOD_FLAGS, PORT_FEATURES, actionsText, bits, hex, instructionsText, matchFacts, nestedFacts, ovsDuration,
  ovsErrorName, portName, versionTag,
} from './ofctl-format';

const run = promisify(execFile);

/** Words that mark an ovs-ofctl reading as failed (it exits 0 even on bad input). */
export const BAD_WORDS = ['decode error', 'truncated', 'bad', 'unknown'] as const;

/** Vectors OVS cannot decode (it lacks the feature), with the error it must report. Mirrors gen_ofp13.py. */
export const OFCTL_UNSUPPORTED: Readonly<Record<string, string>> = {
  flow_mod_oxm_pbb: 'OFPBMC_BAD_FIELD', // OVS has no pbb_isid / in_phy_port OXM
  flow_mod_oxm_ipv6_exthdr: 'OFPBMC_BAD_FIELD', // OVS has no ipv6_exthdr OXM
  flow_mod_all_actions: 'OFPBAC_BAD_TYPE', // OVS has no copy_ttl_in/out, push/pop_pbb
};

/** Vectors OVS decodes in full while printing a phrase that contains one of BAD_WORDS. */
export const OFCTL_ALLOWED: Readonly<Record<string, string>> = {
  hello_unknown_elem: 'unknown data in hello',
};

/** Not pure: whether `ovs-ofctl` can be run here. */
export function ofctlAvailable(): boolean {
  try {
    execFileSync('ovs-ofctl', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Not pure: `ovs-ofctl ofp-print` of every buffer (stdout + stderr), a few processes at a time. */
export async function ofpPrintAll(bufs: readonly Buffer[], parallel = 8): Promise<string[]> {
  const out: string[] = new Array<string>(bufs.length).fill('');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bufs.length) {
      const i = next++;
      const r = await run('ovs-ofctl', ['ofp-print', (bufs[i] as Buffer).toString('hex')], { timeout: 30_000 });
      out[i] = r.stdout + r.stderr;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, bufs.length) }, worker));
  return out;
}


// ---------------------------------------------------------------------------------------------
// Facts: what ovs-ofctl must print for a frame, rendered from our decoded frame

const MP_NAME: Readonly<Record<string, string>> = {
  desc: 'OFPST_DESC', flow: 'OFPST_FLOW', aggregate: 'OFPST_AGGREGATE', table: 'OFPST_TABLE', port_stats: 'OFPST_PORT',
  queue: 'OFPST_QUEUE', group: 'OFPST_GROUP', group_desc: 'OFPST_GROUP_DESC', group_features: 'OFPST_GROUP_FEATURES',
  meter: 'OFPST_METER', meter_config: 'OFPST_METER_CONFIG', meter_features: 'OFPST_METER_FEATURES',
  table_features: 'OFPST_TABLE_FEATURES', port_desc: 'OFPST_PORT_DESC',
};
/** Experimenter messages and multiparts OVS knows by name (OVS ofp-msgs.h), keyed `experimenter:expType`. */
const NX_MSG: Readonly<Record<string, string>> = { '8992:20': 'NXT_SET_CONTROLLER_ID' };
const NX_MP: Readonly<Record<string, string>> = { '8992:3': 'NXST_IPFIX_BRIDGE' };
const COMMAND: Readonly<Record<string, string>> = {
  add: 'ADD', modify: 'MOD', modify_strict: 'MOD_STRICT', delete: 'DEL', delete_strict: 'DEL_STRICT',
};
const ROLE: Readonly<Record<T.ControllerRole, string>> = { nochange: 'nochange', equal: 'equal', master: 'primary', slave: 'secondary' };
const PORT_CONFIG = ['PORT_DOWN', '', 'NO_RECV', '', '', 'NO_FWD', 'NO_PACKET_IN'];
const PORT_STATE = ['LINK_DOWN', 'BLOCKED', 'LIVE'];
const CAPABILITIES = ['FLOW_STATS', 'TABLE_STATS', 'PORT_STATS', 'GROUP_STATS', '', 'IP_REASM', 'QUEUE_STATS', '', 'PORT_BLOCKED'];
const METER_FLAGS = ['kbps', 'pktps', 'burst', 'stats'];

/** Pure. The "NAME (OF1.x) (xid=0x..)" line start ovs-ofctl prints for a frame. */
export function ofctlHeader(f: T.Frame): string {
  const m = f.msg;
  const version = m.type === 'hello' || m.type === 'error' ? m.version : 4;
  let name = `OFPT_${m.type.toUpperCase()}`;
  if (m.type === 'multipart_request' || m.type === 'multipart_reply') {
    const dir = m.type === 'multipart_request' ? 'request' : 'reply';
    const b = m.body;
    const base = b.type === 'experimenter' ? NX_MP[`${b.experimenter}:${b.expType}`] : MP_NAME[b.type];
    name = `${base ?? '?'} ${dir}`;
  } else if (m.type === 'experimenter') {
    name = NX_MSG[`${m.experimenter}:${m.expType}`] ?? name;
  }
  return `${name}${versionTag(version)} (xid=${hex(f.xid)})`;
}

function portFacts(p: T.Port): string[] {
  const out = [`${portName(p.portNo)}(${p.name}): addr:${p.hwAddr}`];
  if (p.config !== 0) out.push(bits(p.config, PORT_CONFIG).join(' '));
  if (p.state !== 0) out.push(bits(p.state, PORT_STATE).join(' '));
  if (p.curr !== 0) out.push(`current:    ${bits(p.curr, PORT_FEATURES).join(' ')}`);
  out.push(`speed: ${Math.floor(p.currSpeed / 1000)} Mbps now, ${Math.floor(p.maxSpeed / 1000)} Mbps max`);
  return out;
}

function bucketsText(type: T.GroupType, buckets: readonly T.Bucket[]): string {
  return buckets
    .map((b) => {
      let s = 'bucket=';
      if (b.weight !== (type === 'select' ? 1 : 0)) s += `weight:${b.weight},`;
      if (b.watchPort !== 0xffffffff) s += `watch_port:${portName(b.watchPort)},`;
      if (b.watchGroup !== 0xffffffff) s += `watch_group:${b.watchGroup},`;
      return `${s}actions=${actionsText(b.actions)}`;
    })
    .join(',');
}

function bandFacts(bands: readonly T.MeterBand[], flags: number): string[] {
  return bands.map((b) => {
    const burst = flags & 4 ? ` burst_size=${b.burstSize}` : '';
    if (b.type === 'dscp_remark') return `type=dscp_remark rate=${b.rate}${burst} prec_level=${b.precLevel}`;
    return `type=${b.type} rate=${b.rate}${burst}`;
  });
}

function asyncFacts(a: T.AsyncConfig): string[] {
  const role = (i: 0 | 1): string => {
    const list = (v: number, names: string[]): string => (v === 0 ? '(off)' : bits(v, names).join(' '));
    return [
      `       PACKET_IN: ${list(a.packetInMask[i], ['no_match', 'action', 'invalid_ttl'])}`,
      `     PORT_STATUS: ${list(a.portStatusMask[i], ['add', 'delete', 'modify'])}`,
      `    FLOW_REMOVED: ${list(a.flowRemovedMask[i], ['idle', 'hard', 'delete', 'group_delete'])}`,
    ].join('\n');
  };
  return [` primary:\n${role(0)}`, ` secondary:\n${role(1)}`];
}

function flowModFacts(m: T.MessageOf<'flow_mod'>): string[] {
  const out = [COMMAND[m.command] as string, ...matchFacts(m.match), instructionsText(m.instructions)];
  if (m.tableId !== 0) out.push(`table:${m.tableId}`);
  if (m.priority !== 0x8000) out.push(`priority=${m.priority}`);
  // OVS prints the match cookie when masked, and the new cookie only for ADD (OF1.3 has no other way to set it).
  if (m.cookieMask !== 0n) out.push(`cookie:${hex(m.cookie)}/${hex(m.cookieMask)}`);
  if (m.command === 'add' && m.cookie !== 0n) out.push(`cookie:${hex(m.cookie)}`);
  if (m.outPort !== 0xffffffff) out.push(`out_port:${portName(m.outPort)}`);
  if (m.idleTimeout !== 0) out.push(`idle:${m.idleTimeout}`);
  if (m.hardTimeout !== 0) out.push(`hard:${m.hardTimeout}`);
  if (m.bufferId !== 0xffffffff) out.push(`buf:${hex(m.bufferId)}`);
  return [...out, ...bits(m.flags, FLOW_MOD_FLAGS)];
}

function flowStatsFacts(s: T.FlowStats): string[] {
  const out = [
    `cookie=${hex(s.cookie)}, duration=${ovsDuration(s.durationSec, s.durationNsec)}, table=${s.tableId}, ` +
      `n_packets=${s.packetCount}, n_bytes=${s.byteCount}`,
    ...matchFacts(s.match),
    instructionsText(s.instructions),
    ...bits(s.flags, FLOW_MOD_FLAGS),
  ];
  if (s.idleTimeout !== 0) out.push(`idle_timeout=${s.idleTimeout}`);
  if (s.hardTimeout !== 0) out.push(`hard_timeout=${s.hardTimeout}`);
  if (s.priority !== 0x8000) out.push(`priority=${s.priority}`);
  return out;
}

/** OVS prints table ids as ranges ("1-2") and instruction ids in its own order. */
function tableFeaturesFacts(t: T.TableFeatures): string[] {
  const out = [`table ${t.tableId} ("${t.name}"):`, `max_entries=${t.maxEntries}`];
  if (t.metadataMatch !== 0n || t.metadataWrite !== 0n) out.push(`metadata: match=${hex(t.metadataMatch)} write=${hex(t.metadataWrite)}`);
  for (const p of t.properties) {
    if (p.type === 'next_tables' && p.tableIds.length > 0) out.push(`next tables: ${ranges(p.tableIds)}`);
    if (p.type === 'instructions') {
      const order = [6, 4, 5, 3, 2, 1]; // meter apply_actions clear_actions write_actions write_metadata goto_table
      const names: Record<number, string> = { 1: 'goto_table', 2: 'write_metadata', 3: 'write_actions', 4: 'apply_actions', 5: 'clear_actions', 6: 'meter' };
      out.push(`instructions: ${order.filter((c) => p.ids.some((i) => i.code === c)).map((c) => names[c]).join(' ')}`);
    }
  }
  return out;
}

function ranges(ids: readonly number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(',');
}

/** OVS summarises a packet's flow, dl_src before dl_dst. */
function ethFacts(data: Buffer): string[] {
  if (data.length < 14) return [];
  const mac = (b: Buffer): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
  return [`dl_src=${mac(data.subarray(6, 12))},dl_dst=${mac(data.subarray(0, 6))}`];
}

function mpRequestFacts(b: T.MultipartRequestBody): string[] {
  switch (b.type) {
    case 'flow':
    case 'aggregate': {
      const out = matchFacts(b.match);
      if (b.tableId !== 0xff) out.push(`table=${b.tableId}`);
      if (b.outPort !== 0xffffffff) out.push(`out_port=${portName(b.outPort)}`);
      return out;
    }
    case 'port_stats': return [`port_no=${portName(b.portNo)}`];
    case 'queue': return [`port=${portName(b.portNo)} queue=${b.queueId === 0xffffffff ? 'ALL' : b.queueId}`];
    case 'group': return [`group_id=${b.groupId === 0xfffffffc ? 'ALL' : b.groupId}`];
    case 'meter': case 'meter_config': return [`meter=${b.meterId === 0xffffffff ? 'all' : b.meterId}`];
    case 'port_desc': return ['port=ANY'];
    default: return [];
  }
}

function mpReplyFacts(b: T.MultipartReplyBody): string[] {
  switch (b.type) {
    case 'desc':
      return [`Manufacturer: ${b.mfrDesc}`, `Hardware: ${b.hwDesc}`, `Software: ${b.swDesc}`, `Serial Num: ${b.serialNum}`,
        `DP Description: ${b.dpDesc}`];
    case 'flow': return b.stats.flatMap(flowStatsFacts);
    case 'aggregate': return [`packet_count=${b.packetCount} byte_count=${b.byteCount} flow_count=${b.flowCount}`];
    case 'table':
      return b.stats.flatMap((s) => [`table ${s.tableId}:`, `active=${s.activeCount}, lookup=${s.lookupCount}, matched=${s.matchedCount}`]);
    case 'port_stats':
      return [`${b.stats.length} ports`, ...b.stats.flatMap((s) => [
        `rx pkts=${s.rxPackets}, bytes=${s.rxBytes}, drop=${s.rxDropped}, errs=${s.rxErrors}, frame=${s.rxFrameErr}, ` +
          `over=${s.rxOverErr}, crc=${s.rxCrcErr}`,
        `tx pkts=${s.txPackets}, bytes=${s.txBytes}, drop=${s.txDropped}, errs=${s.txErrors}, coll=${s.collisions}`,
        `duration=${ovsDuration(s.durationSec, s.durationNsec)}`,
      ])];
    case 'queue':
      return [`${b.stats.length} queues`, ...b.stats.map((s) =>
        `port ${portName(s.portNo)} queue ${s.queueId}: bytes=${s.txBytes}, pkts=${s.txPackets}, errors=${s.txErrors}, ` +
          `duration=${ovsDuration(s.durationSec, s.durationNsec)}`)];
    case 'group':
      return b.stats.map((s) =>
        `group_id=${s.groupId},duration=${ovsDuration(s.durationSec, s.durationNsec)},ref_count=${s.refCount},` +
          `packet_count=${s.packetCount},byte_count=${s.byteCount}` +
          s.bucketStats.map((c, i) => `,bucket${i}:packet_count=${c.packetCount},byte_count=${c.byteCount}`).join(''));
    case 'group_desc':
      return b.groups.map((g) => `group_id=${g.groupId},type=${g.groupType},${bucketsText(g.groupType, g.buckets)}`);
    case 'group_features':
      return [`Types:  ${hex(b.types)}`, `Capabilities:  ${hex(b.capabilities)}`,
        ...b.maxGroups.map((n) => `max_groups=${hex(n)}`)];
    case 'meter':
      return b.stats.flatMap((s) => [
        `meter:${s.meterId} flow_count:${s.flowCount} packet_in_count:${s.packetInCount} byte_in_count:${s.byteInCount} ` +
          `duration:${ovsDuration(s.durationSec, s.durationNsec)} bands:`,
        ...s.bandStats.map((c, i) => `${i}: packet_count:${c.packetBandCount} byte_count:${c.byteBandCount}`),
      ]);
    case 'meter_config':
      return b.configs.flatMap((c) => [`meter=${c.meterId} ${bits(c.flags, METER_FLAGS).join(' ')} bands=`, ...bandFacts(c.bands, c.flags)]);
    case 'meter_features':
      return [`max_meter:${b.maxMeter} max_bands:${b.maxBands} max_color:${b.maxColor}`,
        `band_types: ${bits(b.bandTypes, ['', 'drop', 'dscp_remark']).join(' ')}`,
        `capabilities: ${bits(b.capabilities, METER_FLAGS).join(' ')}`];
    case 'table_features':
      return b.tables.flatMap(tableFeaturesFacts);
    case 'port_desc': return b.ports.flatMap(portFacts);
    case 'experimenter':
      if (b.experimenter === 0x2320 && b.expType === 3 && b.data.length >= 16) {
        return [`bridge ipfix: flows=${b.data.readBigUInt64BE(0)}, current flows=${b.data.readBigUInt64BE(8)}`];
      }
      return [];
    default: return [];
  }
}

/** Pure. Substrings `ovs-ofctl ofp-print` must print for this frame, rendered from our decoding of it. */
export function ofctlFacts(f: T.Frame): string[] {
  const m = f.msg;
  const facts = [ofctlHeader(f)];
  const add = (...xs: string[]): void => void facts.push(...xs);
  switch (m.type) {
    case 'hello': {
      const bm = m.elements.find((e) => e.type === 'versionbitmap');
      const versions = bm !== undefined && bm.type === 'versionbitmap'
        ? bm.bitmaps.flatMap((w, i) => Array.from({ length: 32 }, (_, b) => ((w >>> b) & 1 ? [i * 32 + b] : [])).flat())
        : Array.from({ length: m.version }, (_, i) => i + 1);
      add(`version bitmap: ${versions.map((v) => `0x${v.toString(16).padStart(2, '0')}`).join(', ')}`);
      if (m.elements.some((e) => e.type === 'unknown')) add('unknown data in hello');
      break;
    }
    case 'error': {
      add(ovsErrorName(m.errType, m.code, m.data) ?? '?');
      if (m.errType === 0) add(m.data.toString('latin1'));
      else add(...nestedFacts(m.errType === 0xffff ? m.data.subarray(4) : m.data, ofctlFacts));
      break;
    }
    case 'echo_request': case 'echo_reply': add(`${m.data.length} bytes of payload`); break;
    case 'experimenter':
      if (m.experimenter === 0x2320 && m.expType === 20 && m.data.length === 8) add(`id=${m.data.readUInt16BE(6)}`);
      break;
    case 'features_reply':
      add(`dpid:${m.datapathId.replace(/:/g, '')}`, `n_tables:${m.nTables}, n_buffers:${m.nBuffers}`,
        `capabilities: ${bits(m.capabilities, CAPABILITIES).join(' ')}`);
      break;
    case 'get_config_reply': case 'set_config':
      add(`frags=${['normal', 'drop', 'reassemble', 'nx-match'][m.flags & 3]} miss_send_len=${m.missSendLen}`);
      break;
    case 'packet_in':
      add(...matchFacts(m.match), `total_len=${m.totalLen}`, `(via ${m.reason})`, `data_len=${m.data.length}`,
        `cookie=${hex(m.cookie)}`, m.bufferId === 0xffffffff ? '(unbuffered)' : `buffer=0x${m.bufferId.toString(16).padStart(8, '0')}`,
        ...ethFacts(m.data));
      if (m.tableId !== 0) add(`table_id=${m.tableId}`);
      break;
    case 'flow_removed':
      add(...matchFacts(m.match), `reason=${{ idle_timeout: 'idle', hard_timeout: 'hard', delete: 'delete', group_delete: 'group_delete' }[m.reason]}`,
        `table_id=${m.tableId}`, `cookie:${hex(m.cookie)}`, `duration${ovsDuration(m.durationSec, m.durationNsec)}`,
        `pkts${m.packetCount} bytes${m.byteCount}`);
      if (m.priority !== 0x8000) add(`priority=${m.priority}`);
      break;
    case 'port_status': add(`${{ add: 'ADD', delete: 'DEL', modify: 'MOD' }[m.reason]}: `, ...portFacts(m.desc)); break;
    case 'packet_out':
      add(`in_port=${portName(m.inPort)}`, `actions=${actionsText(m.actions)}`);
      add(m.bufferId === 0xffffffff ? `data_len=${m.data.length}` : `buffer=0x${m.bufferId.toString(16).padStart(8, '0')}`);
      add(...ethFacts(m.data));
      break;
    case 'flow_mod': add(...flowModFacts(m)); break;
    case 'group_mod': {
      const cmd = { add: 'ADD', modify: 'MOD', delete: 'DEL' }[m.command];
      add(`${cmd} group_id=${m.groupId},type=${m.groupType}${m.buckets.length ? `,${bucketsText(m.groupType, m.buckets)}` : ''}`);
      break;
    }
    case 'port_mod':
      add(`port: ${portName(m.portNo)}: addr:${m.hwAddr}`, `config: ${bits(m.config, PORT_CONFIG).join(' ')}`,
        `mask:   ${bits(m.mask, PORT_CONFIG).join(' ')}`, `advertise: ${bits(m.advertise, PORT_FEATURES).join(' ')}`);
      break;
    case 'table_mod': add(`table_id=${m.tableId}`); break;
    case 'meter_mod': {
      const cmd = { add: 'ADD', modify: 'MOD', delete: 'DEL' }[m.command];
      add(`${cmd} meter=${m.meterId}${m.flags ? ` ${bits(m.flags, METER_FLAGS).join(' ')}` : ''} bands=`, ...bandFacts(m.bands, m.flags));
      break;
    }
    case 'multipart_request': add(...mpRequestFacts(m.body)); break;
    case 'multipart_reply':
      if (m.flags & 1) add('flags=[more]');
      add(...mpReplyFacts(m.body));
      break;
    case 'queue_get_config_request': add(`port=${portName(m.port)}`); break;
    case 'queue_get_config_reply':
      add(`port=${portName(m.port)}`, ...m.queues.map((q) => `queue ${q.queueId}: ${q.properties
        .map((p) => (p.type === 'min_rate' || p.type === 'max_rate' ? `${p.type}:${(p.rate / 10).toFixed(1)}%` : ''))
        .join(' ')}`));
      break;
    case 'role_request': case 'role_reply': add(`role=${ROLE[m.role]} generation_id=${m.generationId}`); break;
    case 'get_async_reply': case 'set_async': add(...asyncFacts(m)); break;
    default: break;
  }
  return facts;
}
