/**
 * A study made by real Optuna for the import tests: a Python script writes a journal holding three
 * studies (one deleted) with every kind of distribution, pruned, failed, running and waiting
 * trials, intermediate values (a NaN among them) and constraint values, and prints what Optuna
 * itself reads back from it, to compare the import with.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runPython, scratchFolder } from './optuna-python';

/** One trial as Optuna reads it back (the script's summary). */
export interface OptunaTrialSummary {
  number: number;
  state: 'COMPLETE' | 'PRUNED' | 'FAIL' | 'RUNNING' | 'WAITING';
  value: number | null;
  params: Record<string, number | string | boolean>;
  distributions: Record<string, { name: string; attributes: Record<string, unknown> }>;
  intermediate: [number, number | null][];
  constraints: number[] | null;
  fixed_params: Record<string, number | string | boolean> | null;
  user_attrs: Record<string, unknown>;
  /** Naive ISO datetimes, as Optuna holds them. */
  datetime_start: string | null;
  datetime_complete: string | null;
}

/** One study as Optuna reads it back, with its best (and its best feasible) trial. */
export interface OptunaStudySummary {
  name: string;
  direction: 'minimize' | 'maximize';
  trials: OptunaTrialSummary[];
  best_value: number;
  best_params: Record<string, number | string | boolean>;
  feasible_best_value: number;
  feasible_best_params: Record<string, number | string | boolean>;
}

/** The script: writes the journal at argv[1] and prints the summary as JSON. */
export const OPTUNA_VARIETY_SCRIPT = `import json, math, sys
import optuna
from optuna.storages import JournalStorage, JournalFileStorage
from optuna.distributions import distribution_to_json
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.WARNING)
path = sys.argv[1]
storage = JournalStorage(JournalFileStorage(path))

def suggest_all(trial):
    return {
        "x": trial.suggest_float("x", -2.0, 2.0),
        "lr": trial.suggest_float("lr", 1e-4, 1e-1, log=True),
        "n": trial.suggest_int("n", 1, 9, step=2),
        "m": trial.suggest_int("m", 1, 64, log=True),
        "act": trial.suggest_categorical("act", ["relu", "tanh", "gelu"]),
        "width": trial.suggest_categorical("width", [16, 32.5, 64]),
        "flag": trial.suggest_categorical("flag", [True, False]),
    }

def objective(trial):
    p = suggest_all(trial)
    loss = (p["x"] - 0.5) ** 2 + abs(math.log10(p["lr"]) + 2) + p["n"] / 10 + (0.1 if p["flag"] else 0)
    for step in range(1, 4):
        trial.report(loss + 1.0 / step, step)
    trial.set_user_attr("accuracy", 1 / (1 + loss))
    trial.set_user_attr("tag", "run-%d" % trial.number)
    if trial.number == 2:
        trial.report(float("nan"), 4)
        raise optuna.TrialPruned()
    if trial.number == 3:
        raise ValueError("boom")
    return loss

sampler = optuna.samplers.TPESampler(seed=1, n_startup_trials=4, constraints_func=lambda t: [t.params["x"] - 1.0, -t.params["n"]])
variety = optuna.create_study(study_name="variety", storage=storage, direction="minimize", sampler=sampler)
variety.set_user_attr("owner", "tests")
variety.enqueue_trial({"x": 0.5, "lr": 0.01, "n": 3, "m": 8, "act": "tanh", "width": 32.5, "flag": False})
variety.optimize(objective, n_trials=10, catch=(ValueError,))
early = variety.ask()
variety.tell(early, state=TrialState.FAIL)
running = variety.ask()
suggest_all(running)
running.report(0.75, 1)
variety.enqueue_trial({"x": -1.0, "lr": 0.001, "n": 5, "m": 2, "act": "relu", "width": 64, "flag": True})

gone = optuna.create_study(study_name="gone", storage=storage)
gone.optimize(lambda t: t.suggest_float("y", 0, 1), n_trials=2)
optuna.delete_study(study_name="gone", storage=storage)

plain = optuna.create_study(study_name="plain", storage=storage, direction="maximize", sampler=optuna.samplers.RandomSampler(seed=3))
plain.optimize(lambda t: -(t.suggest_float("x", 0, 1) - 0.3) ** 2 + t.suggest_int("k", 0, 4) / 10, n_trials=6)
plain.add_trial(optuna.trial.create_trial(
    params={"x": 0.3, "k": 4},
    distributions={"x": optuna.distributions.FloatDistribution(0, 1), "k": optuna.distributions.IntDistribution(0, 4)},
    value=0.4,
))

def summary(study):
    trials = []
    for t in study.get_trials(deepcopy=False):
        trials.append({
            "number": t.number,
            "state": t.state.name,
            "value": t.value,
            "params": t.params,
            "distributions": {k: json.loads(distribution_to_json(d)) for k, d in t.distributions.items()},
            "intermediate": [[s, None if math.isnan(v) else v] for s, v in sorted(t.intermediate_values.items())],
            "constraints": t.system_attrs.get("constraints"),
            "fixed_params": t.system_attrs.get("fixed_params"),
            "user_attrs": t.user_attrs,
            "datetime_start": None if t.datetime_start is None else t.datetime_start.isoformat(),
            "datetime_complete": None if t.datetime_complete is None else t.datetime_complete.isoformat(),
        })
    feasible = [t for t in study.trials if t.state == TrialState.COMPLETE and all(c <= 0 for c in t.system_attrs.get("constraints") or [])]
    best = min(feasible, key=lambda t: t.value) if study.direction.name == "MINIMIZE" else max(feasible, key=lambda t: t.value)
    return {"name": study.study_name, "direction": study.direction.name.lower(), "trials": trials,
            "best_value": study.best_value, "best_params": study.best_params,
            "feasible_best_value": best.value, "feasible_best_params": best.params}

print(json.dumps({"version": optuna.__version__, "studies": [summary(variety), summary(plain)]}))
`;

/** Runs the script: the journal's text, and Optuna's own reading of it (studies "variety" and "plain"). */
export async function optunaVarietyJournal(): Promise<{ text: string; version: string; studies: OptunaStudySummary[] }> {
  const scratch = await scratchFolder();
  try {
    const path = join(scratch.dir, 'variety.log');
    const out = JSON.parse(await runPython(OPTUNA_VARIETY_SCRIPT, [path], scratch.dir)) as { version: string; studies: OptunaStudySummary[] };
    return { text: await readFile(path, 'utf8'), ...out };
  } finally {
    await scratch.remove();
  }
}
