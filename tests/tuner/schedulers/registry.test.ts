import { describe, expect, it } from 'vitest';
import { createScheduler, restoreScheduler, SCHEDULER_NAMES, SchedulerError, schedulerToJSON } from '../../../src/tuner';

describe('scheduler registry', () => {
  it('builds every scheduler by name and fills in defaults', () => {
    for (const name of SCHEDULER_NAMES) {
      const s = createScheduler(name, name === 'pbt' ? { maxEpochs: 10, hyperparameters: ['lr'] } : { maxEpochs: 10 });
      expect(s.name).toBe(name);
      expect(s.maxEpochs).toBe(10);
      expect(createScheduler(name, s.options as Record<string, unknown>).options).toEqual(s.options);
    }
    expect(createScheduler('asha', { maxEpochs: 27 }).options).toEqual({ maxEpochs: 27, minEpochs: 1, reductionFactor: 3, mode: 'promotion' });
  });

  it('refuses unknown names and bad options with SchedulerError messages that name them', () => {
    expect(() => createScheduler('nope' as never)).toThrow(/unknown scheduler "nope"/);
    expect(() => createScheduler('asha', { maxEpochs: 9, reductionFactor: 1 })).toThrow(/"reductionFactor" must be an integer in \[2, 100\], got 1/);
    expect(() => createScheduler('asha', { maxEpochs: 9, minEpochs: 10 })).toThrow(/"minEpochs"/);
    expect(() => createScheduler('asha', { maxEpochs: 9, mode: 'fast' })).toThrow(/"mode" must be one of "promotion", "stopping"/);
    expect(() => createScheduler('hyperband', { maxEpochs: 9, brackets: 4 })).toThrow(/"brackets"/);
    expect(() => createScheduler('fifo', { maxEpochs: 0 })).toThrow(SchedulerError);
    expect(() => createScheduler('fifo', null as never)).toThrow(/options must be an object/);
  });

  it('restores from JSON and refuses malformed JSON', () => {
    const s = createScheduler('hyperband', { maxEpochs: 9 });
    const again = restoreScheduler(JSON.parse(JSON.stringify(schedulerToJSON(s))));
    expect(schedulerToJSON(again)).toEqual(schedulerToJSON(s));
    expect(() => restoreScheduler({ name: 'x' })).toThrow(/unknown scheduler/);
    expect(() => restoreScheduler({ name: 'asha', options: { maxEpochs: 9 }, state: { book: 3 } })).toThrow(SchedulerError);
    expect(() => restoreScheduler({ name: 'asha', options: { maxEpochs: 9 }, state: { book: {}, exhausted: false, extra: null } })).toThrow(/brackets/);
  });
});
