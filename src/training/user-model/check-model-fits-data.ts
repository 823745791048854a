/**
 * Checks that a user's model fits the data it is to be trained on: one input whose per-sample
 * shape equals the data's, and one output whose last dimension is the number of classes
 * (classification) or 1 (regression). An output size model.json does not state is left to the
 * worker, which builds the model, and reported as a warning.
 */
import type { UserModelFiles } from './check-model-files';
import type { SampleShape } from './topology';
import { UserModelError } from './user-model-error';

/** The data a model is to fit. */
export interface ModelData {
  /** Per-sample shape of one input row or image. */
  readonly inputShape: readonly number[];
  readonly task: 'classification' | 'regression';
  /** Number of classes (classification only). */
  readonly classes?: number;
}

const showShape = (shape: SampleShape): string => `[${shape.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;

/** Whether a model's per-sample input shape accepts samples of `data` (a free dimension accepts any size). */
export function shapeFits(model: SampleShape, data: readonly number[]): boolean {
  return model.length === data.length && model.every((dim, i) => dim === null || dim === data[i]);
}

/** Throws a `UserModelError` when the model does not fit the data; returns warnings otherwise. */
export function checkModelFitsData(summary: UserModelFiles, data: ModelData): readonly string[] {
  const name = summary.modelJsonName;
  if (summary.inputShapes.length !== 1) {
    throw new UserModelError('input-shape', `${name} has ${summary.inputShapes.length} inputs; a model trained on one table or image folder needs exactly one`);
  }
  const input = summary.inputShapes[0] as SampleShape;
  if (!shapeFits(input, data.inputShape)) {
    throw new UserModelError(
      'input-shape',
      `${name} takes inputs of shape ${showShape(input)} per sample, but the data gives ${showShape(data.inputShape)}`,
    );
  }
  if (summary.outputs.length !== 1) {
    throw new UserModelError('output-shape', `${name} has ${summary.outputs.length} outputs; a model trained here needs exactly one`);
  }
  const output = summary.outputs[0] as UserModelFiles['outputs'][number];
  let wanted: number;
  let what: string;
  switch (data.task) {
    case 'classification':
      if (data.classes === undefined || !Number.isInteger(data.classes) || data.classes < 2) {
        throw new RangeError(`a classification task needs a number of classes of at least 2, not ${data.classes}`);
      }
      wanted = data.classes;
      what = `the ${wanted} classes of the data`;
      break;
    case 'regression':
      wanted = 1;
      what = 'a regression target (one value)';
      break;
    default: {
      const never: never = data.task;
      throw new Error(`unknown task ${String(never)}`);
    }
  }
  if (output.units === null) {
    return [`${name} does not state the size of its output layer ${output.layer}; it must be ${wanted} for ${what}, which is checked when the model is built`];
  }
  if (output.units !== wanted) {
    throw new UserModelError('output-shape', `${name} ends in ${output.units} outputs (layer ${output.layer}), but ${what} need${data.task === 'regression' ? 's' : ''} ${wanted}`);
  }
  return [];
}
