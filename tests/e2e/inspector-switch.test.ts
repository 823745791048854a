/**
 * The Inspector after switching studies: a Bayesian study on Branin (20 trials), then one on the
 * MLP-like task (8 trials, other parameters) under the same "Current study" label. The Inspector
 * must throw nothing, count the new study's trials and offer its parameters.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TASKS } from '../../src/ui/setup/tasks';
import { fill, showView, SLOW, usePage } from './page-helpers';

// The landing race is not what this test is about: stopped, so its work neither slows nor shows up here.
const env = usePage({ stopLandingRace: true });

async function runStudy(page: Page, task: string, trials: number): Promise<void> {
  await showView(page, 'Setup');
  await page.getByTestId('task').selectOption(task);
  await fill(page, 'budget-trials', trials);
  await page.getByTestId('start-study').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 120_000 });
}

async function inspectorOptions(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).locator('option').allTextContents();
}

describe('the Inspector after switching studies', { timeout: SLOW }, () => {
  it('resets to the new study: no errors, its step count, its parameters', async () => {
    const { page } = env;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await runStudy(page, 'branin', 20);
    await showView(page, 'Inspector');
    await page.waitForFunction(() => /After trial 20:/.test(document.querySelector('[data-testid=inspector-status]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await page.getByTestId('inspector-step-label').textContent()).toBe('After trial 20 of 20');
    expect(await inspectorOptions(page, 'inspector-x')).toEqual(Object.keys(TASKS.branin.defaultSpace));

    await runStudy(page, 'synthetic-mlp', 8);
    await showView(page, 'Inspector');
    expect(await page.getByTestId('inspector-step-label').textContent()).toBe('After trial 8 of 8');
    const names = Object.keys(TASKS['synthetic-mlp'].defaultSpace);
    expect(await inspectorOptions(page, 'inspector-x')).toEqual(names);
    expect((await inspectorOptions(page, 'inspector-y')).length).toBe(names.length - 1);
    await page.waitForFunction(() => /After trial 8: fitted to \d+ complete trials/.test(document.querySelector('[data-testid=inspector-status]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const status = (await page.getByTestId('inspector-status').textContent()) ?? '';
    for (const name of names) expect(status).toContain(`${name} =`);
    await page.waitForFunction(() => document.querySelectorAll('[data-view=inspector] figure svg').length >= 2, undefined, { timeout: 30_000 });

    // And back: the step slider goes through the new study's trials only.
    await page.getByTestId('inspector-step').fill('3');
    await page.waitForFunction(() => /After trial 3:/.test(document.querySelector('[data-testid=inspector-status]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await page.getByTestId('inspector-step-label').textContent()).toBe('After trial 3 of 8');
    expect(errors).toEqual([]);
  });
});
