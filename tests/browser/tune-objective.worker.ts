/**
 * A task worker for tests/browser/tune.test.ts: a plain JavaScript objective served with
 * `serveTrials`, no tfjs. loss(x, epoch) = (x − target)² + 1/epoch, with `valLoss` a little above it;
 * each epoch takes `epochMs`. Checkpoints hold the epochs done. A trial listed in `crashTrials`
 * kills its worker (an uncaught error) on its first attempt, so the runner replaces it and retries.
 */
import { serveTrials } from '../../src/training/serve/serve-trials';

interface ObjectiveSetup {
  readonly target: number;
  readonly epochMs: number;
  readonly crashTrials: readonly number[];
}

let setup: ObjectiveSetup = { target: 2, epochMs: 10, crashTrials: [] };

serveTrials({
  setup: (data) => {
    setup = { ...setup, ...(data as Partial<ObjectiveSetup>) };
  },
  train: async (params, report, ctx) => {
    if (setup.crashTrials.includes(ctx.trialId) && ctx.attempt === 0) {
      setTimeout(() => {
        throw new Error(`trial ${ctx.trialId} kills its worker`);
      });
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      return;
    }
    const x = Number(params.x);
    for (let epoch = (ctx.startFrom?.epochsDone ?? 0) + 1; epoch <= ctx.maxEpochs; epoch++) {
      await new Promise((resolve) => setTimeout(resolve, setup.epochMs));
      const loss = (x - setup.target) ** 2 + 1 / epoch;
      const checkpoint = () => ({ format: 'tune-test/1', buffers: [new Float64Array([epoch]).buffer] });
      if ((await report(epoch, { loss, valLoss: loss + 0.01 }, checkpoint)) !== 'continue') return;
    }
  },
});
