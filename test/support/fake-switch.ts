/**
 * A scripted fake OpenFlow 1.3 switch over a real TCP (or TLS) socket, for integration tests of the
 * controller's switch sessions. It speaks through our own codec (the codec has its own golden
 * tests), answers the handshake the way Open vSwitch does, records everything it receives, and can
 * misbehave on request: another version, no echo answers, fragmented or coalesced writes, raw bytes,
 * a socket that stops reading.
 */
import net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import {
  Framer,
  OFPC,
  OFPMPF,
  OFPPF,
  OFPPS,
  OFP_VERSION,
  decodeMessage,
  encodeMessage,
  type Dpid,
  type MessageOf,
  type OfpMessage,
  type OfpMessageType,
  type Port,
  type PortReason,
  type SwitchDesc,
} from '../../src/ofp';

/**
 * How outgoing bytes reach the socket. `whole`: one write per message. `split:<n>`: every message
 * cut into n-byte writes, `bytewise`: one byte per write; each write waits for the next event-loop
 * turn, so an in-process controller reads the pieces separately. `coalesce`: every message sent in
 * one event-loop turn goes out in a single write.
 */
export type WriteMode = 'whole' | 'bytewise' | 'coalesce' | `split:${number}`;

export interface Received {
  readonly xid: number;
  readonly msg: OfpMessage;
  /** performance.now() on arrival. */
  readonly at: number;
}

/** What the fake does after a script saw a message: its default answer, or nothing. */
export type Verdict = 'auto' | 'handled';

export interface FakeSwitchOptions {
  /** The controller's OpenFlow port. */
  readonly port: number;
  readonly host?: string;
  readonly dpid?: Dpid;
  readonly ports?: readonly Port[];
  readonly desc?: Partial<SwitchDesc>;
  readonly nTables?: number;
  readonly nBuffers?: number;
  readonly auxiliaryId?: number;
  /** The HELLO sent on connect: header version and version bitmap (`null`: no bitmap element); `'none'`: send no HELLO. */
  readonly hello?: { readonly version: number; readonly bitmap: readonly number[] | null } | 'none';
  /** Answer the controller's ECHO_REQUESTs (default true). */
  readonly answerEcho?: boolean;
  readonly writeMode?: WriteMode;
  /** Number of PORT_DESC replies (all but the last with OFPMPF_REPLY_MORE); default 1. */
  readonly portDescParts?: number;
  /** Message types that are recorded but never answered. */
  readonly ignore?: readonly OfpMessageType[];
  /** Sees every received message before the default answer; returning 'handled' suppresses that answer. */
  readonly script?: (rx: Received, sw: FakeSwitch) => Verdict | void;
  /** Connect over TLS with this material (omit cert/key to connect without a client certificate). */
  readonly tls?: { readonly cert?: Buffer; readonly key?: Buffer; readonly ca?: Buffer };
}

/** How one connection ended. */
export interface CloseInfo {
  /** True when the fake itself disconnected; false when the controller (or the network) did. */
  readonly byUs: boolean;
  readonly error?: Error;
}

/** Pure. The datapath id `n` in canonical form. */
export function dpidOf(n: number): Dpid {
  const hex = n.toString(16).padStart(16, '0');
  return hex.match(/../g)?.join(':') ?? hex;
}

/** Pure. An ofp_port as Open vSwitch reports a healthy 10 Gb/s port (state LIVE). */
export function makePort(portNo: number, over: Partial<Port> = {}): Port {
  const speed = OFPPF['10GB_FD'] | OFPPF.COPPER;
  return {
    portNo,
    hwAddr: `02:00:00:00:${((portNo >> 8) & 0xff).toString(16).padStart(2, '0')}:${(portNo & 0xff).toString(16).padStart(2, '0')}`,
    name: `eth${portNo}`,
    config: 0,
    state: OFPPS.LIVE,
    curr: speed,
    advertised: 0,
    supported: 0,
    peer: 0,
    currSpeed: 10_000_000,
    maxSpeed: 0,
    ...over,
  };
}

const DEFAULT_DESC: SwitchDesc = {
  mfrDesc: 'Isthmus test',
  hwDesc: 'fake switch',
  swDesc: 'fake-switch.ts',
  serialNum: 'FAKE-0001',
  dpDesc: 'scripted fake OpenFlow 1.3 switch',
};

interface Outbox {
  readonly socket: net.Socket;
  /** Pieces waiting for their turn (split/bytewise), or the messages of this turn (coalesce). */
  readonly pieces: Buffer[];
  pumping: boolean;
}

/** Writes one queued piece per event-loop turn, so that the reader sees each piece on its own. */
function pump(out: Outbox): void {
  out.pumping = true;
  const next = (): void => {
    const piece = out.pieces.shift();
    if (piece === undefined || out.socket.destroyed) {
      out.pumping = false;
      return;
    }
    out.socket.write(piece);
    setImmediate(next);
  };
  next();
}

interface Waiter {
  readonly pred: (rx: Received) => boolean;
  readonly resolve: (rx: Received) => void;
}

export class FakeSwitch {
  readonly dpid: Dpid;
  /** Messages received on the current connection, in order. */
  received: Received[] = [];
  /** Messages from the controller that our decoder rejected (a controller bug if ever non-empty). */
  readonly decodeErrors: Error[] = [];
  private ports: Port[];
  private answerEcho: boolean;
  private socket: net.Socket | undefined;
  private framer = new Framer();
  private nextXid = 0x5a000000;
  private waiters = new Set<Waiter>();
  private pings = new Map<number, { resolve: (rx: Received) => void; reject: (e: Error) => void }>();
  private closing = false;
  private local = '?:0';
  private closedInfo: Promise<CloseInfo> = Promise.resolve({ byUs: true });
  /** Output of the current connection (a reconnect starts a new one, so stale pieces never cross over). */
  private outbox: Outbox | undefined;

  constructor(readonly opts: FakeSwitchOptions) {
    this.dpid = opts.dpid ?? dpidOf(1);
    this.ports = [...(opts.ports ?? [makePort(1), makePort(2)])];
    this.answerEcho = opts.answerEcho ?? true;
  }

  /** Creates a fake switch and connects it to the controller. */
  static async connect(opts: FakeSwitchOptions): Promise<FakeSwitch> {
    const sw = new FakeSwitch(opts);
    await sw.connect();
    return sw;
  }

  /** Opens a new connection (TCP, or TLS when configured) and sends HELLO; resolves once connected. */
  connect(): Promise<void> {
    if (this.socket !== undefined && !this.socket.destroyed) throw new Error('fake switch is already connected');
    this.received = [];
    this.framer = new Framer();
    this.closing = false;
    const host = this.opts.host ?? '127.0.0.1';
    const t = this.opts.tls;
    const socket = t
      ? tls.connect({ host, port: this.opts.port, cert: t.cert, key: t.key, ca: t.ca, rejectUnauthorized: t.ca !== undefined })
      : net.connect({ host, port: this.opts.port });
    this.socket = socket;
    this.outbox = { socket, pieces: [], pumping: false };
    socket.setNoDelay(true);
    let lastError: Error | undefined;
    this.closedInfo = new Promise<CloseInfo>((resolve) => {
      socket.once('close', () => {
        for (const [xid, p] of this.pings) p.reject(new Error(`connection closed before the ECHO_REPLY for xid ${xid}`));
        this.pings.clear();
        resolve(lastError === undefined ? { byUs: this.closing } : { byUs: this.closing, error: lastError });
      });
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    return new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      socket.once('error', onError);
      socket.on('error', (e: Error) => {
        lastError = e;
      });
      socket.once(t ? 'secureConnect' : 'connect', () => {
        socket.off('error', onError);
        this.local = `${socket.localAddress ?? '?'}:${socket.localPort ?? 0}`;
        this.sendHello();
        resolve();
      });
    });
  }

  /** `ip:port` of our end of the current (or last) connection, which is how the controller names it. */
  get localAddress(): string {
    return this.local;
  }

  get isConnected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed && !this.socket.readableEnded;
  }

  /** Sends a message through the write mode; returns the xid used (a fresh one unless given). */
  send(msg: OfpMessage, xid: number = this.allocXid()): number {
    this.write(encodeMessage(msg, xid));
    return xid;
  }

  /** Sends bytes as they are (malformed input), through the write mode. */
  sendRaw(bytes: Buffer): void {
    this.write(bytes);
  }

  /** Sends OFPT_PORT_STATUS and updates the fake's own port list accordingly. */
  portStatus(reason: PortReason, port: Port): number {
    const others = this.ports.filter((p) => p.portNo !== port.portNo);
    this.ports = reason === 'delete' ? others : [...others, port].sort((a, b) => a.portNo - b.portNo);
    return this.send({ type: 'port_status', reason, desc: port });
  }

  /** Sends OFPT_PACKET_IN carrying `data` as received on `inPort`. */
  packetIn(inPort: number, data: Buffer): number {
    return this.send({
      type: 'packet_in',
      bufferId: 0xffffffff,
      totalLen: data.length,
      reason: 'no_match',
      tableId: 0,
      cookie: 0n,
      match: [{ field: 'in_port', value: inPort }],
      data,
    });
  }

  /**
   * Sends ECHO_REQUEST and resolves with the controller's ECHO_REPLY and the round-trip time
   * (from just before the write to the reply's arrival).
   */
  ping(data: Buffer = Buffer.alloc(0), timeoutMs = 2000): Promise<{ rttMs: number; reply: Received }> {
    const xid = this.allocXid();
    const t0 = performance.now();
    const answered = new Promise<Received>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pings.delete(xid);
        reject(new Error(`no ECHO_REPLY for xid ${xid} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pings.set(xid, {
        resolve: (rx) => {
          clearTimeout(timer);
          resolve(rx);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
    try {
      this.send({ type: 'echo_request', data }, xid);
    } catch (e) {
      this.pings.get(xid)?.reject(e as Error);
      this.pings.delete(xid);
    }
    return answered.then((reply) => ({ rttMs: reply.at - t0, reply }));
  }

  /** Starts or stops answering ECHO_REQUESTs. */
  setAnswerEcho(on: boolean): void {
    this.answerEcho = on;
  }

  /** Stops reading from the socket: the controller's writes pile up in the kernel, then in its own buffer. */
  pause(): void {
    this.socket?.pause();
  }

  /** Reads again after pause(). */
  resume(): void {
    this.socket?.resume();
  }

  /**
   * Resolves with the first message (on this connection) that satisfies `pred`, already received or
   * still to come; rejects after `timeoutMs`, naming what did arrive.
   */
  waitFor(pred: (rx: Received) => boolean, timeoutMs = 2000, what = 'a matching message'): Promise<Received> {
    const found = this.received.find(pred);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<Received>((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        resolve: (rx) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(rx);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const got = this.received.map((r) => r.msg.type).join(', ') || 'nothing';
        reject(new Error(`fake switch ${this.dpid}: no ${what} within ${timeoutMs} ms (received: ${got})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves with the first received message of the given type (and predicate). */
  async waitForType<T extends OfpMessageType>(
    type: T,
    pred: (msg: MessageOf<T>, rx: Received) => boolean = () => true,
    timeoutMs = 2000,
  ): Promise<{ xid: number; msg: MessageOf<T>; at: number }> {
    const rx = await this.waitFor((r) => r.msg.type === type && pred(r.msg as MessageOf<T>, r), timeoutMs, type);
    return { xid: rx.xid, msg: rx.msg as MessageOf<T>, at: rx.at };
  }

  /** Resolves when the current connection has closed (by either side); rejects after `timeoutMs`. */
  waitClosed(timeoutMs = 2000): Promise<CloseInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`fake switch ${this.dpid}: connection still open after ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([this.closedInfo, timeout]).finally(() => clearTimeout(timer));
  }

  /** Closes the connection from the switch side (FIN) and waits until it is closed. */
  async disconnect(): Promise<CloseInfo> {
    const s = this.socket;
    if (s === undefined || s.destroyed) return this.closedInfo;
    this.closing = true;
    s.end();
    // A peer that never closes its half must not hang the test: destroy after a grace period.
    const grace = setTimeout(() => s.destroy(), 500);
    const info = await this.closedInfo;
    clearTimeout(grace);
    return info;
  }

  /** Closes the socket at once without waiting for the peer (a FIN is still sent). */
  destroy(): void {
    this.closing = true;
    this.socket?.destroy();
  }

  /** Aborts the connection with a TCP RST, as a crashed or rebooted switch's kernel would. */
  reset(): void {
    this.closing = true;
    const s = this.socket;
    if (s instanceof tls.TLSSocket || s === undefined) s?.destroy();
    else s.resetAndDestroy();
  }

  // -------------------------------------------------------------------------------------------

  private allocXid(): number {
    const xid = this.nextXid;
    this.nextXid = (this.nextXid + 1) >>> 0;
    return xid;
  }

  private sendHello(): void {
    const h = this.opts.hello ?? { version: OFP_VERSION, bitmap: [1 << OFP_VERSION] };
    if (h === 'none') return;
    this.send({ type: 'hello', version: h.version, elements: h.bitmap === null ? [] : [{ type: 'versionbitmap', bitmaps: h.bitmap }] });
  }

  private write(bytes: Buffer): void {
    const out = this.outbox;
    if (out === undefined || out.socket.destroyed) throw new Error(`fake switch ${this.dpid} is not connected`);
    const mode = this.opts.writeMode ?? 'whole';
    if (mode === 'whole') {
      out.socket.write(bytes);
      return;
    }
    if (mode === 'coalesce') {
      out.pieces.push(bytes);
      if (!out.pumping) {
        out.pumping = true;
        setImmediate(() => {
          out.pumping = false;
          const all = Buffer.concat(out.pieces.splice(0));
          if (!out.socket.destroyed && all.length > 0) out.socket.write(all);
        });
      }
      return;
    }
    const step = mode === 'bytewise' ? 1 : Number(mode.slice('split:'.length));
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad write mode ${mode}`);
    for (let i = 0; i < bytes.length; i += step) out.pieces.push(bytes.subarray(i, i + step));
    if (!out.pumping) pump(out);
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.framer.push(chunk);
    } catch (e) {
      this.decodeErrors.push(e as Error);
      return;
    }
    for (const frame of frames) {
      let rx: Received;
      try {
        const { xid, msg } = decodeMessage(frame);
        rx = { xid, msg, at: performance.now() };
      } catch (e) {
        this.decodeErrors.push(e as Error);
        continue;
      }
      this.received.push(rx);
      for (const w of [...this.waiters]) if (w.pred(rx)) w.resolve(rx);
      if (rx.msg.type === 'echo_reply') {
        const ping = this.pings.get(rx.xid);
        this.pings.delete(rx.xid);
        ping?.resolve(rx);
      }
      if (this.opts.script?.(rx, this) === 'handled') continue;
      if (this.opts.ignore?.includes(rx.msg.type) === true) continue;
      if (this.socket?.destroyed !== false) return;
      this.answer(rx);
    }
  }

  /** The default answers, as Open vSwitch gives them. */
  private answer({ xid, msg }: Received): void {
    switch (msg.type) {
      case 'echo_request':
        if (this.answerEcho) this.send({ type: 'echo_reply', data: msg.data }, xid);
        return;
      case 'features_request':
        this.send(
          {
            type: 'features_reply',
            datapathId: this.dpid,
            nBuffers: this.opts.nBuffers ?? 0,
            nTables: this.opts.nTables ?? 254,
            auxiliaryId: this.opts.auxiliaryId ?? 0,
            capabilities: OFPC.FLOW_STATS | OFPC.TABLE_STATS | OFPC.PORT_STATS | OFPC.GROUP_STATS | OFPC.QUEUE_STATS,
            reserved: 0,
          },
          xid,
        );
        return;
      case 'barrier_request':
        this.send({ type: 'barrier_reply' }, xid);
        return;
      case 'multipart_request':
        return this.answerMultipart(xid, msg);
      default:
        // HELLO, SET_CONFIG, SET_ASYNC and everything else: recorded only.
        return;
    }
  }

  private answerMultipart(xid: number, msg: MessageOf<'multipart_request'>): void {
    switch (msg.body.type) {
      case 'desc':
        this.send({ type: 'multipart_reply', flags: 0, body: { type: 'desc', ...DEFAULT_DESC, ...this.opts.desc } }, xid);
        return;
      case 'port_desc': {
        const parts = Math.max(1, this.opts.portDescParts ?? 1);
        const per = Math.ceil(this.ports.length / parts);
        for (let i = 0; i < parts; i++) {
          const ports = this.ports.slice(i * per, (i + 1) * per);
          const flags = i < parts - 1 ? OFPMPF.REPLY_MORE : 0;
          this.send({ type: 'multipart_reply', flags, body: { type: 'port_desc', ports } }, xid);
        }
        return;
      }
      default:
        return;
    }
  }
}
