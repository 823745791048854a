/** The journal's datetimes: written as Optuna writes them (naive ISO, microseconds), read back to the millisecond. */
import { describe, expect, it } from 'vitest';
import { formatOptunaDatetime, parseOptunaDatetime } from '../../../src/tuner';

describe("Optuna's journal datetimes", () => {
  it('writes isoformat(timespec="microseconds") of the UTC time', () => {
    expect(formatOptunaDatetime(Date.UTC(2024, 4, 1, 12, 0, 0, 250))).toBe('2024-05-01T12:00:00.250000');
    expect(formatOptunaDatetime(0)).toBe('1970-01-01T00:00:00.000000');
  });

  it('reads what it writes and what Python writes, with or without fractions', () => {
    const t = Date.UTC(2023, 11, 31, 23, 59, 58, 7);
    expect(parseOptunaDatetime(formatOptunaDatetime(t))).toBe(t);
    expect(parseOptunaDatetime('2024-05-01T12:00:00.123456')).toBeCloseTo(Date.UTC(2024, 4, 1, 12, 0, 0) + 123.456, 6);
    expect(parseOptunaDatetime('2024-05-01T12:00:00')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0));
    expect(parseOptunaDatetime('2024-05-01 12:00')).toBe(Date.UTC(2024, 4, 1, 12, 0));
  });

  it('refuses text that is not such a datetime, naming it', () => {
    for (const bad of ['yesterday', '2024-13-01T00:00:00', '2024-05-01T25:00:00', '2024-05-01T12:00:00+02:00', '']) {
      expect(() => parseOptunaDatetime(bad), bad).toThrow(/datetime/);
    }
    expect(() => formatOptunaDatetime(Number.NaN)).toThrow(/finite number of milliseconds/);
  });
});
