/**
 * Importing a study at the page's limit (10,000 trials, a 3.7 MB file) does not freeze the page:
 * the file is read and checked in the import worker (under the page's Content-Security-Policy) and
 * stored in short slices of one transaction, while long tasks are recorded. The 50 ms target is
 * asserted with a margin for a loaded CI machine; the true figures are printed.
 *
 * The file is made in the page before the import is timed and handed to the input as a user's
 * pick would be: Playwright's `setInputFiles` copies the bytes into the page in one task of its
 * own (hundreds of ms for 3.7 MB), which is the test's cost, not the page's.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TRIALS_PER_STUDY } from '../../src/ui/limits';
import { LOADED_LONG_TASK_BOUND_MS, longTasks, showView, SLOW, usePage, watchLongTasks } from './page-helpers';
import { randomBraninStudyFile } from './study-fixtures';

/** What the test asserts; the target is 50 ms (the printed figures say how far under it the page is). */

const env = usePage({ stopLandingRace: true });

/** A study file at the limit: random search on Branin, five epochs of learning curve per trial. */
function studyFileAtTheLimit(trials: number): string {
  return randomBraninStudyFile({
    name: `Import at the limit, ${trials} trials`,
    trials,
    epochs: 5,
    seed: 4,
    tickMs: 41,
    drawSeed: 8,
    trial: (_params, draw) => {
      const value = 1 + 10 * draw.next();
      return { curve: [1, 2, 3, 4, 5].map((epoch) => value * (1 + 2 / epoch)), outcome: value };
    },
  });
}

interface PageLibrary {
  tunerApp: { library: { message: { text: string } | null; summaries: { id: string; name: string; trialCount: number }[] } };
}

describe(`importing a ${MAX_TRIALS_PER_STUDY.toLocaleString('en')}-trial study`, { timeout: SLOW }, () => {
  it('reads it in the import worker and stores it without long tasks', async () => {
    const { page } = env;
    const text = studyFileAtTheLimit(MAX_TRIALS_PER_STUDY);
    await showView(page, 'Saved');
    await page.evaluate((contents) => {
      (window as unknown as { pickedFile: File }).pickedFile = new File([contents], 'limit.json', { type: 'application/json' });
    }, text);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.waitForTimeout(500);
    await watchLongTasks(page);
    const started = Date.now();
    await page.evaluate(() => {
      const input = document.querySelector('[data-testid=import-file]') as HTMLInputElement;
      const picked = new DataTransfer();
      picked.items.add((window as unknown as { pickedFile: File }).pickedFile);
      input.files = picked.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction(() => /^Imported/.test((window as unknown as PageLibrary).tunerApp.library.message?.text ?? ''), undefined, { timeout: 120_000 });
    const tookMs = Date.now() - started;
    // Whatever follows the message (the list's refresh, a late slice) is counted too.
    await page.waitForTimeout(1000);
    const tasks = await longTasks(page);
    const longest = Math.max(0, ...tasks);
    console.log(
      `import of ${(text.length / 1e6).toFixed(1)} MB, ${MAX_TRIALS_PER_STUDY} trials: ${tookMs} ms to the message; ` +
        `${tasks.length} long tasks, longest ${longest.toFixed(0)} ms, ${tasks.reduce((s, d) => s + d, 0).toFixed(0)} ms blocked in all`,
    );
    expect(workers.some((url) => /study-file\.worker/.test(url)), `workers started: ${workers.join(', ')}`).toBe(true);
    const summary = await page.evaluate(() => (window as unknown as PageLibrary).tunerApp.library.summaries.find((s) => s.name.startsWith('Import at the limit')));
    expect(summary?.trialCount).toBe(MAX_TRIALS_PER_STUDY);
    expect(env.log.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
    expect(longest).toBeLessThanOrEqual(LOADED_LONG_TASK_BOUND_MS);
  });
});
