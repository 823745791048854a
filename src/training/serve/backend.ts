/**
 * Picks the tfjs backend of a worker by probing, in order, WebGPU → WebGL → WebAssembly → CPU,
 * starting at the preferred one. A backend is used only when it really works:
 *   webgpu: navigator.gpu, an adapter, setBackend('webgpu') resolving true, and a tiny op's result;
 *   webgl:  an OffscreenCanvas webgl2 context, setBackend('webgl') resolving true, and a tiny op;
 *   wasm:   `@tensorflow/tfjs-backend-wasm` loading (settings from `configureWasm`), its binary
 *           compiling, and a tiny op; then the training kernels it lacks are registered;
 *   cpu:    always (it still runs the tiny op).
 * A GPU adapter that is really the CPU (SwiftShader, llvmpipe, …: software-adapter.ts) is
 * recognised before it is activated. Unless it is the backend the preference names, it is passed
 * over for wasm, which trains faster, and tried only if wasm fails. The report says which backend
 * was chosen and why each earlier one was skipped. The returned `lost` promise resolves with a
 * reason if the backend dies later (WebGPU device lost, WebGL context lost); tfjs itself does not
 * watch for either. `backendLoss()` hands the same promise to code that did not pick the backend
 * itself (a task served by `serveTrials`).
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, type BackendName, type BackendPreference, type BackendReport, type BackendSkip } from './protocol';
import { softwareSkipReason, softwareWebGlRenderer, softwareWebGpuAdapter, type GpuAdapterInfoLike } from './software-adapter';
import { prepareWasm, wasmDetail } from './wasm-setup';
import { registerWasmTrainingKernels } from './wasm-kernels/register';

interface AdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}
interface DeviceLike {
  readonly lost: Promise<{ readonly reason?: string; readonly message?: string }>;
}

type Probe = { readonly ok: true; readonly detail: string; readonly lost: Promise<string> } | { readonly ok: false; readonly reason: string };

/** A backend found before activating it: `software` names a software adapter (null: hardware, or not a GPU). */
type Found = { readonly ok: true; readonly software: string | null; readonly activate: () => Promise<Probe> } | { readonly ok: false; readonly reason: string };

const neverLost = new Promise<string>(() => undefined);

/** The loss of the backend this worker's last `selectBackend` picked. */
let activeLoss: Promise<string> = neverLost;

/** Resolves with a reason when the backend `selectBackend` picked in this worker dies; never resolves before one was picked. */
export function backendLoss(): Promise<string> {
  return activeLoss;
}

/** Runs 1 + 2 on the active backend and checks the answer. */
async function tinyOpWorks(): Promise<string | null> {
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])));
  try {
    const values = await sum.data();
    return values[0] === 4 && values[1] === 6 ? null : `probe op returned [${Array.from(values).join(', ')}] instead of [4, 6]`;
  } finally {
    sum.dispose();
  }
}

async function activate(name: BackendName): Promise<string | null> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    return `setBackend('${name}') threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!ok) return `setBackend('${name}') resolved false`;
  await tf.ready();
  try {
    return await tinyOpWorks();
  } catch (error) {
    return `probe op failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function findWebGpu(): Promise<Found> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (gpu === undefined) return { ok: false, reason: 'navigator.gpu is missing (no WebGPU in this context)' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (adapter === null) return { ok: false, reason: 'navigator.gpu.requestAdapter() found no adapter' };
  const software = softwareWebGpuAdapter(adapter.info, adapter.isFallbackAdapter);
  const info = adapter.info;
  const described = [info?.vendor, info?.architecture, info?.description].filter((s) => s !== undefined && s !== '').join(' ');
  return { ok: true, software, activate: () => activateWebGpu(`adapter: ${described || 'unnamed'}${software === null ? '' : ` (software: ${software})`}`) };
}

async function activateWebGpu(detail: string): Promise<Probe> {
  await import('@tensorflow/tfjs-backend-webgpu');
  const failure = await activate('webgpu');
  if (failure !== null) return { ok: false, reason: failure };
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  const lost = device === undefined ? neverLost : device.lost.then((l) => `WebGPU device lost (${l.reason ?? 'unknown'}): ${l.message ?? ''}`.trim());
  return { ok: true, detail, lost };
}

/** WEBGL_debug_renderer_info's UNMASKED_RENDERER_WEBGL: the real renderer where the browser tells it. */
const UNMASKED_RENDERER_WEBGL = 0x9246;

function findWebGl(): Found {
  if (typeof OffscreenCanvas === 'undefined') return { ok: false, reason: 'OffscreenCanvas is missing' };
  const probe = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (probe === null) return { ok: false, reason: "OffscreenCanvas.getContext('webgl2') returned null" };
  const unmasked = probe.getExtension('WEBGL_debug_renderer_info') === null ? null : (probe.getParameter(UNMASKED_RENDERER_WEBGL) as unknown);
  const renderer = typeof unmasked === 'string' && unmasked !== '' ? unmasked : (probe.getParameter(probe.RENDERER) as string);
  probe.getExtension('WEBGL_lose_context')?.loseContext();
  return { ok: true, software: softwareWebGlRenderer(renderer), activate: () => activateWebGl(renderer) };
}

async function activateWebGl(renderer: string): Promise<Probe> {
  // tfjs refuses a software renderer unless told otherwise; reaching here means it is wanted.
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  const failure = await activate('webgl');
  if (failure !== null) return { ok: false, reason: failure };
  const canvas = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl?.canvas;
  const lost =
    canvas === undefined
      ? neverLost
      : new Promise<string>((resolve) => canvas.addEventListener('webglcontextlost', () => resolve('WebGL context lost'), { once: true }));
  return { ok: true, detail: `webgl2 on OffscreenCanvas, renderer: ${renderer}`, lost };
}

/** How long the wasm backend may take to start before the probe gives up on it (see `probeWasm`). */
export const WASM_START_LIMIT_MS = 20_000;

/**
 * Loads and activates the wasm backend. Its threaded build waits for its pthread workers, and a
 * worker that never loads (a policy that refuses blob: workers, a minifier that broke the
 * factory they run) leaves `setBackend` pending forever: after `limitMs` the probe removes the
 * backend, which also releases tfjs's pending initialisation, and moves on.
 */
async function probeWasm(limitMs: number): Promise<Probe> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const plan = prepareWasm(wasm);
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve(`the wasm backend did not start within ${limitMs / 1000} s (${plan.threads} thread${plan.threads === 1 ? '' : 's'})`);
    }, limitMs);
  });
  const failure = await Promise.race([activate('wasm'), late]);
  clearTimeout(timer);
  if (timedOut) tf.removeBackend('wasm');
  if (failure !== null) return { ok: false, reason: failure };
  registerWasmTrainingKernels();
  return { ok: true, detail: await wasmDetail(wasm, plan), lost: neverLost };
}

async function probeCpu(): Promise<Probe> {
  const failure = await activate('cpu');
  return failure === null ? { ok: true, detail: 'plain JavaScript', lost: neverLost } : { ok: false, reason: failure };
}

async function find(name: BackendName, wasmStartLimitMs: number): Promise<Found> {
  switch (name) {
    case 'webgpu':
      return findWebGpu();
    case 'webgl':
      return findWebGl();
    case 'wasm':
      return { ok: true, software: null, activate: () => probeWasm(wasmStartLimitMs) };
    case 'cpu':
      return { ok: true, software: null, activate: probeCpu };
    default: {
      const unreachable: never = name;
      throw new Error(`unknown backend ${String(unreachable)}`);
    }
  }
}

/** Runs `step`, turning a throw into a failed probe. */
async function attempt<T extends Found | Probe>(step: () => Promise<T>): Promise<T | { readonly ok: false; readonly reason: string }> {
  try {
    return await step();
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Activates the first working backend from `preference` down; throws only if not even cpu works.
 * Software GPU adapters other than the preferred backend wait until wasm has failed (then they are
 * tried before cpu). `wasmStartLimitMs`: how long wasm may take to start (tests shorten it).
 */
export async function selectBackend(
  preference: BackendPreference,
  wasmStartLimitMs: number = WASM_START_LIMIT_MS,
): Promise<{ report: BackendReport; lost: Promise<string> }> {
  const first = preference === 'auto' ? 0 : BACKEND_NAMES.indexOf(preference);
  if (first < 0) throw new Error(`unknown backend preference ${JSON.stringify(preference)}`);
  const skipped: BackendSkip[] = [];
  const deferred: { readonly skip: BackendSkip; readonly activate: () => Promise<Probe> }[] = [];
  const chosen = (backend: BackendName, probe: Probe & { ok: true }) => {
    activeLoss = probe.lost;
    return { report: { backend, detail: probe.detail, skipped }, lost: probe.lost };
  };
  for (const backend of BACKEND_NAMES.slice(first)) {
    if (backend === 'cpu') {
      // wasm failed (or was not asked for): a software GPU still beats plain JavaScript.
      for (const waiting of deferred) {
        skipped.splice(skipped.indexOf(waiting.skip), 1);
        const result = await attempt(waiting.activate);
        if (result.ok) return chosen(waiting.skip.backend, result);
        skipped.push({ backend: waiting.skip.backend, reason: result.reason });
      }
    }
    const found = await attempt(() => find(backend, wasmStartLimitMs));
    if (!found.ok) {
      skipped.push({ backend, reason: found.reason });
      continue;
    }
    if (found.software !== null && backend !== preference) {
      const skip = { backend, reason: softwareSkipReason(found.software) };
      skipped.push(skip);
      deferred.push({ skip, activate: found.activate });
      continue;
    }
    const result = await attempt(found.activate);
    if (result.ok) return chosen(backend, result);
    skipped.push({ backend, reason: result.reason });
  }
  throw new Error(`no tfjs backend works here: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}
