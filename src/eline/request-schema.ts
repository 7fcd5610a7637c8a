/**
 * A small JSON-schema checker for the mef_eline request bodies (house style B8: schema validation
 * at the edge, Kytos `@validate_openapi`). Schemas are data (request-openapi.ts) and the first
 * violation is worded as Python's jsonschema words it, so that the REST layer can answer Kytos's
 * `The request body contains invalid API data., <msg> for field <path>.` Pure.
 *
 * Keywords are checked in the order openapi.yml writes them (type, nullable, enum, format, lengths,
 * pattern, bounds, items; for objects required, additionalProperties, then properties in schema
 * order), which is the order jsonschema reports them in.
 */
import { assertNever } from '../ofp';

/** A JSON schema, restricted to what mef_eline's openapi.yml uses. */
export type Schema =
  | {
      readonly type: 'string';
      readonly enum?: readonly string[];
      readonly format?: 'date-time';
      readonly minLength?: number;
      readonly maxLength?: number;
      readonly pattern?: string;
    }
  | {
      readonly type: 'integer';
      readonly nullable?: true;
      readonly format?: 'int32' | 'int64';
      readonly minimum?: number;
      readonly maximum?: number;
    }
  | { readonly type: 'number'; readonly minimum?: number; readonly maximum?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'array'; readonly minItems?: number; readonly items?: Schema }
  | {
      readonly type: 'object';
      readonly nullable?: true;
      readonly required?: readonly string[];
      readonly additionalProperties?: false;
      readonly properties?: Readonly<Record<string, Schema>>;
    }
  /** OpenAPI `oneOf` (exactly one branch), with an optional `enum` checked after it. */
  | { readonly type: 'oneOf'; readonly of: readonly Schema[]; readonly enum?: readonly (string | number)[] }
  /** OpenAPI `anyOf` (at least one branch). */
  | { readonly type: 'anyOf'; readonly of: readonly Schema[] };

export type JsonPath = readonly (string | number)[];

/** The first schema violation: jsonschema's message and the path of the offending value. */
export interface Violation {
  readonly message: string;
  readonly path: JsonPath;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/** Pure. `v` as Python's `repr` prints it (how jsonschema quotes a value): `'vlan'`, `True`, `None`, `[1, 2]`, `{'a': 1}`. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyStr(k)}: ${pyRepr(x)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(v);
}

/** Python's str repr: single quotes unless the text holds a single quote and no double quote. */
function pyStr(s: string): string {
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  if (s.includes("'") && !s.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

/** Pure. A JSON integer as our body parser yields it: a number without a fraction, or a bigint. */
export function isInteger(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

/** Pure. Whether `v` is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `2024-05-01T10:00:00`, optional fraction, optional `Z` or `±hh:mm`. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * Pure. An RFC 3339 date-time as ISO-8601 UTC (`Date.toISOString`), or undefined when it is not
 * one. A time without an offset is UTC (Kytos parses start_date with `%Y-%m-%dT%H:%M:%S` and runs
 * its scheduler in UTC), so both Kytos's own form and RFC 3339 with an offset are accepted.
 */
export function parseDateTime(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined || s === undefined) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, Math.floor(Number(`0${m[7] ?? ''}`) * 1000));
  const back = new Date(ms);
  // Date.UTC rolls 2024-02-30 over to March; a date that does not come back unchanged does not exist.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  const zone = m[8];
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  return new Date(ms - offsetMinutes * 60_000).toISOString();
}

function fail(message: string, path: JsonPath): Violation {
  return { message, path };
}

function hasType(s: Schema, v: unknown): boolean {
  switch (s.type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return isInteger(v);
    case 'number':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isObject(v);
    case 'oneOf':
    case 'anyOf':
      return true;
    default:
      return assertNever(s);
  }
}

function checkBounds(v: number | bigint, min: number | undefined, max: number | undefined, path: JsonPath): Violation | undefined {
  if (min !== undefined && v < min) return fail(`${pyRepr(v)} is less than the minimum of ${pyRepr(min)}`, path);
  if (max !== undefined && v > max) return fail(`${pyRepr(v)} is greater than the maximum of ${pyRepr(max)}`, path);
  return undefined;
}

function checkInteger(s: Extract<Schema, { type: 'integer' }>, v: number | bigint, path: JsonPath): Violation | undefined {
  if (s.format === 'int32' && (v < INT32.min || v > INT32.max)) return fail(`${pyRepr(v)} is not a 'int32'`, path);
  if (s.format === 'int64' && (BigInt(v) < INT64.min || BigInt(v) > INT64.max)) return fail(`${pyRepr(v)} is not a 'int64'`, path);
  return checkBounds(v, s.minimum, s.maximum, path);
}

function checkString(s: Extract<Schema, { type: 'string' }>, v: string, path: JsonPath): Violation | undefined {
  if (s.enum !== undefined && !s.enum.includes(v)) return fail(`${pyRepr(v)} is not one of ${pyRepr(s.enum)}`, path);
  if (s.format === 'date-time' && parseDateTime(v) === undefined) return fail(`${pyRepr(v)} is not a 'date-time'`, path);
  // jsonschema counts code points, not UTF-16 units.
  const length = [...v].length;
  if (s.minLength !== undefined && length < s.minLength) {
    return fail(`${pyRepr(v)} ${s.minLength === 1 ? 'should be non-empty' : 'is too short'}`, path);
  }
  if (s.maxLength !== undefined && length > s.maxLength) return fail(`${pyRepr(v)} is too long`, path);
  if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) return fail(`${pyRepr(v)} does not match ${pyRepr(s.pattern)}`, path);
  return undefined;
}

function checkObject(s: Extract<Schema, { type: 'object' }>, v: Readonly<Record<string, unknown>>, path: JsonPath): Violation | undefined {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(v, k);
  // jsonschema reports a missing property at the object's path; naming the property tells the client more
  // (as src/rest/validate.ts does).
  for (const key of s.required ?? []) if (!has(key)) return fail(`'${key}' is a required property`, [...path, key]);
  const props = s.properties ?? {};
  if (s.additionalProperties === false) {
    const extras = Object.keys(v).filter((k) => !Object.prototype.hasOwnProperty.call(props, k));
    if (extras.length > 0) {
      const verb = extras.length === 1 ? 'was' : 'were';
      return fail(`Additional properties are not allowed (${extras.map(pyStr).join(', ')} ${verb} unexpected)`, path);
    }
  }
  for (const [key, sub] of Object.entries(props)) {
    if (!has(key)) continue;
    const found = violation(sub, v[key], [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Pure. The first violation of `schema` by `value` at `path`, or undefined when the value conforms. */
export function violation(schema: Schema, value: unknown, path: JsonPath = []): Violation | undefined {
  const s = schema;
  if (value === null && (s.type === 'integer' || s.type === 'object') && s.nullable === true) return undefined;
  if (!hasType(s, value)) return fail(`${pyRepr(value)} is not of type '${s.type}'`, path);
  switch (s.type) {
    case 'string':
      return checkString(s, value as string, path);
    case 'integer':
      return checkInteger(s, value as number | bigint, path);
    case 'number':
      return checkBounds(value as number | bigint, s.minimum, s.maximum, path);
    case 'boolean':
      return undefined;
    case 'array': {
      const arr = value as readonly unknown[];
      if (s.minItems !== undefined && arr.length < s.minItems) {
        return fail(`${pyRepr(arr)} ${s.minItems === 1 ? 'should be non-empty' : 'is too short'}`, path);
      }
      if (s.items === undefined) return undefined;
      for (let i = 0; i < arr.length; i++) {
        const found = violation(s.items, arr[i], [...path, i]);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    case 'object':
      return checkObject(s, value as Readonly<Record<string, unknown>>, path);
    case 'oneOf': {
      const passing = s.of.filter((branch) => violation(branch, value, path) === undefined).length;
      if (passing === 0) return fail(`${pyRepr(value)} is not valid under any of the given schemas`, path);
      if (passing > 1) return fail(`${pyRepr(value)} is valid under each of the given schemas`, path);
      if (s.enum !== undefined && !s.enum.some((e) => e === value)) return fail(`${pyRepr(value)} is not one of ${pyRepr(s.enum)}`, path);
      return undefined;
    }
    case 'anyOf':
      if (s.of.some((branch) => violation(branch, value, path) === undefined)) return undefined;
      return fail(`${pyRepr(value)} is not valid under any of the given schemas`, path);
    default:
      return assertNever(s);
  }
}

/** Why a request was refused, with Kytos's status and description. */
export interface RequestError {
  readonly status: 400 | 409;
  readonly description: string;
}

/** Pure. A 400 with `description`. */
export function badRequest(description: string): RequestError {
  return { status: 400, description };
}

/** Pure. The 400 of a schema violation, in Kytos's words (kytos core helpers.py `_request_validation_result_or_400`). */
export function invalidApiData(v: Violation): RequestError {
  return badRequest(`The request body contains invalid API data., ${v.message} for field ${v.path.join('/')}.`);
}
