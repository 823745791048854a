/**
 * The page's views other than the Race (the landing view, bundled with the page) are separate
 * chunks, fetched the first time their tab opens, so a first visit downloads and evaluates only what
 * the Race needs. A view's state says whether its code is loading, ready or failed to load (a
 * deployment replaced under an open tab, or the network gone); a failed view can be tried again.
 * A view is ready once its code and what it needs first (`needs`: the page's state beyond the
 * Race, app.svelte.ts) are both loaded.
 */
import type { Component } from 'svelte';
import type { ViewId } from './state/app.svelte';

/** The views loaded on demand. */
export type LazyViewId = Exclude<ViewId, 'race'>;

/** The lazy views in the order the page fetches them ahead of use when idle. */
export const PRELOAD_ORDER: readonly LazyViewId[] = ['setup', 'run', 'results', 'saved', 'inspector', 'manual'];

const LOADERS = {
  setup: () => import('./setup/SetupView.svelte'),
  run: () => import('./components/RunView.svelte'),
  inspector: () => import('./components/InspectorView.svelte'),
  manual: () => import('./components/ManualView.svelte'),
  results: () => import('./components/ResultsView.svelte'),
  saved: () => import('./components/SavedView.svelte'),
} satisfies Record<LazyViewId, () => Promise<{ default: Component<never> }>>;

/** Each lazy view's component, with its own props. */
export type ViewComponents = { readonly [K in LazyViewId]: Awaited<ReturnType<(typeof LOADERS)[K]>>['default'] };

export type ViewLoad<K extends LazyViewId> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly component: ViewComponents[K] }
  | { readonly kind: 'failed'; readonly message: string };

export class ViewLoader {
  /** @param needs  what every view needs besides its own code (resolves once loaded; may reject). */
  constructor(private readonly needs: () => Promise<unknown> = () => Promise.resolve()) {}

  private loads = $state.raw<{ readonly [K in LazyViewId]?: ViewLoad<K> }>({});

  /** The view's load so far ('loading' before `load` is called). */
  state<K extends LazyViewId>(id: K): ViewLoad<K> {
    return (this.loads[id] as ViewLoad<K> | undefined) ?? { kind: 'loading' };
  }

  /** Fetches the view's chunk unless it is loaded or loading; after a failure, tries again. */
  load(id: LazyViewId): void {
    void this.preload(id);
  }

  /**
   * `load`, resolving once the view is ready or has failed (never rejecting): the page fetches the
   * views not yet opened one by one when it is idle, so that a tab opened later shows at once and
   * its code is not evaluated in the task that handles the click.
   */
  preload(id: LazyViewId): Promise<void> {
    const current = this.loads[id];
    const pending = this.pending.get(id);
    if (pending !== undefined) return pending;
    if (current !== undefined && current.kind === 'ready') return Promise.resolve();
    this.set(id, { kind: 'loading' });
    const done = Promise.all([LOADERS[id](), this.needs()]).then(
      ([module]) => this.set(id, { kind: 'ready', component: module.default }),
      (error: unknown) => this.set(id, { kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    const settled = done.finally(() => this.pending.delete(id));
    this.pending.set(id, settled);
    return settled;
  }

  /** Views whose chunk is being fetched now. */
  private readonly pending = new Map<LazyViewId, Promise<void>>();

  private set<K extends LazyViewId>(id: K, load: ViewLoad<K>): void {
    this.loads = { ...this.loads, [id]: load };
  }
}
