/**
 * The controller of `bench:eline`, in a process of its own so that its memory is its own and the
 * bench's HTTP clients and the lab's forwarder do not share its event loop. The real composition
 * root (buildController) with default settings, a silent logger unless --verbose, SQLite in the
 * given data dir. Spawned by bench/eline.ts with an IPC channel:
 *
 *   child → parent  { type: 'ready', api: <REST port> }  once the OpenFlow and REST listeners are up
 *   parent → child  { type: 'usage', gc }                → { type: 'usage', gc, memory, cpu } (memory after a full gc when asked
 *                                                         and node runs with --expose-gc; cpu: process.cpuUsage())
 *   parent → child  { type: 'stop' }                     → stops the controller and exits
 *
 *   node --expose-gc .bench/build/bench/eline-controller.js --of-port=N --data-dir=DIR [--verbose]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { buildController } from '../src/app';
import { loadSettings } from '../src/config';
import { systemClock } from '../src/core/clock';
import { MIGRATIONS_DIR, openDatabase } from '../src/store';
import { findRoot } from './common';

export type ToController = { readonly type: 'usage'; readonly gc: boolean } | { readonly type: 'stop' };
export type FromController =
  | { readonly type: 'ready'; readonly api: number }
  | { readonly type: 'usage'; readonly gc: boolean; readonly memory: NodeJS.MemoryUsage; readonly cpu: NodeJS.CpuUsage };

function send(msg: FromController): void {
  process.send?.(msg);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const ofPort = Number(opt('of-port'));
  const dataDir = opt('data-dir');
  if (!Number.isInteger(ofPort) || dataDir === undefined) throw new Error('usage: eline-controller --of-port=N --data-dir=DIR [--verbose]');
  const loaded = loadSettings({ argv: [], env: {}, readFile: () => '{}' });
  if (loaded.kind !== 'run') throw new Error('unexpected settings result');
  const settings = { ...loaded.settings, ofHost: '127.0.0.1', ofPort, apiHost: '127.0.0.1', apiPort: 0, dataDir };
  const log = pino({ level: args.includes('--verbose') ? 'info' : 'silent' }, pino.destination(2));
  // MIGRATIONS_DIR is relative to the compiled module, which lives under .bench/build here.
  const migrationsDir = existsSync(MIGRATIONS_DIR) ? MIGRATIONS_DIR : join(findRoot(), 'migrations');
  const db = openDatabase(join(dataDir, 'isthmus.db'), { migrationsDir });
  const controller = buildController({ settings, log, clock: systemClock, db });
  const { api } = await controller.start();

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await controller.stop();
    db.close();
    process.exit(0);
  };
  process.on('message', (msg: ToController) => {
    switch (msg.type) {
      case 'usage': {
        const gc = msg.gc ? (globalThis as { gc?: () => void }).gc : undefined;
        gc?.();
        send({ type: 'usage', gc: gc !== undefined, memory: process.memoryUsage(), cpu: process.cpuUsage() });
        break;
      }
      case 'stop':
        void stop();
        break;
      default:
        break;
    }
  });
  // The bench went away: do not outlive it.
  process.on('disconnect', () => void stop());
  send({ type: 'ready', api: api.port });
}

main().catch((e: unknown) => {
  console.error('bench:eline controller failed:', e);
  process.exit(1);
});
