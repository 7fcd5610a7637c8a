/** SQLite storage: opening and migrating the database, and one repository per aggregate. */
export { openDatabase, migrateDatabase, schemaVersion, MIGRATIONS_DIR, DEFAULT_BUSY_TIMEOUT_MS } from './db';
export type { OpenDatabaseOptions, MigrationResult } from './db';
export { readMigrations, orderMigrationFiles } from './migrations';
export type { Migration } from './migrations';
export { StoreError } from './errors';
export type { StoreErrorCode } from './errors';
export { SwitchRepo } from './switch-repo';
export type { SwitchRepoOptions } from './switch-repo';
export { TopologyRepo } from './topology-repo';
export type { TopologyRepoOptions } from './topology-repo';
export { SecretRepo } from './secret-repo';
export { FlowRepo } from './flow-repo';
export type { FlowRepoOptions } from './flow-repo';
export { PipelineRepo } from './pipeline-repo';
export type { PipelineRepoOptions } from './pipeline-repo';
export { EvcRepo } from './evc-repo';
export type { EvcListFilter, EvcRecord, EvcRepoOptions } from './evc-repo';
export type { CorruptRow, KnownPort, KnownSwitch } from './types';
