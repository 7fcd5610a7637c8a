/**
 * The query of GET /v2/evc/ (src/eline/list-filter.ts): Kytos's `archived` reading, its casting
 * of `metadata.<key>` values (Python int(), then true/false/null, then the text), and MongoDB's
 * equality on dotted paths, each case written out by hand.
 */
import { archivedSelection, castQueryValue, matchesMetadata, metadataConditions, type MetadataQueryValue } from '../../../src/eline/list-filter';

describe('archivedSelection', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['FALSE', false],
    ['true', true],
    ['True', true],
    ['null', 'all'],
    ['NULL', 'all'],
    ['', false],
    ['yes', false],
    ['1', false],
  ] as const)('archived=%p lists %p', (raw, expected) => {
    expect(archivedSelection(raw)).toBe(expected);
  });
});

describe('castQueryValue', () => {
  it.each([
    ['5', 5],
    ['-5', -5],
    ['+5', 5],
    ['007', 7],
    [' 12 ', 12],
    ['1_000', 1000],
    ['-0', 0],
    ['0', 0],
    ['true', true],
    ['TRUE', true],
    ['False', false],
    ['null', null],
    ['None', 'None'],
    ['1.5', '1.5'],
    ['1e3', '1e3'],
    ['0x10', '0x10'],
    ['1__0', '1__0'],
    ['_1', '_1'],
    ['1_', '1_'],
    ['', ''],
    ['red', 'red'],
    ['- 5', '- 5'],
  ] as [string, MetadataQueryValue][])('%p casts to %p', (text, expected) => {
    expect(castQueryValue(text)).toBe(expected);
  });

  it('keeps integers beyond 2^53 exact, as Python does', () => {
    expect(castQueryValue('12345678901234567890')).toBe(12345678901234567890n);
    expect(castQueryValue('-9007199254740993')).toBe(-9007199254740993n);
    expect(castQueryValue('9007199254740991')).toBe(9007199254740991);
  });
});

describe('metadataConditions', () => {
  it('takes only keys starting with "metadata." and splits the rest on dots', () => {
    expect(
      metadataConditions([
        ['archived', 'true'],
        ['metadata.a', '1'],
        ['metadata.b.c', 'x'],
        ['metadatax', '1'],
        ['metadata', '1'],
        ['meta.a', '1'],
      ]),
    ).toEqual([
      { path: ['a'], value: 1 },
      { path: ['b', 'c'], value: 'x' },
    ]);
  });

  it('keeps the last value of a key given twice', () => {
    expect(
      metadataConditions([
        ['metadata.a', '1'],
        ['metadata.a', 'true'],
      ]),
    ).toEqual([{ path: ['a'], value: true }]);
  });

  it('is empty without metadata keys', () => {
    expect(metadataConditions([['archived', 'null']])).toEqual([]);
  });
});

describe('matchesMetadata', () => {
  const cond = (path: string, value: MetadataQueryValue) => ({ path: path.split('.'), value });

  it.each([
    // [metadata, path, query value, matches]
    [{ a: 1 }, 'a', 1, true],
    [{ a: 1.0 }, 'a', 1, true],
    [{ a: 2 }, 'a', 1, false],
    [{ a: '1' }, 'a', 1, false],
    [{ a: true }, 'a', 1, false],
    [{ a: 1 }, 'a', true, false],
    [{ a: true }, 'a', true, true],
    [{ a: false }, 'a', false, true],
    [{ a: 'false' }, 'a', false, false],
    [{ a: 'red' }, 'a', 'red', true],
    [{ a: 'Red' }, 'a', 'red', false],
    [{ a: null }, 'a', null, true],
    [{}, 'a', null, true],
    [{ a: 0 }, 'a', null, false],
    [{}, 'a', 1, false],
    [{ a: { b: 2 } }, 'a.b', 2, true],
    [{ a: { b: 2 } }, 'a.c', null, true],
    [{ a: 5 }, 'a.b', null, true],
    [{ a: 5 }, 'a.b', 5, false],
    [{ a: [1, 2, 3] }, 'a', 2, true],
    [{ a: [1, 2, 3] }, 'a', 4, false],
    [{ a: [[2]] }, 'a', 2, false],
    [{ a: [{ b: 1 }, { b: 2 }] }, 'a.b', 2, true],
    [{ a: [{ b: 1 }, { b: 2 }] }, 'a.b', 3, false],
    [{ a: [{ b: 1 }, { c: 2 }] }, 'a.b', null, true],
    [{ a: [{ b: 1 }] }, 'a.b', null, false],
    [{ a: [5, 6] }, 'a.1', 6, true],
    [{ a: [5, 6] }, 'a.0', 6, false],
    [{ a: [5, 6] }, 'a.2', null, true],
    [{ a: { '1': 'x' } }, 'a.1', 'x', true],
    [{ a: 12345678901234567890n }, 'a', 12345678901234567890n, true],
    [{ a: 5 }, 'a', 5n, true],
  ] as [Record<string, unknown>, string, MetadataQueryValue, boolean][])('%j with %s = %p: %p', (metadata, path, value, expected) => {
    expect(matchesMetadata(metadata, [cond(path, value)])).toBe(expected);
  });

  it('needs every condition', () => {
    const m = { a: 1, b: 'x' };
    expect(matchesMetadata(m, [cond('a', 1), cond('b', 'x')])).toBe(true);
    expect(matchesMetadata(m, [cond('a', 1), cond('b', 'y')])).toBe(false);
    expect(matchesMetadata(m, [])).toBe(true);
  });

  it('reads only own keys, never the prototype chain', () => {
    expect(matchesMetadata({}, [cond('constructor', null)])).toBe(true);
    expect(matchesMetadata({}, [cond('toString', 'x')])).toBe(false);
  });
});
