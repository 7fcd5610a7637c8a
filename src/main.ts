/**
 * Composition root and process entry: the only file that reads the environment and argv.
 * For now the controller only starts its logger and waits for a signal; the OpenFlow listener,
 * storage and REST API are wired here as they land.
 */
import pino from 'pino';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

function logLevelFrom(env: NodeJS.ProcessEnv): LogLevel {
  const v = env.ISTHMUS_LOG_LEVEL ?? 'info';
  return (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : 'info';
}

function main(): void {
  const log = pino({ name: 'isthmus', level: logLevelFrom(process.env) });
  log.info({ version: process.env.npm_package_version }, 'isthmus started');
  // Hold the event loop open until a signal arrives; `npm start` runs in the foreground.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'isthmus stopping');
    clearInterval(keepAlive);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
