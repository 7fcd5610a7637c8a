/** The graphology view of the topology follows the topology's events. */
import { OFPPS } from '../../../src/ofp';
import { SwitchDirectory } from '../../../src/topology/switch-directory';
import { TopologyService } from '../../../src/topology/topology-service';
import { TopologyGraph } from '../../../src/topology/graph';
import type { ControllerEvent } from '../../../src/core/events';
import { MemorySwitchStore, MemoryTopologyStore, dpid, switchInfo, upPort } from '../../support/topology-fakes';

const quiet = { info: () => undefined, warn: () => undefined };

function setup() {
  const events: ControllerEvent[] = [];
  const directory = new SwitchDirectory(new MemorySwitchStore(), () => 0, quiet);
  const sink: { graph?: TopologyGraph } = {};
  const topo = new TopologyService({
    store: new MemoryTopologyStore(), directory, log: quiet, lldpVlan: 3799,
    emit: (e) => {
      events.push(e);
      sink.graph?.apply(e);
    },
    settings: { enableByDefault: true, linkUpHoldMs: 0 },
  });
  const graph = new TopologyGraph(topo);
  sink.graph = graph;
  const feed = (e: ControllerEvent): void => {
    directory.apply(e);
    topo.apply(e, 0);
    graph.apply(e);
  };
  for (const n of [1, 2]) feed({ type: 'switch.connected', dpid: dpid(n), address: 'a:1', info: switchInfo(dpid(n), [upPort(1), upPort(2), upPort(3)]) });
  return { topo, graph: graph.graph, feed };
}

describe('TopologyGraph', () => {
  it('has a node per switch with its interfaces, and an edge per link keyed by link id, parallel links apart', () => {
    const { topo, graph } = setup();
    topo.observeLink({ dpid: dpid(1), portNo: 2 }, { dpid: dpid(2), portNo: 2 }, 0);
    topo.observeLink({ dpid: dpid(1), portNo: 3 }, { dpid: dpid(2), portNo: 3 }, 0);
    expect(graph.order).toBe(2);
    expect(graph.size).toBe(2);
    expect(Object.keys(graph.getNodeAttributes(dpid(1)).interfaces)).toEqual([`${dpid(1)}:1`, `${dpid(1)}:2`, `${dpid(1)}:3`]);
    for (const l of topo.linkViews()) expect(graph.getEdgeAttributes(l.config.id)).toMatchObject({ status: 'UP', endpointA: l.config.endpointA });
  });

  it('follows a link going down, its metadata and its deletion', () => {
    const { topo, graph, feed } = setup();
    topo.observeLink({ dpid: dpid(1), portNo: 2 }, { dpid: dpid(2), portNo: 2 }, 0);
    const id = topo.linkViews()[0]?.config.id ?? '';
    feed({ type: 'port.modified', dpid: dpid(2), port: upPort(2, OFPPS.LINK_DOWN) });
    expect(graph.getEdgeAttributes(id).status).toBe('DOWN');
    topo.addMetadata('link', id, { delay: 3.5 });
    expect(graph.getEdgeAttributes(id).metadata).toEqual({ delay: 3.5 });
    topo.disableLink(id, 1);
    expect(graph.getEdgeAttributes(id).status).toBe('DISABLED');
    topo.deleteLink(id);
    expect(graph.hasEdge(id)).toBe(false);
  });
});
