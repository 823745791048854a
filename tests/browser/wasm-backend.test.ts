/**
 * The wasm backend in headless Chromium, whose WebGPU and WebGL both run on SwiftShader (software):
 * 'auto' passes over both for WebAssembly and says why; a named GPU backend is still obeyed; wasm
 * trains a tiny CNN with SIMD; and a worker set to two threads really runs two (the threaded binary
 * starts its pthread workers from blob: URLs) under the page's Content-Security-Policy, with no
 * violation. Tiny workloads: 128 MNIST samples, one epoch, a one-block net.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TaskJob } from '../../src/training/serve/protocol';
import type { Params } from '../../src/tuner';
import type { HarnessSetup, WorkerKind } from './harness';
import { useHarnessPage } from './harness-page';

const TINY: Params = { convBlocks: 1, filters: 4, denseUnits: 0, dropout: 0, batchSize: 32 };
const SETUP: HarnessSetup = { dataset: 'mnist', trainSamples: 128, validationSamples: 64, splitSeed: 1 };
const JOB: TaskJob = { trialId: 1, attempt: 0, params: TINY, seed: 11, maxEpochs: 1 };
const SLOW = 240_000;

const env = useHarnessPage('tests/browser/harness.html', 'window.harness !== undefined', SLOW);

beforeAll(async () => {
  await env.page.evaluate(() => window.harness.loadDataset('mnist'));
}, SLOW);

/** Trains JOB on a fresh worker of `kind` started with `preference`; returns its report and result, and checks it leaked nothing. */
async function trainOnce(preference: 'wasm' | 'auto', kind: WorkerKind) {
  const { id, report } = await env.page.evaluate(([p, s, k]) => window.harness.spawn(p, s, k), [preference, SETUP, kind] as const);
  const { result } = await env.page.evaluate(([w, j]) => window.harness.train(w, j), [id, JOB] as const);
  const memory = await env.page.evaluate((w) => window.harness.memory(w), id);
  await env.page.evaluate((w) => window.harness.terminate(w), id);
  return { report, result, memory };
}

describe('the wasm backend in Chromium', () => {
  it("'auto' passes over software WebGPU and WebGL for WebAssembly, saying why", async () =>
    env.withLog(async () => {
      const { id, report } = await env.page.evaluate((s) => window.harness.spawn('auto', s), SETUP);
      await env.page.evaluate((w) => window.harness.terminate(w), id);
      console.log(`auto: ${JSON.stringify(report)}`);
      expect(report?.backend).toBe('wasm');
      expect(report?.detail).toMatch(/^XNNPACK, SIMD, \d+ threads?/);
      expect(report?.skipped).toEqual([
        { backend: 'webgpu', reason: expect.stringMatching(/^software adapter \(.+\); WebAssembly trains faster here$/) },
        { backend: 'webgl', reason: expect.stringMatching(/^software adapter \(SwiftShader\); WebAssembly trains faster here$/) },
      ]);
    }),
  SLOW);

  it('obeys a named GPU backend on a software adapter', async () =>
    env.withLog(async () => {
      const { id, report } = await env.page.evaluate((s) => window.harness.spawn('webgl', s), SETUP);
      await env.page.evaluate((w) => window.harness.terminate(w), id);
      expect(report).toMatchObject({ backend: 'webgl', skipped: [] });
      expect(report?.detail).toMatch(/SwiftShader/);
    }),
  SLOW);

  it('trains a tiny CNN on wasm with SIMD, one thread, leaking no tensor', async () =>
    env.withLog(async () => {
      const { report, result, memory } = await trainOnce('wasm', 'trial');
      expect(report).toMatchObject({ backend: 'wasm', skipped: [] });
      expect(report?.detail).toMatch(/^XNNPACK, SIMD, /);
      expect(result).toMatchObject({ kind: 'complete', epochs: 1 });
      if (result.kind === 'complete') expect(Number.isFinite(result.metrics.valLoss)).toBe(true);
      expect(memory).toEqual({ numTensors: 0, numBytes: 0 });
      expect(env.violations).toEqual([]);
    }),
  SLOW);

  it('runs two threads in a worker set to two, under the page’s Content-Security-Policy', async () =>
    env.withLog(async () => {
      expect(await env.page.evaluate(() => window.harness.crossOriginIsolated())).toBe(true);
      const { report, result } = await trainOnce('wasm', 'wasm-threads');
      expect(report).toMatchObject({ backend: 'wasm', detail: 'XNNPACK, SIMD, 2 threads', skipped: [] });
      expect(result).toMatchObject({ kind: 'complete', epochs: 1 });
      expect(env.violations).toEqual([]);
    }),
  SLOW);
});
