/**
 * A trial's training configuration: structural hyperparameters (the network) and algorithm
 * hyperparameters (how it is trained), their defaults, and the mapping from a study's params.
 * Pure TypeScript: no tfjs.
 */
import type { ParamValue, Params, SearchSpace } from '../tuner/space/types';

export const ACTIVATIONS = ['relu', 'elu', 'tanh', 'selu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** The network: `convBlocks` × (conv → [batch norm] → activation → 2×2 max-pool), then the head. */
export interface ModelConfig {
  /** 1–3 conv blocks; block b has `filters · 2^b` filters. */
  readonly convBlocks: number;
  /** Filters of the first block, 1–128. */
  readonly filters: number;
  /** Square kernel side: 1, 3, 5 or 7 ('same' padding). */
  readonly kernelSize: number;
  /** Units of the hidden dense layer before the classifier; 0 = none. 0–1024. */
  readonly denseUnits: number;
  /** Dropout rate before each dense layer, in [0, 0.9]. */
  readonly dropout: number;
  readonly activation: Activation;
  readonly batchNorm: boolean;
}

/** How the network is trained. */
export interface AlgorithmConfig {
  /** 'momentum' is SGD with momentum 0.9. */
  readonly optimizer: OptimizerName;
  /** Step size, > 0 (tune it on a log scale). */
  readonly learningRate: number;
  /** Samples per step, 1–1024. */
  readonly batchSize: number;
  /** L2 penalty on conv and dense kernels: loss += weightDecay · Σ w². ≥ 0. */
  readonly weightDecay: number;
  /** Passes over the training samples, 1–100 (a budget may cap it). */
  readonly epochs: number;
}

export type TrainConfig = ModelConfig & AlgorithmConfig;
export type ConfigName = keyof TrainConfig;

export const DEFAULT_CONFIG: TrainConfig = Object.freeze({
  convBlocks: 2,
  filters: 8,
  kernelSize: 3,
  denseUnits: 32,
  dropout: 0.1,
  activation: 'relu',
  batchNorm: false,
  optimizer: 'adam',
  learningRate: 1e-3,
  batchSize: 64,
  weightDecay: 0,
  epochs: 3,
});

export const CONFIG_NAMES = Object.keys(DEFAULT_CONFIG) as readonly ConfigName[];

/** A param that names no config field, or a value a field cannot take: names the field and the problem. */
export class TrainConfigError extends Error {
  override readonly name = 'TrainConfigError';
  constructor(
    readonly param: string,
    readonly problem: string,
  ) {
    super(`training config: "${param}": ${problem}`);
  }
}

/** Kernel sides the conv blocks accept. */
export const KERNEL_SIZES = [1, 3, 5, 7] as const;

/**
 * What training accepts for each field: the single source for `configFromParams`'s checks and for
 * the page, which offers and checks a search space against these (a param outside them would only
 * fail once a trial started).
 */
export type ConfigDomain =
  | { readonly kind: 'integer'; readonly low: number; readonly high: number }
  /** A finite number from `low` (excluded when `lowOpen`) up to `high` (∞ = no upper bound). */
  | { readonly kind: 'real'; readonly low: number; readonly lowOpen: boolean; readonly high: number }
  | { readonly kind: 'choice'; readonly choices: readonly (string | number)[] }
  | { readonly kind: 'boolean' };

export const CONFIG_DOMAINS: { readonly [K in ConfigName]: ConfigDomain } = Object.freeze({
  convBlocks: { kind: 'integer', low: 1, high: 3 },
  filters: { kind: 'integer', low: 1, high: 128 },
  kernelSize: { kind: 'choice', choices: KERNEL_SIZES },
  denseUnits: { kind: 'integer', low: 0, high: 1024 },
  dropout: { kind: 'real', low: 0, lowOpen: false, high: 0.9 },
  activation: { kind: 'choice', choices: ACTIVATIONS },
  batchNorm: { kind: 'boolean' },
  optimizer: { kind: 'choice', choices: OPTIMIZERS },
  learningRate: { kind: 'real', low: 0, lowOpen: true, high: Infinity },
  batchSize: { kind: 'integer', low: 1, high: 1024 },
  weightDecay: { kind: 'real', low: 0, lowOpen: false, high: Infinity },
  epochs: { kind: 'integer', low: 1, high: 100 },
});

/** "an integer in [1, 3]", "a finite number > 0", "one of "relu", "elu"", "true or false". */
export function describeDomain(domain: ConfigDomain): string {
  switch (domain.kind) {
    case 'integer':
      return `an integer in [${domain.low}, ${domain.high}]`;
    case 'real':
      return `a finite number ${realRange(domain)}`;
    case 'choice':
      return `one of ${domain.choices.map((c) => JSON.stringify(c)).join(', ')}`;
    case 'boolean':
      return 'true or false';
    default: {
      const unreachable: never = domain;
      return unreachable;
    }
  }
}

function realRange(domain: Extract<ConfigDomain, { kind: 'real' }>): string {
  if (domain.high !== Infinity) return `in ${domain.lowOpen ? '(' : '['}${domain.low}, ${domain.high}]`;
  return `${domain.lowOpen ? '>' : '≥'} ${domain.low}`;
}

/** Whether training accepts `value` for a field of this domain. */
export function domainAccepts(domain: ConfigDomain, value: unknown): boolean {
  switch (domain.kind) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= domain.low && value <= domain.high;
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) && (domain.lowOpen ? value > domain.low : value >= domain.low) && value <= domain.high;
    case 'choice':
      return (domain.choices as readonly unknown[]).includes(value);
    case 'boolean':
      return typeof value === 'boolean';
    default: {
      const unreachable: never = domain;
      return unreachable;
    }
  }
}

function field<K extends ConfigName>(name: K): (value: unknown) => TrainConfig[K] {
  const domain = CONFIG_DOMAINS[name];
  return (value: unknown): TrainConfig[K] => {
    if (!domainAccepts(domain, value)) throw new TrainConfigError(name, `must be ${describeDomain(domain)}, got ${JSON.stringify(value)}`);
    return value as TrainConfig[K];
  };
}

const FIELDS: { readonly [K in ConfigName]: (value: unknown) => TrainConfig[K] } = {
  convBlocks: field('convBlocks'),
  filters: field('filters'),
  kernelSize: field('kernelSize'),
  denseUnits: field('denseUnits'),
  dropout: field('dropout'),
  activation: field('activation'),
  batchNorm: field('batchNorm'),
  optimizer: field('optimizer'),
  learningRate: field('learningRate'),
  batchSize: field('batchSize'),
  weightDecay: field('weightDecay'),
  epochs: field('epochs'),
};

function isConfigName(name: string): name is ConfigName {
  return Object.prototype.hasOwnProperty.call(FIELDS, name);
}

/** Checks every field of a whole config; throws a TrainConfigError for the first bad one. */
export function validateConfig(config: TrainConfig): TrainConfig {
  return configFromParams(config as unknown as Params, DEFAULT_CONFIG);
}

/**
 * A full config from a study's params: each param (any subset of the config's field names)
 * overrides `base`. Unknown names and bad values throw a TrainConfigError naming the param.
 */
export function configFromParams(params: Params, base: TrainConfig = DEFAULT_CONFIG): TrainConfig {
  const config: Record<string, ParamValue> = { ...base };
  for (const [name, value] of Object.entries(params)) {
    if (!isConfigName(name)) {
      throw new TrainConfigError(name, `unknown hyperparameter (known: ${CONFIG_NAMES.join(', ')})`);
    }
    config[name] = value;
  }
  const checked = {} as Record<ConfigName, unknown>;
  for (const name of CONFIG_NAMES) checked[name] = FIELDS[name](config[name]);
  return Object.freeze(checked as unknown as TrainConfig);
}

/** The page's recommended search space: every name maps onto a config field. */
export const DEFAULT_SEARCH_SPACE: SearchSpace = Object.freeze({
  learningRate: { type: 'float', low: 1e-4, high: 3e-2, log: true },
  optimizer: { type: 'categorical', choices: ['adam', 'momentum', 'sgd'] },
  batchSize: { type: 'categorical', choices: [32, 64, 128] },
  weightDecay: { type: 'float', low: 1e-6, high: 1e-2, log: true },
  convBlocks: { type: 'int', low: 1, high: 3 },
  filters: { type: 'categorical', choices: [4, 8, 16, 32] },
  kernelSize: { type: 'categorical', choices: [3, 5] },
  denseUnits: { type: 'categorical', choices: [0, 32, 64, 128] },
  dropout: { type: 'float', low: 0, high: 0.5 },
  activation: { type: 'categorical', choices: ['relu', 'elu', 'tanh'] },
  batchNorm: { type: 'categorical', choices: [false, true] },
});
