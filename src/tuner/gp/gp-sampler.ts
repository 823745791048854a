// TEMPORARY during development: replaced by the real GP-EI sampler before any commit lands.
import { RandomSampler } from '../samplers/random';
import type { Sampler, SamplerContext, Suggestion } from '../samplers/types';
export class GpSampler implements Sampler {
  readonly name = 'gp';
  readonly options: Readonly<Record<string, unknown>>;
  constructor(options: Record<string, unknown> = {}) { this.options = { ...options }; }
  suggest(ctx: SamplerContext): Suggestion { return new RandomSampler().suggest(ctx); }
}
