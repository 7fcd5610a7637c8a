/**
 * `/api/kytos/of_lldp/v1` (kytos-api.md §4): which interfaces send LLDP, liveness detection and
 * the polling interval. Status codes and texts are those of kytos-ng of_lldp main.py.
 */
import { Router } from 'express';
import { DomainError } from '../../core/domain-error';
import type { InterfaceId, LinkId, LivenessStatus } from '../../topology/model';
import type { TopologyService } from '../../topology/topology-service';
import { array, object, optional, pythonRepr, requireJson, str, validateBody } from '../validate';

/** What the REST API drives of the LLDP and liveness service (src/core/lldp-service.ts). */
export interface LldpControl {
  /** The current LLDP interval (also the liveness hello interval), in ms. */
  pollingTimeMs(): number;
  /** Changes the interval for this run only (Kytos does not persist it either). */
  setPollingTime(ms: number): void;
  /** Liveness state of one interface; undefined when liveness does not track it. */
  livenessStatus(id: InterfaceId): { status: LivenessStatus; lastHelloAt: number | undefined } | undefined;
  /** Every interface pair liveness tracks, with the pair's aggregated status. */
  livenessPairs(): { interfaceA: InterfaceId; interfaceB: InterfaceId; linkId: LinkId | undefined; status: LivenessStatus }[];
}

export interface LldpRouteDeps {
  readonly topology: Pick<TopologyService, 'interfaceView' | 'interfaceViews' | 'setLldp' | 'setLiveness'>;
  readonly lldp: LldpControl;
}

interface LivenessInterfaceDto {
  id: InterfaceId;
  status: LivenessStatus;
  last_hello_at: string | null;
}

// of_lldp reads `interfaces` with `data.get('interfaces', [])`: the key may be absent.
const INTERFACES_BODY = object<{ interfaces: string[] | undefined }>({ interfaces: optional(array(str())) });

/**
 * Pure. A timestamp as of_lldp shows `last_hello_at`: Python's `isoformat()` of a naive UTC
 * datetime (`2026-01-02T03:04:05.678000`, no fraction when it is zero, no zone).
 */
export function pythonIsoformat(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-02T03:04:05.678Z
  const millis = iso.slice(20, 23);
  return millis === '000' ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${millis}000`;
}

/** Pure. A list of ids as Python prints a set (`{'a', 'b'}`), used in of_lldp's 404 text. */
function pythonSet(ids: readonly string[]): string {
  return `{${ids.map(pythonRepr).join(', ')}}`;
}

/** Builds the router of the of_lldp v1 API over the topology and LLDP services (no I/O of its own). */
export function ofLldpRoutes(deps: LldpRouteDeps): Router {
  const { topology, lldp } = deps;
  const r = Router();

  const liveness = (id: InterfaceId): LivenessInterfaceDto | undefined => {
    const s = lldp.livenessStatus(id);
    return s === undefined ? undefined : { id, status: s.status, last_hello_at: s.lastHelloAt === undefined ? null : pythonIsoformat(s.lastHelloAt) };
  };

  r.get('/interfaces', (_req, res) => {
    res.json({ interfaces: topology.interfaceViews().flatMap((v) => (v.config.lldp ? [v.config.id] : [])) });
  });

  // of_lldp changes the interfaces it finds and lists the others in a 400 (not an error body).
  for (const on of [true, false]) {
    r.post(on ? '/interfaces/enable' : '/interfaces/disable', requireJson, (req, res) => {
      const ids = (validateBody(INTERFACES_BODY, req.body).interfaces ?? []).filter((id) => id !== '');
      if (topology.interfaceViews().length === 0) throw new DomainError('NOT_FOUND', 'No interfaces were found.');
      const missing = ids.filter((id) => topology.interfaceView(id) === undefined);
      // Disabling LLDP also turns liveness off (the service does both).
      topology.setLldp(ids.filter((id) => !missing.includes(id)), on);
      if (missing.length === 0) {
        res.json(`All the requested interfaces have been ${on ? 'enabled' : 'disabled'}.`);
        return;
      }
      res.status(400).json({ [`Some interfaces couldn't be found and ${on ? 'activated' : 'deactivated'}: `]: missing });
    });
  }

  for (const on of [true, false]) {
    r.post(on ? '/liveness/enable' : '/liveness/disable', requireJson, (req, res) => {
      const ids = validateBody(INTERFACES_BODY, req.body).interfaces ?? [];
      if (ids.length === 0) throw new DomainError('BAD_REQUEST', 'Interfaces payload is empty');
      const missing = [...new Set(ids)].filter((id) => topology.interfaceView(id) === undefined);
      if (missing.length > 0) throw new DomainError('NOT_FOUND', `Interface IDs ${pythonSet(missing)} not found`);
      if (on) {
        const noLldp = ids.filter((id) => topology.interfaceView(id)?.config.lldp === false);
        if (noLldp.length > 0) throw new DomainError('BAD_REQUEST', `Interface IDs ${pythonRepr(noLldp)} don't have LLDP enabled`);
      }
      topology.setLiveness(ids, on);
      res.json({});
    });
  }

  r.get('/liveness', (req, res) => {
    const only = req.query['interface_id'];
    if (typeof only === 'string' && only !== '') {
      res.json({ interfaces: [liveness(only)].flatMap((x) => x ?? []) });
      return;
    }
    const ids = topology.interfaceViews().flatMap((v) => (v.config.liveness ? [v.config.id] : []));
    res.json({ interfaces: ids.flatMap((id) => liveness(id) ?? []) });
  });

  r.get('/liveness/pair', (_req, res) => {
    const side = (id: InterfaceId): LivenessInterfaceDto => liveness(id) ?? { id, status: 'init', last_hello_at: null };
    const pairs = lldp.livenessPairs().map((p) => ({
      interface_a: side(p.interfaceA),
      interface_b: side(p.interfaceB),
      link_id: p.linkId ?? null,
      status: p.status,
    }));
    res.json({ pairs });
  });

  r.get('/polling_time', (_req, res) => {
    res.json({ polling_time: lldp.pollingTimeMs() / 1000 });
  });
  r.post('/polling_time', requireJson, (req, res) => {
    lldp.setPollingTime(pollingSeconds(req.body) * 1000);
    res.json('Polling time has been updated.');
  });

  return r;
}

/**
 * The whole seconds of a polling_time body. of_lldp takes `int(payload['polling_time'])`, so a
 * number is truncated; its texts are kept for a missing key and a value that is not positive.
 */
function pollingSeconds(body: unknown): number {
  const raw: unknown = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)['polling_time'] : undefined;
  if (raw === undefined) throw new DomainError('BAD_REQUEST', "This operation is not completed: 'polling_time'");
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw new DomainError('BAD_REQUEST', `This operation is not completed: polling_time must be an integer, not ${pythonRepr(raw)}`);
  }
  const seconds = Math.trunc(raw);
  if (seconds <= 0) throw new DomainError('BAD_REQUEST', `invalid polling_time ${seconds}, must be greater than zero`);
  return seconds;
}
