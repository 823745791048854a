/**
 * Accessibility: axe-core (WCAG 2.x A and AA rules, plus its best practices) finds nothing on any
 * view of the page, on a desktop (1280 px) and a phone (390 px) viewport, once the landing race has
 * finished (so the Race and Inspector views show their charts), and again once a small study has
 * run (so the Run, Results and Saved views show theirs); that second pass also leaves a whole-page
 * screenshot of every view at both widths in docs/screenshots/view-*.png.
 *
 * axe-core is loaded as a script from the page's own origin (the page's policy admits no inline
 * script), and run through a function handed to the page, never a string.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fill, screenshot, showView, SLOW, usePage } from './page-helpers';

const env = usePage({ afterLandingRace: true });

/** Every view's tab label (the page's VIEW_LABELS, in tab order). */
const VIEWS = ['Setup', 'Run', 'Race', 'Inspector', 'Manual', 'Results', 'Saved'] as const;

/** One rule axe found broken, with the elements that break it. */
interface Finding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: string; readonly summary: string }[];
}

interface AxeWindow {
  axe?: {
    run(
      context: Element,
      options: { runOnly: { type: 'tag'; values: string[] }; resultTypes: string[] },
    ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }>;
  };
}

async function loadAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => (window as unknown as AxeWindow).axe !== undefined)) return;
  await page.addScriptTag({ url: '/node_modules/axe-core/axe.min.js' });
}

async function findings(page: Page): Promise<Finding[]> {
  await loadAxe(page);
  return page.evaluate(async () => {
    const axe = (window as unknown as AxeWindow).axe;
    if (axe === undefined) throw new Error('axe-core did not load');
    const result = await axe.run(document.body, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240) })),
    }));
  });
}

function describeFindings(view: string, width: number, found: readonly Finding[]): string {
  return found
    .map((f) => `${view} @${width}px: ${f.id} (${f.impact ?? 'no impact'}): ${f.help}\n${f.nodes.map((n) => `    ${n.target}: ${n.summary}`).join('\n')}`)
    .join('\n');
}

/**
 * Every view's axe findings at each width, and any view wider than the screen, described; empty
 * when there are none. With `shots`, each view is also captured whole as
 * docs/screenshots/view-<view>-<width>.png.
 */
async function everyView(page: Page, stage: string, shots = false): Promise<string[]> {
  const report: string[] = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
    for (const view of VIEWS) {
      await showView(page, view);
      // Check the view's charts, which it builds a task after it opens (Deferred), not their placeholders.
      await page.waitForFunction(() => document.querySelector('[role=tabpanel] .placeholder') === null);
      const found = await findings(page);
      if (found.length > 0) report.push(describeFindings(`${stage}: ${view}`, width, found));
      // Nothing may widen the page past the screen (wide tables and charts scroll inside their own box).
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (pageWidth > width) report.push(`${stage}: ${view} @${width}px: the page is ${pageWidth} px wide, wider than the screen`);
      if (shots) await screenshot(page, `view-${view.toLowerCase()}-${width}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  if (report.length > 0) console.log(report.join('\n'));
  return report;
}

describe('accessibility', { timeout: SLOW }, () => {
  it('axe-core finds no violation on any view after the landing race, at 1280 and 390 px', async () => {
    const report = await everyView(env.page, 'after the race');
    expect(report, report.join('\n')).toEqual([]);
  });

  it('axe-core finds no violation on any view once a study has run, at 1280 and 390 px', async () => {
    const page = env.page;
    await showView(page, 'Setup');
    await page.getByTestId('task').selectOption('synthetic-mlp');
    await page.locator('input[name=strategy][value=gp]').check();
    await fill(page, 'budget-trials', 8);
    await fill(page, 'workers', 2);
    await page.getByTestId('start-study').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') === 'finished', undefined, { timeout: 120_000 });
    const report = await everyView(page, 'after a study', true);
    expect(report, report.join('\n')).toEqual([]);
  });

  it('axe-core finds no violation in the Setup view’s other forms: a CNN with a scheduler, the user’s data, the duel', async () => {
    const page = env.page;
    await showView(page, 'Setup');
    const report: string[] = [];
    const forms: readonly [string, () => Promise<void>][] = [
      ['CNN, grid, ASHA', async () => {
        await page.getByTestId('task').selectOption('mnist-cnn');
        await page.locator('input[name=strategy][value=grid]').check();
        await page.getByTestId('scheduler').selectOption('asha');
      }],
      ['PBT', () => page.getByTestId('scheduler').selectOption('pbt').then(() => undefined)],
      ['your data', () => page.getByTestId('task').selectOption('user-data').then(() => undefined)],
      ['the duel', () => page.locator('input[name=strategy][value=manual]').check()],
    ];
    for (const [name, set] of forms) {
      await set();
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
        const found = await findings(page);
        if (found.length > 0) report.push(describeFindings(`Setup (${name})`, width, found));
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(report, report.join('\n')).toEqual([]);
  });
});
