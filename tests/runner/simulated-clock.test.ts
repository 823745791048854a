import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/runner/clock';
import { SimulatedClock } from '../../src/runner/simulated-clock';

describe('SimulatedClock', () => {
  it('starts at the given time and stands still without timers', () => {
    const clock = new SimulatedClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.pending).toBe(0);
  });

  it('fires timers in time order and sets now() to each timer’s time', async () => {
    const clock = new SimulatedClock();
    const seen: Array<[string, number]> = [];
    clock.setTimer(300, () => seen.push(['c', clock.now()]));
    clock.setTimer(100, () => seen.push(['a', clock.now()]));
    clock.setTimer(200, () => seen.push(['b', clock.now()]));
    await sleep(clock, 1_000);
    expect(seen).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(1_000);
  });

  it('fires timers set for the same time in the order they were set', async () => {
    const clock = new SimulatedClock();
    const seen: number[] = [];
    for (const i of [0, 1, 2, 3, 4]) clock.setTimer(50, () => seen.push(i));
    await sleep(clock, 50);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('does not fire cancelled timers', async () => {
    const clock = new SimulatedClock();
    const seen: string[] = [];
    const cancel = clock.setTimer(10, () => seen.push('cancelled'));
    clock.setTimer(20, () => seen.push('kept'));
    cancel();
    await sleep(clock, 30);
    expect(seen).toEqual(['kept']);
    expect(clock.eventsFired).toBe(2);
  });

  it('lets promise reactions run before time moves on', async () => {
    const clock = new SimulatedClock();
    const seen: string[] = [];
    clock.setTimer(10, () => {
      // A reaction three microtasks deep still sets its timer before the clock reaches 15.
      void Promise.resolve()
        .then(() => undefined)
        .then(() => undefined)
        .then(() => clock.setTimer(2, () => seen.push(`reaction at ${clock.now()}`)));
    });
    clock.setTimer(15, () => seen.push(`later at ${clock.now()}`));
    await sleep(clock, 20);
    expect(seen).toEqual(['reaction at 12', 'later at 15']);
  });

  it('refuses a non-finite delay', () => {
    expect(() => new SimulatedClock().setTimer(Number.NaN, () => {})).toThrow(RangeError);
  });
});
