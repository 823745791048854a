/**
 * A user's own tfjs model for the user-data end-to-end tests, saved by the test itself in Node
 * (tfjs's cpu backend) with `model.save(tf.io.withSaveHandler(…))` as model.json plus weights.bin,
 * exactly as `tf.io.browserDownloads` writes them; and the bad models of the list: a
 * GraphModel's model.json, weights that do not match model.json, and a model whose input does not
 * fit the data.
 *
 *   const files = await saveUserModel({ inputWidth: tableFeatureWidth(csv, 'fruit'), outputs: 3 });
 *   await page.getByTestId('…').setInputFiles([files.modelJson, files.weights]);
 */
import * as tf from '@tensorflow/tfjs';
import type { FixtureFile } from './user-data-fixtures';

/** model.json and its one weight file. */
export interface SavedModelFiles {
  readonly modelJson: FixtureFile;
  readonly weights: FixtureFile;
}

export interface UserModelOptions {
  /** Features per sample (a table's encoded width). */
  readonly inputWidth: number;
  /** Classes (softmax), or 1 for regression (linear). */
  readonly outputs: number;
  /** Hidden units. Default 12. */
  readonly hidden?: number;
  /** Seeds the weight initialisers. Default 3. */
  readonly seed?: number;
}

/** The model the fixtures save: dense(hidden, relu) → dense(outputs, softmax or linear). */
export function buildUserModel(options: UserModelOptions): tf.LayersModel {
  const seed = options.seed ?? 3;
  return tf.sequential({
    name: 'my_model',
    layers: [
      tf.layers.dense({ inputShape: [options.inputWidth], units: options.hidden ?? 12, activation: 'relu', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: options.outputs, activation: options.outputs === 1 ? 'linear' : 'softmax', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** The weight bytes of a save, whether tfjs gives one buffer or several. */
function weightBytes(data: tf.io.WeightData | undefined): Buffer {
  if (data === undefined) return Buffer.alloc(0);
  const buffers = Array.isArray(data) ? data : [data];
  return Buffer.concat(buffers.map((buffer) => Buffer.from(buffer)));
}

/** Saves a LayersModel as the files a browser download gives: model.json (naming "weights.bin") and weights.bin. */
export async function saveModelFiles(model: tf.LayersModel): Promise<SavedModelFiles> {
  let saved: SavedModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      saved = {
        modelJson: { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
        weights: { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: weightBytes(artifacts.weightData) },
      };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === null) throw new Error('tfjs did not call the save handler');
  return saved;
}

/** Builds and saves the fixture model (see `buildUserModel`) on tfjs's cpu backend. */
export async function saveUserModel(options: UserModelOptions): Promise<SavedModelFiles> {
  await tf.setBackend('cpu');
  const model = buildUserModel(options);
  try {
    return await saveModelFiles(model);
  } finally {
    model.dispose();
  }
}

/** A bad model: its files, and the message it must be refused with. */
export interface BadModel {
  readonly label: string;
  readonly files: () => Promise<readonly FixtureFile[]>;
  readonly message: RegExp;
}

/** A GraphModel's model.json (a converted TensorFlow graph: nodes, not layers). */
export function graphModelJson(): FixtureFile {
  const json = {
    format: 'graph-model',
    generatedBy: '2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { node: [{ name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '4' }] } } } }], versions: { producer: 1 } },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }],
  };
  return { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) };
}

/** The bad models of the list, for a table whose rows encode to `inputWidth` features with `classes` classes. */
export function badModels(inputWidth: number, classes: number): readonly BadModel[] {
  return [
    { label: 'a GraphModel', files: async () => [graphModelJson(), { name: 'group1-shard1of1.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) }], message: /model\.json is a GraphModel; only LayersModels can be trained/ },
    {
      label: 'weights that do not match model.json',
      files: async () => {
        const { modelJson, weights } = await saveUserModel({ inputWidth, outputs: classes });
        return [modelJson, { ...weights, buffer: weights.buffer.subarray(0, weights.buffer.length - 8) }];
      },
      message: /the weight file \.\/weights\.bin holds \d+ bytes, but model\.json describes \d+ bytes of weights/,
    },
    {
      label: 'a model whose input does not fit the data',
      files: async () => {
        const { modelJson, weights } = await saveUserModel({ inputWidth: inputWidth + 3, outputs: classes });
        return [modelJson, weights];
      },
      message: new RegExp(`model\\.json takes inputs of shape \\[${inputWidth + 3}\\] per sample, but the data gives \\[${inputWidth}\\]`),
    },
  ];
}
