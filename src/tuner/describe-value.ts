/** How error messages quote a value someone gave: the option, parameter or field that was wrong. */

/** Numbers as written, undefined by name, anything else as JSON (or String when JSON cannot say it). */
export function describeValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === undefined) return 'undefined';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A value from an untrusted file as JSON, cut to 40 characters so a huge one cannot flood the message. */
export function shortValue(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
