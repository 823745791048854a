/**
 * The size of each of the package's entry points as a user's bundler sees it: the built entry
 * (lib/<entry>.js) bundled on its own with everything it exports, shared chunks tree-shaken to
 * what it uses, minified, in bytes and gzipped (zlib, level 9). tfjs and comlink are not counted:
 * they are the user's own dependencies.
 *
 *   npm run size          (after npm run build:lib)
 *   entry               minified   gzipped
 *   tfjs-tuner/engine    89.6 kB    30.1 kB
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'rolldown';
import { isLibraryExternal, LIBRARY_ENTRIES, LIBRARY_OUT_DIR, packageSubpath } from '../vite.lib.config';

export interface EntrySize {
  /** The import a user writes, e.g. "tfjs-tuner/engine". */
  readonly entry: string;
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
}

/** Bundles and measures each entry of LIBRARY_ENTRIES as built in `outDir`. */
export async function librarySizes(outDir: string = resolve(LIBRARY_OUT_DIR)): Promise<EntrySize[]> {
  const sizes: EntrySize[] = [];
  for (const name of Object.keys(LIBRARY_ENTRIES)) {
    const input = join(outDir, `${name}.js`);
    if (!existsSync(input)) throw new Error(`no library build of ${packageSubpath(name)} at ${input}; run npm run build:lib first`);
    const bundle = await build({
      input,
      external: isLibraryExternal,
      write: false,
      logLevel: 'silent',
      output: { format: 'es', minify: true },
    });
    const code = bundle.output.filter((chunk) => chunk.type === 'chunk').map((chunk) => Buffer.from(chunk.code));
    sizes.push({
      entry: packageSubpath(name),
      minifiedBytes: code.reduce((sum, bytes) => sum + bytes.length, 0),
      gzippedBytes: code.reduce((sum, bytes) => sum + gzipSync(bytes, { level: 9 }).length, 0),
    });
  }
  return sizes;
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

/** The table `npm run size` prints. */
export function sizeTable(sizes: readonly EntrySize[]): string {
  const rows = sizes.map((size) => [size.entry, kB(size.minifiedBytes), kB(size.gzippedBytes)]);
  const header = ['entry', 'minified', 'gzipped'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ');
  return [line(header), ...rows.map(line)].join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(sizeTable(await librarySizes()));
}
