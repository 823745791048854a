/**
 * The page's registry of the user's data: the sources picked this visit (in memory), those kept in
 * IndexedDB with their studies, and the datasets built from them. `taskSetupFor(setup)` turns a
 * study's setup into what its workers get (`UserTaskSetup`): the source files are found by
 * fingerprint (memory first, then IndexedDB), the dataset is built once in the data-prep worker
 * (on SharedArrayBuffers) and kept, so repeated runs and exports of the same study share the same
 * arrays, and the model family is added (the user's own model checked against the data).
 *
 *   dataSources.remember(source);                       // Setup: a file the user just picked
 *   await dataSources.storeFor(setup);                  // before a study on it is stored
 *   const task = await dataSources.taskSetupFor(setup); // a run, a resume, an export
 *
 * Files that are nowhere raise `MissingDataError` (the page then asks for them, MissingData.svelte);
 * a build the worker refuses raises `DataRefusedError` with the worker's message.
 */
import {
  checkModelFiles,
  checkModelFitsData,
  type ImageReport,
  type ModelFamily,
  type PickedSourceFile,
  type PrepResult,
  type TableReport,
  type UserDataset,
  type UserTaskSetup,
} from '../../training';
import { pageStudyStore, shortFingerprint, type DataSource, type DataSourceKind, type StudyStore } from '../persistence';
import { setupSourceFiles, type UserDataSetup } from '../setup/data-setup';
import type { SetupConfig } from '../setup/setup-config';
import { dataPrep } from './data-prep-client';
import type { ImageRequest, TableRequest, UserDataKind } from '../../training';

export type { DataSource, DataSourceKind } from '../persistence';

/** What the registry asks of the data-prep worker (the comlink remote, or `createDataPrepApi()` in tests). */
export interface SourcePrep {
  fingerprint(files: readonly PickedSourceFile[]): Promise<string>;
  buildTable(file: PickedSourceFile, request: TableRequest): Promise<PrepResult<{ readonly dataset: UserDataset; readonly report: TableReport }>>;
  buildImages(files: readonly PickedSourceFile[], request: ImageRequest): Promise<PrepResult<{ readonly dataset: UserDataset; readonly report: ImageReport }>>;
}

/** What the registry asks of storage. */
export type SourceStore = Pick<StudyStore, 'putSource' | 'getSource'>;

export interface DataSourcesDeps {
  /** Default: the page's study store (IndexedDB). */
  readonly openStore?: () => Promise<SourceStore>;
  /** Default: the page's data-prep worker. */
  readonly prep?: () => Promise<SourcePrep>;
  /** Datasets kept built at once (each may be large); default 2. */
  readonly keepBuilt?: number;
}

/** A study's files are neither picked this visit nor stored in this browser. */
export class MissingDataError extends Error {
  override readonly name = 'MissingDataError';
  constructor(
    readonly fingerprint: string,
    /** The file, folder or model.json name the study's setup records. */
    readonly dataName: string,
    readonly source: DataSourceKind,
  ) {
    super(`This study’s data, ${dataName} (fingerprint ${shortFingerprint(fingerprint)}), is not in this browser: choose the ${pickWhat(source)}`);
  }
}

/** The data-prep worker refused to build the dataset; `problem` is its code (TableError, ImageFolderError…). */
export class DataRefusedError extends Error {
  override readonly name = 'DataRefusedError';
  constructor(
    readonly problem: string,
    message: string,
  ) {
    super(message);
  }
}

/** "file", "folder" or "model files": what the user is asked to choose for a source of this kind. */
export function pickWhat(kind: DataSourceKind): string {
  switch (kind) {
    case 'table':
      return 'file';
    case 'images':
      return 'folder';
    case 'model':
      return 'model files (model.json and its weight files)';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** A dataset built from a setup's data, with what the worker said about it. */
export interface BuiltDataset {
  readonly dataset: UserDataset;
  readonly report: TableReport | ImageReport;
}

export class DataSources {
  /** The dataset being built now (its name), for a progress line; null when none. */
  building = $state<string | null>(null);

  private readonly picked = new Map<string, DataSource>();
  private readonly built = new Map<string, Promise<BuiltDataset>>();
  private readonly openStore: () => Promise<SourceStore>;
  private readonly prep: () => Promise<SourcePrep>;
  private readonly keepBuilt: number;

  constructor(deps: DataSourcesDeps = {}) {
    this.openStore = deps.openStore ?? pageStudyStore;
    this.prep = deps.prep ?? dataPrep;
    this.keepBuilt = Math.max(1, deps.keepBuilt ?? 2);
  }

  /** Keeps a source picked this visit (in memory only, until a study on it is started). */
  remember(source: DataSource): void {
    this.picked.set(source.fingerprint, source);
  }

  /** The source with this fingerprint: picked this visit, or stored in this browser; null when neither. */
  async get(fingerprint: string): Promise<DataSource | null> {
    const picked = this.picked.get(fingerprint);
    if (picked !== undefined) return picked;
    let store: SourceStore;
    try {
      store = await this.openStore();
    } catch {
      return null; // no storage here: only what was picked this visit is known
    }
    return store.getSource(fingerprint);
  }

  /** Stores a source in IndexedDB (once per fingerprint); rejects with a `StorageError` saying what to free when storage is full. */
  async store(source: DataSource): Promise<void> {
    this.remember(source);
    await (await this.openStore()).putSource(source);
  }

  /** Stores every source `setup` names (before a study on them is stored); rejects with `MissingDataError` for one that is nowhere. */
  async storeFor(setup: SetupConfig): Promise<void> {
    for (const source of await this.sourcesFor(setup)) await this.store(source);
  }

  /** Every source `setup` names, data first; rejects with `MissingDataError` for the first that is nowhere. */
  async sourcesFor(setup: SetupConfig): Promise<DataSource[]> {
    const data = setup.data;
    if (data === undefined) return [];
    const sources: DataSource[] = [];
    for (const wanted of setupSourceFiles(data)) {
      const found = await this.get(wanted.fingerprint);
      if (found === null) throw new MissingDataError(wanted.fingerprint, wanted.name, wanted.kind);
      sources.push(found);
    }
    return sources;
  }

  /** The sources `setup` names that are nowhere (neither picked this visit nor stored), data first. */
  async missing(setup: SetupConfig): Promise<MissingDataError[]> {
    const data = setup.data;
    if (data === undefined) return [];
    const missing: MissingDataError[] = [];
    for (const wanted of setupSourceFiles(data)) {
      if ((await this.get(wanted.fingerprint)) === null) missing.push(new MissingDataError(wanted.fingerprint, wanted.name, wanted.kind));
    }
    return missing;
  }

  /** SHA-256 of picked files, in the data-prep worker (the same fingerprint the setup records). */
  async fingerprint(files: readonly PickedSourceFile[]): Promise<string> {
    return (await this.prep()).fingerprint(files);
  }

  /** What every user-data worker of a study on `setup` gets: the dataset (built once, kept) and the model family. */
  async taskSetupFor(setup: SetupConfig): Promise<UserTaskSetup> {
    const data = setup.data;
    if (data === undefined) throw new Error(`task ${setup.task} has no user data`);
    const { dataset } = await this.datasetFor(data, setup.seed, setup.folds ?? 1);
    return { dataset, family: await this.familyFor(data, dataset) };
  }

  /** The dataset `data` describes, split with `seed` into `folds`: built once, then the same arrays each time. */
  datasetFor(data: UserDataSetup, seed: number, folds: number): Promise<BuiltDataset> {
    const key = buildKey(data, seed, folds);
    const cached = this.built.get(key);
    if (cached !== undefined) {
      // Most recently used last: the oldest goes first when too many are kept.
      this.built.delete(key);
      this.built.set(key, cached);
      return cached;
    }
    const building = this.build(data, seed, folds);
    this.built.set(key, building);
    building.catch(() => {
      if (this.built.get(key) === building) this.built.delete(key);
    });
    while (this.built.size > this.keepBuilt) this.built.delete(this.built.keys().next().value as string);
    return building;
  }

  private async build(data: UserDataSetup, seed: number, folds: number): Promise<BuiltDataset> {
    const source = await this.sourceOf(data.fingerprint, data.name, data.source);
    const prep = await this.prep();
    this.building = data.name;
    try {
      const result = await buildDataset(prep, source, data, seed, folds);
      if (!result.ok) throw new DataRefusedError(result.problem, result.message);
      return result.value;
    } finally {
      this.building = null;
    }
  }

  /** The model family the worker trains; the user's own model is checked against the dataset first. */
  private async familyFor(data: UserDataSetup, dataset: UserDataset): Promise<ModelFamily> {
    const model = data.model;
    switch (model.kind) {
      case 'mlp':
      case 'cnn':
        return { kind: model.kind };
      case 'user-model': {
        const source = await this.sourceOf(model.fingerprint, model.name, 'model');
        const files = await Promise.all(source.files.map(async (file) => ({ name: file.path, bytes: await file.data.arrayBuffer() })));
        const summary = checkModelFiles(files);
        checkModelFitsData(summary, {
          inputShape: dataset.sampleShape,
          task: dataset.task,
          ...(dataset.classNames === null ? {} : { classes: dataset.classNames.length }),
        });
        return { kind: 'user-model', modelJson: JSON.stringify(summary.modelJson), weights: summary.weightData };
      }
      default: {
        const unreachable: never = model;
        return unreachable;
      }
    }
  }

  private async sourceOf(fingerprint: string, name: string, kind: DataSourceKind): Promise<DataSource> {
    const source = await this.get(fingerprint);
    if (source === null) throw new MissingDataError(fingerprint, name, kind);
    return source;
  }
}

function buildDataset(prep: SourcePrep, source: DataSource, data: UserDataSetup, seed: number, folds: number): Promise<PrepResult<BuiltDataset>> {
  const kind: UserDataKind = data.source;
  switch (kind) {
    case 'table': {
      const file = source.files[0];
      if (file === undefined || data.target === null) throw new Error(`the table ${data.name} has ${file === undefined ? 'no file' : 'no target column'}`);
      const request: TableRequest = { name: data.name, fingerprint: data.fingerprint, target: data.target, task: data.task, validationFraction: data.validationFraction, folds, seed };
      return prep.buildTable(file, request);
    }
    case 'images': {
      if (data.image === null) throw new Error(`the image folder ${data.name} has no image size`);
      const request: ImageRequest = { name: data.name, fingerprint: data.fingerprint, side: data.image.side, channels: data.image.channels, validationFraction: data.validationFraction, folds, seed };
      return prep.buildImages(source.files, request);
    }
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** One key per distinct dataset: the files, every choice that shapes it, the seed and the folds. */
function buildKey(data: UserDataSetup, seed: number, folds: number): string {
  return JSON.stringify([data.fingerprint, data.source, data.task, data.target, data.image?.side ?? null, data.image?.channels ?? null, data.validationFraction, seed, folds]);
}

/** The page's registry. */
export const dataSources = new DataSources();
