/**
 * The chart gallery in headless Chromium: every chart renders (an SVG with marks, canvases with
 * painted pixels), the page logs no errors, and the interactive parts answer the keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserEnv } from '../../../scripts/browser-env';
import { openGallery } from './gallery-page';

const SECTIONS = [
  'anytime-trials',
  'anytime-seconds',
  'sample-map',
  'sample-map-log',
  'gp-slice-1d',
  'gp-slice-1d-cat',
  'gp-slice-2d-mean',
  'gp-slice-2d-ei',
  'parallel',
  'importance',
  'learning-curves',
  'history',
  'history-log',
  'edf',
  'slice',
  'contour',
  'timeline',
  'table',
] as const;

let env: BrowserEnv;

beforeAll(async () => {
  env = await openGallery();
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('chart gallery', () => {
  it('renders every chart with content', async () => {
    const report = await env.page.evaluate((ids) => {
      return ids.map((id) => {
        const section = document.getElementById(id);
        const svg = section?.querySelector('svg[viewBox]');
        const marks = svg ? svg.querySelectorAll('path, rect, circle, line').length : 0;
        const canvases = Array.from(section?.querySelectorAll('canvas') ?? []).map((canvas) => {
          const ctx = canvas.getContext('2d');
          if (!ctx || canvas.width === 0) return 0;
          const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) painted++;
          return painted / (canvas.width * canvas.height);
        });
        const rows = section?.querySelectorAll('tbody tr').length ?? 0;
        const label = svg?.getAttribute('aria-label') ?? '';
        return { id, marks, canvases, rows, label };
      });
    }, [...SECTIONS]);
    for (const r of report) {
      if (r.id === 'table') {
        expect(r.rows, r.id).toBe(36);
        continue;
      }
      expect(r.marks, r.id).toBeGreaterThan(5);
      expect(r.label.length, r.id).toBeGreaterThan(30);
      for (const painted of r.canvases) expect(painted, r.id).toBe(1);
    }
    expect(report.find((r) => r.id === 'sample-map')?.canvases).toHaveLength(1);
    expect(report.find((r) => r.id === 'sample-map')?.label).toContain('Grid: 25 points: 5 distinct x, 5 distinct y');
  });

  it('logs no errors', () => {
    expect(env.log.filter((line) => line.startsWith('[error]') || line.startsWith('[pageerror]') || line.startsWith('[warning]'))).toEqual([]);
  });

  it('picks a point on the sample map from the keyboard', async () => {
    const picker = env.page.locator('#sample-map .picker');
    await picker.focus();
    await env.page.keyboard.press('ArrowRight');
    await env.page.keyboard.press('ArrowUp');
    await env.page.keyboard.press('Enter');
    const picks = await env.page.evaluate(() => window.galleryPicks);
    expect(picks).toHaveLength(1);
    expect(picks?.[0]?.u).toBeCloseTo(0.525);
    expect(picks?.[0]?.v).toBeCloseTo(0.525);
  });

  it('sorts the trials table from the keyboard, with aria-sort', async () => {
    const header = env.page.locator('#table th', { hasText: 'val loss' });
    await header.locator('button').focus();
    await env.page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const first = await env.page.locator('#table tbody tr').first().getAttribute('class');
    expect(first).toContain('best');
    await env.page.keyboard.press('Space');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
  });

  it('draws charts of more trials than pixels from pooled or sampled marks, a task after mounting', async () => {
    const { page } = env;
    await page.locator('#timeline-large [data-testid=timeline-pooled]').waitFor({ timeout: 10_000 });
    await page.locator('#learning-curves-large [data-testid=curves-sampled]').waitFor({ timeout: 10_000 });
    const drawn = await page.evaluate(() => ({
      timelineMarks: document.querySelectorAll('#timeline-large svg[viewBox] rect, #timeline-large svg[viewBox] path').length,
      stripes: Array.from(document.querySelectorAll('#timeline-large [data-testid=timeline-bins] path')).map((p) => p.getAttribute('data-outcome')),
      wideBars: document.querySelectorAll('#timeline-large .bars .bar').length,
      label: document.querySelector('#timeline-large svg[viewBox]')?.getAttribute('aria-label') ?? '',
      curves: document.querySelectorAll('#learning-curves-large path.curve').length,
    }));
    // 6,001 segments, but a few hundred marks: one path per outcome, lanes, axis and the one long trial.
    expect(drawn.timelineMarks).toBeLessThan(200);
    expect(drawn.stripes).toEqual(['complete', 'pruned', 'failed']);
    expect(drawn.wideBars).toBe(1);
    expect(drawn.label).toContain('Timeline of 6001 trial attempts');
    expect(drawn.label).toMatch(/6000 segments too short to draw one by one are pooled/);
    expect(drawn.curves).toBeLessThanOrEqual(150);
    // Pointing along a lane reads out the stripe there.
    const lane = page.locator('#timeline-large .lane-hit').nth(2);
    await lane.scrollIntoViewIfNeeded();
    const box = await lane.boundingBox();
    if (box === null) throw new Error('the lane has no box');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await expect.poll(() => page.locator('#timeline-large .readout').textContent()).toMatch(/^\d+ short trial segments? on worker 3 \(trials \d+–\d+\)/);
  });

  it('draws a map of more points than pixels as a few elements, thinned to the best per cell, and names the trial under the pointer', async () => {
    const { page } = env;
    const drawn = await page.evaluate(() => {
      const svg = document.querySelector('#sample-map-dense .stage svg');
      const points = svg?.querySelector('path.points');
      return { elements: svg?.querySelectorAll('*').length ?? 0, drawn: Number(points?.getAttribute('data-drawn')), label: svg?.getAttribute('aria-label') ?? '' };
    });
    expect(drawn.label).toContain('Random: 20000 points');
    expect(drawn.elements).toBeLessThan(120);
    expect(drawn.drawn).toBeGreaterThan(1000);
    expect(drawn.drawn).toBeLessThanOrEqual(150 * 150);
    const svg = page.locator('#sample-map-dense .stage svg');
    await svg.scrollIntoViewIfNeeded();
    const box = await svg.boundingBox();
    if (box === null) throw new Error('the map has no box');
    // The plot's middle, in page pixels (the plot is S = 300 units of the viewBox, after the axis).
    const viewBox = (await svg.getAttribute('viewBox'))?.split(' ').map(Number) ?? [];
    const scale = box.width / (viewBox[2] as number);
    const left = (viewBox[2] as number) - 12 - 300;
    await page.mouse.move(box.x + (left + 150) * scale, box.y + (22 + 150) * scale);
    await expect.poll(() => page.locator('#sample-map-dense .hover text').textContent()).toMatch(/^Random trial \d+: x = .+, y = .+ → \d/);
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('#sample-map-dense .hover').count()).toBe(0);
  });

  it('highlights a parallel-coordinates line on focus', async () => {
    await env.page.locator('#parallel .lines path[tabindex="0"]').first().focus();
    expect(await env.page.locator('#parallel .lines path.hot').count()).toBe(1);
    expect(await env.page.locator('#parallel figcaption').textContent()).toMatch(/^Trial \d+: lr = /);
  });
});
