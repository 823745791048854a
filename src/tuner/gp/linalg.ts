/**
 * Dense linear algebra on row-major Float64Arrays, just what a GP needs.
 *
 * Notation
 *   A  (n × n) symmetric positive definite, A[i*n + j]
 *   L  (n × n) lower-triangular Cholesky factor, A = L Lᵀ (upper part left zero)
 *   b  (n)     right-hand side
 */

/** Cholesky factor of A, or null when A is not (numerically) positive definite. */
export function cholesky(A: Float64Array, n: number, L: Float64Array = new Float64Array(n * n)): Float64Array | null {
  return choleskyRows(A, n, L, 0, n) ? L : null;
}

/**
 * Rows from … to − 1 of A's Cholesky factor into L, given rows 0 … from − 1 already there (so a
 * factor can be computed a block of rows at a time); false when A is not positive definite.
 */
export function choleskyRows(A: Float64Array, n: number, L: Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      const sum = (A[rowI + j] as number) - dotRows(L, rowI, L, rowJ, j);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return false;
        L[rowI + i] = Math.sqrt(sum);
      } else {
        L[rowI + j] = sum / (L[rowJ + j] as number);
      }
    }
  }
  return true;
}

/**
 * The Cholesky factor of a matrix grown by p rows and columns, from the factor L (n × n) of its
 * leading block: `rows` (p × N, N = n + p, row-major) holds the new rows of the grown matrix in
 * full (entries past the diagonal ignored). Each new row costs O(N²); the arithmetic is exactly that
 * of `cholesky` on the grown matrix, so the result is identical to factoring it afresh. Null when the
 * grown matrix is not (numerically) positive definite.
 */
export function extendCholesky(L: Float64Array, n: number, rows: Float64Array, p: number): Float64Array | null {
  const N = n + p;
  const out = new Float64Array(N * N);
  for (let i = 0; i < n; i++) out.set(L.subarray(i * n, i * n + i + 1), i * N);
  for (let r = 0; r < p; r++) {
    const i = n + r;
    const rowI = i * N;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * N;
      const sum = (rows[r * N + j] as number) - dotRows(out, rowI, out, rowJ, j);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        out[rowI + i] = Math.sqrt(sum);
      } else {
        out[rowI + j] = sum / (out[rowJ + j] as number);
      }
    }
  }
  return out;
}

/** Solves L x = b (forward substitution); writes into `out` (may alias b). */
export function solveLower(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    out[i] = ((b[i] as number) - dotRows(L, row, out, 0, i)) / (L[row + i] as number);
  }
  return out;
}

/** Solves Lᵀ x = b (back substitution by rows of L, so memory is read in order); writes into `out` (may alias b). */
export function solveUpperT(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  if (out !== b) for (let i = 0; i < n; i++) out[i] = b[i] as number;
  for (let i = n - 1; i >= 0; i--) {
    const row = i * n;
    const xi = (out[i] as number) / (L[row + i] as number);
    out[i] = xi;
    for (let k = 0; k < i; k++) out[k] = (out[k] as number) - (L[row + k] as number) * xi;
  }
  return out;
}

/**
 * Σ_{k < len} A[a + k] · B[b + k], with four independent accumulators so the loop is not one long
 * chain of dependent additions (about twice as fast in V8).
 */
export function dotRows(A: Float64Array, a: number, B: Float64Array, b: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += (A[a + k] as number) * (B[b + k] as number);
    s1 += (A[a + k + 1] as number) * (B[b + k + 1] as number);
    s2 += (A[a + k + 2] as number) * (B[b + k + 2] as number);
    s3 += (A[a + k + 3] as number) * (B[b + k + 3] as number);
  }
  for (; k < len; k++) s0 += (A[a + k] as number) * (B[b + k] as number);
  return s0 + s1 + s2 + s3;
}

/** A⁻¹ from A's Cholesky factor: A⁻¹ = L⁻ᵀ L⁻¹ (full symmetric matrix). */
export function choleskyInverse(
  L: Float64Array,
  n: number,
  inv: Float64Array = new Float64Array(n * n),
  C: Float64Array = new Float64Array(n * n),
): Float64Array {
  // Row j of C holds column j of L⁻¹ (entries i ≥ j), so every inner loop reads memory in order.
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    C[cj + j] = 1 / (L[j * n + j] as number);
    for (let i = j + 1; i < n; i++) {
      const li = i * n;
      C[cj + i] = -dotRows(L, li + j, C, cj + j, i - j) / (L[li + i] as number);
    }
  }
  // A⁻¹[a][b] = Σ_{k ≥ max(a,b)} L⁻¹[k][a] L⁻¹[k][b] = Σ_k C[a][k] C[b][k]
  for (let a = 0; a < n; a++) {
    const ca = a * n;
    for (let b = 0; b <= a; b++) {
      const cb = b * n;
      const sum = dotRows(C, ca + a, C, cb + a, n - a);
      inv[ca + b] = sum;
      inv[cb + a] = sum;
    }
  }
  return inv;
}

/** Σ log L_ii = ½ log det A. */
export function halfLogDet(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i] as number);
  return s;
}
