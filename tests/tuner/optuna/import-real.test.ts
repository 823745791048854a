/**
 * Import of a journal real Optuna wrote (import-fixtures.ts): the engine reproduces every trial
 * Optuna reads back, its best value and params, and goes on asking from the imported history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importOptunaJournal, listOptunaStudies, loadStudy, OptunaJournalError, RUNNING_IN_OPTUNA_REASON, studyFromOptunaJournal, type StudyJSON, type Trial } from '../../../src/tuner';
import { optunaVarietyJournal, type OptunaStudySummary, type OptunaTrialSummary } from './import-fixtures';

let journal: Awaited<ReturnType<typeof optunaVarietyJournal>>;

beforeAll(async () => {
  journal = await optunaVarietyJournal();
}, 120_000);

function summaryOf(name: string): OptunaStudySummary {
  const study = journal.studies.find((s) => s.name === name);
  if (study === undefined) throw new Error(`the script printed no study "${name}"`);
  return study;
}

const STATES = { COMPLETE: 'complete', PRUNED: 'pruned', FAIL: 'failed', RUNNING: 'failed' } as const;

/** The trial the engine should hold for an Optuna trial. */
function expectedTrial(t: OptunaTrialSummary): Partial<Trial> {
  const last = t.intermediate.length - 1;
  const metrics = Object.fromEntries(Object.entries(t.user_attrs).filter((e): e is [string, number] => typeof e[1] === 'number'));
  return {
    params: t.params,
    state: STATES[t.state as keyof typeof STATES],
    value: t.state === 'COMPLETE' ? t.value : null,
    intermediate: t.intermediate.map(([step, value], i) => (i === last && Object.keys(metrics).length > 0 ? { step, value, metrics } : { step, value })),
    ...(t.constraints === null ? {} : { constraints: { constraint_0: t.constraints[0] as number, constraint_1: t.constraints[1] as number } }),
  };
}

describe('import of a journal real Optuna wrote', () => {
  it('lists the studies left after the deletion, and asks to pick one', () => {
    expect(journal.version).toMatch(/^\d+\.\d+/);
    expect(listOptunaStudies(journal.text)).toEqual([
      { name: 'variety', trials: summaryOf('variety').trials.length, directions: ['minimize'] },
      { name: 'plain', trials: 7, directions: ['maximize'] },
    ]);
    expect(() => studyFromOptunaJournal(journal.text)).toThrow(OptunaJournalError);
    expect(() => studyFromOptunaJournal(journal.text)).toThrow('the journal holds 2 studies ("variety", "plain"); pick one by name');
    expect(() => studyFromOptunaJournal(journal.text, { studyName: 'gone' })).toThrow('no study named "gone"');
  });

  it('reproduces every trial of every kind: params of each distribution, states, values, intermediate values, constraints, metrics', () => {
    const summary = summaryOf('variety');
    const { study, skipped } = importOptunaJournal(journal.text, { studyName: 'variety', seed: 3 });
    expect(study.name).toBe('variety');
    expect(study.direction).toBe('minimize');
    expect(study.space).toEqual({
      x: { type: 'float', low: -2, high: 2 },
      lr: { type: 'float', low: 1e-4, high: 0.1, log: true },
      n: { type: 'int', low: 1, high: 9, step: 2 },
      m: { type: 'int', low: 1, high: 64, log: true },
      act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
      width: { type: 'categorical', choices: [16, 32.5, 64] },
      flag: { type: 'categorical', choices: [true, false] },
    });
    expect(study.constraints).toEqual(['constraint_0', 'constraint_1']);
    // The trial that failed before suggesting anything cannot be added; the waiting one is enqueued.
    const added = summary.trials.filter((t) => t.state !== 'WAITING' && Object.keys(t.params).length > 0);
    const empty = summary.trials.filter((t) => t.state === 'FAIL' && Object.keys(t.params).length === 0);
    expect(empty).toHaveLength(1);
    expect(skipped.map((s) => s.number)).toEqual(empty.map((t) => t.number));
    expect(skipped[0]?.reason).toMatch(/failed before "x", "lr", .* were suggested/);
    expect(study.trials).toHaveLength(added.length);
    added.forEach((t, i) => expect(study.trials[i], `Optuna trial ${t.number}`).toMatchObject(expectedTrial(t)));
    // Optuna's naive datetimes are read as UTC, to the microsecond.
    added.forEach((t, i) => {
      expect(Math.floor(study.trials[i]?.startedAt ?? 0)).toBe(Date.parse(`${t.datetime_start}Z`));
      if (t.datetime_complete !== null) expect(Math.floor(study.trials[i]?.endedAt ?? 0)).toBe(Date.parse(`${t.datetime_complete}Z`));
    });
    expect(new Set(study.trials.map((t) => t.state))).toEqual(new Set(['complete', 'pruned', 'failed']));
    const pruned = study.trials.find((t) => t.state === 'pruned');
    expect(pruned?.intermediate.at(-1)?.value).toBeNull(); // Optuna logged NaN
    const running = added.findIndex((t) => t.state === 'RUNNING');
    expect(study.trials[running]?.reason).toBe(RUNNING_IN_OPTUNA_REASON);
    const waiting = summary.trials.find((t) => t.state === 'WAITING');
    expect(study.enqueued).toEqual([waiting?.fixed_params]);
    expect(study.best?.value).toBe(summary.feasible_best_value);
    expect(study.best?.params).toEqual(summary.feasible_best_params);
    // Saved and loaded like any study.
    const json = JSON.parse(JSON.stringify(study.toJSON())) as StudyJSON;
    expect(loadStudy(json).toJSON()).toEqual(study.toJSON());
  });

  it('reproduces the best value and params of an unconstrained maximized study, an added trial the best', () => {
    const summary = summaryOf('plain');
    const study = studyFromOptunaJournal(journal.text, { studyName: 'plain' });
    expect(study.trials.map((t) => [t.state, t.value, t.params])).toEqual(summary.trials.map((t) => ['complete', t.value, t.params]));
    expect(study.best?.value).toBe(summary.best_value);
    expect(study.best?.params).toEqual(summary.best_params);
    expect(study.best?.id).toBe(6);
    expect(study.constraints).toEqual([]);
  });

  it.each(['gp', 'evolution', 'random'] as const)('continues the imported study with ask/tell (%s sampler)', (sampler) => {
    const study = studyFromOptunaJournal(journal.text, { studyName: 'variety', sampler, seed: 11 });
    const before = study.trials.length;
    const waiting = study.enqueued[0];
    for (let i = 0; i < 3; i++) {
      const { id, params } = study.ask();
      if (i === 0) expect(params).toEqual(waiting);
      const x = params.x as number;
      study.tell(id, (x - 0.5) ** 2, { constraints: { constraint_0: x - 1, constraint_1: -(params.n as number) } });
    }
    expect(study.trials).toHaveLength(before + 3);
    expect(study.trials.slice(before).every((t) => t.state === 'complete')).toBe(true);
  });
});
