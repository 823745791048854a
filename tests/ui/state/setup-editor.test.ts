import { describe, expect, it } from 'vitest';
import { defaultSetup, validateSetup } from '../../../src/ui/state/setup-config';
import { SetupEditor } from '../../../src/ui/state/setup-editor.svelte';

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
