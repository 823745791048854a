/**
 * One epoch of one fold's model ("lane") on a user dataset, and its metrics: the seeded shuffle of
 * the fold's training rows, one `trainOnBatch` per batch gathered from the fold's tensors (decoupled
 * weight decay after each step), then predictions on the validation rows and every objective metric
 * from them (evaluation/objectives.ts). Each batch and validation chunk is announced to the
 * heartbeat before it may hold the thread (tfjs's cpu ops are synchronous), and the event loop gets a
 * turn after each, so a stop arrives within one batch.
 *
 * Notation (n = a fold's training rows, b = batch size, B = ⌈n / b⌉ batches, v = validation rows,
 * k = classes, (μ, σ) = the fold's target scale):
 *   loss      classification: Σ_batches cross-entropy · rows / n;  regression: the same of the MSE on
 *             standardised targets, times σ² (the MSE on the target's own scale)
 *   accuracy  Σ_batches accuracy · rows / n (classification)
 *   val…      evaluateMetrics on P [v, k] (classification) or ŷ = output · σ + μ [v] (regression)
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../../tuner/rng';
import { evaluateMetrics } from '../evaluation';
import { announceBusy, announceIdle } from '../serve/heartbeat';
import { BATCH_PROGRESS_MS, FIRST_BATCH_MS, SAFETY } from '../serve/model-fit';
import { TrialFailure } from '../serve/failure';
import type { Metrics } from '../serve/protocol';
import { applyDecoupledDecay, type LaneModel, type TrialPlan } from './family-models';
import { batchOf, inputsOf, type FoldTensors } from './fold-tensors';
import type { UserTaskKind } from './protocol';

/** Rows predicted per validation chunk. */
const VALIDATION_CHUNK = 256;

/** Lets queued messages (a stop) and the heartbeat's timer run: the cpu backend never yields on its own. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A trial's batch timings (for the heartbeat's allowances), samples trained and batch progress. */
export class TrialClock {
  private slowestMsPerRow = 0;
  private lastProgress = -Infinity;
  trainedRows = 0;
  trainingMs = 0;

  /** How long `rows` rows may hold the thread: FIRST_BATCH_MS before any batch was timed, else SAFETY × the slowest rate. */
  allowanceMs(rows: number): number {
    return this.slowestMsPerRow > 0 ? SAFETY * this.slowestMsPerRow * rows : FIRST_BATCH_MS;
  }

  /** Runs `work` (on `rows` rows) announced to the heartbeat, and times it. */
  async timed<T>(rows: number, training: boolean, work: () => Promise<T>): Promise<T> {
    announceBusy(this.allowanceMs(rows));
    const started = performance.now();
    try {
      const result = await work();
      const ms = performance.now() - started;
      this.slowestMsPerRow = Math.max(this.slowestMsPerRow, ms / rows);
      if (training) {
        this.trainedRows += rows;
        this.trainingMs += ms;
      }
      return result;
    } finally {
      announceIdle();
    }
  }

  /** Whether batch progress is due now (at most every BATCH_PROGRESS_MS, and always at `last`). */
  progressDue(last: boolean): boolean {
    const now = performance.now();
    if (!last && now - this.lastProgress < BATCH_PROGRESS_MS) return false;
    this.lastProgress = now;
    return true;
  }

  /** Training rows per second so far. */
  samplesPerSecond(): number {
    return this.trainingMs > 0 ? (this.trainedRows * 1000) / this.trainingMs : 0;
  }
}

/** Where a lane is, for messages and progress. */
export interface LaneEpoch {
  readonly task: UserTaskKind;
  /** Classes (classification) or null (regression). */
  readonly classCount: number | null;
  readonly plan: TrialPlan;
  readonly seed: number;
  readonly epoch: number;
  /** " in fold 2 of 5", or "" without cross-validation. */
  readonly where: string;
  readonly clock: TrialClock;
  /** Ends the epoch after the current batch once this says so. */
  readonly stopMidEpoch: () => boolean;
  /** Called after each batch with its loss. */
  readonly onBatch: (loss: number, last: boolean) => void;
}

/** Trains `lane` one epoch; its training loss (and accuracy), or null when stopped mid-epoch. */
export async function trainLaneEpoch(lane: LaneModel, fold: FoldTensors, at: LaneEpoch): Promise<Metrics | null> {
  const { plan } = at;
  const order = Int32Array.from(createRng(deriveSeed(at.seed, at.epoch)).shuffle(Array.from(fold.train)));
  const batches = Math.ceil(order.length / plan.batchSize);
  let lossSum = 0;
  let accuracySum = 0;
  for (let b = 0; b < batches; b++) {
    const rows = order.subarray(b * plan.batchSize, Math.min(order.length, (b + 1) * plan.batchSize));
    const values = await at.clock.timed(rows.length, true, async () => {
      const { x, y } = batchOf(fold, rows, at.classCount);
      try {
        const out = await lane.model.trainOnBatch(x, y);
        applyDecoupledDecay(lane, plan.learningRate, plan.decoupledDecay);
        return out;
      } finally {
        tf.dispose([x, y]);
      }
    });
    const [loss, accuracy] = Array.isArray(values) ? values : [values, NaN];
    if (!Number.isFinite(loss)) {
      throw new TrialFailure('diverged', `training loss became ${loss} at epoch ${at.epoch}, batch ${b + 1} of ${batches}${at.where} (learning rate ${plan.learningRate})`);
    }
    lossSum += (loss as number) * rows.length;
    accuracySum += (accuracy as number) * rows.length;
    at.onBatch(loss as number, b === batches - 1);
    await yieldToEventLoop();
    if (b < batches - 1 && at.stopMidEpoch()) return null;
  }
  const scale = fold.targetScale;
  if (scale === null) return { loss: lossSum / order.length, accuracy: accuracySum / order.length };
  return { loss: (lossSum / order.length) * scale.std * scale.std };
}

/** The model's outputs on the fold's validation rows: [v × k] probabilities, or [v] targets on their own scale. */
async function predictValidation(lane: LaneModel, fold: FoldTensors, at: LaneEpoch): Promise<Float32Array> {
  const width = at.classCount ?? 1;
  const out = new Float32Array(fold.validation.length * width);
  for (let from = 0; from < fold.validation.length; from += VALIDATION_CHUNK) {
    const rows = fold.validation.subarray(from, Math.min(fold.validation.length, from + VALIDATION_CHUNK));
    const values = await at.clock.timed(rows.length, false, async () => {
      const predicted = tf.tidy(() => lane.model.predict(inputsOf(fold, rows)) as tf.Tensor);
      try {
        return await predicted.data<'float32'>();
      } finally {
        predicted.dispose();
      }
    });
    out.set(values, from * width);
    await yieldToEventLoop();
  }
  const scale = fold.targetScale;
  if (scale !== null) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * scale.std + scale.mean;
  return out;
}

/** Every validation metric of the task kind, from the lane's predictions; non-finite predictions fail the trial as diverged. */
export async function validateLane(lane: LaneModel, fold: FoldTensors, at: LaneEpoch): Promise<Metrics> {
  const predictions = await predictValidation(lane, fold, at);
  const bad = predictions.findIndex((p) => !Number.isFinite(p));
  if (bad !== -1) {
    throw new TrialFailure('diverged', `the model's predictions became ${predictions[bad]} after epoch ${at.epoch}${at.where} (learning rate ${at.plan.learningRate})`);
  }
  if (at.classCount !== null) {
    return evaluateMetrics({ kind: 'classification', probabilities: predictions, labels: fold.truth as Int32Array, classCount: at.classCount });
  }
  return evaluateMetrics({ kind: 'regression', predictions, targets: fold.truth as Float32Array });
}

/** The mean of each metric over the folds' metrics (the first fold's names). */
export function meanMetrics(all: readonly Metrics[]): Metrics {
  const first = all[0];
  if (first === undefined) throw new Error('meanMetrics: no folds');
  if (all.length === 1) return first;
  return Object.fromEntries(Object.keys(first).map((name) => [name, all.reduce((sum, m) => sum + (m[name] as number), 0) / all.length]));
}
