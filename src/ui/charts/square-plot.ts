/**
 * The layout the two-parameter surface charts share (the contour of raw values, the GP slice over a
 * pair): a square plot of side S with room for the axes on the left and below and for a colour bar
 * on the right.
 *
 * Notation
 *   (u, v) ∈ [0, 1]²   a point's encoded coordinates (u across, v up)
 *   S                  the plot's side, SVG units; W × H the whole chart
 */
const S = 300;
const left = 64;
const top = 22;
const bottom = top + S;

export const SQUARE_PLOT = {
  S,
  left,
  top,
  bottom,
  /** Whole chart: the plot, the left axis and a colour bar with its labels. */
  W: left + S + 84,
  H: bottom + 44,
  /** u → SVG x. */
  px: (u: number) => left + u * S,
  /** v → SVG y (v grows upwards). */
  py: (v: number) => bottom - v * S,
} as const;
