import { describe, expect, it } from 'vitest';
import { compareKernel, inputMaker, onBackend, runKernelHere } from './wasm-test-env';

describe('UnsortedSegmentSum on wasm matches the cpu backend', () => {
  const cases = [
    { rows: 40, row: [], numSegments: 7 },
    { rows: 64, row: [16], numSegments: 50 },
    { rows: 30, row: [3, 4], numSegments: 5 },
    { rows: 12, row: [8], numSegments: 40 },
  ] as const;
  for (const [i, c] of cases.entries()) {
    const label = `${c.rows} rows of [${c.row.join(',')}] into ${c.numSegments} segments`;
    it(label, async () => {
      const make = inputMaker(400 + i);
      const x = make.normal([c.rows, ...c.row]);
      const segmentIds = make.ints([c.rows], 0, c.numSegments);
      const diff = await compareKernel(label, 'UnsortedSegmentSum', { x, segmentIds }, { numSegments: c.numSegments });
      expect(diff.relative).toBeLessThan(1e-6);
    });
  }

  it('drops ids outside [0, numSegments), as cpu does', async () => {
    const x = { shape: [5, 2], values: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) };
    const segmentIds = { shape: [5], values: Int32Array.of(2, -1, 0, 3, 2), dtype: 'int32' as const };
    const diff = await compareKernel('out-of-range ids', 'UnsortedSegmentSum', { x, segmentIds }, { numSegments: 3 });
    expect(diff.maxAbsDiff).toBe(0);
    const out = await onBackend('wasm', () => runKernelHere('UnsortedSegmentSum', { x, segmentIds }, { numSegments: 3 }));
    expect(Array.from(out)).toEqual([5, 6, 0, 0, 10, 12]);
  });

  it('sums int32 values into int32 segments', async () => {
    const x = { shape: [4], values: Int32Array.of(1, 2, 3, 4), dtype: 'int32' as const };
    const segmentIds = { shape: [4], values: Int32Array.of(1, 1, 0, 1), dtype: 'int32' as const };
    const out = await onBackend('wasm', () => runKernelHere('UnsortedSegmentSum', { x, segmentIds }, { numSegments: 2 }));
    expect(Array.from(out)).toEqual([3, 7]);
  });

  it('sums segment ids over a leading part of x (rank-2 ids)', async () => {
    const x = { shape: [2, 2, 1], values: Float32Array.of(1, 2, 3, 4) };
    const segmentIds = { shape: [2, 2], values: Int32Array.of(0, 1, 1, 1), dtype: 'int32' as const };
    const out = await onBackend('wasm', () => runKernelHere('UnsortedSegmentSum', { x, segmentIds }, { numSegments: 2 }));
    expect(Array.from(out)).toEqual([1, 9]);
  });
});
