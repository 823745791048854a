/**
 * A study on the user's data, moved between browsers as a file: imported without its data, it asks
 * for the table when resumed and accepts only the same bytes (a wrong file is refused by
 * fingerprint and changes nothing saved); exported with its data, the file carries the table; a
 * tampered file with data is refused and changes nothing saved. A study started on a table stores
 * the table first: with the storage full it is not started and the page says how much was needed;
 * once stored, a reload finds the table in IndexedDB.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { studyFileText } from '../../src/ui/persistence';
import { dataRecord, tableSource } from '../ui/persistence/data-fixtures';
import { importStudyFile, libraryReady, screenshot, showView, SLOW, usePage } from './page-helpers';
import { fingerprintOf } from '../ui/persistence/data-fixtures';

const env = usePage({ stopLandingRace: true });

const CSV = ['x1,x2,species', ...Array.from({ length: 60 }, (_, i) => `${(i * 7) % 13},${(i * 3) % 11},${i % 2 === 0 ? 'Adelie' : 'Gentoo'}`)].join('\n');
const table = tableSource('penguins.csv', CSV);
const record = dataRecord('imported', table, undefined, 'Penguins from elsewhere');
const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

interface DataApp {
  tunerApp: {
    view: string;
    notice: string | null;
    missingData: unknown;
    session: { stop(): void } | null;
    library: { summaries: { id: string; name: string; status: string }[] };
    dataSources: { get(fingerprint: string): Promise<unknown> };
  };
}

/** The saved studies' names and statuses, and whether the table is stored (or remembered). */
function saved(page: Page, fingerprint: string): Promise<{ studies: string[]; data: boolean }> {
  return page.evaluate(async (fp) => {
    const app = (window as unknown as DataApp).tunerApp;
    return { studies: app.library.summaries.map((s) => `${s.name}: ${s.status}`), data: (await app.dataSources.get(fp)) !== null };
  }, fingerprint);
}


describe('study files and the user’s data', { timeout: SLOW }, () => {
  it('imported without its data, a study asks for it on resume and accepts only the same bytes', async () => {
    const { page } = env;
    await libraryReady(page);
    expect(await importStudyFile(page, { name: 'study.json', mimeType: 'application/json', buffer: Buffer.from(studyFileText(record, Date.now())) })).toMatch(/^Imported “Penguins from elsewhere” with 2 trials\.$/);
    const row = page.getByTestId('saved-row').filter({ hasText: 'Penguins from elsewhere' });
    await row.getByRole('button', { name: 'Resume' }).click();
    const prompt = page.getByTestId('missing-data-prompt');
    await prompt.waitFor();
    expect(await prompt.textContent()).toBe(`This study’s data, penguins.csv (fingerprint ${table.fingerprint.slice(0, 8)}…), is not in this browser: choose the file.`);
    const before = await saved(page, table.fingerprint);
    expect(before.data).toBe(false);

    await page.getByTestId('missing-data-pick-input').setInputFiles(csv('penguins-edited.csv', CSV.replace('Adelie', 'Chinstrap')));
    await page.getByTestId('missing-data-refusal').waitFor();
    expect(await page.getByTestId('missing-data-refusal').textContent()).toMatch(
      new RegExp(`^penguins-edited\\.csv has fingerprint [0-9a-f]{8}…, the study needs ${table.fingerprint.slice(0, 8)}… \\(penguins\\.csv\\)`),
    );
    expect(await saved(page, table.fingerprint)).toEqual(before);
    await screenshot(page, 'missing-data');

    await page.getByTestId('missing-data-pick-input').setInputFiles(csv('renamed.csv', CSV));
    await page.waitForFunction(() => {
      const app = (window as unknown as DataApp).tunerApp;
      return app.missingData === null && app.session !== null && app.view === 'run';
    });
    await page.evaluate(() => (window as unknown as DataApp).tunerApp.session?.stop());
    // The stopped study is stored as such (a study stopped on purpose is finished).
    await page.waitForFunction(() => (window as unknown as DataApp).tunerApp.library.summaries.some((s) => s.name === 'Penguins from elsewhere' && s.status === 'finished'));
    expect((await saved(page, table.fingerprint)).data).toBe(true);
  });

  it('exports a study with its data, and refuses a tampered copy without changing anything saved', async () => {
    const { page } = env;
    await showView(page, 'Saved');
    const row = page.getByTestId('saved-row').filter({ hasText: 'Penguins from elsewhere' });
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-with-data').click()]);
    expect(download.suggestedFilename()).toMatch(/^Penguins-from-elsewhere-\d{4}-\d{2}-\d{2}-with-data\.json$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { format: string; sources: { fingerprint: string; files: { path: string; base64: string }[] }[] };
    expect(file.format).toBe('tfjs-tuner.saved-study-with-data');
    expect(file.sources.map((s) => s.fingerprint)).toEqual([table.fingerprint]);
    expect(Buffer.from(file.sources[0]!.files[0]!.base64, 'base64').toString('utf8')).toBe(CSV);

    const before = await saved(page, table.fingerprint);
    file.sources[0]!.files[0]!.base64 = Buffer.from(CSV.replace('Gentoo', 'Gentoa')).toString('base64');
    const message = await importStudyFile(page, { name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    expect(message).toMatch(/^Import refused: the file’s data “penguins.csv” has fingerprint [0-9a-f]{8}…, but the study needs/);
    expect(await saved(page, table.fingerprint)).toEqual(before);
  });

  it('a study on a table stores the table first: refused when the storage is full, found after a reload once stored', async () => {
    const { page } = env;
    const text = ['a,b,label', ...Array.from({ length: 30 }, (_, i) => `${i % 7},${(i * 5) % 9},${i % 3 === 0 ? 'yes' : 'no'}`)].join('\n');
    const fingerprint = fingerprintOf(text);
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('user-data');
    await page.getByTestId('table-drop-input').setInputFiles(csv('small.csv', text));
    await expect.poll(() => page.getByTestId('start-study').isDisabled(), { timeout: 60_000 }).toBe(false);
    const studies = (await saved(page, fingerprint)).studies;

    // Only the data store refuses writes, as a browser over its quota does.
    await page.evaluate(() => {
      const w = window as unknown as { realPut?: IDBObjectStore['put'] };
      const realPut = (w.realPut ??= IDBObjectStore.prototype.put);
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (this.name === 'datasets') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return realPut.apply(this, args);
      };
    });
    await page.getByTestId('start-study').click();
    await page.waitForFunction(() => (window as unknown as DataApp).tunerApp.notice?.startsWith('The study was not started') === true);
    expect(await page.evaluate(() => (window as unknown as DataApp).tunerApp.notice)).toMatch(
      /^The study was not started: could not store the study’s data: the browser storage for this page is full; delete or export old studies \(it needs [\d.]+ (bytes|kB); delete saved studies you no longer need, with their data, in the Saved view \(export them first to keep them\): the largest are “Penguins from elsewhere” \([\d.]+ (bytes|kB) with its data\)\)$/,
    );
    expect((await saved(page, fingerprint)).studies).toEqual(studies);
    expect(await page.evaluate(() => (window as unknown as DataApp).tunerApp.view)).toBe('setup');

    await page.evaluate(() => {
      const w = window as unknown as { realPut: IDBObjectStore['put'] };
      IDBObjectStore.prototype.put = w.realPut;
    });
    await page.getByTestId('start-study').click();
    await page.waitForFunction(() => (window as unknown as DataApp).tunerApp.view === 'run');
    await page.evaluate(() => (window as unknown as DataApp).tunerApp.session?.stop());
    await page.waitForFunction(() => (window as unknown as DataApp).tunerApp.library.summaries.length > 0);
    await page.reload();
    await libraryReady(page);
    expect((await saved(page, fingerprint)).data).toBe(true);
  });
});
