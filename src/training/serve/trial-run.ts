/**
 * One trial of a `TrialTask`: calls its `train` with a `report` that checks what the user's code
 * reports, answers continue / pause / stop, takes checkpoints when the runner needs them, sends
 * each epoch's progress, and turns however `train` ended into a `TaskResult`.
 *
 * The contract `report` enforces (a breach fails the trial with cause 'user-code' and a reason that
 * names the trial and the problem, and makes every later `report` throw it, so the loop ends):
 *   - epochs are whole numbers, one report per epoch, in order, from `startFrom.epochsDone + 1`
 *     (or 1) up to `maxEpochs`;
 *   - metrics are a non-empty record of numbers (NaN and ±∞ pass: they are the runner's business);
 *   - a checkpoint function returns `{ format, buffers: ArrayBuffer[], manifest? }`.
 * Answers: 'continue'; after `stop`, 'pause' when the job saves checkpoints and the report came
 * with a checkpoint function (it is called, and its state goes with the stopped result), else
 * 'stop'. A checkpoint is taken only when needed: every epoch with 'every-epoch', at the pausing
 * epoch, and at the budget's last epoch with either mode; and when a job that saves checkpoints
 * is stopped between two reports, the last reported epoch's function is called after `train`
 * returns (a task that stops mid-epoch keeps that state until then).
 *
 * How `train` ending maps to a result: a breach → failed; the last budgeted epoch reported →
 * complete; stopped → stopped; returned early after some epochs → complete (the task stopped
 * itself); no epoch reported → failed ("reported no epoch"); threw → stopped if the trial was
 * being stopped, else failed (a `TrialFailure` keeps its cause and message).
 */
import { describeValue, messageOf, TrialFailure } from './failure';
import type { Metrics, TaskJob, TaskProgress, TaskResult, TrialCheckpoint } from './protocol';
import type { CheckpointFunction, ReportAnswer, TrainContext, TrainSummary, TrialTask } from './task';

/** How a run talks to the runner: progress out (awaited; failures ignored) and a clock in ms. */
export interface RunChannel {
  send(progress: TaskProgress): Promise<void>;
  now(): number;
}

/** A breach of the task contract by the user's code; `message` is the full reason. */
class ContractBreach extends Error {
  override readonly name = 'ContractBreach';
}

function copyCheckpoint(checkpoint: TrialCheckpoint): TrialCheckpoint {
  return { ...checkpoint, buffers: checkpoint.buffers.map((b) => b.slice(0)) };
}

export class TrialRun {
  private lastEpoch: number;
  private metrics: Metrics | null = null;
  private breach: ContractBreach | null = null;
  private answered: 'pause' | 'stop' | null = null;
  private closed = false;
  /** The state that goes with the result (a pause, or the budget's last epoch). */
  private endCheckpoint: TrialCheckpoint | undefined;
  /** Checkpoints and sends, one epoch after another. */
  private pending: Promise<void> = Promise.resolve();
  private readonly startedAt: number;
  /** The checkpoint function of the last reported epoch, for a stop that comes between two reports. */
  private latest: { readonly checkpoint: CheckpointFunction; readonly epoch: number } | null = null;

  constructor(
    private readonly task: TrialTask,
    private readonly job: TaskJob,
    private readonly signal: AbortSignal,
    private readonly channel: RunChannel,
  ) {
    this.lastEpoch = job.startFrom?.epochsDone ?? 0;
    this.startedAt = channel.now();
  }

  /** Runs the trial to its end; never rejects. */
  async run(): Promise<TaskResult> {
    const { job } = this;
    const ctx: TrainContext = {
      trialId: job.trialId,
      attempt: job.attempt,
      seed: job.seed,
      maxEpochs: job.maxEpochs,
      ...(job.startFrom === undefined ? {} : { startFrom: job.startFrom }),
      ...(job.saveCheckpoint === undefined ? {} : { saveCheckpoint: job.saveCheckpoint }),
      signal: this.signal,
      reportBatch: (batch, batches, loss) => this.reportBatch(batch, batches, loss),
    };
    let returned: unknown;
    try {
      returned = await this.task.train(job.params, this.report, ctx);
      await this.pending;
    } catch (error) {
      await this.pending.catch(() => undefined);
      return this.close(await this.withLatestState(this.fromThrow(error)));
    }
    return this.close(await this.withLatestState(this.fromReturn(returned)));
  }

  /**
   * A stopped result of a job that keeps checkpoints, stopped between two reports (no pause was
   * answered): the state after its last reported epoch, from that epoch's checkpoint function,
   * called after `train` returned. When that function fails then (its state is gone), the result
   * goes without a checkpoint: the trial was stopped, not broken.
   */
  private async withLatestState(result: TaskResult): Promise<TaskResult> {
    const { latest } = this;
    if (result.kind !== 'stopped' || result.checkpoint !== undefined || latest === null || this.job.saveCheckpoint === undefined) return result;
    const breach = this.breach;
    try {
      return { ...result, checkpoint: await this.take(latest.checkpoint, latest.epoch) };
    } catch {
      this.breach = breach;
      return result;
    }
  }

  private close(result: TaskResult): TaskResult {
    this.closed = true;
    return result;
  }

  /** The user's `report(epoch, metrics, checkpoint?)`. */
  private readonly report = (epoch: number, metrics: Metrics, checkpoint?: CheckpointFunction): Promise<ReportAnswer> => {
    if (this.closed) return Promise.resolve('stop');
    if (this.breach !== null) return Promise.reject(this.breach);
    if (this.answered !== null) return Promise.resolve(this.answered);
    let checked: Metrics;
    try {
      this.checkEpoch(epoch);
      checked = this.checkMetrics(epoch, metrics);
      if (checkpoint !== undefined && typeof checkpoint !== 'function') {
        this.fail(`report()'s third argument must be a function that returns the checkpoint, got ${describeValue(checkpoint)}`);
      }
      this.lastEpoch = epoch;
      this.metrics = checked;
      if (checkpoint !== undefined) this.latest = { checkpoint, epoch };
    } catch (error) {
      return Promise.reject(error);
    }
    const { saveCheckpoint, maxEpochs } = this.job;
    const stopping = this.signal.aborted && epoch < maxEpochs;
    const answer: ReportAnswer = !stopping ? 'continue' : saveCheckpoint !== undefined && checkpoint !== undefined ? 'pause' : 'stop';
    if (answer !== 'continue') this.answered = answer;
    const forProgress = saveCheckpoint === 'every-epoch';
    const forResult = saveCheckpoint !== undefined && (answer === 'pause' || epoch === maxEpochs);
    const step = this.pending.then(async () => {
      const state = checkpoint !== undefined && (forProgress || forResult) ? await this.take(checkpoint, epoch) : undefined;
      if (forResult && state !== undefined) this.endCheckpoint = forProgress ? copyCheckpoint(state) : state;
      const progress: TaskProgress = {
        kind: 'epoch',
        epoch,
        metrics: checked,
        elapsedMs: this.elapsed(),
        ...(forProgress && state !== undefined ? { checkpoint: state } : {}),
      };
      await this.channel.send(progress).catch(() => undefined);
    });
    this.pending = step.catch((error: unknown) => {
      throw this.asBreach(error);
    });
    return this.pending.then(() => answer);
  };

  private reportBatch(batch: number, batches: number, loss: number): void {
    if (this.closed || this.breach !== null) return;
    const epoch = this.lastEpoch + 1;
    void this.channel.send({ kind: 'batch', epoch, batch, batches, loss, elapsedMs: this.elapsed() }).catch(() => undefined);
  }

  private elapsed(): number {
    return Math.max(0, this.channel.now() - this.startedAt);
  }

  /** Records a breach (the first one wins) and throws it. */
  private fail(problem: string): never {
    this.breach ??= new ContractBreach(`trial ${this.job.trialId}: ${problem}`);
    throw this.breach;
  }

  private asBreach(error: unknown): Error {
    if (error instanceof ContractBreach || error instanceof TrialFailure) return error;
    try {
      this.fail(messageOf(error));
    } catch (breach) {
      return breach as Error;
    }
  }

  private checkEpoch(epoch: number): void {
    const last = this.lastEpoch;
    if (typeof epoch !== 'number' || !Number.isInteger(epoch)) this.fail(`train() reported epoch ${describeValue(epoch)}: epochs are whole numbers 1, 2, …`);
    if (epoch <= last) this.fail(`train() reported epoch ${epoch} after epoch ${last}`);
    if (epoch > this.job.maxEpochs) this.fail(`train() reported epoch ${epoch}, beyond the budget of ${this.job.maxEpochs} epochs`);
    if (epoch !== last + 1) this.fail(`train() reported epoch ${epoch} after epoch ${last}: report every epoch once, in order (expected epoch ${last + 1})`);
  }

  private checkMetrics(epoch: number, metrics: unknown): Metrics {
    if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
      this.fail(`train() reported ${describeValue(metrics)} as the metrics of epoch ${epoch}: metrics are a record of numbers, e.g. { valLoss: 0.3 }`);
    }
    const entries = Object.entries(metrics);
    if (entries.length === 0) this.fail(`train() reported epoch ${epoch} with no metrics`);
    for (const [name, value] of entries) {
      if (typeof value !== 'number') this.fail(`train() reported metric "${name}" as ${describeValue(value)} at epoch ${epoch}: metrics must be numbers`);
    }
    return Object.freeze(Object.fromEntries(entries)) as Metrics;
  }

  /** Calls a checkpoint function and checks what it returned. */
  private async take(checkpoint: CheckpointFunction, epoch: number): Promise<TrialCheckpoint> {
    let state: unknown;
    try {
      state = await checkpoint();
    } catch (error) {
      if (error instanceof TrialFailure) throw error;
      this.fail(`the checkpoint function given with epoch ${epoch} threw: ${messageOf(error)}`);
    }
    const given = `the checkpoint function given with epoch ${epoch} returned`;
    if (typeof state !== 'object' || state === null) this.fail(`${given} ${describeValue(state)}, not { format, buffers, manifest }`);
    const { format, buffers, manifest, epochsDone } = state as Partial<TrialCheckpoint>;
    if (typeof format !== 'string' || format === '') this.fail(`${given} a checkpoint without a format (a non-empty string naming who can read it)`);
    if (!Array.isArray(buffers)) this.fail(`${given} buffers that are ${describeValue(buffers)}, not an array of ArrayBuffers`);
    buffers.forEach((buffer: unknown, i) => {
      if (!(buffer instanceof ArrayBuffer)) this.fail(`${given} buffers[${i}] that is ${describeValue(buffer)}, not an ArrayBuffer (pass a typed array's .buffer)`);
      if ((buffer as { detached?: boolean }).detached === true) this.fail(`${given} buffers[${i}] that is detached (was it handed over already?)`);
    });
    if (new Set(buffers).size !== buffers.length) this.fail(`${given} the same ArrayBuffer twice in buffers`);
    if (epochsDone !== undefined && epochsDone !== epoch) this.fail(`${given} a checkpoint of ${epochsDone} epochs`);
    try {
      structuredClone(manifest);
    } catch (error) {
      this.fail(`${given} a manifest that cannot cross to the page: ${messageOf(error)}`);
    }
    return { format, epochsDone: epoch, buffers: [...buffers], manifest: manifest ?? null };
  }

  private summary(): { epochs: number; elapsedMs: number } {
    return { epochs: this.lastEpoch, elapsedMs: this.elapsed() };
  }

  private withCheckpoint(): { checkpoint?: TrialCheckpoint } {
    return this.endCheckpoint === undefined ? {} : { checkpoint: this.endCheckpoint };
  }

  private failed(cause: 'user-code' | TrialFailure['failureCause'], reason: string, extra: TrainSummary = {}): TaskResult {
    return { kind: 'failed', cause, reason, metrics: this.metrics, ...this.summary(), ...extra };
  }

  private fromReturn(returned: unknown): TaskResult {
    let told: TrainSummary = {};
    if (returned !== undefined && this.breach === null) {
      const count = (returned as { paramCount?: unknown } | null)?.paramCount;
      const speed = (returned as { samplesPerSecond?: unknown } | null)?.samplesPerSecond;
      if (typeof returned !== 'object' || returned === null || Object.keys(returned).some((k) => k !== 'paramCount' && k !== 'samplesPerSecond')) {
        return this.failed('user-code', `trial ${this.job.trialId}: train() returned ${describeValue(returned)}; it reports results with report(epoch, metrics) and returns nothing or { paramCount, samplesPerSecond }`);
      }
      if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 0)) {
        return this.failed('user-code', `trial ${this.job.trialId}: train() returned paramCount ${describeValue(count)}, not a whole number ≥ 0`);
      }
      if (speed !== undefined && (typeof speed !== 'number' || !(speed >= 0) || !Number.isFinite(speed))) {
        return this.failed('user-code', `trial ${this.job.trialId}: train() returned samplesPerSecond ${describeValue(speed)}, not a finite number ≥ 0`);
      }
      told = { ...(count === undefined ? {} : { paramCount: count }), ...(speed === undefined ? {} : { samplesPerSecond: speed }) };
    }
    if (this.breach !== null) return this.failed('user-code', this.breach.message);
    if (this.metrics === null) {
      if (this.signal.aborted) return { kind: 'stopped', metrics: null, ...this.summary(), ...told };
      return this.failed('user-code', `trial ${this.job.trialId}: train() returned but reported no epoch (call report(epoch, metrics) after each epoch)`, told);
    }
    if (this.lastEpoch === this.job.maxEpochs || !this.signal.aborted) {
      return { kind: 'complete', metrics: this.metrics, ...this.summary(), ...told, ...this.withCheckpoint() };
    }
    return { kind: 'stopped', metrics: this.metrics, ...this.summary(), ...told, ...this.withCheckpoint() };
  }

  private fromThrow(error: unknown): TaskResult {
    if (this.breach !== null) return this.failed('user-code', this.breach.message);
    if (error instanceof TrialFailure) return this.failed(error.failureCause, error.message);
    if (this.signal.aborted) return { kind: 'stopped', metrics: this.metrics, ...this.summary(), ...this.withCheckpoint() };
    return this.failed('user-code', `trial ${this.job.trialId}: train() threw: ${messageOf(error)}`);
  }
}
