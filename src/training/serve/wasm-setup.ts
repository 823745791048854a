/**
 * How a worker loads tfjs's WebAssembly backend: where its three binaries are served, how many
 * XNNPACK threads it runs, and whether it uses SIMD. `configureWasm` records the settings; the
 * backend probe (backend.ts) applies them the first time it tries wasm, after loading
 * `@tensorflow/tfjs-backend-wasm` by dynamic import (so a worker that never tries wasm never loads it).
 *
 * Threads: more than one needs SharedArrayBuffer, i.e. a cross-origin isolated page (COOP
 * `same-origin` + COEP `require-corp`); elsewhere the worker runs one thread and the backend's detail
 * says why. tfjs itself gives XNNPACK at most half the logical cores (at most 8). With one thread the plain SIMD binary is used (no pthread workers at all). 'auto' gives
 * `autoWasmThreads(navigator.hardwareConcurrency)`: one thread per four logical cores, 1 to 4. A
 * tuner runs about one worker per two cores (`defaultWorkerCount`), and on tiny models a second
 * thread in each worker gains little: the cores are better spent on parallel trials.
 *
 * @example
 * ```ts
 * // src/trials.worker.ts: the bundler (Vite, webpack 5, Parcel) sees each literal
 * // `new URL(…, import.meta.url)` and serves the binary from the page's own origin.
 * import { configureWasm, serveModelTrials } from 'tfjs-tuner/worker';
 *
 * configureWasm({
 *   binaries: {
 *     'tfjs-backend-wasm.wasm': new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', import.meta.url).href,
 *     'tfjs-backend-wasm-simd.wasm': new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
 *     'tfjs-backend-wasm-threaded-simd.wasm': new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href,
 *   },
 *   threads: 'auto',
 * });
 * serveModelTrials({ … });
 * ```
 */
import * as tf from '@tensorflow/tfjs';

/** The three binaries of `@tensorflow/tfjs-backend-wasm` (in its `dist/` folder). */
export const WASM_BINARY_NAMES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
/** One of the wasm backend's three binaries: plain, SIMD, or SIMD with threads. */
export type WasmBinaryName = (typeof WASM_BINARY_NAMES)[number];
/** Where each of the three binaries is served, e.g. URLs from a bundler's `?url` imports. */
export type WasmBinaryUrls = Readonly<Record<WasmBinaryName, string>>;

/** How this worker's wasm backend loads (see `configureWasm`). */
export interface WasmSettings {
  /** Where the three binaries are served (a page: its own origin). Default: tfjs's own lookup (Node finds them in node_modules; a bundled page usually does not). */
  readonly binaries?: WasmBinaryUrls;
  /** XNNPACK threads: a count ≥ 1, or 'auto' (the default: one per four logical cores, 1 to 4). More than 1 needs a cross-origin isolated page. */
  readonly threads?: number | 'auto';
  /** false forces the plain (non-SIMD) binary, for benchmarks; default: SIMD where the browser has it. */
  readonly simd?: boolean;
}

/** What `prepareWasm` decided, for the backend report's detail. */
export interface WasmPlan {
  /** Threads asked of XNNPACK (the backend's own `getThreadsCount()` says what it got). */
  readonly threads: number;
  /** Why fewer threads than asked, if so. */
  readonly note: string | null;
}

/** The part of `@tensorflow/tfjs-backend-wasm` this module calls. */
export interface WasmBackendModule {
  setWasmPaths(prefixOrFileMap: string | { [name in WasmBinaryName]?: string }, usePlatformFetch?: boolean): void;
  setThreadsCount(numThreads: number): void;
  getThreadsCount(): number;
}

let settings: WasmSettings = {};
/** The plan the first wasm probe applied; settings cannot change after that. */
let applied: WasmPlan | null = null;

/**
 * Sets how this worker's wasm backend loads. Call it before the backend is chosen (before
 * `serveTrials`/`serveModelTrials` answer the page's `init`); a call after the wasm backend loaded
 * throws. Throws on a bad setting, naming it.
 */
export function configureWasm(wasm: WasmSettings): void {
  if (wasm === null || typeof wasm !== 'object') throw new TypeError(`configureWasm: settings must be an object, got ${String(wasm)}`);
  const { binaries, threads, simd } = wasm;
  if (binaries !== undefined) {
    if (binaries === null || typeof binaries !== 'object') throw new TypeError('configureWasm: binaries must map each of the three binary names to a URL');
    for (const name of WASM_BINARY_NAMES) {
      const url: unknown = (binaries as Record<string, unknown>)[name];
      if (typeof url !== 'string' || url === '') throw new TypeError(`configureWasm: binaries['${name}'] must be a URL string, got ${JSON.stringify(url)}`);
    }
  }
  if (threads !== undefined && threads !== 'auto' && !(typeof threads === 'number' && Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(`configureWasm: threads must be an integer ≥ 1 or 'auto', got ${JSON.stringify(threads)}`);
  }
  if (simd !== undefined && typeof simd !== 'boolean') throw new TypeError(`configureWasm: simd must be true or false, got ${JSON.stringify(simd)}`);
  if (applied !== null) throw new Error('configureWasm: the wasm backend is already loaded in this worker; call configureWasm before the backend is chosen');
  settings = { ...wasm };
}

/** 'auto' threads for a machine with `hardwareConcurrency` logical cores: one per four, 1 to 4 (4 cores assumed when unknown). */
export function autoWasmThreads(hardwareConcurrency: number | undefined): number {
  const cores = hardwareConcurrency !== undefined && Number.isFinite(hardwareConcurrency) && hardwareConcurrency >= 1 ? Math.floor(hardwareConcurrency) : 4;
  return Math.max(1, Math.min(4, Math.floor(cores / 4)));
}

/** Whether this context may share memory with threads: cross-origin isolated, with SharedArrayBuffer. */
function canShareMemory(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/**
 * Threads to ask for, from the setting and the context: `asked` threads, cut to 1 (with a note)
 * where memory cannot be shared.
 */
export function wasmThreadPlan(threads: number | 'auto' | undefined, context: { readonly hardwareConcurrency?: number; readonly sharedMemory: boolean }): WasmPlan {
  const asked = threads === undefined || threads === 'auto' ? autoWasmThreads(context.hardwareConcurrency) : threads;
  if (asked > 1 && !context.sharedMemory) return { threads: 1, note: `${asked} threads asked, 1 used: the page is not cross-origin isolated` };
  return { threads: asked, note: null };
}

/**
 * Applies the settings to the freshly imported wasm backend module, once per worker (later calls
 * return the first plan): the binaries' URLs, SIMD off if asked, and the thread count (one thread:
 * the plain SIMD binary, no pthread workers). Call before `setBackend('wasm')`.
 */
export function prepareWasm(wasm: WasmBackendModule): WasmPlan {
  if (applied !== null) return applied;
  if (settings.binaries !== undefined) wasm.setWasmPaths({ ...settings.binaries });
  if (settings.simd === false) tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
  const asked = wasmThreadPlan(settings.threads, { hardwareConcurrency: globalThis.navigator?.hardwareConcurrency, sharedMemory: canShareMemory() });
  // tfjs ships threads only in its SIMD build: without SIMD there is one thread, whatever was asked.
  const plan = settings.simd === false && asked.threads > 1 ? { threads: 1, note: `${asked.threads} threads asked, 1 used: tfjs has threads only in its SIMD build` } : asked;
  if (plan.threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else wasm.setThreadsCount(plan.threads);
  applied = plan;
  return plan;
}

/** The detail line of a wasm backend report, e.g. "XNNPACK, SIMD, 1 thread". */
export async function wasmDetail(wasm: WasmBackendModule, plan: WasmPlan): Promise<string> {
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = wasm.getThreadsCount();
  const parts = ['XNNPACK', simd ? 'SIMD' : 'no SIMD', `${threads} thread${threads === 1 ? '' : 's'}`];
  if (plan.note !== null) parts.push(plan.note);
  else if (threads < plan.threads) parts.push(`${plan.threads} asked; tfjs gives XNNPACK at most half the logical cores`);
  return parts.join(', ');
}
