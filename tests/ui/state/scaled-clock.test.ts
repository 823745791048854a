import { describe, expect, it } from 'vitest';
import { createScaledClock } from '../../../src/ui/state/scaled-clock';

describe('createScaledClock', () => {
  it('reads simulated ms from real time and scales timers down', () => {
    let real = 100;
    const delays: number[] = [];
    const clock = createScaledClock({ speedup: 50, startMs: 1000, realNow: () => real, realTimer: (ms) => (delays.push(ms), () => undefined) });
    expect(clock.now()).toBe(1000);
    real = 110;
    expect(clock.now()).toBe(1500);
    clock.setTimer(2000, () => undefined);
    expect(delays).toEqual([40]);
    expect(() => createScaledClock({ speedup: 0 })).toThrow(RangeError);
  });
});
