/**
 * The Sobol low-discrepancy sequence in [0, 1)^d, Owen-scrambled by a seed.
 *
 * Notation
 *   n            point index, 0 ≤ n < 2^32 (Gray-code order, as in Joe–Kuo and SciPy)
 *   j            dimension, 0 ≤ j < d ≤ SOBOL_MAX_DIMS
 *   V[j][k]      k-th direction number of dimension j, a Uint32 with its binary point on the left
 *                (bit 31 is worth ½); k = 0 … 31
 *   g(n)         n XOR (n >> 1), the Gray code of n
 *   x[n][j]      XOR of V[j][k] over the set bits k of g(n): the unscrambled coordinate, a Uint32.
 *                Consecutive points differ in one term: x[n+1] = x[n] XOR V[ctz(n + 1)].
 *   σ_j          the scramble of dimension j: Burley's hash-based nested uniform (Owen) scramble
 *                (B. Burley, "Practical Hash-based Owen Scrambling", JCGT 9(4), 2020), i.e. the
 *                Laine–Karras permutation applied to the bit-reversed value, keyed by a per-dimension
 *                seed derived from (seed, j)
 *   u[n][j]      (σ_j(x[n][j]) + ½) / 2^32, the returned coordinate: strictly inside (0, 1)
 *
 * Owen scrambling keeps the net structure: for every k, the points 0 … 2^k − 1 put exactly one point
 * in each of the 2^k equal intervals of every single dimension.
 */
import { deriveSeed } from '../rng';
import { JOE_KUO_ROWS } from './sobol-directions';

const BITS = 32;
const TWO_32 = 4294967296;

/** Direction numbers V[j] for every shipped dimension, built on first use. */
let directions: readonly Uint32Array[] | null = null;

function buildDirections(): readonly Uint32Array[] {
  const all: Uint32Array[] = [];
  const vanDerCorput = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) vanDerCorput[k] = 2 ** (31 - k);
  all.push(vanDerCorput);
  for (const row of JOE_KUO_ROWS.split('|')) {
    const [s, a, ...m] = row.split(' ').map(Number) as [number, number, ...number[]];
    const v = new Uint32Array(BITS);
    for (let k = 0; k < BITS; k++) {
      if (k < s) {
        v[k] = ((m[k] as number) << (31 - k)) >>> 0;
        continue;
      }
      // Bratley–Fox recurrence: v_k = v_(k−s) ⊕ (v_(k−s) >> s) ⊕ ⨁_(i=1..s−1) c_i v_(k−i).
      let next = (v[k - s] as number) ^ ((v[k - s] as number) >>> s);
      for (let i = 1; i < s; i++) {
        if ((a >>> (s - 1 - i)) & 1) next ^= v[k - i] as number;
      }
      v[k] = next >>> 0;
    }
    all.push(v);
  }
  return all;
}

function directionTable(): readonly Uint32Array[] {
  directions ??= buildDirections();
  return directions;
}

/** Number of dimensions with shipped direction numbers. */
export const SOBOL_MAX_DIMS: number = JOE_KUO_ROWS.split('|').length + 1;

/**
 * Unscrambled points `offset … offset + count − 1` as Uint32 coordinates (row-major, count × dims):
 * coordinate / 2^32 is the textbook Sobol point (dimension 1: 0, ½, ¾, ¼, …).
 */
export function sobolIntegers(count: number, dims: number, offset = 0): Uint32Array {
  checkArguments(count, dims, offset);
  const table = directionTable();
  const out = new Uint32Array(count * dims);
  if (count === 0) return out;
  // x = the point at `offset`, from the Gray code of offset directly.
  const x = new Uint32Array(dims);
  const gray = (offset ^ Math.floor(offset / 2)) >>> 0;
  for (let j = 0; j < dims; j++) {
    const v = table[j] as Uint32Array;
    let acc = 0;
    for (let k = 0, g = gray; g !== 0; k++, g >>>= 1) if (g & 1) acc ^= v[k] as number;
    x[j] = acc >>> 0;
  }
  out.set(x, 0);
  for (let i = 1; i < count; i++) {
    const k = trailingZeros(offset + i);
    const row = i * dims;
    for (let j = 0; j < dims; j++) {
      x[j] = ((x[j] as number) ^ ((table[j] as Uint32Array)[k] as number)) >>> 0;
      out[row + j] = x[j] as number;
    }
  }
  return out;
}

/**
 * Points `offset … offset + count − 1` of the Sobol sequence in dims dimensions, Owen-scrambled by
 * `seed` (same seed, same points). Every coordinate is strictly inside (0, 1).
 */
export function sobolPoints(count: number, dims: number, seed: number, offset = 0): number[][] {
  if (!Number.isInteger(seed)) throw new RangeError(`sobolPoints: seed must be an integer, got ${seed}`);
  const raw = sobolIntegers(count, dims, offset);
  const seeds = new Uint32Array(dims);
  for (let j = 0; j < dims; j++) seeds[j] = deriveSeed(seed, j);
  const points: number[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    const p = new Array<number>(dims);
    for (let j = 0; j < dims; j++) {
      p[j] = (owenScramble(raw[i * dims + j] as number, seeds[j] as number) + 0.5) / TWO_32;
    }
    points[i] = p;
  }
  return points;
}

/** σ: reverse bits, Laine–Karras permutation (a hash whose every bit depends only on lower bits), reverse. */
function owenScramble(x: number, seed: number): number {
  let y = reverseBits(x);
  y = (y + seed) >>> 0;
  y ^= Math.imul(y, 0x6c50b47c);
  y ^= Math.imul(y, 0xb82f1e52);
  y ^= Math.imul(y, 0xc7afe638);
  y ^= Math.imul(y, 0x8d22f6e6);
  return reverseBits(y >>> 0);
}

function reverseBits(x: number): number {
  let y = x >>> 0;
  y = ((y >>> 1) & 0x55555555) | ((y & 0x55555555) << 1);
  y = ((y >>> 2) & 0x33333333) | ((y & 0x33333333) << 2);
  y = ((y >>> 4) & 0x0f0f0f0f) | ((y & 0x0f0f0f0f) << 4);
  y = ((y >>> 8) & 0x00ff00ff) | ((y & 0x00ff00ff) << 8);
  return ((y >>> 16) | (y << 16)) >>> 0;
}

/** Number of trailing zero bits of a positive integer below 2^32. */
function trailingZeros(n: number): number {
  const low = n >>> 0;
  return 31 - Math.clz32(low & -low);
}

function checkArguments(count: number, dims: number, offset: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`sobol: count must be an integer ≥ 0, got ${count}`);
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`sobol: dims must be an integer ≥ 1, got ${dims}`);
  if (dims > SOBOL_MAX_DIMS) {
    throw new RangeError(`sobol: ${dims} dimensions requested, but direction numbers are shipped for at most ${SOBOL_MAX_DIMS}`);
  }
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`sobol: offset must be an integer ≥ 0, got ${offset}`);
  if (offset + count > TWO_32) {
    throw new RangeError(`sobol: points ${offset} … ${offset + count - 1} requested, but the sequence has 2^32 points`);
  }
}
