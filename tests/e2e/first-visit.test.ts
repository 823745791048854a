/**
 * The first visit explains itself: the race the page opens with says it is a demo, which the
 * visitor can stop and rerun with their own settings; the race and the inspector name the objective
 * for what it is and the runs by the seed the visitor chose; Setup hides the epochs of an instant
 * landscape (until a scheduler needs them) and the budgets the duel does not use, and shows names
 * the task reads as text, not as fields;
 * on a phone the tab bar shows that it scrolls; the page has a title and a description.
 * Screenshots of each at 1280 and 390 px go to docs/screenshots/first-visit-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { raceDone, screenshot, SCREENSHOTS, showView, SLOW, usePage } from './page-helpers';

const env = usePage();

async function bothWidths(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the first visit', { timeout: SLOW }, () => {
  it('has a title and a description that say what the page is', async () => {
    const { page } = env;
    expect(await page.title()).toMatch(/hyperparameter tuning.*TensorFlow\.js/i);
    const description = await page.locator('meta[name=description]').getAttribute('content');
    expect(description).toMatch(/hyperparameters of TensorFlow\.js models in your browser/);
  });

  it('opens on a race that says it is a demo, which the visitor can stop and rerun with their own seed', async () => {
    const { page } = env;
    // A slowed-down processor keeps the demo running long enough to be seen and stopped.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    await page.reload();
    const demo = page.getByTestId('race-demo');
    await expect.poll(() => demo.innerText(), { timeout: 60_000 }).toMatch(/A demo is running.*Stop it to change/s);
    // What a visitor first sees, at each width (the screen only: a whole page is slow to take on a slowed processor).
    await page.screenshot({ path: resolve(SCREENSHOTS, 'first-visit-race-demo-running-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'first-visit-race-demo-running-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.getByTestId('race-status').getAttribute('data-phase')).toBe('running');
    // The race redraws around the button: no wait for a still layout.
    await page.getByTestId('race-demo-stop').click({ force: true });
    await raceDone(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
    expect(await page.getByTestId('race-status').textContent()).toMatch(/Stopped\./);
    expect(await demo.innerText()).toMatch(/That was a demo.*press\s+Race to rerun it with yours/s);
    await bothWidths(page, 'first-visit-race-demo');

    await page.getByTestId('race-seed').fill('7');
    await page.getByTestId('race-run').click();
    expect(await demo.count()).toBe(0);
    await raceDone(page);
    const ranking = await page.getByTestId('race-ranking').textContent();
    expect(ranking).toMatch(/Gap to the optimum \(Branin function value\)/);
    expect(ranking).not.toMatch(/validation loss/);
    await bothWidths(page, 'first-visit-race-own');
  });

  it('names the inspector’s race run by the seed the visitor chose', async () => {
    const { page } = env;
    await showView(page, 'Inspector');
    const labels = () => page.getByTestId('inspector-source').locator('option').allTextContents();
    await expect.poll(labels).toContain('Race: Bayesian (GP-EI), seed 7, repeat 1 of 3');
    await page.getByTestId('inspector-status').waitFor();
    await bothWidths(page, 'first-visit-inspector');
  });

  it('hides an instant landscape’s epochs until a scheduler needs them, and shows fixed names as text', async () => {
    const { page } = env;
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('branin');
    await page.locator('input[name=strategy][value=random]').check();
    await page.getByTestId('scheduler').selectOption('none');
    expect(await page.getByTestId('epochs').count()).toBe(0);
    expect(await page.getByTestId('param-name').allTextContents()).toEqual(['x1', 'x2']);
    expect(await page.getByTestId('space-row').first().locator('input[readonly]').count()).toBe(0);
    await bothWidths(page, 'first-visit-setup-branin');

    await page.getByTestId('scheduler').selectOption('asha');
    expect(await page.getByLabel('Simulated epochs per trial (for the scheduler)').count()).toBe(1);
    await page.getByTestId('task').selectOption('synthetic-mlp');
    await page.getByTestId('scheduler').selectOption('none');
    expect(await page.getByLabel('Epochs per trial', { exact: true }).count()).toBe(1);

    // The duel brings its own budget and seed: Setup's do not apply to it.
    await page.locator('input[name=strategy][value=manual]').check();
    expect(await page.getByTestId('budget-trials').count()).toBe(0);
    expect(await page.getByTestId('workers').count()).toBe(0);
    await bothWidths(page, 'first-visit-setup-duel');
    await page.locator('input[name=strategy][value=random]').check();
    expect(await page.getByTestId('budget-trials').count()).toBe(1);
  });

  it('shows on a phone that the tab bar scrolls, and scrolls to the selected tab', async () => {
    const { page } = env;
    await page.setViewportSize({ width: 390, height: 844 });
    await showView(page, 'Setup');
    const more = page.getByTestId('tabs-more');
    await more.waitFor();
    await screenshot(page, 'first-visit-tabs-390');
    const scrolled = () => page.evaluate(() => document.querySelector('[role=tablist]')?.scrollLeft ?? 0);
    await more.click();
    await expect.poll(scrolled).toBeGreaterThan(0);
    await showView(page, 'Setup');
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Saved');
    const saved = await page.evaluate(() => {
      const list = document.querySelector('[role=tablist]');
      const tab = document.querySelector('#tab-saved');
      if (list === null || tab === null) return null;
      const a = list.getBoundingClientRect();
      const b = tab.getBoundingClientRect();
      return b.left >= a.left - 1 && b.right <= a.right + 1;
    });
    expect(saved).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await more.count()).toBe(0);
  });
});
