/** Test helpers for loadSettings: an in-memory readFile and one-call wrappers for success and failure. */
import { loadSettings, SettingsError, type Settings } from '../../../src/config';

export type Env = Record<string, string | undefined>;

/** Pure. A readFile over an in-memory set of files; anything else fails the way fs.readFileSync does. */
export function files(contents: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = contents[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}

export const noFiles = files({});

/** Pure apart from readFile. The settings of a run, or throws when loadSettings answers help or version. */
export function run(argv: readonly string[], env: Env = {}, readFile = noFiles): Settings {
  const r = loadSettings({ argv, env, readFile });
  if (r.kind !== 'run') throw new Error(`expected run, got ${r.kind}`);
  return r.settings;
}

/** Pure apart from readFile. The SettingsError loadSettings throws; anything else (or success) fails the test. */
export function failure(argv: readonly string[], env: Env = {}, readFile = noFiles): SettingsError {
  try {
    loadSettings({ argv, env, readFile });
  } catch (e) {
    if (e instanceof SettingsError) return e;
    throw e;
  }
  throw new Error('expected a SettingsError');
}
