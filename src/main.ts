/**
 * Process entry: the only file that reads the environment, argv and certificate files. It loads the
 * settings, opens the database, builds the controller and runs it in the foreground until SIGTERM
 * or SIGINT, then shuts down cleanly (flows stay on the switches).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadSettings, renderHelp, SettingsError, type Settings } from './config';
import { openDatabase, MIGRATIONS_DIR } from './store';
import { buildController } from './app';
import { systemClock } from './core/clock';
import type { TlsMaterial } from './core/switch-manager';

const VERSION: string = (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

function readTls(settings: Settings): TlsMaterial | undefined {
  const t = settings.tls;
  if (t === undefined) return undefined;
  return {
    cert: readFileSync(t.certFile),
    key: readFileSync(t.keyFile),
    ca: t.caFile === undefined ? undefined : readFileSync(t.caFile),
  };
}

async function main(): Promise<number> {
  let loaded;
  try {
    loaded = loadSettings({ argv: process.argv.slice(2), env: process.env, readFile: (f) => readFileSync(f, 'utf8') });
  } catch (e) {
    if (e instanceof SettingsError) {
      console.error(`isthmus: ${e.message}\n(run with --help for the settings)`);
      return 2;
    }
    throw e;
  }
  if (loaded.kind === 'help') {
    console.log(renderHelp());
    return 0;
  }
  if (loaded.kind === 'version') {
    console.log(VERSION);
    return 0;
  }
  const { settings } = loaded;
  const log = pino({ name: 'isthmus', level: settings.logLevel });
  mkdirSync(settings.dataDir, { recursive: true });
  const dbFile = path.join(settings.dataDir, 'isthmus.db');
  const db = openDatabase(dbFile, { migrationsDir: MIGRATIONS_DIR });
  const controller = buildController({ settings, log, clock: systemClock, db, tls: readTls(settings) });
  const { openflow, api } = await controller.start();
  log.info({ version: VERSION, openflow: `${openflow.address}:${openflow.port}`, api: `${api.address}:${api.port}`, db: dbFile }, 'isthmus running');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'isthmus stopping');
      controller
        .stop()
        .then(() => {
          db.close();
          log.info('isthmus stopped');
          resolve(0);
        })
        .catch((err: unknown) => {
          log.error({ err }, 'error while stopping');
          resolve(1);
        });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; should a stray handle keep the loop alive, do not hang on shutdown.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (err: unknown) => {
    console.error('isthmus: fatal:', err);
    process.exitCode = 1;
  },
);
