/**
 * "Your data" in the Setup view, in headless Chromium: a CSV picked through the file input is
 * previewed (column kinds, target, task kind, imputation, split) and makes a valid setup; an empty
 * CSV is refused with its message while the previous table stays; an image folder picked through
 * the folder input shows its classes with thumbnails, what was skipped and what did not decode;
 * a user's tfjs model is checked against the table and its layers listed; a model whose weights do
 * not match model.json is refused; a dropped file is read like a picked one; and no request leaves
 * the page's origin meanwhile. Screenshots of the three views and of a refusal go to docs/screenshots/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, SCREENSHOTS, showView, SLOW, usePage } from './page-helpers';
import { CLASSIFICATION, classificationCsv, tableFeatureWidth } from './user-data-fixtures';
import { writeMnistFolder } from './user-image-fixtures';
import { saveUserModel } from './user-model-fixtures';

const env = usePage({ stopLandingRace: true });
/** Every request the page (and its workers) made while these tests picked data. */
const requests: string[] = [];

const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();
/** A whole-page screenshot taken from the top (the view tabs stick to the top of the window as it scrolls). */
async function screenshotFromTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}
/** A screenshot of the part of the page from one element's top to another's bottom. */
async function screenshotAround(page: Page, fromTestId: string, toTestId: string, name: string): Promise<void> {
  await page.getByTestId(fromTestId).evaluate((element) => element.scrollIntoView({ block: 'center' }));
  const from = await page.getByTestId(fromTestId).boundingBox();
  const to = await page.getByTestId(toTestId).boundingBox();
  if (from === null || to === null) throw new Error(`${fromTestId} or ${toTestId} is not on the page`);
  const margin = 16;
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    clip: { x: from.x - margin, y: from.y - margin, width: from.width + 2 * margin, height: to.y + to.height - from.y + 2 * margin },
  });
}
const waitForText = (page: Page, testId: string, pattern: RegExp) =>
  expect.poll(() => text(page, testId), { timeout: 60_000 }).toMatch(pattern);

describe('Setup: your data', () => {
  it('previews a CSV: kinds, target, task kind, missing values, split; the setup becomes valid', { timeout: SLOW }, async () => {
    const { page } = env;
    page.context().on('request', (request) => requests.push(request.url()));
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('user-data');
    await expect.poll(() => text(page, 'privacy-note')).toMatch(/never leaves this machine/);
    await expect.poll(() => page.getByTestId('start-study').isDisabled()).toBe(true);

    await page.getByTestId('table-drop-input').setInputFiles(classificationCsv());
    await waitForText(page, 'table-facts', new RegExp(`${CLASSIFICATION.name}: .*${CLASSIFICATION.rows} rows, 6 columns, separated by commas; header row detected`));
    const kind = (column: string) => page.locator(`[data-testid=table-columns] tr[data-column="${column}"]`).getAttribute('data-kind');
    expect(await kind('id')).toBe('id-like');
    expect(await kind('weight_g')).toBe('numeric');
    expect(await kind('colour')).toBe('categorical');
    expect(await page.getByTestId('target-column').inputValue()).toBe(CLASSIFICATION.target);
    expect(await page.getByTestId('task-kind').inputValue()).toBe('classification');
    expect(await text(page, 'table-notes')).toMatch(/id: ID-like/);
    await waitForText(page, 'table-split', /training rows and .* validation rows, stratified by class/);
    expect(await text(page, 'imputed')).toMatch(/weight_g: \d+ missing values?, filled in with the training rows’ mean/);

    // The objective follows the data's task kind; the CNN-only sample fields are hidden.
    const metrics = await page.getByTestId('objective-metric').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(metrics).toEqual(expect.arrayContaining(['valLoss', 'valAccuracy', 'valBalancedAccuracy', 'valMacroF1']));
    expect(await page.getByTestId('train-samples').count()).toBe(0);
    await expect.poll(() => page.getByTestId('start-study').isDisabled()).toBe(false);

    // The task kind can be changed: a regression on "fruit" is refused by the build, and the study cannot start.
    await page.getByTestId('task-kind').selectOption('regression');
    await waitForText(page, 'table-build-refusal', /fruit/);
    await expect.poll(() => page.getByTestId('start-study').isDisabled()).toBe(true);
    await page.getByTestId('task-kind').selectOption('classification');
    await waitForText(page, 'table-split', /stratified by class/);
    await screenshotFromTop(page, 'setup-table');
  });

  it('reads a dropped file like a picked one', { timeout: SLOW }, async () => {
    const { page } = env;
    await page.getByTestId('table-drop').evaluate((zone) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['size,weight,label\n1,2,a\n2,3,b\n3,4,a\n4,5,b\n5,6,a\n6,7,b\n'], 'dropped.csv', { type: 'text/csv' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await waitForText(page, 'table-facts', /dropped\.csv: .*6 rows, 3 columns/);
    expect(await page.getByTestId('target-column').inputValue()).toBe('label');
    await page.getByTestId('table-drop-input').setInputFiles(classificationCsv());
    await waitForText(page, 'table-facts', new RegExp(CLASSIFICATION.name));
  });

  it('refuses an empty CSV with its message and keeps the table picked before', { timeout: SLOW }, async () => {
    const { page } = env;
    await page.getByTestId('table-drop-input').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    await waitForText(page, 'data-refusal', /empty\.csv was not used: the file is empty.*Your previous choice is kept\./);
    expect(await text(page, 'table-facts')).toContain(CLASSIFICATION.name);
    await expect.poll(() => page.getByTestId('start-study').isDisabled()).toBe(false);
    await screenshotAround(page, 'table-drop', 'data-refusal', 'setup-table-refused');
  });

  it('checks a tfjs model against the table and lists its layers', { timeout: SLOW }, async () => {
    const { page } = env;
    const width = tableFeatureWidth(classificationCsv(), CLASSIFICATION.target);
    const model = await saveUserModel({ inputWidth: width, outputs: CLASSIFICATION.classes.length });
    await page.getByTestId('model-drop-input').setInputFiles([model.modelJson, model.weights]);
    await waitForText(page, 'model-fit', /It fits the data/);
    expect(await text(page, 'model-summary')).toMatch(new RegExp(`input \\[${width}\\] per sample`));
    expect(await page.locator('[data-testid=model-layers] tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('tune-trainable').check();
    await expect.poll(() => page.getByTestId('start-study').isDisabled()).toBe(false);
    await screenshotFromTop(page, 'setup-model');

    // Weights that do not match model.json: refused, and the model checked before stays.
    const short = { ...model.weights, buffer: model.weights.buffer.subarray(0, model.weights.buffer.length - 4) };
    await page.getByTestId('model-drop-input').setInputFiles([model.modelJson, short]);
    await waitForText(page, 'model-refusal', /Your model was not used: .*bytes.*Your previous choice is kept\./);
    expect(await text(page, 'model-fit')).toMatch(/It fits the data/);
    await page.getByTestId('model-remove').click();
  });

  it('previews an image folder: classes with thumbnails, skipped and undecodable files, the split', { timeout: SLOW }, async () => {
    const { page } = env;
    const folder = writeMnistFolder({ perClass: 6, digits: [0, 1, 2], name: 'digits', broken: true });
    writeFileSync(join(folder.root, 'README.txt'), 'three digits\n');
    await page.getByTestId('data-source-images').check();
    await page.getByTestId('images-drop-input').setInputFiles(folder.root);
    await waitForText(page, 'image-facts', /digits: .*19 images in 3 classes/);
    expect(await page.locator('[data-testid=image-classes] li').count()).toBe(3);
    await expect.poll(() => page.locator('[data-testid=image-classes] img').count()).toBeGreaterThanOrEqual(3 * 3);
    const loaded = await page.locator('[data-testid=image-classes] img').evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).naturalWidth > 0));
    expect(loaded).toBe(true);
    expect(await text(page, 'image-skipped')).toMatch(/README\.txt/);
    await page.getByTestId('image-side').fill('28');
    await page.getByTestId('image-side').blur();
    await page.getByTestId('image-channels').selectOption('1');
    await waitForText(page, 'image-undecodable', /1 image did not decode and is skipped: digits\/0\/broken\.png/);
    await waitForText(page, 'image-split', /18 images decoded; .* training images and .* validation images, stratified by class/);
    await expect.poll(() => page.getByTestId('start-study').isDisabled()).toBe(false);
    await screenshotFromTop(page, 'setup-images');
  });

  it('made no request outside the page’s origin while the data was read', () => {
    const origin = new URL(env.url).origin;
    const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(requests.length).toBeGreaterThan(0);
    expect(outside).toEqual([]);
  });
});
