/**
 * Shared steps of the page's end-to-end tests: opening the page, switching views, long-task watching.
 * Every page opened here records Content-Security-Policy violations (see recordPolicyViolations),
 * and closing the page fails the test file when there were any: a test that provokes one on purpose
 * takes it out with `takeViolations`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordPolicyViolations, startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';

export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
export const SLOW = 300_000;

/** Opens the page; with `afterLandingRace`, also waits for the race it starts on to finish (CI has two cores). */
export async function openPage(options: { readonly afterLandingRace?: boolean } = {}): Promise<BrowserEnv> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const started = await startBrowserEnv('index.html', 'window.tunerApp !== undefined');
  const env: BrowserEnv = {
    ...started,
    async close() {
      const found = started.violations.splice(0);
      await started.close();
      if (found.length > 0) throw new Error(`Content-Security-Policy violations on the page:\n  ${found.join('\n  ')}`);
    },
  };
  violationLists.set(env.browser, started.violations);
  await env.page.setViewportSize({ width: 1280, height: 900 });
  if (options.afterLandingRace === true) await raceDone(env.page);
  return env;
}

/** Each browser's violation list (its env's), which the tabs `openTabs` opens record into as well. */
const violationLists = new WeakMap<Browser, string[]>();

/** The violations recorded so far, removed from the list (for a test that provokes them on purpose). */
export function takeViolations(env: BrowserEnv): string[] {
  return env.violations.splice(0);
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
    const w = window as unknown as { longTasks: number[]; longTaskObserver?: PerformanceObserver };
    // One observer at a time: a second would count every long task twice.
    w.longTaskObserver?.disconnect();
    w.longTasks = [];
    w.longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    });
    w.longTaskObserver.observe({ type: 'longtask' });
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
  await page.waitForFunction(() => (window as unknown as { tunerApp?: unknown }).tunerApp !== undefined);
  await showView(page, 'Run');
  await page.getByTestId('resume-study').first().click();
}

/**
 * Opens `url` in `count` tabs of one new browser context (shared storage, Web Locks and
 * BroadcastChannel, as tabs of one browser profile) and waits for each page's app and saved studies.
 */
export async function openTabs(browser: Browser, url: string, count: number): Promise<Page[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const violations = violationLists.get(browser);
  if (violations !== undefined) await recordPolicyViolations(context, violations);
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) pages.push(await openTab(context, url));
  return pages;
}

/** One more tab of `context` (see `openTabs`). */
export async function openTab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(
    () => {
      const app = (window as unknown as { tunerApp?: { library: { available: unknown } } }).tunerApp;
      return app !== undefined && app.library.available !== null;
    },
    undefined,
    { timeout: 120_000 },
  );
  return page;
}
