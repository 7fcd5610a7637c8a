/**
 * The REST body parser (src/rest/json-body.ts): every RFC 8259 construct with its value written out
 * by hand, exact integers beyond 2^53, malformed input with the exact error and position, the
 * nesting and size limits, and the middleware's HTTP behaviour. JSON.parse serves as an independent
 * oracle for random documents whose numbers it can hold.
 */
import express from 'express';
import request from 'supertest';
import { BodyError, JsonSyntaxError, jsonBody, parseJson, type JsonValue } from '../../../src/rest/json-body';
import { errorMiddleware } from '../../../src/rest/errors';
import { Rng, seedFromEnv } from '../../support/rng';

/** The error message parseJson throws for `text`. */
function errorOf(text: string, opts?: { maxDepth?: number }): string {
  try {
    parseJson(text, opts);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e.message;
    throw e;
  }
  throw new Error(`${JSON.stringify(text)} parsed`);
}

describe('parseJson: values', () => {
  it.each<[string, JsonValue]>([
    ['true', true],
    ['false', false],
    ['null', null],
    ['0', 0],
    ['123', 123],
    ['-123', -123],
    ['1.5', 1.5],
    ['-0.25', -0.25],
    ['1e3', 1000],
    ['1E+2', 100],
    ['2.5e-1', 0.25],
    ['1.0', 1],
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['-9007199254740992', -9007199254740992n],
    ['12249790986447749121', 12249790986447749121n], // mef_eline's 0xaa00000000000001
    ['18446744073709551615', 18446744073709551615n], // 2^64 - 1
    ['340282366920938463463374607431768211456', 340282366920938463463374607431768211456n], // 2^128
    ['"abc"', 'abc'],
    ['""', ''],
    ['"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\/\b\f\n\r\t'],
    ['"\\u00e9\\u00E9"', 'éé'],
    ['"\\ud83d\\ude00"', '😀'],
    ['"é😀 ok"', 'é😀 ok'],
    ['"\\ud800"', '\ud800'], // a lone surrogate escape is grammatical (RFC 8259 §8.2 leaves its meaning open)
    ['[]', []],
    ['[1,[2,[]],"x"]', [1, [2, []], 'x']],
    [' \t\r\n[ 1 ,\n 2 ]\n', [1, 2]],
    ['{}', {}],
    ['{"a":1,"b":{"c":[true,null]}}', { a: 1, b: { c: [true, null] } }],
    ['{ "a" : 1 , "a" : 2 }', { a: 2 }],
    ['{"cookie": 12249790986447749121, "priority": 20000}', { cookie: 12249790986447749121n, priority: 20000 }],
  ])('%s', (text, value) => {
    expect(parseJson(text)).toEqual(value);
  });

  it('keeps -0', () => {
    expect(Object.is(parseJson('-0'), -0)).toBe(true);
  });

  it('makes "__proto__" an own property and never changes the prototype', () => {
    const v = parseJson('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agrees with JSON.parse on random documents without big integers', () => {
    const rng = new Rng(seedFromEnv('JSON_BODY_SEED', 0x5eed));
    const words = ['a', 'é', '"', '\\', '\n', '😀', 'key', ''];
    const gen = (depth: number): unknown => {
      switch (rng.int(depth > 3 ? 5 : 7)) {
        case 0:
          return rng.pick([true, false, null]);
        case 1:
          return rng.range(-1_000_000, 1_000_000);
        case 2:
          return rng.range(-1000, 1000) / 8;
        case 3:
          return rng.pick(words) + rng.pick(words);
        case 4:
          return rng.range(0, 2 ** 30) * 2 ** 20; // up to 2^50: still a safe integer
        case 5:
          return Array.from({ length: rng.int(4) }, () => gen(depth + 1));
        default:
          return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick(words) + String(rng.int(9)), gen(depth + 1)]));
      }
    };
    for (let i = 0; i < 300; i++) {
      const text = JSON.stringify(gen(0), null, rng.chance(0.5) ? 2 : undefined);
      expect(parseJson(text)).toEqual(JSON.parse(text));
    }
  });
});

describe('parseJson: malformed input', () => {
  it.each<[string, string]>([
    ['', 'Unexpected end of input at position 0 (line 1 column 1)'],
    ['   ', 'Unexpected end of input at position 3 (line 1 column 4)'],
    ['{"a":1,}', 'Unexpected character "}" at position 7 (line 1 column 8)'],
    ['[1,]', 'Unexpected character "]" at position 3 (line 1 column 4)'],
    ['[1 2]', 'Unexpected character "2" at position 3 (line 1 column 4)'],
    ['{"a" 1}', 'Unexpected character "1" at position 5 (line 1 column 6)'],
    ['{a:1}', 'Unexpected character "a" at position 1 (line 1 column 2)'],
    ["{'a':1}", 'Unexpected character "\'" at position 1 (line 1 column 2)'],
    ['[1', 'Unexpected end of input at position 2 (line 1 column 3)'],
    ['01', 'Unexpected data after the JSON value at position 1 (line 1 column 2)'],
    ['{"a":1}x', 'Unexpected data after the JSON value at position 7 (line 1 column 8)'],
    ['+1', 'Unexpected character "+" at position 0 (line 1 column 1)'],
    ['.5', 'Unexpected character "." at position 0 (line 1 column 1)'],
    ['-', 'Unexpected end of input at position 1 (line 1 column 2)'],
    ['-a', 'Unexpected character "a" at position 1 (line 1 column 2)'],
    ['1.', 'Unexpected end of input at position 2 (line 1 column 3)'],
    ['1.e5', 'Unexpected character "e" at position 2 (line 1 column 3)'],
    ['1e', 'Unexpected end of input at position 2 (line 1 column 3)'],
    ['1e+', 'Unexpected end of input at position 3 (line 1 column 4)'],
    ['1e400', 'Number out of range at position 0 (line 1 column 1)'],
    ['-1e400', 'Number out of range at position 0 (line 1 column 1)'],
    ['NaN', 'Unexpected character "N" at position 0 (line 1 column 1)'],
    ['Infinity', 'Unexpected character "I" at position 0 (line 1 column 1)'],
    ['tru', 'Unexpected end of input at position 3 (line 1 column 4)'],
    ['trux', 'Unexpected character "x" at position 3 (line 1 column 4)'],
    ['nul', 'Unexpected end of input at position 3 (line 1 column 4)'],
    ['"abc', 'Unterminated string at position 4 (line 1 column 5)'],
    ['"abc\\', 'Unterminated string at position 4 (line 1 column 5)'],
    ['"a\nb"', 'Unescaped control character in string at position 2 (line 1 column 3)'],
    ['"a\tb"', 'Unescaped control character in string at position 2 (line 1 column 3)'],
    ['"\\x"', 'Bad escape \\x in string at position 1 (line 1 column 2)'],
    ['"\\u12g4"', 'Bad \\u escape in string at position 1 (line 1 column 2)'],
    ['"\\u12"', 'Bad \\u escape in string at position 1 (line 1 column 2)'],
    ['// comment\n1', 'Unexpected character "/" at position 0 (line 1 column 1)'],
    ['\u00a01', 'Unexpected character "\u00a0" at position 0 (line 1 column 1)'], // NBSP is not JSON whitespace
    ['{\n  "a": 1,\n  "b": x\n}', 'Unexpected character "x" at position 19 (line 3 column 8)'],
  ])('%j', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('limits nesting to 512 levels by default, and to what it is told', () => {
    expect(parseJson(`${'['.repeat(512)}${']'.repeat(512)}`)).toBeDefined();
    expect(errorOf(`${'['.repeat(513)}${']'.repeat(513)}`)).toBe('Nesting deeper than 512 levels at position 512 (line 1 column 513)');
    expect(errorOf(`${'{"a":'.repeat(513)}1${'}'.repeat(513)}`)).toBe('Nesting deeper than 512 levels at position 2560 (line 1 column 2561)');
    expect(parseJson('[[1]]', { maxDepth: 2 })).toEqual([[1]]);
    expect(errorOf('[[[1]]]', { maxDepth: 2 })).toBe('Nesting deeper than 2 levels at position 2 (line 1 column 3)');
  });

  it('names the reason and the place on the error object', () => {
    try {
      parseJson('[\n 1,\n ]');
      throw new Error('parsed');
    } catch (e) {
      expect(e).toBeInstanceOf(JsonSyntaxError);
      expect(e).toMatchObject({ reason: 'Unexpected character "]"', position: 7, line: 3, column: 2 });
    }
  });
});

describe('jsonBody middleware', () => {
  const app = (limitBytes?: number) => {
    const a = express();
    a.use(jsonBody(limitBytes === undefined ? {} : { limitBytes }));
    a.post('/echo', (req, res) => {
      const body: unknown = req.body;
      res.json({ body: body === undefined ? 'none' : body, bigint: typeof (body as { n?: unknown } | undefined)?.n === 'bigint' });
    });
    a.get('/echo', (req, res) => {
      res.json({ body: req.body === undefined ? 'none' : (req.body as unknown) });
    });
    a.set('json replacer', (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    a.use(errorMiddleware({ error: () => undefined }));
    return a;
  };

  it('parses application/json bodies, with big integers as bigint', async () => {
    const res = await request(app()).post('/echo').set('Content-Type', 'application/json; charset=utf-8').send('{"n": 12249790986447749121}').expect(200);
    expect(res.body).toEqual({ body: { n: '12249790986447749121' }, bigint: true });
  });

  it('leaves other media types and bodiless requests alone, and reads an empty JSON body as {}', async () => {
    expect((await request(app()).post('/echo').set('Content-Type', 'text/plain').send('{"n": 1}').expect(200)).body.body).toBe('none');
    expect((await request(app()).get('/echo').expect(200)).body.body).toBe('none');
    expect((await request(app()).post('/echo').set('Content-Type', 'application/json').send('').expect(200)).body.body).toBe('none');
    expect((await request(app()).post('/echo').set('Content-Type', 'application/json').set('Transfer-Encoding', 'chunked').send('').expect(200)).body.body).toEqual({});
  });

  it('ignores a UTF-8 byte order mark', async () => {
    const res = await request(app()).post('/echo').set('Content-Type', 'application/json').send('\ufeff{"a": "é"}').expect(200);
    expect(res.body.body).toEqual({ a: 'é' });
  });

  it('answers 400 "Invalid json: ..." with the position, and for bytes that are not UTF-8', async () => {
    const bad = await request(app()).post('/echo').set('Content-Type', 'application/json').send('{"a": tru}').expect(400);
    expect(bad.body).toEqual({ description: 'Invalid json: Unexpected character "}" at position 9 (line 1 column 10)', code: 400 });
    // Raw bytes: "é" in Latin-1 (0xe9) inside quotes.
    const latin1 = await request(app())
      .post('/echo')
      .set('Content-Type', 'application/json')
      // superagent writes a Buffer as it is once the serializer lets it through (its typing says string).
      .serialize((b: Buffer) => b as unknown as string)
      .send(Buffer.from([0x22, 0xe9, 0x22]))
      .expect(400);
    expect(latin1.body).toEqual({ description: 'Invalid json: the body is not valid UTF-8', code: 400 });
  });

  it('answers 413 above the size limit, 415 for another charset or a compressed body', async () => {
    const big = await request(app(16)).post('/echo').set('Content-Type', 'application/json').send('{"a": "0123456789abcdef"}').expect(413);
    expect(big.body).toEqual({ description: 'request entity too large', code: 413 });
    await request(app(16)).post('/echo').set('Content-Type', 'application/json').send('{"a": "0123456"}').expect(200);
    const charset = await request(app()).post('/echo').set('Content-Type', 'application/json; charset=latin1').send('{}').expect(415);
    expect(charset.body).toEqual({ description: 'unsupported charset "LATIN1"', code: 415 });
    const gzip = await request(app()).post('/echo').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}').expect(415);
    expect(gzip.body).toEqual({ description: 'unsupported content encoding "gzip"', code: 415 });
  });

  it('gives errors the body-parser shape the error middleware maps', () => {
    expect(new BodyError('entity.too.large', 413, 'request entity too large')).toMatchObject({ type: 'entity.too.large', status: 413, expose: true });
  });
});
