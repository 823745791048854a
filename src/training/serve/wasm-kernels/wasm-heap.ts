/**
 * Plumbing shared by the wasm training kernels: calling a kernel the wasm backend already has
 * directly (no engine, no tape: a kernel must not re-enter the engine), viewing a tensor's bytes on
 * the wasm heap, allocating an output, and freeing intermediates.
 *
 * Heap views: the wasm memory may grow whenever the backend allocates (`makeOutput`, or any kernel
 * called here), and growing detaches every typed array taken from it before. So take views with
 * `heapView` only after the last allocation of a step, and never keep one across a call that
 * allocates.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm/dist/backend_wasm';

export type { BackendWasm };

/** What a wasm kernel function receives. */
export interface WasmKernelArgs<I extends Record<string, tf.TensorInfo | undefined>, A> {
  readonly inputs: I;
  readonly attrs: A;
  readonly backend: BackendWasm;
}

/**
 * The registration record of `kernelFunc` as tfjs's `kernelName` kernel on 'wasm' (with the
 * `setupFunc` the engine runs each time it sets up the wasm kernels, when given).
 */
export function wasmKernelConfig<I extends Record<string, tf.TensorInfo | undefined>, A>(
  kernelName: string,
  kernelFunc: (args: WasmKernelArgs<I, A>) => tf.TensorInfo,
  setupFunc?: tf.KernelSetupFunc,
): tf.KernelConfig {
  const config: tf.KernelConfig = { kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
  return setupFunc === undefined ? config : { ...config, setupFunc };
}

/**
 * Runs the wasm backend's own kernel `name` on `inputs` and `attrs`, outside the engine. The result
 * is an intermediate the caller owns: free it with `free` (or return it as the kernel's output).
 */
export function runWasmKernel(backend: BackendWasm, name: string, inputs: Record<string, tf.TensorInfo>, attrs: object = {}): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`the wasm backend has no '${name}' kernel, which a training kernel builds on`);
  const output = kernel.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend });
  if (Array.isArray(output)) throw new Error(`the wasm '${name}' kernel returned ${output.length} outputs where one was expected`);
  return output as tf.TensorInfo;
}

/** A float32 view of `info`'s bytes on the wasm heap (see the note on heap growth above). */
export function heapView(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`expected a float32 tensor on the wasm heap, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** A new float32 output of `shape`, zero-filled (the wasm heap is not cleared on allocation). */
export function zerosOutput(backend: BackendWasm, shape: readonly number[]): tf.TensorInfo {
  const out = backend.makeOutput([...shape], 'float32');
  heapView(backend, out).fill(0);
  return out;
}

/** Frees intermediates made by `runWasmKernel` or `makeOutput` (reshapes share data and are counted). */
export function free(backend: BackendWasm, ...infos: readonly tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** The wasm backend's own kernels that a training kernel replaced, by name (see keepBuiltinKernel). */
const replacedBuiltins = new Map<string, tf.KernelConfig>();

/**
 * Keeps the wasm backend's own kernel `config` before a training kernel replaces it, so that the
 * replacement can still hand it the cases it does well. Kept only once the wasm backend is set up:
 * a built-in's setup runs when the backend initialises, and never for one unregistered before.
 */
export function keepBuiltinKernel(config: tf.KernelConfig): void {
  // engine().registry holds initialised backends only (findBackend would start initialising one).
  if ('wasm' in tf.engine().registry) replacedBuiltins.set(config.kernelName, config);
}

/** The wasm backend's own `name` kernel that a training kernel replaced, when it was kept. */
export function builtinKernel(name: string): tf.KernelConfig | undefined {
  return replacedBuiltins.get(name);
}
