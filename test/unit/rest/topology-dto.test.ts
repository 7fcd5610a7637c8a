/** Kytos-ng topology v3 shapes (kytos-api.md §3.2) from topology views, written out by hand. */
import {
  linkMetadata,
  missingInterfaceDto,
  toInterfaceDto,
  toLinkDto,
  toSwitchDto,
  toTagPoolDto,
  withDefaultLocation,
} from '../../../src/rest/dto/topology';
import type { InterfaceView, LinkView, SwitchView } from '../../../src/topology/topology';
import type { InterfaceConfig } from '../../../src/topology/types';

const DPID = '00:00:00:00:00:00:00:01';
const LINK = 'cf0f4071be426b3f745027f5d22bc61f8312ae86293c9b28e7e66015607a9260';

const config = (portNo: number, over: Partial<InterfaceConfig> = {}): InterfaceConfig => ({
  id: `${DPID}:${portNo}`, dpid: DPID, portNo, enabled: true, metadata: {}, tagRanges: [[1, 4094]], specialTags: ['untagged', 'any'],
  lldp: true, liveness: false, ...over,
});
const iview = (portNo: number, over: Partial<InterfaceView> = {}): InterfaceView => ({
  config: config(portNo),
  port: { portNo, name: `s1-eth${portNo}`, hwAddr: `aa:bb:cc:dd:ee:0${portNo}`, config: 0, state: 4, curr: 0, currSpeed: 10_000_000, maxSpeed: 0 },
  active: true, enabled: true, status: 'UP', reasons: [], linkId: undefined, ...over,
});
const sview = (connected: boolean, metadata: Record<string, unknown> = {}): SwitchView => ({
  config: { dpid: DPID, enabled: true, metadata },
  snapshot: {
    dpid: DPID, firstSeen: '', lastSeen: '', lastAddress: '127.0.0.1:41000',
    manufacturer: 'Nicira, Inc.', hardware: 'Open vSwitch', software: '3.1.0', serial: 'None', datapathDesc: 's1', nTables: 254,
    ports: [], connected, reportsLive: true,
  },
  status: connected ? 'UP' : 'DOWN',
  reasons: connected ? [] : ['deactivated'],
});
const lview = (over: Partial<LinkView> = {}): LinkView => ({
  config: { id: LINK, endpointA: `${DPID}:2`, endpointB: '00:00:00:00:00:00:00:02:2', enabled: true, metadata: { link_name: 'A-B' }, discoveredAt: '' },
  active: true, enabled: true, status: 'UP', reasons: [], liveness: undefined, ...over,
});

describe('toInterfaceDto', () => {
  it('renders a UNI: no link, speed in bytes/s from curr_speed kbps', () => {
    expect(toInterfaceDto(iview(1, { config: config(1, { metadata: { mtu: 9000 } }) }))).toEqual({
      id: `${DPID}:1`, name: 's1-eth1', port_number: 1, mac: 'aa:bb:cc:dd:ee:01', switch: DPID, type: 'interface',
      nni: false, uni: true, speed: 1_250_000_000, metadata: { mtu: 9000 }, lldp: true,
      active: true, enabled: true, status: 'UP', status_reason: [], link: '',
    });
  });

  it('renders an NNI with its link id, a disabled state, LLDP off, and no speed when the switch reports 0', () => {
    const v = iview(2, {
      config: config(2, { enabled: false, lldp: false }),
      enabled: false, status: 'DISABLED', reasons: ['disabled'], linkId: LINK,
    });
    const dto = toInterfaceDto({ ...v, port: { ...v.port, currSpeed: 0 } });
    expect(dto).toMatchObject({ nni: true, uni: false, link: LINK, speed: null, lldp: false, enabled: false, status: 'DISABLED', status_reason: ['disabled'] });
  });

  it('stands in for an endpoint whose port is gone', () => {
    expect(missingInterfaceDto('00:00:00:00:00:00:00:02:10', LINK)).toEqual({
      id: '00:00:00:00:00:00:00:02:10', name: '', port_number: 10, mac: '', switch: '00:00:00:00:00:00:00:02', type: 'interface',
      nni: true, uni: false, speed: null, metadata: {}, lldp: false, active: false, enabled: false,
      status: 'DISABLED', status_reason: ['deactivated', 'disabled'], link: LINK,
    });
  });
});

describe('toSwitchDto', () => {
  it('renders a connected switch with its interfaces keyed by id', () => {
    const dto = toSwitchDto(sview(true, { node_name: 's1' }), [iview(1)]);
    expect(dto).toEqual({
      id: DPID, name: DPID, dpid: DPID, connection: '127.0.0.1:41000', ofp_version: '0x04', type: 'switch',
      manufacturer: 'Nicira, Inc.', serial: 'None', hardware: 'Open vSwitch', software: '3.1.0', data_path: 's1',
      interfaces: { [`${DPID}:1`]: toInterfaceDto(iview(1)) },
      metadata: { node_name: 's1' }, active: true, enabled: true, status: 'UP', status_reason: [],
    });
  });

  it('shows a disconnected switch with no connection', () => {
    expect(toSwitchDto(sview(false), [])).toMatchObject({ connection: '', active: false, status: 'DOWN', status_reason: ['deactivated'] });
  });
});

describe('withDefaultLocation', () => {
  it.each([
    [0, {}, { lat: '0.0', lng: '-30.0' }],
    [2, { node_name: 'x' }, { node_name: 'x', lat: '0.0', lng: '-10.0' }],
    [3, {}, { lat: '0.0', lng: '0.0' }],
    [5, { lat: '9.9' }, { lat: '0.0', lng: '20.0' }],
    [1, { lat: '9.9', lng: '8.8' }, { lat: '9.9', lng: '8.8' }],
  ])('places switch #%d with metadata %j at %j', (index, metadata, expected) => {
    expect(withDefaultLocation(toSwitchDto(sview(true, metadata), []), index).metadata).toEqual(expected);
  });
});

describe('links', () => {
  it('adds liveness_status only once liveness is up or down', () => {
    expect(linkMetadata(lview())).toEqual({ link_name: 'A-B' });
    expect(linkMetadata(lview({ liveness: 'init' }))).toEqual({ link_name: 'A-B' });
    expect(linkMetadata(lview({ liveness: 'up' }))).toEqual({ link_name: 'A-B', liveness_status: 'up' });
    expect(linkMetadata(lview({ liveness: 'down' }))).toEqual({ link_name: 'A-B', liveness_status: 'down' });
  });

  it('renders a link with both endpoints, looking each one up', () => {
    const a = iview(2, { linkId: LINK });
    const dto = toLinkDto(lview({ status: 'DOWN', reasons: ['liveness'], liveness: 'down' }), (id) => (id === `${DPID}:2` ? a : undefined));
    expect(dto).toEqual({
      id: LINK,
      endpoint_a: toInterfaceDto(a),
      endpoint_b: missingInterfaceDto('00:00:00:00:00:00:00:02:2', LINK),
      metadata: { link_name: 'A-B', liveness_status: 'down' },
      active: true, enabled: true, status: 'DOWN', status_reason: ['liveness'],
    });
  });
});

describe('toTagPoolDto', () => {
  it('keys every part by "vlan"', () => {
    expect(toTagPoolDto({ tagRanges: [[1, 4094]], available: [[1, 99], [101, 4094]], specialTags: ['untagged', 'any'], specialAvailable: ['any'] })).toEqual({
      available_tags: { vlan: [[1, 99], [101, 4094]] },
      tag_ranges: { vlan: [[1, 4094]] },
      special_tags: { vlan: ['untagged', 'any'] },
      special_available_tags: { vlan: ['any'] },
    });
  });
});
