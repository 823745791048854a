/**
 * Every trial the page shows complete is already in storage: a running study is reloaded at ten
 * random moments (no flush first) and each trial it showed complete must be complete in IndexedDB
 * after the reload; the same once with real MNIST training. A full storage, on import and during
 * autosave, says how much space is needed and what could be deleted, and the message clears once
 * space is back.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createStudy } from '../../src/tuner';
import { createSavedStudy, setupToHash, studyFileText } from '../../src/ui/persistence';
import { defaultSetup, validateSetup, type SetupConfig } from '../../src/ui/setup/setup-config';
import { libraryReady, SLOW, shownComplete, usePage, waitForComplete, type PageApp } from './page-helpers';

const env = usePage();

/** Opens the page on a shared setup (so no landing race starts) and starts the study. */
async function startStudy(page: Page, setup: SetupConfig): Promise<string> {
  // A new query string makes it a navigation (a hash alone would not reload the page).
  await page.goto(new URL(`?study=${Date.now()}${setupToHash(setup)}`, env.url).href);
  await libraryReady(page);
  await page.getByTestId('start-study').click();
  await page.waitForFunction(() => (window as unknown as PageApp).tunerApp.session?.phase.kind === 'running', undefined, { timeout: 120_000 });
  return page.evaluate(() => (window as unknown as PageApp).tunerApp.library.trackedId as string);
}

/** Reloads without flushing; returns the states storage holds for `ids` afterwards. */
async function reloadAndRead(page: Page, id: string): Promise<{ status: string; states: Map<number, string> }> {
  await page.reload();
  await libraryReady(page);
  const stored = await page.evaluate(async (studyId) => {
    const record = await (window as unknown as PageApp).tunerApp.library.get(studyId);
    return record === null ? null : { status: record.status, trials: record.study.trials.map((t) => [t.id, t.state] as const) };
  }, id);
  if (stored === null) throw new Error('the study is not in storage after the reload');
  return { status: stored.status, states: new Map(stored.trials) };
}

/** Resumes the study once no other page holds it (the reloaded page's predecessor lets go as it unloads). */
async function resume(page: Page, id: string): Promise<void> {
  await page.waitForFunction((studyId) => !(window as unknown as PageApp).tunerApp.library.live.has(studyId), id, { timeout: 60_000 });
  await page.evaluate((studyId) => (window as unknown as PageApp).tunerApp.resume(studyId), id);
  await page.waitForFunction(() => (window as unknown as PageApp).tunerApp.session?.phase.kind === 'running', undefined, { timeout: 120_000 });
}

/**
 * Makes the page's storage refuse (or accept again) every write, at the IndexedDB boundary: while
 * "full", every put throws QuotaExceededError, as the browser refuses a write over the quota.
 * (CDP's Storage.overrideQuotaForOrigin is not applied reliably by this Chromium.)
 */
function setStorageFull(page: Page, full: boolean): Promise<void> {
  return page.evaluate((on) => {
    const w = window as unknown as { storageFull?: boolean; realPut?: IDBObjectStore['put'] };
    w.realPut ??= IDBObjectStore.prototype.put;
    const realPut = w.realPut;
    w.storageFull = on;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (w.storageFull === true) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
  }, full);
}

/** A small seeded generator for the reload moments (the test is reproducible). */
function moments(seed: number, count: number, lowMs: number, highMs: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.round(lowMs + (s / 2 ** 32) * (highMs - lowMs));
  });
}

describe('durable at once', { timeout: SLOW * 2 }, () => {
  it('loses no trial the page showed complete, across reloads at ten random moments (synthetic, Bayesian)', async () => {
    const { page } = env;
    // Three simulated epochs: a trial takes about 0.2 s of real time on the page, so trials complete all
    // through each 100–1000 ms wait and the reloads land between, during and just after them.
    const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'gp', workers: 2, budget: { trials: 1000, minutes: null, epochs: 3 } });
    const id = await startStudy(page, setup);
    let checked = 0;
    for (const [round, waitMs] of moments(20240611, 10, 100, 1000).entries()) {
      await page.waitForTimeout(waitMs);
      const shown = await shownComplete(page);
      const { states, status } = await reloadAndRead(page, id);
      const lost = shown.filter((t) => states.get(t) !== 'complete');
      console.log(`reload ${round + 1} after ${waitMs} ms: ${shown.length} shown complete, ${[...states.values()].filter((s) => s === 'complete').length} complete in storage (status ${status}), lost ${lost.length}`);
      expect(lost).toEqual([]);
      checked += shown.length;
      await resume(page, id);
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('loses no real MNIST trial the page showed complete across a reload', async () => {
    const { page } = env;
    const setup = validateSetup({
      ...defaultSetup('mnist-cnn'),
      strategy: 'random',
      workers: 1,
      budget: { trials: 4, minutes: null, epochs: 1 },
      samples: { train: 64, validation: 32 },
    });
    const id = await startStudy(page, setup);
    await page.waitForFunction(() => ((window as unknown as PageApp).tunerApp.session?.trials ?? []).some((t) => t.state === 'complete'), undefined, { timeout: 240_000 });
    const shown = await shownComplete(page);
    const { states } = await reloadAndRead(page, id);
    console.log(`MNIST: ${shown.length} shown complete before the reload; storage: ${JSON.stringify([...states])}`);
    expect(shown.length).toBeGreaterThanOrEqual(1);
    expect(shown.filter((t) => states.get(t) !== 'complete')).toEqual([]);
  });
});

describe('a full storage quota', { timeout: SLOW }, () => {
  it('on import says how much space is needed and what to delete, and the message clears once space is back', async () => {
    const { page } = env;
    const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'random' });
    const studyFile = (name: string, trials: number): string => {
      const study = createStudy({ space: setup.space, sampler: 'random', seed: 5 });
      for (let i = 0; i < trials; i++) {
        const { id } = study.ask();
        for (let step = 1; step <= 10; step++) study.report(id, step, 10 - step / 3 + i * 1e-4);
        study.tell(id, 6 + (i % 17) / 3);
      }
      return studyFileText(createSavedStudy({ name, setup, study: study.toJSON(), status: 'finished', now: Date.now() }), Date.now());
    };
    const text = studyFile('Large import', 3000);
    await page.evaluate(() => ((window as unknown as { tunerApp: { view: string } }).tunerApp.view = 'saved'));
    await page.getByTestId('import-file').setInputFiles({ name: 'earlier.json', mimeType: 'application/json', buffer: Buffer.from(studyFile('Earlier study', 200)) });
    await page.waitForFunction(() => /^Imported “Earlier study”/.test(document.querySelector('[data-testid=library-message]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const rows = await page.getByTestId('saved-row').count();
    await setStorageFull(page, true);
    const importFile = () => page.getByTestId('import-file').setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await importFile();
    await page.waitForFunction(() => /storage for this page is full/.test(document.querySelector('[data-testid=library-message]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const message = (await page.getByTestId('library-message').textContent()) ?? '';
    console.log(`quota message: ${message}`);
    expect(message).toMatch(/^Import of “Large import” failed: the browser storage for this page is full\. It needs about [\d.]+ MB/);
    expect(message).toMatch(/Export, then delete, the largest saved studies: “Earlier study” \([\d.]+ (kB|MB)\)/);
    expect(await page.getByTestId('saved-row').count()).toBe(rows);
    await setStorageFull(page, false);
    await importFile();
    await page.waitForFunction(() => /^Imported “Large import” with 3000 trials/.test(document.querySelector('[data-testid=library-message]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(env.log.filter((line) => /StorageError|Unhandled/.test(line))).toEqual([]);
  });

  it('during autosave says how much space is needed on the Run view, and the message clears once space is back', async () => {
    const { page } = env;
    const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'random', workers: 2, budget: { trials: 3000, minutes: null, epochs: 5 } });
    const id = await startStudy(page, setup);
    await waitForComplete(page, 3, 60_000);
    await setStorageFull(page, true);
    const shown = page.getByTestId('storage-message');
    await shown.waitFor({ timeout: 60_000 });
    const message = (await shown.textContent()) ?? '';
    console.log(`autosave quota message: ${message}`);
    expect(message).toMatch(/^Autosave failed: the browser storage for this page is full\. It needs about [\d.]+ (B|kB|MB)/);
    expect(message).toMatch(/(Export, then delete, the largest saved studies: “[^”]+” \([\d.]+ (B|kB|MB)\)|Free space in the browser’s site settings)/);
    // The trials go on, shown though not yet stored; once space is back they are written and the message goes.
    await waitForComplete(page, (await shownComplete(page)).length + 4, 60_000);
    const shownWhileFull = await shownComplete(page);
    await setStorageFull(page, false);
    await shown.waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as PageApp).tunerApp.library.message)).toBeNull();
    const stored = await page.evaluate(async (studyId) => {
      const record = await (window as unknown as PageApp).tunerApp.library.get(studyId);
      return (record?.study.trials ?? []).filter((t) => t.state === 'complete').map((t) => t.id);
    }, id);
    expect(shownWhileFull.filter((t) => !stored.includes(t))).toEqual([]);
    await page.getByTestId('stop').click();
    expect(env.log.filter((line) => /StorageError|Unhandled/.test(line))).toEqual([]);
  });
});
