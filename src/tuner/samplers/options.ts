/** Checks for samplers' option objects: every message names the sampler and the bad option. */
import { describeValue } from '../describe-value';

export type OptionsRecord = Readonly<Record<string, unknown>>;

/** Throws when `options` is not a plain object or has keys outside `known`. */
export function checkOptionKeys(sampler: string, options: unknown, known: readonly string[]): OptionsRecord {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${sampler} sampler: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const expected = known.length === 0 ? 'it takes no options' : `expected ${known.map((k) => `"${k}"`).join(', ')}`;
      throw new RangeError(`${sampler} sampler: unknown option "${key}" (${expected})`);
    }
  }
  return options as OptionsRecord;
}

/** An integer option within [min, max], or `fallback` when absent. */
export function integerOption(sampler: string, options: OptionsRecord, key: string, fallback: number, min: number, max = Infinity): number {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new RangeError(`${sampler} sampler: option "${key}" must be ${range}, got ${describeValue(v)}`);
  }
  return v;
}

/** A finite number option in [min, max] ((min, max] when `minOpen`), or `fallback` when absent. */
export function numberOption(
  sampler: string,
  options: OptionsRecord,
  key: string,
  fallback: number,
  bounds: { min: number; max: number; minOpen?: boolean },
): number {
  const v = options[key];
  if (v === undefined) return fallback;
  const ok =
    typeof v === 'number' && Number.isFinite(v) && (bounds.minOpen === true ? v > bounds.min : v >= bounds.min) && v <= bounds.max;
  if (!ok) {
    const range = `${bounds.minOpen === true ? '(' : '['}${bounds.min}, ${bounds.max}]`;
    throw new RangeError(`${sampler} sampler: option "${key}" must be a number in ${range}, got ${describeValue(v)}`);
  }
  return v as number;
}

/** A boolean option, or `fallback` when absent. */
export function booleanOption(sampler: string, options: OptionsRecord, key: string, fallback: boolean): boolean {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new RangeError(`${sampler} sampler: option "${key}" must be true or false, got ${describeValue(v)}`);
  return v;
}

/** One of `choices`, or `fallback` when absent. */
export function choiceOption<T extends string>(sampler: string, options: OptionsRecord, key: string, choices: readonly T[], fallback: T): T {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new RangeError(`${sampler} sampler: option "${key}" must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${describeValue(v)}`);
  }
  return v as T;
}
