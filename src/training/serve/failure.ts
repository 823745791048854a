/**
 * How a task's code says a trial failed for a reason other than a bug in it: a `TrialFailure`
 * thrown from `train` (or from a checkpoint function) becomes a `failed` result with its cause and
 * message as they are. Anything else thrown becomes cause 'user-code', the reason naming the trial
 * and what threw.
 */
import type { TaskFailureCause } from './protocol';

/**
 * Thrown from a task's `train` (or checkpoint function) to fail the trial with a cause of your
 * choosing and your message as the reason, e.g. a loss that diverged.
 *
 * @example
 * ```ts
 * import { serveTrials, TrialFailure } from 'tfjs-tuner/worker';
 *
 * serveTrials({
 *   train: async (params, report, ctx) => {
 *     for (let epoch = 1; epoch <= ctx.maxEpochs; epoch++) {
 *       const loss = (params.lr as number) * 1e3 ** epoch;
 *       if (!Number.isFinite(loss)) throw new TrialFailure('diverged', `loss became ${loss} in epoch ${epoch}`);
 *       if ((await report(epoch, { loss })) !== 'continue') return;
 *     }
 *   },
 * });
 * ```
 */
export class TrialFailure extends Error {
  override readonly name = 'TrialFailure';
  constructor(
    readonly failureCause: TaskFailureCause,
    message: string,
  ) {
    super(message);
  }
}

/** A thrown value's message (an Error's message, else the value as text). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : String(error);
}

/** A short description of a value a user's code gave where something else was expected. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value);
    case 'function':
      return 'a function';
    default:
      return value.constructor?.name && value.constructor.name !== 'Object' ? `a ${value.constructor.name}` : 'an object';
  }
}
