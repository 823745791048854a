/**
 * Whether a search space fits its task. Setup runs these checks row by row as the learner types,
 * and `validateSetup` runs them on every setup it reads (a shared link, an imported study file), so
 * all three refuse the same spaces with the same messages.
 *
 *   - Synthetic tasks read their parameters by name, as numbers: the space must have exactly the
 *     task's names, and a choices parameter must offer numbers.
 *   - CNN tasks map each parameter onto a training-config field, any subset of them: every name
 *     must be a field, and every value the parameter can take must be one training accepts
 *     (`CONFIG_DOMAINS` in training/config.ts, the same table that checks each trial's config).
 *   - The user-data task does the same against its model family's table (`familyDomains`: the MLP's,
 *     the CNN's, or the user model's training), so these functions take the family too (default:
 *     the MLP, whose space the task starts with).
 *
 *   taskSpaceProblem('branin', space)                  // { param: null, problem: 'the task "branin" reads 2 parameters …' } or null
 *   taskParamProblem('mnist-cnn', 'activation', def)   // 'training does not accept the choice "swish": …' or null
 *   taskSpaceProblem('user-data', space, 'cnn')        // checked against the CNN's fields
 */
import { CONFIG_DOMAINS, CONFIG_NAMES, describeDomain, familyDomains, familySpaceProblem, paramDomainProblem, type ConfigDomain, type ConfigName, type ModelFamilyKind } from '../../training';
import { type ParamDef, type SearchSpace, shortValue } from '../../tuner';
import { TASKS, type TaskId } from './tasks';

export interface TaskSpaceProblem {
  /** The parameter at fault, or null for the space as a whole. */
  readonly param: string | null;
  readonly problem: string;
}

/** The names a task's space may use: the landscape's own, the training-config fields, or the user-data family's. */
export function taskParamNames(task: TaskId, family: ModelFamilyKind = 'mlp'): readonly string[] {
  const t = TASKS[task];
  switch (t.kind) {
    case 'synthetic':
      return Object.keys(t.defaultSpace);
    case 'cnn':
      return CONFIG_NAMES;
    case 'user':
      return Object.keys(familyDomains(family));
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

/**
 * The first way `space` does not fit `task` (on user data: its model `family`, and `weightedLayers`
 * of the user's model when known), or null when it fits.
 */
export function taskSpaceProblem(task: TaskId, space: SearchSpace, family: ModelFamilyKind = 'mlp', weightedLayers?: number): TaskSpaceProblem | null {
  if (TASKS[task].kind === 'user') return familySpaceProblem(family, space, weightedLayers);
  const names = taskParamNames(task);
  const given = Object.keys(space);
  const synthetic = TASKS[task].kind === 'synthetic';
  if (synthetic && given.length > names.length) {
    return { param: null, problem: `the task "${task}" reads ${names.length} parameters (${names.join(', ')}); this space has ${given.length}` };
  }
  for (const name of given) {
    const problem = taskParamProblem(task, name, space[name] as ParamDef);
    if (problem !== null) return { param: name, problem };
  }
  const missing = synthetic ? names.find((n) => !given.includes(n)) : undefined;
  if (missing !== undefined) return { param: missing, problem: `is missing: the task "${task}" reads it` };
  return null;
}

/** What is wrong with one parameter (valid on its own) for this task (on user data: its model family), or null. */
export function taskParamProblem(task: TaskId, name: string, def: ParamDef, family: ModelFamilyKind = 'mlp'): string | null {
  const t = TASKS[task];
  switch (t.kind) {
    case 'synthetic': {
      const names = Object.keys(t.defaultSpace);
      if (!names.includes(name)) return `"${name}" is not a parameter of the task "${task}" (it reads ${names.join(', ')})`;
      if (def.type !== 'categorical') return null;
      const word = def.choices.find((c) => typeof c !== 'number');
      return word === undefined ? null : `the task "${task}" reads numbers: the choice ${shortValue(word)} is not one`;
    }
    case 'cnn':
      if (!isConfigName(name)) return `"${name}" is not a hyperparameter of this model (known: ${CONFIG_NAMES.join(', ')})`;
      return paramDomainProblem(name, def, CONFIG_DOMAINS[name]);
    case 'user':
      return familySpaceProblem(family, { [name]: def })?.problem ?? null;
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

/** What training accepts for this name, to show beside its row ("one of "relu", …"), or null. */
export function taskAccepts(task: TaskId, name: string, family: ModelFamilyKind = 'mlp'): string | null {
  const domain = trainingDomain(task, name, family);
  return domain === null ? null : describeDomain(domain);
}

/** A definition a new row named `name` can start from: what training accepts, or a float in [0, 1]. */
export function taskNewParam(task: TaskId, name: string, family: ModelFamilyKind = 'mlp'): ParamDef {
  const fallback: ParamDef = { type: 'float', low: 0, high: 1 };
  const domain = trainingDomain(task, name, family);
  if (domain === null) return fallback;
  switch (domain.kind) {
    case 'integer':
      return { type: 'int', low: domain.low, high: domain.high };
    case 'real':
      return domain.high === Infinity ? { type: 'float', low: 1e-6, high: 1e-1, log: true } : { type: 'float', low: domain.low, high: domain.high };
    case 'choice':
      return { type: 'categorical', choices: domain.choices.slice() };
    case 'boolean':
      return { type: 'categorical', choices: [false, true] };
    default: {
      const unreachable: never = domain;
      return unreachable;
    }
  }
}

/** What training accepts for `name` on this task (and family), or null: a synthetic task, or a name training does not know. */
function trainingDomain(task: TaskId, name: string, family: ModelFamilyKind): ConfigDomain | null {
  const t = TASKS[task];
  switch (t.kind) {
    case 'synthetic':
      return null;
    case 'cnn':
      return isConfigName(name) ? CONFIG_DOMAINS[name] : null;
    case 'user':
      return familyDomains(family)[name] ?? null;
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

function isConfigName(name: string): name is ConfigName {
  return (CONFIG_NAMES as readonly string[]).includes(name);
}
