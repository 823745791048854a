import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInverse, halfLogDet, solveLower, solveUpperT } from '../../../src/tuner/gp/linalg';
import { kernelMatrix, kernelVectorWithGrad, maternFromSq } from '../../../src/tuner/gp/kernel';
import { createRng } from '../../../src/tuner';

function spd(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const B = Array.from({ length: n * n }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? 1 : 0;
    for (let k = 0; k < n; k++) s += (B[i * n + k] as number) * (B[j * n + k] as number);
    A[i * n + j] = s;
  }
  return A;
}

describe('linear algebra', () => {
  it('factors, solves and inverts a symmetric positive definite matrix', () => {
    const n = 12;
    const A = spd(n, 3);
    const L = cholesky(A, n);
    expect(L).not.toBeNull();
    const b = Float64Array.from({ length: n }, (_, i) => i - 4);
    const x = solveUpperT(L!, n, solveLower(L!, n, b));
    const inv = choleskyInverse(L!, n);
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let k = 0; k < n; k++) ax += (A[i * n + k] as number) * (x[k] as number);
      expect(ax).toBeCloseTo(b[i] as number, 10);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (A[i * n + k] as number) * (inv[k * n + j] as number);
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
  });

  it('returns null for a matrix that is not positive definite', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });

  it('gives half the log determinant', () => {
    const L = cholesky(Float64Array.from([4, 2, 2, 3]), 2)!;
    expect(halfLogDet(L, 2)).toBeCloseTo(0.5 * Math.log(8), 12);
  });
});

describe('Matérn-5/2 ARD kernel', () => {
  const categorical = Uint8Array.from([0, 0, 1]);
  const p = { w: Float64Array.from([4, 0.5, 2]), scale: 1.7 };

  it('equals the scale at distance zero and decays with distance', () => {
    expect(maternFromSq(0, 1.7)).toBe(1.7);
    expect(maternFromSq(1, 1.7)).toBeLessThan(maternFromSq(0.1, 1.7));
    const r = 1;
    expect(maternFromSq(r * r, 1)).toBeCloseTo((1 + Math.sqrt(5) + 5 / 3) * Math.exp(-Math.sqrt(5)), 14);
  });

  it('compares categorical dimensions by equality', () => {
    const X = Float64Array.from([0.2, 0.5, 0, 0.2, 0.5, 1, 0.2, 0.5, 2]);
    const K = kernelMatrix(X, 3, 3, p, categorical);
    expect(K[1]).toBeCloseTo(K[2] as number, 14); // choice 0 vs 1 and 0 vs 2 are equally far
    expect(K[1]).toBeCloseTo(maternFromSq(2, 1.7), 14);
  });

  it('has an input gradient matching finite differences', () => {
    const X = Float64Array.from([0.1, 0.9, 1, 0.6, 0.3, 0, 0.5, 0.5, 1]);
    const x = Float64Array.from([0.4, 0.45, 1]);
    const out = new Float64Array(3);
    const dk = new Float64Array(9);
    kernelVectorWithGrad(x, X, 3, 3, p, categorical, out, dk);
    for (let j = 0; j < 2; j++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[j] = (xp[j] as number) + 1e-6;
      xm[j] = (xm[j] as number) - 1e-6;
      const kp = new Float64Array(3);
      const km = new Float64Array(3);
      kernelVectorWithGrad(xp, X, 3, 3, p, categorical, kp, new Float64Array(9));
      kernelVectorWithGrad(xm, X, 3, 3, p, categorical, km, new Float64Array(9));
      for (let i = 0; i < 3; i++) expect(dk[i * 3 + j]).toBeCloseTo(((kp[i] as number) - (km[i] as number)) / 2e-6, 6);
    }
    expect(dk[2]).toBe(0);
  });
});
