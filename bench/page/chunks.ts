/**
 * The built page's chunks: each JavaScript and CSS file under the build's assets/, its raw and
 * gzip size, and whether the page or a worker fetched it during the run (from Lighthouse's network log).
 * Worker bundles and on-demand chunks are listed too, so a reader sees what the first view costs
 * and what waits until it is needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ChunkSize {
  /** File name under assets/, e.g. "index-YzUkrXBm.js". */
  readonly file: string;
  /** Bytes as built. */
  readonly raw: number;
  /** Bytes after gzip at level 9 (what a compressing server would send). */
  readonly gzip: number;
  /** Who fetched it during the mobile run: the page, a worker, or nobody (fetched on demand later). */
  readonly fetchedBy: 'page' | 'worker' | null;
}

/** Every .js and .css file in `<outDir>/assets`, largest first. */
export function chunkSizes(outDir: string, requests: readonly { readonly url: string; readonly by: string }[]): ChunkSize[] {
  const assets = join(outDir, 'assets');
  const fileOf = (url: string) => new URL(url).pathname.split('/').pop() ?? '';
  const byPage = new Set(requests.filter((r) => r.by === 'page').map((r) => fileOf(r.url)));
  const byWorker = new Set(requests.filter((r) => r.by !== 'page').map((r) => fileOf(r.url)));
  return readdirSync(assets)
    .filter((file) => file.endsWith('.js') || file.endsWith('.css'))
    .map((file) => {
      const bytes = readFileSync(join(assets, file));
      const fetchedBy: ChunkSize['fetchedBy'] = byPage.has(file) ? 'page' : byWorker.has(file) ? 'worker' : null;
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, fetchedBy };
    })
    .sort((a, b) => b.raw - a.raw);
}

/** Kilobytes with one decimal, as Vite's build log prints them. */
export function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
