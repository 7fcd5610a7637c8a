/**
 * The E-Line circuit model (MEF EPL/EVPL; kytos-api.md §1.2, §1.3, §1.7). What the user asked for
 * (EvcConfig) is kept apart from what the controller made of it (EvcStatus). Data only.
 */
import type { InterfaceId, LinkId, VlanRange } from '../topology/model';

/** 14 lower-case hex characters (Kytos-ng's circuit id). */
export type EvcId = string;

/** The tag of a UNI. Never a magic value: EPL (no tag) is its own kind. */
export type UniTag =
  /** No tag: the whole port (EPL). */
  | { readonly kind: 'epl' }
  /** Untagged frames only (OFPVID_NONE). */
  | { readonly kind: 'untagged' }
  /** Any tagged frame (OFPVID_PRESENT/OFPVID_PRESENT). */
  | { readonly kind: 'any' }
  /** One C-VID, 1..4094. */
  | { readonly kind: 'vlan'; readonly vid: number }
  /** A set of C-VIDs, normalised ranges (the same list on both UNIs). */
  | { readonly kind: 'range'; readonly ranges: readonly VlanRange[] };

export interface Uni {
  readonly interfaceId: InterfaceId;
  readonly tag: UniTag;
}

/** A link of a static path as the user gave it (endpoint ids; the id is derived when absent). */
export interface PathLink {
  readonly id: LinkId;
  readonly endpointA: InterfaceId;
  readonly endpointB: InterfaceId;
}

export interface PathConstraints {
  readonly undesiredLinks?: readonly LinkId[];
  readonly spfAttribute?: 'hop' | 'delay' | 'priority';
  readonly spfMaxPathCost?: number;
  readonly mandatoryMetrics?: Readonly<Record<string, unknown>>;
  readonly flexibleMetrics?: Readonly<Record<string, unknown>>;
  readonly minimumFlexibleHits?: number;
}

/** An installation schedule entry (issue 8 gives it behaviour). */
export interface CircuitSchedule {
  readonly id: string;
  readonly action: 'create' | 'remove';
  readonly date?: string;
  readonly interval?: Readonly<Record<string, number>>;
  readonly frequency?: string;
}

/** What the user asked for. */
export interface EvcConfig {
  readonly id: EvcId;
  readonly name: string;
  readonly uniA: Uni;
  readonly uniZ: Uni;
  readonly primaryPath: readonly PathLink[];
  readonly backupPath: readonly PathLink[];
  /** Stored only (Kytos-ng). */
  readonly primaryLinks: readonly PathLink[];
  readonly backupLinks: readonly PathLink[];
  readonly dynamicBackupPath: boolean;
  readonly primaryConstraints: PathConstraints;
  readonly secondaryConstraints: PathConstraints;
  /** 0..7 adds set_queue; undefined: no queue (Kytos -1 and null resolve to this unless a default is set). */
  readonly queueId: number | undefined;
  /** Southbound priority of every flow; undefined: the per-tag defaults. */
  readonly sbPriority: number | undefined;
  readonly serviceLevel: number;
  readonly maxPaths: number;
  readonly bandwidth: number;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly enabled: boolean;
  readonly archived: boolean;
  readonly circuitScheduler: readonly CircuitSchedule[];
  /** ISO-8601 UTC. */
  readonly startDate: string;
  readonly endDate: string | undefined;
  readonly creationTime: string;
  /** Kytos `owner`: set only by PATCH, stored and shown, never acted on. */
  readonly owner?: string;
}

/** One hop of a deployed path, oriented from UNI A towards UNI Z, with its S-VLAN. */
export interface PathHop {
  readonly linkId: LinkId;
  /** The end on the switch nearer UNI A. */
  readonly fromA: InterfaceId;
  /** The end on the switch nearer UNI Z. */
  readonly toZ: InterfaceId;
  readonly sVlan: number;
}

/** What the controller made of a circuit. */
export interface EvcStatus {
  readonly active: boolean;
  readonly currentPath: readonly PathHop[];
  readonly failoverPath: readonly PathHop[];
  /** ISO-8601 UTC of the last successful deploy. */
  readonly lastDeployed: string | undefined;
  /** Why the circuit is not active, when it is not (no path, install failed, UNI down, disabled). */
  readonly reason: string | undefined;
  /**
   * Whether the circuit's flows are meant to be on the switches (deployed and not removed since):
   * an intra-switch circuit has no path to tell. Absent in rows stored before it existed: read as
   * "has a current path".
   */
  readonly deployed?: boolean;
  /** ISO-8601 UTC of the last removal of the circuit's flows (Kytos `last_removed_at`). */
  readonly lastRemoved?: string;
  /** ISO-8601 UTC of the last OFPT_FLOW_REMOVED carrying the circuit's cookie (Kytos `flow_removed_at`). */
  readonly flowRemovedAt?: string;
  /** The switch whose flows are leftovers of an intra-switch past (Kytos `leftover_switch`). */
  readonly leftoverSwitch?: string;
  /** A switch refused one of the circuit's flows after it was deployed: inactive until its flows are sent again. */
  readonly flowRefused?: boolean;
  /**
   * Per circuit_scheduler entry id, the last occurrence handled (run, or skipped as missed), ISO-8601
   * UTC; a recurring entry starts with the time it was registered.
   */
  readonly scheduleRuns?: Readonly<Record<string, string>>;
  /** ISO-8601 UTC of the last change (Kytos `updated_at`). */
  readonly updatedAt?: string;
}
