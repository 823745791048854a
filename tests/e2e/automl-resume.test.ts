/**
 * A study on the user's own table survives a reload: the table picked with the file picker is kept
 * in the page's IndexedDB with its study, so after a reload in the middle of the study the page
 * resumes it from the Run view without asking for the file again, keeps the trials it had
 * finished, and finishes the rest on the same data.
 */
import { describe, expect, it } from 'vitest';
import { chooseTarget, chooseUserData, pickTable, setTinyBudget, startStudy, studyFinished, tableBuilt } from './automl-page';
import { reloadAndResume, screenshot, shownComplete, SLOW, usePage, waitForComplete } from './page-helpers';
import { REGRESSION, regressionCsv } from './user-data-fixtures';

const env = usePage({ stopLandingRace: true });

describe('a study on user data across a reload', { timeout: SLOW * 2 }, () => {
  it('resumes after a reload mid-study from the stored table, keeping the finished trials', async () => {
    const { page } = env;
    await chooseUserData(page, 'table');
    await pickTable(page, regressionCsv());
    await chooseTarget(page, REGRESSION.target);
    await tableBuilt(page);
    await setTinyBudget(page, { trials: 5, epochs: 2, workers: 1 });
    await startStudy(page);
    await waitForComplete(page, 1, 180_000);
    const before = await shownComplete(page);
    expect(before.length).toBeGreaterThanOrEqual(1);

    await reloadAndResume(page);
    expect(await page.getByTestId('missing-data').count()).toBe(0);
    await studyFinished(page);
    const trials = await page.evaluate(() =>
      (window as unknown as { tunerApp: { session: { trials: { id: number; state: string; reason?: string }[] } } }).tunerApp.session.trials.map((t) => ({ id: t.id, state: t.state, reason: t.reason ?? '' })),
    );
    console.log(`complete before the reload: ${JSON.stringify(before)}; after: ${JSON.stringify(trials)}`);
    // A trial the reload cut short is marked failed as interrupted and runs again as a new trial: the budget's 5 all complete.
    expect(trials.filter((t) => t.state === 'complete')).toHaveLength(5);
    for (const cut of trials.filter((t) => t.state !== 'complete')) expect(`${cut.state}: ${cut.reason}`).toMatch(/^failed: interrupted/);
    expect((await shownComplete(page)).filter((id) => before.includes(id)).sort()).toEqual([...before].sort());
    await page.waitForTimeout(300);
    await screenshot(page, 'automl-resumed');
  });
});
