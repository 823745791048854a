/**
 * Matérn-5/2 kernel with automatic relevance determination (one lengthscale per dimension).
 *
 * Notation
 *   d            input dimensions;  X (n × d) row-major inputs;  x (d) one input
 *   ℓ_j, w_j     lengthscale of dimension j and its inverse square w_j = 1/ℓ_j²
 *   δ_j(x, x')   x_j − x'_j, or [x_j ≠ x'_j] when dimension j is categorical
 *   r²           Σ_j w_j δ_j²
 *   s            kernel scale (signal variance)
 *   k(r)         s (1 + √5 r + 5r²/3) e^{−√5 r}
 *   k'(r²)       dk/d(r²) = −(5/6) s (1 + √5 r) e^{−√5 r}   (finite at r = 0)
 */

const SQRT5 = Math.sqrt(5);

export interface KernelParams {
  /** Inverse squared lengthscales w (d). */
  readonly w: Float64Array;
  /** Kernel scale s > 0. */
  readonly scale: number;
}

/** r² between row a of A and row b of B (both with d columns). */
export function sqDist(
  A: Float64Array,
  a: number,
  B: Float64Array,
  b: number,
  d: number,
  w: Float64Array,
  categorical: Uint8Array,
): number {
  let r2 = 0;
  const oa = a * d;
  const ob = b * d;
  for (let j = 0; j < d; j++) {
    const diff = (A[oa + j] as number) - (B[ob + j] as number);
    r2 += categorical[j] ? (diff !== 0 ? (w[j] as number) : 0) : (w[j] as number) * diff * diff;
  }
  return r2;
}

export function maternFromSq(r2: number, scale: number): number {
  const r = Math.sqrt(r2);
  return scale * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** dk/d(r²). */
export function maternDerivSq(r2: number, scale: number): number {
  const r = Math.sqrt(r2);
  return -(5 / 6) * scale * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

/** K[i][j] = k(X_i, X_j) (n × n, no noise on the diagonal). */
export function kernelMatrix(X: Float64Array, n: number, d: number, p: KernelParams, categorical: Uint8Array): Float64Array {
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    K[i * n + i] = p.scale;
    for (let j = 0; j < i; j++) {
      const v = maternFromSq(sqDist(X, i, X, j, d, p.w, categorical), p.scale);
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  return K;
}

/** out[i] = k(x, X_i) for a single input x (d). */
export function kernelVector(
  x: Float64Array,
  X: Float64Array,
  n: number,
  d: number,
  p: KernelParams,
  categorical: Uint8Array,
  out: Float64Array,
): Float64Array {
  if (categorical.includes(1)) {
    for (let i = 0; i < n; i++) out[i] = maternFromSq(sqDist(x, 0, X, i, d, p.w, categorical), p.scale);
    return out;
  }
  // All-continuous fast path: the hot loop of acquisition scoring.
  const w = p.w;
  for (let i = 0, o = 0; i < n; i++, o += d) {
    let r2 = 0;
    for (let j = 0; j < d; j++) {
      const diff = (x[j] as number) - (X[o + j] as number);
      r2 += (w[j] as number) * diff * diff;
    }
    const r = Math.sqrt(r2);
    out[i] = p.scale * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
  }
  return out;
}

/**
 * k(x, X_i) and its gradient in x: dk[i*d + j] = ∂k(x, X_i)/∂x_j = k'(r²) · 2 w_j (x_j − X_ij),
 * zero for categorical dimensions (they are not differentiated).
 */
export function kernelVectorWithGrad(
  x: Float64Array,
  X: Float64Array,
  n: number,
  d: number,
  p: KernelParams,
  categorical: Uint8Array,
  out: Float64Array,
  dk: Float64Array,
): Float64Array {
  for (let i = 0; i < n; i++) {
    const r2 = sqDist(x, 0, X, i, d, p.w, categorical);
    const r = Math.sqrt(r2);
    const e = Math.exp(-SQRT5 * r);
    out[i] = p.scale * (1 + SQRT5 * r + (5 / 3) * r2) * e;
    const g = -(5 / 6) * p.scale * (1 + SQRT5 * r) * e;
    const oi = i * d;
    for (let j = 0; j < d; j++) {
      dk[oi + j] = categorical[j] ? 0 : 2 * g * (p.w[j] as number) * ((x[j] as number) - (X[oi + j] as number));
    }
  }
  return out;
}
