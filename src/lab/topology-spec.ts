/**
 * Lab topology names, checked before anything is started (mininet/topologies.py is the
 * authority and checks again; keep the two in step).
 */

/** Hosts get 10.0.0.K, so K stays a valid host address. */
export const MAX_LAB_SWITCHES = 254;

export type TopologySpec = { readonly kind: 'linear' | 'ring'; readonly switches: number } | { readonly kind: 'mesh12' };

/** Parses `linear,N`, `ring,N` (N >= 3) or `mesh12`; a message saying what is wrong otherwise. Pure. */
export function parseTopologySpec(spec: string): TopologySpec | string {
  if (spec === 'mesh12') return { kind: 'mesh12' };
  const m = /^(linear|ring),(\d+)$/.exec(spec);
  if (!m) return `unknown topology '${spec}' (expected linear,N, ring,N or mesh12)`;
  const kind = m[1] as 'linear' | 'ring';
  const switches = Number(m[2]);
  // A ring of 2 would be a pair of parallel links; mesh12 has those.
  const min = kind === 'ring' ? 3 : 1;
  if (switches < min || switches > MAX_LAB_SWITCHES) return `${kind},N needs ${min} <= N <= ${MAX_LAB_SWITCHES} (got ${switches})`;
  return { kind, switches };
}
