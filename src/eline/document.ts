/**
 * The EVC document of the mef_eline API (kytos-api.md §1.7): what GET /v2/evc/{id} returns, with
 * Kytos's field names and shapes, built from the config, the status and the service's bookkeeping.
 * Times are `%Y-%m-%dT%H:%M:%S` in UTC. Path links are Kytos Link dicts; the endpoint and link
 * state come from the topology through `extra`, so that this module stays pure.
 */
import { assertNever, type Dpid } from '../ofp';
import { compareInterfaceIds } from '../topology/links';
import { parseInterfaceId, statusFrom, type EntityStatus, type InterfaceId, type LinkId } from '../topology/model';
import { maskListOfRanges } from '../topology/tags';
import type { CircuitSchedule, EvcConfig, EvcStatus, PathConstraints, PathHop, PathLink, Uni } from './model';

/** A link's state as the topology shows it. */
export interface LinkView {
  readonly active: boolean;
  readonly enabled: boolean;
  readonly status: EntityStatus;
  readonly statusReason: readonly string[];
}

/** What the document needs beyond EvcConfig and EvcStatus. Every time is ISO-8601 UTC. */
export interface EvcDocumentExtra {
  /** Last change of the stored circuit; the creation time when absent. */
  readonly updatedAt?: string;
  /** When the create request came in; the creation time when absent. */
  readonly requestTime?: string;
  readonly owner?: string;
  readonly flowRemovedAt?: string;
  readonly lastRemovedAt?: string;
  /** Consistency-check rounds (Kytos `execution_rounds`). */
  readonly executionRounds?: number;
  readonly leftoverSwitch?: Dpid;
  /** Settings QUEUE_ID, to tell a resolved −1 from null (see queueIdOf). */
  readonly defaultQueue?: number;
  /** The topology's interface dict (§3.2); `{id, switch, port_number}` when absent or unknown. */
  readonly interfaceDict?: (id: InterfaceId) => Readonly<Record<string, unknown>> | undefined;
  /** The topology's view of a link; an unknown link is shown enabled, inactive and DOWN. */
  readonly linkView?: (id: LinkId) => LinkView | undefined;
}

export type TagValueDocument = number | 'any' | 'untagged' | [number, number][];

export interface TagDocument {
  readonly tag_type: 'vlan';
  readonly value: TagValueDocument;
  readonly mask_list?: (number | string)[];
}

export interface UniDocument {
  readonly interface_id: InterfaceId;
  readonly tag: TagDocument | null;
}

export interface LinkDocument {
  readonly id: LinkId;
  readonly endpoint_a: Readonly<Record<string, unknown>>;
  readonly endpoint_b: Readonly<Record<string, unknown>>;
  readonly metadata: { readonly s_vlan?: { readonly tag_type: 'vlan'; readonly value: number } };
  readonly active: boolean;
  readonly enabled: boolean;
  readonly status: EntityStatus;
  readonly status_reason: string[];
}

export interface ScheduleDocument {
  readonly id: string;
  readonly action: 'create' | 'remove';
  readonly date?: string;
  readonly frequency?: string;
  readonly interval?: Readonly<Record<string, number>>;
}

export interface ConstraintsDocument {
  readonly undesired_links?: string[];
  readonly spf_attribute?: 'hop' | 'delay' | 'priority';
  readonly spf_max_path_cost?: number;
  readonly mandatory_metrics?: Readonly<Record<string, unknown>>;
  readonly flexible_metrics?: Readonly<Record<string, unknown>>;
  readonly minimum_flexible_hits?: number;
}

/** The EVC document, fields in the order of Kytos `EVC.as_dict`. */
export interface EvcDocument {
  readonly id: string;
  readonly name: string;
  readonly uni_a: UniDocument;
  readonly uni_z: UniDocument;
  readonly start_date: string;
  readonly end_date: string | null;
  readonly queue_id: number | null;
  readonly bandwidth: number;
  readonly primary_links: LinkDocument[];
  readonly backup_links: LinkDocument[];
  readonly current_path: LinkDocument[];
  readonly failover_path: LinkDocument[];
  readonly primary_path: LinkDocument[];
  readonly backup_path: LinkDocument[];
  readonly dynamic_backup_path: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly request_time: string;
  readonly creation_time: string;
  readonly owner: string | null;
  readonly circuit_scheduler: ScheduleDocument[];
  readonly active: boolean;
  readonly enabled: boolean;
  readonly archived: boolean;
  readonly sb_priority: number | null;
  readonly service_level: number;
  readonly primary_constraints: ConstraintsDocument;
  readonly secondary_constraints: ConstraintsDocument;
  readonly flow_removed_at: string | null;
  readonly last_deployed_at: string | null;
  readonly last_removed_at: string | null;
  readonly updated_at: string;
  readonly execution_rounds: number;
  readonly max_paths: number;
  readonly leftover_switch: Dpid | null;
  /**
   * Not in Kytos-ng (an addition): why the circuit is not active or its last deploy failed (no path,
   * a refused or timed-out install, a UNI or link down, disabled, removed by its schedule); empty
   * when there is nothing to say.
   */
  readonly status_reason: string[];
}

/** Pure. An ISO-8601 time as the mef_eline API prints it: `%Y-%m-%dT%H:%M:%S`, UTC, no zone. */
export function kytosTime(iso: string): string {
  // Times we store are toISOString's (`YYYY-MM-DDTHH:MM:SS.sssZ`): cut, don't parse (10,000 documents × 6 times).
  if (iso.length === 24 && iso.endsWith('Z') && iso[10] === 'T' && iso[19] === '.') return iso.slice(0, 19);
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19);
}

function kytosTimeOrNull(iso: string | undefined): string | null {
  return iso === undefined ? null : kytosTime(iso);
}

/** Pure. A UNI as Kytos returns it: `tag` null for EPL, a range with its `mask_list`. */
export function uniDocument(uni: Uni): UniDocument {
  const t = uni.tag;
  switch (t.kind) {
    case 'epl':
      return { interface_id: uni.interfaceId, tag: null };
    case 'untagged':
    case 'any':
      return { interface_id: uni.interfaceId, tag: { tag_type: 'vlan', value: t.kind } };
    case 'vlan':
      return { interface_id: uni.interfaceId, tag: { tag_type: 'vlan', value: t.vid } };
    case 'range':
      return {
        interface_id: uni.interfaceId,
        tag: { tag_type: 'vlan', value: t.ranges.map((r): [number, number] => [r[0], r[1]]), mask_list: maskListOfRanges(t.ranges) },
      };
    default:
      return assertNever(t);
  }
}

function endpointDict(id: InterfaceId, extra: EvcDocumentExtra): Readonly<Record<string, unknown>> {
  const full = extra.interfaceDict?.(id);
  if (full !== undefined) return full;
  const parsed = parseInterfaceId(id);
  return parsed === undefined ? { id } : { id, switch: parsed.dpid, port_number: parsed.portNo };
}

function linkDict(link: PathLink, sVlan: number | undefined, extra: EvcDocumentExtra): LinkDocument {
  const unknown = statusFrom(true, false);
  const view = extra.linkView?.(link.id) ?? { active: false, enabled: true, status: unknown.status, statusReason: unknown.reasons };
  return {
    id: link.id,
    endpoint_a: endpointDict(link.endpointA, extra),
    endpoint_b: endpointDict(link.endpointB, extra),
    metadata: sVlan === undefined ? {} : { s_vlan: { tag_type: 'vlan', value: sVlan } },
    active: view.active,
    enabled: view.enabled,
    status: view.status,
    status_reason: [...view.statusReason],
  };
}

/** Pure. A deployed hop as a Kytos link dict: endpoints in link order (endpoint_a the smaller), the S-VLAN in metadata. */
function hopDict(hop: PathHop, extra: EvcDocumentExtra): LinkDocument {
  const [endpointA, endpointB] = compareInterfaceIds(hop.fromA, hop.toZ) <= 0 ? [hop.fromA, hop.toZ] : [hop.toZ, hop.fromA];
  return linkDict({ id: hop.linkId, endpointA, endpointB }, hop.sVlan, extra);
}

/** Pure. Path constraints with Kytos's keys; `{}` when none are set. */
export function constraintsDocument(c: PathConstraints): ConstraintsDocument {
  return {
    ...(c.undesiredLinks === undefined ? {} : { undesired_links: [...c.undesiredLinks] }),
    ...(c.spfAttribute === undefined ? {} : { spf_attribute: c.spfAttribute }),
    ...(c.spfMaxPathCost === undefined ? {} : { spf_max_path_cost: c.spfMaxPathCost }),
    ...(c.mandatoryMetrics === undefined ? {} : { mandatory_metrics: c.mandatoryMetrics }),
    ...(c.flexibleMetrics === undefined ? {} : { flexible_metrics: c.flexibleMetrics }),
    ...(c.minimumFlexibleHits === undefined ? {} : { minimum_flexible_hits: c.minimumFlexibleHits }),
  };
}

/** Pure. A circuit_scheduler entry as the mef_eline API shows it (the date as `%Y-%m-%dT%H:%M:%S`). */
export function scheduleDocument(s: CircuitSchedule): ScheduleDocument {
  return {
    id: s.id,
    action: s.action,
    ...(s.date === undefined ? {} : { date: kytosTime(s.date) }),
    ...(s.frequency === undefined ? {} : { frequency: s.frequency }),
    ...(s.interval === undefined ? {} : { interval: s.interval }),
  };
}

/**
 * Pure. Kytos's `queue_id`. The config holds the resolved queue, so "no queue" is shown as −1 (the
 * default, which means no queue when none is configured) or, with a configured default queue, as
 * null (−1 would have resolved to that queue).
 */
export function queueIdOf(queueId: number | undefined, defaultQueue: number | undefined): number | null {
  if (queueId !== undefined) return queueId;
  return defaultQueue === undefined ? -1 : null;
}

/** Pure. The EVC document of §1.7 for a circuit, its status and the service's bookkeeping. */
export function toEvcDocument(cfg: EvcConfig, status: EvcStatus, extra: EvcDocumentExtra = {}): EvcDocument {
  const links = (path: readonly PathLink[]): LinkDocument[] => path.map((l) => linkDict(l, undefined, extra));
  return {
    id: cfg.id,
    name: cfg.name,
    uni_a: uniDocument(cfg.uniA),
    uni_z: uniDocument(cfg.uniZ),
    start_date: kytosTime(cfg.startDate),
    end_date: kytosTimeOrNull(cfg.endDate),
    queue_id: queueIdOf(cfg.queueId, extra.defaultQueue),
    bandwidth: cfg.bandwidth,
    primary_links: links(cfg.primaryLinks),
    backup_links: links(cfg.backupLinks),
    current_path: status.currentPath.map((h) => hopDict(h, extra)),
    failover_path: status.failoverPath.map((h) => hopDict(h, extra)),
    primary_path: links(cfg.primaryPath),
    backup_path: links(cfg.backupPath),
    dynamic_backup_path: cfg.dynamicBackupPath,
    metadata: cfg.metadata,
    request_time: kytosTime(extra.requestTime ?? cfg.creationTime),
    creation_time: kytosTime(cfg.creationTime),
    owner: extra.owner ?? null,
    circuit_scheduler: cfg.circuitScheduler.map(scheduleDocument),
    active: status.active,
    enabled: cfg.enabled,
    archived: cfg.archived,
    sb_priority: cfg.sbPriority ?? null,
    service_level: cfg.serviceLevel,
    primary_constraints: constraintsDocument(cfg.primaryConstraints),
    secondary_constraints: constraintsDocument(cfg.secondaryConstraints),
    flow_removed_at: kytosTimeOrNull(extra.flowRemovedAt),
    last_deployed_at: kytosTimeOrNull(status.lastDeployed),
    last_removed_at: kytosTimeOrNull(extra.lastRemovedAt),
    updated_at: kytosTime(extra.updatedAt ?? cfg.creationTime),
    execution_rounds: extra.executionRounds ?? 0,
    max_paths: cfg.maxPaths,
    leftover_switch: extra.leftoverSwitch ?? null,
    status_reason: status.reason === undefined ? [] : [status.reason],
  };
}
