/**
 * One OpenFlow 1.3 session over a stream socket (TCP or TLS): framing, xid allocation and
 * correlation, the hello/features handshake, echo keepalive and write backpressure. It knows
 * nothing of the domain: it emits typed ConnectionEvents and answers requests.
 */
import type { Duplex } from 'node:stream';
import { OFPCML, OFPC_FRAG, OFPET, OFPMPF, OFPPR, OFPR, OFPRR, OFP_VERSION } from './constants';
import { decodeMessage } from './decode';
import { encodeMessage } from './encode';
import { OfpDecodeError } from './errors';
import { Framer } from './framer';
import { negotiateVersion } from './hello';
import {
  OfpErrorReply,
  RequestFailed,
  type AsyncMessage,
  type CloseReason,
  type ConnectionEvent,
  type HandshakeStage,
  type SessionLogger,
  type SessionOptions,
} from './connection-types';
import type { MessageOf, MultipartReplyBody, MultipartRequestBody, OfpMessage, Port } from './types';

interface Pending {
  readonly request: OfpMessage['type'];
  readonly multipart: boolean;
  readonly parts: MultipartReplyBody[];
  readonly resolve: (v: OfpMessage | MultipartReplyBody[]) => void;
  readonly reject: (e: Error) => void;
  readonly timer: unknown;
}

type State = 'hello' | 'handshake' | 'ready' | 'closed';

/** The reply each request type expects (OF1.3.5 7.3): anything else with its xid is not its reply. */
const REPLY_OF: Partial<Record<OfpMessage['type'], OfpMessage['type']>> = {
  features_request: 'features_reply',
  get_config_request: 'get_config_reply',
  barrier_request: 'barrier_reply',
  queue_get_config_request: 'queue_get_config_reply',
  role_request: 'role_reply',
  get_async_request: 'get_async_reply',
  echo_request: 'echo_reply',
  multipart_request: 'multipart_reply',
  experimenter: 'experimenter',
};

/** How long a peer refused at HELLO gets to read our HELLO_FAILED before the socket is destroyed. */
const REFUSAL_GRACE_MS = 1000;

/** Async messages kept while the handshake runs, delivered once the session is ready. */
const MAX_EARLY_MESSAGES = 1024;
/** Buffered bytes, as a multiple of the high-water mark, at which a switch that reads nothing is dropped. */
const OVERFLOW_FACTOR = 16;

/** All three packet-in reasons, all port-status reasons, all flow-removed reasons (OF1.3.5 7.3.10). */
const ALL_PACKET_IN = (1 << OFPR.no_match) | (1 << OFPR.action) | (1 << OFPR.invalid_ttl);
const ALL_PORT_STATUS = (1 << OFPPR.add) | (1 << OFPPR.delete) | (1 << OFPPR.modify);
const ALL_FLOW_REMOVED = (1 << OFPRR.idle_timeout) | (1 << OFPRR.hard_timeout) | (1 << OFPRR.delete) | (1 << OFPRR.group_delete);

export class SwitchConnection {
  private readonly framer = new Framer();
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();
  private readonly early: { xid: number; msg: AsyncMessage }[] = [];
  private state: State = 'hello';
  private stage: HandshakeStage = 'hello';
  private nextXid = 1;
  private lastRxAt: number;
  private probeSentAt: number | undefined;
  private echoTimer: unknown;
  private handshakeTimer: unknown;
  private log: SessionLogger;
  private drainWaiters: (() => void)[] = [];
  private corked = false;

  constructor(
    private readonly socket: Duplex,
    /** `ip:port` of the peer, for logs and the API. */
    readonly address: string,
    private readonly opts: SessionOptions,
  ) {
    this.log = opts.log.child({ remote: address });
    this.lastRxAt = opts.clock.now();
  }

  /** Subscribes to this session's events; returns the unsubscribe function. */
  onEvent(fn: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Starts the session: attaches to the socket, sends HELLO, arms the handshake and echo timers. */
  start(): void {
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('drain', () => this.onDrain());
    this.socket.on('error', (e: Error) => this.close({ kind: 'socket_error', message: e.message }));
    this.socket.on('close', () => this.close({ kind: 'peer_closed' }));
    this.handshakeTimer = this.opts.clock.setTimeout(
      () => this.close({ kind: 'handshake_timeout', stage: this.stage }),
      this.opts.handshakeTimeoutMs,
    );
    this.armEcho(this.opts.echoIntervalMs);
    // OF1.3.5 7.5.1 "Hello": offer exactly version 1.3 in a version bitmap.
    this.write({ type: 'hello', version: OFP_VERSION, elements: [{ type: 'versionbitmap', bitmaps: [1 << OFP_VERSION] }] }, this.allocXid());
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** False while more than the high-water mark is buffered; senders should then await drained(). */
  get writable(): boolean {
    return this.writableLength() < this.opts.writeHighWaterBytes;
  }

  /** Resolves once the buffered bytes fall below the high-water mark (or the session closes). */
  drained(): Promise<void> {
    if (this.writable || this.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Sends a message without waiting for a reply; returns its xid (errors for it arrive as `message` events). */
  send(msg: OfpMessage): number {
    if (this.state === 'closed') throw new RequestFailed('closed', msg.type);
    const xid = this.allocXid();
    this.write(msg, xid);
    return xid;
  }

  /** Sends a request and resolves with its single reply; an OFPT_ERROR with its xid rejects with OfpErrorReply. */
  request(msg: OfpMessage): Promise<OfpMessage> {
    return this.track(msg, false) as Promise<OfpMessage>;
  }

  /** Sends a multipart request and resolves with every reply body once the last (no REPLY_MORE) arrives. */
  requestMultipart(body: MultipartRequestBody): Promise<MultipartReplyBody[]> {
    return this.track({ type: 'multipart_request', flags: 0, body }, true) as Promise<MultipartReplyBody[]>;
  }

  /** Resolves when the switch has processed everything sent before (OF1.3.5 6.3.8 "Barrier Message"). */
  async barrier(): Promise<void> {
    await this.request({ type: 'barrier_request' });
  }

  /** Closes the session (idempotent): pending requests fail, the socket is destroyed, `closed` is emitted once. */
  close(reason: CloseReason): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.opts.clock.clearTimeout(this.echoTimer);
    this.opts.clock.clearTimeout(this.handshakeTimer);
    for (const p of this.pending.values()) {
      this.opts.clock.clearTimeout(p.timer);
      p.reject(new RequestFailed('closed', p.request));
    }
    this.pending.clear();
    for (const w of this.drainWaiters.splice(0)) w();
    if (reason.kind === 'version_mismatch') {
      // Let HELLO_FAILED reach the peer (a TLS layer drops writes still queued on destroy).
      this.socket.end();
      const grace = this.opts.clock.setTimeout(() => this.socket.destroy(), REFUSAL_GRACE_MS);
      this.socket.once('close', () => this.opts.clock.clearTimeout(grace));
    } else {
      this.socket.destroy();
    }
    const level = reason.kind === 'shutdown' || reason.kind === 'peer_closed' ? 'info' : 'warn';
    this.log[level]({ reason }, 'switch session closed');
    this.emit({ type: 'closed', reason });
  }

  // -------------------------------------------------------------------------------------------

  private allocXid(): number {
    const xid = this.nextXid;
    this.nextXid = this.nextXid === 0xffffffff ? 1 : this.nextXid + 1;
    return xid;
  }

  private writableLength(): number {
    return (this.socket as Duplex & { writableLength: number }).writableLength;
  }

  private write(msg: OfpMessage, xid: number): void {
    // Messages written in one turn of the event loop leave in one writev: a burst of thousands of
    // FLOW_MODs costs a few system calls, not one each.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(encodeMessage(msg, xid));
    const buffered = this.writableLength();
    if (buffered > OVERFLOW_FACTOR * this.opts.writeHighWaterBytes) this.close({ kind: 'write_overflow', bufferedBytes: buffered });
  }

  private onDrain(): void {
    if (!this.writable) return;
    for (const w of this.drainWaiters.splice(0)) w();
  }

  private track(msg: OfpMessage, multipart: boolean): Promise<OfpMessage | MultipartReplyBody[]> {
    if (this.state === 'closed') return Promise.reject(new RequestFailed('closed', msg.type));
    const xid = this.allocXid();
    return new Promise((resolve, reject) => {
      const timer = this.opts.clock.setTimeout(() => {
        this.pending.delete(xid);
        reject(new RequestFailed('timeout', msg.type));
      }, this.opts.requestTimeoutMs);
      this.pending.set(xid, { request: msg.type, multipart, parts: [], resolve, reject, timer });
      this.write(msg, xid);
    });
  }

  private emit(e: ConnectionEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch (err) {
        this.log.error({ err, event: e.type }, 'session event handler failed');
      }
    }
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.lastRxAt = this.opts.clock.now();
    this.probeSentAt = undefined;
    try {
      for (const frame of this.framer.push(chunk)) {
        this.dispatch(decodeMessage(frame), frame);
        if (this.isClosed) return;
      }
    } catch (e) {
      if (!(e instanceof OfpDecodeError)) throw e;
      // A malformed message ends this switch's session only (never the controller).
      this.close({ kind: 'decode_error', code: e.code, offset: e.offset, message: e.message });
    }
  }

  private dispatch({ xid, msg }: { xid: number; msg: OfpMessage }, frame: Buffer): void {
    switch (msg.type) {
      case 'echo_request':
        this.write({ type: 'echo_reply', data: msg.data }, xid);
        return;
      case 'echo_reply':
        return;
      case 'hello':
        return this.onHello(msg);
      default:
        break;
    }
    const p = this.pending.get(xid);
    if (p !== undefined && this.settle(p, xid, msg)) return;
    switch (msg.type) {
      case 'packet_in':
      case 'port_status':
      case 'flow_removed':
      case 'error':
      case 'experimenter':
        return this.onAsync(xid, msg);
      default:
        this.log.debug({ xid, type: msg.type, bytes: frame.length }, 'unsolicited message ignored');
    }
  }

  /** Matches a reply to its request; false when the message is not a reply to it. */
  private settle(p: Pending, xid: number, msg: OfpMessage): boolean {
    if (msg.type === 'error') {
      this.finish(xid, p);
      p.reject(new OfpErrorReply(msg, p.request));
      return true;
    }
    if (msg.type !== REPLY_OF[p.request]) return false;
    if (p.multipart) {
      if (msg.type !== 'multipart_reply') return false;
      p.parts.push(msg.body);
      // OF1.3.5 7.3.5 "Multipart Messages": OFPMPF_REPLY_MORE means more replies follow with this xid.
      if ((msg.flags & OFPMPF.REPLY_MORE) !== 0) return true;
      this.finish(xid, p);
      p.resolve(p.parts);
      return true;
    }
    this.finish(xid, p);
    p.resolve(msg);
    return true;
  }

  private finish(xid: number, p: Pending): void {
    this.pending.delete(xid);
    this.opts.clock.clearTimeout(p.timer);
  }

  private onAsync(xid: number, msg: AsyncMessage): void {
    if (this.state === 'ready') {
      this.emit({ type: 'message', xid, msg });
      return;
    }
    // Before the port list is read, PORT_STATUS is superseded by the PORT_DESC reply (OVS may send
    // it before FEATURES_REPLY); errors here answer the handshake's own SET_CONFIG/SET_ASYNC.
    if (msg.type === 'port_status') return;
    if (msg.type === 'error') {
      this.log.warn({ xid, errType: msg.errType, code: msg.code, stage: this.stage }, 'switch rejected a handshake message');
      return;
    }
    if (this.early.length < MAX_EARLY_MESSAGES) this.early.push({ xid, msg });
  }

  private onHello(msg: MessageOf<'hello'>): void {
    if (this.state !== 'hello') return;
    const verdict = negotiateVersion(msg);
    if (!verdict.ok) {
      // OF1.3.5 7.5.1: answer OFPET_HELLO_FAILED / OFPHFC_INCOMPATIBLE, in the peer's version if lower.
      const version = Math.min(msg.version, OFP_VERSION);
      const data = Buffer.from(`Isthmus speaks OpenFlow 1.3 (0x04) only; peer offered ${verdict.offered}`);
      this.write({ type: 'error', version, errType: OFPET.HELLO_FAILED, code: 0, data }, this.allocXid());
      this.close({ kind: 'version_mismatch', peerVersion: msg.version, peerBitmap: verdict.bitmap });
      return;
    }
    this.state = 'handshake';
    this.handshake().catch((e: unknown) => {
      if (this.state === 'closed') return;
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof RequestFailed && e.kind === 'timeout') this.close({ kind: 'handshake_timeout', stage: this.stage });
      else this.close({ kind: 'handshake_failed', stage: this.stage, message });
    });
  }

  private async handshake(): Promise<void> {
    this.stage = 'features';
    const features = await this.request({ type: 'features_request' });
    if (features.type !== 'features_reply') throw new Error(`expected features_reply, got ${features.type}`);
    this.log = this.log.child({ dpid: features.datapathId });
    // OF1.3.5 6.3.6 "Auxiliary Connections": Isthmus uses the main connection only.
    if (features.auxiliaryId !== 0) throw new Error(`auxiliary connection ${features.auxiliaryId} is not supported`);
    this.stage = 'config';
    // Whole frames to the controller, never buffered on the switch (LLDP and diagnostics need the frame).
    this.send({ type: 'set_config', flags: OFPC_FRAG.NORMAL, missSendLen: OFPCML.NO_BUFFER });
    this.send({
      type: 'set_async',
      packetInMask: [ALL_PACKET_IN, 0],
      portStatusMask: [ALL_PORT_STATUS, ALL_PORT_STATUS],
      flowRemovedMask: [ALL_FLOW_REMOVED, 0],
    });
    this.stage = 'desc';
    const descParts = await this.requestMultipart({ type: 'desc' });
    const desc = descParts.find((b) => b.type === 'desc');
    if (desc === undefined || desc.type !== 'desc') throw new Error('DESC reply missing');
    this.stage = 'port_desc';
    const ports: Port[] = [];
    for (const b of await this.requestMultipart({ type: 'port_desc' })) if (b.type === 'port_desc') ports.push(...b.ports);
    this.opts.clock.clearTimeout(this.handshakeTimer);
    this.state = 'ready';
    const { type: _t, ...switchDesc } = desc;
    this.log.info({ ports: ports.length, nTables: features.nTables }, 'switch session ready');
    this.emit({
      type: 'ready',
      info: {
        dpid: features.datapathId,
        nBuffers: features.nBuffers,
        nTables: features.nTables,
        auxiliaryId: features.auxiliaryId,
        capabilities: features.capabilities,
        desc: switchDesc,
        ports,
      },
    });
    for (const m of this.early.splice(0)) {
      if (this.state !== 'ready') break;
      this.emit({ type: 'message', xid: m.xid, msg: m.msg });
    }
  }

  private armEcho(ms: number): void {
    this.echoTimer = this.opts.clock.setTimeout(() => this.onEchoTick(), ms);
  }

  /** Probes an idle switch with ECHO_REQUEST and declares it gone when nothing answers in time. */
  private onEchoTick(): void {
    if (this.state === 'closed') return;
    const now = this.opts.clock.now();
    const { echoIntervalMs, echoTimeoutMs } = this.opts;
    if (this.probeSentAt !== undefined) {
      const waited = now - this.probeSentAt;
      if (waited >= echoTimeoutMs) {
        this.close({ kind: 'echo_timeout', silentMs: now - this.lastRxAt });
        return;
      }
      this.armEcho(echoTimeoutMs - waited);
      return;
    }
    const idle = now - this.lastRxAt;
    if (idle < echoIntervalMs) {
      this.armEcho(echoIntervalMs - idle);
      return;
    }
    this.probeSentAt = now;
    this.write({ type: 'echo_request', data: Buffer.alloc(0) }, this.allocXid());
    this.armEcho(echoTimeoutMs);
  }
}

