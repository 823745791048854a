/**
 * Synthetic objectives shaped like real training runs, for the simulated backend (demos, tests).
 * Benchmark functions with known optima live in bench/tuner/functions.ts; they fit
 * `SyntheticObjective` as they are.
 */
import type { Params } from '../tuner';
import type { SyntheticObjective } from './simulated';

/**
 * A small MLP on an image classification task, caricatured: validation loss is lowest near
 * learningRate ≈ 3e-3, units ≈ 128, dropout ≈ 0.2, batchSize 32, with minimum 0.25;
 * an epoch costs more with more units and smaller batches.
 *
 *   f(p) = 0.25 + 0.3·(log10 lr + 2.5)² + 0.0125·(log2 units − 7)² + 0.4·(dropout − 0.2)² + 0.02·(log2(batch / 32))²
 *   cost(p) = 0.4 s + 1.2 s · (units / 128) · (32 / batch)      per epoch
 */
export const syntheticMlp: SyntheticObjective = {
  name: 'synthetic-mlp',
  space: {
    learningRate: { type: 'float', low: 1e-4, high: 1e-1, log: true },
    units: { type: 'int', low: 16, high: 512, log: true },
    dropout: { type: 'float', low: 0, high: 0.5 },
    batchSize: { type: 'categorical', choices: [16, 32, 64, 128] },
  },
  value: (p: Params) => {
    const { lr, units, dropout, batch } = mlpParams(p);
    return (
      0.25 +
      0.3 * (Math.log10(lr) + 2.5) ** 2 +
      0.0125 * (Math.log2(units) - 7) ** 2 +
      0.4 * (dropout - 0.2) ** 2 +
      0.02 * Math.log2(batch / 32) ** 2
    );
  },
  secondsPerEpoch: (p: Params) => {
    const { units, batch } = mlpParams(p);
    return 0.4 + 1.2 * (units / 128) * (32 / batch);
  },
};

function mlpParams(p: Params): { lr: number; units: number; dropout: number; batch: number } {
  return {
    lr: Number(p.learningRate),
    units: Number(p.units),
    dropout: Number(p.dropout),
    batch: Number(p.batchSize),
  };
}
