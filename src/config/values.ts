/**
 * Value parsers, one per ValueKind. Text comes from the command line or the environment; JSON
 * values come from the config file, where a number must be a JSON number and a string a JSON string
 * (a quoted "6653" is a type error, so the file has one spelling per value).
 */
import type { SettingsErrorCode } from './errors';
import { LOG_LEVELS, LOOP_ACTIONS, MISSED_RUN_POLICIES, type LogLevel, type LoopAction, type MissedRunPolicy, type ValueKind } from './spec';

export type RawValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'json'; readonly value: unknown };

/** What each kind of setting becomes. Durations are given in seconds and kept in milliseconds. */
export interface KindValue {
  host: string;
  port: number;
  path: string;
  'log-level': LogLevel;
  seconds: number;
  bytes: number;
  bool: boolean;
  count: number;
  /** A VLAN id, or 'none' (untagged). */
  vlan: number | 'none';
  'loop-action': LoopAction;
  rate: number;
  /** Inclusive [first, last] cookie ranges. */
  'cookie-ranges': readonly (readonly [bigint, bigint])[];
  'missed-run': MissedRunPolicy;
}

/** Reports a rejected value; the caller adds which setting and source. */
export type Fail = (code: SettingsErrorCode, detail: string) => never;

type Parser<K extends ValueKind> = (raw: RawValue, fail: Fail) => KindValue[K];

/**
 * Node's timers take at most 2^31-1 ms; a longer delay is silently replaced by 1 ms
 * (TimeoutOverflowWarning), which would turn "a very long timeout" into an echo storm.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const DIGITS = /^[0-9]+$/;
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

function text(raw: RawValue, fail: Fail): string {
  let s: string;
  if (raw.kind === 'text') s = raw.text;
  else if (typeof raw.value === 'string') s = raw.value;
  else return fail('BAD_TYPE', `expected a JSON string, got ${jsonType(raw.value)}`);
  if (s === '') fail('MISSING_VALUE', 'the value is empty');
  return s;
}

/** A number from text matching `pattern` (so "0x10", "1e3", " 80" and "-1" are refused) or a JSON number. */
function number(raw: RawValue, pattern: RegExp, what: string, fail: Fail): number {
  if (raw.kind === 'json') {
    if (typeof raw.value !== 'number') fail('BAD_TYPE', `expected a JSON number, got ${jsonType(raw.value)}`);
    return raw.value;
  }
  if (raw.text === '') fail('MISSING_VALUE', 'the value is empty');
  if (!pattern.test(raw.text)) fail('BAD_NUMBER', `expected ${what}, got ${JSON.stringify(raw.text)}`);
  return Number(raw.text);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const parseHost: Parser<'host'> = (raw, fail) => {
  const s = text(raw, fail);
  // Hostnames and IPv4/IPv6 literals are all accepted here; the listener reports unresolvable ones.
  if (/\s/.test(s) || hasControlCharacter(s)) fail('BAD_VALUE', `a host cannot contain spaces or control characters: ${JSON.stringify(s)}`);
  return s;
};

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const parsePort: Parser<'port'> = (raw, fail) => {
  const n = number(raw, DIGITS, 'a port number (0..65535)', fail);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail('OUT_OF_RANGE', `a port is an integer in 0..65535, got ${n}`);
  return n;
};

const parsePath: Parser<'path'> = (raw, fail) => {
  const s = text(raw, fail);
  if (s.includes('\u0000')) fail('BAD_VALUE', 'a path cannot contain a NUL character');
  return s;
};

const parseLogLevel: Parser<'log-level'> = (raw, fail) => {
  const s = text(raw, fail);
  const level = LOG_LEVELS.find((l) => l === s);
  if (level === undefined) return fail('BAD_VALUE', `expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(s)}`);
  return level;
};

const parseSeconds: Parser<'seconds'> = (raw, fail) => {
  const s = number(raw, DECIMAL, 'a number of seconds such as 5 or 0.25', fail);
  if (!Number.isFinite(s) || s <= 0) fail('OUT_OF_RANGE', `a duration must be more than 0 seconds, got ${s}`);
  const ms = Math.round(s * 1000);
  if (ms < 1) fail('OUT_OF_RANGE', `a duration must be at least 0.001 seconds, got ${s}`);
  if (ms > MAX_TIMER_MS) fail('OUT_OF_RANGE', `a duration must be at most ${MAX_TIMER_MS / 1000} seconds, got ${s}`);
  return ms;
};

const parseBytes: Parser<'bytes'> = (raw, fail) => {
  const n = number(raw, DIGITS, 'a whole number of bytes', fail);
  if (!Number.isSafeInteger(n) || n < 1) fail('OUT_OF_RANGE', `a byte count is a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got ${n}`);
  return n;
};

const parseBool: Parser<'bool'> = (raw, fail) => {
  if (raw.kind === 'json') {
    if (typeof raw.value !== 'boolean') fail('BAD_TYPE', `expected a JSON boolean, got ${jsonType(raw.value)}`);
    return raw.value as boolean;
  }
  if (raw.text === 'true') return true;
  if (raw.text === 'false') return false;
  return fail('BAD_VALUE', `expected true or false, got ${JSON.stringify(raw.text)}`);
};

const parseCount: Parser<'count'> = (raw, fail) => {
  const n = number(raw, DIGITS, 'a whole number', fail);
  if (!Number.isInteger(n) || n < 1 || n > 1000) fail('OUT_OF_RANGE', `expected a whole number from 1 to 1000, got ${n}`);
  return n;
};

const parseVlan: Parser<'vlan'> = (raw, fail) => {
  if ((raw.kind === 'text' && raw.text === 'none') || (raw.kind === 'json' && raw.value === 'none')) return 'none';
  // number() would say "expected a JSON number", wrongly telling the operator that "none" is not allowed.
  if (raw.kind === 'json' && typeof raw.value !== 'number') fail('BAD_TYPE', `expected a JSON number or "none", got ${jsonType(raw.value)}`);
  const n = number(raw, DIGITS, 'a VLAN id (1..4094) or none', fail);
  if (!Number.isInteger(n) || n < 1 || n > 4094) fail('OUT_OF_RANGE', `a VLAN id is an integer in 1..4094 (or none), got ${n}`);
  return n;
};

const parseLoopAction: Parser<'loop-action'> = (raw, fail) => {
  const s = text(raw, fail);
  const action = LOOP_ACTIONS.find((a) => a === s);
  if (action === undefined) return fail('BAD_VALUE', `expected one of ${LOOP_ACTIONS.join(', ')}, got ${JSON.stringify(s)}`);
  return action;
};

const parseMissedRun: Parser<'missed-run'> = (raw, fail) => {
  const s = text(raw, fail);
  const policy = MISSED_RUN_POLICIES.find((p) => p === s);
  if (policy === undefined) return fail('BAD_VALUE', `expected one of ${MISSED_RUN_POLICIES.join(', ')}, got ${JSON.stringify(s)}`);
  return policy;
};

const parseRate: Parser<'rate'> = (raw, fail) => {
  const n = number(raw, DIGITS, 'a whole number (0 for no limit)', fail);
  if (!Number.isSafeInteger(n) || n < 0) fail('OUT_OF_RANGE', `expected a whole number from 0, got ${n}`);
  return n;
};

// No digit-count limit: the 64-bit check below then gives OUT_OF_RANGE for hex and decimal alike,
// and zero-padded cookies (0x00ab…) are accepted.
const COOKIE = /^(0x[0-9a-fA-F]+|[0-9]+)$/;

const parseCookieRanges: Parser<'cookie-ranges'> = (raw, fail) => {
  const s = text(raw, fail).trim();
  if (s === 'none') return [];
  const cookie = (t: string): bigint => {
    if (!COOKIE.test(t)) return fail('BAD_VALUE', `a cookie is a 64-bit number in hex (0x…) or decimal, got ${JSON.stringify(t)}`);
    const v = BigInt(t);
    if (v > 0xffffffffffffffffn) fail('OUT_OF_RANGE', `a cookie is at most 64 bits, got ${t}`);
    return v;
  };
  return s.split(',').map((part) => {
    const [lo, hi, ...rest] = part.trim().split('-');
    // An empty end ("-1", "1-", "1,,2") is reported with the whole entry, not as an empty cookie.
    if (lo === undefined || lo.trim() === '' || hi?.trim() === '' || rest.length > 0) return fail('BAD_VALUE', `expected first-last or a single cookie, got ${JSON.stringify(part)}`);
    const first = cookie(lo.trim());
    const last = hi === undefined ? first : cookie(hi.trim());
    if (last < first) fail('BAD_VALUE', `range ${part.trim()} ends before it starts`);
    return [first, last] as const;
  });
};

/** The parser of every kind. Each is pure and throws only through `fail`. */
export const PARSERS: { readonly [K in ValueKind]: Parser<K> } = {
  host: parseHost,
  port: parsePort,
  path: parsePath,
  'log-level': parseLogLevel,
  seconds: parseSeconds,
  bytes: parseBytes,
  bool: parseBool,
  count: parseCount,
  vlan: parseVlan,
  'loop-action': parseLoopAction,
  rate: parseRate,
  'cookie-ranges': parseCookieRanges,
  'missed-run': parseMissedRun,
};
