/**
 * Rung bookkeeping for successive halving (ASHA, Hyperband, BOHB).
 *
 * Notation: r = minEpochs, η = reductionFactor, R = maxEpochs. Levels L_k = r·η^k for k = 0 … K−1
 * with L_k < R (K levels), then R. Bracket s ∈ {0 … K} has rungs L_s … L_{K−1} (bracket K has
 * none: it trains every trial to R). A rung keeps (trial, loss) records; with n records its top
 * ⌊n/η⌋ (promotion mode) or ⌈n/η⌉ (stopping mode) by loss, ties to the lower id, pass on.
 * Hyperband's bracket sizes: n_s = ⌈(K+1)/(K+1−s) · η^(K−s)⌉ trials per cycle.
 */
import { SchedulerError } from './types';

/** One trial's loss on arriving at a rung. */
export interface RungRecord {
  readonly trialId: number;
  /** null for a NaN/∞ report (worst). */
  readonly loss: number | null;
}

/** One rung of successive halving: its epoch, the losses recorded there and the trials let through. */
export interface Rung {
  readonly epoch: number;
  records: RungRecord[];
  /** Trials already promoted out of this rung (or let through in stopping mode). */
  promoted: number[];
}

/** L_0 … L_{K−1}: the levels below R. */
export function rungLevels(minEpochs: number, eta: number, maxEpochs: number): number[] {
  if (minEpochs > maxEpochs) throw new SchedulerError(`minEpochs (${minEpochs}) must be ≤ maxEpochs (${maxEpochs})`);
  const levels: number[] = [];
  for (let level = minEpochs; level < maxEpochs; level = Math.round(level * eta)) levels.push(level);
  return levels;
}

/** The bracket cycle: bracket s appears n_s times, interleaved by smooth weighted round robin. */
export function bracketCycle(levelCount: number, eta: number, brackets: number): number[] {
  const K = levelCount;
  const weights = Array.from({ length: brackets }, (_, s) => Math.ceil(((K + 1) / (K + 1 - s)) * eta ** (K - s)));
  const total = weights.reduce((a, b) => a + b, 0);
  const current = weights.map(() => 0);
  const cycle: number[] = [];
  for (let i = 0; i < total; i++) {
    let pick = 0;
    for (let s = 0; s < brackets; s++) {
      current[s] = (current[s] as number) + (weights[s] as number);
      if ((current[s] as number) > (current[pick] as number)) pick = s;
    }
    current[pick] = (current[pick] as number) - total;
    cycle.push(pick);
  }
  return cycle;
}

/** Records sorted best first (null last, ties to the lower id). */
export function ranked(records: readonly RungRecord[]): RungRecord[] {
  return records.slice().sort(before);
}

/** Best first: loss ascending (null last), ties to the lower id. */
function before(a: RungRecord, b: RungRecord): number {
  const la = a.loss ?? Infinity;
  const lb = b.loss ?? Infinity;
  return la !== lb ? la - lb : a.trialId - b.trialId;
}

/**
 * Each rung's records ranked best first, kept up to date by `addRecord` (a new record is inserted in
 * place): a scheduler ranks every rung on every decision, and a rung of a long study holds hundreds.
 */
const rankings = new WeakMap<readonly RungRecord[], RungRecord[]>();

function rankingOf(rung: Rung): readonly RungRecord[] {
  let ranking = rankings.get(rung.records);
  if (ranking === undefined || ranking.length !== rung.records.length) {
    ranking = ranked(rung.records);
    rankings.set(rung.records, ranking);
  }
  return ranking;
}

/** Ids in the passing top of a rung: ⌊n/η⌋ (promotion) or ⌈n/η⌉ (stopping). */
export function topIds(rung: Rung, eta: number, mode: 'promotion' | 'stopping'): number[] {
  const n = rung.records.length;
  const k = mode === 'promotion' ? Math.floor(n / eta) : Math.ceil(n / eta);
  return rankingOf(rung)
    .slice(0, k)
    .map((r) => r.trialId);
}

export function addRecord(rung: Rung, trialId: number, loss: number): void {
  const record = { trialId, loss: Number.isFinite(loss) ? loss : null };
  const at = rung.records.findIndex((r) => r.trialId === trialId);
  if (at >= 0) {
    rung.records[at] = record;
    rankings.delete(rung.records);
    return;
  }
  const ranking = rankings.get(rung.records);
  rung.records.push(record);
  if (ranking === undefined) return;
  let lo = 0;
  let hi = ranking.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(ranking[mid] as RungRecord, record) < 0) lo = mid + 1;
    else hi = mid;
  }
  ranking.splice(lo, 0, record);
}
