/**
 * Tiny AutoML on a user's tables, end to end in headless Chromium: a classification CSV and a
 * regression CSV (generated, with an ID column and missing cells) are picked with the file picker,
 * tuned to completion (3 tiny trials, 2 epochs, 2 workers, wasm backend) on an objective the user
 * chose, the best model is retrained and downloaded, and the downloaded model.json + weights.bin +
 * preprocessing.json, loaded with tfjs in Node and fed rows encoded with the project's encodeRow,
 * predict what the page's Try it shows. Throughout, every request the page and its workers make is
 * recorded: none leaves the page's origin.
 */
import { describe, expect, it } from 'vitest';
import { loadDownloadedModel, predictionsAgree } from './automl-node-model';
import { chooseTarget, chooseUserData, downloadBestModel, pickTable, setTinyBudget, startStudy, studyFinished, tableBuilt, tryRow, type DownloadedModel } from './automl-page';
import { screenshot, SLOW, showView, usePage, workerBackends } from './page-helpers';
import { CLASSIFICATION, classificationCsv, REGRESSION, regressionCsv, tableRecords, type FixtureFile } from './user-data-fixtures';

const env = usePage({ stopLandingRace: true });

/** Every URL requested from the moment the first user file is picked. */
const requested = new Set<string>();
let recording = false;

function recordRequests(): void {
  if (recording) return;
  recording = true;
  const record = (request: { url(): string }): void => void requested.add(request.url());
  env.page.on('request', record);
  env.page.context().on('request', record);
}

/** Rows to try: the first rows of the file, one of them with a missing cell. */
function rowsToTry(file: FixtureFile): Record<string, string>[] {
  const records = tableRecords(file);
  const withMissing = records.find((record) => Object.values(record).some((cell) => cell === '' || cell === 'NA'));
  return [records[0], records[1], withMissing].filter((r): r is Record<string, string> => r !== undefined);
}

/** Tunes a table to completion and checks the downloaded model against Try it; returns the downloaded files. */
async function tuneTable(file: FixtureFile, target: string, metric: string, name: string): Promise<DownloadedModel> {
  const { page } = env;
  await chooseUserData(page, 'table');
  recordRequests();
  await pickTable(page, file);
  await chooseTarget(page, target);
  const split = await tableBuilt(page);
  expect(split).toMatch(/input features? after encoding/);
  await setTinyBudget(page, { trials: 3, epochs: 2, workers: 2, metric });
  await screenshot(page, `automl-${name}-setup`);
  await startStudy(page);
  expect(await studyFinished(page)).toEqual(['complete', 'complete', 'complete']);
  expect(await workerBackends(page)).toEqual(['wasm', 'wasm']);
  await screenshot(page, `automl-${name}-run`);

  const files = await downloadBestModel(page);
  expect(files.names).toEqual(['model.json', 'preprocessing.json', 'weights.bin']);
  expect(files.modelJson.format).toBe('layers-model');
  await page.getByTestId('model-evaluation').waitFor({ timeout: 120_000 });
  const model = await loadDownloadedModel(files);
  try {
    for (const record of rowsToTry(file)) expect(predictionsAgree(await tryRow(page, record), model.predictRecord(record)), JSON.stringify(record)).toBeNull();
  } finally {
    model.dispose();
  }
  await page.waitForTimeout(500);
  await screenshot(page, `automl-${name}-results`);
  return files;
}

describe('tiny AutoML on a table', { timeout: SLOW * 2 }, () => {
  it('tunes a classification CSV on balanced accuracy; the downloaded model predicts in Node as Try it does', async () => {
    const files = await tuneTable(classificationCsv(), CLASSIFICATION.target, 'valBalancedAccuracy', 'classification');
    expect(files.preprocessing).toMatchObject({ task: 'classification', labels: [...CLASSIFICATION.classes] });
    // The validation rows' evaluation: a confusion matrix over the three classes and per-class scores.
    await showView(env.page, 'Results');
    expect(await env.page.getByTestId('confusion-matrix').locator('tbody tr').count()).toBe(3);
    await env.page.getByTestId('class-scores').waitFor();
  });

  it('tunes a regression CSV on RMSE; the downloaded model predicts in Node as Try it does', async () => {
    const files = await tuneTable(regressionCsv(), REGRESSION.target, 'valRmse', 'regression');
    expect(files.preprocessing).toMatchObject({ task: 'regression', labels: null });
    expect(files.preprocessing.targetScale?.std).toBeGreaterThan(0);
  });

  it('sent no request outside the page’s origin while the user’s tables were loaded and tuned', () => {
    const origin = new URL(env.url).origin;
    const outside = [...requested].filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
    console.log(`${requested.size} requests recorded, ${outside.length} outside ${origin}`);
    expect(requested.size).toBeGreaterThan(0);
    expect(outside).toEqual([]);
  });
});
