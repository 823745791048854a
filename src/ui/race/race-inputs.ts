/**
 * The Race view's inputs, checked the way Setup checks its fields: trials per entry, repeats
 * (seeds, synthetic tasks only), the seed and the chosen entries. Each wrong field gets a message
 * that names the field, its limits (src/ui/limits.ts) and what was typed; a race with any error
 * cannot start.
 *
 *   const errors = raceInputErrors({ budget: 0, repeats: 3, seed: 1, strategies: ['gp'], synthetic: true });
 *   errors.get('budget');   // "Trials each must be a whole number from 4 to 200, got 0."
 */
import { shortValue } from '../../tuner';
import { MAX_RACE_REPEATS, MAX_RACE_TRIALS, MIN_RACE_REPEATS, MIN_RACE_TRIALS } from '../limits';
import type { RaceEntry } from './race-entries';

/** The largest seed, as Setup's: seeds are 31-bit unsigned integers. */
export const MAX_RACE_SEED = 2 ** 31 - 1;

export type RaceField = 'budget' | 'repeats' | 'seed' | 'strategies';

export interface RaceInputs {
  /** Trials per entry, as the field holds it (a number input gives null when empty). */
  readonly budget: unknown;
  readonly repeats: unknown;
  readonly seed: unknown;
  readonly strategies: readonly RaceEntry[];
  /** Repeats apply to synthetic tasks only (a real task races once). */
  readonly synthetic: boolean;
}

/** Field → message, in the order the view lists the fields; empty when the race can start. */
export function raceInputErrors(inputs: RaceInputs): Map<RaceField, string> {
  const errors = new Map<RaceField, string>();
  const budget = wholeNumberProblem('Trials each', inputs.budget, MIN_RACE_TRIALS, MAX_RACE_TRIALS);
  if (budget !== null) errors.set('budget', budget);
  if (inputs.synthetic) {
    const repeats = wholeNumberProblem('Repeats', inputs.repeats, MIN_RACE_REPEATS, MAX_RACE_REPEATS);
    if (repeats !== null) errors.set('repeats', repeats);
  }
  const seed = wholeNumberProblem('The seed', inputs.seed, 0, MAX_RACE_SEED);
  if (seed !== null) errors.set('seed', seed);
  if (inputs.strategies.length === 0) errors.set('strategies', 'Choose at least one strategy to race.');
  return errors;
}

/** One line for a race that cannot start: the first field's message, and how many more there are. */
export function raceRefusal(errors: ReadonlyMap<RaceField, string>): string | null {
  const [first] = errors.values();
  if (first === undefined) return null;
  return errors.size === 1 ? `Cannot race: ${first}` : `Cannot race: ${first} (and ${errors.size - 1} more field${errors.size === 2 ? '' : 's'} marked in red)`;
}

function wholeNumberProblem(label: string, v: unknown, min: number, max: number): string | null {
  const range = `a whole number from ${min} to ${max}`;
  if (v === null || v === undefined || v === '') return `${label} is empty: enter ${range}.`;
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${label} must be ${range}, got ${typeof v === 'number' ? String(v) : shortValue(v)}.`;
  if (!Number.isInteger(v) || v < min || v > max) return `${label} must be ${range}, got ${v}.`;
  return null;
}
