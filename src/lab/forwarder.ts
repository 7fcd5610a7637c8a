/**
 * The bridge between the lab's switches and the controller. The switches live in the lab's
 * network namespace and the controller in the root one; a UNIX socket crosses namespaces, so the
 * switches connect to `<rundir>/controller.sock` and each accepted stream is piped, byte for byte,
 * to the controller's TCP address. One TCP connection per switch connection, as without the lab.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import type { Logger } from 'pino';

export interface ControllerAddress {
  readonly host: string;
  readonly port: number;
}

/** A listening forwarder; `close()` stops listening and cuts every open pipe. */
export class ControllerForwarder {
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly socketPath: string,
    readonly target: ControllerAddress,
    private readonly server: Server,
  ) {}

  /** Number of switch connections currently piped to the controller. */
  get connections(): number {
    return this.sockets.size / 2;
  }

  /** Listens on `socketPath` and forwards to `target`. Impure. */
  static listen(socketPath: string, target: ControllerAddress, log: Logger): Promise<ControllerForwarder> {
    rmSync(socketPath, { force: true });
    const server = createServer({ pauseOnConnect: true });
    const fwd = new ControllerForwarder(socketPath, target, server);
    server.on('connection', (down) => fwd.pipe(down, log));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        server.on('error', (err) => log.error({ err }, 'controller forwarder error'));
        resolve(fwd);
      });
    });
  }

  /** Joins one switch stream to a new controller connection; either end closing closes both. */
  private pipe(down: Socket, log: Logger): void {
    const up = connect({ host: this.target.host, port: this.target.port });
    this.sockets.add(down).add(up);
    let closed = false;
    const close = (why: string, err?: Error): void => {
      if (closed) return;
      closed = true;
      log.debug({ why, err: err?.message }, 'controller pipe closed');
      // destroy(), not end(): OpenFlow has no half-close, and a switch that lost its controller
      // must see the disconnect at once to start reconnecting.
      down.destroy();
      up.destroy();
      this.sockets.delete(down);
      this.sockets.delete(up);
    };
    up.setNoDelay(true);
    up.once('connect', () => {
      down.pipe(up);
      up.pipe(down);
      down.resume();
    });
    for (const [side, s] of [['switch', down], ['controller', up]] as const) {
      s.on('error', (err) => close(`${side} error`, err));
      s.on('close', () => close(`${side} closed`));
      s.on('end', () => close(`${side} ended`));
    }
  }

  /** Stops accepting, destroys open pipes and removes the socket file. Impure. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return new Promise((resolve) => {
      this.server.close(() => {
        rmSync(this.socketPath, { force: true });
        resolve();
      });
    });
  }
}
