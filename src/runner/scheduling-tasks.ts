/**
 * Synthetic tasks for comparing schedulers on the simulated backend (tests, bench/schedulers).
 * Both have a learning-curve state machine (learning-curves.ts), so pausing, resuming and PBT
 * children continue a curve instead of restarting it.
 */
import type { Params } from '../tuner';
import type { CurveDynamics } from './learning-curves';
import type { SyntheticObjective } from './simulated';

/**
 * Crossing learning curves: a caricature of an MLP where the final loss f(p) and the speed of
 * convergence τ(p) disagree. With u = log10 lr, b = batch size:
 *
 *   f(p) = 0.2 + 0.3·(u + 2.5)² + 0.0125·(log2 units − 7)² + 0.4·(dropout − 0.2)² + 0.02·(log2(b / 32))²
 *   τ(p) = 2 · 10^(−0.15·(u + 2.5)) · (b / 32)^0.25 · (1 + dropout)           epochs
 *   y(s) = f(p) + 1.2 · exp(−s / τ(p)),   s = epochs trained (state [s])
 *
 * High learning rates converge fast to a worse loss and lead after one or two epochs; low ones
 * look bad early and catch up late, so early epochs rank configurations imperfectly.
 * An epoch costs 0.4 s + 1.2 s · (units / 128) · (32 / b).
 */
export const crossingCurves: SyntheticObjective = (() => {
  const parts = (p: Params) => ({
    u: Math.log10(Number(p.learningRate)),
    units: Number(p.units),
    dropout: Number(p.dropout),
    batch: Number(p.batchSize),
  });
  const final = (p: Params): number => {
    const { u, units, dropout, batch } = parts(p);
    return 0.2 + 0.3 * (u + 2.5) ** 2 + 0.0125 * (Math.log2(units) - 7) ** 2 + 0.4 * (dropout - 0.2) ** 2 + 0.02 * Math.log2(batch / 32) ** 2;
  };
  const tau = (p: Params): number => {
    const { u, dropout, batch } = parts(p);
    return 2 * 10 ** (-0.15 * (u + 2.5)) * (batch / 32) ** 0.25 * (1 + dropout);
  };
  const dynamics: CurveDynamics = {
    initial: () => [0],
    step: (state) => [(state[0] ?? 0) + 1],
    value: (state, p) => final(p) + 1.2 * Math.exp(-(state[0] ?? 0) / tau(p)),
  };
  return {
    name: 'crossing-curves',
    space: {
      learningRate: { type: 'float', low: 1e-4, high: 1e-1, log: true },
      units: { type: 'int', low: 16, high: 512, log: true },
      dropout: { type: 'float', low: 0, high: 0.5 },
      batchSize: { type: 'categorical', choices: [16, 32, 64, 128] },
    },
    value: final,
    secondsPerEpoch: (p: Params) => {
      const { units, batch } = parts(p);
      return 0.4 + 1.2 * (units / 128) * (32 / batch);
    },
    dynamics,
  };
})();

/** Epochs the learning-rate-schedule task is meant to be trained for. */
export const LR_SCHEDULE_EPOCHS = 30;

/**
 * A task whose best learning rate falls during training, so a schedule (or PBT, which finds one)
 * beats every fixed configuration. The state is the training loss L (L_0 = 3); one epoch at
 * learning rate lr moves it toward the floor that lr can reach, faster for larger lr:
 *
 *   r(lr) = min(0.95, 0.9 · lr^0.4)        fraction of the gap closed per epoch
 *   m(lr) = 3 · lr^1.5                      the loss lr settles at (its noise floor)
 *   L_e   = m(lr) + (L_{e−1} − m(lr)) · (1 − r(lr))
 *   y     = L + 0.01 · (log10 wd + 4)²      (weight decay wd is a static penalty)
 *
 * High rates help early (large r) and hurt late (high floor m). Over 30 epochs the best fixed lr
 * (≈ 0.02) ends near 0.014; a decaying schedule reaches about 0.006. An epoch costs
 * 1 s + 0.0625 s · (log10 wd + 6), i.e. 1 to 1.25 s, so trials drift apart instead of running in lockstep.
 * `value(p)` is y after 30 epochs at fixed p.
 */
export const lrScheduleTask: SyntheticObjective = (() => {
  const rate = (lr: number) => Math.min(0.95, 0.9 * lr ** 0.4);
  const floor = (lr: number) => 3 * lr ** 1.5;
  const penalty = (p: Params) => 0.01 * (Math.log10(Number(p.weightDecay)) + 4) ** 2;
  const dynamics: CurveDynamics = {
    initial: () => [3],
    step: (state, p) => {
      const lr = Number(p.learningRate);
      const m = floor(lr);
      return [m + ((state[0] ?? 3) - m) * (1 - rate(lr))];
    },
    value: (state, p) => (state[0] ?? 3) + penalty(p),
  };
  const fixedFinal = (p: Params): number => {
    let state: readonly number[] = dynamics.initial(p);
    for (let e = 1; e <= LR_SCHEDULE_EPOCHS; e++) state = dynamics.step(state, p, e);
    return dynamics.value(state, p);
  };
  return {
    name: 'lr-schedule',
    space: {
      learningRate: { type: 'float', low: 1e-4, high: 1, log: true },
      weightDecay: { type: 'float', low: 1e-6, high: 1e-2, log: true },
    },
    value: fixedFinal,
    secondsPerEpoch: (p: Params) => 1 + 0.0625 * (Math.log10(Number(p.weightDecay)) + 6),
    dynamics,
  };
})();
