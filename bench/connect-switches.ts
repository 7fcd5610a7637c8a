/**
 * Worker of `npm run bench:connect` (forked by bench/connect.ts, talks over IPC): opens N lean fake
 * OpenFlow 1.3 switches as fast as it can and answers the controller's handshake from pre-encoded
 * templates (only the xid, and the datapath id in FEATURES_REPLY, are patched), then measures echo
 * round trips on request. Lean on purpose: the controller is under test, not this process.
 */
import net from 'node:net';
import { encodeMessage } from '../src/ofp/encode';
import { Framer } from '../src/ofp/framer';
import { OFPT, OFP_VERSION } from '../src/ofp/constants';
import type { Port } from '../src/ofp/types';

/** Parent → worker. */
export type WorkerCommand =
  | { readonly type: 'connect'; readonly n: number; readonly port: number; readonly dpidBase: number; readonly portsPerSwitch: number }
  | { readonly type: 'probe'; readonly count: number; readonly bytes: number }
  | { readonly type: 'close' }
  | { readonly type: 'exit' };

/** Worker → parent. Times are process.hrtime.bigint() in ns as strings (CLOCK_MONOTONIC, shared by both processes). */
export type WorkerReport =
  | { readonly type: 'ready' }
  | {
      readonly type: 'connected';
      /** Just before the first connect attempt. */
      readonly t0: string;
      /** When the last TCP connection was established. */
      readonly tTcp: string;
      /** When the last switch answered PORT_DESC (its last handshake step). */
      readonly tAnswered: string;
      readonly errors: readonly string[];
    }
  | { readonly type: 'probed'; readonly rttsMs: readonly number[] }
  | { readonly type: 'closed' };

/** MULTIPART types (OF1.3.5 7.3.5) the handshake asks for. */
const OFPMP_DESC = 0;
const OFPMP_PORT_DESC = 13;

function withXid(template: Buffer, xid: number): Buffer {
  const b = Buffer.from(template);
  b.writeUInt32BE(xid, 4);
  return b;
}

function benchPort(portNo: number): Port {
  return {
    portNo, hwAddr: `02:00:00:00:00:${portNo.toString(16).padStart(2, '0')}`, name: `eth${portNo}`, config: 0, state: 4,
    curr: 0x2040, advertised: 0, supported: 0, peer: 0, currSpeed: 10_000_000, maxSpeed: 0,
  };
}

interface Lean {
  readonly socket: net.Socket;
  readonly framer: Framer;
}

const sessions: Lean[] = [];
let echoWaiter: { xid: number; length: number; resolve: () => void } | undefined;

function report(r: WorkerReport): void {
  process.send?.(r);
}

function connectAll(cmd: Extract<WorkerCommand, { type: 'connect' }>): void {
  const hello = encodeMessage({ type: 'hello', version: OFP_VERSION, elements: [{ type: 'versionbitmap', bitmaps: [1 << OFP_VERSION] }] }, 1);
  const features = encodeMessage(
    { type: 'features_reply', datapathId: '00:00:00:00:00:00:00:00', nBuffers: 0, nTables: 254, auxiliaryId: 0, capabilities: 0x4f, reserved: 0 },
    0,
  );
  const desc = encodeMessage(
    { type: 'multipart_reply', flags: 0, body: { type: 'desc', mfrDesc: 'bench', hwDesc: 'lean fake', swDesc: 'connect-switches.ts', serialNum: '0', dpDesc: 'bench' } },
    0,
  );
  const ports = Array.from({ length: cmd.portsPerSwitch }, (_, i) => benchPort(i + 1));
  const portDesc = encodeMessage({ type: 'multipart_reply', flags: 0, body: { type: 'port_desc', ports } }, 0);

  const errors: string[] = [];
  let tcp = 0;
  let answered = 0;
  let tTcp = 0n;
  let tAnswered = 0n;
  const t0 = process.hrtime.bigint();
  const maybeDone = (): void => {
    if (tcp + errors.length < cmd.n || answered + errors.length < cmd.n) return;
    report({ type: 'connected', t0: t0.toString(), tTcp: tTcp.toString(), tAnswered: tAnswered.toString(), errors });
  };
  for (let i = 0; i < cmd.n; i++) {
    const dpid = BigInt(cmd.dpidBase + i);
    const socket = net.connect({ host: '127.0.0.1', port: cmd.port });
    const lean: Lean = { socket, framer: new Framer() };
    sessions.push(lean);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      socket.write(hello);
      tcp++;
      tTcp = process.hrtime.bigint();
      maybeDone();
    });
    socket.on('error', (e: Error) => {
      if (tcp + errors.length < cmd.n) errors.push(e.message);
    });
    socket.on('data', (chunk: Buffer) => {
      for (const frame of lean.framer.push(chunk)) {
        const type = frame[1];
        const xid = frame.readUInt32BE(4);
        if (type === OFPT.features_request) {
          const b = withXid(features, xid);
          b.writeBigUInt64BE(dpid, 8);
          socket.write(b);
        } else if (type === OFPT.multipart_request) {
          const mp = frame.readUInt16BE(8);
          if (mp === OFPMP_DESC) socket.write(withXid(desc, xid));
          else if (mp === OFPMP_PORT_DESC) {
            socket.write(withXid(portDesc, xid));
            answered++;
            tAnswered = process.hrtime.bigint();
            maybeDone();
          }
        } else if (type === OFPT.echo_request) {
          const b = Buffer.from(frame);
          b[1] = OFPT.echo_reply;
          socket.write(b);
        } else if (type === OFPT.echo_reply && echoWaiter !== undefined && echoWaiter.xid === xid) {
          // The reply must carry the probe's data back (OF1.3.5 7.5.2).
          if (frame.length !== echoWaiter.length) throw new Error(`ECHO_REPLY of ${frame.length} bytes to a ${echoWaiter.length}-byte request`);
          echoWaiter.resolve();
        }
      }
    });
  }
}

/** Sequential probes (one in flight), round-robin over the sessions: latency, not throughput. */
async function probe(count: number, bytes: number): Promise<number[]> {
  const rtts: number[] = [];
  const data = Buffer.alloc(bytes, 0x5a);
  for (let k = 0; k < count; k++) {
    const s = sessions[k % sessions.length];
    if (s === undefined) break;
    const xid = (0xe0000000 + k) >>> 0;
    const msg = encodeMessage({ type: 'echo_request', data }, xid);
    const t = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      echoWaiter = { xid, length: msg.length, resolve };
      s.socket.write(msg);
    });
    rtts.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  echoWaiter = undefined;
  return rtts;
}

async function closeAll(): Promise<void> {
  const all = sessions.splice(0);
  await Promise.all(
    all.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.socket.destroyed) return resolve();
          s.socket.once('close', () => resolve());
          s.socket.destroy();
        }),
    ),
  );
}

process.on('message', (cmd: WorkerCommand) => {
  switch (cmd.type) {
    case 'connect':
      connectAll(cmd);
      return;
    case 'probe':
      void probe(cmd.count, cmd.bytes).then((rttsMs) => report({ type: 'probed', rttsMs }));
      return;
    case 'close':
      void closeAll().then(() => report({ type: 'closed' }));
      return;
    case 'exit':
      process.exit(0);
      return;
    default:
      return;
  }
});
report({ type: 'ready' });
