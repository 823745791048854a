/**
 * Real tfjs training from the page: one MNIST CNN trial on WebGPU (SwiftShader in headless
 * Chromium), then two on WebGL, each backend forced through the Setup view, with no
 * Content-Security-Policy violation during either run (csp.test.ts checks the same for WebAssembly
 * and CPU); Results shows the WebGL study's trials in detail, and its best configuration is
 * retrained and downloaded. Tiny workloads: 64 training and 32 validation samples, one epoch, one
 * worker.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { screenshot, SCREENSHOTS, setUpTinyMnist, showView, SLOW, takeViolations, trialsSettled, usePage } from './page-helpers';

const env = usePage({ afterLandingRace: true });

interface RunSummary {
  readonly states: string[];
  readonly backends: string[];
  readonly phase: string;
}

async function runTrials(backend: 'webgl' | 'webgpu', trials: number): Promise<RunSummary> {
  const { page } = env;
  await setUpTinyMnist(page, backend, trials);
  await page.getByTestId('start-study').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 280_000 });
  await trialsSettled(page);
  return page.evaluate(() => {
    const app = (window as unknown as {
      tunerApp: { session: { trials: { state: string }[]; workerBackends: Map<number, { backend: string }>; phase: { kind: string; message?: string } } };
    }).tunerApp;
    const s = app.session;
    return { states: s.trials.map((t) => t.state), backends: [...s.workerBackends.values()].map((r) => r.backend), phase: s.phase.message ?? s.phase.kind };
  });
}

describe('real CNN trials from the page', { timeout: SLOW }, () => {
  it('trains an MNIST trial on WebGPU (SwiftShader)', async () => {
    const summary = await runTrials('webgpu', 1);
    console.log(`webgpu: ${JSON.stringify(summary)}`);
    expect(summary.backends).toEqual(['webgpu']);
    expect(summary.states).toEqual(['complete']);
    expect(takeViolations(env)).toEqual([]);
    expect(await env.page.getByTestId('backend-badge').textContent()).toMatch(/WebGPU/);
  });

  it('trains two MNIST trials on WebGL and shows each in Results', async () => {
    const summary = await runTrials('webgl', 2);
    console.log(`webgl: ${JSON.stringify(summary)}`);
    expect(summary.backends).toEqual(['webgl']);
    expect(summary.states).toEqual(['complete', 'complete']);
    expect(takeViolations(env)).toEqual([]);
    expect(await env.page.getByTestId('backend-badge').textContent()).toMatch(/WebGL/);
    await env.page.waitForTimeout(400);
    await screenshot(env.page, 'run-real-webgl');
    await showView(env.page, 'Results');
    await env.page.getByTestId('best-config').waitFor();
    await env.page.waitForTimeout(1500);
    await screenshot(env.page, 'results-real');
    // The trial in detail (the best one) lists every metric the CNN reported after its epoch.
    const detail = env.page.getByTestId('trial-detail');
    const headers = await detail.locator('[data-testid=epoch-metrics] thead th').allTextContents();
    expect(headers).toEqual(['epoch', 'valLoss', 'loss', 'accuracy', 'valAccuracy']);
    const cells = await detail.locator('[data-testid=epoch-metrics] tbody tr').first().locator('td').allTextContents();
    expect(cells.every((c) => Number.isFinite(Number(c)))).toBe(true);
    // Picking the other trial by its id in the table shows that one.
    const other = await env.page.evaluate(() => (window as unknown as { tunerApp: { session: { best: { id: number } } } }).tunerApp.session.best.id === 0 ? 1 : 0);
    await env.page.getByRole('button', { name: String(other), exact: true }).click();
    expect(await detail.getByTestId('trial-detail-id').inputValue()).toBe(String(other));
    expect(await detail.locator('[data-testid=epoch-metrics] tbody tr').count()).toBe(1);
    await detail.screenshot({ path: resolve(SCREENSHOTS, 'trial-detail.png') });
  });

  it('retrains the best configuration and downloads it as model.json + weights.bin that tfjs loads', async () => {
    const { page } = env;
    await page.getByTestId('train-best').click();
    await page.getByTestId('model-ready').waitFor({ timeout: 240_000 });
    const downloads: { name: string; path: string }[] = [];
    page.on('download', (d) => void d.path().then((path) => downloads.push({ name: d.suggestedFilename(), path })));
    await page.getByTestId('download-model').click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
    const byName = Object.fromEntries(downloads.map((d) => [d.name, d.path]));
    const modelJson = JSON.parse(readFileSync(byName['model.json'] as string, 'utf8')) as tf.io.ModelJSON;
    const weights = readFileSync(byName['weights.bin'] as string);
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0]?.paths).toEqual(['weights.bin']);
    expect(JSON.stringify(modelJson.modelTopology)).not.toMatch(/"class_name":"SeededDropout"/);
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0]?.weights ?? [],
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      }),
    );
    const probabilities = tf.tidy(() => (model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor).sum().dataSync()[0]);
    expect(probabilities).toBeCloseTo(1, 4);
    model.dispose();
    await screenshot(page, 'results-model');
  });
});
