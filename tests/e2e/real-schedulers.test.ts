/**
 * A tiny real PBT study from the page: MNIST CNNs on WebGL workers that keep checkpoints, a
 * population of 2 trained for 2 epochs on 256 samples, exploiting every epoch. Children start from
 * a parent's weights; structural hyperparameters never change. Screenshot: schedulers-pbt-real.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserEnv } from '../../scripts/browser-env';
import { fill, openPage, screenshot, showView, SLOW } from './page-helpers';

let env: BrowserEnv;

beforeAll(async () => {
  env = await openPage();
  // Let the landing race finish first: CI has two cores.
  await env.page.waitForFunction(() => document.querySelector('[data-testid=race-status]')?.getAttribute('data-phase') === 'done', undefined, { timeout: 120_000 });
}, SLOW);

afterAll(async () => {
  await env?.close();
});

interface TrialSummary {
  readonly id: number;
  readonly state: string;
  readonly params: Record<string, unknown>;
  readonly epochs: number[];
}

describe('schedulers with real CNN trials', { timeout: SLOW }, () => {
  it('runs a tiny PBT study on MNIST from the page', async () => {
    const { page } = env;
    const checkpoints = await page.evaluate(() => (window as unknown as { tunerApp: { setup: { realCheckpoints: boolean } } }).tunerApp.setup.realCheckpoints);
    expect(checkpoints).toBe(true);
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('mnist-cnn');
    await page.getByTestId('backend').selectOption('webgl');
    await page.getByTestId('scheduler').selectOption('pbt');
    await fill(page, 'pbt-population', 2);
    await fill(page, 'pbt-ready-every', 1);
    await fill(page, 'budget-trials', 4);
    await fill(page, 'epochs', 2);
    await fill(page, 'workers', 2);
    await fill(page, 'train-samples', 256);
    await fill(page, 'validation-samples', 128);
    expect(await page.getByTestId('scheduler-error').count()).toBe(0);
    await page.getByTestId('start-study').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 280_000 });
    const result = await page.evaluate(() => {
      const app = (window as unknown as {
        tunerApp: { session: { trials: { id: number; state: string; params: Record<string, unknown>; intermediate: { step: number }[] }[]; events: { type: string; trialId?: number; parentId?: number }[]; phase: { kind: string; message?: string } } };
      }).tunerApp;
      const s = app.session;
      return {
        phase: s.phase.message ?? s.phase.kind,
        trials: s.trials.map((t) => ({ id: t.id, state: t.state, params: t.params, epochs: t.intermediate.map((i) => i.step) })) as TrialSummary[],
        clones: s.events.filter((e) => e.type === 'trial-exploited').map((e) => ({ child: e.trialId as number, parent: e.parentId as number })),
      };
    });
    console.log(`real PBT: ${JSON.stringify(result)}`);
    expect(result.phase).not.toMatch(/error|Stopped/i);
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
