/** `/api/kytos/topology/v3`: switches and interfaces (links come with LLDP discovery). */
import { Router } from 'express';
import type { SwitchDirectory } from '../../topology/switch-directory';
import { toSwitchDto, type InterfaceDto, type SwitchDto } from '../dto/topology';

export interface TopologyRouteDeps {
  readonly directory: Pick<SwitchDirectory, 'list'>;
}

function switches(deps: TopologyRouteDeps): Record<string, SwitchDto> {
  const out: Record<string, SwitchDto> = {};
  deps.directory.list().forEach((sw, i) => {
    out[sw.dpid] = toSwitchDto(sw, i);
  });
  return out;
}

/** Routes of the topology v3 API. */
export function topologyRoutes(deps: TopologyRouteDeps): Router {
  const r = Router();
  r.get('/', (_req, res) => {
    res.json({ topology: { switches: switches(deps), links: {} } });
  });
  r.get('/switches', (_req, res) => {
    res.json({ switches: switches(deps) });
  });
  r.get('/interfaces', (_req, res) => {
    const interfaces: Record<string, InterfaceDto> = {};
    for (const sw of Object.values(switches(deps))) Object.assign(interfaces, sw.interfaces);
    res.json({ interfaces });
  });
  return r;
}
