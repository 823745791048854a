/**
 * A user's tfjs model as the Setup view lists it: each layer with its type, its number of weight
 * values (read from the weights manifest: tfjs names a weight "<layer name>/<weight>", e.g.
 * "dense_1/kernel") and whether model.json marks it trainable. `weightedLayers` counts the layers
 * that hold weights: the ones the search may freeze, first to last. `modelFit` says whether the
 * model fits the data, in the words the page shows.
 */
import { checkModelFitsData, UserModelError, type UserModelFiles } from '../../training';
import { sentence } from './read-picks';

/** The data a model must fit: one sample's shape, the task kind and (classification) the number of classes. */
export type ModelData = Parameters<typeof checkModelFitsData>[1];

/** One layer of a user's model, as the page shows it. */
export interface ModelLayerRow {
  readonly name: string;
  /** The Keras class name ("Dense", "Conv2D"…). */
  readonly type: string;
  /** Weight values the manifest gives this layer (0 for layers without weights). */
  readonly params: number;
  readonly trainable: boolean;
}

/** The layers of a checked model with their parameter counts, in model.json's order. */
export function modelLayerRows(model: Pick<UserModelFiles, 'layers' | 'weightSpecs'>): ModelLayerRow[] {
  const perLayer = new Map<string, number>();
  for (const spec of model.weightSpecs) {
    const slash = spec.name.lastIndexOf('/');
    const layer = slash === -1 ? spec.name : spec.name.slice(0, slash);
    perLayer.set(layer, (perLayer.get(layer) ?? 0) + spec.shape.reduce((product, dim) => product * dim, 1));
  }
  return model.layers.map((layer) => ({ name: layer.name, type: layer.className, params: paramsOf(perLayer, layer.name), trainable: layer.trainable }));
}

/** A layer's weight values: its own name's, or a nested model's ("outer/inner/kernel" names "outer/inner"). */
function paramsOf(perLayer: ReadonlyMap<string, number>, name: string): number {
  let sum = perLayer.get(name) ?? 0;
  if (sum > 0) return sum;
  for (const [layer, count] of perLayer) if (layer.endsWith(`/${name}`)) sum += count;
  return sum;
}

/** How many layers hold weights (the ones a search may freeze). */
export function weightedLayerCount(rows: readonly ModelLayerRow[]): number {
  return rows.filter((row) => row.params > 0).length;
}

/** A per-sample shape in words: "[4]", "[28, 28, 1]", "any" for a free dimension. */
export function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((dim) => (dim === null ? 'any' : String(dim))).join(', ')}]`;
}

/** How a model's fit to the data stands: not known yet (a table before its build), fitting (with warnings), or refused. */
export type ModelFit = { readonly kind: 'pending' } | { readonly kind: 'fits'; readonly warnings: readonly string[] } | { readonly kind: 'refused'; readonly message: string };

/** Whether a checked model fits `data` (null: the data's shape is not known yet). */
export function modelFit(files: UserModelFiles, data: ModelData | null): ModelFit {
  if (data === null) return { kind: 'pending' };
  try {
    return { kind: 'fits', warnings: checkModelFitsData(files, data) };
  } catch (error) {
    if (error instanceof UserModelError) return { kind: 'refused', message: sentence(error.message) };
    throw error;
  }
}
