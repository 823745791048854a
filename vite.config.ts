import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, precise timers for workers).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Test files that start Vite + headless Chromium (scripts/browser-env.ts). */
const BROWSER_TESTS = ['tests/browser/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/ui/charts/**/*.test.ts'];

export default defineConfig({
  plugins: [svelte()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  // Trial workers import these; pre-bundling them up front keeps the dev server from discovering
  // them mid-session (which re-optimises and reloads the page).
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', 'comlink'] },
  build: { target: 'es2022' },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    // Node tests run in parallel; tests that drive headless Chromium run one file at a time, after
    // them, so that a page's timings (the long-task check) are not skewed by other browsers.
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: BROWSER_TESTS, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: BROWSER_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
