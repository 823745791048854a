// TEMPORARY during development: being written by a helper.
import { RandomSampler } from './random';
import type { Sampler, SamplerContext, Suggestion } from './types';
export class GridSampler implements Sampler {
  readonly name = 'grid';
  readonly options: Readonly<Record<string, unknown>>;
  constructor(options: Record<string, unknown> = {}) { this.options = { ...options }; }
  suggest(ctx: SamplerContext): Suggestion { return new RandomSampler().suggest(ctx); }
}
