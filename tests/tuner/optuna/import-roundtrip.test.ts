/**
 * There and back: a study exported as an Optuna journal imports as the same study; and after real
 * Optuna has continued it (its queued configuration first, then TPE with the constraints), the
 * import holds the original trials and Optuna's new ones.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOptunaJournal, RUNNING_AS_FAILED_NOTE, studyToOptunaJournal, type Study, type Trial } from '../../../src/tuner';
import { varietyStudy, VARIETY_SPACE } from './export-fixture';
import { runPython, scratchFolder } from './optuna-python';

/** What survives the trip for a finished trial: all but the metrics of steps before the last. */
function tripped(t: Trial): object {
  const last = t.intermediate.length - 1;
  return {
    id: t.id,
    params: t.params,
    state: t.state,
    value: t.value,
    reason: t.reason,
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    constraints: t.constraints,
    computeMs: t.computeMs,
    intermediate: t.intermediate.map((e, i) => (i === last && e.metrics !== undefined ? e : { step: e.step, value: e.value })),
  };
}

function finishedPart(study: Study): object[] {
  return study.trials.filter((t) => t.state !== 'running').map(tripped);
}

describe('export then import', () => {
  it('gives back the same study: space, direction, constraints, sampler, seed, trials and queue', () => {
    const original = varietyStudy();
    const { study, skipped } = importOptunaJournal(studyToOptunaJournal(original, { now: original.trials[6]?.startedAt ?? 0 }));
    expect(skipped).toEqual([]);
    expect(study.name).toBe(original.name);
    expect(study.space).toEqual(original.space);
    expect(Object.keys(study.space)).toEqual(Object.keys(VARIETY_SPACE));
    expect(study.direction).toBe(original.direction);
    expect(study.constraints).toEqual(original.constraints);
    expect([study.sampler.name, study.seed]).toEqual([original.sampler.name, original.seed]);
    expect(study.trials.slice(0, 6).map(tripped)).toEqual(finishedPart(original));
    // The running trial went out as failed, with a note that says so.
    expect(study.trials[6]).toMatchObject({ state: 'failed', params: original.trials[6]?.params, reason: RUNNING_AS_FAILED_NOTE });
    expect(study.enqueued).toEqual(original.enqueued);
    expect(study.best?.id).toBe(original.best?.id);
  });

  it('after real Optuna continued it: the original trials, then the queued one and TPE’s, all complete with constraints', async () => {
    const original = varietyStudy();
    const scratch = await scratchFolder();
    try {
      const path = join(scratch.dir, 'study.log');
      await writeFile(path, studyToOptunaJournal(original, { running: 'omit' }));
      await runPython(CONTINUE_IN_OPTUNA, [path, original.name], scratch.dir);
      const { study, skipped } = importOptunaJournal(await readFile(path, 'utf8'));
      expect(skipped).toEqual([]);
      expect(study.trials).toHaveLength(9);
      expect(study.trials.slice(0, 6).map(tripped)).toEqual(finishedPart(original));
      const added = study.trials.slice(6);
      expect(added[0]?.params).toEqual(original.enqueued[0]);
      for (const t of added) {
        expect(t.state).toBe('complete');
        expect(Object.keys(t.constraints ?? {})).toEqual(['paramsOver', 'latencyOver']);
        expect(t.intermediate.map((e) => e.step)).toEqual([1, 2]);
      }
      expect(study.enqueued).toEqual([]);
      // The imported study goes on in the engine.
      const { id } = study.ask();
      expect(id).toBe(9);
    } finally {
      await scratch.remove();
    }
  }, 120_000);
});

/** Loads the exported journal and runs 3 trials with TPE: the queued configuration first. */
const CONTINUE_IN_OPTUNA = `
import sys
import optuna
from optuna.storages import JournalStorage, JournalFileStorage

optuna.logging.set_verbosity(optuna.logging.WARNING)
storage = JournalStorage(JournalFileStorage(sys.argv[1]))

def objective(trial):
    lr = trial.suggest_float("lr", 1e-4, 0.1, log=True)
    dropout = trial.suggest_float("dropout", 0, 0.5)
    units = trial.suggest_int("units", 8, 256, log=True)
    layers = trial.suggest_int("layers", 1, 9, step=2)
    epochs = trial.suggest_int("epochs", 1, 5)
    trial.suggest_categorical("activation", ["relu", "tanh", "gelu"])
    trial.suggest_categorical("batch", [16, 32, 0.5])
    trial.suggest_categorical("batchNorm", [True, False])
    loss = dropout + abs(lr - 0.01) + layers / 100
    trial.report(loss + 0.1, 1)
    trial.report(loss, 2)
    trial.set_user_attr("constraint_values", [units - 128.0, epochs - 4.0])
    return loss

sampler = optuna.samplers.TPESampler(seed=0, n_startup_trials=1, constraints_func=lambda t: t.user_attrs["constraint_values"])
study = optuna.load_study(study_name=sys.argv[2], storage=storage, sampler=sampler)
study.optimize(objective, n_trials=3)
`;
