import { describe, expect, it } from 'vitest';
import type { IntermediateValue, SearchSpace, Trial } from '../../../src/tuner';
import { CurvesLayouts } from '../../../src/ui/analysis/curves-layout';
import { MetricCurves, trialThroughMetric } from '../../../src/ui/analysis/curves-metric';
import { lastMetrics, reportedMetricNames } from '../../../src/ui/analysis/epoch-metrics';
import { sortRows, trialColumns, trialRows } from '../../../src/ui/analysis/trial-table';

const SPACE: SearchSpace = { units: { type: 'int', low: 8, high: 256 } };

function trial(id: number, state: Trial['state'], value: number | null, intermediate: IntermediateValue[]): Trial {
  return { id, params: { units: 8 * (id + 1) }, state, value, intermediate, startedAt: 0, endedAt: state === 'running' ? null : 10, reason: null };
}

const epoch = (step: number, valLoss: number, metrics: Record<string, number>): IntermediateValue => ({ step, value: valLoss, metrics: { valLoss, ...metrics } });

const TRIALS: Trial[] = [
  trial(0, 'complete', 0.5, [epoch(1, 0.9, { valAccuracy: 0.6, valMacroF1: 0.5 }), epoch(2, 0.5, { valAccuracy: 0.8, valMacroF1: 0.7 })]),
  trial(1, 'pruned', null, [epoch(1, 1.2, { valAccuracy: 0.4 })]),
  trial(2, 'complete', 0.4, [epoch(1, 0.7, { valAccuracy: 0.7, valMacroF1: 0.65 }), epoch(2, 0.4, { valAccuracy: 0.9, valMacroF1: 0.85, valBalancedAccuracy: 0.88 })]),
  trial(3, 'running', null, []),
  // An older study's trial: values only, no metrics.
  trial(4, 'complete', 0.6, [{ step: 1, value: 0.6 }]),
];

describe('reported metrics', () => {
  it('reads the last epoch that reported metrics, and nothing from a trial without any', () => {
    expect(lastMetrics(TRIALS[0]!)).toEqual({ valLoss: 0.5, valAccuracy: 0.8, valMacroF1: 0.7 });
    expect(lastMetrics(TRIALS[3]!)).toEqual({});
    expect(lastMetrics(TRIALS[4]!)).toEqual({});
  });

  it('names every metric the trials reported, in the order first seen, the objective first when asked', () => {
    expect(reportedMetricNames(TRIALS)).toEqual(['valLoss', 'valAccuracy', 'valMacroF1', 'valBalancedAccuracy']);
    expect(reportedMetricNames(TRIALS, 'valMacroF1')).toEqual(['valMacroF1', 'valLoss', 'valAccuracy', 'valBalancedAccuracy']);
    // An objective that is only the trials' values (no metric of that name) leads only when always asked.
    expect(reportedMetricNames(TRIALS, 'objective')).toEqual(['valLoss', 'valAccuracy', 'valMacroF1', 'valBalancedAccuracy']);
    expect(reportedMetricNames(TRIALS.slice(3), 'objective', true)).toEqual(['objective']);
  });
});

describe('trials table metric columns', () => {
  it('adds a column per metric after the objective, holding each trial’s last reported value', () => {
    const metrics = reportedMetricNames(TRIALS).filter((name) => name !== 'valLoss');
    expect(trialColumns(SPACE, 'validation loss', metrics).map((c) => c.key)).toEqual([
      'id',
      'state',
      'value',
      'metric:valAccuracy',
      'metric:valMacroF1',
      'metric:valBalancedAccuracy',
      'param:units',
      'epochs',
      'duration',
    ]);
    const rows = trialRows(TRIALS, 'minimize');
    expect(rows.map((r) => r.metrics['valAccuracy'] ?? null)).toEqual([0.8, 0.4, 0.9, null, null]);
  });

  it('sorts by a metric column either way, trials without it last', () => {
    const rows = trialRows(TRIALS, 'minimize');
    expect(sortRows(rows, 'metric:valAccuracy', false).map((r) => r.id)).toEqual([2, 0, 1, 3, 4]);
    expect(sortRows(rows, 'metric:valAccuracy', true).map((r) => r.id)).toEqual([1, 0, 2, 3, 4]);
    expect(sortRows(rows, 'metric:valBalancedAccuracy', true).map((r) => r.id)).toEqual([2, 0, 1, 3, 4]);
  });
});

describe('learning curves of a chosen metric', () => {
  it('replaces each step’s value by the metric’s, null where the step did not report it', () => {
    const seen = trialThroughMetric(TRIALS[2]!, 'valBalancedAccuracy');
    expect(seen.intermediate).toEqual([
      { step: 1, value: null },
      { step: 2, value: 0.88 },
    ]);
    expect(seen.value).toBe(0.4);
    expect(seen.params).toBe(TRIALS[2]!.params);
  });

  it('keeps finished trials’ projections from call to call, and the trials themselves for the objective', () => {
    const curves = new MetricCurves();
    expect(curves.of(TRIALS, null)).toBe(TRIALS);
    const first = curves.of(TRIALS, 'valAccuracy');
    const again = curves.of([...TRIALS], 'valAccuracy');
    expect(again[0]).toBe(first[0]);
    expect(again[3]).not.toBe(first[3]);
    expect(first.map((t) => t.intermediate.map((p) => p.value))).toEqual([[0.6, 0.8], [0.4], [0.7, 0.9], [], [null]]);
    expect(curves.of(TRIALS, 'valMacroF1')[0]?.intermediate.map((p) => p.value)).toEqual([0.5, 0.7]);
  });

  it('lays out the chosen metric’s extents while the best trial stays the objective’s', () => {
    const layout = new CurvesLayouts().layout(new MetricCurves().of(TRIALS, 'valAccuracy'), 'minimize', { maxCurves: 150, bestCurves: 15 });
    expect(layout.values).toEqual([0.4, 0.9]);
    expect(layout.best?.id).toBe(2);
  });
});
