/**
 * Realistic fake data for the chart gallery: small simulated studies on quadratic objectives, run
 * with the real samplers on a simulated clock, plus simulated learning curves and a worker timeline.
 */
import { createStudy, type ParamValue, type Params, type SamplerName, type SearchSpace, type Study, type Trial } from '../../../src/tuner';
import type { TunerEvent } from '../../../src/runner/tuner-events';

/** A clock the studies read; `advance` moves it (ms). */
function simulatedClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

export const MAP_SPACE: SearchSpace = { x: { type: 'float', low: -5, high: 10 }, y: { type: 'float', low: 0, high: 15 } };

/** A tilted bowl on [−5, 10] × [0, 15] with its minimum 0.4 at (2.5, 4). */
export function bowl(x: number, y: number): number {
  return 0.4 + ((x - 2.5) / 3) ** 2 + ((y - 4) / 4) ** 2 + (0.3 * (x - 2.5) * (y - 4)) / 12;
}

/** Same bowl on the unit square of MAP_SPACE's encoding. */
export const bowlUnit = (u: number, v: number): number => bowl(-5 + 15 * u, 15 * v);

/** Runs `n` trials of `sampler` on the bowl; each trial takes 1–4 simulated seconds. */
export function bowlStudy(sampler: SamplerName, seed: number, n: number): Study {
  const clock = simulatedClock();
  const study = createStudy({ space: MAP_SPACE, sampler, seed, clock: clock.now, samplerOptions: sampler === 'grid' ? { resolution: 5, shuffle: true } : {} });
  for (let i = 0; i < n; i++) {
    const ask = study.tryAsk();
    if (ask.kind === 'exhausted') break;
    clock.advance(1000 + ((seed * 7919 + i * 104729) % 3000));
    study.tell(ask.id, bowl(ask.params.x as number, ask.params.y as number));
  }
  return study;
}

export const NET_SPACE: SearchSpace = {
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5 },
  units: { type: 'int', low: 16, high: 256, step: 16 },
  optimizer: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] },
};

const OPTIMIZER_PENALTY: Record<string, number> = { adam: 0, rmsprop: 0.04, sgd: 0.15 };

/** A validation loss that depends mostly on lr, then optimizer and dropout; units barely matter. */
export function netLoss(p: Params): number {
  const lr = Math.log10(p.lr as number);
  return 0.25 + 0.12 * (lr + 2.5) ** 2 + 0.6 * ((p.dropout as number) - 0.2) ** 2 + (OPTIMIZER_PENALTY[p.optimizer as string] ?? 0) + 0.00005 * Math.abs((p.units as number) - 128);
}

/**
 * A study of a small net: each trial reports a validation loss per epoch (up to 10) decaying
 * towards `netLoss`; hopeless trials are pruned after 3 epochs, a few diverge (failed), and the
 * last two are still running.
 */
export function netStudy(n: number): Study {
  const clock = simulatedClock();
  const study = createStudy({ space: NET_SPACE, sampler: 'random', seed: 7, clock: clock.now });
  for (let i = 0; i < n; i++) {
    const { id, params } = study.ask();
    const final = netLoss(params);
    const diverges = (params.lr as number) > 0.03;
    const running = i >= n - 2;
    let pruned = false;
    let epoch = 1;
    for (; epoch <= (running ? 4 : 10); epoch++) {
      clock.advance(400 + ((params.units as number) * 3));
      const value = diverges && epoch >= 3 ? NaN : final + 1.6 * Math.exp(-epoch / (1 + 12 * (params.dropout as number) + 0.2 * (i % 3)));
      study.report(id, epoch, value);
      if (diverges && epoch >= 4) break;
      if (epoch === 3 && value > 1.3) {
        pruned = true;
        break;
      }
    }
    if (running) continue;
    if (diverges) study.tell(id, NaN);
    else if (pruned) study.tell(id, { state: 'pruned', reason: 'pruned by median rule after epoch 3' });
    else study.tell(id, final);
  }
  return study;
}

/** Tuner events of 3 worker slots running 14 trials, with a crash and retry and a stop at the end. */
export function timelineEvents(): TunerEvent[] {
  const events: TunerEvent[] = [];
  const params: Params = { lr: 0.01 as ParamValue };
  const free = [0, 0, 0];
  const durations = [9, 6, 12, 4, 8, 7, 3, 10, 6, 5, 9, 4, 7, 6];
  const outcome = (i: number) => (i === 5 || i === 9 ? 'pruned' : i === 7 ? 'failed' : 'complete');
  durations.forEach((d, i) => {
    const slot = free.indexOf(Math.min(...free));
    const start = free[slot] as number;
    events.push({ type: 'trial-started', at: start * 1000, trialId: i, slot, attempt: 0, params });
    let end = start + d;
    if (i === 4) {
      events.push({ type: 'slot-crashed', at: (start + 3) * 1000, slot, trialId: i, reason: 'WebGL context lost', retrying: true });
      events.push({ type: 'trial-started', at: (start + 3.5) * 1000, trialId: i, slot, attempt: 1, params });
      end += 3.5;
    }
    if (i >= 12) {
      events.push({ type: 'trial-finished', at: 52_000, trialId: i, slot, state: 'failed', value: null, reason: 'cancelled: time budget reached' });
      free[slot] = 52;
      return;
    }
    const state = outcome(i);
    events.push({ type: 'trial-finished', at: end * 1000, trialId: i, slot, state, value: state === 'complete' ? 0.3 + 0.05 * (i % 5) : null, reason: state === 'failed' ? 'loss was NaN' : null });
    free[slot] = end;
  });
  events.sort((a, b) => a.at - b.at);
  return events;
}

/**
 * Tuner events of `n` short trials back to back on `slots` worker slots (2–4 s each, one in 12
 * pruned, one in 40 failed), then one long trial on slot 0: a study with more trials than pixels.
 */
export function manyTrialsEvents(n: number, slots: number): TunerEvent[] {
  const events: TunerEvent[] = [];
  const params: Params = { lr: 0.01 as ParamValue };
  const free = Array.from({ length: slots }, () => 0);
  for (let i = 0; i < n; i++) {
    const slot = i % slots;
    const start = free[slot] as number;
    const end = start + 2 + ((i * 7) % 5) / 2;
    const state = i % 40 === 0 ? 'failed' : i % 12 === 0 ? 'pruned' : 'complete';
    events.push({ type: 'trial-started', at: start * 1000, trialId: i, slot, attempt: 0, params });
    events.push({ type: 'trial-finished', at: end * 1000, trialId: i, slot, state, value: state === 'complete' ? 0.3 + (i % 17) / 40 : null, reason: state === 'failed' ? 'loss was NaN' : null });
    free[slot] = end;
  }
  const last = Math.max(...free);
  events.push({ type: 'trial-started', at: last * 1000, trialId: n, slot: 0, attempt: 0, params });
  events.push({ type: 'trial-finished', at: last * 1.2 * 1000, trialId: n, slot: 0, state: 'complete', value: 0.31, reason: null });
  events.sort((a, b) => a.at - b.at);
  return events;
}

/** netStudy's trials with a parameter-count constraint told (units above 160 violate it). */
export function constrainedNetTrials(n: number): Trial[] {
  return netStudy(n).trials.map((t) => (t.state === 'complete' ? { ...t, constraints: { paramCount: ((t.params.units as number) - 160) * 100 } } : t));
}
