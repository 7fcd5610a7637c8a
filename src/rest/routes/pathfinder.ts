/**
 * `POST /api/kytos/pathfinder/v3/` (kytos-api.md §5): the k best paths between two interfaces or
 * switches. The body is checked against kytos-ng pathfinder's openapi.yml (types, enums and ranges,
 * with jsonschema's wording), turned into a PathRequest, and answered with Kytos's
 * `{"paths": [{"hops", "cost", "metrics"?}]}`; no path is a 200 with an empty list.
 */
import { Router } from 'express';
import { DomainError } from '../../core/domain-error';
import { PathConstraintError } from '../../pathfinder/constraints';
import type { FoundPath, Metrics, PathRequest, SpfAttribute } from '../../pathfinder/paths';
import type { PathService } from '../../pathfinder/service';
import { array, int, object, optional, pythonRepr, requireJson, str, validateBody, type Validator } from '../validate';

/** What the pathfinder route uses of the path service. */
export type PathfinderApi = Pick<PathService, 'findPaths'>;

export interface PathfinderRouteDeps {
  readonly pathfinder: PathfinderApi;
}

const SPF_ATTRIBUTES: readonly SpfAttribute[] = ['hop', 'delay', 'priority'];
const DEFAULT_MAX_PATHS = 2;

/** A schema violation found by a check validate.ts does not have, worded and shaped as validateBody words its own. */
function invalid(detail: string, path: readonly (string | number)[]): DomainError {
  return new DomainError('BAD_REQUEST', `The request body contains invalid API data., ${detail} for field ${path.join('/')}.`);
}

interface Bounds {
  readonly minimum?: number;
  readonly maximum?: number;
}

function checkBounds(n: number, b: Bounds, path: readonly (string | number)[]): number {
  // jsonschema's `minimum`/`maximum` messages; repr of the schema's bound as Python prints it.
  if (b.minimum !== undefined && n < b.minimum) throw invalid(`${pythonRepr(n)} is less than the minimum of ${pythonRepr(b.minimum)}`, path);
  if (b.maximum !== undefined && n > b.maximum) throw invalid(`${pythonRepr(n)} is greater than the maximum of ${pythonRepr(b.maximum)}`, path);
  return n;
}

/** Pure. An OpenAPI `type: number` with optional bounds; a big integer (bigint from our JSON parser) is a number too. */
function num(b: Bounds = {}): Validator<number> {
  return (v, path) => {
    if (typeof v === 'bigint') return checkBounds(Number(v), b, path);
    if (typeof v !== 'number') throw invalid(`${pythonRepr(v)} is not of type 'number'`, path);
    return checkBounds(v, b, path);
  };
}

/** Pure. An OpenAPI `type: integer` with bounds. */
function boundedInt(b: Bounds): Validator<number> {
  const isInt = int();
  return (v, path) => checkBounds(isInt(v, path), b, path);
}

/** Pure. Like `optional`, and JSON null also means absent. */
function optionalOrNull<T>(v: Validator<T>): Validator<T | undefined> {
  return optional<T | undefined>((value, path) => (value === null ? undefined : v(value, path)));
}

// Type aliases, not interfaces: object<P> needs P to be indexable by string.
type RawMetrics = {
  bandwidth?: number;
  utilization?: number;
  priority?: number;
  reliability?: number;
  delay?: number;
  ownership?: string;
  not_ownership?: string[];
};

// openapi.yml components.schemas.Attributes. Other keys are allowed by the schema; see metricsOf.
const ATTRIBUTES = object<RawMetrics>({
  bandwidth: optional(num({ minimum: 0.1 })),
  utilization: optional(num({ minimum: 0, maximum: 100 })),
  priority: optional(num({ minimum: 0 })),
  reliability: optional(num({ minimum: 1, maximum: 100 })),
  delay: optional(num({ minimum: 0.1 })),
  ownership: optional(str()),
  not_ownership: optional(array(str())),
});

type PathBody = {
  source: string;
  destination: string;
  undesired_links?: string[];
  spf_attribute?: SpfAttribute;
  parameter?: SpfAttribute;
  spf_max_paths?: number;
  spf_max_path_cost?: number;
  mandatory_metrics?: RawMetrics;
  flexible_metrics?: RawMetrics;
  minimum_flexible_hits?: number;
};

// openapi.yml, POST /api/kytos/pathfinder/v3/ requestBody.
const PATH_BODY = object<PathBody>({
  source: str(),
  destination: str(),
  undesired_links: optional(array(str())),
  spf_attribute: optional(str(SPF_ATTRIBUTES)),
  // The schema only says `string`; a value Kytos has no weight for fails there later, so it is refused here.
  parameter: optional(str(SPF_ATTRIBUTES)),
  spf_max_paths: optional(boundedInt({ minimum: 1, maximum: 10 })),
  // kytos-api.md §5 shows `"spf_max_path_cost": null` for "no limit"; null is taken as absent.
  spf_max_path_cost: optionalOrNull(num({ minimum: 1 })),
  mandatory_metrics: optional(ATTRIBUTES),
  flexible_metrics: optional(ATTRIBUTES),
  minimum_flexible_hits: optional(boundedInt({ minimum: 0, maximum: 6 })),
});

const METRIC_KEYS: readonly (keyof RawMetrics)[] = ['bandwidth', 'utilization', 'priority', 'reliability', 'delay', 'ownership', 'not_ownership'];

/**
 * Pure. The known metrics in the order the client wrote them: Kytos tries flexible-metric
 * combinations in that order. Keys Kytos has no filter for are dropped (Kytos keeps them as
 * always-met metrics; they constrain nothing either way).
 */
function metricsOf(raw: unknown, checked: RawMetrics | undefined): Metrics {
  if (checked === undefined || typeof raw !== 'object' || raw === null) return {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    const k = METRIC_KEYS.find((m) => m === key);
    if (k !== undefined && checked[k] !== undefined) out[k] = checked[k];
  }
  return out as Metrics;
}

/** Pure. The PathRequest a checked body asks for (Kytos's defaults filled in). */
function pathRequestOf(raw: Record<string, unknown>, body: PathBody): PathRequest {
  return {
    source: body.source,
    destination: body.destination,
    // `parameter` is the deprecated name of spf_attribute; the new name wins when both are given.
    spfAttribute: body.spf_attribute ?? body.parameter ?? 'hop',
    maxPaths: body.spf_max_paths ?? DEFAULT_MAX_PATHS,
    ...(body.spf_max_path_cost === undefined ? {} : { maxCost: body.spf_max_path_cost }),
    undesiredLinks: body.undesired_links ?? [],
    mandatory: metricsOf(raw['mandatory_metrics'], body.mandatory_metrics),
    flexible: metricsOf(raw['flexible_metrics'], body.flexible_metrics),
    ...(body.minimum_flexible_hits === undefined ? {} : { minimumFlexibleHits: body.minimum_flexible_hits }),
  };
}

interface PathDto {
  hops: string[];
  cost: number;
  metrics?: Metrics;
}

/** Pure. A path as pathfinder shows it: `metrics` only on constrained results. */
function pathDto(p: FoundPath): PathDto {
  return p.metrics === undefined ? { hops: p.hops, cost: p.cost } : { hops: p.hops, cost: p.cost, metrics: p.metrics };
}

/** Builds the router of the pathfinder v3 API over the path service. */
export function pathfinderRoutes(deps: PathfinderRouteDeps): Router {
  const r = Router();

  r.post('/', requireJson, (req, res) => {
    const body = validateBody(PATH_BODY, req.body);
    let paths: FoundPath[];
    try {
      paths = deps.pathfinder.findPaths(pathRequestOf(req.body as Record<string, unknown>, body));
    } catch (e) {
      // A link metadata value the filters cannot compare (Kytos answers its TypeError with a 400).
      if (e instanceof PathConstraintError) throw new DomainError('BAD_REQUEST', e.message);
      throw e;
    }
    res.json({ paths: paths.map(pathDto) });
  });

  return r;
}
