/**
 * Tiny AutoML on an image folder, end to end in headless Chromium: a folder of MNIST digits written
 * as PNG files at test time (three classes, eight images each, plus a file that is not an image
 * although it is named like one) is picked with the folder picker, previewed with its classes,
 * decoded at 28 × 28 grey (the broken file skipped, counted and named), tuned to completion with
 * the CNN (2 tiny trials, 1 epoch, wasm backend), and the downloaded best model predicts in Node
 * what Try it shows for a dropped digit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadDownloadedModel, predictionsAgree } from './automl-node-model';
import { chooseUserData, downloadBestModel, imagesBuilt, pickImageFolder, setTinyBudget, startStudy, studyFinished, tryImage } from './automl-page';
import { screenshot, SLOW, usePage, workerBackends } from './page-helpers';
import { removeWrittenFixtures } from './user-data-fixtures';
import { mnistPixels, mnistPng, readMnist, writeMnistFolder } from './user-image-fixtures';

const env = usePage({ stopLandingRace: true });
afterAll(removeWrittenFixtures);

describe('tiny AutoML on an image folder', { timeout: SLOW * 2 }, () => {
  it('tunes a folder of PNG digits to completion; the downloaded model predicts in Node as Try it does', async () => {
    const { page } = env;
    const folder = writeMnistFolder({ perClass: 8, digits: [0, 1, 7], broken: true });
    await chooseUserData(page, 'images');
    await pickImageFolder(page, folder.root);
    await page.getByTestId('image-preview').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('image-classes').locator('[data-class]').evaluateAll((items) => items.map((item) => item.getAttribute('data-class')))).toEqual(['0', '1', '7']);
    await page.getByTestId('image-side').fill('28');
    await page.getByTestId('image-channels').selectOption('1');
    const split = await imagesBuilt(page);
    expect(split).toMatch(/24 images decoded/);
    expect(await page.getByTestId('image-undecodable').textContent()).toMatch(/1 image did not decode and is skipped: .*broken\.png/);
    await setTinyBudget(page, { trials: 2, epochs: 1, workers: 1 });
    await page.waitForTimeout(300);
    await screenshot(page, 'automl-images-setup');
    await startStudy(page);
    expect(await studyFinished(page)).toEqual(['complete', 'complete']);
    expect(await workerBackends(page)).toEqual(['wasm']);

    const files = await downloadBestModel(page);
    expect(files.preprocessing).toMatchObject({ task: 'classification', labels: ['0', '1', '7'], input: { kind: 'images', side: 28, channels: 1 } });
    const model = await loadDownloadedModel(files);
    try {
      // Digits not in the folder: the first 7 and the first 1 after the ones written.
      const { byClass } = readMnist();
      for (const index of [byClass[7]?.[20], byClass[1]?.[20]]) {
        const shown = await tryImage(page, { name: `digit-${index}.png`, mimeType: 'image/png', buffer: mnistPng(index as number) });
        expect(predictionsAgree(shown, model.predictPixels(mnistPixels(index as number))), `image ${index}`).toBeNull();
      }
    } finally {
      model.dispose();
    }
    await page.waitForTimeout(500);
    await screenshot(page, 'automl-images-results');
  });
});
