import { describe, expect, it } from 'vitest';
import { BohbScheduler, HyperbandScheduler, schedulerContext, type SliceMark, type Study } from '../../../src/tuner';
import { drive } from './driver';

/** Best loss reached at R (complete trials), or at the highest epoch any trial reached. */
function bestAtR(study: Study): number {
  return Math.min(...study.trials.filter((t) => t.state === 'complete').map((t) => t.value as number));
}

describe('BOHB', () => {
  it('proposes configurations from a GP once a rung has enough observations', () => {
    const { scheduler, study } = drive(() => new BohbScheduler({ maxEpochs: 9, minObservations: 4, randomFraction: 0 }), { maxTrials: 14, seed: 1 });
    expect((scheduler as BohbScheduler).lastFitLevel).not.toBeNull();
    expect(study.trials.length).toBe(14);
  });

  it("beats Hyperband with random proposals on a synthetic task (same budget, several seeds)", () => {
    let bohbWins = 0;
    let bohbSum = 0;
    let randomSum = 0;
    const seeds = [1, 2, 3, 4];
    for (const seed of seeds) {
      const opts = { maxTrials: 30, seed, slots: 3 };
      const bohb = bestAtR(drive(() => new BohbScheduler({ maxEpochs: 9, minObservations: 5, randomFraction: 0 }), opts).study);
      const random = bestAtR(drive(() => new HyperbandScheduler({ maxEpochs: 9 }), opts).study);
      bohbSum += bohb;
      randomSum += random;
      if (bohb < random) bohbWins++;
    }
    expect(bohbSum).toBeLessThan(randomSum);
    expect(bohbWins).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('makes a GP proposal in slices (nextSliced pauses, no stretch between pauses is large), and it equals next', () => {
    const make = () => new BohbScheduler({ maxEpochs: 9, minObservations: 4, randomFraction: 0 });
    const { study, scheduler } = drive(make, { maxTrials: 14, seed: 1 });
    // Two schedulers in the same state decide the next trial, one at once and one in slices.
    const twin = make();
    twin.loadState(scheduler.saveState());
    const ctx = schedulerContext(study);
    const marks: SliceMark[] = [];
    const steps = twin.nextSliced(ctx);
    let step = steps.next();
    for (; step.done !== true; step = steps.next()) marks.push(step.value);
    expect(marks.length).toBeGreaterThan(1);
    expect(Math.max(...marks.map((m) => m.work))).toBeLessThanOrEqual(4e6);
    expect(step.value).toEqual(scheduler.next(ctx));
    expect(twin.lastFitLevel).toBe((scheduler as BohbScheduler).lastFitLevel);
  });

  it('is random until a level has minObservations losses', () => {
    const { scheduler } = drive(() => new BohbScheduler({ maxEpochs: 9, minObservations: 50 }), { maxTrials: 6, seed: 1 });
    expect((scheduler as BohbScheduler).lastFitLevel).toBeNull();
  });
});
