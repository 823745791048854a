/**
 * The page benchmark's targets and its report: each figure against its target (PASS/MISS), the
 * chunks with their sizes and whether the first load fetched them, and whether tfjs stayed out of
 * the first load, as console lines and as the Markdown of docs/bench/page.md.
 */
import type { ChunkSize } from './chunks';
import { kB } from './chunks';
import type { PageFigures } from './lighthouse-run';

/** One target: a figure read from a run, the bound it must meet, and in which direction. */
interface Target {
  readonly label: string;
  readonly read: (figures: PageFigures) => number;
  readonly bound: number;
  readonly direction: 'at least' | 'at most';
  readonly unit: 'score' | 'ms';
}

export const MOBILE_TARGETS: readonly Target[] = [
  { label: 'performance', read: (f) => f.performance, bound: 95, direction: 'at least', unit: 'score' },
  { label: 'total blocking time', read: (f) => f.totalBlockingTime, bound: 150, direction: 'at most', unit: 'ms' },
  { label: 'largest contentful paint', read: (f) => f.largestContentfulPaint, bound: 2500, direction: 'at most', unit: 'ms' },
  { label: 'accessibility', read: (f) => f.accessibility, bound: 100, direction: 'at least', unit: 'score' },
];

export const DESKTOP_TARGETS: readonly Target[] = [
  { label: 'performance', read: (f) => f.performance, bound: 100, direction: 'at least', unit: 'score' },
  { label: 'accessibility', read: (f) => f.accessibility, bound: 100, direction: 'at least', unit: 'score' },
];

function shown(value: number, unit: Target['unit']): string {
  return unit === 'ms' ? `${Math.round(value)} ms` : String(value);
}

/** "PASS performance 97 (at least 95)" lines for one run. */
export function targetLines(figures: PageFigures, targets: readonly Target[]): string[] {
  return targets.map((t) => {
    const value = t.read(figures);
    const met = t.direction === 'at least' ? value >= t.bound : value <= t.bound;
    return `${met ? 'PASS' : 'MISS'} ${figures.preset} ${t.label} ${shown(value, t.unit)} (${t.direction} ${shown(t.bound, t.unit)})`;
  });
}

/** A Markdown table row of a run's figures. */
export function figuresRow(label: string, f: PageFigures): string {
  // A baseline recorded before the layout shift was read has none.
  const shift = (f as { cumulativeLayoutShift?: number }).cumulativeLayoutShift;
  return `| ${label} | ${f.preset} | ${f.performance} | ${Math.round(f.totalBlockingTime)} ms | ${(f.timeToInteractive / 1000).toFixed(1)} s | ${(f.largestContentfulPaint / 1000).toFixed(1)} s | ${(f.firstContentfulPaint / 1000).toFixed(1)} s | ${shift === undefined ? '–' : shift.toFixed(3)} | ${f.accessibility} |`;
}

export const FIGURES_HEADER = ['| build | preset | performance | TBT | TTI | LCP | FCP | CLS | accessibility |', '|---|---|---:|---:|---:|---:|---:|---:|---:|'];

/** The chunks as a Markdown table, with the page's own first load (workers' fetches apart). */
export function chunkTable(chunks: readonly ChunkSize[], tfjsChunks: ReadonlySet<string>): string[] {
  const fetched = (c: ChunkSize) => (c.fetchedBy === 'page' ? 'page' : c.fetchedBy === 'worker' ? 'a worker' : 'on demand');
  const rows = chunks.map((c) => `| ${c.file} | ${kB(c.raw)} | ${kB(c.gzip)} | ${fetched(c)}${tfjsChunks.has(c.file) ? ' (tfjs-core)' : ''} |`);
  const first = chunks.filter((c) => c.fetchedBy === 'page');
  const total = `| **fetched by the page during the run, ${first.length} files** | ${kB(first.reduce((s, c) => s + c.raw, 0))} | ${kB(first.reduce((s, c) => s + c.gzip, 0))} | |`;
  return ['| chunk | raw | gzip | fetched during the run by |', '|---|---:|---:|---|', ...rows, total];
}
