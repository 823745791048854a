/**
 * One Lighthouse 12 run of a page in Debian's Chromium (CHROME_PATH, default /usr/bin/chromium),
 * with the mobile preset (Lighthouse's default: a mid-range phone, slow 4G, 4× CPU slowdown) or
 * the desktop preset, with 'simulate' throttling (the default: the page loads unthrottled and
 * Lighthouse models the throttled timings from the trace) or 'devtools' throttling. Reads the figures the page targets and
 * the URLs the page fetched while loading.
 */
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

export type Preset = 'mobile' | 'desktop';
/**
 * 'simulate' (Lighthouse's default) multiplies every task it saw by the CPU slowdown, so a task the
 * page cut to 8 ms of real time counts as 32 ms on the phone; 'devtools' slows the CPU for real while
 * the page loads, so work that slices itself by the clock (the landing race) slices as on a slow phone.
 */
export type Throttling = 'simulate' | 'devtools';

/** A request seen during the run; `by` is Lighthouse's session target type ('page', 'worker', …). */
export interface Request {
  readonly url: string;
  readonly by: string;
}

/** One run's figures: scores 0–100, times in ms. */
export interface PageFigures {
  readonly preset: Preset;
  readonly performance: number;
  readonly accessibility: number;
  readonly totalBlockingTime: number;
  readonly timeToInteractive: number;
  readonly largestContentfulPaint: number;
  readonly firstContentfulPaint: number;
  /** Cumulative layout shift (unitless). */
  readonly cumulativeLayoutShift: number;
  /** Every request of the run: its URL, and whether the page or a worker made it. */
  readonly requests: readonly Request[];
}

const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage'];

function score(value: number | null | undefined, name: string): number {
  if (value === null || value === undefined) throw new Error(`Lighthouse returned no ${name} score (the run failed; see its runtime error)`);
  return Math.round(value * 100);
}

function numeric(audits: Record<string, { numericValue?: number }>, id: string): number {
  const value = audits[id]?.numericValue;
  if (value === undefined) throw new Error(`Lighthouse returned no value for the '${id}' audit`);
  return value;
}

/** Runs Lighthouse once on `url` with `preset`, in a fresh headless Chromium. */
export async function runLighthouse(url: string, preset: Preset, throttling: Throttling): Promise<PageFigures> {
  const chromePath = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
  const chrome = await launch({ chromePath, chromeFlags: CHROME_FLAGS });
  try {
    const flags = { port: chrome.port, logLevel: 'error' as const, output: 'json' as const, onlyCategories: ['performance', 'accessibility'], throttlingMethod: throttling };
    const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
    if (result === undefined) throw new Error(`Lighthouse returned no result for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError !== undefined) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
    const audits = lhr.audits as Record<string, { numericValue?: number; details?: { items?: { url?: string; sessionTargetType?: string }[] } }>;
    const requests = audits['network-requests']?.details?.items ?? [];
    return {
      preset,
      performance: score(lhr.categories['performance']?.score, 'performance'),
      accessibility: score(lhr.categories['accessibility']?.score, 'accessibility'),
      totalBlockingTime: numeric(audits, 'total-blocking-time'),
      timeToInteractive: numeric(audits, 'interactive'),
      largestContentfulPaint: numeric(audits, 'largest-contentful-paint'),
      firstContentfulPaint: numeric(audits, 'first-contentful-paint'),
      cumulativeLayoutShift: numeric(audits, 'cumulative-layout-shift'),
      requests: requests.flatMap((r) => (r.url === undefined ? [] : [{ url: r.url, by: r.sessionTargetType ?? 'page' }])),
    };
  } finally {
    chrome.kill();
  }
}

/** The run with the median performance score of several (Lighthouse's own advice for noisy machines). */
export function medianRun(runs: readonly PageFigures[]): PageFigures {
  if (runs.length === 0) throw new Error('no Lighthouse runs to take the median of');
  const sorted = runs.slice().sort((a, b) => a.performance - b.performance || a.totalBlockingTime - b.totalBlockingTime);
  return sorted[Math.floor((sorted.length - 1) / 2)] as PageFigures;
}
