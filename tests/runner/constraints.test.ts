import { describe, expect, it } from 'vitest';
import { isFeasible } from '../../src/tuner';
import { setUp, setUpScheduled } from './harness';

describe('constraints told by the loops', () => {
  it('under FIFO the loop tells each completed trial its constraint values, and best is the best feasible trial', async () => {
    const s = await setUp({ constraints: ['sum'], loop: { maxTrials: 20, constraints: (p) => ({ sum: (p.x1 as number) + (p.x2 as number) - 8 }) } });
    await s.run();
    const complete = s.study.trials.filter((t) => t.state === 'complete');
    expect(complete).toHaveLength(20);
    for (const t of complete) expect(t.constraints?.sum).toBeCloseTo((t.params.x1 as number) + (t.params.x2 as number) - 8, 12);
    const feasible = complete.filter(isFeasible);
    expect(feasible.length).toBeGreaterThan(0);
    expect(feasible.length).toBeLessThan(complete.length);
    const best = s.study.best;
    expect(best).not.toBeNull();
    expect(isFeasible(best!)).toBe(true);
    expect(best?.value).toBe(Math.min(...feasible.map((t) => t.value as number)));
    expect(s.study.feasibility.message).toBeNull();
  });

  it('an impossible constraint leaves no best and a message that says so', async () => {
    const s = await setUp({ constraints: ['sum'], loop: { maxTrials: 6, constraints: (p) => ({ sum: (p.x1 as number) + (p.x2 as number) + 100 }) } });
    await s.run();
    expect(s.study.trials.filter((t) => t.state === 'complete')).toHaveLength(6);
    expect(s.study.best).toBeNull();
    expect(s.study.feasibility.message).toMatch(/^No feasible trial: all 6 complete trials violate a constraint; "sum" is violated by 6/);
  });

  it('reads metrics of the finished run, and fails a trial whose constraint value is not finite', async () => {
    const seen: Array<Record<string, number>> = [];
    const s = await setUp({
      constraints: ['c'],
      loop: {
        maxTrials: 4,
        constraints: (p, metrics) => {
          seen.push({ ...metrics });
          return { c: (p.x1 as number) > 2.5 ? Number.NaN : -1 };
        },
      },
    });
    await s.run();
    expect(seen.every((m) => typeof m.valLoss === 'number')).toBe(true);
    for (const t of s.study.trials) {
      if ((t.params.x1 as number) > 2.5) expect([t.state, t.reason]).toEqual(['failed', 'constraint "c" was NaN']);
      else expect([t.state, t.constraints]).toEqual(['complete', { c: -1 }]);
    }
  });

  it('under ASHA the loop tells constraint values when a trial completes, with the last epoch metrics', async () => {
    const s = await setUpScheduled({
      scheduler: 'asha',
      constraints: ['units'],
      loop: { maxTrials: 12, constraints: (p, metrics) => ({ units: Number.isFinite(metrics.valLoss) ? (p.units as number) - 128 : Number.NaN }) },
    });
    await s.run();
    const finished = s.study.trials.filter((t) => t.state === 'complete');
    expect(finished.length).toBeGreaterThan(0);
    for (const t of finished) expect(t.constraints).toEqual({ units: (t.params.units as number) - 128 });
    const best = s.study.best;
    if (best !== null) expect(best.params.units as number).toBeLessThanOrEqual(128);
    else expect(s.study.feasibility.message).not.toBeNull();
  });
});
