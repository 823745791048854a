/** Checks for schedulers' option objects: every message names the scheduler and the bad option. */
import { SchedulerError } from './types';
import { describeValue } from '../describe-value';

export type OptionsRecord = Readonly<Record<string, unknown>>;

/** Throws when `options` is not a plain object or has keys outside `known`. */
export function checkKeys(scheduler: string, options: unknown, known: readonly string[]): OptionsRecord {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new SchedulerError(`${scheduler} scheduler: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new SchedulerError(`${scheduler} scheduler: unknown option "${key}" (expected ${known.map((k) => `"${k}"`).join(', ')})`);
    }
  }
  return options as OptionsRecord;
}

/** An integer option within [min, max], or `fallback` when absent (a null fallback makes it required). */
export function intOption(scheduler: string, o: OptionsRecord, key: string, fallback: number | null, min: number, max = Infinity): number {
  const v = o[key];
  if (v === undefined) {
    if (fallback === null) throw new SchedulerError(`${scheduler} scheduler: option "${key}" is required (an integer ≥ ${min})`);
    return fallback;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new SchedulerError(`${scheduler} scheduler: option "${key}" must be ${range}, got ${describeValue(v)}`);
  }
  return v;
}

/** A finite number option in [min, max], or `fallback` when absent. */
export function numOption(scheduler: string, o: OptionsRecord, key: string, fallback: number, min: number, max: number): number {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new SchedulerError(`${scheduler} scheduler: option "${key}" must be a number in [${min}, ${max}], got ${describeValue(v)}`);
  }
  return v;
}

/** One of the given strings, or `fallback` when absent. */
export function enumOption<T extends string>(scheduler: string, o: OptionsRecord, key: string, fallback: T, allowed: readonly T[]): T {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new SchedulerError(`${scheduler} scheduler: option "${key}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describeValue(v)}`);
  }
  return v as T;
}

/** An array of distinct non-empty strings, or `fallback` when absent (null fallback: required). */
export function namesOption(scheduler: string, o: OptionsRecord, key: string, fallback: readonly string[] | null): string[] {
  const v = o[key];
  if (v === undefined) {
    if (fallback === null) throw new SchedulerError(`${scheduler} scheduler: option "${key}" is required (an array of parameter names)`);
    return fallback.slice();
  }
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.length > 0) || new Set(v).size !== v.length) {
    throw new SchedulerError(`${scheduler} scheduler: option "${key}" must be an array of distinct parameter names, got ${describeValue(v)}`);
  }
  return (v as string[]).slice();
}
