/**
 * The predictor worker (workers/predict.worker.ts) in headless Chromium: a tiny model saved through
 * `tf.io.withSaveHandler` in the harness page, with a preprocessing.json for a 3-column table (or
 * 28 × 28 grey images), loaded from those files in the real worker. Its predictions equal the model's
 * own on the same encoded input, to 1e-5 (on cpu, and on wasm); bad input is refused by name.
 */
import { describe, expect, it } from 'vitest';
import { useHarnessPage } from './harness-page';

const SLOW = 120_000;
const env = useHarnessPage('tests/browser/predictor-harness.html', 'window.predictorHarness !== undefined', SLOW);

const closeTo = (actual: readonly number[], expected: readonly number[]): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - (expected[i] as number))).toBeLessThan(1e-5));
};

describe('predictor worker', () => {
  it('predicts a table row as the model does on the encoded row, with labelled probabilities', async () =>
    env.withLog(async () => {
      expect(await env.page.evaluate(() => window.predictorHarness.setUp('classification'))).toBe('cpu');
      for (const record of [
        { x: '2.5', y: '', colour: 'red' },
        { x: 'NA', y: '-7', colour: '' },
      ]) {
        const { viaWorker, direct } = await env.page.evaluate((r) => window.predictorHarness.predictRecord(r), record);
        expect(viaWorker.kind).toBe('classification');
        if (viaWorker.kind !== 'classification') return;
        expect(viaWorker.probabilities.map((p) => p.label)).toEqual(['a', 'b', 'c']);
        closeTo(
          viaWorker.probabilities.map((p) => p.probability),
          direct,
        );
        expect(viaWorker.label).toBe(['a', 'b', 'c'][direct.indexOf(Math.max(...direct))]);
      }
      const rows = await env.page.evaluate(() => window.predictorHarness.predictRows());
      closeTo(rows.viaWorker, rows.direct);
      expect(await env.page.evaluate(() => window.predictorHarness.refusal('missing-column'))).toMatch(/no value for the column "y"/);
      expect(await env.page.evaluate(() => window.predictorHarness.refusal('not-a-number'))).toMatch(/"x" holds "seven", which is not a number/);
      expect(await env.page.evaluate(() => window.predictorHarness.refusal('mismatch'))).toMatch(/shape \[6\] but preprocessing.json gives \[2\]/);
    }),
  SLOW);

  it('puts a regression output back on the target scale (× std + mean)', async () =>
    env.withLog(async () => {
      await env.page.evaluate(() => window.predictorHarness.setUp('regression'));
      const { viaWorker, direct } = await env.page.evaluate(() => window.predictorHarness.predictRecord({ x: '1', y: '2', colour: 'blue' }));
      expect(viaWorker.kind).toBe('regression');
      if (viaWorker.kind === 'regression') closeTo([viaWorker.value], [(direct[0] as number) * 2 + 10]);
      const rows = await env.page.evaluate(() => window.predictorHarness.predictRows());
      closeTo(rows.viaWorker, rows.direct.map((z) => z * 2 + 10));
    }),
  SLOW);

  it('predicts on the wasm backend (binaries from the page’s origin) as the model does on cpu', async () =>
    env.withLog(async () => {
      expect(await env.page.evaluate(() => window.predictorHarness.setUp('classification', 'wasm'))).toBe('wasm');
      const rows = await env.page.evaluate(() => window.predictorHarness.predictRows());
      closeTo(rows.viaWorker, rows.direct);
    }),
  SLOW);

  it('decodes, resizes and predicts an image; a file that is no image is refused', async () =>
    env.withLog(async () => {
      await env.page.evaluate(() => window.predictorHarness.setUp('images'));
      const { viaWorker, direct } = await env.page.evaluate(() => window.predictorHarness.predictImage());
      expect(viaWorker.kind).toBe('classification');
      if (viaWorker.kind === 'classification') closeTo(viaWorker.probabilities.map((p) => p.probability), direct);
      expect(await env.page.evaluate(() => window.predictorHarness.refusal('not-an-image'))).toMatch(/image could not be decoded/);
    }),
  SLOW);
});
