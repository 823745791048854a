/**
 * Floats stay floats on the way to Optuna: a value, param, intermediate value, constraint value or
 * metric that happens to be a whole number (3.0) is written as Python writes a float, so real
 * Optuna reads a float (its best_value is 3.0, not 3), while int params stay ints.
 */
import { describe, expect, it } from 'vitest';
import { createStudy, studyToOptunaJournal } from '../../../src/tuner';
import { PythonFloat, pythonJson } from '../../../src/tuner/optuna/python-json';
import { runPython, scratchFolder } from './optuna-python';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

function wholeNumberStudy() {
  let tick = 0;
  const study = createStudy({
    space: { x: { type: 'float', low: 0, high: 4 }, lr: { type: 'float', low: 1e-5, high: 1, log: true }, n: { type: 'int', low: 1, high: 5 } },
    sampler: 'random',
    seed: 1,
    name: 'whole numbers',
    clock: () => T0 + 1000 * tick++,
    constraints: ['c'],
  });
  study.addTrial({ params: { x: 1, lr: 1e-5, n: 2 }, state: 'complete', value: 3, intermediate: [{ step: 0, value: 4 }, { step: 1, value: 3, metrics: { accuracy: 1 } }], constraints: { c: -1 } });
  study.addTrial({ params: { x: 2.5, lr: 0.5, n: 3 }, state: 'complete', value: 7.25, constraints: { c: 0 } });
  study.enqueue({ x: 4, lr: 1, n: 5 });
  return study;
}

const TYPES_SCRIPT = `
import json, sys, optuna
try:
    from optuna.storages import JournalFileStorage as Backend
except ImportError:
    from optuna.storages.journal import JournalFileBackend as Backend
storage = optuna.storages.JournalStorage(Backend(sys.argv[1]))
study = optuna.load_study(study_name="whole numbers", storage=storage)
t = lambda v: type(v).__name__
first, second, waiting = study.trials
print(json.dumps({
    "best_value": [study.best_value, t(study.best_value)],
    "best_params": {k: t(v) for k, v in study.best_params.items()},
    "intermediate": [t(v) for v in first.intermediate_values.values()],
    "constraints": [t(v) for v in first.system_attrs["constraints"]],
    "accuracy": t(first.user_attrs["accuracy"]),
    "queued": {k: t(v) for k, v in waiting.system_attrs["fixed_params"].items()},
}))
`;

describe('floats in the Optuna journal', () => {
  it('writes whole-number floats with a point, as Python does, and ints as ints', () => {
    expect(pythonJson({ a: new PythonFloat(3), b: 3, c: [new PythonFloat(1e-5), new PythonFloat(-0.5)], d: 'x', e: undefined })).toBe('{"a":3.0,"b":3,"c":[1e-05,-0.5],"d":"x"}');
    const first = studyToOptunaJournal(wholeNumberStudy(), { now: T0 }).split('\n').find((line) => line.includes('"state":1'));
    expect(first).toContain('"value":3.0');
    expect(first).toContain('"params":{"x":1.0,"lr":1e-05,"n":2}');
    expect(first).toContain('"intermediate_values":{"0":4.0,"1":3.0}');
    expect(first).toContain('"constraints":[-1.0]');
    expect(first).toContain('"accuracy":1.0');
  });

  it('is read by real Optuna as floats: best value, float params, intermediate values, constraints, metrics, queued params', async () => {
    const scratch = await scratchFolder();
    try {
      const file = join(scratch.dir, 'floats.optuna.jsonl');
      await writeFile(file, studyToOptunaJournal(wholeNumberStudy(), { now: T0 }));
      const seen = JSON.parse(await runPython(TYPES_SCRIPT, [file], scratch.dir)) as Record<string, unknown>;
      expect(seen).toEqual({
        best_value: [3, 'float'],
        best_params: { x: 'float', lr: 'float', n: 'int' },
        intermediate: ['float', 'float'],
        constraints: ['float'],
        accuracy: 'float',
        queued: { x: 'float', lr: 'float', n: 'int' },
      });
    } finally {
      await scratch.remove();
    }
  }, 120_000);
});
