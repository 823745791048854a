/**
 * The sampler interface: *what to try next*. A sampler gets the whole study history and returns
 * parameters; it decides nothing about stopping (that is a scheduler's job).
 *
 * Determinism: the study hands each call an `rng` seeded from (study seed, trial id), so a sampler
 * that draws only from `ctx.rng` and reads only `ctx` gives the same suggestion for the same history.
 * Samplers that keep state between calls (e.g. warm starts) expose it through saveState/loadState so
 * that a study restored from JSON continues exactly.
 */
import type { Rng } from '../rng';
import type { Params, SearchSpace } from '../space/types';
import type { Direction, Trial } from '../trial/trial';
import type { Sliced } from '../slices';

/** What a sampler is given for each suggestion: the space, the direction, the history and a seeded generator. */
export interface SamplerContext {
  readonly space: SearchSpace;
  readonly direction: Direction;
  /** Every trial asked before this one, in id order, in any state (running ones are pending). */
  readonly trials: readonly Trial[];
  /** The id the new trial will get. */
  readonly trialId: number;
  /** Seeded from (studySeed, trialId). */
  readonly rng: Rng;
  /** The study's seed, for samplers whose whole sequence depends on it (e.g. a scrambled Sobol sequence). */
  readonly studySeed: number;
}

/** A sampler's answer: parameters to try, or `exhausted` (with why) when it has nothing left. */
export type Suggestion =
  | { readonly kind: 'params'; readonly params: Params }
  | { readonly kind: 'exhausted'; readonly reason: string };

/** The built-in samplers: grid, random, Sobol, evolutionary and GP-EI. */
export type SamplerName = 'grid' | 'random' | 'sobol' | 'evolution' | 'gp';

/** Decides what to try next from the study's history; implement it to plug in your own search. */
export interface Sampler {
  /** Registry name (a `SamplerName` for built-ins) used to recreate the sampler from JSON. */
  readonly name: string;
  /** JSON-serialisable options it was built with. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The next parameters to try (or `exhausted`), from `ctx` alone: the same context gives the same suggestion. */
  suggest(ctx: SamplerContext): Suggestion;
  /**
   * Optional: the same suggestion as slices that mark where the work may pause (slices.ts), for
   * `Study.tryAskAsync`. Must give exactly what `suggest` gives for the same context.
   */
  suggestSliced?(ctx: SamplerContext): Sliced<Suggestion>;
  /** JSON-serialisable internal state, if any. */
  saveState?(): unknown;
  /** Restores what `saveState` returned, on a sampler built with the same options. */
  loadState?(state: unknown): void;
}
