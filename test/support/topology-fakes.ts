/** In-memory stores and event capture for topology unit tests. */
import { OFPPS, type Port, type SwitchInfo } from '../../src/ofp';
import type { ControllerEvent } from '../../src/core/events';
import type { InterfaceConfig, KnownSwitch, LinkConfig, SwitchConfig, SwitchStore, TopologyStore } from '../../src/topology/types';

export class MemorySwitchStore implements SwitchStore {
  readonly rows = new Map<string, KnownSwitch>();
  record(s: KnownSwitch): void {
    this.rows.set(s.dpid, s);
  }
  list(): KnownSwitch[] {
    return [...this.rows.values()];
  }
  remove(dpid: string): boolean {
    return this.rows.delete(dpid);
  }
}

export class MemoryTopologyStore implements TopologyStore {
  readonly switches = new Map<string, SwitchConfig>();
  readonly interfaces = new Map<string, InterfaceConfig>();
  readonly links = new Map<string, LinkConfig>();
  loadSwitches(): SwitchConfig[] {
    return [...this.switches.values()];
  }
  loadInterfaces(): InterfaceConfig[] {
    return [...this.interfaces.values()];
  }
  loadLinks(): LinkConfig[] {
    return [...this.links.values()];
  }
  saveSwitch(s: SwitchConfig): void {
    this.switches.set(s.dpid, s);
  }
  saveInterface(i: InterfaceConfig): void {
    this.interfaces.set(i.id, i);
  }
  saveLink(l: LinkConfig): void {
    this.links.set(l.id, l);
  }
  deleteSwitch(dpid: string): void {
    this.switches.delete(dpid);
    for (const id of [...this.interfaces.keys()]) if (id.startsWith(`${dpid}:`)) this.interfaces.delete(id);
  }
  deleteInterface(id: string): void {
    this.interfaces.delete(id);
  }
  deleteLink(id: string): void {
    this.links.delete(id);
  }
  transaction<T>(fn: () => T): T {
    return fn();
  }
}

/** `00:00:00:00:00:00:00:0n`. */
export const dpid = (n: number): string => `00:00:00:00:00:00:00:${n.toString(16).padStart(2, '0')}`;

export const upPort = (portNo: number, state: number = OFPPS.LIVE): Port => ({
  portNo, hwAddr: `02:00:00:00:00:${portNo.toString(16).padStart(2, '0')}`, name: `eth${portNo}`, config: 0, state,
  curr: 0, advertised: 0, supported: 0, peer: 0, currSpeed: 10_000_000, maxSpeed: 0,
});

export const switchInfo = (id: string, ports: Port[]): SwitchInfo => ({
  dpid: id, nBuffers: 0, nTables: 254, auxiliaryId: 0, capabilities: 0,
  desc: { mfrDesc: 'Nicira, Inc.', hwDesc: 'Open vSwitch', swDesc: '3.1.0', serialNum: 'None', dpDesc: id },
  ports,
});

/** Collects emitted events; `types()` lists their types in order. */
export class EventLog {
  readonly events: ControllerEvent[] = [];
  readonly emit = (e: ControllerEvent): void => {
    this.events.push(e);
  };
  types(): string[] {
    return this.events.map((e) => e.type);
  }
  clear(): void {
    this.events.length = 0;
  }
}
