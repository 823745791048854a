/**
 * Reading a Chromium trace (as `browser.stopTracing()` returns it): the complete events ('X') of the
 * renderer's main thread, the thread a page's long tasks run on. Used by the Race benchmark's
 * profile and by the large-study test's longest-task report.
 */

/** The fields of a trace event these readers use. */
export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  /** Start, µs. */
  readonly ts: number;
  /** Wall duration, µs (complete events). */
  readonly dur?: number;
  /** Thread (CPU) duration, µs, where the trace records it. */
  readonly tdur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly functionName?: string; readonly url?: string; readonly lineNumber?: number } };
}

/** The events of a trace's bytes, in either of the two shapes Chromium writes (an object with `traceEvents`, or a bare array). */
export function traceEvents(trace: Buffer): TraceEvent[] {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/** The complete events ('X', with a duration) on the renderer's main thread (CrRendererMain). */
export function mainThreadEvents(events: readonly TraceEvent[]): TraceEvent[] {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return events.filter((e) => e.ph === 'X' && e.dur !== undefined && mains.has(`${e.pid}:${e.tid}`));
}
