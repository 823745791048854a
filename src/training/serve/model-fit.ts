/**
 * One epoch of a user's compiled tfjs model: `model.fit` with `epochs: 1` on the train split,
 * validated on the validation split, with
 *   - a seeded shuffle (tfjs shuffles with Math.random): the epoch's order is a permutation drawn
 *     from (seed, epoch), applied by gathering the split, so a resumed trial sees the same orders;
 *   - the heartbeat told before each batch how long it may hold the thread (tfjs's cpu ops are
 *     synchronous; the last batch also runs validation): `SAFETY` × the slowest batch so far, or
 *     `FIRST_BATCH_MS` before any was timed;
 *   - batch progress at most every `BATCH_PROGRESS_MS`;
 *   - a stop within one batch when `stopMidEpoch` says so (the epoch then counts for nothing).
 * Returns every metric tfjs logged, camelCased (see metric-names.ts).
 *
 * Notation: n = train samples, b = batch size, B = ⌈n / b⌉ batches, V = ⌈n_val / b⌉ validation batches.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../../tuner';
import { announceBusy, announceIdle } from './heartbeat';
import { metricName } from './metric-names';
import type { Split } from './model-data';
import type { Metrics } from './protocol';

/** Allowance for a batch before any batch of the trial was timed (kernels compile on the first). */
export const FIRST_BATCH_MS = 20_000;
/** Allowance over the slowest batch timed so far. */
export const SAFETY = 4;
export const BATCH_PROGRESS_MS = 250;

export interface EpochPlan {
  readonly model: tf.LayersModel;
  readonly train: Split;
  readonly validation?: Split;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly classWeight?: tf.ClassWeight | tf.ClassWeightMap;
  readonly seed: number;
  /** The 1-based epoch being trained (with the seed, it picks the order). */
  readonly epoch: number;
  /** End the epoch after the current batch once this says so. */
  readonly stopMidEpoch: () => boolean;
  readonly reportBatch: (batch: number, batches: number, loss: number) => void;
  /** The slowest batch so far in ms, carried across the trial's epochs (updated here). */
  readonly timing: { slowestBatchMs: number };
}

/** `{ metrics }` of a finished epoch, or null when it was stopped before its end. */
export async function fitEpoch(plan: EpochPlan): Promise<{ readonly metrics: Metrics } | null> {
  const { model, train, validation, batchSize, timing } = plan;
  const batches = Math.ceil(train.samples / batchSize);
  const validationBatches = validation === undefined ? 0 : Math.ceil(validation.samples / batchSize);
  const order = plan.shuffle ? createRng(deriveSeed(plan.seed, plan.epoch)).shuffle(Array.from({ length: train.samples }, (_, i) => i)) : null;
  const shuffled = order === null ? null : tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return { xs: tf.gather(train.xs, indices), ys: tf.gather(train.ys, indices) };
  });
  let batchStart = 0;
  let lastProgress = -Infinity;
  let stoppedEarly = false;
  try {
    const history = await model.fit(shuffled?.xs ?? train.xs, shuffled?.ys ?? train.ys, {
      epochs: 1,
      batchSize,
      shuffle: false,
      verbose: 0,
      ...(validation === undefined ? {} : { validationData: [validation.xs, validation.ys] as [tf.Tensor, tf.Tensor] }),
      ...(plan.classWeight === undefined ? {} : { classWeight: plan.classWeight }),
      callbacks: {
        onBatchBegin: async (batch) => {
          const perBatch = timing.slowestBatchMs > 0 ? SAFETY * timing.slowestBatchMs : FIRST_BATCH_MS;
          announceBusy(perBatch * (batch === batches - 1 ? 1 + validationBatches : 1));
          batchStart = performance.now();
        },
        onBatchEnd: async (batch, logs) => {
          const now = performance.now();
          announceIdle();
          if (batch < batches - 1) timing.slowestBatchMs = Math.max(timing.slowestBatchMs, now - batchStart);
          if (now - lastProgress >= BATCH_PROGRESS_MS || batch === batches - 1) {
            lastProgress = now;
            plan.reportBatch(batch + 1, batches, Number(logs?.loss ?? NaN));
          }
          if (batch < batches - 1 && plan.stopMidEpoch()) {
            stoppedEarly = true;
            model.stopTraining = true;
          }
        },
      },
    });
    if (stoppedEarly) return null;
    const metrics: Record<string, number> = {};
    for (const [name, values] of Object.entries(history.history)) {
      const value = values[values.length - 1];
      metrics[metricName(name)] = typeof value === 'number' ? value : ((await (value as tf.Tensor).data())[0] as number);
    }
    return { metrics };
  } finally {
    announceIdle();
    if (shuffled !== null) tf.dispose([shuffled.xs, shuffled.ys]);
  }
}
