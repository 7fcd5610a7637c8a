/** DeadlineTimer: one timer for the next deadline, ticked when due and re-armed for the one after. */
import { DeadlineTimer } from '../../../src/core/deadline-timer';
import { VirtualClock } from '../../integration/flows/virtual-clock';

describe('DeadlineTimer', () => {
  it('ticks at each deadline in turn, keeps one timer, and stops', () => {
    const clock = new VirtualClock(1000);
    const deadlines = [1500, 2500];
    const ticks: number[] = [];
    const target = {
      nextDeadline: () => deadlines[0],
      tick: (now: number) => {
        ticks.push(now);
        while (deadlines[0] !== undefined && deadlines[0] <= now) deadlines.shift();
      },
    };
    const timer = new DeadlineTimer(target, clock);
    timer.rearm();
    timer.rearm();
    expect(clock.pending).toBe(1);
    clock.advance(499);
    expect(ticks).toEqual([]);
    clock.advance(1);
    expect(ticks).toEqual([1500]);
    expect(clock.pending).toBe(1);
    clock.advance(1000);
    expect(ticks).toEqual([1500, 2500]);
    expect(clock.pending).toBe(0);
    deadlines.push(4000);
    timer.rearm();
    timer.stop();
    clock.advance(5000);
    expect(ticks).toEqual([1500, 2500]);
  });
});
