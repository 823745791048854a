import { describe, expect, it } from 'vitest';
import { createSimulatedBackend, type SyntheticObjective } from '../../../src/runner/simulated';
import { SimulatedClock } from '../../../src/runner/simulated-clock';
import { setupFromHash, setupToHash, parseStudyFile, studyFileText, createSavedStudy, setupForBareStudy } from '../../../src/ui/persistence';
import { describeObjective, objectiveLabel, objectiveOf, setupMetric, setupMetrics, taskMetrics } from '../../../src/ui/setup/objective';
import { defaultDataSetup, defaultSetup, validateSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import type { UserDataSetup } from '../../../src/ui/setup/data-setup';
import { SetupEditor } from '../../../src/ui/setup/setup-editor.svelte';
import { StudySession, type SessionDeps } from '../../../src/ui/state/study-session.svelte';
import { createStudy } from '../../../src/tuner';

const cnn = (changes: Partial<SetupConfig> = {}): SetupConfig =>
  validateSetup({ ...defaultSetup('mnist-cnn'), strategy: 'random', workers: 2, budget: { trials: 8, minutes: null, epochs: 2 }, ...changes });

function problem(raw: unknown): string {
  try {
    validateSetup(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('the setup objective: which metric, minimised or maximised', () => {
  it('offers a CNN task its four metrics and a synthetic task its one, each with its natural direction', () => {
    expect(taskMetrics('mnist-cnn').map((m) => `${m.name}:${m.direction}`)).toEqual(['valLoss:minimize', 'valAccuracy:maximize', 'loss:minimize', 'accuracy:maximize']);
    expect(taskMetrics('branin').map((m) => m.name)).toEqual(['valLoss']);
    expect(describeObjective({ metric: 'valAccuracy', direction: 'maximize' })).toBe('valAccuracy (maximise)');
  });

  it('defaults a setup saved before the choice to valLoss, minimised, and keeps a chosen one', () => {
    const old = validateSetup(defaultSetup('mnist-cnn'));
    expect(old.objective).toBeUndefined();
    expect(objectiveOf(old)).toEqual({ metric: 'valLoss', direction: 'minimize' });
    expect(cnn({ objective: { metric: 'valAccuracy', direction: 'maximize' } }).objective).toEqual({ metric: 'valAccuracy', direction: 'maximize' });
  });

  it('refuses a metric the task does not report and an unknown direction, naming the field', () => {
    expect(problem({ ...defaultSetup('branin'), objective: { metric: 'valAccuracy', direction: 'maximize' } })).toMatch(
      /^setup: objective\.metric: Synthetic: Branin landscape \(instant\) reports no metric "valAccuracy" \(expected one of valLoss\)/,
    );
    expect(problem({ ...defaultSetup('mnist-cnn'), objective: { metric: 'valLoss', direction: 'down' } })).toBe('setup: objective.direction: must be "minimize" or "maximize", got "down"');
    expect(problem({ ...defaultSetup('mnist-cnn'), objective: { direction: 'minimize' } })).toBe('setup: objective.metric: is missing');
    expect(problem({ ...defaultSetup('mnist-cnn'), objective: 'valLoss' })).toBe('setup: objective: must be an object');
  });

  it('travels in a shared link and a study file, which must agree with the study’s direction', () => {
    const setup = cnn({ objective: { metric: 'accuracy', direction: 'maximize' } });
    const shared = setupFromHash(setupToHash(setup));
    expect(shared).toEqual({ kind: 'setup', setup });
    const study = createStudy({ space: setup.space, sampler: 'random', seed: 1, direction: 'maximize' });
    const record = createSavedStudy({ id: 'a', name: 'acc', setup, study: study.toJSON(), status: 'paused', now: 1 });
    expect(parseStudyFile(studyFileText(record, 1)).setup.objective).toEqual({ metric: 'accuracy', direction: 'maximize' });
    const minimised = createStudy({ space: setup.space, sampler: 'random', seed: 1 });
    const disagreeing = createSavedStudy({ id: 'b', name: 'x', setup, study: minimised.toJSON(), status: 'paused', now: 1 });
    expect(() => parseStudyFile(studyFileText(disagreeing, 1))).toThrow(/setup and study disagree: the setup's objective is accuracy \(maximise\), the study minimises/);
  });

  it('gives a bare maximised CNN study valAccuracy, maximised, and says so', () => {
    const space = defaultSetup('mnist-cnn').space;
    const bare = setupForBareStudy(createStudy({ space, sampler: 'random', seed: 1, direction: 'maximize' }).toJSON());
    expect(bare.kind === 'setup' && bare.setup.objective).toEqual({ metric: 'valAccuracy', direction: 'maximize' });
    expect(bare.kind === 'setup' && bare.notes.join(' ')).toMatch(/maximises its objective, taken to be valAccuracy \(maximise\)/);
  });
});

describe('the objective on the user’s data, and the synthetic tasks’ honest labels', () => {
  const table: UserDataSetup = {
    source: 'table',
    name: 'cars.json',
    fingerprint: '0f'.repeat(32),
    bytes: 100_000,
    task: 'regression',
    target: 'Miles_per_Gallon',
    image: null,
    validationFraction: 0.25,
    model: { kind: 'mlp' },
  };
  const regression = defaultDataSetup(table);
  const classification = defaultDataSetup({ ...table, task: 'classification', target: 'Origin' });

  it('offers the data’s task kind’s metrics, loss first, then the training ones, each with its natural direction', () => {
    expect(setupMetrics(classification).map((m) => `${m.name}:${m.direction}`)).toEqual([
      'valLoss:minimize',
      'valAccuracy:maximize',
      'valBalancedAccuracy:maximize',
      'valMacroF1:maximize',
      'loss:minimize',
      'accuracy:maximize',
    ]);
    expect(setupMetrics(regression).map((m) => `${m.name}:${m.direction}`)).toEqual(['valLoss:minimize', 'valRmse:minimize', 'valMae:minimize', 'valR2:maximize', 'loss:minimize']);
    expect(setupMetric(regression, 'valR2')?.label).toBe('validation R²');
    expect(objectiveLabel(regression, objectiveOf(regression))).toBe('validation loss (MSE)');
    expect(objectiveLabel(classification, { metric: 'valMacroF1', direction: 'maximize' })).toBe('validation macro-F1');
    // Before its data is chosen, the task offers what every kind reports.
    expect(taskMetrics('user-data').map((m) => m.name)).toEqual(['valLoss', 'loss']);
  });

  it('keeps a metric the data reports and refuses one it does not, naming the metrics it has', () => {
    expect(validateSetup({ ...regression, objective: { metric: 'valR2', direction: 'maximize' } }).objective).toEqual({ metric: 'valR2', direction: 'maximize' });
    expect(problem({ ...regression, objective: { metric: 'valAccuracy', direction: 'maximize' } })).toBe(
      'setup: objective.metric: A regression study on your data reports no metric "valAccuracy" (expected one of valLoss, valRmse, valMae, valR2, loss)',
    );
  });

  it('names each synthetic task’s value for what it is, under the saved name valLoss', () => {
    expect(taskMetrics('branin')).toEqual([{ name: 'valLoss', label: 'Branin function value', direction: 'minimize' }]);
    expect(objectiveLabel(defaultSetup('synthetic-mlp'), objectiveOf(defaultSetup('synthetic-mlp')))).toBe('simulated validation loss');
    expect(objectiveLabel(defaultSetup('mnist-cnn'), { metric: 'valAccuracy', direction: 'maximize' })).toBe('validation accuracy');
    expect(objectiveLabel(defaultSetup('mnist-cnn'), { metric: 'samplesPerSecond', direction: 'maximize' })).toBe('samplesPerSecond');
  });
});

describe('SetupEditor: the objective fields', () => {
  it('proposes the metric’s natural direction, keeps a changed direction, and saves both', () => {
    const editor = new SetupEditor(defaultSetup('mnist-cnn'), 4);
    expect([editor.objectiveMetric, editor.objectiveDirection]).toEqual(['valLoss', 'minimize']);
    editor.chooseMetric('valAccuracy');
    expect(editor.objectiveDirection).toBe('maximize');
    expect(editor.config?.objective).toEqual({ metric: 'valAccuracy', direction: 'maximize' });
    editor.objectiveDirection = 'minimize';
    expect(editor.config?.objective).toEqual({ metric: 'valAccuracy', direction: 'minimize' });
    editor.chooseMetric('valLoss');
    expect(editor.config?.objective).toBeUndefined(); // the default is left out, as older setups have it
  });

  it('keeps the objective across CNN tasks and falls back to valLoss on a synthetic one', () => {
    const editor = new SetupEditor(defaultSetup('mnist-cnn'), 4);
    editor.chooseMetric('accuracy');
    editor.chooseTask('fashion-cnn');
    expect([editor.objectiveMetric, editor.objectiveDirection]).toEqual(['accuracy', 'maximize']);
    editor.chooseTask('branin');
    expect([editor.objectiveMetric, editor.objectiveDirection]).toEqual(['valLoss', 'minimize']);
    editor.load(cnn({ objective: { metric: 'loss', direction: 'minimize' } }));
    expect(editor.objectiveMetric).toBe('loss');
  });
});

describe('StudySession: the objective reaches the study and the loop', () => {
  /** A stand-in CNN backend that reports an accuracy, best at learning rate 3e-3. */
  function accuracyDeps(): SessionDeps {
    const accuracy: SyntheticObjective = {
      name: 'accuracy-stand-in',
      space: defaultSetup('mnist-cnn').space,
      value: (p) => 1 - 0.1 * (Math.log10(Number(p.learningRate)) + 2.5) ** 2,
    };
    return {
      refreshMs: 0,
      backend: async (setup, options) => {
        const clock = new SimulatedClock(options.startMs ?? 0);
        return { clock, simulated: true, factory: createSimulatedBackend({ clock, objective: accuracy, seed: setup.seed, startupMs: 10, metric: 'valAccuracy' }) };
      },
    };
  }

  it('maximises valAccuracy: the study’s direction, its values and its best trial', async () => {
    const session = StudySession.fresh(cnn({ objective: { metric: 'valAccuracy', direction: 'maximize' } }), accuracyDeps());
    expect(session.study.direction).toBe('maximize');
    await session.start();
    expect(session.phase).toMatchObject({ kind: 'finished', finish: 'trial-budget' });
    const values = session.trials.map((t) => t.value as number);
    expect(session.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(session.best?.value).toBe(Math.max(...values));
  });

  it('fails every trial, naming the metric, when the backend never reports it', async () => {
    const session = StudySession.fresh(cnn({ objective: { metric: 'accuracy', direction: 'maximize' }, budget: { trials: 2, minutes: null, epochs: 1 } }), accuracyDeps());
    await session.start();
    expect(session.trials.map((t) => t.state)).toEqual(['failed', 'failed']);
    expect(session.trials[0]?.reason).toMatch(/metric "accuracy" was not reported \(metrics: valAccuracy\)/);
  });
});
