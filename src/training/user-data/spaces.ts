/**
 * Search spaces for the model families of a user-data study, whether a space fits its family, and
 * the metrics every epoch of a user-data trial reports. Pure TypeScript (the page imports it).
 *
 *   mlpSearchSpace('classification')                      // layers, units, activation, … weightDecay
 *   userModelSearchSpace(4, true)                         // learningRate, optimizer, batchSize, weightDecay, frozenLayers 0…3
 *   familySpaceProblem('mlp', { units: { type: 'int', low: 0, high: 8 } })
 *     // → { param: 'units', problem: 'training does not accept the whole range [0, 8]: units must be an integer in [1, 1024]' }
 *   userDataMetricNames('regression')                     // ['loss', 'valLoss', 'valRmse', 'valMae', 'valR2']
 *
 * A space fits a family when every name is one of the family's hyperparameters (family-params.ts;
 * the CNN's are training/config.ts's) and every value the parameter can take is one training accepts.
 */
import { CONFIG_DOMAINS, DEFAULT_SEARCH_SPACE, describeDomain, domainAccepts, type ConfigDomain } from '../config';
import { shortValue, type ParamDef, type SearchSpace } from '../../tuner';
import { MLP_DOMAINS, userModelDomains } from './family-params';
import type { ModelFamily, UserTaskKind } from './protocol';

/** A model family by its kind. */
export type ModelFamilyKind = ModelFamily['kind'];

/** The hyperparameters the algorithm side of every family tunes. */
const TRAINING_SPACE: SearchSpace = {
  learningRate: { type: 'float', low: 1e-4, high: 3e-2, log: true },
  optimizer: { type: 'categorical', choices: ['adam', 'momentum', 'sgd'] },
  batchSize: { type: 'categorical', choices: [16, 32, 64, 128] },
  weightDecay: { type: 'float', low: 1e-6, high: 1e-2, log: true },
};

/**
 * The MLP's recommended space: its structure (layers, units, activation, dropout, batch norm) and
 * its training. The same for both task kinds: the kind decides the output layer (k softmax units or
 * one linear unit), which is not tuned.
 */
export function mlpSearchSpace(task: UserTaskKind): SearchSpace {
  switch (task) {
    case 'classification':
    case 'regression':
      return {
        layers: { type: 'int', low: 1, high: 3 },
        units: { type: 'int', low: 8, high: 256, log: true },
        activation: { type: 'categorical', choices: ['relu', 'elu', 'tanh'] },
        dropout: { type: 'float', low: 0, high: 0.5 },
        batchNorm: { type: 'categorical', choices: [false, true] },
        ...TRAINING_SPACE,
      };
    default: {
      const unreachable: never = task;
      throw new Error(`mlpSearchSpace: unknown task kind ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The CNN's space on an image folder: the built-in CNN's recommended space (its input shape comes from the data). */
export const IMAGE_CNN_SEARCH_SPACE: SearchSpace = DEFAULT_SEARCH_SPACE;

/**
 * The space for the user's own model: how it is trained and, with `tuneTrainable`, how many of its
 * first weighted layers stay frozen (0 … weightedLayers − 1: at least the last one trains).
 */
export function userModelSearchSpace(weightedLayers: number, tuneTrainable: boolean): SearchSpace {
  if (!Number.isInteger(weightedLayers) || weightedLayers < 1) {
    throw new RangeError(`userModelSearchSpace: weightedLayers must be an integer ≥ 1 (the model's layers that hold weights), got ${weightedLayers}`);
  }
  if (!tuneTrainable || weightedLayers === 1) return { ...TRAINING_SPACE };
  return { ...TRAINING_SPACE, frozenLayers: { type: 'int', low: 0, high: weightedLayers - 1 } };
}

/** What training accepts for each name of a family's space. */
export function familyDomains(family: ModelFamilyKind, weightedLayers?: number): Readonly<Record<string, ConfigDomain>> {
  switch (family) {
    case 'mlp':
      return MLP_DOMAINS;
    case 'cnn':
      return CONFIG_DOMAINS;
    case 'user-model':
      return userModelDomains(weightedLayers);
    default: {
      const unreachable: never = family;
      throw new Error(`unknown model family ${JSON.stringify(unreachable)}`);
    }
  }
}

const FAMILY_NAMES: Record<ModelFamilyKind, string> = { mlp: 'the MLP', cnn: 'the CNN', 'user-model': 'your model' };

/** The parameter at fault (null: the space as a whole) and what is wrong. */
export interface FamilySpaceProblem {
  readonly param: string | null;
  readonly problem: string;
}

/**
 * The first way `space` does not fit `family`, or null when it fits: a name the family does not
 * know, or a parameter that can take a value its training refuses. `weightedLayers` (the user's
 * model's layers that hold weights) bounds `frozenLayers`.
 */
export function familySpaceProblem(family: ModelFamilyKind, space: SearchSpace, weightedLayers?: number): FamilySpaceProblem | null {
  const domains = familyDomains(family, weightedLayers);
  for (const [name, def] of Object.entries(space)) {
    const domain = domains[name];
    if (domain === undefined) return { param: name, problem: `"${name}" is not a hyperparameter of ${FAMILY_NAMES[family]} (known: ${Object.keys(domains).join(', ')})` };
    const problem = paramDomainProblem(name, def, domain);
    if (problem !== null) return { param: name, problem };
  }
  return null;
}

/**
 * The first value `def` can take that `domain` (what training accepts for `name`) refuses,
 * described, or null when it accepts them all. Setup checks the built-in CNN's rows with it too.
 *
 *   paramDomainProblem('units', { type: 'int', low: 0, high: 8 }, MLP_DOMAINS.units)
 *     // → 'training does not accept the whole range [0, 8]: units must be an integer in [1, 1024]'
 */
export function paramDomainProblem(name: string, def: ParamDef, domain: ConfigDomain): string | null {
  const accepted = `${name} must be ${describeDomain(domain)}`;
  switch (def.type) {
    case 'categorical': {
      const bad = def.choices.find((c) => !domainAccepts(domain, c));
      return bad === undefined ? null : `training does not accept the choice ${shortValue(bad)}: ${accepted}`;
    }
    case 'float':
      if (domain.kind === 'choice' || domain.kind === 'boolean') return `training takes only listed values here (${accepted}): make it a choices parameter`;
      if (domain.kind === 'integer') return `training takes whole numbers here (${accepted}): make it an int parameter`;
      return rangeProblem(def, domain, accepted);
    case 'int': {
      if (domain.kind === 'boolean') return `training takes only listed values here (${accepted}): make it a choices parameter`;
      if (domain.kind !== 'choice') return rangeProblem(def, domain, accepted);
      // One more value than there are choices is enough: a range with more values cannot fit them.
      const bad = intValues(def, domain.choices.length + 1).find((v) => !domainAccepts(domain, v));
      return bad === undefined ? null : `training does not accept ${bad}, which the range [${def.low}, ${def.high}] can take: ${accepted}`;
    }
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

function rangeProblem(def: { readonly low: number; readonly high: number }, domain: ConfigDomain, accepted: string): string | null {
  if (domainAccepts(domain, def.low) && domainAccepts(domain, def.high)) return null;
  return `training does not accept the whole range [${def.low}, ${def.high}]: ${accepted}`;
}

/** The first `limit` values an int parameter can take, in order. */
function intValues(def: Extract<ParamDef, { type: 'int' }>, limit: number): number[] {
  const step = def.log === true ? 1 : (def.step ?? 1);
  const out: number[] = [];
  for (let v = def.low; v <= def.high && out.length < limit; v += step) out.push(v);
  return out;
}

const CLASSIFICATION_METRICS = ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'valBalancedAccuracy', 'valMacroF1'] as const;
const REGRESSION_METRICS = ['loss', 'valLoss', 'valRmse', 'valMae', 'valR2'] as const;

/**
 * The metrics every epoch of a user-data trial reports (mean over the folds with k-fold):
 * classification: training loss (cross-entropy) and accuracy, then the validation ones;
 * regression: training loss (MSE), then validation MSE, RMSE, MAE and R², on the target's own scale.
 */
export function userDataMetricNames(task: UserTaskKind): readonly string[] {
  switch (task) {
    case 'classification':
      return CLASSIFICATION_METRICS;
    case 'regression':
      return REGRESSION_METRICS;
    default: {
      const unreachable: never = task;
      throw new Error(`userDataMetricNames: unknown task kind ${JSON.stringify(unreachable)}`);
    }
  }
}
