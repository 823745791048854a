/**
 * The state the CNN trainer keeps in a worker between trials: its datasets (loaded once, used by
 * every trial), whether its backend is still alive, and the running trial's stop flag. The CNN task
 * (cnn-task.ts) drives it inside a task worker; Node tests drive it directly.
 */
import * as tf from '@tensorflow/tfjs';
import { validateConfig, type TrainConfig } from './config';
import { sampleSize, type Dataset, type DatasetName } from './datasets';
import type { ProgressListener, TensorMemory, TrainBudget, TrainCheckpointing, TrainResult } from './protocol';
import { trainTrial } from './train';

const never = new Promise<string>(() => undefined);

export class TrialSession {
  private readonly datasets = new Map<DatasetName, Dataset>();
  private backendLost: Promise<string> = never;
  private lostReason: string | null = null;
  private running: { stop: boolean } | null = null;

  /** `lost` resolves with a reason if the backend dies; every trial from then on fails with it. */
  watchBackend(lost: Promise<string>): void {
    this.backendLost = lost;
    void lost.then((reason) => {
      this.lostReason = reason;
    });
  }

  /** Keeps `dataset` for later trials (its arrays are not copied, so a shared buffer stays shared). */
  loadDataset(dataset: Dataset): void {
    const size = sampleSize(dataset.shape);
    if (dataset.images.length !== dataset.labels.length * size) {
      throw new Error(`dataset ${dataset.name}: ${dataset.images.length} pixel bytes do not fit ${dataset.labels.length} samples of ${size}`);
    }
    this.datasets.set(dataset.name, dataset);
  }

  /** Trains one trial (from scratch or from `checkpointing.startFrom`); never rejects. A second concurrent call fails at once. */
  async train(config: TrainConfig, budget: TrainBudget, onProgress: ProgressListener, checkpointing: TrainCheckpointing = {}): Promise<TrainResult> {
    const refuse = (cause: 'error' | 'backend-lost', reason: string): TrainResult => ({
      kind: 'failed',
      cause,
      reason,
      metrics: null,
      epochs: 0,
      elapsedMs: 0,
      paramCount: null,
      samplesPerSecond: 0,
    });
    if (this.running !== null) return refuse('error', 'a trial is already running in this worker');
    if (this.lostReason !== null) return refuse('backend-lost', this.lostReason);
    let checked: TrainConfig;
    try {
      checked = validateConfig(config);
    } catch (error) {
      return refuse('error', error instanceof Error ? error.message : String(error));
    }
    const dataset = this.datasets.get(budget.dataset);
    if (dataset === undefined) return refuse('error', `dataset "${budget.dataset}" was not loaded into this worker`);
    const run = { stop: false };
    this.running = run;
    try {
      return await trainTrial(
        dataset,
        checked,
        budget,
        onProgress,
        { stopRequested: () => run.stop, backendLost: this.backendLost },
        checkpointing,
      );
    } finally {
      this.running = null;
    }
  }

  /** Asks the running trial to stop after its current batch. */
  stop(): void {
    if (this.running !== null) this.running.stop = true;
  }

  memory(): TensorMemory {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }
}
