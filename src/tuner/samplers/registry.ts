/** Built-in samplers by name, so a study can be created (or restored from JSON) from a string. */
import { EvolutionSampler } from './evolution';
import { GpSampler } from './gp';
import { GridSampler } from './grid';
import { RandomSampler } from './random';
import { SobolSampler } from './sobol';
import type { Sampler, SamplerName } from './types';

/** The built-in samplers' names, as `createStudy({ sampler })` takes them. */
export const SAMPLER_NAMES: readonly SamplerName[] = ['grid', 'random', 'sobol', 'evolution', 'gp'];

/** Whether `name` names a built-in sampler. */
export function isSamplerName(name: unknown): name is SamplerName {
  return typeof name === 'string' && (SAMPLER_NAMES as readonly string[]).includes(name);
}

/** Builds a built-in sampler; its constructor validates `options` and throws on bad ones. */
export function createSampler(name: SamplerName, options: Record<string, unknown> = {}): Sampler {
  switch (name) {
    case 'grid':
      return new GridSampler(options);
    case 'random':
      return new RandomSampler(options);
    case 'sobol':
      return new SobolSampler(options);
    case 'evolution':
      return new EvolutionSampler(options);
    case 'gp':
      return new GpSampler(options);
    default: {
      const unknownName: never = name;
      throw new Error(`unknown sampler "${String(unknownName)}" (expected one of ${SAMPLER_NAMES.join(', ')})`);
    }
  }
}
