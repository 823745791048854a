/**
 * Driving the Race view at a given size through its controls, and timing it: what the race-limits
 * test and `npm run bench:race` share. Long tasks are main-thread tasks over 50 ms.
 */
import type { Page } from 'playwright-core';
import { fill, longTasks, raceDone, watchLongTasks } from './page-helpers';

export interface RaceSize {
  /** Every entry (plain and scheduled), or only the landing race's three. */
  readonly entries: 'all' | 'landing';
  readonly repeats: number;
  readonly budget: number;
}

export interface RaceLoad {
  readonly status: string;
  readonly wallSeconds: number;
  /** Durations of the long tasks seen while the race ran, ms. */
  readonly longTasks: readonly number[];
}

/** Sets the race's entries, repeats and trials each through the view's controls. */
export async function sizeRace(page: Page, size: RaceSize): Promise<void> {
  const boxes = page.locator('fieldset.strategies input[type=checkbox]');
  const count = await boxes.count();
  for (let i = 0; i < count; i++) {
    const box = boxes.nth(i);
    if (size.entries === 'all') await box.check();
  }
  await fill(page, 'race-repeats', size.repeats);
  await fill(page, 'race-budget', size.budget);
}

/** Starts the race as sized, waits for it to finish and returns its long tasks. */
export async function timeRace(page: Page, timeoutMs: number): Promise<RaceLoad> {
  await watchLongTasks(page);
  const started = Date.now();
  await page.getByTestId('race-run').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=race-status]')?.getAttribute('data-phase') === 'running', undefined, { timeout: 10_000 });
  await raceDone(page, timeoutMs);
  return { status: (await page.getByTestId('race-status').textContent()) ?? '', wallSeconds: (Date.now() - started) / 1000, longTasks: await longTasks(page) };
}

/** "N long tasks, longest L ms, T ms in all" for logs and reports. */
export function describeLongTasks(tasks: readonly number[]): string {
  const longest = Math.max(0, ...tasks);
  const total = tasks.reduce((s, t) => s + t, 0);
  return `${tasks.length} long tasks, longest ${longest.toFixed(0)} ms, ${total.toFixed(0)} ms in all`;
}
