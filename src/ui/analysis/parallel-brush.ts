/**
 * Brushing and axis order for parallel coordinates: a brush keeps, on one axis, the lines whose
 * position falls in its range; lines outside any brush are dimmed. Brushes are set by dragging
 * along an axis or from the keyboard, and axes move left or right one place at a time.
 *
 * Notation
 *   u ∈ [0, 1]    position along an axis (0 = bottom, 1 = top), as param-axis.ts encodes values
 *   [lo, hi]      a brush's range in u, lo < hi
 */

export interface Brush {
  readonly lo: number;
  readonly hi: number;
}

/** Brushes by axis name; an axis without one keeps every line. */
export type Brushes = Readonly<Record<string, Brush>>;

/** Brushes narrower than this are taken as a click and clear the axis' brush. */
export const MIN_BRUSH = 0.01;

const clamp = (u: number) => Math.min(1, Math.max(0, u));

/** The brush between two drag positions (either order), or null when the drag was too short to mean one. */
export function brushBetween(from: number, to: number): Brush | null {
  const lo = clamp(Math.min(from, to));
  const hi = clamp(Math.max(from, to));
  return hi - lo < MIN_BRUSH ? null : { lo, hi };
}

/** Whether a line at `positions` (u per axis name) passes every brush. */
export function insideBrushes(positions: (name: string) => number, brushes: Brushes): boolean {
  for (const [name, b] of Object.entries(brushes)) {
    const u = positions(name);
    if (!(u >= b.lo - 1e-9 && u <= b.hi + 1e-9)) return false;
  }
  return true;
}

/**
 * The brush after a key press, or undefined when the key is not a brush key: Enter or Space makes
 * one over the middle half (or clears it), the arrows move it, + and − widen and narrow it, Escape
 * clears it (null).
 */
export function brushAfterKey(brush: Brush | null, key: string): Brush | null | undefined {
  const step = 0.05;
  switch (key) {
    case 'Enter':
    case ' ':
      return brush === null ? { lo: 0.25, hi: 0.75 } : null;
    case 'Escape':
    case 'Delete':
    case 'Backspace':
      return null;
    case 'ArrowUp':
    case 'ArrowDown': {
      if (brush === null) return { lo: 0.25, hi: 0.75 };
      const width = brush.hi - brush.lo;
      const lo = Math.min(1 - width, Math.max(0, brush.lo + (key === 'ArrowUp' ? step : -step)));
      return { lo, hi: lo + width };
    }
    case '+':
    case '=':
    case '-': {
      if (brush === null) return { lo: 0.25, hi: 0.75 };
      const grow = key === '-' ? -step / 2 : step / 2;
      const lo = clamp(brush.lo - grow);
      const hi = clamp(brush.hi + grow);
      return hi - lo < MIN_BRUSH ? brush : { lo, hi };
    }
    default:
      return undefined;
  }
}

/** `order` with `name` moved `delta` places (−1 left, +1 right), kept inside the list. */
export function moveAxis(order: readonly string[], name: string, delta: number): string[] {
  const from = order.indexOf(name);
  if (from < 0) throw new Error(`moveAxis: no axis named "${name}"`);
  const to = Math.min(order.length - 1, Math.max(0, from + delta));
  const next = order.slice();
  next.splice(from, 1);
  next.splice(to, 0, name);
  return next;
}

/** The axis order to show: `chosen` where it still names the same axes, else `names` as given. */
export function axisOrder(names: readonly string[], chosen: readonly string[] | null): readonly string[] {
  if (chosen === null || chosen.length !== names.length || !names.every((n) => chosen.includes(n))) return names;
  return chosen;
}
