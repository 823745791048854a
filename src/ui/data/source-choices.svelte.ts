/**
 * One accepted pick of each kind, with what the user chose for it: a table (target column, task
 * kind), an image folder (side, grey or colour; thumbnails as object URLs) and a user's tfjs model
 * (its layers; whether the search tunes which layers train). A pick is only ever replaced by a
 * pick that was accepted, so a refused file changes nothing here. `build` is what the data-prep
 * worker said when it built the dataset from the current choices (the split, the imputation, the
 * images that did not decode), kept for the preview. `choicesDataSetup` turns the choices into a
 * study's `data` field, and `applyChoices` a loaded one back into the choices.
 */
import type { ImageFolderPreview, ImageReport, TablePreview, TableReport, UserDataKind, UserModelFiles, UserTaskKind } from '../../training';
import type { UserDataSetup, UserModelSetup } from '../setup/data-setup';
import type { DataSource } from './data-sources.svelte';
import { modelLayerRows, weightedLayerCount, type ModelData, type ModelLayerRow } from './model-layers';

/** What the worker said about the dataset built from the current choices. */
export type BuildState<R> =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'building' }
  | { readonly kind: 'built'; readonly key: string; readonly report: R; readonly sampleShape: readonly number[]; readonly classNames: readonly string[] | null }
  | { readonly kind: 'refused'; readonly key: string; readonly message: string };

/** A picked table and its target. */
export class TableChoice {
  target = $state<string | null>(null);
  task = $state<UserTaskKind>('classification');
  build = $state<BuildState<TableReport>>({ kind: 'waiting' });

  constructor(
    readonly source: DataSource,
    readonly preview: TablePreview,
  ) {
    this.chooseTarget(preview.suggestedTarget);
  }

  /** Columns that may be the target (those `taskKinds` covers), in the table's order. */
  get targets(): string[] {
    return this.preview.columns.filter((column) => Object.hasOwn(this.preview.taskKinds, column));
  }

  /** Takes a column as the target, with the task kind it implies. */
  chooseTarget(column: string | null): void {
    this.target = column;
    const inferred = column === null ? undefined : this.preview.taskKinds[column];
    if (inferred !== undefined) this.task = inferred;
  }

  /** The task kind the target implies (the user may choose the other). */
  get inferredTask(): UserTaskKind | null {
    return this.target === null ? null : (this.preview.taskKinds[this.target] ?? null);
  }
}

/** The side images are resized to until the user chooses. */
export const DEFAULT_IMAGE_SIDE = 32;

/** A picked image folder and the size its images are resized to. */
export class ImageChoice {
  side = $state(DEFAULT_IMAGE_SIDE);
  channels = $state<1 | 3>(3);
  build = $state<BuildState<ImageReport>>({ kind: 'waiting' });
  /** Per class, object URLs of its thumbnails (revoked by `dispose`). */
  readonly thumbnails: readonly (readonly string[])[];

  constructor(
    readonly source: DataSource,
    readonly preview: ImageFolderPreview,
  ) {
    this.thumbnails = preview.classes.map((c) => c.thumbnails.map((blob) => URL.createObjectURL(blob)));
  }

  /** Frees the thumbnails' object URLs. */
  dispose(): void {
    for (const urls of this.thumbnails) for (const url of urls) URL.revokeObjectURL(url);
  }
}

/** A user's checked tfjs model. */
export class ModelChoice {
  /** Whether the search also chooses how many of the first weighted layers stay frozen. */
  tuneTrainable = $state(false);
  readonly layers: readonly ModelLayerRow[];
  readonly weightedLayers: number;

  constructor(
    readonly source: DataSource,
    readonly files: UserModelFiles,
  ) {
    this.layers = modelLayerRows(files);
    this.weightedLayers = weightedLayerCount(this.layers);
  }

  /** Tuning which layers train needs at least two weighted layers (one must stay trainable). */
  get canTuneTrainable(): boolean {
    return this.weightedLayers >= 2;
  }
}

/** The picks and choices a study's `data` field is made of (a DataPicker's). */
export interface PickedChoices {
  readonly source: UserDataKind;
  readonly table: TableChoice | null;
  readonly images: ImageChoice | null;
  readonly model: ModelChoice | null;
  readonly validationFraction: number;
  /** A loaded setup's data whose files are not picked: it stands while its source has no pick. */
  readonly loaded: UserDataSetup | null;
}

/** The study's `data` field for these choices, or null while the source has no pick (or a table no target). */
export function choicesDataSetup(picks: PickedChoices): UserDataSetup | null {
  const model: UserModelSetup | null =
    picks.model === null
      ? null
      : { kind: 'user-model', name: picks.model.source.name, fingerprint: picks.model.source.fingerprint, bytes: picks.model.source.bytes, tuneTrainable: picks.model.tuneTrainable };
  const base = { validationFraction: picks.validationFraction };
  const loaded = picks.loaded;
  const current = picks.source === 'table' ? picks.table : picks.images;
  if (current === null && loaded !== null && loaded.source === picks.source) return { ...loaded, ...base, ...(model === null ? {} : { model }) };
  if (picks.source === 'table') {
    const table = picks.table;
    if (table === null || table.target === null) return null;
    const { name, fingerprint, bytes } = table.source;
    return { source: 'table', name, fingerprint, bytes, task: table.task, target: table.target, image: null, ...base, model: model ?? { kind: 'mlp' } };
  }
  const images = picks.images;
  if (images === null) return null;
  const { name, fingerprint, bytes } = images.source;
  return { source: 'images', name, fingerprint, bytes, task: 'classification', target: null, image: { side: images.side, channels: images.channels }, ...base, model: model ?? { kind: 'cnn' } };
}

/**
 * The data's per-sample shape and classes, as a model must fit them; null until known (a table's
 * once its dataset is built for the current choices, `pendingKey`).
 */
export function choicesDataShape(picks: PickedChoices, pendingKey: string | null): ModelData | null {
  if (picks.source === 'images') {
    const images = picks.images;
    if (images === null) return null;
    return { inputShape: [images.side, images.side, images.channels], task: 'classification', classes: images.preview.classes.length };
  }
  const table = picks.table;
  const build = table?.build;
  if (table === null || build?.kind !== 'built' || build.key !== pendingKey) return null;
  return table.task === 'classification' ? { inputShape: build.sampleShape, task: 'classification', classes: build.classNames?.length ?? 0 } : { inputShape: build.sampleShape, task: 'regression' };
}

/** Gives the picks a loaded setup's choices (target, task kind, image size, tuning of trainable layers), where they are of the same files. */
export function applyChoices(picks: { readonly table: TableChoice | null; readonly images: ImageChoice | null; readonly model: ModelChoice | null }, data: UserDataSetup): void {
  const table = picks.table;
  if (data.source === 'table' && table?.source.fingerprint === data.fingerprint) {
    if (data.target !== null && table.targets.includes(data.target)) table.chooseTarget(data.target);
    table.task = data.task;
  }
  const images = picks.images;
  if (data.source === 'images' && images?.source.fingerprint === data.fingerprint && data.image !== null) {
    images.side = data.image.side;
    images.channels = data.image.channels;
  }
  if (data.model.kind === 'user-model' && picks.model?.source.fingerprint === data.model.fingerprint) picks.model.tuneTrainable = data.model.tuneTrainable;
}

/** Whether two data setups name the same files with the same choices. */
export function sameData(a: UserDataSetup | null, b: UserDataSetup): boolean {
  if (a === null) return false;
  const model = (m: UserModelSetup) => (m.kind === 'user-model' ? [m.kind, m.fingerprint, m.tuneTrainable] : [m.kind]);
  const fields = (d: UserDataSetup) => JSON.stringify([d.source, d.fingerprint, d.task, d.target, d.image?.side, d.image?.channels, d.validationFraction, model(d.model)]);
  return fields(a) === fields(b);
}

