/**
 * The hyperparameters each model family of a user-data study trains with: what training accepts for
 * each name (`ConfigDomain`s, as training/config.ts declares the CNN's), the values used for names a
 * study leaves out, and the reading of a trial's params into a checked config. Pure TypeScript: the
 * page checks search spaces against the same tables the worker checks each trial's params with.
 *
 *   mlpParams({ layers: 2, units: 64 })            // → MlpParams, the rest from MLP_DEFAULTS
 *   userModelParams({ frozenLayers: 5 }, 3)        // throws TrainConfigError: "frozenLayers": must be an integer in [0, 2] …
 *
 * The CNN family's names and domains are the built-in CNN's (CONFIG_DOMAINS, configFromParams).
 */
import { ACTIVATIONS, domainAccepts, describeDomain, OPTIMIZERS, TrainConfigError, type Activation, type ConfigDomain, type OptimizerName } from '../config';
import type { ParamValue, Params } from '../../tuner';

/** How any family is trained. `epochs` (null: the study's budget) may lower a trial's budget, never raise it. */
export interface TrainingParams {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  /**
   * Decoupled weight decay: after every step each trainable kernel (rank ≥ 2) shrinks by the factor
   * 1 − learningRate · weightDecay (AdamW's decay; with plain SGD it equals an L2 penalty
   * weightDecay/2 · Σ w²). The loss reported stays the data's loss.
   */
  readonly weightDecay: number;
  readonly epochs: number | null;
}

/** The MLP for tables: `layers` × (dense `units` → [batch norm] → activation → [dropout]) → output. */
export interface MlpParams extends TrainingParams {
  readonly layers: number;
  readonly units: number;
  readonly activation: Activation;
  readonly dropout: number;
  readonly batchNorm: boolean;
}

/** The user's own model: how it is trained, and how many of its first weighted layers stay frozen. */
export interface UserModelParams extends TrainingParams {
  readonly frozenLayers: number;
}

const TRAINING_DOMAINS = {
  optimizer: { kind: 'choice', choices: OPTIMIZERS },
  learningRate: { kind: 'real', low: 0, lowOpen: true, high: Infinity },
  batchSize: { kind: 'integer', low: 1, high: 1024 },
  weightDecay: { kind: 'real', low: 0, lowOpen: false, high: Infinity },
  epochs: { kind: 'integer', low: 1, high: 100 },
} as const satisfies Record<string, ConfigDomain>;

/** What training accepts for each MLP hyperparameter. */
export const MLP_DOMAINS: Readonly<Record<string, ConfigDomain>> = Object.freeze({
  layers: { kind: 'integer', low: 1, high: 8 },
  units: { kind: 'integer', low: 1, high: 1024 },
  activation: { kind: 'choice', choices: ACTIVATIONS },
  dropout: { kind: 'real', low: 0, lowOpen: false, high: 0.9 },
  batchNorm: { kind: 'boolean' },
  ...TRAINING_DOMAINS,
});

/**
 * What training accepts for each hyperparameter of the user's model; `frozenLayers` is capped at
 * `weightedLayers − 1` (at least one weighted layer trains) when the model's count is known.
 */
export function userModelDomains(weightedLayers?: number): Readonly<Record<string, ConfigDomain>> {
  const high = weightedLayers === undefined ? Number.MAX_SAFE_INTEGER : Math.max(0, weightedLayers - 1);
  return Object.freeze({ ...TRAINING_DOMAINS, frozenLayers: { kind: 'integer', low: 0, high } });
}

const TRAINING_DEFAULTS: TrainingParams = { optimizer: 'adam', learningRate: 1e-3, batchSize: 32, weightDecay: 0, epochs: null };

/** The MLP config for names a study leaves out. */
export const MLP_DEFAULTS: MlpParams = Object.freeze({ layers: 2, units: 64, activation: 'relu', dropout: 0.1, batchNorm: false, ...TRAINING_DEFAULTS });

/** The user model's training for names a study leaves out (nothing frozen beyond what model.json freezes). */
export const USER_MODEL_DEFAULTS: UserModelParams = Object.freeze({ frozenLayers: 0, ...TRAINING_DEFAULTS });

/** Each param over `defaults`; an unknown name or a value its domain refuses throws a TrainConfigError naming it. */
function readParams<T extends object>(params: Params, defaults: T, domains: Readonly<Record<string, ConfigDomain>>, family: string): T {
  const out: Record<string, ParamValue | null> = { ...(defaults as Record<string, ParamValue | null>) };
  for (const [name, value] of Object.entries(params)) {
    const domain = domains[name];
    if (domain === undefined) throw new TrainConfigError(name, `unknown hyperparameter of the ${family} (known: ${Object.keys(domains).join(', ')})`);
    if (!domainAccepts(domain, value)) throw new TrainConfigError(name, `must be ${describeDomain(domain)}, got ${JSON.stringify(value)}`);
    out[name] = value;
  }
  return Object.freeze(out) as T;
}

/** A trial's MLP config from its params (any subset of MLP_DOMAINS' names). */
export function mlpParams(params: Params): MlpParams {
  return readParams(params, MLP_DEFAULTS, MLP_DOMAINS, 'MLP');
}

/** A trial's training of the user's model from its params; `weightedLayers`: the model's layers that hold weights. */
export function userModelParams(params: Params, weightedLayers: number): UserModelParams {
  return readParams(params, USER_MODEL_DEFAULTS, userModelDomains(weightedLayers), 'your model');
}
