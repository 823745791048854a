/**
 * What a Keras topology in model.json says without building the model: whether it is a
 * LayersModel (Sequential or functional) or a GraphModel, its layers with their trainable flags,
 * each input's per-sample shape, and each output's last dimension where a layer states it.
 *
 * Notation: a per-sample shape drops the batch dimension; `null` stands for a dimension the
 * model leaves free. An output's `units` is null when only building the model would tell it.
 */
import { UserModelError } from './user-model-error';
import { isRecord } from './model-json';

/** Per-sample shape of a tensor; `null` for a free dimension. */
export type SampleShape = readonly (number | null)[];

/** One layer of the model as model.json names it. */
export interface UserLayer {
  readonly name: string;
  readonly className: string;
  readonly trainable: boolean;
}

/** One output of the model: its layer and, where stated, its last dimension. */
export interface UserOutput {
  readonly layer: string;
  readonly units: number | null;
}

/** What the topology says. */
export interface TopologySummary {
  readonly kind: 'sequential' | 'functional';
  readonly layers: readonly UserLayer[];
  readonly inputShapes: readonly SampleShape[];
  readonly outputs: readonly UserOutput[];
}

const LAYERS_CLASSES = new Set(['Sequential', 'Model', 'Functional']);
/** Layers whose output has the same last dimension as their input. */
const SHAPE_KEEPING = new Set([
  'Activation', 'Dropout', 'Softmax', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'ThresholdedReLU',
  'BatchNormalization', 'LayerNormalization', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'SpatialDropout1D', 'SpatialDropout2D',
]);

/** Refuses a GraphModel or anything else that is not a tfjs LayersModel; returns its Keras model config. */
export function layersTopology(name: string, modelJson: Record<string, unknown>): Record<string, unknown> {
  const format = modelJson['format'];
  const raw = modelJson['modelTopology'];
  if (format === 'graph-model' || (isRecord(raw) && 'node' in raw)) {
    throw new UserModelError('graph-model', `${name} is a GraphModel; only LayersModels can be trained`);
  }
  if (!isRecord(raw)) throw new UserModelError('not-layers-model', `${name} has no modelTopology, so it is not a tfjs LayersModel`);
  const topology = isRecord(raw['model_config']) ? raw['model_config'] : raw;
  const className = topology['class_name'];
  if (typeof className !== 'string' || !LAYERS_CLASSES.has(className) || !(isRecord(topology['config']) || Array.isArray(topology['config']))) {
    throw new UserModelError(
      'not-layers-model',
      `${name} has a topology of class ${JSON.stringify(className ?? null)}; a tfjs LayersModel is a Sequential, Model or Functional`,
    );
  }
  if (format !== undefined && format !== 'layers-model') {
    throw new UserModelError('not-layers-model', `${name} has format ${JSON.stringify(format)}; a tfjs LayersModel has format "layers-model"`);
  }
  return topology;
}

/** The layers, input shapes and outputs a Keras model config states. */
export function summariseTopology(name: string, topology: Record<string, unknown>): TopologySummary {
  const raw = topology['config'];
  /** Older Keras writes a Sequential's config as the bare list of its layers. */
  const config: Record<string, unknown> = Array.isArray(raw) ? { layers: raw } : (raw as Record<string, unknown>);
  const rawLayers = config['layers'];
  if (!Array.isArray(rawLayers) || rawLayers.length === 0 || !rawLayers.every(isRecord)) {
    throw new UserModelError('not-layers-model', `${name} lists no layers in its topology`);
  }
  const layers = rawLayers.map((layer, i) => readLayer(layer, i));
  if (topology['class_name'] === 'Sequential') {
    const first = rawLayers[0] as Record<string, unknown>;
    const shape = statedInputShape(first);
    if (shape === null) throw new UserModelError('not-layers-model', `${name}: the first layer (${layers[0]?.name}) states no input shape`);
    return { kind: 'sequential', layers, inputShapes: [shape], outputs: [{ layer: layers.at(-1)?.name ?? '', units: lastUnits(rawLayers, rawLayers.length - 1) }] };
  }
  const byName = new Map(rawLayers.map((layer, i) => [layers[i]?.name, layer]));
  const inputShapes = endpointNames(name, config, 'input_layers').map((input) => {
    const layer = byName.get(input);
    const shape = layer === undefined ? null : statedInputShape(layer);
    if (shape === null) throw new UserModelError('not-layers-model', `${name}: the input layer ${input} states no input shape`);
    return shape;
  });
  const outputs = endpointNames(name, config, 'output_layers').map((output) => ({ layer: output, units: functionalUnits(byName, output) }));
  return { kind: 'functional', layers, inputShapes, outputs };
}

function readLayer(layer: Record<string, unknown>, index: number): UserLayer {
  const config = isRecord(layer['config']) ? layer['config'] : {};
  const name = typeof layer['name'] === 'string' ? layer['name'] : typeof config['name'] === 'string' ? config['name'] : `layer ${index}`;
  const className = typeof layer['class_name'] === 'string' ? layer['class_name'] : 'unknown';
  return { name, className, trainable: config['trainable'] !== false };
}

/** Per-sample input shape a layer's config states (batch_input_shape, batch_shape or input_shape), or null. */
function statedInputShape(layer: Record<string, unknown>): SampleShape | null {
  const config = isRecord(layer['config']) ? layer['config'] : {};
  const dims = (value: unknown): value is (number | null)[] =>
    Array.isArray(value) && value.every((d) => d === null || (Number.isInteger(d) && (d as number) > 0));
  for (const key of ['batch_input_shape', 'batch_shape']) {
    const value = config[key];
    if (dims(value) && value.length >= 1) return value.slice(1);
  }
  const inputShape = config['input_shape'];
  return dims(inputShape) ? [...inputShape] : null;
}

/** The `units` of the Dense layer the layer at `index` ends with, walking back through shape-keeping layers, or null. */
function lastUnits(layers: readonly Record<string, unknown>[], index: number): number | null {
  for (let i = index; i >= 0; i--) {
    const layer = layers[i] as Record<string, unknown>;
    const units = denseUnits(layer);
    if (units !== null) return units;
    if (!SHAPE_KEEPING.has(String(layer['class_name']))) return null;
  }
  return null;
}

function denseUnits(layer: Record<string, unknown>): number | null {
  const config = isRecord(layer['config']) ? layer['config'] : {};
  const units = config['units'];
  return layer['class_name'] === 'Dense' && Number.isInteger(units) ? (units as number) : null;
}

/** As `lastUnits`, following a functional layer's single inbound layer. */
function functionalUnits(byName: ReadonlyMap<string | undefined, Record<string, unknown>>, output: string): number | null {
  let layer = byName.get(output);
  for (let steps = 0; layer !== undefined && steps <= byName.size; steps++) {
    const units = denseUnits(layer);
    if (units !== null) return units;
    if (!SHAPE_KEEPING.has(String(layer['class_name']))) return null;
    const inbound = layer['inbound_nodes'];
    const node = Array.isArray(inbound) && inbound.length === 1 ? inbound[0] : null;
    const first = Array.isArray(node) && node.length === 1 ? node[0] : null;
    layer = Array.isArray(first) && typeof first[0] === 'string' ? byName.get(first[0]) : undefined;
  }
  return null;
}

/** Layer names of a functional config's `input_layers` or `output_layers` ([[name, node, tensor], …]). */
function endpointNames(name: string, config: Record<string, unknown>, key: 'input_layers' | 'output_layers'): string[] {
  const value = config[key];
  const entries = Array.isArray(value) && value.length > 0 && typeof value[0] === 'string' ? [value] : value;
  if (!Array.isArray(entries) || entries.length === 0 || !entries.every((e) => Array.isArray(e) && typeof e[0] === 'string')) {
    throw new UserModelError('not-layers-model', `${name}: the functional topology has no ${key}`);
  }
  return entries.map((e) => (e as string[])[0] as string);
}
