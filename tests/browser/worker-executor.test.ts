/**
 * The worker executor (src/runner/worker-executor.ts) in headless Chromium: the executor contract
 * suite, run from Node through page proxies, then whole studies through the runner's pool and tuner
 * loop, one of them with a worker killed mid-trial. Tiny nets, 64 samples, 1–6 epochs, on the
 * wasm backend (what a machine without a hardware GPU trains on); one study on the cpu backend,
 * whose long batches the heartbeat must tolerate, and one device loss on WebGPU.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';
import {
  ExecutorBusyError,
  ExecutorCrashedError,
  type ExecutorFactory,
  type ProgressCallback,
  type TrialCheckpoint,
  type TrialExecutor,
  type TrialJob,
  type TrialOutcome,
} from '../../src/runner/executor';
import { describeExecutorContract } from '../runner/contracts/executor.contract';
import type { ExecutorSetup, RunReply, StudySetup, WireCheckpoint, WireProgress } from './runner-harness';

/** Checkpoints cross playwright as base64 (see WireCheckpoint); in Node they are ArrayBuffers again. */
function toWire({ format, epochsDone, buffers, manifest }: TrialCheckpoint): WireCheckpoint {
  return { format, epochsDone, base64: buffers.map((b) => Buffer.from(b).toString('base64')), manifest };
}

function fromWire({ format, epochsDone, base64, manifest }: WireCheckpoint): TrialCheckpoint {
  return { format, epochsDone, buffers: base64.map((text) => Uint8Array.from(Buffer.from(text, 'base64')).buffer), manifest };
}

const SLOW = 300_000;
const TINY_NET = { convBlocks: 1, filters: 2, denseUnits: 0, dropout: 0, batchSize: 16 };
const WASM_SETUP: ExecutorSetup = { backend: 'wasm', trainSamples: 64, validationSamples: 16, splitSeed: 1 };
/**
 * The contract's stop() calls travel Node → page → worker while the worker trains on: on wasm an
 * epoch of this tiny net takes milliseconds, so a trial stopped after epoch 2 needs epochs left to
 * stop in.
 */
const CONTRACT_EPOCHS = 6;

let env: BrowserEnv;
const progressListeners = new Map<number, ProgressCallback>();

beforeAll(async () => {
  env = await startBrowserEnv('tests/browser/runner-harness.html', 'window.runnerHarness !== undefined');
  await env.page.exposeFunction('reportExecutorProgress', (executorId: number, progress: WireProgress, checkpoint?: WireCheckpoint) => {
    progressListeners.get(executorId)?.(checkpoint === undefined ? progress : { ...progress, checkpoint: fromWire(checkpoint) });
  });
  await env.page.evaluate(() => window.runnerHarness.loadDataset());
}, SLOW);

afterAll(async () => {
  await env?.close();
});

/** A TrialExecutor in Node that forwards every call to a WorkerExecutor in the page. */
class PageExecutor implements TrialExecutor {
  constructor(private readonly id: number) {}

  async run(job: TrialJob, onProgress: ProgressCallback): Promise<TrialOutcome> {
    const busy = progressListeners.has(this.id);
    if (!busy) progressListeners.set(this.id, onProgress);
    try {
      const { startFrom, ...wireJob } = job;
      const wireStart = startFrom === undefined ? undefined : toWire(startFrom);
      const reply: RunReply = await env.page.evaluate(([id, j, c]) => window.runnerHarness.run(id, j, c), [this.id, wireJob, wireStart] as const);
      if (reply.ok) return reply.checkpoint === undefined ? reply.outcome : ({ ...reply.outcome, checkpoint: fromWire(reply.checkpoint) } as TrialOutcome);
      if (reply.name === 'ExecutorBusyError') throw new ExecutorBusyError(reply.message);
      throw new ExecutorCrashedError(`${reply.name}: ${reply.message}`);
    } finally {
      if (!busy) progressListeners.delete(this.id);
    }
  }

  stop(): void {
    void env.page.evaluate((id) => window.runnerHarness.stop(id), this.id);
  }

  terminate(): void {
    void env.page.evaluate((id) => window.runnerHarness.terminate(id), this.id).catch(() => undefined);
  }
}

function pageFactory(setup: ExecutorSetup): ExecutorFactory {
  return {
    kind: `worker:${setup.backend} (page proxy)`,
    // Checkpoints cross to Node and back through playwright (a copy); tests/browser/checkpoint.test.ts checks the transfers.
    checkpoints: true,
    create: async () => new PageExecutor(await env.page.evaluate((s) => window.runnerHarness.create(s), setup)),
  };
}

describe('worker executor in Chromium', { timeout: SLOW }, () => {
  describeExecutorContract({
    name: 'worker (tfjs wasm backend in a Web Worker)',
    makeFactory: () => pageFactory(WASM_SETUP),
    params: TINY_NET,
    otherParams: { ...TINY_NET, learningRate: 3e-3 },
    maxEpochs: CONTRACT_EPOCHS,
  });

  it.each([
    ['destroy-device', 'webgpu', /WebGPU device lost \(destroyed\)/],
    ['uncaught-error', 'wasm', /worker error: .*crashed on purpose/],
  ] as const)('turns a worker fault (%s on %s) into ExecutorCrashedError, for this run and every later one', async (fault, backend, reason) => {
    const job: TrialJob = { trialId: 1, attempt: 0, params: TINY_NET, maxEpochs: 3, seed: 1 };
    const { first, second } = await env.page.evaluate(
      ([s, j, f]) => window.runnerHarness.runWithFault(s, j, f),
      [{ ...WASM_SETUP, backend }, job, fault] as const,
    );
    expect(first).toMatchObject({ ok: false, name: 'ExecutorCrashedError', message: expect.stringMatching(reason) });
    expect(second).toMatchObject({ ok: false, name: 'ExecutorCrashedError' });
  });

  it("adds the model's parameter count to a settled outcome's metrics (for constraints such as parameters ≤ N)", async () => {
    const executor = await pageFactory(WASM_SETUP).create(0);
    try {
      const counts: number[] = [];
      for (const filters of [2, 4]) {
        const outcome = await executor.run({ trialId: filters, attempt: 0, params: { ...TINY_NET, filters }, maxEpochs: 1, seed: 1 }, () => undefined);
        expect(outcome.kind).toBe('complete');
        const count = outcome.kind === 'complete' ? outcome.metrics.paramCount : undefined;
        expect(Number.isInteger(count) && (count as number) > 0).toBe(true);
        counts.push(count as number);
      }
      expect(counts[1]).toBeGreaterThan(counts[0] as number);
    } finally {
      executor.terminate();
    }
  });

  // A 2 s silence limit here; tests/e2e/worker-errors.test.ts sees the page's default (10 s) notice a silent worker.
  it('fails to start, instead of hanging, over a worker that never answers: its silence is noticed once past the silence limit', async () => {
    const failure = await env.page.evaluate((s) => window.runnerHarness.startSilent(s), { ...WASM_SETUP, silenceLimitMs: 2_000 });
    console.log(`silent worker noticed after ${Math.round(failure?.afterMs ?? NaN)} ms`);
    expect(failure).toMatchObject({ name: 'WorkerStartError', message: expect.stringMatching(/^tests\/browser\/silent\.worker\.ts could not start: it sent nothing for ([2-9]|1\d)\.\d s/) });
  });

  it('fails to start, naming the script, over a worker script that cannot load', async () => {
    const failure = await env.page.evaluate((s) => window.runnerHarness.startMissing(s), WASM_SETUP);
    expect(failure).toMatchObject({
      name: 'WorkerStartError',
      message: expect.stringMatching(/^tests\/browser\/missing\.worker\.js could not start: the browser could not load the script/),
    });
  });

  const study = (extra: Partial<StudySetup>): StudySetup => ({
    executor: { ...WASM_SETUP, validationSamples: 32 },
    workers: 2,
    trials: 4,
    maxEpochs: 2,
    space: {
      learningRate: { type: 'float', low: 1e-3, high: 3e-2, log: true },
      filters: { type: 'categorical', choices: [2, 4] },
      convBlocks: { type: 'int', low: 1, high: 2 },
      batchSize: { type: 'categorical', choices: [16, 32] },
    },
    ...extra,
  });

  it('runs a study of 4 real tiny CNN trials to completion in 2 parallel workers', async () => {
    const report = await env.page.evaluate((s) => window.runnerHarness.runStudy(s), study({}));
    expect(report.finish).toBe('trial-budget');
    expect(report.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    for (const trial of report.trials) expect(Number.isFinite(trial.value)).toBe(true);
    expect(report.maxConcurrent).toBe(2);
    expect(report.workersStarted).toBe(2);
    expect(report.backends).toEqual(['wasm', 'wasm']);
    expect(report.events.filter((e) => e.startsWith('trial-progress'))).toHaveLength(4 * 2);
  });

  it('raises no false alarm on the cpu backend, whose batches hold the worker for seconds (each is announced to the heartbeat)', async () => {
    const one = <T extends string | number>(value: T) => ({ type: 'categorical' as const, choices: [value] });
    const report = await env.page.evaluate(
      (s) => window.runnerHarness.runStudy(s),
      study({
        executor: { backend: 'cpu', trainSamples: 128, validationSamples: 256, splitSeed: 1 },
        workers: 1,
        trials: 1,
        maxEpochs: 1,
        // The default network (2 conv blocks of 8 and 16 filters, 32 dense units), 64 samples a batch.
        space: { convBlocks: one(2), filters: one(8), kernelSize: one(3), batchSize: one(64), denseUnits: one(32) },
      }),
    );
    const silences = report.longestSilences.map((s) => `${(s.silentMs / 1000).toFixed(1)} s of ${(s.allowedMs / 1000).toFixed(1)} s allowed`);
    console.log(`cpu, default network: longest silence per worker: ${silences.join(', ')}`);
    expect(report.events.filter((e) => e.startsWith('slot-'))).toEqual([]);
    expect(report.trials.map((t) => t.state)).toEqual(['complete']);
  });

  it('recovers from a worker killed mid-trial (no event: caught by the heartbeat) and finishes the study', async () => {
    const report = await env.page.evaluate(
      (s) => window.runnerHarness.runStudy(s),
      study({
        executor: { ...WASM_SETUP, validationSamples: 32, silenceLimitMs: 5_000 },
        trials: 3,
        maxEpochs: 3,
        killTrialAfterFirstEpoch: 0,
      }),
    );
    expect(report.finish).toBe('trial-budget');
    expect(report.events).toContain('slot-crashed 0');
    expect(report.events.some((e) => e.startsWith('slot-replaced'))).toBe(true);
    expect(report.workersStarted).toBeGreaterThanOrEqual(3); // 2 at start, 1 replacement (or more, on a badly overloaded machine)
    expect(report.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
  });
});
