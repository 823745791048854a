import { describe, expect, it } from 'vitest';
import { braninLandscape } from '../../../src/runner/synthetic-objectives';
import { createStudy, decodeValue, inspectGp, type ParamDef, type SearchSpace, type Trial } from '../../../src/tuner';
import { inPageAnalysis } from '../../../src/ui/analysis/analysis-client';
import { anchorOf, gpMeanGridBackground } from '../../../src/ui/race/map-background';

/** The exact GP mean over (x, y), fitted in the page: the reference the grid must match at its cells' centres. */
function exactMean(space: SearchSpace, trials: readonly Trial[], seed: number, x: string, y: string): (u: number, v: number) => number {
  const pooled = trials.map((t, i) => ({ ...t, id: i }));
  const inspection = inspectGp({ space, direction: 'minimize', seed, trials: pooled });
  if (inspection === null) throw new Error('no trial completed');
  const anchor = anchorOf(space, pooled);
  return (u, v) => inspection.predict([{ ...anchor, [x]: decodeValue(space[x] as ParamDef, u), [y]: decodeValue(space[y] as ParamDef, v) }]).mean[0] as number;
}

function braninTrials(n: number): Trial[] {
  const study = createStudy({ space: braninLandscape.space, sampler: 'random', seed: 3 });
  for (let i = 0; i < n; i++) {
    const { id, params } = study.ask();
    study.tell(id, braninLandscape.value(params));
  }
  return study.trials.slice();
}

describe('gpMeanGridBackground', () => {
  const analysis = inPageAnalysis(() => Promise.resolve());

  it('matches the GP mean fitted in the page at the grid cells’ centres', async () => {
    const trials = braninTrials(20);
    const res = 8;
    const grid = await gpMeanGridBackground(braninLandscape.space, trials, 7, 'x1', 'x2', { res, analysis });
    const exact = exactMean(braninLandscape.space, trials, 7, 'x1', 'x2');
    expect(grid).not.toBeNull();
    for (const [c, r] of [[0, 0], [3, 5], [7, 7], [6, 1]] as const) {
      const u = (c + 0.5) / res;
      const v = (r + 0.5) / res;
      expect(grid!(u, v)).toBeCloseTo(exact(u, v), 6);
    }
    // Between centres it interpolates, and it stays finite up to the edges.
    for (const [u, v] of [[0, 0], [1, 1], [0.5, 0.33]] as const) expect(Number.isFinite(grid!(u, v))).toBe(true);
  });

  it('is null before any trial completes, and refuses a grid under 2 cells a side', async () => {
    expect(await gpMeanGridBackground(braninLandscape.space, [], 7, 'x1', 'x2', { analysis })).toBeNull();
    await expect(gpMeanGridBackground(braninLandscape.space, braninTrials(3), 7, 'x1', 'x2', { res: 1, analysis })).rejects.toThrow(/res must be an integer of at least 2/);
  });
});
