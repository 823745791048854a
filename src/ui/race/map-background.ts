/**
 * What the sample maps draw underneath the points, as a function of the map's encoded coordinates
 * (u, v) ∈ [0, 1]²: the true landscape of a synthetic task, or the GP posterior mean fitted to every
 * trial of a real task. Parameters off the map are held at an anchor (the best trial's values).
 * gpMeanGridBackground fits the GP off the page's thread (the analysis worker, whose client it
 * fetches on first use) and answers with a grid read back bilinearly.
 */
import type { SyntheticObjective } from '../../runner';
import type { Analysis } from '../analysis/analysis-client';
import { decodeValue, type ParamDef, type Params, type SearchSpace, type Trial } from '../../tuner';

export type Background = (u: number, v: number) => number;

/** The best complete trial's params, or each parameter's middle value when none completed. */
export function anchorOf(space: SearchSpace, trials: Iterable<Trial>): Params {
  let best: Trial | null = null;
  for (const t of trials) if (t.state === 'complete' && t.value !== null && (best === null || t.value < (best.value as number))) best = t;
  if (best !== null) return best.params;
  return Object.fromEntries(Object.entries(space).map(([name, def]) => [name, decodeValue(def, 0.5)]));
}

function at(space: SearchSpace, anchor: Params, x: string, y: string, u: number, v: number): Params {
  return { ...anchor, [x]: decodeValue(space[x] as ParamDef, u), [y]: decodeValue(space[y] as ParamDef, v) };
}

/** The synthetic objective itself over (x, y). */
export function landscapeBackground(objective: SyntheticObjective, space: SearchSpace, x: string, y: string, anchor: Params): Background {
  return (u, v) => objective.value(at(space, anchor, x, y, u, v));
}

/** Cells per side of the grid `gpMeanGridBackground` asks for. */
export const MEAN_GRID_RES = 48;

/**
 * The GP posterior mean fitted to `trials` (from any number of studies; ids are renumbered), fitted
 * and evaluated off the page's thread (the analysis worker, or the page a slice at a time where no
 * worker can start): the mean on a res × res grid of cell centres, read back bilinearly between
 * them. Null when no trial has completed.
 */
export async function gpMeanGridBackground(
  space: SearchSpace,
  trials: readonly Trial[],
  seed: number,
  x: string,
  y: string,
  options: { readonly res?: number; readonly analysis?: Analysis } = {},
): Promise<Background | null> {
  const res = options.res ?? MEAN_GRID_RES;
  if (!(Number.isInteger(res) && res >= 2)) throw new RangeError(`gpMeanGridBackground: res must be an integer of at least 2, got ${res}`);
  const pooled = trials.map((t, i) => ({ ...t, id: i }));
  const anchor = anchorOf(space, pooled);
  // The analysis worker's client is fetched with the first fit (real tasks only), not with the page.
  const analysis = options.analysis ?? (await import('../analysis/analysis-client')).sharedAnalysis();
  const grid = await analysis.meanGrid({ space, direction: 'minimize', seed, trials: pooled }, { xParam: x, yParam: y, anchor, res });
  return grid === null ? null : bilinear(grid, res);
}

/** Reads a res × res row-major grid of cell centres (row 0 at v = 0) at (u, v), bilinearly, clamped at the edges. */
function bilinear(grid: readonly number[], res: number): Background {
  const cell = (c: number, r: number) => grid[r * res + c] as number;
  return (u, v) => {
    const gx = Math.min(res - 1, Math.max(0, u * res - 0.5));
    const gy = Math.min(res - 1, Math.max(0, v * res - 0.5));
    const c0 = Math.min(res - 2, Math.floor(gx));
    const r0 = Math.min(res - 2, Math.floor(gy));
    const fx = gx - c0;
    const fy = gy - r0;
    const top = cell(c0, r0) * (1 - fx) + cell(c0 + 1, r0) * fx;
    const bottom = cell(c0, r0 + 1) * (1 - fx) + cell(c0 + 1, r0 + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  };
}
