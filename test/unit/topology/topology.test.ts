/**
 * The topology's link lifecycle (kytos-api.md §3.3): discovery, port down at once, the link-up
 * hold for links that come back, mismatched links, switch loss, and the events of each change.
 */
import { OFPPS } from '../../../src/ofp';
import { SwitchDirectory } from '../../../src/topology/switch-directory';
import { TopologyService } from '../../../src/topology/topology-service';
import type { ControllerEvent } from '../../../src/core/events';
import { EventLog, MemorySwitchStore, MemoryTopologyStore, dpid, switchInfo, upPort } from '../../support/topology-fakes';

const S1 = dpid(1);
const S2 = dpid(2);
const S3 = dpid(3);
const quiet = { info: () => undefined, warn: () => undefined };

function setup(opts: { holdMs?: number; enableByDefault?: boolean; store?: MemoryTopologyStore; switches?: MemorySwitchStore } = {}) {
  const log = new EventLog();
  const switchStore = opts.switches ?? new MemorySwitchStore();
  const store = opts.store ?? new MemoryTopologyStore();
  const directory = new SwitchDirectory(switchStore, () => 0, quiet);
  const topo = new TopologyService({
    store, directory, emit: log.emit, log: quiet, lldpVlan: 3799,
    settings: { enableByDefault: opts.enableByDefault ?? true, linkUpHoldMs: opts.holdMs ?? 10_000 },
  });
  const feed = (e: ControllerEvent, now = 0): void => {
    directory.apply(e);
    topo.apply(e, now);
  };
  const connect = (d: string, ports = [1, 2, 3], now = 0): void =>
    feed({ type: 'switch.connected', dpid: d, address: '127.0.0.1:1', info: switchInfo(d, ports.map((p) => upPort(p))) }, now);
  return { log, topo, feed, connect, store, switchStore };
}

const L12 = { a: { dpid: S1, portNo: 2 }, b: { dpid: S2, portNo: 1 } };

describe('link discovery and status', () => {
  it('creates a link from an LLDP observation, UP at once, with the Kytos endpoints', () => {
    const { topo, connect, log } = setup();
    connect(S1);
    connect(S2);
    log.clear();
    topo.observeLink(L12.a, L12.b, 1000);
    const [link] = topo.linkViews();
    expect(link?.config.endpointA).toBe(`${S1}:2`);
    expect(link?.config.endpointB).toBe(`${S2}:1`);
    expect(link?.status).toBe('UP');
    expect(log.types()).toEqual(['link.created', 'link.up']);
    expect(topo.interfaceView(`${S1}:2`)?.linkId).toBe(link?.config.id);
  });

  it('ignores an observation when an endpoint is not active', () => {
    const { topo, connect } = setup();
    connect(S1);
    topo.observeLink(L12.a, L12.b, 0);
    expect(topo.linkViews()).toEqual([]);
  });

  it('takes the link down at once when a port goes down, and holds it when the port comes back', () => {
    const { topo, connect, feed, log } = setup({ holdMs: 5000 });
    connect(S1);
    connect(S2);
    topo.observeLink(L12.a, L12.b, 0);
    log.clear();
    feed({ type: 'port.modified', dpid: S2, port: upPort(1, OFPPS.LINK_DOWN) }, 1000);
    expect(topo.linkViews()[0]).toMatchObject({ status: 'DOWN', reasons: ['deactivated'] });
    expect(log.types()).toEqual(['interface.down', 'link.down']);
    log.clear();
    feed({ type: 'port.modified', dpid: S2, port: upPort(1) }, 2000);
    expect(topo.linkViews()[0]).toMatchObject({ status: 'DOWN', reasons: ['link_up_hold'] });
    expect(log.types()).toEqual(['interface.up']);
    expect(topo.nextDeadline()).toBe(7000);
    topo.tick(6999);
    expect(topo.linkViews()[0]?.status).toBe('DOWN');
    log.clear();
    topo.tick(7000);
    expect(topo.linkViews()[0]?.status).toBe('UP');
    expect(log.types()).toEqual(['link.up']);
    expect(topo.nextDeadline()).toBeUndefined();
  });

  it('takes every link of a switch down when it disconnects; LLDP brings them back held', () => {
    const { topo, connect, feed } = setup({ holdMs: 5000 });
    connect(S1);
    connect(S2);
    topo.observeLink(L12.a, L12.b, 0);
    feed({ type: 'switch.disconnected', dpid: S2, reason: { kind: 'peer_closed' } }, 100);
    expect(topo.linkViews()[0]?.status).toBe('DOWN');
    connect(S2, [1, 2, 3], 200);
    expect(topo.linkViews()[0]?.status).toBe('DOWN');
    topo.observeLink(L12.a, L12.b, 300);
    expect(topo.linkViews()[0]).toMatchObject({ status: 'DOWN', reasons: ['link_up_hold'] });
    topo.tick(5300);
    expect(topo.linkViews()[0]?.status).toBe('UP');
  });

  it('marks the old link mismatched when an endpoint sees another peer', () => {
    const { topo, connect, log } = setup();
    connect(S1);
    connect(S2);
    connect(S3);
    topo.observeLink(L12.a, L12.b, 0);
    const oldId = topo.linkViews()[0]?.config.id;
    log.clear();
    topo.observeLink({ dpid: S1, portNo: 2 }, { dpid: S3, portNo: 1 }, 100);
    const old = topo.linkView(oldId ?? '');
    expect(old).toMatchObject({ status: 'DOWN' });
    expect(old?.reasons).toContain('mismatched_link');
    expect(topo.interfaceView(`${S1}:2`)?.linkId).not.toBe(oldId);
    expect(log.types()).toEqual(['link.created', 'link.down', 'link.up']);
  });

  it('reports liveness down as a DOWN link with reason liveness', () => {
    const { topo, connect } = setup();
    connect(S1);
    connect(S2);
    topo.observeLink(L12.a, L12.b, 0);
    const id = topo.linkViews()[0]?.config.id ?? '';
    topo.setLinkLiveness(id, 'down', 10);
    expect(topo.linkView(id)).toMatchObject({ status: 'DOWN', reasons: ['liveness'], liveness: 'down' });
    topo.setLinkLiveness(id, 'up', 20);
    expect(topo.linkView(id)?.status).toBe('UP');
  });
});

describe('persistence and defaults', () => {
  it('persists new entities enabled by default, and disabled with enable_entities_by_default=false', () => {
    const on = setup();
    on.connect(S1);
    expect(on.store.switches.get(S1)?.enabled).toBe(true);
    expect(on.store.interfaces.get(`${S1}:1`)).toMatchObject({ enabled: true, tagRanges: [[1, 4094]], specialTags: ['untagged', 'any'], lldp: true, liveness: false });
    const off = setup({ enableByDefault: false });
    off.connect(S1);
    off.connect(S2);
    off.topo.observeLink(L12.a, L12.b, 0);
    expect(off.topo.switchView(S1)?.status).toBe('DISABLED');
    expect(off.topo.linkViews()[0]).toMatchObject({ enabled: false, status: 'DISABLED' });
  });

  it('after a restart lists the known links DOWN until LLDP sees them, then UP without a hold', () => {
    const first = setup();
    first.connect(S1);
    first.connect(S2);
    first.topo.observeLink(L12.a, L12.b, 0);
    const again = setup({ store: first.store, switches: first.switchStore });
    expect(again.log.types()).toEqual(['topology.loaded']);
    expect(again.topo.linkViews()[0]?.status).toBe('DOWN');
    again.connect(S1);
    again.connect(S2);
    again.topo.observeLink(L12.a, L12.b, 50);
    expect(again.topo.linkViews()[0]?.status).toBe('UP');
  });
});

describe('operator actions', () => {
  it('disabling a switch disables its links persistently (as Kytos-ng); enabling it does not re-enable them', () => {
    const { topo, connect, store } = setup();
    connect(S1);
    connect(S2);
    topo.observeLink(L12.a, L12.b, 0);
    const id = topo.linkViews()[0]?.config.id ?? '';
    topo.disableSwitch(S1, 1);
    expect(store.links.get(id)?.enabled).toBe(false);
    topo.enableSwitch(S1, 2);
    expect(topo.linkView(id)?.status).toBe('DISABLED');
    topo.enableLink(id, 3);
    expect(topo.linkView(id)?.status).toBe('UP');
  });

  it('refuses to enable an interface of a disabled switch and a link with a disabled end', () => {
    const { topo, connect } = setup();
    connect(S1);
    connect(S2);
    topo.observeLink(L12.a, L12.b, 0);
    const id = topo.linkViews()[0]?.config.id ?? '';
    topo.disableInterface(`${S1}:2`, 1);
    expect(() => topo.enableLink(id, 2)).toThrow(`${S1}:2 needs enabling.`);
    topo.disableSwitch(S1, 3);
    expect(() => topo.enableInterface(`${S1}:2`, 4)).toThrow('Enable Switch first');
  });

  it('deletes a link only when disabled, and an interface only when disabled, inactive and unlinked', () => {
    const { topo, connect, feed } = setup();
    connect(S1);
    connect(S2);
    topo.observeLink(L12.a, L12.b, 0);
    const id = topo.linkViews()[0]?.config.id ?? '';
    expect(() => topo.deleteLink(id)).toThrow('Link is not disabled.');
    expect(() => topo.deleteInterface(`${S1}:3`)).toThrow('It is enabled or active.');
    topo.disableLink(id, 1);
    topo.deleteLink(id);
    expect(topo.linkViews()).toEqual([]);
    topo.disableInterface(`${S1}:3`, 2);
    feed({ type: 'port.modified', dpid: S1, port: upPort(3, OFPPS.LINK_DOWN) }, 3);
    topo.deleteInterface(`${S1}:3`);
    expect(topo.interfaceView(`${S1}:3`)).toBeUndefined();
  });

  it('checks metadata types and keeps internal keys out of the API', () => {
    const { topo, connect } = setup();
    connect(S1);
    connect(S2);
    topo.observeLink(L12.a, L12.b, 0);
    const id = topo.linkViews()[0]?.config.id ?? '';
    topo.addMetadata('link', id, { bandwidth: 100, link_name: 'A-B', note: { any: 'thing' } });
    expect(topo.metadataOf('link', id)).toEqual({ bandwidth: 100, link_name: 'A-B', note: { any: 'thing' } });
    expect(() => topo.addMetadata('link', id, { bandwidth: '100' })).toThrow('"bandwidth" must be an int');
    expect(() => topo.addMetadata('link', id, { liveness_status: 'up' })).toThrow('cannot be written');
    expect(() => topo.deleteMetadata('link', id, 'liveness_status')).toThrow('cannot be deleted');
    expect(() => topo.deleteMetadata('link', id, 'absent')).toThrow('Metadata not found');
    topo.deleteMetadata('link', id, 'note');
    expect(topo.metadataOf('link', id)).toEqual({ bandwidth: 100, link_name: 'A-B' });
  });

  it('keeps the LLDP VLAN out of the available tags of an enabled switch', () => {
    const { topo, connect } = setup();
    connect(S1);
    expect(topo.tagPool(`${S1}:1`).available).toEqual([[1, 3798], [3800, 4094]]);
    topo.setTagRanges(`${S1}:1`, [[100, 200], 3799]);
    expect(topo.tagPool(`${S1}:1`)).toMatchObject({ tagRanges: [[100, 200], [3799, 3799]], available: [[100, 200]] });
    topo.disableSwitch(S1, 1);
    expect(topo.tagPool(`${S1}:1`).available).toEqual([[100, 200], [3799, 3799]]);
  });
});
