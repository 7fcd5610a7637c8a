/**
 * Settings documentation generated from the settings table: `--help` text and the README's
 * Markdown table (a unit test checks that README.md carries every row).
 */
import { SETTING_KEYS, SETTING_SPECS, type SettingKey, type ValueKind } from './spec';

export interface SettingDoc {
  readonly key: SettingKey;
  /** e.g. `--of-port` */
  readonly flag: string;
  /** Placeholder for the value in usage text, e.g. `<port>`. */
  readonly valueName: string;
  readonly env: string;
  /** Key in the JSON config file; undefined for `config`, which the file cannot set. */
  readonly configKey: string | undefined;
  /** Default as operator text (seconds for durations); undefined when unset by default. */
  readonly default: string | undefined;
  readonly meaning: string;
}

const VALUE_NAMES: { readonly [K in ValueKind]: string } = {
  host: '<host>',
  port: '<port>',
  path: '<path>',
  'log-level': '<level>',
  seconds: '<seconds>',
  bytes: '<bytes>',
  bool: '<bool>',
  count: '<n>',
  vlan: '<vid>',
  'loop-action': '<action>',
  rate: '<per-second>',
  'cookie-ranges': '<ranges>',
  'missed-run': '<policy>',
};

/** Every setting in table order: flag, environment variable, config key, default, meaning. */
export const SETTINGS_DOC: readonly SettingDoc[] = SETTING_KEYS.map((key) => {
  const s = SETTING_SPECS[key];
  return {
    key,
    flag: `--${key}`,
    valueName: VALUE_NAMES[s.kind],
    env: s.env,
    configKey: s.inConfigFile ? key : undefined,
    default: s.default,
    meaning: s.meaning,
  };
});

const PRECEDENCE = 'Each setting is taken from the command line, else its environment variable, else the config file, else its default.';

/** Pure. One Markdown table row per setting, as README.md's settings table holds them. */
export function renderSettingsRows(): readonly string[] {
  const code = (s: string): string => `\`${s}\``;
  return SETTINGS_DOC.map((d) =>
    [
      '',
      code(`${d.flag} ${d.valueName}`),
      code(d.env),
      d.configKey === undefined ? '—' : code(d.configKey),
      d.default === undefined ? 'none' : code(d.default),
      d.meaning,
      '',
    ].join(' | ').trim(),
  );
}

/** Pure. The whole Markdown settings table for README.md. */
export function renderSettingsTable(): string {
  return [
    '| flag | environment variable | config key | default | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...renderSettingsRows(),
  ].join('\n');
}

/** Pure. The `isthmus --help` text (ends with a newline). */
export function renderHelp(): string {
  const lines = ['Usage: isthmus [--flag value | --flag=value]...', '', 'Runs the Isthmus OpenFlow 1.3 controller.', PRECEDENCE, ''];
  for (const d of SETTINGS_DOC) {
    const where = [d.env, d.default === undefined ? 'no default' : `default ${d.default}`];
    lines.push(`  ${d.flag} ${d.valueName}  (${where.join(', ')})`, `      ${d.meaning}`);
  }
  lines.push(
    '  --help',
    '      print this help and exit',
    '  --version',
    '      print the version and exit',
    '',
    'Config file keys are the flag names without "--"; relative paths in it are relative to the file.',
    'An empty environment variable counts as unset.',
    '',
  );
  return lines.join('\n');
}
