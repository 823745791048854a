/**
 * The objective metric's guard: executors that fail a trial at the first epoch whose report lacks
 * the objective metric, instead of letting it train on and report nothing a sampler or scheduler
 * could use. The trial ends `failed` with the reason `metric "acc" was not reported at epoch 1
 * (metrics: loss, accuracy)`, and the guard tells `onMissing` (tune.ts stops a run in which no trial
 * ever reports the metric: its name is wrong). A metric that is reported but NaN is left alone: that
 * is a diverging trial, which the study marks failed itself.
 *
 *   const factory = guardObjectiveMetric(createSimulatedBackend(…), 'valLoss', { onMissing, onReported });
 */
import { readObjective, type ExecutorFactory, type Metrics, type ProgressCallback, type TrialExecutor, type TrialJob, type TrialOutcome } from '../runner';

export interface MetricGuardListener {
  /** A trial was failed because an epoch's report lacked the metric; `reason` is what the study is told. */
  readonly onMissing: (trialId: number, reason: string) => void;
  /** A trial reported the metric (called for every such epoch). */
  readonly onReported: (trialId: number) => void;
}

/** `factory`'s executors, each wrapped so that a report without `metric` fails its trial. */
export function guardObjectiveMetric(factory: ExecutorFactory, metric: string, listener: MetricGuardListener): ExecutorFactory {
  return {
    kind: factory.kind,
    ...(factory.checkpoints === undefined ? {} : { checkpoints: factory.checkpoints }),
    create: async (slot) => new GuardedExecutor(await factory.create(slot), metric, listener),
  };
}

/** Why `metrics` (reported after `epoch`) do not do: null when they hold `metric`. */
export function missingMetricReason(metric: string, metrics: Metrics, epoch: number): string | null {
  const read = readObjective(metrics, { metric }, epoch);
  return read.kind === 'value' ? null : read.reason;
}

class GuardedExecutor implements TrialExecutor {
  constructor(
    private readonly inner: TrialExecutor,
    private readonly metric: string,
    private readonly listener: MetricGuardListener,
  ) {}

  async run(job: TrialJob, onProgress: ProgressCallback): Promise<TrialOutcome> {
    const seen: { missing: { reason: string; epoch: number; elapsedMs: number } | null } = { missing: null };
    const outcome = await this.inner.run(job, (progress) => {
      if (seen.missing !== null) return;
      const reason = missingMetricReason(this.metric, progress.metrics, progress.epoch);
      if (reason === null) {
        this.listener.onReported(job.trialId);
        onProgress(progress);
        return;
      }
      seen.missing = { reason, epoch: progress.epoch, elapsedMs: progress.elapsedMs };
      this.inner.stop();
    });
    if (seen.missing !== null) {
      const { reason, epoch, elapsedMs } = seen.missing;
      this.listener.onMissing(job.trialId, reason);
      return { kind: 'failed', reason, epochs: epoch - 1, elapsedMs };
    }
    // A run that reported no epoch but completed: its final metrics must hold the objective too.
    const atEnd = outcome.kind === 'complete' ? missingMetricReason(this.metric, outcome.metrics, outcome.epochs) : null;
    if (atEnd !== null) {
      this.listener.onMissing(job.trialId, atEnd);
      return { kind: 'failed', reason: atEnd, epochs: outcome.epochs, elapsedMs: outcome.elapsedMs };
    }
    return outcome;
  }

  stop(): void {
    this.inner.stop();
  }

  terminate(): void {
    this.inner.terminate();
  }
}
