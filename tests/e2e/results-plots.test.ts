/**
 * The standard plots on the Results view: a saved Branin study (values over three decades, some
 * trials pruned) opened from Saved shows the history, EDF, slice and contour plots with their
 * summaries, learning curves on a log axis by default, the importance sentence on interactions, and
 * a Save SVG / Save PNG pair under every chart that downloads under the page's security policy; a
 * saved race's runs, which report no per-epoch values, say why they have no learning curves.
 * Screenshots at 1280 px and 390 px go to docs/screenshots.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fill, importStudyFile, playDuelTurns, raceDone, screenshot, SCREENSHOTS, showView, SLOW, takeViolations, usePage } from './page-helpers';
import { randomBraninStudyFile } from './study-fixtures';

const env = usePage({ stopLandingRace: true });

/** 60 trials whose values span 0.4 to about 300 (a log axis reads them better), one in eight pruned. */
function studyFile(): string {
  let k = 0;
  return randomBraninStudyFile({
    name: 'Standard plots',
    trials: 60,
    epochs: 4,
    seed: 3,
    tickMs: 53,
    drawSeed: 5,
    trial: (_params, draw) => {
      const value = 0.4 + 300 * draw.next() ** 4;
      const curve = [1, 2, 3, 4].map((epoch) => value * (1 + 30 / epoch ** 2));
      return { curve, outcome: k++ % 8 === 7 ? { state: 'pruned' } : value };
    },
  });
}

describe('the standard plots on Results', { timeout: SLOW }, () => {
  it('shows history, EDF, slice and contour, log learning curves, and saves every chart', async () => {
    const { page } = env;
    expect(await importStudyFile(page, { name: 'plots.json', mimeType: 'application/json', buffer: Buffer.from(studyFile()) })).toMatch(/^Imported/);
    await page.getByTestId('saved-row').filter({ hasText: 'Standard plots' }).getByRole('button', { name: 'Results' }).click();
    await showView(page, 'Results');
    for (const id of ['history-plot', 'edf-plot', 'slice-plot', 'contour-plot']) await page.getByTestId(id).locator('svg[role=img]').first().waitFor({ timeout: 60_000 });
    const label = (id: string) => page.getByTestId(id).locator('svg[role=img]').first().getAttribute('aria-label');
    expect(await label('history-plot')).toMatch(/^History of Branin function value over 53 complete trials; the best so far, [\d.]+, was reached at trial \d+/);
    expect(await label('edf-plot')).toMatch(/^Empirical distribution of Branin function value over 53 complete trials: .* \(lower is better\)\.$/);
    expect(await label('slice-plot')).toMatch(/^Slice plot of Branin function value against each of x1, x2 for 53 complete trials/);
    expect(await label('contour-plot')).toMatch(/^Contour of Branin function value over x1 and x2, interpolated linearly between 53 complete trials and blank outside the area they enclose, /);
    // Values over decades: the history, EDF and learning curves start on a log axis.
    expect(await page.getByTestId('history-plot').getByLabel('Log scale').isChecked()).toBe(true);
    expect(await page.getByTestId('curves-log').isChecked()).toBe(true);
    await page.getByTestId('interactions-explained').waitFor({ timeout: 120_000 });

    const charts = await page.getByTestId('save-svg').count();
    expect(charts).toBeGreaterThanOrEqual(7);
    expect(await page.getByTestId('save-png').count()).toBe(charts);
    const waiting = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save Contour as PNG' }).click();
    const file = await waiting;
    expect(file.suggestedFilename()).toBe('contour.png');
    const bytes = await readFile(await file.path());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(takeViolations(env)).toEqual([]);
    // The contour is blank outside the trials' hull: a mask over the plot, cut along the hull.
    expect(await page.getByTestId('contour-outside-hull').getAttribute('fill-rule')).toBe('evenodd');

    await screenshot(page, 'results-plots-1280');
    // Centred on the screen, clear of the sticky tab bar.
    await page.getByTestId('contour-plot').evaluate((figure) => figure.scrollIntoView({ block: 'center' }));
    await page.getByTestId('contour-plot').screenshot({ path: resolve(SCREENSHOTS, 'results-contour-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('history-plot').scrollIntoViewIfNeeded();
    await screenshot(page, 'results-plots-390');
    await page.getByTestId('contour-plot').screenshot({ path: resolve(SCREENSHOTS, 'results-contour-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('keeps a Manual duel in Saved, where both players open in Results like any study', async () => {
    const { page } = env;
    await showView(page, 'Manual');
    await playDuelTurns(page);
    await page.getByTestId('duel-save').click();
    expect(await page.getByTestId('duel-saved').textContent()).toMatch(/^Both studies are in Saved/);
    expect(await page.getByTestId('save-png').count()).toBe(3);
    await showView(page, 'Saved');
    await page.getByTestId('saved-row').filter({ hasText: 'Manual duel, seed 1, 3 of 12 tries: the GP' }).waitFor();
    const mine = page.getByTestId('saved-row').filter({ hasText: 'Manual duel, seed 1, 3 of 12 tries: your picks' });
    await mine.getByRole('button', { name: 'Results' }).click();
    await showView(page, 'Results');
    await expect
      .poll(() => page.getByTestId('history-plot').locator('svg[role=img]').getAttribute('aria-label'), { timeout: 30_000 })
      .toMatch(/^History of Branin function value over 3 complete trials/);
    expect(takeViolations(env)).toEqual([]);
  });

  it('keeps a finished race in Saved, a study per strategy and seed', async () => {
    const { page } = env;
    await showView(page, 'Race');
    await fill(page, 'race-budget', 10);
    await fill(page, 'race-repeats', 2);
    await page.getByTestId('race-run').click();
    await raceDone(page);
    const save = page.getByTestId('race-save');
    expect(await save.textContent()).toBe('Save the 6 runs to Saved');
    await save.click();
    await expect.poll(() => page.getByTestId('race-saved').textContent(), { timeout: 30_000 }).toMatch(/^6 runs are in Saved/);
    await showView(page, 'Saved');
    const rows = page.getByTestId('saved-row').filter({ hasText: /Race on .+, seed 1: .+, run 2 \(seed \d+\)/ });
    await expect.poll(() => rows.count()).toBe(3);
    await rows.first().getByRole('button', { name: 'Results' }).click();
    await showView(page, 'Results');
    await expect
      .poll(() => page.getByTestId('history-plot').locator('svg[role=img]').getAttribute('aria-label'), { timeout: 30_000 })
      .toMatch(/over 10 complete trials/);
    // A race's trials report only their final value: the learning curves say so instead of drawing empty axes.
    const none = page.getByTestId('curves-none');
    expect(await none.textContent()).toMatch(/These trials report no per-epoch values, so there are no learning curves to draw/);
    const card = page.locator('section.card').filter({ has: none });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      await card.screenshot({ path: resolve(SCREENSHOTS, `results-no-curves-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(takeViolations(env)).toEqual([]);
  });
});
