import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DatasetError,
  decodeDataset,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  parseManifest,
  splitDataset,
  type DatasetEntry,
} from '../../src/training/datasets';
import { loadShippedDataset } from './fixtures';

const entry: DatasetEntry = {
  name: 'mnist',
  title: 'tiny',
  source: 'test',
  count: 3,
  shape: [2, 2, 1],
  classes: ['a', 'b'],
  images: 'i.bin',
  labels: 'l.bin',
  testCount: 1,
  sha256: { images: '', labels: '' },
};
const manifest = { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, generator: 'test', datasets: [entry] };

describe('parseManifest', () => {
  it('accepts a well-formed manifest', () => {
    expect(parseManifest(manifest).datasets[0].name).toBe('mnist');
  });

  it.each([
    [{ ...manifest, format: 'other' }, /format/],
    [{ ...manifest, version: 2 }, /version 2/],
    [{ ...manifest, datasets: [{ ...entry, name: 'cifar' }] }, /unknown name/],
    [{ ...manifest, datasets: [{ ...entry, shape: [2, 2] }] }, /shape/],
    [{ ...manifest, datasets: [{ ...entry, testCount: 3 }] }, /testCount/],
  ])('rejects a bad manifest (%#)', (bad, message) => {
    expect(() => parseManifest(bad)).toThrow(DatasetError);
    expect(() => parseManifest(bad)).toThrow(message);
  });
});

describe('decodeDataset', () => {
  it('wraps the bytes without copying', () => {
    const images = new Uint8Array(12);
    const dataset = decodeDataset(entry, images, Uint8Array.from([0, 1, 1]));
    expect(dataset.images).toBe(images);
    expect(dataset.classCount).toBe(2);
  });

  it('rejects truncated images, a wrong label count and out-of-range labels', () => {
    expect(() => decodeDataset(entry, new Uint8Array(11), new Uint8Array(3))).toThrow(/expected 3 × 4 = 12/);
    expect(() => decodeDataset(entry, new Uint8Array(12), new Uint8Array(2))).toThrow(/expected 3/);
    expect(() => decodeDataset(entry, new Uint8Array(12), Uint8Array.from([0, 2, 1]))).toThrow(/label 2 at sample 1/);
  });
});

describe('splitDataset', () => {
  it('partitions every sample into disjoint train, validation and test splits', () => {
    const split = splitDataset(1000, 100, 5, 0.2);
    expect(split.test.length).toBe(100);
    expect(split.validation.length).toBe(180);
    expect(split.train.length).toBe(720);
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is the same for the same seed and differs between seeds, with a test split fixed for all seeds', () => {
    const a = splitDataset(500, 50, 1);
    expect(splitDataset(500, 50, 1)).toEqual(a);
    const b = splitDataset(500, 50, 2);
    expect(b.test).toEqual(a.test);
    expect(b.validation).not.toEqual(a.validation);
  });

  it('rejects impossible sizes', () => {
    expect(() => splitDataset(10, 10, 1)).toThrow(/testCount/);
    expect(() => splitDataset(10, 1, 1, 1)).toThrow(/validationFraction/);
  });
});

describe('shipped datasets (scripts/build-datasets.ts)', () => {
  it.each([
    ['mnist', 10_000, 800],
    ['fashion-mnist', 20_000, 2000],
  ] as const)('%s has %i samples of 28×28 uint8 pixels in 10 classes of at least %i each', (name, count, perClassAtLeast) => {
    const dataset = loadShippedDataset(name);
    expect(dataset.labels.length).toBe(count);
    expect(dataset.images.length).toBe(count * 784);
    const perClass = new Array<number>(10).fill(0);
    for (const label of dataset.labels) perClass[label] += 1;
    expect(Math.min(...perClass)).toBeGreaterThanOrEqual(perClassAtLeast);
    expect(dataset.images.reduce((max, v) => Math.max(max, v), 0)).toBe(255);
  });

  it('is reproducible: the bytes match the manifest hashes', async () => {
    const { buildDatasets } = await import('../../scripts/build-datasets');
    const { manifest: shipped } = buildDatasets();
    for (const d of shipped.datasets) {
      const dataset = loadShippedDataset(d.name);
      expect(createHash('sha256').update(dataset.images).digest('hex')).toBe(d.sha256.images);
      expect(createHash('sha256').update(dataset.labels).digest('hex')).toBe(d.sha256.labels);
    }
  });
});
