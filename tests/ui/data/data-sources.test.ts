/**
 * The page's registry of user data, in Node: the data-prep API runs in-process (tables), storage is
 * fake-indexeddb. A dataset is built once per (data, choices, seed, folds) and shared; a reload finds
 * the files in IndexedDB; files that are nowhere raise MissingDataError; refusals keep their message.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFiles, WEIGHTS_FILE } from '../../../src/training/serve/model-export';
import { createDataPrepApi } from '../../../src/training/user-data/data-prep-api';
import { fingerprintFiles, UserModelError, type PickedSourceFile } from '../../../src/training';
import { DataRefusedError, DataSources, MissingDataError, type SourcePrep } from '../../../src/ui/data/data-sources.svelte';
import { openStudyStore, type DataSource, type StudyStore } from '../../../src/ui/persistence';
import { dataSetup, tableData, tableSource } from '../persistence/data-fixtures';
import { defaultDataSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';

/** 40 rows: two numeric features, two balanced classes. */
const CSV = ['x1,x2,species', ...Array.from({ length: 40 }, (_, i) => `${(i * 7) % 13},${(i * 3) % 11},${i % 2 === 0 ? 'Adelie' : 'Gentoo'}`)].join('\n');

/** The in-process data-prep API, counting builds. */
function countingPrep(): { prep: () => Promise<SourcePrep>; builds: () => number } {
  const api = createDataPrepApi();
  let builds = 0;
  const prep: SourcePrep = {
    fingerprint: (files) => api.fingerprint(files),
    buildTable: (file, request) => {
      builds += 1;
      return api.buildTable(file, request);
    },
    buildImages: (files, request) => {
      builds += 1;
      return api.buildImages(files, request);
    },
  };
  return { prep: async () => prep, builds: () => builds };
}

function freshStore(): Promise<StudyStore> {
  return openStudyStore({ factory: new IDBFactory(), keyRanges: IDBKeyRange });
}

async function modelSource(inputSize: number, units: number): Promise<DataSource> {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [inputSize], units, activation: 'softmax' })] });
  const { modelJson, weights } = await modelFiles(model);
  model.dispose();
  const files: PickedSourceFile[] = [
    { path: 'model.json', data: new Blob([modelJson], { type: 'application/json' }) },
    { path: WEIGHTS_FILE, data: new Blob([weights]) },
  ];
  return { kind: 'model', name: 'model.json', fingerprint: await fingerprintFiles(files), bytes: files.reduce((n, f) => n + f.data.size, 0), files };
}

function modelSetup(table: DataSource, model: DataSource): SetupConfig {
  return defaultDataSetup(tableData(table, model));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('DataSources.taskSetupFor', () => {
  const table = tableSource('penguins.csv', CSV);

  it('builds the dataset once and hands out the same shared arrays for the same setup', async () => {
    const { prep, builds } = countingPrep();
    const sources = new DataSources({ openStore: freshStore, prep });
    sources.remember(table);
    const setup = dataSetup(table);
    const first = await sources.taskSetupFor(setup);
    const again = await sources.taskSetupFor({ ...setup, budget: { ...setup.budget, trials: 3 } });
    expect(builds()).toBe(1);
    expect(again.dataset).toBe(first.dataset);
    expect(first.family).toEqual({ kind: 'mlp' });
    expect(first.dataset).toMatchObject({ kind: 'table', task: 'classification', fingerprint: table.fingerprint, rows: 40, sampleShape: [2], classNames: ['Adelie', 'Gentoo'] });
    expect(first.dataset.folds[0]!.features.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('builds again for another seed, fold count or target choice', async () => {
    const { prep, builds } = countingPrep();
    const sources = new DataSources({ openStore: freshStore, prep, keepBuilt: 4 });
    sources.remember(table);
    const setup = dataSetup(table);
    const base = await sources.taskSetupFor(setup);
    const reseeded = await sources.taskSetupFor({ ...setup, seed: 2 });
    const folded = await sources.taskSetupFor({ ...setup, folds: 3 });
    expect(builds()).toBe(3);
    expect(reseeded.dataset).not.toBe(base.dataset);
    expect(folded.dataset.folds.length).toBe(3);
    expect((await sources.taskSetupFor(setup)).dataset).toBe(base.dataset);
    expect(builds()).toBe(3);
  });

  it('after a reload, finds the files stored in IndexedDB and builds the same split', async () => {
    const store = await freshStore();
    const { prep } = countingPrep();
    const before = new DataSources({ openStore: async () => store, prep });
    before.remember(table);
    const setup = dataSetup(table);
    await before.storeFor(setup);
    const built = await before.taskSetupFor(setup);
    const reloaded = new DataSources({ openStore: async () => store, prep });
    const rebuilt = await reloaded.taskSetupFor(setup);
    expect(Array.from(rebuilt.dataset.folds[0]!.train)).toEqual(Array.from(built.dataset.folds[0]!.train));
    expect(Array.from(rebuilt.dataset.folds[0]!.validation)).toEqual(Array.from(built.dataset.folds[0]!.validation));
    store.close();
  });

  it('raises MissingDataError naming the data and its fingerprint when the files are nowhere', async () => {
    const sources = new DataSources({ openStore: freshStore, prep: countingPrep().prep });
    const setup = dataSetup(table);
    const error = await sources.taskSetupFor(setup).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDataError);
    expect(error).toMatchObject({ fingerprint: table.fingerprint, dataName: 'penguins.csv', source: 'table' });
    expect((error as Error).message).toBe(`This study’s data, penguins.csv (fingerprint ${table.fingerprint.slice(0, 8)}…), is not in this browser: choose the file`);
    expect((await sources.missing(setup)).map((m) => m.fingerprint)).toEqual([table.fingerprint]);
  });

  it('works from memory where the browser gives no storage', async () => {
    const sources = new DataSources({ openStore: () => Promise.reject(new Error('no IndexedDB')), prep: countingPrep().prep });
    sources.remember(table);
    expect((await sources.taskSetupFor(dataSetup(table))).dataset.rows).toBe(40);
  });

  it('a build the worker refuses raises DataRefusedError with its message, and is not kept', async () => {
    const { prep, builds } = countingPrep();
    const sources = new DataSources({ openStore: freshStore, prep });
    sources.remember(table);
    const setup = defaultDataSetup(tableData(table, undefined, 'bill'));
    const error = await sources.taskSetupFor(setup).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataRefusedError);
    expect((error as Error).message).toMatch(/bill/);
    await sources.taskSetupFor(setup).catch(() => undefined);
    expect(builds()).toBe(2);
  });

  it('adds the user’s model (model.json and its weights) when it fits the data', async () => {
    const model = await modelSource(2, 2);
    const sources = new DataSources({ openStore: freshStore, prep: countingPrep().prep });
    sources.remember(table);
    sources.remember(model);
    const { family } = await sources.taskSetupFor(modelSetup(table, model));
    expect(family.kind).toBe('user-model');
    if (family.kind !== 'user-model') return;
    expect(JSON.parse(family.modelJson).modelTopology.class_name).toBe('Sequential');
    expect(family.weights.byteLength).toBe((2 * 2 + 2) * 4);
  });

  it('refuses a user model that does not fit the data, with the check’s message', async () => {
    const model = await modelSource(5, 2);
    const sources = new DataSources({ openStore: freshStore, prep: countingPrep().prep });
    sources.remember(table);
    sources.remember(model);
    const error = await sources.taskSetupFor(modelSetup(table, model)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserModelError);
    expect((error as Error).message).toBe('model.json takes inputs of shape [5] per sample, but the data gives [2]');
  });

  it('a missing model raises MissingDataError for the model', async () => {
    const model = await modelSource(2, 2);
    const sources = new DataSources({ openStore: freshStore, prep: countingPrep().prep });
    sources.remember(table);
    const error = await sources.taskSetupFor(modelSetup(table, model)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MissingDataError', source: 'model', dataName: 'model.json' });
    expect((error as Error).message).toMatch(/choose the model files \(model.json and its weight files\)$/);
  });
});
