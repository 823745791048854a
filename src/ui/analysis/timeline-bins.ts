/**
 * The worker timeline with more trials than pixels: bars too narrow to see (or to point at) are
 * pooled, per worker lane, into fixed-width bins that count their outcomes; bars wide enough are
 * kept as they are. A lane then holds at most `width / binWidth` bins plus the wide bars (which
 * cannot overlap on one lane, so at most `width / minBarWidth` of them), whatever the trial count.
 * O(n) for n bars.
 *
 * Notation
 *   x          horizontal position in the chart's units (px of its viewBox), 0 at time 0
 *   width      x of the time axis' end (the lane's length)
 *   bin k      [k·binWidth, (k+1)·binWidth) on one lane; a narrow bar belongs to the bin of its middle
 */
import type { Outcome } from '../charts/colour';
import type { TimelineBar } from './timeline';

/** Outcomes in the order a bin stacks them (top first). */
export const BIN_OUTCOMES: readonly Outcome[] = ['complete', 'pruned', 'failed', 'stopped', 'crashed', 'paused', 'running'];

export interface TimelineBin {
  readonly slot: number;
  /** Seconds: the bin's bars' extent, clipped to the bin. */
  readonly start: number;
  readonly end: number;
  /** Lowest and highest trial id among its bars. */
  readonly firstTrial: number;
  readonly lastTrial: number;
  /** Bars per outcome, in BIN_OUTCOMES order. */
  readonly counts: readonly number[];
  readonly total: number;
}

export interface TimelineMarks {
  /** Bars drawn one by one (indices into the input stay in `index`). */
  readonly bars: readonly { readonly bar: TimelineBar; readonly index: number }[];
  /** Bins of narrow bars, by slot then time. */
  readonly bins: readonly TimelineBin[];
  /** Bars pooled into bins. */
  readonly pooled: number;
}

export interface TimelineMarksOptions {
  /** Seconds at the end of the time axis (running bars end there). */
  readonly end: number;
  /** The axis' length in chart units. */
  readonly width: number;
  /** Bars narrower than this (chart units) are pooled. */
  readonly minBarWidth: number;
  /** A bin's width (chart units). */
  readonly binWidth: number;
}

export function timelineMarks(bars: readonly TimelineBar[], options: TimelineMarksOptions): TimelineMarks {
  const { end, width, minBarWidth, binWidth } = options;
  if (!(width > 0 && binWidth > 0 && minBarWidth >= 0)) throw new RangeError(`timelineMarks: width and binWidth must be positive, got ${width} and ${binWidth}`);
  const scale = end > 0 ? width / end : 0;
  const secondsPerBin = end > 0 ? binWidth / scale : 0;
  const kept: { bar: TimelineBar; index: number }[] = [];
  /** Bins by `slot:k`, built as bars arrive. */
  const open = new Map<string, { slot: number; k: number; start: number; end: number; firstTrial: number; lastTrial: number; counts: number[]; total: number }>();
  let pooled = 0;
  bars.forEach((bar, index) => {
    const barEnd = bar.end ?? end;
    if ((barEnd - bar.start) * scale >= minBarWidth || end <= 0) {
      kept.push({ bar, index });
      return;
    }
    pooled++;
    const k = Math.floor(((bar.start + barEnd) / 2) * (scale / binWidth));
    const key = `${bar.slot}:${k}`;
    let bin = open.get(key);
    if (bin === undefined) open.set(key, (bin = { slot: bar.slot, k, start: bar.start, end: barEnd, firstTrial: bar.trialId, lastTrial: bar.trialId, counts: BIN_OUTCOMES.map(() => 0), total: 0 }));
    bin.start = Math.min(bin.start, bar.start);
    bin.end = Math.max(bin.end, barEnd);
    bin.firstTrial = Math.min(bin.firstTrial, bar.trialId);
    bin.lastTrial = Math.max(bin.lastTrial, bar.trialId);
    bin.counts[BIN_OUTCOMES.indexOf(bar.outcome)]! += 1;
    bin.total++;
  });
  // A bin covers whatever part of its cell any pooled bar covers (a bar counted in the next bin may
  // reach into this one), so that a lane busy throughout shows no seams between its bins.
  const binOf = (bar: TimelineBar, at: number) => open.get(`${bar.slot}:${Math.floor(at * (scale / binWidth))}`);
  for (const bar of bars) {
    const barEnd = bar.end ?? end;
    if ((barEnd - bar.start) * scale >= minBarWidth || end <= 0) continue;
    for (const bin of [binOf(bar, bar.start), binOf(bar, barEnd)]) {
      if (bin === undefined) continue;
      bin.start = Math.min(bin.start, bar.start);
      bin.end = Math.max(bin.end, barEnd);
    }
  }
  const bins = [...open.values()]
    .sort((a, b) => a.slot - b.slot || a.k - b.k)
    .map(({ slot, k, start, end: binEnd, firstTrial, lastTrial, counts, total }) => ({
      slot,
      start: Math.max(start, k * secondsPerBin),
      end: Math.min(binEnd, (k + 1) * secondsPerBin),
      firstTrial,
      lastTrial,
      counts,
      total,
    }));
  return { bars: kept, bins, pooled };
}

/** The bin on `slot` whose extent holds `seconds` (or the nearest within `tolerance` seconds), else null; O(log b). */
export function binAt(bins: readonly TimelineBin[], slot: number, seconds: number, tolerance = 0): TimelineBin | null {
  let lo = 0;
  let hi = bins.length;
  // First bin at or after (slot, seconds − tolerance).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const b = bins[mid] as TimelineBin;
    if (b.slot < slot || (b.slot === slot && b.end < seconds - tolerance)) lo = mid + 1;
    else hi = mid;
  }
  const b = bins[lo];
  return b !== undefined && b.slot === slot && b.start <= seconds + tolerance ? b : null;
}
