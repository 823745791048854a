import { describe, expect, it } from 'vitest';
import { STRUCTURAL_HYPERPARAMETERS } from '../../../src/tuner/schedulers';
import { checkSchedulerSetup, needsCheckpoints, pbtRefusal, pbtSplit, SCHEDULER_CHOICES, SCHEDULER_LABELS } from '../../../src/ui/setup/scheduler-setup';
import { defaultSetup, SetupError, validateSetup } from '../../../src/ui/setup/setup-config';
import { SetupEditor } from '../../../src/ui/setup/setup-editor.svelte';
import { setupFromHash, setupToHash } from '../../../src/ui/persistence/share-url';

describe('setup with a scheduler', () => {
  it('loads old setups without a scheduler (none), and keeps them without one', () => {
    const old = JSON.parse(JSON.stringify(defaultSetup('branin'))) as Record<string, unknown>;
    expect('scheduler' in old).toBe(false);
    const setup = validateSetup(old);
    expect(setup.scheduler).toBeUndefined();
    expect(JSON.parse(JSON.stringify(setup))).not.toHaveProperty('scheduler');
    expect(validateSetup({ ...old, scheduler: null }).scheduler).toBeUndefined();
  });

  it('offers None and FIFO as one choice, and loads setups saved with either as that choice', () => {
    expect(SCHEDULER_CHOICES).not.toContain('fifo');
    expect(SCHEDULER_LABELS.none).toMatch(/FIFO/);
    const base = { ...defaultSetup('synthetic-mlp'), strategy: 'random' };
    for (const scheduler of [{ name: 'fifo', options: {} }, { name: 'fifo' }, { name: 'none', options: {} }, { name: 'none' }]) {
      const setup = validateSetup({ ...base, scheduler });
      expect(setup.scheduler).toBeUndefined();
      const editor = new SetupEditor();
      editor.load(setup);
      expect(editor.scheduler).toBe('none');
      expect(editor.config?.scheduler).toBeUndefined();
    }
  });

  it('validates a scheduler against the epochs and round-trips through a share link', () => {
    const setup = validateSetup({ ...defaultSetup('synthetic-mlp'), strategy: 'random', scheduler: { name: 'asha', options: { reductionFactor: 3, minEpochs: 1 } } });
    expect(setup.scheduler).toEqual({ name: 'asha', options: { reductionFactor: 3, minEpochs: 1 } });
    const shared = setupFromHash(setupToHash(setup));
    expect(shared.kind === 'setup' && shared.setup.scheduler).toEqual(setup.scheduler);
  });

  it('names the scheduler field for unknown schedulers and bad options, with the scheduler’s own message', () => {
    const base = { ...defaultSetup('synthetic-mlp'), strategy: 'random' };
    const error = (scheduler: unknown) => {
      try {
        validateSetup({ ...base, scheduler });
      } catch (e) {
        if (e instanceof SetupError) return `${e.path}: ${e.problem}`;
        throw e;
      }
      return 'accepted';
    };
    expect(error({ name: 'sha' })).toMatch(/^scheduler: unknown scheduler "sha"/);
    expect(error({ name: 'asha', options: { reductionFactor: 1 } })).toMatch(/^scheduler: asha scheduler: option "reductionFactor"/);
    expect(error({ name: 'asha', options: { maxEpochs: 4 } })).toMatch(/must not set maxEpochs/);
    expect(error({ name: 'bohb', options: {} })).toMatch(/BOHB .* Bayesian \(GP\) strategy/);
    expect(error({ name: 'pbt', options: { hyperparameters: ['nope'] } })).toMatch(/"nope" is not one/);
    expect(error({ name: 'pbt', options: { hyperparameters: ['learningRate'], populationSize: 4, readyEvery: 2 } })).toBe('accepted');
  });

  it('refuses PBT on structural hyperparameters with the scheduler’s message', () => {
    const cnn = defaultSetup('mnist-cnn');
    const structural = pbtSplit(cnn.space).structural;
    expect(structural.length).toBeGreaterThan(0);
    expect(structural.every((n) => STRUCTURAL_HYPERPARAMETERS.includes(n))).toBe(true);
    expect(pbtSplit(cnn.space).algorithm).toContain('learningRate');
    const checked = checkSchedulerSetup({ name: 'pbt', options: { hyperparameters: structural } }, { space: cnn.space, epochs: 4, strategy: 'random' });
    expect(checked).toMatch(/cannot perturb .*a copied|cannot change shape/);
    expect(pbtRefusal(structural)).toMatch(/cannot change shape/);
    expect(pbtRefusal([])).toBeNull();
  });

  it('knows which schedulers need checkpoints', () => {
    expect(needsCheckpoints({ name: 'fifo', options: {} })).toBe(false);
    expect(needsCheckpoints({ name: 'median', options: {} })).toBe(false);
    expect(needsCheckpoints({ name: 'asha', options: {} })).toBe(true);
    expect(needsCheckpoints({ name: 'asha', options: { mode: 'stopping' } })).toBe(false);
    expect(needsCheckpoints({ name: 'pbt', options: {} })).toBe(true);
  });
});

describe('SetupEditor scheduler fields', () => {
  it('builds each scheduler’s options from the form; BOHB takes the GP strategy', () => {
    const editor = new SetupEditor(defaultSetup('synthetic-mlp'));
    editor.strategy = 'random';
    editor.chooseScheduler('asha');
    editor.reductionFactor = 2;
    editor.minEpochs = 2;
    expect(editor.config?.scheduler).toEqual({ name: 'asha', options: { reductionFactor: 2, minEpochs: 2 } });
    editor.chooseScheduler('bohb');
    expect(editor.strategy).toBe('gp');
    expect(editor.config?.scheduler?.name).toBe('bohb');
    editor.chooseScheduler('none');
    expect(editor.config?.scheduler).toBeUndefined();
    editor.chooseScheduler('asha');
    editor.strategy = 'manual';
    expect(editor.config?.scheduler).toBeUndefined();
    expect(editor.errors.size).toBe(0);
  });

  it('PBT perturbs the ticked algorithm hyperparameters and says which are structural', () => {
    const editor = new SetupEditor(defaultSetup('synthetic-mlp'));
    editor.chooseScheduler('pbt');
    // The MLP's width sets its shape: PBT keeps it, and the scheduler is told to refuse it too.
    expect(editor.pbtChoice.structural).toEqual(['units']);
    expect(editor.pbtChoice.chosen).toEqual(['learningRate', 'dropout', 'batchSize']);
    editor.togglePbtParam('batchSize', false);
    expect(editor.config?.scheduler?.options.hyperparameters).toEqual(['learningRate', 'dropout']);
    expect(editor.config?.scheduler?.options.structural).toContain('units');
    editor.realCheckpoints = true;
    editor.chooseTask('mnist-cnn');
    expect(editor.scheduler).toBe('pbt');
    expect(editor.pbtChoice.structural.length).toBeGreaterThan(0);
    expect(editor.pbtChoice.refusal).toMatch(/cannot change shape/);
    expect(editor.pbtChoice.chosen.some((n) => STRUCTURAL_HYPERPARAMETERS.includes(n))).toBe(false);
    expect(editor.config?.scheduler?.name).toBe('pbt');
  });

  it('on real tasks without worker checkpoints, allows FIFO and median only, and says why', () => {
    const editor = new SetupEditor(defaultSetup('mnist-cnn'));
    editor.realCheckpoints = false;
    editor.chooseScheduler('asha');
    expect(editor.config).toBeNull();
    expect(editor.errors.get('scheduler')).toMatch(/checkpoints.*FIFO or median stopping/);
    editor.chooseScheduler('median');
    expect(editor.config?.scheduler?.name).toBe('median');
    editor.realCheckpoints = true;
    editor.chooseScheduler('asha');
    expect(editor.config?.scheduler?.name).toBe('asha');
  });

  it('loads a saved scheduler setup back into the form', () => {
    const setup = validateSetup({ ...defaultSetup('synthetic-mlp'), scheduler: { name: 'pbt', options: { populationSize: 6, readyEvery: 3, hyperparameters: ['learningRate'] } } });
    const editor = new SetupEditor(setup);
    expect([editor.scheduler, editor.population, editor.readyEvery, editor.pbtChoice.chosen]).toEqual(['pbt', 6, 3, ['learningRate']]);
    expect(editor.config?.scheduler?.options).toMatchObject(setup.scheduler?.options ?? {});
  });
});
