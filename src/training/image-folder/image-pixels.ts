/**
 * The size images are trained at, and turning decoded pixels into model input. `imageShape`
 * checks the user's choice (a square side of 28 to 96 px, grey or colour); `writeImagePixels`
 * turns one image's RGBA bytes (as `getImageData` gives them from a canvas of side × side) into
 * Float32 values in [0, 1], written at an offset of one shared array, so every image of a folder
 * lands in one buffer (a SharedArrayBuffer the workers all read).
 *
 * Notation
 *   s        the side, in pixels;  c  the channels, 1 (grey) or 3 (RGB)
 *   R,G,B,A  a pixel's bytes, 0..255
 *   α        A/255: the pixel is composited over black, as drawn on a fresh (transparent) canvas,
 *            so a fully transparent pixel reads 0
 *   Y        ITU-R BT.601 luma, 0.299·R + 0.587·G + 0.114·B
 *   grey     value = α·Y/255;  colour  values = α·R/255, α·G/255, α·B/255
 *   layout   row-major, channels last: pixel (y, x), channel k at offset + (y·s + x)·c + k
 */

import { ImageFolderError } from './image-folder-error';

/** Smallest side an image may be trained at, in pixels. */
export const MIN_IMAGE_SIDE = 28;
/** Largest side an image may be trained at, in pixels. */
export const MAX_IMAGE_SIDE = 96;

/** The size images are trained at: a square of `side` pixels, grey (1) or colour (3). */
export interface ImageShape {
  readonly side: number;
  readonly channels: 1 | 3;
}

/** Checks a choice of image size; throws an ImageFolderError naming the problem. */
export function imageShape(side: number, channels: number): ImageShape {
  if (!Number.isInteger(side) || side < MIN_IMAGE_SIDE || side > MAX_IMAGE_SIDE) {
    throw new ImageFolderError('image-shape', `the image side must be a whole number of pixels from ${MIN_IMAGE_SIDE} to ${MAX_IMAGE_SIDE}, got ${side}`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new ImageFolderError('image-shape', `images must have 1 channel (grey) or 3 (colour), got ${channels}`);
  }
  return { side, channels };
}

/** How many Float32 values one image takes: s·s·c. */
export function valuesPerImage(shape: ImageShape): number {
  return shape.side * shape.side * shape.channels;
}

/** Where image `index` starts in an array of images of this shape. */
export function imageOffset(shape: ImageShape, index: number): number {
  return index * valuesPerImage(shape);
}

/** Luma weights of ITU-R BT.601. */
const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/** Writes one image's RGBA bytes (s × s pixels) into `target` from `offset`, as grey or RGB values in [0, 1]. */
export function writeImagePixels(rgba: Uint8Array | Uint8ClampedArray, shape: ImageShape, target: Float32Array, offset: number): void {
  const pixels = shape.side * shape.side;
  if (rgba.length !== pixels * 4) {
    throw new ImageFolderError('pixels', `expected ${pixels * 4} RGBA bytes for a ${shape.side}×${shape.side} image, got ${rgba.length}`);
  }
  const count = pixels * shape.channels;
  if (!Number.isInteger(offset) || offset < 0 || offset + count > target.length) {
    throw new ImageFolderError('pixels', `an image of ${count} values does not fit at offset ${offset} of an array of ${target.length}`);
  }
  for (let p = 0; p < pixels; p++) {
    const r = rgba[4 * p] as number;
    const g = rgba[4 * p + 1] as number;
    const b = rgba[4 * p + 2] as number;
    const alpha = (rgba[4 * p + 3] as number) / 255;
    if (shape.channels === 1) {
      target[offset + p] = (alpha * (LUMA_R * r + LUMA_G * g + LUMA_B * b)) / 255;
    } else {
      const at = offset + 3 * p;
      target[at] = (alpha * r) / 255;
      target[at + 1] = (alpha * g) / 255;
      target[at + 2] = (alpha * b) / 255;
    }
  }
}
