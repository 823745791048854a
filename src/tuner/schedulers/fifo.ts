/** FIFO: every trial trains for the full R epochs; only the sampler decides anything. */
import { BaseScheduler } from './base';
import { checkKeys, intOption } from './options';
import type { SchedulerContext, StartDecision, TrialDecision } from './types';

/** FIFO (`'fifo'`): every trial trains all `maxEpochs`; nothing is paused or stopped early. */
export class FifoScheduler extends BaseScheduler {
  readonly name = 'fifo' as const;
  readonly options: Readonly<Record<string, unknown>>;
  readonly maxEpochs: number;

  constructor(options: Record<string, unknown> = {}) {
    super();
    const o = checkKeys('fifo', options, ['maxEpochs']);
    this.maxEpochs = intOption('fifo', o, 'maxEpochs', null, 1);
    this.options = { maxEpochs: this.maxEpochs };
  }

  protected decideNext(ctx: SchedulerContext): StartDecision {
    return this.startFromSampler(ctx, this.maxEpochs, 'a new configuration for the full budget');
  }

  protected decideResult(): TrialDecision {
    return { kind: 'continue' };
  }

  protected forget(): void {}
  protected saveExtra(): unknown {
    return null;
  }
  protected loadExtra(): void {}
}
