import { describe, expect, it } from 'vitest';
import { extent, formatNumber, formatScientific, formatSeconds, formatTick, linearScale, logScale, logTicks, niceStep, niceTicks, padExtent } from '../../../src/ui/charts/scales';
import { paramAxis, formatParamValue } from '../../../src/ui/charts/param-axis';
import { viridis, viridisRgb } from '../../../src/ui/charts/colour';

describe('scales', () => {
  it('linearScale maps and inverts, reversed ranges included', () => {
    const s = linearScale([0, 10], [100, 0]);
    expect(s.map(0)).toBe(100);
    expect(s.map(2.5)).toBe(75);
    expect(s.invert(75)).toBe(2.5);
    expect(s.map(NaN)).toBeNaN();
  });
  it('logScale maps decades evenly and puts zeros on the floor', () => {
    const s = logScale([1e-3, 10], [0, 400], 1e-4);
    expect(s.map(1e-3)).toBeCloseTo(0);
    expect(s.map(1e-1)).toBeCloseTo(200);
    expect(s.map(0)).toBe(s.map(1e-4));
    expect(s.invert(s.map(0.5))).toBeCloseTo(0.5);
  });
  it('niceTicks are 1, 2 or 5 × 10^k steps inside the domain', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-0.013, 0.041, 5)).toEqual([-0.01, 0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceStep(0, 1000, 4)).toBe(200);
  });
  it('logTicks are powers of ten, with 2 and 5 on short axes', () => {
    expect(logTicks(1e-4, 1e-1)).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
    expect(logTicks(1e-12, 1, 4)).toEqual([1e-12, 1e-9, 1e-6, 1e-3, 1]);
    expect(logTicks(0.3, 4)).toEqual([0.5, 1, 2]);
    expect(logTicks(0, 1)).toEqual([]);
  });
  it('extent ignores null, undefined and non-finite values', () => {
    expect(extent([3, null, -1, undefined, NaN, Infinity, 7])).toEqual([-1, 7]);
    expect(extent([])).toBeNull();
    expect(padExtent([0, 10], 0.1)).toEqual([-1, 11]);
    expect(padExtent([5, 5], 0.1)).toEqual([4.5, 5.5]);
  });
});

describe('formatting', () => {
  it('formatNumber keeps about 4 significant digits without trailing zeros', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(0.0001234)).toBe('1.234e-4');
    expect(formatNumber(123456)).toBe('1.235e+5');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(NaN)).toBe('–');
  });
  it('formatScientific and formatTick', () => {
    expect(formatScientific(0.00032)).toBe('3.2e-4');
    expect(formatScientific(0.001)).toBe('1e-3');
    expect(formatTick(0.001, true)).toBe('1e-3');
    expect(formatTick(0.25)).toBe('0.25');
    expect(formatTick(0.1 + 0.2)).toBe('0.3');
  });
  it('formatSeconds picks a unit', () => {
    expect(formatSeconds(0.25)).toBe('250 ms');
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(245)).toBe('4 min 05 s');
  });
});

describe('param axes', () => {
  it('log float axes tick at decades and format values scientifically', () => {
    const axis = paramAxis('lr', { type: 'float', low: 1e-4, high: 1e-1, log: true });
    expect(axis.label).toBe('lr (log)');
    expect(axis.ticks.map((t) => t.label)).toEqual(['1e-4', '1e-3', '1e-2', '1e-1']);
    expect(axis.ticks[1]?.u).toBeCloseTo(1 / 3);
    expect(axis.format(0.00123)).toBe('1.23e-3');
  });
  it('categorical axes tick each choice at its bin centre', () => {
    const axis = paramAxis('opt', { type: 'categorical', choices: ['adam', 'sgd'] });
    expect(axis.ticks).toEqual([
      { u: 0.25, label: 'adam' },
      { u: 0.75, label: 'sgd' },
    ]);
    expect(axis.valueAt(0.9)).toBe('sgd');
  });
  it('stepped int axes tick at allowed values only', () => {
    const axis = paramAxis('units', { type: 'int', low: 16, high: 256, step: 16 });
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of axis.ticks) expect(Number(t.label) % 16).toBe(0);
    expect(formatParamValue({ type: 'float', low: 0, high: 1 }, 0.123456)).toBe('0.1235');
  });
});

describe('colours', () => {
  it('viridis runs from dark purple to yellow and clamps', () => {
    expect(viridisRgb(0)).toEqual([68, 1, 84]);
    expect(viridisRgb(1)).toEqual([253, 231, 37]);
    expect(viridis(-1)).toBe(viridis(0));
    expect(viridis(NaN)).toBe(viridis(0));
  });
});
