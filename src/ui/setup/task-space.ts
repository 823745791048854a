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
 *
 *   taskSpaceProblem('branin', space)                  // { param: null, problem: 'the task "branin" reads 2 parameters …' } or null
 *   taskParamProblem('mnist-cnn', 'activation', def)   // 'training does not accept the choice "swish": …' or null
 */
import { CONFIG_DOMAINS, CONFIG_NAMES, describeDomain, domainAccepts, type ConfigDomain, type ConfigName } from '../../training';
import { type ParamDef, type SearchSpace, shortValue } from '../../tuner';
import { TASKS, type TaskId } from './tasks';

export interface TaskSpaceProblem {
  /** The parameter at fault, or null for the space as a whole. */
  readonly param: string | null;
  readonly problem: string;
}

/** The names a task's space may use: the landscape's own, or the training-config fields. */
export function taskParamNames(task: TaskId): readonly string[] {
  const t = TASKS[task];
  return t.kind === 'cnn' ? CONFIG_NAMES : Object.keys(t.defaultSpace);
}

/** The first way `space` does not fit `task`, or null when it fits. */
export function taskSpaceProblem(task: TaskId, space: SearchSpace): TaskSpaceProblem | null {
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

/** What is wrong with one parameter (valid on its own) for this task, or null. */
export function taskParamProblem(task: TaskId, name: string, def: ParamDef): string | null {
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
      return trainingProblem(name, def, CONFIG_DOMAINS[name]);
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

/** What training accepts for this name, to show beside its row ("one of "relu", …"), or null. */
export function taskAccepts(task: TaskId, name: string): string | null {
  if (TASKS[task].kind !== 'cnn' || !isConfigName(name)) return null;
  return describeDomain(CONFIG_DOMAINS[name]);
}

/** A definition a new row named `name` can start from: what training accepts, or a float in [0, 1]. */
export function taskNewParam(task: TaskId, name: string): ParamDef {
  const fallback: ParamDef = { type: 'float', low: 0, high: 1 };
  if (TASKS[task].kind !== 'cnn' || !isConfigName(name)) return fallback;
  const domain = CONFIG_DOMAINS[name];
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

/** The first value `def` can take that training refuses, described, or null when it accepts them all. */
function trainingProblem(name: ConfigName, def: ParamDef, domain: ConfigDomain): string | null {
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

function isConfigName(name: string): name is ConfigName {
  return (CONFIG_NAMES as readonly string[]).includes(name);
}
