/** The errors `tune()` rejects with: a bad option before anything starts, or a run that could not do its work. */
import type { Study } from '../tuner';
import type { TuneFinishReason } from './events';

/**
 * A bad option of `tune()`; `option` names it. Thrown (as a rejection) before anything starts.
 *
 * @example
 * ```ts
 * import { tune, TuneOptionsError } from 'tfjs-tuner';
 *
 * try {
 *   await tune({ space: {}, objective: { metric: 'valLoss' }, epochs: 0, trials: 1 });
 * } catch (error) {
 *   if (error instanceof TuneOptionsError) console.error(error.option, error.message);
 * }
 * ```
 */
export class TuneOptionsError extends Error {
  override readonly name = 'TuneOptionsError';
  constructor(
    /** The option at fault, e.g. `'epochs'` or `'objective.metric'`. */
    readonly option: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`tune: option "${option}" ${message}`, options);
  }
}

/**
 * Why a run ended without its study being done: `reason` says which way, `study` holds every trial
 * it ran, and the cause (a worker's start error, a sampler's exception) is `cause`.
 *
 * @example
 * ```ts
 * import { tune, TuneError } from 'tfjs-tuner';
 *
 * try {
 *   await tune({
 *     worker: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }),
 *     space: { learningRate: { type: 'float', low: 1e-4, high: 1e-1, log: true } },
 *     objective: { metric: 'valAccuracy', direction: 'maximize' },
 *     epochs: 5,
 *     trials: 10,
 *   });
 * } catch (error) {
 *   if (error instanceof TuneError && error.reason === 'metric-missing') console.error(error.message);
 * }
 * ```
 */
export class TuneError extends Error {
  override readonly name = 'TuneError';
  constructor(
    readonly reason: Extract<TuneFinishReason, 'metric-missing' | 'no-workers' | 'setup-failed' | 'error'>,
    message: string,
    /** The study as far as it got. */
    readonly study: Study,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
