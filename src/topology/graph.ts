/**
 * The topology as a graphology multigraph, kept up to date incrementally from topology events:
 * switches are nodes, links are edges keyed by their Kytos link id (parallel links are distinct
 * edges). The pathfinder reads it. Attributes are copies of the views, refreshed per change.
 */
import { MultiUndirectedGraph } from 'graphology';
import type { Dpid } from '../ofp';
import type { ControllerEvent } from '../core/events';
import { dpidOfInterface, type EntityStatus, type InterfaceId, type LinkId, type Metadata } from './model';
import type { Topology } from './topology';

export interface InterfaceAttributes {
  readonly portNo: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly active: boolean;
  readonly status: EntityStatus;
  readonly metadata: Metadata;
}

export interface SwitchNode {
  readonly dpid: Dpid;
  readonly interfaces: Readonly<Record<InterfaceId, InterfaceAttributes>>;
  readonly enabled: boolean;
  readonly active: boolean;
  readonly status: EntityStatus;
  readonly metadata: Metadata;
}

export interface LinkEdge {
  readonly id: LinkId;
  readonly endpointA: InterfaceId;
  readonly endpointB: InterfaceId;
  readonly enabled: boolean;
  readonly active: boolean;
  readonly status: EntityStatus;
  readonly metadata: Metadata;
}

export type TopologyGraphData = MultiUndirectedGraph<SwitchNode, LinkEdge>;


export class TopologyGraph {
  readonly graph: TopologyGraphData = new MultiUndirectedGraph<SwitchNode, LinkEdge>({ allowSelfLoops: false });

  constructor(private readonly topology: Pick<Topology, 'switchViews' | 'switchView' | 'linkViews' | 'linkView' | 'interfaceViews'>) {
    this.rebuild();
  }

  /** Recreates the whole graph from the topology. */
  rebuild(): void {
    this.graph.clear();
    for (const s of this.topology.switchViews()) this.upsertSwitch(s.config.dpid);
    for (const l of this.topology.linkViews()) this.upsertLink(l.config.id);
  }

  /** Applies one controller event; only the entities it names are refreshed. */
  apply(e: ControllerEvent): void {
    switch (e.type) {
      case 'topology.loaded':
        return this.rebuild();
      case 'switch.connected':
      case 'switch.disconnected':
      case 'switch.enabled':
      case 'switch.disabled':
        this.upsertSwitch(e.dpid);
        // A switch's state changes the status of its links too.
        for (const l of this.topology.linkViews()) {
          if (dpidOfInterface(l.config.endpointA) === e.dpid || dpidOfInterface(l.config.endpointB) === e.dpid) this.upsertLink(l.config.id);
        }
        return;
      case 'interface.up':
      case 'interface.down':
      case 'interface.enabled':
      case 'interface.disabled':
      case 'interface.deleted':
        return this.upsertSwitch(dpidOfInterface(e.interfaceId));
      case 'switch.deleted':
        if (this.graph.hasNode(e.dpid)) this.graph.dropNode(e.dpid);
        return;
      case 'link.created':
      case 'link.up':
      case 'link.down':
      case 'link.enabled':
      case 'link.disabled':
        return this.upsertLink(e.linkId);
      case 'link.deleted':
        if (this.graph.hasEdge(e.linkId)) this.graph.dropEdge(e.linkId);
        return;
      case 'metadata.added':
      case 'metadata.removed':
        if (e.kind === 'link') this.upsertLink(e.id);
        else this.upsertSwitch(e.kind === 'switch' ? e.id : dpidOfInterface(e.id));
        return;
      default:
        return;
    }
  }

  private upsertSwitch(dpid: Dpid): void {
    const v = this.topology.switchView(dpid);
    if (v === undefined) return;
    const interfaces: Record<InterfaceId, InterfaceAttributes> = {};
    for (const i of this.topology.interfaceViews(dpid)) {
      interfaces[i.config.id] = { portNo: i.config.portNo, name: i.port.name, enabled: i.enabled, active: i.active, status: i.status, metadata: i.config.metadata };
    }
    const node: SwitchNode = { dpid, interfaces, enabled: v.config.enabled, active: v.snapshot.connected, status: v.status, metadata: v.config.metadata };
    this.graph.mergeNode(dpid, node);
    this.graph.replaceNodeAttributes(dpid, node);
  }

  private upsertLink(id: LinkId): void {
    const v = this.topology.linkView(id);
    if (v === undefined) {
      if (this.graph.hasEdge(id)) this.graph.dropEdge(id);
      return;
    }
    const a = dpidOfInterface(v.config.endpointA);
    const b = dpidOfInterface(v.config.endpointB);
    if (a === b) return;
    this.upsertSwitch(a);
    this.upsertSwitch(b);
    if (!this.graph.hasNode(a) || !this.graph.hasNode(b)) return;
    const edge: LinkEdge = {
      id,
      endpointA: v.config.endpointA,
      endpointB: v.config.endpointB,
      enabled: v.enabled,
      active: v.active,
      status: v.status,
      metadata: v.config.metadata,
    };
    if (this.graph.hasEdge(id)) this.graph.replaceEdgeAttributes(id, edge);
    else this.graph.addEdgeWithKey(id, a, b, edge);
  }
}
