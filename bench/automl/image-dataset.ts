/**
 * The benchmark's image folder as a `UserDataset`, built in Node (which has no OffscreenCanvas to
 * decode PNGs with) from the MNIST bytes in public/data, through the project's own image-folder
 * helpers exactly as the data-preparation worker uses them: the folder is planned from its paths
 * ("digits/<d>/<d>-<k>.png"), rows are numbered class by class, the split is stratified with the
 * study's seed, and each image's pixels go through `writeImagePixels` (RGBA → grey in [0, 1]) into
 * one shared array.
 *
 * Notation: n images, s = 28 (MNIST's side), c = 1; features[r·s·s + p] is row r's pixel p.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDatasets } from '../../scripts/build-datasets';
import { folderClassIndices, folderClassNames, folderImages, folderSplitRows, imageShape, planImageFolder, valuesPerImage, writeImagePixels, type PickedFile } from '../../src/training/image-folder';
import { USER_DATASET_FORMAT, type UserDataset } from '../../src/training/user-data';
import { imagePreprocessingJson } from '../../src/training/user-data/preprocessing-json';
import { shareInt32, sharedFloat32 } from '../../src/training/user-data/shared-arrays';
import { splitRows } from '../../src/training/user-data/split-request';

const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/data');
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** The MNIST folder's rows: `perClass` images of each digit (the first ones in the file). */
export interface MnistFolderRequest {
  readonly perClass: number;
  readonly validationFraction: number;
  readonly seed: number;
}

/** Builds the dataset an image-folder study of `perClass` × 10 MNIST digits trains on. */
export function mnistFolderDataset(request: MnistFolderRequest): UserDataset {
  buildDatasets();
  const images = new Uint8Array(readFileSync(join(DATA_DIR, 'mnist-images.bin')));
  const labels = new Uint8Array(readFileSync(join(DATA_DIR, 'mnist-labels.bin')));
  const byPath = new Map<string, number>();
  const seen = new Array<number>(10).fill(0);
  labels.forEach((digit, index) => {
    const k = seen[digit] as number;
    if (k >= request.perClass) return;
    seen[digit] = k + 1;
    byPath.set(`digits/${digit}/${digit}-${String(k).padStart(4, '0')}.png`, index);
  });
  const picked: PickedFile[] = [...byPath.keys()].map((path) => ({ path, size: PIXELS, type: 'image/png' }));
  const plan = planImageFolder(picked);
  const shape = imageShape(SIDE, 1);
  const files = folderImages(plan);
  const features = sharedFloat32(files.length * valuesPerImage(shape));
  const rgba = new Uint8Array(PIXELS * 4);
  files.forEach((file, row) => {
    const index = byPath.get(file.path) as number;
    for (let p = 0; p < PIXELS; p++) {
      const grey = images[index * PIXELS + p] as number;
      rgba.set([grey, grey, grey, 255], 4 * p);
    }
    writeImagePixels(rgba, shape, features, row * valuesPerImage(shape));
  });
  const classNames = folderClassNames(plan);
  const folds = splitRows(folderSplitRows(plan), { validationFraction: request.validationFraction, folds: 1, seed: request.seed }).map((split) => ({
    features,
    train: shareInt32(split.train),
    validation: shareInt32(split.validation),
    targetScale: null,
  }));
  return {
    format: USER_DATASET_FORMAT,
    kind: 'images',
    task: 'classification',
    name: plan.root,
    fingerprint: `mnist-${request.perClass}-per-class`,
    rows: files.length,
    sampleShape: [SIDE, SIDE, 1],
    labels: shareInt32(folderClassIndices(plan)),
    classNames,
    folds,
    preprocessing: imagePreprocessingJson(SIDE, 1, classNames),
  };
}
