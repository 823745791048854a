/**
 * Where a race's long tasks go: a trace of the page's main-thread tasks (their start and length)
 * and a sampling CPU profile (Chrome DevTools Protocol) on the same monotonic clock; the samples
 * inside tasks over 50 ms say which functions took their time, by self time and by inclusive time
 * (a function and its callees).
 *
 *   const profiler = await startProfile(page);
 *   …;                                        // drive the page
 *   console.log(describeProfile(await profiler.stop()));
 */
import type { CDPSession, Page } from 'playwright-core';
import { mainThreadEvents, traceEvents } from '../../scripts/chromium-trace';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

/** The CPU profile as the protocol returns it (times in µs). */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A main-thread trace event with a length (a task, or the work inside one): µs on the profile's clock. */
export interface TaskSpan {
  readonly name: string;
  readonly ts: number;
  readonly dur: number;
}

export interface Recording {
  readonly profile: CpuProfile;
  /** The main thread's top-level tasks. */
  readonly tasks: readonly TaskSpan[];
  /** The main thread's timeline events inside tasks (script, style, layout, paint…). */
  readonly inner: readonly TaskSpan[];
}

export interface Profiler {
  stop(): Promise<Recording>;
}

const TASK = 'ThreadControllerImpl::RunTask';

/** The renderer main thread's complete events in a Chromium trace. */
function mainThreadSpans(trace: Buffer): TaskSpan[] {
  return mainThreadEvents(traceEvents(trace)).map((e) => ({ name: e.name, ts: e.ts, dur: e.dur as number }));
}

/** Starts sampling the page's main thread every `intervalUs` µs. */
export async function startProfile(page: Page, intervalUs = 500): Promise<Profiler> {
  const browser = page.context().browser();
  if (browser === null) throw new Error('startProfile: the page has no browser to trace');
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await session.detach();
      const spans = mainThreadSpans(await browser.stopTracing());
      return { profile, tasks: spans.filter((e) => e.name === TASK), inner: spans.filter((e) => e.name !== TASK) };
    },
  };
}

const IDLE = '(idle)';

function frameName(frame: CallFrame): string {
  const file = frame.url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/\?.*$/, '');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

/** The tasks over `longMs` and the top functions within them, as printable lines. */
export function describeProfile({ profile, tasks, inner }: Recording, longMs = 50, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const long = tasks.filter((t) => t.dur > longMs * 1000).sort((a, b) => a.ts - b.ts);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  /** Per long task: inclusive time of the project's own functions (src/), to tell the tasks apart. */
  const ownByTask = long.map(() => new Map<string, number>());
  let at = profile.startTime;
  let k = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    while (k < long.length && (long[k] as TaskSpan).ts + (long[k] as TaskSpan).dur < at) k++;
    const task = long[k];
    if (task === undefined || at < task.ts) continue;
    let id: number | undefined = profile.samples[i] as number;
    const leaf = byId.get(id);
    if (leaf === undefined || leaf.callFrame.functionName === IDLE) continue;
    self.set(frameName(leaf.callFrame), (self.get(frameName(leaf.callFrame)) ?? 0) + dt);
    const seen = new Set<string>();
    const own = ownByTask[k] as Map<string, number>;
    while (id !== undefined) {
      const node = byId.get(id);
      if (node === undefined) break;
      const name = frameName(node.callFrame);
      if (!seen.has(name)) {
        inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
        if (name.includes(' src/') || name.startsWith('(garbage')) own.set(name, (own.get(name) ?? 0) + dt);
      }
      seen.add(name);
      id = parent.get(id);
    }
  }
  const worst = long
    .map((t, i) => ({ t, own: ownByTask[i] as Map<string, number> }))
    .sort((a, b) => b.t.dur - a.t.dur)
    .slice(0, 12)
    .map(({ t, own }) => `  ${(t.dur / 1000).toFixed(0).padStart(5)} ms: ${[...own].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, ms]) => `${n.replace(/ src\//, ' ')} ${ms.toFixed(0)}`).join(' · ')}`);
  const kinds = new Map<string, number>();
  for (const e of inner) if (long.some((t) => e.ts >= t.ts && e.ts < t.ts + t.dur)) kinds.set(e.name, (kinds.get(e.name) ?? 0) + e.dur / 1000);
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  const total = long.reduce((n, t) => n + t.dur / 1000, 0);
  const longest = long.map((t) => t.dur / 1000).sort((a, b) => b - a);
  return [
    `${long.length} main-thread tasks over ${longMs} ms (traced), ${total.toFixed(0)} ms in all; longest: ${longest.slice(0, 10).map((m) => m.toFixed(0)).join(', ')} ms`,
    'the longest, with the own functions (and GC) that took most of each:',
    ...worst,
    'timeline events in them (nested ones count in their parents too):',
    ...rank(kinds).slice(0, 12),
    'self time in them:',
    ...rank(self),
    'inclusive time in them:',
    ...rank(inclusive),
  ].join('\n');
}
