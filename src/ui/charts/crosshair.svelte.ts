/** A keyboard-movable crosshair on the unit square, for picking points on a map. */
export class Crosshair {
  u = $state(0.5);
  v = $state(0.5);
  /** Whether to show it (after the first keyboard or pointer interaction). */
  active = $state(false);

  /** Moves by (du, dv), clamped to [0, 1]². */
  move(du: number, dv: number): void {
    this.set(this.u + du, this.v + dv);
  }

  set(u: number, v: number): void {
    this.u = Math.min(1, Math.max(0, u));
    this.v = Math.min(1, Math.max(0, v));
    this.active = true;
  }
}
