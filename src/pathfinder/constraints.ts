/**
 * Link filters of a constrained path search (kytos-api.md §5 "Constrained search", §1.4
 * Attributes), pure. A request names metrics; a link passes a metric when:
 *   bandwidth ≥ value, reliability ≥ value, priority ≤ value, utilization ≤ value, delay ≤ value,
 *   ownership: the value is one of the link's owners,
 *   not_ownership: none of the values is one of the link's owners.
 * The link's owners are its `ownership` metadata: a string split on whitespace, an object's keys,
 * or a list of strings.
 *
 * A link that lacks the metadata key (or holds null) passes: Kytos compares the requested value
 * with itself in that case (for not_ownership a missing value means "no owners", which passes
 * too). Kytos-ng behaves this way on purpose, so that metadata can be rolled out gradually.
 *
 * A value of the wrong type, in the request or in a link's metadata (a string bandwidth, a numeric
 * ownership), throws PathConstraintError, which the REST layer answers with 400 as Kytos does
 * (its TypeError). As in Kytos, a link's metadata is only looked at for the metrics the request
 * uses, in the request's order, and only while the link still passes the earlier ones.
 */
import { assertNever } from '../ofp/errors';
import type { PathGraph } from './graph';

/** Requested metrics (kytos-api.md §1.4 Attributes). Keys are tried in the order the object lists them. */
export interface Metrics {
  bandwidth?: number;
  reliability?: number;
  priority?: number;
  utilization?: number;
  delay?: number;
  ownership?: string;
  not_ownership?: readonly string[];
}

export type NumericMetric = 'bandwidth' | 'reliability' | 'priority' | 'utilization' | 'delay';
export type MetricName = NumericMetric | 'ownership' | 'not_ownership';

/** One requested metric with a value of its type. */
export type MetricEntry =
  | { readonly name: NumericMetric; readonly value: number }
  | { readonly name: 'ownership'; readonly value: string }
  | { readonly name: 'not_ownership'; readonly value: readonly string[] };

/** A metric value of the wrong type, in the request or in a link's metadata (REST: 400). */
export class PathConstraintError extends Error {
  override readonly name = 'PathConstraintError';
  constructor(
    readonly metric: MetricName,
    /** The link whose metadata is at fault; undefined when the request's value is. */
    readonly linkId: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const NAMES: readonly MetricName[] = ['bandwidth', 'reliability', 'priority', 'utilization', 'delay', 'ownership', 'not_ownership'];

function isMetricName(k: string): k is MetricName {
  return (NAMES as readonly string[]).includes(k);
}

function show(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/**
 * Pure. The metrics of `m` as typed entries, in the object's key order (the order Kytos combines
 * flexible metrics in); undefined values are absent. Throws PathConstraintError on a value of the
 * wrong type (the REST schema normally catches those first).
 */
export function metricEntries(m: Metrics): MetricEntry[] {
  const out: MetricEntry[] = [];
  for (const [k, v] of Object.entries(m) as [string, unknown][]) {
    if (v === undefined || !isMetricName(k)) continue;
    const bad = (): PathConstraintError => new PathConstraintError(k, undefined, `Error in ${k} value: ${show(v)}: wrong type`);
    switch (k) {
      case 'bandwidth':
      case 'reliability':
      case 'priority':
      case 'utilization':
      case 'delay':
        if (typeof v !== 'number' || Number.isNaN(v)) throw bad();
        out.push({ name: k, value: v });
        break;
      case 'ownership':
        if (typeof v !== 'string') throw bad();
        out.push({ name: k, value: v });
        break;
      case 'not_ownership':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw bad();
        out.push({ name: k, value: v as readonly string[] });
        break;
      default:
        return assertNever(k);
    }
  }
  return out;
}

/** Pure. The metrics object of a list of entries (the `metrics` Kytos reports on a constrained path). */
export function metricsOf(entries: readonly MetricEntry[]): Metrics {
  const m: Record<string, unknown> = {};
  for (const e of entries) m[e.name] = e.value;
  return m as Metrics;
}

/** Owners of a link, or undefined when it has no ownership metadata. */
function ownersOf(v: unknown, metric: MetricName, linkId: string): readonly string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.split(/\s+/).filter((s) => s !== '');
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return v as string[];
  } else if (typeof v === 'object') {
    return Object.keys(v);
  }
  throw new PathConstraintError(metric, linkId, `Error in ${metric}: link ${linkId} has invalid metadata "ownership" with value ${show(v)}`);
}

/**
 * Pure. Whether a link with metadata `meta` passes metric `e` (see the module comment). Throws
 * PathConstraintError when the link's value has the wrong type.
 */
export function linkPasses(meta: Readonly<Record<string, unknown>>, e: MetricEntry, linkId: string): boolean {
  switch (e.name) {
    case 'bandwidth':
    case 'reliability':
    case 'priority':
    case 'utilization':
    case 'delay': {
      const v = meta[e.name];
      if (v === undefined || v === null) return true; // missing key: passes (Kytos)
      if (typeof v !== 'number') {
        throw new PathConstraintError(e.name, linkId, `Error in ${e.name} value: ${e.value}: link ${linkId} has invalid metadata "${e.name}" with value ${show(v)}`);
      }
      return e.name === 'bandwidth' || e.name === 'reliability' ? v >= e.value : v <= e.value;
    }
    case 'ownership': {
      const owners = ownersOf(meta['ownership'], e.name, linkId);
      return owners === undefined || owners.includes(e.value);
    }
    case 'not_ownership': {
      const owners = ownersOf(meta['ownership'], e.name, linkId);
      return owners === undefined || !owners.some((o) => e.value.includes(o));
    }
    default:
      return assertNever(e);
  }
}

/**
 * Pure. The links of `allowed` (1 = usable) that pass every metric of `entries`, as a new mask.
 * Throws PathConstraintError as linkPasses does.
 */
export function filterLinks(g: PathGraph, allowed: Uint8Array, entries: readonly MetricEntry[]): Uint8Array {
  const out = new Uint8Array(allowed.length);
  for (let l = 0; l < allowed.length; l++) {
    if (allowed[l] === 0) continue;
    const meta = g.linkMetadata[l] as Readonly<Record<string, unknown>>;
    let ok = 1;
    for (const e of entries) {
      if (!linkPasses(meta, e, g.linkIds[l] as string)) {
        ok = 0;
        break;
      }
    }
    out[l] = ok;
  }
  return out;
}

/**
 * Pure. The flexible-metric combinations Kytos tries, level by level: all `flexible` metrics, then
 * every combination of one fewer (in itertools.combinations order), down to `minimumHits` metrics
 * (clamped to 0..flexible.length; undefined means 0).
 */
export function flexibleLevels(flexible: readonly MetricEntry[], minimumHits: number | undefined): MetricEntry[][][] {
  const n = flexible.length;
  const hits = minimumHits !== undefined && Number.isFinite(minimumHits) ? Math.floor(minimumHits) : 0;
  const min = Math.min(n, Math.max(0, hits));
  const levels: MetricEntry[][][] = [];
  for (let size = n; size >= min; size--) {
    const level: MetricEntry[][] = [];
    const pick: number[] = [];
    const rec = (from: number): void => {
      if (pick.length === size) {
        level.push(pick.map((i) => flexible[i] as MetricEntry));
        return;
      }
      for (let i = from; i <= n - (size - pick.length); i++) {
        pick.push(i);
        rec(i + 1);
        pick.pop();
      }
    };
    rec(0);
    levels.push(level);
  }
  return levels;
}
