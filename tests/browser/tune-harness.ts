/**
 * The browser side of tests/browser/tune.test.ts: `window.tuneHarness.run(options)` calls `tune()`
 * from the package's main entry over real task workers (tune-objective.worker.ts) and hands back
 * what Node can read: the trials, the events, and the error it rejected with.
 */
import { tune, TuneError, TuneOptionsError, type SchedulerChoice, type TuneEvent } from '../../src/tune';

/** tune() options as they cross from Node (no functions). */
export interface HarnessOptions {
  readonly metric: string;
  readonly epochs: number;
  readonly trials: number;
  readonly workers: number;
  readonly sampler: 'random' | 'gp';
  readonly scheduler?: SchedulerChoice;
  readonly seed: number;
  readonly setup: { readonly target?: number; readonly epochMs?: number; readonly crashTrials?: readonly number[] };
  /** Abort the run when this many trials have finished. */
  readonly abortAfter?: number;
}

export interface HarnessTrial {
  readonly id: number;
  readonly state: string;
  readonly value: number | null;
  readonly reason: string | null;
  readonly metrics: ReadonlyArray<Readonly<Record<string, number>> | undefined>;
}

export interface HarnessResult {
  readonly trials: readonly HarnessTrial[];
  readonly events: readonly TuneEvent[];
  readonly error: { readonly name: string; readonly reason?: string; readonly message: string } | null;
}

async function run(options: HarnessOptions): Promise<HarnessResult> {
  const events: TuneEvent[] = [];
  const controller = new AbortController();
  let finished = 0;
  let error: HarnessResult['error'] = null;
  let trials: HarnessTrial[] = [];
  try {
    const study = await tune({
      worker: { name: 'tune-objective.worker.ts', create: () => new Worker(new URL('./tune-objective.worker.ts', import.meta.url), { type: 'module' }) },
      backend: 'none',
      setup: options.setup,
      workers: options.workers,
      space: { x: { type: 'float', low: 0, high: 4 } },
      objective: { metric: options.metric, direction: 'minimize' },
      sampler: options.sampler,
      ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
      epochs: options.epochs,
      trials: options.trials,
      seed: options.seed,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'trial-finished' && ++finished === options.abortAfter) controller.abort();
      },
    });
    trials = study.trials.map((t) => ({ id: t.id, state: t.state, value: t.value, reason: t.reason, metrics: t.intermediate.map((i) => i.metrics) }));
  } catch (e) {
    if (e instanceof TuneError) trials = e.study.trials.map((t) => ({ id: t.id, state: t.state, value: t.value, reason: t.reason, metrics: [] }));
    const reason = e instanceof TuneError ? { reason: e.reason } : e instanceof TuneOptionsError ? { reason: e.option } : {};
    error = { name: e instanceof Error ? e.name : 'unknown', message: e instanceof Error ? e.message : String(e), ...reason };
  }
  return { trials, events, error };
}

declare global {
  interface Window {
    tuneHarness: { run: typeof run };
  }
}

window.tuneHarness = { run };
