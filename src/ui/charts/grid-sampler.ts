/**
 * Sampling a map's background over its grid without blocking the page: rows are evaluated in
 * slices of at most `sliceMs` of real time, one macrotask each, and a finished grid is shared by
 * every map that draws the same background function at the same resolution (a race shows one map
 * per strategy over one landscape). A 64 × 64 grid is 4,096 evaluations of the objective: about
 * 10 ms on a fast machine and several times that on a slow one, too much for one task.
 *
 * Notation
 *   f      (u, v) → value, u, v ∈ [0, 1]
 *   res    cells per side; the grid is res² values in sampleGrid's order (heatmap.ts)
 */
type Background = (u: number, v: number) => number;

export interface SliceOptions {
  /** Most real time one slice may take, ms (default 4). */
  readonly sliceMs?: number;
  /** Real-time source, ms (default performance.now). */
  readonly now?: () => number;
  /** Gives the page a turn between slices (default a zero-delay timeout). */
  readonly yieldToPage?: () => Promise<void>;
}

const shared = new WeakMap<Background, Map<number, Promise<readonly number[]>>>();

/** The grid of f at res (heatmap.ts order), sampled in slices; one computation per (f, res). */
export function sampleGridInSlices(f: Background, res: number, options: SliceOptions = {}): Promise<readonly number[]> {
  const byRes = shared.get(f) ?? new Map<number, Promise<readonly number[]>>();
  shared.set(f, byRes);
  const known = byRes.get(res);
  if (known !== undefined) return known;
  const grid = sample(f, res, options);
  byRes.set(res, grid);
  // A failed sampling is not kept: the next map (or the next try) starts again.
  grid.catch(() => byRes.delete(res));
  return grid;
}

async function sample(f: Background, res: number, options: SliceOptions): Promise<readonly number[]> {
  const sliceMs = options.sliceMs ?? 4;
  const now = options.now ?? (() => performance.now());
  const yieldToPage = options.yieldToPage ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const out: number[] = new Array(res * res);
  let sliceStart = now();
  for (let r = 0; r < res; r++) {
    if (r > 0 && now() - sliceStart >= sliceMs) {
      await yieldToPage();
      sliceStart = now();
    }
    for (let c = 0; c < res; c++) out[r * res + c] = f((c + 0.5) / res, (r + 0.5) / res);
  }
  return out;
}
