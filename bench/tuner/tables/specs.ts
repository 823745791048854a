/**
 * The tabular benchmarks' definitions: for each, a small public dataset, a model family of the
 * project's user-data task, a finite mixed int/categorical grid of its hyperparameters, and the
 * epochs every configuration trains. build-tables.ts trains every configuration of each grid once
 * and writes the table; nothing here trains.
 *
 * The datasets are the AutoML benchmark's (bench/automl/sources.ts): tables from the `vega-datasets`
 * npm package through the data-preparation API exactly as the page prepares the CSV a user picks,
 * and an MNIST image folder from the bytes scripts/build-datasets.ts writes into public/data.
 * The grids mix plateaus (configurations that all fit well), cliffs (learning rates that diverge or
 * never leave the start) and interactions (SGD wants a larger learning rate than Adam).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import type { SearchSpace } from '../../../src/tuner';
import type { UserDataset } from '../../../src/training/user-data';
import { createDataPrepApi } from '../../../src/training/user-data/data-prep-api';
import { mnistFolderDataset } from '../../automl/image-dataset';
import { CARS, MNIST_FOLDER, PENGUINS, SEATTLE_WEATHER, type BenchSource, type TableSource } from '../../automl/sources';

/** Every table's split: 20 % of the rows for validation, stratified for classes, shuffled with this seed. */
export const SPLIT = { validationFraction: 0.2, seed: 1 } as const;

/** The seed every configuration trains with (initial weights, dropout masks, batch order). */
export const TRAINING_SEED = 1;

/** MNIST images of each digit in the CNN's image folder (the first ones of the file). */
export const IMAGES_PER_CLASS = 150;

/** One tabular benchmark to build. */
export interface TableSpec {
  /** The table's id: its file is bench/tuner/tables/<name>.json. */
  readonly name: string;
  /** One line for the report. */
  readonly description: string;
  readonly source: BenchSource;
  readonly family: 'mlp' | 'cnn';
  /** The model in words. */
  readonly model: string;
  /** Finite: int and categorical parameters only. */
  readonly space: SearchSpace;
  /** Epochs every configuration trains; its value is the last epoch's validation loss. */
  readonly epochs: number;
  /** The dataset, prepared as the page prepares it. */
  readonly data: () => Promise<UserDataset>;
}

/** A vega-datasets table through the data-preparation API (profiling, encoding fitted on the training rows, the seeded split). */
async function preparedTable(source: TableSource): Promise<UserDataset> {
  const api = createDataPrepApi();
  const file = { path: source.fileName, data: new Blob([source.csv()], { type: 'text/csv' }) };
  const fingerprint = await api.fingerprint([file]);
  const built = await api.buildTable(file, { name: source.fileName, fingerprint, target: source.target, task: source.task, validationFraction: SPLIT.validationFraction, folds: 1, seed: SPLIT.seed });
  if (!built.ok) throw new Error(`${source.fileName} was refused by the data preparation: ${built.message}`);
  return built.value.dataset;
}

const require = createRequire(import.meta.url);

/**
 * Palmer penguins with the penguin's sex as the target: harder than the species (which the
 * measurements all but give away), so that the best configurations do not all tie near zero loss.
 * The rows whose sex is unknown (null, or "." in one row) are left out.
 */
const PENGUINS_SEX: TableSource = {
  ...PENGUINS,
  id: 'penguins-sex',
  title: 'Palmer penguins, sex',
  fileName: 'penguins-sex.csv',
  target: 'Sex',
  why: 'male or female from species, island, beak, flipper and mass',
  csv: () => {
    const path = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'penguins.json');
    const records = (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[]).filter((r) => r.Sex === 'MALE' || r.Sex === 'FEMALE');
    return new TextEncoder().encode(Papa.unparse(records, { newline: '\n' }));
  },
};

const PENGUINS_MLP: TableSpec = {
  name: 'penguins-sex-mlp',
  description: 'MLP classifying Palmer penguins\' sex, 216 configurations, cross-entropy after 6 epochs',
  source: PENGUINS_SEX,
  family: 'mlp',
  model: 'MLP: layers × (dense units → activation → dropout 0.1) → softmax; the user-data task\'s MLP',
  space: {
    layers: { type: 'int', low: 1, high: 3 },
    units: { type: 'categorical', choices: [8, 32, 128] },
    activation: { type: 'categorical', choices: ['relu', 'tanh'] },
    optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
    learningRate: { type: 'categorical', choices: [0.001, 0.01, 0.1] },
    batchSize: { type: 'categorical', choices: [16, 64] },
  },
  epochs: 6,
  data: () => preparedTable(PENGUINS_SEX),
};

const CARS_MLP: TableSpec = {
  name: 'cars-mlp',
  description: 'MLP regressing cars\' miles per gallon, 216 configurations, MSE (mpg²) after 10 epochs',
  source: CARS,
  family: 'mlp',
  model: 'MLP: layers × (dense units → activation → dropout) → one linear unit on the standardised target; the user-data task\'s MLP',
  space: {
    layers: { type: 'int', low: 1, high: 3 },
    units: { type: 'categorical', choices: [16, 64] },
    activation: { type: 'categorical', choices: ['relu', 'tanh'] },
    optimizer: { type: 'categorical', choices: ['sgd', 'momentum', 'adam'] },
    learningRate: { type: 'categorical', choices: [0.001, 0.01, 0.1] },
    dropout: { type: 'categorical', choices: [0, 0.3] },
  },
  epochs: 10,
  data: () => preparedTable(CARS),
};

const SEATTLE_WEATHER_MLP: TableSpec = {
  name: 'seattle-weather-mlp',
  description: 'MLP classifying Seattle\'s weather (5 unbalanced classes), 144 configurations, cross-entropy after 4 epochs',
  source: SEATTLE_WEATHER,
  family: 'mlp',
  model: 'MLP: layers × (dense units → [batch norm] → activation → dropout 0.1) → softmax; the user-data task\'s MLP',
  space: {
    layers: { type: 'int', low: 1, high: 2 },
    units: { type: 'int', low: 8, high: 64, step: 56 },
    activation: { type: 'categorical', choices: ['relu', 'elu', 'tanh'] },
    batchNorm: { type: 'categorical', choices: [false, true] },
    optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
    learningRate: { type: 'categorical', choices: [0.001, 0.01, 0.1] },
  },
  epochs: 4,
  data: () => preparedTable(SEATTLE_WEATHER),
};

const MNIST_CNN: TableSpec = {
  name: 'mnist-cnn',
  description: `small CNN on ${IMAGES_PER_CLASS * 10} MNIST digits (an image folder), 144 configurations, cross-entropy after 3 epochs`,
  source: MNIST_FOLDER,
  family: 'cnn',
  model: 'CNN: convBlocks × (conv kernelSize², filters·2^b → activation → max-pool 2×2) → dropout 0.1 → [dense denseUnits] → softmax; the built-in CNN',
  space: {
    convBlocks: { type: 'int', low: 1, high: 3 },
    filters: { type: 'categorical', choices: [4, 16] },
    kernelSize: { type: 'categorical', choices: [3, 5] },
    denseUnits: { type: 'categorical', choices: [0, 64] },
    optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
    learningRate: { type: 'categorical', choices: [0.001, 0.01, 0.1] },
  },
  epochs: 3,
  data: async () => mnistFolderDataset({ perClass: IMAGES_PER_CLASS, validationFraction: SPLIT.validationFraction, seed: SPLIT.seed }),
};

/** Every tabular benchmark, in build order. */
export const TABLE_SPECS: readonly TableSpec[] = [PENGUINS_MLP, CARS_MLP, SEATTLE_WEATHER_MLP, MNIST_CNN];
