/**
 * The REST side of `bench:eline`: plain node:http clients on keep-alive connections, one
 * connection per client, so "16 clients" is 16 sockets each sending its next request when the
 * last one has answered. Latency is from the request written to the last byte of the response.
 */
import http from 'node:http';

const now = (): bigint => process.hrtime.bigint();

export interface Reply {
  readonly status: number;
  readonly body: Buffer;
  readonly ms: number;
}

/** A REST API at 127.0.0.1:port with a keep-alive agent of `sockets` connections. */
export class Api {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /** One request; resolves with status, body and the time it took (ms). */
  request(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const t0 = now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: Number(now() - t0) / 1e6 }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The parsed JSON body of a GET that must answer 200. */
  async getJson(path: string): Promise<unknown> {
    const r = await this.request('GET', path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.toString().slice(0, 300)}`);
    return JSON.parse(r.body.toString()) as unknown;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Created {
  readonly circuitId: string;
  readonly deployed: boolean;
  readonly ms: number;
  /** When the request was sent, ms after the batch started. */
  readonly atMs: number;
}

export interface Batch {
  readonly created: Created[];
  /** From the first request sent to the last response received. */
  readonly wallMs: number;
}

export const EVC_PATH = '/api/kytos/mef_eline/v2/evc/';

/**
 * POSTs `bodies` with `clients` concurrent clients, each taking the next body when its previous
 * request has answered. A response other than 201 fails the batch (the bench counts only circuits
 * the controller says it deployed; `deployed: false` is reported by the caller).
 */
export async function createAll(api: Api, bodies: readonly unknown[], clients: number, onProgress?: (done: number) => void): Promise<Batch> {
  const created: Created[] = new Array<Created>(bodies.length);
  let next = 0;
  let done = 0;
  const t0 = now();
  const client = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= bodies.length) return;
      const atMs = Number(now() - t0) / 1e6;
      const r = await api.request('POST', EVC_PATH, bodies[i]);
      if (r.status !== 201) throw new Error(`POST ${EVC_PATH} #${i}: ${r.status} ${r.body.toString().slice(0, 300)}`);
      const json = JSON.parse(r.body.toString()) as { circuit_id?: unknown; deployed?: unknown };
      if (typeof json.circuit_id !== 'string' || typeof json.deployed !== 'boolean') throw new Error(`POST ${EVC_PATH} #${i}: unexpected body ${r.body.toString()}`);
      created[i] = { circuitId: json.circuit_id, deployed: json.deployed, ms: r.ms, atMs };
      done++;
      if (onProgress !== undefined && done % 1000 === 0) onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, bodies.length) }, client));
  return { created, wallMs: Number(now() - t0) / 1e6 };
}
