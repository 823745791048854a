/**
 * Tiny real studies from the page: MNIST CNNs on two WebAssembly workers that keep checkpoints.
 * - PBT: a population of 2 trained for 2 epochs on 256 samples, exploiting every epoch. Children
 *   start from a parent's weights; structural hyperparameters never change.
 * - ASHA and BOHB (Hyperband's brackets with the GP proposing): 4 trials of up to 3 epochs on 128
 *   samples; paused trials resume from their checkpoints, so no trial ever reports an epoch twice.
 *   (Median stopping and plain Hyperband run the same code paths; each real study costs about a
 *   minute of CI on two cores, so they are not repeated here.)
 * Screenshots: schedulers-pbt-real.png, schedulers-asha-real.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fill, screenshot, showView, SLOW, usePage, workerBackends } from './page-helpers';

const env = usePage({ afterLandingRace: true });

interface TrialSummary {
  readonly id: number;
  readonly state: string;
  readonly params: Record<string, unknown>;
  readonly epochs: number[];
}

interface RealStudy {
  readonly phase: string;
  /** The backend each worker reported. */
  readonly backends: string[];
  readonly trials: TrialSummary[];
  readonly paused: number;
  readonly resumed: number;
  /** PBT: children and the trial each started from. */
  readonly clones: { child: number; parent: number }[];
}

/** Sets up a tiny MNIST study on wasm with this scheduler and these number fields, runs it to the end. */
async function runRealStudy(page: Page, scheduler: string, fields: Record<string, number>): Promise<RealStudy> {
  await showView(page, 'Setup');
  await page.getByTestId('task').selectOption('mnist-cnn');
  await page.getByTestId('backend').selectOption('wasm');
  await page.getByTestId('scheduler').selectOption(scheduler);
  for (const [testId, value] of Object.entries({ workers: 2, ...fields })) await fill(page, testId, value);
  expect(await page.getByTestId('scheduler-error').count()).toBe(0);
  await page.getByTestId('start-study').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 280_000 });
  const backends = await workerBackends(page);
  const study = await page.evaluate(() => {
    const s = (window as unknown as {
      tunerApp: {
        session: {
          trials: { id: number; state: string; params: Record<string, unknown>; intermediate: { step: number }[] }[];
          events: { type: string; trialId?: number; parentId?: number }[];
          phase: { kind: string; message?: string };
        };
      };
    }).tunerApp.session;
    return {
      phase: s.phase.message ?? s.phase.kind,
      trials: s.trials.map((t) => ({ id: t.id, state: t.state, params: t.params, epochs: t.intermediate.map((i) => i.step) })),
      paused: s.events.filter((e) => e.type === 'trial-paused').length,
      resumed: s.events.filter((e) => e.type === 'trial-resumed').length,
      clones: s.events.filter((e) => e.type === 'trial-exploited').map((e) => ({ child: e.trialId as number, parent: e.parentId as number })),
    };
  });
  return { ...study, backends };
}

describe('schedulers with real CNN trials', { timeout: SLOW }, () => {
  for (const scheduler of ['asha', 'bohb']) {
    it(`runs a tiny ${scheduler} study on MNIST from the page`, async () => {
      const { page } = env;
      const result = await runRealStudy(page, scheduler, {
        'reduction-factor': 3,
        'min-epochs': 1,
        'budget-trials': 4,
        epochs: 3,
        'train-samples': 128,
        'validation-samples': 64,
      });
      console.log(`real ${scheduler}: ${result.phase}; ${result.paused} paused, ${result.resumed} resumed; ${JSON.stringify(result.trials.map((t) => [t.id, t.state, t.epochs]))}`);
      expect(result.phase).not.toMatch(/error|Stopped|failed/i);
      expect(result.backends).toEqual(['wasm', 'wasm']);
      expect(result.trials.length).toBeGreaterThanOrEqual(4);
      expect(result.trials.every((t) => t.state !== 'running' && t.state !== 'failed')).toBe(true);
      // Every trial trained from epoch 1 on, one epoch after another: a resumed trial continued from
      // its checkpoint rather than training its first epochs again.
      for (const t of result.trials) expect(t.epochs, `trial ${t.id}`).toEqual(Array.from({ length: t.epochs.length }, (_, i) => i + 1));
      // Successive halving with η = 3 over 1…3 epochs: some trials stop at the first rung.
      expect(result.trials.some((t) => t.epochs.length < 3)).toBe(true);
      expect(result.resumed).toBeLessThanOrEqual(result.paused);
      if (scheduler === 'asha') {
        await showView(page, 'Results');
        await page.locator('[aria-label^="Timeline of"]').waitFor({ timeout: 30_000 });
        await page.waitForTimeout(1500);
        await screenshot(page, 'schedulers-asha-real');
      }
    });
  }

  it('runs a tiny PBT study on MNIST from the page', async () => {
    const { page } = env;
    const checkpoints = await page.evaluate(() => (window as unknown as { tunerApp: { setup: { realCheckpoints: boolean } } }).tunerApp.setup.realCheckpoints);
    expect(checkpoints).toBe(true);
    const result = await runRealStudy(page, 'pbt', {
      'pbt-population': 2,
      'pbt-ready-every': 1,
      'budget-trials': 4,
      epochs: 2,
      'train-samples': 256,
      'validation-samples': 128,
    });
    console.log(`real PBT: ${JSON.stringify(result)}`);
    expect(result.phase).not.toMatch(/error|Stopped/i);
    expect(result.backends).toEqual(['wasm', 'wasm']);
    expect(result.trials.length).toBeGreaterThanOrEqual(2);
    expect(result.trials.every((t) => t.state !== 'running' && t.state !== 'failed')).toBe(true);
    for (const { child, parent } of result.clones) {
      const c = result.trials[child] as TrialSummary;
      const p = result.trials[parent] as TrialSummary;
      for (const name of ['convBlocks', 'filters', 'kernelSize', 'denseUnits', 'batchNorm']) expect(c.params[name]).toEqual(p.params[name]);
      // A child continues from its parent's checkpoint: it reports only the epochs after it.
      expect(c.epochs[0]).toBeGreaterThan(1);
    }
    await showView(page, 'Results');
    await page.getByTestId('lineage').waitFor();
    if (result.clones.length > 0) await page.getByTestId('lineage-tree').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await screenshot(page, 'schedulers-pbt-real');
  });
});
