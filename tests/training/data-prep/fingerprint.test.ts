/** Fingerprints: SHA-256 of one file's bytes, or of a folder's canonical path/size/hash listing, in any order. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintFiles, fingerprintListing } from '../../../src/training/user-data/fingerprint';

const file = (path: string, text: string) => ({ path, data: new Blob([text]) });
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('fingerprintFiles', () => {
  it("is one file's SHA-256, whatever its name", async () => {
    expect(await fingerprintFiles([file('a.csv', 'x,y\n1,2\n')])).toBe(sha('x,y\n1,2\n'));
    expect(await fingerprintFiles([file('renamed.csv', 'x,y\n1,2\n')])).toBe(sha('x,y\n1,2\n'));
  });

  it("hashes several files' sorted path, size and hash lines", async () => {
    const files = [file('pets/dog/1.png', 'dog'), file('pets/cat/1.png', 'kitten')];
    const listing = `pets/cat/1.png\t6\t${sha('kitten')}\npets/dog/1.png\t3\t${sha('dog')}\n`;
    expect(await fingerprintListing(files)).toBe(listing);
    expect(await fingerprintFiles(files)).toBe(sha(listing));
  });

  it('gives the same fingerprint for the same files in any order, with either path separator', async () => {
    const files = [file('m/model.json', '{}'), file('m/w1.bin', 'aaaa'), file('m/w2.bin', 'bbbb')];
    const reversed = [...files].reverse();
    const backslashes = files.map((entry) => ({ ...entry, path: entry.path.replace('/', '\\') }));
    const expected = await fingerprintFiles(files);
    expect(await fingerprintFiles(reversed)).toBe(expected);
    expect(await fingerprintFiles(backslashes)).toBe(expected);
  });

  it('changes when a byte or a path changes, and refuses no files', async () => {
    const base = await fingerprintFiles([file('d/a/1.png', 'x'), file('d/b/1.png', 'y')]);
    expect(await fingerprintFiles([file('d/a/1.png', 'x'), file('d/b/1.png', 'z')])).not.toBe(base);
    expect(await fingerprintFiles([file('d/a/1.png', 'x'), file('d/c/1.png', 'y')])).not.toBe(base);
    await expect(fingerprintFiles([])).rejects.toThrow('no files');
  });
});
