/**
 * The Bayesian inspector: what the GP believed at step `upTo` of a study's history — posterior
 * mean ± std and EI along one parameter and over two, and the point it picks next. The work is split
 * into separate tasks (fit, then the 1-D slice, then the 2-D grid) with a turn for the page in
 * between, and a newer request (the slider moved again) abandons an older one.
 */
import { inspectGp, type InspectableStudy } from '../../tuner';
import { gpGrid2D, gpSlice1D, type GpGrid2DData, type GpSlice1DData } from '../analysis/gp-slices';

export interface InspectorSource {
  /** Shown in the source picker. */
  readonly label: string;
  readonly study: InspectableStudy;
}

export type InspectorView =
  | { readonly kind: 'empty'; readonly message: string }
  | {
      readonly kind: 'ready';
      readonly upTo: number;
      readonly observed: number;
      readonly bestValue: number;
      readonly next: Readonly<Record<string, unknown>>;
      readonly slice: GpSlice1DData;
      readonly grid: GpGrid2DData | null;
    };

export interface InspectorDeps {
  readonly yieldToPage?: () => Promise<void>;
  /** Cells per side of the 2-D grid; default 36. */
  readonly gridRes?: number;
}

export class InspectorState {
  source = $state.raw<InspectorSource | null>(null);
  /** Trials the GP may see: 1 … study.trials.length. */
  upTo = $state(1);
  xParam = $state('');
  yParam = $state('');
  view = $state.raw<InspectorView>({ kind: 'empty', message: 'Run a study or a race first: the inspector looks inside the Bayesian optimiser.' });
  /** True while a newer view is being computed (the old one stays on screen). */
  busy = $state(false);

  private request = 0;
  private readonly yieldToPage: () => Promise<void>;

  constructor(private readonly deps: InspectorDeps = {}) {
    this.yieldToPage = deps.yieldToPage ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  get params(): string[] {
    return this.source === null ? [] : Object.keys(this.source.study.space);
  }

  get maxStep(): number {
    return this.source?.study.trials.length ?? 0;
  }

  /**
   * Looks at a study. A new study opens at its latest step; the same study grown by new trials keeps
   * the step the learner chose, unless it was at the end (then it follows the newest trial).
   */
  select(source: InspectorSource | null): void {
    const sameStudy = source !== null && this.source !== null && source.label === this.source.label;
    const wasAtEnd = this.upTo >= this.maxStep;
    this.source = source;
    const names = this.params;
    if (!names.includes(this.xParam)) this.xParam = names[0] ?? '';
    if (!names.includes(this.yParam) || this.yParam === this.xParam) this.yParam = names.find((n) => n !== this.xParam) ?? '';
    this.upTo = sameStudy && !wasAtEnd ? Math.min(this.upTo, this.maxStep) : Math.max(1, this.maxStep);
    void this.compute();
  }

  /** Recomputes for the current source, step and axes. */
  async compute(): Promise<void> {
    const request = ++this.request;
    const source = this.source;
    if (source === null) {
      this.view = { kind: 'empty', message: 'Run a study or a race first: the inspector looks inside the Bayesian optimiser.' };
      return;
    }
    const { study } = source;
    const upTo = Math.max(0, Math.min(this.upTo, study.trials.length));
    this.busy = true;
    await this.yieldToPage();
    if (request !== this.request) return;
    const inspection = inspectGp(study, { upTo });
    if (inspection === null) {
      this.view = { kind: 'empty', message: `No trial among the first ${upTo} has completed yet: the GP has nothing to fit.` };
      this.busy = false;
      return;
    }
    await this.yieldToPage();
    if (request !== this.request) return;
    const slice = gpSlice1D(study, inspection, this.xParam, { count: 81 });
    await this.yieldToPage();
    if (request !== this.request) return;
    const grid = this.yParam === '' ? null : gpGrid2D(study, inspection, this.xParam, this.yParam, { res: this.deps.gridRes ?? 36 });
    if (request !== this.request) return;
    this.view = { kind: 'ready', upTo, observed: inspection.observed, bestValue: inspection.bestValue, next: inspection.next, slice, grid };
    this.busy = false;
  }
}
