/** Shared steps of the page's end-to-end tests: opening the page, switching views, long-task watching. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';

export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
export const SLOW = 300_000;

/** Opens the page; with `afterLandingRace`, also waits for the race it starts on to finish (CI has two cores). */
export async function openPage(options: { readonly afterLandingRace?: boolean } = {}): Promise<BrowserEnv> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const env = await startBrowserEnv('index.html', 'window.tunerApp !== undefined');
  await env.page.setViewportSize({ width: 1280, height: 900 });
  if (options.afterLandingRace === true) await raceDone(env.page);
  return env;
}

/** Waits until the Race view's race has finished. */
export async function raceDone(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid=race-status]')?.getAttribute('data-phase') === 'done', undefined, { timeout });
}

export async function showView(page: Page, label: string): Promise<void> {
  await page.getByRole('tab', { name: label, exact: false }).first().click();
  await page.waitForFunction((l) => document.querySelector('[role=tab][aria-selected=true]')?.textContent?.includes(l), label);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Starts recording long tasks (main-thread tasks over 50 ms). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

export function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.slice());
}

/** Fills a number input found by its test id. */
export async function fill(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).fill(String(value));
}

export function phaseOf(page: Page, testId: string): Promise<string | null> {
  return page.getByTestId(testId).getAttribute('data-phase');
}

/** Saves the running study, reloads the page and resumes the study from the Run view, as a user would after a crash. */
export async function reloadAndResume(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { tunerApp: { library: { flush(): Promise<void> } } }).tunerApp.library.flush());
  await page.reload();
  await page.waitForFunction('window.tunerApp !== undefined');
  await showView(page, 'Run');
  await page.getByTestId('resume-study').first().click();
}
