/**
 * Planning an image folder from the files a user picked (`<input webkitdirectory>`) or dropped:
 * one root folder, one sub-folder per class, image files in each. `planImageFolder` checks the
 * layout and the limits and returns the classes (sorted naturally, "class 2" before "class 10")
 * with their image files, and what it skipped, counted by reason. Nothing is read or decoded here:
 * only paths, sizes and MIME types.
 *
 * Rules, in the order they are checked:
 *   hidden     a file or folder whose name starts with "." (.DS_Store, .git/…) or a __MACOSX
 *              folder is ignored, and counted
 *   not image  a file that is neither PNG, JPEG, WebP nor GIF, by extension or MIME type, is
 *              skipped, and counted with its path
 *   then, on the images: at least one image; one root folder; no image directly in the root;
 *   no image deeper than root/class/; at most `maxImages` images and `maxBytes` bytes; at least
 *   MIN_IMAGES_PER_CLASS images in each class; at least MIN_CLASSES classes.
 */

import { describeBytes } from '../table/parse-table';
import { ImageFolderError } from './image-folder-error';

/** A picked or dropped file: its path relative to the picked folder's parent ("pets/cat/a.png"). */
export interface PickedFile {
  readonly path: string;
  readonly size: number;
  readonly type?: string;
}

/** One class: a sub-folder of the root, with its image files in natural order. */
export interface FolderClass {
  readonly name: string;
  readonly files: readonly PickedFile[];
}

/** Files left out of the plan, by reason. */
export interface SkippedFiles {
  /** Hidden files and files in hidden folders, ignored silently. */
  readonly hidden: number;
  /** Paths of files that are not PNG, JPEG, WebP or GIF. */
  readonly notImage: readonly string[];
}

/** What the folder holds, checked: classes in natural order, each with at least two images. */
export interface FolderPlan {
  /** The root folder's name. */
  readonly root: string;
  readonly classes: readonly FolderClass[];
  readonly imageCount: number;
  /** Total size of the image files, in bytes. */
  readonly totalBytes: number;
  readonly skipped: SkippedFiles;
}

export interface PlanImageFolderOptions {
  /** Most images a folder may hold; MAX_FOLDER_IMAGES unless given. */
  readonly maxImages?: number;
  /** Most bytes the images may take together; MAX_FOLDER_BYTES unless given. */
  readonly maxBytes?: number;
}

/** Most images a folder may hold. */
export const MAX_FOLDER_IMAGES = 20_000;
/** Most bytes the images of a folder may take together (500 MB). */
export const MAX_FOLDER_BYTES = 500 * 1024 * 1024;
/** Fewest images a class needs: one to train on and one to validate on. */
export const MIN_IMAGES_PER_CLASS = 2;
/** Fewest classes a folder needs. */
export const MIN_CLASSES = 2;

/** File extensions read as images (lower case, without the dot). */
export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'jfif', 'webp', 'gif'];
/** MIME types read as images. */
export const IMAGE_MIME_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Compares two names naturally: digits as numbers ("img2" before "img10"), then case-insensitively. */
export function compareNaturally(a: string, b: string): number {
  return naturalOrder.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A path's folder and file names: backslashes read as slashes, empty and "." segments dropped. */
export function pathSegments(path: string): string[] {
  return path.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.');
}

function isHiddenSegment(segment: string): boolean {
  return segment.startsWith('.') || segment === '__MACOSX';
}

/** Whether a file is PNG, JPEG, WebP or GIF, by its extension or its MIME type. */
export function isImageFile(file: PickedFile): boolean {
  const name = pathSegments(file.path).at(-1) ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return IMAGE_EXTENSIONS.includes(extension) || IMAGE_MIME_TYPES.includes((file.type ?? '').toLowerCase());
}

/** "1 image", "3 images": a count with its noun, for messages. */
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

function checkLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`planImageFolder: ${name} must be a positive integer, got ${value}`);
  return value;
}

/** Checks the layout and limits of picked or dropped files and returns the folder's classes; throws an ImageFolderError naming the problem. */
export function planImageFolder(files: readonly PickedFile[], options: PlanImageFolderOptions = {}): FolderPlan {
  const maxImages = checkLimit('maxImages', options.maxImages, MAX_FOLDER_IMAGES);
  const maxBytes = checkLimit('maxBytes', options.maxBytes, MAX_FOLDER_BYTES);
  let hidden = 0;
  const notImage: string[] = [];
  const images: { file: PickedFile; segments: string[] }[] = [];
  for (const file of files) {
    const segments = pathSegments(file.path);
    if (segments.length === 0 || segments.some(isHiddenSegment)) hidden++;
    else if (!isImageFile(file)) notImage.push(file.path);
    else images.push({ file, segments });
  }
  if (images.length === 0) {
    const found = files.length === 0 ? 'it holds no files' : `none of its ${plural(files.length, 'file')} is a PNG, JPEG, WebP or GIF image`;
    throw new ImageFolderError('no-images', `the folder holds no images: ${found}`);
  }

  const loose = images.find(({ segments }) => segments.length === 1);
  if (loose !== undefined) {
    throw new ImageFolderError('not-one-folder', `"${loose.file.path}" is not inside a folder: pick or drop one folder with one sub-folder per class`);
  }
  const roots = [...new Set(images.map(({ segments }) => segments[0] as string))].sort(compareNaturally);
  if (roots.length > 1) {
    throw new ImageFolderError('not-one-folder', `the images come from ${plural(roots.length, 'folder')} ("${roots.slice(0, 3).join('", "')}"${roots.length > 3 ? ', …' : ''}): pick or drop one folder with one sub-folder per class`);
  }
  const root = roots[0] as string;

  const inRoot = images.filter(({ segments }) => segments.length === 2).map(({ segments }) => segments[1] as string).sort(compareNaturally);
  if (inRoot.length > 0) {
    const named = inRoot.slice(0, 3).map((name) => `"${name}"`).join(', ') + (inRoot.length > 3 ? `, and ${inRoot.length - 3} more` : '');
    throw new ImageFolderError('files-in-root', `${plural(inRoot.length, 'image')} ${inRoot.length === 1 ? 'lies' : 'lie'} directly in "${root}" beside the class folders (${named}): move ${inRoot.length === 1 ? 'it' : 'them'} into a class folder`);
  }
  const nested = images.filter(({ segments }) => segments.length > 3).map(({ segments }) => segments.slice(0, 3).join('/')).sort(compareNaturally);
  if (nested.length > 0) {
    throw new ImageFolderError('nested-folder', `the folder "${nested[0]}" is nested deeper than one level: each class must be one sub-folder of "${root}" holding its images directly`);
  }

  if (images.length > maxImages) {
    throw new ImageFolderError('too-many-images', `the folder holds ${images.length} images, over the limit of ${maxImages} images`);
  }
  const totalBytes = images.reduce((sum, { file }) => sum + file.size, 0);
  if (totalBytes > maxBytes) {
    throw new ImageFolderError('too-large', `the images take ${describeBytes(totalBytes)}, over the ${describeBytes(maxBytes)} limit for an image folder`);
  }

  const byClass = new Map<string, PickedFile[]>();
  for (const { file, segments } of images) {
    const name = segments[1] as string;
    const group = byClass.get(name);
    if (group === undefined) byClass.set(name, [file]);
    else group.push(file);
  }
  const fileName = (file: PickedFile): string => pathSegments(file.path).at(-1) as string;
  const classes: FolderClass[] = [...byClass.keys()].sort(compareNaturally).map((name) => ({
    name,
    files: (byClass.get(name) as PickedFile[]).slice().sort((a, b) => compareNaturally(fileName(a), fileName(b))),
  }));
  const small = classes.find((entry) => entry.files.length < MIN_IMAGES_PER_CLASS);
  if (small !== undefined) {
    throw new ImageFolderError('small-class', `the class folder "${small.name}" holds ${plural(small.files.length, 'image')}; each class needs at least ${MIN_IMAGES_PER_CLASS}`);
  }
  if (classes.length < MIN_CLASSES) {
    const found = classes.map((entry) => `"${entry.name}"`).join(', ');
    throw new ImageFolderError('too-few-classes', `"${root}" holds ${plural(classes.length, 'class folder')} (${found}); it needs at least ${MIN_CLASSES}, one sub-folder per class`);
  }
  return { root, classes, imageCount: images.length, totalBytes, skipped: { hidden, notImage } };
}
