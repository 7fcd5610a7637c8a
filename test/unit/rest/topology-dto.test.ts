/** Kytos-ng topology v3 shapes (kytos-api.md §3.2), written out by hand. */
import { toSwitchDto } from '../../../src/rest/dto/topology';
import type { SwitchSnapshot } from '../../../src/topology/switch-directory';

const snapshot = (connected: boolean): SwitchSnapshot => ({
  dpid: '00:00:00:00:00:00:00:01', firstSeen: '', lastSeen: '', lastAddress: '127.0.0.1:41000',
  manufacturer: 'Nicira, Inc.', hardware: 'Open vSwitch', software: '3.1.0', serial: 'None', datapathDesc: 's1', nTables: 254,
  ports: [{ portNo: 1, name: 's1-eth1', hwAddr: 'aa:bb:cc:dd:ee:01', config: 0, state: 4, curr: 0, currSpeed: 10_000_000, maxSpeed: 0 }],
  connected, reportsLive: true,
});

describe('toSwitchDto', () => {
  it('renders a connected switch and its interface as Kytos does', () => {
    expect(toSwitchDto(snapshot(true), 2)).toEqual({
      id: '00:00:00:00:00:00:00:01', name: '00:00:00:00:00:00:00:01', dpid: '00:00:00:00:00:00:00:01',
      connection: '127.0.0.1:41000', ofp_version: '0x04', type: 'switch',
      manufacturer: 'Nicira, Inc.', serial: 'None', hardware: 'Open vSwitch', software: '3.1.0', data_path: 's1',
      metadata: { lat: '0.0', lng: '-10' }, active: true, enabled: true, status: 'UP', status_reason: [],
      interfaces: {
        '00:00:00:00:00:00:00:01:1': {
          id: '00:00:00:00:00:00:00:01:1', name: 's1-eth1', port_number: 1, mac: 'aa:bb:cc:dd:ee:01',
          switch: '00:00:00:00:00:00:00:01', type: 'interface', nni: false, uni: true, speed: 1_250_000_000,
          metadata: {}, lldp: true, active: true, enabled: true, status: 'UP', status_reason: [], link: '',
        },
      },
    });
  });

  it('shows a disconnected switch and its interfaces as DOWN/deactivated with no connection', () => {
    const dto = toSwitchDto(snapshot(false), 0);
    expect(dto).toMatchObject({ connection: '', active: false, status: 'DOWN', status_reason: ['deactivated'] });
    expect(dto.interfaces['00:00:00:00:00:00:00:01:1']).toMatchObject({ active: false, status: 'DOWN' });
  });
});
