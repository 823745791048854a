/**
 * The page loads by view: a first visit fetches the Race (the landing view) and not the other views'
 * code, nor any trial worker (which brings tfjs) while the landing race runs; a view's code is
 * fetched the first time its tab opens, and the backend probe starts its worker once the landing
 * race is over; after it, idle, the page fetches the views not opened yet. Read from the requests
 * the page makes from a reload on (the dev server serves each module under its source path).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { raceDone, showView, SLOW, usePage } from './page-helpers';

const env = usePage();
/** The path of every request the page (its workers' own scripts included) has made since the reload. */
const requested: string[] = [];

beforeAll(async () => {
  env.page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await env.page.reload();
  await env.page.waitForFunction(() => (window as unknown as { tunerApp?: unknown }).tunerApp !== undefined);
});


const LAZY_VIEWS = ['SetupView.svelte', 'RunView.svelte', 'InspectorView.svelte', 'ManualView.svelte', 'ResultsView.svelte', 'SavedView.svelte'];

describe('the page loads by view', { timeout: SLOW }, () => {
  it('fetches neither the other views nor a trial worker while the landing race runs', async () => {
    const { page } = env;
    await page.waitForFunction(() => document.querySelector('[data-testid=race-status]')?.getAttribute('data-phase') !== 'idle', undefined, { timeout: 60_000 });
    const paths = requested.slice();
    expect(paths.some((path) => path.endsWith('RaceView.svelte'))).toBe(true);
    for (const view of LAZY_VIEWS) expect(paths.filter((path) => path.endsWith(view)), view).toEqual([]);
    expect(paths.filter((path) => path.includes('trial.worker'))).toEqual([]);
  });

  it('fetches a view when its tab first opens, and shows it', async () => {
    const { page } = env;
    await showView(page, 'Saved');
    await page.getByTestId('import-file').waitFor({ state: 'attached', timeout: 60_000 });
    const paths = requested.slice();
    expect(paths.some((path) => path.endsWith('SavedView.svelte'))).toBe(true);
    expect(paths.filter((path) => path.endsWith('ResultsView.svelte'))).toEqual([]);
    await showView(page, 'Race');
  });

  it('probes the backend with a trial worker once the landing race is over, then fetches the other views', async () => {
    const { page } = env;
    await raceDone(page);
    await page.getByTestId('backend-badge').filter({ hasNotText: /not checked yet/ }).waitFor({ timeout: 60_000 });
    expect(requested.some((path) => path.includes('trial.worker'))).toBe(true);
    // Then, idle, the page fetches the views not opened yet, so that a later tab shows at once.
    await expect.poll(() => LAZY_VIEWS.filter((view) => !requested.some((path) => path.endsWith(view))), { timeout: 60_000 }).toEqual([]);
  });
});
