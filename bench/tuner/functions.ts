/**
 * Benchmark test functions: each is a search space, a noise-free objective and its known optimum.
 * All are minimised.
 *
 * Notation
 *   x ∈ ℝ^d      one point, d = number of parameters (space key order)
 *   f(x)         the noise-free objective
 *   f*           the global minimum of f over the space
 *   x*           a global minimiser, f(x*) = f*
 *   σ            standard deviation of additive Gaussian observation noise (0 for noise-free)
 *   y = f(x) + σ·ε,  ε ~ N(0, 1) drawn from a seeded RNG    (what the study is told)
 *   simple regret r = f(x_best) − f* ≥ 0, where x_best is the trial the study reports as best
 *
 * Formulas and constants follow the Virtual Library of Simulation Experiments (Surjanovic & Bingham).
 */
import type { Params, SearchSpace } from '../../src/tuner';

export interface BenchFunction {
  /** Short id used on the command line and in tables. */
  readonly name: string;
  /** One line for the report. */
  readonly description: string;
  readonly space: SearchSpace;
  /** Noise-free objective. */
  readonly value: (params: Params) => number;
  /** Known global minimum f*. */
  readonly fStar: number;
  /** Known global minimisers x* (every one of them where there are several). */
  readonly minimisers: readonly Params[];
  /** σ of additive Gaussian observation noise; 0 for a noise-free function. */
  readonly noiseSigma: number;
}

/** Floats named x1 … xd, each on [low, high]. */
function boxSpace(d: number, low: number, high: number): SearchSpace {
  const space: Record<string, { type: 'float'; low: number; high: number }> = {};
  for (let i = 1; i <= d; i++) space[`x${i}`] = { type: 'float', low, high };
  return space;
}

/** Params {x1 … xd} → vector x (length d). */
function vectorOf(params: Params, d: number): number[] {
  const x: number[] = [];
  for (let i = 1; i <= d; i++) x.push(params[`x${i}`] as number);
  return x;
}

/** Vector x → params {x1 … xd}. */
function paramsOf(x: readonly number[]): Params {
  const out: Record<string, number> = {};
  x.forEach((v, i) => (out[`x${i + 1}`] = v));
  return out;
}

// ---- Branin (d = 2) ----------------------------------------------------------------------------

/** f(x) = a(x2 − b·x1² + c·x1 − r)² + s(1 − t)cos(x1) + s. */
export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const BRANIN: BenchFunction = {
  name: 'branin',
  description: 'Branin, x1 ∈ [−5, 10], x2 ∈ [0, 15]; three global minima',
  space: { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } },
  value: (p) => branin(p.x1 as number, p.x2 as number),
  fStar: 0.397887357729739,
  minimisers: [paramsOf([-Math.PI, 12.275]), paramsOf([Math.PI, 2.275]), paramsOf([9.42477796, 2.475])],
  noiseSigma: 0,
};

// ---- Hartmann (d = 3 and d = 6) ----------------------------------------------------------------

/** α (4), weights of the four Gaussian-like bumps. */
const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
/** A (4 × 3) and P (4 × 3): bump widths and centres for Hartmann-3. */
const HARTMANN3_A = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const HARTMANN3_P = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((row) => row.map((v) => v * 1e-4));
/** A (4 × 6) and P (4 × 6) for Hartmann-6. */
const HARTMANN6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

/** f(x) = −Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²). */
function hartmann(x: readonly number[], a: readonly number[][], p: readonly number[][]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < x.length; j++) inner += a[i]![j]! * (x[j]! - p[i]![j]!) ** 2;
    sum += HARTMANN_ALPHA[i]! * Math.exp(-inner);
  }
  return -sum;
}

export const hartmann3 = (x: readonly number[]): number => hartmann(x, HARTMANN3_A, HARTMANN3_P);
export const hartmann6 = (x: readonly number[]): number => hartmann(x, HARTMANN6_A, HARTMANN6_P);

const HARTMANN6: BenchFunction = {
  name: 'hartmann6',
  description: 'Hartmann-6 on [0, 1]^6; six local minima',
  space: boxSpace(6, 0, 1),
  value: (p) => hartmann6(vectorOf(p, 6)),
  fStar: -3.32236801141551,
  minimisers: [paramsOf([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573])],
  noiseSigma: 0,
};

const NOISY_HARTMANN3: BenchFunction = {
  name: 'hartmann3-noisy',
  description: 'Hartmann-3 on [0, 1]^3 observed with additive Gaussian noise σ = 0.1; regret on the noise-free value',
  space: boxSpace(3, 0, 1),
  value: (p) => hartmann3(vectorOf(p, 3)),
  fStar: -3.86278214782076,
  minimisers: [paramsOf([0.114614, 0.555649, 0.852547])],
  noiseSigma: 0.1,
};

// ---- Rosenbrock (d = 4) ------------------------------------------------------------------------

/** f(x) = Σ_{i=1}^{d−1} 100(x_{i+1} − x_i²)² + (1 − x_i)². */
export function rosenbrock(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < x.length; i++) sum += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return sum;
}

const ROSENBROCK4: BenchFunction = {
  name: 'rosenbrock4',
  description: 'Rosenbrock-4 on [−5, 10]^4; a long curved valley',
  space: boxSpace(4, -5, 10),
  value: (p) => rosenbrock(vectorOf(p, 4)),
  fStar: 0,
  minimisers: [paramsOf([1, 1, 1, 1])],
  noiseSigma: 0,
};

// ---- Mixed: a training-run-like surface with a log float, a float, an int and a categorical ----

/**
 * Per activation c: offset o_c, best log10(lr) m_c and best layer count k_c.
 *   f(lr, dropout, layers, c) = o_c + 0.5·(log10(lr) − m_c)² + 4·(dropout − 0.3)² + 0.1·(layers − k_c)²
 * f* = 0 at c = relu, lr = 10^−2.5, dropout = 0.3, layers = 4. The other activations have their
 * own (worse) optima: tanh 0.15 at (10^−2, 0.3, 3), sigmoid 0.4 at (10^−1.5, 0.3, 2).
 */
export const MIXED_ACTIVATIONS = {
  relu: { offset: 0, bestLog10Lr: -2.5, bestLayers: 4 },
  tanh: { offset: 0.15, bestLog10Lr: -2, bestLayers: 3 },
  sigmoid: { offset: 0.4, bestLog10Lr: -1.5, bestLayers: 2 },
} as const;

type Activation = keyof typeof MIXED_ACTIVATIONS;

export function mixed(lr: number, dropout: number, layers: number, activation: Activation): number {
  const c = MIXED_ACTIVATIONS[activation];
  return c.offset + 0.5 * (Math.log10(lr) - c.bestLog10Lr) ** 2 + 4 * (dropout - 0.3) ** 2 + 0.1 * (layers - c.bestLayers) ** 2;
}

const MIXED: BenchFunction = {
  name: 'mixed',
  description:
    'mixed: lr ∈ [1e−4, 1] (log), dropout ∈ [0, 0.8], layers ∈ {1…8} (int), activation ∈ {relu, tanh, sigmoid}; ' +
    'f = o_c + 0.5(log10 lr − m_c)² + 4(dropout − 0.3)² + 0.1(layers − k_c)²',
  space: {
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    dropout: { type: 'float', low: 0, high: 0.8 },
    layers: { type: 'int', low: 1, high: 8 },
    activation: { type: 'categorical', choices: Object.keys(MIXED_ACTIVATIONS) },
  },
  value: (p) => mixed(p.lr as number, p.dropout as number, p.layers as number, p.activation as Activation),
  fStar: 0,
  minimisers: [{ lr: 10 ** -2.5, dropout: 0.3, layers: 4, activation: 'relu' }],
  noiseSigma: 0,
};

/** Every benchmark function, in report order. */
export const BENCH_FUNCTIONS: readonly BenchFunction[] = [BRANIN, HARTMANN6, ROSENBROCK4, NOISY_HARTMANN3, MIXED];

export function simpleRegret(fn: BenchFunction, params: Params): number {
  return Math.max(0, fn.value(params) - fn.fStar);
}
