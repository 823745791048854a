/**
 * An image folder (one sub-folder per class) as a UserDataset: `previewImages` plans the folder
 * (../image-folder/folder-plan.ts: layout, limits, classes with counts) and draws a few thumbnails
 * per class; `buildImages` decodes every image at the chosen shape into one shared array, skips
 * (and names) the ones that do not decode, and splits the rest stratified by class.
 *
 * Notation
 *   N        images the plan holds, numbered class by class (`folderImages`)
 *   n        images that decoded;  kept[i] the plan image of dataset row i, in plan order
 *   s, c     side and channels;  v = s·s·c values per image
 *   features Float32Array [n, s, s, c] in [0, 1], one shared array for every fold; labels[i] the
 *            class index of row i; folds stratified over labels with the request's seed
 */
import { MIN_IMAGES_PER_CLASS, planImageFolder, plural, type FolderPlan, type PickedFile } from '../image-folder/folder-plan';
import { folderClassNames } from '../image-folder/class-labels';
import { ImageFolderError } from '../image-folder/image-folder-error';
import { imageShape, valuesPerImage, type ImageShape } from '../image-folder/image-pixels';
import { minimumRowsForFolds, MIN_VALIDATION_ROWS } from '../table/target';
import { canDecodeImages, decodeImageInto, imageThumbnail } from './decode-image';
import type { ImageClassPreview, ImageFolderPreview, ImageReport, ImageRequest, PickedSourceFile } from './prep-protocol';
import { imagePreprocessingJson } from './preprocessing-json';
import { USER_DATASET_FORMAT, type UserDataset } from './protocol';
import { shareInt32, sharedFloat32 } from './shared-arrays';
import { checkSplitRequest, splitRows } from './split-request';

/** Thumbnails shown per class. */
export const THUMBNAILS_PER_CLASS = 4;
/** Images decoded at once (the browser decodes `createImageBitmap` work off the worker's thread). */
export const DECODE_CONCURRENCY = 8;
/** How many times `onProgress` hears from a build, at most (plus the start and the end). */
export const PROGRESS_STEPS = 100;

/** A planned file that keeps its bytes. */
interface PlannedFile extends PickedFile {
  readonly data: Blob;
}

function plan(files: readonly PickedSourceFile[]): FolderPlan {
  const planned: PlannedFile[] = files.map((file) => ({ path: file.path, size: file.data.size, type: file.data.type, data: file.data }));
  return planImageFolder(planned);
}

const bytesOf = (file: PickedFile): Blob => (file as PlannedFile).data;

/** The first `THUMBNAILS_PER_CLASS` thumbnails of a class's images that decode (none where images cannot be decoded). */
async function thumbnails(files: readonly PickedFile[]): Promise<Blob[]> {
  const made: Blob[] = [];
  if (!canDecodeImages()) return made;
  for (const file of files) {
    if (made.length === THUMBNAILS_PER_CLASS) break;
    try {
      made.push(await imageThumbnail(bytesOf(file)));
    } catch (error) {
      if (!(error instanceof ImageFolderError)) throw error;
    }
  }
  return made;
}

/** Plans a picked or dropped folder for the page: classes with counts and thumbnails, and what was left out. */
export async function previewImages(files: readonly PickedSourceFile[], name: string): Promise<ImageFolderPreview> {
  const folder = plan(files);
  const classes: ImageClassPreview[] = [];
  for (const entry of folder.classes) classes.push({ name: entry.name, count: entry.files.length, thumbnails: await thumbnails(entry.files) });
  const planned = new Set(folder.classes.flatMap((entry) => entry.files.map((file) => file.path)));
  const notImage = new Set(folder.skipped.notImage);
  const hidden = files.map((file) => file.path).filter((path) => !planned.has(path) && !notImage.has(path));
  const skipped = [
    ...(folder.skipped.notImage.length > 0 ? [{ reason: 'not a PNG, JPEG, WebP or GIF image', paths: folder.skipped.notImage }] : []),
    ...(hidden.length > 0 ? [{ reason: 'hidden (a name starting with "." or a __MACOSX folder)', paths: hidden }] : []),
  ];
  return { name, bytes: folder.totalBytes, images: folder.imageCount, classes, skipped };
}

/** Refuses a split that too few images can fill. */
function checkImagesForFolds(images: number, folds: number): void {
  const needed = minimumRowsForFolds(folds);
  if (images < needed) {
    const split = folds === 1 ? 'a train/validation split needs' : `${folds} folds need`;
    throw new ImageFolderError('too-few-images', `the folder has ${plural(images, 'image')} that decode, but ${split} at least ${needed} (${MIN_VALIDATION_ROWS} validation images per fold and the rest to train on)`);
  }
}

/** Decodes every planned image into `features` at its row; returns, per row, whether it decoded. */
async function decodeAll(
  files: readonly PickedFile[],
  shape: ImageShape,
  features: Float32Array,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<Uint8Array> {
  const total = files.length;
  const decoded = new Uint8Array(total);
  const step = Math.max(1, Math.ceil(total / PROGRESS_STEPS));
  const tell = (done: number): Promise<void> => {
    if (onProgress === undefined) return Promise.resolve();
    // A comlink proxy returns a promise; the page may be gone, which changes nothing here.
    return Promise.resolve(onProgress(done, total)).then(
      () => undefined,
      () => undefined,
    );
  };
  void tell(0);
  let next = 0;
  let done = 0;
  const size = valuesPerImage(shape);
  const work = async () => {
    for (let row = next++; row < total; row = next++) {
      try {
        await decodeImageInto(bytesOf(files[row]!), shape, features, row * size);
        decoded[row] = 1;
      } catch (error) {
        if (!(error instanceof ImageFolderError) || error.problem !== 'undecodable') throw error;
      }
      done += 1;
      if (done % step === 0 && done < total) void tell(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECODE_CONCURRENCY, total) }, work));
  // Awaited: through a comlink proxy, the page has heard the end before the build's result arrives.
  await tell(total);
  return decoded;
}

/** Decodes, checks and splits an image folder as the user chose; throws an ImageFolderError (or a split's error) naming the problem. */
export async function buildImages(
  files: readonly PickedSourceFile[],
  request: ImageRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<{ dataset: UserDataset; report: ImageReport }> {
  const shape = imageShape(request.side, request.channels);
  checkSplitRequest(request);
  const folder = plan(files);
  if (!canDecodeImages()) throw new ImageFolderError('undecodable', 'images cannot be decoded here: createImageBitmap and OffscreenCanvas are missing (decode images in a page or a worker)');
  const images = folder.classes.flatMap((entry, classIndex) => entry.files.map((file) => ({ file, classIndex })));
  const size = valuesPerImage(shape);
  const all = sharedFloat32(images.length * size);
  const decoded = await decodeAll(images.map((image) => image.file), shape, all, onProgress);

  // Move decoded images down over the skipped ones; the dataset views the first n of them.
  const undecodable: string[] = [];
  const labels: number[] = [];
  images.forEach((image, row) => {
    if (decoded[row] === 0) {
      undecodable.push(image.file.path);
      return;
    }
    if (labels.length !== row) all.copyWithin(labels.length * size, row * size, (row + 1) * size);
    labels.push(image.classIndex);
  });
  const names = folderClassNames(folder);
  checkClassesAfterSkipping(names, labels, undecodable);
  checkImagesForFolds(labels.length, request.folds);
  const features = all.subarray(0, labels.length * size);
  const classes = shareInt32(labels);
  const splits = splitRows({ kind: 'stratified', classes }, request);
  const dataset: UserDataset = {
    format: USER_DATASET_FORMAT,
    kind: 'images',
    task: 'classification',
    name: request.name,
    fingerprint: request.fingerprint,
    rows: labels.length,
    sampleShape: [shape.side, shape.side, shape.channels],
    labels: classes,
    classNames: names,
    folds: splits.map((split) => ({ features, train: shareInt32(split.train), validation: shareInt32(split.validation), targetScale: null })),
    preprocessing: imagePreprocessingJson(shape.side, shape.channels, names),
  };
  const report: ImageReport = { decoded: labels.length, undecodable, trainRows: splits[0]!.train.length, validationRows: splits[0]!.validation.length };
  return { dataset, report };
}

/** Refuses when skipping undecodable images left a class with fewer than MIN_IMAGES_PER_CLASS images. */
function checkClassesAfterSkipping(names: readonly string[], labels: readonly number[], undecodable: readonly string[]): void {
  const counts = new Array<number>(names.length).fill(0);
  for (const label of labels) counts[label]! += 1;
  const small = counts.findIndex((count) => count < MIN_IMAGES_PER_CLASS);
  if (small === -1) return;
  const listed = undecodable.slice(0, 5).map((path) => `"${path}"`).join(', ') + (undecodable.length > 5 ? `, and ${undecodable.length - 5} more` : '');
  throw new ImageFolderError(
    'small-class',
    `the class folder "${names[small]}" holds ${plural(counts[small]!, 'image')} that ${counts[small] === 1 ? 'decodes' : 'decode'} after skipping ${plural(undecodable.length, 'image')} that do not (${listed}); each class needs at least ${MIN_IMAGES_PER_CLASS}`,
  );
}
