import { describe, expect, it } from 'vitest';
import { createStudy, STUDY_FORMAT } from '../../../src/tuner';
import { DEFAULT_SEARCH_SPACE } from '../../../src/training/config';
import {
  MAX_STUDY_FILE_BYTES,
  parseStudyFile,
  readStudyFile,
  STUDY_FILE_FORMAT,
  StudyFileError,
  studyFileBlob,
  studyFileJSON,
  studyFileName,
  studyFileText,
} from '../../../src/ui/persistence';
import { savedRecord } from './fixtures';
import { defaultSetup } from '../../../src/ui/setup/setup-config';
import { MAX_STUDY_FILE_BYTES as LIMIT_FILE_BYTES, MAX_TRIALS_PER_STUDY } from '../../../src/ui/limits';

const NOW = Date.UTC(2024, 2, 5, 12);

/** The exported file as a plain object to tamper with. */
function fileObject(): Record<string, any> {
  return JSON.parse(studyFileText(savedRecord(), NOW));
}

function refusal(text: string): string {
  try {
    parseStudyFile(text);
  } catch (e) {
    expect(e).toBeInstanceOf(StudyFileError);
    return (e as Error).message;
  }
  throw new Error('expected a StudyFileError');
}

const tampered = (change: (file: Record<string, any>) => void): string => {
  const file = fileObject();
  change(file);
  return refusal(JSON.stringify(file));
};

describe('exporting', () => {
  it('writes the saved-study format with name, status, setup, study and extra', () => {
    const record = savedRecord();
    expect(studyFileJSON(record, NOW)).toEqual({
      format: 'tfjs-tuner.saved-study',
      version: 1,
      name: 'Branin run',
      exportedAt: '2024-03-05T12:00:00.000Z',
      status: 'running',
      setup: record.setup,
      study: record.study,
      extra: record.extra,
    });
  });

  it('gives a blob of the same JSON', async () => {
    const blob = studyFileBlob(savedRecord(), NOW);
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toEqual(studyFileJSON(savedRecord(), NOW));
  });

  it('suggests <name>-<date>.json with the name made safe', () => {
    const march5 = new Date(2024, 2, 5, 12).getTime();
    expect(studyFileName('Branin run', march5)).toBe('Branin-run-2024-03-05.json');
    expect(studyFileName('../../etc/passwd', march5)).toBe('etc-passwd-2024-03-05.json');
    expect(studyFileName('a/b\\c:d*e?f"g<h>i|j', march5)).toBe('a-b-c-d-e-f-g-h-i-j-2024-03-05.json');
    expect(studyFileName('Études ñ 学习', march5)).toBe('Études-ñ-学习-2024-03-05.json');
    expect(studyFileName('', march5)).toBe('study-2024-03-05.json');
    expect(studyFileName('...', march5)).toBe('study-2024-03-05.json');
    expect(studyFileName('x'.repeat(500), march5)).toBe(`${'x'.repeat(80)}-2024-03-05.json`);
  });
});

describe('parseStudyFile: round trip', () => {
  it('reads back what was exported', () => {
    const record = savedRecord({ status: 'paused' });
    const imported = parseStudyFile(studyFileText(record, NOW));
    expect(imported).toEqual({
      name: record.name,
      status: 'paused',
      setup: record.setup,
      study: record.study,
      extra: record.extra,
      notes: [],
    });
  });

  it('imports a running study as interrupted (it is not running here)', () => {
    expect(parseStudyFile(studyFileText(savedRecord({ status: 'running' }), NOW)).status).toBe('interrupted');
  });

  it('reads a File/Blob, refusing one over the size limit before reading it', async () => {
    const imported = await readStudyFile(studyFileBlob(savedRecord(), NOW));
    expect(imported.name).toBe('Branin run');
    // Only its first bytes are read, to see whether it is a study file with data (which may be larger).
    const huge = { size: MAX_STUDY_FILE_BYTES + 1, slice: () => new Blob(['{"format":"tfjs-tuner.saved-study"']), text: () => expect.fail('must not read') } as unknown as Blob;
    await expect(readStudyFile(huge)).rejects.toThrow('the file is too large (20.0 MB); study files up to 20.0 MB can be imported');
  });
});

describe('parseStudyFile: refusals', () => {
  it('refuses text over the size limit before parsing', () => {
    expect(refusal(' '.repeat(MAX_STUDY_FILE_BYTES + 1))).toMatch(/^the file is too large/);
  });

  it('refuses text that is not JSON', () => {
    expect(refusal('{"format": ')).toMatch(/^not a study file: it is not valid JSON \(/);
    expect(refusal('')).toMatch(/^not a study file: it is not valid JSON/);
  });

  it('refuses JSON that is not an object', () => {
    expect(refusal('[1, 2]')).toBe('not a study file: it holds a list, not a study');
    expect(refusal('null')).toBe('not a study file: it holds null, not a study');
    expect(refusal('"hello"')).toBe('not a study file: it holds a string, not a study');
  });

  it('refuses another format', () => {
    expect(refusal('{"hello": 1}')).toBe('not a study file: expected format "tfjs-tuner.saved-study" (or a bare "tfjs-tuner.study"), found none');
    expect(tampered((f) => (f.format = 'other.app'))).toMatch(/found "other.app"$/);
  });

  it('refuses a newer version with advice, and a nonsense version plainly', () => {
    expect(tampered((f) => (f.version = 2))).toBe(
      'this file is from a newer version of the page (study file version 2; this page reads version 1): reload or update the page and try again',
    );
    expect(tampered((f) => (f.study.version = 3))).toMatch(/^this file is from a newer version of the page \(study version 3/);
    expect(tampered((f) => (f.version = '1'))).toBe('not a study file: unsupported study file version "1"');
    expect(tampered((f) => delete f.version)).toBe('not a study file: unsupported study file version (missing)');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere in the tree', (key) => {
    const file = JSON.stringify(fileObject());
    const deep = file.replace('"params":{', `"params":{"${key}":{"polluted":true},`);
    expect(refusal(deep)).toBe(`the file was refused for safety: it contains the key "${key}" (at study.trials[0].params), which study files never use`);
    const inExtra = file.replace('"extra":{', `"extra":{"${key}":1,`);
    expect(refusal(inExtra)).toMatch(new RegExp(`key "${key}" \\(at extra\\)`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses data nested too deeply, without parsing it', () => {
    expect(refusal('['.repeat(100_000))).toBe('not a study file: its data is nested more than 64 levels deep');
    const file = fileObject();
    let nest: unknown = 1;
    for (let i = 0; i < 70; i++) nest = [nest];
    file.extra = nest;
    expect(refusal(JSON.stringify(file))).toMatch(/nested more than 64 levels/);
  });

  it('does not count brackets inside strings as nesting', () => {
    const file = fileObject();
    file.name = '['.repeat(1000);
    expect(parseStudyFile(JSON.stringify(file)).name).toBe('['.repeat(200));
  });

  it('refuses a missing or invalid setup, naming the field', () => {
    expect(tampered((f) => delete f.setup)).toBe('not a study file: it has no setup');
    expect(tampered((f) => (f.setup.workers = 99))).toBe("the file's setup is invalid: workers: must be an integer in [1, 16], got 99");
    expect(tampered((f) => (f.setup.task = 'imagenet'))).toMatch(/^the file's setup is invalid: task: unknown task "imagenet"/);
  });

  it('refuses a missing or damaged study, naming the trial', () => {
    expect(tampered((f) => delete f.study)).toBe('not a study file: it has no study');
    expect(tampered((f) => (f.study.trials[3].params.x1 = 50))).toBe(
      `the file's trial 3 has params outside the search space: params: "x1": 50 is outside [-5, 10]`,
    );
    expect(tampered((f) => (f.study.trials[2].params.extra = 1))).toBe(
      `the file's trial 2 has params outside the search space: params: "extra": is not in the search space`,
    );
    expect(tampered((f) => (f.study.trials[0].value = 'low'))).toBe("the file's trial 0 is damaged: value must be a finite number or null");
    expect(tampered((f) => (f.study.trials[1] = 7))).toBe("the file's trial 1 is damaged: the trial must be an object");
    expect(tampered((f) => (f.study.space = {}))).toBe("the file's search space is invalid: has no parameters");
    expect(tampered((f) => (f.study.sampler.name = 'mine'))).toMatch(/^the file's study cannot be restored: "mine" is not a built-in sampler/);
    expect(tampered((f) => (f.study.direction = 'up'))).toBe(`the file's study is damaged: direction must be "minimize" or "maximize"`);
  });

  it('refuses a study whose space is not the setup space', () => {
    expect(tampered((f) => (f.setup.space.x2 = { type: 'int', low: 0, high: 15 }))).toBe(
      "the file's setup and study disagree: the study's search space (x1, x2) is not the setup's (x1, x2)",
    );
    expect(tampered((f) => (f.setup.space.x1.high = 11))).toMatch(/^the file's setup and study disagree/);
  });

  it('refuses a bad name or status', () => {
    expect(tampered((f) => (f.name = 5))).toBe('not a study file: its name must be text, found 5');
    expect(tampered((f) => (f.status = 'exploded'))).toBe('not a study file: unknown status "exploded"');
  });

  it('changes nothing when it refuses (pure)', () => {
    const text = JSON.stringify({ ...fileObject(), version: 2 });
    const before = text.slice();
    expect(() => parseStudyFile(text)).toThrow(StudyFileError);
    expect(text).toBe(before);
  });
});

describe('parseStudyFile: bare studies (the engine\'s toJSON)', () => {
  it('infers the task from the parameters and says so', () => {
    const record = savedRecord();
    const imported = parseStudyFile(JSON.stringify(record.study));
    expect(imported.setup).toMatchObject({ task: 'branin', strategy: 'random', space: record.study.space, seed: 7 });
    expect(imported.study).toEqual(record.study);
    expect(imported.status).toBe('paused');
    expect(imported.name).toBe('busy');
    expect(imported.notes[0]).toMatch(/bare study with no setup: it was matched to the task "Synthetic: Branin landscape \(instant\)"/);
    expect(imported.notes[1]).toMatch(/Budget, workers and backend were set to this page's defaults/);
  });

  it('names the other task when two fit, and raises the budget to cover the trials run', () => {
    const study = createStudy({ space: DEFAULT_SEARCH_SPACE, sampler: 'random', seed: 1, clock: () => 0 });
    for (let i = 0; i < 40; i++) study.tell(study.ask().id, i);
    const imported = parseStudyFile(JSON.stringify(study.toJSON()));
    expect(imported.setup.task).toBe('mnist-cnn');
    expect(imported.setup.budget.trials).toBe(40);
    expect(imported.notes[0]).toMatch(/It could also be "Fashion-MNIST: small CNN \(real training\)"/);
  });

  it('accepts a CNN study over a subset of the training settings', () => {
    const space = { learningRate: { type: 'float', low: 1e-3, high: 1e-1, log: true } };
    const study = createStudy({ space, sampler: 'gp', seed: 2 });
    expect(parseStudyFile(JSON.stringify(study.toJSON())).setup).toMatchObject({ task: 'mnist-cnn', strategy: 'gp' });
  });

  it('refuses a bare study no task can run, rather than guessing', () => {
    const study = createStudy({ space: { alpha: { type: 'float', low: 0, high: 1 } }, sampler: 'random' });
    expect(refusal(JSON.stringify(study.toJSON()))).toBe(
      "this is a bare study without a setup, and its parameters (alpha) fit none of this page's tasks " +
        '(branin, synthetic-mlp, mnist-cnn, fashion-cnn), so it cannot be resumed here',
    );
  });

  it('checks a bare study like any other', () => {
    const study = savedRecord().study;
    expect(refusal(JSON.stringify({ ...study, version: 9 }))).toMatch(/^this file is from a newer version of the page \(study version 9/);
    expect(refusal(JSON.stringify({ ...study, format: STUDY_FORMAT, seed: 1.5 }))).toBe("the file's study is damaged: seed must be an integer");
  });

  it('keeps the saved-study format constant', () => {
    expect(STUDY_FILE_FORMAT).toBe('tfjs-tuner.saved-study');
  });
});

describe('parseStudyFile: the task’s checks and the page’s limits', () => {
  /** A saved-study file whose setup (unvalidated) and study share `space`. */
  const fileWith = (task: string, space: Record<string, unknown>, trials = 0): string => {
    const study = createStudy({ space: space as never, sampler: 'random', seed: 1, name: 'crafted', clock: () => 0 });
    for (let i = 0; i < trials; i++) {
      const { id } = study.ask();
      study.tell(id, i);
    }
    const setup = { ...defaultSetup(task as 'branin'), space };
    return JSON.stringify({ format: STUDY_FILE_FORMAT, version: 1, name: 'crafted', status: 'paused', setup, study: study.toJSON() });
  };
  const floats = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, { type: 'float', low: 0, high: 1 }]));

  it('refuses a Branin study with 30 parameters, as Setup would', () => {
    const names = Array.from({ length: 30 }, (_, i) => `x${i + 1}`);
    expect(refusal(fileWith('branin', floats(names)))).toBe(
      `the file's setup is invalid: space: the task "branin" reads 2 parameters (x1, x2); this space has 30`,
    );
  });

  it('refuses names Setup would refuse', () => {
    expect(refusal(fileWith('branin', floats(['x1', 'y'])))).toBe(
      `the file's setup is invalid: space: parameter "y": "y" is not a parameter of the task "branin" (it reads x1, x2)`,
    );
    expect(refusal(fileWith('mnist-cnn', floats(['lr'])))).toMatch(/space: parameter "lr": "lr" is not a hyperparameter of this model/);
  });

  it('refuses choices training does not accept', () => {
    const space = { ...DEFAULT_SEARCH_SPACE, activation: { type: 'categorical', choices: ['relu', 'swish'] } };
    expect(refusal(fileWith('mnist-cnn', space))).toBe(
      `the file's setup is invalid: space: parameter "activation": training does not accept the choice "swish": activation must be one of "relu", "elu", "tanh", "selu"`,
    );
  });

  it('refuses a bare study on training settings with a choice training does not accept', () => {
    const space = { ...DEFAULT_SEARCH_SPACE, activation: { type: 'categorical', choices: ['relu', 'swish'] } };
    const bare = createStudy({ space: space as never, sampler: 'random', seed: 1, clock: () => 0 }).toJSON();
    expect(refusal(JSON.stringify(bare))).toBe(
      `the file's study has no setup, and none could be made for it: space: parameter "activation": training does not accept the choice "swish": activation must be one of "relu", "elu", "tanh", "selu"`,
    );
  });

  it('refuses a range whose span overflows, with the engine’s message', () => {
    const text = JSON.stringify({ ...fileObject(), setup: { ...fileObject().setup, space: { x1: { type: 'float', low: -1e308, high: 1e308 }, x2: { type: 'float', low: 0, high: 15 } } } });
    expect(refusal(text)).toMatch(/^the file's setup is invalid: space: parameter "x1": the range \[-1e\+308, 1e\+308\] is too wide: its span high − low overflows/);
    const study = fileObject().study;
    study.space.x1 = { type: 'float', low: -1e308, high: 1e308 };
    expect(refusal(JSON.stringify(study))).toMatch(/^the file's search space is invalid: parameter "x1": the range \[-1e\+308, 1e\+308\] is too wide/);
  });

  it('refuses a study over MAX_TRIALS_PER_STUDY before building it, naming the limit', () => {
    const file = fileObject();
    // Empty trial records: were the study built first, trial 0 would be refused as damaged instead.
    file.study.trials = Array.from({ length: MAX_TRIALS_PER_STUDY + 1 }, () => ({}));
    expect(refusal(JSON.stringify(file))).toBe("the file's study has 10,001 trials, more than the 10,000 a study may hold on this page, so it was not imported");
    expect(refusal(JSON.stringify(file.study))).toBe("the file's study has 10,001 trials, more than the 10,000 a study may hold on this page, so it was not imported");
  });

  it('imports a study of exactly MAX_TRIALS_PER_STUDY trials', () => {
    const imported = parseStudyFile(fileWith('branin', defaultSetup('branin').space, MAX_TRIALS_PER_STUDY));
    expect(imported.study.trials).toHaveLength(MAX_TRIALS_PER_STUDY);
  });

  it('takes its limits from limits.ts', () => {
    expect(MAX_STUDY_FILE_BYTES).toBe(LIMIT_FILE_BYTES);
  });
});
