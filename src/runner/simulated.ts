/**
 * The simulated trial backend: executors that "train" a synthetic objective on a simulated clock.
 *
 * A trial of params p with budget E epochs reports, after epoch e = 1 … E,
 *
 *   y(e) = f(p) + (1 + |f(p)|) · (g · exp(−e / τ) + σ · ε_e),   ε_e ~ N(0, 1) seeded by the job's seed
 *
 * (a learning curve that decays from a poor start toward the objective's value f(p); g = startGap,
 * τ = decayEpochs, σ = noise), and each epoch takes cost(p) seconds of simulated time. An objective
 * with `dynamics` replaces the noise-free part by its own state machine (learning-curves.ts).
 * ε_e is the e-th draw of the job seed's stream, whichever run trains epoch e: a trial paused and
 * resumed from its checkpoint (or retried) reports what it would have without the break, as a model
 * restored from a checkpoint would, so schedulers that train the same trial to the same epoch see
 * the same value (common random numbers).
 *
 * Checkpoints (executor contract point 6): the state is the curve's state vector s_e after epoch e
 * (for the default curve, s = [e]), kept in one Float64Array buffer, with the params it was trained
 * with in the manifest. A job that starts from a checkpoint continues the curve from s_e with its
 * own params, which is how a PBT child inherits its parent's progress. Faults are
 * seeded per trial, so a run is a pure function of (options, job sequence): the same seed gives the
 * same events at the same simulated times.
 */
import { createRng, deriveSeed, type Params, type Rng, type SearchSpace } from '../tuner';
import {
  ExecutorBusyError,
  ExecutorCrashedError,
  type ExecutorFactory,
  type Metrics,
  type ProgressCallback,
  type TrialCheckpoint,
  type TrialExecutor,
  type TrialJob,
  type TrialOutcome,
} from './executor';
import type { RunnerClock } from './clock';
import { defaultDynamics, type CurveDynamics } from './learning-curves';
import { readSimulatedCheckpoint, simulatedCheckpoint } from './simulated-checkpoint';

/** Anything with a space and a value to minimise (bench/tuner's BenchFunction fits). */
export interface SyntheticObjective {
  readonly name: string;
  readonly space: SearchSpace;
  /** The converged objective value f(p); lower is better. */
  readonly value: (params: Params) => number;
  /** Simulated seconds per epoch for p; default 2 s for every p. */
  readonly secondsPerEpoch?: (params: Params) => number;
  /** The noise-free learning curve as a state machine; default y = f(p) + (1 + |f(p)|)·g·exp(−e/τ). */
  readonly dynamics?: CurveDynamics;
}

/** A slot that dies on purpose. */
export type ScriptedCrash =
  /** Whatever runs on `slot` at simulated time `atMs` (absolute) dies then, busy or idle. */
  | { readonly kind: 'at-time'; readonly slot: number; readonly atMs: number }
  /** The slot running `trialId` dies during epoch `epoch` (1-based); every attempt, or only `attempt`. */
  | { readonly kind: 'in-trial'; readonly trialId: number; readonly epoch: number; readonly attempt?: number };

/** Faults the simulated backend injects, for testing a loop against crashes, divergence and slow trials. */
export interface SimulatedFaults {
  /** Chance that a slot dies during any one epoch. */
  readonly crashProbabilityPerEpoch?: number;
  readonly crashes?: readonly ScriptedCrash[];
  /** Chance that a trial diverges (its metric turns NaN at a random epoch). */
  readonly divergeProbability?: number;
  /** Trials that diverge for sure, by id. */
  readonly divergingTrials?: readonly number[];
  /** Chance that a trial is slow (every epoch costs `slowFactor` times as much). */
  readonly slowProbability?: number;
  /** Trials that are slow for sure, by id. */
  readonly slowTrials?: readonly number[];
  /** Default 5. */
  readonly slowFactor?: number;
}

/** Options of `createSimulatedBackend`: the clock, the synthetic objective and its curves, the costs and the faults. */
export interface SimulatedBackendOptions {
  /** A SimulatedClock for tests and benchmarks, or a scaled real clock so a page can watch trials run. */
  readonly clock: RunnerClock;
  readonly objective: SyntheticObjective;
  readonly seed?: number;
  /** Name under which y(e) is reported; default 'valLoss'. */
  readonly metric?: string;
  /** g: how far above f(p) (in units of 1 + |f(p)|) the curve starts; default 1. */
  readonly startGap?: number;
  /** τ in epochs; default 3. */
  readonly decayEpochs?: number;
  /** σ in units of 1 + |f(p)|; default 0.01. */
  readonly noise?: number;
  /** Simulated milliseconds to start an executor (a worker loading tfjs); default 800. */
  readonly startupMs?: number;
  readonly faults?: SimulatedFaults;
}

const DEFAULT_SECONDS_PER_EPOCH = 2;

/** A factory of simulated executors; all share `options.clock`. */
export function createSimulatedBackend(options: SimulatedBackendOptions): ExecutorFactory {
  return {
    kind: `simulated:${options.objective.name}`,
    checkpoints: true,
    create: (slot) =>
      new Promise<TrialExecutor>((resolve) => {
        options.clock.setTimer(options.startupMs ?? 800, () => resolve(new SimulatedExecutor(slot, options)));
      }),
  };
}

interface CurrentRun {
  readonly job: TrialJob;
  readonly onProgress: ProgressCallback;
  readonly startedAt: number;
  readonly noise: Rng;
  readonly crashDraws: Rng;
  readonly secondsPerEpoch: number;
  /** Epoch at which y turns NaN, or null. */
  readonly divergesAt: number | null;
  readonly dynamics: CurveDynamics;
  /** The curve state after `epoch` epochs. */
  state: readonly number[];
  readonly resolve: (outcome: TrialOutcome) => void;
  readonly reject: (error: ExecutorCrashedError) => void;
  epoch: number;
  metrics: Metrics | null;
  cancelEpoch: () => void;
}

class SimulatedExecutor implements TrialExecutor {
  private current: CurrentRun | null = null;
  private dead: string | null = null;
  private readonly cancelScripted: Array<() => void> = [];
  private readonly seed: number;

  constructor(
    readonly slot: number,
    private readonly options: SimulatedBackendOptions,
  ) {
    this.seed = options.seed ?? 0;
    const clock = options.clock;
    for (const crash of options.faults?.crashes ?? []) {
      if (crash.kind === 'at-time' && crash.slot === slot && crash.atMs >= clock.now()) {
        this.cancelScripted.push(clock.setTimer(crash.atMs - clock.now(), () => this.die(`scripted crash at ${crash.atMs} ms`)));
      }
    }
  }

  run(job: TrialJob, onProgress: ProgressCallback): Promise<TrialOutcome> {
    if (this.dead !== null) return Promise.reject(new ExecutorCrashedError(`slot ${this.slot}: ${this.dead}`));
    if (this.current !== null) {
      return Promise.reject(new ExecutorBusyError(`slot ${this.slot} is running trial ${this.current.job.trialId}`));
    }
    const faults = this.options.faults ?? {};
    const trialRng = createRng(deriveSeed(this.seed, job.trialId, 1));
    const diverges = (faults.divergingTrials ?? []).includes(job.trialId) || trialRng.next() < (faults.divergeProbability ?? 0);
    const divergesAt = diverges ? 1 + trialRng.int(0, job.maxEpochs) : null;
    const slow = (faults.slowTrials ?? []).includes(job.trialId) || trialRng.next() < (faults.slowProbability ?? 0);
    const baseCost = this.options.objective.secondsPerEpoch?.(job.params) ?? DEFAULT_SECONDS_PER_EPOCH;
    const dynamics = this.options.objective.dynamics ?? defaultDynamics(this.options);
    let start = { epochsDone: 0, state: dynamics.initial(job.params) };
    if (job.startFrom !== undefined) {
      const read = readSimulatedCheckpoint(job.startFrom, this.options.objective.name);
      if (read.kind === 'error') return Promise.resolve({ kind: 'failed', reason: read.reason, epochs: 0, elapsedMs: 0 });
      start = read;
    }
    if (start.epochsDone >= job.maxEpochs) {
      const reason = `nothing to train: checkpoint holds ${start.epochsDone} epochs, budget is ${job.maxEpochs}`;
      return Promise.resolve({ kind: 'failed', reason, epochs: start.epochsDone, elapsedMs: 0 });
    }
    // Skip the draws of the epochs the checkpoint holds, so ε_e is the same however the run was split.
    const noise = createRng(deriveSeed(this.seed, job.seed));
    for (let e = 0; e < start.epochsDone; e++) noise.normal();
    return new Promise<TrialOutcome>((resolve, reject) => {
      this.current = {
        job,
        onProgress,
        startedAt: this.options.clock.now(),
        noise,
        crashDraws: createRng(deriveSeed(this.seed, job.trialId, job.attempt, 3)),
        secondsPerEpoch: baseCost * (slow ? (faults.slowFactor ?? 5) : 1),
        divergesAt,
        dynamics,
        state: start.state,
        resolve,
        reject,
        epoch: start.epochsDone,
        metrics: null,
        cancelEpoch: () => {},
      };
      this.scheduleEpoch(this.current);
    });
  }

  stop(): void {
    const run = this.current;
    if (run === null) return;
    this.finish(run, { kind: 'stopped', metrics: run.metrics, epochs: run.epoch, elapsedMs: this.elapsed(run), ...this.checkpointOf(run) });
  }

  terminate(): void {
    this.die('terminated');
  }

  private scheduleEpoch(run: CurrentRun): void {
    run.cancelEpoch = this.options.clock.setTimer(run.secondsPerEpoch * 1000, () => this.endEpoch(run));
  }

  private endEpoch(run: CurrentRun): void {
    if (this.current !== run) return;
    const epoch = run.epoch + 1;
    if (this.crashesDuring(run, epoch)) {
      this.die(`crashed during epoch ${epoch} of trial ${run.job.trialId}`);
      return;
    }
    const value = this.curve(run, epoch);
    const metric = this.options.metric ?? 'valLoss';
    run.epoch = epoch;
    run.metrics = { [metric]: value };
    const elapsedMs = this.elapsed(run);
    try {
      const every = run.job.saveCheckpoint === 'every-epoch' ? this.checkpointOf(run) : {};
      run.onProgress({ trialId: run.job.trialId, epoch, metrics: run.metrics, elapsedMs, ...every });
    } catch {
      // A throwing callback must not break the run (executor contract, point 2).
    }
    if (this.current !== run) return; // the callback stopped or terminated us
    if (!Number.isFinite(value)) {
      this.finish(run, { kind: 'failed', reason: `diverged: ${metric} was ${value} after epoch ${epoch}`, epochs: epoch, elapsedMs });
    } else if (epoch >= run.job.maxEpochs) {
      this.finish(run, { kind: 'complete', metrics: run.metrics, epochs: epoch, elapsedMs, ...this.checkpointOf(run) });
    } else {
      this.scheduleEpoch(run);
    }
  }

  /** y(e), see the file comment; advances the run's curve state by one epoch. */
  private curve(run: CurrentRun, epoch: number): number {
    const eps = run.noise.normal();
    if (run.divergesAt !== null && epoch >= run.divergesAt) return Number.NaN;
    const params = run.job.params;
    run.state = run.dynamics.step(run.state, params, epoch);
    const scale = 1 + Math.abs(this.options.objective.value(params));
    return run.dynamics.value(run.state, params) + scale * (this.options.noise ?? 0.01) * eps;
  }

  /** `{ checkpoint }` when the job asked for one and there is state to keep, else nothing. */
  private checkpointOf(run: CurrentRun): { checkpoint?: TrialCheckpoint } {
    if (run.job.saveCheckpoint === undefined || run.epoch === 0) return {};
    return { checkpoint: simulatedCheckpoint(this.options.objective.name, run.epoch, run.state, run.job.params) };
  }

  private crashesDuring(run: CurrentRun, epoch: number): boolean {
    const faults = this.options.faults ?? {};
    const random = run.crashDraws.next() < (faults.crashProbabilityPerEpoch ?? 0);
    const scripted = (faults.crashes ?? []).some(
      (c) => c.kind === 'in-trial' && c.trialId === run.job.trialId && c.epoch === epoch && (c.attempt === undefined || c.attempt === run.job.attempt),
    );
    return random || scripted;
  }

  private die(reason: string): void {
    if (this.dead !== null) return;
    this.dead = reason;
    for (const cancel of this.cancelScripted) cancel();
    const run = this.current;
    this.current = null;
    if (run !== null) {
      run.cancelEpoch();
      run.reject(new ExecutorCrashedError(`slot ${this.slot}: ${reason}`));
    }
  }

  private finish(run: CurrentRun, outcome: TrialOutcome): void {
    run.cancelEpoch();
    this.current = null;
    run.resolve(outcome);
  }

  private elapsed(run: CurrentRun): number {
    return this.options.clock.now() - run.startedAt;
  }
}
