/**
 * The "Your data" part of Setup: which source the user tunes on (a table or an image folder, and
 * optionally their own tfjs model), what the data-prep worker found in each pick, and what the user
 * chose. A pick is read in this tab (the files stay Blobs), fingerprinted and previewed in the
 * data-prep worker, and remembered by `dataSources`; a refused pick is shown as `refusal` and
 * changes nothing else, so the previous choice stays. `dataSetup` is the study's `data` field
 * (null until a source is chosen) and `problem` what still stops a study from starting.
 *
 *   const picker = new DataPicker(() => ({ seed: 1, folds: 1 }), () => editor.dataChanged());
 *   await picker.pickTable([{ path: 'fruit.csv', data: file }]);
 *   picker.dataSetup;   // { source: 'table', target: 'fruit', task: 'classification', model: { kind: 'mlp' }, … }
 */
import type { Remote } from 'comlink';
import { MAX_IMAGE_SIDE, MIN_IMAGE_SIDE, type DataPrepApi, type PickedSourceFile, type UserDataKind } from '../../training';
import { DEFAULT_VALIDATION_FRACTION, VALIDATION_FRACTION_RANGE, type UserDataSetup } from '../setup/data-setup';
import { dataPrep } from './data-prep-client';
import { dataSources, type DataSource } from './data-sources.svelte';
import { pickName, readImagePick, readModelPick, readTablePick, sentence, type PickOutcome } from './read-picks';
import { modelFit, type ModelFit } from './model-layers';
import { buildKey, PreviewBuilds, type BuildDataset, type PendingBuild } from './preview-builds';
import { applyChoices, choicesDataSetup, choicesDataShape, ImageChoice, ModelChoice, sameData, TableChoice } from './source-choices.svelte';

export type { ModelFit } from './model-layers';
export type { PendingBuild } from './preview-builds';

/** What a pick was for. */
export type PickKind = UserDataKind | 'model';

/** What the picker needs from the page: the data-prep worker and the page's register of sources. */
export interface DataPickerDeps {
  readonly prep: () => Promise<Remote<DataPrepApi>>;
  readonly remember: (source: DataSource) => void;
  /** The files of a fingerprint picked before (this visit, or kept in this browser), or null. */
  readonly find: (fingerprint: string) => Promise<DataSource | null>;
  /** The dataset a study's data calls for, built (or kept from before) with what the worker said about it. */
  readonly build: BuildDataset;
  /** Milliseconds a choice must stay unchanged before the dataset is built for the preview (default 300). */
  readonly settleMs?: number;
}

const PAGE_DEPS: DataPickerDeps = {
  prep: dataPrep,
  remember: (source) => dataSources.remember(source),
  find: (fingerprint) => dataSources.get(fingerprint),
  build: (data, seed, folds) => dataSources.datasetFor(data, seed, folds),
};

/** Why the data changed: the user picked or chose something, or a loaded setup's files were found again. */
export type DataChange = 'picked' | 'restored';

export class DataPicker {
  /** The source the study tunes on; the other pick, if any, is kept for a switch back. */
  source = $state<UserDataKind>('table');
  table = $state.raw<TableChoice | null>(null);
  images = $state.raw<ImageChoice | null>(null);
  model = $state.raw<ModelChoice | null>(null);
  validationFraction = $state(DEFAULT_VALIDATION_FRACTION);
  /** The last pick that was refused, with the reason in words; cleared by the next accepted pick. */
  refusal = $state<{ readonly kind: PickKind; readonly message: string } | null>(null);
  /** What is being read and previewed now, by kind (a table and a model may be read at once). */
  private readingNames = $state<Partial<Record<PickKind, string>>>({});
  /** A loaded setup's data (a saved study, a shared link) whose files are not picked here: it stands as it is until a pick replaces it. */
  loaded = $state.raw<UserDataSetup | null>(null);

  private readonly deps: DataPickerDeps;
  /** Per kind, the latest pick: an earlier pick of the same kind that finishes later is dropped. */
  private readonly pickTokens: Record<PickKind, number> = { table: 0, images: 0, model: 0 };
  private readonly builds: PreviewBuilds;
  private restoreToken = 0;
  /** While a loaded setup's files are picked again, changes are reported once, at the end, as 'restored'. */
  private restoring = false;

  /** `split`: the study's seed and folds (read reactively); `onChange`: called when the data's kind, task or model family may have changed. */
  constructor(
    private readonly split: () => { readonly seed: number; readonly folds: number },
    private readonly onChange: (change: DataChange) => void = () => {},
    deps: DataPickerDeps = PAGE_DEPS,
  ) {
    this.deps = deps;
    this.builds = new PreviewBuilds(deps.build, deps.settleMs);
  }

  /** The names of what is being read and previewed now, or null when nothing is. */
  get reading(): string | null {
    const names = Object.values(this.readingNames);
    return names.length === 0 ? null : names.join(', ');
  }

  /** The current data choice (table or image folder), or null. */
  get current(): TableChoice | ImageChoice | null {
    return this.source === 'table' ? this.table : this.images;
  }

  chooseSource(source: UserDataKind): void {
    this.source = source;
    this.changed();
  }

  chooseTarget(column: string): void {
    this.table?.chooseTarget(column);
    this.changed();
  }

  chooseTask(task: 'classification' | 'regression'): void {
    if (this.table !== null) this.table.task = task;
    this.changed();
  }

  setTuneTrainable(on: boolean): void {
    if (this.model !== null) this.model.tuneTrainable = on;
    this.changed();
  }

  removeModel(): void {
    this.model = null;
    if (this.refusal?.kind === 'model') this.refusal = null;
    if (this.loaded?.model.kind === 'user-model') this.loaded = { ...this.loaded, model: this.loaded.source === 'table' ? { kind: 'mlp' } : { kind: 'cnn' } };
    this.changed();
  }

  private changed(): void {
    if (!this.restoring) this.onChange('picked');
  }

  /**
   * Takes a loaded setup's data: its choices stand at once (`loaded`), and when this browser still
   * has its files (`find`), they are previewed again with those choices.
   */
  async restore(data: UserDataSetup): Promise<void> {
    if (sameData(this.dataSetup, data)) return;
    const token = ++this.restoreToken;
    this.loaded = data;
    this.source = data.source;
    this.validationFraction = data.validationFraction;
    // The loaded setup's data replaces what was picked before (kept only when it is the same files).
    if (data.source === 'table' && this.table?.source.fingerprint !== data.fingerprint) this.table = null;
    if (data.source === 'images' && this.images?.source.fingerprint !== data.fingerprint) {
      this.images?.dispose();
      this.images = null;
    }
    if (data.model.kind !== 'user-model' || this.model?.source.fingerprint !== data.model.fingerprint) this.model = null;
    const [found, model] = await Promise.all([
      this.deps.find(data.fingerprint).catch(() => null),
      data.model.kind === 'user-model' ? this.deps.find(data.model.fingerprint).catch(() => null) : Promise.resolve(null),
    ]);
    if (token !== this.restoreToken || this.loaded !== data) return;
    this.restoring = true;
    try {
      if (found !== null && this.current === null) await (data.source === 'table' ? this.pickTable(found.files) : this.pickImages(found.files));
      if (model !== null && this.model === null) await this.pickModel(model.files);
      applyChoices(this, data);
      if (this.current !== null) this.loaded = null;
    } finally {
      this.restoring = false;
    }
    this.onChange('restored');
  }

  /** A table: one CSV or TSV file. */
  async pickTable(files: readonly PickedSourceFile[]): Promise<void> {
    this.source = 'table';
    await this.read('table', files, readTablePick, (source, preview) => {
      this.table = new TableChoice(source, preview);
    });
  }

  /** An image folder: its files with paths "folder/class/image.png". */
  async pickImages(files: readonly PickedSourceFile[]): Promise<void> {
    this.source = 'images';
    await this.read('images', files, readImagePick, (source, preview) => {
      const previous = this.images;
      const choice = new ImageChoice(source, preview);
      if (previous !== null) {
        choice.side = previous.side;
        choice.channels = previous.channels;
        previous.dispose();
      }
      this.images = choice;
    });
  }

  /** A tfjs LayersModel: model.json and its weight files, checked here (pure TypeScript) before it is fingerprinted. */
  async pickModel(files: readonly PickedSourceFile[]): Promise<void> {
    await this.read('model', files, readModelPick, (source, checked) => {
      this.model = new ModelChoice(source, checked);
    });
  }

  /** The study's `data` field for the current choices, or null while no source (or no target) is chosen. */
  get dataSetup(): UserDataSetup | null {
    return choicesDataSetup(this);
  }

  /** The weighted layers of the user's model (the ones a search may freeze), or undefined without one. */
  get weightedLayers(): number | undefined {
    return this.model?.weightedLayers;
  }

  /** Whether the user's model fits the current data (input shape, number of outputs). */
  get modelFit(): ModelFit | null {
    return this.model === null ? null : modelFit(this.model.files, choicesDataShape(this, this.pendingKey));
  }

  /** What still stops a study on this data from starting, in words; null when nothing does. */
  get problem(): string | null {
    const current = this.current;
    if (current === null && this.loaded?.source === this.source) return null;
    if (current === null) return `Pick or drop ${this.source === 'table' ? 'a CSV or TSV file' : 'an image folder'} to tune on your data.`;
    if (current instanceof TableChoice && current.target === null) return 'Choose the target column: the one the model learns to predict.';
    const build = current.build;
    if (build.kind === 'refused' && build.key === this.pendingKey) return build.message;
    const fit = this.modelFit;
    if (fit?.kind === 'refused') return fit.message;
    if (fit?.kind === 'pending') return 'Checking that your model fits the data…';
    return null;
  }

  /** The dataset the current choices call for (read reactively: the view asks for a build when it changes). */
  get pendingBuild(): PendingBuild | null {
    const choice = this.current;
    const data = this.dataSetup;
    if (choice === null || data === null) return null;
    const { seed, folds } = this.split();
    const [low, high] = VALIDATION_FRACTION_RANGE;
    if (!(data.validationFraction >= low && data.validationFraction <= high && Number.isInteger(folds) && folds >= 1 && Number.isInteger(seed))) return null;
    if (data.image !== null && !(Number.isInteger(data.image.side) && data.image.side >= MIN_IMAGE_SIDE && data.image.side <= MAX_IMAGE_SIDE)) return null;
    return { choice, data, seed, folds, key: buildKey(data, seed, folds) };
  }

  /** Builds the dataset for `pending` once the choices have settled, for the preview (see `PreviewBuilds`). */
  requestBuild(pending: PendingBuild | null): void {
    this.builds.request(pending);
  }

  private get pendingKey(): string | null {
    return this.pendingBuild?.key ?? null;
  }

  /** Reads a pick; `take` keeps it when it was accepted and no later pick has started. */
  private async read<T>(
    kind: PickKind,
    files: readonly PickedSourceFile[],
    reader: (prep: Remote<DataPrepApi>, files: readonly PickedSourceFile[]) => Promise<PickOutcome<T>>,
    take: (source: DataSource, found: T) => void,
  ): Promise<void> {
    const token = ++this.pickTokens[kind];
    const latest = () => token === this.pickTokens[kind];
    const name = pickName(files, kind);
    this.readingNames = { ...this.readingNames, [kind]: name };
    try {
      const outcome = await reader(await this.deps.prep(), files);
      if (!latest()) return;
      if (!outcome.ok) {
        this.refuse(kind, outcome.message);
        return;
      }
      this.deps.remember(outcome.source);
      take(outcome.source, outcome.found);
      this.refusal = null;
      // The files a loaded setup names, picked again: its choices (and its space) stand.
      const loaded = this.loaded;
      const fingerprint = outcome.source.fingerprint;
      const again = loaded !== null && (kind === 'model' ? loaded.model.kind === 'user-model' && loaded.model.fingerprint === fingerprint : loaded.fingerprint === fingerprint);
      if (again) applyChoices(this, loaded);
      if (kind !== 'model') this.loaded = null;
      if (again && !this.restoring) this.onChange('restored');
      else this.changed();
    } catch (error) {
      if (latest()) this.refuse(kind, `${name} could not be read: ${sentence(error instanceof Error ? error.message : String(error))}`);
    } finally {
      if (latest()) {
        const others = { ...this.readingNames };
        delete others[kind];
        this.readingNames = others;
      }
    }
  }

  private refuse(kind: PickKind, message: string): void {
    const kept = kind === 'model' ? this.model !== null : (kind === 'table' ? this.table : this.images) !== null;
    this.refusal = { kind, message: kept ? `${message} Your previous choice is kept.` : message };
  }

  /** Frees the thumbnails' object URLs and stops a pending build. */
  dispose(): void {
    this.builds.dispose();
    this.images?.dispose();
  }
}
