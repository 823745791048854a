/**
 * Every bad table and image folder of the list reaches the data-preparation API's caller as
 * `{ ok: false, problem, message }`, with a message that names the problem (the line, the limit,
 * the folder), never as a thrown error.
 */
import { describe, expect, it } from 'vitest';
import { createDataPrepApi, refusalOf } from '../../../src/training/user-data/data-prep-api';
import type { PickedSourceFile, PrepResult } from '../../../src/training/user-data/prep-protocol';
import { csvFile, request } from './fixtures';

const api = createDataPrepApi();

function refusal(result: PrepResult<unknown>): { problem: string; message: string } {
  if (result.ok) throw new Error('expected a refusal');
  return { problem: result.problem, message: result.message };
}

const bytesFile = (bytes: Uint8Array<ArrayBuffer>, path = 'data.csv'): PickedSourceFile => ({ path, data: new Blob([bytes]) });
const rows = (count: number) => 'x,y\n' + Array.from({ length: count }, (_, i) => `${i * 0.5},${i % 2 === 0 ? 'a' : 'b'}`).join('\n');

describe('table refusals, from preview and build alike', () => {
  const cases: { name: string; file: PickedSourceFile; problem: string; message: RegExp }[] = [
    { name: 'an empty file', file: csvFile(''), problem: 'empty', message: /the file is empty/ },
    { name: 'a header with no rows', file: csvFile('a,b\n'), problem: 'empty', message: /header but no data rows/ },
    { name: 'no header', file: csvFile('1,2\n3,4\n'), problem: 'no-header', message: /no header row: .*"1" is a number/ },
    { name: 'a ragged row, named by its line', file: csvFile('a,b\n1,2\n\n3,4,5\n'), problem: 'ragged', message: /^line 4 has 3 fields but the header has 2/ },
    { name: 'a non-UTF-8 file', file: bytesFile(new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xe9, 0x0a])), problem: 'not-utf8', message: /not UTF-8 text: byte 6 \(0xe9\)/ },
    { name: 'an unclosed quote', file: csvFile('a,b\n1,"2\n'), problem: 'bad-quotes', message: /line 2 opens a quoted value/ },
  ];
  for (const { name, file, problem, message } of cases) {
    it(`refuses ${name}`, async () => {
      for (const result of [await api.previewTable(file), await api.buildTable(file, request({ target: 'b' }))]) {
        const refused = refusal(result);
        expect(refused.problem).toBe(problem);
        expect(refused.message).toMatch(message);
      }
    });
  }

  it('refuses a file over the size limit before reading it, saying the limit', async () => {
    const huge = bytesFile(new Uint8Array(50 * 1024 * 1024 + 1));
    const refused = refusal(await api.previewTable(huge));
    expect(refused).toEqual({ problem: 'too-large', message: 'the file is 52428801 bytes, over the 50 MB limit for a table' });
  });
});

describe('target and split refusals', () => {
  it('refuses a target with one class', async () => {
    const refused = refusal(await api.buildTable(csvFile('x,y\n1.5,a\n2.5,a\n3.5,a\n'), request({ target: 'y' })));
    expect(refused.problem).toBe('target');
    expect(refused.message).toMatch(/the target column "y" has one class \("a"\)/);
  });

  it('refuses a target whose values are all missing', async () => {
    const refused = refusal(await api.buildTable(csvFile('x,y\n1.5,\n2.5,NA\n3.5,\n'), request({ target: 'y' })));
    expect(refused).toMatchObject({ problem: 'target', message: 'the target column "y" has no values: all 3 rows are missing' });
  });

  it('refuses a target that is not a column, and regression on text', async () => {
    expect(refusal(await api.buildTable(csvFile(rows(8)), request({ target: 'nope' })))).toMatchObject({ problem: 'no-column', message: expect.stringContaining('there is no column "nope"') });
    expect(refusal(await api.buildTable(csvFile(rows(8)), request({ target: 'y', task: 'regression' })))).toMatchObject({ problem: 'target', message: expect.stringContaining('not all numbers') });
  });

  it('refuses fewer labelled rows than the folds need, counting only rows with a target', async () => {
    const refused = refusal(await api.buildTable(csvFile(rows(9)), request({ target: 'y', folds: 5 })));
    expect(refused).toEqual({ problem: 'too-few-rows', message: 'the table has 9 labelled rows, but 5 folds need at least 10 (2 validation rows per fold and the rest to train on)' });
    const missing = 'x,y\n1.5,a\n2.5,b\n3.5,\n4.5,\n';
    expect(refusal(await api.buildTable(csvFile(missing), request({ target: 'y' })))).toMatchObject({ problem: 'too-few-rows', message: expect.stringContaining('2 labelled rows') });
  });

  it('refuses a split request out of range, naming the field', async () => {
    expect(refusal(await api.buildTable(csvFile(rows(12)), request({ target: 'y', validationFraction: 1 })))).toMatchObject({ problem: 'request', message: expect.stringContaining('validation share') });
    expect(refusal(await api.buildTable(csvFile(rows(12)), request({ target: 'y', folds: 2.5 })))).toMatchObject({ problem: 'request', message: expect.stringContaining('number of folds') });
  });
});

describe('image folder refusals in planning', () => {
  const image = (path: string): PickedSourceFile => ({ path, data: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }) });

  it('refuses nested folders deeper than one level', async () => {
    const files = ['pets/cat/a.png', 'pets/cat/b.png', 'pets/dog/young/c.png', 'pets/dog/d.png'].map(image);
    expect(refusal(await api.previewImages(files, 'pets'))).toEqual({
      problem: 'nested-folder',
      message: 'the folder "pets/dog/young" is nested deeper than one level: each class must be one sub-folder of "pets" holding its images directly',
    });
  });

  it('refuses a class folder with fewer than 2 images', async () => {
    const files = ['pets/cat/a.png', 'pets/cat/b.png', 'pets/dog/c.png'].map(image);
    expect(refusal(await api.previewImages(files, 'pets'))).toEqual({ problem: 'small-class', message: 'the class folder "dog" holds 1 image; each class needs at least 2' });
  });

  it('lists what it left out of a preview, and says when images cannot be decoded here', async () => {
    const files = [...['pets/cat/a.png', 'pets/cat/b.png', 'pets/dog/c.png', 'pets/dog/d.png'].map(image), { path: 'pets/notes.txt', data: new Blob(['hi']) }, { path: 'pets/.DS_Store', data: new Blob(['x']) }];
    const preview = await api.previewImages(files, 'pets');
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.value.classes.map(({ name, count }) => ({ name, count }))).toEqual([
      { name: 'cat', count: 2 },
      { name: 'dog', count: 2 },
    ]);
    expect(preview.value.skipped).toEqual([
      { reason: 'not a PNG, JPEG, WebP or GIF image', paths: ['pets/notes.txt'] },
      { reason: 'hidden (a name starting with "." or a __MACOSX folder)', paths: ['pets/.DS_Store'] },
    ]);
    const build = await api.buildImages(files, { name: 'pets', fingerprint: 'f', side: 28, channels: 1, validationFraction: 0.5, folds: 1, seed: 1 });
    expect(refusal(build)).toMatchObject({ problem: 'undecodable', message: expect.stringContaining('createImageBitmap and OffscreenCanvas are missing') });
  });

  it('refuses an image side out of range', async () => {
    const build = await api.buildImages([image('pets/cat/a.png')], { name: 'pets', fingerprint: 'f', side: 200, channels: 3, validationFraction: 0.5, folds: 1, seed: 1 });
    expect(refusal(build)).toEqual({ problem: 'image-shape', message: 'the image side must be a whole number of pixels from 28 to 96, got 200' });
  });
});

describe('refusalOf', () => {
  it("turns an unexpected error into problem 'error', keeping its message", () => {
    expect(refusalOf(new TypeError('boom'))).toEqual({ ok: false, problem: 'error', message: 'boom' });
    expect(refusalOf('plain')).toEqual({ ok: false, problem: 'error', message: 'plain' });
  });
});
