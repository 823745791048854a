/**
 * GPs beside the objective's: one per constraint (for the probability of feasibility) and one on
 * log wall-clock cost (for cost-aware search). Each is fitted with the objective's machinery
 * (model.ts) on a derived history, so encoding, standardisation and fitting are shared.
 *
 * Notation
 *   c_k(x)        value of constraint k (≤ 0 satisfied), told with each trial
 *   μ_k, σ_k      posterior of the standardised GP on c_k;  t_k = (0 − m_k)/s_k the threshold 0
 *                 in standardised units (m_k, s_k: mean and sd of the told c_k)
 *   PoF_k(x)      P(c_k(x) ≤ 0) = Φ((t_k − μ_k)/σ_k)
 *   log c(x)      log wall-clock duration (ms) of a complete trial; E[log c(x)] = m_c + s_c μ_c(x)
 *
 * Each is bounded like the objective's GP (a working set of at most maxModelPoints rows) and built
 * as slices; `buildConstraintModels` / `buildCostModel` run the slices through.
 */
import type { Rng } from '../rng';
import type { SearchSpace } from '../space/types';
import { durationOf, type Trial } from '../trial/trial';
import { runSliced, type Sliced } from '../slices';
import { encodeHistory } from './encoded-history';
import { gpEncodingFor, gpModelSteps, type GpModel } from './model';
import type { GpRegressor } from './regressor';

export interface ConstraintModel {
  readonly name: string;
  readonly gp: GpRegressor;
  /** t_k: the threshold c = 0 in the GP's standardised units. */
  readonly threshold: number;
}

export interface CostModel {
  readonly gp: GpRegressor;
  /** E[log c(x)] = mean + std · μ_c(x) (log ms). */
  readonly mean: number;
  readonly std: number;
}

export interface SideModelOptions {
  readonly minNoise: number;
  readonly maxFitPoints: number;
  /** W of the working set (default 300). */
  readonly maxModelPoints?: number;
  readonly rng: Rng;
}

/** Constraint names told with any finished trial, in first-seen order. */
export function constraintNames(trials: readonly Trial[]): string[] {
  const names: string[] = [];
  for (const t of trials) for (const k of Object.keys(t.constraints ?? {})) if (!names.includes(k)) names.push(k);
  return names;
}

function asObservation(t: Trial, value: number, id: number): Trial {
  return { id, params: t.params, state: 'complete', value, intermediate: [], startedAt: 0, endedAt: 0, reason: null };
}

function* fit(space: SearchSpace, rows: Trial[], o: SideModelOptions): Sliced<GpModel | null> {
  const enc = gpEncodingFor(space);
  yield { phase: 'model', work: 200 * rows.length };
  return yield* gpModelSteps(enc, encodeHistory(enc, 'minimize', rows), {
    hyperparams: { kind: 'fit', warmStart: null, coldStart: true },
    minNoise: o.minNoise,
    maxFitPoints: o.maxFitPoints,
    ...(o.maxModelPoints === undefined ? {} : { maxModelPoints: o.maxModelPoints }),
    rng: o.rng,
  });
}

/** One GP per constraint on every finished trial that was told its value. */
export function buildConstraintModels(space: SearchSpace, trials: readonly Trial[], o: SideModelOptions): ConstraintModel[] {
  return runSliced(constraintModelsSteps(space, trials, o));
}

/** A GP on log duration of complete trials; null with fewer than two. */
export function buildCostModel(space: SearchSpace, trials: readonly Trial[], o: SideModelOptions): CostModel | null {
  return runSliced(costModelSteps(space, trials, o));
}

/** `buildConstraintModels` as slices. */
export function* constraintModelsSteps(space: SearchSpace, trials: readonly Trial[], o: SideModelOptions): Sliced<ConstraintModel[]> {
  const out: ConstraintModel[] = [];
  for (const name of constraintNames(trials)) {
    const rows: Trial[] = [];
    for (const t of trials) {
      const c = t.constraints?.[name];
      if (t.state !== 'running' && c !== undefined) rows.push(asObservation(t, c, rows.length));
    }
    const model = yield* fit(space, rows, o);
    if (model !== null) out.push({ name, gp: model.regressor, threshold: (0 - model.lossMean) / model.lossStd });
  }
  return out;
}

/** `buildCostModel` as slices. */
export function* costModelSteps(space: SearchSpace, trials: readonly Trial[], o: SideModelOptions): Sliced<CostModel | null> {
  const rows: Trial[] = [];
  for (const t of trials) {
    const ms = durationOf(t);
    if (t.state === 'complete' && ms !== null) rows.push(asObservation(t, Math.log(Math.max(ms, 1)), rows.length));
  }
  if (rows.length < 2) return null;
  const model = yield* fit(space, rows, o);
  return model === null ? null : { gp: model.regressor, mean: model.lossMean, std: model.lossStd };
}
