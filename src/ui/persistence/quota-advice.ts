/**
 * What to tell a user whose browser storage is full: how much the write needed, how much of the
 * page's quota is used (`navigator.storage.estimate()`, where the browser has it) and which saved
 * studies free the most space if deleted or exported.
 *
 *   const text = await quotaAdvice({ neededBytes: 1_200_000, summaries, estimate: browserEstimate() });
 *   // "It needs about 1.2 MB; 9.9 MB of the 10 MB this browser allows the page is in use. Deleting …"
 */
import type { StudySummary } from './study-summary';

export interface StorageEstimateLike {
  readonly usage?: number;
  readonly quota?: number;
}

export type EstimateStorage = () => Promise<StorageEstimateLike>;

export interface QuotaAdviceInput {
  /** Bytes of what was being written. */
  readonly neededBytes: number;
  /** Saved studies (with their sizes), to name the largest. */
  readonly summaries: readonly StudySummary[];
  /** Studies not to suggest deleting (the one being saved). */
  readonly keep?: readonly string[];
  /** Null where the browser cannot estimate. */
  readonly estimate: EstimateStorage | null;
  /** How many studies to name; default 3. */
  readonly largest?: number;
}

export async function quotaAdvice(input: QuotaAdviceInput): Promise<string> {
  const parts = [`It needs about ${formatBytes(input.neededBytes)}`];
  const estimate = await readEstimate(input.estimate);
  const free = estimate === null ? null : Math.max(0, estimate.quota - estimate.usage);
  // An estimate that shows room enough is stale or rounded (the write did fail): it is left out.
  if (estimate !== null && free !== null && free < input.neededBytes) {
    parts[0] += `; ${formatBytes(estimate.usage)} of the ${formatBytes(estimate.quota)} this browser allows the page is in use, ${formatBytes(free)} free, so about ${formatBytes(input.neededBytes - free)} more must be freed`;
  }
  const keep = new Set(input.keep ?? []);
  const candidates = input.summaries.filter((s) => !keep.has(s.id) && s.bytes > 0).sort((a, b) => b.bytes - a.bytes).slice(0, input.largest ?? 3);
  const advice =
    candidates.length === 0
      ? 'Free space in the browser’s site settings, or export the study as a file.'
      : `Export, then delete, the largest saved studies: ${candidates.map((s) => `“${s.name}” (${formatBytes(s.bytes)})`).join(', ')}.`;
  return `${parts[0]}. ${advice}`;
}

async function readEstimate(estimate: EstimateStorage | null): Promise<{ usage: number; quota: number } | null> {
  if (estimate === null) return null;
  try {
    const { usage, quota } = await estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number' || !Number.isFinite(usage) || !(quota > 0)) return null;
    return { usage, quota };
  } catch {
    return null;
  }
}

/** The browser's `navigator.storage.estimate`, or null where there is none. */
export function browserEstimate(): EstimateStorage | null {
  const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimateLike> } } }).navigator?.storage;
  return typeof storage?.estimate === 'function' ? () => (storage.estimate as () => Promise<StorageEstimateLike>).call(storage) : null;
}

/** 1234567 → "1.2 MB" (decimal units, as browsers report quotas). */
export function formatBytes(bytes: number): string {
  if (!(bytes >= 0)) return '0 B';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toPrecision(2)} ${units[unit]}`;
}
