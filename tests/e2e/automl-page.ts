/**
 * Steps of the user-data end-to-end tests (and of the memory benchmark) on the page, as a user
 * takes them: choose "your own data" in Setup, pick a table, an image folder or a model with the
 * file pickers (`setInputFiles`), choose the target, set a tiny budget, start, wait for the end,
 * train and download the best model, and type a row into Try it. Every wait is on what the page
 * shows (test ids), and code handed to the page is always a function (the page's CSP refuses eval).
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import type { PreprocessingJson } from '../../src/training/user-data';
import { showView } from './page-helpers';
import type { FixtureFile } from './user-data-fixtures';

/** Long enough for a few tiny trials on a loaded two-core machine. */
export const STUDY_TIMEOUT = 240_000;

/** Opens Setup on the user-data task with `source` chosen. */
export async function chooseUserData(page: Page, source: 'table' | 'images'): Promise<void> {
  await showView(page, 'Setup');
  await page.getByTestId('task').selectOption('user-data');
  await page.getByTestId(`data-source-${source}`).check();
}

/** Picks a table file (a buffer, or a path for a file over Playwright's buffer limit) with the file picker. */
export async function pickTable(page: Page, file: FixtureFile | string): Promise<void> {
  await page.getByTestId('table-drop-input').setInputFiles(file);
}

/** Picks an image folder (a directory on disk) with the folder picker. */
export async function pickImageFolder(page: Page, root: string): Promise<void> {
  await page.getByTestId('images-drop-input').setInputFiles(root);
}

/** Picks a user's model files (model.json and its weights) with the model picker. */
export async function pickModel(page: Page, files: readonly FixtureFile[]): Promise<void> {
  await page.getByTestId('model-drop-input').setInputFiles([...files]);
}

/** Waits until the picked table is encoded and its split shown; returns the split's words. */
export async function tableBuilt(page: Page, timeout = 120_000): Promise<string> {
  await page.getByTestId('table-split').waitFor({ timeout });
  return (await page.getByTestId('table-split').textContent()) ?? '';
}

/** Waits until the picked image folder is decoded and its split shown; returns the split's words. */
export async function imagesBuilt(page: Page, timeout = 180_000): Promise<string> {
  await page.getByTestId('image-split').waitFor({ timeout });
  return (await page.getByTestId('image-split').textContent()) ?? '';
}

/** Chooses the target column of the picked table. */
export async function chooseTarget(page: Page, column: string): Promise<void> {
  await page.getByTestId('target-column').selectOption(column);
}

/** The refusal the page shows for the last pick (a table, a folder, a table's build, or a model), waiting for one. */
export async function refusal(page: Page, timeout = 60_000): Promise<string> {
  const shown = page.locator('[data-testid=data-refusal], [data-testid=table-build-refusal], [data-testid=image-build-refusal], [data-testid=model-refusal], [data-testid=model-fit][role=alert]');
  await shown.first().waitFor({ timeout });
  return (await shown.first().textContent()) ?? '';
}

export interface TinyBudget {
  readonly trials: number;
  readonly epochs: number;
  readonly workers: number;
  /** The objective metric's name (e.g. 'valAccuracy'); the setup's default when absent. */
  readonly metric?: string;
}

/** Sets a tiny budget on the wasm backend (what a machine without a hardware GPU trains on; the same in every Chromium). */
export async function setTinyBudget(page: Page, budget: TinyBudget): Promise<void> {
  if (budget.metric !== undefined) await page.getByTestId('objective-metric').selectOption(budget.metric);
  await page.getByTestId('budget-trials').fill(String(budget.trials));
  await page.getByTestId('epochs').fill(String(budget.epochs));
  await page.getByTestId('workers').fill(String(budget.workers));
  await page.getByTestId('backend').selectOption('wasm');
}

/** Starts the study set up and waits until the run has started. */
export async function startStudy(page: Page): Promise<void> {
  await page.getByTestId('start-study').click();
  await page.waitForFunction(() => {
    const phase = document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase');
    return phase !== undefined && phase !== null && phase !== 'idle';
  }, undefined, { timeout: 120_000 });
}

/** Waits until the study has finished; returns the trials' states. */
export async function studyFinished(page: Page, timeout = STUDY_TIMEOUT): Promise<string[]> {
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout });
  await page.waitForFunction(() => (window as unknown as { tunerApp: { session: { trials: { state: string }[] } } }).tunerApp.session.trials.every((t) => t.state !== 'running'));
  return page.evaluate(() => (window as unknown as { tunerApp: { session: { trials: { state: string }[] } } }).tunerApp.session.trials.map((t) => t.state));
}

/** The files "Download the best model" gives, read back from the downloads. */
export interface DownloadedModel {
  readonly modelJson: { modelTopology: unknown; weightsManifest: { paths: string[]; weights: unknown[] }[]; format?: string };
  readonly weights: Buffer;
  readonly preprocessing: PreprocessingJson;
  readonly names: readonly string[];
}

/** Retrains the best configuration from Results, downloads its files and reads them. */
export async function downloadBestModel(page: Page): Promise<DownloadedModel> {
  await showView(page, 'Results');
  await page.getByTestId('train-best').click();
  await page.getByTestId('model-ready').waitFor({ timeout: STUDY_TIMEOUT });
  const downloads: Download[] = [];
  const listener = (download: Download): void => void downloads.push(download);
  page.on('download', listener);
  try {
    // The listener hears every download the click starts (they start at once, one per file).
    await page.getByTestId('download-model').click();
    const deadline = Date.now() + 30_000;
    while (downloads.length < 3 && Date.now() < deadline) await page.waitForTimeout(200);
  } finally {
    page.off('download', listener);
  }
  const byName = new Map<string, string>();
  for (const download of downloads) byName.set(download.suggestedFilename(), await download.path());
  const read = (name: string): Buffer => {
    const path = byName.get(name);
    if (path === undefined) throw new Error(`the page did not download ${name}; it downloaded ${[...byName.keys()].join(', ') || 'nothing'}`);
    return readFileSync(path);
  };
  return {
    modelJson: JSON.parse(read('model.json').toString('utf8')) as DownloadedModel['modelJson'],
    weights: read('weights.bin'),
    preprocessing: JSON.parse(read('preprocessing.json').toString('utf8')) as PreprocessingJson,
    names: [...byName.keys()].sort(),
  };
}

/** What Try it answered: the class with each class's probability, or a number. */
export type ShownPrediction =
  | { readonly kind: 'classification'; readonly label: string; readonly probabilities: Readonly<Record<string, number>> }
  | { readonly kind: 'regression'; readonly value: number };

/**
 * What Try it shows as one string (the prediction and every class's probability; '' while it
 * predicts or before it has). With `previous`, runs as a wait: the new string once it differs from
 * `previous`, else false (distinct rows give distinct outputs, so a new answer always differs).
 * Self-contained: the page runs it.
 */
function shownPrediction(previous: string | null): string | false {
  const root = document.querySelector('[data-testid=try-it]');
  const busy = root === null || root.querySelector('[role=status]') !== null;
  const value = busy ? '' : (root.querySelector('[data-testid=prediction]')?.textContent ?? '');
  const bars = busy ? [] : Array.from(root.querySelectorAll('[data-probability]')).map((bar) => bar.getAttribute('data-probability'));
  const key = value === '' ? '' : `${value}|${bars.join(',')}`;
  if (previous === null) return key;
  return key !== '' && key !== previous ? key : false;
}

/** Types `record` into Try it (numbers typed, categories chosen; absent or empty: missing) and reads the prediction. */
export async function tryRow(page: Page, record: Readonly<Record<string, string>>): Promise<ShownPrediction> {
  const form = page.getByTestId('try-it');
  await form.waitFor({ timeout: 60_000 });
  const fields = form.locator('[data-column]');
  for (let i = 0; i < (await fields.count()); i++) {
    const field = fields.nth(i);
    const column = (await field.getAttribute('data-column')) as string;
    const value = (record[column] ?? '').trim();
    const tag = await field.evaluate((element) => element.tagName);
    const missing = value === '' || value.toLowerCase() === 'na';
    if (tag === 'SELECT') await field.selectOption(missing ? '' : value);
    else await field.fill(missing ? '' : value);
  }
  return predictAndRead(page, () => form.getByTestId('try-it-predict').click());
}

/** Drops an image file into Try it (its picker) and reads the prediction. */
export async function tryImage(page: Page, image: FixtureFile): Promise<ShownPrediction> {
  await page.getByTestId('try-it').waitFor({ timeout: 60_000 });
  return predictAndRead(page, () => page.getByTestId('try-it-image-input').setInputFiles(image));
}

/** Runs `ask` (which makes Try it predict), waits for the new answer and reads it. */
async function predictAndRead(page: Page, ask: () => Promise<void>): Promise<ShownPrediction> {
  const form = page.getByTestId('try-it');
  const before = (await page.evaluate(shownPrediction, null)) as string;
  await ask();
  await page.waitForFunction(shownPrediction, before, { timeout: 60_000 });
  const label = ((await form.getByTestId('prediction').textContent()) ?? '').trim();
  const bars = form.locator('[data-label][data-probability]');
  if ((await bars.count()) === 0) return { kind: 'regression', value: Number(label) };
  const probabilities: Record<string, number> = {};
  for (let i = 0; i < (await bars.count()); i++) {
    const bar = bars.nth(i);
    probabilities[(await bar.getAttribute('data-label')) as string] = Number(await bar.getAttribute('data-probability'));
  }
  return { kind: 'classification', label, probabilities };
}
