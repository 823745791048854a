/**
 * A PBT lineage tree laid out for drawing: one row per trial, ordered depth-first from the roots so
 * that every child sits below its parent; each trial spans from the epoch it branched at (0 for a
 * root) to its last reported epoch. The best lineage is the best complete trial and its ancestors.
 *
 * Notation: epoch e ∈ [0, R]; row r ∈ 0 … n−1 (n = number of trials).
 */
import type { LineageEdge } from '../../runner';
import { epochsUsed, type Trial, type TrialState } from '../../tuner';

export interface LineageNode {
  readonly trialId: number;
  readonly row: number;
  /** null for a root (trained from scratch). */
  readonly parentId: number | null;
  /** The parent's epoch whose weights it started from (0 for a root). */
  readonly atEpoch: number;
  /** The last epoch it reported (≥ atEpoch). */
  readonly lastEpoch: number;
  /** Hyperparameters that differ from the parent's. */
  readonly changed: readonly string[];
  readonly state: TrialState;
  readonly value: number | null;
  /** On the path from a root to the best trial. */
  readonly onBest: boolean;
}

export interface LineageLayout {
  readonly nodes: readonly LineageNode[];
  /** The best complete trial (lowest value), or null. */
  readonly bestId: number | null;
  /** Largest epoch any trial reached (≥ 1). */
  readonly maxEpoch: number;
}

export function lineageLayout(trials: readonly Trial[], edges: readonly LineageEdge[]): LineageLayout {
  const edgeOf = new Map(edges.map((e) => [e.childId, e]));
  const byId = new Map(trials.map((t) => [t.id, t]));
  const children = new Map<number, number[]>();
  for (const e of edges) if (byId.has(e.childId)) children.set(e.parentId, [...(children.get(e.parentId) ?? []), e.childId]);
  let bestId: number | null = null;
  let bestValue = Infinity;
  for (const t of trials) if (t.state === 'complete' && t.value !== null && t.value < bestValue) [bestId, bestValue] = [t.id, t.value];
  const onBest = new Set<number>();
  for (let id: number | undefined = bestId ?? undefined; id !== undefined && !onBest.has(id); id = edgeOf.get(id)?.parentId) onBest.add(id);

  const order: number[] = [];
  const seen = new Set<number>();
  const visit = (id: number) => {
    if (seen.has(id) || !byId.has(id)) return;
    seen.add(id);
    order.push(id);
    for (const child of (children.get(id) ?? []).sort((a, b) => a - b)) visit(child);
  };
  for (const t of trials) if (!edgeOf.has(t.id) || !byId.has((edgeOf.get(t.id) as LineageEdge).parentId)) visit(t.id);
  for (const t of trials) visit(t.id);

  const nodes = order.map((id, row): LineageNode => {
    const t = byId.get(id) as Trial;
    const edge = edgeOf.get(id);
    const atEpoch = edge?.atEpoch ?? 0;
    return {
      trialId: id,
      row,
      parentId: edge?.parentId ?? null,
      atEpoch,
      lastEpoch: Math.max(atEpoch, epochsUsed(t)),
      changed: edge?.changed ?? [],
      state: t.state,
      value: t.value,
      onBest: onBest.has(id),
    };
  });
  return { nodes, bestId, maxEpoch: Math.max(1, ...nodes.map((n) => n.lastEpoch)) };
}
