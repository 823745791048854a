/**
 * Starts what the browser tests and the training benchmark need: the Vite dev server (the project's
 * own config, so COOP/COEP make the page cross-origin isolated) on a free port, and headless Debian
 * Chromium with WebGPU (SwiftShader) and WebGL enabled inside workers, driven by playwright-core.
 */
import { createServer as createNetServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
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
  close(): Promise<void>;
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
  try {
    await server.listen();
    const base = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const log: string[] = [];
    page.on('console', (message) => log.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
    const url = new URL(pagePath, base).href;
    await page.goto(url);
    await page.waitForFunction(readyExpression, undefined, { timeout: 120_000 });
    const opened = browser;
    return {
      page,
      browser: opened,
      server,
      url,
      log,
      async close() {
        await opened.close().catch(() => undefined);
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.close();
    throw error;
  }
}
