/**
 * The training loop of one trial: seeded splits and shuffles, one `trainOnBatch` per step,
 * validation after every epoch, and an ending for every case (complete, stopped, failed).
 * Every tensor it makes is freed before it returns, whatever happened.
 *
 * Notation (n = batch size, h × w × c = image shape, k = classes):
 *   x  [n, h, w, c]  float32 pixels / 255
 *   y  [n, k]        float32 one-hot labels
 *   p  [n, k]        predicted class probabilities
 *   valLoss = mean over samples of −Σ_k y·log(clip(p, 1e-7, 1)); valAccuracy = mean [argmax p = argmax y]
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../tuner/rng';
import type { TrainConfig } from './config';
import { foldSplits, sampleSize, splitDataset, type Dataset, type Fold } from './datasets';
import { assembleCheckpoint, CheckpointMismatchError, cloneCheckpoint, readModelWeights, readOptimizerState, restoreCheckpoint } from './serve/checkpoint';
import { announceBusy, announceIdle } from './serve/heartbeat';
import { buildModel, buildOptimizer, disposeOptimizer } from './models';
import type { EpochMetrics, FailureCause, ProgressListener, TrainBudget, TrainCheckpointing, TrainResult } from './protocol';
import type { TrialCheckpoint } from './serve/protocol';
import { BatchClock, batchMegaops, forwardMegaops, type BatchKind } from './step-cost';

/** How a caller steers a running trial. */
export interface TrainControl {
  /** Polled after every batch. */
  readonly stopRequested: () => boolean;
  /** Resolves with a reason when the backend died (e.g. WebGPU device lost); never rejects. */
  readonly backendLost: Promise<string>;
}

const VALIDATION_BATCH = 256;
const BATCH_PROGRESS_INTERVAL_MS = 250;
/** How long after a tfjs error a backend loss still counts as its cause. */
const LOSS_GRACE_MS = 2_000;

/** Ends a trial early with a cause; thrown inside the loop, turned into a result at the top. */
class TrialFailure extends Error {
  constructor(
    readonly failure: FailureCause,
    reason: string,
  ) {
    super(reason);
  }
}

/** Lets queued messages (e.g. a `stop`) and the heartbeat's timer run: the cpu backend never yields on its own. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** This worker's batch timings: each batch is announced to the heartbeat before it holds the thread. */
const batchClock = new BatchClock();

/** Runs one batch of `megaops` million forward operations, announced beforehand and timed. */
async function timedBatch<T>(kind: BatchKind, megaops: number, work: () => Promise<T>): Promise<T> {
  announceBusy(batchClock.allowanceMs(kind, megaops));
  const started = performance.now();
  try {
    const result = await work();
    batchClock.record(kind, megaops, performance.now() - started);
    return result;
  } finally {
    announceIdle();
  }
}

/** `work`, unless the backend dies first. */
async function unlessLost<T>(work: Promise<T>, control: TrainControl): Promise<T> {
  work.catch(() => undefined);
  const first = await Promise.race([
    work.then((value) => ({ lost: false as const, value })),
    control.backendLost.then((reason) => ({ lost: true as const, reason })),
  ]);
  if (first.lost) throw new TrialFailure('backend-lost', first.reason);
  return first.value;
}

/** An error thrown by tfjs, blamed on the backend when it was lost around that time. */
async function explain(error: unknown, control: TrainControl): Promise<TrialFailure> {
  const message = error instanceof Error ? error.message : String(error);
  const grace = new Promise<null>((resolve) => setTimeout(() => resolve(null), LOSS_GRACE_MS));
  const lost = await Promise.race([control.backendLost, grace]);
  return lost === null ? new TrialFailure('error', message) : new TrialFailure('backend-lost', `${lost} (${message})`);
}

/** x and y for the samples `indices[from, to)`. */
function batchTensors(dataset: Dataset, indices: Int32Array, from: number, to: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const n = to - from;
  const size = sampleSize(dataset.shape);
  const k = dataset.classCount;
  const pixels = new Float32Array(n * size);
  const oneHot = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const sample = indices[from + i];
    const source = dataset.images.subarray(sample * size, (sample + 1) * size);
    for (let j = 0; j < size; j++) pixels[i * size + j] = source[j] / 255;
    oneHot[i * k + dataset.labels[sample]] = 1;
  }
  const [h, w, c] = dataset.shape;
  return { x: tf.tensor4d(pixels, [n, h, w, c]), y: tf.tensor2d(oneHot, [n, k]) };
}

/** Mean cross-entropy and accuracy of `model` on `indices`. */
async function validate(model: tf.LayersModel, dataset: Dataset, indices: Int32Array, control: TrainControl, megaopsPerSample: number) {
  let lossSum = 0;
  let correct = 0;
  for (let from = 0; from < indices.length; from += VALIDATION_BATCH) {
    const to = Math.min(indices.length, from + VALIDATION_BATCH);
    const [loss, hits] = await timedBatch('forward', batchMegaops(megaopsPerSample, to - from), async () => {
      const { x, y } = batchTensors(dataset, indices, from, to);
      const sums = tf.tidy(() => {
        const p = model.predict(x) as tf.Tensor2D;
        const crossEntropy = tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1)))));
        const hits = tf.sum(tf.cast(tf.equal(tf.argMax(p, 1), tf.argMax(y, 1)), 'float32'));
        return tf.stack([crossEntropy, hits]);
      });
      tf.dispose([x, y]);
      try {
        return await unlessLost(sums.data(), control);
      } finally {
        sums.dispose();
      }
    });
    lossSum += loss;
    correct += hits;
    await yieldToEventLoop();
    if (control.stopRequested()) return null;
  }
  return { valLoss: lossSum / indices.length, valAccuracy: correct / indices.length };
}

/** Largest `budget.folds`. */
const MAX_FOLDS = 10;

/**
 * Checks the budget (against the dataset's splits); the train/validation index lists to use: one
 * pair without cross-validation, one per fold with `budget.folds` = k ≥ 2.
 */
function selectSamples(dataset: Dataset, budget: TrainBudget): Fold[] {
  const split = splitDataset(dataset.labels.length, dataset.testCount, budget.splitSeed);
  const check = (name: string, wanted: number, available: number) => {
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > available) {
      throw new TrialFailure('error', `budget.${name} must be an integer in [1, ${available}] for ${dataset.name}, got ${wanted}`);
    }
  };
  check('trainSamples', budget.trainSamples, split.train.length);
  check('validationSamples', budget.validationSamples, split.validation.length);
  const folds = budget.folds ?? 1;
  check('folds', folds, Math.min(MAX_FOLDS, budget.trainSamples + budget.validationSamples));
  const train = split.train.subarray(0, budget.trainSamples);
  const validation = split.validation.subarray(0, budget.validationSamples);
  if (folds === 1) return [{ train, validation }];
  const pool = new Int32Array(train.length + validation.length);
  pool.set(train);
  pool.set(validation, train.length);
  return foldSplits(pool, folds, budget.splitSeed);
}

/** One fold's model in training. */
interface Lane {
  readonly fold: Fold;
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
}

/** Frees a lane's model and optimiser; a lost backend may refuse, and the worker is replaced then anyway. */
function disposeLane(lane: Lane): void {
  try {
    lane.model.dispose();
    disposeOptimizer(lane.optimizer);
  } catch {
    // See above.
  }
}

/** The mean of each metric over the folds' metrics. */
function meanMetrics(all: readonly EpochMetrics[]): EpochMetrics {
  const mean = (pick: (m: EpochMetrics) => number) => all.reduce((sum, m) => sum + pick(m), 0) / all.length;
  return { loss: mean((m) => m.loss), accuracy: mean((m) => m.accuracy), valLoss: mean((m) => m.valLoss), valAccuracy: mean((m) => m.valAccuracy) };
}

/**
 * Trains one trial of `config` on `dataset` within `budget`. Resolves with its result, never rejects.
 * `onProgress` gets a 'batch' report a few times a second and an 'epoch' report after each epoch
 * (awaited, so it arrives before the result); a listener that throws is ignored.
 *
 * With `checkpointing.startFrom` (k epochs done) it loads that state into the model the config
 * builds and trains epochs k + 1 … config.epochs, numbered so; the epoch's
 * shuffle is seeded by (seed, epoch), so a paused and resumed trial sees the same batches as one run
 * straight through. With `checkpointing.saveCheckpoint` it snapshots the state after every finished
 * epoch (a stop mid-epoch must not hand back half an epoch's weights) and returns the last snapshot
 * with a complete or stopped result; 'every-epoch' also sends each snapshot (a copy) with the epoch's progress.
 *
 * With `budget.folds` = k ≥ 2 (k-fold cross-validation) it trains k models in lockstep: epoch e of
 * fold 1, …, fold k, then one 'epoch' report with the mean over the folds of each metric, so a
 * scheduler sees a cross-validated curve epoch by epoch. All k models stay alive until the trial
 * ends (they are small next to the dataset); a divergence in any fold fails the trial, a stop ends
 * it within a batch, and checkpoints (one model's state) are refused.
 */
export async function trainTrial(
  dataset: Dataset,
  config: TrainConfig,
  budget: TrainBudget,
  onProgress: ProgressListener,
  control: TrainControl,
  checkpointing: TrainCheckpointing = {},
): Promise<TrainResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const { startFrom, saveCheckpoint } = checkpointing;
  /** The state after the last finished epoch, kept only when the caller wants checkpoints. */
  let latest: TrialCheckpoint | null = null;
  const withCheckpoint = () => (latest === null ? {} : { checkpoint: latest });
  const read = <T>(work: Promise<T>) => unlessLost(work, control);
  let epochs = 0;
  let paramCount: number | null = null;
  let trainedSamples = 0;
  let trainingMs = 0;
  let metrics: EpochMetrics | null = null;
  const lanes: Lane[] = [];
  const summary = () => ({
    epochs,
    elapsedMs: elapsed(),
    paramCount,
    samplesPerSecond: trainingMs > 0 ? (trainedSamples * 1000) / trainingMs : 0,
  });
  const report = async (progress: Parameters<ProgressListener>[0], wait: boolean) => {
    try {
      const done = onProgress(progress);
      if (wait) await done;
      else Promise.resolve(done).catch(() => undefined);
    } catch {
      // A listener's failure is the listener's problem, never the trial's.
    }
  };

  try {
    const folds = selectSamples(dataset, budget);
    if (folds.length > 1 && (startFrom !== undefined || saveCheckpoint !== undefined)) {
      throw new TrialFailure('error', `checkpoints hold one model: a trial with ${folds.length} cross-validation folds cannot resume from or save one`);
    }
    for (const fold of folds) {
      // Every fold starts from the same seeded weights, so folds differ only in their data.
      const built = buildModel(config, { shape: dataset.shape, classCount: dataset.classCount }, budget.seed);
      paramCount = built.paramCount;
      let optimizer: tf.Optimizer;
      try {
        optimizer = buildOptimizer(config);
      } catch (error) {
        built.model.dispose();
        throw error;
      }
      lanes.push({ fold, model: built.model, optimizer });
      built.model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    }
    const totalEpochs = config.epochs;
    if (startFrom !== undefined) {
      const { model, optimizer } = lanes[0];
      try {
        await restoreCheckpoint(startFrom, model, optimizer, config.optimizer);
      } catch (error) {
        if (error instanceof CheckpointMismatchError) throw new TrialFailure('error', error.message);
        throw error;
      }
      if (startFrom.epochsDone >= totalEpochs) {
        throw new TrialFailure('error', `the checkpoint already holds ${startFrom.epochsDone} epochs; this trial may train ${totalEpochs}`);
      }
      epochs = startFrom.epochsDone;
      // Restoring copied the buffers into tensors, so the start state can be handed back as it came.
      if (saveCheckpoint !== undefined) latest = startFrom;
    }
    const megaopsPerSample = forwardMegaops(config, dataset.shape, dataset.classCount);
    batchClock.startTrial();
    /** Batches per epoch over all folds; 'batch' progress counts through them. */
    const batches = lanes.reduce((sum, lane) => sum + Math.ceil(lane.fold.train.length / config.batchSize), 0);
    const where = (fold: number) => (lanes.length > 1 ? ` in fold ${fold + 1} of ${lanes.length}` : '');
    let lastBatchReport = 0;

    for (let epoch = epochs + 1; epoch <= totalEpochs; epoch++) {
      const foldMetrics: EpochMetrics[] = [];
      let batchesDone = 0;
      let weights: Awaited<ReturnType<typeof readModelWeights>> | null = null;
      for (const [f, { fold, model }] of lanes.entries()) {
        const order = Int32Array.from(createRng(deriveSeed(budget.seed, epoch)).shuffle(Array.from(fold.train)));
        const foldBatches = Math.ceil(order.length / config.batchSize);
        let lossSum = 0;
        let accuracySum = 0;
        for (let b = 0; b < foldBatches; b++) {
          const from = b * config.batchSize;
          const to = Math.min(order.length, from + config.batchSize);
          const stepStarted = performance.now();
          const values = await timedBatch('train', batchMegaops(megaopsPerSample, to - from), async () => {
            const { x, y } = batchTensors(dataset, order, from, to);
            try {
              return await unlessLost(model.trainOnBatch(x, y), control);
            } finally {
              tf.dispose([x, y]);
            }
          });
          trainingMs += performance.now() - stepStarted;
          trainedSamples += to - from;
          batchesDone++;
          const [loss, accuracy] = Array.isArray(values) ? values : [values, NaN];
          if (!Number.isFinite(loss)) {
            throw new TrialFailure(
              'diverged',
              `training loss became ${loss} at epoch ${epoch}, batch ${b + 1} of ${foldBatches}${where(f)} (learning rate ${config.learningRate})`,
            );
          }
          lossSum += loss * (to - from);
          accuracySum += accuracy * (to - from);
          if (performance.now() - lastBatchReport >= BATCH_PROGRESS_INTERVAL_MS) {
            lastBatchReport = performance.now();
            void report({ kind: 'batch', epoch, batch: batchesDone, batches, loss, elapsedMs: elapsed() }, false);
          }
          await yieldToEventLoop();
          if (control.stopRequested()) return { kind: 'stopped', metrics, ...summary(), ...withCheckpoint() };
        }
        // Read back after every epoch because the loss alone can hide a blow-up (see readModelWeights).
        weights = await readModelWeights(model, saveCheckpoint !== undefined, read);
        if (weights.nonFinite !== null) {
          throw new TrialFailure('diverged', `weights of ${weights.nonFinite} became non-finite in epoch ${epoch}${where(f)} (learning rate ${config.learningRate})`);
        }
        const validation = await validate(model, dataset, fold.validation, control, megaopsPerSample);
        if (validation === null) return { kind: 'stopped', metrics, ...summary(), ...withCheckpoint() };
        if (!Number.isFinite(validation.valLoss)) {
          throw new TrialFailure('diverged', `validation loss became ${validation.valLoss} after epoch ${epoch}${where(f)} (learning rate ${config.learningRate})`);
        }
        foldMetrics.push({ loss: lossSum / order.length, accuracy: accuracySum / order.length, ...validation });
      }
      metrics = lanes.length === 1 ? foldMetrics[0] : meanMetrics(foldMetrics);
      epochs = epoch;
      // Checkpoints exist only with one lane (refused above otherwise), so `weights` is its model's.
      if (saveCheckpoint !== undefined && weights !== null) {
        latest = assembleCheckpoint(epoch, config.optimizer, weights, await readOptimizerState(lanes[0].optimizer, read));
      }
      const snapshot = saveCheckpoint === 'every-epoch' && latest !== null ? { checkpoint: cloneCheckpoint(latest) } : {};
      const perFold = lanes.length > 1 ? { foldMetrics } : {};
      await report({ kind: 'epoch', epoch, metrics, elapsedMs: elapsed(), samplesPerSecond: summary().samplesPerSecond, ...perFold, ...snapshot }, true);
      if (control.stopRequested() && epoch < totalEpochs) return { kind: 'stopped', metrics, ...summary(), ...withCheckpoint() };
    }
    return { kind: 'complete', metrics: metrics as EpochMetrics, ...summary(), ...withCheckpoint() };
  } catch (error) {
    const failure = error instanceof TrialFailure ? error : await explain(error, control);
    return { kind: 'failed', cause: failure.failure, reason: failure.message, metrics, ...summary() };
  } finally {
    for (const lane of lanes) disposeLane(lane);
  }
}
