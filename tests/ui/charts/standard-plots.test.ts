/**
 * The standard study plots in headless Chromium (the chart gallery): the history marks
 * infeasible trials and picks a log axis when values span decades, the EDF and importance explain
 * themselves, learning curves offer a log axis (and say why there are none when the trials report
 * no per-epoch values), and "Save SVG" / "Save PNG" download a
 * self-contained picture (styles inlined, map background embedded, legend included), from the
 * keyboard too.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserEnv } from '../../../scripts/browser-env';
import { openGallery } from './gallery-page';

let env: BrowserEnv;

beforeAll(async () => {
  env = await openGallery();
}, 120_000);

afterAll(async () => {
  await env?.close();
});

/** Clicks (or, with `key`, focuses and presses) a save button and returns the downloaded file. */
async function download(selector: string, key?: string): Promise<{ name: string; bytes: Buffer }> {
  const button = env.page.locator(selector);
  const waiting = env.page.waitForEvent('download');
  if (key === undefined) await button.click();
  else {
    await button.focus();
    await env.page.keyboard.press(key);
  }
  const file = await waiting;
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

describe('standard plots', () => {
  it('draws the history with infeasible trials crossed and the best feasible value so far', async () => {
    const label = (await env.page.locator('#history svg[role=img]').getAttribute('aria-label')) ?? '';
    expect(label).toMatch(/^History of val loss over \d+ complete trials \(\d+ feasible, \d+ violating a constraint\); the best so far, [\d.]+, was reached at trial \d+ after \d+ improvements\.$/);
    expect(await env.page.locator('#history path.infeasible').getAttribute('d')).toMatch(/^M/);
    // The best-so-far steps only ever go down in value (further down the plot), alternating across and down.
    const corners = ((await env.page.locator('#history path.best').getAttribute('d')) ?? '').split(/[ML]/).filter(Boolean).map((p) => p.split(',').map(Number) as [number, number]);
    expect(corners.length).toBeGreaterThan(3);
    for (let i = 1; i < corners.length; i++) expect(corners[i]![1]).toBeGreaterThanOrEqual(corners[i - 1]![1]);
    // Values within a decade: no log choice offered.
    expect(await env.page.locator('#history input[type=checkbox]').count()).toBe(0);
  });

  it('chooses a log axis for values that span decades, and lets the user switch it off', async () => {
    const box = env.page.locator('#history-log input[type=checkbox]');
    expect(await box.isChecked()).toBe(true);
    const ticks = () => env.page.locator('#history-log .axis').first().locator('text').allTextContents();
    const logTicks = await ticks();
    expect(logTicks.some((t) => /e-\d/.test(t))).toBe(true);
    await box.focus();
    await env.page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(false);
    expect(await ticks()).not.toEqual(logTicks);
  });

  it('offers a log axis on learning curves of positive values', async () => {
    const box = env.page.locator('#learning-curves [data-testid=curves-log]');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    expect(await box.isChecked()).toBe(true);
  });

  it('says why there are no learning curves when the trials report no per-epoch values', async () => {
    for (const id of ['learning-curves-none', 'metric-curves-none']) {
      expect(await env.page.locator(`#${id} [data-testid=curves-none]`).textContent()).toMatch(/These trials report no per-epoch values, so there are no learning curves to draw: each gives only its final value/);
      expect(await env.page.locator(`#${id} svg[role=img]`).count()).toBe(0);
    }
    // Trials still running before their first epoch: the axes wait for curves, without the line.
    expect(await env.page.locator('#learning-curves-waiting [data-testid=curves-none]').count()).toBe(0);
    expect(await env.page.locator('#learning-curves-waiting svg[role=img]').count()).toBe(1);
    expect(await env.page.locator('#learning-curves [data-testid=curves-none]').count()).toBe(0);
    // Nothing to save, so no save buttons under the sentence.
    expect(await env.page.locator('#savable-curves-none [data-testid=curves-none]').count()).toBe(1);
    expect(await env.page.locator('#savable-curves-none [data-testid=save-svg], #savable-curves-none [data-testid=save-png]').count()).toBe(0);
    expect(await env.page.locator('#history [data-testid=save-svg]').count()).toBe(1);
  });

  it('summarises the EDF and explains interactions in importance', async () => {
    const label = (await env.page.locator('#edf svg[role=img]').getAttribute('aria-label')) ?? '';
    expect(label).toMatch(/^Empirical distribution of val loss over \d+ complete trials: 10 % reach [\d.]+ or less, the median is [\d.]+, 90 % are at most [\d.]+ \(lower is better\)\.$/);
    expect(await env.page.locator('#importance [data-testid=interactions-explained]').textContent()).toMatch(/parameters acting together/);
  });

  it('draws a slice panel per parameter with the best trial ringed in each', async () => {
    const label = (await env.page.locator('#slice svg[role=img]').getAttribute('aria-label')) ?? '';
    expect(label).toMatch(/^Slice plot of val loss against each of lr, dropout, units, optimizer for \d+ complete trials; the best, [\d.]+, was trial \d+ with lr = [\d.e-]+, dropout = [\d.]+, units = \d+, optimizer = \w+\.$/);
    expect(await env.page.locator('#slice .panel').count()).toBe(4);
    expect(await env.page.locator('#slice circle.best').count()).toBe(4);
  });

  it('draws the contour of a pair chosen from the keyboard', async () => {
    const { page } = env;
    const label = () => page.locator('#contour svg[role=img]').getAttribute('aria-label');
    expect(await label()).toMatch(/^Contour of val loss over lr and dropout, interpolated linearly between \d+ complete trials and blank outside the area they enclose, from [\d.]+ to [\d.]+ in \d+ bands; the best, [\d.]+, at lr = /);
    expect(await page.locator('#contour .bands path').count()).toBeGreaterThan(3);
    await page.locator('#contour [data-testid=contour-y]').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(label).toMatch(/^Contour of val loss over lr and units,/);
    await page.locator('#contour [data-testid=contour-x]').selectOption('optimizer');
    await expect.poll(label).toMatch(/^Contour of val loss over optimizer and units,/);
  });

  it('brushes parallel coordinates from the keyboard and by dragging, and reorders axes', async () => {
    const { page } = env;
    const lines = page.locator('#parallel .lines path[data-trial]');
    const total = await lines.count();
    await page.locator('#parallel [data-axis=dropout]').focus();
    await page.keyboard.press('Enter');
    const caption = page.getByTestId('parallel-brushed');
    const kept = Number((await caption.textContent())?.match(/^(\d+) of (\d+) lines within the brushed ranges of dropout\.$/)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(await page.locator('#parallel .lines path.out').count()).toBe(total - kept);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Escape');
    expect(await caption.count()).toBe(0);
    // Drag over the top half of the objective axis: the worst values there are kept.
    const hit = page.locator('#parallel [data-axis=objective]');
    await hit.scrollIntoViewIfNeeded();
    const box = await hit.boundingBox();
    if (box === null) throw new Error('the objective axis has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    expect(await caption.textContent()).toMatch(/^\d+ of \d+ lines within the brushed ranges of val loss\.$/);
    expect(await page.locator('#parallel rect.brush').count()).toBe(1);
    const names = () => page.locator('#parallel .axis .name').allTextContents();
    expect((await names()).slice(0, 2)).toEqual(['lr (log)', 'dropout']);
    await page.getByRole('button', { name: 'Move dropout left' }).focus();
    await page.keyboard.press('Enter');
    expect((await names()).slice(0, 2)).toEqual(['dropout', 'lr (log)']);
    // The brush stays with its axis; the saved picture leaves the controls out.
    expect(await caption.count()).toBe(1);
  });

  it('saves a chart as a self-contained SVG with its legend', async () => {
    const { name, bytes } = await download('#history [data-testid=save-svg]');
    expect(name).toBe('history.svg');
    const text = bytes.toString('utf8');
    expect(text).toMatch(/^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(text).not.toContain('class=');
    expect(text).toMatch(/style="[^"]*stroke-width:2px/);
    expect(text).toContain('violates a constraint');
    expect(text).toContain('best so far (lowest)');
  });

  it('saves a map with its background canvas, as SVG and as a PNG at twice its size, from the keyboard', async () => {
    const svg = (await download('#saved-map [data-testid=save-svg]', 'Enter')).bytes.toString('utf8');
    expect(svg).toMatch(/<image [^>]*href="data:image\/png;base64,/);
    const viewBox = (await env.page.locator('#saved-map svg[role=img]').first().getAttribute('viewBox'))?.split(' ').map(Number) ?? [];
    const png = await download('#saved-map [data-testid=save-png]', 'Space');
    expect(png.name).toBe('sample-map.png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.readUInt32BE(16)).toBe(Math.round((viewBox[2] as number) * 2));
    const parallel = (await download('#parallel [data-testid=save-svg]')).bytes.toString('utf8');
    expect(parallel).toContain('dropout');
    expect(parallel).not.toMatch(/Move dropout|Brush dropout/);
    expect(env.log.filter((line) => line.startsWith('[error]') || line.startsWith('[pageerror]'))).toEqual([]);
  });
});
