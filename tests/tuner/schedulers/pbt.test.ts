import { describe, expect, it } from 'vitest';
import { createRng, createScheduler, PbtScheduler, SchedulerError } from '../../../src/tuner';
import { perturb } from '../../../src/tuner/schedulers/pbt-explore';
import { drive } from './driver';

const make = () => new PbtScheduler({ maxEpochs: 12, readyEvery: 2, populationSize: 6, quantile: 0.34, hyperparameters: ['x', 'y'] });

describe('PBT', () => {
  it('exploits: bottom trials are stopped and replaced by clones of top trials, with lineage recorded', () => {
    const { study, scheduler, trace } = drive(make, { slots: 6, maxTrials: 30, seed: 3 });
    const lineage = scheduler.lineage();
    const clones = lineage.filter((l) => l.parentId !== null);
    expect(clones.length).toBeGreaterThan(2);
    expect(lineage.filter((l) => l.parentId === null).length).toBe(6);
    expect(lineage.map((l) => l.trialId).sort((a, b) => a - b)).toEqual(study.trials.map((t) => t.id));
    for (const c of clones) {
      const child = study.trials[c.trialId];
      const parent = study.trials[c.parentId as number];
      // The clone's first reported epoch follows the parent's checkpoint.
      expect(child?.intermediate[0]?.step).toBe(c.atEpoch + 1);
      expect(parent?.intermediate.some((iv) => iv.step === c.atEpoch)).toBe(true);
      expect(trace.some((line) => line.endsWith(`next clone #${c.trialId} ${c.atEpoch}→12 from #${c.parentId}`))).toBe(true);
      for (const name of c.changed) expect(['x', 'y']).toContain(name);
      for (const name of ['x', 'y']) if (!c.changed.includes(name)) expect(child?.params[name]).toBe(parent?.params[name]);
    }
    expect(study.trials.some((t) => t.state === 'pruned' && /bottom/.test(t.reason ?? ''))).toBe(true);
    // Exploitation pays: the best loss at R beats the median of the first population at R.
    const best = study.best;
    expect(best).not.toBeNull();
    const rootsAtR = lineage.filter((l) => l.parentId === null).map((l) => study.trials[l.trialId]?.intermediate.find((iv) => iv.step === 12)?.value).filter((v): v is number => typeof v === 'number');
    for (const v of rootsAtR) expect(best?.value as number).toBeLessThanOrEqual(v);
  });

  it('explores: ×0.8 / ×1.2 within bounds, or a resample, and names what changed', () => {
    const space = { lr: { type: 'float', low: 1e-4, high: 1, log: true }, units: { type: 'int', low: 8, high: 64 } } as const;
    const rng = createRng(1);
    for (let i = 0; i < 50; i++) {
      const { params, changed } = perturb(space, { lr: 0.01, units: 32 }, ['lr'], 0, rng);
      expect([0.008, 0.012].some((v) => Math.abs((params.lr as number) - v) < 1e-12)).toBe(true);
      expect(params.units).toBe(32);
      expect(changed).toEqual(['lr']);
    }
    const resampled = Array.from({ length: 50 }, () => perturb(space, { lr: 0.9, units: 32 }, ['lr'], 1, rng).params.lr as number);
    expect(resampled.some((v) => v < 0.1)).toBe(true);
    expect(perturb(space, { lr: 1, units: 32 }, ['lr'], 0, createRng(2)).params.lr).toBeLessThanOrEqual(1);
  });

  it('refuses structural hyperparameters with a clear message', () => {
    expect(() => createScheduler('pbt', { maxEpochs: 8, hyperparameters: ['learningRate', 'filters'] })).toThrow(SchedulerError);
    expect(() => createScheduler('pbt', { maxEpochs: 8, hyperparameters: ['filters'] })).toThrow(/"filters".*network's shape/);
    expect(() => createScheduler('pbt', { maxEpochs: 8, hyperparameters: ['width'], structural: ['width'] })).toThrow(/"width"/);
    expect(() => createScheduler('pbt', { maxEpochs: 8 })).toThrow(/"hyperparameters" is required/);
    expect(() => createScheduler('pbt', { maxEpochs: 8, hyperparameters: [] })).toThrow(/at least one/);
  });

  it('refuses hyperparameters missing from the search space', () => {
    expect(() => drive(() => new PbtScheduler({ maxEpochs: 8, hyperparameters: ['learningRate'] }))).toThrow(/"learningRate" are not in the search space/);
  });
});
