/**
 * The optimisation runs: one sequential ask/tell loop per (sampler, function, seed).
 *
 * Notation
 *   E            evaluations per run
 *   r_t          simple regret after t evaluations (t = 1 … E): noise-free f of the trial the
 *                study reports as best, minus f*; for a noisy function the study picks its best
 *                by the noisy values it was told, so r_t need not fall monotonically
 *   askMs_t      wall-clock milliseconds of the t-th `ask()` (the sampler's suggestion)
 *
 * Seeding: the study seed is derived from (seed, function name) only, and the noise of trial t from
 * (study seed, t), so every sampler sees the same noise sequence and a run never depends on which
 * other samplers or functions were selected.
 */
import { createRng, createStudy, deriveSeed, type SamplerName } from '../../src/tuner';
import { simpleRegret, type BenchFunction } from './functions';

export interface RunResult {
  readonly sampler: SamplerName;
  readonly fn: string;
  readonly seed: number;
  /** r_1 … r_E (length E). */
  readonly regret: readonly number[];
  /** askMs_1 … askMs_k for the k ≤ E suggestions made. */
  readonly askMs: readonly number[];
  /** Evaluations done before the sampler reported it was exhausted, or null if it never was. */
  readonly exhaustedAfter: number | null;
}

/** Salt separating the noise stream from anything else derived from the study seed. */
const NOISE_SALT = 0x6e6f6973;

/** A stable 32-bit hash of a name (FNV-1a). */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function studySeedFor(fn: BenchFunction, seed: number): number {
  return deriveSeed(seed, nameHash(fn.name));
}

/** The value the study is told for trial `trialId`: f(x) plus seeded Gaussian noise when σ > 0. */
export function observe(fn: BenchFunction, studySeed: number, trialId: number, noiseFree: number): number {
  if (fn.noiseSigma === 0) return noiseFree;
  return noiseFree + fn.noiseSigma * createRng(deriveSeed(studySeed, NOISE_SALT, trialId)).normal();
}

export function runOnce(sampler: SamplerName, fn: BenchFunction, seed: number, evals: number): RunResult {
  const studySeed = studySeedFor(fn, seed);
  const study = createStudy({ space: fn.space, sampler, direction: 'minimize', seed: studySeed });
  const regret: number[] = [];
  const askMs: number[] = [];
  let exhaustedAfter: number | null = null;
  for (let t = 0; t < evals; t++) {
    const start = performance.now();
    const asked = study.tryAsk();
    askMs.push(performance.now() - start);
    if (asked.kind === 'exhausted') {
      askMs.pop();
      exhaustedAfter = t;
      break;
    }
    study.tell(asked.id, observe(fn, studySeed, asked.id, fn.value(asked.params)));
    const best = study.best;
    regret.push(best === null ? Number.NaN : simpleRegret(fn, best.params));
  }
  const last = regret.length > 0 ? (regret[regret.length - 1] as number) : Number.NaN;
  while (regret.length < evals) regret.push(last);
  return { sampler, fn: fn.name, seed, regret, askMs, exhaustedAfter };
}
