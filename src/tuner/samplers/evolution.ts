/**
 * Evolutionary search: a steady-state genetic algorithm in the unit-cube encoding. Each ask breeds
 * one child from the best trials so far; nothing is kept between asks, so a restored study continues
 * exactly.
 *
 * Notation
 *   d            number of parameters; u ∈ [0, 1]^d an encoded configuration (`encodeParams`)
 *   ℓ            a complete trial's loss (its value, negated for maximize); lower is better
 *   P            populationSize: the population is the P complete trials with the lowest ℓ
 *                (ties to the earlier trial). Until P trials have completed, and for the first P
 *                asks, configurations are drawn uniformly at random instead.
 *   k            tournamentSize: a parent is the best of k distinct members drawn at random
 *   p_c          crossoverRate: with probability p_c the child takes each coordinate from either
 *                parent with probability ½ (uniform crossover); otherwise it copies the first parent
 *   p_m          mutationRate, default 1/d: each coordinate mutates with probability p_m
 *   σ            mutationScale: u_j += σ·N(0, 1), reflected back into [0, 1]; a categorical
 *                coordinate instead jumps to the centre of a uniformly random choice's bin
 * Failed, pruned and running trials are never parents. A child whose params repeat an existing trial
 * is bred again (up to MAX_ATTEMPTS times), then replaced by a random configuration.
 */
import { decodeParams, encodeParams, paramNames, paramsKey } from '../space/encode';
import type { ParamDef, Params, SearchSpace } from '../space/types';
import type { Rng } from '../rng';
import { splitHistory, type Observation } from '../trial/history';
import { checkOptionKeys, integerOption, numberOption } from './options';
import type { Sampler, SamplerContext, Suggestion } from './types';

const MAX_ATTEMPTS = 10;

/** The evolutionary sampler's options with their defaults filled in (`samplerOptions` of `'evolution'`). */
export interface EvolutionOptions {
  /** Individuals kept: the best trials so far (default 16). */
  readonly populationSize: number;
  /** Parents are the best of this many drawn at random (default min(3, populationSize)). */
  readonly tournamentSize: number;
  /** Chance that a child mixes two parents rather than copying one (default 0.9). */
  readonly crossoverRate: number;
  /** Chance that each coordinate mutates; null: 1/d. */
  readonly mutationRate: number | null;
  /** Standard deviation of a mutation in the unit cube (default 0.1). */
  readonly mutationScale: number;
}

const OPTION_NAMES = ['populationSize', 'tournamentSize', 'crossoverRate', 'mutationRate', 'mutationScale'] as const;

/** Steady-state genetic search: tournament selection, uniform crossover and Gaussian mutation in the unit cube (`'evolution'`). */
export class EvolutionSampler implements Sampler {
  readonly name = 'evolution';
  readonly options: Readonly<Record<string, unknown>>;
  readonly settings: EvolutionOptions;

  constructor(options: Record<string, unknown> = {}) {
    const raw = checkOptionKeys('evolution', options, OPTION_NAMES);
    const populationSize = integerOption('evolution', raw, 'populationSize', 16, 2);
    const tournamentSize = integerOption('evolution', raw, 'tournamentSize', Math.min(3, populationSize), 1, populationSize);
    this.settings = {
      populationSize,
      tournamentSize,
      crossoverRate: numberOption('evolution', raw, 'crossoverRate', 0.9, { min: 0, max: 1 }),
      mutationRate: raw.mutationRate === undefined ? null : numberOption('evolution', raw, 'mutationRate', 0, { min: 0, max: 1 }),
      mutationScale: numberOption('evolution', raw, 'mutationScale', 0.1, { min: 0, max: 1, minOpen: true }),
    };
    const { mutationRate, ...rest } = this.settings;
    this.options = mutationRate === null ? { ...rest } : { ...this.settings };
  }

  suggest(ctx: SamplerContext): Suggestion {
    const { space, rng } = ctx;
    const { populationSize } = this.settings;
    const taken = new Set(ctx.trials.map((t) => paramsKey(space, t.params)));
    const observed = splitHistory(ctx.trials, ctx.direction).observed;
    const breeding = ctx.trialId >= populationSize && observed.length >= populationSize;
    const population = breeding ? selectPopulation(observed, populationSize).map((o) => encodeParams(space, o.params)) : [];

    let params: Params = breeding ? this.breed(space, population, rng) : randomParams(space, rng);
    for (let attempt = 1; attempt < MAX_ATTEMPTS && taken.has(paramsKey(space, params)); attempt++) {
      params = breeding ? this.breed(space, population, rng) : randomParams(space, rng);
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS && taken.has(paramsKey(space, params)); attempt++) {
      params = randomParams(space, rng);
    }
    return { kind: 'params', params };
  }

  /** One child of two tournament-selected parents: crossover, then mutation. */
  private breed(space: SearchSpace, population: readonly (readonly number[])[], rng: Rng): Params {
    const { tournamentSize, crossoverRate, mutationScale } = this.settings;
    const first = population[tournament(population.length, tournamentSize, rng)] as readonly number[];
    const second = population[tournament(population.length, tournamentSize, rng)] as readonly number[];
    const crossover = rng.next() < crossoverRate;
    const child = first.map((u, j) => (crossover && rng.next() < 0.5 ? (second[j] as number) : u));

    const defs = paramNames(space).map((name) => space[name] as ParamDef);
    const mutationRate = this.settings.mutationRate ?? 1 / defs.length;
    defs.forEach((def, j) => {
      if (rng.next() >= mutationRate) return;
      switch (def.type) {
        case 'categorical': {
          const k = def.choices.length;
          child[j] = (rng.int(0, k) + 0.5) / k;
          break;
        }
        case 'float':
        case 'int':
          child[j] = reflect((child[j] as number) + mutationScale * rng.normal());
          break;
        default: {
          const unreachable: never = def;
          throw new Error(`unknown parameter type ${String(unreachable)}`);
        }
      }
    });
    return decodeParams(space, child);
  }
}

/** The `size` observations with the lowest loss, best first (ties to the earlier trial). */
export function selectPopulation(observed: readonly Observation[], size: number): Observation[] {
  return observed
    .map((o, order) => ({ o, order }))
    .sort((a, b) => a.o.loss - b.o.loss || a.order - b.order)
    .slice(0, size)
    .map(({ o }) => o);
}

/**
 * Index of the winner among `size` distinct members drawn from a population sorted best first,
 * which is simply the smallest index drawn.
 */
function tournament(populationLength: number, size: number, rng: Rng): number {
  const k = Math.min(size, populationLength);
  const pool = Array.from({ length: populationLength }, (_, i) => i);
  let best = populationLength;
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, populationLength);
    const drawn = pool[j] as number;
    pool[j] = pool[i] as number;
    pool[i] = drawn;
    if (drawn < best) best = drawn;
  }
  return best;
}

/** Folds x back into [0, 1] by reflection at both bounds (period 2). */
export function reflect(x: number): number {
  if (!Number.isFinite(x)) return 0.5;
  const m = ((x % 2) + 2) % 2;
  return m <= 1 ? m : 2 - m;
}

function randomParams(space: SearchSpace, rng: Rng): Params {
  return decodeParams(
    space,
    paramNames(space).map(() => rng.next()),
  );
}
