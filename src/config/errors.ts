/**
 * The one error type of settings loading. `setting` names the offending setting by its flag name
 * without dashes ("of-port"), or repeats the unknown flag or config key as given, so that the
 * operator sees at once what to fix.
 */
import { assertNever } from '../ofp';

/** Why the settings could not be loaded. Closed set: tests assert the exact code. */
export type SettingsErrorCode =
  | 'UNKNOWN_FLAG' // a `--flag` that is not a setting, --help or --version
  | 'UNEXPECTED_ARGUMENT' // a bare word where a `--flag` was expected
  | 'MISSING_VALUE' // a flag without its value, or an empty value
  | 'UNEXPECTED_VALUE' // `--help=x`, `--version=x`
  | 'DUPLICATE_FLAG' // the same flag given twice on one command line
  | 'BAD_NUMBER' // not a decimal number where one is required
  | 'OUT_OF_RANGE' // a number outside the setting's range
  | 'BAD_VALUE' // a value outside the allowed set (log level) or malformed (host)
  | 'BAD_TYPE' // a config file value of the wrong JSON type
  | 'CONFIG_UNREADABLE' // readFile threw for the config file
  | 'CONFIG_INVALID' // the config file is not JSON, or not a JSON object
  | 'UNKNOWN_CONFIG_KEY' // a config file key that is not a setting
  | 'TLS_INCOMPLETE'; // a TLS certificate without its key, a key without a certificate, a CA without both

/** Where a rejected value came from. */
export type SettingSource =
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'config'; readonly file: string; readonly key: string }
  | { readonly kind: 'default'; readonly key: string } // a built-in default (only a bug in spec.ts can fail here)
  | { readonly kind: 'combination' }; // a rule between settings (TLS), not one value

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(
    readonly code: SettingsErrorCode,
    readonly setting: string,
    readonly source: SettingSource,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${describeSource(source)}: ${detail}`, options);
  }
}

/** Pure. "--of-port", "environment variable ISTHMUS_OF_PORT", "config file x.json, key \"of-port\"". */
export function describeSource(s: SettingSource): string {
  switch (s.kind) {
    case 'flag':
      return s.flag;
    case 'env':
      return `environment variable ${s.name}`;
    case 'config':
      return `config file ${s.file}${s.key === '' ? '' : `, key "${s.key}"`}`;
    case 'default':
      return `built-in default of ${s.key}`;
    case 'combination':
      return 'settings';
    default:
      return assertNever(s);
  }
}
