/**
 * `npm run bench:memory -- [flags]`: the page's and its workers' memory with a large user dataset,
 * in headless Chromium, driven as a user drives the page (Setup → your data → the file or folder
 * picker). Four phases, each on a fresh load of the page: a generated table of 2 MB and one of
 * 20 MB (MLP studies), then folders of 500 and 5,000 MNIST digits written as PNG files (CNN
 * studies, resized to 64 px grey). In each: memory with the page open, once the dataset is built,
 * and while two trial workers train on it; then the study is stopped.
 *
 * Memory is read three ways (measure.ts): per worker after a forced garbage collection, by
 * attribution (window, workers) from measureUserAgentSpecificMemory(), and as the renderer
 * processes' resident memory, where shared memory counts once (and which moves by tens of MiB with
 * what the browser keeps or returns, so it is shown, not judged). A worker's own heap (objects and
 * its ArrayBuffers; a SharedArrayBuffer it was handed is not in it) does not depend on the data's
 * size when the data is shared: the larger dataset of each kind shows that it does not grow.
 */
import { rmSync } from 'node:fs';
import { writeBenchDoc } from '../bench-doc';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { chooseTarget, chooseUserData, imagesBuilt, pickImageFolder, pickTable, setTinyBudget, startStudy, tableBuilt } from '../../tests/e2e/automl-page';
import type { BrowserEnv } from '../../scripts/browser-env';
import { openPage, showView, stopLandingRace } from '../../tests/e2e/page-helpers';
import { removeWrittenFixtures } from '../../tests/e2e/user-data-fixtures';
import { writeMnistFolder } from '../../tests/e2e/user-image-fixtures';
import { parseFlags, positiveInt, settingsOrExit, UsageError } from '../flags';
import { renderMarkdown, renderText, type Table } from '../tuner/table';
import { writeGeneratedTable } from './generated-table';
import { browserSession, mib, snapshot, type MemorySnapshot } from './measure';

const USAGE = `usage: npm run bench:memory -- [flags]
  --table-mb N    size of the generated table in MB (default 20)
  --images N      images in the folder, a tenth per digit (default 5000)
  --side N        the side images are resized to, 28–96 px (default 64)
  --backend NAME  the trial workers' backend: cpu, wasm, webgl or webgpu (default cpu)
  --out DIR       where memory.md goes (default docs/bench)
  --help          this text`;

interface Settings {
  readonly tableMb: number;
  readonly images: number;
  readonly side: number;
  readonly backend: 'cpu' | 'wasm' | 'webgl' | 'webgpu';
  readonly outDir: string;
}

function parseArgs(argv: readonly string[]): Settings | 'help' {
  let settings: Settings = { tableMb: 20, images: 5000, side: 64, backend: 'cpu', outDir: 'docs/bench' };
  const read = parseFlags(argv, {
    '--table-mb': ({ name, value }) => (settings = { ...settings, tableMb: positiveInt(name, value()) }),
    '--images': ({ name, value }) => (settings = { ...settings, images: positiveInt(name, value()) }),
    '--side': ({ name, value }) => (settings = { ...settings, side: positiveInt(name, value()) }),
    '--backend': ({ name, value }) => {
      const backend = value();
      if (backend !== 'cpu' && backend !== 'wasm' && backend !== 'webgl' && backend !== 'webgpu') throw new UsageError(`${name} must be cpu, wasm, webgl or webgpu; got "${backend}"`);
      settings = { ...settings, backend };
    },
    '--out': ({ value }) => (settings = { ...settings, outDir: value() }),
  });
  return read === 'help' ? 'help' : settings;
}

const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

/** Waits until `count` trials run and each of their workers has set up its backend and the dataset, then a little longer. */
async function workersTraining(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const session = (window as unknown as { tunerApp: { session: { trials: { state: string }[]; workerBackends: Map<number, unknown> } | null } }).tunerApp.session;
      return session !== null && session.workerBackends.size >= n && session.trials.filter((t) => t.state === 'running').length >= n;
    },
    count,
    { timeout: 600_000 },
  );
  await page.waitForTimeout(3000);
}

async function stopStudy(page: Page): Promise<void> {
  await showView(page, 'Run');
  await page.getByTestId('stop').click();
}

/** The dataset's size as the workers hold it: features plus one 4-byte label per row. */
function datasetBytes(rows: number, valuesPerRow: number): number {
  return rows * (valuesPerRow + 1) * 4;
}

/** The first number in `text` before `word` ("192 training rows" → 192 for "training"). */
function numberBefore(text: string, word: string): number {
  const match = new RegExp(`([\\d,]+) ${word}`).exec(text);
  if (match === null) throw new Error(`no "<number> ${word}" in "${text}"`);
  return Number((match[1] as string).replace(/,/g, ''));
}

interface Phase {
  readonly kind: 'table' | 'images';
  readonly name: string;
  readonly dataset: number;
  readonly snapshots: readonly MemorySnapshot[];
}

const isTrialWorker = (script: string): boolean => script.includes('user-data.worker');
const workerName = (script: string): string => script.split('/').pop()?.replace('.worker.ts', '') ?? script;

function memoryTable(phases: readonly Phase[]): Table {
  const rows = phases.flatMap((phase) =>
    phase.snapshots.map((s) => {
      const trial = s.workers.filter((w) => isTrialWorker(w.script));
      const other = s.workers.filter((w) => !isTrialWorker(w.script));
      return [
        `${phase.name}: ${s.label}`,
        mib(s.attributed.window),
        trial.length === 0 ? '–' : trial.map((w) => `${mib(w.usedBytes)} + ${mib(w.backingBytes)}`).join(', '),
        other.length === 0 ? '–' : other.map((w) => `${workerName(w.script)} ${mib(w.usedBytes)} + ${mib(w.backingBytes)}`).join(', '),
        mib(s.attributed.total),
        s.process.rssMiB.toFixed(1),
        s.process.pssMiB.toFixed(1),
      ];
    }),
  );
  return {
    title: 'Memory of the page and its workers (MiB)',
    header: ['moment', 'window', 'trial workers: objects + buffers', 'other workers', 'all (attributed)', 'renderer RSS', 'renderer PSS'],
    rows,
    rightAligned: [1, 4, 5, 6],
    notes: [
      'window, all: performance.measureUserAgentSpecificMemory(), which counts a SharedArrayBuffer in every thread that holds it.',
      'workers: each worker after a forced garbage collection (CDP Runtime.getHeapUsage): live objects + its own ArrayBuffer backing stores (a SharedArrayBuffer it was handed is not in them).',
      "renderer RSS / PSS: the renderer processes' resident memory (/proc/<pid>/smaps_rollup), where shared memory counts once.",
      ...sharingNotes(phases),
    ],
  };
}

/** The trial workers' heaps (objects + buffers, after a collection) while they train, in MiB. */
function trialWorkerHeaps(phase: Phase): number[] {
  const training = phase.snapshots.find((s) => s.label === '2 workers training');
  return (training?.workers ?? []).filter((w) => isTrialWorker(w.script)).map((w) => (w.usedBytes + w.backingBytes) / (1024 * 1024));
}

/**
 * Per kind, small against large: whether a trial worker's own heap grows with the dataset (a copy
 * in each worker would add the extra data to each; a shared one adds nothing there), and what the
 * page's window holds (the dataset it built, once).
 */
function sharingNotes(phases: readonly Phase[]): string[] {
  return (['table', 'images'] as const).flatMap((kind) => {
    const [small, large] = phases.filter((p) => p.kind === kind);
    if (small === undefined || large === undefined) return [];
    const extra = (large.dataset - small.dataset) / (1024 * 1024);
    const heaps = (phase: Phase): string => trialWorkerHeaps(phase).map((h) => h.toFixed(1)).join(' and ') || 'not measured';
    return [
      `${kind}: each trial worker's own heap while training is ${heaps(small)} MiB on the ${mib(small.dataset)} MiB dataset and ${heaps(large)} MiB on the ${mib(large.dataset)} MiB one; a copy of the data in each worker would add ${extra.toFixed(1)} MiB to each.`,
    ];
  });
}

/** What a phase picks, and the dataset's rows and values per row once built. */
type PickData = (page: Page) => Promise<{ readonly rows: number; readonly valuesPerRow: number }>;

/** One phase on a fresh load of the page: open, pick and build the data, start two workers, stop. */
async function runPhase(env: BrowserEnv, settings: Settings, kind: Phase['kind'], name: string, pick: PickData): Promise<Phase> {
  const { page } = env;
  await page.goto(env.url);
  await stopLandingRace(page);
  const browserCdp = await browserSession(env.browser);
  const pageCdp = await page.context().newCDPSession(page);
  const shot = (label: string): Promise<MemorySnapshot> => snapshot(label, page, pageCdp, browserCdp);
  log(`${name}: page open`);
  const snapshots = [await shot('page open')];
  await chooseUserData(page, kind);
  const { rows, valuesPerRow } = await pick(page);
  log(`${name}: built, ${rows} rows of ${valuesPerRow} values`);
  snapshots.push(await shot('dataset built'));
  // More trials and epochs than the measurement needs: the study is stopped once measured.
  await setTinyBudget(page, { trials: 20, epochs: 5, workers: 2 });
  await page.getByTestId('backend').selectOption(settings.backend);
  await startStudy(page);
  await workersTraining(page, 2);
  snapshots.push(await shot('2 workers training'));
  await stopStudy(page);
  await pageCdp.detach();
  await browserCdp.detach();
  return { kind, name, dataset: datasetBytes(rows, valuesPerRow), snapshots };
}

const pickTableFile =
  (path: string, target: string): PickData =>
  async (page) => {
    await pickTable(page, path);
    await page.getByTestId('table-preview').waitFor({ timeout: 600_000 });
    await chooseTarget(page, target);
    const split = await tableBuilt(page, 600_000);
    return { rows: numberBefore(split, 'training') + numberBefore(split, 'validation'), valuesPerRow: numberBefore(split, 'input feature') };
  };

const pickFolder =
  (root: string, side: number): PickData =>
  async (page) => {
    await pickImageFolder(page, root);
    await page.getByTestId('image-preview').waitFor({ timeout: 600_000 });
    await page.getByTestId('image-side').fill(String(side));
    await page.getByTestId('image-channels').selectOption('1');
    const split = await imagesBuilt(page, 900_000);
    return { rows: numberBefore(split, 'images decoded'), valuesPerRow: side * side };
  };

async function main(): Promise<void> {
  const settings = settingsOrExit(() => parseArgs(process.argv.slice(2)), USAGE);
  if (settings === null) return;
  const started = performance.now();
  const smallMb = Math.max(1, Math.round(settings.tableMb / 10));
  const smallImages = Math.max(100, Math.round(settings.images / 10));
  log(`writing tables of ${smallMb} and ${settings.tableMb} MB, folders of ${smallImages} and ${settings.images} PNG images…`);
  const tables = [writeGeneratedTable(smallMb * 1024 * 1024), writeGeneratedTable(settings.tableMb * 1024 * 1024)];
  const folders = [writeMnistFolder({ perClass: Math.ceil(smallImages / 10) }), writeMnistFolder({ perClass: Math.ceil(settings.images / 10) })];
  const env = await openPage({ stopLandingRace: true });
  const phases: Phase[] = [];
  try {
    for (const table of tables) phases.push(await runPhase(env, settings, 'table', `table ${mib(table.bytes)} MiB`, pickTableFile(table.path, table.target)));
    for (const folder of folders) phases.push(await runPhase(env, settings, 'images', `${folder.images} images, ${settings.side} px grey`, pickFolder(folder.root, settings.side)));
  } finally {
    await env.close();
    removeWrittenFixtures();
    for (const table of tables) rmSync(dirname(table.path), { recursive: true, force: true });
  }
  const table = memoryTable(phases);
  const machine = `headless Chromium, trial workers on ${settings.backend}, ${availableParallelism()} cores`;
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stdout.write(`${renderText(table)}\n\n(${seconds} s; ${machine})\n`);
  const doc = [
    '# Memory with a large user dataset',
    '',
    `Generated by \`npm run bench:memory\` on ${new Date().toISOString().slice(0, 10)} (${machine}; ${seconds} s in all).`,
    'Each phase loads the page afresh, picks the data with the file or folder picker, builds the dataset, then starts a study with two workers and measures while both train.',
    '',
    renderMarkdown(table, 2),
    '',
  ].join('\n');
  const written = writeBenchDoc(settings.outDir, 'memory.md', doc);
  log(`wrote ${written}`);
}

await main();
