/**
 * Waiting without fixed sleeps (house style B9): re-evaluate a condition until it holds or a
 * deadline passes, as Faucet's `wait_until_matching_flow` does.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  /** Give up after this long (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Pause between evaluations (default 10 ms). */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout message. */
  readonly what?: string;
}

/**
 * Not pure (waits). Calls `fn` until it returns something other than `undefined` or `false` and
 * resolves with that value; rejects once `timeoutMs` has passed without one. An exception thrown by
 * `fn` (or a rejection) propagates at once: a condition that cannot be evaluated is a failure, not
 * "not yet".
 */
export async function pollUntil<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  opts?: { timeoutMs?: number; intervalMs?: number; what?: string },
): Promise<T> {
  const timeoutMs = opts?.timeoutMs ?? 5000;
  const intervalMs = opts?.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() >= deadline) throw new Error(`pollUntil: timed out after ${timeoutMs} ms waiting for ${opts?.what ?? 'a condition'}`);
    await delay(Math.min(intervalMs, Math.max(1, deadline - Date.now())));
  }
}
