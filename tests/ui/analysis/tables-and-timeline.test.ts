import { describe, expect, it } from 'vitest';
import type { TunerEvent } from '../../../src/runner/tuner-events';
import { createStudy, inspectGp, type SearchSpace, type Trial } from '../../../src/tuner';
import { gpGrid2D, gpSlice1D } from '../../../src/ui/analysis/gp-slices';
import { projectTrials } from '../../../src/ui/analysis/projection';
import { timelineFromEvents } from '../../../src/ui/analysis/timeline';
import { sortRows, trialColumns, trialRows } from '../../../src/ui/analysis/trial-table';

const SPACE: SearchSpace = { lr: { type: 'float', low: 1e-3, high: 1, log: true }, opt: { type: 'categorical', choices: ['adam', 'sgd'] } };

function trial(id: number, state: Trial['state'], value: number | null, lr: number, epochs: number): Trial {
  return {
    id,
    params: { lr, opt: id % 2 === 0 ? 'adam' : 'sgd' },
    state,
    value,
    intermediate: Array.from({ length: epochs }, (_, i) => ({ step: i + 1, value: 1 / (i + 1) })),
    startedAt: id * 1000,
    endedAt: state === 'running' ? null : id * 1000 + 500,
    reason: null,
  };
}
const TRIALS = [trial(0, 'complete', 0.5, 0.01, 3), trial(1, 'pruned', null, 0.1, 1), trial(2, 'complete', 0.2, 0.003, 3), trial(3, 'running', null, 0.5, 0)];

describe('trial table', () => {
  it('makes one row per trial with epochs, duration and the best marked', () => {
    const rows = trialRows(TRIALS, 'minimize', 4000);
    expect(rows.map((r) => r.best)).toEqual([false, false, true, false]);
    expect(rows.map((r) => r.epochs)).toEqual([3, 1, 3, null]);
    expect(rows.map((r) => r.duration)).toEqual([0.5, 0.5, 0.5, 1]);
    // A trial without a final value shows the last value it reported (pruned at epoch 1: 1/1).
    expect(rows.map((r) => r.reported)).toEqual([null, { value: 1, step: 1 }, null, null]);
    expect(trialColumns(SPACE).map((c) => c.key)).toEqual(['id', 'state', 'value', 'param:lr', 'param:opt', 'epochs', 'duration']);
  });
  it('sorts by a column either way, missing values last', () => {
    const rows = trialRows(TRIALS, 'minimize');
    expect(sortRows(rows, 'value', true).map((r) => r.id)).toEqual([2, 0, 1, 3]);
    expect(sortRows(rows, 'value', false).map((r) => r.id)).toEqual([0, 2, 1, 3]);
    expect(sortRows(rows, 'param:lr', true).map((r) => r.id)).toEqual([2, 0, 1, 3]);
    expect(sortRows(rows, 'param:opt', true).map((r) => r.id)).toEqual([0, 2, 1, 3]);
  });
});

describe('timelineFromEvents', () => {
  it('makes a bar per attempt, with crashes, stops and running attempts', () => {
    const p = { lr: 0.1 };
    const events: TunerEvent[] = [
      { type: 'trial-started', at: 1000, trialId: 0, slot: 0, attempt: 0, params: p },
      { type: 'trial-started', at: 1000, trialId: 1, slot: 1, attempt: 0, params: p },
      { type: 'slot-crashed', at: 2000, slot: 1, trialId: 1, reason: 'lost', retrying: true },
      { type: 'trial-started', at: 2500, trialId: 1, slot: 1, attempt: 1, params: p },
      { type: 'trial-finished', at: 4000, trialId: 0, slot: 0, state: 'complete', value: 0.3, reason: null },
      { type: 'trial-started', at: 4000, trialId: 2, slot: 0, attempt: 0, params: p },
      { type: 'trial-finished', at: 5000, trialId: 1, slot: 1, state: 'failed', value: null, reason: 'cancelled: tuning was stopped' },
    ];
    const t = timelineFromEvents(events);
    expect(t.slots).toBe(2);
    expect(t.end).toBe(4);
    expect(t.bars.map((b) => [b.trialId, b.attempt, b.start, b.end, b.outcome])).toEqual([
      [0, 0, 0, 3, 'complete'],
      [1, 0, 0, 1, 'crashed'],
      [1, 1, 1.5, 4, 'stopped'],
      [2, 0, 3, null, 'running'],
    ]);
    expect(t.bars[0]?.value).toBe(0.3);
  });
});

describe('GP slices and projections', () => {
  const study = createStudy({ space: SPACE, sampler: 'random', seed: 5 });
  for (let i = 0; i < 12; i++) {
    const { id, params } = study.ask();
    study.tell(id, (Math.log10(params.lr as number) + 2) ** 2 + (params.opt === 'sgd' ? 0.5 : 0));
  }
  const inspection = inspectGp(study);
  if (inspection === null) throw new Error('no inspection');

  it('slices along a continuous parameter with finite mean, std ≥ 0 and EI ≥ 0', () => {
    const slice = gpSlice1D(study, inspection, 'lr', { count: 50 });
    expect(slice.samples).toHaveLength(50);
    expect(slice.observed).toHaveLength(12);
    for (const s of slice.samples) {
      expect(Number.isFinite(s.mean)).toBe(true);
      expect(s.std).toBeGreaterThanOrEqual(0);
      expect(s.ei).toBeGreaterThanOrEqual(0);
    }
    expect(slice.samples[0]?.value).toBeCloseTo(1e-3);
    expect(slice.nextU).toBeGreaterThanOrEqual(0);
  });
  it('slices a categorical at its choices', () => {
    expect(gpSlice1D(study, inspection, 'opt').samples.map((s) => s.value)).toEqual(['adam', 'sgd']);
  });
  it('grids two parameters row-major', () => {
    const grid = gpGrid2D(study, inspection, 'lr', 'opt', { res: 6 });
    expect(grid.mean).toHaveLength(36);
    expect(grid.ei.every((v) => v >= 0)).toBe(true);
    expect(grid.observed.every((o) => o.u >= 0 && o.u <= 1 && (o.v === 0.25 || o.v === 0.75))).toBe(true);
  });
  it('projects trials to encoded coordinates', () => {
    const points = projectTrials(study.trials, SPACE, 'lr', 'opt');
    expect(points).toHaveLength(12);
    expect(points.every((p) => p.u > 0 && p.u < 1)).toBe(true);
  });
});
