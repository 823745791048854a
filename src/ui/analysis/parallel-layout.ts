/**
 * What the parallel-coordinates chart draws, prepared once per change of the trials: the complete
 * trials' objective extent, and the lines drawn (all of them, or above `maxLines` the best and an
 * even sample), each with its rank among all complete trials for its colour. O(n log n).
 *
 * Notation
 *   n      complete trials
 *   rank   0 = worst complete trial … n − 1 = best
 */
import { lossOf, type Direction, type Trial } from '../../tuner';
import { rankOf, sampleTrials } from './downsample';

export interface ParallelLayoutOptions {
  /** Lines drawn at most. */
  readonly maxLines: number;
  /** Of those, how many are always the best. */
  readonly bestLines: number;
}

export interface RankedLine {
  readonly t: Trial;
  /** Rank among all complete trials (0 = worst). */
  readonly rank: number;
}

export interface ParallelLayout {
  /** Complete trials with a value. */
  readonly complete: number;
  /** [lowest, highest] objective of the complete trials; null without any. */
  readonly span: readonly [number, number] | null;
  readonly sampled: boolean;
  /** The drawn lines, worst first (the best are drawn last, on top). */
  readonly lines: readonly RankedLine[];
}

export function parallelLayout(trials: readonly Trial[], direction: Direction, options: ParallelLayoutOptions): ParallelLayout {
  const done = trials.filter((t) => t.state === 'complete' && t.value !== null);
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of done) {
    const v = t.value as number;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Every complete trial's loss, ascending (a typed array sorts without a comparator): ranks for the colours.
  const losses = Float64Array.from(done, (t) => lossOf(t.value as number, direction)).sort();
  const sampled = done.length > options.maxLines;
  const drawn = sampled ? sampleTrials(done, direction, options.maxLines, options.bestLines) : done;
  const lines = drawn
    .map((t) => ({ t, rank: done.length - 1 - rankOf(losses, lossOf(t.value as number, direction)) }))
    .sort((a, b) => a.rank - b.rank || a.t.id - b.t.id);
  return { complete: done.length, span: hi >= lo ? [lo, hi] : null, sampled, lines };
}
