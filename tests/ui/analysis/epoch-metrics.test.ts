import { describe, expect, it } from 'vitest';
import { createStudy } from '../../../src/tuner';
import { epochMetricTable } from '../../../src/ui/analysis/epoch-metrics';

const space = { x: { type: 'float', low: 0, high: 1 } } as const;

describe('epochMetricTable', () => {
  it('has a row per epoch and a column per reported metric, the objective first', () => {
    const study = createStudy({ space, sampler: 'random', seed: 1 });
    const { id } = study.ask();
    study.report(id, 1, 0.9, { loss: 1.1, accuracy: 0.5, valLoss: 0.9 });
    study.report(id, 2, 0.7, { loss: 0.8, accuracy: 0.6, valLoss: 0.7, valAccuracy: 0.62 });
    const table = epochMetricTable(study.trials[id]!, 'valLoss');
    expect(table.metrics).toEqual(['valLoss', 'loss', 'accuracy', 'valAccuracy']);
    expect(table.rows).toEqual([
      { step: 1, values: [0.9, 1.1, 0.5, null] },
      { step: 2, values: [0.7, 0.8, 0.6, 0.62] },
    ]);
  });

  it('shows the steps’ own values when a trial reported no metrics (older studies)', () => {
    const study = createStudy({ space, sampler: 'random', seed: 1 });
    const { id } = study.ask();
    study.report(id, 1, 3);
    study.report(id, 2, Number.NaN);
    expect(epochMetricTable(study.trials[id]!, 'objective')).toEqual({ metrics: ['objective'], rows: [{ step: 1, values: [3] }, { step: 2, values: [null] }] });
  });
});
