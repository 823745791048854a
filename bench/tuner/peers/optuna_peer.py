"""Optuna samplers as benchmark peers, driven over a JSON-line protocol on stdin/stdout.

The objective stays with the caller (bench/tuner/peers/client.ts): this process only asks and tells.
One JSON object per line each way; every request gets exactly one reply, in order.

  start-up reply     {"kind": "ready", "optuna": "3.1.0"}  or  {"kind": "unavailable", "reason": "..."}
  create             {"op": "create", "study": id, "sampler": name, "seed": n, "space": {name: def}}
                     -> {"kind": "created", "study": id}
  ask                {"op": "ask", "study": id}
                     -> {"kind": "asked", "study": id, "number": n, "params": {...}, "ms": x}
  tell               {"op": "tell", "study": id, "number": n, "value": v}  -> {"kind": "told", "study": id}
  close              {"op": "close", "study": id}  -> {"kind": "closed", "study": id}
  any failure        -> {"kind": "error", "message": "..."}

Sampler names: tpe, tpe-multivariate, tpe-constant-liar, cmaes, random. A space def is the
engine's: {"type": "float", "low", "high", "log"?}, {"type": "int", "low", "high", "log"?, "step"?},
{"type": "categorical", "choices": [...]}. "ms" is the wall-clock time of Optuna's ask, which samples
every parameter.
"""
import json
import sys
import time
import warnings


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


try:
    import optuna
except Exception as error:  # any import failure: the peers' rows say so, the benchmark goes on
    reply({"kind": "unavailable", "reason": f"optuna cannot be imported: {error}"})
    sys.exit(0)

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")


def make_sampler(name, seed):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe-multivariate":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if name == "tpe-constant-liar":
        return optuna.samplers.TPESampler(seed=seed, constant_liar=True)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError(f"unknown sampler {name!r}")


def make_distribution(name, d):
    kind = d.get("type")
    if kind == "float":
        return optuna.distributions.FloatDistribution(d["low"], d["high"], log=bool(d.get("log", False)))
    if kind == "int":
        return optuna.distributions.IntDistribution(
            d["low"], d["high"], log=bool(d.get("log", False)), step=int(d.get("step", 1))
        )
    if kind == "categorical":
        return optuna.distributions.CategoricalDistribution(d["choices"])
    raise ValueError(f"parameter {name!r}: unknown type {kind!r}")


studies = {}


def handle(request):
    op = request.get("op")
    sid = request.get("study")
    if op == "create":
        distributions = {n: make_distribution(n, d) for n, d in request["space"].items()}
        study = optuna.create_study(direction="minimize", sampler=make_sampler(request["sampler"], request["seed"]))
        studies[sid] = (study, distributions)
        return {"kind": "created", "study": sid}
    if sid not in studies:
        raise ValueError(f"no study {sid!r}")
    study, distributions = studies[sid]
    if op == "ask":
        start = time.perf_counter()
        trial = study.ask(fixed_distributions=distributions)
        ms = (time.perf_counter() - start) * 1000
        return {"kind": "asked", "study": sid, "number": trial.number, "params": trial.params, "ms": ms}
    if op == "tell":
        study.tell(int(request["number"]), float(request["value"]))
        return {"kind": "told", "study": sid}
    if op == "close":
        del studies[sid]
        return {"kind": "closed", "study": sid}
    raise ValueError(f"unknown op {op!r}")


reply({"kind": "ready", "optuna": optuna.__version__})
for line in sys.stdin:
    if not line.strip():
        continue
    try:
        reply(handle(json.loads(line)))
    except Exception as error:
        reply({"kind": "error", "message": f"{type(error).__name__}: {error}"})
