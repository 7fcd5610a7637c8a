/**
 * The pathfinder's graph: the usable topology as a switch-level multigraph (graphology: nodes are
 * switches, one edge per link keyed by its link id, parallel links distinct), compiled once into
 * compact adjacency arrays (CSR) that the searches read.
 *
 * Kytos-ng's pathfinder searches an interface-level graph (kytos-api.md §5): switch and interface
 * nodes, a weight-1 edge between a switch and each of its interfaces, and one edge per link. A path
 * of n links between two interfaces therefore costs Σw + 2n + 2 (each link brings its two
 * switch–interface edges, the end interfaces two more), and Σw + 2n between two switches. We search
 * the switch level with arc cost w + 2 instead: every path's cost differs from Kytos's by the same
 * constant (0, 1 or 2, decided by the endpoints), so the order of paths, and the costs once that
 * constant is added, are exactly Kytos's, on a graph about a third the size.
 *
 * Edge weight w(link) for each spf_attribute:
 * - hop: 1 (Kytos reads the edge attribute "hop", which link metadata never carries).
 * - delay, priority: the link's metadata value of that name; 1 when it is missing or is not a finite
 *   number ≥ 0. Kytos defaults a missing key to 1 too, but fails the request on a non-number
 *   (TypeError, 400) or a negative weight (networkx's "negative weights?" error); a search cannot
 *   run on such a weight, and topology's metadata API already refuses the wrong type, so we fall
 *   back to the default instead.
 */
import { MultiUndirectedGraph } from 'graphology';
import { assertNever } from '../ofp/errors';

/** The link attribute a search minimises (kytos-api.md §5 `spf_attribute`). */
export type SpfAttribute = 'hop' | 'delay' | 'priority';

export interface PathGraphInput {
  /** Usable (UP, enabled) switches. */
  readonly switches: readonly { dpid: string }[];
  /** Usable interfaces. */
  readonly interfaces: readonly { id: string; dpid: string }[];
  /** Usable links. */
  readonly links: readonly { id: string; endpointA: string; endpointB: string; metadata: Readonly<Record<string, unknown>> }[];
}

/** What the graphology multigraph carries on each link edge. */
export interface LinkAttributes {
  readonly endpointA: string;
  readonly endpointB: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Pure. w(link) for `attr` from the link's metadata (see the module comment for the defaults). */
export function linkWeight(metadata: Readonly<Record<string, unknown>>, attr: SpfAttribute): number {
  switch (attr) {
    case 'hop':
      return 1;
    case 'delay':
    case 'priority': {
      const v = metadata[attr];
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 1;
    }
    default:
      return assertNever(attr);
  }
}

const ATTRIBUTES: readonly SpfAttribute[] = ['hop', 'delay', 'priority'];

/** Code-unit order, the same as comparing two hop strings with `<`; never locale-dependent. */
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The usable topology, immutable after build. Besides the graphology multigraph it holds, for the
 * search modules (treat every array as read-only):
 * - switches by index (`dpids`), links by index (`linkIds`, endpoints, metadata, weights);
 * - arcs: each link gives two directed arcs; the arcs leaving switch v are
 *   `arcStart[v] .. arcStart[v+1]-1`, with `arcHead` (the switch reached) and `arcLink`. Within a
 *   switch the arcs are sorted by (outgoing interface id, incoming interface id, link id), so the arc
 *   order at a switch is the order of the hop lists that continue through those arcs: comparing two
 *   paths from the same switch arc by arc compares their hops (ties are broken by hop sequence).
 */
export class PathGraph {
  /** The switch-level multigraph (read-only by convention; the search uses the compiled arrays). */
  readonly graph: MultiUndirectedGraph<Record<string, never>, LinkAttributes>;
  /** Switch index → dpid. */
  readonly dpids: readonly string[];
  /** Link index → link id, endpoint interfaces and switches (A side, B side), metadata. */
  readonly linkIds: readonly string[];
  readonly linkIntfA: readonly string[];
  readonly linkIntfB: readonly string[];
  readonly linkSwitchA: Int32Array;
  readonly linkSwitchB: Int32Array;
  readonly linkMetadata: readonly Readonly<Record<string, unknown>>[];
  /** CSR adjacency (see the class comment). */
  readonly arcStart: Int32Array;
  readonly arcHead: Int32Array;
  readonly arcLink: Int32Array;

  private readonly switchIndex: ReadonlyMap<string, number>;
  private readonly interfaceSwitch: ReadonlyMap<string, number>;
  private readonly linkIndex: ReadonlyMap<string, number>;
  private readonly interfaceLinks: ReadonlyMap<string, readonly number[]>;
  private readonly weights: Readonly<Record<SpfAttribute, Float64Array>>;
  private readonly arcCosts: Readonly<Record<SpfAttribute, Float64Array>>;

  private constructor(graph: MultiUndirectedGraph<Record<string, never>, LinkAttributes>, interfaces: ReadonlyMap<string, string>) {
    this.graph = graph;
    const dpids = graph.nodes();
    this.dpids = dpids;
    this.switchIndex = new Map(dpids.map((d, i) => [d, i]));
    const interfaceSwitch = new Map<string, number>();
    for (const [id, dpid] of interfaces) {
      const sw = this.switchIndex.get(dpid);
      if (sw !== undefined) interfaceSwitch.set(id, sw);
    }
    this.interfaceSwitch = interfaceSwitch;

    const edges = graph.edges();
    const m = edges.length;
    this.linkIds = edges;
    this.linkIndex = new Map(edges.map((e, i) => [e, i]));
    const intfA: string[] = [];
    const intfB: string[] = [];
    const meta: Readonly<Record<string, unknown>>[] = [];
    this.linkSwitchA = new Int32Array(m);
    this.linkSwitchB = new Int32Array(m);
    const interfaceLinks = new Map<string, number[]>();
    edges.forEach((e, l) => {
      const a = graph.getEdgeAttributes(e);
      intfA.push(a.endpointA);
      intfB.push(a.endpointB);
      meta.push(a.metadata);
      this.linkSwitchA[l] = interfaceSwitch.get(a.endpointA) as number;
      this.linkSwitchB[l] = interfaceSwitch.get(a.endpointB) as number;
      for (const intf of [a.endpointA, a.endpointB]) {
        const list = interfaceLinks.get(intf);
        if (list === undefined) interfaceLinks.set(intf, [l]);
        else list.push(l);
      }
    });
    this.linkIntfA = intfA;
    this.linkIntfB = intfB;
    this.linkMetadata = meta;
    this.interfaceLinks = interfaceLinks;

    const weights = {} as Record<SpfAttribute, Float64Array>;
    const arcCosts = {} as Record<SpfAttribute, Float64Array>;
    for (const attr of ATTRIBUTES) {
      const w = new Float64Array(m);
      const c = new Float64Array(m);
      for (let l = 0; l < m; l++) {
        w[l] = linkWeight(meta[l] as Readonly<Record<string, unknown>>, attr);
        // +2: the link's two switch–interface edges of Kytos's interface-level graph.
        c[l] = (w[l] as number) + 2;
      }
      weights[attr] = w;
      arcCosts[attr] = c;
    }
    this.weights = weights;
    this.arcCosts = arcCosts;

    // CSR: per switch, its arcs sorted by (out interface, in interface, link id).
    const n = dpids.length;
    const out: { head: number; link: number; outIntf: string; inIntf: string }[][] = Array.from({ length: n }, () => []);
    for (let l = 0; l < m; l++) {
      const sa = this.linkSwitchA[l] as number;
      const sb = this.linkSwitchB[l] as number;
      (out[sa] as (typeof out)[number]).push({ head: sb, link: l, outIntf: intfA[l] as string, inIntf: intfB[l] as string });
      (out[sb] as (typeof out)[number]).push({ head: sa, link: l, outIntf: intfB[l] as string, inIntf: intfA[l] as string });
    }
    this.arcStart = new Int32Array(n + 1);
    this.arcHead = new Int32Array(2 * m);
    this.arcLink = new Int32Array(2 * m);
    let a = 0;
    for (let v = 0; v < n; v++) {
      this.arcStart[v] = a;
      const arcs = (out[v] as (typeof out)[number]).sort(
        (x, y) => cmpStr(x.outIntf, y.outIntf) || cmpStr(x.inIntf, y.inIntf) || cmpStr(edges[x.link] as string, edges[y.link] as string),
      );
      for (const arc of arcs) {
        this.arcHead[a] = arc.head;
        this.arcLink[a] = arc.link;
        a++;
      }
    }
    this.arcStart[n] = a;
  }

  /**
   * Pure. Builds the graph. Entries that cannot be used are left out rather than rejected: an
   * interface of an unknown switch, a link with an unknown endpoint or with both ends on one switch
   * (a loop is never part of a simple path), a repeated switch, interface or link id (first wins).
   */
  static build(input: PathGraphInput): PathGraph {
    const graph = new MultiUndirectedGraph<Record<string, never>, LinkAttributes>({ allowSelfLoops: false });
    for (const s of input.switches) if (!graph.hasNode(s.dpid)) graph.addNode(s.dpid);
    const interfaces = new Map<string, string>();
    for (const i of input.interfaces) if (graph.hasNode(i.dpid) && !interfaces.has(i.id)) interfaces.set(i.id, i.dpid);
    for (const l of input.links) {
      const da = interfaces.get(l.endpointA);
      const db = interfaces.get(l.endpointB);
      if (da === undefined || db === undefined || da === db || graph.hasEdge(l.id)) continue;
      graph.addEdgeWithKey(l.id, da, db, { endpointA: l.endpointA, endpointB: l.endpointB, metadata: l.metadata });
    }
    return new PathGraph(graph, interfaces);
  }

  /** Pure. Number of switches. */
  get switchCount(): number {
    return this.dpids.length;
  }

  /** Pure. Number of links. */
  get linkCount(): number {
    return this.linkIds.length;
  }

  /** Pure. Index of a usable switch, or undefined. */
  switchOf(dpid: string): number | undefined {
    return this.switchIndex.get(dpid);
  }

  /** Pure. Index of the switch of a usable interface, or undefined (unknown, down, or its switch is not usable). */
  switchOfInterface(interfaceId: string): number | undefined {
    return this.interfaceSwitch.get(interfaceId);
  }

  /** Pure. Index of a usable link, or undefined. */
  linkOf(linkId: string): number | undefined {
    return this.linkIndex.get(linkId);
  }

  /** Pure. Indices of the usable links with `interfaceId` as an endpoint. */
  linksAt(interfaceId: string): readonly number[] {
    return this.interfaceLinks.get(interfaceId) ?? [];
  }

  /** Pure. w(link) per link index for `attr` (read-only). */
  weightsFor(attr: SpfAttribute): Float64Array {
    return this.weights[attr];
  }

  /** Pure. The search's arc cost w(link) + 2 per link index for `attr` (read-only). */
  arcCostsFor(attr: SpfAttribute): Float64Array {
    return this.arcCosts[attr];
  }

  /** Pure. The interface by which arc `a` leaves its switch. */
  arcOutInterface(a: number): string {
    const l = this.arcLink[a] as number;
    return (this.linkSwitchA[l] === this.arcHead[a] ? this.linkIntfB[l] : this.linkIntfA[l]) as string;
  }

  /** Pure. The interface by which arc `a` enters the switch it reaches. */
  arcInInterface(a: number): string {
    const l = this.arcLink[a] as number;
    return (this.linkSwitchA[l] === this.arcHead[a] ? this.linkIntfA[l] : this.linkIntfB[l]) as string;
  }
}
