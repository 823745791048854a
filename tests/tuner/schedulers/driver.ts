/**
 * A minimal synchronous simulation that carries out a scheduler's decisions (the protocol in
 * src/tuner/schedulers/types.ts), for the contract suite and per-scheduler tests.
 *
 * Time is integer ticks. `slots` slots; an epoch of a trial takes `epochTicks(params)` ticks. Each
 * tick: every busy slot advances; a slot that finishes an epoch reports it and obeys the decision;
 * then every free slot asks `next`. The run ends when nothing runs and every free slot got `done`
 * (or after `maxTicks`); paused trials are then told pruned. Every protocol rule is checked as it
 * happens and a violation throws.
 */
import {
  createStudy,
  restoreScheduler,
  schedulerContext,
  schedulerToJSON,
  runSliced,
  type Params,
  type Scheduler,
  type SchedulerContext,
  type StartDecision,
  type Study,
  type Direction,
} from '../../../src/tuner';

export const SPACE = {
  x: { type: 'float', low: 0, high: 1 },
  y: { type: 'float', low: 0, high: 1 },
} as const;

/** Synthetic learning curve: loss(e) = (x − 0.3)² + (y − 0.6)² + 0.5 / e (+ a trial-wise wiggle). */
export function curve(params: Params, epoch: number, trialId = 0): number {
  const x = params.x as number;
  const y = params.y as number;
  return (x - 0.3) ** 2 + (y - 0.6) ** 2 + 0.5 / epoch + 0.001 * Math.sin(trialId * 12.9898 + epoch);
}

export interface DriveOptions {
  slots?: number;
  maxTrials?: number;
  maxTicks?: number;
  seed?: number;
  direction?: Direction;
  /** Replace the scheduler by `restoreScheduler(schedulerToJSON(it))` after this tick. */
  roundTripAt?: number;
  /** Loss curve; default `curve`. */
  loss?: (params: Params, epoch: number, trialId: number) => number;
  epochTicks?: (params: Params) => number;
  /** Trials whose id is listed fail (told failed) at their first epoch. */
  failIds?: readonly number[];
  /** Grid resolution for a study sampler that runs out (grid over x, y); default: random sampler. */
  gridResolution?: number;
  /**
   * Decide with `nextSliced` where the scheduler has it, run to the end; before each decision, one
   * sliced decision is started and abandoned at its first pause (it must change nothing).
   */
  sliced?: boolean;
}

export interface DriveResult {
  study: Study;
  scheduler: Scheduler;
  /** One line per decision, e.g. "t3 next start #4 →3", "t5 #4@3 pause". */
  trace: string[];
  /** Highest budget given to each trial. */
  budgets: Map<number, number>;
  ticks: number;
}

interface Job {
  trialId: number;
  epoch: number;
  until: number;
  left: number;
}

/** `next` through `nextSliced` (when there is one), after abandoning one sliced decision at its first pause. */
function slicedNext(scheduler: Scheduler, c: SchedulerContext): StartDecision {
  if (scheduler.nextSliced === undefined) return scheduler.next(c);
  const abandoned = scheduler.nextSliced(c);
  const first = abandoned.next();
  // Decided without a pause: it committed, so that is the decision.
  if (first.done === true) return first.value;
  abandoned.return(undefined as never);
  return runSliced(scheduler.nextSliced(c));
}

export function drive(makeScheduler: () => Scheduler, o: DriveOptions = {}): DriveResult {
  const slots = o.slots ?? 3;
  const maxTrials = o.maxTrials ?? 20;
  const maxTicks = o.maxTicks ?? 2000;
  const loss = o.loss ?? curve;
  const ticksOf = o.epochTicks ?? ((p: Params) => 1 + Math.floor((p.x as number) * 3));
  const sign = o.direction === 'maximize' ? -1 : 1;
  const sampler = o.gridResolution === undefined ? { sampler: 'random' as const } : { sampler: 'grid' as const, samplerOptions: { resolution: o.gridResolution } };
  const study = createStudy({ space: SPACE, ...sampler, seed: o.seed ?? 7, direction: o.direction ?? 'minimize', clock: () => tick });
  let scheduler = makeScheduler();
  const trace: string[] = [];
  const budgets = new Map<number, number>();
  const jobs: Array<Job | null> = Array.from({ length: slots }, () => null);
  const paused = new Set<number>();
  const lastEpoch = new Map<number, number>();
  let tick = 0;
  const ctx = () => schedulerContext(study, study.trials.length < maxTrials);
  const end = (id: number) => scheduler.onTrialEnd(ctx(), id);
  const fail = (msg: string): never => {
    throw new Error(`t${tick}: ${msg}\n${trace.slice(-8).join('\n')}`);
  };

  for (; tick < maxTicks; tick++) {
    for (let s = 0; s < slots; s++) {
      const job = jobs[s];
      if (job === null || job === undefined || --job.left > 0) continue;
      const trial = study.trials[job.trialId];
      if (trial === undefined) return fail(`job for unknown trial ${job.trialId}`);
      job.epoch++;
      if (job.epoch > scheduler.maxEpochs) fail(`trial ${job.trialId} trained past R`);
      if (o.failIds?.includes(job.trialId) === true) {
        study.tell(job.trialId, { state: 'failed', reason: 'simulated crash' });
        trace.push(`t${tick} #${job.trialId}@${job.epoch} failed`);
        end(job.trialId);
        jobs[s] = null;
        continue;
      }
      study.report(job.trialId, job.epoch, sign * loss(trial.params, job.epoch, job.trialId));
      lastEpoch.set(job.trialId, job.epoch);
      const d = scheduler.onResult(ctx(), job.trialId, job.epoch);
      trace.push(`t${tick} #${job.trialId}@${job.epoch} ${d.kind}`);
      switch (d.kind) {
        case 'continue':
          if (job.epoch >= job.until) fail(`continue past the budget ${job.until}`);
          job.left = ticksOf(trial.params);
          break;
        case 'pause':
          paused.add(job.trialId);
          jobs[s] = null;
          break;
        case 'stop':
          study.tell(job.trialId, { state: 'pruned', reason: d.reason });
          end(job.trialId);
          jobs[s] = null;
          break;
        case 'complete':
          if (job.epoch !== scheduler.maxEpochs) fail(`complete at epoch ${job.epoch} < R`);
          study.tell(job.trialId, sign * loss(trial.params, job.epoch, job.trialId));
          end(job.trialId);
          jobs[s] = null;
          break;
        default: {
          const unreachable: never = d;
          return unreachable;
        }
      }
    }
    if (o.roundTripAt === tick) scheduler = restoreScheduler(JSON.parse(JSON.stringify(schedulerToJSON(scheduler))));
    let done = 0;
    for (let s = 0; s < slots; s++) {
      if (jobs[s] !== null) continue;
      const c = ctx();
      const d = o.sliced === true ? slicedNext(scheduler, c) : scheduler.next(c);
      switch (d.kind) {
        case 'start':
        case 'clone': {
          if (!c.allowNewTrials) fail(`${d.kind} although new trials are not allowed`);
          const asked = d.params === null ? study.tryAsk() : study.tryAsk(d.params);
          if (asked.kind === 'exhausted') {
            scheduler.searchExhausted(ctx());
            continue;
          }
          if (asked.id !== c.nextTrialId) fail(`new trial got id ${asked.id}, expected ${c.nextTrialId}`);
          const from = d.kind === 'clone' ? d.fromEpoch : 0;
          if (d.kind === 'clone') {
            if (lastEpoch.get(d.fromTrialId) !== d.fromEpoch) fail(`clone from #${d.fromTrialId}@${d.fromEpoch}, but its last epoch is ${lastEpoch.get(d.fromTrialId)}`);
            if (study.trials[d.fromTrialId]?.state === 'failed') fail('clone from a failed trial');
            lastEpoch.set(asked.id, from);
          }
          trace.push(`t${tick} next ${d.kind} #${asked.id} ${from}→${d.untilEpoch}${d.kind === 'clone' ? ` from #${d.fromTrialId}` : ''}`);
          budgets.set(asked.id, d.untilEpoch);
          jobs[s] = { trialId: asked.id, epoch: from, until: d.untilEpoch, left: ticksOf(asked.params) };
          break;
        }
        case 'resume': {
          if (!paused.has(d.trialId)) fail(`resume of trial ${d.trialId}, which is not paused`);
          if (jobs.some((j) => j?.trialId === d.trialId)) fail(`trial ${d.trialId} is both running and paused`);
          if (lastEpoch.get(d.trialId) !== d.fromEpoch) fail(`resume #${d.trialId} from ${d.fromEpoch}, last epoch ${lastEpoch.get(d.trialId)}`);
          if (d.untilEpoch <= d.fromEpoch) fail(`resume #${d.trialId} to ${d.untilEpoch} ≤ ${d.fromEpoch}`);
          paused.delete(d.trialId);
          trace.push(`t${tick} next resume #${d.trialId} ${d.fromEpoch}→${d.untilEpoch}`);
          budgets.set(d.trialId, Math.max(budgets.get(d.trialId) ?? 0, d.untilEpoch));
          const trial = study.trials[d.trialId];
          if (trial === undefined) return fail('resume of an unknown trial');
          jobs[s] = { trialId: d.trialId, epoch: d.fromEpoch, until: d.untilEpoch, left: ticksOf(trial.params) };
          break;
        }
        case 'wait':
          if (jobs.every((j) => j === null)) fail('wait while nothing is running');
          break;
        case 'done':
          done++;
          break;
        default: {
          const unreachable: never = d;
          return unreachable;
        }
      }
    }
    if (jobs.every((j) => j === null) && done > 0) break;
  }
  for (const id of scheduler.pausedTrials()) {
    if (!paused.has(id)) fail(`scheduler says ${id} is paused but the driver does not`);
    study.tell(id, { state: 'pruned', reason: 'paused when the run ended' });
    end(id);
  }
  return { study, scheduler, trace, budgets, ticks: tick };
}
