/**
 * The page's slow analyses, as pure functions of a study: hyperparameter importance (Results),
 * what the GP believed at one step of the history (the Inspector), and the GP mean over a map
 * (real-task race backgrounds). They run in the analysis worker (analysis.worker.ts) so that no
 * fit blocks the page, or in the page itself where no worker can start (analysis-client.ts).
 */
import { inspectGp, type InspectableStudy, type Params, type ParamDef, type SearchSpace, decodeValue } from '../../tuner';
import { gpGrid2D, gpSlice1D, type GpGrid2DData, type GpSlice1DData } from './gp-slices';
import { gpImportance, type Importance } from './importance';

/** Sobol points of the importance estimate. */
export const IMPORTANCE_SAMPLES = 512;
/** Observed trials the Inspector's charts draw one by one (the best 20 always). */
export const INSPECTOR_MAX_OBSERVED = 400;

export interface InspectRequest {
  /** Trials the GP may see: trials[0 … upTo − 1]. */
  readonly upTo: number;
  readonly xParam: string;
  /** '' for no 2-D map. */
  readonly yParam: string;
  /** Cells per side of the 2-D grid. */
  readonly gridRes: number;
  /** Positions along the 1-D slice. */
  readonly sliceCount: number;
}

export type Inspection =
  | { readonly kind: 'empty'; readonly message: string }
  | {
      readonly kind: 'ready';
      readonly upTo: number;
      readonly observed: number;
      readonly bestValue: number;
      readonly next: Readonly<Params>;
      readonly slice: GpSlice1DData;
      readonly grid: GpGrid2DData | null;
    };

export function importanceOf(study: InspectableStudy): Importance | null {
  const complete = study.trials.reduce((n, t) => n + (t.state === 'complete' ? 1 : 0), 0);
  if (complete < 3 || Object.keys(study.space).length < 2) return null;
  return gpImportance(study, { samples: IMPORTANCE_SAMPLES });
}

export function inspectionOf(study: InspectableStudy, request: InspectRequest): Inspection {
  const upTo = Math.max(0, Math.min(Math.floor(request.upTo), study.trials.length));
  const inspection = inspectGp(study, { upTo });
  if (inspection === null) return { kind: 'empty', message: `No trial among the first ${upTo} has completed yet: the GP has nothing to fit.` };
  const options = { maxObserved: INSPECTOR_MAX_OBSERVED };
  const slice = gpSlice1D(study, inspection, request.xParam, { ...options, count: request.sliceCount });
  const grid = request.yParam === '' ? null : gpGrid2D(study, inspection, request.xParam, request.yParam, { ...options, res: request.gridRes });
  return { kind: 'ready', upTo, observed: inspection.observed, bestValue: inspection.bestValue, next: inspection.next, slice, grid };
}

export interface MeanGridRequest {
  readonly xParam: string;
  readonly yParam: string;
  /** Values of the parameters off the map. */
  readonly anchor: Params;
  /** Cells per side. */
  readonly res: number;
}

/**
 * The GP posterior mean on a res × res grid of cell centres over (xParam, yParam) in encoded
 * coordinates, row-major from v = 0; null when no trial has completed.
 */
export function meanGridOf(study: InspectableStudy, request: MeanGridRequest): number[] | null {
  const inspection = inspectGp(study);
  if (inspection === null) return null;
  const { space } = study;
  const points: Params[] = [];
  for (let r = 0; r < request.res; r++)
    for (let c = 0; c < request.res; c++)
      points.push({ ...request.anchor, [request.xParam]: decodeAt(space, request.xParam, (c + 0.5) / request.res), [request.yParam]: decodeAt(space, request.yParam, (r + 0.5) / request.res) });
  return inspection.predict(points).mean;
}

function decodeAt(space: SearchSpace, name: string, u: number) {
  return decodeValue(space[name] as ParamDef, u);
}
