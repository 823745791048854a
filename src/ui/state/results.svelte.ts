/**
 * The Results view's slow part: hyperparameter importance from a GP fitted to the study's trials.
 * Computed after a turn for the page, only when the complete trials changed, and at most once per
 * `minIntervalMs` while a study runs.
 */
import type { InspectableStudy } from '../../tuner';
import { gpImportance, type Importance } from '../analysis/importance';

export interface ResultsDeps {
  readonly now?: () => number;
  readonly yieldToPage?: () => Promise<void>;
  /** Default 2 000 ms. */
  readonly minIntervalMs?: number;
}

export class ResultsState {
  importance = $state.raw<Importance | null>(null);
  computing = $state(false);
  private lastKey = '';
  private lastAt = -Infinity;
  private readonly now: () => number;
  private readonly yieldToPage: () => Promise<void>;

  constructor(private readonly deps: ResultsDeps = {}) {
    this.now = deps.now ?? (() => performance.now());
    this.yieldToPage = deps.yieldToPage ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  /** Recomputes importance if the complete trials changed (and not too recently). */
  async update(study: InspectableStudy | null): Promise<void> {
    if (study === null) {
      this.importance = null;
      this.lastKey = '';
      return;
    }
    const complete = study.trials.filter((t) => t.state === 'complete');
    const key = `${Object.keys(study.space).join(',')}|${complete.length}|${complete.at(-1)?.id ?? -1}`;
    if (key === this.lastKey || this.computing) return;
    if (this.now() - this.lastAt < (this.deps.minIntervalMs ?? 2000)) return;
    this.computing = true;
    try {
      await this.yieldToPage();
      this.importance = complete.length < 3 || Object.keys(study.space).length < 2 ? null : gpImportance(study, { samples: 512 });
      this.lastKey = key;
      this.lastAt = this.now();
    } finally {
      this.computing = false;
    }
  }
}
