/**
 * A PBT lineage tree laid out for drawing: one row per trial, ordered depth-first from the roots so
 * that every child sits below its parent; each trial spans from the epoch it branched at (0 for a
 * root) to its last reported epoch. The best lineage is the best complete trial and its ancestors.
 *
 * The edges come from the run's events while a study runs in this tab (timeline.ts), and from the
 * PBT scheduler's state saved with the study (`savedLineage`) once it is reopened: after a reload,
 * from Saved, or as a saved race run. `studyLineage` joins the two.
 *
 *   const lineage = studyLineage(savedLineage(session.schedulerState()), timeline.lineage);
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

/**
 * The PBT children a study's saved scheduler state names (`schedulerToJSON` of a PBT scheduler, kept
 * with the study so a reload can go on: its `state.extra.lineage`), one edge per trial started from
 * another's weights. null when the state says nothing of a lineage: absent (a study saved without
 * it), another scheduler's, or damaged. [] when PBT started every trial from scratch.
 */
export function savedLineage(saved: unknown): LineageEdge[] | null {
  const json = asObject(saved);
  if (json === null || json['name'] !== 'pbt') return null;
  const entries = asObject(asObject(json['state'])?.['extra'] ?? null)?.['lineage'];
  if (!Array.isArray(entries)) return null;
  const edges: LineageEdge[] = [];
  for (const raw of entries) {
    const entry = asObject(raw);
    if (entry === null) return null;
    const { trialId, parentId, atEpoch, changed } = entry;
    if (!isCount(trialId) || !(parentId === null || isCount(parentId)) || !isCount(atEpoch)) return null;
    if (!Array.isArray(changed) || !changed.every((c): c is string => typeof c === 'string')) return null;
    if (parentId !== null) edges.push({ childId: trialId, parentId, atEpoch, changed: changed.slice() });
  }
  return edges;
}

/**
 * A study's lineage from what was saved with it and what this tab recorded while running it (its
 * events' edges, or null when it did not run here), one edge per child (this tab's where both name
 * it), by child id; null when neither knows the lineage.
 */
export function studyLineage(saved: readonly LineageEdge[] | null, recorded: readonly LineageEdge[] | null): readonly LineageEdge[] | null {
  if (saved === null && recorded === null) return null;
  const byChild = new Map<number, LineageEdge>();
  for (const edge of [...(saved ?? []), ...(recorded ?? [])]) byChild.set(edge.childId, edge);
  return [...byChild.values()].sort((a, b) => a.childId - b.childId);
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * Where the study shown stands, for the lineage card: `live` while it is made in this tab (not yet
 * started, running or paused), `elsewhere` while another tab runs it, `ended` once its run is over
 * or it was opened from Saved.
 */
export type LineageWhere = 'live' | 'elsewhere' | 'ended';

/** What the lineage card says when it has no child to draw; `known`: the lineage is known (and has none). */
export function noLineageSentence(known: boolean, where: LineageWhere): string {
  switch (where) {
    case 'live':
      return 'No trial has been replaced by a better one’s child yet.';
    case 'elsewhere':
      return 'Another tab runs this study and records its lineage; it shows here when the study is opened from Saved after that run.';
    case 'ended':
      return known
        ? 'No trial was replaced by a better one’s child: every trial trained from scratch.'
        : 'This study was saved without its PBT lineage (saved before a study kept it, or imported without its scheduler state), so which trial started from which is not known; every trial keeps its per-epoch values and how it ended.';
    default: {
      const unreachable: never = where;
      return unreachable;
    }
  }
}
