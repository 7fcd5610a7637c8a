/** Metadata rules (seed 001): reserved key types, internal keys, merge semantics. Expectations by hand. */
import type { EntityKind } from '../../../src/topology/model';
import {
  METADATA_KEYS, hasMetadataType, isPlainObject, mergeMetadata, metadataRule, validateMetadataDelete, validateMetadataWrite,
  withInternal, withoutKey,
} from '../../../src/topology/metadata';

// kind, key, accepted values, a rejected value, the message for it.
const RESERVED: [EntityKind, string, unknown[], unknown, string][] = [
  ['link', 'availability', [99.5, 100, 0], '99.5', '"availability" must be a float'],
  ['link', 'link_name', ['MIA-FLZ-100G', ''], 5, '"link_name" must be a str'],
  ['link', 'packet_loss', [0.1, 0], null, '"packet_loss" must be a float'],
  ['link', 'bandwidth', [100, 0, -1], 10.5, '"bandwidth" must be an int'],
  ['link', 'ownership', [{ red: {} }, {}], 'red', '"ownership" must be a dict'],
  ['link', 'utilization', [37.25], Number.NaN, '"utilization" must be a float'],
  ['link', 'reliability', [99.999], true, '"reliability" must be a float'],
  ['link', 'priority', [1, 2.5], {}, '"priority" must be a float'],
  ['link', 'delay', [12.3, 5], '10ms', '"delay" must be a float'],
  ['switch', 'address', ['Av. Paulista 1000'], 1, '"address" must be a str'],
  ['switch', 'lat', ['25.7553646'], 25.7553646, '"lat" must be a str'],
  ['switch', 'lng', ['-80.3760393'], -80.3760393, '"lng" must be a str'],
  ['switch', 'node_name', ['MIA-SW01'], null, '"node_name" must be a str'],
  ['interface', 'mtu', [1500, 9000], 1500.5, '"mtu" must be an int'],
  ['interface', 'port_name', ['eth1'], ['eth1'], '"port_name" must be a str'],
];

const INTERNAL = ['liveness_status', 'last_status_change', 'last_status_is_active', 'notified_up_at'];

describe('the metadata table', () => {
  it('holds the seed’s reserved and internal keys of topology objects, once each', () => {
    expect(METADATA_KEYS.map((r) => `${r.kind}/${r.key}:${r.type}:${r.access}`)).toEqual([
      'link/availability:float:reserved',
      'link/link_name:str:reserved',
      'link/packet_loss:float:reserved',
      'link/bandwidth:int:reserved',
      'switch/address:str:reserved',
      'switch/lat:str:reserved',
      'switch/lng:str:reserved',
      'switch/node_name:str:reserved',
      'interface/mtu:int:reserved',
      'interface/port_name:str:reserved',
      'link/ownership:dict:reserved',
      'link/utilization:float:reserved',
      'link/reliability:float:reserved',
      'link/priority:float:reserved',
      'link/delay:float:reserved',
      'link/liveness_status:str:internal',
      'link/last_status_change:float:internal',
      'link/last_status_is_active:bool:internal',
      'link/notified_up_at:datetime:internal',
    ]);
  });

  it('looks rules up by kind and key', () => {
    expect(metadataRule('link', 'bandwidth')).toEqual({ kind: 'link', key: 'bandwidth', type: 'int', access: 'reserved', description: 'Link’s bandwidth in Gbps' });
    expect(metadataRule('switch', 'bandwidth')).toBeUndefined();
    expect(metadataRule('link', 'color')).toBeUndefined();
  });
});

describe('validateMetadataWrite', () => {
  it.each(RESERVED)('%s "%s" accepts its type', (kind, key, good) => {
    for (const value of good) expect(validateMetadataWrite(kind, { [key]: value })).toEqual({ ok: true, value: { [key]: value } });
  });

  it.each(RESERVED)('%s "%s" refuses another type', (kind, key, _good, bad, message) => {
    const expected = /must be an? (\w+)$/.exec(message)?.[1];
    expect(validateMetadataWrite(kind, { [key]: bad })).toEqual({ ok: false, error: { code: 'WRONG_TYPE', key, expected, message } });
  });

  it('reports the expected type in the error', () => {
    expect(validateMetadataWrite('link', { bandwidth: '100' })).toEqual({
      ok: false,
      error: { code: 'WRONG_TYPE', key: 'bandwidth', expected: 'int', message: '"bandwidth" must be an int' },
    });
    expect(validateMetadataWrite('link', { ownership: ['red'] })).toEqual({
      ok: false,
      error: { code: 'WRONG_TYPE', key: 'ownership', expected: 'dict', message: '"ownership" must be a dict' },
    });
  });

  it('leaves the reserved keys of other kinds free-form', () => {
    expect(validateMetadataWrite('switch', { bandwidth: 'lots', mtu: 'big' })).toEqual({ ok: true, value: { bandwidth: 'lots', mtu: 'big' } });
    expect(validateMetadataWrite('link', { lat: 25.7, port_name: 3 })).toEqual({ ok: true, value: { lat: 25.7, port_name: 3 } });
    expect(validateMetadataWrite('interface', { node_name: 1, delay: 'x' })).toEqual({ ok: true, value: { node_name: 1, delay: 'x' } });
  });

  it('accepts any value under a free key, and an empty body', () => {
    const body = { color: 'red', n: null, list: [1, 2], nested: { a: { b: 1 } }, flag: false };
    expect(validateMetadataWrite('link', body)).toEqual({ ok: true, value: body });
    expect(validateMetadataWrite('switch', {})).toEqual({ ok: true, value: {} });
  });

  it.each(INTERNAL)('refuses to write the internal link key "%s"', (key) => {
    expect(validateMetadataWrite('link', { link_name: 'x', [key]: 'up' })).toEqual({
      ok: false,
      error: { code: 'INTERNAL_KEY', key, message: `"${key}" is maintained by Isthmus and cannot be written` },
    });
  });

  it.each<[EntityKind]>([['switch'], ['interface']])('lets a %s carry the link-internal key names as free keys', (kind) => {
    const body = { liveness_status: 'whatever', last_status_change: 'x', last_status_is_active: 1, notified_up_at: null };
    expect(validateMetadataWrite(kind, body)).toEqual({ ok: true, value: body });
  });

  it('reports the first offending key in the body’s order', () => {
    expect(validateMetadataWrite('link', { a: 1, delay: 'slow', liveness_status: 'up' })).toEqual({
      ok: false,
      error: { code: 'WRONG_TYPE', key: 'delay', expected: 'float', message: '"delay" must be a float' },
    });
    expect(validateMetadataWrite('link', { liveness_status: 'up', delay: 'slow' })).toEqual({
      ok: false,
      error: { code: 'INTERNAL_KEY', key: 'liveness_status', message: '"liveness_status" is maintained by Isthmus and cannot be written' },
    });
  });

  it.each<[unknown, string]>([
    [[], 'Invalid metadata value: []'],
    [[{ a: 1 }], 'Invalid metadata value: [{"a":1}]'],
    [null, 'Invalid metadata value: null'],
    ['link_name', 'Invalid metadata value: "link_name"'],
    [5, 'Invalid metadata value: 5'],
    [undefined, 'Invalid metadata value: undefined'],
    [new Date(0), 'Invalid metadata value: "1970-01-01T00:00:00.000Z"'],
    ['x'.repeat(100), `Invalid metadata value: "${'x'.repeat(56)}...`],
  ])('refuses a body that is not an object: %j', (body, message) => {
    expect(validateMetadataWrite('switch', body)).toEqual({ ok: false, error: { code: 'NOT_AN_OBJECT', message } });
  });

  it('returns a copy, and keeps a "__proto__" key as an ordinary key', () => {
    const body: unknown = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const r = validateMetadataWrite('switch', body);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).not.toBe(body);
      expect(Object.keys(r.value)).toEqual(['__proto__', 'a']);
      expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
      expect((r.value as { polluted?: boolean }).polluted).toBeUndefined();
    }
  });
});

describe('validateMetadataDelete', () => {
  it.each(INTERNAL)('refuses to delete the internal link key "%s"', (key) => {
    expect(validateMetadataDelete('link', key)).toEqual({
      ok: false,
      error: { code: 'INTERNAL_KEY', key, message: `"${key}" is maintained by Isthmus and cannot be deleted` },
    });
  });

  it('allows every other key, reserved ones included', () => {
    expect(validateMetadataDelete('link', 'bandwidth')).toEqual({ ok: true, value: undefined });
    expect(validateMetadataDelete('link', 'color')).toEqual({ ok: true, value: undefined });
    expect(validateMetadataDelete('switch', 'liveness_status')).toEqual({ ok: true, value: undefined });
    expect(validateMetadataDelete('interface', 'notified_up_at')).toEqual({ ok: true, value: undefined });
  });
});

describe('merging', () => {
  it('mergeMetadata is a shallow update: the patch wins, other keys stay, nested objects are replaced', () => {
    const current = { a: 1, b: { x: 1 }, liveness_status: 'up' };
    const patch = { b: { y: 2 }, c: 3 };
    expect(mergeMetadata(current, patch)).toEqual({ a: 1, b: { y: 2 }, liveness_status: 'up', c: 3 });
    expect(current).toEqual({ a: 1, b: { x: 1 }, liveness_status: 'up' });
    expect(patch).toEqual({ b: { y: 2 }, c: 3 });
    expect(mergeMetadata({}, {})).toEqual({});
  });

  it('withInternal writes the controller’s own keys and ignores undefined ones', () => {
    const current = { link_name: 'MIA-FLZ', liveness_status: 'up', last_status_is_active: true };
    expect(
      withInternal(current, {
        liveness_status: 'down',
        last_status_change: 1767225600.25,
        notified_up_at: '2026-01-01T00:00:00Z',
        last_status_is_active: undefined,
      }),
    ).toEqual({
      link_name: 'MIA-FLZ',
      liveness_status: 'down',
      last_status_is_active: true,
      last_status_change: 1767225600.25,
      notified_up_at: '2026-01-01T00:00:00Z',
    });
    expect(current).toEqual({ link_name: 'MIA-FLZ', liveness_status: 'up', last_status_is_active: true });
  });

  it('withoutKey drops one key and copies the rest', () => {
    const current = { liveness_status: 'up', link_name: 'x' };
    expect(withoutKey(current, 'liveness_status')).toEqual({ link_name: 'x' });
    const same = withoutKey(current, 'absent');
    expect(same).toEqual({ liveness_status: 'up', link_name: 'x' });
    expect(same).not.toBe(current);
    expect(current).toEqual({ liveness_status: 'up', link_name: 'x' });
  });
});

describe('type predicates', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [Object.create(null), true],
    [[], false],
    [null, false],
    [new Map(), false],
    ['{}', false],
  ])('isPlainObject(%p) is %s', (v, expected) => {
    expect(isPlainObject(v)).toBe(expected);
  });

  it.each<[unknown, boolean]>([
    ['2026-01-01T00:00:00Z', true],
    ['2026-01-01T00:00:00.123+02:00', true],
    ['2026-01-01T00:00:00', true],
    ['2026-13-45T00:00:00Z', false],
    ['2026-01-01', false],
    ['yesterday', false],
    [1767225600, false],
  ])('datetime: %p is %s', (v, expected) => {
    expect(hasMetadataType(v, 'datetime')).toBe(expected);
  });

  it.each<[unknown, boolean]>([
    [true, true],
    [false, true],
    [0, false],
    ['true', false],
  ])('bool: %p is %s', (v, expected) => {
    expect(hasMetadataType(v, 'bool')).toBe(expected);
  });

  it.each<[unknown, boolean, boolean]>([
    [1, true, true],
    [-3, true, true],
    [1.5, true, false],
    [Number.POSITIVE_INFINITY, false, false],
    [Number.NaN, false, false],
    ['1', false, false],
  ])('%p is a float: %s, an int: %s', (v, float, int) => {
    expect([hasMetadataType(v, 'float'), hasMetadataType(v, 'int')]).toEqual([float, int]);
  });
});
