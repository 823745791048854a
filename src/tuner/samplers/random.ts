/** Random search: each coordinate uniform on the unit cube, decoded (log parameters log-uniform). */
import { decodeParams, paramNames } from '../space/encode';
import { checkOptionKeys } from './options';
import type { Sampler, SamplerContext, Suggestion } from './types';

/** Random search (`'random'`): every parameter uniform over its range (log ones log-uniform). */
export class RandomSampler implements Sampler {
  readonly name = 'random';
  readonly options: Readonly<Record<string, unknown>> = {};

  constructor(options: Record<string, unknown> = {}) {
    checkOptionKeys('random', options, []);
  }

  suggest(ctx: SamplerContext): Suggestion {
    const u = paramNames(ctx.space).map(() => ctx.rng.next());
    return { kind: 'params', params: decodeParams(ctx.space, u) };
  }
}
