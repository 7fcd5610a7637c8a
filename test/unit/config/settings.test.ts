import { loadSettings, type LoadResult, type Settings } from '../../../src/config';
import { files, noFiles, run } from './support';

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
  enableEntitiesByDefault: true,
  lldpIntervalMs: 3000,
  lldpVlan: 3799,
  linkUpHoldMs: 10000,
  livenessDeadMultiplier: 5,
  livenessMinHellos: 2,
  lldpLoopAction: 'log',
  reconcileIntervalMs: 30000,
  reconcileIgnoreCookies: [],
  flowModRate: 0,
  scheduleMissedRun: 'run-late',
  scheduleGraceMs: 300_000,
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
      '--of-tls-ca', 'ca.pem', '--enable-entities-by-default', 'false', '--lldp-interval', '0.5', '--lldp-vlan', '1',
      '--link-up-hold', '2', '--liveness-dead-multiplier', '1000', '--liveness-min-hellos', '1', '--lldp-loop-action', 'disable',
      '--reconcile-interval', '0.5', '--reconcile-ignore-cookies', '0xab00000000000000-0xab000000000000ff,0xaa00000000000001',
      '--flow-mod-rate', '1000', '--schedule-missed-run', 'skip', '--schedule-grace', '30',
    ]);
    expect(s).toStrictEqual({
      ofHost: '10.0.0.1', ofPort: 0, apiHost: '::1', apiPort: 65535, dataDir: '/var/lib/isthmus', logLevel: 'trace',
      echoIntervalMs: 250, echoTimeoutMs: 1500, requestTimeoutMs: 2000, handshakeTimeoutMs: 3000, writeHighWaterBytes: 4096,
      enableEntitiesByDefault: false, lldpIntervalMs: 500, lldpVlan: 1, linkUpHoldMs: 2000, livenessDeadMultiplier: 1000,
      livenessMinHellos: 1, lldpLoopAction: 'disable',
      reconcileIntervalMs: 500,
      reconcileIgnoreCookies: [[0xab00000000000000n, 0xab000000000000ffn], [0xaa00000000000001n, 0xaa00000000000001n]],
      flowModRate: 1000, scheduleMissedRun: 'skip', scheduleGraceMs: 30000,
      tls: { certFile: 'c.pem', keyFile: 'k.pem', caFile: 'ca.pem' },
    });
  });

  it('reads every setting from its environment variable', () => {
    const s = run([], {
      ISTHMUS_OF_HOST: '10.0.0.2', ISTHMUS_OF_PORT: '1', ISTHMUS_API_HOST: 'localhost', ISTHMUS_API_PORT: '2',
      ISTHMUS_DATA_DIR: 'd', ISTHMUS_LOG_LEVEL: 'warn', ISTHMUS_ECHO_INTERVAL: '0.001', ISTHMUS_ECHO_TIMEOUT: '7',
      ISTHMUS_REQUEST_TIMEOUT: '8', ISTHMUS_HANDSHAKE_TIMEOUT: '9', ISTHMUS_WRITE_HIGH_WATER: '1',
      ISTHMUS_OF_TLS_CERT: '/c', ISTHMUS_OF_TLS_KEY: '/k', ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT: 'false', ISTHMUS_LLDP_INTERVAL: '1',
      ISTHMUS_LLDP_VLAN: 'none', ISTHMUS_LINK_UP_HOLD: '0.25', ISTHMUS_LIVENESS_DEAD_MULTIPLIER: '3', ISTHMUS_LIVENESS_MIN_HELLOS: '7',
      ISTHMUS_LLDP_LOOP_ACTION: 'disable', ISTHMUS_RECONCILE_INTERVAL: '120', ISTHMUS_RECONCILE_IGNORE_COOKIES: '1-2,18446744073709551615',
      ISTHMUS_FLOW_MOD_RATE: '1', ISTHMUS_SCHEDULE_MISSED_RUN: 'skip', ISTHMUS_SCHEDULE_GRACE: '0.5',
    });
    expect(s).toStrictEqual({
      ofHost: '10.0.0.2', ofPort: 1, apiHost: 'localhost', apiPort: 2, dataDir: 'd', logLevel: 'warn',
      echoIntervalMs: 1, echoTimeoutMs: 7000, requestTimeoutMs: 8000, handshakeTimeoutMs: 9000, writeHighWaterBytes: 1,
      enableEntitiesByDefault: false, lldpIntervalMs: 1000, lldpVlan: undefined, linkUpHoldMs: 250, livenessDeadMultiplier: 3,
      livenessMinHellos: 7, lldpLoopAction: 'disable',
      reconcileIntervalMs: 120000, reconcileIgnoreCookies: [[1n, 2n], [18446744073709551615n, 18446744073709551615n]], flowModRate: 1,
      scheduleMissedRun: 'skip', scheduleGraceMs: 500,
      tls: { certFile: '/c', keyFile: '/k' },
    });
  });

  it('reads every config-file key; relative paths are relative to the file, absolute ones kept', () => {
    const config = JSON.stringify({
      'of-host': '10.0.0.3', 'of-port': 6633, 'api-host': '0.0.0.0', 'api-port': 8080, 'data-dir': 'state', 'log-level': 'debug',
      'echo-interval': 2.5, 'echo-timeout': 4, 'request-timeout': 5, 'handshake-timeout': 6, 'write-high-water': 65536,
      'of-tls-cert': 'tls/cert.pem', 'of-tls-key': '/abs/key.pem', 'of-tls-ca': '../ca.pem',
      'enable-entities-by-default': false, 'lldp-interval': 1.5, 'lldp-vlan': 4094, 'link-up-hold': 30,
      'liveness-dead-multiplier': 10, 'liveness-min-hellos': 4, 'lldp-loop-action': 'disable',
      'reconcile-interval': 0.25, 'reconcile-ignore-cookies': '0x0-0xffffffffffffffff', 'flow-mod-rate': 50,
      'schedule-missed-run': 'skip', 'schedule-grace': 3600,
    });
    const s = run(['--config', '/etc/isthmus/config.json'], {}, files({ '/etc/isthmus/config.json': config }));
    expect(s).toStrictEqual({
      ofHost: '10.0.0.3', ofPort: 6633, apiHost: '0.0.0.0', apiPort: 8080, dataDir: '/etc/isthmus/state', logLevel: 'debug',
      configFile: '/etc/isthmus/config.json',
      echoIntervalMs: 2500, echoTimeoutMs: 4000, requestTimeoutMs: 5000, handshakeTimeoutMs: 6000, writeHighWaterBytes: 65536,
      enableEntitiesByDefault: false, lldpIntervalMs: 1500, lldpVlan: 4094, linkUpHoldMs: 30000, livenessDeadMultiplier: 10,
      livenessMinHellos: 4, lldpLoopAction: 'disable',
      reconcileIntervalMs: 250, reconcileIgnoreCookies: [[0n, 18446744073709551615n]], flowModRate: 50,
      scheduleMissedRun: 'skip', scheduleGraceMs: 3600000,
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

  it('reads "none" for the LLDP VLAN from flag, env and config file (a JSON string) as untagged', () => {
    expect(run(['--lldp-vlan', 'none'])).toStrictEqual({ ...DEFAULTS, lldpVlan: undefined });
    expect(run(['--lldp-vlan=none'])).toStrictEqual({ ...DEFAULTS, lldpVlan: undefined });
    expect(run([], { ISTHMUS_LLDP_VLAN: 'none' })).toStrictEqual({ ...DEFAULTS, lldpVlan: undefined });
    const fs = files({ '/v.json': '{"lldp-vlan": "none"}' });
    expect(run(['--config', '/v.json'], {}, fs)).toStrictEqual({ ...DEFAULTS, configFile: '/v.json', lldpVlan: undefined });
  });

  it('accepts the ends of the VLAN and count ranges, and true as well as false', () => {
    const s = run(['--lldp-vlan', '4094', '--liveness-dead-multiplier', '1', '--liveness-min-hellos', '1000', '--enable-entities-by-default', 'true']);
    expect([s.lldpVlan, s.livenessDeadMultiplier, s.livenessMinHellos, s.enableEntitiesByDefault]).toEqual([4094, 1, 1000, true]);
    const fs = files({ '/r.json': '{"lldp-vlan": 1, "liveness-dead-multiplier": 1000, "liveness-min-hellos": 1, "enable-entities-by-default": true}' });
    const c = run(['--config', '/r.json'], {}, fs);
    expect([c.lldpVlan, c.livenessDeadMultiplier, c.livenessMinHellos, c.enableEntitiesByDefault]).toEqual([1, 1000, 1, true]);
    expect(run([], { ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT: 'true', ISTHMUS_LLDP_LOOP_ACTION: 'log' })).toStrictEqual(DEFAULTS);
  });

  it('reads "none" for the ignored cookie ranges from flag, env and config file (a JSON string) as no range', () => {
    expect(run(['--reconcile-ignore-cookies', 'none'])).toStrictEqual(DEFAULTS);
    expect(run(['--reconcile-ignore-cookies=none'])).toStrictEqual(DEFAULTS);
    expect(run([], { ISTHMUS_RECONCILE_IGNORE_COOKIES: 'none' })).toStrictEqual(DEFAULTS);
    const fs = files({ '/n.json': '{"reconcile-ignore-cookies": "none"}' });
    expect(run(['--config', '/n.json'], {}, fs)).toStrictEqual({ ...DEFAULTS, configFile: '/n.json' });
  });

  it('reads cookies in hex (either letter case) and decimal, single cookies as one-cookie ranges, in the order given', () => {
    expect(run(['--reconcile-ignore-cookies', '0x10-0x1F,255,7-7,0xAb']).reconcileIgnoreCookies).toStrictEqual([
      [16n, 31n], [255n, 255n], [7n, 7n], [171n, 171n],
    ]);
    // Overlapping and repeated ranges are kept as given, not merged.
    expect(run([], { ISTHMUS_RECONCILE_IGNORE_COOKIES: '1-5,3-4,1-5' }).reconcileIgnoreCookies).toStrictEqual([[1n, 5n], [3n, 4n], [1n, 5n]]);
    // One range may mix hex and decimal ends.
    expect(run(['--reconcile-ignore-cookies', '10-0xb']).reconcileIgnoreCookies).toStrictEqual([[10n, 11n]]);
  });

  it('accepts zero-padded cookies and spaces around entries, range ends and "none"', () => {
    expect(run(['--reconcile-ignore-cookies', '0x00000000000000000ab,000000000000000000000042']).reconcileIgnoreCookies).toStrictEqual([
      [171n, 171n], [42n, 42n],
    ]);
    expect(run(['--reconcile-ignore-cookies', ' 1 - 2 , 3 ']).reconcileIgnoreCookies).toStrictEqual([[1n, 2n], [3n, 3n]]);
    expect(run([], { ISTHMUS_RECONCILE_IGNORE_COOKIES: ' none ' })).toStrictEqual(DEFAULTS);
  });

  it('accepts the ends of the 64-bit cookie range from flag, env and config file', () => {
    expect(run(['--reconcile-ignore-cookies', '0,0xffffffffffffffff']).reconcileIgnoreCookies).toStrictEqual([
      [0n, 0n], [18446744073709551615n, 18446744073709551615n],
    ]);
    expect(run([], { ISTHMUS_RECONCILE_IGNORE_COOKIES: '0x0-18446744073709551615' }).reconcileIgnoreCookies).toStrictEqual([
      [0n, 18446744073709551615n],
    ]);
    const fs = files({ '/k.json': '{"reconcile-ignore-cookies": "18446744073709551615,0-0"}' });
    expect(run(['--config', '/k.json'], {}, fs).reconcileIgnoreCookies).toStrictEqual([
      [18446744073709551615n, 18446744073709551615n], [0n, 0n],
    ]);
  });

  it('accepts the ends of the flow-mod rate and reconcile interval ranges', () => {
    const s = run(['--flow-mod-rate', '9007199254740991', '--reconcile-interval', '0.001']);
    expect([s.flowModRate, s.reconcileIntervalMs]).toEqual([9007199254740991, 1]);
    const e = run([], { ISTHMUS_FLOW_MOD_RATE: '0', ISTHMUS_RECONCILE_INTERVAL: '2147483.647' });
    expect([e.flowModRate, e.reconcileIntervalMs]).toEqual([0, 2147483647]);
    const fs = files({ '/m.json': '{"flow-mod-rate": 0, "reconcile-interval": 2147483.647}' });
    const c = run(['--config', '/m.json'], {}, fs);
    expect([c.flowModRate, c.reconcileIntervalMs]).toEqual([0, 2147483647]);
    const big = files({ '/b.json': '{"flow-mod-rate": 9007199254740991, "reconcile-interval": 0.001}' });
    const b = run(['--config', '/b.json'], {}, big);
    expect([b.flowModRate, b.reconcileIntervalMs]).toEqual([9007199254740991, 1]);
  });

  it('treats an empty environment variable as unset', () => {
    expect(run([], { ISTHMUS_OF_PORT: '', ISTHMUS_CONFIG: '', ISTHMUS_OF_TLS_CERT: '' })).toStrictEqual(DEFAULTS);
    expect(run([], { ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT: '', ISTHMUS_LLDP_VLAN: '', ISTHMUS_LIVENESS_MIN_HELLOS: '' })).toStrictEqual(DEFAULTS);
    expect(run([], { ISTHMUS_RECONCILE_INTERVAL: '', ISTHMUS_RECONCILE_IGNORE_COOKIES: '', ISTHMUS_FLOW_MOD_RATE: '' })).toStrictEqual(DEFAULTS);
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

  it('resolves the topology settings on their own, false and "none" included', () => {
    const fs = files({
      '/t.json': JSON.stringify({
        'enable-entities-by-default': true, 'lldp-vlan': 300, 'liveness-min-hellos': 3, 'lldp-loop-action': 'disable',
        'liveness-dead-multiplier': 9, 'link-up-hold': 20,
      }),
    });
    const env = {
      ISTHMUS_CONFIG: '/t.json', ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT: 'false', ISTHMUS_LLDP_VLAN: '200', ISTHMUS_LIVENESS_MIN_HELLOS: '4',
      ISTHMUS_LINK_UP_HOLD: '15',
    };
    expect(run(['--lldp-vlan', 'none', '--liveness-min-hellos', '5'], env, fs)).toStrictEqual({
      ...DEFAULTS, configFile: '/t.json',
      enableEntitiesByDefault: false, // env over config file
      lldpVlan: undefined, // flag "none" over env 200 and config file 300
      livenessMinHellos: 5, // flag over env and config file
      linkUpHoldMs: 15000, // env over config file
      lldpLoopAction: 'disable', // config file over default
      livenessDeadMultiplier: 9, // config file over default
    });
    // The other way round: a number over "none", and true over false.
    const untagged = files({ '/u.json': '{"lldp-vlan": "none", "enable-entities-by-default": false}' });
    expect(run([], { ISTHMUS_CONFIG: '/u.json', ISTHMUS_LLDP_VLAN: '10' }, untagged).lldpVlan).toBe(10);
    expect(run(['--lldp-vlan', '11'], { ISTHMUS_CONFIG: '/u.json', ISTHMUS_LLDP_VLAN: 'none' }, untagged).lldpVlan).toBe(11);
    expect(run(['--enable-entities-by-default=true'], { ISTHMUS_CONFIG: '/u.json' }, untagged).enableEntitiesByDefault).toBe(true);
    expect(run([], { ISTHMUS_CONFIG: '/u.json' }, untagged).enableEntitiesByDefault).toBe(false);
  });

  it('resolves the flow settings on their own, "none" and 0 included', () => {
    const fs = files({
      '/f.json': JSON.stringify({ 'reconcile-interval': 60, 'reconcile-ignore-cookies': '0x1-0x2', 'flow-mod-rate': 100 }),
    });
    const env = { ISTHMUS_CONFIG: '/f.json', ISTHMUS_RECONCILE_IGNORE_COOKIES: '3', ISTHMUS_FLOW_MOD_RATE: '50' };
    expect(run(['--flow-mod-rate', '0'], env, fs)).toStrictEqual({
      ...DEFAULTS, configFile: '/f.json',
      reconcileIntervalMs: 60000, // config file over default
      reconcileIgnoreCookies: [[3n, 3n]], // env over config file
      flowModRate: 0, // flag 0 over env 50 and config file 100
    });
    expect(run(['--reconcile-interval', '5', '--reconcile-ignore-cookies', '0x4-0x5'], env, fs)).toStrictEqual({
      ...DEFAULTS, configFile: '/f.json',
      reconcileIntervalMs: 5000, // flag over config file
      reconcileIgnoreCookies: [[4n, 5n]], // flag over env and config file
      flowModRate: 50, // env over config file
    });
    // "none" over a list, and a list over "none"; a rate over 0.
    expect(run(['--reconcile-ignore-cookies', 'none'], env, fs).reconcileIgnoreCookies).toStrictEqual([]);
    expect(run([], { ...env, ISTHMUS_RECONCILE_IGNORE_COOKIES: 'none' }, fs).reconcileIgnoreCookies).toStrictEqual([]);
    const off = files({ '/o.json': '{"reconcile-ignore-cookies": "none", "flow-mod-rate": 0}' });
    expect(run([], { ISTHMUS_CONFIG: '/o.json', ISTHMUS_RECONCILE_IGNORE_COOKIES: '9' }, off).reconcileIgnoreCookies).toStrictEqual([[9n, 9n]]);
    expect(run(['--reconcile-ignore-cookies=8-9'], { ISTHMUS_CONFIG: '/o.json', ISTHMUS_RECONCILE_IGNORE_COOKIES: 'none' }, off).reconcileIgnoreCookies)
      .toStrictEqual([[8n, 9n]]);
    expect(run([], { ISTHMUS_CONFIG: '/o.json', ISTHMUS_FLOW_MOD_RATE: '7' }, off).flowModRate).toBe(7);
    expect(run([], { ISTHMUS_CONFIG: '/o.json' }, off)).toStrictEqual({ ...DEFAULTS, configFile: '/o.json' });
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
