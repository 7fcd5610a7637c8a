/**
 * The OpenFlow listener and the registry of live switch sessions, one per datapath id. It turns
 * session events into controller events on the bus. A second connection from a datapath that is
 * already connected replaces the first (the old session is closed with reason `replaced`).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { assertNever, type ConnectionEvent, type Dpid, type OfpMessage, type SessionLogger, type SessionOptions } from '../ofp';
import { SwitchConnection } from '../ofp/connection';
import type { EventBus } from './events';

/** Capped by the kernel's net.core.somaxconn. */
const LISTEN_BACKLOG = 4096;

export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** When present, switches must present a certificate signed by this CA (mutual authentication). */
  readonly ca?: Buffer;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: TlsMaterial;
}

export class SwitchManager {
  private server: net.Server | undefined;
  private readonly sessions = new Map<Dpid, SwitchConnection>();
  private readonly open = new Set<SwitchConnection>();

  constructor(
    private readonly bus: EventBus,
    private readonly session: SessionOptions,
    private readonly log: SessionLogger,
  ) {}

  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(opts: ListenOptions): Promise<AddressInfo> {
    const server = opts.tls
      ? tls.createServer(
          { cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.ca, requestCert: opts.tls.ca !== undefined, rejectUnauthorized: opts.tls.ca !== undefined },
          (s) => this.accept(s),
        )
      : net.createServer((s) => this.accept(s));
    if (opts.tls) {
      server.on('tlsClientError', (err: Error, s: tls.TLSSocket) => {
        this.log.warn({ err: err.message, remote: `${s.remoteAddress}:${s.remotePort}` }, 'TLS handshake with a switch failed');
      });
    }
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      // A large accept backlog: when hundreds of switches reconnect at once (a controller restart),
      // the kernel would otherwise drop the overflow and those switches retry only a second later.
      server.listen({ port: opts.port, host: opts.host, backlog: LISTEN_BACKLOG }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.log.error({ err }, 'OpenFlow listener error'));
        const addr = server.address() as AddressInfo;
        this.log.info({ host: addr.address, port: addr.port, tls: opts.tls !== undefined }, 'OpenFlow listener started');
        resolve(addr);
      });
    });
  }

  /** The live session of a datapath, if it is connected and past its handshake. */
  get(dpid: Dpid): SwitchConnection | undefined {
    return this.sessions.get(dpid);
  }

  /**
   * Sends a message that expects no reply (PACKET_OUT, PORT_MOD) to a connected switch; false when
   * the switch is not connected or its send buffer is over the high-water mark (the caller drops it).
   */
  send(dpid: Dpid, msg: OfpMessage): boolean {
    const s = this.sessions.get(dpid);
    if (s === undefined || !s.writable) return false;
    s.send(msg);
    return true;
  }

  /** Datapath ids of the connected switches. */
  connected(): Dpid[] {
    return [...this.sessions.keys()];
  }

  /** Stops listening and closes every session; flows stay on the switches. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of [...this.open]) s.close({ kind: 'shutdown' });
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const address = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    const conn = new SwitchConnection(socket, address, this.session);
    this.open.add(conn);
    let dpid: Dpid | undefined;
    conn.onEvent((e: ConnectionEvent) => {
      switch (e.type) {
        case 'ready': {
          dpid = e.info.dpid;
          const previous = this.sessions.get(dpid);
          this.sessions.set(dpid, conn);
          if (previous !== undefined) {
            this.log.warn({ dpid, previous: previous.address, address }, 'second connection from a datapath replaces the first');
            previous.close({ kind: 'replaced' });
          }
          this.bus.emit({ type: 'switch.connected', dpid, address, info: e.info });
          return;
        }
        case 'message':
          if (dpid !== undefined) this.onMessage(dpid, e);
          return;
        case 'closed':
          this.open.delete(conn);
          if (dpid !== undefined && this.sessions.get(dpid) === conn) {
            this.sessions.delete(dpid);
            this.bus.emit({ type: 'switch.disconnected', dpid, reason: e.reason });
          }
          return;
        default:
          return assertNever(e);
      }
    });
    conn.start();
  }

  private onMessage(dpid: Dpid, e: Extract<ConnectionEvent, { type: 'message' }>): void {
    const { msg } = e;
    switch (msg.type) {
      case 'port_status': {
        const type = msg.reason === 'add' ? 'port.added' : msg.reason === 'delete' ? 'port.deleted' : 'port.modified';
        this.bus.emit({ type, dpid, port: msg.desc });
        return;
      }
      case 'packet_in':
        this.bus.emit({ type: 'packet.in', dpid, msg });
        return;
      case 'flow_removed':
        this.bus.emit({ type: 'flow.removed', dpid, msg });
        return;
      case 'error':
        this.bus.emit({ type: 'switch.error', dpid, xid: e.xid, error: msg });
        return;
      case 'experimenter':
        this.log.debug({ dpid, experimenter: msg.experimenter, expType: msg.expType }, 'experimenter message ignored');
        return;
      default:
        return assertNever(msg);
    }
  }
}

