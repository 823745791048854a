/** Trials projected onto two parameters, in encoded coordinates (u, v) ∈ [0, 1]², for maps. */
import { encodeValue, type ParamDef, type ParamValue, type SearchSpace, type Trial } from '../../tuner';

export interface MapPoint {
  readonly u: number;
  readonly v: number;
  readonly id: number;
}

/** Every trial that has both parameters (all states: a map shows where a strategy looked). */
export function projectTrials(trials: readonly Trial[], space: SearchSpace, x: string, y: string): MapPoint[] {
  const dx = space[x] as ParamDef | undefined;
  const dy = space[y] as ParamDef | undefined;
  if (dx === undefined || dy === undefined) throw new RangeError(`projectTrials: no parameter "${dx === undefined ? x : y}"`);
  return trials
    .filter((t) => t.params[x] !== undefined && t.params[y] !== undefined)
    .map((t) => ({ u: encodeValue(dx, t.params[x] as ParamValue), v: encodeValue(dy, t.params[y] as ParamValue), id: t.id }));
}
