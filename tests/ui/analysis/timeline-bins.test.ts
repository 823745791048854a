import { describe, expect, it } from 'vitest';
import type { TimelineBar } from '../../../src/ui/analysis/timeline';
import { BIN_OUTCOMES, binAt, timelineMarks } from '../../../src/ui/analysis/timeline-bins';

function bar(slot: number, trialId: number, start: number, end: number | null, outcome: TimelineBar['outcome'] = 'complete'): TimelineBar {
  return { slot, trialId, attempt: 0, start, end, outcome, value: outcome === 'complete' ? 1 : null, reason: null, resumed: false, clonedFrom: null, fromEpoch: 0, toEpoch: 1 };
}

/** 10,000 one-second trials on 4 lanes, back to back; every 10th pruned, every 25th failed. */
function manyShortBars(): TimelineBar[] {
  return Array.from({ length: 10_000 }, (_, i) => {
    const slot = i % 4;
    const start = Math.floor(i / 4);
    return bar(slot, i, start, start + 1, i % 25 === 0 ? 'failed' : i % 10 === 0 ? 'pruned' : 'complete');
  });
}

describe('timelineMarks', () => {
  const options = { end: 2500, width: 500, minBarWidth: 3, binWidth: 4 };

  it('pools bars narrower than the minimum into bins per lane, at most width / binWidth bins a lane', () => {
    const bars = manyShortBars();
    const marks = timelineMarks(bars, options);
    expect(marks.bars).toHaveLength(0);
    expect(marks.pooled).toBe(10_000);
    for (let slot = 0; slot < 4; slot++) expect(marks.bins.filter((b) => b.slot === slot).length).toBeLessThanOrEqual(500 / 4);
    // Nothing is lost: the bins' counts add up to the bars, outcome by outcome.
    const total = BIN_OUTCOMES.map((_, i) => marks.bins.reduce((s, b) => s + (b.counts[i] as number), 0));
    expect(total.reduce((s, c) => s + c, 0)).toBe(10_000);
    expect(total[BIN_OUTCOMES.indexOf('failed')]).toBe(bars.filter((b) => b.outcome === 'failed').length);
    expect(total[BIN_OUTCOMES.indexOf('pruned')]).toBe(bars.filter((b) => b.outcome === 'pruned').length);
  });

  it('keeps bins in lane and time order, within their cell and not overlapping', () => {
    const marks = timelineMarks(manyShortBars(), options);
    const secondsPerBin = 4 / (500 / 2500);
    for (let i = 1; i < marks.bins.length; i++) {
      const a = marks.bins[i - 1]!;
      const b = marks.bins[i]!;
      expect(a.slot < b.slot || (a.slot === b.slot && a.end <= b.start)).toBe(true);
    }
    for (const b of marks.bins) {
      expect(b.start).toBeLessThan(b.end);
      expect(Math.floor(b.start / secondsPerBin + 1e-9)).toBe(Math.ceil(b.end / secondsPerBin - 1e-9) - 1);
      expect(b.firstTrial).toBeLessThanOrEqual(b.lastTrial);
    }
  });

  it('keeps wide bars one by one, with their index, and a running bar ends at the axis end', () => {
    const bars = [bar(0, 0, 0, 1000), bar(0, 1, 1000, 1001), bar(1, 2, 0, null, 'running')];
    const marks = timelineMarks(bars, options);
    expect(marks.bars.map((m) => m.index)).toEqual([0, 2]);
    expect(marks.pooled).toBe(1);
    expect(marks.bins).toHaveLength(1);
    expect(marks.bins[0]).toMatchObject({ slot: 0, firstTrial: 1, lastTrial: 1, total: 1 });
  });

  it('draws everything one by one when the axis has no length yet', () => {
    const marks = timelineMarks([bar(0, 0, 0, 0)], { ...options, end: 0 });
    expect(marks.bars).toHaveLength(1);
    expect(marks.bins).toHaveLength(0);
  });

  it('refuses a width or bin width that is not positive', () => {
    expect(() => timelineMarks([], { ...options, binWidth: 0 })).toThrow(/width and binWidth must be positive/);
  });
});

describe('binAt', () => {
  it('finds the bin under a time on a lane, or none', () => {
    const { bins } = timelineMarks(manyShortBars(), { end: 2500, width: 500, minBarWidth: 3, binWidth: 4 });
    const hit = binAt(bins, 2, 1234.5);
    expect(hit?.slot).toBe(2);
    expect(hit!.start).toBeLessThanOrEqual(1234.5);
    expect(hit!.end).toBeGreaterThanOrEqual(1234.5);
    expect(binAt(bins, 7, 10)).toBeNull();
    expect(binAt(bins, 0, 9999)).toBeNull();
  });
});
