/**
 * The one table of settings. It drives the command-line parser, the environment and config-file
 * lookups, the value parsers, `--help` and the README table, so none of them can drift apart.
 * Defaults are written as the text an operator would type and go through the same parser as any
 * other value: the documented default is by construction the default in effect.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How a setting's value is read, and so what type it becomes (see KindValue in values.ts). */
export type ValueKind =
  | 'host' | 'port' | 'path' | 'log-level' | 'seconds' | 'bytes' | 'bool' | 'count' | 'vlan' | 'loop-action' | 'rate' | 'cookie-ranges'
  | 'missed-run';

export const LOOP_ACTIONS = ['log', 'disable'] as const;
export type LoopAction = (typeof LOOP_ACTIONS)[number];

/** What the circuit scheduler does with a run that fell due while the controller was down. */
export const MISSED_RUN_POLICIES = ['run-late', 'skip'] as const;
export type MissedRunPolicy = (typeof MISSED_RUN_POLICIES)[number];

export interface SettingSpec {
  readonly kind: ValueKind;
  /** Environment variable name. */
  readonly env: string;
  /** False only for `config` itself: a config file cannot name another one. */
  readonly inConfigFile: boolean;
  /** The default as operator text (seconds for durations); absent means "unset". */
  readonly default?: string;
  /** One line for `--help` and the README; no `|` (it would split the Markdown cell). */
  readonly meaning: string;
}

export const SETTINGS = {
  'of-host': {
    kind: 'host', env: 'ISTHMUS_OF_HOST', inConfigFile: true, default: '0.0.0.0',
    meaning: 'OpenFlow listen address',
  },
  'of-port': {
    kind: 'port', env: 'ISTHMUS_OF_PORT', inConfigFile: true, default: '6653',
    meaning: 'OpenFlow listen port (TCP); 0 picks any free port',
  },
  'api-host': {
    kind: 'host', env: 'ISTHMUS_API_HOST', inConfigFile: true, default: '127.0.0.1',
    meaning: 'REST API and web UI listen address',
  },
  'api-port': {
    kind: 'port', env: 'ISTHMUS_API_PORT', inConfigFile: true, default: '8181',
    meaning: 'REST API and web UI listen port; 0 picks any free port',
  },
  'data-dir': {
    kind: 'path', env: 'ISTHMUS_DATA_DIR', inConfigFile: true, default: './data',
    meaning: 'directory of the SQLite database isthmus.db',
  },
  'log-level': {
    kind: 'log-level', env: 'ISTHMUS_LOG_LEVEL', inConfigFile: true, default: 'info',
    meaning: `log level: ${LOG_LEVELS.join(', ')}`,
  },
  config: {
    kind: 'path', env: 'ISTHMUS_CONFIG', inConfigFile: false,
    meaning: 'JSON config file; its keys are the flag names without the dashes, e.g. {"of-port": 6653}; unknown keys are an error',
  },
  'echo-interval': {
    kind: 'seconds', env: 'ISTHMUS_ECHO_INTERVAL', inConfigFile: true, default: '5',
    meaning: 'seconds (decimals allowed) a switch connection may stay idle before the controller sends ECHO_REQUEST',
  },
  'echo-timeout': {
    kind: 'seconds', env: 'ISTHMUS_ECHO_TIMEOUT', inConfigFile: true, default: '10',
    meaning: 'seconds without an ECHO_REPLY after which the switch is declared gone',
  },
  'request-timeout': {
    kind: 'seconds', env: 'ISTHMUS_REQUEST_TIMEOUT', inConfigFile: true, default: '10',
    meaning: 'seconds to wait for the reply to a request (matched by xid)',
  },
  'handshake-timeout': {
    kind: 'seconds', env: 'ISTHMUS_HANDSHAKE_TIMEOUT', inConfigFile: true, default: '10',
    meaning: 'seconds a new switch connection has to complete the HELLO and FEATURES handshake',
  },
  'write-high-water': {
    kind: 'bytes', env: 'ISTHMUS_WRITE_HIGH_WATER', inConfigFile: true, default: '1048576',
    meaning: "bytes queued for one switch above which senders wait for the socket's drain",
  },
  'of-tls-cert': {
    kind: 'path', env: 'ISTHMUS_OF_TLS_CERT', inConfigFile: true,
    meaning: 'PEM certificate; with --of-tls-key the OpenFlow listener speaks TLS',
  },
  'of-tls-key': {
    kind: 'path', env: 'ISTHMUS_OF_TLS_KEY', inConfigFile: true,
    meaning: 'PEM private key of --of-tls-cert',
  },
  'of-tls-ca': {
    kind: 'path', env: 'ISTHMUS_OF_TLS_CA', inConfigFile: true,
    meaning: 'PEM CA certificates; switches must then present a certificate signed by one of them (mutual TLS)',
  },
  'enable-entities-by-default': {
    kind: 'bool', env: 'ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT', inConfigFile: true, default: 'true',
    meaning: 'newly discovered switches, interfaces and links start enabled; false gives Kytos-ng behaviour (enable them through the API)',
  },
  'lldp-interval': {
    kind: 'seconds', env: 'ISTHMUS_LLDP_INTERVAL', inConfigFile: true, default: '3',
    meaning: 'seconds between LLDP rounds on every enabled port (also the liveness hello interval)',
  },
  'lldp-vlan': {
    kind: 'vlan', env: 'ISTHMUS_LLDP_VLAN', inConfigFile: true, default: '3799',
    meaning: 'VLAN id LLDP frames are tagged with (taken out of every interface tag pool), or none for untagged LLDP',
  },
  'link-up-hold': {
    kind: 'seconds', env: 'ISTHMUS_LINK_UP_HOLD', inConfigFile: true, default: '10',
    meaning: 'seconds a link that went down and came back stays DOWN before it is reported UP',
  },
  'liveness-dead-multiplier': {
    kind: 'count', env: 'ISTHMUS_LIVENESS_DEAD_MULTIPLIER', inConfigFile: true, default: '5',
    meaning: 'LLDP intervals without a hello after which liveness declares a link down (on interfaces with liveness on)',
  },
  'liveness-min-hellos': {
    kind: 'count', env: 'ISTHMUS_LIVENESS_MIN_HELLOS', inConfigFile: true, default: '2',
    meaning: 'consecutive hellos liveness needs before it declares a link up',
  },
  'lldp-loop-action': {
    kind: 'loop-action', env: 'ISTHMUS_LLDP_LOOP_ACTION', inConfigFile: true, default: 'log',
    meaning: 'what to do when LLDP finds a loop on one switch: log, or disable (both interfaces)',
  },
  'reconcile-interval': {
    kind: 'seconds', env: 'ISTHMUS_RECONCILE_INTERVAL', inConfigFile: true, default: '30',
    meaning: 'seconds between flow consistency checks of every switch (each switch is also checked when it connects)',
  },
  'reconcile-ignore-cookies': {
    kind: 'cookie-ranges', env: 'ISTHMUS_RECONCILE_IGNORE_COOKIES', inConfigFile: true, default: 'none',
    meaning: 'cookie ranges the consistency check never deletes, e.g. 0xab00000000000000-0xab000000000000ff,0xaa00000000000001; none for no range',
  },
  'flow-mod-rate': {
    kind: 'rate', env: 'ISTHMUS_FLOW_MOD_RATE', inConfigFile: true, default: '0',
    meaning: 'FLOW_MODs per second sent to one switch, for hardware that needs pacing; 0 sends as fast as the switch reads',
  },
  'schedule-missed-run': {
    kind: 'missed-run', env: 'ISTHMUS_SCHEDULE_MISSED_RUN', inConfigFile: true, default: 'run-late',
    meaning: 'a circuit schedule run that fell due while the controller was down: run-late (within the grace period) or skip (logged)',
  },
  'schedule-grace': {
    kind: 'seconds', env: 'ISTHMUS_SCHEDULE_GRACE', inConfigFile: true, default: '300',
    meaning: 'how late a missed circuit schedule run may still run with schedule-missed-run run-late',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

/** The table widened to its declared shape, for code that walks every setting. */
export const SETTING_SPECS: Readonly<Record<SettingKey, SettingSpec>> = SETTINGS;

/** Settings in table order. */
export const SETTING_KEYS = Object.keys(SETTINGS) as readonly SettingKey[];

/** Pure. Narrows a flag name or config key (without dashes) to a setting key. */
export function isSettingKey(name: string): name is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, name);
}
