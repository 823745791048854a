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

function integer(name: string, low: number, high: number) {
  return (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
      throw new TrainConfigError(name, `must be an integer in [${low}, ${high}], got ${JSON.stringify(value)}`);
    }
    return value;
  };
}

function real(name: string, test: (v: number) => boolean, range: string) {
  return (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !test(value)) {
      throw new TrainConfigError(name, `must be a finite number ${range}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
}

function oneOf<T extends string | number>(name: string, choices: readonly T[]) {
  return (value: unknown): T => {
    if (!(choices as readonly unknown[]).includes(value)) {
      throw new TrainConfigError(name, `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(value)}`);
    }
    return value as T;
  };
}

function boolean(name: string) {
  return (value: unknown): boolean => {
    if (typeof value !== 'boolean') throw new TrainConfigError(name, `must be true or false, got ${JSON.stringify(value)}`);
    return value;
  };
}

const FIELDS: { readonly [K in ConfigName]: (value: unknown) => TrainConfig[K] } = {
  convBlocks: integer('convBlocks', 1, 3),
  filters: integer('filters', 1, 128),
  kernelSize: oneOf('kernelSize', [1, 3, 5, 7]),
  denseUnits: integer('denseUnits', 0, 1024),
  dropout: real('dropout', (v) => v >= 0 && v <= 0.9, 'in [0, 0.9]'),
  activation: oneOf('activation', ACTIVATIONS),
  batchNorm: boolean('batchNorm'),
  optimizer: oneOf('optimizer', OPTIMIZERS),
  learningRate: real('learningRate', (v) => v > 0, '> 0'),
  batchSize: integer('batchSize', 1, 1024),
  weightDecay: real('weightDecay', (v) => v >= 0, '≥ 0'),
  epochs: integer('epochs', 1, 100),
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
