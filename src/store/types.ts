/**
 * Types the store persists. The switch types are the topology domain's own (house style B7: the
 * store imports domain types), re-exported so store users need one import.
 */
export type { KnownPort, KnownSwitch } from '../topology/types';

/** A row that could not be mapped to its domain type; it is skipped and reported, never fatal. */
export interface CorruptRow {
  readonly table: string;
  /** The row's primary key as stored. */
  readonly key: string;
  /** What is wrong, naming the column. */
  readonly reason: string;
}
