import { availableParallelism } from 'node:os';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, precise timers for workers).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The Content-Security-Policy of the built page, exactly as index.html's <meta http-equiv> carries it
 * (the build checks that the two agree). Scripts and workers come from the page's own origin only,
 * and no string is ever evaluated as JavaScript: tfjs's cpu, webgl and webgpu backends, comlink and
 * Svelte need no `eval` and no `new Function`. 'wasm-unsafe-eval' (WebAssembly compilation only,
 * not JavaScript eval) is allowed for one reason: tfjs-core's 64-bit integer library (`long`)
 * compiles a tiny WebAssembly module when it loads, on the page and in every trial worker; it
 * falls back to JavaScript when refused, but each refusal is a policy violation and a console
 * error; tfjs's wasm backend compiles its binaries under the same permission. `blob:` in
 * worker-src and script-src is for that backend's threaded build alone (a worker told to run more
 * than one XNNPACK thread): it starts its pthread workers from a blob: URL holding their bootstrap
 * script, and each of them importScripts() a blob: copy of the backend's module factory. A blob:
 * URL can only be made by script already running in this origin, so this admits no outside code.
 * Styles come from the built stylesheet; Svelte sets dynamic styles through the CSSOM
 * (`element.style`), which CSP does not govern. Data is fetched from the same origin; downloads are
 * blob: links, which CSP does not govern either; thumbnails of a user's images are blob: URLs
 * (img-src blob:), made in this tab from files read in this tab.
 */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** What a header can add that a <meta> policy cannot: no framing of the page. */
const HEADER_ONLY = "frame-ancestors 'none'";

/**
 * The dev server's policy: the page's, plus what Vite's dev client needs: it injects each
 * component's CSS as a <style> element (so inline styles), and its hot-reload client opens a
 * WebSocket to the host the page came from (only that host).
 */
export function devPolicy(host: string | undefined): string {
  const socket = host === undefined ? '' : ` ws://${host}`;
  return PAGE_POLICY.replace("connect-src 'self'", `connect-src 'self'${socket}`).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + `; ${HEADER_ONLY}`;
}

const META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)" \/>\n?\s*/;

/**
 * Sends the policy as a header and keeps index.html's meta in step: the dev server sends the dev
 * policy (per request, for its host's WebSocket) and drops the meta, whose strict style-src would
 * otherwise also apply (a page obeys every policy it is given); the build keeps the meta and fails
 * if it differs from PAGE_POLICY.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        res.setHeader('Content-Security-Policy', devPolicy(req.headers.host));
        next();
      });
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        // The dev server also serves the browser tests' harness pages, which carry no meta.
        if (context.server !== undefined) return html.replace(META, '');
        const meta = META.exec(html);
        if (meta === null) throw new Error(`${context.path} has no <meta http-equiv="Content-Security-Policy" content="…" /> in its <head>`);
        if (meta[1] !== PAGE_POLICY) throw new Error(`${context.path}'s Content-Security-Policy differs from PAGE_POLICY in vite.config.ts:\n  ${meta[1]}\n  ${PAGE_POLICY}`);
        return html;
      },
    },
  };
}

/** Test files that start Vite + headless Chromium (scripts/browser-env.ts), the packed package's included. */
const BROWSER_TESTS = ['tests/browser/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/ui/charts/**/*.test.ts', 'tests/package/pack.test.ts'];

export default defineConfig({
  plugins: [svelte(), contentSecurityPolicy()],
  server: { headers: isolation },
  // The built page as served by `vite preview`: its workers and data get the page's policy too.
  preview: { headers: { ...isolation, 'Content-Security-Policy': `${PAGE_POLICY}; ${HEADER_ONLY}` } },
  worker: { format: 'es' },
  // Trial workers import these; pre-bundling them up front keeps the dev server from discovering
  // them mid-session (which re-optimises and reloads the page).
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm', 'comlink'] },
  build: {
    target: 'es2022',
    // terser, with `typeofs` off: tfjs's threaded wasm build hands its pthread workers a blob of its
    // module factory's source (`factory.toString()`), where the factory's closure variable
    // `_scriptDir` does not exist. Its guard `typeof _scriptDir !== 'undefined'` is safe there;
    // the `_scriptDir !== void 0` that a minifier's typeof folding makes of it throws
    // (ReferenceError), and Vite's default minifier always folds it.
    minify: 'terser',
    terserOptions: { compress: { typeofs: false } },
  },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    // Node tests run in parallel, one file per core (Vitest's default leaves a core free, which on
    // a two-core machine would run them one at a time); tests that drive headless Chromium run one
    // file at a time, after them, so that a page's timings (the long-task check) are not skewed by
    // other browsers or by the Node tests.
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: BROWSER_TESTS, maxWorkers: availableParallelism(), sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: BROWSER_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
