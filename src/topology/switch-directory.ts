/**
 * What the controller knows about switches: every switch it has seen (persisted, so that a
 * restarted controller lists them as inactive until they reconnect), whether each is connected
 * now, and its ports as learnt from the handshake and PORT_STATUS.
 */
import type { Dpid, Port } from '../ofp';
import type { ControllerEvent } from '../core/events';
import { reportsLive } from './ports';
import type { KnownPort, KnownSwitch, SwitchStore } from './types';

export interface SwitchSnapshot extends KnownSwitch {
  readonly connected: boolean;
  /** Sticky: the switch has reported OFPPS_LIVE on some port, so a port without it is down. */
  readonly reportsLive: boolean;
}

interface Entry {
  known: KnownSwitch;
  connected: boolean;
  reportsLive: boolean;
}

export interface DirectoryLogger {
  warn(obj: object, msg: string): void;
}

/** Pure. The persisted form of an ofp_port (only the fields Isthmus keeps). */
export function toKnownPort(p: Port | KnownPort): KnownPort {
  return {
    portNo: p.portNo,
    name: p.name,
    hwAddr: p.hwAddr,
    config: p.config,
    state: p.state,
    curr: p.curr,
    currSpeed: p.currSpeed,
    maxSpeed: p.maxSpeed,
  };
}

export class SwitchDirectory {
  private readonly entries = new Map<Dpid, Entry>();

  constructor(
    private readonly store: SwitchStore,
    private readonly now: () => number,
    private readonly log: DirectoryLogger,
  ) {
    for (const known of store.list()) {
      this.entries.set(known.dpid, { known, connected: false, reportsLive: reportsLive(known.ports) });
    }
  }

  /** Applies a controller event (switch and port events; others are ignored). */
  apply(e: ControllerEvent): void {
    switch (e.type) {
      case 'switch.connected': {
        const stamp = new Date(this.now()).toISOString();
        const previous = this.entries.get(e.dpid);
        const ports = e.info.ports.map(toKnownPort).sort((a, b) => a.portNo - b.portNo);
        const known: KnownSwitch = {
          dpid: e.dpid,
          firstSeen: previous?.known.firstSeen ?? stamp,
          lastSeen: stamp,
          lastAddress: e.address,
          manufacturer: e.info.desc.mfrDesc,
          hardware: e.info.desc.hwDesc,
          software: e.info.desc.swDesc,
          serial: e.info.desc.serialNum,
          datapathDesc: e.info.desc.dpDesc,
          nTables: e.info.nTables,
          ports,
        };
        this.entries.set(e.dpid, { known, connected: true, reportsLive: (previous?.reportsLive ?? false) || reportsLive(ports) });
        this.persist(known);
        return;
      }
      case 'switch.disconnected': {
        const entry = this.entries.get(e.dpid);
        if (entry === undefined) return;
        entry.connected = false;
        entry.known = { ...entry.known, lastSeen: new Date(this.now()).toISOString() };
        this.persist(entry.known);
        return;
      }
      case 'port.added':
      case 'port.modified':
      case 'port.deleted': {
        const entry = this.entries.get(e.dpid);
        if (entry === undefined) return;
        const others = entry.known.ports.filter((p) => p.portNo !== e.port.portNo);
        const ports = e.type === 'port.deleted' ? others : [...others, toKnownPort(e.port)].sort((a, b) => a.portNo - b.portNo);
        entry.known = { ...entry.known, ports };
        entry.reportsLive ||= reportsLive(ports);
        this.persist(entry.known);
        return;
      }
      default:
        return;
    }
  }

  /** Forgets a port (topology's interface deletion); it comes back with the next PORT_STATUS add. */
  removePort(dpid: Dpid, portNo: number): void {
    const entry = this.entries.get(dpid);
    if (entry === undefined) return;
    entry.known = { ...entry.known, ports: entry.known.ports.filter((p) => p.portNo !== portNo) };
    this.persist(entry.known);
  }

  /** Forgets a switch (topology's switch deletion); it comes back when it connects again. */
  remove(dpid: Dpid): void {
    if (!this.entries.delete(dpid)) return;
    try {
      this.store.remove(dpid);
    } catch (err) {
      this.log.warn({ err, dpid }, 'could not forget switch');
    }
  }

  /** Every known switch, in the order first seen. */
  list(): SwitchSnapshot[] {
    return [...this.entries.values()].map((e) => ({ ...e.known, connected: e.connected, reportsLive: e.reportsLive }));
  }

  get(dpid: Dpid): SwitchSnapshot | undefined {
    const e = this.entries.get(dpid);
    return e === undefined ? undefined : { ...e.known, connected: e.connected, reportsLive: e.reportsLive };
  }

  private persist(known: KnownSwitch): void {
    try {
      this.store.record(known);
    } catch (err) {
      // Losing one update of this cache is not worth a crash; the next event writes it again.
      this.log.warn({ err, dpid: known.dpid }, 'could not persist switch');
    }
  }
}
