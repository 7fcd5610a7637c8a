/**
 * The query of `GET /api/kytos/mef_eline/v2/evc/` (kytos-api.md §1.1): which circuits to list by
 * their `archived` flag, and the `metadata.<key>=<value>` filters. Kytos hands both to MongoDB; the
 * rules below are what that query does, written for circuits held in memory:
 * - `archived` is lower-cased; "true" lists archived circuits only, "null" all of them, anything
 *   else (absent, "false", "yes") live ones only.
 * - each query key starting with `metadata.` is an exact-match condition on that dotted path; other
 *   keys are ignored. The value is cast as Python's `int()` casts text when it can, else
 *   "true"/"false"/"null" (any case) become a boolean or null, else it stays a string.
 * - the match follows MongoDB equality: a path runs through nested objects and through the
 *   elements of arrays; an array at the end matches when one of its elements is equal; numbers are
 *   equal by value (1 equals 1.0) but never equal a boolean; null matches null or a missing field.
 * Pure.
 */

/** What a `metadata.<key>` value is compared with after casting. */
export type MetadataQueryValue = string | number | bigint | boolean | null;

/** One `metadata.<key>=<value>` condition: the path below `metadata`, and the cast value. */
export interface MetadataCondition {
  readonly path: readonly string[];
  readonly value: MetadataQueryValue;
}

/** Which circuits a listing covers: live ones, archived ones, or all (EvcService.list's argument). */
export type ArchivedSelection = boolean | 'all';

const METADATA_PREFIX = 'metadata.';

/** Pure. The `archived` query value as Kytos reads it (absent is "false"). */
export function archivedSelection(raw: string | undefined): ArchivedSelection {
  const v = (raw ?? 'false').toLowerCase();
  if (v === 'true') return true;
  if (v === 'null') return 'all';
  return false;
}

// Python's int(str): optional whitespace and sign, decimal digits with single underscores between them.
const PY_INT = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/;

/** Pure. A query value cast as Kytos casts it: Python `int()`, else true/false/null (any case), else the text. */
export function castQueryValue(text: string): MetadataQueryValue {
  const m = PY_INT.exec(text);
  if (m !== null) {
    const digits = (m[2] ?? '').replace(/_/g, '');
    const literal = `${m[1] ?? ''}${digits}`;
    const n = Number(literal);
    if (!Number.isSafeInteger(n)) return BigInt(literal);
    return n === 0 ? 0 : n; // "-0" is 0, not -0
  }
  switch (text.toLowerCase()) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    default:
      return text;
  }
}

/**
 * Pure. The metadata conditions of a query, one per distinct `metadata.` key. The query is a list of
 * (key, value) pairs in URL order; a key given twice keeps its last value (Starlette's query dict).
 */
export function metadataConditions(query: Iterable<readonly [string, string]>): MetadataCondition[] {
  const last = new Map<string, string>();
  for (const [key, value] of query) {
    if (key.startsWith(METADATA_PREFIX)) last.set(key, value);
  }
  return [...last].map(([key, value]) => ({ path: key.slice(METADATA_PREFIX.length).split('.'), value: castQueryValue(value) }));
}

/** Pure. Whether a circuit's metadata meets every condition. */
export function matchesMetadata(metadata: Readonly<Record<string, unknown>>, conditions: readonly MetadataCondition[]): boolean {
  return conditions.every((c) => matchesPath(metadata, c.path, 0, c.value));
}

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** MongoDB's equality on a dotted path, from segment `i` of `path` on. */
function matchesPath(node: unknown, path: readonly string[], i: number, want: MetadataQueryValue): boolean {
  if (i === path.length) {
    if (Array.isArray(node) && node.some((e) => equals(e, want))) return true;
    return equals(node, want);
  }
  const segment = path[i] as string;
  if (Array.isArray(node)) {
    // A numeric segment names an element; any segment also applies to each element that is a document.
    const index = /^\d+$/.test(segment) ? Number(segment) : undefined;
    if (index !== undefined && index < node.length && matchesPath(node[index], path, i + 1, want)) return true;
    const docs = node.filter(isObject);
    if (want === null && docs.length === 0) return index === undefined || index >= node.length;
    return docs.some((e) => matchesPath(e, path, i, want));
  }
  if (isObject(node)) {
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return want === null;
    return matchesPath(node[segment], path, i + 1, want);
  }
  // A scalar in the middle of the path: the field is missing below it.
  return want === null;
}

/** BSON comparison for equality: numbers by value, otherwise the same type and value. */
function equals(have: unknown, want: MetadataQueryValue): boolean {
  if (want === null) return have === null || have === undefined;
  if (typeof want === 'number' || typeof want === 'bigint') {
    if (typeof have === 'number') return typeof want === 'number' ? have === want : Number.isInteger(have) && BigInt(have) === want;
    if (typeof have === 'bigint') return typeof want === 'bigint' ? have === want : Number.isInteger(want) && have === BigInt(want);
    return false;
  }
  return have === want;
}
