/**
 * The Python script that continues an exported study in Optuna: it opens the journal written by
 * `studyToOptunaJournal`, recreates the search space as `trial.suggest_*` calls (same names,
 * ranges, log scales, steps and choices, so Optuna accepts the new trials beside the old ones),
 * leaves the training to the user in one function, continues with TPE (or GP on Optuna ≥ 3.6),
 * and prints the best trial. Its options cover the way out to many machines: `--copy-to URL`
 * copies the study into an RDB storage (`optuna.copy_study`), `--storage URL` runs a worker
 * against it.
 *
 * Every name and choice goes into the script as a Python literal built here (strings through JSON
 * escaping, which is valid Python), never spliced into code or comments.
 */
import { Study } from '../study/study';
import type { StudyJSON } from '../study/format';
import type { CategoricalValue, ParamDef } from '../space/types';
import { validateSpace } from '../space/validate';
import { optunaStudyName } from './journal-export';

/** Options of `optunaContinueScript`. */
export interface ContinueScriptOptions {
  /** The journal file's name, as saved beside the script (the script's default `--journal`). */
  readonly journalFileName: string;
  /** The study's name in the journal: pass what `studyToOptunaJournal` got. Same default as there. */
  readonly studyName?: string;
}

/** A Python script that loads the exported journal and continues the study in Optuna. */
export function optunaContinueScript(study: Study | StudyJSON, options: ContinueScriptOptions): string {
  const json = study instanceof Study ? study.toJSON() : study;
  const space = validateSpace(json.space);
  const studyName = optunaStudyName(json.name, options.studyName);
  const constraints = json.constraints ?? [];
  const suggestLines = Object.entries(space).map(([name, def]) => `        ${pyString(name)}: ${suggestCall(name, def)},`);
  const constrained = constraints.length > 0;
  return `${[
    '#!/usr/bin/env python3',
    '"""Continue a tfjs-tuner study in Optuna.',
    '',
    'The study was exported from the browser as an Optuna journal (JOURNAL below). This script opens',
    'it with optuna.storages.JournalStorage, where every earlier trial, its params, value, state and',
    'intermediate values are history for Optuna\'s samplers, and runs more trials.',
    '',
    '1. Fill in train_and_evaluate() below: build and train your model with the given params.',
    '2. python3 this_script.py --trials 50            (TPE; --sampler gp needs Optuna >= 3.6)',
    '',
    'Many workers on many machines: a journal file serves the processes of one machine (or a shared',
    'file system). To spread the study over many machines, copy it once into a database that every',
    'machine can reach, then start this script on each machine against that database:',
    '',
    '    python3 this_script.py --copy-to postgresql://user:password@db-host/optuna',
    '    python3 this_script.py --storage postgresql://user:password@db-host/optuna --trials 50',
    '',
    '(MySQL: mysql+pymysql://user:password@db-host/optuna.) --copy-to calls optuna.copy_study();',
    'every worker then loads the same study by name and asks Optuna for its next trial, sharing one',
    'history, as in Optuna\'s guide to easy parallelization and distributed optimization.',
    '"""',
    'import argparse',
    'import inspect',
    'import os',
    '',
    'import optuna',
    '',
    'try:  # Optuna >= 4.0',
    '    from optuna.storages.journal import JournalFileBackend as JournalFile',
    'except ImportError:  # Optuna 3.1 - 3.6',
    '    from optuna.storages import JournalFileStorage as JournalFile',
    '',
    `JOURNAL = ${pyString(options.journalFileName)}`,
    `STUDY_NAME = ${pyString(studyName)}`,
    `CONSTRAINT_NAMES = [${constraints.map(pyString).join(', ')}]`,
    '# Optuna >= 5.0 takes constraint values with trial.set_constraint(); earlier ones through constraints_func.',
    'SET_CONSTRAINT = hasattr(optuna.trial.Trial, "set_constraint")',
    '',
    '',
    'def suggest(trial):',
    '    """The search space exported from tfjs-tuner: the same names, ranges, scales and choices."""',
    '    return {',
    ...suggestLines,
    '    }',
    '',
    '',
    'def train_and_evaluate(params, trial):',
    '    """Train and evaluate a model with `params`; return the objective value to ' + json.direction + '.',
    '',
    '    Report progress with trial.report(value, epoch) and stop early when',
    '    trial.should_prune() says so (raise optuna.TrialPruned()).',
    ...(constrained
      ? [
          '    This study is constrained: return (value, constraints) where constraints maps each name in',
          '    CONSTRAINT_NAMES to its value (<= 0 means satisfied).',
        ]
      : []),
    '    """',
    '    raise NotImplementedError("fill in train_and_evaluate(): train a model with params and return its objective value")',
    '',
    '',
    'def objective(trial):',
    '    params = suggest(trial)',
    ...(constrained
      ? [
          '    value, constraints = train_and_evaluate(params, trial)',
          '    values = [float(constraints[name]) for name in CONSTRAINT_NAMES]',
          '    if SET_CONSTRAINT:',
          '        for name, c in zip(CONSTRAINT_NAMES, values):',
          '            trial.set_constraint(name, c)',
          '    else:',
          '        trial.set_user_attr("constraint_values", values)',
          '    return value',
          '',
          '',
          'def constraints_func(frozen_trial):',
          '    """Constraint values of a new trial (<= 0 satisfied) for Optuna < 5.0; none counts as infeasible."""',
          '    return frozen_trial.user_attrs.get("constraint_values", [float("inf")] * len(CONSTRAINT_NAMES))',
        ]
      : ['    return train_and_evaluate(params, trial)']),
    '',
    '',
    'def make_sampler(name, seed):',
    '    extra = {' + (constrained ? '"constraints_func": constraints_func' : '') + '} if not SET_CONSTRAINT else {}',
    '    if name == "tpe":',
    '        return optuna.samplers.TPESampler(seed=seed, **extra)',
    '    gp = getattr(optuna.samplers, "GPSampler", None)',
    '    if gp is None:',
    '        raise SystemExit("--sampler gp needs Optuna >= 3.6 (this is " + optuna.__version__ + "); use --sampler tpe")',
    '    accepted = inspect.signature(gp).parameters',
    '    return gp(seed=seed, **{k: v for k, v in extra.items() if k in accepted})',
    '',
    '',
    'def constraint_values(frozen_trial):',
    '    if hasattr(frozen_trial, "constraints"):  # Optuna >= 5.0 reads every format',
    '        return list(frozen_trial.constraints.values())',
    '    return frozen_trial.system_attrs.get("constraints") or []',
    '',
    '',
    'def best_feasible_trial(study):',
    '    """The best complete trial whose constraints (if any) are all satisfied, or None."""',
    '    feasible = [',
    '        t for t in study.trials',
    '        if t.state == optuna.trial.TrialState.COMPLETE and all(c <= 0 for c in constraint_values(t))',
    '    ]',
    '    if not feasible:',
    '        return None',
    '    pick = max if study.direction == optuna.study.StudyDirection.MAXIMIZE else min',
    '    return pick(feasible, key=lambda t: t.value)',
    '',
    '',
    'def main(argv=None):',
    '    parser = argparse.ArgumentParser(description="Continue the exported study in Optuna.")',
    '    here = os.path.dirname(os.path.abspath(__file__))',
    '    parser.add_argument("--journal", default=os.path.join(here, JOURNAL), help="the exported journal file")',
    '    parser.add_argument("--storage", help="an RDB URL to run against instead of the journal")',
    '    parser.add_argument("--copy-to", help="copy the study into this RDB URL, then exit")',
    '    parser.add_argument("--trials", type=int, default=20, help="how many more trials to run")',
    '    parser.add_argument("--sampler", choices=["tpe", "gp"], default="tpe")',
    '    parser.add_argument("--seed", type=int, default=None)',
    '    args = parser.parse_args(argv)',
    '',
    '    storage = args.storage',
    '    if storage is None or args.copy_to:',
    '        if not os.path.isfile(args.journal):',
    '            raise SystemExit("journal file not found: " + args.journal)',
    '        storage = optuna.storages.JournalStorage(JournalFile(args.journal))',
    '    if args.copy_to:',
    '        optuna.copy_study(from_study_name=STUDY_NAME, from_storage=storage, to_storage=args.copy_to)',
    '        print("copied study", repr(STUDY_NAME), "to", args.copy_to)',
    '        return None',
    '    study = optuna.load_study(study_name=STUDY_NAME, storage=storage, sampler=make_sampler(args.sampler, args.seed))',
    '    study.optimize(objective, n_trials=args.trials)',
    '    best = best_feasible_trial(study)',
    '    if best is None:',
    '        print("no complete feasible trial yet")',
    '    else:',
    '        print("best trial:", best.number, "value:", best.value)',
    '        print("best params:", best.params)',
    '    return study',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
  ].join('\n')}\n`;
}

function suggestCall(name: string, def: ParamDef): string {
  const n = pyString(name);
  switch (def.type) {
    case 'float':
      return `trial.suggest_float(${n}, ${pyNumber(def.low)}, ${pyNumber(def.high)}${def.log === true ? ', log=True' : ''})`;
    case 'int':
      if (def.log === true) return `trial.suggest_int(${n}, ${pyNumber(def.low)}, ${pyNumber(def.high)}, log=True)`;
      return `trial.suggest_int(${n}, ${pyNumber(def.low)}, ${pyNumber(def.high)}${def.step !== undefined && def.step !== 1 ? `, step=${pyNumber(def.step)}` : ''})`;
    case 'categorical':
      return `trial.suggest_categorical(${n}, [${def.choices.map(pyChoice).join(', ')}])`;
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** A Python string literal: JSON's escaping is valid Python for every string. */
function pyString(text: string): string {
  return JSON.stringify(text);
}

/** A Python number literal, written as the journal writes it (JSON), so both parse to the same value. */
function pyNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} into the script: the space's numbers are finite`);
  return JSON.stringify(x);
}

function pyChoice(c: CategoricalValue): string {
  switch (typeof c) {
    case 'string':
      return pyString(c);
    case 'number':
      return pyNumber(c);
    case 'boolean':
      return c ? 'True' : 'False';
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}
