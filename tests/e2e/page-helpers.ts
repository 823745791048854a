/**
 * Shared steps of the page's end-to-end tests: opening the page (`usePage` opens it for a test file),
 * switching views, long-task watching, the heap after a garbage collection, a tiny real MNIST setup
 * and the backends its workers reported.
 * Every page opened here records Content-Security-Policy violations (see recordPolicyViolations),
 * and closing the page fails the test file when there were any: a test that provokes one on purpose
 * takes it out with `takeViolations`.
 *
 * Code handed to the page (`page.evaluate`, `waitForFunction`) is always a function, never a string:
 * the page's Content-Security-Policy refuses eval.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { recordPolicyViolations, startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';

export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
export const SLOW = 300_000;
/**
 * The target is no main-thread task over 50 ms. Tests of large studies and the Race at its limits
 * assert this looser bound, which a loaded two-core CI machine stays under, and print the true figures.
 */
export const LOADED_LONG_TASK_BOUND_MS = 250;

export interface OpenOptions {
  /** Wait for the race the page starts on to finish (CI has two cores). */
  readonly afterLandingRace?: boolean;
  /** Stop that race and wait until it has stopped, for a test it would slow or show up in. */
  readonly stopLandingRace?: boolean;
}

/** Opens the page, then lets its landing race finish or stops it as `options` ask. */
export async function openPage(options: OpenOptions = {}): Promise<BrowserEnv> {
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
  if (options.stopLandingRace === true) await stopLandingRace(env.page);
  else if (options.afterLandingRace === true) await raceDone(env.page);
  return env;
}

/** A test file's page: opened before its tests, closed after them; its fields are read inside a test or hook. */
export type PageEnv = Omit<BrowserEnv, 'close'>;

/** Registers the hooks that open the page (see `openPage`) before the file's tests and close it after them. */
export function usePage(options: OpenOptions = {}): PageEnv {
  return useEnv(() => openPage(options), SLOW);
}

/** Registers the hooks that run `open` (within `timeoutMs`) before the file's tests and close what it opened after them. */
export function useEnv(open: () => Promise<BrowserEnv>, timeoutMs: number): PageEnv {
  let opened: BrowserEnv | null = null;
  beforeAll(async () => {
    opened = await open();
  }, timeoutMs);
  afterAll(async () => {
    await opened?.close();
  });
  const env = (): BrowserEnv => {
    if (opened === null) throw new Error('the page is opened in beforeAll: read it inside a test or a hook');
    return opened;
  };
  return {
    get page() {
      return env().page;
    },
    get browser() {
      return env().browser;
    },
    get server() {
      return env().server;
    },
    get url() {
      return env().url;
    },
    get log() {
      return env().log;
    },
    get violations() {
      return env().violations;
    },
  };
}

/** Stops the race the page starts on (once the page is interactive) and waits until it has stopped. */
export async function stopLandingRace(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid=race-status]')?.getAttribute('data-phase') !== 'idle', undefined, { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as { tunerApp: { race: { stop(): void } } }).tunerApp.race.stop());
  await raceDone(page);
}

/** Each browser's violation list (its env's), which the tabs `openTabs` opens record into as well. */
const violationLists = new WeakMap<Browser, string[]>();

/** The violations recorded so far, removed from the list (for a test that provokes them on purpose). */
export function takeViolations(env: Pick<BrowserEnv, 'violations'>): string[] {
  return env.violations.splice(0);
}

/** Waits until the Race view's race has finished. */
export async function raceDone(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid=race-status]')?.getAttribute('data-phase') === 'done', undefined, { timeout });
}

export async function showView(page: Page, label: string): Promise<void> {
  await page.getByRole('tab', { name: label, exact: false }).first().click();
  await page.waitForFunction((l) => document.querySelector('[role=tab][aria-selected=true]')?.textContent?.includes(l), label);
  // Views other than the Race are fetched when their tab first opens: wait for the view, not its loading line.
  await page.waitForFunction(() => document.querySelector('[role=tabpanel] .view-loading') === null);
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

/** The page's JS heap in use (bytes) after a forced garbage collection. */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize;
}

/** Fills a number input found by its test id. */
export async function fill(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).fill(String(value));
}

/**
 * Sets up a tiny real study in the Setup view: `trials` MNIST CNN trials on `backend`, one epoch
 * each on one worker, 64 training and 32 validation samples. Starting it is the caller's.
 */
export async function setUpTinyMnist(page: Page, backend: 'webgpu' | 'webgl' | 'wasm' | 'cpu', trials: number): Promise<void> {
  await showView(page, 'Setup');
  await page.getByTestId('task').selectOption('mnist-cnn');
  await page.getByTestId('backend').selectOption(backend);
  await fill(page, 'budget-trials', trials);
  await fill(page, 'epochs', 1);
  await fill(page, 'workers', 1);
  await fill(page, 'train-samples', 64);
  await fill(page, 'validation-samples', 32);
}

/** The backend each of the study's workers reported (session.workerBackends), in slot order. */
export function workerBackends(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const session = (window as unknown as { tunerApp: { session: { workerBackends: Map<number, { backend: string }> } | null } }).tunerApp.session;
    return session === null ? [] : [...session.workerBackends.entries()].sort(([a], [b]) => a - b).map(([, report]) => report.backend);
  });
}

/** Waits until no trial of the session is running: the session's trial list is refreshed just after its phase. */
export async function trialsSettled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (window as unknown as { tunerApp: { session: { trials: { state: string }[] } } }).tunerApp.session.trials.every((t) => t.state !== 'running'),
  );
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

/** The part of the page's `window.tunerApp` that the storage tests (durable, tabs) read. */
export interface PageApp {
  tunerApp: {
    session: { trials: { id: number; state: string }[]; phase: { kind: string; owner?: string } } | null;
    library: {
      trackedId: string | null;
      /** null until the page knows whether storage is available. */
      available: boolean | null;
      live: Set<string>;
      interrupted: { id: string }[];
      summaries: { id: string; status: string }[];
      message: { text: string } | null;
      get(id: string): Promise<{ status: string; study: { trials: { id: number; state: string }[] } } | null>;
    };
    open(id: string): Promise<void>;
    resume(id: string): Promise<void>;
  };
}

/** Ids of the trials the page shows complete now. */
export function shownComplete(page: Page): Promise<number[]> {
  return page.evaluate(() => ((window as unknown as PageApp).tunerApp.session?.trials ?? []).filter((t) => t.state === 'complete').map((t) => t.id));
}

/** Waits until the page shows at least `count` trials complete. */
export async function waitForComplete(page: Page, count: number, timeout: number): Promise<void> {
  await page.waitForFunction((n) => ((window as unknown as PageApp).tunerApp.session?.trials ?? []).filter((t) => t.state === 'complete').length >= n, count, { timeout });
}

/** Waits for the page's app and its saved studies (after a load or a reload). */
export async function libraryReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const app = (window as unknown as Partial<PageApp>).tunerApp;
      return app !== undefined && app.library.available !== null;
    },
    undefined,
    { timeout: 120_000 },
  );
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
  await libraryReady(page);
  return page;
}

/** Picks `file` in Saved's import ("Import a study or Optuna journal…") and returns the message it gives. */
export async function importStudyFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<string> {
  await showView(page, 'Saved');
  // Read at once: a locator's textContent() would wait (30 s) for a message not shown yet.
  const before = await page.evaluate(() => document.querySelector('[data-testid=library-message]')?.textContent ?? null);
  await page.getByTestId('import-file').setInputFiles(file);
  await page.waitForFunction((old) => {
    const text = document.querySelector('[data-testid=library-message]')?.textContent ?? null;
    return text !== null && text !== old;
  }, before);
  return (await page.getByTestId('library-message').textContent()) ?? '';
}

/** Plays three turns of the Manual view's duel by clicking the map, waiting for each answer. */
export async function playDuelTurns(page: Page): Promise<void> {
    const picker = page.locator('[role=button][aria-label^="Pick a point"]').first();
    const box = await picker.boundingBox();
    if (box === null) throw new Error('no pickable map');
    for (const [fx, fy] of [[0.55, 0.8], [0.2, 0.3], [0.9, 0.85]] as const) {
      await picker.click({ position: { x: box.width * fx, y: box.height * fy } });
      await page.waitForFunction(() => /Your turn|win|draw/.test(document.querySelector('[data-testid=duel-status]')?.textContent ?? ''));
    }
}
