/** The tuner loop driven by each scheduler: pauses, resumes and PBT hand-overs. */
import { describe, expect, it } from 'vitest';
import { durationOf, SCHEDULER_NAMES } from '../../src/tuner';
import { crossingCurves, lrScheduleTask } from '../../src/runner/scheduling-tasks';
import { eventsOf, expectValidEventOrder, setUpScheduled } from './harness';

describe('tuner loop: every scheduler in the registry on the simulated backend', () => {
  describe.each(SCHEDULER_NAMES)('%s', (name) => {
    it('runs to the end with every trial in a final state and a valid event order', async () => {
      const s = await setUpScheduled({ scheduler: name });
      const result = await s.run();
      expect(['trial-budget', 'exhausted']).toContain(result.finish.reason);
      expect(s.study.trials.length).toBeGreaterThan(0);
      expect(s.study.trials.every((t) => t.state !== 'running')).toBe(true);
      expect(s.study.trials.some((t) => t.state === 'complete')).toBe(true);
      expect(s.scheduler.pausedTrials()).toEqual([]);
      for (const t of s.study.trials) {
        const steps = t.intermediate.map((v) => v.step);
        expect(steps, `trial ${t.id} steps`).toEqual([...steps].sort((a, b) => a - b));
        expect(Math.max(0, ...steps)).toBeLessThanOrEqual(9);
      }
      expectValidEventOrder(s.events);
    });

    it('is deterministic by seed', async () => {
      const once = async (seed: number) => {
        const s = await setUpScheduled({ scheduler: name, seed, loop: { maxTrials: 16 } });
        await s.run();
        return JSON.stringify(s.events);
      };
      const [a, b, c] = [await once(3), await once(3), await once(4)];
      expect(a).toBe(b);
      expect(a).not.toBe(c);
    });
  });
});

describe('tuner loop: pause and resume', () => {
  it('ASHA (promotion) pauses trials at rungs and resumes them from the paused epoch on any slot', async () => {
    const s = await setUpScheduled({ scheduler: 'asha', schedulerOptions: { mode: 'promotion' }, loop: { maxTrials: 40 } });
    await s.run();
    const resumed = eventsOf(s.events, 'trial-resumed');
    expect(resumed.length).toBeGreaterThan(0);
    for (const r of resumed) {
      expect(r.fromCheckpoint).toBe(true);
      const first = s.events.slice(s.events.indexOf(r)).find((p) => p.type === 'trial-progress' && p.trialId === r.trialId);
      expect(first?.type === 'trial-progress' && first.epoch).toBe(r.fromEpoch + 1);
    }
    const pausedOn = new Map(eventsOf(s.events, 'trial-paused').map((p) => [`${p.trialId}@${p.epoch}`, p.slot]));
    expect(resumed.some((r) => pausedOn.get(`${r.trialId}@${r.fromEpoch}`) !== r.slot)).toBe(true);
    for (const t of s.study.trials) {
      // Epochs kept across pauses: 1 … k once each.
      expect(t.intermediate.map((v) => v.step)).toEqual(Array.from({ length: t.intermediate.length }, (_, i) => i + 1));
    }
    expect(s.study.trials.some((t) => t.state === 'complete' && t.intermediate.length === 9)).toBe(true);
    expectValidEventOrder(s.events);
  });

  it('a resumed trial continues its learning curve (same values as a run that never paused)', async () => {
    const s = await setUpScheduled({ scheduler: 'asha', schedulerOptions: { mode: 'promotion' }, backend: { noise: 0 }, loop: { maxTrials: 40 } });
    await s.run();
    const resumed = s.study.trials.filter((t) => eventsOf(s.events, 'trial-resumed').some((r) => r.trialId === t.id));
    expect(resumed.length).toBeGreaterThan(0);
    const dynamics = crossingCurves.dynamics;
    for (const t of resumed) {
      let state = dynamics?.initial(t.params) ?? [];
      for (const v of t.intermediate) {
        state = dynamics?.step(state, t.params, v.step) ?? [];
        expect(v.value).toBeCloseTo(dynamics?.value(state, t.params) ?? Number.NaN, 12);
      }
    }
  });

  it('a paused trial\'s compute time leaves out the time it waited paused', async () => {
    const s = await setUpScheduled({ scheduler: 'asha', schedulerOptions: { mode: 'promotion' }, loop: { maxTrials: 40 } });
    await s.run();
    const resumedIds = new Set(eventsOf(s.events, 'trial-resumed').map((r) => r.trialId));
    const waited = s.study.trials.filter((t) => resumedIds.has(t.id) && t.state === 'complete');
    expect(waited.length).toBeGreaterThan(0);
    for (const t of waited) {
      // The simulated backend trains at a constant cost per epoch (no start-up): compute = epochs × cost.
      const progress = eventsOf(s.events, 'trial-progress').filter((p) => p.trialId === t.id);
      const perEpoch = (progress[0]?.at ?? 0) - t.startedAt;
      expect(t.computeMs).toBeCloseTo(perEpoch * t.intermediate.length, 6);
      expect(t.computeMs as number).toBeLessThanOrEqual((t.endedAt as number) - t.startedAt);
      expect(durationOf(t)).toBe(t.computeMs);
    }
    // Some waited for a promotion (a trial promoted at once waited no time).
    expect(waited.some((t) => (t.computeMs as number) < (t.endedAt as number) - t.startedAt - 1)).toBe(true);
    // Trials never paused keep ask-to-tell time.
    const pausedIds = new Set(eventsOf(s.events, 'trial-paused').map((p) => p.trialId));
    expect(s.study.trials.filter((t) => !pausedIds.has(t.id)).every((t) => t.computeMs === undefined)).toBe(true);
  });

  it('prunes trials still paused when the trial cap ends the run', async () => {
    const s = await setUpScheduled({ scheduler: 'asha', schedulerOptions: { mode: 'promotion' }, loop: { maxTrials: 10 } });
    await s.run();
    const pruned = s.study.trials.filter((t) => t.reason === 'paused when the run ended');
    expect(pruned.length).toBeGreaterThan(0);
    expect(pruned.every((t) => t.state === 'pruned')).toBe(true);
    expectValidEventOrder(s.events);
  });

  it('cancelling ends running trials as failed and paused ones as pruned', async () => {
    const s = await setUpScheduled({ scheduler: 'asha', schedulerOptions: { mode: 'promotion' }, loop: { maxTrials: 100 } });
    s.clock.setTimer(30_000, () => s.loop.stop());
    const result = await s.run();
    expect(result.finish.reason).toBe('cancelled');
    expect(s.study.trials.every((t) => t.state !== 'running')).toBe(true);
    expect(s.study.trials.some((t) => t.state === 'failed' && (t.reason ?? '').startsWith('cancelled'))).toBe(true);
    expectValidEventOrder(s.events);
  });
});

describe('tuner loop: PBT hands checkpoints over', () => {
  it('a child starts from its parent\'s checkpoint and continues from the parent\'s epochs', async () => {
    const s = await setUpScheduled({
      scheduler: 'pbt',
      objective: lrScheduleTask,
      workers: 8,
      backend: { noise: 0 },
      schedulerOptions: { maxEpochs: 30, hyperparameters: ['learningRate', 'weightDecay'], readyEvery: 3, populationSize: 8 },
      loop: { maxTrials: 40 },
    });
    await s.run();
    const exploited = eventsOf(s.events, 'trial-exploited');
    expect(exploited.length).toBeGreaterThan(0);
    for (const x of exploited) {
      expect(x.fromCheckpoint).toBe(true);
      const child = s.study.trials[x.trialId];
      const parent = s.study.trials[x.parentId];
      expect(child?.intermediate[0]?.step).toBe(x.fromEpoch + 1);
      // Inherited progress: the child's first loss is near its parent's, far below a fresh start (L0 = 3).
      const parentValue = parent?.intermediate.find((v) => v.step === x.fromEpoch)?.value as number;
      expect(child?.intermediate[0]?.value as number).toBeLessThan(Math.max(1, 2 * parentValue));
      expect(x.changed.length).toBeGreaterThan(0);
    }
    expect(s.scheduler.lineage().filter((l) => l.parentId !== null).map((l) => [l.trialId, l.parentId])).toEqual(exploited.map((x) => [x.trialId, x.parentId]));
    expectValidEventOrder(s.events);
  });
});
