import { describe, expect, it } from 'vitest';
import { scheduleTimeline } from '../../src/runner/schedule-timeline';
import { lrScheduleTask } from '../../src/runner/scheduling-tasks';
import type { TunerEvent } from '../../src/runner/tuner-events';
import { eventsOf, setUpScheduled } from './harness';

describe('scheduleTimeline', () => {
  it('splits a paused and resumed trial into segments and closes each the way it ended', () => {
    const events: TunerEvent[] = [
      { type: 'trial-started', at: 0, trialId: 0, slot: 0, attempt: 0, params: {} },
      { type: 'trial-progress', at: 10, trialId: 0, slot: 0, epoch: 1, value: 1, metrics: {} },
      { type: 'trial-paused', at: 10, trialId: 0, slot: 0, epoch: 1, reason: 'rung 1' },
      { type: 'trial-resumed', at: 20, trialId: 0, slot: 1, attempt: 0, fromEpoch: 1, untilEpoch: 3, fromCheckpoint: true, reason: 'promoted' },
      { type: 'trial-progress', at: 30, trialId: 0, slot: 1, epoch: 2, value: 0.5, metrics: {} },
      { type: 'trial-progress', at: 40, trialId: 0, slot: 1, epoch: 3, value: 0.4, metrics: {} },
      { type: 'trial-finished', at: 40, trialId: 0, slot: 1, state: 'complete', value: 0.4, reason: null },
      { type: 'trial-exploited', at: 41, trialId: 1, parentId: 0, fromEpoch: 3, untilEpoch: 5, params: {}, changed: ['learningRate'], fromCheckpoint: true, reason: 'exploit' },
      { type: 'trial-started', at: 41, trialId: 1, slot: 0, attempt: 0, params: {} },
      { type: 'trial-finished', at: 50, trialId: 1, slot: 0, state: 'failed', value: null, reason: 'cancelled: tuning was stopped' },
    ];
    const { bars, lineage } = scheduleTimeline(events);
    expect(bars.map((b) => [b.trialId, b.slot, b.resumed, b.startAt, b.endAt, b.fromEpoch, b.toEpoch, b.end])).toEqual([
      [0, 0, false, 0, 10, 0, 1, 'paused'],
      [0, 1, true, 20, 40, 1, 3, 'complete'],
      [1, 0, false, 41, 50, 3, 3, 'stopped'],
    ]);
    expect(lineage).toEqual([{ childId: 1, parentId: 0, atEpoch: 3, changed: ['learningRate'] }]);
  });

  it('covers a real PBT run: one lineage edge per exploit, every bar closed', async () => {
    const s = await setUpScheduled({
      scheduler: 'pbt',
      objective: lrScheduleTask,
      workers: 8,
      schedulerOptions: { maxEpochs: 30, hyperparameters: ['learningRate', 'weightDecay'], readyEvery: 3, populationSize: 8 },
    });
    await s.run();
    const { bars, lineage } = scheduleTimeline(s.events);
    expect(lineage).toHaveLength(eventsOf(s.events, 'trial-exploited').length);
    expect(bars.every((b) => b.endAt !== null && b.end !== 'running')).toBe(true);
    expect(bars.filter((b) => lineage.some((l) => l.childId === b.trialId)).every((b) => b.fromEpoch > 0)).toBe(true);
  });
});
