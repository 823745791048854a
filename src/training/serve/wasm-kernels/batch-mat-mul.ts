/**
 * `BatchMatMul` and `_FusedMatMul` for the wasm backend, routed to XNNPACK wherever the operands
 * allow. The built-ins reach XNNPACK's fully-connected operator only when neither operand is
 * transposed and both batch sizes are 1. Everything else runs a scalar blocked loop, and every
 * dense layer's backward pass lands there (dW = xᵀ·dy, dx = dy·Wᵀ): about 5× slower than
 * transposing the operand and taking XNNPACK's path (1.46 against 0.30 ms for the 784 → 32 layer
 * at batch 64). On that loop the built-in fused kernel also adds the bias wrongly (every row after
 * the first gets the bias's last value), on XNNPACK's path it reads past a bias of fewer than n
 * values, and it refuses a bias of any rank but 1.
 *
 * Notation:
 *   a        [...Aₐ, m, k]   ([...Aₐ, k, m] when transposeA)
 *   b        [...A_b, k, n]  ([...A_b, n, k] when transposeB)
 *   βₐ, β_b  ∏Aₐ, ∏A_b: the batch sizes
 *   out      [...broadcast(Aₐ, A_b), m, n],  out[β, i, j] = Σ_l a[β, i, l]·b[β, l, j]
 *            (fused: + bias, broadcast to out, then the activation)
 *   Plan: a transposed operand is materialised with the wasm `Transpose` kernel (its last two axes
 *   swapped), then the built-in runs with both flags cleared. When β_b = 1, a [βₐ, m, k] is the
 *   same memory as [1, βₐ·m, k], so the whole product is one XNNPACK call: out [1, βₐ·m, n] is
 *   out [βₐ, m, n]. When β_b > 1 no XNNPACK call covers it, and the built-in's loop (which reads
 *   the transposes itself) gets the inputs unchanged; so does a product of fewer than
 *   XNNPACK_MIN_MULTIPLY_ADDS multiply-adds (∏out·k). With k = 0, out is zeros.
 *   Fused, off the XNNPACK path or with a bias other than [n]: the product, then `Add` of the bias,
 *   then the activation's own kernel (prelu's weights tiled to out's shape unless they repeat
 *   along it, since the wasm `Prelu` indexes them modulo their size).
 */
import * as tf from '@tensorflow/tfjs';
import { builtinKernel, free, runWasmKernel, wasmKernelConfig, zerosOutput, type BackendWasm, type WasmKernelArgs } from './wasm-heap';

type MatMulInputs = { a: tf.TensorInfo; b: tf.TensorInfo };
type FusedInputs = MatMulInputs & { bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
type FusedAttrs = { transposeA: boolean; transposeB: boolean; activation: tf.fused.Activation; leakyreluAlpha?: number };

/** The wasm backend's own kernel `name`, kept when the training kernels replaced it. */
function keptBuiltin(name: string): tf.KernelConfig {
  const builtin = builtinKernel(name);
  if (builtin === undefined) throw new Error(`the wasm backend's own ${name} was not kept: register the training kernels after tf.setBackend('wasm') resolved`);
  return builtin;
}

/** `x` read as `shape` (same data, no new reference: never freed on its own). */
function viewAs(x: tf.TensorInfo, shape: readonly number[]): tf.TensorInfo {
  return { dataId: x.dataId, dtype: x.dtype, shape: [...shape] };
}

/** `x` with its last two axes swapped: a new tensor the caller frees. */
function swapLastTwo(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array.from({ length: rank - 2 }, (_, d) => d), rank - 1, rank - 2];
  return runWasmKernel(backend, 'Transpose', { x }, { perm });
}

/** A product laid out for XNNPACK: a [1, βₐ·m, k], b [1, k, n], both untransposed. */
interface XnnpackProduct {
  readonly a: tf.TensorInfo;
  readonly b: tf.TensorInfo;
  readonly outShape: readonly number[];
  /** The transposes made for it, freed once the product ran. */
  readonly made: readonly tf.TensorInfo[];
}

/** out's shape, after checking ranks and inner sizes (see the notation above). */
function productShape(name: string, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): number[] {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) throw new Error(`${name}: a and b need rank 2 or more, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  const [m, kA] = transposeA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const [kB, n] = transposeB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
  if (kA !== kB) {
    throw new Error(`${name}: inner sizes differ: a [${a.shape.join(', ')}] (transposeA ${transposeA}) has ${kA}, b [${b.shape.join(', ')}] (transposeB ${transposeB}) has ${kB}`);
  }
  const batch = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return [...batch, m as number, n as number];
}

/** The XNNPACK layout of a·b, or undefined when b is batched (β_b > 1) or either side is empty. */
function xnnpackProduct(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean, outShape: readonly number[]): XnnpackProduct | undefined {
  const size = tf.util.sizeFromShape;
  if (size(b.shape.slice(0, -2)) !== 1 || size(a.shape) === 0 || size(b.shape) === 0) return undefined;
  const m = outShape[outShape.length - 2] as number;
  const n = outShape[outShape.length - 1] as number;
  const k = transposeB ? (b.shape[b.shape.length - 1] as number) : (b.shape[b.shape.length - 2] as number);
  const made: tf.TensorInfo[] = [];
  const plainA = transposeA ? swapLastTwo(backend, a) : a;
  if (plainA !== a) made.push(plainA);
  const plainB = transposeB ? swapLastTwo(backend, b) : b;
  if (plainB !== b) made.push(plainB);
  const rows = size(a.shape.slice(0, -2)) * m;
  return { a: viewAs(plainA, [1, rows, k]), b: viewAs(plainB, [1, k, n]), outShape, made };
}

/**
 * Below this many multiply-adds (∏out·k) the built-in's loop is as fast as a transpose and an
 * XNNPACK operator's set-up (a few microseconds either way), so BatchMatMul leaves such products to
 * it. _FusedMatMul does not: its loop adds the bias wrongly.
 */
export const XNNPACK_MIN_MULTIPLY_ADDS = 8192;

/** The kernel function of BatchMatMul (exported for its test). */
export function batchMatMulWasm({ inputs, attrs, backend }: WasmKernelArgs<MatMulInputs, tf.BatchMatMulAttrs>): tf.TensorInfo {
  const builtin = keptBuiltin(tf.BatchMatMul);
  const { a, b } = inputs;
  const call = (args: MatMulInputs, flags: tf.BatchMatMulAttrs) => builtin.kernelFunc({ inputs: args, attrs: flags as unknown as tf.NamedAttrMap, backend }) as tf.TensorInfo;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return call(inputs, attrs); // the built-in names what it refuses
  const outShape = productShape(tf.BatchMatMul, a, b, attrs.transposeA, attrs.transposeB);
  const k = attrs.transposeA ? (a.shape[a.shape.length - 2] as number) : (a.shape[a.shape.length - 1] as number);
  if (k === 0) return zerosOutput(backend, outShape); // the built-in leaves such an output unwritten
  if (tf.util.sizeFromShape(outShape) * k < XNNPACK_MIN_MULTIPLY_ADDS) return call(inputs, attrs);
  const product = xnnpackProduct(backend, a, b, attrs.transposeA, attrs.transposeB, outShape);
  if (product === undefined) return call(inputs, attrs);
  const out = call({ a: product.a, b: product.b }, { transposeA: false, transposeB: false });
  free(backend, ...product.made);
  return { ...out, shape: [...outShape] };
}

/** Whether XNNPACK adds `bias` right to an out of n columns: absent, or exactly [n]. */
function biasFitsXnnpack(bias: tf.TensorInfo | undefined, n: number): boolean {
  return bias == null || (bias.shape.length === 1 && bias.shape[0] === n);
}

/** Whether `weights`, indexed modulo their size, repeat along `outShape` (trailing axes equal, leading ones 1). */
function repeatsAlong(weights: tf.TensorInfo, outShape: readonly number[]): boolean {
  const shape = weights.shape.slice();
  while (shape.length > 0 && shape[0] === 1) shape.shift();
  if (shape.length > outShape.length) return false;
  return shape.every((size, d) => size === outShape[outShape.length - shape.length + d]);
}

/** prelu(x) with `weights` broadcast to x's shape (tiled when they do not repeat along it). */
function preluBroadcast(backend: BackendWasm, x: tf.TensorInfo, weights: tf.TensorInfo): tf.TensorInfo {
  if (repeatsAlong(weights, x.shape)) return runWasmKernel(backend, 'Prelu', { x, alpha: weights });
  const rank = x.shape.length;
  if (weights.shape.length > rank) throw new Error(`_FusedMatMul: prelu weights [${weights.shape.join(', ')}] have more axes than the product [${x.shape.join(', ')}]`);
  const padded = [...Array<number>(rank - weights.shape.length).fill(1), ...weights.shape];
  const reps = padded.map((size, d) => {
    const target = x.shape[d] as number;
    if (size !== target && size !== 1) throw new Error(`_FusedMatMul: prelu weights [${weights.shape.join(', ')}] do not broadcast to the product [${x.shape.join(', ')}]`);
    return size === target ? 1 : target;
  });
  const tiled = runWasmKernel(backend, 'Tile', { x: viewAs(weights, padded) }, { reps });
  const out = runWasmKernel(backend, 'Prelu', { x, alpha: tiled });
  free(backend, tiled);
  return out;
}

/** The leaky ReLU slope when the attrs give none (tf.fused.matMul's default). */
const DEFAULT_LEAKY_RELU_ALPHA = 0.2;

/** `activation` applied to x: x itself for linear, otherwise a new tensor. */
function activate(backend: BackendWasm, x: tf.TensorInfo, attrs: FusedAttrs, weights: tf.TensorInfo | undefined): tf.TensorInfo {
  const activation = attrs.activation;
  switch (activation) {
    case 'linear': return x;
    case 'relu': return runWasmKernel(backend, 'Relu', { x });
    case 'relu6': return runWasmKernel(backend, 'Relu6', { x });
    case 'elu': return runWasmKernel(backend, 'Elu', { x });
    case 'sigmoid': return runWasmKernel(backend, 'Sigmoid', { x });
    case 'leakyrelu': return runWasmKernel(backend, 'LeakyRelu', { x }, { alpha: attrs.leakyreluAlpha ?? DEFAULT_LEAKY_RELU_ALPHA });
    case 'prelu':
      if (weights == null) throw new Error('_FusedMatMul: the prelu activation needs preluActivationWeights');
      return preluBroadcast(backend, x, weights);
    default: {
      const unknown: never = activation;
      throw new Error(`_FusedMatMul: unknown activation '${String(unknown)}'`);
    }
  }
}

/** The kernel function of _FusedMatMul (exported for its test). */
export function fusedMatMulWasm({ inputs, attrs, backend }: WasmKernelArgs<FusedInputs, FusedAttrs>): tf.TensorInfo {
  const builtin = keptBuiltin(tf._FusedMatMul);
  const { a, b, bias, preluActivationWeights: weights } = inputs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return builtin.kernelFunc({ inputs, attrs: attrs as unknown as tf.NamedAttrMap, backend }) as tf.TensorInfo;
  const outShape = productShape(tf._FusedMatMul, a, b, attrs.transposeA, attrs.transposeB);
  const n = outShape[outShape.length - 1] as number;
  const fusable = biasFitsXnnpack(bias, n) && (attrs.activation !== 'prelu' || (weights != null && repeatsAlong(weights, outShape)));
  const product = fusable ? xnnpackProduct(backend, a, b, attrs.transposeA, attrs.transposeB, outShape) : undefined;
  if (product !== undefined) {
    const fusedInputs: FusedInputs = { a: product.a, b: product.b, ...(bias == null ? {} : { bias }), ...(weights == null ? {} : { preluActivationWeights: weights }) };
    const flags = { ...attrs, transposeA: false, transposeB: false, leakyreluAlpha: attrs.leakyreluAlpha ?? DEFAULT_LEAKY_RELU_ALPHA };
    const out = builtin.kernelFunc({ inputs: fusedInputs, attrs: flags as unknown as tf.NamedAttrMap, backend }) as tf.TensorInfo;
    free(backend, ...product.made);
    return { ...out, shape: [...outShape] };
  }
  const plain = runWasmKernel(backend, tf.BatchMatMul, { a, b }, { transposeA: attrs.transposeA, transposeB: attrs.transposeB });
  const biased = bias == null ? plain : runWasmKernel(backend, 'Add', { a: plain, b: bias });
  if (biased !== plain) free(backend, plain);
  const out = activate(backend, biased, attrs, weights);
  if (out !== biased) free(backend, biased);
  return out;
}

/** Runs the kept built-in's setup each time the engine sets up the wasm kernels (every switch to wasm), as it would have run registered. */
function setupOf(name: string): tf.KernelSetupFunc {
  return (backend) => builtinKernel(name)?.setupFunc?.(backend);
}

/** Registration record: BatchMatMul on 'wasm'. */
export const BATCH_MAT_MUL_KERNEL = wasmKernelConfig(tf.BatchMatMul, batchMatMulWasm, setupOf(tf.BatchMatMul));

/** Registration record: _FusedMatMul on 'wasm'. */
export const FUSED_MAT_MUL_KERNEL = wasmKernelConfig(tf._FusedMatMul, fusedMatMulWasm, setupOf(tf._FusedMatMul));

/** The matrix-product kernels this module registers for 'wasm'. */
export const MAT_MUL_KERNELS: readonly tf.KernelConfig[] = [BATCH_MAT_MUL_KERNEL, FUSED_MAT_MUL_KERNEL];
