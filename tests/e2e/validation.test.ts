/**
 * Validation in the page: a range whose span overflows (−1e308 … 1e308) is refused in Setup's space
 * editor and in a shared link, a CNN setting training would refuse is refused in Setup (where a CNN
 * task offers its four metrics as the objective, an accuracy proposed maximised), and study
 * files that break the task's checks (a Branin study with 30 parameters) or the page's limit
 * (10,001 trials) are refused on import, each with the message the Node tests pin down.
 */
import { describe, expect, it } from 'vitest';
import { createStudy, type SearchSpace } from '../../src/tuner';
import { defaultSetup } from '../../src/ui/setup/setup-config';
import { MAX_TRIALS_PER_STUDY } from '../../src/ui/limits';
import { STUDY_FILE_FORMAT, STUDY_FILE_VERSION } from '../../src/ui/persistence/study-file';
import { setupToHash } from '../../src/ui/persistence/share-url';
import { screenshot, showView, SLOW, usePage } from './page-helpers';

const env = usePage({ afterLandingRace: true });

const OVERFLOW = /[Tt]he range \[-1e\+308, 1e\+308\] is too wide: its span high − low overflows to infinity/;

/** A saved-study file on `task` whose setup and study share `space`, with `trials` random trials told. */
function studyFile(space: SearchSpace, trials: number): Buffer {
  const study = createStudy({ space, sampler: 'random', seed: 3, name: 'crafted', clock: () => 0 });
  for (let i = 0; i < trials; i++) {
    const { id } = study.ask();
    study.tell(id, i);
  }
  const setup = { ...defaultSetup('branin'), space };
  return Buffer.from(JSON.stringify({ format: STUDY_FILE_FORMAT, version: STUDY_FILE_VERSION, name: 'crafted', status: 'paused', setup, study: study.toJSON() }));
}

async function importRefusal(name: string, buffer: Buffer): Promise<string> {
  const { page } = env;
  await showView(page, 'Saved');
  const before = await page.getByTestId('saved-row').count();
  // Clear the previous import's message, so the one waited for is this file's.
  await page.evaluate(() => ((window as unknown as { tunerApp: { library: { message: unknown } } }).tunerApp.library.message = null));
  await page.getByTestId('library-message').waitFor({ state: 'detached' });
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer });
  await page.getByTestId('library-message').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('saved-row').count()).toBe(before);
  return (await page.getByTestId('library-message').textContent()) ?? '';
}

describe('validation in the page', { timeout: SLOW }, () => {
  it('Setup refuses −1e308 … 1e308 beside the field and will not start', async () => {
    const { page } = env;
    await showView(page, 'Setup');
    const x1 = page.getByTestId('space-row').first();
    await x1.getByLabel('Low').fill('-1e308');
    await x1.getByLabel('High').fill('1e308');
    const error = x1.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(OVERFLOW);
    expect(await page.getByTestId('start-study').isDisabled()).toBe(true);
    await screenshot(page, 'setup-refused-range');
    await x1.getByLabel('Low').fill('-5');
    await x1.getByLabel('High').fill('10');
    await page.waitForFunction(() => !(document.querySelector('[data-testid=start-study]') as HTMLButtonElement).disabled);
  });

  it('Setup on a CNN task says what training accepts and refuses anything else', async () => {
    const { page } = env;
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('mnist-cnn');
    const row = page.getByTestId('space-row').filter({ has: page.locator('select option:checked[value=activation]') });
    expect(await row.textContent()).toContain('Training accepts one of "relu", "elu", "tanh", "selu".');
    await row.getByLabel('Choices (comma-separated)').fill('relu, swish');
    await row.getByRole('alert').waitFor();
    expect(await row.getByRole('alert').textContent()).toBe('Training does not accept the choice "swish": activation must be one of "relu", "elu", "tanh", "selu".');
    expect(await page.getByTestId('start-study').isDisabled()).toBe(true);
    await row.getByLabel('Choices (comma-separated)').fill('relu, elu, tanh');
    // The objective: a CNN task offers its four metrics; an accuracy is proposed maximised.
    const metric = page.getByLabel('Objective: the metric to optimise');
    expect(await metric.locator('option').allTextContents()).toEqual([
      'validation loss (valLoss)',
      'validation accuracy (valAccuracy)',
      'training loss (loss)',
      'training accuracy (accuracy)',
    ]);
    await metric.selectOption('valAccuracy');
    expect(await page.getByTestId('objective-direction').inputValue()).toBe('maximize');
    await page.waitForFunction(() => !(document.querySelector('[data-testid=start-study]') as HTMLButtonElement).disabled);
    await screenshot(page, 'setup-objective');
    await page.getByTestId('task').selectOption('branin');
    expect(await page.getByTestId('objective-metric').inputValue()).toBe('valLoss');
    expect(await page.getByTestId('objective-direction').inputValue()).toBe('minimize');
  });

  it('a shared link with −1e308 … 1e308 is refused with the same message, and the setup is kept', async () => {
    const { page } = env;
    const branin = defaultSetup('branin');
    const hash = setupToHash({ ...branin, space: { ...branin.space, x1: { type: 'float', low: -1e308, high: 1e308 } } });
    await page.goto('about:blank');
    await page.goto(`${env.url}${hash}`);
    await page.waitForFunction(() => (window as unknown as { tunerApp?: unknown }).tunerApp !== undefined);
    const notice = page.getByRole('status').filter({ hasText: 'shared link' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/The shared link’s setup was ignored: .*space: parameter "x1": the range \[-1e\+308, 1e\+308\] is too wide/);
    await showView(page, 'Setup');
    expect(await page.getByTestId('space-row').first().getByLabel('Low').inputValue()).toBe('-5');
  });

  it('refuses to import a Branin study with 30 parameters', async () => {
    const space = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x${i + 1}`, { type: 'float' as const, low: 0, high: 1 }]));
    const message = await importRefusal('thirty.json', studyFile(space, 3));
    expect(message).toBe(`Import refused: the file's setup is invalid: space: the task "branin" reads 2 parameters (x1, x2); this space has 30`);
  });

  it('refuses to import a study of 10,001 trials, naming the limit', async () => {
    const message = await importRefusal('large.json', studyFile(defaultSetup('branin').space, MAX_TRIALS_PER_STUDY + 1));
    expect(message).toBe("Import refused: the file's study has 10,001 trials, more than the 10,000 a study may hold on this page, so it was not imported");
  });
});
