/**
 * Median stopping (Golovin et al., Google Vizier): after a grace period, a trial whose loss at epoch
 * e is worse than the median of the other trials' losses at e is stopped.
 *
 * Notation: e = epoch, ℓ_i(e) = loss of trial i at e (+∞ for a NaN report), m(e) = median over the
 * other trials j ≠ i that reported e (any state but failed). Stop i at e iff e > graceEpochs,
 * |{j}| ≥ minTrials and ℓ_i(e) > m(e).
 */
import { BaseScheduler, lossAt } from './base';
import { checkKeys, intOption } from './options';
import type { SchedulerContext, StartDecision, TrialDecision } from './types';

/** Median stopping (`'median'`): after `graceEpochs`, a trial worse than the median of the others at the same epoch is stopped. */
export class MedianStoppingScheduler extends BaseScheduler {
  readonly name = 'median' as const;
  readonly options: Readonly<Record<string, unknown>>;
  readonly maxEpochs: number;
  readonly graceEpochs: number;
  readonly minTrials: number;

  constructor(options: Record<string, unknown> = {}) {
    super();
    const o = checkKeys('median', options, ['maxEpochs', 'graceEpochs', 'minTrials']);
    this.maxEpochs = intOption('median', o, 'maxEpochs', null, 1);
    this.graceEpochs = intOption('median', o, 'graceEpochs', 1, 0, this.maxEpochs);
    this.minTrials = intOption('median', o, 'minTrials', 3, 1);
    this.options = { maxEpochs: this.maxEpochs, graceEpochs: this.graceEpochs, minTrials: this.minTrials };
  }

  protected decideNext(ctx: SchedulerContext): StartDecision {
    return this.startFromSampler(ctx, this.maxEpochs, 'a new configuration for the full budget');
  }

  protected decideResult(ctx: SchedulerContext, trialId: number, epoch: number): TrialDecision {
    if (epoch <= this.graceEpochs || epoch >= this.maxEpochs) return { kind: 'continue' };
    const mine = lossAt(ctx, trialId, epoch) ?? Infinity;
    const others: number[] = [];
    for (const t of ctx.trials) {
      if (t.id === trialId || t.state === 'failed') continue;
      const l = lossAt(ctx, t.id, epoch);
      if (l !== undefined) others.push(l);
    }
    if (others.length < this.minTrials) return { kind: 'continue' };
    const m = median(others);
    if (mine > m) return { kind: 'stop', reason: `loss ${fmt(mine)} at epoch ${epoch} is worse than the median ${fmt(m)} of ${others.length} other trials` };
    return { kind: 'continue' };
  }

  protected forget(): void {}
  protected saveExtra(): unknown {
    return null;
  }
  protected loadExtra(): void {}
}

export function median(values: readonly number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(4) : String(v);
}
