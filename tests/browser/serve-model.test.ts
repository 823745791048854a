/**
 * serveModelTrials in headless Chromium on the wasm backend, set up as the README tells a user to
 * (configureWasm with the binaries' URLs): a small dense classifier on 240 synthetic samples
 * (fixtures/dense-model.worker.ts), driven through the task protocol as the
 * runner drives it. Every metric tfjs logs is reported per epoch, camelCased (custom ones too);
 * stop ends a trial; a trial paused with a checkpoint and resumed ends exactly where an
 * uninterrupted one does (weights and Adam's state travel); no tensor outlives a trial; the model
 * exports in the layers format; and every mistake in the user's recipe fails with a reason naming
 * the trial and the problem, a broken data loader failing init and every trial.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TaskJob, TensorMemory } from '../../src/training/serve/protocol';
import { useHarnessPage } from './harness-page';

const JOB: TaskJob = { trialId: 7, attempt: 0, params: { units: 8, learningRate: 0.02 }, seed: 11, maxEpochs: 3 };
const SLOW = 180_000;

const env = useHarnessPage('tests/browser/serve-harness.html', 'window.serveHarness !== undefined', SLOW);
let id: number;
let baseline: TensorMemory;

beforeAll(async () => {
  const spawned = await env.page.evaluate(() => window.serveHarness.spawn('dense-model', 'wasm', null));
  expect(spawned.init).toMatchObject({ report: { backend: 'wasm', skipped: [] } });
  id = spawned.id;
  baseline = await env.page.evaluate((w) => window.serveHarness.memory(w), id);
}, SLOW);

const memory = () => env.page.evaluate((w) => window.serveHarness.memory(w), id);

describe('serveModelTrials in Chromium', () => {
  it('keeps the data (typed arrays made tensors, tensors as given) and nothing else between trials', () => {
    expect(baseline.numTensors).toBe(4);
  });

  it('reports every metric tfjs logs, camelCased, each epoch, with batch progress and the parameter count', async () =>
    env.withLog(async () => {
      const { result, progress } = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j), [id, JOB] as const);
      const epochs = progress.filter((p) => p.kind === 'epoch');
      expect(epochs.map((p) => p.epoch)).toEqual([1, 2, 3]);
      for (const p of epochs) expect(Object.keys(p.metrics).sort()).toEqual(['accuracy', 'gap', 'loss', 'valAccuracy', 'valGap', 'valLoss']);
      expect(progress.some((p) => p.kind === 'batch' && p.batches === 8)).toBe(true);
      expect(result).toMatchObject({ kind: 'complete', epochs: 3, paramCount: 4 * 8 + 8 + 8 * 3 + 3 });
      if (result.kind === 'complete') expect(result.metrics.valLoss).toBeLessThan(epochs[0]!.metrics.valLoss as number);
      expect(await memory()).toEqual(baseline);
    }), SLOW);

  it("stops within an epoch when the job keeps no checkpoints, and frees the trial's tensors", async () =>
    env.withLog(async () => {
      const { result, progress } = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j, 1), [id, { ...JOB, maxEpochs: 30 }] as const);
      expect(result.kind).toBe('stopped');
      expect(result.epochs).toBeLessThan(30);
      expect(progress.filter((p) => p.kind === 'epoch').map((p) => p.epoch)).toEqual(Array.from({ length: result.epochs }, (_, i) => i + 1));
      expect(await memory()).toEqual(baseline);
    }), SLOW);

  it('pauses with weights and optimiser state, and the resumed trial ends exactly where an uninterrupted one does', async () =>
    env.withLog(async () => {
      const job: TaskJob = { ...JOB, maxEpochs: 4, saveCheckpoint: 'at-end' };
      const straight = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j), [id, job] as const);
      expect(straight.result).toMatchObject({ kind: 'complete', epochs: 4, checkpoint: { format: 'tfjs-weights/1', epochsDone: 4 } });
      const paused = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j, 1), [id, job] as const);
      expect(paused.result).toMatchObject({ kind: 'stopped', checkpoint: { format: 'tfjs-weights/1', epochsDone: paused.result.epochs, manifest: { optimizerName: 'Adam' } } });
      expect(paused.result.epochs).toBeLessThan(4);
      const resumed = await env.page.evaluate(([w, j]) => window.serveHarness.resume(w, j, w), [id, job] as const);
      expect(resumed.progress.filter((p) => p.kind === 'epoch').map((p) => p.epoch)).toEqual(Array.from({ length: 4 - paused.result.epochs }, (_, i) => paused.result.epochs + i + 1));
      expect(resumed.result.kind).toBe('complete');
      const [a, b] = [straight.result.metrics ?? {}, resumed.result.metrics ?? {}];
      for (const name of Object.keys(a)) expect(b[name], name).toBeCloseTo(a[name] as number, 5);
      expect(await memory()).toEqual(baseline);
    }), SLOW);

  it('exports the trained model as model.json plus weights', async () =>
    env.withLog(async () => {
      const exported = await env.page.evaluate(([w, j]) => window.serveHarness.exportModel(w, j.params, j), [id, { ...JOB, maxEpochs: 1 }] as const);
      if ('error' in exported) throw new Error(exported.error);
      const json = JSON.parse(exported.modelJson) as { format: string; weightsManifest: [{ paths: string[]; weights: { shape: number[] }[] }] };
      expect(json.format).toBe('layers-model');
      expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
      const values = json.weightsManifest[0].weights.reduce((n, w) => n + w.shape.reduce((a, d) => a * d, 1), 0);
      expect(exported.weightBytes).toBe(values * 4);
      expect(exported).toMatchObject({ epochs: 1, metrics: { valLoss: expect.any(Number), valAccuracy: expect.any(Number) } });
      expect(await memory()).toEqual(baseline);
    }), SLOW);

  it.each([
    ['build-throws', 'trial 7: build(params) threw: units must be even'],
    ['build-nothing', 'trial 7: build(params) returned undefined, not a tf.LayersModel (did it forget to return the model?)'],
    ['build-not-model', 'trial 7: build(params) returned an object, not a tf.LayersModel (make one with tf.sequential() or tf.model())'],
    ['output-mismatch', "trial 7: the model's output shape [null, 5] does not fit the labels' shape [240, 3] (5 outputs per sample against 3 label values)"],
    ['compile-throws', 'trial 7: compile(params) threw: no such optimizer: adamw'],
    ['compile-refused', /^trial 7: model\.compile\(\) refused what compile\(params\) returned: .*noSuchLoss/],
    ['batch-size', 'trial 7: batchSize is 0, not a whole number ≥ 1'],
  ])('fails a trial whose recipe has %s as user-code, naming the trial, and leaks nothing', async (fault, reason) =>
    env.withLog(async () => {
      const { result } = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j), [id, { ...JOB, params: { ...JOB.params, fault } }] as const);
      expect(result).toMatchObject({ kind: 'failed', cause: 'user-code' });
      expect(result.kind === 'failed' ? result.reason : '').toMatch(reason);
      expect(await memory()).toEqual(baseline);
    }), SLOW);

  it.each([
    ['throws', 'setup failed: data() threw: the dataset server is down'],
    ['lengths', 'setup failed: data(): train.xs has 240 samples (shape [240, 4]) but train.ys has 239 (shape [239, 3])'],
    ['validation-shape', 'setup failed: data(): validation.ys samples have shape [2] but train.ys samples have shape [3]'],
  ])('fails init when the data loader %s, then fails every trial with the same reason', async (fault, reason) =>
    env.withLog(async () => {
      const spawned = await env.page.evaluate((f) => window.serveHarness.spawn('dense-model', 'cpu', { fault: f }), fault);
      expect(spawned.init).toEqual({ error: { name: 'TaskSetupError', message: reason } });
      const { result } = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j), [spawned.id, JOB] as const);
      expect(result).toMatchObject({ kind: 'failed', cause: 'user-code', reason: `trial 7: ${reason}` });
      await env.page.evaluate((w) => window.serveHarness.terminate(w), spawned.id);
    }), SLOW);

  it("breaks no rule of the page's Content-Security-Policy", () => {
    expect(env.violations).toEqual([]);
  });
});
