/**
 * The request schemas of mef_eline's openapi.yml (components.schemas NewCircuit, UpdateCircuit,
 * Endpoint, Tag, Link, PathConstraints, Attributes, CircuitSchedule), as data for
 * request-schema.ts. Types, enums, ranges and required fields are Kytos's; the few places where
 * Isthmus differs are marked ⚠ with the reason.
 */
import type { Schema } from './request-schema';

/** Endpoint.interface_id and NewEndpoint.id: a dpid of 8 hex bytes and a port number. */
export const INTERFACE_ID_PATTERN = '^([0-9A-Fa-f]{2}[:-]){8}(\\d{1,5})$';

const INTERFACE_ID: Schema = { type: 'string', minLength: 25, maxLength: 30, pattern: INTERFACE_ID_PATTERN };

/** Tag: both properties optional in the schema (request-tags.ts decides what a partial tag means). */
const TAG: Schema = {
  type: 'object',
  // ⚠ Kytos's Tag is not nullable; Isthmus takes `"tag": null` as EPL, the form GET returns, so a
  // UNI read back from the API can be sent again.
  nullable: true,
  properties: {
    tag_type: { type: 'oneOf', of: [{ type: 'string' }, { type: 'integer' }], enum: ['vlan', 1] },
    value: {
      type: 'oneOf',
      of: [
        { type: 'integer', format: 'int32' },
        { type: 'string' },
        {
          type: 'array',
          minItems: 1,
          items: { type: 'anyOf', of: [{ type: 'array', minItems: 1, items: { type: 'integer' } }, { type: 'integer' }] },
        },
      ],
    },
  },
};

const ENDPOINT: Schema = {
  type: 'object',
  required: ['interface_id'],
  properties: { interface_id: INTERFACE_ID, tag: TAG },
};

const LINK_END: Schema = { type: 'object', additionalProperties: false, properties: { id: { type: 'string' } } };

const LINK: Schema = {
  type: 'object',
  required: ['endpoint_a', 'endpoint_b'],
  properties: { id: { type: 'string' }, endpoint_a: LINK_END, endpoint_b: LINK_END },
};

const LINKS: Schema = { type: 'array', items: LINK };

/** Attributes (pathfinder metrics). */
export const ATTRIBUTES: Schema = {
  type: 'object',
  properties: {
    bandwidth: { type: 'number', minimum: 0.1 },
    utilization: { type: 'number', minimum: 0, maximum: 100 },
    priority: { type: 'number', minimum: 0 },
    reliability: { type: 'number', minimum: 1, maximum: 100 },
    delay: { type: 'number', minimum: 0.1 },
    ownership: { type: 'string' },
    not_ownership: { type: 'array', items: { type: 'string' } },
  },
};

export const PATH_CONSTRAINTS: Schema = {
  type: 'object',
  properties: {
    undesired_links: { type: 'array', items: { type: 'string' } },
    spf_attribute: { type: 'string', enum: ['hop', 'delay', 'priority'] },
    spf_max_path_cost: { type: 'number', minimum: 1 },
    mandatory_metrics: ATTRIBUTES,
    flexible_metrics: ATTRIBUTES,
    minimum_flexible_hits: { type: 'integer', minimum: 0, maximum: 6 },
  },
};

const INTERVAL_UNIT: Schema = { type: 'number', minimum: 0 };

export const CIRCUIT_SCHEDULE: Schema = {
  type: 'object',
  properties: {
    // ⚠ Not in Kytos's schema (any value passes there); Isthmus keeps ids as strings.
    id: { type: 'string' },
    date: { type: 'string', format: 'date-time' },
    // ⚠ Kytos's schema says string, its database model int, and its scheduler spreads the value as
    // APScheduler interval kwargs, so no form works end to end there. Isthmus takes the kwargs object.
    interval: {
      type: 'object',
      additionalProperties: false,
      properties: { weeks: INTERVAL_UNIT, days: INTERVAL_UNIT, hours: INTERVAL_UNIT, minutes: INTERVAL_UNIT, seconds: INTERVAL_UNIT },
    },
    frequency: { type: 'string' },
    action: { type: 'string' },
  },
};

const SB_PRIORITY: Schema = { type: 'integer', nullable: true, format: 'int32', minimum: 0 };
const SERVICE_LEVEL: Schema = { type: 'integer', format: 'int32', minimum: 0, maximum: 7 };
const QUEUE_ID: Schema = { type: 'integer', nullable: true, format: 'int32', minimum: -1, maximum: 7 };
const MAX_PATHS: Schema = { type: 'integer', format: 'int32', minimum: 2, maximum: 10 };
const DATE: Schema = { type: 'string', format: 'date-time' };

/** NewCircuit (POST /v2/evc/), properties in openapi.yml order. */
export const NEW_CIRCUIT: Schema = {
  type: 'object',
  required: ['name', 'uni_a', 'uni_z'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    frequency: { type: 'string' },
    uni_a: ENDPOINT,
    uni_z: ENDPOINT,
    start_date: DATE,
    end_date: DATE,
    bandwidth: { type: 'integer', format: 'int64' },
    primary_links: LINKS,
    backup_links: LINKS,
    primary_path: LINKS,
    backup_path: LINKS,
    primary_constraints: PATH_CONSTRAINTS,
    secondary_constraints: PATH_CONSTRAINTS,
    dynamic_backup_path: { type: 'boolean' },
    circuit_scheduler: { type: 'array', items: CIRCUIT_SCHEDULE },
    sb_priority: SB_PRIORITY,
    service_level: SERVICE_LEVEL,
    queue_id: QUEUE_ID,
    enabled: { type: 'boolean' },
    metadata: { type: 'object' },
    max_paths: MAX_PATHS,
  },
};

/** UpdateCircuit (PATCH /v2/evc/{id}), properties in openapi.yml order. */
export const UPDATE_CIRCUIT: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uni_a: ENDPOINT,
    uni_z: ENDPOINT,
    name: { type: 'string' },
    start_date: DATE,
    end_date: DATE,
    queue_id: QUEUE_ID,
    bandwidth: { type: 'integer', format: 'int64' },
    primary_path: LINKS,
    backup_path: LINKS,
    primary_links: LINKS,
    backup_links: LINKS,
    dynamic_backup_path: { type: 'boolean' },
    primary_constraints: PATH_CONSTRAINTS,
    secondary_constraints: PATH_CONSTRAINTS,
    owner: { type: 'string' },
    sb_priority: SB_PRIORITY,
    service_level: SERVICE_LEVEL,
    circuit_scheduler: { type: 'array', items: CIRCUIT_SCHEDULE },
    metadata: { type: 'object' },
    enabled: { type: 'boolean' },
    max_paths: MAX_PATHS,
  },
};
