/**
 * The Results view's slow part: hyperparameter importance from a GP fitted to the study's trials,
 * computed off the page's thread (analysis-client.ts), only when the complete trials changed, and at
 * most once per `minIntervalMs` while a study runs. Another study clears it at once.
 */
import type { InspectableStudy } from '../../tuner';
import { inPageAnalysis, sharedAnalysis, type Analysis } from '../analysis/analysis-client';
import type { Importance } from '../analysis/importance';
import { studyIdentity } from '../analysis/study-identity';

export interface ResultsDeps {
  readonly now?: () => number;
  /** Where the analyses run; default the page's analysis worker (or the page after `yieldToPage`, when given). */
  readonly analysis?: Analysis;
  readonly yieldToPage?: () => Promise<void>;
  /** Default 2 000 ms. */
  readonly minIntervalMs?: number;
}

export class ResultsState {
  importance = $state.raw<Importance | null>(null);
  computing = $state(false);
  /** Why importance could not be computed, if it could not. */
  error = $state<string | null>(null);
  private identity = '';
  private lastKey = '';
  private lastAt = -Infinity;
  private request = 0;
  private readonly now: () => number;
  private readonly analysis: Analysis;

  constructor(private readonly deps: ResultsDeps = {}) {
    this.now = deps.now ?? (() => performance.now());
    this.analysis = deps.analysis ?? (deps.yieldToPage === undefined ? sharedAnalysis() : inPageAnalysis(deps.yieldToPage));
  }

  /** Recomputes importance if the complete trials changed (and not too recently); O(n) per call. */
  async update(study: InspectableStudy | null): Promise<void> {
    const identity = study === null ? '' : studyIdentity(study);
    if (identity !== this.identity) {
      // Another study: nothing of the last one's stays on screen, and its computation is abandoned.
      this.identity = identity;
      this.importance = null;
      this.error = null;
      this.lastKey = '';
      this.lastAt = -Infinity;
      this.computing = false;
      this.request++;
    }
    if (study === null) return;
    let complete = 0;
    let lastComplete = -1;
    for (const t of study.trials)
      if (t.state === 'complete') {
        complete++;
        lastComplete = t.id;
      }
    const key = `${complete}|${lastComplete}`;
    if (key === this.lastKey || this.computing) return;
    if (this.now() - this.lastAt < (this.deps.minIntervalMs ?? 2000)) return;
    const request = ++this.request;
    this.computing = true;
    try {
      const importance = await this.analysis.importance(study);
      if (request !== this.request) return;
      this.importance = importance;
      this.error = null;
    } catch (error) {
      if (request !== this.request) return;
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (request === this.request) {
        this.lastKey = key;
        this.lastAt = this.now();
        this.computing = false;
      }
    }
  }
}
