/** `createStudy`: a new, empty study from its options, each checked with a clear StudyError. */
import { validateSpace } from '../space/validate';
import { createSampler } from '../samplers/registry';
import type { Sampler, SamplerName } from '../samplers/types';
import type { Direction } from '../trial/trial';
import { StudyError } from './ask';
import { Study, type Clock } from './study';

/** Options of `createStudy`. */
export interface StudyOptions {
  space: unknown;
  /** A built-in sampler's name, or a sampler object. Default 'gp'. */
  sampler?: SamplerName | Sampler;
  /** Options for a built-in sampler given by name. */
  samplerOptions?: Record<string, unknown>;
  direction?: Direction;
  seed?: number;
  name?: string;
  /** Milliseconds; injectable for tests and simulations. Default Date.now. */
  clock?: Clock;
  /** Constraint names; each complete trial must then be told a value per name (≤ 0 = satisfied). */
  constraints?: readonly string[];
}

/** A new study with no trials: `space` is validated, `sampler` defaults to GP-EI, `direction` to minimize, `seed` to 0. */
export function createStudy(options: StudyOptions): Study {
  const space = validateSpace(options.space);
  const direction = options.direction ?? 'minimize';
  if (direction !== 'minimize' && direction !== 'maximize') {
    throw new StudyError(`direction must be "minimize" or "maximize", got ${JSON.stringify(direction)}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new StudyError(`seed must be an integer, got ${seed}`);
  const given = options.sampler ?? 'gp';
  const sampler = typeof given === 'string' ? createSampler(given, options.samplerOptions ?? {}) : given;
  return new Study({
    space,
    direction,
    seed,
    name: options.name ?? '',
    sampler,
    clock: options.clock ?? Date.now,
    trials: [],
    constraints: checkConstraintNames(options.constraints),
  });
}

function checkConstraintNames(names: unknown): string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n.length > 0) || new Set(names).size !== names.length) {
    throw new StudyError(`constraints must be an array of distinct non-empty names, got ${JSON.stringify(names)}`);
  }
  return names.slice() as string[];
}
