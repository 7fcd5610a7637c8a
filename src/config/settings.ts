/**
 * Settings loading: command line > environment variable > config file > default, for each setting
 * on its own. Every value that is supplied is validated, including ones a higher source overrides,
 * so a broken config file or environment is reported the day it breaks, not the day the override
 * goes away. Pure apart from the injected readFile.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { SettingsError, type SettingSource } from './errors';
import { parseArgv } from './argv';
import { SETTING_KEYS, SETTING_SPECS, SETTINGS, isSettingKey, type LogLevel, type LoopAction, type MissedRunPolicy, type SettingKey } from './spec';
import { PARSERS, type KindValue, type RawValue } from './values';

/** Paths of the OpenFlow listener's TLS material. Present only when certificate and key both are. */
export interface TlsSettings {
  readonly certFile: string;
  readonly keyFile: string;
  /** When present, switches must present a certificate signed by this CA (mutual TLS). */
  readonly caFile?: string;
}

export interface Settings {
  readonly ofHost: string;
  /** 0 means "any free port" (tests). */
  readonly ofPort: number;
  readonly apiHost: string;
  readonly apiPort: number;
  /** Directory of isthmus.db; the caller creates it. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** The config file that was read, if any. */
  readonly configFile?: string;
  readonly echoIntervalMs: number;
  readonly echoTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly handshakeTimeoutMs: number;
  readonly writeHighWaterBytes: number;
  readonly enableEntitiesByDefault: boolean;
  readonly lldpIntervalMs: number;
  /** Undefined: LLDP frames go untagged. */
  readonly lldpVlan: number | undefined;
  readonly linkUpHoldMs: number;
  readonly livenessDeadMultiplier: number;
  readonly livenessMinHellos: number;
  readonly lldpLoopAction: LoopAction;
  readonly reconcileIntervalMs: number;
  readonly reconcileIgnoreCookies: readonly (readonly [bigint, bigint])[];
  /** 0: no pacing. */
  readonly flowModRate: number;
  readonly scheduleMissedRun: MissedRunPolicy;
  readonly scheduleGraceMs: number;
  /** Absent: the OpenFlow listener is plain TCP. */
  readonly tls?: TlsSettings;
}

/** What the process should do. `help` and `version` are answered without reading env or config. */
export type LoadResult =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly settings: Settings };

export interface LoadSettingsInput {
  /** The arguments after the script: `process.argv.slice(2)`. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads the config file as UTF-8 text; may throw. */
  readonly readFile: (path: string) => string;
}

type ValueOf<K extends SettingKey> = KindValue[(typeof SETTINGS)[K]['kind']];

/** Pure apart from `input.readFile`. Resolves every setting or throws SettingsError. */
export function loadSettings(input: LoadSettingsInput): LoadResult {
  const args = parseArgv(input.argv);
  if (args.kind !== 'values') return args;

  const envValue = (key: SettingKey): string | undefined => {
    const v = input.env[SETTING_SPECS[key].env];
    // An empty variable counts as unset, so `ISTHMUS_CONFIG=` can switch a setting off in a shell or compose file.
    return v === '' ? undefined : v;
  };

  // Candidates per setting, highest precedence first. The config file's own location comes from flag or env only.
  const candidates = new Map<SettingKey, { raw: RawValue; source: SettingSource; baseDir?: string }[]>();
  const add = (key: SettingKey, raw: RawValue, source: SettingSource, baseDir?: string): void => {
    const list = candidates.get(key) ?? [];
    list.push(baseDir === undefined ? { raw, source } : { raw, source, baseDir });
    candidates.set(key, list);
  };
  for (const key of SETTING_KEYS) {
    const flagValue = args.values.get(key);
    if (flagValue !== undefined) add(key, { kind: 'text', text: flagValue }, { kind: 'flag', flag: `--${key}` });
    const e = envValue(key);
    if (e !== undefined) add(key, { kind: 'text', text: e }, { kind: 'env', name: SETTING_SPECS[key].env });
  }

  const resolve = <K extends SettingKey>(key: K): ValueOf<K> | undefined => {
    let winner: ValueOf<K> | undefined;
    for (const c of candidates.get(key) ?? []) {
      const fail = (code: SettingsError['code'], detail: string): never => {
        throw new SettingsError(code, key, c.source, detail);
      };
      const kind = SETTINGS[key].kind;
      let v = PARSERS[kind](c.raw, fail) as ValueOf<K>;
      // Relative paths in a config file are relative to that file, as in tsconfig or eslint configs.
      if (kind === 'path' && c.baseDir !== undefined && typeof v === 'string' && !isAbsolute(v)) v = join(c.baseDir, v) as ValueOf<K>;
      if (winner === undefined) winner = v;
    }
    if (winner !== undefined) return winner;
    const def = SETTING_SPECS[key].default;
    if (def === undefined) return undefined;
    // A default that fails its own parser is a bug in spec.ts; the unit tests parse every default.
    return PARSERS[SETTINGS[key].kind]({ kind: 'text', text: def }, (code, detail) => {
      throw new SettingsError(code, key, { kind: 'default', key }, detail);
    }) as ValueOf<K>;
  };

  const configFile = resolve('config');
  if (configFile !== undefined) addConfigFile(configFile, input.readFile, add);

  const need = <K extends SettingKey>(key: K): ValueOf<K> => {
    const v = resolve(key);
    if (v === undefined) throw new Error(`setting ${key} has no default`); // spec.ts gives every required setting a default
    return v;
  };
  const settings: Settings = {
    ofHost: need('of-host'),
    ofPort: need('of-port'),
    apiHost: need('api-host'),
    apiPort: need('api-port'),
    dataDir: need('data-dir'),
    logLevel: need('log-level'),
    ...(configFile === undefined ? {} : { configFile }),
    echoIntervalMs: need('echo-interval'),
    echoTimeoutMs: need('echo-timeout'),
    requestTimeoutMs: need('request-timeout'),
    handshakeTimeoutMs: need('handshake-timeout'),
    writeHighWaterBytes: need('write-high-water'),
    enableEntitiesByDefault: need('enable-entities-by-default'),
    lldpIntervalMs: need('lldp-interval'),
    lldpVlan: vlanOrUntagged(need('lldp-vlan')),
    linkUpHoldMs: need('link-up-hold'),
    livenessDeadMultiplier: need('liveness-dead-multiplier'),
    livenessMinHellos: need('liveness-min-hellos'),
    lldpLoopAction: need('lldp-loop-action'),
    reconcileIntervalMs: need('reconcile-interval'),
    reconcileIgnoreCookies: need('reconcile-ignore-cookies'),
    flowModRate: need('flow-mod-rate'),
    scheduleMissedRun: need('schedule-missed-run'),
    scheduleGraceMs: need('schedule-grace'),
  };
  const tls = resolveTls(resolve('of-tls-cert'), resolve('of-tls-key'), resolve('of-tls-ca'));
  return { kind: 'run', settings: tls === undefined ? settings : { ...settings, tls } };
}

function vlanOrUntagged(v: number | 'none'): number | undefined {
  return v === 'none' ? undefined : v;
}

/** Reads and checks the config file, adding its values as the lowest supplied candidates. */
function addConfigFile(
  file: string,
  readFile: (path: string) => string,
  add: (key: SettingKey, raw: RawValue, source: SettingSource, baseDir?: string) => void,
): void {
  const whole: SettingSource = { kind: 'config', file, key: '' };
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    throw new SettingsError('CONFIG_UNREADABLE', 'config', whole, `cannot be read: ${messageOf(e)}`, { cause: e });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SettingsError('CONFIG_INVALID', 'config', whole, `is not valid JSON: ${messageOf(e)}`, { cause: e });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new SettingsError('CONFIG_INVALID', 'config', whole, 'must hold a JSON object such as {"of-port": 6653}');
  }
  const baseDir = dirname(file);
  for (const [key, value] of Object.entries(doc)) {
    const source: SettingSource = { kind: 'config', file, key };
    if (!isSettingKey(key)) throw new SettingsError('UNKNOWN_CONFIG_KEY', key, source, 'unknown key; keys are the flag names without "--" (see --help)');
    if (!SETTING_SPECS[key].inConfigFile) throw new SettingsError('UNKNOWN_CONFIG_KEY', key, source, 'a config file cannot name another config file');
    add(key, { kind: 'json', value }, source, baseDir);
  }
}

/** Pure. TLS needs certificate and key together; a CA only makes sense on a TLS listener. */
function resolveTls(certFile: string | undefined, keyFile: string | undefined, caFile: string | undefined): TlsSettings | undefined {
  const combination = { kind: 'combination' } as const;
  if (certFile !== undefined && keyFile === undefined) {
    throw new SettingsError('TLS_INCOMPLETE', 'of-tls-key', combination, '--of-tls-cert is set but --of-tls-key is not; TLS needs both');
  }
  if (keyFile !== undefined && certFile === undefined) {
    throw new SettingsError('TLS_INCOMPLETE', 'of-tls-cert', combination, '--of-tls-key is set but --of-tls-cert is not; TLS needs both');
  }
  if (certFile === undefined || keyFile === undefined) {
    if (caFile !== undefined) {
      throw new SettingsError('TLS_INCOMPLETE', 'of-tls-ca', combination, '--of-tls-ca needs --of-tls-cert and --of-tls-key (it is for mutual TLS)');
    }
    return undefined;
  }
  return caFile === undefined ? { certFile, keyFile } : { certFile, keyFile, caFile };
}

/** Pure. A thrown value's message; duck-typed because fs errors may come from another realm (jest). */
function messageOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string') return e.message;
  return String(e);
}
