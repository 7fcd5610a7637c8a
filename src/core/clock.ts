/** The real clock, injected wherever time is read (tests inject a virtual one). */
import type { Clock } from '../ofp';

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
