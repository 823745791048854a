/**
 * Schedulers from the page, on the synthetic MLP task: ASHA and PBT from Setup to Results (the Gantt
 * shows paused and resumed segments; PBT draws its lineage tree, again after a reload), PBT's note on structural
 * hyperparameters for a CNN space, and a race of ASHA + random against random at equal compute.
 * No long task on the main thread while they run. Screenshots: docs/screenshots/schedulers-*.png and
 * results-pbt-lineage-reloaded.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { fill, longTasks, type PageApp, raceDone, reloadAndResume, screenshot, SCREENSHOTS, showView, SLOW, usePage, watchLongTasks } from './page-helpers';

const env = usePage({ afterLandingRace: true });

async function runToTheEnd(page: Page): Promise<number[]> {
  await watchLongTasks(page);
  await page.getByTestId('start-study').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 180_000 });
  return longTasks(page);
}

describe('schedulers on the page (synthetic MLP)', { timeout: SLOW }, () => {
  it('runs ASHA from Setup: trials pause and resume, and the Gantt shows it', async () => {
    const { page } = env;
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('synthetic-mlp');
    await page.locator('input[name=strategy][value=random]').check();
    await page.getByTestId('scheduler').selectOption('asha');
    await fill(page, 'budget-trials', 27);
    await fill(page, 'epochs', 9);
    await fill(page, 'workers', 4);
    await screenshot(page, 'schedulers-setup-asha');
    await watchLongTasks(page);
    await page.getByTestId('start-study').click();
    await page.waitForFunction(() => /paused: [1-9]/.test(document.querySelector('[data-testid=paused-count]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await screenshot(page, 'schedulers-asha-run');
    await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 180_000 });
    const tasks = await longTasks(page);
    console.log(`ASHA: long tasks ${tasks.length}; longest ${Math.max(0, ...tasks).toFixed(0)} ms`);
    expect(Math.max(0, ...tasks)).toBeLessThanOrEqual(50);
    expect(await page.getByTestId('run-count').textContent()).toMatch(/27 \/ 27 trials · started 27 · paused: 0/);
    await showView(page, 'Results');
    await page.locator('rect[data-outcome=paused]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('rect[data-outcome=paused]').count()).toBeGreaterThan(0);
    expect(await page.locator('rect[data-resumed=true]').count()).toBeGreaterThan(0);
    expect(await page.locator('[aria-label^="Timeline of"]').getAttribute('aria-label')).toMatch(/[1-9]\d* paused, [1-9]\d* resumed/);
    await page.waitForTimeout(1500);
    await screenshot(page, 'schedulers-asha-results');
  });

  it('explains PBT on a CNN space: structural hyperparameters are kept, algorithm ones perturbed', async () => {
    const { page } = env;
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('mnist-cnn');
    await page.getByTestId('scheduler').selectOption('pbt');
    const note = await page.getByTestId('pbt-structural').textContent();
    expect(note).toMatch(/PBT applies only to algorithm hyperparameters/);
    expect(note).toMatch(/convBlocks|filters|denseUnits/);
    expect(note).toMatch(/cannot change shape/);
    // The real-training workers report no checkpoint support yet: the page says so and allows FIFO and median only.
    const realCheckpoints = await page.evaluate(() => (window as unknown as { tunerApp: { setup: { realCheckpoints: boolean } } }).tunerApp.setup.realCheckpoints);
    if (!realCheckpoints) expect(await page.getByTestId('scheduler-error').textContent()).toMatch(/cannot keep checkpoints yet.*FIFO or median stopping/);
    await screenshot(page, 'schedulers-pbt-setup-cnn');
  });

  it('runs PBT from Setup and draws the lineage tree', async () => {
    const { page } = env;
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('synthetic-mlp');
    await page.getByTestId('scheduler').selectOption('pbt');
    await fill(page, 'pbt-population', 6);
    await fill(page, 'pbt-ready-every', 2);
    await fill(page, 'budget-trials', 24);
    await fill(page, 'epochs', 12);
    await fill(page, 'workers', 6);
    const tasks = await runToTheEnd(page);
    expect(Math.max(0, ...tasks)).toBeLessThanOrEqual(50);
    await showView(page, 'Results');
    await page.getByTestId('lineage-tree').waitFor({ timeout: 30_000 });
    const summary = (await page.getByTestId('lineage-tree').getAttribute('aria-label')) ?? '';
    console.log(summary);
    const match = /PBT lineage: (\d+) trials, 6 trained from scratch and (\d+) started from another trial’s weights/.exec(summary);
    expect(match).not.toBeNull();
    const [trials, children] = [Number(match?.[1]), Number(match?.[2])];
    expect(children).toBeGreaterThanOrEqual(1);
    const nodes = page.getByTestId('lineage-node');
    expect(await nodes.count()).toBe(trials);
    const child = page.locator('[data-testid=lineage-node][aria-label*="’s weights after epoch"]').first();
    await child.focus();
    expect(await child.getAttribute('aria-label')).toMatch(/from trial \d+’s weights after epoch \d+, (changed|same hyperparameters)/);
    // The MLP's width is structural: no child changes it.
    expect(await page.locator('[data-testid=lineage-node][aria-label*="changed"][aria-label*="units"]').count()).toBe(0);
    await page.waitForTimeout(1500);
    await screenshot(page, 'schedulers-pbt-results');

    // After a reload the study, opened from Saved, draws the same tree from the scheduler state saved with it.
    const id = await page.evaluate(() => (window as unknown as PageApp).tunerApp.library.trackedId);
    expect(id).not.toBeNull();
    await page.evaluate(() => (window as unknown as { tunerApp: { library: { flush(): Promise<void> } } }).tunerApp.library.flush());
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { tunerApp?: unknown }).tunerApp !== undefined);
    await showView(page, 'Saved');
    await page.getByTestId('saved-row').first().waitFor();
    await page.evaluate((studyId) => (window as unknown as PageApp).tunerApp.open(studyId as string), id);
    await showView(page, 'Results');
    await page.getByTestId('lineage-tree').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('lineage-tree').getAttribute('aria-label')).toBe(summary);
    expect(await page.getByTestId('lineage-node').count()).toBe(trials);
    expect(await page.getByTestId('lineage-none').count()).toBe(0);
    await page.waitForTimeout(1000);
    await page.getByTestId('lineage').screenshot({ path: resolve(SCREENSHOTS, 'results-pbt-lineage-reloaded.png') });
  });

  it('resumes an ASHA study after a reload with the scheduler it had', async () => {
    const { page } = env;
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('synthetic-mlp');
    await page.locator('input[name=strategy][value=random]').check();
    await page.getByTestId('scheduler').selectOption('asha');
    await fill(page, 'budget-trials', 30);
    await fill(page, 'epochs', 9);
    await fill(page, 'workers', 3);
    await page.getByTestId('start-study').click();
    await page.waitForFunction(() => /paused: [1-9]/.test(document.querySelector('[data-testid=paused-count]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await reloadAndResume(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 180_000 });
    const note = (await page.getByTestId('scheduler-note').textContent()) ?? '';
    console.log(`resumed ASHA: ${note}`);
    expect(note).toMatch(/The ASHA scheduler goes on with what it learned before the reload; [1-9]\d* trial\(s\) it was training or had paused ended with the page/);
    expect(await page.getByTestId('run-status').textContent()).not.toMatch(/Failed/);
    await screenshot(page, 'schedulers-asha-resumed');
  });

  it('races ASHA + random against random at equal compute', async () => {
    const { page } = env;
    await showView(page, 'Race');
    await page.locator('.controls select').first().selectOption('synthetic-mlp');
    const strategies = page.locator('fieldset.strategies');
    for (const label of ['Grid', 'Bayesian (GP-EI)']) await strategies.getByLabel(label, { exact: true }).uncheck();
    await page.getByTestId('race-schedulers').getByLabel('ASHA + random').check();
    await fill(page, 'race-budget', 12);
    await fill(page, 'race-repeats', 2);
    // Let the freshly shown view draw its deferred charts first: what is measured is the race itself.
    await page.waitForTimeout(1000);
    await watchLongTasks(page);
    await page.getByTestId('race-run').click();
    await raceDone(page, 180_000);
    expect(await page.getByTestId('race-status').textContent()).toMatch(/Race finished\./);
    expect(await page.getByTestId('race-ranking').textContent()).toMatch(/after 120 epochs of compute each.*(ASHA \+ random|Random).*(ASHA \+ random|Random)/s);
    const tasks = await longTasks(page);
    console.log(`race: long tasks ${tasks.length}; longest ${Math.max(0, ...tasks).toFixed(0)} ms`);
    expect(Math.max(0, ...tasks)).toBeLessThanOrEqual(50);
    await page.getByTestId('race-axis-epochs').check();
    await page.waitForTimeout(800);
    await screenshot(page, 'schedulers-race');
  });
});
