import { describe, expect, it } from 'vitest';
import type { TrialJob, TrialOutcome, TrialProgress } from '../../src/runner/executor';
import { createSimulatedBackend, type SimulatedBackendOptions } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { syntheticMlp } from '../../src/runner/synthetic-objectives';
import { branin } from './harness';

const job = (trialId: number, maxEpochs = 10, params: TrialJob['params'] = { x1: Math.PI, x2: 2.275 }): TrialJob => ({
  trialId,
  attempt: 0,
  params,
  maxEpochs,
  seed: 42 + trialId,
});

async function runOne(options: Partial<SimulatedBackendOptions>, j: TrialJob): Promise<{ outcome: TrialOutcome; progress: TrialProgress[]; clock: SimulatedClock }> {
  const clock = new SimulatedClock();
  const executor = await createSimulatedBackend({ clock, objective: branin, seed: 3, startupMs: 0, ...options }).create(0);
  const progress: TrialProgress[] = [];
  const outcome = await executor.run(j, (p) => progress.push(p));
  executor.terminate();
  return { outcome, progress, clock };
}

describe('simulated backend', () => {
  it('learning curves decay from a poor start toward the objective’s value', async () => {
    const { outcome, progress } = await runOne({}, job(0, 20));
    const values = progress.map((p) => p.metrics.valLoss as number);
    expect(values[0]).toBeGreaterThan(1);
    expect(outcome.kind).toBe('complete');
    if (outcome.kind !== 'complete') return;
    expect(outcome.metrics.valLoss).toBeCloseTo(0.397887, 1);
  });

  it('takes secondsPerEpoch of simulated time per epoch, from the objective', async () => {
    const { progress, clock } = await runOne({ objective: syntheticMlp }, job(0, 4, { learningRate: 1e-3, units: 256, dropout: 0.1, batchSize: 16 }));
    // 0.4 s + 1.2 s · (256/128) · (32/16) = 5.2 s per epoch.
    expect(progress.map((p) => p.elapsedMs)).toEqual([5_200, 10_400, 15_600, 20_800]);
    expect(clock.now()).toBe(20_800);
  });

  it('makes slow trials slowFactor times slower', async () => {
    const { outcome } = await runOne({ faults: { slowTrials: [0], slowFactor: 3 } }, job(0, 5));
    expect(outcome.elapsedMs).toBe(5 * 2_000 * 3);
  });

  it('is deterministic by seed and differs between seeds', async () => {
    const a = await runOne({ seed: 1 }, job(0));
    const b = await runOne({ seed: 1 }, job(0));
    const c = await runOne({ seed: 2 }, job(0));
    expect(b.progress).toEqual(a.progress);
    expect(c.progress).not.toEqual(a.progress);
  });

  it('reports a diverging trial’s NaN, then fails it', async () => {
    const { outcome, progress } = await runOne({ faults: { divergingTrials: [0] } }, job(0, 10));
    expect(outcome.kind).toBe('failed');
    expect(Number.isNaN(progress.at(-1)?.metrics.valLoss)).toBe(true);
    if (outcome.kind === 'failed') expect(outcome.reason).toBe(`diverged: valLoss was NaN after epoch ${outcome.epochs}`);
  });

  it('kills a slot at a scripted time, busy or idle, and only the executor then on it', async () => {
    const clock = new SimulatedClock();
    const factory = createSimulatedBackend({ clock, objective: branin, startupMs: 0, faults: { crashes: [{ kind: 'at-time', slot: 0, atMs: 3_000 }] } });
    const [zero, one] = await Promise.all([factory.create(0), factory.create(1)]);
    const onZero = zero?.run(job(0, 5), () => {});
    const onOne = one?.run(job(1, 5), () => {});
    await expect(onZero).rejects.toThrow('slot 0: scripted crash at 3000 ms');
    expect((await onOne)?.kind).toBe('complete');
    const replacement = await factory.create(0);
    expect((await replacement.run(job(2, 2), () => {})).kind).toBe('complete');
    for (const e of [zero, one, replacement]) e?.terminate();
  });

  it('crashes with the given probability per epoch, the same way for the same seed', async () => {
    const crashes = async (seed: number) => {
      let count = 0;
      for (let id = 0; id < 40; id++) {
        try {
          await runOne({ seed, faults: { crashProbabilityPerEpoch: 0.05 } }, job(id, 10));
        } catch {
          count += 1;
        }
      }
      return count;
    };
    const n = await crashes(5);
    // P(crash in 10 epochs) = 1 − 0.95¹⁰ ≈ 0.40: about 16 of 40.
    expect(n).toBeGreaterThan(6);
    expect(n).toBeLessThan(28);
    expect(await crashes(5)).toBe(n);
  });

  it('takes startupMs of simulated time to create an executor', async () => {
    const clock = new SimulatedClock();
    const executor = await createSimulatedBackend({ clock, objective: branin, startupMs: 1_500 }).create(0);
    expect(clock.now()).toBe(1_500);
    executor.terminate();
  });
});
