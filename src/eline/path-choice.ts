/**
 * Which paths a deploy tries, in which order, and how a path becomes oriented hops (kytos-api.md
 * §2.2): the static primary path when it is UP, then the static backup path when it is UP, then,
 * for a circuit with `dynamic_backup_path` (or an intra-switch one), the pathfinder's candidates
 * under the primary constraints. Pure.
 */
import type { Dpid } from '../ofp';
import type { Metrics, PathRequest } from '../pathfinder';
import { dpidOfInterface, type EntityStatus, type InterfaceId, type LinkId } from '../topology/model';
import type { EvcConfig, PathHop, PathLink } from './model';
import type { HopEnds } from './tags';

/** A link as the topology knows it now. */
export interface LinkState {
  readonly endpointA: InterfaceId;
  readonly endpointB: InterfaceId;
  readonly status: EntityStatus;
}

/** Where a candidate path came from: the circuit's static paths, or the pathfinder. */
export type PathSource = 'primary' | 'backup' | 'dynamic';

export interface Candidate {
  readonly source: PathSource;
  readonly hops: readonly HopEnds[];
}

/**
 * Pure. `links` in order as hops oriented from `start` (UNI A's switch): each hop's `fromA` is the
 * end on the switch the walk is at. Undefined when the links do not form a walk from `start`.
 */
export function orientLinks(links: readonly Pick<PathLink, 'id' | 'endpointA' | 'endpointB'>[], start: Dpid): HopEnds[] | undefined {
  const out: HopEnds[] = [];
  let at = start;
  for (const l of links) {
    const a = dpidOfInterface(l.endpointA);
    const b = dpidOfInterface(l.endpointB);
    if (a === at) {
      out.push({ linkId: l.id, fromA: l.endpointA, toZ: l.endpointB });
      at = b;
    } else if (b === at) {
      out.push({ linkId: l.id, fromA: l.endpointB, toZ: l.endpointA });
      at = a;
    } else return undefined;
  }
  return out;
}

/**
 * Pure. Kytos `Path.status` for a static path: UP when every link is known, UP, and still joins
 * the endpoints the path names; an empty path is never UP.
 */
export function staticPathUp(path: readonly PathLink[], linkOf: (id: LinkId) => LinkState | undefined): boolean {
  if (path.length === 0) return false;
  return path.every((l) => {
    const now = linkOf(l.id);
    if (now === undefined || now.status !== 'UP') return false;
    const ends = new Set([now.endpointA, now.endpointB]);
    return ends.has(l.endpointA) && ends.has(l.endpointB);
  });
}

/** Pure. Whether every hop's link is UP (an intra-switch circuit's empty path is). */
export function hopsUp(hops: readonly PathHop[], linkOf: (id: LinkId) => LinkState | undefined): boolean {
  return hops.every((h) => linkOf(h.linkId)?.status === 'UP');
}

/** Pure. The pathfinder query of a dynamic deploy (Kytos: source/destination the UNIs, max_paths, the primary constraints). */
export function dynamicPathRequest(cfg: EvcConfig): PathRequest {
  const c = cfg.primaryConstraints;
  return {
    source: cfg.uniA.interfaceId,
    destination: cfg.uniZ.interfaceId,
    spfAttribute: c.spfAttribute ?? 'hop',
    maxPaths: Math.max(1, cfg.maxPaths),
    ...(c.spfMaxPathCost === undefined ? {} : { maxCost: c.spfMaxPathCost }),
    undesiredLinks: c.undesiredLinks ?? [],
    // The metrics' value types are checked by the pathfinder (PathConstraintError), as for its REST API.
    mandatory: (c.mandatoryMetrics ?? {}) as Metrics,
    flexible: (c.flexibleMetrics ?? {}) as Metrics,
    ...(c.minimumFlexibleHits === undefined ? {} : { minimumFlexibleHits: c.minimumFlexibleHits }),
  };
}

/** What choosing needs of the world. */
export interface ChoiceContext {
  readonly linkOf: (id: LinkId) => LinkState | undefined;
  /** The pathfinder's candidates for a request, as link lists in path order. */
  readonly findPaths: (req: PathRequest) => readonly (readonly LinkId[])[];
}

/**
 * Pure given its context. The candidate paths of a deploy, in the order they are tried: the
 * static primary (when UP), the static backup (when UP), then the dynamic candidates when the
 * circuit allows them. An intra-switch circuit has exactly one candidate, the empty path.
 */
export function candidatePaths(cfg: EvcConfig, ctx: ChoiceContext): Candidate[] {
  const start = dpidOfInterface(cfg.uniA.interfaceId);
  if (start === dpidOfInterface(cfg.uniZ.interfaceId)) return [{ source: 'dynamic', hops: [] }];
  const out: Candidate[] = [];
  for (const [source, path] of [
    ['primary', cfg.primaryPath],
    ['backup', cfg.backupPath],
  ] as const) {
    if (!staticPathUp(path, ctx.linkOf)) continue;
    const hops = orientLinks(path, start);
    if (hops !== undefined) out.push({ source, hops });
  }
  if (cfg.dynamicBackupPath) {
    for (const ids of ctx.findPaths(dynamicPathRequest(cfg))) {
      const links = ids.flatMap((id) => {
        const l = ctx.linkOf(id);
        return l === undefined ? [] : [{ id, endpointA: l.endpointA, endpointB: l.endpointB }];
      });
      const hops = links.length === ids.length ? orientLinks(links, start) : undefined;
      if (hops !== undefined) out.push({ source: 'dynamic', hops });
    }
  }
  return out;
}
