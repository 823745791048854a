/**
 * Trial workers that cannot start, from the page: the worker script refused (HTTP 404), then a
 * worker script that loads but never says anything (the silent test worker's body), then the real
 * script back. Each failed run ends in phase 'error' with the reason, the header badge says why,
 * and the study resumes once the script is back. Tiny real MNIST trials on the wasm backend.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setUpTinyMnist, SLOW, trialsSettled, usePage, workerBackends } from './page-helpers';

/** The body of the silent test worker: valid JavaScript as it is (a comment and `export {};`). */
const SILENT_WORKER = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../browser/silent.worker.ts'), 'utf8');

const env = usePage({ afterLandingRace: true });

/** Requests for the trial worker's script (in the dev server: /workers/trial.worker.ts?worker_file&type=module). */
const isTrialWorker = (url: URL) => url.pathname.endsWith('/workers/trial.worker.ts');

async function phase(page: Page): Promise<{ kind: string | null; text: string }> {
  const status = page.getByTestId('run-status');
  return { kind: await status.getAttribute('data-phase'), text: (await status.textContent()) ?? '' };
}

async function waitForPhase(page: Page, kinds: readonly string[], timeout: number): Promise<void> {
  await page.waitForFunction((k) => k.includes(document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') ?? ''), kinds, { timeout });
}

/** Clicks "Resume" after an error and waits until the new run has started (the old phase was 'error' too). */
async function resumeAfterError(page: Page): Promise<void> {
  await page.getByTestId('resume-after-error').click();
  await waitForPhase(page, ['starting', 'running'], 30_000);
}

async function badgeWhy(page: Page): Promise<{ label: string; why: string }> {
  const badge = page.getByTestId('backend-badge');
  const label = ((await badge.textContent()) ?? '').trim();
  await badge.click();
  const why = (await page.locator('#backend-why').textContent()) ?? '';
  await badge.click();
  return { label, why };
}

describe('trial workers that cannot start', { timeout: SLOW }, () => {
  it('ends the run with the reason when the worker script is refused, and the badge says why', async () => {
    const { page } = env;
    await page.route(isTrialWorker, (route: Route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
    await setUpTinyMnist(page, 'wasm', 2);
    const started = Date.now();
    await page.getByTestId('start-study').click();
    await waitForPhase(page, ['error', 'finished'], 60_000);
    console.log(`refused script: the run ended after ${Date.now() - started} ms`);
    const ended = await phase(page);
    expect(ended.kind).toBe('error');
    expect(ended.text).toMatch(/workers\/trial\.worker\.ts could not start: the browser could not load the script/);
    const badge = await badgeWhy(page);
    expect(badge.label).toBe('Workers failed to start');
    expect(badge.why).toMatch(/trial workers could not start: workers\/trial\.worker\.ts could not start: the browser could not load the script/);
  });

  it('ends the run within 15 s of a worker that loads but stays silent, with the reason', async () => {
    const { page } = env;
    await page.unrouteAll({ behavior: 'wait' });
    // A worker of a cross-origin isolated page must itself be served with COEP.
    const headers = { 'Cross-Origin-Embedder-Policy': 'require-corp' };
    await page.route(isTrialWorker, (route: Route) => route.fulfill({ status: 200, contentType: 'text/javascript', headers, body: SILENT_WORKER }));
    const started = Date.now();
    await resumeAfterError(page);
    await waitForPhase(page, ['error', 'finished'], 30_000);
    console.log(`silent worker: noticed and the run ended after ${Date.now() - started} ms`);
    const ended = await phase(page);
    expect(ended.kind).toBe('error');
    expect(ended.text).toMatch(/workers\/trial\.worker\.ts could not start: it sent nothing for \d+\.\d s/);
    expect((await badgeWhy(page)).why).toMatch(/it sent nothing for/);
  });

  it('resumes the study once the script is back: both trials train, and the badge names the backend', async () => {
    const { page } = env;
    await page.unrouteAll({ behavior: 'wait' });
    await resumeAfterError(page);
    await waitForPhase(page, ['finished', 'error'], 240_000);
    const ended = await phase(page);
    expect(ended.kind, ended.text).toBe('finished');
    type App = { tunerApp: { session: { trials: { state: string }[] } } };
    await trialsSettled(page);
    const states = await page.evaluate(() => (window as unknown as App).tunerApp.session.trials.map((t) => t.state));
    expect(states).toEqual(['complete', 'complete']);
    expect(await workerBackends(page)).toEqual(['wasm']);
    expect((await badgeWhy(page)).label).toBe('WebAssembly');
  });
});
