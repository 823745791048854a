/**
 * The evaluation panel in headless Chromium, from a harness with fixed validation predictions
 * (evaluation.ts): the confusion matrix is a real table with headers and a caption, a class
 * without validation rows says so, forty classes scroll inside their box, the per-class table
 * sorts, and the regression charts draw their points (thinned at 20,000 rows). Screenshots land in
 * docs/screenshots/evaluation-*.png.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from '../../../scripts/browser-env';
import { SCREENSHOTS } from '../../e2e/page-helpers';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv('tests/ui/charts/evaluation.html', 'window.evaluationReady === true');
  await env.page.setViewportSize({ width: 1100, height: 900 });
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('evaluation panel', () => {
  it('shows a classification as a confusion matrix table, with scores per class and the class without rows', async () => {
    const { page } = env;
    const matrix = page.locator('#classification [data-testid=confusion-matrix]');
    expect(await matrix.locator('caption').textContent()).toMatch(/^\s*Confusion matrix on 145 validation rows: a row per actual class, a column per predicted class/);
    expect(await matrix.locator('thead th[scope=col]').allTextContents()).toEqual(['actual ↓ predicted →', 'drizzle', 'fog', 'rain', 'snow', 'sun', 'rows']);
    expect(await matrix.locator('tbody th[scope=row]').allTextContents()).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    // Row counts add up to each class's rows.
    const rows = await matrix.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')));
    expect(rows.map((cells) => cells.slice(0, 5).reduce((s, c) => s + Number(c), 0))).toEqual([9, 14, 64, 0, 58]);
    expect(rows[3]?.[5]).toBe('0: no validation rows');
    expect(await page.locator('#classification [data-testid=classes-without-rows]').textContent()).toContain('One class has no validation rows: snow.');
    const scores = page.locator('#classification [data-testid=class-scores]');
    expect(await scores.locator('tbody tr').count()).toBe(5);
    expect(await scores.locator('tbody tr', { hasText: 'snow' }).locator('td').nth(1).textContent()).toBe('–');
    expect(await page.locator('#classification [data-testid=evaluation-scores]').textContent()).toMatch(/accuracy\s*\d+\.\d %/);
    await page.locator('#classification').screenshot({ path: resolve(SCREENSHOTS, 'evaluation-classification.png') });
  });

  it('sorts the per-class table from the keyboard, with aria-sort', async () => {
    const { page } = env;
    const header = page.locator('#classification [data-testid=class-scores] th', { hasText: 'recall' });
    await header.locator('button').focus();
    await page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const names = await page.locator('#classification [data-testid=class-scores] tbody th').allTextContents();
    // The least-recalled class first; the class without rows (no recall) last.
    expect(names.at(-1)).toBe('snow');
    expect(names[0]).toBe('drizzle');
  });

  it('keeps forty classes readable: the matrix scrolls in its box, headers in view', async () => {
    const { page } = env;
    const wrap = page.locator('#many-classes .matrix-wrap');
    const size = await wrap.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
    expect(size.scrollWidth).toBeGreaterThan(size.clientWidth);
    expect(size.scrollHeight).toBeGreaterThan(size.clientHeight);
    expect(await page.locator('#many-classes [data-testid=confusion-matrix] tbody tr').count()).toBe(40);
    await wrap.evaluate((el) => el.scrollTo({ top: 400, left: 300 }));
    // The header row and the class column stick: still at the box's top and left edge.
    const box = await wrap.boundingBox();
    const header = await page.locator('#many-classes thead th.predicted').nth(20).boundingBox();
    const rowHeader = await page.locator('#many-classes tbody th.actual').nth(20).boundingBox();
    if (box === null || header === null || rowHeader === null) throw new Error('the matrix has no box');
    expect(Math.abs(header.y - box.y)).toBeLessThan(2);
    expect(Math.abs(rowHeader.x - box.x)).toBeLessThan(2);
    await wrap.evaluate((el) => el.scrollTo({ top: 0, left: 0 }));
    await page.locator('#many-classes').screenshot({ path: resolve(SCREENSHOTS, 'evaluation-many-classes.png') });
  });

  it('shows a regression as predicted against actual, residuals and their histogram', async () => {
    const { page } = env;
    const section = page.locator('#regression');
    expect(await section.locator('[data-testid=evaluation-scores]').textContent()).toMatch(/RMSE\s*\d.*MAE\s*\d.*R²\s*0\.\d/s);
    // Points closer than a cell of the thinning grid are drawn once.
    const drawn = Number(await section.locator('[data-testid=predicted-actual] path.points').getAttribute('data-drawn'));
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThanOrEqual(120);
    expect(await section.locator('[data-testid=predicted-actual] line.reference').count()).toBe(1);
    expect(await section.locator('[data-testid=residuals] line.reference').count()).toBe(1);
    expect(await section.locator('[data-testid=residual-histogram] rect.bar').count()).toBeGreaterThan(4);
    expect(await section.locator('[data-testid=predicted-actual] svg').getAttribute('aria-label')).toMatch(/ 120 points(, \d+ drawn \(one per small cell\))?\.$/);
    await section.screenshot({ path: resolve(SCREENSHOTS, 'evaluation-regression.png') });
  });

  it('draws 20,000 rows as a few thousand thinned markers and says so', async () => {
    const label = await env.page.locator('#regression-large [data-testid=predicted-actual] svg').getAttribute('aria-label');
    expect(label).toMatch(/20000 points, \d+ drawn \(one per small cell\)/);
    const drawn = Number(await env.page.locator('#regression-large [data-testid=predicted-actual] path.points').getAttribute('data-drawn'));
    expect(drawn).toBeLessThan(20_000);
    expect(drawn).toBeGreaterThan(500);
  });

});

describe('every metric in the results', () => {
  it('gives each reported metric a sortable column in the trials table, the objective being the value column', async () => {
    const { page } = env;
    const headers = await page.locator('#metric-table thead th').allTextContents();
    expect(headers.map((h) => h.replace(/[▲▼↕]/g, '').trim())).toEqual(['#', 'state', 'validation loss (cross-entropy)', 'loss', 'valAccuracy', 'valMacroF1', 'learningRate', 'units', 'epochs', 'time']);
    const header = page.locator('#metric-table th', { hasText: 'valAccuracy' });
    await header.locator('button').click();
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const column = headers.findIndex((h) => h.startsWith('valAccuracy'));
    const values = await page.locator('#metric-table tbody tr').evaluateAll((trs, at) => trs.map((tr) => Number(tr.querySelectorAll('td')[at]?.textContent)), column);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values).toHaveLength(8);
  });

  it('draws the learning curves of the metric chosen, the objective first', async () => {
    const { page } = env;
    const select = page.locator('#metric-curves [data-testid=curve-metric]');
    expect(await select.locator('option').allTextContents()).toEqual(['validation loss (cross-entropy) (objective)', 'training loss', 'validation accuracy', 'validation macro-F1']);
    const label = () => page.locator('#metric-curves svg[role=img]').getAttribute('aria-label');
    expect(await label()).toMatch(/^validation loss \(cross-entropy\) per epoch for 8 trials/);
    await select.selectOption('valAccuracy');
    expect(await label()).toMatch(/^validation accuracy per epoch for 8 trials: 7 complete, 0 pruned, 0 failed, 1 running\. Best trial \d+ reached 0\.\d+/);
    expect(await page.locator('#metric-curves .axis .title').allTextContents()).toContain('validation accuracy');
    await page.locator('#metric-curves').screenshot({ path: resolve(SCREENSHOTS, 'results-metric-curves.png') });
  });
});

describe('the page', () => {
  it('logs no errors', () => {
    expect(env.log.filter((line) => line.startsWith('[error]') || line.startsWith('[pageerror]') || line.startsWith('[warning]'))).toEqual([]);
  });
});
