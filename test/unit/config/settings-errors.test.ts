import { readFileSync } from 'node:fs';
import type { SettingsErrorCode } from '../../../src/config';
import { failure, files, type Env } from './support';

type ErrorCase = [name: string, argv: string[], env: Env, fs: Record<string, string>, code: SettingsErrorCode, setting: string, message: string];

const errorCases: ErrorCase[] = [
  ['unknown flag', ['--of-prot', '1'], {}, {}, 'UNKNOWN_FLAG', 'of-prot', '--of-prot: unknown flag (see --help)'],
  ['unknown flag next to --help', ['--help', '--nope'], {}, {}, 'UNKNOWN_FLAG', 'nope', '--nope: unknown flag (see --help)'],
  ['single-dash flag', ['-h'], {}, {}, 'UNKNOWN_FLAG', '-h', '-h: unknown flag (flags start with "--"; see --help)'],
  ['bare word', ['run'], {}, {}, 'UNEXPECTED_ARGUMENT', 'run', 'run: unexpected argument; every setting is a --flag (see --help)'],
  ['lone --', ['--'], {}, {}, 'UNEXPECTED_ARGUMENT', '--', '--: unexpected argument; every setting is a --flag (see --help)'],
  ['--help with a value', ['--help=yes'], {}, {}, 'UNEXPECTED_VALUE', 'help', '--help: takes no value'],
  ['--version with a value', ['--version=1'], {}, {}, 'UNEXPECTED_VALUE', 'version', '--version: takes no value'],
  ['flag at the end without value', ['--of-port'], {}, {}, 'MISSING_VALUE', 'of-port', '--of-port: needs a value'],
  ['flag followed by a flag', ['--data-dir', '--of-port', '1'], {}, {}, 'MISSING_VALUE', 'data-dir', '--data-dir: needs a value'],
  ['empty --flag=', ['--of-host='], {}, {}, 'MISSING_VALUE', 'of-host', '--of-host: the value is empty'],
  ['empty separate value', ['--of-host', ''], {}, {}, 'MISSING_VALUE', 'of-host', '--of-host: the value is empty'],
  ['flag given twice', ['--of-port', '1', '--of-port=2'], {}, {}, 'DUPLICATE_FLAG', 'of-port', '--of-port: given more than once'],
  ['port not a number', ['--of-port', 'abc'], {}, {}, 'BAD_NUMBER', 'of-port', '--of-port: expected a port number (0..65535), got "abc"'],
  ['port in hex', ['--api-port=0x50'], {}, {}, 'BAD_NUMBER', 'api-port', '--api-port: expected a port number (0..65535), got "0x50"'],
  ['negative port', ['--of-port', '-1'], {}, {}, 'BAD_NUMBER', 'of-port', '--of-port: expected a port number (0..65535), got "-1"'],
  ['port with decimals', ['--of-port', '80.5'], {}, {}, 'BAD_NUMBER', 'of-port', '--of-port: expected a port number (0..65535), got "80.5"'],
  ['port too large', ['--of-port', '65536'], {}, {}, 'OUT_OF_RANGE', 'of-port', '--of-port: a port is an integer in 0..65535, got 65536'],
  ['env port bad', [], { ISTHMUS_API_PORT: ' 80' }, {}, 'BAD_NUMBER', 'api-port',
    'environment variable ISTHMUS_API_PORT: expected a port number (0..65535), got " 80"'],
  ['seconds in exponent form', ['--echo-interval', '1e3'], {}, {}, 'BAD_NUMBER', 'echo-interval',
    '--echo-interval: expected a number of seconds such as 5 or 0.25, got "1e3"'],
  ['seconds with a unit', ['--echo-timeout', '10s'], {}, {}, 'BAD_NUMBER', 'echo-timeout',
    '--echo-timeout: expected a number of seconds such as 5 or 0.25, got "10s"'],
  ['zero seconds', ['--request-timeout', '0'], {}, {}, 'OUT_OF_RANGE', 'request-timeout',
    '--request-timeout: a duration must be more than 0 seconds, got 0'],
  ['under a millisecond', ['--handshake-timeout', '0.0004'], {}, {}, 'OUT_OF_RANGE', 'handshake-timeout',
    '--handshake-timeout: a duration must be at least 0.001 seconds, got 0.0004'],
  ['longer than a timer can wait', ['--echo-timeout', '2147484'], {}, {}, 'OUT_OF_RANGE', 'echo-timeout',
    '--echo-timeout: a duration must be at most 2147483.647 seconds, got 2147484'],
  ['zero bytes', ['--write-high-water', '0'], {}, {}, 'OUT_OF_RANGE', 'write-high-water',
    '--write-high-water: a byte count is a whole number from 1 to 9007199254740991, got 0'],
  ['bytes with a unit', ['--write-high-water', '1MB'], {}, {}, 'BAD_NUMBER', 'write-high-water',
    '--write-high-water: expected a whole number of bytes, got "1MB"'],
  ['unknown log level', ['--log-level', 'verbose'], {}, {}, 'BAD_VALUE', 'log-level',
    '--log-level: expected one of fatal, error, warn, info, debug, trace, got "verbose"'],
  ['log level in capitals', [], { ISTHMUS_LOG_LEVEL: 'INFO' }, {}, 'BAD_VALUE', 'log-level',
    'environment variable ISTHMUS_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, got "INFO"'],
  ['host with a space', ['--api-host', 'local host'], {}, {}, 'BAD_VALUE', 'api-host',
    '--api-host: a host cannot contain spaces or control characters: "local host"'],
  ['host with a control character', ['--of-host', 'a\u0007b'], {}, {}, 'BAD_VALUE', 'of-host',
    '--of-host: a host cannot contain spaces or control characters: "a\\u0007b"'],
  ['invalid env value overridden by a flag', ['--of-port', '1'], { ISTHMUS_OF_PORT: 'x' }, {}, 'BAD_NUMBER', 'of-port',
    'environment variable ISTHMUS_OF_PORT: expected a port number (0..65535), got "x"'],
  ['config file missing', ['--config', '/nope.json'], {}, {}, 'CONFIG_UNREADABLE', 'config',
    "config file /nope.json: cannot be read: ENOENT: no such file or directory, open '/nope.json'"],
  ['config file not JSON', ['--config', '/c.json'], {}, { '/c.json': 'of-port = 1' }, 'CONFIG_INVALID', 'config',
    `config file /c.json: is not valid JSON: ${jsonError('of-port = 1')}`],
  ['config file an array', [], { ISTHMUS_CONFIG: '/c.json' }, { '/c.json': '[]' }, 'CONFIG_INVALID', 'config',
    'config file /c.json: must hold a JSON object such as {"of-port": 6653}'],
  ['config file null', ['--config', '/c.json'], {}, { '/c.json': 'null' }, 'CONFIG_INVALID', 'config',
    'config file /c.json: must hold a JSON object such as {"of-port": 6653}'],
  ['unknown config key', ['--config', '/c.json'], {}, { '/c.json': '{"ofPort": 1}' }, 'UNKNOWN_CONFIG_KEY', 'ofPort',
    'config file /c.json, key "ofPort": unknown key; keys are the flag names without "--" (see --help)'],
  ['config key with dashes', ['--config', '/c.json'], {}, { '/c.json': '{"--of-port": 1}' }, 'UNKNOWN_CONFIG_KEY', '--of-port',
    'config file /c.json, key "--of-port": unknown key; keys are the flag names without "--" (see --help)'],
  ['config key "help"', ['--config', '/c.json'], {}, { '/c.json': '{"help": true}' }, 'UNKNOWN_CONFIG_KEY', 'help',
    'config file /c.json, key "help": unknown key; keys are the flag names without "--" (see --help)'],
  ['config naming a config', ['--config', '/c.json'], {}, { '/c.json': '{"config": "/d.json"}' }, 'UNKNOWN_CONFIG_KEY', 'config',
    'config file /c.json, key "config": a config file cannot name another config file'],
  ['quoted number in config', ['--config', '/c.json'], {}, { '/c.json': '{"of-port": "6653"}' }, 'BAD_TYPE', 'of-port',
    'config file /c.json, key "of-port": expected a JSON number, got a string'],
  ['number where config wants a string', ['--config', '/c.json'], {}, { '/c.json': '{"of-host": 1}' }, 'BAD_TYPE', 'of-host',
    'config file /c.json, key "of-host": expected a JSON string, got a number'],
  ['null in config', ['--config', '/c.json'], {}, { '/c.json': '{"echo-interval": null}' }, 'BAD_TYPE', 'echo-interval',
    'config file /c.json, key "echo-interval": expected a JSON number, got null'],
  ['fractional port in config', ['--config', '/c.json'], {}, { '/c.json': '{"api-port": 80.5}' }, 'OUT_OF_RANGE', 'api-port',
    'config file /c.json, key "api-port": a port is an integer in 0..65535, got 80.5'],
  ['negative seconds in config', ['--config', '/c.json'], {}, { '/c.json': '{"echo-interval": -5}' }, 'OUT_OF_RANGE', 'echo-interval',
    'config file /c.json, key "echo-interval": a duration must be more than 0 seconds, got -5'],
  ['empty string in config', ['--config', '/c.json'], {}, { '/c.json': '{"data-dir": ""}' }, 'MISSING_VALUE', 'data-dir',
    'config file /c.json, key "data-dir": the value is empty'],
  ['invalid config value overridden by a flag', ['--config', '/c.json', '--log-level', 'info'], {}, { '/c.json': '{"log-level": "loud"}' },
    'BAD_VALUE', 'log-level', 'config file /c.json, key "log-level": expected one of fatal, error, warn, info, debug, trace, got "loud"'],
  // The topology settings (issue 4): bool, count, vlan, loop-action and two more durations.
  ['bool as yes', ['--enable-entities-by-default', 'yes'], {}, {}, 'BAD_VALUE', 'enable-entities-by-default',
    '--enable-entities-by-default: expected true or false, got "yes"'],
  ['bool as 1', ['--enable-entities-by-default=1'], {}, {}, 'BAD_VALUE', 'enable-entities-by-default',
    '--enable-entities-by-default: expected true or false, got "1"'],
  ['bool in capitals', [], { ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT: 'True' }, {}, 'BAD_VALUE', 'enable-entities-by-default',
    'environment variable ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT: expected true or false, got "True"'],
  ['quoted bool in config', ['--config', '/c.json'], {}, { '/c.json': '{"enable-entities-by-default": "false"}' }, 'BAD_TYPE',
    'enable-entities-by-default', 'config file /c.json, key "enable-entities-by-default": expected a JSON boolean, got a string'],
  ['number as bool in config', ['--config', '/c.json'], {}, { '/c.json': '{"enable-entities-by-default": 0}' }, 'BAD_TYPE',
    'enable-entities-by-default', 'config file /c.json, key "enable-entities-by-default": expected a JSON boolean, got a number'],
  ['null bool in config', ['--config', '/c.json'], {}, { '/c.json': '{"enable-entities-by-default": null}' }, 'BAD_TYPE',
    'enable-entities-by-default', 'config file /c.json, key "enable-entities-by-default": expected a JSON boolean, got null'],
  ['invalid config bool overridden by a flag', ['--config', '/c.json', '--enable-entities-by-default', 'true'], {},
    { '/c.json': '{"enable-entities-by-default": "yes"}' }, 'BAD_TYPE', 'enable-entities-by-default',
    'config file /c.json, key "enable-entities-by-default": expected a JSON boolean, got a string'],
  ['zero count', ['--liveness-dead-multiplier', '0'], {}, {}, 'OUT_OF_RANGE', 'liveness-dead-multiplier',
    '--liveness-dead-multiplier: expected a whole number from 1 to 1000, got 0'],
  ['count of 1001', [], { ISTHMUS_LIVENESS_MIN_HELLOS: '1001' }, {}, 'OUT_OF_RANGE', 'liveness-min-hellos',
    'environment variable ISTHMUS_LIVENESS_MIN_HELLOS: expected a whole number from 1 to 1000, got 1001'],
  ['count with decimals', ['--liveness-min-hellos', '2.5'], {}, {}, 'BAD_NUMBER', 'liveness-min-hellos',
    '--liveness-min-hellos: expected a whole number, got "2.5"'],
  ['negative count', [], { ISTHMUS_LIVENESS_DEAD_MULTIPLIER: '-5' }, {}, 'BAD_NUMBER', 'liveness-dead-multiplier',
    'environment variable ISTHMUS_LIVENESS_DEAD_MULTIPLIER: expected a whole number, got "-5"'],
  ['zero count in config', ['--config', '/c.json'], {}, { '/c.json': '{"liveness-min-hellos": 0}' }, 'OUT_OF_RANGE',
    'liveness-min-hellos', 'config file /c.json, key "liveness-min-hellos": expected a whole number from 1 to 1000, got 0'],
  ['count of 1001 in config', ['--config', '/c.json'], {}, { '/c.json': '{"liveness-dead-multiplier": 1001}' }, 'OUT_OF_RANGE',
    'liveness-dead-multiplier', 'config file /c.json, key "liveness-dead-multiplier": expected a whole number from 1 to 1000, got 1001'],
  ['fractional count in config', ['--config', '/c.json'], {}, { '/c.json': '{"liveness-dead-multiplier": 2.5}' }, 'OUT_OF_RANGE',
    'liveness-dead-multiplier', 'config file /c.json, key "liveness-dead-multiplier": expected a whole number from 1 to 1000, got 2.5'],
  ['quoted count in config', ['--config', '/c.json'], {}, { '/c.json': '{"liveness-min-hellos": "2"}' }, 'BAD_TYPE',
    'liveness-min-hellos', 'config file /c.json, key "liveness-min-hellos": expected a JSON number, got a string'],
  ['VLAN 0', ['--lldp-vlan', '0'], {}, {}, 'OUT_OF_RANGE', 'lldp-vlan', '--lldp-vlan: a VLAN id is an integer in 1..4094 (or none), got 0'],
  ['VLAN 4095', [], { ISTHMUS_LLDP_VLAN: '4095' }, {}, 'OUT_OF_RANGE', 'lldp-vlan',
    'environment variable ISTHMUS_LLDP_VLAN: a VLAN id is an integer in 1..4094 (or none), got 4095'],
  ['VLAN 0 in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-vlan": 0}' }, 'OUT_OF_RANGE', 'lldp-vlan',
    'config file /c.json, key "lldp-vlan": a VLAN id is an integer in 1..4094 (or none), got 0'],
  ['VLAN 4095 in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-vlan": 4095}' }, 'OUT_OF_RANGE', 'lldp-vlan',
    'config file /c.json, key "lldp-vlan": a VLAN id is an integer in 1..4094 (or none), got 4095'],
  ['fractional VLAN in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-vlan": 100.5}' }, 'OUT_OF_RANGE', 'lldp-vlan',
    'config file /c.json, key "lldp-vlan": a VLAN id is an integer in 1..4094 (or none), got 100.5'],
  ['VLAN "none" in capitals', ['--lldp-vlan', 'None'], {}, {}, 'BAD_NUMBER', 'lldp-vlan',
    '--lldp-vlan: expected a VLAN id (1..4094) or none, got "None"'],
  ['VLAN in hex', [], { ISTHMUS_LLDP_VLAN: '0xed7' }, {}, 'BAD_NUMBER', 'lldp-vlan',
    'environment variable ISTHMUS_LLDP_VLAN: expected a VLAN id (1..4094) or none, got "0xed7"'],
  ['quoted VLAN in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-vlan": "3799"}' }, 'BAD_TYPE', 'lldp-vlan',
    'config file /c.json, key "lldp-vlan": expected a JSON number or "none", got a string'],
  ['VLAN "untagged" in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-vlan": "untagged"}' }, 'BAD_TYPE', 'lldp-vlan',
    'config file /c.json, key "lldp-vlan": expected a JSON number or "none", got a string'],
  ['null VLAN in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-vlan": null}' }, 'BAD_TYPE', 'lldp-vlan',
    'config file /c.json, key "lldp-vlan": expected a JSON number or "none", got null'],
  ['invalid env VLAN overridden by a flag "none"', ['--lldp-vlan', 'none'], { ISTHMUS_LLDP_VLAN: '0' }, {}, 'OUT_OF_RANGE', 'lldp-vlan',
    'environment variable ISTHMUS_LLDP_VLAN: a VLAN id is an integer in 1..4094 (or none), got 0'],
  ['unknown loop action', ['--lldp-loop-action', 'shutdown'], {}, {}, 'BAD_VALUE', 'lldp-loop-action',
    '--lldp-loop-action: expected one of log, disable, got "shutdown"'],
  ['loop action in capitals', [], { ISTHMUS_LLDP_LOOP_ACTION: 'LOG' }, {}, 'BAD_VALUE', 'lldp-loop-action',
    'environment variable ISTHMUS_LLDP_LOOP_ACTION: expected one of log, disable, got "LOG"'],
  ['unknown loop action in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-loop-action": "block"}' }, 'BAD_VALUE',
    'lldp-loop-action', 'config file /c.json, key "lldp-loop-action": expected one of log, disable, got "block"'],
  // Kytos-ng's LLDP_LOOP_ACTIONS is a list; here the setting is one action.
  ['loop actions as a list in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-loop-action": ["log"]}' }, 'BAD_TYPE',
    'lldp-loop-action', 'config file /c.json, key "lldp-loop-action": expected a JSON string, got an array'],
  ['empty loop action in config', ['--config', '/c.json'], {}, { '/c.json': '{"lldp-loop-action": ""}' }, 'MISSING_VALUE',
    'lldp-loop-action', 'config file /c.json, key "lldp-loop-action": the value is empty'],
  ['zero LLDP interval', ['--lldp-interval', '0'], {}, {}, 'OUT_OF_RANGE', 'lldp-interval',
    '--lldp-interval: a duration must be more than 0 seconds, got 0'],
  ['LLDP interval with a unit', [], { ISTHMUS_LLDP_INTERVAL: '3s' }, {}, 'BAD_NUMBER', 'lldp-interval',
    'environment variable ISTHMUS_LLDP_INTERVAL: expected a number of seconds such as 5 or 0.25, got "3s"'],
  ['quoted link-up hold in config', ['--config', '/c.json'], {}, { '/c.json': '{"link-up-hold": "10"}' }, 'BAD_TYPE', 'link-up-hold',
    'config file /c.json, key "link-up-hold": expected a JSON number, got a string'],
  ['zero link-up hold', ['--link-up-hold', '0'], {}, {}, 'OUT_OF_RANGE', 'link-up-hold',
    '--link-up-hold: a duration must be more than 0 seconds, got 0'],
  ['TLS cert without key', ['--of-tls-cert', 'c.pem'], {}, {}, 'TLS_INCOMPLETE', 'of-tls-key',
    'settings: --of-tls-cert is set but --of-tls-key is not; TLS needs both'],
  ['TLS key without cert', [], { ISTHMUS_OF_TLS_KEY: 'k.pem' }, {}, 'TLS_INCOMPLETE', 'of-tls-cert',
    'settings: --of-tls-key is set but --of-tls-cert is not; TLS needs both'],
  ['TLS CA alone', ['--of-tls-ca', 'ca.pem'], {}, {}, 'TLS_INCOMPLETE', 'of-tls-ca',
    'settings: --of-tls-ca needs --of-tls-cert and --of-tls-key (it is for mutual TLS)'],
];

/** The message V8 gives for this text, so the test does not pin one Node version's wording. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('valid JSON');
}

describe('loadSettings: errors', () => {
  it.each(errorCases)('%s', (_name, argv, env, fs, code, setting, message) => {
    const e = failure(argv, env, files(fs));
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SettingsError');
    expect({ code: e.code, setting: e.setting, message: e.message }).toStrictEqual({ code, setting, message });
  });

  it('names the source of a bad value', () => {
    expect(failure(['--of-port', 'x']).source).toStrictEqual({ kind: 'flag', flag: '--of-port' });
    expect(failure([], { ISTHMUS_OF_PORT: 'x' }).source).toStrictEqual({ kind: 'env', name: 'ISTHMUS_OF_PORT' });
    expect(failure(['--config', '/c.json'], {}, files({ '/c.json': '{"of-port": "x"}' })).source).toStrictEqual({
      kind: 'config', file: '/c.json', key: 'of-port',
    });
    expect(failure(['--lldp-vlan', '0']).source).toStrictEqual({ kind: 'flag', flag: '--lldp-vlan' });
    expect(failure([], { ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT: 'no' }).source).toStrictEqual({
      kind: 'env', name: 'ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT',
    });
    expect(failure(['--config', '/c.json'], {}, files({ '/c.json': '{"lldp-loop-action": 1}' })).source).toStrictEqual({
      kind: 'config', file: '/c.json', key: 'lldp-loop-action',
    });
  });

  it('reports a real fs error by its message', () => {
    const e = failure(['--config', '/nonexistent-isthmus/c.json'], {}, (f) => readFileSync(f, 'utf8'));
    expect(e.message).toMatch(/^config file \/nonexistent-isthmus\/c\.json: cannot be read: ENOENT: no such file or directory/);
  });

  it('keeps the cause of an unreadable config file', () => {
    const cause = new Error('EACCES');
    const e = failure(['--config', '/c.json'], {}, () => {
      throw cause;
    });
    expect(e.cause).toBe(cause);
  });
});
