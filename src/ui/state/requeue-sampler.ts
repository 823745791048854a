/**
 * A sampler that first hands out queued params (trials interrupted by a reload), then defers to the
 * study's own sampler. It keeps the inner sampler's name, options and state, so the study saves and
 * restores exactly as before. It forwards the inner sampler's sliced suggestion (`suggestSliced`), so
 * cooperative asks (`Study.tryAskAsync`) still yield to the page.
 */
import type { Params, Sampler, SamplerContext, Sliced, Suggestion } from '../../tuner';

export class RequeueSampler implements Sampler {
  private readonly queue: Params[] = [];
  /** Present only when the inner sampler has it, so a study asks an unsliced sampler without a snapshot. */
  readonly suggestSliced?: (ctx: SamplerContext) => Sliced<Suggestion>;

  constructor(readonly inner: Sampler) {
    const innerSliced = inner.suggestSliced?.bind(inner);
    if (innerSliced !== undefined) {
      this.suggestSliced = (ctx) => this.queuedOr(innerSliced, ctx);
    }
  }

  private *queuedOr(innerSliced: (ctx: SamplerContext) => Sliced<Suggestion>, ctx: SamplerContext): Sliced<Suggestion> {
    const next = this.queue.shift();
    if (next !== undefined) return { kind: 'params', params: next };
    return yield* innerSliced(ctx);
  }

  get name(): string {
    return this.inner.name;
  }

  get options(): Readonly<Record<string, unknown>> {
    return this.inner.options;
  }

  /** Params to suggest, in order, before any new suggestion. */
  enqueue(params: readonly Params[]): void {
    this.queue.push(...params);
  }

  get queued(): number {
    return this.queue.length;
  }

  suggest(ctx: SamplerContext): Suggestion {
    const next = this.queue.shift();
    return next === undefined ? this.inner.suggest(ctx) : { kind: 'params', params: next };
  }

  saveState(): unknown {
    return this.inner.saveState?.();
  }

  loadState(state: unknown): void {
    this.inner.loadState?.(state);
  }
}
