/**
 * Starts what the browser tests and the training benchmark need: the Vite dev server (the project's
 * own config, so COOP/COEP make the page cross-origin isolated and its Content-Security-Policy
 * applies) on a free port, and headless Debian Chromium with WebGPU (SwiftShader) and WebGL enabled
 * inside workers, driven by playwright-core. Every Content-Security-Policy violation on a page (and
 * in the workers it starts, once they run) is recorded in `violations`.
 *
 * Under the policy nothing may evaluate a string, Playwright included: wait for a page with a
 * function (`page.waitForFunction(() => …)`) or with `waitForExpression`, never with a string
 * predicate (Playwright evaluates those with eval, which the policy refuses).
 */
import { createServer as createNetServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { buildDatasets } from './build-datasets';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
];

export interface BrowserEnv {
  readonly page: Page;
  readonly browser: Browser;
  readonly server: ViteDevServer;
  /** The page's URL. */
  readonly url: string;
  /** Console lines and page errors so far, for failure messages. */
  readonly log: string[];
  /** Content-Security-Policy violations so far (see `recordPolicyViolations`); tests that provoke one remove it. */
  readonly violations: string[];
  close(): Promise<void>;
}

/** What the page's recorder logs for a violation; `recordPolicyViolations` picks these lines out. */
const VIOLATION_MARK = '[csp-violation]';

/**
 * Records every Content-Security-Policy violation of `context`'s pages into `into`: a listener for
 * 'securitypolicyviolation' installed before any page script runs (it logs a marked console line),
 * the same listener in each worker a page starts (from when Playwright sees it: a violation while
 * a worker's own script loads is not seen), and the browser's own console reports of refusals.
 */
export async function recordPolicyViolations(context: BrowserContext, into: string[]): Promise<void> {
  const listen = (mark: string) => {
    const scope = (typeof document === 'undefined' ? self : document) as EventTarget;
    scope.addEventListener('securitypolicyviolation', (event) => {
      const e = event as SecurityPolicyViolationEvent;
      console.error(`${mark} ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} at ${e.sourceFile || '?'}:${e.lineNumber}`);
    });
  };
  await context.addInitScript(listen, VIOLATION_MARK);
  const onConsole = (where: string) => (message: { text(): string }) => {
    const text = message.text();
    if (text.startsWith(VIOLATION_MARK)) into.push(`${where}: ${text.slice(VIOLATION_MARK.length + 1)}`);
    else if (/Content Security Policy/.test(text) && !into.some((v) => v.endsWith(text))) into.push(`${where} console: ${text}`);
  };
  const watchWorker = (worker: Worker) => {
    worker.on('console', onConsole(`worker ${worker.url()}`));
    worker.evaluate(listen, VIOLATION_MARK).catch(() => undefined);
  };
  const watchPage = (page: Page) => {
    page.on('console', onConsole('page'));
    page.on('worker', watchWorker);
  };
  for (const page of context.pages()) watchPage(page);
  context.on('page', watchPage);
}

/** Waits until `expression` is truthy in `page`, evaluating it without eval (allowed under the page's policy). */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Serves the repository root and opens `pagePath` (e.g. "tests/browser/harness.html").
 * The page is ready when `readyExpression` (a JS expression) is truthy.
 */
export async function startBrowserEnv(pagePath: string, readyExpression: string): Promise<BrowserEnv> {
  buildDatasets();
  const port = await freePort();
  const server = await createServer({
    configFile: resolve(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'warn',
    clearScreen: false,
    // No HMR and no watcher: files edited meanwhile must not reload the page under a test.
    server: { host: '127.0.0.1', port, strictPort: false, hmr: false, watch: null },
    optimizeDeps: { entries: [pagePath] },
  });
  let browser: Browser | null = null;
  const log: string[] = [];
  try {
    await server.listen();
    const base = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext();
    const violations: string[] = [];
    await recordPolicyViolations(context, violations);
    const page = await context.newPage();
    page.on('console', (message) => log.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
    const url = new URL(pagePath, base).href;
    await page.goto(url);
    await waitForExpression(page, readyExpression);
    const opened = browser;
    return {
      page,
      browser: opened,
      server,
      url,
      log,
      violations,
      async close() {
        await opened.close().catch(() => undefined);
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.close();
    if (error instanceof Error && log.length > 0) error.message += `\nlast console lines:\n  ${log.slice(-20).join('\n  ')}`;
    throw error;
  }
}
