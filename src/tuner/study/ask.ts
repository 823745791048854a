/**
 * What an ask returns, the errors of misuse, and the small pieces the study's synchronous and
 * cooperative asks share.
 */
import type { Params } from '../space/types';
import type { Suggestion } from '../samplers/types';
import type { Trial } from '../trial/trial';

/** What `study.tryAsk()` gives: a new trial, or `exhausted` when the sampler has nothing left. */
export type AskResult =
  | { readonly kind: 'trial'; readonly id: number; readonly params: Params }
  | { readonly kind: 'exhausted'; readonly reason: string };

/** An async ask's result: also `cancelled` when its signal aborted before the trial was created. */
export type AsyncAskResult = AskResult | { readonly kind: 'cancelled' };

/** Misuse of a study: unknown trial, telling twice, and the like. */
export class StudyError extends Error {
  override readonly name = 'StudyError';
}

/** The sampler has nothing left to suggest (e.g. every grid point was asked). */
export class SamplerExhaustedError extends Error {
  override readonly name = 'SamplerExhaustedError';
}

/** `ask`'s view of a result: the trial, or a throw. */
export function unwrapAsk(result: AsyncAskResult): { id: number; params: Params } {
  switch (result.kind) {
    case 'trial':
      return { id: result.id, params: result.params };
    case 'exhausted':
      throw new SamplerExhaustedError(result.reason);
    case 'cancelled':
      throw new StudyError('the ask was cancelled');
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/** The history as a sampler sees it: finished trials never change; running ones are copied, so tells meanwhile do not reach it. */
export function snapshotOf(trials: readonly Trial[]): Trial[] {
  return trials.map((t) => (t.state === 'running' ? { ...t, intermediate: t.intermediate.slice() } : t));
}

/** A plain `suggest` as a single slice. */
export function* oneSlice(suggest: () => Suggestion): Generator<never, Suggestion, void> {
  return suggest();
}
