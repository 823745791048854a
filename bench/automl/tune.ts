/**
 * One AutoML run of the benchmark, in process on tfjs's cpu backend: the user-data task the page's
 * trial workers serve (createUserDataTask) driven through a TaskWorker as the runner drives a
 * worker, first on the family's default configuration (every hyperparameter left to its default),
 * then on a fixed budget of trials asked of an ask/tell study (GP-EI unless told otherwise). Each
 * trial trains `epochs` epochs; its objective is the last epoch's value of the objective metric.
 */
import type { Metrics } from '../../src/training/serve/protocol';
import { TaskWorker } from '../../src/training/serve/task-worker';
import type { UserTaskSetup } from '../../src/training/user-data';
import { createUserDataTask } from '../../src/training/user-data/user-data-task';
import { createStudy, deriveSeed, type Direction, type Params, type SamplerName, type SearchSpace } from '../../src/tuner';

/** What is optimised: a metric every epoch reports, and which way is better. */
export interface BenchObjective {
  readonly metric: string;
  readonly direction: Direction;
}

export interface BenchBudget {
  readonly sampler: SamplerName;
  readonly trials: number;
  readonly epochs: number;
  readonly seed: number;
}

/** A finished run: the default's and the best trial's last-epoch metrics, and how long each took. */
export interface RunOutcome {
  readonly defaultMetrics: Metrics;
  readonly defaultSeconds: number;
  readonly bestMetrics: Metrics;
  readonly bestParams: Params;
  readonly completed: number;
  readonly failed: readonly string[];
  readonly tuneSeconds: number;
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

/** Hears each trial as it ends: its id (-1: the default configuration), its objective value or failure, and its seconds. */
export type TrialListener = (trialId: number, outcome: string, seconds: number) => void;

/** Trains the default configuration, then `budget.trials` tuned ones, on `setup`; see the module comment. */
export async function runAutoMl(setup: UserTaskSetup, space: SearchSpace, objective: BenchObjective, budget: BenchBudget, onTrial: TrialListener = () => undefined): Promise<RunOutcome> {
  const worker = new TaskWorker(createUserDataTask());
  await worker.init('cpu', setup);
  const train = async (trialId: number, params: Params) => {
    const started = performance.now();
    const outcome = await trainOnce(trialId, params);
    onTrial(trialId, outcome.ok ? `${objective.metric} ${outcome.value.toPrecision(4)}` : `failed: ${outcome.reason}`, seconds(started));
    return outcome;
  };
  const trainOnce = async (trialId: number, params: Params) => {
    const result = await worker.run({ trialId, attempt: 0, params, seed: deriveSeed(budget.seed, trialId), maxEpochs: budget.epochs }, () => undefined);
    if (result.kind !== 'complete') return { ok: false as const, reason: 'reason' in result ? String(result.reason) : result.kind };
    const value = result.metrics[objective.metric];
    if (typeof value !== 'number') return { ok: false as const, reason: `no "${objective.metric}" among ${Object.keys(result.metrics).join(', ')}` };
    return { ok: true as const, value, metrics: result.metrics };
  };

  const defaultStart = performance.now();
  const baseline = await train(-1, {});
  if (!baseline.ok) throw new Error(`the default configuration failed on ${setup.dataset.name}: ${baseline.reason}`);
  const defaultSeconds = seconds(defaultStart);

  const tuneStart = performance.now();
  const study = createStudy({ space, sampler: budget.sampler, direction: objective.direction, seed: budget.seed });
  const metricsById = new Map<number, Metrics>();
  const failed: string[] = [];
  for (let i = 0; i < budget.trials; i++) {
    const { id, params } = study.ask();
    const outcome = await train(id, params);
    if (outcome.ok) {
      study.tell(id, outcome.value);
      metricsById.set(id, outcome.metrics);
    } else {
      study.tell(id, { state: 'failed', reason: outcome.reason });
      failed.push(`trial ${id}: ${outcome.reason}`);
    }
  }
  const best = study.best;
  if (best === null) throw new Error(`no trial completed on ${setup.dataset.name}: ${failed.join('; ')}`);
  return {
    defaultMetrics: baseline.metrics,
    defaultSeconds,
    bestMetrics: metricsById.get(best.id) as Metrics,
    bestParams: best.params,
    completed: metricsById.size,
    failed,
    tuneSeconds: seconds(tuneStart),
  };
}
