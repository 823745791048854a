/**
 * Quasi-random search: trial n gets point n of the Sobol sequence scrambled by the study's seed,
 * decoded from the unit cube. Stateless, so a study restored from JSON continues the same sequence,
 * and the first 2^k trials cover every parameter's range evenly.
 */
import { decodeParams, paramNames } from '../space/encode';
import { checkOptionKeys } from './options';
import { sobolPoints, SOBOL_MAX_DIMS } from '../qmc/sobol-sequence';
import type { Sampler, SamplerContext, Suggestion } from './types';

/** Indices run below 2^32. */
const SEQUENCE_LENGTH = 4294967296;

/** Quasi-random search (`'sobol'`): an Owen-scrambled Sobol sequence seeded by the study, decoded from the unit cube. */
export class SobolSampler implements Sampler {
  readonly name = 'sobol';
  readonly options: Readonly<Record<string, unknown>>;

  constructor(options: Record<string, unknown> = {}) {
    checkOptionKeys('sobol', options, []);
    this.options = {};
  }

  suggest(ctx: SamplerContext): Suggestion {
    const dims = paramNames(ctx.space).length;
    if (dims > SOBOL_MAX_DIMS) {
      throw new RangeError(`sobol sampler: the space has ${dims} parameters, but at most ${SOBOL_MAX_DIMS} are supported`);
    }
    if (ctx.trialId >= SEQUENCE_LENGTH) {
      return { kind: 'exhausted', reason: `sobol sequence exhausted: all ${SEQUENCE_LENGTH} points have been used` };
    }
    const [u] = sobolPoints(1, dims, ctx.studySeed, ctx.trialId) as [number[]];
    return { kind: 'params', params: decodeParams(ctx.space, u) };
  }
}
