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
}
