/**
 * A one-sided Mann–Whitney U (Wilcoxon rank-sum) test: does sample a tend to be smaller than b?
 * Used on final regrets over seeds (ours against a peer). Normal approximation with mid-ranks for
 * ties, the tie-corrected variance and a continuity correction.
 *
 * Notation
 *   a (n_a), b (n_b)   the two samples; n = n_a + n_b
 *   R_a                sum of the (mid-)ranks of a in the pooled sample, ranks 1 … n
 *   U_a                R_a − n_a(n_a + 1)/2: the number of pairs (a_i, b_j) with a_i > b_j, ties ½
 *   μ, σ²              E[U_a] = n_a n_b / 2;  Var[U_a] = n_a n_b / 12 · (n + 1 − Σ_g (t_g³ − t_g) / (n(n − 1)))
 *                      with t_g the size of each group of tied values
 *   z                  (U_a − μ + ½) / σ;  p = Φ(z), small when a is stochastically smaller than b
 */

export interface RankTest {
  readonly u: number;
  readonly z: number;
  /** One-sided p-value for "a is smaller than b"; 1 when every value is tied. */
  readonly p: number;
}

export function mannWhitneyLess(a: readonly number[], b: readonly number[]): RankTest {
  if (a.length === 0 || b.length === 0) throw new Error(`the rank test needs two non-empty samples, got sizes ${a.length} and ${b.length}`);
  if ([...a, ...b].some((v) => Number.isNaN(v))) throw new Error('the rank test got NaN among its values');
  const na = a.length;
  const nb = b.length;
  const n = na + nb;
  const pooled = [...a.map((v) => ({ v, fromA: true })), ...b.map((v) => ({ v, fromA: false }))].sort((x, y) => x.v - y.v);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && pooled[j + 1]!.v === pooled[i]!.v) j++;
    const midRank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (pooled[k]!.fromA) rankSumA += midRank;
    i = j + 1;
  }
  const u = rankSumA - (na * (na + 1)) / 2;
  const mu = (na * nb) / 2;
  const variance = ((na * nb) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: Number.POSITIVE_INFINITY, p: 1 };
  const z = (u - mu + 0.5) / Math.sqrt(variance);
  return { u, z, p: normalCdf(z) };
}

/** Φ(z) through the complementary error function (Chebyshev fit, relative error < 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const poly =
    -x * x -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}
