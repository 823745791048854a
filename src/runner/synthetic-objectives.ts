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

/**
 * The Branin function on its usual box, a 2-D landscape with three global minima (f* ≈ 0.397887):
 *   f(x1, x2) = (x2 − 5.1x1²/(4π²) + 5x1/π − 6)² + 10(1 − 1/(8π)) cos x1 + 10,  x1 ∈ [−5, 10], x2 ∈ [0, 15]
 * Cheap enough to draw as a map under the points each strategy sampled.
 */
export const braninLandscape: SyntheticObjective & { readonly fStar: number } = {
  name: 'branin',
  space: {
    x1: { type: 'float', low: -5, high: 10 },
    x2: { type: 'float', low: 0, high: 15 },
  },
  value: (p: Params) => {
    const x1 = Number(p.x1);
    const x2 = Number(p.x2);
    const b = 5.1 / (4 * Math.PI * Math.PI);
    return (x2 - b * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  },
  fStar: 0.397887357729739,
};
