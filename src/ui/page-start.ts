/**
 * The page's start-up order after its first paint, so that nothing it starts competes with the
 * first paint, the first input or each other:
 * 1. the page's state beyond the Race (the saved studies, the setup editor, …) loads once the page
 *    is idle (at once when the URL carries a shared setup, which opens Setup); without it (its
 *    chunk could not be fetched) the Race still runs, and a view that needs it tries again;
 * 2. the landing race starts at the next idle moment, unless the visitor has left the Race;
 * 3. once that race has ended and the page is idle again, the backend probe (a worker that fetches
 *    tfjs, a few megabytes on a slow phone);
 * 4. then the views not opened yet, one per idle moment, so a tab opened later shows at once.
 */
import { afterPageIdle } from './page-idle';
import type { AppState } from './state/app.svelte';
import { PRELOAD_ORDER, type ViewLoader } from './view-loader.svelte';

/** Most time each step waits for an idle moment, ms. */
const IDLE_TIMEOUT_MS = 2000;
/** How often the page looks whether the landing race has ended before probing the backend, ms. */
const RACE_POLL_MS = 250;

/** Runs the start-up steps; `alive()` turns false when the page is torn down, and the steps stop. */
export async function startPage(app: AppState, views: ViewLoader, alive: () => boolean, sharedSetup: boolean): Promise<void> {
  const loadState = () => app.init().catch((error: unknown) => console.error("The page's state beyond the Race could not be loaded:", error));
  if (sharedSetup) await loadState();
  await afterPageIdle(IDLE_TIMEOUT_MS);
  if (!alive()) return;
  await loadState();
  (globalThis as { tunerApp?: AppState }).tunerApp = app;
  await afterPageIdle(IDLE_TIMEOUT_MS);
  if (alive() && app.view === 'race' && !app.race.running) app.startRace();
  while (alive() && app.race.running) await new Promise((resolve) => setTimeout(resolve, RACE_POLL_MS));
  await afterPageIdle(IDLE_TIMEOUT_MS);
  if (alive() && app.probe.status.kind === 'idle') await app.probeBackend().catch(() => undefined);
  for (const id of PRELOAD_ORDER) {
    await afterPageIdle(IDLE_TIMEOUT_MS);
    if (!alive()) return;
    await views.preload(id);
  }
}
