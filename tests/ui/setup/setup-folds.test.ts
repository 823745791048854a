/** The Setup's cross-validation folds: optional (absent = 1), 1 … MAX_FOLDS, real training only (CNN tasks and user data). */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/training/datasets';
import { createWorkerExecutorFactory } from '../../../src/runner/worker-executor';
import { cnnWorkerOptions } from '../../../src/training/builtin-worker';
import { defaultSetup, MAX_FOLDS, validateSetup } from '../../../src/ui/setup/setup-config';
import { SetupEditor } from '../../../src/ui/setup/setup-editor.svelte';

const cnn = defaultSetup('mnist-cnn');

describe('validateSetup: folds', () => {
  it('takes a setup without folds as before (one split), and leaves 1 out', () => {
    expect(validateSetup(cnn).folds).toBeUndefined();
    expect('folds' in validateSetup({ ...cnn, folds: 1 })).toBe(false);
  });

  it(`keeps 2 … ${MAX_FOLDS} folds for a CNN task`, () => {
    expect(validateSetup({ ...cnn, folds: 2 }).folds).toBe(2);
    expect(validateSetup({ ...cnn, folds: MAX_FOLDS }).folds).toBe(MAX_FOLDS);
  });

  it('refuses other values, synthetic tasks and schedulers that resume from checkpoints', () => {
    for (const folds of [0, 2.5, MAX_FOLDS + 1, '3']) expect(() => validateSetup({ ...cnn, folds })).toThrow(/^setup: folds: must be an integer in \[1, 5\]/);
    expect(() => validateSetup({ ...defaultSetup('branin'), folds: 2 })).toThrow(/^setup: folds: cross-validation applies to real training only \(the CNN tasks and your data\)/);
    expect(() => validateSetup({ ...cnn, strategy: 'random', folds: 2, scheduler: { name: 'asha', options: {} } })).toThrow(/^setup: folds: .*checkpoints/);
    expect(validateSetup({ ...cnn, strategy: 'random', folds: 2, scheduler: { name: 'median', options: {} } }).folds).toBe(2);
  });
});

describe('SetupEditor: folds', () => {
  it('edits folds for CNN tasks, names the field when wrong, and loads them back', () => {
    const editor = new SetupEditor();
    editor.chooseTask('mnist-cnn');
    expect(editor.folds).toBe(1);
    expect(editor.config?.folds).toBeUndefined();
    editor.folds = 3;
    expect(editor.config?.folds).toBe(3);
    editor.folds = 9;
    expect(editor.config).toBeNull();
    expect(editor.errors.get('folds')).toMatch(/integer in \[1, 5\]/);
    const loaded = new SetupEditor(validateSetup({ ...cnn, folds: 4 }));
    expect(loaded.folds).toBe(4);
    expect(loaded.config?.folds).toBe(4);
  });

  it('sends no folds for synthetic tasks', () => {
    const editor = new SetupEditor();
    editor.folds = 3;
    expect(editor.config).not.toBeNull();
    expect(editor.config?.folds).toBeUndefined();
  });
});

describe('createWorkerExecutorFactory over the CNN task: folds', () => {
  it('keeps checkpoints for one split only (a checkpoint holds one model, not one per fold)', () => {
    const setup = { dataset: {} as Dataset, trainSamples: 32, validationSamples: 16, splitSeed: 0 };
    expect(createWorkerExecutorFactory(cnnWorkerOptions('cpu', setup)).checkpoints).toBe(true);
    expect(createWorkerExecutorFactory(cnnWorkerOptions('cpu', { ...setup, folds: 1 })).checkpoints).toBe(true);
    expect(createWorkerExecutorFactory(cnnWorkerOptions('cpu', { ...setup, folds: 3 })).checkpoints).toBe(false);
  });
});
