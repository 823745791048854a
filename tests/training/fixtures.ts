/** Test helpers: the shipped datasets as the worker sees them, read from public/data in Node. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatasets } from '../../scripts/build-datasets';
import { decodeDataset, type Dataset, type DatasetName } from '../../src/training/datasets';

const DATA_DIR = join(import.meta.dirname, '..', '..', 'public', 'data');

/** Builds public/data if needed (a no-op when up to date), then decodes one dataset. */
export function loadShippedDataset(name: DatasetName): Dataset {
  const { manifest } = buildDatasets();
  const entry = manifest.datasets.find((d) => d.name === name);
  if (entry === undefined) throw new Error(`manifest has no ${name}`);
  const read = (file: string) => new Uint8Array(readFileSync(join(DATA_DIR, file)));
  return decodeDataset(entry, read(entry.images), read(entry.labels));
}
