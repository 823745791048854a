/**
 * `npm run bench:training -- [flags]`: training speed of the default CNN (src/training/config.ts
 * DEFAULT_CONFIG) on every tfjs backend, against PyTorch on the same network in the same run.
 *
 *   1. PyTorch (bench/training/pytorch_cnn.py) with 1 and 2 threads, when Debian's python3-torch
 *      (or any Python with torch) is installed; and tfjs's wasm backend in Node (SIMD, 1 thread);
 *   2. samples/s in real browser workers (headless Chromium; WebGPU and WebGL on SwiftShader) on
 *      webgpu, webgl, cpu and wasm with 1 and 2 threads, SIMD on and off, after a warm-up trial
 *      (the wasm rows in bench/training/wasm-trial.worker.ts, which tells tfjs the machine has
 *      enough cores for 2 XNNPACK threads: tfjs alone grants at most half the logical cores);
 *   3. the targets: wasm ≥ 10× tfjs cpu, wasm 1 thread ≥ 35 % of PyTorch 1 thread (and 2
 *      threads against 2), each PASS or MISS;
 *   4. trials per minute of the page's default MNIST study (GP-EI over DEFAULT_SEARCH_SPACE, 2,048
 *      training and 512 validation samples, 2 epochs, real trials) with 1 … N workers on wasm, in
 *      the page's own trial workers.
 * Prints the tables and writes them to <out>/training.md. Keeps to about five minutes on 2 cores.
 * Timing thresholds live here, never in tests.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';
import { DEFAULT_CONFIG } from '../../src/training/config';
import { writeBenchDoc } from '../bench-doc';
import { parseFlags, positiveInt, settingsOrExit } from '../flags';
import { renderMarkdown, renderText, type Table } from '../tuner/table';
import type { BenchBackend, ScalingReport } from './page';
import { findTorchPython, runNodeWasm, runPyTorch, sameNetwork } from './reference-runs';
import { pytorchTable, settingLabel, studyTable, targetTable, throughputTable, type BenchFigures, type ThroughputRow } from './report';

export const USAGE = `usage: npm run bench:training -- [flags]
  --samples N        training samples per timed trial on webgl and cpu (default 512; webgpu a quarter)
  --wasm-samples N   training samples per timed trial on wasm, in Node and for PyTorch (default 2048)
  --workers N        the study runs with 1 … N workers (default 2)
  --study-trials N   trials of the default MNIST study (default 12, as the page)
  --study-epochs N   epochs per study trial (default 2, as the page)
  --out DIR          where training.md goes (default docs/bench)
  --help             this text`;

export interface TrainingBenchSettings {
  readonly samples: number;
  readonly wasmSamples: number;
  readonly workers: number;
  readonly studyTrials: number;
  readonly studyEpochs: number;
  readonly outDir: string;
}

export function parseTrainingArgs(argv: readonly string[]): TrainingBenchSettings | 'help' {
  let settings: TrainingBenchSettings = { samples: 512, wasmSamples: 2048, workers: 2, studyTrials: 12, studyEpochs: 2, outDir: 'docs/bench' };
  const read = parseFlags(argv, {
    '--samples': ({ name, value }) => (settings = { ...settings, samples: positiveInt(name, value()) }),
    '--wasm-samples': ({ name, value }) => (settings = { ...settings, wasmSamples: positiveInt(name, value()) }),
    '--workers': ({ name, value }) => (settings = { ...settings, workers: positiveInt(name, value()) }),
    '--study-trials': ({ name, value }) => (settings = { ...settings, studyTrials: positiveInt(name, value()) }),
    '--study-epochs': ({ name, value }) => (settings = { ...settings, studyEpochs: positiveInt(name, value()) }),
    '--out': ({ value }) => (settings = { ...settings, outDir: value() }),
  });
  return read === 'help' ? 'help' : settings;
}

/** The page's default MNIST study's data per trial (src/ui/setup/setup-config.ts DEFAULT_SAMPLES). */
const STUDY_SAMPLES = { train: 2048, validation: 512 } as const;

/** How long one throughput row may take before it counts as failed (a worker that hangs while loading its backend). */
const ROW_TIMEOUT_MS = 180_000;

/** The throughput rows, in the order they run. */
const BENCH_BACKENDS: readonly BenchBackend[] = [
  { name: 'webgpu' },
  { name: 'webgl' },
  { name: 'cpu' },
  ...[true, false].flatMap((simd) => [1, 2].map((threads): BenchBackend => ({ name: 'wasm', wasm: { threads, simd } }))),
];

/** Samples per timed trial and timed trials (the best counts) of a row: slow backends fewer, wasm more. */
function workFor(backend: BenchBackend, settings: TrainingBenchSettings): { readonly samples: number; readonly repeats: number } {
  switch (backend.name) {
    case 'webgpu':
      // WebGPU on SwiftShader is slow: a quarter of the samples keeps the run short.
      return { samples: Math.max(128, Math.floor(settings.samples / 4)), repeats: 1 };
    case 'webgl':
    case 'cpu':
      return { samples: settings.samples, repeats: 2 };
    case 'wasm':
      return { samples: settings.wasmSamples, repeats: 3 };
    default: {
      const unreachable: never = backend;
      return unreachable;
    }
  }
}

async function measureThroughput(env: BrowserEnv, settings: TrainingBenchSettings, progress: (what: string) => void): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const backend of BENCH_BACKENDS) {
    const { samples, repeats } = workFor(backend, settings);
    try {
      const result = await env.page.evaluate(([b, c, s, r, t]) => window.trainingBench.throughput(b, c, s, r, t), [backend, DEFAULT_CONFIG, samples, repeats, ROW_TIMEOUT_MS] as const);
      rows.push({ backend, samples, result: result.report.backend === backend.name ? result : `unavailable: got ${result.report.backend}` });
    } catch (error) {
      rows.push({ backend, samples, result: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
      process.stderr.write(`[bench] ${settingLabel(backend)} failed; the page's last console lines:\n  ${env.log.slice(-5).join('\n  ')}\n`);
    }
    progress(settingLabel(backend));
  }
  return rows;
}

/** The default CNN's parameter count as the browser rows reported it, or null when none reported one. */
function cnnParamCount(throughput: BenchFigures['throughput']): number | null {
  for (const row of throughput) if (typeof row.result !== 'string' && row.result.paramCount !== null) return row.result.paramCount;
  return null;
}

async function main(): Promise<void> {
  const settings = settingsOrExit(() => parseTrainingArgs(process.argv.slice(2)), USAGE);
  if (settings === null) return;
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const progress = (what: string) => process.stderr.write(`[bench] ${what}: done (${Math.round((Date.now() - started) / 1000)} s)\n`);

  // Outside the browser first, while the machine is quietest.
  const python = await findTorchPython();
  const pytorch = { 1: await runPyTorch(python, 1, settings.wasmSamples), 2: await runPyTorch(python, 2, settings.wasmSamples) } as const;
  progress('PyTorch');
  const node = await runNodeWasm(settings.wasmSamples);
  progress('wasm in Node');

  const env = await startBrowserEnv('bench/training/page.html', 'window.trainingBench !== undefined');
  let figures: BenchFigures;
  try {
    await env.page.evaluate(() => window.trainingBench.loadDataset());
    const throughput = await measureThroughput(env, settings, progress);
    const study: ScalingReport[] = [];
    for (let workers = 1; workers <= settings.workers; workers++) {
      const options = { backend: 'wasm', workers, trials: settings.studyTrials, epochs: settings.studyEpochs, trainSamples: STUDY_SAMPLES.train, validationSamples: STUDY_SAMPLES.validation } as const;
      study.push(await env.page.evaluate((o) => window.trainingBench.study(o), options));
      progress(`study with ${workers} worker(s)`);
    }
    const cnnParams = cnnParamCount(throughput);
    const checked = cnnParams === null ? pytorch : { 1: sameNetwork(pytorch[1], cnnParams), 2: sameNetwork(pytorch[2], cnnParams) };
    figures = { throughput, node, pytorch: checked, study };
    for (const violation of env.violations) process.stderr.write(`[bench] Content-Security-Policy violation: ${violation}\n`);
  } finally {
    await env.close();
  }

  const tables: Table[] = [
    throughputTable(
      figures,
      `Default CNN (${DEFAULT_CONFIG.convBlocks} conv blocks × ${DEFAULT_CONFIG.filters}·2^b filters, dense ${DEFAULT_CONFIG.denseUnits}, ${cnnParamCount(figures.throughput)?.toLocaleString('en') ?? '?'} params), MNIST, batch ${DEFAULT_CONFIG.batchSize}, one worker in headless Chromium`,
    ),
    pytorchTable(figures, settings.wasmSamples),
    targetTable(figures),
    studyTable(
      figures,
      `Trials per minute, default MNIST study on wasm (GP-EI, ${settings.studyTrials} trials × ${settings.studyEpochs} epochs, ${STUDY_SAMPLES.train} + ${STUDY_SAMPLES.validation} samples, the page's trial workers)`,
    ),
  ];
  const seconds = Math.round((Date.now() - started) / 1000);
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`;
  console.log(`${tables.map(renderText).join('\n\n')}\n\n(benchmark took ${seconds} s on ${machine}: other work on the machine lowers every figure)`);
  const doc = [
    '# Training benchmark: samples/s per backend, against PyTorch',
    '',
    `Generated by \`npm run bench:training\` on ${new Date().toISOString().slice(0, 10)} (${machine}; ${seconds} s in all).`,
    'Browser rows run in headless Chromium workers (WebGPU and WebGL on SwiftShader, the software adapter a GPU-less machine has); the wasm rows load the binaries from the page\'s own origin.',
    '',
    ...tables.flatMap((table) => [renderMarkdown(table, 2), '']),
    '## How to run',
    '',
    '```sh',
    'npm run bench:training                              # everything above, about five minutes on 2 cores',
    'npm run bench:training -- --wasm-samples 4096       # longer timed wasm trials',
    'apt-get install python3-torch                       # for the PyTorch rows (Debian/Ubuntu)',
    '```',
    '',
  ].join('\n');
  process.stderr.write(`[bench] wrote ${writeBenchDoc(settings.outDir, 'training.md', doc)}\n`);
}

if (process.argv[1] !== undefined && /bench[\\/]training[\\/]main\.ts$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
