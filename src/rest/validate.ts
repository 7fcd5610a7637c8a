/**
 * Request checks at the REST edge (house style B8; Kytos `@validate_openapi`): the JSON
 * Content-Type rule and small typed schemas for request bodies. A schema violation is a 400 whose
 * description has Kytos's form, `The request body contains invalid API data., <msg> for field
 * <path>.`, with the message worded as Python's jsonschema words it (kytos core helpers.py
 * `_request_validation_result_or_400`), so that clients parsing Kytos's errors keep working.
 */
import type { RequestHandler } from 'express';
import { DomainError } from '../core/domain-error';

/** A checked value at a path, or a thrown Invalid. */
export type Validator<T> = ((value: unknown, path: readonly (string | number)[]) => T) & { readonly optional?: true };

class Invalid extends Error {
  constructor(
    readonly detail: string,
    readonly path: readonly (string | number)[],
  ) {
    super(detail);
  }
}

/**
 * Pure. `v` as Python prints it (`repr`), which is how jsonschema quotes the offending value:
 * `'vxlan'`, `True`, `None`, `[1, 2]`, `{'a': 1}`. Long values are cut.
 */
export function pythonRepr(v: unknown): string {
  const text = reprOf(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function reprOf(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(reprOf).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${reprOf(k)}: ${reprOf(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}

/** Pure. A string validator, optionally one of `allowed` (OpenAPI `enum`). */
export function str(): Validator<string>;
export function str<const E extends string>(allowed: readonly E[]): Validator<E>;
export function str(allowed?: readonly string[]): Validator<string> {
  return (v, path) => {
    if (typeof v !== 'string') throw new Invalid(`${pythonRepr(v)} is not of type 'string'`, path);
    if (allowed !== undefined && !allowed.includes(v)) {
      throw new Invalid(`${pythonRepr(v)} is not one of ${pythonRepr(allowed)}`, path);
    }
    return v;
  };
}

/** Pure. An integer validator (a JSON number without a fraction). */
export function int(): Validator<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new Invalid(`${pythonRepr(v)} is not of type 'integer'`, path);
    return v;
  };
}

/** Pure. A validator of any JSON array; its elements are left to the caller. */
export function anyArray(): Validator<unknown[]> {
  return (v, path) => {
    if (!Array.isArray(v)) throw new Invalid(`${pythonRepr(v)} is not of type 'array'`, path);
    return v as unknown[];
  };
}

/** Pure. A validator of arrays whose elements each pass `items`; `minItems` as in OpenAPI. */
export function array<T>(items: Validator<T>, minItems = 0): Validator<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) throw new Invalid(`${pythonRepr(v)} is not of type 'array'`, path);
    if (v.length < minItems) throw new Invalid(v.length === 0 ? '[] should be non-empty' : `${pythonRepr(v)} is too short`, path);
    return v.map((e: unknown, i) => items(e, [...path, i]));
  };
}

/** Pure. A validator taking the first of `a`, `b` that accepts the value (OpenAPI `anyOf`). */
export function anyOf<A, B>(a: Validator<A>, b: Validator<B>): Validator<A | B> {
  return (v, path) => {
    for (const option of [a, b]) {
      try {
        return option(v, path);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
      }
    }
    throw new Invalid(`${pythonRepr(v)} is not valid under any of the given schemas`, path);
  };
}

/** Pure. Marks an object property's validator as optional: absent gives undefined. */
export function optional<T>(v: Validator<T>): Validator<T | undefined> {
  const wrapped = ((value: unknown, path: readonly (string | number)[]) => (value === undefined ? undefined : v(value, path))) as Validator<
    T | undefined
  >;
  return Object.assign(wrapped, { optional: true as const });
}

/** Pure. A validator of JSON objects with the given properties (all required unless `optional`); other keys are ignored. */
export function object<P extends Record<string, unknown>>(props: { readonly [K in keyof P]: Validator<P[K]> }): Validator<P> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Invalid(`${pythonRepr(v)} is not of type 'object'`, path);
    const src = v as Record<string, unknown>;
    const out: Partial<P> = {};
    for (const key of Object.keys(props) as (keyof P & string)[]) {
      const check = props[key];
      const has = Object.prototype.hasOwnProperty.call(src, key);
      // jsonschema reports a missing property at the object's path; naming the property itself tells the client more.
      if (!has && check.optional !== true) throw new Invalid(`'${key}' is a required property`, [...path, key]);
      out[key] = check(has ? src[key] : undefined, [...path, key]);
    }
    return out as P;
  };
}

/** Pure. Checks a request body against `schema`; a violation throws a 400 DomainError naming the field. */
export function validateBody<T>(schema: Validator<T>, body: unknown): T {
  try {
    return schema(body, []);
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    throw new DomainError('BAD_REQUEST', `The request body contains invalid API data., ${e.detail} for field ${e.path.join('/')}.`);
  }
}

/** Pure. Whether a Content-Type header names JSON the way Kytos tests it (one `;`-separated part equal to application/json). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';').includes('application/json');
}

/**
 * Routes that read a body require `Content-Type: application/json` (kytos core rest_api.py
 * `content_type_json_or_415`); anything else is a 415 with Kytos's text.
 */
export const requireJson: RequestHandler = (req, _res, next) => {
  const contentType = req.headers['content-type'];
  if (isJsonContentType(contentType)) return next();
  next(new DomainError('UNSUPPORTED_MEDIA_TYPE', `Expected Content-Type: application/json, got: ${contentType ?? ''}`));
};
