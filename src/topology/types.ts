/** Topology domain types shared with the store (which persists them) and the REST layer. */
import type { Dpid } from '../ofp';

/** A port as last reported by its switch (OF1.3.5 7.2.1 ofp_port, the fields Isthmus keeps). */
export interface KnownPort {
  readonly portNo: number;
  readonly name: string;
  readonly hwAddr: string;
  readonly config: number;
  readonly state: number;
  readonly curr: number;
  /** Current bit rate in kbps. */
  readonly currSpeed: number;
  readonly maxSpeed: number;
}

/** A switch the controller has seen, as persisted across restarts. */
export interface KnownSwitch {
  readonly dpid: Dpid;
  /** ISO-8601 UTC. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** `ip:port` of the last connection. */
  readonly lastAddress: string;
  readonly manufacturer: string;
  readonly hardware: string;
  readonly software: string;
  readonly serial: string;
  readonly datapathDesc: string;
  readonly nTables: number;
  readonly ports: readonly KnownPort[];
}

/** Where the directory keeps what it has seen (the SQLite SwitchRepo in production). */
export interface SwitchStore {
  record(s: KnownSwitch): void;
  list(): KnownSwitch[];
  /** True when the switch was known. */
  remove(dpid: string): boolean;
}

/** Operator-owned state of a switch, persisted across restarts. */
export interface SwitchConfig {
  readonly dpid: string;
  readonly enabled: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Operator-owned state of an interface, persisted across restarts. */
export interface InterfaceConfig {
  /** `<dpid>:<port>`. */
  readonly id: string;
  readonly dpid: string;
  readonly portNo: number;
  readonly enabled: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Inclusive VLAN ranges, normalised (sorted, disjoint, non-adjacent). */
  readonly tagRanges: readonly (readonly [number, number])[];
  readonly specialTags: readonly ('untagged' | 'any')[];
  /** LLDP on this interface (of_lldp `interfaces/enable|disable`). */
  readonly lldp: boolean;
  /** LLDP liveness detection on this interface (of_lldp `liveness/enable|disable`). */
  readonly liveness: boolean;
}

/** A link the controller has discovered, persisted with its operator-owned state. */
export interface LinkConfig {
  readonly id: string;
  readonly endpointA: string;
  readonly endpointB: string;
  readonly enabled: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** ISO-8601 UTC of the first discovery. */
  readonly discoveredAt: string;
}

/** Persistence of the topology's operator-owned state (the SQLite TopologyRepo in production). */
export interface TopologyStore {
  loadSwitches(): SwitchConfig[];
  loadInterfaces(): InterfaceConfig[];
  loadLinks(): LinkConfig[];
  saveSwitch(s: SwitchConfig): void;
  saveInterface(i: InterfaceConfig): void;
  saveLink(l: LinkConfig): void;
  deleteSwitch(dpid: string): void;
  deleteInterface(id: string): void;
  deleteLink(id: string): void;
  /** Runs `fn` in one transaction (all its saves commit together or not at all). */
  transaction<T>(fn: () => T): T;
}
