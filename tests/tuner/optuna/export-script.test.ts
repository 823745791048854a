/**
 * The generated "continue in Optuna" script, run by real Optuna. A driver imports the script as a
 * module and swaps its skeleton's train_and_evaluate for a tiny objective (the user-facing script
 * stays as generated), then runs its main(): TPE continues the journal beside it, --copy-to moves
 * the study into an RDB (SQLite here), --storage runs a worker against that RDB. Run as generated,
 * the script stops at the skeleton with a message saying what to fill in.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudy, optunaContinueScript, studyToOptunaJournal, type Study } from '../../../src/tuner';
import { runPython, scratchFolder } from './optuna-python';
import { FIXTURE_T0, varietyStudy } from './export-fixture';

const DRIVER = `
import contextlib, importlib.util, io, json, os, sys
import optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
script, db = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("continue_script", script)
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)

def tiny(params, trial):
    value = sum(float(v) for v in params.values() if not isinstance(v, str))
    trial.report(value, 1)
    if m.CONSTRAINT_NAMES:
        return value, {name: value - 5.0 for name in m.CONSTRAINT_NAMES}
    return value

m.train_and_evaluate = tiny
out = {}
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    study = m.main(["--trials", "3", "--seed", "0"])
out["printed"] = printed.getvalue()
out["journal_trials"] = [{"number": t.number, "state": t.state.name, "params": t.params, "constraints": m.constraint_values(t)} for t in study.trials]
url = "sqlite:///" + db
with contextlib.redirect_stdout(io.StringIO()):
    m.main(["--copy-to", url])
    worker = m.main(["--storage", url, "--trials", "2", "--seed", "1"])
out["rdb_trials"] = len(worker.trials)
out["rdb_states"] = [t.state.name for t in worker.trials]
out["has_gp"] = hasattr(optuna.samplers, "GPSampler")
try:
    with contextlib.redirect_stdout(io.StringIO()):
        m.main(["--sampler", "gp", "--trials", "1", "--seed", "0"])
    out["gp"] = "ran"
except SystemExit as e:
    out["gp"] = str(e)
print(json.dumps(out))
`;

interface DriverOutput {
  printed: string;
  journal_trials: { number: number; state: string; params: Record<string, unknown>; constraints: number[] }[];
  rdb_trials: number;
  rdb_states: string[];
  has_gp: boolean;
  gp: string;
}

/** Writes the journal and the script side by side (as the page downloads them) and runs the driver. */
async function runScript(study: Study, base: string): Promise<DriverOutput> {
  const scratch = await scratchFolder();
  try {
    const journalFileName = `${base}.optuna.jsonl`;
    await writeFile(join(scratch.dir, journalFileName), studyToOptunaJournal(study, { now: FIXTURE_T0 + 60_000 }));
    const script = join(scratch.dir, `${base}_optuna.py`);
    await writeFile(script, optunaContinueScript(study, { journalFileName }));
    return JSON.parse(await runPython(DRIVER, [script, join(scratch.dir, 'rdb.sqlite3')], scratch.dir)) as DriverOutput;
  } finally {
    await scratch.remove();
  }
}

describe('the script that continues an exported study in Optuna', () => {
  it('recreates the space, continues the journal with TPE, copies to an RDB and runs a worker there', async () => {
    const study = varietyStudy();
    const out = await runScript(study, 'variety');
    const before = study.trials.length + 1;
    expect(out.journal_trials).toHaveLength(before + 2);
    expect(out.journal_trials[study.trials.length]!.params).toEqual(study.enqueued[0]);
    for (const t of out.journal_trials.slice(study.trials.length)) {
      expect(t.state).toBe('COMPLETE');
      expect(Object.keys(t.params)).toEqual(Object.keys(study.space));
      expect(t.constraints).toHaveLength(2);
    }
    expect(out.printed).toMatch(/best trial: \d+ value: /);
    expect(out.rdb_trials).toBe(before + 2 + 2);
    expect(out.rdb_states.slice(-2)).toEqual(['COMPLETE', 'COMPLETE']);
    if (out.has_gp) expect(out.gp).toBe('ran');
    else expect(out.gp).toMatch(/--sampler gp needs Optuna >= 3\.6/);
  }, 180_000);

  it('keeps names and choices that need quoting exactly, so Optuna accepts the new trials beside the old', async () => {
    const names = ['a"b\n\'c', 'ünï\\code', 'x y'];
    const study = createStudy({
      space: {
        [names[0]!]: { type: 'float', low: -1, high: 1 },
        [names[1]!]: { type: 'categorical', choices: ['x"y', "it's", 'back\\slash', '\u2028', 'True'] },
        [names[2]!]: { type: 'int', low: 1, high: 64, log: true },
      },
      sampler: 'random',
      seed: 3,
      name: 'quotes "and"\nnewlines \\ here',
      direction: 'maximize',
      clock: () => FIXTURE_T0,
    });
    for (let i = 0; i < 3; i++) study.tell(study.ask().id, i);
    const out = await runScript(study, 'awkward');
    expect(out.journal_trials).toHaveLength(6);
    for (const t of out.journal_trials) expect(Object.keys(t.params)).toEqual(names);
    expect(out.journal_trials.slice(0, 3).map((t) => t.params)).toEqual(study.trials.map((t) => t.params));
    expect(out.journal_trials.every((t) => t.constraints.length === 0)).toBe(true);
  }, 180_000);

  it('run as generated, stops at the skeleton saying what to fill in', async () => {
    const scratch = await scratchFolder();
    try {
      const study = varietyStudy();
      await writeFile(join(scratch.dir, 'v.optuna.jsonl'), studyToOptunaJournal(study, { now: FIXTURE_T0 }));
      const script = optunaContinueScript(study, { journalFileName: 'v.optuna.jsonl' });
      await expect(runPython(script, ['--trials', '1'], scratch.dir)).rejects.toThrow(/fill in train_and_evaluate\(\)/);
      await expect(runPython(script, ['--journal', join(scratch.dir, 'missing.jsonl')], scratch.dir)).rejects.toThrow(/journal file not found/);
    } finally {
      await scratch.remove();
    }
  }, 120_000);
});
