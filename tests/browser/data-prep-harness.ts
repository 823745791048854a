/**
 * The browser side of tests/browser/data-prep-worker.test.ts: a page that starts the real
 * data-preparation worker (DATA_PREP_WORKER) and drives it over comlink with files made here: PNG
 * squares drawn on an OffscreenCanvas (one class red, one blue), one file that is not a PNG at all,
 * and a small CSV. It answers in plain values, for Node to check.
 */
import * as Comlink from 'comlink';
import { DATA_PREP_WORKER } from '../../src/training/user-data/data-prep-script';
import { decodeImagePixels } from '../../src/training/user-data/decode-image';
import type { DataPrepApi, PickedSourceFile } from '../../src/training/user-data/prep-protocol';

export interface ImageRun {
  readonly isolated: boolean;
  readonly fingerprint: string;
  readonly fingerprintReversed: string;
  readonly preview: { readonly classes: { name: string; count: number; thumbnails: number; largestSide: number }[] } | string;
  readonly progress: [number, number][];
  readonly build:
    | {
        readonly rows: number;
        readonly sampleShape: readonly number[];
        readonly labels: number[];
        readonly classNames: readonly string[] | null;
        readonly undecodable: readonly string[];
        readonly decoded: number;
        readonly shared: boolean[];
        /** Per row: the mean of each channel. */
        readonly channelMeans: number[][];
        readonly validation: number[];
        readonly preprocessing: unknown;
      }
    | string;
}

export interface TableRun {
  readonly shared: boolean[];
  readonly rows: number;
  readonly featureCount: number;
  readonly refusal: string;
}

export interface DecodeRun {
  /** A red square decoded grey at 28 px: its first value, its length. */
  readonly grey: { readonly first: number; readonly length: number };
  /** The refusal of a file that is not an image. */
  readonly broken: string;
}

export interface DataPrepHarness {
  images(): Promise<ImageRun>;
  table(): Promise<TableRun>;
  /** decodeImagePixels on the page's own thread (as the predictor calls it). */
  decode(): Promise<DecodeRun>;
}

declare global {
  interface Window {
    dataPrepHarness: DataPrepHarness;
  }
}

const api = Comlink.wrap<DataPrepApi>(DATA_PREP_WORKER.create());

async function square(width: number, height: number, colour: string): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/png' });
}

async function folder(): Promise<PickedSourceFile[]> {
  const files: PickedSourceFile[] = [];
  for (let i = 1; i <= 3; i++) files.push({ path: `shapes/red/${i}.png`, data: await square(40 + i, 30, 'rgb(255, 0, 0)') });
  files.push({ path: 'shapes/red/broken.png', data: new Blob([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], { type: 'image/png' }) });
  for (let i = 1; i <= 3; i++) files.push({ path: `shapes/blue/${i}.png`, data: await square(100, 120 + i, 'rgb(0, 0, 255)') });
  return files;
}

const isShared = (array: ArrayBufferView) => array.buffer instanceof SharedArrayBuffer;

window.dataPrepHarness = {
  async images() {
    const files = await folder();
    const fingerprint = await api.fingerprint(files);
    const fingerprintReversed = await api.fingerprint([...files].reverse());
    const previewed = await api.previewImages(files, 'shapes');
    const preview = previewed.ok
      ? {
          classes: await Promise.all(
            previewed.value.classes.map(async (entry) => {
              const sides = await Promise.all(entry.thumbnails.map(async (blob) => createImageBitmap(blob).then((bitmap) => Math.max(bitmap.width, bitmap.height))));
              return { name: entry.name, count: entry.count, thumbnails: entry.thumbnails.length, largestSide: Math.max(...sides) };
            }),
          ),
        }
      : previewed.message;
    const progress: [number, number][] = [];
    const request = { name: 'shapes', fingerprint, side: 28, channels: 3 as const, validationFraction: 0.34, folds: 1, seed: 5 };
    const built = await api.buildImages(files, request, Comlink.proxy((done: number, total: number) => void progress.push([done, total])));
    if (!built.ok) return { isolated: crossOriginIsolated, fingerprint, fingerprintReversed, preview, progress, build: `${built.problem}: ${built.message}` };
    const { dataset, report } = built.value;
    const fold = dataset.folds[0]!;
    const size = 28 * 28 * 3;
    const channelMeans = Array.from({ length: dataset.rows }, (_, row) =>
      [0, 1, 2].map((channel) => {
        let sum = 0;
        for (let p = 0; p < 28 * 28; p++) sum += fold.features[row * size + p * 3 + channel]!;
        return sum / (28 * 28);
      }),
    );
    return {
      isolated: crossOriginIsolated,
      fingerprint,
      fingerprintReversed,
      preview,
      progress,
      build: {
        rows: dataset.rows,
        sampleShape: dataset.sampleShape,
        labels: Array.from(dataset.labels),
        classNames: dataset.classNames,
        undecodable: report.undecodable,
        decoded: report.decoded,
        shared: [dataset.labels, fold.features, fold.train, fold.validation].map(isShared),
        channelMeans,
        validation: Array.from(fold.validation),
        preprocessing: dataset.preprocessing,
      },
    };
  },

  async decode() {
    const grey = await decodeImagePixels(await square(50, 20, 'rgb(255, 0, 0)'), 28, 1);
    const broken = await decodeImagePixels(new Blob([new Uint8Array([9, 9, 9])], { type: 'image/png' }), 28, 3).then(
      () => 'decoded',
      (error: Error) => error.message,
    );
    return { grey: { first: grey[0]!, length: grey.length }, broken };
  },

  async table() {
    const csv = 'x,colour,y\n' + Array.from({ length: 20 }, (_, i) => `${i * 0.5},${i % 3 === 0 ? 'red' : 'blue'},${i % 2 === 0 ? 'even' : 'odd'}`).join('\n');
    const file = { path: 'rows.csv', data: new Blob([csv], { type: 'text/csv' }) };
    const request = { name: 'rows.csv', fingerprint: await api.fingerprint([file]), target: 'y', task: 'classification' as const, validationFraction: 0.25, folds: 2, seed: 3 };
    const built = await api.buildTable(file, request);
    if (!built.ok) throw new Error(built.message);
    const { dataset } = built.value;
    const ragged = await api.previewTable({ path: 'bad.csv', data: new Blob(['a,b\n1,2\n3\n']) });
    return {
      shared: [dataset.labels, ...dataset.folds.flatMap((fold) => [fold.features, fold.train, fold.validation])].map(isShared),
      rows: dataset.rows,
      featureCount: dataset.sampleShape[0]!,
      refusal: ragged.ok ? 'accepted' : ragged.message,
    };
  },
};
