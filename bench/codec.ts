/**
 * `npm run bench:codec`: messages/s of the OpenFlow 1.3 codec against os-ken's parser/serializer,
 * on identical bytes (built by our encoder; os-ken must decode them to the expected class and
 * re-encode them to the same bytes, see bench/osken_codec.py). Single core (pinned with taskset when
 * available), median of 5 runs per row. Prints a Markdown table and writes it to .bench/codec.md.
 *
 *   node .bench/build/bench/codec.js [--runs=5] [--min-ms=300] [--no-osken] [--no-pin] [--only=packet_in] [--op=decode]
 *   node --cpu-prof .bench/build/bench/codec.js --no-osken --no-pin --only=flow_mod --op=encode   # profile one row
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { decodeMessage } from '../src/ofp/decode';
import { encodeMessage } from '../src/ofp/encode';
import type { FlowStats, OfpMessage } from '../src/ofp/types';
import { findRoot } from './common';

const TARGET_RATIO = 20;
/** The two absolute targets: FLOW_MOD encodes/s and PACKET_IN decodes/s. */
const TARGET_OPS: Readonly<Record<string, number>> = { 'flow_mod encode': 1_000_000, 'packet_in decode': 1_000_000 };
const NO_BUFFER = 0xffffffff;
const ANY = 0xffffffff;

interface Sample {
  readonly name: string;
  readonly label: string;
  /** os-ken's class for the message, checked by the Python side. */
  readonly expect: string;
  readonly msg: OfpMessage;
}

/** An LLDP frame as a topology-discovery controller sends it: chassis "dpid:…", port, TTL, end. */
function lldpFrame(): Buffer {
  const tlv = (type: number, value: Buffer): Buffer => {
    const h = Buffer.alloc(2);
    h.writeUInt16BE((type << 9) | value.length);
    return Buffer.concat([h, value]);
  };
  const eth = Buffer.from('0180c200000e' + '020000000001' + '88cc', 'hex');
  const chassis = tlv(1, Buffer.concat([Buffer.from([7]), Buffer.from('dpid:0000000000000001')]));
  const port = tlv(2, Buffer.from([2, 0, 0, 0, 3]));
  const ttl = tlv(3, Buffer.from([0, 120]));
  const frame = Buffer.concat([eth, chassis, port, ttl, tlv(0, Buffer.alloc(0))]);
  return Buffer.concat([frame, Buffer.alloc(Math.max(0, 60 - frame.length))]);
}

function samples(): Sample[] {
  const lldp = lldpFrame();
  const flowStats = (i: number): FlowStats => ({
    tableId: 0, durationSec: 3600 + i, durationNsec: 1000 * i, priority: 100 + i, idleTimeout: 0, hardTimeout: 0, flags: 1,
    cookie: BigInt(0x1000 + i), packetCount: BigInt(i * 1000), byteCount: BigInt(i * 64000),
    match: [{ field: 'in_port', value: (i % 48) + 1 }, { field: 'eth_type', value: 0x0800 }, { field: 'ipv4_dst', value: `10.0.${i}.0`, mask: '255.255.255.0' }],
    instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: ((i + 1) % 48) + 1, maxLen: 0 }] }],
  });
  return [
    {
      name: 'flow_mod', label: 'FLOW_MOD (4 OXMs, 3 actions)', expect: 'OFPFlowMod',
      msg: {
        type: 'flow_mod', cookie: 0x1234n, cookieMask: 0n, tableId: 0, command: 'add', idleTimeout: 0, hardTimeout: 0,
        priority: 100, bufferId: NO_BUFFER, outPort: ANY, outGroup: ANY, flags: 1,
        match: [
          { field: 'in_port', value: 1 },
          { field: 'eth_type', value: 0x0800 },
          { field: 'vlan_vid', value: 0x1064 },
          { field: 'ipv4_dst', value: '10.0.0.0', mask: '255.255.255.0' },
        ],
        instructions: [{
          type: 'apply_actions',
          actions: [
            { type: 'pop_vlan' },
            { type: 'set_field', field: { field: 'eth_dst', value: '02:00:00:00:00:02' } },
            { type: 'output', port: 2, maxLen: 0 },
          ],
        }],
      },
    },
    {
      name: 'packet_in', label: `PACKET_IN (LLDP, ${lldp.length} B)`, expect: 'OFPPacketIn',
      msg: { type: 'packet_in', bufferId: NO_BUFFER, totalLen: lldp.length, reason: 'action', tableId: 0, cookie: 0n, match: [{ field: 'in_port', value: 3 }], data: lldp },
    },
    {
      name: 'flow_stats', label: 'FLOW stats reply (100 entries)', expect: 'OFPFlowStatsReply',
      msg: { type: 'multipart_reply', flags: 0, body: { type: 'flow', stats: Array.from({ length: 100 }, (_, i) => flowStats(i)) } },
    },
  ];
}

let sink = 0;

/** Median ops/s over `runs` runs, each at least `minMs` long (iterations calibrated by doubling). */
function opsPerSec(fn: () => number, runs: number, minMs: number): number {
  const time = (n: number): number => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink ^= fn();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  let n = 1;
  while (time(n) < minMs) n *= 2;
  const rates = Array.from({ length: runs }, () => n / (time(n) / 1000)).sort((a, b) => a - b);
  return rates[rates.length >> 1] as number;
}

interface OskenRow {
  readonly class: string;
  readonly decode: number;
  readonly encode: number;
  readonly encodeHow: string;
}

function runOsken(root: string, rows: readonly { name: string; hex: string; expect: string }[], runs: number, minMs: number): Record<string, OskenRow> {
  const r = spawnSync('/usr/bin/python3', [join(root, 'bench', 'osken_codec.py')], {
    input: JSON.stringify({ runs, minTime: minMs / 1000, rows }),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`os-ken bench failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, OskenRow>;
}

const fmt = (n: number | undefined): string => (n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));


function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number): number => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
  const only = args.find((a) => a.startsWith('--only='))?.split('=')[1];
  const onlyOp = args.find((a) => a.startsWith('--op='))?.split('=')[1];
  // Single core: re-run pinned to one CPU (the os-ken child inherits the pinning).
  if (!args.includes('--no-pin') && process.env.ISTHMUS_BENCH_PINNED === undefined && process.platform === 'linux') {
    const r = spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, __filename, ...args], {
      stdio: 'inherit',
      env: { ...process.env, ISTHMUS_BENCH_PINNED: '1' },
    });
    if (r.error === undefined) {
      process.exitCode = r.status ?? 1;
      return;
    }
  }
  const runs = opt('runs', 5);
  const minMs = opt('min-ms', 300);
  const root = findRoot();
  const list = samples().filter((s) => only === undefined || s.name.includes(only));
  const bytes = list.map((s) => encodeMessage(s.msg, 42));
  for (const [i, s] of list.entries()) {
    // The bench is only meaningful if the bytes decode back to the message.
    if (decodeMessage(bytes[i] as Buffer).msg.type !== s.msg.type) throw new Error(`${s.name} does not round-trip`);
  }
  const osken = args.includes('--no-osken')
    ? {}
    : runOsken(root, list.map((s, i) => ({ name: s.name, hex: (bytes[i] as Buffer).toString('hex'), expect: s.expect })), runs, minMs);
  const lines = [
    '| row | isthmus ops/s | os-ken ops/s | ratio | target |',
    '|---|---:|---:|---:|---|',
  ];
  const notes: string[] = [];
  for (const [i, s] of list.entries()) {
    const b = bytes[i] as Buffer;
    const skip = (op: string): boolean => onlyOp !== undefined && onlyOp !== op;
    const ours = {
      encode: skip('encode') ? NaN : opsPerSec(() => encodeMessage(s.msg, 42).length, runs, minMs),
      decode: skip('decode') ? NaN : opsPerSec(() => decodeMessage(b).xid, runs, minMs),
    };
    const theirs = osken[s.name];
    if (theirs !== undefined && theirs.encodeHow !== 'msg.serialize()') notes.push(`os-ken ${s.name} encode: ${theirs.encodeHow}.`);
    for (const op of ['encode', 'decode'] as const) {
      if (skip(op)) continue;
      const row = `${s.name} ${op}`;
      const ratio = theirs === undefined ? undefined : ours[op] / theirs[op];
      const abs = TARGET_OPS[row];
      const goals = [
        ...(abs === undefined ? [] : [`≥${fmt(abs)}/s ${ours[op] >= abs ? '✓' : '✗'}`]),
        ...(ratio === undefined ? [] : [`≥${TARGET_RATIO}× ${ratio >= TARGET_RATIO ? '✓' : '✗'}`]),
      ];
      const ratioText = ratio === undefined ? 'n/a' : `${ratio.toFixed(1)}×`;
      lines.push(`| ${s.label} ${op} | ${fmt(ours[op])} | ${fmt(theirs?.[op])} | ${ratioText} | ${goals.join(', ')} |`);
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    `# Codec benchmark (${new Date().toISOString()})`,
    '',
    `Node ${process.version}, ${cpu}, ${process.env.ISTHMUS_BENCH_PINNED ? 'pinned to CPU 0' : 'not pinned'}; median of ${runs} runs of ≥${minMs} ms.`,
    `Message sizes: ${list.map((s, i) => `${s.name} ${(bytes[i] as Buffer).length} B`).join(', ')}.`,
    '',
  ];
  const md = [...header, ...lines, '', ...notes.map((n) => `- ${n}`), ''].join('\n');
  process.stdout.write(md);
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench', 'codec.md'), md);
  if (sink === 0.5) process.stdout.write('\n'); // keeps `sink` observable so the work is not optimised away
}

main();
