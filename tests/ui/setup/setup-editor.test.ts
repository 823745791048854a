import { describe, expect, it } from 'vitest';
import { defaultSetup, validateSetup } from '../../../src/ui/setup/setup-config';
import { SetupEditor } from '../../../src/ui/setup/setup-editor.svelte';
import { MAX_TRIALS_PER_STUDY } from '../../../src/ui/limits';

describe('SetupEditor', () => {
  it('starts from the default synthetic setup, valid', () => {
    const editor = new SetupEditor();
    expect(editor.config).toEqual(validateSetup(defaultSetup()));
  });

  it('names the field that is wrong', () => {
    const editor = new SetupEditor();
    editor.workers = 0;
    expect(editor.config).toBeNull();
    expect(editor.errors.get('workers')).toMatch(/integer in \[1, 16\]/);
    editor.workers = 2;
    editor.trials = 2.5;
    expect(editor.errors.get('budget.trials')).toBeDefined();
  });

  it('switching task takes that task’s space and budget and keeps the strategy and seed', () => {
    const editor = new SetupEditor();
    editor.strategy = 'random';
    editor.seed = 9;
    editor.chooseTask('mnist-cnn');
    const config = editor.config;
    expect(config?.task).toBe('mnist-cnn');
    expect(config?.strategy).toBe('random');
    expect(config?.seed).toBe(9);
    expect(Object.keys(config?.space ?? {})).toContain('learningRate');
    expect(config?.samples).toEqual({ train: 2048, validation: 512 });
  });

  it('gives real tasks as many workers as the machine runs well', () => {
    const twoCores = new SetupEditor(undefined, 2);
    twoCores.chooseTask('mnist-cnn');
    expect(twoCores.workers).toBe(1);
    const eightCores = new SetupEditor(undefined, 8);
    eightCores.chooseTask('fashion-cnn');
    expect(eightCores.workers).toBe(2);
    eightCores.chooseTask('branin');
    expect(eightCores.workers).toBe(defaultSetup('branin').workers);
  });

  it('takes the WebAssembly backend, with the worker count wasm runs well, and refuses an unknown one', () => {
    const eightCores = new SetupEditor(undefined, 8);
    eightCores.backend = 'wasm';
    eightCores.chooseTask('mnist-cnn');
    expect(eightCores.config?.backend).toBe('wasm');
    expect(eightCores.workers).toBe(4);
    expect(validateSetup({ ...defaultSetup('mnist-cnn'), backend: 'wasm' }).backend).toBe('wasm');
    expect(() => validateSetup({ ...defaultSetup('mnist-cnn'), backend: 'webnn' })).toThrow(/backend/);
  });

  it('passes the grid resolution to the sampler and checks it', () => {
    const editor = new SetupEditor();
    editor.strategy = 'grid';
    editor.gridResolution = 7;
    expect(editor.config?.samplerOptions).toEqual({ resolution: 7 });
    editor.gridResolution = 1;
    expect(editor.errors.get('samplerOptions.resolution')).toBeDefined();
  });

  it('loads a shared setup, samples included', () => {
    const editor = new SetupEditor();
    const shared = validateSetup({ ...defaultSetup('fashion-cnn'), backend: 'webgl', samples: { train: 64, validation: 32 } });
    editor.load(shared);
    expect(editor.config).toEqual(shared);
  });
});

describe('SetupEditor: limits and validation shared with links and imports', () => {
  it('refuses a trial budget over MAX_TRIALS_PER_STUDY, naming it', () => {
    const editor = new SetupEditor();
    editor.trials = MAX_TRIALS_PER_STUDY;
    expect(editor.config?.budget.trials).toBe(MAX_TRIALS_PER_STUDY);
    editor.trials = MAX_TRIALS_PER_STUDY + 1;
    expect(editor.config).toBeNull();
    expect(editor.errors.get('budget.trials')).toBe('Must be an integer in [1, 10000], got 10001.');
  });

  it('on CNN tasks allows only the epochs training accepts', () => {
    const editor = new SetupEditor();
    editor.epochs = 1000;
    expect(editor.config?.budget.epochs).toBe(1000);
    editor.chooseTask('mnist-cnn');
    editor.epochs = 101;
    expect(editor.config).toBeNull();
    expect(editor.errors.get('budget.epochs')).toBe('Must be an integer in [1, 100], got 101.');
    expect(() => validateSetup({ ...defaultSetup('fashion-cnn'), budget: { trials: 4, minutes: null, epochs: 500 } })).toThrow(/budget\.epochs: must be an integer in \[1, 100\]/);
  });

  it('withholds the setup while a range cannot be sampled', () => {
    const editor = new SetupEditor();
    const x1 = editor.space.rows[0];
    if (!x1) throw new Error('no x1 row');
    x1.low = '-1e308';
    x1.high = '1e308';
    expect(editor.config).toBeNull();
    expect(editor.errors.get('space')).toBe('Fix the parameters marked below.');
  });
});
