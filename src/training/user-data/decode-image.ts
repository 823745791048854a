/**
 * Decoding one image file into model input, off the main thread: `createImageBitmap` decodes and
 * resizes (stretches) it to side × side with high-quality resampling, an `OffscreenCanvas` gives
 * its RGBA bytes, and `writeImagePixels` (../image-folder/image-pixels.ts) turns them into values
 * in [0, 1] (grey or RGB, composited over black). Runs in workers and pages; not in Node, which has
 * neither API (the refusal says so). Also small PNG thumbnails for the page's preview.
 *
 *   const pixels = await decodeImagePixels(blob, 32, 3);            // Float32Array of 32·32·3 values
 *   await decodeImageInto(blob, { side: 32, channels: 1 }, images, imageOffset(shape, row));
 */
import { ImageFolderError } from '../image-folder/image-folder-error';
import { imageShape, valuesPerImage, writeImagePixels, type ImageShape } from '../image-folder/image-pixels';

/** Largest side of a preview thumbnail, in pixels. */
export const THUMBNAIL_SIDE = 64;

/** Whether this context can decode images (`createImageBitmap` and `OffscreenCanvas`). */
export function canDecodeImages(): boolean {
  return typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';
}

function undecodable(problem: string): ImageFolderError {
  return new ImageFolderError('undecodable', problem);
}

async function bitmapOf(data: Blob, options?: ImageBitmapOptions): Promise<ImageBitmap> {
  if (!canDecodeImages()) throw undecodable('images cannot be decoded here: createImageBitmap and OffscreenCanvas are missing (decode images in a page or a worker)');
  if (data.size === 0) throw undecodable('the file is empty (0 bytes), so it holds no image');
  try {
    return await createImageBitmap(data, options);
  } catch (error) {
    const kind = data.type === '' ? 'the file' : `the ${data.type} file`;
    const reason = error instanceof Error && error.message !== '' ? `: ${error.message}` : '';
    throw undecodable(`${kind} (${data.size} bytes) does not decode as a PNG, JPEG, WebP or GIF image${reason}`);
  }
}

/** One reusable canvas per side: decoding is sequential after each await, so one canvas serves every image. */
const canvases = new Map<number, OffscreenCanvasRenderingContext2D>();

function contextFor(side: number): OffscreenCanvasRenderingContext2D {
  let context = canvases.get(side);
  if (context === undefined) {
    const found = new OffscreenCanvas(side, side).getContext('2d', { willReadFrequently: true });
    if (found === null) throw undecodable('this browser gives no 2D canvas to read pixels from');
    context = found;
    canvases.set(side, context);
  }
  return context;
}

/** The RGBA bytes of an image resized to side × side. */
async function rgbaOf(data: Blob, side: number): Promise<Uint8ClampedArray> {
  const bitmap = await bitmapOf(data, { resizeWidth: side, resizeHeight: side, resizeQuality: 'high' });
  try {
    const context = contextFor(side);
    context.clearRect(0, 0, side, side);
    context.drawImage(bitmap, 0, 0, side, side);
    return context.getImageData(0, 0, side, side).data;
  } finally {
    bitmap.close();
  }
}

/**
 * Decodes an image file and writes its side × side pixels (values in [0, 1]) into `target` from
 * `offset`. Rejects with an ImageFolderError ('undecodable') naming the problem.
 */
export async function decodeImageInto(data: Blob, shape: ImageShape, target: Float32Array, offset: number): Promise<void> {
  writeImagePixels(await rgbaOf(data, shape.side), shape, target, offset);
}

/** Decodes an image file into side × side × channels values in [0, 1] (value / 255); rejects naming the problem. */
export async function decodeImagePixels(data: Blob, side: number, channels: 1 | 3): Promise<Float32Array> {
  const shape = imageShape(side, channels);
  const pixels = new Float32Array(valuesPerImage(shape));
  await decodeImageInto(data, shape, pixels, 0);
  return pixels;
}

/** A PNG thumbnail of an image, its aspect kept, at most THUMBNAIL_SIDE pixels a side; rejects when it does not decode. */
export async function imageThumbnail(data: Blob, largestSide: number = THUMBNAIL_SIDE): Promise<Blob> {
  const bitmap = await bitmapOf(data);
  try {
    const scale = Math.min(1, largestSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (context === null) throw undecodable('this browser gives no 2D canvas to draw thumbnails on');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    return await canvas.convertToBlob({ type: 'image/png' });
  } finally {
    bitmap.close();
  }
}
