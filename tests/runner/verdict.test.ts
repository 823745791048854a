import { describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE, readObjective } from '../../src/runner/executor';
import { verdictOf } from '../../src/runner/verdict';

const complete = (metrics: Record<string, number>) => ({ kind: 'complete' as const, metrics, epochs: 3, elapsedMs: 10 });
const stopped = { kind: 'stopped' as const, metrics: { valLoss: 0.4 }, epochs: 1, elapsedMs: 5 };

describe('verdictOf', () => {
  it('a complete run is told its objective metric (valLoss by default)', () => {
    expect(verdictOf(complete({ loss: 0.2, valLoss: 0.31 }), null, DEFAULT_OBJECTIVE)).toBe(0.31);
  });

  it('reads the metric the objective names', () => {
    expect(verdictOf(complete({ valLoss: 0.31, valAccuracy: 0.9 }), null, { metric: 'valAccuracy' })).toBe(0.9);
  });

  it('passes a NaN objective on, for the study to mark the trial failed', () => {
    expect(verdictOf(complete({ valLoss: Number.NaN }), null, DEFAULT_OBJECTIVE)).toBeNaN();
  });

  it('fails a complete run whose objective metric is missing, naming what was there', () => {
    expect(verdictOf(complete({ loss: 0.2 }), null, DEFAULT_OBJECTIVE)).toEqual({
      state: 'failed',
      reason: 'metric "valLoss" was not reported (metrics: loss)',
    });
  });

  it('a failed run stays failed with its reason', () => {
    expect(verdictOf({ kind: 'failed', reason: 'out of memory', epochs: 0, elapsedMs: 0 }, null, DEFAULT_OBJECTIVE)).toEqual({
      state: 'failed',
      reason: 'out of memory',
    });
  });

  it('a stopped run is pruned when its scheduler stopped it, failed when the run was cancelled or nobody asked', () => {
    expect(verdictOf(stopped, { kind: 'prune', reason: 'pruned by asha' }, DEFAULT_OBJECTIVE)).toEqual({ state: 'pruned', reason: 'pruned by asha' });
    expect(verdictOf(stopped, { kind: 'cancel', reason: 'cancelled: x' }, DEFAULT_OBJECTIVE)).toEqual({ state: 'failed', reason: 'cancelled: x' });
    expect(verdictOf(stopped, null, DEFAULT_OBJECTIVE)).toEqual({ state: 'failed', reason: 'stopped by its executor' });
  });

  it('a run that completed while its scheduler stopped it is pruned all the same (its later epochs were not told)', () => {
    expect(verdictOf(complete({ valLoss: 0.2 }), { kind: 'prune', reason: 'bottom 25% at epoch 3' }, DEFAULT_OBJECTIVE)).toEqual({ state: 'pruned', reason: 'bottom 25% at epoch 3' });
  });
});

describe('readObjective', () => {
  it('says so when there are no metrics at all', () => {
    expect(readObjective(null, DEFAULT_OBJECTIVE)).toEqual({ kind: 'missing', reason: 'metric "valLoss" was not reported (metrics: none)' });
  });
});
