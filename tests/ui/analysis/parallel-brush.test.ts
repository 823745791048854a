/** Parallel coordinates' brushes and axis order. */
import { describe, expect, it } from 'vitest';
import { axisOrder, brushAfterKey, brushBetween, insideBrushes, moveAxis } from '../../../src/ui/analysis/parallel-brush';

describe('brushes', () => {
  it('spans a drag in either direction, clamped; a click clears', () => {
    expect(brushBetween(0.8, 0.2)).toEqual({ lo: 0.2, hi: 0.8 });
    expect(brushBetween(-0.5, 0.3)).toEqual({ lo: 0, hi: 0.3 });
    expect(brushBetween(0.5, 0.503)).toBeNull();
  });

  it('keeps lines inside every brush', () => {
    const at: Record<string, number> = { a: 0.3, b: 0.9 };
    expect(insideBrushes((n) => at[n]!, {})).toBe(true);
    expect(insideBrushes((n) => at[n]!, { a: { lo: 0.2, hi: 0.4 } })).toBe(true);
    expect(insideBrushes((n) => at[n]!, { a: { lo: 0.2, hi: 0.4 }, b: { lo: 0, hi: 0.5 } })).toBe(false);
  });

  it('answers the keyboard: create, move within the axis, resize, clear', () => {
    const made = brushAfterKey(null, 'Enter');
    expect(made).toEqual({ lo: 0.25, hi: 0.75 });
    let b = made!;
    for (let i = 0; i < 10; i++) b = brushAfterKey(b, 'ArrowUp')!;
    expect(b.hi).toBeCloseTo(1);
    expect(b.hi - b.lo).toBeCloseTo(0.5);
    b = brushAfterKey(b, '-')!;
    expect(b.hi - b.lo).toBeCloseTo(0.45);
    expect(brushAfterKey(b, 'Escape')).toBeNull();
    expect(brushAfterKey(b, 'Enter')).toBeNull();
    expect(brushAfterKey(b, 'x')).toBeUndefined();
  });
});

describe('axis order', () => {
  it('moves an axis one place, staying inside the list', () => {
    expect(moveAxis(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveAxis(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(() => moveAxis(['a'], 'z', 1)).toThrow(/no axis named "z"/);
  });

  it('forgets a chosen order when the axes change', () => {
    expect(axisOrder(['a', 'b'], ['b', 'a'])).toEqual(['b', 'a']);
    expect(axisOrder(['a', 'b', 'c'], ['b', 'a'])).toEqual(['a', 'b', 'c']);
    expect(axisOrder(['a', 'b'], null)).toEqual(['a', 'b']);
  });
});
