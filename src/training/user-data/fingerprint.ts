/**
 * The SHA-256 fingerprint of user data, as a study's setup records it (the same data, the same
 * fingerprint; a study imported without its data accepts only files with it). Computed with
 * `crypto.subtle`, which pages, workers and Node 20 all have.
 *
 *   one file        hex SHA-256 of its bytes (its name plays no part: a renamed file keeps it)
 *   several files   hex SHA-256 of the UTF-8 text made of one line per file,
 *                     "<path>\t<size in bytes>\t<hex SHA-256 of its bytes>\n",
 *                   sorted by path (code-point order); paths are written with "/" between their
 *                   folder and file names (backslashes and empty or "." segments dropped), so the
 *                   same folder picked or dropped, its files listed in any order, gives the same one.
 */
import { pathSegments } from '../image-folder/folder-plan';
import type { PickedSourceFile } from './prep-protocol';

/** Files read and hashed at once. */
const HASH_CONCURRENCY = 8;

/** Hex SHA-256 of bytes. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** A file's path in the form fingerprints use: its segments joined by "/". */
export function canonicalPath(path: string): string {
  return pathSegments(path).join('/');
}

/** The canonical listing of several files that `fingerprintFiles` hashes (see the module's notes). */
export async function fingerprintListing(files: readonly PickedSourceFile[]): Promise<string> {
  const lines: { path: string; line: string }[] = [];
  let next = 0;
  const work = async () => {
    for (let index = next++; index < files.length; index = next++) {
      const file = files[index] as PickedSourceFile;
      const path = canonicalPath(file.path);
      const hash = await sha256Hex(await file.data.arrayBuffer());
      lines.push({ path, line: `${path}\t${file.data.size}\t${hash}\n` });
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, files.length) }, work));
  lines.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
  return lines.map((entry) => entry.line).join('');
}

/** The SHA-256 fingerprint (hex) of one file or of a set of files; throws when given none. */
export async function fingerprintFiles(files: readonly PickedSourceFile[]): Promise<string> {
  if (files.length === 0) throw new Error('fingerprint: no files were given');
  if (files.length === 1) return sha256Hex(await (files[0] as PickedSourceFile).data.arrayBuffer());
  return sha256Hex(new TextEncoder().encode(await fingerprintListing(files)));
}
