/**
 * Kriging believers bounded below by the incumbent (model.ts, the default pending strategy): a
 * running trial is believed at the model's mean, but never better than the best observed point.
 */
import { describe, expect, it } from 'vitest';
import { createRng, createStudy, type Params } from '../../../src/tuner';
import { buildGpModel, type GpModelOptions } from '../../../src/tuner/gp/model';
import { FANTASY_DRAWS, pendingAwareLogEi } from '../../../src/tuner/gp/pending-strategy';
import { FantasyLogEi } from '../../../src/tuner/gp/pending-fantasies';

const SPACE = { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } } as const;
const bowl = (p: Params) => ((p.a as number) - 0.4) ** 2 + ((p.b as number) - 0.7) ** 2;

const options = (): GpModelOptions => ({
  hyperparams: { kind: 'fit', warmStart: null, coldStart: true },
  minNoise: 1e-6,
  maxFitPoints: 120,
  outputWarping: 'none',
  rng: createRng(4),
});

/** 12 finished trials of the bowl, then running trials at `pending` (not told). */
function studyWithPending(pending: readonly Params[]) {
  const study = createStudy({ space: SPACE, sampler: 'random', seed: 7 });
  for (let i = 0; i < 12; i++) {
    const { id, params } = study.ask();
    study.tell(id, bowl(params));
  }
  for (const p of pending) study.enqueue(p);
  for (let i = 0; i < pending.length; i++) study.ask();
  return study;
}

describe('bounded kriging believers', () => {
  it('never lower the incumbent, even where the model predicts a running trial to beat it', () => {
    const atOptimum = { a: 0.4, b: 0.7 };
    const finished = studyWithPending([]);
    const running = studyWithPending([atOptimum, { a: 0.95, b: 0.05 }]);
    const without = buildGpModel(SPACE, 'minimize', finished.trials, options())!;
    const withRunning = buildGpModel(SPACE, 'minimize', running.trials, options())!;
    expect(withRunning.incumbent).toBe(without.incumbent);
    const enc = withRunning.encoding;
    // The optimum is predicted below the incumbent, so its believer sits at the incumbent instead.
    expect(without.regressor.posterior(enc.encode(atOptimum)).mean).toBeLessThan(without.incumbent);
    const n = withRunning.regressor.n;
    const believed = Array.from(withRunning.withPending.y.subarray(n));
    expect(believed[0]).toBe(withRunning.incumbent);
    // A running trial predicted worse than the incumbent is believed at its mean.
    expect(believed[1]).toBeCloseTo(without.regressor.posterior(enc.encode({ a: 0.95, b: 0.05 })).mean, 10);
    expect(believed[1]).toBeGreaterThan(withRunning.incumbent);
  });

  it('shrink the uncertainty at running trials, so parallel asks spread out', () => {
    const running = studyWithPending([{ a: 0.4, b: 0.7 }]);
    const model = buildGpModel(SPACE, 'minimize', running.trials, options())!;
    const x = model.encoding.encode({ a: 0.4, b: 0.7 });
    expect(model.withPending.posterior(x).variance).toBeLessThan(0.2 * model.regressor.posterior(x).variance);
  });

  it("leave 'fantasies' drawing around the unbounded posterior means", () => {
    const optimum = { a: 0.4, b: 0.7 };
    const model = buildGpModel(SPACE, 'minimize', studyWithPending([optimum]).trials, options())!;
    const x = model.encoding.encode(optimum);
    const mean = model.regressor.posterior(x).mean;
    const manual = new FantasyLogEi(
      { regressor: model.regressor, withPending: model.regressor.withRows(x, 1, Float64Array.of(mean)), observedRows: model.ranked.length },
      FANTASY_DRAWS,
      createRng(9),
    );
    const strategy = pendingAwareLogEi(model, [x], 'fantasies', createRng(9));
    for (const probe of [{ a: 0.45, b: 0.65 }, { a: 0.1, b: 0.2 }]) {
      const p = model.encoding.encode(probe);
      expect(strategy.value(p)).toBe(manual.value(p));
    }
  });
});
