/**
 * The path service: k-shortest and disjoint paths over the usable topology (UP, hence enabled,
 * switches, interfaces and links). It holds one immutable PathGraph and rebuilds it lazily: topology
 * events only mark it dirty (the composition root calls invalidate()), and the next query rebuilds,
 * so a burst of events (a switch with 48 ports connecting) costs one rebuild. It reads the topology
 * through its views only and does no I/O.
 */
import type { ControllerEventType } from '../core/events';
import type { EntityStatus } from '../topology/model';
import { PathGraph, type PathGraphInput } from './graph';
import { findDisjointPath, findPaths, type FoundPath, type PathRequest } from './paths';

/** What the service reads of the topology (src/topology/topology.ts views, narrowed to what it uses). */
export interface TopologyViews {
  switchViews(): readonly { readonly config: { readonly dpid: string }; readonly status: EntityStatus }[];
  interfaceViews(): readonly { readonly config: { readonly id: string; readonly dpid: string }; readonly status: EntityStatus }[];
  linkViews(): readonly {
    readonly config: { readonly id: string; readonly endpointA: string; readonly endpointB: string; readonly metadata: Readonly<Record<string, unknown>> };
    readonly status: EntityStatus;
  }[];
}

/**
 * Which events can change what is usable or a link's metadata, hence the graph. A record over every
 * event type, so that a new event type must be classified here before it compiles.
 */
const INVALIDATES: Readonly<Record<ControllerEventType, boolean>> = {
  'switch.connected': true,
  'switch.disconnected': true,
  'switch.enabled': true,
  'switch.disabled': true,
  'switch.deleted': true,
  'switch.error': false,
  'port.added': true,
  'port.modified': true,
  'port.deleted': true,
  'interface.up': true,
  'interface.down': true,
  'interface.enabled': true,
  'interface.disabled': true,
  'interface.deleted': true,
  'link.created': true,
  'link.up': true,
  'link.down': true,
  'link.enabled': true,
  'link.disabled': true,
  'link.deleted': true,
  // Switch and interface metadata do not reach the graph, but telling them apart costs more than a lazy rebuild.
  'metadata.added': true,
  'metadata.removed': true,
  'topology.loaded': true,
  'packet.in': false,
  'flow.removed': false,
  'flow.error': false,
  'flows.reconciled': false,
  'lldp.loop': false,
  // Circuits use the graph; they do not change it.
  'mef_eline.created': false,
  'mef_eline.deleted': false,
  'mef_eline.deployed': false,
  'mef_eline.undeployed': false,
  'mef_eline.redeployed_link_up': false,
  'mef_eline.redeployed_link_down': false,
  'mef_eline.uni_active_updated': false,
  'mef_eline.updated': false,
  'mef_eline.error_redeploy_link_down': false,
  'mef_eline.deploy_failed': false,
  'mef_eline.evcs_loaded': false,
};

/** The event types after which the composition root calls PathService.invalidate(). */
export const PATH_GRAPH_EVENTS: readonly ControllerEventType[] = (Object.keys(INVALIDATES) as ControllerEventType[]).filter((t) => INVALIDATES[t]);

/** Pure. The usable part of the topology as PathGraph input: entities whose status is UP, and nothing hanging off an unusable one. */
export function usableTopology(views: TopologyViews): PathGraphInput {
  // Status UP already implies enabled (DISABLED wins over DOWN, kytos-api.md §0) and, for an
  // interface, an UP switch; for a link, two UP interfaces. The set checks keep the graph free of
  // dangling edges should a view ever disagree.
  const switches = views.switchViews().flatMap((v) => (v.status === 'UP' ? [{ dpid: v.config.dpid }] : []));
  const switchIds = new Set(switches.map((s) => s.dpid));
  const interfaces = views
    .interfaceViews()
    .flatMap((v) => (v.status === 'UP' && switchIds.has(v.config.dpid) ? [{ id: v.config.id, dpid: v.config.dpid }] : []));
  const interfaceIds = new Set(interfaces.map((i) => i.id));
  const links = views.linkViews().flatMap((v) => {
    const { id, endpointA, endpointB, metadata } = v.config;
    return v.status === 'UP' && interfaceIds.has(endpointA) && interfaceIds.has(endpointB) ? [{ id, endpointA, endpointB, metadata }] : [];
  });
  return { switches, interfaces, links };
}

export class PathService {
  private current: PathGraph | undefined;

  constructor(private readonly topology: TopologyViews) {}

  /** Not pure: marks the graph stale; the next query rebuilds it. Cheap, so call it on every relevant event. */
  invalidate(): void {
    this.current = undefined;
  }

  /** Not pure (may rebuild the graph): the graph of the usable topology as it is now. */
  graph(): PathGraph {
    this.current ??= PathGraph.build(usableTopology(this.topology));
    return this.current;
  }

  /** Not pure (may rebuild the graph): up to `req.maxPaths` paths, cheapest first; [] when there is none. */
  findPaths(req: PathRequest): FoundPath[] {
    return findPaths(this.graph(), req);
  }

  /** Not pure (may rebuild the graph): the path most disjoint from `primaryLinks` under `req`, if any. */
  findDisjointPath(primaryLinks: readonly string[], req: PathRequest): FoundPath | undefined {
    return findDisjointPath(this.graph(), primaryLinks, req);
  }
}
