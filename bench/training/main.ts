/**
 * `npm run bench:training`: training speed in real browser workers (headless Chromium, SwiftShader
 * for WebGPU and WebGL), next to reference figures measured on this kind of machine.
 *
 *   1. samples/s of the default CNN (src/training/config.ts DEFAULT_CONFIG) on each backend available,
 *      after a warm-up trial;
 *   2. trials per minute through the runner's pool with 1 … N workers (tfjs cpu backend, the default
 *      CNN, one epoch per trial), and the scaling ratio against one worker.
 *
 * Usage: tsx bench/training/main.ts [--workers N] [--samples S]   (defaults: N = 2, S = 512)
 * Keeps to about three minutes on 2 cores. Timing thresholds live here, never in tests.
 */
import { availableParallelism, loadavg } from 'node:os';
import { startBrowserEnv } from '../../scripts/browser-env';
import { DEFAULT_CONFIG } from '../../src/training/config';
import { BACKEND_NAMES, type BackendName } from '../../src/training/protocol';
import type { ScalingReport, ThroughputReport } from './page';

/** Reference figures (tiny CNN, MNIST, batch 64) measured on a 2-core, GPU-less machine. */
const REFERENCE_SAMPLES_PER_SECOND: Readonly<Record<BackendName, number>> = { webgpu: 32, webgl: 236, cpu: 145 };
const REFERENCE_PYTORCH_ONE_THREAD = 15_000;
const REFERENCE_TWO_CPU_WORKERS_SPEEDUP = 1.68;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [title, line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (value: number, digits = 0) => value.toFixed(digits);

async function main(): Promise<void> {
  const maxWorkers = option('workers', 2);
  const samples = option('samples', 512);
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const env = await startBrowserEnv('bench/training/page.html', 'window.trainingBench !== undefined');
  try {
    await env.page.evaluate(() => window.trainingBench.loadDataset());
    const throughput: Array<{ backend: BackendName; result: ThroughputReport | string }> = [];
    for (const backend of BACKEND_NAMES) {
      // WebGPU on SwiftShader is slow: a quarter of the samples keeps the run short.
      const n = backend === 'webgpu' ? Math.max(128, samples / 4) : samples;
      const result = await env.page.evaluate(([b, c, s]) => window.trainingBench.throughput(b, c, s), [backend, DEFAULT_CONFIG, n] as const);
      throughput.push({ backend, result: result.report.backend === backend ? result : `unavailable: got ${result.report.backend}` });
      console.error(`  ${backend}: done (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    const scaling: ScalingReport[] = [];
    const trials = 2 * maxWorkers;
    for (let workers = 1; workers <= maxWorkers; workers++) {
      scaling.push(await env.page.evaluate(([w, t, c, s]) => window.trainingBench.scaling('cpu', w, t, c, s), [workers, trials, DEFAULT_CONFIG, samples / 2] as const));
      console.error(`  ${workers} worker(s): done (${Math.round((Date.now() - started) / 1000)} s)`);
    }

    const paramCount = throughput.map((t) => (typeof t.result === 'string' ? null : t.result.paramCount)).find((p) => p !== null);
    console.log(
      table(
        `Default CNN (${DEFAULT_CONFIG.convBlocks} conv blocks × ${DEFAULT_CONFIG.filters}·2^b filters, dense ${DEFAULT_CONFIG.denseUnits}, ${paramCount ?? '?'} params), MNIST, batch ${DEFAULT_CONFIG.batchSize}, one worker`,
        ['backend', 'samples/s', 'reference', 'ratio', 'warm-up s', 'detail'],
        throughput.map(({ backend, result }) =>
          typeof result === 'string'
            ? [backend, '—', fixed(REFERENCE_SAMPLES_PER_SECOND[backend]), '—', '—', result]
            : [
                backend,
                fixed(result.samplesPerSecond),
                fixed(REFERENCE_SAMPLES_PER_SECOND[backend]),
                `${fixed(result.samplesPerSecond / REFERENCE_SAMPLES_PER_SECOND[backend], 2)}×`,
                fixed(result.warmupMs / 1000, 1),
                result.report.detail,
              ],
        ),
      ),
    );
    console.log(`PyTorch, one CPU thread, same kind of net (reference): ~${REFERENCE_PYTORCH_ONE_THREAD.toLocaleString('en')} samples/s\n`);
    const one = scaling[0];
    console.log(
      table(
        `Trials per minute through the pool (tfjs cpu backend, default CNN, ${samples / 2} samples, 1 epoch, ${trials} trials)`,
        ['workers', 'wall s', 'trials/min', 'vs 1 worker', 'states'],
        scaling.map((s) => [String(s.workers), fixed(s.wallMs / 1000, 1), fixed(s.trialsPerMinute, 1), `${fixed(s.trialsPerMinute / one.trialsPerMinute, 2)}×`, s.states.join(',')]),
      ),
    );
    console.log(`Reference: two tfjs-cpu workers gave ${REFERENCE_TWO_CPU_WORKERS_SPEEDUP}× one worker.`);
    console.log(
      `(benchmark took ${Math.round((Date.now() - started) / 1000)} s on ${availableParallelism()} cores; 1-minute load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end: other work on the machine lowers every figure)`,
    );
  } finally {
    await env.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
