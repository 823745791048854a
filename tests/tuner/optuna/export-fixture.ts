/**
 * A study with every kind of thing an Optuna export must carry: each distribution kind (float
 * plain and log, int plain, log and stepped, categoricals of strings, numbers and booleans),
 * complete, pruned, failed and running trials, intermediate values with metrics, constraints,
 * told compute time, and a queued configuration. Deterministic (seeded sampler, stepping clock).
 */
import { createStudy, type Study } from '../../../src/tuner';

/** The fixture's space: one parameter per distribution kind. */
export const VARIETY_SPACE = {
  lr: { type: 'float', low: 1e-4, high: 0.1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5 },
  units: { type: 'int', low: 8, high: 256, log: true },
  layers: { type: 'int', low: 1, high: 9, step: 2 },
  epochs: { type: 'int', low: 1, high: 5 },
  activation: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
  batch: { type: 'categorical', choices: [16, 32, 0.5] },
  batchNorm: { type: 'categorical', choices: [true, false] },
} as const;

/** A fixed start: 2024-05-01T12:00:00.000Z; each clock reading steps 1.25 s. */
export const FIXTURE_T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

/**
 * Seven trials: 0–2 complete (feasible, infeasible, feasible), 3 pruned after two epochs,
 * 4 failed, 5 complete, 6 still running; one configuration queued after them.
 */
export function varietyStudy(): Study {
  let tick = 0;
  const study = createStudy({
    space: VARIETY_SPACE,
    sampler: 'random',
    seed: 7,
    name: 'variety "study"',
    clock: () => FIXTURE_T0 + 1250 * tick++,
    constraints: ['paramsOver', 'latencyOver'],
  });
  const epochs = (id: number, values: number[]) => values.forEach((v, i) => study.report(id, i + 1, v, { valLoss: v, accuracy: 1 - v / 2 }));
  const t0 = study.ask().id;
  epochs(t0, [0.9, 0.6, 0.45]);
  study.tell(t0, 0.45, { constraints: { paramsOver: -100, latencyOver: -1.5 }, computeMs: 1800 });
  const t1 = study.ask().id;
  epochs(t1, [0.8, 0.5]);
  study.tell(t1, 0.5, { constraints: { paramsOver: 250, latencyOver: 0 } });
  const t2 = study.ask().id;
  epochs(t2, [0.7, 0.4, 0.3]);
  study.tell(t2, 0.3, { constraints: { paramsOver: 0, latencyOver: -0.25 } });
  const t3 = study.ask().id;
  epochs(t3, [1.2, 1.1]);
  study.tell(t3, { state: 'pruned', reason: 'median rule at epoch 2' });
  const t4 = study.ask().id;
  study.tell(t4, { state: 'failed', reason: 'out of memory' });
  const t5 = study.ask().id;
  epochs(t5, [0.65]);
  study.tell(t5, 0.65, { constraints: { paramsOver: -5, latencyOver: -5 } });
  const t6 = study.ask().id;
  epochs(t6, [0.95]);
  study.enqueue({ lr: 0.01, dropout: 0.25, units: 64, layers: 3, epochs: 2, activation: 'gelu', batch: 0.5, batchNorm: false });
  return study;
}
