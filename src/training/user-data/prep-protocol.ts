/**
 * The data-preparation worker's protocol (workers/data-prep.worker.ts): the page hands it the files
 * the user picked or dropped, and it parses, profiles, encodes or decodes them off the main thread,
 * returning datasets on SharedArrayBuffers. Results are discriminated (`ok`), so that a refusal
 * keeps its `problem` and message across the worker boundary.
 */
import type { ColumnProfile, ImputedColumn, LeftOutColumn, UnseenCategories } from '../table';
import type { UserDataset, UserTaskKind } from './protocol';

/** A picked or dropped file: its path relative to what was picked ("cats/01.png", "data.csv"), and its bytes. */
export interface PickedSourceFile {
  readonly path: string;
  readonly data: Blob;
}

/**
 * A refusal: `problem` is the error's code (a TableError's or ImageFolderError's problem; 'request'
 * for a request out of range; 'split' for a split that cannot be made; 'error' for anything
 * unexpected), `message` names the problem in words.
 */
export interface PrepRefusal {
  readonly ok: false;
  readonly problem: string;
  readonly message: string;
}

export type PrepResult<T> = { readonly ok: true; readonly value: T } | PrepRefusal;

/** A parsed table, profiled, before the user has chosen the target. */
export interface TablePreview {
  readonly name: string;
  readonly bytes: number;
  readonly rows: number;
  readonly columns: readonly string[];
  readonly delimiter: string;
  /** Whether the first line was taken as a header. */
  readonly header: boolean;
  readonly profiles: readonly ColumnProfile[];
  /** The column proposed as target (the last one that is neither ID-like, text nor constant), or null. */
  readonly suggestedTarget: string | null;
  /** The task each column implies as the target (classification or regression); every column may be chosen, and one no model can learn from is refused when the dataset is built. */
  readonly taskKinds: Readonly<Record<string, UserTaskKind>>;
  /** The first rows as text (at most 5), for the preview. */
  readonly sample: readonly (readonly string[])[];
}

/** What the user chose for a table. */
export interface TableRequest {
  readonly name: string;
  readonly fingerprint: string;
  readonly target: string;
  readonly task: UserTaskKind;
  /** Share of rows held out for validation, in (0, 1). */
  readonly validationFraction: number;
  /** 1: one train/validation split; k ≥ 2: k folds. */
  readonly folds: number;
  readonly seed: number;
}

/** What encoding did, in words the page shows. */
export interface TableReport {
  /** Per column: how many kept rows lacked a value, and how it was filled in. */
  readonly imputed: readonly ImputedColumn[];
  /** Per categorical column: validation rows (of folds[0]) holding a category the training rows lack, encoded as all zeros. */
  readonly unseen: readonly UnseenCategories[];
  readonly leftOut: readonly LeftOutColumn[];
  readonly featureCount: number;
  /** Training and validation rows of folds[0] (the train/validation split, or the first of k folds). */
  readonly trainRows: number;
  readonly validationRows: number;
  /** Rows dropped because their target is missing. */
  readonly droppedRows: number;
}

/** One class of an image folder, before decoding. */
export interface ImageClassPreview {
  readonly name: string;
  readonly count: number;
  /** Up to 4 small PNG thumbnails (at most 64 px a side). */
  readonly thumbnails: readonly Blob[];
}

export interface ImageFolderPreview {
  readonly name: string;
  readonly bytes: number;
  readonly images: number;
  readonly classes: readonly ImageClassPreview[];
  /** Files left out before decoding (not images, hidden), by reason, with names. */
  readonly skipped: readonly { readonly reason: string; readonly paths: readonly string[] }[];
}

/** What the user chose for an image folder. */
export interface ImageRequest {
  readonly name: string;
  readonly fingerprint: string;
  /** 28 … 96 px. */
  readonly side: number;
  readonly channels: 1 | 3;
  readonly validationFraction: number;
  readonly folds: number;
  readonly seed: number;
}

export interface ImageReport {
  readonly decoded: number;
  /** Images that did not decode: skipped, counted and named. */
  readonly undecodable: readonly string[];
  readonly trainRows: number;
  readonly validationRows: number;
}

/** What workers/data-prep.worker.ts exposes over comlink. */
export interface DataPrepApi {
  /** SHA-256 (hex) of the files (fingerprint.ts): a single file's bytes, or a folder's sorted path/hash list. */
  fingerprint(files: readonly PickedSourceFile[]): Promise<string>;
  previewTable(file: PickedSourceFile): Promise<PrepResult<TablePreview>>;
  buildTable(file: PickedSourceFile, request: TableRequest): Promise<PrepResult<{ readonly dataset: UserDataset; readonly report: TableReport }>>;
  previewImages(files: readonly PickedSourceFile[], name: string): Promise<PrepResult<ImageFolderPreview>>;
  /** Decodes every image at the request's shape; `onProgress` (a comlink proxy) hears (done, total) now and then. */
  buildImages(
    files: readonly PickedSourceFile[],
    request: ImageRequest,
    onProgress?: (done: number, total: number) => void,
  ): Promise<PrepResult<{ readonly dataset: UserDataset; readonly report: ImageReport }>>;
}
