/**
 * The page at its largest study: a generated 10,000-trial Branin study (random search, with failed
 * and pruned trials and learning curves) is imported through the Saved view and opened in
 * Results, the Inspector and Saved while long tasks are recorded; the JS heap after a forced
 * garbage collection is printed. The 50 ms target is asserted with a margin for a loaded CI machine;
 * the true figures are printed, with each step's longest main-thread task in CPU time (from a
 * Chromium trace), which a machine busy with other work does not inflate.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { braninLandscape } from '../../src/runner/synthetic-objectives';
import { MAX_TRIALS_PER_STUDY } from '../../src/ui/limits';
import { heapAfterGc, LOADED_LONG_TASK_BOUND_MS, longTasks, screenshot, showView, SLOW, usePage, watchLongTasks } from './page-helpers';
import { randomBraninStudyFile } from './study-fixtures';
import { mainThreadEvents, traceEvents, type TraceEvent } from '../../scripts/chromium-trace';

/** What the test asserts; the target is 50 ms (printed figures say how far under it the page is). */

// The landing race is not what this test is about: stopped, so its work neither slows nor shows up here.
const env = usePage({ stopLandingRace: true });

/** A realistic 10,000-trial study file: random search on Branin, 5 epochs of learning curve each, ~4 % failed, ~10 % pruned. */
function largeStudyFile(trials: number): string {
  return randomBraninStudyFile({
    name: `Branin, ${trials} random trials`,
    trials,
    epochs: 5,
    seed: 11,
    tickMs: 37,
    drawSeed: 99,
    trial: (params, draw) => {
      const value = braninLandscape.value(params);
      const roll = draw.next();
      const epochs = roll < 0.1 ? 2 : 5;
      const curve = Array.from({ length: epochs }, (_, i) => value * (1 + 2 / (i + 1)) + draw.next());
      if (roll < 0.04) return { curve, outcome: { state: 'failed', reason: 'diverged' } };
      if (roll < 0.1) return { curve, outcome: { state: 'pruned', reason: 'below the median' } };
      return { curve, outcome: value };
    },
  });
}

interface Figures {
  count: number;
  longest: number;
  total: number;
  /** The main-thread task that took the most CPU time. */
  cpu: LongestTask;
}

interface LongestTask {
  /** CPU and wall time (ms). */
  readonly cpu: number;
  readonly wall: number;
  /** The script that took most of it: function, file and line. */
  readonly script: string;
}

/** The renderer main thread's task with the most CPU time in a Chromium trace, and the script call that took most of it. */
function longestTask(trace: Buffer): LongestTask {
  const onMain = mainThreadEvents(traceEvents(trace));
  let task: TraceEvent | null = null;
  for (const e of onMain) if (e.name === 'RunTask' && (e.tdur ?? 0) > (task?.tdur ?? 0)) task = e;
  if (task === null) return { cpu: 0, wall: 0, script: '' };
  const { ts, dur = 0 } = task;
  let call: TraceEvent | null = null;
  for (const e of onMain) if (e.name === 'FunctionCall' && e.ts >= ts && e.ts <= ts + dur && (e.tdur ?? 0) > (call?.tdur ?? 0)) call = e;
  const data = call?.args?.data;
  const script = data === undefined ? '' : `${data.functionName || '(anonymous)'} ${(data.url ?? '').replace(/^.*?\/src\//, 'src/').replace(/\?.*$/, '')}:${(data.lineNumber ?? 0) + 1}, ${((call?.tdur ?? 0) / 1000).toFixed(0)} ms`;
  return { cpu: (task.tdur ?? 0) / 1000, wall: dur / 1000, script };
}

async function measure(page: Page, action: () => Promise<void>): Promise<Figures> {
  // Tracing starts first, and settles, so that starting it is not counted as the page's long task.
  await env.browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.waitForTimeout(300);
  await watchLongTasks(page);
  await action();
  // Whatever the view does after it looks done (deferred charts, the worker's answer) is counted too.
  await page.waitForTimeout(1500);
  const tasks = await longTasks(page);
  const cpu = longestTask(await env.browser.stopTracing());
  return { count: tasks.length, longest: Math.max(0, ...tasks), total: tasks.reduce((s, d) => s + d, 0), cpu };
}

function report(what: string, f: Figures): void {
  console.log(
    `${what}: ${f.count} long tasks, longest ${f.longest.toFixed(0)} ms, ${f.total.toFixed(0)} ms blocked in all; ` +
      `the task with the most CPU time: ${f.cpu.cpu.toFixed(0)} ms CPU, ${f.cpu.wall.toFixed(0)} ms wall${f.cpu.script === '' ? '' : ` (mostly ${f.cpu.script})`}`,
  );
}

describe(`a ${MAX_TRIALS_PER_STUDY.toLocaleString('en')}-trial study`, { timeout: SLOW }, () => {
  it('imports, then opens in Results, the Inspector and Saved without long tasks', async () => {
    const { page } = env;
    const text = largeStudyFile(MAX_TRIALS_PER_STUDY);
    console.log(`study file: ${(text.length / 1e6).toFixed(1)} MB`);
    console.log(`heap after GC before the import: ${((await heapAfterGc(page)) / 1e6).toFixed(1)} MB`);

    await showView(page, 'Saved');
    const imported = await measure(page, async () => {
      await page.getByTestId('import-file').setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.waitForFunction(() => /Imported/.test(document.querySelector('[data-testid=library-message]')?.textContent ?? ''), undefined, { timeout: 120_000 });
    });
    report('import (reported only)', imported);

    const results = await measure(page, async () => {
      await page.getByTestId('saved-row').filter({ hasText: 'random trials' }).getByRole('button', { name: 'Results' }).click();
      await page.getByTestId('best-config').waitFor({ timeout: 60_000 });
      await page.locator('table tbody tr[aria-rowindex]').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('curves-sampled').waitFor({ timeout: 60_000 });
      await page.getByTestId('parallel-sampled').waitFor({ timeout: 60_000 });
      // Importance comes from the analysis worker.
      await page.waitForFunction(() => document.querySelector('[data-testid=importance-status]') === null && document.querySelector('.importance svg') !== null, undefined, { timeout: 180_000 });
    });
    report('Results', results);

    // The table is virtualised: a handful of rows in the DOM, and scrolling brings others in.
    const rowsInDom = await page.locator('table tbody tr[aria-rowindex]').count();
    console.log(`trials table: ${rowsInDom} rows in the DOM for ${MAX_TRIALS_PER_STUDY} trials`);
    expect(rowsInDom).toBeLessThan(150);
    expect(await page.locator('table caption').first().textContent()).toContain(`(${MAX_TRIALS_PER_STUDY})`);
    const scrolled = await measure(page, async () => {
      await page.locator('.table-wrap').first().evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await page.waitForFunction(() => document.querySelector('table tbody tr[aria-rowindex="5002"]') !== null, undefined, { timeout: 10_000 });
      await page.locator('.table-wrap').first().evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.waitForFunction(() => document.querySelector(`table tbody tr[aria-rowindex="10001"]`) !== null, undefined, { timeout: 10_000 });
    });
    report('scrolling the trials table', scrolled);
    await page.locator('.table-wrap').first().evaluate((el) => (el.scrollTop = 0));
    const sorted = await measure(page, async () => {
      await page.locator('table th button', { hasText: 'Branin function value' }).click();
      await page.waitForFunction(() => document.querySelector('table th[aria-sort=ascending]')?.textContent?.includes('Branin function value'), undefined, { timeout: 10_000 });
    });
    report('sorting the trials table', sorted);
    expect(await page.locator('table tbody tr[aria-rowindex="2"]').getAttribute('class')).toContain('best');
    await screenshot(page, 'results-10000-trials');

    const inspector = await measure(page, async () => {
      await showView(page, 'Inspector');
      await page.getByTestId('inspector-status').waitFor({ timeout: 180_000 });
    });
    report('Inspector', inspector);
    expect(await page.getByTestId('inspector-step-label').textContent()).toBe(`After trial ${MAX_TRIALS_PER_STUDY} of ${MAX_TRIALS_PER_STUDY}`);
    const slid = await measure(page, async () => {
      await page.getByTestId('inspector-step').fill('5000');
      await page.waitForFunction(() => /After trial 5000:/.test(document.querySelector('[data-testid=inspector-status]')?.textContent ?? '') && document.querySelector('[data-testid=inspector-status]')?.getAttribute('data-busy') === 'false', undefined, { timeout: 180_000 });
    });
    report('Inspector, slider moved to trial 5000', slid);
    await screenshot(page, 'inspector-10000-trials');

    const saved = await measure(page, async () => {
      await showView(page, 'Saved');
      await page.getByTestId('saved-row').first().waitFor();
    });
    report('Saved', saved);

    const heap = await heapAfterGc(page);
    console.log(`heap after GC with the 10,000-trial study open: ${(heap / 1e6).toFixed(1)} MB`);
    expect(env.log.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
    for (const f of [results, scrolled, sorted, inspector, slid, saved]) expect(f.longest).toBeLessThanOrEqual(LOADED_LONG_TASK_BOUND_MS);
  });
});
