/** Small hand-made topologies for the pathfinder tests, described by short names. */
import { PathGraph, type PathGraphInput } from '../../../src/pathfinder/graph';
import type { PathRequest } from '../../../src/pathfinder/paths';

/** Switch n's dpid: S(1) = '00:00:00:00:00:00:00:01'. */
export const S = (n: number): string => `00:00:00:00:00:00:00:${n.toString(16).padStart(2, '0')}`;
/** Interface `port` of switch n. */
export const I = (n: number, port: number): string => `${S(n)}:${port}`;

export interface LinkSpec {
  readonly id: string;
  /** [switch, port] at each end. */
  readonly a: readonly [number, number];
  readonly b: readonly [number, number];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Graph input with switches 1..n, every interface named by a link plus port 1 of each switch (a UNI). */
export function input(n: number, links: readonly LinkSpec[]): PathGraphInput {
  const switches = Array.from({ length: n }, (_, i) => ({ dpid: S(i + 1) }));
  const interfaces = new Map<string, string>();
  for (let i = 1; i <= n; i++) interfaces.set(I(i, 1), S(i));
  for (const l of links) {
    interfaces.set(I(...l.a), S(l.a[0]));
    interfaces.set(I(...l.b), S(l.b[0]));
  }
  return {
    switches,
    interfaces: [...interfaces].map(([id, dpid]) => ({ id, dpid })),
    links: links.map((l) => ({ id: l.id, endpointA: I(...l.a), endpointB: I(...l.b), metadata: l.metadata ?? {} })),
  };
}

export function graph(n: number, links: readonly LinkSpec[]): PathGraph {
  return PathGraph.build(input(n, links));
}

/** A request with Kytos's defaults (hop, 2 paths, nothing undesired, no metrics), overridden by `extra`. */
export function request(source: string, destination: string, extra: Partial<PathRequest> = {}): PathRequest {
  return { source, destination, spfAttribute: 'hop', maxPaths: 2, undesiredLinks: [], mandatory: {}, flexible: {}, ...extra };
}

/**
 * The square 1-2-3-4-1 with the diagonal 1-3. Ports: 1 is each switch's UNI; S1: 2→S2, 3→S4,
 * 4→S3; S2: 2→S1, 3→S3; S3: 2→S2, 3→S4, 4→S1; S4: 2→S1, 3→S3. Metadata as listed.
 */
export const SQUARE: readonly LinkSpec[] = [
  { id: 'L12', a: [1, 2], b: [2, 2], metadata: { bandwidth: 100, delay: 1, utilization: 10, reliability: 99, ownership: { red: {} } } },
  { id: 'L23', a: [2, 3], b: [3, 2], metadata: { bandwidth: 100, delay: 1, utilization: 80, reliability: 50, ownership: 'red blue' } },
  { id: 'L34', a: [3, 3], b: [4, 3], metadata: { bandwidth: 10, delay: 5, utilization: 20, ownership: ['blue'] } },
  { id: 'L41', a: [4, 2], b: [1, 3], metadata: { bandwidth: 10, delay: 2 } },
  { id: 'L13', a: [1, 4], b: [3, 4], metadata: { bandwidth: 1, delay: 10, utilization: 5, priority: 5, ownership: 'green' } },
];

/** Hop lists of the three loopless paths of SQUARE from S1's UNI to S3's UNI. */
export const VIA_DIAGONAL = [I(1, 1), S(1), I(1, 4), I(3, 4), S(3), I(3, 1)];
export const VIA_S2 = [I(1, 1), S(1), I(1, 2), I(2, 2), S(2), I(2, 3), I(3, 2), S(3), I(3, 1)];
export const VIA_S4 = [I(1, 1), S(1), I(1, 3), I(4, 2), S(4), I(4, 3), I(3, 3), S(3), I(3, 1)];
