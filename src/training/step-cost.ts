/**
 * How long one training or validation batch may hold a trial worker's thread, so that its
 * heartbeat can announce it beforehand (tfjs's cpu backend runs a batch's ops synchronously: no
 * timer and no message gets through until the batch ends, and one batch of a mid-sized network
 * takes seconds there). A batch's size is counted in operations of a forward pass, from the config
 * alone; its time is that count times a rate in ms per million operations, measured per kind of
 * batch (a training step costs far more per operation on the cpu backend than a forward pass:
 * its convolution gradients are slow), first from the trial's own batches, else from the slowest
 * this worker has seen, else from a cautious prior.
 *
 * Notation (per sample; h_b × w_b = the image side after b poolings, c_b = channels into block b,
 * f_b = F · 2^b filters of block b, k = kernel side, U = dense units, K = classes, D = flattened size):
 *   conv block b      2 · h_b · w_b · k² · c_b · f_b + ELEMENTWISE · h_b · w_b · f_b
 *   head              2 · (D · U + U · K), or 2 · D · K without the hidden layer
 *   forward ops F     Σ of the above;  a batch of n samples: (n + OVERHEAD) · F / 10⁶ million operations
 *   allowance         safety · (n + OVERHEAD) · F / 10⁶ · rate[kind]    (ms)
 */
import type { ModelConfig } from './config';

/** Operations per output element of a block's elementwise layers (bias, batch norm, activation, pooling). */
const ELEMENTWISE = 20;

/** A batch also costs something whatever its size (kernel set-up, the optimiser's update): counted as samples. */
const OVERHEAD_SAMPLES = 8;

export type BatchKind = 'train' | 'forward';

/**
 * Rates assumed before a worker has timed a batch of that kind, ms per million forward operations:
 * the slow end of tfjs's cpu backend on a busy two-core machine (measured: 60–190 for training
 * steps, 7–17 for forward passes). GPU backends are far faster: for them this only makes a first
 * announcement long.
 */
export const PRIOR_RATES: Readonly<Record<BatchKind, number>> = { train: 200, forward: 20 };
/** Allowance over the expected time once the trial has timed a batch of the same kind (same network). */
export const SAFETY = 4;
/** Allowance over the expected time for a trial's first batch of a kind (its rate comes from other networks). */
export const FIRST_SAFETY = 8;

/** Million operations of one sample's forward pass through the network `config` describes. */
export function forwardMegaops(config: Pick<ModelConfig, 'convBlocks' | 'filters' | 'kernelSize' | 'denseUnits'>, shape: readonly [number, number, number], classCount: number): number {
  let [h, w, channels] = shape;
  let ops = 0;
  for (let b = 0; b < config.convBlocks; b++) {
    const filters = config.filters * 2 ** b;
    ops += 2 * h * w * config.kernelSize ** 2 * channels * filters + ELEMENTWISE * h * w * filters;
    h = Math.floor(h / 2);
    w = Math.floor(w / 2);
    channels = filters;
  }
  const flat = h * w * channels;
  ops += config.denseUnits > 0 ? 2 * (flat * config.denseUnits + config.denseUnits * classCount) : 2 * flat * classCount;
  return ops / 1e6;
}

/** Million forward operations a batch of `samples` counts as (see OVERHEAD_SAMPLES). */
export function batchMegaops(megaopsPerSample: number, samples: number): number {
  return megaopsPerSample * (samples + OVERHEAD_SAMPLES);
}

/**
 * Times a worker's batches and says how long the next one may hold the thread. One per worker: the
 * slowest rates it has seen carry over from trial to trial; `startTrial` forgets the trial's own.
 */
export class BatchClock {
  private readonly workerRates: Record<BatchKind, number | null> = { train: null, forward: null };
  private trialRates: Record<BatchKind, number | null> = { train: null, forward: null };

  /** A new network: its batches are timed afresh. */
  startTrial(): void {
    this.trialRates = { train: null, forward: null };
  }

  /** How long a batch of `megaops` million forward operations of `kind` may hold the thread, ms. */
  allowanceMs(kind: BatchKind, megaops: number): number {
    const own = this.trialRates[kind];
    if (own !== null) return SAFETY * megaops * own;
    return FIRST_SAFETY * megaops * (this.workerRates[kind] ?? PRIOR_RATES[kind]);
  }

  /** A batch of `kind` and `megaops` took `ms`. */
  record(kind: BatchKind, megaops: number, ms: number): void {
    if (!(megaops > 0) || !(ms >= 0) || !Number.isFinite(ms)) return;
    const rate = ms / megaops;
    this.trialRates[kind] = Math.max(this.trialRates[kind] ?? 0, rate);
    this.workerRates[kind] = Math.max(this.workerRates[kind] ?? 0, rate);
  }
}
