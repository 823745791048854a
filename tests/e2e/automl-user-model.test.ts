/**
 * A user's own tfjs model tuned on a table, end to end in headless Chromium: the test saves a small
 * LayersModel in Node with `model.save` (model.json + weights.bin, its input as wide as the
 * classification CSV encodes to), picks the CSV and the model files, sees the model summarised and
 * fitting, tunes how it is trained (2 tiny trials, 2 epochs, with which layers train tuned too) to
 * completion, and the downloaded best model predicts in Node what Try it shows.
 */
import { describe, expect, it } from 'vitest';
import { loadDownloadedModel, predictionsAgree } from './automl-node-model';
import { chooseTarget, chooseUserData, downloadBestModel, pickModel, pickTable, setTinyBudget, startStudy, studyFinished, tableBuilt, tryRow } from './automl-page';
import { screenshot, SLOW, usePage, workerBackends } from './page-helpers';
import { CLASSIFICATION, classificationCsv, tableFeatureWidth, tableRecords } from './user-data-fixtures';
import { saveUserModel } from './user-model-fixtures';

const env = usePage({ stopLandingRace: true });

describe('tiny AutoML on a user’s own model', { timeout: SLOW * 2 }, () => {
  it('tunes how a saved tfjs model trains on a table; the downloaded model predicts in Node as Try it does', async () => {
    const { page } = env;
    const csv = classificationCsv();
    const saved = await saveUserModel({ inputWidth: tableFeatureWidth(csv, CLASSIFICATION.target), outputs: CLASSIFICATION.classes.length });
    await chooseUserData(page, 'table');
    await pickTable(page, csv);
    await chooseTarget(page, CLASSIFICATION.target);
    await tableBuilt(page);
    await pickModel(page, [saved.modelJson, saved.weights]);
    await page.getByTestId('model-summary').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=model-fit]')?.textContent?.includes('It fits the data') === true, undefined, { timeout: 60_000 });
    expect(await page.getByTestId('model-layers').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('tune-trainable').check();
    await setTinyBudget(page, { trials: 2, epochs: 2, workers: 2, metric: 'valAccuracy' });
    await page.waitForTimeout(300);
    await screenshot(page, 'automl-user-model-setup');
    await startStudy(page);
    expect(await studyFinished(page)).toEqual(['complete', 'complete']);
    expect(await workerBackends(page)).toEqual(['wasm', 'wasm']);

    const files = await downloadBestModel(page);
    expect(files.preprocessing).toMatchObject({ task: 'classification', labels: [...CLASSIFICATION.classes] });
    const model = await loadDownloadedModel(files);
    try {
      for (const record of tableRecords(csv).slice(5, 8)) expect(predictionsAgree(await tryRow(page, record), model.predictRecord(record)), JSON.stringify(record)).toBeNull();
    } finally {
      model.dispose();
    }
    await page.waitForTimeout(500);
    await screenshot(page, 'automl-user-model-results');
  });
});
