/**
 * The Bayesian inspector: what the GP believed at step `upTo` of a study's history — posterior
 * mean ± std and EI along one parameter and over two, and the point it picks next. The fit and the
 * slices run off the page's thread (analysis-client.ts); one computation is in flight at a time and
 * only the newest request waits behind it, so dragging the slider never queues up fits.
 *
 * Per-study state (step, axes, the view) belongs to one study: when the source becomes another
 * study, all of it resets at once, and a view always carries the search space it was computed for.
 */
import type { InspectableStudy, SearchSpace } from '../../tuner';
import { inPageAnalysis, sharedAnalysis, type Analysis } from '../analysis/analysis-client';
import type { Inspection } from '../analysis/analysis-jobs';
import { studyIdentity } from '../analysis/study-identity';

export interface InspectorSource {
  /** Shown in the source picker. */
  readonly label: string;
  readonly study: InspectableStudy;
  /** What the study's values are, in words, for the charts' axes ('Branin function value'; default 'objective'). */
  readonly valueLabel?: string;
}

export type InspectorView =
  | { readonly kind: 'empty'; readonly message: string }
  | (Extract<Inspection, { kind: 'ready' }> & { readonly space: SearchSpace });

export interface InspectorDeps {
  /** Where the GP is fitted; default the page's analysis worker (or the page after `yieldToPage`, when given). */
  readonly analysis?: Analysis;
  readonly yieldToPage?: () => Promise<void>;
  /** Cells per side of the 2-D grid; default 36. */
  readonly gridRes?: number;
}

const NO_STUDY = 'Run a study or a race first: the inspector looks inside the Bayesian optimiser.';

export class InspectorState {
  source = $state.raw<InspectorSource | null>(null);
  /** Trials the GP may see: 1 … study.trials.length. */
  upTo = $state(1);
  xParam = $state('');
  yParam = $state('');
  view = $state.raw<InspectorView>({ kind: 'empty', message: NO_STUDY });
  /** True while a newer view is being computed (the old one of the same study stays on screen). */
  busy = $state(false);

  private identity = '';
  /** Identity and finished-trial count of the source last followed. */
  private followed = '';
  private request = 0;
  private inFlight: Promise<unknown> | null = null;
  private readonly analysis: Analysis;

  constructor(private readonly deps: InspectorDeps = {}) {
    this.analysis = deps.analysis ?? (deps.yieldToPage === undefined ? sharedAnalysis() : inPageAnalysis(deps.yieldToPage));
  }

  get params(): string[] {
    return this.source === null ? [] : Object.keys(this.source.study.space);
  }

  get maxStep(): number {
    return this.source?.study.trials.length ?? 0;
  }

  /** Selects `source` if it is another study or the same one with more finished trials; O(n). */
  follow(source: InspectorSource | null): void {
    let finished = 0;
    if (source !== null) for (const t of source.study.trials) if (t.state !== 'running') finished++;
    const key = source === null ? '' : `${identityOf(source)}:${finished}`;
    if (key === this.followed) return;
    this.followed = key;
    this.select(source);
  }

  /**
   * Looks at a study. Another study opens at its latest step with fresh axes; the same study grown
   * by new trials keeps the step the learner chose, unless it was at the end (then it follows the
   * newest trial).
   */
  select(source: InspectorSource | null): void {
    const identity = source === null ? '' : identityOf(source);
    const sameStudy = source !== null && identity === this.identity;
    const wasAtEnd = this.upTo >= this.maxStep;
    this.source = source;
    this.identity = identity;
    if (!sameStudy) {
      this.request++;
      this.view = { kind: 'empty', message: source === null ? NO_STUDY : 'Fitting the GP…' };
      this.xParam = '';
      this.yParam = '';
    }
    const names = this.params;
    if (!names.includes(this.xParam)) this.xParam = names[0] ?? '';
    if (!names.includes(this.yParam) || this.yParam === this.xParam) this.yParam = names.find((n) => n !== this.xParam) ?? '';
    this.upTo = sameStudy && !wasAtEnd ? Math.max(1, Math.min(this.upTo, this.maxStep)) : Math.max(1, this.maxStep);
    void this.compute();
  }

  /** Recomputes for the current source, step and axes. */
  async compute(): Promise<void> {
    const request = ++this.request;
    const source = this.source;
    if (source === null) {
      this.view = { kind: 'empty', message: NO_STUDY };
      this.busy = false;
      return;
    }
    this.busy = true;
    while (this.inFlight !== null) {
      await this.inFlight.catch(() => undefined);
      if (request !== this.request) return;
    }
    const { study } = source;
    const job = this.analysis.inspect(study, {
      upTo: Math.max(0, Math.min(this.upTo, study.trials.length)),
      xParam: this.xParam,
      yParam: this.yParam,
      gridRes: this.deps.gridRes ?? 36,
      sliceCount: 81,
    });
    this.inFlight = job;
    try {
      const result = await job;
      if (request === this.request) this.view = result.kind === 'ready' ? { ...result, space: study.space } : result;
    } catch (error) {
      if (request === this.request) this.view = { kind: 'empty', message: `The GP could not be fitted: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      if (this.inFlight === job) this.inFlight = null;
      if (request === this.request) this.busy = false;
    }
  }
}

function identityOf(source: InspectorSource): string {
  return `${source.label}#${studyIdentity(source.study)}`;
}
