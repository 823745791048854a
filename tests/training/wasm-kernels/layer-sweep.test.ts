/**
 * The layer sweep: for every layer, loss and optimiser a user's tfjs model commonly has, one
 * gradient step on wasm against the same step on cpu, from the same weights and data. Prints and
 * bounds each case's worst relative difference over its weights.
 *
 * Notation:
 *   g_v, ĝ_v   weight v's gradient (or change, for compiled steps) on cpu and on wasm
 *   G          max over every weight of max |g_v|, the case's gradient scale
 *   rel        max_v max |ĝ_v − g_v| / max(max |g_v|, G/100)
 *   The floor G/100 keeps a weight whose true gradient is 0 (a bias just before batch norm, which
 *   subtracts it again) from dividing rounding noise by rounding noise.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LAYER_CASES, LOSS_CASES, OPTIMIZER_CASES, type LayerCase, type LossCase } from './layer-sweep-cases';
import { inputMaker, onBackend, relativeDifference, useBothBackends, type ComparedBackend, type KernelInput } from './wasm-test-env';

const BATCH = 4;
/** Every gradient agrees to this fraction of its own scale (float32 sums in another order, XNNPACK's activations). */
const GRADIENT_BOUND = 1e-4;

interface StepResult {
  readonly weights: readonly Float32Array[];
  readonly values: readonly Float32Array[];
}

const lastOf = (shape: readonly number[]) => shape[shape.length - 1] as number;
const toTensor = (input: KernelInput) => tf.tensor(input.values, [...input.shape], 'float32');
const read = (tensors: readonly tf.Tensor[]) => tensors.map((t) => Float32Array.from(t.dataSync()));
const setWeightsFrom = (model: tf.Sequential, weights: readonly Float32Array[]) =>
  tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i] as Float32Array, w.shape))));

function layerModel(c: LayerCase): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [...c.inputShape] }));
  if (c.vocabulary === undefined) model.add(tf.layers.dense({ units: lastOf(c.inputShape) }));
  for (const layer of c.layers()) model.add(layer);
  if ((model.outputs[0]?.shape.length ?? 2) > 2) model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 3 }));
  return model;
}

function layerData(c: LayerCase): { x: KernelInput; y: KernelInput } {
  const make = inputMaker(c.name.length * 7919);
  const batch = c.batch ?? BATCH;
  const x = c.vocabulary === undefined ? make.normal([batch, ...c.inputShape]) : make.ints([batch, ...c.inputShape], 0, c.vocabulary);
  return { x: { shape: x.shape, values: Float32Array.from(x.values) }, y: make.normal([batch, 3]) };
}

/** The weight gradients of one MSE step of `c`'s model on `backend`, from `weights` when given. */
async function layerGradients(backend: ComparedBackend, c: LayerCase, weights?: readonly Float32Array[]): Promise<StepResult> {
  return onBackend(backend, () => {
    const model = layerModel(c);
    try {
      if (weights !== undefined) setWeightsFrom(model, weights);
      const start = read(model.getWeights());
      const { x, y } = layerData(c);
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const step = () => tf.tidy(() => {
        const xs = toTensor(x);
        const ys = toTensor(y);
        const { grads } = tf.variableGrads(() => tf.losses.meanSquaredError(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar, variables);
        return read(variables.map((v) => grads[v.name] as tf.Tensor));
      });
      return { weights: start, values: step() };
    } finally {
      model.dispose();
    }
  });
}

/** The weights' change after `steps` compiled training steps (model.trainOnBatch) on `backend`. */
async function compiledSteps(backend: ComparedBackend, loss: LossCase, optimizer: () => tf.Optimizer, steps: number, weights?: readonly Float32Array[]): Promise<StepResult> {
  await useBothBackends();
  if (!(await tf.setBackend(backend))) throw new Error(`could not switch to ${backend}`);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 8, activation: 'tanh' }), tf.layers.dense({ units: loss.units, activation: loss.activation })] });
  const stepper = optimizer();
  try {
    if (weights !== undefined) setWeightsFrom(model, weights);
    const start = read(model.getWeights());
    model.compile({ optimizer: stepper, loss: loss.loss });
    const make = inputMaker(17);
    const xs = toTensor(make.normal([8, 6]));
    const classes = make.ints([8], 0, loss.units);
    const ys = tf.tidy(() => {
      switch (loss.targets) {
        case 'one-hot': return tf.oneHot(tf.tensor1d(classes.values as Int32Array, 'int32'), loss.units).toFloat();
        case 'class ids': return tf.tensor2d(Float32Array.from(classes.values), [8, 1]);
        case 'zeros and ones': return tf.tensor2d(Float32Array.from(classes.values, (v) => v % 2), [8, 1]);
        case 'real': return toTensor(make.normal([8, loss.units]));
      }
    });
    for (let s = 0; s < steps; s++) await model.trainOnBatch(xs, ys);
    const end = read(model.getWeights());
    tf.dispose([xs, ys]);
    return { weights: start, values: end.map((w, i) => w.map((v, j) => v - (start[i] as Float32Array)[j]!)) };
  } finally {
    stepper.dispose();
    model.dispose();
  }
}

/** rel of the notation above, printed. */
function worstDifference(label: string, cpu: StepResult, wasm: StepResult): number {
  expect(wasm.values.length).toBe(cpu.values.length);
  const diffs = cpu.values.map((ref, i) => relativeDifference(ref, wasm.values[i] as Float32Array).maxAbsDiff);
  const scales = cpu.values.map((ref) => ref.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
  const floor = Math.max(...scales, 1e-12) / 100;
  const worst = Math.max(...diffs.map((d, i) => d / Math.max(scales[i] as number, floor)));
  console.log(`${label.padEnd(60)} rel=${worst.toExponential(2)}`);
  return worst;
}

describe('one training step on wasm matches cpu, layer by layer', () => {
  for (const c of LAYER_CASES) {
    it(c.name, async () => {
      const cpu = await layerGradients('cpu', c);
      const wasm = await layerGradients('wasm', c, cpu.weights);
      expect(worstDifference(`layer ${c.name}`, cpu, wasm)).toBeLessThan(GRADIENT_BOUND);
    });
  }
});

describe('compiled losses and optimisers on wasm match cpu', () => {
  for (const loss of LOSS_CASES) {
    it(`loss ${loss.loss}`, async () => {
      const sgd = () => tf.train.sgd(1);
      const cpu = await compiledSteps('cpu', loss, sgd, 1);
      const wasm = await compiledSteps('wasm', loss, sgd, 1, cpu.weights);
      expect(worstDifference(`loss ${loss.loss} (one sgd step)`, cpu, wasm)).toBeLessThan(GRADIENT_BOUND);
    });
  }
  const mse = LOSS_CASES.find((l) => l.loss === 'meanSquaredError') as LossCase;
  for (const optimizer of OPTIMIZER_CASES) {
    it(`optimiser ${optimizer.name}`, async () => {
      const cpu = await compiledSteps('cpu', mse, optimizer.make, 3);
      const wasm = await compiledSteps('wasm', mse, optimizer.make, 3, cpu.weights);
      expect(worstDifference(`optimiser ${optimizer.name} (three steps)`, cpu, wasm)).toBeLessThan(GRADIENT_BOUND);
    });
  }
});
