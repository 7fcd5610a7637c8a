import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings, renderHelp, renderSettingsRows, renderSettingsTable, SETTINGS_DOC } from '../../../src/config';

const README = join(__dirname, '..', '..', '..', 'README.md');

/** The lines of README.md's "## Settings" section, up to the next heading of level 2. */
function readmeSettingsSection(): string[] {
  const lines = readFileSync(README, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === '## Settings');
  if (start === -1) throw new Error('README.md has no "## Settings" section');
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith('## '));
  return end === -1 ? rest : rest.slice(0, end);
}

describe('SETTINGS_DOC', () => {
  it('lists every setting of the contract, in order, with its flag, variable, config key and default', () => {
    expect(SETTINGS_DOC.map((d) => [d.flag, d.env, d.configKey, d.default])).toEqual([
      ['--of-host', 'ISTHMUS_OF_HOST', 'of-host', '0.0.0.0'],
      ['--of-port', 'ISTHMUS_OF_PORT', 'of-port', '6653'],
      ['--api-host', 'ISTHMUS_API_HOST', 'api-host', '127.0.0.1'],
      ['--api-port', 'ISTHMUS_API_PORT', 'api-port', '8181'],
      ['--data-dir', 'ISTHMUS_DATA_DIR', 'data-dir', './data'],
      ['--log-level', 'ISTHMUS_LOG_LEVEL', 'log-level', 'info'],
      ['--config', 'ISTHMUS_CONFIG', undefined, undefined],
      ['--echo-interval', 'ISTHMUS_ECHO_INTERVAL', 'echo-interval', '5'],
      ['--echo-timeout', 'ISTHMUS_ECHO_TIMEOUT', 'echo-timeout', '10'],
      ['--request-timeout', 'ISTHMUS_REQUEST_TIMEOUT', 'request-timeout', '10'],
      ['--handshake-timeout', 'ISTHMUS_HANDSHAKE_TIMEOUT', 'handshake-timeout', '10'],
      ['--write-high-water', 'ISTHMUS_WRITE_HIGH_WATER', 'write-high-water', '1048576'],
      ['--of-tls-cert', 'ISTHMUS_OF_TLS_CERT', 'of-tls-cert', undefined],
      ['--of-tls-key', 'ISTHMUS_OF_TLS_KEY', 'of-tls-key', undefined],
      ['--of-tls-ca', 'ISTHMUS_OF_TLS_CA', 'of-tls-ca', undefined],
      ['--enable-entities-by-default', 'ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT', 'enable-entities-by-default', 'true'],
      ['--lldp-interval', 'ISTHMUS_LLDP_INTERVAL', 'lldp-interval', '3'],
      ['--lldp-vlan', 'ISTHMUS_LLDP_VLAN', 'lldp-vlan', '3799'],
      ['--link-up-hold', 'ISTHMUS_LINK_UP_HOLD', 'link-up-hold', '10'],
      ['--liveness-dead-multiplier', 'ISTHMUS_LIVENESS_DEAD_MULTIPLIER', 'liveness-dead-multiplier', '5'],
      ['--liveness-min-hellos', 'ISTHMUS_LIVENESS_MIN_HELLOS', 'liveness-min-hellos', '2'],
      ['--lldp-loop-action', 'ISTHMUS_LLDP_LOOP_ACTION', 'lldp-loop-action', 'log'],
      ['--reconcile-interval', 'ISTHMUS_RECONCILE_INTERVAL', 'reconcile-interval', '30'],
      ['--reconcile-ignore-cookies', 'ISTHMUS_RECONCILE_IGNORE_COOKIES', 'reconcile-ignore-cookies', 'none'],
      ['--flow-mod-rate', 'ISTHMUS_FLOW_MOD_RATE', 'flow-mod-rate', '0'],
      ['--schedule-missed-run', 'ISTHMUS_SCHEDULE_MISSED_RUN', 'schedule-missed-run', 'run-late'],
      ['--schedule-grace', 'ISTHMUS_SCHEDULE_GRACE', 'schedule-grace', '300'],
    ]);
  });

  it('names the value of each setting after its kind', () => {
    expect(SETTINGS_DOC.map((d) => [d.flag, d.valueName])).toEqual([
      ['--of-host', '<host>'],
      ['--of-port', '<port>'],
      ['--api-host', '<host>'],
      ['--api-port', '<port>'],
      ['--data-dir', '<path>'],
      ['--log-level', '<level>'],
      ['--config', '<path>'],
      ['--echo-interval', '<seconds>'],
      ['--echo-timeout', '<seconds>'],
      ['--request-timeout', '<seconds>'],
      ['--handshake-timeout', '<seconds>'],
      ['--write-high-water', '<bytes>'],
      ['--of-tls-cert', '<path>'],
      ['--of-tls-key', '<path>'],
      ['--of-tls-ca', '<path>'],
      ['--enable-entities-by-default', '<bool>'],
      ['--lldp-interval', '<seconds>'],
      ['--lldp-vlan', '<vid>'],
      ['--link-up-hold', '<seconds>'],
      ['--liveness-dead-multiplier', '<n>'],
      ['--liveness-min-hellos', '<n>'],
      ['--lldp-loop-action', '<action>'],
      ['--reconcile-interval', '<seconds>'],
      ['--reconcile-ignore-cookies', '<ranges>'],
      ['--flow-mod-rate', '<per-second>'],
      ['--schedule-missed-run', '<policy>'],
      ['--schedule-grace', '<seconds>'],
    ]);
  });

  it('keeps "|" out of the meanings, so each stays one Markdown cell', () => {
    expect(SETTINGS_DOC.filter((d) => d.meaning.includes('|')).map((d) => d.flag)).toEqual([]);
  });

  it('documents flags that the parser accepts, with the documented default taking effect', () => {
    // Passing each documented default explicitly must give the same settings as passing nothing.
    const argv = SETTINGS_DOC.flatMap((d) => (d.default === undefined ? [] : [d.flag, d.default]));
    expect(loadSettings({ argv, env: {}, readFile: () => '' })).toStrictEqual(loadSettings({ argv: [], env: {}, readFile: () => '' }));
  });
});

describe('renderSettingsTable', () => {
  it('renders one row per setting under a five-column header', () => {
    const table = renderSettingsTable().split('\n');
    expect(table.slice(0, 2)).toEqual(['| flag | environment variable | config key | default | meaning |', '| --- | --- | --- | --- | --- |']);
    expect(table).toHaveLength(2 + SETTINGS_DOC.length);
    expect(table[3]).toBe('| `--of-port <port>` | `ISTHMUS_OF_PORT` | `of-port` | `6653` | OpenFlow listen port (TCP); 0 picks any free port |');
    expect(table[8]).toBe(
      '| `--config <path>` | `ISTHMUS_CONFIG` | — | none | JSON config file; its keys are the flag names without the dashes, e.g. {"of-port": 6653}; unknown keys are an error |',
    );
    expect(table[17]).toBe(
      '| `--enable-entities-by-default <bool>` | `ISTHMUS_ENABLE_ENTITIES_BY_DEFAULT` | `enable-entities-by-default` | `true` | newly discovered switches, interfaces and links start enabled; false gives Kytos-ng behaviour (enable them through the API) |',
    );
    expect(table[19]).toBe(
      '| `--lldp-vlan <vid>` | `ISTHMUS_LLDP_VLAN` | `lldp-vlan` | `3799` | VLAN id LLDP frames are tagged with (taken out of every interface tag pool), or none for untagged LLDP |',
    );
    expect(table[24]).toBe(
      '| `--reconcile-interval <seconds>` | `ISTHMUS_RECONCILE_INTERVAL` | `reconcile-interval` | `30` | seconds between flow consistency checks of every switch (each switch is also checked when it connects) |',
    );
    expect(table[25]).toBe(
      '| `--reconcile-ignore-cookies <ranges>` | `ISTHMUS_RECONCILE_IGNORE_COOKIES` | `reconcile-ignore-cookies` | `none` | cookie ranges the consistency check never deletes, e.g. 0xab00000000000000-0xab000000000000ff,0xaa00000000000001; none for no range |',
    );
    expect(table[26]).toBe(
      '| `--flow-mod-rate <per-second>` | `ISTHMUS_FLOW_MOD_RATE` | `flow-mod-rate` | `0` | FLOW_MODs per second sent to one switch, for hardware that needs pacing; 0 sends as fast as the switch reads |',
    );
  });
});

describe('README.md', () => {
  it('carries every setting row of the generated table in its "## Settings" section', () => {
    const section = readmeSettingsSection().map((l) => l.trim());
    const missing = renderSettingsRows().filter((row) => !section.includes(row));
    expect(missing).toEqual([]);
  });
});

describe('renderHelp', () => {
  it('names every flag, variable and default, plus --help and --version', () => {
    const help = renderHelp();
    for (const d of SETTINGS_DOC) {
      expect(help).toContain(`  ${d.flag} ${d.valueName}  (${d.env}, ${d.default === undefined ? 'no default' : `default ${d.default}`})`);
      expect(help).toContain(`      ${d.meaning}\n`);
    }
    expect(help).toMatch(/^ {2}--help$/m);
    expect(help).toMatch(/^ {2}--version$/m);
    expect(help.endsWith('\n')).toBe(true);
  });
});
