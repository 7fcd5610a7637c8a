/**
 * Metadata rules of switches, interfaces and links (seed 001, "Kytos's reserved metadata"):
 * reserved keys must carry their documented type, and internal keys are written by the
 * controller only. Every other key is free-form, as in Kytos. Pure functions over immutable data.
 */
import { assertNever } from '../ofp';
import type { EntityKind, Metadata } from './model';
import { err, ok, type Result } from './result';

/** The seed's type names. "float" is any finite number, "int" an integer, "dict" a plain object. */
export type MetadataType = 'float' | 'int' | 'str' | 'dict' | 'bool' | 'datetime';

/** Who may write a key: the user through the API (with its type checked), or only the controller. */
export type MetadataAccess = 'reserved' | 'internal';

export interface MetadataKeyRule {
  readonly kind: EntityKind;
  readonly key: string;
  readonly type: MetadataType;
  readonly access: MetadataAccess;
  /** The seed's description. */
  readonly description: string;
}

/** Seed 001's two tables ("Metadata" and "Internal Metadata"), topology objects only, as one table. */
export const METADATA_KEYS: readonly MetadataKeyRule[] = [
  { kind: 'link', key: 'availability', type: 'float', access: 'reserved', description: 'Link’s availability in %' },
  { kind: 'link', key: 'link_name', type: 'str', access: 'reserved', description: 'Link’s Name' },
  { kind: 'link', key: 'packet_loss', type: 'float', access: 'reserved', description: 'Link’s packet loss in %' },
  { kind: 'link', key: 'bandwidth', type: 'int', access: 'reserved', description: 'Link’s bandwidth in Gbps' },
  { kind: 'switch', key: 'address', type: 'str', access: 'reserved', description: 'Node’s physical address' },
  { kind: 'switch', key: 'lat', type: 'str', access: 'reserved', description: 'Node’s latitude' },
  { kind: 'switch', key: 'lng', type: 'str', access: 'reserved', description: 'Node’s longitude' },
  { kind: 'switch', key: 'node_name', type: 'str', access: 'reserved', description: 'Node’s name' },
  { kind: 'interface', key: 'mtu', type: 'int', access: 'reserved', description: 'Interface’s mtu in bytes' },
  { kind: 'interface', key: 'port_name', type: 'str', access: 'reserved', description: 'Interface’s name' },
  { kind: 'link', key: 'ownership', type: 'dict', access: 'reserved', description: 'Link’s owners' },
  { kind: 'link', key: 'utilization', type: 'float', access: 'reserved', description: 'Link’s average utilization in %' },
  { kind: 'link', key: 'reliability', type: 'float', access: 'reserved', description: 'Link’s reliability in %' },
  { kind: 'link', key: 'priority', type: 'float', access: 'reserved', description: 'Link’s priority, used for traffic engineering' },
  { kind: 'link', key: 'delay', type: 'float', access: 'reserved', description: 'Link’s latency in ms' },
  { kind: 'link', key: 'liveness_status', type: 'str', access: 'internal', description: 'Link’s liveness status up|down' },
  { kind: 'link', key: 'last_status_change', type: 'float', access: 'internal', description: 'Link’s last status change timestamp' },
  { kind: 'link', key: 'last_status_is_active', type: 'bool', access: 'internal', description: 'Whether Link’s last status is active or not' },
  { kind: 'link', key: 'notified_up_at', type: 'datetime', access: 'internal', description: 'Link’s last notified up datetime' },
];

/** The controller's own link metadata (the seed's "Internal Metadata"), typed for its writers. */
export interface InternalLinkMetadata {
  readonly liveness_status?: 'up' | 'down';
  /** Epoch seconds, as Kytos stores it. */
  readonly last_status_change?: number;
  readonly last_status_is_active?: boolean;
  /** ISO-8601 UTC. */
  readonly notified_up_at?: string;
}

/** Why a metadata write or delete is refused; each is a 400 in the REST API. */
export type MetadataError =
  | { readonly code: 'NOT_AN_OBJECT'; readonly message: string }
  | { readonly code: 'WRONG_TYPE'; readonly key: string; readonly expected: MetadataType; readonly message: string }
  | { readonly code: 'INTERNAL_KEY'; readonly key: string; readonly message: string };

const RULES = new Map<string, MetadataKeyRule>(METADATA_KEYS.map((r) => [`${r.kind}/${r.key}`, r]));

/** Pure. The rule for `key` on `kind`, or undefined when the key is free-form there. */
export function metadataRule(kind: EntityKind, key: string): MetadataKeyRule | undefined {
  return RULES.get(`${kind}/${key}`);
}

/** Pure. A plain object: not null, not an array, not a class instance. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Pure. Whether `v` has the seed's type `t`. */
export function hasMetadataType(v: unknown, t: MetadataType): boolean {
  switch (t) {
    case 'float':
      return typeof v === 'number' && Number.isFinite(v);
    case 'int':
      return Number.isInteger(v);
    case 'str':
      return typeof v === 'string';
    case 'dict':
      return isPlainObject(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'datetime':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v) && !Number.isNaN(Date.parse(v));
    default:
      return assertNever(t);
  }
}

const ARTICLE: Readonly<Record<MetadataType, string>> = {
  float: 'a float',
  int: 'an int',
  str: 'a str',
  dict: 'a dict',
  bool: 'a bool',
  datetime: 'a datetime',
};

function internalKeyError(key: string, verb: 'written' | 'deleted'): MetadataError {
  return { code: 'INTERNAL_KEY', key, message: `"${key}" is maintained by Isthmus and cannot be ${verb}` };
}

/**
 * Pure. Checks a metadata POST body for `kind`: a plain object (Kytos topology `_get_metadata`,
 * 400 otherwise) whose reserved keys carry their type and that writes no internal key. Returns a
 * copy of the body; the first offending key, in the body's order, is reported.
 */
export function validateMetadataWrite(kind: EntityKind, body: unknown): Result<Record<string, unknown>, MetadataError> {
  if (!isPlainObject(body)) return err({ code: 'NOT_AN_OBJECT', message: `Invalid metadata value: ${showBody(body)}` });
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const rule = metadataRule(kind, key);
    if (rule?.access === 'internal') return err(internalKeyError(key, 'written'));
    if (rule !== undefined && !hasMetadataType(value, rule.type)) {
      return err({ code: 'WRONG_TYPE', key, expected: rule.type, message: `"${key}" must be ${ARTICLE[rule.type]}` });
    }
    // defineProperty keeps a "__proto__" key an ordinary own key instead of a prototype change.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return ok(out);
}

function showBody(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Pure. Checks a metadata DELETE of `key` on `kind`: internal keys are refused. */
export function validateMetadataDelete(kind: EntityKind, key: string): Result<void, MetadataError> {
  return metadataRule(kind, key)?.access === 'internal' ? err(internalKeyError(key, 'deleted')) : ok(undefined);
}

/** Copies the own enumerable entries of `src` into `out` as plain own data properties. */
function assign(out: Record<string, unknown>, src: Readonly<Record<string, unknown>>): void {
  for (const [k, v] of Object.entries(src)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * Pure. `current` updated with a validated `patch`: a shallow merge in which the patch's keys
 * win and every other key is kept (Kytos `extend_metadata`, a dict update; nested dicts are
 * replaced, not merged).
 */
export function mergeMetadata(current: Metadata, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  assign(out, current);
  assign(out, patch);
  return out;
}

/**
 * Pure. The controller's own write of internal link keys, which bypasses the API rule. A key
 * given as undefined is left as it is; `withoutKey` drops one (liveness disabled, §4).
 */
export function withInternal(current: Metadata, patch: InternalLinkMetadata): Record<string, unknown> {
  const set = Object.entries(patch).filter(([, v]) => v !== undefined);
  return mergeMetadata(current, Object.fromEntries(set));
}

/** Pure. `current` without `key` (a copy either way). */
export function withoutKey(current: Metadata, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(current)) {
    if (k !== key) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
