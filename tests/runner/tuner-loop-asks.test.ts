/** The tuner loop's cooperative asks: the sampler's and a scheduler's work in slices that yield to the page. */
import { describe, expect, it } from 'vitest';
import { createScheduler, createStudy, RandomSampler, type Sampler } from '../../src/tuner';
import { ExecutorPool } from '../../src/runner/pool';
import { createSimulatedBackend } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { TunerLoop } from '../../src/runner/tuner-loop';
import type { TunerEvent } from '../../src/runner/tuner-events';
import { crossingCurves } from '../../src/runner/scheduling-tasks';
import { expectValidEventOrder, setUp } from './harness';

/** A random sampler whose suggestions come in three slices, so cooperative asks pause. */
function slicedRandom(): Sampler {
  const inner = new RandomSampler();
  return {
    name: 'random',
    options: {},
    suggest: (ctx) => inner.suggest(ctx),
    *suggestSliced(ctx) {
      yield { phase: 'score', work: 1 };
      yield { phase: 'score', work: 1 };
      return inner.suggest(ctx);
    },
  };
}

describe('tuner loop: cooperative asks under FIFO', () => {
  const pauseEveryMark = { budget: { kind: 'work', ops: 0 } } as const;
  const neverPause = { budget: { kind: 'work', ops: Number.POSITIVE_INFINITY } } as const;

  it('on a simulated clock: asks that fit in one slice run as before; pausing ones stay deterministic', async () => {
    const once = async (askSlicing?: typeof pauseEveryMark | typeof neverPause) => {
      const s = await setUp({ sampler: 'gp', workers: 3, loop: { maxTrials: 14, ...(askSlicing === undefined ? {} : { askSlicing }) } });
      await s.run();
      expectValidEventOrder(s.events);
      expect(s.study.trials.filter((t) => t.state === 'complete')).toHaveLength(14);
      return JSON.stringify({ events: s.events, trials: s.study.trials });
    };
    // The default slices (2e6 estimated operations) pause longer GP asks through the simulated
    // clock; the run is still a pure function of its inputs, as is one that never pauses.
    expect(await once()).toBe(await once());
    expect(await once(neverPause)).toBe(await once(neverPause));
    // Pausing goes through the simulated clock: trials finishing at the same instant may be told
    // during an ask, so the run can differ from the unpaused one, but it is the same every time.
    expect(await once(pauseEveryMark)).toBe(await once(pauseEveryMark));
  });

  it('abandons an ask when paused and asks again on resume, losing no trial', async () => {
    const s = await setUp({ sampler: slicedRandom(), workers: 2, loop: { maxTrials: 8, askSlicing: pauseEveryMark } });
    let paused = false;
    s.loop.on((e) => {
      if (e.type === 'trial-finished' && e.trialId === 3 && !paused) {
        paused = true;
        // Pauses while the next ask is in flight (it starts in this turn and pauses at its first mark).
        queueMicrotask(() => s.loop.pause());
        s.at(s.clock.now() + 10_000, () => s.loop.resume());
      }
    });
    const result = await s.run();
    expect(paused).toBe(true);
    expect(result.finish.reason).toBe('trial-budget');
    expect(s.study.trials).toHaveLength(8);
    expect(s.study.trials.every((t) => t.state === 'complete')).toBe(true);
    expectValidEventOrder(s.events);
  });

  it('creates no trial for an ask in flight when stopped', async () => {
    const s = await setUp({ sampler: slicedRandom(), workers: 2, loop: { maxTrials: 8, askSlicing: pauseEveryMark } });
    s.loop.on((e) => {
      if (e.type === 'trial-finished' && e.trialId === 1) queueMicrotask(() => s.loop.stop());
    });
    const result = await s.run();
    expect(result.finish.reason).toBe('cancelled');
    expect(s.study.trials).toHaveLength(result.trialsStarted);
    expect(s.study.trials.some((t) => t.state === 'running')).toBe(false);
  });
});

describe('tuner loop: cooperative asks under ASHA', () => {
  /** ASHA over a random sampler whose suggestions pause twice; `ops` sizes the slices. */
  const run = async (ops: number, pauseAt: number | null = null) => {
    const clock = new SimulatedClock();
    const study = createStudy({ space: crossingCurves.space, sampler: slicedRandom(), seed: 5, clock: () => clock.now() });
    const pool = await ExecutorPool.create(createSimulatedBackend({ clock, objective: crossingCurves, seed: 5, startupMs: 0 }), { size: 3 });
    const loop = new TunerLoop({ study, pool, scheduler: createScheduler('asha', { maxEpochs: 9 }), clock, maxTrials: 20, askSlicing: { budget: { kind: 'work', ops } } });
    const events: TunerEvent[] = [];
    loop.on((e) => {
      events.push(e);
      if (pauseAt !== null && e.type === 'trial-finished' && e.trialId === pauseAt) {
        queueMicrotask(() => loop.pause());
        clock.setTimer(5000, () => loop.resume());
      }
    });
    const result = await loop.run();
    pool.terminate();
    return { result, study, events };
  };

  it('carries out a start decision once its ask answers, deterministically, losing no trial to a pause', async () => {
    const a = await run(0);
    const b = await run(0);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(a.result.trialsStarted).toBe(20);
    expect(a.study.trials).toHaveLength(20);
    expectValidEventOrder(a.events);
    const paused = await run(0, 2);
    expect(paused.study.trials).toHaveLength(20);
    expect(paused.study.trials.every((t) => t.state !== 'running')).toBe(true);
    expectValidEventOrder(paused.events);
  });
});

describe('tuner loop: a scheduler decision made in slices (BOHB)', () => {
  /** BOHB with its GP from the second rung on; `ops` sizes the slices; `pauseAt`: pause while a decision is made. */
  const run = async (ops: number, pauseAt: number | null = null) => {
    const clock = new SimulatedClock();
    const study = createStudy({ space: crossingCurves.space, sampler: 'random', seed: 8, clock: () => clock.now() });
    const pool = await ExecutorPool.create(createSimulatedBackend({ clock, objective: crossingCurves, seed: 8, startupMs: 0 }), { size: 2 });
    const scheduler = createScheduler('bohb', { maxEpochs: 9, minObservations: 4, randomFraction: 0 });
    let yields = 0;
    const loop = new TunerLoop({
      study,
      pool,
      scheduler,
      clock,
      maxTrials: 16,
      askSlicing: {
        budget: { kind: 'work', ops },
        yieldToPage: async () => {
          yields += 1;
          if (pauseAt !== null && yields === pauseAt) {
            loop.pause();
            clock.setTimer(1000, () => loop.resume());
          }
          await new Promise<void>((resolve) => clock.setTimer(0, resolve));
        },
      },
    });
    const events: TunerEvent[] = [];
    loop.on((e) => events.push(e));
    const result = await loop.run();
    pool.terminate();
    return { result, study, events, yields };
  };

  it('yields to the page while BOHB fits its model, deterministically, and a pause mid-decision loses nothing', async () => {
    const a = await run(1e3);
    const b = await run(1e3);
    expect(a.yields).toBeGreaterThan(0);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(a.result.trialsStarted).toBe(16);
    expect(a.study.trials.every((t) => t.state !== 'running')).toBe(true);
    expectValidEventOrder(a.events);
    const paused = await run(1e3, 3);
    expect(paused.result.trialsStarted).toBe(16);
    expect(paused.study.trials.every((t) => t.state !== 'running')).toBe(true);
    expectValidEventOrder(paused.events);
  });
});
