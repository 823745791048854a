/**
 * Every bad input of the user-data flow, refused on the page with a message that names the problem,
 * and changing nothing: one page with a saved study (imported) and a good table picked; then each
 * bad table (empty, no header, a ragged row, not UTF-8, a target with one class or with no values,
 * too few rows, over the size limit), each bad model (a GraphModel, weights that do not match
 * model.json, an input that does not fit the table) and each bad image folder (nested too deep, a
 * class with one image) is picked in turn. Each gets its message; the good table stays chosen; the
 * saved studies and everything in the page's IndexedDB are as they were.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../src/tuner';
import { createSavedStudy, studyFileText } from '../../src/ui/persistence';
import { defaultSetup, validateSetup } from '../../src/ui/setup/setup-config';
import { chooseTarget, chooseUserData, pickImageFolder, pickModel, pickTable, tableBuilt } from './automl-page';
import { libraryReady, screenshot, SLOW, usePage, type PageApp } from './page-helpers';
import { BAD_TABLES, CLASSIFICATION, classificationCsv, removeWrittenFixtures, tableFeatureWidth } from './user-data-fixtures';
import { BAD_IMAGE_FOLDERS, writeMnistFolder } from './user-image-fixtures';
import { badModels } from './user-model-fixtures';

const env = usePage({ stopLandingRace: true });
afterAll(removeWrittenFixtures);

/** What the page has saved: the studies' ids and statuses, and the record count of every IndexedDB store. */
async function savedState(page: Page): Promise<{ studies: string[]; stores: Record<string, number> }> {
  const studies = await page.evaluate(() => (window as unknown as PageApp).tunerApp.library.summaries.map((s) => `${s.id}:${s.status}`).sort());
  const stores = await page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('tfjs-tuner');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = Array.from(db.objectStoreNames);
          const counts: Record<string, number> = {};
          const transaction = db.transaction(names, 'readonly');
          for (const name of names) {
            const request = transaction.objectStore(name).count();
            request.onsuccess = () => (counts[name] = request.result);
          }
          transaction.oncomplete = () => {
            db.close();
            resolve(counts);
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
  );
  return { studies, stores };
}

/** Waits until a refusal on the page matches `message`; throws naming the refusals shown when none does. */
async function refusedWith(page: Page, message: RegExp): Promise<string> {
  const selector = '[data-testid=data-refusal], [data-testid=table-build-refusal], [data-testid=image-build-refusal], [data-testid=model-refusal], [data-testid=model-fit][role=alert]';
  const found = await page
    .waitForFunction(
      ([css, source, flags]) => {
        const pattern = new RegExp(source, flags);
        return Array.from(document.querySelectorAll(css)).map((element) => element.textContent ?? '').find((text) => pattern.test(text)) ?? false;
      },
      [selector, message.source, message.flags] as const,
      { timeout: 20_000 },
    )
    .then((handle) => handle.jsonValue() as Promise<string>)
    .catch(async () => {
      const shown = await page.locator(selector).allTextContents();
      throw new Error(`no refusal matching ${message} was shown; the page shows: ${shown.length > 0 ? shown.join(' | ') : 'none'}`);
    });
  return found;
}

/** Imports one saved study through the Saved view, so that there is something to keep unchanged. */
async function importSavedStudy(page: Page): Promise<void> {
  const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'random' });
  const study = createStudy({ space: setup.space, sampler: 'random', seed: 3 });
  for (let i = 0; i < 5; i++) {
    const { id } = study.ask();
    study.tell(id, 3 + i);
  }
  const text = studyFileText(createSavedStudy({ name: 'Kept study', setup, study: study.toJSON(), status: 'finished', now: Date.now() }), Date.now());
  await page.evaluate(() => ((window as unknown as { tunerApp: { view: string } }).tunerApp.view = 'saved'));
  await page.getByTestId('import-file').setInputFiles({ name: 'kept.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(() => /^Imported “Kept study”/.test(document.querySelector('[data-testid=library-message]')?.textContent ?? ''), undefined, { timeout: 60_000 });
}

describe('bad user data is refused with its message and changes nothing', { timeout: SLOW * 2 }, () => {
  it('refuses every bad table, model and image folder, keeps the good table chosen and the saved studies as they were', async () => {
    const { page } = env;
    await libraryReady(page);
    await importSavedStudy(page);
    const good = classificationCsv();
    await chooseUserData(page, 'table');
    await pickTable(page, good);
    await chooseTarget(page, CLASSIFICATION.target);
    await tableBuilt(page);
    const before = await savedState(page);
    expect(before.studies).toHaveLength(1);

    // Every case runs, whatever the one before did; the test then lists each one that was not refused as it should be.
    const missed: string[] = [];
    const expectRefusal = async (label: string, message: RegExp): Promise<void> => {
      await refusedWith(page, message).then(
        (shown) => console.log(`${label}: ${shown}`),
        (error: unknown) => void missed.push(`${label}: ${(error as Error).message}`),
      );
    };
    let shownTable: string = CLASSIFICATION.name;
    for (const bad of BAD_TABLES) {
      const file = bad.file();
      await pickTable(page, file);
      if (bad.target !== undefined) await chooseTarget(page, bad.target).catch(() => missed.push(`${bad.label}: the target select does not offer "${bad.target}"`));
      await expectRefusal(bad.label, bad.message);
      if (bad.label === 'a ragged row (line 4)') await screenshot(page, 'automl-refusal-table');
      // A file refused as a whole changes nothing: the table picked before stays (one refused only at its target was taken).
      if (bad.target === undefined) expect(await page.getByTestId('table-facts').textContent()).toContain(shownTable);
      else if (typeof file !== 'string') shownTable = file.name;
    }

    // A model is checked against the chosen table: pick the good table again first.
    await pickTable(page, good);
    await chooseTarget(page, CLASSIFICATION.target);
    await tableBuilt(page);
    for (const bad of badModels(tableFeatureWidth(good, CLASSIFICATION.target), CLASSIFICATION.classes.length)) {
      await pickModel(page, await bad.files());
      await expectRefusal(bad.label, bad.message);
    }
    await screenshot(page, 'automl-refusal-model');

    await chooseUserData(page, 'images');
    for (const bad of BAD_IMAGE_FOLDERS) {
      await pickImageFolder(page, writeMnistFolder(bad.options).root);
      await expectRefusal(bad.label, bad.message);
    }
    await screenshot(page, 'automl-refusal-images');

    expect(await savedState(page)).toEqual(before);
    expect(missed).toEqual([]);
  });
});
