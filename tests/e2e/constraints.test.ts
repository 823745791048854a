/**
 * Constraints on the page (issue 5), on Branin: an impossible "x1 + x2 ≤ N" leaves no feasible trial
 * and the Run and Results views say so; a loose one finishes with a best feasible trial, and the
 * trials table marks the infeasible ones. The GP runs cost-aware in the second study.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fill, longTasks, raceDone, screenshot, showView, SLOW, usePage, watchLongTasks } from './page-helpers';

const env = usePage();

async function runBranin(page: Page, max: number, costAware: boolean): Promise<void> {
  await showView(page, 'Setup');
  await fill(page, 'budget-trials', 14);
  await fill(page, 'workers', 4);
  await page.getByTestId('cost-aware').setChecked(costAware);
  await page.getByTestId('constraint-on').setChecked(true);
  await fill(page, 'constraint-max', max);
  await page.getByTestId('start-study').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 120_000 });
}

describe('constraints on the page (Branin)', { timeout: SLOW }, () => {
  it('an impossible constraint shows the infeasible message in Run and Results', async () => {
    const { page } = env;
    await raceDone(page);
    await runBranin(page, -100, false);
    expect(await page.getByTestId('run-constraints').textContent()).toMatch(/Constraint: x1 \+ x2 ≤ -100 · 0 of 14 complete trials feasible/);
    expect(await page.getByTestId('infeasible-message').textContent()).toMatch(/No feasible trial: all 14 complete trials violate a constraint; "paramSum" is violated by 14/);
    expect(await page.getByTestId('best-value').count()).toBe(0);
    await showView(page, 'Results');
    await page.getByTestId('best-config').waitFor();
    expect(await page.getByTestId('best-config').locator('h2').textContent()).toBe('Best feasible configuration');
    expect(await page.getByTestId('best-config').getByRole('alert').textContent()).toMatch(/^No feasible trial/);
    await page.locator('table tbody tr').nth(13).waitFor();
    expect(await page.locator('table tbody .badge.infeasible').count()).toBe(14);
    await screenshot(page, 'constraints-infeasible');
  });

  it('a loose constraint finishes with a best feasible trial, cost-aware, without long tasks', async () => {
    const { page } = env;
    await watchLongTasks(page);
    await runBranin(page, 12, true);
    const tasks = await longTasks(page);
    expect(Math.max(0, ...tasks)).toBeLessThanOrEqual(50);
    expect(await page.getByTestId('infeasible-message').count()).toBe(0);
    expect(await page.getByTestId('run-status').textContent()).toMatch(/Best feasible so far: \d/);
    await showView(page, 'Results');
    await page.getByTestId('best-config').waitFor();
    const best = page.getByTestId('best-config');
    expect(await best.getByRole('alert').count()).toBe(0);
    const values = await best.locator('dd').allTextContents();
    expect(values).toHaveLength(2);
    expect(Number(values[0]) + Number(values[1])).toBeLessThanOrEqual(12.05);
    await page.locator('table tbody tr').nth(13).waitFor();
    const bestRow = page.locator('table tbody tr.best');
    expect(await bestRow.count()).toBe(1);
    expect(await bestRow.locator('.badge.infeasible').count()).toBe(0);
    await screenshot(page, 'constraints-feasible');
  });
});
