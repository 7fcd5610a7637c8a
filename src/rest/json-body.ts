/**
 * The REST body parser: a strict RFC 8259 JSON parser of our own, and the express middleware that
 * feeds it. Why not express.json(): JSON.parse turns every number into a double, so a 64-bit cookie
 * such as mef_eline's 0xaa00000000000001 (12249790986447749121) arrives rounded. Here an integer
 * literal outside Number's safe range becomes a bigint, exactly; every other number is a double.
 *
 * Strict means: the grammar of RFC 8259 §2–§7 and nothing else (no comments, trailing commas,
 * single quotes, NaN, leading zeros or unescaped control characters in strings); any value at the
 * top level (§2); a leading UTF-8 byte order mark is ignored (§8.1 allows it). Limits (§9 lets a
 * parser set them): nesting depth, body size, and numbers that do not fit a double.
 *
 * The middleware's errors use the shape of body-parser's errors (`type`, `status`, `expose`), which
 * src/rest/errors.ts already maps: a parse failure is a 400 "Invalid json: …", too large a body a
 * 413, another charset or a compressed body a 415.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

/** A JSON value as this parser yields it: integers outside ±(2^53 − 1) are bigint. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export const DEFAULT_MAX_DEPTH = 512;
/** Kytos-ng takes up to ~50,000 flows in one flow_manager request (kytos-api.md §6.3): ~15 MB of JSON. */
export const DEFAULT_LIMIT_BYTES = 32 * 1024 * 1024;

/** A syntax error, with the 0-based offset (in UTF-16 code units) of the character at fault. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at position ${position} (line ${line} column ${column})`);
  }
}

/** Character codes the grammar names (RFC 8259 §2–§7). */
const C = {
  TAB: 0x09,
  LF: 0x0a,
  CR: 0x0d,
  SPACE: 0x20,
  QUOTE: 0x22,
  PLUS: 0x2b,
  COMMA: 0x2c,
  MINUS: 0x2d,
  DOT: 0x2e,
  ZERO: 0x30,
  NINE: 0x39,
  COLON: 0x3a,
  UPPER_E: 0x45,
  LBRACKET: 0x5b,
  BACKSLASH: 0x5c,
  RBRACKET: 0x5d,
  LOWER_E: 0x65,
  LBRACE: 0x7b,
  RBRACE: 0x7d,
} as const;

// RFC 8259 §7: the two-character escapes.
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const isDigit = (c: number): boolean => c >= C.ZERO && c <= C.NINE;
/** Characters a string may hold as they are: anything but the quote, the backslash and U+0000..U+001F. */
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y; // eslint-disable-line no-control-regex -- RFC 8259 §7 names U+0000..U+001F

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): JsonValue {
    this.skipSpace();
    const value = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('Unexpected data after the JSON value');
    return value;
  }

  private fail(reason: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === C.LF) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsonSyntaxError(reason, at, line, at - lineStart + 1);
  }

  private unexpected(): never {
    if (this.pos >= this.text.length) this.fail('Unexpected end of input');
    this.fail(`Unexpected character ${JSON.stringify(this.text.charAt(this.pos))}`);
  }

  /** RFC 8259 §2: ws = *( %x20 / %x09 / %x0A / %x0D ). */
  private skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c !== C.SPACE && c !== C.LF && c !== C.CR && c !== C.TAB) break;
      p++;
    }
    this.pos = p;
  }

  private value(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case C.LBRACE:
        return this.object(depth + 1);
      case C.LBRACKET:
        return this.array(depth + 1);
      case C.QUOTE:
        return this.string();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      default:
        if (c === C.MINUS || isDigit(c)) return this.number();
        return this.unexpected();
    }
  }

  private literal<T extends JsonValue>(word: string, v: T): T {
    for (let i = 0; i < word.length; i++) {
      if (this.text.charCodeAt(this.pos) !== word.charCodeAt(i)) this.unexpected();
      this.pos++;
    }
    return v;
  }

  private enter(depth: number): void {
    if (depth > this.maxDepth) this.fail(`Nesting deeper than ${this.maxDepth} levels`);
    this.pos++; // the opening bracket
    this.skipSpace();
  }

  private object(depth: number): { [key: string]: JsonValue } {
    this.enter(depth);
    const out: { [key: string]: JsonValue } = {};
    if (this.text.charCodeAt(this.pos) === C.RBRACE) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== C.QUOTE) this.unexpected();
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== C.COLON) this.unexpected();
      this.pos++;
      this.skipSpace();
      // A repeated name keeps the last value (RFC 8259 §4 leaves it open; JSON.parse does the same).
      // "__proto__" becomes an own property, as with JSON.parse: never a prototype change.
      const v = this.value(depth);
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      else out[key] = v;
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === C.RBRACE) return out;
      if (c !== C.COMMA) {
        this.pos--;
        this.unexpected();
      }
      this.skipSpace();
    }
  }

  private array(depth: number): JsonValue[] {
    this.enter(depth);
    const out: JsonValue[] = [];
    if (this.text.charCodeAt(this.pos) === C.RBRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === C.RBRACKET) return out;
      if (c !== C.COMMA) {
        this.pos--;
        this.unexpected();
      }
      this.skipSpace();
    }
  }

  /** RFC 8259 §7. Runs without escapes are found by one regex step and sliced whole. */
  private string(): string {
    const t = this.text;
    this.pos++; // the opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      PLAIN_RUN.lastIndex = this.pos;
      PLAIN_RUN.test(t);
      this.pos = PLAIN_RUN.lastIndex;
      const c = t.charCodeAt(this.pos);
      if (c === C.QUOTE) {
        out += t.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (Number.isNaN(c)) this.fail('Unterminated string');
      // "All Unicode characters may be placed within the quotation marks, except for the characters
      // that MUST be escaped: quotation mark, reverse solidus, and the control characters (U+0000 through U+001F)."
      if (c !== C.BACKSLASH) this.fail('Unescaped control character in string');
      out += t.slice(start, this.pos);
      const e = t.charAt(this.pos + 1);
      if (e === 'u') {
        const hex = t.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Bad \\u escape in string');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        const short = ESCAPES[e];
        if (short === undefined) this.fail(e === '' ? 'Unterminated string' : `Bad escape \\${e} in string`);
        out += short;
        this.pos += 2;
      }
      start = this.pos;
    }
  }

  /** RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. */
  private number(): number | bigint {
    const t = this.text;
    const start = this.pos;
    if (t.charCodeAt(this.pos) === C.MINUS) this.pos++;
    const first = t.charCodeAt(this.pos);
    if (first === C.ZERO) this.pos++;
    else if (isDigit(first)) while (isDigit(t.charCodeAt(this.pos))) this.pos++;
    else this.unexpected();
    let integer = true;
    if (t.charCodeAt(this.pos) === C.DOT) {
      integer = false;
      this.pos++;
      if (!isDigit(t.charCodeAt(this.pos))) this.unexpected();
      while (isDigit(t.charCodeAt(this.pos))) this.pos++;
    }
    const e = t.charCodeAt(this.pos);
    if (e === C.LOWER_E || e === C.UPPER_E) {
      integer = false;
      this.pos++;
      const sign = t.charCodeAt(this.pos);
      if (sign === C.PLUS || sign === C.MINUS) this.pos++;
      if (!isDigit(t.charCodeAt(this.pos))) this.unexpected();
      while (isDigit(t.charCodeAt(this.pos))) this.pos++;
    }
    const literal = t.slice(start, this.pos);
    const n = Number(literal);
    if (integer && !Number.isSafeInteger(n)) return BigInt(literal);
    // A double cannot hold it (1e400): refuse rather than answer Infinity (RFC 8259 §9 permits the limit).
    if (!Number.isFinite(n)) this.fail('Number out of range', start);
    return n;
  }
}

/**
 * Pure. Parses JSON text strictly (RFC 8259); integer literals outside Number's safe range become
 * bigint. Throws JsonSyntaxError naming the offending position.
 */
export function parseJson(text: string, opts: { readonly maxDepth?: number } = {}): JsonValue {
  return new Parser(text, opts.maxDepth ?? DEFAULT_MAX_DEPTH).parseDocument();
}

/** The body-parser error protocol src/rest/errors.ts maps to a status (`expose` marks it as one). */
export class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly type: 'entity.parse.failed' | 'entity.too.large' | 'charset.unsupported' | 'encoding.unsupported' | 'request.aborted',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Pure. The media type and charset of a Content-Type header, lower-cased. */
function mediaOf(contentType: string | undefined): { type: string; charset: string | undefined } {
  const [type = '', ...params] = (contentType ?? '').split(';');
  let charset: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq >= 0 && p.slice(0, eq).trim().toLowerCase() === 'charset') charset = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

/** Whether a request carries a body (RFC 9112 §6.3: Transfer-Encoding, or a Content-Length). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/** Reads the whole body as bytes, refusing more than `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): BodyError => new BodyError('entity.too.large', 413, 'request entity too large');
    if (Number(req.headers['content-length']) > limit) {
      req.resume(); // discard it: the answer is known
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (e?: BodyError): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (e === undefined) resolve(Buffer.concat(chunks, size));
      else {
        req.resume();
        reject(e);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) settle(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = (): void => settle();
    const onError = (e: Error): void => settle(new BodyError('request.aborted', 400, `request body could not be read: ${e.message}`));
    const onAborted = (): void => settle(new BodyError('request.aborted', 400, 'request aborted'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

export interface JsonBodyOptions {
  /** Largest body accepted, in bytes (default DEFAULT_LIMIT_BYTES); more is a 413. */
  readonly limitBytes?: number;
  readonly maxDepth?: number;
}

/**
 * Express middleware: a request whose Content-Type is application/json gets its body parsed into
 * `req.body` (an empty body is `{}`, as body-parser has it); other requests pass untouched, so the
 * routes' own Content-Type check answers them (415). I/O: reads the request stream.
 */
export function jsonBody(opts: JsonBodyOptions = {}): RequestHandler {
  const limit = opts.limitBytes ?? DEFAULT_LIMIT_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  return (req, _res, next) => {
    const media = mediaOf(req.headers['content-type']);
    if (media.type !== 'application/json' || !hasBody(req)) {
      next();
      return;
    }
    // RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8.
    if (media.charset !== undefined && media.charset !== 'utf-8' && media.charset !== 'utf8') {
      req.resume();
      next(new BodyError('charset.unsupported', 415, `unsupported charset "${media.charset.toUpperCase()}"`));
      return;
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      req.resume();
      next(new BodyError('encoding.unsupported', 415, `unsupported content encoding "${encoding}"`));
      return;
    }
    readBody(req, limit).then(
      (bytes) => {
        let text: string;
        try {
          text = decoder.decode(bytes); // drops a leading BOM (ignoreBOM: false)
        } catch {
          next(new BodyError('entity.parse.failed', 400, 'the body is not valid UTF-8'));
          return;
        }
        try {
          req.body = text.length === 0 ? {} : parseJson(text, opts.maxDepth === undefined ? {} : { maxDepth: opts.maxDepth });
        } catch (e) {
          next(e instanceof JsonSyntaxError ? new BodyError('entity.parse.failed', 400, e.message) : e);
          return;
        }
        next();
      },
      (e: unknown) => next(e),
    );
  };
}
