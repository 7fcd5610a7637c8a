/** of_lldp liveness: per-interface state machines, the reaper, pair state and runtime interval changes. */
import { Liveness, pairStatus, LIVENESS_DEAD_MULTIPLIER, LIVENESS_MIN_HELLOS_UP } from '../../../src/topology/liveness';
import type { LivenessStatus } from '../../../src/topology/model';

const A = '00:00:00:00:00:00:00:01:1';
const B = '00:00:00:00:00:00:00:02:1';
// Kytos-ng defaults: hello every 3 s, dead after more than 15 s, 2 hellos to go up.
const make = (): Liveness => new Liveness({ intervalMs: 3_000, deadMultiplier: LIVENESS_DEAD_MULTIPLIER, minHellosUp: LIVENESS_MIN_HELLOS_UP });

describe('Liveness', () => {
  it('has the Kytos-ng defaults', () => {
    expect([LIVENESS_DEAD_MULTIPLIER, LIVENESS_MIN_HELLOS_UP]).toEqual([5, 2]);
    expect(make().deadIntervalMs()).toBe(15_000);
  });

  it('starts in init and goes up on the second consecutive hello', () => {
    const l = make();
    expect(l.enable([A])).toEqual([A]);
    expect(l.status(A)).toEqual({ status: 'init', lastHelloAt: undefined });
    expect(l.hello(A, 1_000)).toEqual([]);
    expect(l.status(A)).toEqual({ status: 'init', lastHelloAt: 1_000 });
    expect(l.hello(A, 4_000)).toEqual([{ interfaceId: A, from: 'init', to: 'up' }]);
    expect(l.hello(A, 7_000)).toEqual([]);
    expect(l.status(A)).toEqual({ status: 'up', lastHelloAt: 7_000 });
  });

  it('goes up on the first hello when one is enough', () => {
    const l = new Liveness({ intervalMs: 3_000, deadMultiplier: 5, minHellosUp: 1 });
    l.enable([A]);
    expect(l.hello(A, 0)).toEqual([{ interfaceId: A, from: 'init', to: 'up' }]);
  });

  it('reaps after more than the dead interval, and needs two hellos again to come back', () => {
    const l = make();
    l.enable([A]);
    l.hello(A, 0);
    l.hello(A, 3_000);
    expect(l.reap(18_000)).toEqual([]); // exactly 15 s: not yet
    expect(l.reap(18_001)).toEqual([{ interfaceId: A, from: 'up', to: 'down' }]);
    expect(l.reap(30_000)).toEqual([]); // already down
    expect(l.status(A)).toEqual({ status: 'down', lastHelloAt: 3_000 });
    expect(l.hello(A, 31_000)).toEqual([]);
    expect(l.hello(A, 34_000)).toEqual([{ interfaceId: A, from: 'down', to: 'up' }]);
  });

  it('takes an interface that heard one hello from init to down, and leaves one that heard none in init', () => {
    const l = make();
    l.enable([A, B]);
    l.hello(A, 0);
    expect(l.reap(1_000_000)).toEqual([{ interfaceId: A, from: 'init', to: 'down' }]);
    expect(l.status(B)).toEqual({ status: 'init', lastHelloAt: undefined });
  });

  it('counts hellos separated by more than the dead interval as a new start, even without a reap', () => {
    const l = make();
    l.enable([A]);
    l.hello(A, 0);
    expect(l.hello(A, 15_001)).toEqual([]);
    expect(l.status(A)).toEqual({ status: 'init', lastHelloAt: 15_001 });
    expect(l.hello(A, 18_000)).toEqual([{ interfaceId: A, from: 'init', to: 'up' }]);
  });

  it('follows a polling time changed at runtime', () => {
    const l = make();
    l.enable([A]);
    l.hello(A, 0);
    l.hello(A, 1_000);
    l.setInterval(1_000);
    expect(l.deadIntervalMs()).toBe(5_000);
    expect(l.reap(6_000)).toEqual([]);
    expect(l.reap(6_001)).toEqual([{ interfaceId: A, from: 'up', to: 'down' }]);
    expect(() => l.setInterval(0)).toThrow(RangeError);
  });

  it('ignores hellos where liveness is off; enable and disable report what changed', () => {
    const l = make();
    expect(l.hello(A, 0)).toEqual([]);
    expect(l.status(A)).toBeUndefined();
    expect(l.isEnabled(A)).toBe(false);
    expect(l.enable([A, B])).toEqual([A, B]);
    l.hello(A, 0);
    l.hello(A, 3_000);
    expect(l.enable([A])).toEqual([]); // already on: state kept
    expect(l.status(A)).toEqual({ status: 'up', lastHelloAt: 3_000 });
    expect(l.disable([A, '00:00:00:00:00:00:00:09:9'])).toEqual([A]);
    expect(l.status(A)).toBeUndefined();
    expect(l.enable([A])).toEqual([A]);
    expect(l.status(A)).toEqual({ status: 'init', lastHelloAt: undefined });
  });

  it('gives a pair state only when both ends have liveness on', () => {
    const l = make();
    l.enable([A]);
    expect(l.pair(A, B)).toBeUndefined();
    l.enable([B]);
    expect(l.pair(A, B)).toBe('init');
    l.hello(A, 0);
    l.hello(A, 3_000);
    expect(l.pair(A, B)).toBe('init');
    l.hello(B, 0);
    l.hello(B, 3_000);
    expect(l.pair(A, B)).toBe('up');
    l.hello(A, 10_000);
    expect(l.reap(18_001)).toEqual([{ interfaceId: B, from: 'up', to: 'down' }]);
    expect(l.pair(A, B)).toBe('down');
  });

  it('lists and reaps in (dpid, port) order', () => {
    const l = make();
    const ids = ['00:00:00:00:00:00:00:02:1', '00:00:00:00:00:00:00:01:10', '00:00:00:00:00:00:00:01:9'];
    l.enable(ids);
    for (const id of ids) l.hello(id, 0);
    expect(l.reap(20_000).map((t) => t.interfaceId)).toEqual(['00:00:00:00:00:00:00:01:9', '00:00:00:00:00:00:00:01:10', '00:00:00:00:00:00:00:02:1']);
    expect(l.list()).toEqual([
      { id: '00:00:00:00:00:00:00:01:9', status: 'down', lastHelloAt: 0 },
      { id: '00:00:00:00:00:00:00:01:10', status: 'down', lastHelloAt: 0 },
      { id: '00:00:00:00:00:00:00:02:1', status: 'down', lastHelloAt: 0 },
    ]);
  });

  it('refuses options that make no sense', () => {
    expect(() => new Liveness({ intervalMs: 0, deadMultiplier: 5, minHellosUp: 2 })).toThrow(RangeError);
    expect(() => new Liveness({ intervalMs: 3_000, deadMultiplier: Number.NaN, minHellosUp: 2 })).toThrow(RangeError);
    expect(() => new Liveness({ intervalMs: 3_000, deadMultiplier: 5, minHellosUp: 0 })).toThrow(RangeError);
    expect(() => new Liveness({ intervalMs: 3_000, deadMultiplier: 5, minHellosUp: 1.5 })).toThrow(RangeError);
  });
});

describe('pairStatus', () => {
  it.each<[LivenessStatus, LivenessStatus, LivenessStatus]>([
    ['init', 'init', 'init'],
    ['init', 'up', 'init'],
    ['init', 'down', 'init'],
    ['up', 'init', 'init'],
    ['down', 'init', 'init'],
    ['up', 'up', 'up'],
    ['up', 'down', 'down'],
    ['down', 'up', 'down'],
    ['down', 'down', 'down'],
  ])('%s + %s = %s', (a, b, expected) => {
    expect(pairStatus(a, b)).toBe(expected);
  });
});
