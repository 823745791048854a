/**
 * Image folders for the user-data end-to-end tests and benchmarks, written at test time as PNG
 * files from the MNIST binaries the project builds into public/data (scripts/build-datasets.ts:
 * uint8 pixels n × 28 × 28, sample-major, and one uint8 class id per sample). Nothing is committed.
 *
 *   const folder = writeMnistFolder({ perClass: 6, digits: [0, 1, 2] });  // <tmp>/digits/0/0-000.png …
 *   await page.getByTestId('…').setInputFiles(folder.root);                // a webkitdirectory input
 *
 * Variants a test asks for: a file that does not decode (skipped and counted), an image nested a
 * level too deep, and a class folder with a single image (both refused).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { buildDatasets } from '../../scripts/build-datasets';
import { fixtureFolder } from './user-data-fixtures';

const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/data');
/** MNIST's side, in pixels. */
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

/** The shipped MNIST pixels and labels (built first when missing). */
export interface MnistBytes {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  /** byClass[d]: sample indices of digit d, in file order. */
  readonly byClass: readonly (readonly number[])[];
}

let cached: MnistBytes | null = null;

/** Reads public/data/mnist-*.bin once. */
export function readMnist(): MnistBytes {
  if (cached !== null) return cached;
  buildDatasets();
  const images = new Uint8Array(readFileSync(join(DATA_DIR, 'mnist-images.bin')));
  const labels = new Uint8Array(readFileSync(join(DATA_DIR, 'mnist-labels.bin')));
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  labels.forEach((label, index) => byClass[label]?.push(index));
  cached = { images, labels, byClass };
  return cached;
}

/** Sample `index`'s 784 grey bytes. */
export function mnistPixels(index: number): Uint8Array {
  const { images } = readMnist();
  return images.subarray(index * PIXELS, (index + 1) * PIXELS);
}

/** Sample `index` as a grey 28 × 28 PNG file. */
export function mnistPng(index: number): Buffer {
  const grey = mnistPixels(index);
  const png = new PNG({ width: MNIST_SIDE, height: MNIST_SIDE });
  grey.forEach((value, p) => {
    png.data[4 * p] = value;
    png.data[4 * p + 1] = value;
    png.data[4 * p + 2] = value;
    png.data[4 * p + 3] = 255;
  });
  return PNG.sync.write(png, { colorType: 0 });
}

export interface MnistFolderOptions {
  /** Images per class (the first ones of each digit in the file, after `offset`). */
  readonly perClass: number;
  /** The digits to write, one class folder each ("0", "1", …). Default 0 … 9. */
  readonly digits?: readonly number[];
  /** Skip this many images of each digit first (a different subset). Default 0. */
  readonly offset?: number;
  /** The root folder's name. Default "digits". */
  readonly name?: string;
  /** Add "broken.png" (bytes that are no image) to the first class. */
  readonly broken?: boolean;
  /** Add an image one level too deep: <root>/<first class>/deeper/nested.png. */
  readonly nested?: boolean;
  /** Add a class folder "lonely" holding one image. */
  readonly singleImageClass?: boolean;
}

/** A folder written under a new temporary directory. */
export interface ImageFolderFixture {
  /** The folder to pick (its name is the dataset's name). */
  readonly root: string;
  /** Every file written, relative to the root's parent ("digits/0/0-000.png"), in writing order. */
  readonly files: readonly string[];
  /** The class folders, in natural order. */
  readonly classes: readonly string[];
  /** Images written that decode. */
  readonly images: number;
}

/** Writes MNIST digits as a class-per-folder image folder (see `MnistFolderOptions`). */
export function writeMnistFolder(options: MnistFolderOptions): ImageFolderFixture {
  const { byClass } = readMnist();
  const digits = options.digits ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const offset = options.offset ?? 0;
  const name = options.name ?? 'digits';
  const parent = fixtureFolder('automl-images-');
  const root = join(parent, name);
  const files: string[] = [];
  const write = (relative: string, bytes: Buffer): void => {
    const path = join(parent, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    files.push(relative);
  };
  let images = 0;
  for (const digit of digits) {
    const indices = (byClass[digit] ?? []).slice(offset, offset + options.perClass);
    if (indices.length < options.perClass) throw new RangeError(`MNIST has ${byClass[digit]?.length ?? 0} images of digit ${digit}; ${offset + options.perClass} asked for`);
    indices.forEach((index, k) => write(`${name}/${digit}/${digit}-${String(k).padStart(3, '0')}.png`, mnistPng(index)));
    images += indices.length;
  }
  const first = String(digits[0] ?? 0);
  if (options.broken === true) write(`${name}/${first}/broken.png`, Buffer.from('this is not a PNG image, only text named like one\n'));
  if (options.nested === true) {
    write(`${name}/${first}/deeper/nested.png`, mnistPng(byClass[digits[0] ?? 0]?.[0] ?? 0));
    images += 1;
  }
  const classes = digits.map(String);
  if (options.singleImageClass === true) {
    write(`${name}/lonely/only.png`, mnistPng(byClass[9]?.[0] ?? 0));
    classes.push('lonely');
    images += 1;
  }
  return { root, files, classes, images };
}

/** The bad image folders of the list, with the message each is refused with. */
export const BAD_IMAGE_FOLDERS: readonly { readonly label: string; readonly options: MnistFolderOptions; readonly message: RegExp }[] = [
  { label: 'a folder nested deeper than one level', options: { perClass: 3, digits: [0, 1], nested: true }, message: /the folder "digits\/0\/deeper" is nested deeper than one level/ },
  { label: 'a class folder with one image', options: { perClass: 3, digits: [0, 1], singleImageClass: true }, message: /the class folder "lonely" holds 1 image; each class needs at least 2/ },
];
