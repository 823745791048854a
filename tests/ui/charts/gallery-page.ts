/**
 * Opens the chart gallery (gallery.html) in headless Chromium for the chart tests, once every map
 * background is drawn (they are sampled a slice per task, grid-sampler.ts).
 */
import { startBrowserEnv, type BrowserEnv } from '../../../scripts/browser-env';

/** The gallery, open and fully painted. */
export async function openGallery(): Promise<BrowserEnv> {
  const env = await startBrowserEnv('tests/ui/charts/gallery.html', 'window.galleryReady === true');
  await env.page.waitForFunction(() => document.querySelectorAll('canvas[data-painted=false]').length === 0);
  return env;
}
