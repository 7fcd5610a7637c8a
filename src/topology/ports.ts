/** Port state rules. Pure. */
import { OFPPC, OFPPS } from '../ofp';
import type { KnownPort } from './types';

/**
 * Pure. Whether a port can carry traffic: not administratively down (OFPPC_PORT_DOWN), link up
 * (no OFPPS_LINK_DOWN), and, on switches that report liveness (OVS sets OFPPS_LIVE on every usable
 * port), LIVE: OVS clears LIVE first when a link goes down, before LINK_DOWN.
 */
export function isPortActive(port: KnownPort, switchReportsLive: boolean): boolean {
  if ((port.config & OFPPC.PORT_DOWN) !== 0) return false;
  if ((port.state & OFPPS.LINK_DOWN) !== 0) return false;
  return !switchReportsLive || (port.state & OFPPS.LIVE) !== 0;
}

/** Pure. Whether any port of a switch has ever been seen with OFPPS_LIVE set. */
export function reportsLive(ports: Iterable<KnownPort>): boolean {
  for (const p of ports) if ((p.state & OFPPS.LIVE) !== 0) return true;
  return false;
}
