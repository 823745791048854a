/**
 * Checks a user's tfjs LayersModel files (model.json plus weight files) before any training:
 * finds model.json, reads its topology and weights manifest, matches each named weight file
 * and its byte length, and returns a `UserModelFiles` summary with the weights concatenated
 * in manifest order (ready for `tf.io.fromMemory`). No tfjs: it runs on the page.
 *
 * Notation: a weight's byte size is (product of its shape) × (bytes of its dtype).
 */
import { isRecord, parseModelJson } from './model-json';
import { layersTopology, summariseTopology, type SampleShape, type UserLayer, type UserOutput } from './topology';
import { UserModelError } from './user-model-error';

/** One file the user gave. */
export interface UserFile {
  readonly name: string;
  readonly bytes: ArrayBuffer | Uint8Array;
}

/** One weight as the manifest lists it. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: WeightDtype;
}

/** What a user's model files hold, checked. */
export interface UserModelFiles {
  /** Name of the model.json file. */
  readonly modelJsonName: string;
  /** The parsed model.json, as given. */
  readonly modelJson: Record<string, unknown>;
  readonly kind: 'sequential' | 'functional';
  /** Per-sample shape of each input. */
  readonly inputShapes: readonly SampleShape[];
  /** Each output's layer and last dimension (null where only building the model would tell). */
  readonly outputs: readonly UserOutput[];
  readonly layers: readonly UserLayer[];
  /** Weights in manifest order (trainable and not, e.g. batch-norm statistics included). */
  readonly weightSpecs: readonly WeightSpec[];
  /** Number of weight values, summed over the manifest. */
  readonly parameterCount: number;
  /** Every weight file's bytes, concatenated in manifest order. */
  readonly weightData: ArrayBuffer;
  /** Notes that do not stop training (e.g. weight files model.json does not name). */
  readonly warnings: readonly string[];
}

/** Bytes per value of each weight dtype a LayersModel can train. */
const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1, complex64: 8 } as const;
export type WeightDtype = keyof typeof DTYPE_BYTES;

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;
const asBytes = (bytes: ArrayBuffer | Uint8Array): Uint8Array => (bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));

/** Checks the files of a tfjs LayersModel; throws a `UserModelError` naming the file and the problem. */
export function checkModelFiles(files: readonly UserFile[]): UserModelFiles {
  const jsons = files.filter((file) => file.name.toLowerCase().endsWith('.json'));
  if (jsons.length === 0) {
    throw new UserModelError('no-model-json', `no model.json among the ${files.length} files given (${files.map((f) => f.name).join(', ') || 'none'})`);
  }
  if (jsons.length > 1) {
    throw new UserModelError('several-json', `${jsons.length} JSON files given (${jsons.map((f) => f.name).join(', ')}); give exactly one model.json with its weight files`);
  }
  const jsonFile = jsons[0] as UserFile;
  const name = jsonFile.name;
  const modelJson = parseModelJson(name, asBytes(jsonFile.bytes));
  const topology = summariseTopology(name, layersTopology(name, modelJson));

  const weightFiles = new Map(files.filter((file) => file !== jsonFile).map((file) => [baseName(file.name), asBytes(file.bytes)]));
  const manifest = modelJson['weightsManifest'];
  if (!Array.isArray(manifest)) throw new UserModelError('bad-manifest', `${name} has no weightsManifest`);
  const used = new Set<string>();
  const weightSpecs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  for (const [g, group] of manifest.entries()) {
    if (!isRecord(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights'])) {
      throw new UserModelError('bad-manifest', `${name}: weightsManifest group ${g} needs "paths" and "weights" lists`);
    }
    const specs = group['weights'].map((weight, w) => readWeightSpec(name, g, w, weight));
    const groupBytes: Uint8Array[] = group['paths'].map((path) => {
      if (typeof path !== 'string') throw new UserModelError('bad-manifest', `${name}: weightsManifest group ${g} has a path that is not a string`);
      const bytes = weightFiles.get(baseName(path));
      if (bytes === undefined) throw new UserModelError('missing-weights', `${name} names the weight file ${path}, which was not given`);
      used.add(baseName(path));
      return bytes;
    });
    const expected = specs.reduce((sum, spec) => sum + valueCount(spec.shape) * DTYPE_BYTES[spec.dtype], 0);
    const actual = groupBytes.reduce((sum, bytes) => sum + bytes.byteLength, 0);
    if (actual !== expected) {
      throw new UserModelError(
        'weights-size',
        `the weight file${groupBytes.length === 1 ? '' : 's'} ${(group['paths'] as string[]).join(', ')} hold${groupBytes.length === 1 ? 's' : ''} ${actual} bytes, but ${name} describes ${expected} bytes of weights for them`,
      );
    }
    weightSpecs.push(...specs);
    chunks.push(...groupBytes);
  }
  const weightData = new Uint8Array(chunks.reduce((sum, bytes) => sum + bytes.byteLength, 0));
  let offset = 0;
  for (const bytes of chunks) {
    weightData.set(bytes, offset);
    offset += bytes.byteLength;
  }
  const unused = [...weightFiles.keys()].filter((file) => !used.has(file));
  const warnings = unused.length === 0 ? [] : [`${name} does not name ${unused.join(', ')}; ${unused.length === 1 ? 'that file is' : 'those files are'} not used`];
  return {
    modelJsonName: name,
    modelJson,
    ...topology,
    weightSpecs,
    parameterCount: weightSpecs.reduce((sum, spec) => sum + valueCount(spec.shape), 0),
    weightData: weightData.buffer,
    warnings,
  };
}

function valueCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

function readWeightSpec(name: string, group: number, index: number, weight: unknown): WeightSpec {
  const where = `${name}: weight ${index} of weightsManifest group ${group}`;
  if (!isRecord(weight) || typeof weight['name'] !== 'string' || !Array.isArray(weight['shape'])) {
    throw new UserModelError('bad-manifest', `${where} needs a name and a shape`);
  }
  const label = `${name}: weight ${weight['name']}`;
  if (weight['quantization'] !== undefined) {
    throw new UserModelError('quantized', `${label} is quantized; quantized weights are not supported for training`);
  }
  const shape = weight['shape'];
  if (!shape.every((dim) => Number.isInteger(dim) && (dim as number) >= 0)) {
    throw new UserModelError('bad-manifest', `${label} has the shape ${JSON.stringify(shape)}, which is not a list of sizes`);
  }
  const dtype = weight['dtype'] ?? 'float32';
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, dtype)) {
    throw new UserModelError('unsupported-dtype', `${label} has dtype ${JSON.stringify(dtype)}; trainable weights are ${Object.keys(DTYPE_BYTES).join(', ')}`);
  }
  return { name: weight['name'], shape: shape as number[], dtype: dtype as WeightDtype };
}
