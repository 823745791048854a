import { describe, expect, it } from 'vitest';
import { createScheduler, createStudy, tune, TuneOptionsError, type TuneOptions } from '../../src/tune';
import { simulation } from './harness';

/** The option a call of tune() with `options` is refused for, and the message. */
async function refusal(options: Record<string, unknown>): Promise<{ option: string; message: string }> {
  const error: unknown = await tune(options as unknown as TuneOptions).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TuneOptionsError)) throw new Error(`expected a TuneOptionsError, got ${String(error)}`);
  return { option: error.option, message: error.message };
}

describe('tune() refuses bad options up front, naming the option', () => {
  const base = (): Record<string, unknown> => ({ ...simulation().options, trials: 2 });

  it.each([
    ['a misspelt option', { trial: 3 }, 'trial', /is not an option of tune\(\)/],
    ['no objective', { objective: undefined }, 'objective', /must be \{ metric, direction \}/],
    ['an empty metric name', { objective: { metric: '' } }, 'objective.metric', /metric name/],
    ['an unknown direction', { objective: { metric: 'valLoss', direction: 'max' } }, 'objective.direction', /'minimize' or 'maximize'/],
    ['no epochs', { epochs: undefined }, 'epochs', /integer ≥ 1, got undefined/],
    ['zero epochs', { epochs: 0 }, 'epochs', /integer ≥ 1, got 0/],
    ['fractional trials', { trials: 2.5 }, 'trials', /integer ≥ 0/],
    ['a negative time limit', { timeLimitMs: -1 }, 'timeLimitMs', /≥ 0/],
    ['zero workers', { workers: 0 }, 'workers', /integer ≥ 1/],
    ['negative retries', { retries: -1 }, 'retries', /integer ≥ 0/],
    ['an unknown backend', { backend: 'tpu' }, 'backend', /auto, webgpu, webgl, wasm, cpu, none/],
    ['an unknown sampler', { sampler: 'bayes' }, 'sampler', /grid, random, sobol, evolution, gp/],
    ['bad sampler options', { sampler: 'grid', samplerOptions: { resolution: -2 } }, 'samplerOptions', /is invalid/],
    ['an unknown scheduler', { scheduler: 'sha' }, 'scheduler', /fifo, median, asha, hyperband, bohb, pbt/],
    ['a bad scheduler option', { scheduler: { name: 'asha', options: { reductionFactor: 1 } } }, 'scheduler.options', /reductionFactor/],
    ['scheduler maxEpochs against epochs', { scheduler: { name: 'asha', options: { maxEpochs: 9 } } }, 'scheduler.options', /epochs sets it/],
    ['a scheduler object of other epochs', { scheduler: createScheduler('asha', { maxEpochs: 27 }) }, 'scheduler', /maxEpochs 27 but epochs is 3/],
    ['a bad space', { space: { lr: { type: 'float', low: 1, high: 0 } } }, 'space', /lr/],
    ['no space', { space: undefined }, 'space', /is missing/],
    ['no budget', { trials: undefined }, 'trials', /give a budget/],
    ['neither worker nor executors', { executors: undefined }, 'worker', /is missing/],
    ['both worker and executors', { worker: () => ({}) }, 'executors', /give one of them/],
    ['a worker that is not one', { executors: undefined, worker: 'trials.worker.ts' }, 'worker', /\(\) => Worker or \{ name, create\(\) \}/],
    ['setup with executors', { setup: { rows: 10 } }, 'setup', /applies to worker only/],
    ['a constraint that is not a function', { constraints: { size: 3 } }, 'constraints.size', /must be a function/],
    ['an onEvent that is not a function', { onEvent: 'log' }, 'onEvent', /must be a function/],
  ])('%s', async (_what, override, option, message) => {
    const refused = await refusal({ ...base(), ...override });
    expect(refused.option).toBe(option);
    expect(refused.message).toMatch(message);
    expect(refused.message.startsWith(`tune: option "${option}"`)).toBe(true);
  });

  it('a study to continue keeps its space, seed and direction', async () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, direction: 'maximize', seed: 1 });
    const { space: _space, ...rest } = base();
    expect(await refusal({ ...rest, study, seed: 2 })).toMatchObject({ option: 'seed' });
    expect(await refusal({ ...rest, study, space: study.space })).toMatchObject({ option: 'space' });
    expect(await refusal({ ...rest, study })).toMatchObject({ option: 'objective.direction', message: expect.stringMatching(/'minimize' but the study to continue is 'maximize'/) });
    const constrained = await refusal({ ...rest, study, objective: { metric: 'valLoss', direction: 'maximize' }, constraints: { size: () => 0 } });
    expect(constrained).toMatchObject({ option: 'constraints', message: expect.stringMatching(/study's own \(none\), got size/) });
  });

  it('keeps the original error as the cause', async () => {
    const error = await tune({ ...(base() as unknown as TuneOptions), space: { lr: { type: 'float', low: 1, high: 0 } } }).catch((e: unknown) => e);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
