/**
 * What the circuit schedule tests share (virtual time over the eline harness): instants written
 * as ISO strings, moving the clock timer by timer, and the state a test looks at.
 */
import type { ControllerEventType } from '../../src/core/events';
import { circuitRows, type ElineHarness } from './eline-harness';

/** Epoch ms of an ISO instant; throws on a typo. */
export function ms(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`);
  return t;
}

/** Moves the virtual clock to `iso`, letting what each timer starts finish before the next one fires. */
export async function advanceTo(h: ElineHarness, iso: string): Promise<void> {
  const end = ms(iso);
  if (end < h.clock.now()) throw new Error(`${iso} is in the past`);
  await h.settle();
  for (;;) {
    const due = h.clock.nextDue();
    if (due === undefined || due > end) break;
    h.clock.advance(due - h.clock.now());
    await h.settle();
  }
  h.clock.advance(end - h.clock.now());
  await h.settle();
}

/** What a test looks at: deployed, enabled, active, and how many desired flows carry the circuit's cookie. */
export function state(h: ElineHarness, id: string): { deployed: boolean; enabled: boolean; active: boolean; flows: number } {
  const r = h.evcs.get(id);
  if (r === undefined) throw new Error(`no circuit ${id}`);
  return { deployed: r.status.deployed === true, enabled: r.config.enabled, active: r.status.active, flows: circuitRows(h, id).length };
}

/** An EVPL over one ring link, deployed and enabled, and the same circuit without flows, disabled. */
export const UP = { deployed: true, enabled: true, active: true, flows: 4 };
export const DOWN = { deployed: false, enabled: false, active: false, flows: 0 };

/** How many events of `type` were about circuit `id`. */
export function eventsFor(h: ElineHarness, type: ControllerEventType, id: string): number {
  return h.eventsOf(type).filter((e) => 'evc' in e && (e.evc as { id?: string }).id === id).length;
}

/** When each waiting schedule entry runs next, `${evcId}/${scheduleId}` → ISO. */
export function pending(h: ElineHarness): Record<string, string> {
  return Object.fromEntries([...h.evcs.pendingSchedules()].map(([k, t]) => [k, new Date(t).toISOString()]));
}
