/**
 * What the sample maps draw underneath the points, as a function of the map's encoded coordinates
 * (u, v) ∈ [0, 1]²: the true landscape of a synthetic task, or the GP posterior mean fitted to every
 * trial of a real task. Parameters off the map are held at an anchor (the best trial's values).
 */
import type { SyntheticObjective } from '../../runner/simulated';
import { decodeValue, inspectGp, type ParamDef, type Params, type SearchSpace, type Trial } from '../../tuner';

export type Background = (u: number, v: number) => number;

/** The best complete trial's params, or each parameter's middle value when none completed. */
export function anchorOf(space: SearchSpace, trials: readonly Trial[]): Params {
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

/**
 * The GP posterior mean fitted to `trials` (from any number of studies; ids are renumbered), or
 * null when none has completed. Fitting takes a few tens of milliseconds: call it once per change.
 */
export function gpMeanBackground(space: SearchSpace, trials: readonly Trial[], seed: number, x: string, y: string): Background | null {
  const pooled = trials.map((t, i) => ({ ...t, id: i }));
  const inspection = inspectGp({ space, direction: 'minimize', seed, trials: pooled });
  if (inspection === null) return null;
  const anchor = anchorOf(space, pooled);
  return (u, v) => inspection.predict([at(space, anchor, x, y, u, v)]).mean[0] as number;
}
