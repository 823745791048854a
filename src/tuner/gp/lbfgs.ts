/**
 * Limited-memory BFGS with optional box bounds (projected directions and a projected Armijo
 * backtracking line search). Used to fit GP hyperparameters (unbounded) and to maximise the
 * acquisition over the unit cube (bounded).
 *
 * Notation
 *   x (m)      variables;  f(x) objective;  g = ∇f(x)
 *   s_k, y_k   x_{k+1} − x_k and g_{k+1} − g_k, the last `memory` pairs
 *   pg         projected gradient: g with components zeroed where a bound blocks descent
 *
 * `lbfgsSteps` is the same minimiser as a generator that yields 1 after every evaluation of f, so a
 * caller can pause between evaluations (slices.ts); `minimizeLbfgs` runs it to the end.
 */

export interface LbfgsOptions {
  maxIterations?: number;
  memory?: number;
  /** Stop when ‖pg‖∞ falls below this. */
  gradientTolerance?: number;
  /** Stop when the relative decrease of f falls below this. */
  valueTolerance?: number;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
}

/** f writes ∇f into grad and returns f; a non-finite value counts as +∞ (the step is rejected). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export function minimizeLbfgs(f: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const steps = lbfgsSteps(f, x0, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** `minimizeLbfgs`, yielding 1 after each evaluation of f. */
export function* lbfgsSteps(f: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): Generator<number, LbfgsResult, void> {
  const m = x0.length;
  const maxIterations = options.maxIterations ?? 100;
  const memory = options.memory ?? 8;
  const gtol = options.gradientTolerance ?? 1e-5;
  const ftol = options.valueTolerance ?? 1e-9;
  const lower = options.lower;
  const upper = options.upper;

  const project = (v: Float64Array): void => {
    if (!lower || !upper) return;
    for (let i = 0; i < m; i++) {
      const lo = lower[i] as number;
      const hi = upper[i] as number;
      const vi = v[i] as number;
      v[i] = vi < lo ? lo : vi > hi ? hi : vi;
    }
  };
  const blocked = (x: Float64Array, g: Float64Array, i: number): boolean =>
    !!lower && !!upper && (((x[i] as number) <= (lower[i] as number) && (g[i] as number) > 0) || ((x[i] as number) >= (upper[i] as number) && (g[i] as number) < 0));

  let x = Float64Array.from(x0);
  project(x);
  let g = new Float64Array(m);
  let fx = f(x, g);
  let evaluations = 1;
  yield 1;
  if (!Number.isFinite(fx)) return { x, value: fx, iterations: 0, evaluations };

  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  const p = new Float64Array(m);
  const gNew = new Float64Array(m);
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    // Projected gradient and convergence test.
    let pgMax = 0;
    for (let i = 0; i < m; i++) {
      const pgi = blocked(x, g, i) ? 0 : Math.abs(g[i] as number);
      if (pgi > pgMax) pgMax = pgi;
    }
    if (pgMax < gtol) break;

    // Two-loop recursion on the free variables.
    for (let i = 0; i < m; i++) p[i] = blocked(x, g, i) ? 0 : -(g[i] as number);
    for (let k = S.length - 1; k >= 0; k--) {
      const a = (rho[k] as number) * dot(S[k] as Float64Array, p);
      alpha[k] = a;
      axpy(-a, Y[k] as Float64Array, p);
    }
    if (S.length > 0) {
      const yk = Y[S.length - 1] as Float64Array;
      scale(p, dot(S[S.length - 1] as Float64Array, yk) / dot(yk, yk));
    }
    for (let k = 0; k < S.length; k++) {
      const b = (rho[k] as number) * dot(Y[k] as Float64Array, p);
      axpy((alpha[k] as number) - b, S[k] as Float64Array, p);
    }
    for (let i = 0; i < m; i++) if (blocked(x, g, i)) p[i] = 0;
    let slope = dot(g, p);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < m; i++) p[i] = blocked(x, g, i) ? 0 : -(g[i] as number);
      slope = dot(g, p);
      if (!(slope < 0)) break;
    }

    // Projected backtracking line search (Armijo).
    let t = S.length === 0 ? Math.min(1, 1 / Math.max(1e-12, Math.sqrt(-slope))) : 1;
    let accepted = false;
    let xNew = new Float64Array(m);
    let fNew = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < m; i++) xNew[i] = (x[i] as number) + t * (p[i] as number);
      project(xNew);
      let decrease = 0;
      for (let i = 0; i < m; i++) decrease += (g[i] as number) * ((xNew[i] as number) - (x[i] as number));
      fNew = f(xNew, gNew);
      evaluations++;
      yield 1;
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;

    const s = new Float64Array(m);
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * dot(y, y)) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const fOld = fx;
    [x, xNew] = [xNew, x];
    g.set(gNew);
    fx = fNew;
    if (fOld - fx <= ftol * Math.max(1, Math.abs(fx))) {
      iterations++;
      break;
    }
  }
  return { x, value: fx, iterations, evaluations };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) + a * (x[i] as number);
}

function scale(v: Float64Array, a: number): void {
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * a;
}
