/** The request schema checker's building blocks, and static path validation (kytos-api.md §1.5). */
import type { PathLink } from '../../../src/eline/model';
import { checkStaticPath } from '../../../src/eline/request-path';
import { parseDateTime, pyRepr, violation } from '../../../src/eline/request-schema';

describe('pyRepr', () => {
  it.each([
    [null, 'None'],
    [true, 'True'],
    [false, 'False'],
    [12, '12'],
    [-0.5, '-0.5'],
    [2n ** 64n, '18446744073709551616'],
    ['vlan', "'vlan'"],
    ["it's", '"it\'s"'],
    ['say "hi" it\'s', "'say \"hi\" it\\'s'"],
    ['a\\b', "'a\\\\b'"],
    [[1, 'a', [null]], "[1, 'a', [None]]"],
    [{ a: 1, b: [true] }, "{'a': 1, 'b': [True]}"],
    [{}, '{}'],
  ])('%p is %s', (v, text) => {
    expect(pyRepr(v)).toBe(text);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-05-01T10:00:00', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01t10:00:00z', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01T10:00:00.5Z', '2026-05-01T10:00:00.500Z'],
    ['2026-05-01T00:30:00+01:00', '2026-04-30T23:30:00.000Z'],
    ['2026-12-31T23:00:00-02:00', '2027-01-01T01:00:00.000Z'],
    ['2024-02-29T00:00:00', '2024-02-29T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseDateTime(text)).toBe(iso);
  });

  it.each(['2026-05-01', '2026-05-01 10:00:00', '2025-02-29T00:00:00', '2026-13-01T00:00:00', '2026-05-01T10:60:00', '2026-05-01T10:00:00+0100', ''])(
    'refuses %p',
    (text) => {
      expect(parseDateTime(text)).toBeUndefined();
    },
  );
});

describe('violation', () => {
  it('passes null only where the schema is nullable', () => {
    expect(violation({ type: 'integer', nullable: true }, null)).toBeUndefined();
    expect(violation({ type: 'integer' }, null)).toEqual({ message: "None is not of type 'integer'", path: [] });
  });

  it('does not take a boolean for an integer, and takes a bigint', () => {
    expect(violation({ type: 'integer' }, true)?.message).toBe("True is not of type 'integer'");
    expect(violation({ type: 'integer' }, 2n ** 60n)).toBeUndefined();
  });

  it('reports an array item at its index', () => {
    expect(violation({ type: 'array', items: { type: 'string' } }, ['a', 2], ['x'])).toEqual({ message: "2 is not of type 'string'", path: ['x', 1] });
  });

  it('says "should be non-empty" for minItems 1 and "is too short" otherwise', () => {
    expect(violation({ type: 'array', minItems: 1 }, [])?.message).toBe('[] should be non-empty');
    expect(violation({ type: 'array', minItems: 2 }, [1])?.message).toBe('[1] is too short');
  });
});

const S1 = '00:00:00:00:00:00:00:01';
const S2 = '00:00:00:00:00:00:00:02';
const S3 = '00:00:00:00:00:00:00:03';
/** Ids do not matter to the walk; short ones keep the cases readable. */
const link = (a: string, b: string, id = `${a}-${b}`): PathLink => ({ id, endpointA: a, endpointB: b });

describe('checkStaticPath (Kytos Path.is_valid)', () => {
  const p12 = link(`${S1}:2`, `${S2}:2`);
  const p23 = link(`${S2}:3`, `${S3}:2`);

  it('accepts an empty path, whatever the UNIs', () => {
    expect(checkStaticPath([], S1, S3)).toEqual({ ok: true, value: undefined });
  });

  it('accepts a path that walks from UNI A to UNI Z, whichever way each link is written', () => {
    expect(checkStaticPath([p12, p23], S1, S3).ok).toBe(true);
    expect(checkStaticPath([link(`${S2}:2`, `${S1}:2`), link(`${S3}:2`, `${S2}:3`)], S1, S3).ok).toBe(true);
    expect(checkStaticPath([p23, p12], S3, S1).ok).toBe(true);
  });

  it('refuses a link that does not touch the previous switch', () => {
    expect(checkStaticPath([p23], S1, S3)).toEqual({
      ok: false,
      error: `Previous switch {Switch('${S1}')} is not connected to current link with switches {Switch('${S2}'), Switch('${S3}')}.`,
    });
  });

  it('refuses a link with both ends on the previous switch', () => {
    expect(checkStaticPath([link(`${S1}:2`, `${S1}:3`)], S1, S2)).toEqual({
      ok: false,
      error: `Previous switch {Switch('${S1}')} is not connected to current link with switches set().`,
    });
  });

  it('refuses a loop', () => {
    expect(checkStaticPath([p12, link(`${S2}:4`, `${S1}:4`)], S1, S3)).toEqual({
      ok: false,
      error: `Loop detected in path, switch {Switch('${S1}')} was visited more than once.`,
    });
  });

  it('refuses a path that ends away from UNI Z', () => {
    expect(checkStaticPath([p12], S1, S3)).toEqual({ ok: false, error: 'Last link does not contain uni_z switch' });
  });

  it('asks about each link in turn and stops at the first one that is not available', () => {
    const asked: string[] = [];
    const linkError = (l: PathLink): string | undefined => {
      asked.push(l.id);
      return l === p23 ? 'Link L23 is not available.' : undefined;
    };
    expect(checkStaticPath([p12, p23], S1, S3, linkError)).toEqual({ ok: false, error: 'Link L23 is not available.' });
    expect(asked).toEqual([p12.id, p23.id]);
  });

  it('reports a shape fault of an earlier link before the availability of a later one', () => {
    expect(checkStaticPath([p23, p12], S1, S3, () => 'unavailable')).toEqual({
      ok: false,
      error: `Previous switch {Switch('${S1}')} is not connected to current link with switches {Switch('${S2}'), Switch('${S3}')}.`,
    });
    expect(checkStaticPath([p12, p23], S1, S3, (l) => (l === p12 ? 'first' : 'second'))).toEqual({ ok: false, error: 'first' });
  });
});
