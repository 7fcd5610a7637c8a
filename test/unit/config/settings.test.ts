import { readFileSync } from 'node:fs';
import { loadSettings, SettingsError, type LoadResult, type Settings, type SettingsErrorCode } from '../../../src/config';

type Env = Record<string, string | undefined>;

/** A readFile over an in-memory set of files; anything else fails the way fs.readFileSync does. */
function files(contents: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = contents[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}

const noFiles = files({});

function run(argv: readonly string[], env: Env = {}, readFile = noFiles): Settings {
  const r = loadSettings({ argv, env, readFile });
  if (r.kind !== 'run') throw new Error(`expected run, got ${r.kind}`);
  return r.settings;
}

function failure(argv: readonly string[], env: Env = {}, readFile = noFiles): SettingsError {
  try {
    loadSettings({ argv, env, readFile });
  } catch (e) {
    if (e instanceof SettingsError) return e;
    throw e;
  }
  throw new Error('expected a SettingsError');
}

const DEFAULTS: Settings = {
  ofHost: '0.0.0.0',
  ofPort: 6653,
  apiHost: '127.0.0.1',
  apiPort: 8181,
  dataDir: './data',
  logLevel: 'info',
  echoIntervalMs: 5000,
  echoTimeoutMs: 10000,
  requestTimeoutMs: 10000,
  handshakeTimeoutMs: 10000,
  writeHighWaterBytes: 1048576,
};

describe('loadSettings: defaults and sources', () => {
  it('returns the documented defaults with no input, no config file and no TLS', () => {
    expect(run([])).toStrictEqual(DEFAULTS);
  });

  it('reads every setting from its flag', () => {
    const s = run([
      '--of-host', '10.0.0.1', '--of-port', '0', '--api-host', '::1', '--api-port', '65535', '--data-dir', '/var/lib/isthmus',
      '--log-level', 'trace', '--echo-interval', '0.25', '--echo-timeout', '1.5', '--request-timeout', '2',
      '--handshake-timeout', '3', '--write-high-water', '4096', '--of-tls-cert', 'c.pem', '--of-tls-key', 'k.pem',
      '--of-tls-ca', 'ca.pem',
    ]);
    expect(s).toStrictEqual({
      ofHost: '10.0.0.1', ofPort: 0, apiHost: '::1', apiPort: 65535, dataDir: '/var/lib/isthmus', logLevel: 'trace',
      echoIntervalMs: 250, echoTimeoutMs: 1500, requestTimeoutMs: 2000, handshakeTimeoutMs: 3000, writeHighWaterBytes: 4096,
      tls: { certFile: 'c.pem', keyFile: 'k.pem', caFile: 'ca.pem' },
    });
  });

  it('reads every setting from its environment variable', () => {
    const s = run([], {
      ISTHMUS_OF_HOST: '10.0.0.2', ISTHMUS_OF_PORT: '1', ISTHMUS_API_HOST: 'localhost', ISTHMUS_API_PORT: '2',
      ISTHMUS_DATA_DIR: 'd', ISTHMUS_LOG_LEVEL: 'warn', ISTHMUS_ECHO_INTERVAL: '0.001', ISTHMUS_ECHO_TIMEOUT: '7',
      ISTHMUS_REQUEST_TIMEOUT: '8', ISTHMUS_HANDSHAKE_TIMEOUT: '9', ISTHMUS_WRITE_HIGH_WATER: '1',
      ISTHMUS_OF_TLS_CERT: '/c', ISTHMUS_OF_TLS_KEY: '/k',
    });
    expect(s).toStrictEqual({
      ofHost: '10.0.0.2', ofPort: 1, apiHost: 'localhost', apiPort: 2, dataDir: 'd', logLevel: 'warn',
      echoIntervalMs: 1, echoTimeoutMs: 7000, requestTimeoutMs: 8000, handshakeTimeoutMs: 9000, writeHighWaterBytes: 1,
      tls: { certFile: '/c', keyFile: '/k' },
    });
  });

  it('reads every config-file key; relative paths are relative to the file, absolute ones kept', () => {
    const config = JSON.stringify({
      'of-host': '10.0.0.3', 'of-port': 6633, 'api-host': '0.0.0.0', 'api-port': 8080, 'data-dir': 'state', 'log-level': 'debug',
      'echo-interval': 2.5, 'echo-timeout': 4, 'request-timeout': 5, 'handshake-timeout': 6, 'write-high-water': 65536,
      'of-tls-cert': 'tls/cert.pem', 'of-tls-key': '/abs/key.pem', 'of-tls-ca': '../ca.pem',
    });
    const s = run(['--config', '/etc/isthmus/config.json'], {}, files({ '/etc/isthmus/config.json': config }));
    expect(s).toStrictEqual({
      ofHost: '10.0.0.3', ofPort: 6633, apiHost: '0.0.0.0', apiPort: 8080, dataDir: '/etc/isthmus/state', logLevel: 'debug',
      configFile: '/etc/isthmus/config.json',
      echoIntervalMs: 2500, echoTimeoutMs: 4000, requestTimeoutMs: 5000, handshakeTimeoutMs: 6000, writeHighWaterBytes: 65536,
      tls: { certFile: '/etc/isthmus/tls/cert.pem', keyFile: '/abs/key.pem', caFile: '/etc/ca.pem' },
    });
  });

  it('keeps a config file given by a relative path relative to the working directory', () => {
    const s = run(['--config=conf/i.json'], {}, files({ 'conf/i.json': '{"data-dir": "db"}' }));
    expect(s.dataDir).toBe('conf/db');
    expect(s.configFile).toBe('conf/i.json');
  });

  it('takes the config file from ISTHMUS_CONFIG, and the flag over it', () => {
    const fs = files({ '/a.json': '{"of-port": 1}', '/b.json': '{"of-port": 2}' });
    expect(run([], { ISTHMUS_CONFIG: '/a.json' }, fs).ofPort).toBe(1);
    expect(run(['--config', '/b.json'], { ISTHMUS_CONFIG: '/a.json' }, fs).ofPort).toBe(2);
  });

  it('accepts an empty config object', () => {
    expect(run(['--config', '/e.json'], {}, files({ '/e.json': ' {} \n' }))).toStrictEqual({ ...DEFAULTS, configFile: '/e.json' });
  });

  it('treats an empty environment variable as unset', () => {
    expect(run([], { ISTHMUS_OF_PORT: '', ISTHMUS_CONFIG: '', ISTHMUS_OF_TLS_CERT: '' })).toStrictEqual(DEFAULTS);
  });

  it('ignores environment variables that are not settings', () => {
    expect(run([], { PATH: '/bin', ISTHMUS: 'x', OF_PORT: 'nope' })).toStrictEqual(DEFAULTS);
  });
});

describe('loadSettings: precedence flag > env > config file > default', () => {
  const config = files({ '/c.json': '{"of-port": 3, "api-port": 3, "log-level": "error"}' });
  const env = { ISTHMUS_CONFIG: '/c.json', ISTHMUS_OF_PORT: '2', ISTHMUS_API_PORT: '2', ISTHMUS_ECHO_TIMEOUT: '2' };

  it('lets the flag win over env and config file', () => {
    expect(run(['--of-port', '1'], env, config).ofPort).toBe(1);
  });

  it('lets env win over the config file', () => {
    expect(run([], env, config).apiPort).toBe(2);
  });

  it('lets the config file win over the default', () => {
    expect(run([], env, config).logLevel).toBe('error');
  });

  it('resolves each setting on its own', () => {
    const s = run(['--of-port=1'], env, config);
    expect([s.ofPort, s.apiPort, s.logLevel, s.echoTimeoutMs, s.requestTimeoutMs]).toEqual([1, 2, 'error', 2000, 10000]);
  });

  it('mixes sources inside the TLS group', () => {
    const s = run(['--of-tls-key', 'k'], { ISTHMUS_OF_TLS_CERT: 'c' }, noFiles);
    expect(s.tls).toStrictEqual({ certFile: 'c', keyFile: 'k' });
  });
});

describe('loadSettings: command-line syntax', () => {
  it('reads --flag=value like --flag value, including values with "=" and leading dashes', () => {
    expect(run(['--of-port=7'])).toStrictEqual(run(['--of-port', '7']));
    expect(run(['--data-dir=a=b']).dataDir).toBe('a=b');
    expect(run(['--data-dir=--odd']).dataDir).toBe('--odd');
  });

  it('returns help for --help and version for --version without reading env or config', () => {
    const readFile = (): string => {
      throw new Error('must not be read');
    };
    const env = { ISTHMUS_CONFIG: '/missing.json', ISTHMUS_OF_PORT: 'bad' };
    expect(loadSettings({ argv: ['--help'], env, readFile })).toStrictEqual<LoadResult>({ kind: 'help' });
    expect(loadSettings({ argv: ['--version'], env, readFile })).toStrictEqual<LoadResult>({ kind: 'version' });
    expect(loadSettings({ argv: ['--of-port', 'bad', '--version'], env, readFile })).toStrictEqual<LoadResult>({ kind: 'version' });
  });

  it('lets --help win over --version', () => {
    expect(loadSettings({ argv: ['--version', '--help'], env: {}, readFile: noFiles })).toStrictEqual<LoadResult>({ kind: 'help' });
  });
});

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
