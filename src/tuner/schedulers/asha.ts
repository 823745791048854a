/**
 * ASHA: asynchronous successive halving (Li et al. 2020) — Hyperband's machinery with one bracket.
 * Rungs at r·η^k epochs below R; a trial reaching a rung pauses ('promotion' mode) or is stopped
 * ('stopping' mode) unless it is in the top 1/η of that rung; promotions are asynchronous.
 */
import { HyperbandScheduler } from './hyperband';

/** ASHA (`'asha'`): asynchronous successive halving with one bracket; options `maxEpochs`, `minEpochs`, `reductionFactor`, `mode`. */
export class AshaScheduler extends HyperbandScheduler {
  constructor(options: Record<string, unknown> = {}) {
    super(options, 'asha', [], 1);
  }
}
