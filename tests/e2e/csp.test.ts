/**
 * The page's Content-Security-Policy: sent by the dev server (the page's policy plus what Vite's
 * dev client needs), in force (an inline script injected into the page and an eval in a worker
 * are refused and reported), and no violation at all while a real trial trains on WebAssembly
 * and on CPU. Every e2e test fails on a violation (see page-helpers); this one also checks after
 * each run. The other two backends the page trains on, WebGL and WebGPU, train real trials through
 * the page under the same check in real-training.test.ts. Tiny real trials: one MNIST trial per
 * backend, 64 training and 32 validation samples.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_POLICY } from '../../vite.config';
import { setUpTinyMnist, showView, SLOW, takeViolations, trialsSettled, usePage } from './page-helpers';

const env = usePage({ afterLandingRace: true });

describe('Content-Security-Policy', { timeout: SLOW }, () => {
  it('is sent by the dev server: the page’s policy, with inline styles and its own WebSocket for the dev client', async () => {
    const policy = await env.page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    // blob: is for the wasm backend's threaded build: its pthread workers and their importScripts.
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' blob:;");
    expect(policy).toContain("worker-src 'self' blob:;");
    expect(policy).toContain("object-src 'none';");
    expect(policy).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+;/);
    expect(policy).toContain("style-src 'self' 'unsafe-inline';");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(PAGE_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  });

  // An eval on the page cannot be tried from here: code Playwright runs in the page may always eval.
  it('is in force: an inline script injected into the page and an eval in a worker are refused and reported', async () => {
    const { page } = env;
    const onPage = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { injectedRan: (window as unknown as { injectedRan?: boolean }).injectedRan === true };
    });
    expect(onPage).toEqual({ injectedRan: false });
    const inWorker = await page.evaluate(async () => {
      const worker = new Worker(new URL('/tests/e2e/csp-eval.worker.ts', location.href), { type: 'module' });
      // Give the test's recorder time to listen in the worker before it tries.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const answer = await new Promise<{ refused: boolean }>((resolve) => {
        worker.onmessage = (event) => resolve(event.data as { refused: boolean });
        worker.postMessage('try');
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      worker.terminate();
      return answer;
    });
    expect(inWorker).toEqual({ refused: true });
    const seen = takeViolations(env);
    console.log(`violations provoked on purpose:\n  ${seen.join('\n  ')}`);
    expect(seen.some((v) => v.startsWith('page: script-src-elem refused inline'))).toBe(true);
    expect(seen.some((v) => v.startsWith('worker ') && v.includes('script-src refused eval'))).toBe(true);
  });

  it.each(['wasm', 'cpu'] as const)('reports no violation while a real MNIST trial trains on %s', async (backend) => {
    const { page } = env;
    await setUpTinyMnist(page, backend, 1);
    await page.getByTestId('start-study').click();
    await page.waitForFunction(() => ['finished', 'error'].includes(document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') ?? ''), undefined, {
      timeout: 240_000,
    });
    await trialsSettled(page);
    const run = await page.evaluate(() => {
      const s = (window as unknown as { tunerApp: { session: { trials: { state: string }[]; workerBackends: Map<number, { backend: string }>; phase: { kind: string } } } }).tunerApp
        .session;
      return { phase: s.phase.kind, states: s.trials.map((t) => t.state), backends: [...s.workerBackends.values()].map((r) => r.backend) };
    });
    expect(run).toEqual({ phase: 'finished', states: ['complete'], backends: [backend] });
    await showView(page, 'Results');
    await page.getByTestId('best-config').waitFor();
    expect(takeViolations(env)).toEqual([]);
  });
});
