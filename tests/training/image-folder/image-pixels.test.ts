import { describe, expect, it } from 'vitest';
import { ImageFolderError, MAX_IMAGE_SIDE, MIN_IMAGE_SIDE, imageOffset, imageShape, valuesPerImage, writeImagePixels } from '../../../src/training/image-folder';

/** RGBA bytes of a side × side image whose first pixels are given and the rest opaque black. */
function rgbaImage(side: number, first: readonly (readonly [number, number, number, number])[]): Uint8ClampedArray {
  const bytes = new Uint8ClampedArray(side * side * 4);
  for (let p = 0; p < side * side; p++) bytes.set(first[p] ?? [0, 0, 0, 255], 4 * p);
  return bytes;
}

describe('imageShape', () => {
  it('accepts whole sides from 28 to 96 px, grey or colour', () => {
    expect(imageShape(MIN_IMAGE_SIDE, 1)).toEqual({ side: 28, channels: 1 });
    expect(imageShape(MAX_IMAGE_SIDE, 3)).toEqual({ side: 96, channels: 3 });
  });

  it('refuses other sides and channels with a message naming the value', () => {
    for (const side of [27, 97, 32.5, Number.NaN]) {
      expect(() => imageShape(side, 1)).toThrow(ImageFolderError);
      expect(() => imageShape(side, 1)).toThrow(`from 28 to 96, got ${side}`);
    }
    for (const channels of [0, 2, 4]) expect(() => imageShape(32, channels)).toThrow(`1 channel (grey) or 3 (colour), got ${channels}`);
  });

  it('sizes and places images in a shared array', () => {
    expect(valuesPerImage(imageShape(28, 1))).toBe(784);
    expect(valuesPerImage(imageShape(32, 3))).toBe(3072);
    expect(imageOffset(imageShape(32, 3), 2)).toBe(6144);
  });
});

describe('writeImagePixels', () => {
  const pixels = [
    [255, 255, 255, 255],
    [255, 0, 0, 255],
    [0, 255, 0, 255],
    [0, 0, 255, 255],
    [10, 20, 30, 255],
    [255, 255, 255, 0],
    [200, 100, 50, 51],
  ] as const;

  it('writes grey values as BT.601 luma in [0, 1], transparent pixels over black', () => {
    const shape = imageShape(28, 1);
    const target = new Float32Array(3 * 784);
    writeImagePixels(rgbaImage(28, pixels), shape, target, imageOffset(shape, 1));
    const written = Array.from(target.subarray(784, 784 + 7));
    expect(written).toEqual([1, 0.299, 0.587, 0.114, (0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255, 0, (0.2 * (0.299 * 200 + 0.587 * 100 + 0.114 * 50)) / 255].map(Math.fround));
    expect(target.subarray(0, 784).every((v) => v === 0)).toBe(true);
    expect(target.subarray(784 + 7, 2 * 784).every((v) => v === 0)).toBe(true);
    expect(target.subarray(2 * 784).every((v) => v === 0)).toBe(true);
  });

  it('writes colour values channels last, each byte / 255', () => {
    const shape = imageShape(28, 3);
    const target = new Float32Array(valuesPerImage(shape) + 5);
    writeImagePixels(rgbaImage(28, pixels), shape, target, 5);
    expect(Array.from(target.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(target.subarray(5, 5 + 21))).toEqual(
      [1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 10 / 255, 20 / 255, 30 / 255, 0, 0, 0, (0.2 * 200) / 255, (0.2 * 100) / 255, (0.2 * 50) / 255].map(Math.fround),
    );
  });

  it('writes into a SharedArrayBuffer-backed array', () => {
    const shape = imageShape(28, 1);
    const target = new Float32Array(new SharedArrayBuffer(2 * 784 * 4));
    writeImagePixels(rgbaImage(28, [[255, 255, 255, 255]]), shape, target, 784);
    expect(target[784]).toBe(1);
  });

  it('refuses pixels of the wrong size and offsets that do not fit', () => {
    const shape = imageShape(28, 1);
    expect(() => writeImagePixels(new Uint8Array(100), shape, new Float32Array(784), 0)).toThrow('expected 3136 RGBA bytes for a 28×28 image, got 100');
    expect(() => writeImagePixels(rgbaImage(28, []), shape, new Float32Array(784), 1)).toThrow('does not fit at offset 1 of an array of 784');
    expect(() => writeImagePixels(rgbaImage(28, []), shape, new Float32Array(784), -1)).toThrow(ImageFolderError);
  });
});
