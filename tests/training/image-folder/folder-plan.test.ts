import { describe, expect, it } from 'vitest';
import {
  ImageFolderError,
  MAX_FOLDER_BYTES,
  MAX_FOLDER_IMAGES,
  compareNaturally,
  isImageFile,
  planImageFolder,
  type ImageFolderProblem,
  type PickedFile,
} from '../../../src/training/image-folder';
import { thrownBy } from '../../thrown';

const file = (path: string, size = 100, type?: string): PickedFile => (type === undefined ? { path, size } : { path, size, type });
const files = (...paths: string[]): PickedFile[] => paths.map((path) => file(path));

function refusal(run: () => unknown, problem: ImageFolderProblem): ImageFolderError {
  const error = thrownBy(ImageFolderError, run);
  expect(error.problem).toBe(problem);
  return error;
}

describe('planImageFolder', () => {
  it('reads one sub-folder per class, classes and files in natural order', () => {
    const plan = planImageFolder(files('pets/dog/b10.png', 'pets/dog/b2.jpg', 'pets/cat/a.webp', 'pets/cat/b.gif', 'pets/class 10/x.jpeg', 'pets/class 2/y.png', 'pets/class 10/z.png', 'pets/class 2/w.PNG'));
    expect(plan.root).toBe('pets');
    expect(plan.classes.map((entry) => entry.name)).toEqual(['cat', 'class 2', 'class 10', 'dog']);
    expect(plan.classes[3]!.files.map((entry) => entry.path)).toEqual(['pets/dog/b2.jpg', 'pets/dog/b10.png']);
    expect(plan.imageCount).toBe(8);
    expect(plan.totalBytes).toBe(800);
    expect(plan.skipped).toEqual({ hidden: 0, notImage: [] });
  });

  it('accepts PNG, JPEG, WebP and GIF by extension or MIME type, and nothing else', () => {
    for (const name of ['a.png', 'a.jpg', 'a.JPEG', 'a.webp', 'a.gif']) expect(isImageFile(file(`r/c/${name}`))).toBe(true);
    for (const type of ['image/png', 'image/jpeg', 'image/webp', 'image/gif']) expect(isImageFile(file('r/c/photo', 1, type))).toBe(true);
    for (const name of ['a.bmp', 'a.tiff', 'a.svg', 'notes.txt', 'png']) expect(isImageFile(file(`r/c/${name}`))).toBe(false);
    expect(isImageFile(file('r/c/a.heic', 1, 'image/heic'))).toBe(false);
  });

  it('skips files that are not images, with their paths, and counts hidden ones', () => {
    const plan = planImageFolder([
      ...files('pets/cat/a.png', 'pets/cat/b.png', 'pets/dog/a.png', 'pets/dog/b.png'),
      ...files('pets/README.md', 'pets/dog/notes.txt', 'pets/.DS_Store', 'pets/cat/.hidden.png', 'pets/.git/x.png', '__MACOSX/pets/._a.png'),
    ]);
    expect(plan.skipped.notImage).toEqual(['pets/README.md', 'pets/dog/notes.txt']);
    expect(plan.skipped.hidden).toBe(4);
    expect(plan.imageCount).toBe(4);
  });

  it('reads backslashes and leading "./" in paths', () => {
    const plan = planImageFolder(files('./pets\\cat\\a.png', 'pets\\cat\\b.png', '/pets/dog/a.png', 'pets//dog/b.png'));
    expect(plan.root).toBe('pets');
    expect(plan.classes.map((entry) => entry.files.length)).toEqual([2, 2]);
  });

  it('refuses a folder with no images, saying what it found', () => {
    expect(refusal(() => planImageFolder([]), 'no-images').message).toBe('the folder holds no images: it holds no files');
    expect(refusal(() => planImageFolder(files('r/a/x.txt', 'r/.DS_Store')), 'no-images').message).toBe(
      'the folder holds no images: none of its 2 files is a PNG, JPEG, WebP or GIF image',
    );
  });

  it('refuses images outside one folder', () => {
    expect(refusal(() => planImageFolder(files('a.png', 'b.png')), 'not-one-folder').message).toContain('"a.png" is not inside a folder');
    expect(refusal(() => planImageFolder(files('one/c/a.png', 'two/c/a.png')), 'not-one-folder').message).toContain('2 folders ("one", "two")');
  });

  it('refuses images directly in the root beside the class folders, naming them', () => {
    const error = refusal(() => planImageFolder(files('pets/cat/a.png', 'pets/cat/b.png', 'pets/dog/a.png', 'pets/dog/b.png', 'pets/stray.png')), 'files-in-root');
    expect(error.message).toBe('1 image lies directly in "pets" beside the class folders ("stray.png"): move it into a class folder');
    const many = refusal(() => planImageFolder(files('r/c/a.png', 'r/1.png', 'r/2.png', 'r/3.png', 'r/10.png')), 'files-in-root');
    expect(many.message).toContain('4 images lie directly in "r" beside the class folders ("1.png", "2.png", "3.png", and 1 more)');
  });

  it('refuses folders nested deeper than one level, naming the first', () => {
    const error = refusal(() => planImageFolder(files('pets/cat/a.png', 'pets/cat/b.png', 'pets/dog/puppy/x/a.png', 'pets/dog/big/a.png')), 'nested-folder');
    expect(error.message).toContain('the folder "pets/dog/big" is nested deeper than one level');
  });

  it('refuses a class folder with fewer than 2 images, naming it and its count', () => {
    const error = refusal(() => planImageFolder([...files('pets/cat/a.png', 'pets/cat/b.png', 'pets/dog/a.png'), file('pets/dog/notes.txt')]), 'small-class');
    expect(error.message).toBe('the class folder "dog" holds 1 image; each class needs at least 2');
  });

  it('refuses fewer than 2 classes', () => {
    const error = refusal(() => planImageFolder(files('pets/cat/a.png', 'pets/cat/b.png', 'pets/empty/notes.txt')), 'too-few-classes');
    expect(error.message).toBe('"pets" holds 1 class folder ("cat"); it needs at least 2, one sub-folder per class');
  });

  it('refuses more images than the limit, saying the limit', () => {
    const many = Array.from({ length: 6 }, (_, i) => file(`r/${i % 2 === 0 ? 'a' : 'b'}/${i}.png`));
    expect(refusal(() => planImageFolder(many, { maxImages: 5 }), 'too-many-images').message).toBe('the folder holds 6 images, over the limit of 5 images');
    expect(planImageFolder(many, { maxImages: 6 }).imageCount).toBe(6);
    expect(MAX_FOLDER_IMAGES).toBeGreaterThanOrEqual(5000);
  });

  it('refuses images larger in total than the limit, saying the limit', () => {
    const big = [file('r/a/1.png', 600 * 1024), file('r/a/2.png', 600 * 1024), file('r/b/1.png', 1024), file('r/b/2.png', 1024)];
    expect(refusal(() => planImageFolder(big, { maxBytes: 1024 * 1024 }), 'too-large').message).toBe('the images take 1.2 MB, over the 1 MB limit for an image folder');
    const atLimit = [file('r/a/1.png', MAX_FOLDER_BYTES / 4), file('r/a/2.png', MAX_FOLDER_BYTES / 4), file('r/b/1.png', MAX_FOLDER_BYTES / 4), file('r/b/2.png', MAX_FOLDER_BYTES / 4)];
    expect(planImageFolder(atLimit).totalBytes).toBe(MAX_FOLDER_BYTES);
    expect(refusal(() => planImageFolder([...atLimit, file('r/b/3.png', 1)]), 'too-large').message).toContain('over the 500 MB limit');
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => planImageFolder(files('r/a/1.png'), { maxImages: 0 })).toThrow(RangeError);
    expect(() => planImageFolder(files('r/a/1.png'), { maxBytes: 1.5 })).toThrow(RangeError);
  });

  it('orders names naturally, then by case for ties', () => {
    expect(['img10', 'img2', 'Img1', 'img1'].sort(compareNaturally)).toEqual(['img1', 'Img1', 'img2', 'img10']);
  });
});
