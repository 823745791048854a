/**
 * The header's backend badge in headless Chromium, whose WebGPU and WebGL run on SwiftShader: the
 * probe the page starts on its own picks WebAssembly and says why each GPU backend was skipped;
 * Setup's Backend select still forces WebGL (software or not) or WebAssembly, and "Check again"
 * probes what it names. Probes only: no training here (csp.test.ts trains on each backend).
 * Screenshot: backend-wasm.png (the open badge).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, showView, SLOW, usePage } from './page-helpers';

const env = usePage({ stopLandingRace: true });

/** Waits for the badge to settle (not idle, not probing), then reads its label and its 'why' text, leaving it closed. */
async function settledBadge(page: Page): Promise<{ label: string; why: string }> {
  await page.waitForFunction(
    () => {
      const text = document.querySelector('[data-testid=backend-badge]')?.textContent ?? '';
      return !/checking|not checked/.test(text);
    },
    undefined,
    { timeout: 120_000 },
  );
  const badge = page.getByTestId('backend-badge');
  const label = ((await badge.textContent()) ?? '').trim();
  if ((await badge.getAttribute('aria-expanded')) !== 'true') await badge.click();
  const why = (await page.locator('#backend-why').textContent()) ?? '';
  await badge.click();
  return { label, why };
}

/** Picks `backend` in Setup (a real task shows the select), then asks the open badge to check again. */
async function checkAgain(page: Page, backend: 'webgl' | 'wasm'): Promise<{ label: string; why: string }> {
  await showView(page, 'Setup');
  await page.getByTestId('task').selectOption('mnist-cnn');
  await page.getByTestId('backend').selectOption(backend);
  await page.getByTestId('backend-badge').click();
  await page.getByRole('button', { name: 'Check again' }).click();
  return settledBadge(page);
}

describe('the backend badge without a hardware GPU', { timeout: SLOW }, () => {
  it('shows WebAssembly and why WebGPU and WebGL (software adapters) were skipped', async () => {
    const { label, why } = await settledBadge(env.page);
    console.log(`badge: ${label}: ${why}`);
    expect(label).toBe('WebAssembly');
    expect(why).toMatch(/^WebAssembly \(XNNPACK, SIMD, \d+ threads?\), reported by a probe worker\./);
    expect(why).toContain('WebGPU skipped: software adapter (SwiftShader); WebAssembly trains faster here.');
    expect(why).toContain('WebGL skipped: software adapter (SwiftShader); WebAssembly trains faster here.');
    await env.page.getByTestId('backend-badge').click();
    await screenshot(env.page, 'backend-wasm');
    await env.page.getByTestId('backend-badge').click();
  });

  it('obeys Setup: WebGL on its software adapter, then WebAssembly with nothing skipped', async () => {
    const webgl = await checkAgain(env.page, 'webgl');
    expect(webgl.label).toBe('WebGL');
    expect(webgl.why).toMatch(/SwiftShader/);
    expect(webgl.why).not.toContain('skipped');
    const wasm = await checkAgain(env.page, 'wasm');
    expect(wasm.label).toBe('WebAssembly');
    expect(wasm.why).not.toContain('skipped');
  });
});
