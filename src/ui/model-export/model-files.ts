/**
 * The files a downloaded model consists of: model.json and weights.bin (tfjs layers format) and,
 * for a study on the user's own data, preprocessing.json (how a row or an image becomes the
 * model's input, and what its outputs mean). The predictor worker loads exactly these.
 */
import type { ExportedModel, PredictorFiles, PreprocessingJson } from '../../training';

/** One file of the download. */
export interface ModelFile {
  readonly name: 'model.json' | 'weights.bin' | 'preprocessing.json';
  readonly blob: Blob;
  /** What it holds, in words (shown beside its button). */
  readonly description: string;
}

/** preprocessing.json's text, as downloaded (indented, so a person can read it). */
export function preprocessingText(preprocessing: PreprocessingJson): string {
  return `${JSON.stringify(preprocessing, null, 2)}\n`;
}

/** The files to download: model.json, weights.bin and, when given, preprocessing.json. */
export function modelFiles(model: ExportedModel, preprocessing: PreprocessingJson | null): readonly ModelFile[] {
  const files: ModelFile[] = [
    { name: 'model.json', blob: new Blob([model.modelJson], { type: 'application/json' }), description: 'the network: layers and a manifest naming weights.bin' },
    { name: 'weights.bin', blob: new Blob([model.weights], { type: 'application/octet-stream' }), description: `the trained weights (${model.paramCount} values, float32)` },
  ];
  if (preprocessing !== null) {
    files.push({
      name: 'preprocessing.json',
      blob: new Blob([preprocessingText(preprocessing)], { type: 'application/json' }),
      description: preprocessing.input.kind === 'table' ? 'column order, scaling, category maps, imputation and label names' : 'image size, channels, scaling and label names',
    });
  }
  return files;
}

/** The predictor worker's input for the same files (the weights copied, so the download keeps its bytes). */
export function predictorFiles(model: ExportedModel, preprocessing: PreprocessingJson): PredictorFiles {
  return { modelJson: model.modelJson, weights: model.weights.slice(0), preprocessing };
}

/** Metrics a summary names, in this order, with how each is written. */
const SUMMARY_METRICS: readonly { readonly name: string; readonly label: string; readonly percent: boolean }[] = [
  { name: 'valLoss', label: 'validation loss', percent: false },
  { name: 'valAccuracy', label: 'accuracy', percent: true },
  { name: 'valBalancedAccuracy', label: 'balanced accuracy', percent: true },
  { name: 'valMacroF1', label: 'macro-F1', percent: true },
  { name: 'valRmse', label: 'RMSE', percent: false },
  { name: 'valMae', label: 'MAE', percent: false },
  { name: 'valR2', label: 'R²', percent: false },
];

/** The retrained model's validation metrics in words ("validation loss 0.3120, accuracy 91.2 %"). */
export function metricSummary(metrics: Readonly<Record<string, number>>): string {
  return SUMMARY_METRICS.flatMap(({ name, label, percent }) => {
    const value = metrics[name];
    if (value === undefined || !Number.isFinite(value)) return [];
    return [percent ? `${label} ${(100 * value).toFixed(1)} %` : `${label} ${value.toPrecision(4)}`];
  }).join(', ');
}
