/**
 * A Manual duel and a race with a scheduled entry, saved, survive a reload and reopen from Saved as
 * what they were: Saved names each by its origin and says why it is not continued; Results says what
 * the study is and who made each of a duel's trials, and draws a PBT run's lineage; Run offers no Continue. Screenshots of Saved and
 * of a reopened duel at 1280 px and 390 px, and of a race's PBT run's lineage, go to docs/screenshots.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { fill, libraryReady, playDuelTurns, raceDone, screenshot, SCREENSHOTS, showView, SLOW, stopLandingRace, takeViolations, usePage } from './page-helpers';

const env = usePage({ stopLandingRace: true });

interface AxeWindow {
  axe?: { run(context: Element, options: { runOnly: { type: 'tag'; values: string[] }; resultTypes: string[] }): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> };
}

/** What axe-core (WCAG 2.x A/AA and best practices, as in a11y.test.ts) finds broken on the page: "rule: targets". */
async function axeFindings(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => (window as unknown as AxeWindow).axe !== undefined))) await page.addScriptTag({ url: '/node_modules/axe-core/axe.min.js' });
  return page.evaluate(async () => {
    const axe = (window as unknown as AxeWindow).axe;
    if (axe === undefined) throw new Error('axe-core did not load');
    const result = await axe.run(document.body, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.map(String).join(' ')).join(', ')}`);
  });
}

describe('saved duels and race runs reopen as what they were', { timeout: SLOW }, () => {
  it('saves a duel and a race with ASHA and PBT, and after a reload shows them truthfully', async () => {
    const { page } = env;
    await showView(page, 'Manual');
    await playDuelTurns(page);
    await page.getByTestId('duel-save').click();
    await expect.poll(() => page.getByTestId('duel-saved').textContent()).toMatch(/^Both studies are in Saved/);

    await showView(page, 'Race');
    const strategies = page.locator('fieldset.strategies');
    for (const label of ['Grid', 'Bayesian (GP-EI)']) await strategies.getByLabel(label, { exact: true }).uncheck();
    await page.getByTestId('race-schedulers').getByLabel('ASHA + random').check();
    await page.getByTestId('race-schedulers').getByLabel('PBT', { exact: true }).check();
    // Ten trials' compute: enough for PBT to replace a trial with a better one's child.
    await fill(page, 'race-budget', 10);
    await fill(page, 'race-repeats', 1);
    await page.getByTestId('race-run').click();
    await raceDone(page);
    await page.getByTestId('race-save').click();
    await expect.poll(() => page.getByTestId('race-saved').textContent(), { timeout: 30_000 }).toMatch(/^3 runs are in Saved/);

    await page.reload();
    await libraryReady(page);
    await stopLandingRace(page);
    await showView(page, 'Saved');
    const row = (name: RegExp) => page.getByTestId('saved-row').filter({ hasText: name });
    const mine = row(/Manual duel, seed 1, 3 of 12 tries: your picks/);
    await mine.waitFor();
    expect(await mine.getByTestId('saved-strategy').textContent()).toBe('Manual duel: your tries');
    expect(await mine.getByTestId('cannot-continue').textContent()).toMatch(/^Cannot continue here: it is your side of a Manual duel: its trials are points you picked/);
    expect(await row(/3 of 12 tries: the GP/).getByTestId('saved-strategy').textContent()).toBe('Manual duel: the GP’s answers');
    const asha = row(/^Race on .+, seed 1: ASHA \+ random/);
    expect(await asha.getByTestId('saved-strategy').textContent()).toBe('Race run: ASHA + random');
    expect(await asha.getByTestId('cannot-continue').textContent()).toMatch(/finished snapshot of a race run whose ASHA \+ random scheduler state lived in the race/);
    expect(await row(/^Race on .+, seed 1: Random/).getByTestId('saved-strategy').textContent()).toBe('Race run: Random');
    expect(await page.getByTestId('saved-row').getByRole('button', { name: 'Resume' }).count()).toBe(0);
    expect(await axeFindings(page)).toEqual([]);
    await screenshot(page, 'saved-snapshots-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'saved-snapshots-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    await mine.getByRole('button', { name: 'Results' }).click();
    await showView(page, 'Results');
    const origin = page.getByTestId('snapshot-origin');
    await origin.waitFor();
    expect(await origin.getByRole('heading').textContent()).toBe('Manual duel: your tries');
    expect(await origin.textContent()).toMatch(/every trial here is one of your tries, a point you clicked on the map \(no sampler chose it\)/);
    expect(await page.getByTestId('trial-makers').locator('li').allTextContents()).toEqual(['#0: your try 1', '#1: your try 2', '#2: your try 3']);
    expect(await axeFindings(page)).toEqual([]);
    await screenshot(page, 'results-duel-origin-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'results-duel-origin-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await showView(page, 'Run');
    expect(await page.getByTestId('run-cannot-continue').textContent()).toMatch(/A saved snapshot that is not continued here: it is your side of a Manual duel/);
    expect(await page.getByTestId('continue').count()).toBe(0);
    expect(await page.getByTestId('run-status').textContent()).toMatch(/^\s*Saved snapshot · 3 trials\./);
    await showView(page, 'Inspector');
    expect(await page.getByTestId('inspector-source').locator('option').allTextContents()).toContain('Current study (Manual duel: your tries)');

    await showView(page, 'Saved');
    await asha.getByRole('button', { name: 'Results' }).click();
    await showView(page, 'Results');
    await expect.poll(() => origin.getByRole('heading').textContent()).toBe('Race run: ASHA + random');
    expect(await origin.textContent()).toMatch(/The scheduler’s rungs and population lived in the race and are not kept/);
    await showView(page, 'Run');
    expect(await page.locator('.card h2').first().textContent()).toMatch(/ · Race run: ASHA \+ random$/);
    expect(await page.getByTestId('continue').count()).toBe(0);

    // The PBT run kept its lineage: Results draws which trial started from which.
    await showView(page, 'Saved');
    await row(/^Race on .+, seed 1: PBT/).getByRole('button', { name: 'Results' }).click();
    await showView(page, 'Results');
    await expect.poll(() => origin.getByRole('heading').textContent()).toBe('Race run: PBT');
    const lineage = page.getByTestId('lineage');
    await lineage.getByTestId('lineage-tree').waitFor({ timeout: 30_000 });
    expect(await lineage.getByTestId('lineage-tree').getAttribute('aria-label')).toMatch(/PBT lineage: \d+ trials, \d+ trained from scratch and [1-9]\d* started from another trial’s weights/);
    await page.waitForTimeout(800);
    await lineage.screenshot({ path: resolve(SCREENSHOTS, 'results-race-pbt-lineage.png') });
    expect(takeViolations(env)).toEqual([]);
  });
});
