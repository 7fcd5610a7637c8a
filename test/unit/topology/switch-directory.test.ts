/** The switch directory: what a restart remembers, connect/disconnect, port events, LIVE handling. */
import { OFPPC, OFPPS, type Port, type SwitchInfo } from '../../../src/ofp';
import { SwitchDirectory } from '../../../src/topology/switch-directory';
import { isPortActive } from '../../../src/topology/ports';
import type { SwitchStore } from '../../../src/topology/types';
import { MemorySwitchStore } from '../../support/topology-fakes';


const DPID = '00:00:00:00:00:00:00:01';
const port = (portNo: number, state: number = OFPPS.LIVE, config = 0): Port => ({
  portNo, hwAddr: '02:00:00:00:00:0' + portNo, name: `s1-eth${portNo}`, config, state,
  curr: 0, advertised: 0, supported: 0, peer: 0, currSpeed: 10_000_000, maxSpeed: 0,
});
const info = (ports: Port[]): SwitchInfo => ({
  dpid: DPID, nBuffers: 0, nTables: 254, auxiliaryId: 0, capabilities: 0,
  desc: { mfrDesc: 'Nicira, Inc.', hwDesc: 'Open vSwitch', swDesc: '3.1.0', serialNum: 'None', dpDesc: 's1' },
  ports,
});
const quiet = { warn: () => undefined };

describe('SwitchDirectory', () => {
  it('records a connected switch with its ports, sorted, and keeps first_seen across reconnects', () => {
    let t = Date.UTC(2026, 0, 1);
    const store = new MemorySwitchStore();
    const dir = new SwitchDirectory(store, () => t, quiet);
    dir.apply({ type: 'switch.connected', dpid: DPID, address: '127.0.0.1:5000', info: info([port(2), port(1)]) });
    expect(dir.get(DPID)).toMatchObject({ connected: true, lastAddress: '127.0.0.1:5000', manufacturer: 'Nicira, Inc.', nTables: 254 });
    expect(dir.get(DPID)?.ports.map((p) => p.portNo)).toEqual([1, 2]);
    t += 60_000;
    dir.apply({ type: 'switch.disconnected', dpid: DPID, reason: { kind: 'peer_closed' } });
    expect(dir.get(DPID)?.connected).toBe(false);
    dir.apply({ type: 'switch.connected', dpid: DPID, address: '127.0.0.1:5001', info: info([port(1)]) });
    const s = store.rows.get(DPID);
    expect(s?.firstSeen).toBe('2026-01-01T00:00:00.000Z');
    expect(s?.lastSeen).toBe('2026-01-01T00:01:00.000Z');
    expect(s?.lastAddress).toBe('127.0.0.1:5001');
  });

  it('lists switches from the store as disconnected after a restart', () => {
    const store = new MemorySwitchStore();
    new SwitchDirectory(store, () => 0, quiet).apply({ type: 'switch.connected', dpid: DPID, address: 'a:1', info: info([port(1)]) });
    const restarted = new SwitchDirectory(store, () => 0, quiet);
    expect(restarted.list()).toHaveLength(1);
    expect(restarted.get(DPID)).toMatchObject({ connected: false, reportsLive: true });
  });

  it('applies port add, modify and delete', () => {
    const dir = new SwitchDirectory(new MemorySwitchStore(), () => 0, quiet);
    dir.apply({ type: 'switch.connected', dpid: DPID, address: 'a:1', info: info([port(1)]) });
    dir.apply({ type: 'port.added', dpid: DPID, port: port(3) });
    dir.apply({ type: 'port.modified', dpid: DPID, port: port(1, OFPPS.LINK_DOWN) });
    expect(dir.get(DPID)?.ports.map((p) => [p.portNo, p.state])).toEqual([[1, OFPPS.LINK_DOWN], [3, OFPPS.LIVE]]);
    dir.apply({ type: 'port.deleted', dpid: DPID, port: port(3) });
    expect(dir.get(DPID)?.ports.map((p) => p.portNo)).toEqual([1]);
  });

  it('ignores events for switches it has never seen, and survives a failing store', () => {
    const failing: SwitchStore = { record: () => { throw new Error('disk full'); }, list: () => [], remove: () => false };
    const warnings: object[] = [];
    const dir = new SwitchDirectory(failing, () => 0, { warn: (o) => warnings.push(o) });
    dir.apply({ type: 'port.added', dpid: DPID, port: port(1) });
    expect(dir.list()).toEqual([]);
    dir.apply({ type: 'switch.connected', dpid: DPID, address: 'a:1', info: info([]) });
    expect(dir.get(DPID)?.connected).toBe(true);
    expect(warnings).toHaveLength(1);
  });
});

describe('isPortActive', () => {
  const p = (state: number, config = 0) => ({ portNo: 1, name: 'p', hwAddr: '', config, state, curr: 0, currSpeed: 0, maxSpeed: 0 });
  it.each([
    ['up and live', p(OFPPS.LIVE), true, true],
    ['link down', p(OFPPS.LINK_DOWN | OFPPS.LIVE), true, false],
    ['administratively down', p(OFPPS.LIVE, OFPPC.PORT_DOWN), true, false],
    ['LIVE cleared on a switch that reports LIVE', p(0), true, false],
    ['no LIVE on a switch that never reports it', p(0), false, true],
  ])('%s', (_n, port, reportsLive, expected) => {
    expect(isPortActive(port, reportsLive)).toBe(expected);
  });
});
