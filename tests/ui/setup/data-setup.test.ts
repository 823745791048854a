/** A study on the user's data: its `data` record checked field by field, its defaults, and the setup around it. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH_SPACE, IMAGE_CNN_SEARCH_SPACE, mlpSearchSpace, userModelSearchSpace } from '../../../src/training';
import { setupFromHash, setupToHash } from '../../../src/ui/persistence/share-url';
import { setupSourceFiles, validateDataSetup, type UserDataSetup } from '../../../src/ui/setup/data-setup';
import { defaultDataSetup, defaultSetup, maxEpochs, SetupError, validateSetup } from '../../../src/ui/setup/setup-config';
import { constraintKindFor } from '../../../src/ui/setup/constraint-setup';
import { BUILTIN_TASK_IDS, TASK_IDS, taskStructural } from '../../../src/ui/setup/tasks';
import { taskAccepts, taskParamNames, taskParamProblem, taskSpaceProblem } from '../../../src/ui/setup/task-space';
import { thrownBy } from '../../thrown';

const FINGERPRINT = 'ab'.repeat(32);
const MODEL_FINGERPRINT = 'cd'.repeat(32);

const table: UserDataSetup = {
  source: 'table',
  name: 'penguins.csv',
  fingerprint: FINGERPRINT,
  bytes: 13_519,
  task: 'classification',
  target: 'species',
  image: null,
  validationFraction: 0.2,
  model: { kind: 'mlp' },
};
const images: UserDataSetup = { ...table, source: 'images', name: 'digits', target: null, image: { side: 28, channels: 1 }, model: { kind: 'cnn' } };
const userModel: UserDataSetup = { ...table, model: { kind: 'user-model', name: 'model.json', fingerprint: MODEL_FINGERPRINT, bytes: 2_048, tuneTrainable: true } };

/** The SetupError `run` throws, as "path: problem". */
function refusal(run: () => unknown): string {
  const error = thrownBy(SetupError, run);
  return `${error.path}: ${error.problem}`;
}

describe('validateDataSetup', () => {
  it('takes a table, an image folder and a user model, frozen, dropping unknown fields', () => {
    for (const data of [table, images, userModel, { ...table, task: 'regression', target: 'body_mass_g' } as const]) {
      const checked = validateDataSetup({ ...data, extra: 1 });
      expect(checked).toEqual(data);
      expect(Object.isFrozen(checked) && Object.isFrozen(checked.model)).toBe(true);
    }
    expect(validateDataSetup({ ...images, model: { kind: 'user-model', name: 'm.json', fingerprint: MODEL_FINGERPRINT, bytes: 10, tuneTrainable: false } }).model.kind).toBe('user-model');
  });

  it('refuses each bad field, naming its path', () => {
    const cases: [unknown, string][] = [
      [{ ...images, image: { side: 200, channels: 1 } }, 'data.image.side: must be an integer in [28, 96], got 200'],
      [{ ...images, image: { side: 28, channels: 2 } }, 'data.image.channels: must be 1 (grey) or 3 (colour), got 2'],
      [{ ...table, fingerprint: 'AB'.repeat(32) }, `data.fingerprint: must be a SHA-256 fingerprint (64 lowercase hex digits), got "${'AB'.repeat(18)}...`],
      [{ ...table, fingerprint: 'ab' }, 'data.fingerprint: must be a SHA-256 fingerprint (64 lowercase hex digits), got "ab"'],
      [{ ...table, validationFraction: 0.6 }, 'data.validationFraction: must be a number in [0.1, 0.5], got 0.6'],
      [{ ...table, validationFraction: Number.NaN }, 'data.validationFraction: must be a number in [0.1, 0.5], got null'],
      [{ ...table, source: 'audio' }, 'data.source: must be "table" or "images", got "audio"'],
      [{ ...table, task: 'ranking' }, 'data.task: must be "classification" or "regression", got "ranking"'],
      [{ ...table, name: '' }, 'data.name: must be a file or folder name, got ""'],
      [{ ...table, bytes: 0 }, `data.bytes: must be an integer in [1, ${Number.MAX_SAFE_INTEGER}], got 0`],
      [{ ...table, target: null }, 'data.target: must name the target column of the table, got null'],
      [{ ...images, target: 'label' }, 'data.target: must be null for an image folder (its sub-folders are the classes), got "label"'],
      [{ ...table, image: { side: 28, channels: 1 } }, 'data.image: must be null for a table, got {"side":28,"channels":1}'],
      [{ ...images, image: null }, 'data.image: must give the side and channels images are resized to, got null'],
      [{ ...images, task: 'regression' }, 'data.task: must be "classification" for an image folder: its sub-folders are the classes, got "regression"'],
      [{ ...table, model: { kind: 'cnn' } }, 'data.model.kind: the CNN trains on image folders: a table takes "mlp" or "user-model"'],
      [{ ...images, model: { kind: 'mlp' } }, 'data.model.kind: the MLP trains on tables: an image folder takes "cnn" or "user-model"'],
      [{ ...table, model: { kind: 'forest' } }, 'data.model.kind: must be one of "mlp", "cnn", "user-model", got "forest"'],
      [{ ...table, model: 'mlp' }, 'data.model: must be an object'],
      [{ ...userModel, model: { ...userModel.model, fingerprint: undefined } }, 'data.model.fingerprint: must be a SHA-256 fingerprint (64 lowercase hex digits), got undefined'],
      [{ ...userModel, model: { ...userModel.model, tuneTrainable: 'yes' } }, 'data.model.tuneTrainable: must be true or false, got "yes"'],
      [{ ...table, target: undefined }, 'data.target: must be a column name or null, got undefined'],
      [null, 'data: must be an object'],
    ];
    for (const [raw, expected] of cases) expect(refusal(() => validateDataSetup(raw))).toBe(expected);
  });

  it('lists the source files a setup needs, data first', () => {
    expect(setupSourceFiles(table)).toEqual([{ kind: 'table', name: 'penguins.csv', fingerprint: FINGERPRINT, bytes: 13_519 }]);
    expect(setupSourceFiles(userModel).map((f) => `${f.kind}:${f.name}`)).toEqual(['table:penguins.csv', 'model:model.json']);
  });
});

describe('a setup on the user’s data', () => {
  it('defaults by model family: the MLP’s space, the image CNN’s, or the user model’s', () => {
    const setup = validateSetup(defaultDataSetup(table));
    expect(setup).toMatchObject({ task: 'user-data', data: table, budget: { trials: 12, epochs: 5, minutes: null }, workers: 2 });
    expect(setup.space).toEqual(mlpSearchSpace('classification'));
    expect(setup.objective).toBeUndefined(); // valLoss, minimised
    expect(validateSetup(defaultDataSetup(images)).space).toEqual(IMAGE_CNN_SEARCH_SPACE);
    expect(validateSetup(defaultDataSetup(userModel, 4)).space).toEqual(userModelSearchSpace(4, true));
    expect(() => defaultDataSetup(userModel)).toThrow(/weighted layer count/);
    const untuned: UserDataSetup = { ...userModel, model: { ...userModel.model, tuneTrainable: false } as UserDataSetup['model'] };
    expect(Object.keys(validateSetup(defaultDataSetup(untuned)).space)).not.toContain('frozenLayers');
  });

  it('needs its data, and no other task takes any', () => {
    expect(refusal(() => validateSetup(defaultSetup('user-data')))).toMatch(/^data: is missing: a study on your data names its files/);
    expect(refusal(() => validateSetup({ ...defaultSetup('branin'), data: table }))).toBe('data: applies to a study on your own data only, not to Synthetic: Branin landscape (instant)');
    expect(refusal(() => validateSetup({ ...defaultDataSetup(table), data: { ...table, validationFraction: 0.05 } }))).toBe('data.validationFraction: must be a number in [0.1, 0.5], got 0.05');
  });

  it('checks the space against the data’s model family', () => {
    expect(refusal(() => validateSetup({ ...defaultDataSetup(table), space: DEFAULT_SEARCH_SPACE }))).toMatch(/^space: parameter "convBlocks": "convBlocks" is not a hyperparameter of the MLP/);
    expect(refusal(() => validateSetup({ ...defaultDataSetup(images), space: mlpSearchSpace('classification') }))).toMatch(/^space: parameter "layers": "layers" is not a hyperparameter of the CNN/);
    expect(refusal(() => validateSetup({ ...defaultDataSetup(table), space: { units: { type: 'int', low: 0, high: 8 } } }))).toBe(
      'space: parameter "units": training does not accept the whole range [0, 8]: units must be an integer in [1, 1024]',
    );
    expect(validateSetup({ ...defaultDataSetup(table), space: { units: { type: 'int', low: 8, high: 64 } } }).space).toEqual({ units: { type: 'int', low: 8, high: 64 } });
  });

  it('allows folds (not with a scheduler that resumes from checkpoints), up to 100 epochs, and no sample budget', () => {
    expect(validateSetup({ ...defaultDataSetup(table), folds: 3 }).folds).toBe(3);
    expect(refusal(() => validateSetup({ ...defaultDataSetup(table), strategy: 'random', folds: 3, scheduler: { name: 'asha', options: {} } }))).toMatch(/^folds: ASHA resumes trials from checkpoints/);
    expect(maxEpochs('user-data')).toBe(100);
    expect(validateSetup({ ...defaultDataSetup(table), budget: { trials: 4, minutes: null, epochs: 100 } }).budget.epochs).toBe(100);
    expect(refusal(() => validateSetup({ ...defaultDataSetup(table), budget: { trials: 4, minutes: null, epochs: 101 } }))).toBe('budget.epochs: must be an integer in [1, 100], got 101');
    expect(refusal(() => validateSetup({ ...defaultDataSetup(table), samples: { train: 64, validation: 32 } }))).toBe('samples: a study on your data trains on all its training rows each epoch: leave samples out');
  });

  it('travels in a shared link as names and fingerprints, no bytes', () => {
    const setup = validateSetup({ ...defaultDataSetup(userModel, 3), objective: { metric: 'valMacroF1', direction: 'maximize' } });
    const hash = setupToHash(setup);
    expect(setupFromHash(hash)).toEqual({ kind: 'setup', setup });
    const tampered = setupToHash({ ...setup, data: { ...table, fingerprint: 'not-a-hash' } });
    expect(setupFromHash(tampered)).toEqual({ kind: 'invalid', message: 'The shared link\'s setup could not be used: data.fingerprint: must be a SHA-256 fingerprint (64 lowercase hex digits), got "not-a-hash".' });
  });
});

describe('the user-data task beside the built-in ones', () => {
  it('keeps PBT off the MLP’s shape, offers a parameter-count constraint, and stays out of races and bare studies', () => {
    expect(taskStructural('user-data')).toEqual(['layers', 'units', 'batchNorm']);
    expect(taskStructural('mnist-cnn')).toEqual([]);
    expect(constraintKindFor('user-data')).toBe('param-count');
    expect(constraintKindFor('branin')).toBe('param-sum');
    expect(TASK_IDS).toContain('user-data');
    expect(BUILTIN_TASK_IDS).not.toContain('user-data');
  });

  it('checks one parameter, and says what training accepts, by model family', () => {
    expect(taskParamNames('user-data', 'user-model')).toEqual(expect.arrayContaining(['learningRate', 'frozenLayers']));
    expect(taskParamNames('user-data', 'cnn')).toContain('convBlocks');
    expect(taskParamProblem('user-data', 'activation', { type: 'categorical', choices: ['relu', 'swish'] })).toMatch(/^training does not accept the choice "swish"/);
    expect(taskParamProblem('user-data', 'frozenLayers', { type: 'int', low: 0, high: 2 }, 'mlp')).toMatch(/is not a hyperparameter of the MLP/);
    expect(taskParamProblem('user-data', 'frozenLayers', { type: 'int', low: 0, high: 2 }, 'user-model')).toBeNull();
    expect(taskAccepts('user-data', 'units')).toBe('an integer in [1, 1024]');
    expect(taskSpaceProblem('user-data', IMAGE_CNN_SEARCH_SPACE, 'cnn')).toBeNull();
  });
});
