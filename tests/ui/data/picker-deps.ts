/**
 * What the "Your data" tests give a `DataPicker` in Node: the real data-preparation API (tables)
 * called directly instead of through its worker, a register of sources in a Map, and builds made at
 * once; plus the files they pick (the fruit table, small CSVs, a one-layer tfjs model).
 */
import type { Remote } from 'comlink';
import { createDataPrepApi } from '../../../src/training/user-data/data-prep-api';
import type { DataPrepApi, PickedSourceFile } from '../../../src/training';
import type { DataPickerDeps } from '../../../src/ui/data/data-picker.svelte';
import type { DataSource } from '../../../src/ui/data/data-sources.svelte';
import { CLASSIFICATION, classificationCsv } from '../../e2e/user-data-fixtures';

export const fruit = (): PickedSourceFile => ({ path: CLASSIFICATION.name, data: new Blob([new Uint8Array(classificationCsv().buffer)]) });
export const csv = (path: string, text: string): PickedSourceFile => ({ path, data: new Blob([text]) });

/** The picker's page services in Node; `remembered` is the register (share it to find files picked by another picker). */
export function nodePickerDeps(remembered: Map<string, DataSource> = new Map()): DataPickerDeps {
  const api = createDataPrepApi();
  return {
    prep: async () => api as unknown as Remote<DataPrepApi>,
    remember: (source) => remembered.set(source.fingerprint, source),
    find: async (fingerprint) => remembered.get(fingerprint) ?? null,
    build: async (data, seed, folds) => {
      const source = remembered.get(data.fingerprint);
      if (source === undefined || data.target === null) throw new Error(`${data.name} was not picked`);
      const request = { name: data.name, fingerprint: data.fingerprint, target: data.target, task: data.task, validationFraction: data.validationFraction, folds, seed };
      const result = await api.buildTable(source.files[0] as PickedSourceFile, request);
      if (!result.ok) throw new Error(result.message);
      return result.value;
    },
    settleMs: 0,
  };
}

/** A Sequential model.json (one Dense layer of `units` on `width` inputs) with its weights. */
export function denseModel(width: number, units: number): PickedSourceFile[] {
  const modelJson = {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'tiny', layers: [{ class_name: 'Dense', config: { name: 'out', units, activation: 'softmax', batch_input_shape: [null, width], trainable: true } }] },
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'out/kernel', shape: [width, units], dtype: 'float32' }, { name: 'out/bias', shape: [units], dtype: 'float32' }] }],
  };
  return [
    { path: 'model.json', data: new Blob([JSON.stringify(modelJson)]) },
    { path: 'weights.bin', data: new Blob([new Float32Array(width * units + units)]) },
  ];
}

