/**
 * `checkModelFiles` and `checkModelFitsData` on real tfjs artifacts: a Sequential and a
 * functional model saved by tfjs in this test, then the refusals (missing or truncated weights,
 * a GraphModel, two JSON files, text that is not JSON, a shape or class count that does not fit).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFiles, WEIGHTS_FILE } from '../../../src/training/serve/model-export';
import { checkModelFiles, checkModelFitsData, UserModelError, type UserFile } from '../../../src/training/user-model';
import { thrownBy } from '../../thrown';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** The files tfjs writes for `model`: model.json and weights.bin. */
async function savedFiles(model: tf.LayersModel): Promise<UserFile[]> {
  const { modelJson, weights } = await modelFiles(model);
  model.dispose();
  return [
    { name: 'model.json', bytes: text(modelJson) },
    { name: WEIGHTS_FILE, bytes: weights },
  ];
}

/** The UserModelError `run` throws. */
const refusal = (run: () => unknown): UserModelError => thrownBy(UserModelError, run);

let sequential: UserFile[];
let functional: UserFile[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const seq = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
      tf.layers.activation({ activation: 'softmax' }),
    ],
  });
  seq.layers[0]!.trainable = false;
  sequential = await savedFiles(seq);

  const input = tf.input({ shape: [6, 6, 1] });
  const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(input) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1 }).apply(flat) as tf.SymbolicTensor;
  functional = await savedFiles(tf.model({ inputs: input, outputs: out }));
});

describe('checkModelFiles', () => {
  it('accepts a Sequential model with its shapes, layers, parameter count and weights', () => {
    const summary = checkModelFiles(sequential);
    expect(summary.kind).toBe('sequential');
    expect(summary.inputShapes).toEqual([[4]]);
    expect(summary.outputs).toEqual([{ layer: summary.layers[2]!.name, units: 3 }]);
    expect(summary.layers.map((l) => [l.className, l.trainable])).toEqual([
      ['Dense', false],
      ['Dense', true],
      ['Activation', true],
    ]);
    expect(summary.parameterCount).toBe(4 * 8 + 8 + 8 * 3 + 3);
    expect(summary.weightData.byteLength).toBe(summary.parameterCount * 4);
    expect(new Uint8Array(summary.weightData)).toEqual(new Uint8Array(sequential[1]!.bytes as ArrayBuffer));
    expect(summary.warnings).toEqual([]);
  });

  it('accepts a functional model with its input shape and output size', () => {
    const summary = checkModelFiles(functional);
    expect(summary.kind).toBe('functional');
    expect(summary.inputShapes).toEqual([[6, 6, 1]]);
    expect(summary.outputs.map((o) => o.units)).toEqual([1]);
    expect(summary.parameterCount).toBe(3 * 3 * 1 * 2 + 2 + 4 * 4 * 2 * 1 + 1);
  });

  it('loads back in tfjs from the summary', async () => {
    const summary = checkModelFiles(sequential);
    const json = summary.modelJson as unknown as tf.io.ModelJSON;
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: summary.weightSpecs as tf.io.WeightsManifestEntry[], weightData: summary.weightData }),
    );
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    model.dispose();
  });

  it('warns about a weight file model.json does not name', () => {
    const summary = checkModelFiles([...sequential, { name: 'extra.bin', bytes: new Uint8Array(4) }]);
    expect(summary.warnings.join()).toContain('extra.bin');
  });

  it('names a missing weight file', () => {
    const error = refusal(() => checkModelFiles(sequential.slice(0, 1)));
    expect(error.problem).toBe('missing-weights');
    expect(error.message).toContain(WEIGHTS_FILE);
  });

  it('refuses a truncated weight file with both sizes', () => {
    const weights = new Uint8Array(sequential[1]!.bytes as ArrayBuffer);
    const error = refusal(() => checkModelFiles([sequential[0]!, { name: WEIGHTS_FILE, bytes: weights.slice(0, weights.length - 8) }]));
    expect(error.problem).toBe('weights-size');
    expect(error.message).toContain(`${weights.length - 8} bytes`);
    expect(error.message).toContain(`${weights.length} bytes`);
  });

  it('refuses a GraphModel', () => {
    const graph = { format: 'graph-model', modelTopology: { node: [], library: {}, versions: {} }, weightsManifest: [] };
    const error = refusal(() => checkModelFiles([{ name: 'model.json', bytes: text(JSON.stringify(graph)) }]));
    expect(error.problem).toBe('graph-model');
    expect(error.message).toBe('model.json is a GraphModel; only LayersModels can be trained');
  });

  it('refuses two JSON files, naming both', () => {
    const error = refusal(() => checkModelFiles([...sequential, { name: 'other.json', bytes: text('{}') }]));
    expect(error.problem).toBe('several-json');
    expect(error.message).toContain('model.json, other.json');
  });

  it('refuses text that is not JSON', () => {
    const error = refusal(() => checkModelFiles([{ name: 'model.json', bytes: text('{"format": ') }, sequential[1]!]));
    expect(error.problem).toBe('not-json');
    expect(error.message).toContain('model.json is not valid JSON');
  });

  it('refuses JSON nested too deep', () => {
    const error = refusal(() => checkModelFiles([{ name: 'model.json', bytes: text('['.repeat(100) + ']'.repeat(100)) }]));
    expect(error.problem).toBe('too-deep');
  });

  it('refuses quantized weights', () => {
    const json = JSON.parse(new TextDecoder().decode(sequential[0]!.bytes as Uint8Array)) as tf.io.ModelJSON;
    json.weightsManifest[0]!.weights[0]!.quantization = { dtype: 'uint8', scale: 1, min: 0 };
    const error = refusal(() => checkModelFiles([{ name: 'model.json', bytes: text(JSON.stringify(json)) }, sequential[1]!]));
    expect(error.problem).toBe('quantized');
    expect(error.message).toContain('not supported for training');
  });
});

describe('checkModelFitsData', () => {
  it('accepts data that fits', () => {
    expect(checkModelFitsData(checkModelFiles(sequential), { inputShape: [4], task: 'classification', classes: 3 })).toEqual([]);
    expect(checkModelFitsData(checkModelFiles(functional), { inputShape: [6, 6, 1], task: 'regression' })).toEqual([]);
  });

  it('names both shapes when the input does not fit', () => {
    const error = refusal(() => checkModelFitsData(checkModelFiles(sequential), { inputShape: [5], task: 'classification', classes: 3 }));
    expect(error.problem).toBe('input-shape');
    expect(error.message).toContain('[4]');
    expect(error.message).toContain('[5]');
  });

  it('refuses a wrong number of classes', () => {
    const error = refusal(() => checkModelFitsData(checkModelFiles(sequential), { inputShape: [4], task: 'classification', classes: 4 }));
    expect(error.problem).toBe('output-shape');
    expect(error.message).toContain('ends in 3 outputs');
    expect(error.message).toContain('4 classes');
  });

  it('refuses a classifier for a regression target', () => {
    const error = refusal(() => checkModelFitsData(checkModelFiles(sequential), { inputShape: [4], task: 'regression' }));
    expect(error.problem).toBe('output-shape');
  });
});
