/**
 * The ask/tell loop of the peer comparison, the same for our samplers and for Optuna's, with k
 * trials outstanding: ask k, then repeatedly tell the oldest and ask one more (k = 1 is the plain
 * sequential loop). The objective is evaluated here, so both sides see the same values and noise.
 *
 * Notation
 *   E            evaluations per run (trials told)
 *   k            trials outstanding (asked, not yet told) while fewer than E have been asked
 *   r_t          simple regret after the t-th tell: noise-free f of the told trial with the lowest
 *                told value, minus f* (t = 1 … E; carried forward when the sampler is exhausted)
 *   askMs_i      wall-clock milliseconds of the i-th ask, as the sampler measured it
 */
import { createStudy, type Params, type SamplerName } from '../../src/tuner';
import { simpleRegret, type BenchFunction } from './functions';
import { observe, studySeedFor } from './run';

/** One suggestion: the trial's id (Optuna's trial number), its params and the ask's ms. */
export interface Asked {
  readonly id: number;
  readonly params: Params;
  readonly ms: number;
}

/** A study driven by the loop: `ask` answers null when the sampler has nothing left to suggest. */
export interface Asker {
  ask(): Promise<Asked | null>;
  tell(id: number, value: number): Promise<void>;
  close?(): Promise<void>;
}

export interface LoopRun {
  /** Who suggested: one of our samplers, or an Optuna peer ("optuna tpe", …). */
  readonly runner: string;
  readonly fn: string;
  readonly seed: number;
  readonly outstanding: number;
  /** r_1 … r_E (length E). */
  readonly regret: readonly number[];
  readonly askMs: readonly number[];
  /** Trials told before the sampler was exhausted, or null if it never was. */
  readonly exhaustedAfter: number | null;
}

/** Runs one study for E evaluations with k outstanding; the asker is closed afterwards. */
export async function runLoop(
  runner: string,
  asker: Asker,
  fn: BenchFunction,
  seed: number,
  evals: number,
  outstanding: number,
): Promise<LoopRun> {
  if (!Number.isInteger(outstanding) || outstanding < 1) throw new Error(`outstanding trials must be an integer ≥ 1, got ${outstanding}`);
  const studySeed = studySeedFor(fn, seed);
  const queue: Asked[] = [];
  const regret: number[] = [];
  const askMs: number[] = [];
  let asked = 0;
  let exhausted = false;
  let best: { value: number; params: Params } | null = null;
  try {
    while (regret.length < evals) {
      while (!exhausted && queue.length < outstanding && asked < evals) {
        const next = await asker.ask();
        if (next === null) exhausted = true;
        else {
          queue.push(next);
          askMs.push(next.ms);
          asked++;
        }
      }
      const oldest = queue.shift();
      if (oldest === undefined) break;
      const value = observe(fn, studySeed, oldest.id, fn.value(oldest.params));
      await asker.tell(oldest.id, value);
      if (best === null || value < best.value) best = { value, params: oldest.params };
      regret.push(simpleRegret(fn, best.params));
    }
  } finally {
    await asker.close?.();
  }
  const exhaustedAfter = regret.length < evals ? regret.length : null;
  const last = regret.length > 0 ? (regret[regret.length - 1] as number) : Number.NaN;
  while (regret.length < evals) regret.push(last);
  return { runner, fn: fn.name, seed, outstanding, regret, askMs, exhaustedAfter };
}

/** One of our samplers as an asker, seeded like the sequential runs of run.ts. */
export function ourAsker(sampler: SamplerName, fn: BenchFunction, seed: number): Asker {
  const study = createStudy({ space: fn.space, sampler, direction: 'minimize', seed: studySeedFor(fn, seed) });
  return {
    ask: async () => {
      const start = performance.now();
      const result = study.tryAsk();
      const ms = performance.now() - start;
      return result.kind === 'exhausted' ? null : { id: result.id, params: result.params, ms };
    },
    tell: async (id, value) => void study.tell(id, value),
  };
}
