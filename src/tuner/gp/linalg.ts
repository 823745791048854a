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
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = A[rowI + j] as number;
      for (let k = 0; k < j; k++) sum -= (L[rowI + k] as number) * (L[rowJ + k] as number);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        L[rowI + i] = Math.sqrt(sum);
      } else {
        L[rowI + j] = sum / (L[rowJ + j] as number);
      }
    }
  }
  return L;
}

/** Solves L x = b (forward substitution); writes into `out` (may alias b). */
export function solveLower(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (L[row + k] as number) * (out[k] as number);
    out[i] = sum / (L[row + i] as number);
  }
  return out;
}

/** Solves Lᵀ x = b (back substitution); writes into `out` (may alias b). */
export function solveUpperT(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (L[k * n + i] as number) * (out[k] as number);
    out[i] = sum / (L[i * n + i] as number);
  }
  return out;
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
      let sum = 0;
      for (let k = j; k < i; k++) sum -= (L[li + k] as number) * (C[cj + k] as number);
      C[cj + i] = sum / (L[li + i] as number);
    }
  }
  // A⁻¹[a][b] = Σ_{k ≥ max(a,b)} L⁻¹[k][a] L⁻¹[k][b] = Σ_k C[a][k] C[b][k]
  for (let a = 0; a < n; a++) {
    const ca = a * n;
    for (let b = 0; b <= a; b++) {
      const cb = b * n;
      let sum = 0;
      for (let k = a; k < n; k++) sum += (C[ca + k] as number) * (C[cb + k] as number);
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
