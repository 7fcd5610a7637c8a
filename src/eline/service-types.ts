/**
 * What the circuit service needs from the rest of the controller, as narrow interfaces (the
 * composition root passes the real topology, path service, flow service and store).
 */
import type { Clock } from '../ofp';
import type { ControllerEvent } from '../core/events';
import type { FoundPath, PathRequest } from '../pathfinder';
import type { DesiredFlowRow } from '../flows/types';
import type { FlowService } from '../flows/service';
import type { EntityStatus, InterfaceId, LinkId, SpecialTag, VlanRange } from '../topology/model';
import type { EvcConfig, EvcStatus } from './model';

/** The topology as circuits see it. */
export interface EvcTopology {
  interfaceView(id: InterfaceId):
    | {
        readonly config: { readonly dpid: string; readonly tagRanges: readonly VlanRange[]; readonly specialTags: readonly SpecialTag[] };
        readonly port: { readonly name: string; readonly portNo: number };
        readonly status: EntityStatus;
      }
    | undefined;
  switchView(dpid: string): { readonly config: { readonly enabled: boolean } } | undefined;
  linkView(id: LinkId): { readonly config: { readonly endpointA: InterfaceId; readonly endpointB: InterfaceId }; readonly status: EntityStatus } | undefined;
}

/** The circuit store (src/store/evc-repo.ts). */
export interface EvcStore {
  save(config: EvcConfig, status: EvcStatus): void;
  get(id: string): { readonly config: EvcConfig; readonly status: EvcStatus } | undefined;
  list(filter?: { readonly archived?: boolean | 'all' }): { readonly config: EvcConfig; readonly status: EvcStatus }[];
  transaction<T>(fn: () => T): T;
}

export interface EvcServiceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EvcServiceDeps {
  readonly store: EvcStore;
  readonly flows: Pick<FlowService, 'desire' | 'push' | 'forget' | 'deleteFromSwitches' | 'ensure' | 'rowsWithCookie' | 'rows'>;
  /** Every desired flow of the mef_eline owner (for the start-up repair). */
  readonly ownedFlowRows: () => readonly DesiredFlowRow[];
  readonly topology: EvcTopology;
  readonly paths: { findPaths(req: PathRequest): FoundPath[] };
  /** The tables of the mef_eline groups in the active pipeline. */
  readonly tables: () => { readonly evpl: number; readonly epl: number };
  readonly clock: Clock;
  readonly emit: (e: ControllerEvent) => void;
  readonly log: EvcServiceLogger;
  /** A new circuit id: 14 lower-case hex characters. */
  readonly newId: () => string;
  /** LLDP's VLAN, taken out of the pools of enabled switches. */
  readonly lldpVlan: number | undefined;
  /** Settings: the queue that `queue_id` −1 stands for; none when absent. */
  readonly defaultQueue?: number;
  /** How long topology events are gathered before circuits without a path are tried again (ms). */
  readonly retryDelayMs?: number;
  /** What schedule runs missed while the controller was down become; run-late within 300 s when absent. */
  readonly schedule?: { readonly missedRun: 'run-late' | 'skip'; readonly graceMs: number };
}
