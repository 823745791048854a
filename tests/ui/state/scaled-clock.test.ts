import { describe, expect, it } from 'vitest';
import { createScaledClock } from '../../../src/ui/state/scaled-clock';
import { RequeueSampler } from '../../../src/ui/state/requeue-sampler';
import { createSampler, createStudy } from '../../../src/tuner';

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

describe('RequeueSampler', () => {
  it('hands out queued params first, then the inner sampler’s, under the inner name', () => {
    const sampler = new RequeueSampler(createSampler('random'));
    sampler.enqueue([{ x: 0.25 }]);
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, sampler, seed: 1 });
    expect(study.ask().params).toEqual({ x: 0.25 });
    expect(study.ask().params.x).not.toBe(0.25);
    expect(study.toJSON().sampler.name).toBe('random');
  });
});
