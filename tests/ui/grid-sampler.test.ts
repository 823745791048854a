/** Map backgrounds sampled in slices: same grid as a plain loop, yields between slices, shared per function and resolution. */
import { describe, expect, it } from 'vitest';
import { sampleGridInSlices } from '../../src/ui/charts/grid-sampler';

/** A clock that advances 1 ms per reading, and a yield that counts turns. */
function fakePage() {
  let t = 0;
  const page = { turns: 0, now: () => t++, yieldToPage: async () => void page.turns++ };
  return page;
}

describe('sampleGridInSlices', () => {
  it('returns the values at the cell centres, row 0 at v = lowest', async () => {
    const page = fakePage();
    const grid = await sampleGridInSlices((u, v) => 10 * u + v, 4, page);
    expect(grid).toHaveLength(16);
    expect(grid[0]).toBeCloseTo(10 * 0.125 + 0.125);
    expect(grid[3]).toBeCloseTo(10 * 0.875 + 0.125);
    expect(grid[4]).toBeCloseTo(10 * 0.125 + 0.375);
  });

  it('gives the page a turn whenever a slice has used its time', async () => {
    const page = fakePage();
    // Each row reads the clock once: with 1 ms per reading and 3 ms slices, a turn every few rows.
    await sampleGridInSlices((u) => u, 32, { ...page, sliceMs: 3 });
    expect(page.turns).toBeGreaterThanOrEqual(8);
    const quiet = fakePage();
    await sampleGridInSlices((u) => u, 32, { ...quiet, sliceMs: 1e9 });
    expect(quiet.turns).toBe(0);
  });

  it('samples a background once per resolution, however many maps ask', async () => {
    let calls = 0;
    const f = (u: number) => (calls++, u);
    const [a, b] = await Promise.all([sampleGridInSlices(f, 8, fakePage()), sampleGridInSlices(f, 8, fakePage())]);
    expect(a).toBe(b);
    expect(calls).toBe(64);
    await sampleGridInSlices(f, 4, fakePage());
    expect(calls).toBe(64 + 16);
  });

  it('does not keep a failed sampling: the next request tries again', async () => {
    let fail = true;
    const f = (u: number) => {
      if (fail) throw new Error('objective failed');
      return u;
    };
    await expect(sampleGridInSlices(f, 4, fakePage())).rejects.toThrow(/objective failed/);
    fail = false;
    await expect(sampleGridInSlices(f, 4, fakePage())).resolves.toHaveLength(16);
  });
});
