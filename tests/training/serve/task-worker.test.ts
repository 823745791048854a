/**
 * The task worker's trial logic in Node, with tasks that need no tfjs (init 'none'): what `report`
 * answers, the contract it enforces on user code, checkpoints for pause/resume, and how a trial's
 * end becomes a result. (The same worker over comlink in Chromium: tests/browser/serve-*.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { TASK_SETUP_ERROR, type TaskJob, type TaskProgress, type TaskResult } from '../../../src/training/serve/protocol';
import type { CheckpointState, ReportAnswer, TrialTask } from '../../../src/training/serve/task';
import { TaskWorker } from '../../../src/training/serve/task-worker';

const JOB: TaskJob = { trialId: 3, attempt: 0, params: { x: 1 }, seed: 7, maxEpochs: 4 };

function stateOf(epoch: number): CheckpointState {
  return { format: 'counter/1', buffers: [new Float64Array([epoch]).buffer], manifest: { note: 'one number' } };
}

/** A loop that reports `{ loss: 1 / epoch }` each epoch with a checkpoint of the epoch, and records the answers. */
function countingTask(answers: ReportAnswer[] = [], onEpoch: (epoch: number) => void = () => undefined): TrialTask {
  return {
    async train(_params, report, ctx) {
      for (let epoch = (ctx.startFrom?.epochsDone ?? 0) + 1; epoch <= ctx.maxEpochs; epoch++) {
        onEpoch(epoch);
        const answer = await report(epoch, { loss: 1 / epoch, valLoss: NaN }, () => stateOf(epoch));
        answers.push(answer);
        if (answer !== 'continue') return;
      }
    },
  };
}

async function runOn(task: TrialTask, job: Partial<TaskJob> = {}, worker = new TaskWorker(task)): Promise<{ result: TaskResult; progress: TaskProgress[]; worker: TaskWorker }> {
  const progress: TaskProgress[] = [];
  await worker.init('none', null).catch(() => undefined);
  const result = await worker.run({ ...JOB, ...job }, (p) => void progress.push(p));
  return { result, progress, worker };
}

describe('TaskWorker with a plain JavaScript task', () => {
  it('reports every epoch with all its metrics, NaN included, and completes with the last', async () => {
    const { result, progress } = await runOn(countingTask());
    expect(progress.map((p) => (p.kind === 'epoch' ? [p.epoch, p.metrics.loss] : null))).toEqual([[1, 1], [2, 0.5], [3, 1 / 3], [4, 0.25]]);
    expect(result).toMatchObject({ kind: 'complete', epochs: 4, metrics: { loss: 0.25, valLoss: NaN } });
    expect(result.kind === 'complete' && result.checkpoint).toBe(undefined);
  });

  it("answers 'stop' after stop() and resolves stopped with the last epoch's metrics", async () => {
    const answers: ReportAnswer[] = [];
    const worker = new TaskWorker(countingTask(answers, (epoch) => epoch === 2 && worker.stop()));
    const { result } = await runOn(worker['task'], {}, worker);
    expect(answers).toEqual(['continue', 'stop']);
    expect(result).toMatchObject({ kind: 'stopped', epochs: 2, metrics: { loss: 0.5 } });
    expect('checkpoint' in result).toBe(false);
  });

  it("answers 'pause' when the job saves checkpoints, returns that epoch's state, and resumes from it", async () => {
    const answers: ReportAnswer[] = [];
    const worker = new TaskWorker(countingTask(answers, (epoch) => epoch === 2 && worker.stop()));
    const { result } = await runOn(worker['task'], { saveCheckpoint: 'at-end' }, worker);
    expect(answers).toEqual(['continue', 'pause']);
    expect(result).toMatchObject({ kind: 'stopped', epochs: 2, checkpoint: { format: 'counter/1', epochsDone: 2, manifest: { note: 'one number' } } });
    const checkpoint = result.kind === 'stopped' ? result.checkpoint : undefined;
    expect(Array.from(new Float64Array(checkpoint?.buffers[0] as ArrayBuffer))).toEqual([2]);
    const resumed = await runOn(countingTask(), { startFrom: checkpoint, saveCheckpoint: 'at-end' });
    expect(resumed.progress.map((p) => p.epoch)).toEqual([3, 4]);
    expect(resumed.result).toMatchObject({ kind: 'complete', epochs: 4, checkpoint: { epochsDone: 4 } });
  });

  it("with 'every-epoch' sends each epoch's state with its progress", async () => {
    const { progress, result } = await runOn(countingTask(), { saveCheckpoint: 'every-epoch', maxEpochs: 2 });
    expect(progress.map((p) => (p.kind === 'epoch' ? p.checkpoint?.epochsDone : null))).toEqual([1, 2]);
    // The result's copy is its own: sending the progress may detach the progress's buffers.
    const last = progress[1]?.kind === 'epoch' ? progress[1].checkpoint : undefined;
    expect(result.kind === 'complete' && result.checkpoint?.buffers[0]).not.toBe(last?.buffers[0]);
  });

  it.each<[string, TrialTask['train'], RegExp]>([
    ['a repeated epoch', async (_p, report) => void (await report(1, { l: 1 }), await report(1, { l: 1 })), /^trial 3: train\(\) reported epoch 1 after epoch 1$/],
    ['a skipped epoch', async (_p, report) => void (await report(2, { l: 1 })), /reported epoch 2 after epoch 0: report every epoch once, in order \(expected epoch 1\)/],
    ['an epoch past the budget', async (_p, report) => { for (let e = 1; e <= 5; e++) await report(e, { l: 1 }); }, /reported epoch 5, beyond the budget of 4 epochs/],
    ['a fractional epoch', async (_p, report) => void (await report(1.5, { l: 1 })), /reported epoch 1.5: epochs are whole numbers/],
    ['a metric that is a string', async (_p, report) => void (await report(1, { valLoss: '0.3' as unknown as number })), /reported metric "valLoss" as the string "0.3" at epoch 1: metrics must be numbers/],
    ['no metrics', async (_p, report) => void (await report(1, {})), /reported epoch 1 with no metrics/],
    ['no epoch at all', async () => undefined, /^trial 3: train\(\) returned but reported no epoch/],
    ['a throw', async () => { throw new RangeError('bad shape'); }, /^trial 3: train\(\) threw: bad shape$/],
    ['a returned number', async (_p, report) => { await report(1, { l: 1 }); return 0.3 as never; }, /train\(\) returned 0.3; it reports results with report/],
    ['a checkpoint that throws', async (_p, report) => void (await report(1, { l: 1 }, () => { throw new Error('disk'); })), /the checkpoint function given with epoch 1 threw: disk/],
    ['a checkpoint of typed arrays', async (_p, report) => void (await report(1, { l: 1 }, () => ({ format: 'f', buffers: [new Float32Array(2) as unknown as ArrayBuffer] }))), /buffers\[0\] that is a Float32Array, not an ArrayBuffer/],
  ])('fails the trial as user-code on %s, naming the trial and the problem', async (_, train, reason) => {
    const worker = new TaskWorker({ train });
    const { result } = await runOn(worker['task'], { saveCheckpoint: 'every-epoch' }, worker);
    expect(result).toMatchObject({ kind: 'failed', cause: 'user-code' });
    expect(result.kind === 'failed' && result.reason).toMatch(reason);
    // The worker stays usable: the next trial runs afresh and is judged on its own.
    const next = await worker.run({ ...JOB, trialId: 4, saveCheckpoint: 'every-epoch' }, () => undefined);
    expect(next).toMatchObject({ kind: 'failed', cause: 'user-code', reason: expect.stringMatching(/^trial 4: /) });
  });

  it('keeps a breach even when the user code catches it, and stays usable afterwards', async () => {
    let calls = 0;
    const worker = new TaskWorker({
      async train(_params, report) {
        calls++;
        if (calls === 1) await report(2, { l: 1 }).catch(() => undefined);
        else await report(1, { l: 1 });
      },
    });
    await worker.init('none', null);
    const first = await worker.run(JOB, () => undefined);
    expect(first).toMatchObject({ kind: 'failed', cause: 'user-code', reason: expect.stringMatching(/expected epoch 1/) });
    expect(await worker.run({ ...JOB, maxEpochs: 1 }, () => undefined)).toMatchObject({ kind: 'complete', epochs: 1 });
  });

  it('rejects init naming a failed setup, and fails every trial with it', async () => {
    const worker = new TaskWorker({ setup: () => Promise.reject(new Error('data() threw: offline')), train: () => undefined });
    await expect(worker.init('none', null)).rejects.toMatchObject({ name: TASK_SETUP_ERROR, message: 'setup failed: data() threw: offline' });
    const result = await worker.run(JOB, () => undefined);
    expect(result).toMatchObject({ kind: 'failed', cause: 'user-code', reason: 'trial 3: setup failed: data() threw: offline' });
  });

  it('aborts ctx.signal on stop() and reports the trial stopped when the task gives up', async () => {
    const worker = new TaskWorker({
      train: (_params, _report, ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    await worker.init('none', null);
    const running = worker.run(JOB, () => undefined);
    worker.stop();
    expect(await running).toMatchObject({ kind: 'stopped', epochs: 0, metrics: null });
  });

  it('keeps the last reported state when a trial that saves checkpoints stops between two reports', async () => {
    const stopBetween = (afterEpoch: number, state: (epoch: number) => CheckpointState): TrialTask => ({
      async train(_params, report, ctx) {
        for (let epoch = 1; epoch <= ctx.maxEpochs; epoch++) {
          if (ctx.signal.aborted) return;
          await report(epoch, { loss: 1 / epoch }, () => state(epoch));
          if (epoch === afterEpoch) worker.stop();
        }
      },
    });
    let worker = new TaskWorker(stopBetween(2, stateOf));
    const kept = await runOn(worker['task'], { saveCheckpoint: 'at-end' }, worker);
    expect(kept.result).toMatchObject({ kind: 'stopped', epochs: 2, checkpoint: { format: 'counter/1', epochsDone: 2 } });
    // A state that is gone by then leaves the trial stopped, without a checkpoint, not failed.
    worker = new TaskWorker(stopBetween(2, () => { throw new Error('model disposed'); }));
    const lost = await runOn(worker['task'], { saveCheckpoint: 'at-end' }, worker);
    expect(lost.result).toMatchObject({ kind: 'stopped', epochs: 2 });
    expect('checkpoint' in lost.result).toBe(false);
  });

  it('refuses a job whose checkpoint already holds its whole budget', async () => {
    const { result } = await runOn(countingTask(), { startFrom: { format: 'counter/1', epochsDone: 4, buffers: [], manifest: null } });
    expect(result).toMatchObject({ kind: 'failed', cause: 'error', reason: 'trial 3: its checkpoint already holds 4 epochs, and its budget is 4' });
  });

  it('refuses a second run while one is in flight, and export without exportModel', async () => {
    let release = () => undefined as void;
    const worker = new TaskWorker({ train: (_p, report) => new Promise<void>((resolve) => (release = resolve)).then(() => void report(1, { l: 1 })) });
    await worker.init('none', null);
    const first = worker.run(JOB, () => undefined);
    expect(await worker.run(JOB, () => undefined)).toMatchObject({ kind: 'failed', cause: 'error', reason: /already running/ });
    release();
    expect((await first).kind).toBe('complete');
    await expect(worker.exportModel({}, JOB)).rejects.toThrow(/this task cannot export a model/);
    expect(worker.memory()).toEqual({ numTensors: 0, numBytes: 0 });
  });
});
