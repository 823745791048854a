/** The trial backend of a study on the user's data: its dataset from the data sources, the user-data worker, checkpoints iff one fold. */
import { describe, expect, it, vi } from 'vitest';
import type { UserTaskSetup } from '../../../src/training';
import type { UserDataSetup } from '../../../src/ui/setup/data-setup';
import { defaultDataSetup, validateSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';

/** What the stand-in data sources answer, and the setups they were asked for. */
let answer: () => Promise<UserTaskSetup> = () => Promise.reject(new Error('no answer set'));
const asked: SetupConfig[] = [];
vi.mock('../../../src/ui/data/data-sources.svelte', () => ({
  dataSources: {
    taskSetupFor: (setup: SetupConfig) => {
      asked.push(setup);
      return answer();
    },
  },
}));

const { createTrialBackend, workerCheckpoints } = await import('../../../src/ui/state/trial-backends');
const { wallClock } = await import('../../../src/ui/state/scaled-clock');

const data: UserDataSetup = {
  source: 'table',
  name: 'weather.csv',
  fingerprint: '12'.repeat(32),
  bytes: 50_000,
  task: 'classification',
  target: 'weather',
  image: null,
  validationFraction: 0.2,
  model: { kind: 'mlp' },
};

/** What the data sources would build: only the number of folds matters here. */
function taskSetup(folds: number): UserTaskSetup {
  return { dataset: { folds: Array.from({ length: folds }, () => ({})) } as unknown as UserTaskSetup['dataset'], family: { kind: 'mlp' } };
}

describe('createTrialBackend on the user’s data', () => {
  it('asks the data sources for the study’s task setup and runs real trials on the wall clock', async () => {
    const setup = validateSetup(defaultDataSetup(data));
    answer = async () => taskSetup(1);
    const backend = await createTrialBackend(setup);
    expect(asked.at(-1)).toBe(setup);
    expect(backend.simulated).toBe(false);
    expect(backend.clock).toBe(wallClock);
    expect(backend.factory.kind).toBe('worker:auto');
    expect(backend.factory.checkpoints).toBe(true);
  });

  it('keeps no checkpoints with cross-validation (a checkpoint holds one model, not one per fold)', async () => {
    answer = async () => taskSetup(3);
    const backend = await createTrialBackend(validateSetup({ ...defaultDataSetup(data), folds: 3 }));
    expect(backend.factory.checkpoints).toBe(false);
    expect([workerCheckpoints(), workerCheckpoints(1), workerCheckpoints(3)]).toEqual([true, true, false]);
  });

  it('passes on the data sources’ refusal (files nowhere, a build refused)', async () => {
    answer = () => Promise.reject(new Error('This study’s data, weather.csv, is not in this browser: choose the file'));
    await expect(createTrialBackend(validateSetup(defaultDataSetup(data)))).rejects.toThrow(/is not in this browser/);
  });

  it('tells the page when a worker cannot start', async () => {
    answer = async () => taskSetup(1);
    const failures: [number, string][] = [];
    const backend = await createTrialBackend(validateSetup(defaultDataSetup(data)), { onWorkerFailure: (slot, reason) => failures.push([slot, reason]) });
    await expect(backend.factory.create(2)).rejects.toThrow();
    expect(failures.map(([slot]) => slot)).toEqual([2]);
    expect(failures[0]?.[1]).not.toBe('');
  });
});
