/**
 * Milliseconds per suggestion at a fixed history size.
 *
 * Notation
 *   n        completed observations in the study before timing (e.g. 60, 300)
 *   k        timed suggestions (default 7); each `ask()` is followed by `tell` of its value, so
 *            the history grows n, n + 1, …, n + k − 1 across the k timings
 *   ms       median wall-clock milliseconds of the k `ask()` calls (performance.now)
 *
 * The n observations are random points of the function's space, entered with `ask(fixedParams)`,
 * so the sampler does no work for them; only the k timed asks run the sampler.
 */
import { createRng, createStudy, decodeParams, deriveSeed, paramNames, type SamplerName } from '../../src/tuner';
import type { BenchFunction } from './functions';
import { median } from './stats';

export interface SuggestTiming {
  readonly sampler: SamplerName;
  readonly observations: number;
  /** Median ms per suggestion, or null when the sampler was exhausted before k suggestions. */
  readonly ms: number | null;
  readonly samples: readonly number[];
  /** The sampler threw: its message. */
  readonly error?: string;
}

export function timeSuggestions(
  sampler: SamplerName,
  fn: BenchFunction,
  observations: number,
  timed = 7,
  seed = 1,
): SuggestTiming {
  const study = createStudy({ space: fn.space, sampler, direction: 'minimize', seed: deriveSeed(seed, observations) });
  const rng = createRng(deriveSeed(seed, observations, 0x7469));
  const d = paramNames(fn.space).length;
  for (let i = 0; i < observations; i++) {
    const u = Array.from({ length: d }, () => rng.next());
    const { id, params } = study.ask(decodeParams(fn.space, u));
    study.tell(id, fn.value(params));
  }
  const samples: number[] = [];
  for (let i = 0; i < timed; i++) {
    const start = performance.now();
    const asked = study.tryAsk();
    const ms = performance.now() - start;
    if (asked.kind === 'exhausted') return { sampler, observations, ms: null, samples };
    samples.push(ms);
    study.tell(asked.id, fn.value(asked.params));
  }
  return { sampler, observations, ms: median(samples), samples };
}
