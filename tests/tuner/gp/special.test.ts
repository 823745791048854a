import { describe, expect, it } from 'vitest';
import { dLogUnitEi, erfc, logUnitEi, normCdf, normPdf, unitEi } from '../../../src/tuner/gp/special';

describe('normal CDF and erfc', () => {
  it('match reference values across the range', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 15);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 10);
    expect(normCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 10);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 10);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14);
  });

  it('is continuous where the series hands over to the continued fraction', () => {
    expect(erfc(2 - 1e-12) / erfc(2 + 1e-12)).toBeCloseTo(1, 9);
  });
});

describe('h(z) = φ(z) + zΦ(z) and its log', () => {
  it('agrees with the direct formula where that is accurate', () => {
    for (const z of [-3, -1.5, -1, -0.2, 0, 0.7, 2, 5]) {
      const direct = normPdf(z) + z * normCdf(z);
      expect(unitEi(z) / direct).toBeCloseTo(1, 9);
      expect(logUnitEi(z)).toBeCloseTo(Math.log(direct), 9);
    }
  });

  it('stays finite, increasing and asymptotically right deep in the lower tail', () => {
    let previous = -Infinity;
    for (const z of [-1e6, -1e4, -200, -100, -40, -10, -2]) {
      const v = logUnitEi(z);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(previous);
      previous = v;
    }
    // h(z) ~ φ(z)/z² for z → −∞
    const z = -1e4;
    expect(logUnitEi(z) / (-0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z))).toBeCloseTo(1, 12);
  });

  it('has derivative Φ(z)/h(z), also in the tail', () => {
    for (const z of [-150, -30, -3, -1.0001, -0.5, 0.5, 3]) {
      const eps = 1e-5 * Math.max(1, Math.abs(z));
      const numeric = (logUnitEi(z + eps) - logUnitEi(z - eps)) / (2 * eps);
      expect(dLogUnitEi(z) / numeric).toBeCloseTo(1, 5);
    }
  });
});
