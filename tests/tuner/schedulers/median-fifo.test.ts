import { describe, expect, it } from 'vitest';
import { createStudy, FifoScheduler, MedianStoppingScheduler, schedulerContext } from '../../../src/tuner';
import { drive, SPACE } from './driver';

describe('FIFO', () => {
  it('runs every trial to R', () => {
    const { study } = drive(() => new FifoScheduler({ maxEpochs: 4 }), { maxTrials: 6 });
    expect(study.trials.map((t) => [t.state, t.intermediate.length])).toEqual(Array.from({ length: 6 }, () => ['complete', 4]));
  });
});

describe('median stopping', () => {
  it('stops a clearly bad curve after the grace period, and only it', () => {
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 1 });
    const median = new MedianStoppingScheduler({ maxEpochs: 6, graceEpochs: 2, minTrials: 3 });
    const curves = [[1, 0.8, 0.6, 0.5, 0.4, 0.3], [1, 0.7, 0.5, 0.4, 0.35, 0.3], [1.1, 0.9, 0.7, 0.6, 0.5, 0.45], [3, 2.9, 2.8, 2.8, 2.7, 2.7]];
    for (let i = 0; i < 4; i++) {
      expect(median.next(schedulerContext(study)).kind).toBe('start');
      study.ask({ x: 0.2 * i, y: 0.5 });
    }
    const ended = new Map<number, string>();
    for (let e = 1; e <= 6; e++) {
      for (let id = 0; id < 4; id++) {
        if (ended.has(id)) continue;
        study.report(id, e, curves[id]?.[e - 1] as number);
        const d = median.onResult(schedulerContext(study), id, e);
        if (d.kind !== 'continue') ended.set(id, `${d.kind}@${e}`);
      }
    }
    expect(Object.fromEntries(ended)).toEqual({ 0: 'complete@6', 1: 'complete@6', 2: 'complete@6', 3: 'stop@3' });
  });

  it('waits for minTrials other trials at the epoch', () => {
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 1 });
    const median = new MedianStoppingScheduler({ maxEpochs: 6, graceEpochs: 0, minTrials: 3 });
    median.next(schedulerContext(study));
    study.ask({ x: 0, y: 0 });
    median.next(schedulerContext(study));
    study.ask({ x: 1, y: 1 });
    study.report(0, 1, 0.1);
    median.onResult(schedulerContext(study), 0, 1);
    study.report(1, 1, 9);
    expect(median.onResult(schedulerContext(study), 1, 1).kind).toBe('continue');
  });
});
