/** Central finite differences, for checking the analytic gradients of the GP's numeric code. */

/** ∂f/∂x_j ≈ (f(x + h e_j) − f(x − h e_j)) / 2h for every j. */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const grad = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[j] = (plus[j] as number) + h;
    minus[j] = (minus[j] as number) - h;
    grad[j] = (f(plus) - f(minus)) / (2 * h);
  }
  return grad;
}
