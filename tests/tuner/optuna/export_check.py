"""Loads an Optuna journal with real Optuna and prints what Optuna sees, as JSON.

Usage: export_check.py JOURNAL [--continue N] [--copy-sqlite PATH]

Prints {"optuna": version, "studies": [...], "loaded_user_attrs": {...}, "continued": {...}?,
"copied": n?, "copied_user_attrs": {...}?}: every study with its name, directions, attrs and trials
(number, state, value, params, distributions as Optuna's distribution_to_json, intermediate values,
attrs, datetimes), and the first study's user_attrs as optuna.load_study gives them. --continue N then runs N more trials
with TPE on the first study, each suggesting the same distributions the journal holds;
--copy-sqlite copies the study into an SQLite storage (which validates every trial).
"""
import argparse
import json
import math

import optuna
from optuna.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    distribution_to_json,
    json_to_distribution,
)

try:
    from optuna.storages.journal import JournalFileBackend as JournalFile
except ImportError:
    from optuna.storages import JournalFileStorage as JournalFile

optuna.logging.set_verbosity(optuna.logging.WARNING)


def plain(v):
    """JSON-safe: NaN and infinities become strings."""
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    return v


def iso(d):
    return None if d is None else d.isoformat(timespec="microseconds")


def describe_trial(t):
    return {
        "number": t.number,
        "state": t.state.name,
        "value": plain(t.value),
        "params": plain(t.params),
        "distributions": {k: distribution_to_json(d) for k, d in t.distributions.items()},
        "intermediate_values": plain(t.intermediate_values),
        "user_attrs": plain(t.user_attrs),
        "system_attrs": plain(t.system_attrs),
        "datetime_start": iso(t.datetime_start),
        "datetime_complete": iso(t.datetime_complete),
    }


def suggest(trial, name, dist):
    if isinstance(dist, FloatDistribution):
        return trial.suggest_float(name, dist.low, dist.high, log=dist.log, step=dist.step)
    if isinstance(dist, IntDistribution):
        return trial.suggest_int(name, dist.low, dist.high, log=dist.log, step=dist.step)
    if isinstance(dist, CategoricalDistribution):
        return trial.suggest_categorical(name, list(dist.choices))
    raise TypeError(name)


def continue_study(storage, name, n):
    attrs = optuna.load_study(study_name=name, storage=storage).user_attrs
    space = {k: json_to_distribution(v) for k, v in attrs["search_space"].items()}
    constraint_names = attrs.get("constraint_names", [])

    def objective(trial):
        params = {k: suggest(trial, k, d) for k, d in space.items()}
        value = sum(float(v) for v in params.values() if not isinstance(v, str))
        for step in (1, 2):
            trial.report(value + 1.0 / step, step)
        trial.set_user_attr("constraint_values", [value - 5.0] * len(constraint_names))
        return value

    kwargs = {}
    if constraint_names:
        kwargs["constraints_func"] = lambda ft: ft.user_attrs.get("constraint_values", [1.0] * len(constraint_names))
    sampler = optuna.samplers.TPESampler(seed=0, n_startup_trials=2, **kwargs)
    study = optuna.load_study(study_name=name, storage=storage, sampler=sampler)
    study.optimize(objective, n_trials=n)
    return {"trials": [describe_trial(t) for t in study.trials]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("journal")
    parser.add_argument("--continue", dest="more", type=int, default=0)
    parser.add_argument("--copy-sqlite")
    args = parser.parse_args()
    storage = optuna.storages.JournalStorage(JournalFile(args.journal))
    studies = storage.get_all_studies()
    out = {"optuna": optuna.__version__, "studies": []}
    for s in studies:
        trials = storage.get_all_trials(s._study_id)
        out["studies"].append({
            "name": s.study_name,
            "directions": [d.name for d in s.directions],
            "user_attrs": plain(s.user_attrs),
            "system_attrs": plain(s.system_attrs),
            "trials": [describe_trial(t) for t in trials],
        })
    if studies:
        out["loaded_user_attrs"] = plain(optuna.load_study(study_name=studies[0].study_name, storage=storage).user_attrs)
    if args.copy_sqlite:
        name = studies[0].study_name
        optuna.copy_study(from_study_name=name, from_storage=storage, to_storage="sqlite:///" + args.copy_sqlite)
        copy = optuna.load_study(study_name=name, storage="sqlite:///" + args.copy_sqlite)
        out["copied"] = len(copy.trials)
        out["copied_user_attrs"] = plain(copy.user_attrs)
    if args.more > 0:
        out["continued"] = continue_study(storage, studies[0].study_name, args.more)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
