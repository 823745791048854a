/**
 * Picks the tfjs backend of a worker by probing, in order, WebGPU → WebGL → CPU, starting at the
 * preferred one. A backend is used only when it really works:
 *   webgpu: navigator.gpu, an adapter, setBackend('webgpu') resolving true, and a tiny op's result;
 *   webgl:  an OffscreenCanvas webgl2 context, setBackend('webgl') resolving true, and a tiny op;
 *   cpu:    always (it still runs the tiny op).
 * The report says which backend was chosen and why each earlier one was skipped. The returned
 * `lost` promise resolves with a reason if the backend dies later (WebGPU device lost, WebGL
 * context lost); tfjs itself does not watch for either. `backendLoss()` hands the same promise to
 * code that did not pick the backend itself (a task served by `serveTrials`).
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, type BackendName, type BackendPreference, type BackendReport, type BackendSkip } from './protocol';

interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly description?: string;
}
interface GpuLike {
  requestAdapter(): Promise<{ readonly info?: AdapterInfoLike } | null>;
}
interface DeviceLike {
  readonly lost: Promise<{ readonly reason?: string; readonly message?: string }>;
}

type Probe = { readonly ok: true; readonly detail: string; readonly lost: Promise<string> } | { readonly ok: false; readonly reason: string };

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

async function probeWebGpu(): Promise<Probe> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (gpu === undefined) return { ok: false, reason: 'navigator.gpu is missing (no WebGPU in this context)' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (adapter === null) return { ok: false, reason: 'navigator.gpu.requestAdapter() found no adapter' };
  await import('@tensorflow/tfjs-backend-webgpu');
  const failure = await activate('webgpu');
  if (failure !== null) return { ok: false, reason: failure };
  const info = adapter.info;
  const described = [info?.vendor, info?.architecture, info?.description].filter((s) => s !== undefined && s !== '').join(' ');
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  const lost = device === undefined ? neverLost : device.lost.then((l) => `WebGPU device lost (${l.reason ?? 'unknown'}): ${l.message ?? ''}`.trim());
  return { ok: true, detail: `adapter: ${described || 'unnamed'}`, lost };
}

async function probeWebGl(): Promise<Probe> {
  if (typeof OffscreenCanvas === 'undefined') return { ok: false, reason: 'OffscreenCanvas is missing' };
  const probe = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (probe === null) return { ok: false, reason: "OffscreenCanvas.getContext('webgl2') returned null" };
  const renderer = probe.getParameter(probe.RENDERER) as string;
  probe.getExtension('WEBGL_lose_context')?.loseContext();
  // A software renderer (SwiftShader) still beats the cpu backend for convolutions.
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

async function probeCpu(): Promise<Probe> {
  const failure = await activate('cpu');
  return failure === null ? { ok: true, detail: 'plain JavaScript', lost: neverLost } : { ok: false, reason: failure };
}

function probe(name: BackendName): Promise<Probe> {
  switch (name) {
    case 'webgpu':
      return probeWebGpu();
    case 'webgl':
      return probeWebGl();
    case 'cpu':
      return probeCpu();
    default: {
      const unreachable: never = name;
      throw new Error(`unknown backend ${String(unreachable)}`);
    }
  }
}

/** Activates the first working backend from `preference` down; throws only if not even cpu works. */
export async function selectBackend(preference: BackendPreference): Promise<{ report: BackendReport; lost: Promise<string> }> {
  const first = preference === 'auto' ? 0 : BACKEND_NAMES.indexOf(preference);
  if (first < 0) throw new Error(`unknown backend preference ${JSON.stringify(preference)}`);
  const skipped: BackendSkip[] = [];
  for (const backend of BACKEND_NAMES.slice(first)) {
    let result: Probe;
    try {
      result = await probe(backend);
    } catch (error) {
      result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (result.ok) {
      activeLoss = result.lost;
      return { report: { backend, detail: result.detail, skipped }, lost: result.lost };
    }
    skipped.push({ backend, reason: result.reason });
  }
  throw new Error(`no tfjs backend works here: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}
