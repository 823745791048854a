/**
 * Dates and times as text without `toLocaleString`, whose first call loads locale data and can hold
 * the main thread for tens of milliseconds.
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-23 14:05" in local time. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "14:05:09" in local time. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
