/**
 * Trains every configuration of one table's grid once, in process, on the project's user-data task
 * (the trial code the page's workers run) driven through a TaskWorker on tfjs's WebAssembly
 * backend with the project's training kernels, and returns the stored table.
 *
 * Notation (one train/validation split; v validation rows, k classes):
 *   value(c)   the last epoch's validation loss of configuration c: mean cross-entropy
 *              −(1/v) Σ log p̂(y_i) for classes, mean squared error (1/v) Σ (ŷ_i − y_i)² on the
 *              target's own scale for regression
 *   prior loss what predicting the training rows' prior gives: −(1/v) Σ log π(y_i) with π the
 *              training class frequencies, or (1/v) Σ (ȳ − y_i)² with ȳ the training mean.
 *              A configuration whose training diverged (non-finite loss or prediction) records it.
 *
 * Every configuration trains with the same seed, so a rebuild on the same versions gives the same rows.
 */
import { version as tfjsVersion } from '@tensorflow/tfjs';
import type { Params } from '../../../src/tuner';
import { TaskWorker } from '../../../src/training/serve/task-worker';
import type { UserDataset } from '../../../src/training/user-data';
import { createUserDataTask } from '../../../src/training/user-data/user-data-task';
import { SPLIT, TRAINING_SEED, type TableSpec } from './specs';
import { TABLE_FORMAT, tableConfigurations, type StoredTable, type TableRow } from './table-format';

/** Hears each configuration as it ends: its index, the count, its outcome in words, and its seconds. */
export type ProgressListener = (index: number, count: number, outcome: string, seconds: number) => void;

/** The loss of predicting the training rows' prior on the validation rows (see the module comment). */
export function priorLoss(dataset: UserDataset): number {
  const fold = dataset.folds[0];
  if (fold === undefined) throw new Error(`${dataset.name}: the dataset has no train/validation split`);
  const labels = dataset.labels;
  if (dataset.task === 'regression') {
    const mean = fold.train.reduce((sum, row) => sum + (labels[row] as number), 0) / fold.train.length;
    return fold.validation.reduce((sum, row) => sum + (mean - (labels[row] as number)) ** 2, 0) / fold.validation.length;
  }
  const counts = new Map<number, number>();
  for (const row of fold.train) counts.set(labels[row] as number, (counts.get(labels[row] as number) ?? 0) + 1);
  let sum = 0;
  for (const row of fold.validation) {
    const count = counts.get(labels[row] as number);
    if (count === undefined) throw new Error(`${dataset.name}: validation row ${row} has class ${labels[row]}, which no training row has`);
    sum -= Math.log(count / fold.train.length);
  }
  return sum / fold.validation.length;
}

/** Trains every configuration of `spec`'s grid; a failure other than divergence stops the build naming the configuration. */
export async function trainTable(spec: TableSpec, onProgress: ProgressListener): Promise<StoredTable> {
  const dataset = await spec.data();
  const fold = dataset.folds[0];
  if (fold === undefined) throw new Error(`${spec.name}: the dataset has no train/validation split`);
  const prior = priorLoss(dataset);
  const worker = new TaskWorker(createUserDataTask());
  const report = await worker.init('wasm', { dataset, family: { kind: spec.family } });
  if (report?.backend !== 'wasm') throw new Error(`${spec.name}: the WebAssembly backend did not start (${JSON.stringify(report)})`);
  const configurations = tableConfigurations(spec.space);
  const rows: TableRow[] = [];
  for (const [index, params] of configurations.entries()) {
    const started = performance.now();
    const row = await trainOne(worker, spec, params, index, prior);
    rows.push(row);
    onProgress(index, configurations.length, row.diverged === true ? 'diverged' : row.value.toPrecision(5), (performance.now() - started) / 1000);
  }
  const divergedCount = rows.filter((row) => row.diverged === true).length;
  const metric =
    dataset.task === 'classification'
      ? `validation cross-entropy (nats) after the last of ${spec.epochs} epochs`
      : `validation mean squared error on the target's own scale after the last of ${spec.epochs} epochs`;
  return {
    format: TABLE_FORMAT,
    name: spec.name,
    description: spec.description,
    dataset: `${spec.source.title}: ${spec.source.source}. Licence: ${spec.source.licence}.`,
    model: spec.model,
    metric,
    space: spec.space,
    rows,
    diverged: {
      value: prior,
      rule: `a run whose training loss or predictions became non-finite records the loss of predicting the training rows' prior (${dataset.task === 'classification' ? 'class frequencies' : 'mean'}) on the validation rows`,
      count: divergedCount,
    },
    builtWith: {
      script: 'bench/tuner/tables/build-tables.ts (npm run bench:tables)',
      backend: 'wasm',
      tfjs: tfjsVersion.tfjs,
      node: process.version,
      epochs: spec.epochs,
      trainingSeed: TRAINING_SEED,
      split: { validationFraction: SPLIT.validationFraction, seed: SPLIT.seed, trainRows: fold.train.length, validationRows: fold.validation.length },
    },
  };
}

async function trainOne(worker: TaskWorker, spec: TableSpec, params: Params, index: number, prior: number): Promise<TableRow> {
  const result = await worker.run({ trialId: index, attempt: 0, params, seed: TRAINING_SEED, maxEpochs: spec.epochs }, () => undefined);
  switch (result.kind) {
    case 'complete': {
      const value = result.metrics.valLoss;
      if (typeof value !== 'number') throw new Error(`${spec.name} ${JSON.stringify(params)}: no valLoss among ${Object.keys(result.metrics).join(', ')}`);
      if (!Number.isFinite(value)) return { params, value: prior, diverged: true };
      return { params, value };
    }
    case 'failed':
      if (result.cause === 'diverged') return { params, value: prior, diverged: true };
      throw new Error(`${spec.name} ${JSON.stringify(params)} failed (${result.cause}): ${result.reason}`);
    case 'stopped':
      throw new Error(`${spec.name} ${JSON.stringify(params)}: the run stopped before its last epoch`);
    default: {
      const unreachable: never = result;
      throw new Error(`unknown task result ${JSON.stringify(unreachable)}`);
    }
  }
}
