/**
 * Whether a numeric parameter's range can be sampled at all in double precision: the checks
 * `validateSpace` runs after the basic ones (finite bounds, low < high, log needs low > 0), each
 * returning a problem message, or null when the range is usable.
 *
 * Notation
 *   [lo, hi]    the parameter's bounds, finite, lo < hi
 *   span        hi − lo; it overflows to ∞ for ranges such as [−1e308, 1e308], and then every
 *               decoded point lo + u·span is ±∞ (random search would always pick hi)
 *   ulp(x)      the spacing of doubles at |x|: 2^(⌊log₂|x|⌋ − 52), or 2^−1074 below the normal range
 *   distinct    span / ulp(max(|lo|, |hi|)), a lower bound on the doubles in [lo, hi]; below
 *               MIN_DISTINCT_VALUES the unit-cube decoding lo + u·span collapses whole stretches
 *               of u onto one value, so samplers cannot tell their points apart
 *   log scale   the same resolution check on [ln lo, ln hi] (which is always finite: see below)
 *   int         bounds and span must be safe integers (≤ 2^53 − 1): past that not every integer
 *               is a double, so low + k·step would collapse onto its neighbours; a step is an
 *               integer ≥ 1, never finer than the spacing of doubles below 2^53
 */

/** Fewest distinct doubles a float range (and a log range's logarithms) must hold. */
export const MIN_DISTINCT_VALUES = 1024;

const SMALLEST_NORMAL = 2 ** -1022;

/** The spacing of doubles at x (an upper bound: exact except just below a power of two). */
export function ulp(x: number): number {
  const a = Math.abs(x);
  if (a < SMALLEST_NORMAL) return Number.MIN_VALUE;
  return 2 ** (Math.floor(Math.log2(a)) - 52);
}

/** A lower bound on how many doubles lie in [lo, hi] (Infinity when the span overflows). */
export function distinctValues(lo: number, hi: number): number {
  return (hi - lo) / ulp(Math.max(Math.abs(lo), Math.abs(hi)));
}

/** Problems of a float range [lo, hi] (already finite, lo < hi, and lo > 0 when log). */
export function floatRangeProblem(lo: number, hi: number, log: boolean): string | null {
  if (!Number.isFinite(hi - lo)) {
    return `the range [${lo}, ${hi}] is too wide: its span high − low overflows to infinity, so every sample would be infinite; narrow it`;
  }
  if (distinctValues(lo, hi) < MIN_DISTINCT_VALUES) {
    return `the range [${lo}, ${hi}] is too narrow for numbers of its size: fewer than ${MIN_DISTINCT_VALUES} distinct floating-point values lie in it, so samples would collapse onto the same few; widen it`;
  }
  if (!log) return null;
  return logRangeProblem(lo, hi);
}

/**
 * Problems of a log-scale range once its bounds are positive. ln of a positive finite double lies
 * in [−745, 710], so the log-span is always finite and exp(ln v) comes back finite and above 0;
 * what can fail is resolution: too few doubles between ln(lo) and ln(hi).
 */
export function logRangeProblem(lo: number, hi: number): string | null {
  if (distinctValues(Math.log(lo), Math.log(hi)) < MIN_DISTINCT_VALUES) {
    return `log scale: the range [${lo}, ${hi}] is too narrow: fewer than ${MIN_DISTINCT_VALUES} distinct values lie between ln(low) and ln(high); widen it or turn log scale off`;
  }
  return null;
}

/**
 * Problems of an int range [lo, hi] (integers, lo < hi). Its step needs no check of its own: it
 * must divide high − low, so it is a safe integer ≥ 1 whenever the span is.
 */
export function intRangeProblem(lo: number, hi: number): string | null {
  const limit = Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
    return `int bounds must be safe integers, between −${limit} and ${limit} (2^53 − 1), got [${lo}, ${hi}]: beyond them not every integer exists as a number`;
  }
  if (!Number.isSafeInteger(hi - lo)) {
    return `the int range [${lo}, ${hi}] is too wide: high − low must be at most ${limit} (2^53 − 1)`;
  }
  return null;
}
