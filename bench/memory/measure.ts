/**
 * Three views of a page's memory, taken together:
 *
 *   1. `performance.measureUserAgentSpecificMemory()` (the page is cross-origin isolated): bytes by
 *      attribution, summed into the page's window and each dedicated worker (keyed by its script
 *      URL). Chromium counts a SharedArrayBuffer in EVERY isolate that holds it, so a dataset shared
 *      by three threads shows up three times here although it exists once.
 *   2. Each worker's heap after a forced collection (CDP), split into live objects and its own
 *      ArrayBuffer backing stores (a SharedArrayBuffer it was handed does not count here).
 *   3. The renderer processes' resident memory from /proc (Linux): what the machine really spends.
 *      A dataset shared by the workers adds its size here once; a copy per worker would add it per
 *      worker.
 *
 * Notation: MiB = 1024 × 1024 bytes.
 */
import { readFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';

/** Bytes by who holds them, as measureUserAgentSpecificMemory attributes them. */
export interface AttributedMemory {
  readonly total: number;
  readonly window: number;
  /** One entry per dedicated worker, by script URL (path only), in the order reported. */
  readonly workers: readonly { readonly script: string; readonly bytes: number }[];
  /** Bytes attributed to no one scope (DOM, shared structures). */
  readonly other: number;
}

interface Breakdown {
  readonly bytes: number;
  readonly attribution: readonly { readonly scope: string; readonly url: string }[];
}

/**
 * The page's memory by attribution (see the module comment for what a SharedArrayBuffer counts).
 * Chromium answers measureUserAgentSpecificMemory() at its next garbage collection, which an idle
 * page may not run for a long time: a collection is forced (through the page's CDP session) each
 * second until the answer comes.
 */
export async function attributedMemory(page: Page, pageSession: CDPSession): Promise<AttributedMemory> {
  const measuring = page.evaluate(async () => {
    const measured = await (performance as unknown as { measureUserAgentSpecificMemory(): Promise<{ bytes: number; breakdown: Breakdown[] }> }).measureUserAgentSpecificMemory();
    return { bytes: measured.bytes, breakdown: measured.breakdown.map((b) => ({ bytes: b.bytes, attribution: b.attribution.map((a) => ({ scope: a.scope, url: a.url })) })) };
  });
  let answered = false;
  void measuring.finally(() => (answered = true)).catch(() => undefined);
  while (!answered) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
    if (!answered) await pageSession.send('HeapProfiler.collectGarbage').catch(() => undefined);
  }
  const result = await measuring;
  let window = 0;
  let other = 0;
  const workers: { script: string; bytes: number }[] = [];
  for (const entry of result.breakdown) {
    const scope = entry.attribution[0];
    if (entry.attribution.length !== 1 || scope === undefined) other += entry.bytes;
    else if (scope.scope === 'Window') window += entry.bytes;
    else if (scope.scope === 'DedicatedWorkerGlobalScope') workers.push({ script: new URL(scope.url).pathname, bytes: entry.bytes });
    else other += entry.bytes;
  }
  return { total: result.bytes, window, workers, other };
}

/** Resident and proportional set sizes of the browser's renderer processes, summed (MiB). */
export interface ProcessMemory {
  readonly renderers: number;
  readonly rssMiB: number;
  readonly pssMiB: number;
}

/** Reads /proc/<pid>/smaps_rollup of every renderer process the browser reports. */
export async function rendererMemory(cdp: CDPSession): Promise<ProcessMemory> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  let rss = 0;
  let pss = 0;
  let renderers = 0;
  for (const renderer of processInfo.filter((p) => p.type === 'renderer')) {
    let text: string;
    try {
      text = readFileSync(`/proc/${renderer.id}/smaps_rollup`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    rss += Number(/^Rss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
    pss += Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
    renderers += 1;
  }
  return { renderers, rssMiB: rss / 1024, pssMiB: pss / 1024 };
}

/** One worker's heap just after a forced garbage collection (CDP Runtime.getHeapUsage). */
export interface WorkerHeap {
  /** The worker's script path. */
  readonly script: string;
  /** Live JavaScript objects. */
  readonly usedBytes: number;
  /** The worker's own ArrayBuffer backing stores (a SharedArrayBuffer it was handed is not counted here). */
  readonly backingBytes: number;
}

/** How long a worker may take to answer one CDP call (a training step holds its thread). */
const CALL_TIMEOUT_MS = 180_000;

/**
 * Forces a garbage collection in every dedicated worker of the browser and reads its heap. Workers
 * are reached through the browser session's target messages (Target.sendMessageToTarget), since
 * Playwright's own worker sessions do not take CDP commands.
 */
export async function collectWorkers(browser: CDPSession): Promise<WorkerHeap[]> {
  const { targetInfos } = (await browser.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  let nextId = 1;
  const waiting = new Map<number, (message: { result?: Record<string, number> }) => void>();
  const listener = (event: { message: string }): void => {
    const message = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
    const resolveCall = message.id === undefined ? undefined : waiting.get(message.id);
    if (resolveCall !== undefined && message.id !== undefined) {
      waiting.delete(message.id);
      resolveCall(message);
    }
  };
  browser.on('Target.receivedMessageFromTarget', listener);
  // A worker that ends meanwhile never answers: give up on it after CALL_TIMEOUT_MS.
  const call = (sessionId: string, method: string): Promise<{ result?: Record<string, number> }> =>
    new Promise((resolveCall, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${method}: no answer in ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      waiting.set(id, (message) => {
        clearTimeout(timer);
        resolveCall(message);
      });
      browser.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) }).catch((error: unknown) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  const heaps: WorkerHeap[] = [];
  try {
    for (const target of targetInfos.filter((t) => t.type === 'worker')) {
      const attached = await browser.send('Target.attachToTarget', { targetId: target.targetId, flatten: false }).catch(() => null);
      if (attached === null) continue; // it ended meanwhile
      const { sessionId } = attached as { sessionId: string };
      try {
        await call(sessionId, 'HeapProfiler.collectGarbage');
        const usage = (await call(sessionId, 'Runtime.getHeapUsage')).result ?? {};
        heaps.push({ script: new URL(target.url).pathname, usedBytes: usage['usedSize'] ?? 0, backingBytes: usage['backingStorageSize'] ?? 0 });
      } catch {
        // it ended, or stayed busy past the timeout: no figure for it
      } finally {
        await browser.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      }
    }
  } finally {
    browser.off('Target.receivedMessageFromTarget', listener);
  }
  return heaps;
}

/** A browser-level CDP session (for SystemInfo). */
export function browserSession(browser: Browser): Promise<CDPSession> {
  return browser.newBrowserCDPSession();
}

/** One moment's memory: the workers' heaps after a collection, the attributed measurement, the processes. */
export interface MemorySnapshot {
  readonly label: string;
  readonly workers: readonly WorkerHeap[];
  readonly attributed: AttributedMemory;
  readonly process: ProcessMemory;
}

/** Both views now: `pageSession` is a CDP session of the page, `browserSession` one of the browser. */
export async function snapshot(label: string, page: Page, pageSession: CDPSession, browserSession: CDPSession): Promise<MemorySnapshot> {
  const workers = await collectWorkers(browserSession);
  const attributed = await attributedMemory(page, pageSession);
  return { label, workers, attributed, process: await rendererMemory(browserSession) };
}

export const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
