/** The catalogue of objective metrics and evaluateMetrics, which computes a task kind's metrics in one call. */
import { describe, expect, it } from 'vitest';
import { OBJECTIVE_METRICS, TASK_KINDS, evaluateMetrics, objectiveMetric, objectiveMetricsFor } from '../../../src/training/evaluation';

describe('objective metrics', () => {
  it('offers four metrics per task kind, the loss first, each with the direction its meaning asks', () => {
    expect(objectiveMetricsFor('classification').map((m) => [m.name, m.direction])).toEqual([
      ['valLoss', 'minimize'],
      ['valAccuracy', 'maximize'],
      ['valBalancedAccuracy', 'maximize'],
      ['valMacroF1', 'maximize'],
    ]);
    expect(objectiveMetricsFor('regression').map((m) => [m.name, m.direction])).toEqual([
      ['valLoss', 'minimize'],
      ['valRmse', 'minimize'],
      ['valMae', 'minimize'],
      ['valR2', 'maximize'],
    ]);
    expect(OBJECTIVE_METRICS.every((m) => m.label.length > 0)).toBe(true);
  });

  it('finds a metric by kind and name, and names the choices when there is none', () => {
    expect(objectiveMetric('regression', 'valR2').label).toBe('validation R²');
    expect(() => objectiveMetric('regression', 'valAccuracy')).toThrow(/regression has no metric "valAccuracy" \(it has valLoss, valRmse, valMae, valR2\)/);
  });

  it('computes every metric of a task kind in one call, keyed by the catalogue names', () => {
    const classification = evaluateMetrics({
      kind: 'classification',
      probabilities: Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4]),
      labels: Int32Array.from([0, 1, 1]),
      classCount: 2,
    });
    const regression = evaluateMetrics({ kind: 'regression', targets: Float32Array.from([3, -0.5, 2, 7]), predictions: Float32Array.from([2.5, 0, 2, 8]) });
    for (const kind of TASK_KINDS) {
      const metrics = kind === 'classification' ? classification : regression;
      expect(Object.keys(metrics).sort()).toEqual(objectiveMetricsFor(kind).map((m) => m.name).sort());
    }
    expect(classification.valAccuracy).toBeCloseTo(2 / 3, 12);
    expect(classification.valBalancedAccuracy).toBeCloseTo(0.75, 12);
    expect(classification.valLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, 6);
    expect(regression).toMatchObject({ valLoss: 0.375, valMae: 0.5 });
    expect(regression.valRmse).toBeCloseTo(Math.sqrt(0.375), 12);
  });
});
