/**
 * One writer per study: a second page of the same browser, opened while the first runs a study,
 * leaves the study alone (never marks it interrupted), shows it live and read-only, and offers to
 * take it over only once the first page has closed; every trial the first page showed complete
 * survives in storage.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupToHash } from '../../src/ui/persistence';
import { defaultSetup, validateSetup } from '../../src/ui/setup/setup-config';
import { openTab, openTabs, shownComplete, SLOW, usePage, waitForComplete, type PageApp } from './page-helpers';

const env = usePage();

const app = (page: Page) => page.evaluate(() => (window as unknown as PageApp).tunerApp.session?.phase);

describe('two pages on one study', { timeout: SLOW * 2 }, () => {
  it('the second is read-only and live, never marks it interrupted, and takes over once the first closes', async () => {
    // Three simulated epochs: a trial takes about 0.2 s of real time, so new trials complete every moment the test waits for them.
    const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'random', workers: 2, budget: { trials: 3000, minutes: null, epochs: 3 } });
    const url = new URL(`?tabs=1${setupToHash(setup)}`, env.url).href;
    const [first] = (await openTabs(env.browser, url, 1)) as [Page];
    await first.getByTestId('start-study').click();
    await waitForComplete(first, 5, 120_000);
    const id = await first.evaluate(() => (window as unknown as PageApp).tunerApp.library.trackedId as string);

    const second = await openTab(first.context(), url);
    const seen = await second.evaluate((studyId) => {
      const lib = (window as unknown as PageApp).tunerApp.library;
      return { live: lib.live.has(studyId), interrupted: lib.interrupted.map((s) => s.id), status: lib.summaries.find((s) => s.id === studyId)?.status };
    }, id);
    expect(seen, JSON.stringify(seen)).toEqual({ live: true, interrupted: [], status: 'running' });
    await second.evaluate((studyId) => (window as unknown as PageApp).tunerApp.open(studyId), id);
    expect(await app(second)).toEqual({ kind: 'watching', owner: 'live' });
    const before = (await shownComplete(second)).length;
    await waitForComplete(second, before + 4, 60_000);
    expect(await second.getByTestId('take-over').count()).toBe(0);
    // Still the first page's: storage says running, and it goes on running there.
    expect(await second.evaluate(async (studyId) => (await (window as unknown as PageApp).tunerApp.library.get(studyId))?.status, id)).toBe('running');
    expect((await app(first))?.kind).toBe('running');

    const shownByFirst = await shownComplete(first);
    await first.close();
    await second.waitForFunction(() => (window as unknown as PageApp).tunerApp.session?.phase.kind === 'watching' && (window as unknown as PageApp).tunerApp.session?.phase.owner === 'gone', undefined, { timeout: 60_000 });
    const stored = await second.evaluate(async (studyId) => {
      const record = await (window as unknown as PageApp).tunerApp.library.get(studyId);
      return { status: record?.status, trials: (record?.study.trials ?? []).map((t) => [t.id, t.state] as const) };
    }, id);
    const states = new Map(stored.trials);
    console.log(`first page showed ${shownByFirst.length} complete; storage holds ${[...states.values()].filter((s) => s === 'complete').length} complete, status ${stored.status}`);
    expect(shownByFirst.filter((t) => states.get(t) !== 'complete')).toEqual([]);
    expect(stored.status).toBe('interrupted');

    await second.getByTestId('take-over').click();
    await second.waitForFunction(() => (window as unknown as PageApp).tunerApp.session?.phase.kind === 'running', undefined, { timeout: 60_000 });
    const resumedFrom = stored.trials.length;
    await second.waitForFunction((n) => ((window as unknown as PageApp).tunerApp.session?.trials.length ?? 0) > n + 2, resumedFrom, { timeout: 60_000 });
    expect(await second.evaluate(() => (window as unknown as PageApp).tunerApp.library.trackedId)).toBe(id);
    await second.getByTestId('stop').click();
    await second.context().close();
  });

  it('two pages running two studies both keep saving', async () => {
    // One simulated epoch a trial: each trial is still asked, reported, told and saved.
    const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'random', workers: 1, budget: { trials: 40, minutes: null, epochs: 1 } });
    const url = new URL(`?two=1${setupToHash(setup)}`, env.url).href;
    const pages = await openTabs(env.browser, url, 2);
    for (const page of pages) await page.getByTestId('start-study').click();
    for (const page of pages) await page.waitForFunction(() => (window as unknown as PageApp).tunerApp.session?.phase.kind === 'finished', undefined, { timeout: 240_000 });
    const ids = await Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as PageApp).tunerApp.library.trackedId as string)));
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) {
      const record = await pages[0]!.evaluate(async (studyId) => (await (window as unknown as PageApp).tunerApp.library.get(studyId))?.study.trials.filter((t) => t.state === 'complete').length, id);
      expect(record).toBe(40);
    }
    await pages[0]!.context().close();
  });
});
