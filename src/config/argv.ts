/**
 * Command-line syntax: `--name value` or `--name=value`, each setting at most once, plus the
 * value-less `--help` and `--version`. Values are only split off here; values.ts validates them.
 */
import { SettingsError } from './errors';
import { isSettingKey, type SettingKey } from './spec';

export type ParsedArgv =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'values'; readonly values: ReadonlyMap<SettingKey, string> };

/**
 * Pure. Splits argv (the arguments after the script, i.e. `process.argv.slice(2)`) into setting
 * values. Syntax errors are reported even next to --help; --help wins over --version.
 */
export function parseArgv(argv: readonly string[]): ParsedArgv {
  const values = new Map<SettingKey, string>();
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (!token.startsWith('--') || token === '--') {
      if (/^-[^-]/.test(token)) {
        throw new SettingsError('UNKNOWN_FLAG', token, { kind: 'flag', flag: token }, 'unknown flag (flags start with "--"; see --help)');
      }
      throw new SettingsError('UNEXPECTED_ARGUMENT', token, { kind: 'flag', flag: token }, 'unexpected argument; every setting is a --flag (see --help)');
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const flag = `--${name}`;
    const source = { kind: 'flag', flag } as const;
    if (name === 'help' || name === 'version') {
      if (eq !== -1) throw new SettingsError('UNEXPECTED_VALUE', name, source, 'takes no value');
      if (name === 'help') help = true;
      else version = true;
      continue;
    }
    if (!isSettingKey(name)) throw new SettingsError('UNKNOWN_FLAG', name, source, 'unknown flag (see --help)');
    if (values.has(name)) throw new SettingsError('DUPLICATE_FLAG', name, source, 'given more than once');
    let value: string;
    if (eq !== -1) {
      value = token.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      // A following "--x" is taken as the next flag, not as this value; `--flag=--x` passes such a value.
      if (next === undefined || next.startsWith('--')) throw new SettingsError('MISSING_VALUE', name, source, 'needs a value');
      value = next;
      i++;
    }
    if (value === '') throw new SettingsError('MISSING_VALUE', name, source, 'the value is empty');
    values.set(name, value);
  }
  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  return { kind: 'values', values };
}
