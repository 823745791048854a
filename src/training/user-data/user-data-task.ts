/**
 * Training on the user's own data as a task for `serveTrials`: the page's user-data workers
 * (workers/user-data.worker.ts) serve it, and code can run it in-process (benchmarks, tests). A
 * user task in the page and a user task in code are the same thing.
 *
 *   setup(UserTaskSetup)   checks it (task-setup.ts), makes the folds' tensors once (fold-tensors.ts)
 *                          and, for the user's own model, loads it once to check it and count its
 *                          weighted layers. `undefined`: a worker that only picks its backend.
 *   train(params, …)       one model per fold, trained in lockstep epoch by epoch (k-fold: k models);
 *                          each epoch reports every metric of userDataMetricNames(task), the mean over
 *                          the folds. With one fold, each report carries a 'tfjs-weights/1' checkpoint
 *                          function (pause, resume, PBT). A non-finite loss or prediction fails the
 *                          trial as 'diverged'; a bad param fails it naming the param.
 *   exportModel            trains the params on folds[0] for the job's budget and returns model.json +
 *                          weights.bin (seeded dropout written as standard Dropout), loadable with
 *                          plain tf.loadLayersModel, with the last epoch's metrics.
 *
 * @example
 * ```ts
 * // In Node (or any thread), without workers: tfjs's cpu backend, one trial in-process.
 * import * as tf from '@tensorflow/tfjs';
 * import { createUserDataTask } from './src/training/user-data/user-data-task';
 *
 * await tf.setBackend('cpu');
 * const task = createUserDataTask();
 * await task.setup?.({ dataset, family: { kind: 'mlp' } });            // dataset: a UserDataset (createDataPrepApi().buildTable …)
 * const epochs: Record<string, number>[] = [];
 * await task.train({ layers: 2, units: 32, learningRate: 3e-3 }, async (epoch, metrics) => {
 *   epochs.push({ epoch, ...metrics });
 *   return 'continue';
 * }, { trialId: 1, attempt: 0, seed: 7, maxEpochs: 5, signal: new AbortController().signal, reportBatch: () => undefined });
 * ```
 */
import type { Params } from '../../tuner';
import { standardTopology } from '../export-model';
import { messageOf, TrialFailure } from '../serve/failure';
import { captureModelState, restoreModelState } from '../serve/model-checkpoint';
import { modelFiles } from '../serve/model-export';
import type { ExportedModel, Metrics, TaskJob, TrialCheckpoint } from '../serve/protocol';
import type { CheckpointFunction, Report, TrainContext, TrainSummary, TrialTask } from '../serve/task';
import { buildLane, disposeLane, prepareUserModel, trialPlan, type LaneModel, type TrialPlan, type UserModelSource } from './family-models';
import { datasetTensors, type DatasetTensors, type FoldTensors } from './fold-tensors';
import { meanMetrics, TrialClock, trainLaneEpoch, validateLane, type LaneEpoch } from './epoch-metrics';
import { checkUserTaskSetup, type CheckedTaskSetup } from './task-setup';

/** What a worker keeps between trials. */
interface Loaded {
  readonly setup: CheckedTaskSetup;
  readonly tensors: DatasetTensors;
  readonly userModel: UserModelSource | null;
}

/** A trial's lanes: one model per fold. */
interface Lane extends LaneModel {
  readonly fold: FoldTensors;
}

/** What a run of epochs needs besides its lanes. */
interface EpochRun {
  readonly loaded: Loaded;
  readonly plan: TrialPlan;
  readonly seed: number;
  readonly clock: TrialClock;
  readonly stopMidEpoch: () => boolean;
  readonly reportBatch: (batch: number, batches: number, loss: number) => void;
}

/** Where lane `f` of `lanes` is in `epoch`; `onBatch` hears each of its batches. */
function laneEpoch(run: EpochRun, epoch: number, f: number, lanes: number, onBatch: LaneEpoch['onBatch']): LaneEpoch {
  const { dataset, outputUnits } = run.loaded.setup;
  return {
    task: dataset.task,
    classCount: dataset.task === 'classification' ? outputUnits : null,
    plan: run.plan,
    seed: run.seed,
    epoch,
    where: lanes > 1 ? ` in fold ${f + 1} of ${lanes}` : '',
    clock: run.clock,
    stopMidEpoch: run.stopMidEpoch,
    onBatch,
  };
}

/** Trains every lane one epoch, then validates each; the mean metrics, or null when stopped mid-epoch. */
async function runEpoch(lanes: readonly Lane[], epoch: number, run: EpochRun): Promise<Metrics | null> {
  const batches = lanes.reduce((sum, lane) => sum + Math.ceil(lane.fold.train.length / run.plan.batchSize), 0);
  let batchesDone = 0;
  const perFold: Metrics[] = [];
  for (const [f, lane] of lanes.entries()) {
    const at = laneEpoch(run, epoch, f, lanes.length, (loss, last) => {
      batchesDone++;
      if (run.clock.progressDue(last && f === lanes.length - 1)) run.reportBatch(batchesDone, batches, loss);
    });
    const trained = await trainLaneEpoch(lane, lane.fold, at);
    if (trained === null) return null;
    perFold.push({ ...trained, ...(await validateLane(lane, lane.fold, at)) });
  }
  return meanMetrics(perFold);
}

/** Builds one lane per fold (all from the same seeded weights), restoring `startFrom` into the first. */
async function buildLanes(loaded: Loaded, plan: TrialPlan, folds: readonly FoldTensors[], seed: number, trialId: number, startFrom?: TrialCheckpoint): Promise<Lane[]> {
  const lanes: Lane[] = [];
  try {
    for (const fold of folds) lanes.push({ ...(await buildLane(loaded.setup, loaded.userModel, plan, seed, trialId)), fold });
    const first = lanes[0];
    if (startFrom !== undefined && first !== undefined) {
      try {
        await restoreModelState(startFrom, first.model, first.optimizer);
      } catch (error) {
        throw new TrialFailure('error', `trial ${trialId}: cannot resume from the checkpoint: ${messageOf(error)}`);
      }
    }
    return lanes;
  } catch (error) {
    lanes.forEach(disposeLane);
    throw error;
  }
}

/**
 * The checkpoint function to report `epoch` with (one lane only). When the runner keeps
 * checkpoints, the state is read now, so that a stop in the next epoch (within one batch) still
 * has this epoch's state to hand back after `train` returns; each call gives a fresh copy.
 */
async function checkpointAfter(lanes: readonly Lane[], ctx: TrainContext, epoch: number): Promise<CheckpointFunction | undefined> {
  const only = lanes.length === 1 ? lanes[0] : undefined;
  if (only === undefined) return undefined;
  if (ctx.saveCheckpoint === undefined) return () => captureModelState(only.model, only.optimizer, ctx.trialId, epoch);
  const state = await captureModelState(only.model, only.optimizer, ctx.trialId, epoch);
  return () => ({ ...state, buffers: state.buffers.map((buffer) => buffer.slice(0)) });
}

/** A task training the model families of a user-data study; one per worker (it keeps the worker's dataset tensors). */
export function createUserDataTask(): TrialTask {
  let loaded: Loaded | null = null;
  const needLoaded = (trialId: number): Loaded => {
    if (loaded === null) throw new TrialFailure('error', `trial ${trialId}: this user-data worker was started without a setup (no dataset): it only picked its backend`);
    return loaded;
  };

  return {
    async setup(raw) {
      loaded?.tensors.dispose();
      loaded = null;
      if (raw === undefined) return;
      const setup = checkUserTaskSetup(raw);
      const userModel = setup.family.kind === 'user-model' ? await prepareUserModel(setup) : null;
      loaded = { setup, tensors: datasetTensors(setup.dataset), userModel };
    },

    async train(params: Params, report: Report, ctx: TrainContext): Promise<TrainSummary> {
      const current = needLoaded(ctx.trialId);
      const plan = trialPlan(current.setup, current.userModel, params, ctx.maxEpochs);
      const { folds } = current.tensors;
      if (folds.length > 1 && (ctx.startFrom !== undefined || ctx.saveCheckpoint !== undefined)) {
        throw new TrialFailure('error', `trial ${ctx.trialId}: checkpoints hold one model: a trial with ${folds.length} cross-validation folds cannot resume from or save one`);
      }
      const done = ctx.startFrom?.epochsDone ?? 0;
      if (done >= plan.epochs) throw new TrialFailure('error', `trial ${ctx.trialId}: the checkpoint already holds ${done} epochs; this trial may train ${plan.epochs}`);
      if (ctx.signal.aborted) return {};
      const lanes = await buildLanes(current, plan, folds, ctx.seed, ctx.trialId, ctx.startFrom);
      const clock = new TrialClock();
      try {
        const run: EpochRun = {
          loaded: current,
          plan,
          seed: ctx.seed,
          clock,
          stopMidEpoch: () => ctx.signal.aborted,
          reportBatch: (batch, batches, loss) => ctx.reportBatch(batch, batches, loss),
        };
        for (let epoch = done + 1; epoch <= plan.epochs; epoch++) {
          const metrics = await runEpoch(lanes, epoch, run);
          if (metrics === null) break;
          const answer = await report(epoch, metrics, await checkpointAfter(lanes, ctx, epoch));
          if (answer !== 'continue') break;
        }
        return { paramCount: (lanes[0] as Lane).model.countParams(), samplesPerSecond: clock.samplesPerSecond() };
      } finally {
        lanes.forEach(disposeLane);
      }
    },

    async exportModel(params: Params, job: TaskJob): Promise<ExportedModel> {
      const current = needLoaded(job.trialId);
      const plan = trialPlan(current.setup, current.userModel, params, job.maxEpochs);
      const fold = current.tensors.folds[0] as FoldTensors;
      const [lane] = await buildLanes(current, plan, [fold], job.seed, job.trialId, job.startFrom);
      const only = lane as Lane;
      try {
        const run: EpochRun = { loaded: current, plan, seed: job.seed, clock: new TrialClock(), stopMidEpoch: () => false, reportBatch: () => undefined };
        const from = job.startFrom?.epochsDone ?? 0;
        let metrics: Metrics | null = null;
        for (let epoch = from + 1; epoch <= plan.epochs; epoch++) metrics = await runEpoch([only], epoch, run);
        // Exported straight from a checkpoint (no epoch left to train): its validation metrics.
        metrics ??= await validateLane(only, fold, laneEpoch(run, from, 0, 1, () => undefined));
        const files = await modelFiles(only.model, standardTopology);
        return { ...files, metrics, paramCount: only.model.countParams(), epochs: Math.max(from, plan.epochs) };
      } finally {
        disposeLane(only);
      }
    },
  };
}
