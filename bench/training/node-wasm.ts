/**
 * The Node row of `npm run bench:training`: samples/s of the default CNN on tfjs's wasm backend in
 * Node (SIMD, one thread), picked by the workers' own probe (so with the training kernels
 * registered) and trained by the workers' own loop (`trainTrial`) on the MNIST binaries the page
 * serves (public/data, built by `npm run data`): the best of three one-epoch trials after a warm-up.
 * main.ts runs it as a child process; it prints one JSON line (`NodeWasmReport`).
 *
 * Usage: tsx bench/training/node-wasm.ts --samples S
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../../src/training/config';
import { decodeDataset, MANIFEST_PATH, parseManifest, type Dataset } from '../../src/training/datasets';
import { selectBackend } from '../../src/training/serve/backend';
import { configureWasm } from '../../src/training/serve/wasm-setup';
import { trainTrial } from '../../src/training/train';
import type { TrainBudget } from '../../src/training/protocol';

/** What the child prints. */
export interface NodeWasmReport {
  readonly backend: string;
  readonly detail: string;
  readonly samplesPerSecond: number;
  readonly warmupMs: number;
}

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), '../../public');

function loadMnist(): Dataset {
  const manifestPath = join(PUBLIC, MANIFEST_PATH);
  const manifest = parseManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
  const entry = manifest.datasets.find((d) => d.name === 'mnist');
  if (entry === undefined) throw new Error(`${manifestPath} lists no mnist dataset (run "npm run data")`);
  const folder = dirname(manifestPath);
  return decodeDataset(entry, new Uint8Array(readFileSync(join(folder, entry.images))), new Uint8Array(readFileSync(join(folder, entry.labels))));
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--samples');
  const samples = at < 0 ? 2048 : Number(process.argv[at + 1]);
  if (!Number.isInteger(samples) || samples < 64) throw new Error(`--samples needs an integer ≥ 64, got ${process.argv[at + 1]}`);
  const dataset = loadMnist();
  configureWasm({ threads: 1, simd: true });
  const { report } = await selectBackend('wasm');
  if (report.backend !== 'wasm') throw new Error(`wasm did not start in Node: ${report.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
  const config = { ...DEFAULT_CONFIG, epochs: 1 };
  const budget: TrainBudget = { dataset: 'mnist', trainSamples: samples, validationSamples: 64, splitSeed: 1, seed: 1 };
  const control = { stopRequested: () => false, backendLost: new Promise<string>(() => undefined) };
  const train = async (trainSamples: number) => {
    const result = await trainTrial(dataset, config, { ...budget, trainSamples }, () => undefined, control);
    if (result.kind !== 'complete') throw new Error(`Node wasm trial ended ${result.kind}${result.kind === 'failed' ? `: ${result.reason}` : ''}`);
    return result;
  };
  const warmupStarted = performance.now();
  await train(128);
  const warmupMs = performance.now() - warmupStarted;
  // The best of three timed trials, as the browser's wasm rows: other work only ever slows a trial down.
  let samplesPerSecond = 0;
  for (let repeat = 0; repeat < 3; repeat++) samplesPerSecond = Math.max(samplesPerSecond, (await train(samples)).samplesPerSecond);
  const out: NodeWasmReport = { backend: report.backend, detail: report.detail, samplesPerSecond, warmupMs };
  console.log(JSON.stringify(out));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
