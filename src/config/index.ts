/** Settings: one table (spec.ts) drives command-line, environment and config-file parsing and the docs. */
export { loadSettings } from './settings';
export type { LoadResult, LoadSettingsInput, Settings, TlsSettings } from './settings';
export { SettingsError } from './errors';
export type { SettingsErrorCode, SettingSource } from './errors';
export { LOG_LEVELS, SETTING_KEYS } from './spec';
export type { LogLevel, SettingKey } from './spec';
export { SETTINGS_DOC, renderHelp, renderSettingsRows, renderSettingsTable } from './docs';
export type { SettingDoc } from './docs';
