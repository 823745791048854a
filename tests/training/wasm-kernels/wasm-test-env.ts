/**
 * Test helpers for the wasm training kernels: both backends in one Node process, one kernel run on
 * `cpu` and on `wasm` from the same inputs, and the difference measured relative to the cpu
 * result's scale.
 *
 * Notation:
 *   ref   the cpu result, flattened (n values)
 *   got   the wasm result, flattened (n values)
 *   scale max_i |ref_i|, or 1 when every |ref_i| < 1e-12 (an all-zero gradient is compared absolutely)
 *   rel   max_i |got_i − ref_i| / scale  (the figure each test prints and bounds)
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src/training/serve/wasm-kernels/register';
import { createRng, type Rng } from '../../../src/tuner/rng';

/** The two backends every comparison runs on. */
export type ComparedBackend = 'cpu' | 'wasm';

/** A kernel input given as plain values, so each backend builds its own copy. */
export interface KernelInput {
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
  readonly dtype?: 'float32' | 'int32';
}

/** How far wasm's result is from cpu's (see the notation above). */
export interface Difference {
  readonly maxAbsDiff: number;
  readonly scale: number;
  readonly relative: number;
}

let ready: Promise<void> | undefined;

/** Initialises the cpu and wasm backends once and registers the wasm training kernels. */
export function useBothBackends(): Promise<void> {
  ready ??= (async () => {
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise in Node');
    registerWasmTrainingKernels();
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  })();
  return ready;
}

/** Runs `body` with `backend` active (inside tf.tidy), returning its result as plain values. */
export async function onBackend<T>(backend: ComparedBackend, body: () => T): Promise<T> {
  await useBothBackends();
  if (!(await tf.setBackend(backend))) throw new Error(`could not switch to the ${backend} backend`);
  return body();
}

/** `values` of `input` as a tensor on the active backend. */
export function tensorOf(input: KernelInput): tf.Tensor {
  return tf.tensor(input.values, [...input.shape], input.dtype ?? (input.values instanceof Int32Array ? 'int32' : 'float32'));
}

/** Runs kernel `kernelName` on the active backend and reads its (first) output back. */
export function runKernelHere(kernelName: string, inputs: Readonly<Record<string, KernelInput>>, attrs: object): Float32Array {
  return tf.tidy(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [name, input] of Object.entries(inputs)) tensors[name] = tensorOf(input);
    const output = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
    const first = Array.isArray(output) ? output[0] : output;
    if (first === undefined) throw new Error(`${kernelName} returned no output`);
    return Float32Array.from(first.dataSync());
  });
}

/** The difference of `got` from `ref` relative to ref's scale; throws if the lengths differ. */
export function relativeDifference(ref: ArrayLike<number>, got: ArrayLike<number>): Difference {
  if (ref.length !== got.length) throw new Error(`result lengths differ: cpu ${ref.length}, wasm ${got.length}`);
  let maxAbsDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i] as number;
    const g = got[i] as number;
    if (!Number.isFinite(g) && Number.isFinite(r)) return { maxAbsDiff: Infinity, scale: 1, relative: Infinity };
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(g - r));
    maxRef = Math.max(maxRef, Math.abs(r));
  }
  const scale = maxRef < 1e-12 ? 1 : maxRef;
  return { maxAbsDiff, scale, relative: maxAbsDiff / scale };
}

/** Prints one comparison line: `label  rel=… (max |diff| …, scale …)`. */
export function printDifference(label: string, diff: Difference): void {
  console.log(`${label}  rel=${diff.relative.toExponential(2)} (max |diff| ${diff.maxAbsDiff.toExponential(2)}, scale ${diff.scale.toExponential(2)})`);
}

/**
 * Runs `kernelName` on cpu and on wasm from the same inputs and attrs, prints the relative
 * difference under `label`, and returns it (the caller bounds it).
 */
export async function compareKernel(label: string, kernelName: string, inputs: Readonly<Record<string, KernelInput>>, attrs: object): Promise<Difference> {
  const ref = await onBackend('cpu', () => runKernelHere(kernelName, inputs, attrs));
  const got = await onBackend('wasm', () => runKernelHere(kernelName, inputs, attrs));
  const diff = relativeDifference(ref, got);
  printDifference(`${kernelName} ${label}`, diff);
  return diff;
}

/** A seeded source of test inputs. */
export interface InputMaker {
  /** Standard-normal float32 values of `shape`. */
  normal(shape: readonly number[]): KernelInput;
  /** Uniform float32 values in [low, high) of `shape`. */
  uniform(shape: readonly number[], low: number, high: number): KernelInput;
  /** Uniform int32 values in [low, highExclusive) of `shape`. */
  ints(shape: readonly number[], low: number, highExclusive: number): KernelInput;
  readonly rng: Rng;
}

/** A seeded input maker (the same seed gives the same inputs). */
export function inputMaker(seed: number): InputMaker {
  const rng = createRng(seed);
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  return {
    rng,
    normal: (shape) => ({ shape, values: Float32Array.from({ length: size(shape) }, () => rng.normal()) }),
    uniform: (shape, low, high) => ({ shape, values: Float32Array.from({ length: size(shape) }, () => low + (high - low) * rng.next()) }),
    ints: (shape, low, highExclusive) => ({ shape, values: Int32Array.from({ length: size(shape) }, () => rng.int(low, highExclusive)), dtype: 'int32' }),
  };
}
