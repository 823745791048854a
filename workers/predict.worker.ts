/**
 * The predictor worker: a thin comlink shell over `createPredictor()` (a downloaded model's three
 * files, loaded and predicted with off the main thread). The outputs of `predictRows` are
 * transferred, not copied. The wasm backend is told where this site serves its binaries.
 */
import * as Comlink from 'comlink';
import { configureWasm } from '../src/training/serve';
import type { PredictorApi } from '../src/training/user-data/predict-protocol';
import { createPredictor } from '../src/training/user-data/predictor';
import { WASM_BINARY_URLS } from './wasm-binaries';

configureWasm({ binaries: WASM_BINARY_URLS });
const predictor = createPredictor();
const api: PredictorApi = {
  load: (files, preference) => predictor.load(files, preference),
  predictRecord: (record) => predictor.predictRecord(record),
  predictImage: (image) => predictor.predictImage(image),
  predictRows: async (features, rows, sampleSize) => {
    const outputs = await predictor.predictRows(features, rows, sampleSize);
    return Comlink.transfer(outputs, [outputs.buffer]);
  },
};
Comlink.expose(api);
