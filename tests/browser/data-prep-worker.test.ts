/**
 * The data-preparation worker in headless Chromium (tests/browser/data-prep-harness.ts): the real
 * worker decodes an image folder made in the page (PNGs from an OffscreenCanvas, one file that is
 * not an image) into a dataset on SharedArrayBuffers, skipping and naming the broken file, and
 * builds a small table the same way; refusals come back as messages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarnessPage } from './harness-page';
import type { DecodeRun, ImageRun, TableRun } from './data-prep-harness';

const SLOW = 120_000;
const env = useHarnessPage('tests/browser/data-prep-harness.html', 'window.dataPrepHarness !== undefined', SLOW);
let images: ImageRun;
let table: TableRun;
let decoded: DecodeRun;

beforeAll(async () => {
  images = await env.withLog(() => env.page.evaluate(() => window.dataPrepHarness.images()));
  table = await env.withLog(() => env.page.evaluate(() => window.dataPrepHarness.table()));
  decoded = await env.withLog(() => env.page.evaluate(() => window.dataPrepHarness.decode()));
}, SLOW);

describe('the data-preparation worker', () => {
  it('fingerprints a folder the same in any order', () => {
    expect(images.isolated).toBe(true);
    expect(images.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(images.fingerprintReversed).toBe(images.fingerprint);
  });

  it('previews the classes with counts and small thumbnails', () => {
    expect(images.preview).toEqual({
      classes: [
        { name: 'blue', count: 3, thumbnails: 3, largestSide: 64 },
        { name: 'red', count: 4, thumbnails: 3, largestSide: 43 },
      ],
    });
  });

  it('decodes the images into one shared array, skipping and naming the one that does not decode', () => {
    if (typeof images.build === 'string') throw new Error(images.build);
    const build = images.build;
    expect(build.undecodable).toEqual(['shapes/red/broken.png']);
    expect(build.decoded).toBe(6);
    expect(build.rows).toBe(6);
    expect(build.sampleShape).toEqual([28, 28, 3]);
    expect(build.classNames).toEqual(['blue', 'red']);
    expect(build.labels).toEqual([0, 0, 0, 1, 1, 1]);
    expect(build.shared).toEqual([true, true, true, true]);
    for (const [row, means] of build.channelMeans.entries()) {
      const expected = build.labels[row] === 0 ? [0, 0, 1] : [1, 0, 0];
      means.forEach((mean, channel) => expect(mean).toBeCloseTo(expected[channel]!, 2));
    }
    // stratified: one image of each class validates
    expect(build.validation.map((row) => build.labels[row]).sort()).toEqual([0, 1]);
    expect(build.preprocessing).toMatchObject({ task: 'classification', input: { kind: 'images', side: 28, channels: 3, scale: 255 }, labels: ['blue', 'red'] });
  });

  it('reports progress up to every image', () => {
    expect(images.progress[0]).toEqual([0, 7]);
    expect(images.progress.at(-1)).toEqual([7, 7]);
  });

  it('builds a table with k folds on shared memory, and refuses a ragged one naming its line', () => {
    expect(table.rows).toBe(20);
    expect(table.featureCount).toBe(3);
    expect(table.shared).toEqual([true, true, true, true, true, true, true]);
    expect(table.refusal).toMatch(/^line 3 has 1 field but the header has 2/);
  });

  it('decodes one image to grey values in [0, 1] (BT.601 luma), and names a file that does not decode', () => {
    expect(decoded.grey.length).toBe(28 * 28);
    expect(decoded.grey.first).toBeCloseTo(0.299, 3);
    expect(decoded.broken).toMatch(/^the image\/png file \(3 bytes\) does not decode as a PNG, JPEG, WebP or GIF image/);
  });
});
