/**
 * Create and update requests of the mef_eline API (kytos-api.md §1.2, §1.3, §1.8): a JSON body
 * checked against Kytos's schema and rules, turned into an EvcConfig. Only what needs no topology
 * is decided here; the service then checks that the interfaces exist, the paths are valid against
 * the links (request-path.ts), no EPL UNI is duplicated (409) and the tags are free. Pure.
 */
import type { Dpid } from '../ofp';
import { err, ok, type Result } from '../topology/result';
import type { CircuitSchedule, EvcConfig, PathConstraints, PathLink, Uni } from './model';
import { NEW_CIRCUIT, UPDATE_CIRCUIT } from './request-openapi';
import { parseLinks, parsePathConstraints, parseSchedule, queueOf, sbPriorityOf } from './request-fields';
import { badRequest, invalidApiData, isObject, parseDateTime, violation, type RequestError, type Schema } from './request-schema';
import { dpidOf, isIntraSwitch, parseUni, TAG_LISTS_DIFFER, tagListsEqual } from './request-tags';

export type { RequestError } from './request-schema';

/** Kytos's text when an inter-switch circuit has neither a static primary path nor dynamic paths. */
export const NEEDS_PRIMARY_OR_DYNAMIC = 'The EVC must have a primary path or allow dynamic paths.';

/** Settings `EVC_DEFAULT`: constraints a created circuit takes when its body has none. */
export interface EvcDefaults {
  readonly primaryConstraints?: PathConstraints;
  readonly secondaryConstraints?: PathConstraints;
}

export interface CreateContext {
  /**
   * Whether the controller knows an interface. When given, a UNI or a static path end it does not
   * know is a 400 with Kytos's text, checked where Kytos checks it: while the body is built, before
   * the tag-list and primary-path rules.
   */
  readonly knownInterface?: (id: string) => boolean;
  /** ISO-8601 UTC: the creation time, and the start date when the body has none. */
  readonly now: string;
  /** A new circuit id (14 lower-case hex characters). */
  readonly newId: () => string;
  /** A new schedule entry id (Kytos: uuid4 hex); `newId` when absent. */
  readonly newScheduleId?: () => string;
  readonly defaults?: EvcDefaults;
  /** Settings `QUEUE_ID`: the queue that `queue_id` −1 (the default) stands for; none when absent. */
  readonly defaultQueue?: number;
}

export interface PatchContext {
  /** Whether the controller knows an interface: UNIs and static path ends it does not are a 400 (as CreateContext's). */
  readonly knownInterface?: (id: string) => boolean;
  /** A new schedule entry id for entries sent without one. */
  readonly newScheduleId: () => string;
  readonly defaultQueue?: number;
}

export interface PatchResult {
  readonly next: EvcConfig;
  /** A redeploy attribute was sent (its mere presence counts, as in Kytos). */
  readonly needsRedeploy: boolean;
  /** The Kytos attribute names the body set, in body order (all of them are applied). */
  readonly changed: string[];
  /** `owner`, when the body set it (EvcConfig does not hold it). */
  readonly owner?: string;
  /** The switch of a circuit that was intra-switch and no longer is: its flows are leftovers (Kytos `leftover_switch`). */
  readonly leftoverSwitch?: Dpid;
}

/** Kytos `attributes_requiring_redeploy`. */
export const REDEPLOY_ATTRIBUTES: readonly string[] = [
  'primary_path',
  'backup_path',
  'dynamic_backup_path',
  'queue_id',
  'sb_priority',
  'primary_constraints',
  'secondary_constraints',
  'uni_a',
  'uni_z',
];

/** UpdateCircuit keys that pass the schema but are not `updatable_attributes`. */
const NOT_UPDATABLE: readonly string[] = ['primary_links', 'backup_links'];

type Json = Readonly<Record<string, unknown>>;

/** The UNIs and links of a body, built in body key order as Kytos builds them (the first failure wins). */
interface Built {
  uniA?: Uni;
  uniZ?: Uni;
  links: Partial<Record<'primary_path' | 'backup_path' | 'primary_links' | 'backup_links', PathLink[]>>;
  schedule?: CircuitSchedule[];
}

function checked(schema: Schema, body: unknown): Result<Json, RequestError> {
  const v = violation(schema, body);
  return v === undefined ? ok(body as Json) : err(invalidApiData(v));
}

/**
 * Kytos `_uni_from_dict` and `_link_from_dict`: an interface the controller does not know, in
 * Kytos's words (they check while building, so in body key order).
 */
function unknownEnd(known: ((id: string) => boolean) | undefined, uni: Uni | undefined, links: readonly PathLink[]): RequestError | undefined {
  if (known === undefined) return undefined;
  if (uni !== undefined && !known(uni.interfaceId)) return badRequest(`Error creating UNI:Could not instantiate interface ${uni.interfaceId}`);
  for (const l of links) {
    if (!known(l.endpointA)) return badRequest(`Could not get interface endpoint_a id ${l.endpointA}`);
    if (!known(l.endpointB)) return badRequest(`Could not get interface endpoint_b id ${l.endpointB}`);
  }
  return undefined;
}

function build(raw: Json, newScheduleId: () => string, known?: (id: string) => boolean): Result<Built, RequestError> {
  const out: Built = { links: {} };
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (key === 'uni_a' || key === 'uni_z') {
      const uni = parseUni(value as Json);
      if (!uni.ok) return uni;
      const missing = unknownEnd(known, uni.value, []);
      if (missing !== undefined) return err(missing);
      if (key === 'uni_a') out.uniA = uni.value;
      else out.uniZ = uni.value;
    } else if (key === 'primary_path' || key === 'backup_path' || key === 'primary_links' || key === 'backup_links') {
      const links = parseLinks(value as unknown[]);
      if (!links.ok) return links;
      // Kytos builds primary_links and backup_links without looking their interfaces up.
      const missing = key === 'primary_path' || key === 'backup_path' ? unknownEnd(known, undefined, links.value) : undefined;
      if (missing !== undefined) return err(missing);
      out.links[key] = links.value;
    } else if (key === 'circuit_scheduler') {
      const s = parseSchedule(value as unknown[], newScheduleId);
      if (!s.ok) return s;
      out.schedule = s.value;
    }
  }
  return ok(out);
}

/** Kytos `_tag_lists_equal` then `_validate_has_primary_or_dynamic`, over the circuit as it would be. */
function checkCircuit(uniA: Uni, uniZ: Uni, primaryPath: readonly PathLink[], dynamic: boolean): RequestError | undefined {
  if (!tagListsEqual(uniA.tag, uniZ.tag)) return badRequest(TAG_LISTS_DIFFER);
  if (primaryPath.length === 0 && !dynamic && !isIntraSwitch(uniA, uniZ)) return badRequest(NEEDS_PRIMARY_OR_DYNAMIC);
  return undefined;
}

function dateOf(raw: unknown): string | undefined {
  return typeof raw === 'string' ? parseDateTime(raw) : undefined;
}

function intOr(raw: unknown, fallback: number): number {
  return typeof raw === 'number' || typeof raw === 'bigint' ? Number(raw) : fallback;
}

/**
 * Pure. A `POST /v2/evc/` body as a new circuit, or the 400 Kytos gives. Defaults are Kytos's
 * (§1.2). `enabled` has no default in Kytos's schema; Kytos enables every circuit it deploys at
 * creation, that is every circuit without a scheduler, so an absent `enabled` is true unless
 * `circuit_scheduler` has entries. Unlike Kytos, an explicit `enabled: false` is kept.
 */
export function parseCreateRequest(body: unknown, ctx: CreateContext): Result<EvcConfig, RequestError> {
  const c = checked(NEW_CIRCUIT, body);
  if (!c.ok) return c;
  const raw = c.value;
  const b = build(raw, ctx.newScheduleId ?? ctx.newId, ctx.knownInterface);
  if (!b.ok) return b;
  const { uniA, uniZ, links } = b.value;
  // The schema requires both UNIs, and build() made them.
  if (uniA === undefined || uniZ === undefined) return err(badRequest('uni_a and uni_z are required.'));
  const primaryPath = links.primary_path ?? [];
  const dynamicBackupPath = raw['dynamic_backup_path'] === true;
  const bad = checkCircuit(uniA, uniZ, primaryPath, dynamicBackupPath);
  if (bad !== undefined) return err(bad);
  const schedule = b.value.schedule ?? [];
  return ok({
    id: ctx.newId(),
    name: raw['name'] as string,
    uniA,
    uniZ,
    primaryPath,
    backupPath: links.backup_path ?? [],
    primaryLinks: links.primary_links ?? [],
    backupLinks: links.backup_links ?? [],
    dynamicBackupPath,
    primaryConstraints: isObject(raw['primary_constraints'])
      ? parsePathConstraints(raw['primary_constraints'])
      : (ctx.defaults?.primaryConstraints ?? {}),
    secondaryConstraints: isObject(raw['secondary_constraints'])
      ? parsePathConstraints(raw['secondary_constraints'])
      : (ctx.defaults?.secondaryConstraints ?? {}),
    queueId: queueOf(raw['queue_id'], ctx.defaultQueue),
    sbPriority: sbPriorityOf(raw['sb_priority']),
    serviceLevel: intOr(raw['service_level'], 0),
    maxPaths: intOr(raw['max_paths'], 2),
    bandwidth: intOr(raw['bandwidth'], 0),
    metadata: isObject(raw['metadata']) ? raw['metadata'] : {},
    enabled: typeof raw['enabled'] === 'boolean' ? raw['enabled'] : schedule.length === 0,
    archived: false,
    circuitScheduler: schedule,
    startDate: dateOf(raw['start_date']) ?? ctx.now,
    endDate: dateOf(raw['end_date']),
    creationTime: ctx.now,
  });
}

/** The circuit with the body's attributes applied (the body has passed every check). */
function applied(cur: EvcConfig, raw: Json, b: Built, ctx: PatchContext): EvcConfig {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(raw, k);
  return {
    ...cur,
    name: has('name') ? (raw['name'] as string) : cur.name,
    uniA: b.uniA ?? cur.uniA,
    uniZ: b.uniZ ?? cur.uniZ,
    primaryPath: b.links.primary_path ?? cur.primaryPath,
    backupPath: b.links.backup_path ?? cur.backupPath,
    dynamicBackupPath: has('dynamic_backup_path') ? raw['dynamic_backup_path'] === true : cur.dynamicBackupPath,
    primaryConstraints: isObject(raw['primary_constraints']) ? parsePathConstraints(raw['primary_constraints']) : cur.primaryConstraints,
    secondaryConstraints: isObject(raw['secondary_constraints']) ? parsePathConstraints(raw['secondary_constraints']) : cur.secondaryConstraints,
    queueId: has('queue_id') ? queueOf(raw['queue_id'], ctx.defaultQueue) : cur.queueId,
    sbPriority: has('sb_priority') ? sbPriorityOf(raw['sb_priority']) : cur.sbPriority,
    serviceLevel: intOr(raw['service_level'], cur.serviceLevel),
    maxPaths: intOr(raw['max_paths'], cur.maxPaths),
    bandwidth: intOr(raw['bandwidth'], cur.bandwidth),
    metadata: isObject(raw['metadata']) ? raw['metadata'] : cur.metadata,
    enabled: typeof raw['enabled'] === 'boolean' ? raw['enabled'] : cur.enabled,
    circuitScheduler: b.schedule ?? cur.circuitScheduler,
    startDate: dateOf(raw['start_date']) ?? cur.startDate,
    endDate: has('end_date') ? dateOf(raw['end_date']) : cur.endDate,
  };
}

/**
 * Pure. A `PATCH /v2/evc/{id}` body applied to `current` (§1.8), or the 400 Kytos gives, checked in
 * Kytos's order: schema (UpdateCircuit), UNIs and links, tag lists, primary path or dynamic, then
 * the attributes that cannot be updated (`primary_links can't be updated.`). The service still
 * checks both paths against the (new) UNI switches and the links, EPL duplication and tags.
 */
export function parsePatchRequest(current: EvcConfig, body: unknown, ctx: PatchContext): Result<PatchResult, RequestError> {
  const c = checked(UPDATE_CIRCUIT, body);
  if (!c.ok) return c;
  const raw = c.value;
  const b = build(raw, ctx.newScheduleId, ctx.knownInterface);
  if (!b.ok) return b;
  const uniA = b.value.uniA ?? current.uniA;
  const uniZ = b.value.uniZ ?? current.uniZ;
  const primaryPath = b.value.links.primary_path ?? current.primaryPath;
  const dynamic = typeof raw['dynamic_backup_path'] === 'boolean' ? raw['dynamic_backup_path'] : current.dynamicBackupPath;
  const bad = checkCircuit(uniA, uniZ, primaryPath, dynamic);
  if (bad !== undefined) return err(bad);
  const keys = Object.keys(raw);
  const fixed = keys.find((k) => NOT_UPDATABLE.includes(k));
  if (fixed !== undefined) return err(badRequest(`${fixed} can't be updated.`));
  const next = applied(current, raw, b.value, ctx);
  const wasIntra = isIntraSwitch(current.uniA, current.uniZ);
  return ok({
    next,
    needsRedeploy: keys.some((k) => REDEPLOY_ATTRIBUTES.includes(k)),
    changed: keys,
    ...(typeof raw['owner'] === 'string' ? { owner: raw['owner'] } : {}),
    ...(wasIntra && !isIntraSwitch(next.uniA, next.uniZ) ? { leftoverSwitch: dpidOf(current.uniA.interfaceId) } : {}),
  });
}
