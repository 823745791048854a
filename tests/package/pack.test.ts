/**
 * The package as a user gets it: build the library, `npm pack` it, install the tarball into a
 * fresh project, then run both examples from there, importing `tfjs-tuner` by name: the Node
 * ask/tell script, and the Vite page, built and opened in headless Chromium until its 2-trial study
 * has completed in 2 workers.
 *
 * The project lives in .pack-test/ (ignored by git) inside this repository, so that what the
 * examples need besides the package (tfjs, vite, TypeScript) resolves from this repository's
 * node_modules; npm installs only the tarball and its own dependency (comlink), from its cache
 * when it can.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary } from '../../scripts/build-lib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/browser-env';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PROJECT = join(ROOT, '.pack-test');
const SLOW = 300_000;
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${failed.stdout ?? ''}${failed.stderr ?? failed.message}`);
  }
}

function runAsync(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(command, args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) resolveRun(stdout);
      else reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr || error.message}`));
    });
  });
}

interface PackedFile {
  readonly path: string;
}

let packedFiles: readonly string[] = [];

beforeAll(async () => {
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  await buildLibrary({ quiet: true });
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', PROJECT], ROOT)) as { filename: string; files: PackedFile[] }[];
  packedFiles = packed[0].files.map((file) => file.path);
  writeFileSync(join(PROJECT, 'package.json'), JSON.stringify({ name: 'tfjs-tuner-pack-test', private: true, type: 'module' }, null, 2));
  // Peers (tfjs) are not installed here: they resolve from this repository, as described above.
  run('npm', ['install', `./${packed[0].filename}`, '--prefer-offline', '--legacy-peer-deps', '--no-audit', '--no-fund', '--no-package-lock'], PROJECT);
  for (const example of ['node-ask-tell', 'vite-page']) cpSync(join(ROOT, 'examples', example), join(PROJECT, example), { recursive: true });
}, SLOW);

afterAll(() => {
  rmSync(PROJECT, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the built modules, the entry points\' declarations and the README, and nothing from src/', () => {
    for (const entry of ['index', 'engine', 'runner', 'worker']) {
      expect(packedFiles).toContain(`lib/${entry}.js`);
      expect(packedFiles).toContain(`lib/${entry}.d.ts`);
    }
    expect(packedFiles).toContain('package.json');
    expect(packedFiles).toContain('README.md');
    expect(packedFiles.filter((file) => !/^lib\/([\w/-]+\.js|[\w-]+\.d\.ts)$/.test(file) && file !== 'package.json' && file !== 'README.md')).toEqual([]);
  });

  it('type-checks both examples against its declarations', async () => {
    await Promise.all([
      runAsync('node', [TSC, '-p', 'vite-page/tsconfig.json'], PROJECT),
      // The Node example under Node's own module resolution (the `exports` map's `types` conditions), without the DOM's types and checking the declarations too.
      runAsync('node', [TSC, '--noEmit', '--allowJs', '--checkJs', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022', '--types', 'node', 'node-ask-tell/main.js'], PROJECT),
    ]);
  }, SLOW);

  it('runs the Node example: ask/tell on an arbitrary function with tfjs-tuner/engine', () => {
    const output = run('node', ['main.js'], join(PROJECT, 'node-ask-tell'));
    expect(output).toMatch(/^best of 30 trials: -?\d+\.\d{4} at/m);
    expect(output).toMatch(/^after reloading, trial #30 tries/m);
  });

  describe('the Vite example, built and opened in headless Chromium', () => {
    let server: PreviewServer | null = null;
    let browser: Browser | null = null;
    const log: string[] = [];

    afterAll(async () => {
      await browser?.close().catch(() => undefined);
      await server?.close();
    });

    it('completes a 2-trial study in 2 workers and shows it on the page', async () => {
      const root = join(PROJECT, 'vite-page');
      const configFile = join(root, 'vite.config.ts');
      await build({ root, configFile, logLevel: 'warn', build: { rolldownOptions: { checks: { pluginTimings: false } } } });
      server = await preview({ root, configFile, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0 } });
      const url = server.resolvedUrls?.local[0];
      if (url === undefined) throw new Error('vite preview gave no URL');
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      const page = await browser.newPage();
      page.on('console', (message) => log.push(`[${message.type()}] ${message.text()}`));
      page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
      await page.goto(`${url}?trials=2`);
      try {
        await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') !== 'running', undefined, { timeout: 180_000 });
      } catch (error) {
        throw new Error(`the study did not finish: ${String(error)}\n${log.slice(-20).join('\n')}`);
      }
      const shown = await page.evaluate(() => ({
        state: document.querySelector('#status')?.getAttribute('data-state'),
        status: document.querySelector('#status')?.textContent,
        best: document.querySelector('#best')?.textContent,
        isolated: crossOriginIsolated,
        trials: Array.from(document.querySelectorAll<HTMLElement>('#trials tr')).map((row) => ({ worker: row.dataset.worker, state: row.dataset.state })),
      }));
      expect(shown.state, `${shown.status}\n${log.join('\n')}`).toBe('done');
      expect(shown.isolated).toBe(true);
      expect(shown.trials).toHaveLength(2);
      expect(new Set(shown.trials.map((trial) => trial.worker))).toEqual(new Set(['0', '1']));
      for (const trial of shown.trials) expect(['complete', 'pruned']).toContain(trial.state);
      expect(shown.best).toMatch(/^Best valLoss \d+\.\d{4} with \{/);
      mkdirSync(resolve(ROOT, 'docs/screenshots'), { recursive: true });
      await page.screenshot({ path: resolve(ROOT, 'docs/screenshots/example-vite-page.png'), fullPage: true });
    }, SLOW);
  });
});
