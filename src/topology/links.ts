/** Link identity (kytos-api.md §0 "Link id"). Pure. */
import { createHash } from 'node:crypto';
import type { InterfaceId, LinkId } from './model';

function splitId(id: InterfaceId): [string, number] {
  const cut = id.lastIndexOf(':');
  return [id.slice(0, cut), Number(id.slice(cut + 1))];
}

/** Pure. Orders interface ids by (dpid string, port number), so that port 9 sorts before port 10. */
export function compareInterfaceIds(a: InterfaceId, b: InterfaceId): number {
  const [da, pa] = splitId(a);
  const [db, pb] = splitId(b);
  if (da !== db) return da < db ? -1 : 1;
  return pa - pb;
}

/** Pure. The Kytos link id of two endpoints and which of them is `endpoint_a` (the smaller). */
export function linkIdOf(x: InterfaceId, y: InterfaceId): { id: LinkId; endpointA: InterfaceId; endpointB: InterfaceId } {
  const [endpointA, endpointB] = compareInterfaceIds(x, y) <= 0 ? [x, y] : [y, x];
  const id = createHash('sha256').update(`${endpointA}:${endpointB}`).digest('hex');
  return { id, endpointA, endpointB };
}
